/* The scheme edit page: the weights' running total, and adding / removing rows of the component table. */
  (function () {
    // The weights' running total, and adding / removing rows of the component table.
    var body = document.getElementById("components-body");
    var totalForms = document.getElementById("id_components-TOTAL_FORMS");
    var box = document.getElementById("weight-total-box");
    var out = document.getElementById("weight-total");
    function recompute() {
      var sum = 0;
      body.querySelectorAll("tr:not(.removed) .js-weight").forEach(function (input) {
        var v = parseFloat(input.value);
        if (!isNaN(v)) { sum += v; }
      });
      sum = Math.round(sum * 100) / 100;
      out.textContent = sum;
      box.classList.toggle("text-danger", sum !== 100);
      box.classList.toggle("text-success", sum === 100);
    }
    document.getElementById("add-component").addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10);
      var html = document.getElementById("component-row-template").innerHTML.replace(/__prefix__/g, index);
      body.insertAdjacentHTML("beforeend", html);
      totalForms.value = index + 1;
      recompute();
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest(".js-remove");
      if (!button) { return; }
      var row = button.closest("tr");
      row.querySelector("input[name$='-DELETE']").checked = true;
      row.classList.add("removed");
      recompute();
    });
    body.addEventListener("input", recompute);
    recompute();
  })();
