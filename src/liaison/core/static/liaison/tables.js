// Sortable and filterable tables: <table data-sortable> and <input data-filter-for="table-id">.
(function () {
  function cellValue(row, i) {
    const cell = row.cells[i];
    if (!cell) return "";
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const num = Number(raw.replace(/[,\s]/g, ""));
    return raw !== "" && !Number.isNaN(num) ? num : raw.toLowerCase();
  }
  function sortBy(table, th) {
    const idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    const asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(h => h.setAttribute("aria-sort", "none"));
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = cellValue(a, idx), y = cellValue(b, idx);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      return (x > y ? 1 : -1) * (asc ? 1 : -1);
    });
    rows.forEach(r => body.appendChild(r));
  }
  function filter(input) {
    const table = document.getElementById(input.dataset.filterFor);
    const q = input.value.trim().toLowerCase();
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach(r => {
      const hit = !q || r.textContent.toLowerCase().includes(q);
      r.hidden = !hit;
      if (hit) shown++;
    });
    const counter = document.querySelector('[data-count-for="' + table.id + '"]');
    if (counter) counter.textContent = shown + " / " + table.tBodies[0].rows.length;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-sortable] thead th").forEach(th => {
      if (th.dataset.nosort !== undefined) return;
      th.setAttribute("aria-sort", "none");
      th.tabIndex = 0;
      const table = th.closest("table");
      th.addEventListener("click", () => sortBy(table, th));
      th.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th); } });
    });
    document.querySelectorAll("input[data-filter-for]").forEach(inp => {
      inp.addEventListener("input", () => filter(inp));
      filter(inp);
    });
  });
})();
