"""Keep the built site free of third-party requests.

Jupyter Book 1 always loads sphinx-thebe, which adds (twice, so the page logs
"Identifier 'THEBE_JS_URL' has already been declared") an inline script
pointing at thebe on unpkg.com, and its loader. The book has no live kernel
in the page (readers launch Binder instead), so both are dropped from every
page. Everything else the site loads is served from its own ``_static/``.
"""

from __future__ import annotations


def _is_thebe(script) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe(s)]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
