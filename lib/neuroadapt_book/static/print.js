/* Print every answer: open closed self-check answers (<details>) and hidden
 * exercise solutions (sphinx-togglebutton) before printing, and put them back
 * afterwards. The print stylesheet in book.css styles them as answers and hides
 * the on-screen hints; this script covers browsers whose CSS cannot open a
 * closed <details> in print. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
})();
