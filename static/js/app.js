/* What pages ask of the browser by data attributes, so that no page carries an inline script or event handler
 * (the Content-Security-Policy allows none):
 *   <select data-autosubmit>        sends its form when changed; data-clear="field" empties that field first
 *   <form data-confirm="question">  asks before it is sent
 *   <button data-print>             prints the page
 *   <input type="checkbox" data-check-all="name">  ticks or clears every checkbox of that name
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (!field || !field.form) return;
    var clear = field.dataset.clear;
    if (clear && field.form.elements[clear]) field.form.elements[clear].value = "";
    field.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
    var all = event.target.closest("input[data-check-all]");
    if (all) {
      document.querySelectorAll('input[name="' + all.dataset.checkAll + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
})();
