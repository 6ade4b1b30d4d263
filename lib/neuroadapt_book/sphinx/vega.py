"""Render Altair / Vega-Lite figures in the built book with no CDN.

Two pieces, both small:

* :class:`VegaMimeRenderPlugin` is a myst-nb mime render plugin (registered
  under the ``myst_nb.mime_renderers`` entry point in ``lib/pyproject.toml``).
  myst-nb would show a ``application/vnd.vegalite.v5+json`` output as plain
  text (executablebooks/MyST-NB#266); the plugin turns it into a ``<figure>``
  holding the spec as inert JSON and the chart's caption.
* :func:`setup` is a Sphinx extension. It writes the Vega, Vega-Lite and
  vega-embed JavaScript (bundled by ``vl-convert-python`` for the Vega-Lite
  version Altair targets) into the site's own ``_static/`` once per build, and
  adds it, with a small initialiser, only to pages that hold a chart.

The notebook output itself stays the standard Vega-Lite mime bundle, so the
same chapter opened in JupyterLab (on Binder) renders its figures natively.
"""

from __future__ import annotations

import hashlib
import html
import json
from importlib import resources
from pathlib import Path

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
BUNDLE_NAME = "vega/vega-bundle.js"
INIT_NAME = "vega/vega-init.js"
CSS_NAME = "vega/vega-figure.css"
SPEC_CLASS = "nb-vega-spec"


def spec_to_html(spec: dict, element_id: str) -> str:
    """HTML for one chart: a figure with a target div, inert JSON and a caption.

    The JSON sits in a ``<script type="application/json">`` (never executed);
    ``</`` is escaped so a string in the data cannot close the tag.
    """
    usermeta = spec.get("usermeta") or {}
    caption = usermeta.get("caption", "")
    description = spec.get("description", "")
    payload = json.dumps(spec, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    parts = [
        f'<figure class="nb-vega-figure" id="{element_id}-figure">',
        f'<div class="nb-vega" id="{element_id}"></div>',
        f'<script type="application/json" class="{SPEC_CLASS}" data-target="{element_id}">{payload}</script>',
    ]
    if description:
        # Shown when JavaScript is off; the drawn SVG carries the same text as its aria-label.
        parts.append(f'<noscript><p>{html.escape(description)}</p></noscript>')
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


class VegaMimeRenderPlugin:
    """myst-nb plugin: render Vega-Lite v5 outputs as offline figures in HTML builds."""

    mime_priority_overrides = [
        ("html", VEGALITE_MIME, 1),
        ("dirhtml", VEGALITE_MIME, 1),
        ("singlehtml", VEGALITE_MIME, 1),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != VEGALITE_MIME:
            return None
        from docutils import nodes

        spec = data.content
        if isinstance(spec, str):
            spec = json.loads(spec)
        digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
        element_id = f"vega-{data.cell_index}-{data.output_index}-{digest}"
        return [nodes.raw("", spec_to_html(spec, element_id), format="html")]


def _vegalite_version() -> str:
    import altair

    return altair.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "v5.20.1" -> "5.20"


def _write_static(app, exception) -> None:
    """Write the JS bundle, initialiser and CSS into the built site's _static/."""
    if exception is not None or app.builder.format != "html":
        return
    import vl_convert

    static = Path(app.outdir) / "_static"
    (static / "vega").mkdir(parents=True, exist_ok=True)
    (static / BUNDLE_NAME).write_text(
        vl_convert.javascript_bundle(vl_version=_vegalite_version()), encoding="utf-8"
    )
    for name in (INIT_NAME, CSS_NAME):
        source = resources.files("neuroadapt_book").joinpath("static", Path(name).name)
        (static / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def _add_assets(app, pagename, templatename, context, doctree) -> None:
    """Add the Vega scripts only to pages that hold a chart."""
    if SPEC_CLASS in context.get("body", ""):
        app.add_js_file(BUNDLE_NAME, type="module")
        app.add_js_file(INIT_NAME, type="module")
        app.add_css_file(CSS_NAME)


def setup(app):
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_static)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
