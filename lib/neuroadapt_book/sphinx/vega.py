"""Render Altair / Vega-Lite figures in the built book with no CDN.

Two pieces, both small:

* :class:`VegaMimeRenderPlugin` is a myst-nb mime render plugin (registered
  under the ``myst_nb.mime_renderers`` entry point in ``lib/pyproject.toml``).
  myst-nb would show a ``application/vnd.vegalite.v5+json`` output as plain
  text (executablebooks/MyST-NB#266); the plugin turns it into a ``<div>``
  holding the chart's target, its spec as inert JSON and, for readers without
  JavaScript, its text description. A chapter figure is glued and shown with
  ``{glue:figure}`` (numbered, referenceable, caption written in the page), so
  the plugin adds no ``<figure>`` or ``<figcaption>`` of its own: Sphinx's figure
  wraps the div. Only a chart shown as a plain cell output that still carries a
  ``usermeta.caption`` is wrapped in a figure with that caption.
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
import re
from importlib import resources
from pathlib import Path

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
BUNDLE_NAME = "vega/vega-bundle.js"
INIT_NAME = "vega/vega-init.js"
CSS_NAME = "vega/vega-figure.css"
SPEC_CLASS = "nb-vega-spec"
CHART_CLASS = "nb-vega-chart"


def spec_to_html(spec: dict, element_id: str, *, standalone: bool = False) -> str:
    """HTML for one chart: a div with the chart's target, inert JSON and a description.

    The JSON sits in a ``<script type="application/json">`` (never executed);
    ``</`` is escaped so a string in the data cannot close the tag. The
    description (also the drawn SVG's aria-label) is shown when JavaScript is off.

    Inside a ``{glue:figure}`` the chart is a plain div: the figure, its number
    and its caption come from Sphinx. With ``standalone=True`` (a chart shown as
    a cell output, not glued) a ``usermeta.caption``, if any, is kept as the
    caption of a figure of its own.
    """
    usermeta = spec.get("usermeta") or {}
    description = spec.get("description", "")
    payload = json.dumps(spec, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    parts = [
        f'<div class="{CHART_CLASS}" id="{element_id}-chart">',
        f'<div class="nb-vega" id="{element_id}"></div>',
        f'<script type="application/json" class="{SPEC_CLASS}" data-target="{element_id}">{payload}</script>',
    ]
    if description:
        parts.append(f'<noscript><p>{html.escape(description)}</p></noscript>')
    parts.append("</div>")
    chart = "".join(parts)
    caption = usermeta.get("caption", "") if standalone else ""
    if caption:
        return f'<figure class="nb-vega-figure">{chart}<figcaption>{html.escape(caption)}</figcaption></figure>'
    return chart


def element_id_for(spec: dict, data) -> str:
    """A stable id, unique in the page, for the chart of one mime output.

    A glued output has no cell index (``cell_index`` is None): its id is its
    glue key (``vega-<key>``), unique in the page and stable across builds. A
    chart shown as a cell output is named by its cell and output index and a
    short digest of its spec.
    """
    glue_key = ((data.output_metadata or {}).get("scrapbook") or {}).get("name")
    if glue_key:
        return "vega-" + re.sub(r"[^A-Za-z0-9_-]+", "-", str(glue_key)).strip("-")
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
    return f"vega-{data.cell_index}-{data.output_index}-{digest}"


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
        glued = bool(((data.output_metadata or {}).get("scrapbook") or {}).get("name"))
        html_text = spec_to_html(spec, element_id_for(spec, data), standalone=not glued)
        return [nodes.raw("", html_text, format="html")]


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
