/* The bonus/deduction form: the points field follows the chosen item until the user types their own value. The
 * fields' ids come from the script tag (data-item, data-points). */
(function () {
  "use strict";
  var ids = document.currentScript.dataset;
  var item = document.getElementById(ids.item);
  var points = document.getElementById(ids.points);
  if (!item || !points) return;
  item.addEventListener("change", function () {
    var option = item.options[item.selectedIndex];
    if (!points.dataset.touched) points.value = option ? (option.dataset.points || "") : "";
  });
  points.addEventListener("input", function () { points.dataset.touched = "1"; });
})();
