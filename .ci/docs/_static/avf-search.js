/* Search snippets from the article's prose only: Sphinx's searchtools.js builds each result's snippet from the whole
   [role=main] element, which in this theme also holds the print-only table of contents, the header buttons and the
   cells' outputs (array dumps). Loaded with `defer`, after searchtools.js has defined `Search`, before it runs. */
(() => {
  if (typeof Search === "undefined") return;
  const DROP = ".headerlink, script, style, .onlyprint, .bd-header-article, .prev-next-area, .cell_output, .avf-copy";
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(DROP).forEach((el) => el.remove());
    const root = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!root) return "";
    let part = null;
    if (anchor) { try { part = root.querySelector(anchor); } catch (e) { part = null; } }
    return ((part || root).textContent || "").replace(/\s+/g, " ");
  };
})();
