"""Figure builders for the book: Altair charts built from the models.

Importing this package registers and enables the ``neuroadapt`` Altair
renderer: a chart's notebook output is the standard Vega-Lite v5 mime bundle
(JupyterLab draws it natively on Binder; the book's build draws it with the
site's own Vega JavaScript, see :mod:`neuroadapt_book.sphinx.vega`) plus the chart's
text description as ``text/plain``.
"""

from __future__ import annotations

from .. import skip_iri_format_checks

skip_iri_format_checks()  # each page's kernel imports Altair, and so jsonschema, ~1.2 s sooner

import altair as alt  # noqa: E402

from ..sphinx.vega import VEGALITE_MIME  # noqa: E402


def _render(spec: dict, **metadata):
    text = spec.get("description") or "A chart."
    return {VEGALITE_MIME: spec, "text/plain": text}


alt.renderers.register("neuroadapt", _render)
alt.renderers.enable("neuroadapt")
# Each figure embeds its data in the page; the page-weight test enforces the budget.
alt.data_transformers.disable_max_rows()
