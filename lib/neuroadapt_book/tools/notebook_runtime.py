"""What the notebook edition's hidden first cell runs, in JupyterLab.

The notebook edition (``neuroadapt_book.tools.notebook_edition``) turns each
MyST page into a notebook that reads in JupyterLab as the page reads on the
site. Its first cell, hidden, calls :func:`setup`, which

* makes self-check questions self-contained outputs (their script and
  stylesheet inline: :func:`neuroadapt_book.selfcheck.use_notebook_outputs`);
* makes ``myst_nb.glue`` keep glued objects instead of displaying them where
  they are glued: a ``{glue:figure}`` becomes a hidden cell calling
  :func:`show` where the figure stands on the page, followed by its caption;
* displays a small script that marks each chart's slider and input area with
  ``data-lm-suppress-shortcuts``, so the arrow keys move a focused slider
  instead of the notebook's active cell.

Nothing here runs on the site: the site's pages never call :func:`setup`.
"""

from __future__ import annotations

import json

__all__ = ["setup", "show", "glued_text"]

#: Objects glued in this kernel, by name (the notebook edition's stand-in for myst-nb's store).
GLUED: dict[str, object] = {}

# Marks chart bindings (Vega sliders, selects) so that JupyterLab's command-mode
# shortcuts (arrow keys move the active cell) leave their keys alone.
_SUPPRESS_SHORTCUTS_JS = """
(function () {
  if (window.__neuroadaptShortcutGuard) return;
  window.__neuroadaptShortcutGuard = true;
  // Lumino checks the attribute from the event's target upwards, but a binding whose
  // selector matches the focused element itself (":focus") wins first: mark the inputs too.
  var SELECTOR = ".vega-bindings, .vega-bindings input, .vega-bindings select, form.selfcheck, " +
                 "form.selfcheck input, form.selfcheck button, form.selfcheck summary";
  function mark(root) {
    if (!root || !root.querySelectorAll) return;
    var nodes = root.querySelectorAll(SELECTOR);
    for (var i = 0; i < nodes.length; i++) nodes[i].setAttribute("data-lm-suppress-shortcuts", "true");
  }
  mark(document);
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      for (var j = 0; j < records[i].addedNodes.length; j++) {
        var node = records[i].addedNodes[j];
        if (node.nodeType === 1) { mark(node); if (node.matches && node.matches(SELECTOR)) node.setAttribute("data-lm-suppress-shortcuts", "true"); }
      }
    }
  }).observe(document.body, {childList: true, subtree: true});
})();
"""


def _glue(name: str, variable, display: bool = True) -> None:
    """``myst_nb.glue`` for the notebook edition: keep the object; show it only if asked."""
    GLUED[name] = variable
    if display:
        from IPython.display import display as show_now

        show_now(variable)


def setup() -> None:
    """Prepare a notebook-edition kernel (called by the hidden first cell)."""
    from IPython.display import HTML, display

    from neuroadapt_book import selfcheck

    selfcheck.use_notebook_outputs(True)
    try:
        import myst_nb.ext.glue as glue_module

        glue_module.glue = _glue
    except ImportError:  # myst-nb absent: pages that glue import it and would fail anyway
        pass
    display(HTML(f"<script>{_SUPPRESS_SHORTCUTS_JS}</script>"))


def show(name: str):
    """Return the object glued under ``name`` (the cell's output shows it)."""
    try:
        return GLUED[name]
    except KeyError:
        raise ValueError(f"nothing glued under {name!r}; run the cells above first") from None


def glued_text() -> str:
    """JSON of the text/plain form of every glued object (read by the edition's generator)."""
    from IPython.core.formatters import format_display_data

    out = {}
    for name, value in GLUED.items():
        bundle, _ = format_display_data(value)
        out[name] = bundle.get("text/plain", "")
    return json.dumps(out)
