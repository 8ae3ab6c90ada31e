// avfusion-viz docs: a "copy" button on every code block (no external library; works offline).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".bd-article div.highlight").forEach((block) => {
    const pre = block.querySelector("pre");
    if (!pre || block.querySelector(".avf-copy")) return;
    const button = document.createElement("button");
    button.className = "avf-copy";
    button.type = "button";
    button.textContent = "copy";
    button.title = "copy this code";
    button.addEventListener("click", () => {
      const text = pre.innerText.replace(/\n$/, "");
      const done = () => { button.textContent = "copied"; setTimeout(() => { button.textContent = "copy"; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, () => {});
      } else {   // http:// pages: the old way
        const area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* nothing to copy with */ }
        area.remove();
      }
    });
    block.appendChild(button);
  });
});
