// Measures the page as laid out, then replaces the body with the findings as JSON,
// for `chromium --dump-dom` to print. Runs inline at the end of <body>, so the
// stylesheets in <head> have loaded (a parser-inserted script waits for them).
(function () {
  const column = document.querySelector("article[role=main]").getBoundingClientRect();
  const errors = [];
  for (const el of document.querySelectorAll(".admonition.error, .admonition.danger, .system-message, .problematic")) {
    errors.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 100)}`);
  }
  // Furo's banners (`.. contents::` gets "ERROR: Adding a table of contents...") are
  // CSS generated content: no element holds their text.
  for (const el of document.querySelectorAll("body *")) {
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(el, pseudo).content;
      if (content.includes("ERROR")) errors.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo}: ${content.slice(0, 100)}`);
    }
  }
  const wide = [];
  for (const table of document.querySelectorAll("article[role=main] table")) {
    const box = table.getBoundingClientRect();
    const wrapper = table.closest(".table-wrapper");
    const hidden = wrapper ? wrapper.scrollWidth - wrapper.clientWidth : 0;
    if (box.left < column.left - 0.5 || box.right > column.right + 0.5 || hidden > 0) {
      const where = table.closest("section[id]");
      const past = Math.max(column.left - box.left, box.right - column.right, 0).toFixed(1);
      wide.push(`${where ? where.id : "?"}: ${Math.round(box.width)} px in a ${Math.round(column.width)} px column, ` +
                `${past} px past its edge, ${hidden} px behind a scrollbar`);
    }
  }
  const report = {viewport: window.innerWidth, column: Math.round(column.width), errors, wide,
                  tables: document.querySelectorAll("article[role=main] table").length};
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(report);
  document.body.replaceChildren(out);
})();
