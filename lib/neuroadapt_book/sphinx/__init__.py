"""The book's Sphinx extensions, loaded together as ``neuroadapt_book.sphinx``.

* :mod:`.vega` - offline Vega-Lite figures (myst-nb mime plugin plus the bundle);
* :mod:`.offline_assets` - drops the CDN scripts Jupyter Book adds;
* :mod:`.accessible_html` - small HTML fixes for axe-core;
* :mod:`.mathml` - math rendered at build time as MathML (no MathJax in the page);
* :mod:`.plugin_lookup` - pybtex plugins looked up once per build, not once per citation;
* :mod:`.light_pages` - Font Awesome icons inlined as SVG (no fontawesome.js), a meta
  description on every page, self-checks without JavaScript, answers opened for print;
* the self-check component's script and style (see :mod:`neuroadapt_book.selfcheck`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import accessible_html, light_pages, mathml, offline_assets, plugin_lookup, vega

#: Static files of the self-check component, copied into ``_static/`` and added to every page.
SELFCHECK_FILES = ("selfcheck.js", "selfcheck.css")


def _copy_selfcheck(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in SELFCHECK_FILES:
        source = resources.files("neuroadapt_book").joinpath("static", name)
        (static / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def setup(app):
    for module in (vega, offline_assets, accessible_html, mathml, light_pages, plugin_lookup):
        module.setup(app)
    app.add_js_file("selfcheck.js")
    app.add_css_file("selfcheck.css")
    app.connect("build-finished", _copy_selfcheck)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
