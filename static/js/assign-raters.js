/* The rater assignment page: filter a long multi-select by what is typed, and count what is selected. */
  (function () {
    // Filter a long multi-select by what is typed; selected people stay selected while hidden.
    document.querySelectorAll("input[data-filter-for]").forEach(function (input) {
      var select = document.querySelector("select[data-filter='" + input.dataset.filterFor + "']");
      if (!select) { return; }
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = needle !== "" && option.text.toLowerCase().indexOf(needle) === -1;
        });
      });
    });
    document.querySelectorAll("[data-selected-count]").forEach(function (out) {
      var select = document.querySelector("select[data-filter='" + out.dataset.selectedCount + "']");
      if (!select) { return; }
      function count() { out.textContent = select.selectedOptions.length; }
      select.addEventListener("change", count);
      count();
    });
  })();
