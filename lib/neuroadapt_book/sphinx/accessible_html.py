"""Small fixes to Sphinx's HTML so every page passes axe-core.

docutils writes bibliography entries as ``<div role="list" class="citation-list">``
whose children are ``role="doc-biblioentry"`` elements, not list items; axe-core
reports that as ``aria-required-children`` (critical). The list role adds
nothing here (each entry is already a labelled bibliography entry), so it is
removed.

pydata-sphinx-theme's navigation writes collapsible sections as
``<summary>`` elements holding only a chevron icon, which axe-core reports as
``summary-name`` (serious). They get an accessible name.
"""

from __future__ import annotations

FIXES = {
    '<div role="list" class="citation-list">': '<div class="citation-list">',
}
#: Fixes to the whole page (the theme's navigation is not part of ``body``).
PAGE_FIXES = {
    '<summary><span class="toctree-toggle" role="presentation">': '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle" role="presentation">',
}


def _fix_body(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body:
        for bad, good in FIXES.items():
            body = body.replace(bad, good)
        context["body"] = body


def _fix_pages(app, exception) -> None:
    """Rewrite the written HTML files once the build has finished."""
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for bad, good in PAGE_FIXES.items():
            fixed = fixed.replace(bad, good)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _fix_body, priority=900)
    app.connect("build-finished", _fix_pages)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
