// The public vote page.
// 1. A slip's QR code carries the code after "#" (never sent to the server): put it into the form, then take it
//    out of the address bar and the history.
// 2. While filling the ballot, count the top grades given on each item against the cap (the server checks again).
(function () {
  var input = document.getElementById("id_code");
  var match = window.location.hash.match(/code=([A-Za-z0-9-]+)/);
  if (match) {
    if (input && !input.value) input.value = match[1].toUpperCase();
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var form = document.getElementById("ballot-form");
  var status = document.getElementById("cap-status");
  if (!form || !status || form.dataset.cap === "") return;
  var cap = parseInt(form.dataset.cap, 10);
  function count() {
    var over = [];
    var items = {};
    form.querySelectorAll("fieldset[data-item]").forEach(function (fieldset) {
      var id = fieldset.dataset.item;
      var legend = fieldset.querySelector("legend").textContent;
      items[id] = items[id] || { name: legend, given: 0 };
      if (fieldset.querySelector("input[data-top]:checked")) items[id].given += 1;
    });
    Object.keys(items).forEach(function (id) {
      var item = items[id];
      if (item.given > cap) over.push(item.name + " " + item.given + "/" + cap);
    });
    status.textContent = over.length ? "⚠ " + over.join(";") : "";
    status.classList.toggle("text-danger", over.length > 0);
  }
  form.addEventListener("change", count);
  count();
})();
