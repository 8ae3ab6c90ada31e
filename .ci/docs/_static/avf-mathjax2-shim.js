// The ipywidgets HTML manager typesets widget labels with MathJax 2's API (MathJax.Hub.Queue); the site loads
// MathJax 3. Map the old call onto MathJax 3's typesetPromise so widget snapshots render without a page error.
(function () {
  function shim() {
    var mj = window.MathJax;
    if (!mj || mj.Hub) return;
    mj.Hub = {Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var a = arguments[i], el = Array.isArray(a) ? a[2] : null;
        if (el && mj.typesetPromise) mj.typesetPromise([el]).catch(function () {});
      }
    }};
  }
  shim();
  document.addEventListener("DOMContentLoaded", shim);
})();
