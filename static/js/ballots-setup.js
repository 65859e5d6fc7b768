// The evaluation set-up form: show the subject fields of the kind chosen (cadres by 工号, or teams).
(function () {
  var select = document.getElementById("id_subject_kind");
  if (!select) return;
  function show() {
    document.querySelectorAll("[data-subject-kind]").forEach(function (block) {
      block.hidden = block.getAttribute("data-subject-kind") !== select.value;
    });
  }
  select.addEventListener("change", show);
  show();
})();
