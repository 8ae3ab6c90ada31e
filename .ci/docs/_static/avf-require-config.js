// Loaded between require.js and the ipywidgets HTML manager (embed-amd.js). The manager finds its fonts next to
// the AMD module "@jupyter-widgets/...": point that name at the vendored bundle, or fonts are asked for at
// <page folder>/@jupyter-widgets/ (404).
(function () {
  var dist = document.currentScript.src.replace(/avf-require-config\.js([?#].*)?$/, "vendor/html-manager/dist");
  window.require.config({paths: {"@jupyter-widgets": dist}});
})();
