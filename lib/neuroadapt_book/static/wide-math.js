/* Formulas are MathML rendered at build time and are not Tab stops. A display
 * formula wider than its column scrolls sideways inside its own box; such a
 * box, and only such a box, becomes focusable (tabindex="0") and labelled, so
 * that a keyboard can scroll it (WCAG 2.1.1; axe "scrollable-region-focusable").
 * Re-checked when the window is resized. */
(function () {
  "use strict";
  var SELECTOR = "div.math, .bd-article dd span.math";
  function update() {
    // Measure every box first, then change attributes: a change between two
    // measurements would make the browser lay the page out again for each formula.
    var boxes = Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
    var wide = boxes.map(function (box) {
      return box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
    });
    boxes.forEach(function (box, i) {
      if (wide[i]) {
        if (box.getAttribute("tabindex") === "0") return;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Formula, scrolls sideways");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
