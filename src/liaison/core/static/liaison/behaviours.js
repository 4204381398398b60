// Small page behaviours declared with data- attributes, so that no page needs inline script (the CSP
// allows scripts from our own files only):
//   <select data-autosubmit>                 submits its form when changed (the language switcher)
//   <input type="range" data-shows-value>    writes its value into the <output> right after it
//   <input type="checkbox" data-check-all="link">  ticks every shown checkbox named "link"
//   <input data-filter-items=".target">      shows only the elements whose text (or data-text) holds the query
(function () {
  "use strict";
  function visible(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      if (node.hidden || node.style.display === "none") return false;
    }
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("input[data-shows-value]").forEach(function (input) {
      input.addEventListener("input", function () {
        var out = input.nextElementSibling;
        if (out) out.textContent = input.value;
      });
    });
    document.querySelectorAll("input[data-check-all]").forEach(function (box) {
      box.addEventListener("click", function () {
        document.querySelectorAll('input[name="' + box.dataset.checkAll + '"]').forEach(function (c) {
          if (visible(c)) c.checked = box.checked;
        });
      });
    });
    document.querySelectorAll("input[data-filter-items]").forEach(function (input) {
      input.addEventListener("input", function () {
        var q = input.value.toLowerCase();
        document.querySelectorAll(input.dataset.filterItems).forEach(function (el) {
          var hit = !q || el.textContent.toLowerCase().indexOf(q) >= 0 || (el.dataset.text || "").indexOf(q) >= 0;
          el.style.display = hit ? "" : "none";
        });
      });
    });
  });
})();
