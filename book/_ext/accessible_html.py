"""Small fixes to Sphinx's HTML so every page passes axe-core.

docutils writes bibliography entries as ``<div role="list" class="citation-list">``
whose children are ``role="doc-biblioentry"`` elements, not list items; axe-core
reports that as ``aria-required-children`` (critical). The list role adds
nothing here (each entry is already a labelled bibliography entry), so it is
removed.
"""

from __future__ import annotations

FIXES = {
    '<div role="list" class="citation-list">': '<div class="citation-list">',
}


def _fix_body(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body:
        for bad, good in FIXES.items():
            body = body.replace(bad, good)
        context["body"] = body


def setup(app):
    app.connect("html-page-context", _fix_body, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
