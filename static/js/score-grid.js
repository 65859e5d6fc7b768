/* The rater's score grid: each cell saves itself when it changes, and says what happened.
 *
 * A cell posts its identifiers, the typed value and the revision the page was rendered with; the server answers
 * with the cell's state (saved / invalid / conflict), the status to show under the input, and the progress.
 * The input itself is never replaced, so focus and whatever is typed meanwhile stay put. A cell in conflict
 * (someone else saved it first) is not saved again by a stray blur: it waits for the rater's deliberate
 * "save my score" or "take the stored value". Without this script the grid is a plain form that saves on submit.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-score-grid]");
  if (!form) {
    return;
  }
  var progress = document.getElementById("grid-progress");
  var running = new WeakSet(); // cells whose save is on its way
  var again = new WeakSet(); // cells changed while their save was on its way

  function parts(cell) {
    return {
      input: cell.querySelector(".score-input"),
      revision: cell.querySelector("[data-role=revision]"),
      original: cell.querySelector("[data-role=original]"),
      status: cell.querySelector(".cell-status"),
    };
  }

  function note(message, className) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = message;
    return span.outerHTML;
  }

  function show(cell, state, html) {
    var p = parts(cell);
    p.status.innerHTML = html;
    p.input.classList.toggle("is-valid", state === "saved");
    p.input.classList.toggle("is-invalid", state === "invalid" || state === "conflict");
    if (state === "conflict") {
      cell.dataset.conflict = "1";
    } else {
      delete cell.dataset.conflict;
    }
  }

  function save(cell) {
    var p = parts(cell);
    if (!p.input || p.input.disabled || cell.dataset.conflict) {
      return;
    }
    if (running.has(cell)) {
      again.add(cell);
      return;
    }
    if (p.input.validity.badInput) {
      show(cell, "invalid", note(form.dataset.msgBadInput, "text-danger"));
      return;
    }
    var value = p.input.value.trim();
    if (value === p.original.value) {
      show(cell, "", ""); // back to what is stored: nothing to save, nothing wrong
      return;
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("period", form.dataset.period);
    body.append("ratee", cell.dataset.ratee);
    body.append("component", cell.dataset.component);
    body.append("value", value);
    body.append("revision", p.revision.value);
    running.add(cell);
    show(cell, "", note(form.dataset.msgSaving, "text-muted"));
    fetch(form.dataset.saveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.state !== "invalid") {
          p.revision.value = data.revision;
          p.original.value = data.original;
        }
        show(cell, data.state, data.status_html);
        if (progress) {
          progress.textContent = data.progress;
          progress.dataset.done = data.done;
          progress.dataset.total = data.total;
        }
      })
      .catch(function () {
        show(cell, "invalid", note(form.dataset.msgFailed, "text-danger"));
      })
      .finally(function () {
        running.delete(cell);
        if (again.has(cell)) {
          again.delete(cell);
          save(cell);
        }
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches(".score-input")) {
      save(event.target.closest("td[data-cell]"));
    }
  });

  // Enter moves down the column, like a spreadsheet; leaving the cell saves it (instead of submitting the form).
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches(".score-input")) {
      return;
    }
    event.preventDefault();
    var cell = event.target.closest("td");
    for (var row = cell.parentElement.nextElementSibling; row; row = row.nextElementSibling) {
      var below = row.cells[cell.cellIndex];
      var input = below && below.querySelector(".score-input:not([disabled])");
      if (input) {
        input.focus();
        input.select();
        return;
      }
    }
    event.target.blur();
  });

  // A wheel over a focused number input would change the score unseen.
  form.addEventListener(
    "wheel",
    function (event) {
      if (event.target.matches(".score-input") && event.target === document.activeElement) {
        event.target.blur();
      }
    },
    { passive: true },
  );

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button) {
      return;
    }
    event.preventDefault();
    var cell = button.closest("td[data-cell]");
    var p = parts(cell);
    if (button.dataset.action === "accept") {
      p.input.value = button.dataset.value;
      show(cell, "", note(form.dataset.msgAccepted, "text-muted"));
    } else {
      delete cell.dataset.conflict;
      save(cell);
    }
  });
})();
