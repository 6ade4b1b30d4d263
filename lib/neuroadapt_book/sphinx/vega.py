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
* :func:`setup` is a Sphinx extension. It writes the Vega runtime (Vega only:
  the specs are compiled to Vega at build time, see :data:`VEGA_RUNTIME`) into
  the site's own ``_static/`` once per build, and adds a small initialiser
  (``vega-init.js``) only to pages that hold a chart; the initialiser loads the
  runtime on the reader's first interaction with a chart.

The notebook output itself stays the standard Vega-Lite mime bundle, so the
same chapter opened in JupyterLab (on Binder) renders its figures natively.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import time
from importlib import resources
from pathlib import Path

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
BUNDLE_NAME = "vega/vega-bundle.js"
INIT_NAME = "vega/vega-init.js"
CSS_NAME = "vega/vega-figure.css"
SPEC_CLASS = "nb-vega-spec"
CHART_CLASS = "nb-vega-chart"
#: The Vega runtime the pages load (``window.vega``), shipped with this package: Vega's own
#: ``build/vega.min.js`` (BSD-3-Clause, LICENSE-vega.txt) of the version vl-convert compiles
#: for. The specs are compiled to Vega at build time, so neither the Vega-Lite compiler nor
#: vega-embed (which imports it) is shipped: 173 KiB gzipped instead of 297. (vl-convert's
#: ``javascript_bundle`` cannot give Vega alone: its ``vega`` is a default import, null.)
VEGA_RUNTIME = "vega.min.js"


#: Ink of every chart: ``currentColor`` takes the page's text colour, so one drawing (the
#: build-time SVG and the live chart alike) reads in the light theme, the dark theme and
#: print, and a theme switch needs no redraw.
INK_CONFIG = {
    "background": None,
    "axis": {
        "labelColor": "currentColor",
        "titleColor": "currentColor",
        "domainColor": "currentColor",
        "tickColor": "currentColor",
        "gridColor": "currentColor",
        "gridOpacity": 0.18,
    },
    "legend": {"labelColor": "currentColor", "titleColor": "currentColor"},
    "title": {"color": "currentColor", "subtitleColor": "currentColor"},
    "header": {"labelColor": "currentColor", "titleColor": "currentColor"},
    "text": {"color": "currentColor"},
    "view": {"stroke": "currentColor", "strokeOpacity": 0.25},
}
#: Below this viewport width the page shows (and the browser draws) the narrow layout.
NARROW_MEDIA = "(max-width: 720px)"
#: Widest plot area of a panel in the narrow layout (CSS px): axes and titles fit a 375 px phone.
NARROW_PANEL_PX = 250
#: Plot width and category-label limit (CSS px) of a narrow panel with category labels on its y axis.
NARROW_BAND_PANEL_PX = 165
NARROW_LABEL_PX = 150
#: Widest drawing (CSS px) in the narrow layout: a 375 px phone's content box is 327 px; the
#: browser's fonts may draw the live chart up to ~20 px wider than vl-convert (so text stays >= 11 px).
NARROW_MAX_PX = 300
#: Least gap (px) between two tick labels of an axis in the narrow layout (closer ones are hidden).
NARROW_LABEL_GAP_PX = 3
#: Suggested tick count of a quantitative x axis in the narrow layout (<= 250 px plots).
NARROW_X_TICKS = 5
#: Longest title line (characters) in the narrow layout; longer titles wrap.
NARROW_TITLE_CHARS = 26
#: A table of plotted points longer than this is summarised (range per number, every text value).
TABLE_MAX_ROWS = 40
STATIC_CLASS = "nb-vega-static"
NARROW_CLASS = "nb-vega-narrow"
VEGA_CLASS = "nb-vega-vg"


def _wrap(text, limit: int):
    """A title as lines of at most ``limit`` characters (a list), or unchanged if short."""
    if not isinstance(text, str) or len(text) <= limit:
        return text
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


#: Width of an average glyph as a fraction of the font size, with room to spare: a reader's
#: font (Chromium's system-ui, a phone's Roboto or San Francisco) runs wider than vl-convert's.
GLYPH_EM = 0.62


def _chars(px: float, font_px: float, bold: bool = False) -> int:
    """How many characters of a ``font_px`` font fit in ``px`` (at least 8)."""
    return max(8, int(px / (font_px * (GLYPH_EM + (0.06 if bold else 0.0)))))


def wrap_expr(expr: str, chars: int) -> str:
    """A Vega expression: the text ``expr`` as a list of lines of at most ``chars`` characters,
    broken at spaces (a longer word keeps a line of its own). Vega draws a list as lines, so a
    long label wraps instead of being cut with "…" (whatever the slider or menu shows)."""
    return f"split(trim(replace({expr}, regexp('(.{{1,{chars}}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')"


#: Channels whose nominal scale gets a legend.
_LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash", "size", "opacity", "strokeWidth")


def narrow_spec(
    spec: dict,
    panel_px: int = NARROW_PANEL_PX,
    band_panel_px: int = NARROW_BAND_PANEL_PX,
    legend_px: int | None = None,
    label_px: int = NARROW_LABEL_PX,
) -> dict | None:
    """The chart's phone layout, or None when the wide one already fits a phone.

    Panels side by side (``hconcat``) are stacked (``vconcat``), and a panel that relied on
    its left neighbour's category labels gets its own; every plot area is at most
    :data:`NARROW_PANEL_PX` wide, with mark positions given in pixels (``x`` of a text
    annotation) scaled with it, so annotations stay inside the plot; legends list their
    entries in one column under the plot. No text is cut short with "…": titles, axis
    titles, category labels, legend labels and text marks wrap onto lines that fit (see
    :func:`wrap_expr`). The returned spec has no ``datasets`` (the browser takes them from
    the wide spec).
    """
    import copy

    changed = False
    out = copy.deepcopy({k: v for k, v in spec.items() if k != "datasets"})
    config = out.setdefault("config", {})
    axis_config = config.get("axis") or {}
    label_font_px = axis_config.get("labelFontSize") or 10
    title_px = axis_config.get("titleFontSize") or 11
    legend_label_px = (config.get("legend") or {}).get("labelFontSize") or 10
    text_px = (config.get("text") or {}).get("fontSize") or (config.get("mark") or {}).get("fontSize") or 11
    view_height = (config.get("view") or {}).get("continuousHeight") or 300

    def fix_title(node, key="title", chars=NARROW_TITLE_CHARS):
        nonlocal changed
        t = node.get(key)
        if isinstance(t, dict):
            wrapped = _wrap(t.get("text"), chars)
            if wrapped is not t.get("text"):
                t["text"], changed = wrapped, True
        else:
            wrapped = _wrap(t, chars)
            if wrapped is not t:
                node[key], changed = wrapped, True

    def has_band_y(node) -> bool:
        """Whether a view (or a layer of it) has category labels on its y axis."""
        if not isinstance(node, dict):
            return False
        y = (node.get("encoding") or {}).get("y")
        if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal"):
            return True
        return any(has_band_y(child) for child in node.get("layer") or [])

    def show_y_labels(node):
        """A panel stacked under its neighbour shows the category labels it took from it."""
        nonlocal changed
        if isinstance(node, list):
            for item in node:
                show_y_labels(item)
            return
        if not isinstance(node, dict):
            return
        axis = ((node.get("encoding") or {}).get("y") or {}).get("axis")
        if isinstance(axis, dict) and axis.get("labels") is False:
            axis.pop("labels")
            axis.pop("ticks", None)
            changed = True
        for key in ("layer", "vconcat", "hconcat", "concat", "spec"):
            if key in node:
                show_y_labels(node[key])

    def wrap_text_mark(node, mark, room):
        """A text mark's text on lines that fit ``room`` px (no ``limit``: nothing is cut)."""
        nonlocal changed
        size = mark.get("fontSize") if isinstance(mark.get("fontSize"), (int, float)) else text_px
        chars = _chars(room, size, str(mark.get("fontWeight", "")) in ("bold", "600", "700", "800", "900"))
        mark.pop("limit", None)
        text = (node.get("encoding") or {}).get("text")
        if not isinstance(text, dict) or "condition" in text or "format" in text or "lineBreak" in mark:
            return
        if isinstance(text.get("value"), str):
            wrapped = _wrap(text["value"], chars)
            if wrapped is not text["value"]:
                text["value"], changed = wrapped, True
        elif isinstance(text.get("field"), str) and text.get("type", "nominal") in ("nominal", "ordinal"):
            field = json.dumps(text["field"])
            name = f"{text['field']}_lines"
            node.setdefault("transform", []).append(
                {"calculate": f"isValid(datum[{field}]) ? {wrap_expr(f'datum[{field}]', chars)} : ''", "as": name}
            )
            text["field"], changed = name, True

    def walk(node, factor, panel, height, stacked=False):
        nonlocal changed
        if isinstance(node, list):
            for item in node:
                walk(item, factor, panel, height, stacked)
            return
        if not isinstance(node, dict):
            return
        if "hconcat" in node:
            node["vconcat"] = node.pop("hconcat")
            show_y_labels(node["vconcat"][1:])
            changed = True
        if isinstance(node.get("columns"), int) and node["columns"] > 1 and ("concat" in node or "facet" in node):
            node["columns"], changed = 1, True
        width = node.get("width")
        if isinstance(node.get("height"), (int, float)):
            height = node["height"]
        if "layer" in node or "mark" in node:
            # category labels on the y axis take room from the plot: a narrower plot, shorter labels
            limit = band_panel_px if has_band_y(node) else panel_px
            current = width if isinstance(width, (int, float)) else (panel or 560)
            if "width" in node or has_band_y(node) or panel is None:
                if current > limit:
                    factor = factor * limit / current
                    if node.get("height") == current:  # a square plot stays square
                        node["height"] = height = limit
                    node["width"], changed = limit, True
                    panel = limit
                else:
                    panel = current
        mark = node.get("mark")
        if isinstance(mark, dict):
            for key in ("x", "x2"):
                if isinstance(mark.get(key), (int, float)) and factor != 1:
                    mark[key] = round(mark[key] * factor, 1)
            if mark.get("type") == "text" and panel:
                room = panel - (mark["x"] if isinstance(mark.get("x"), (int, float)) else 0)
                if mark.get("align") == "right":
                    room = mark["x"] if isinstance(mark.get("x"), (int, float)) else panel
                elif mark.get("align") == "center":
                    room = panel
                wrap_text_mark(node, mark, max(60, room))
        fix_title(node)  # a panel title spans its axes too, not just the plot
        for channel, enc in (node.get("encoding") or {}).items():
            if not isinstance(enc, dict):
                continue
            if channel in ("x", "x2") and isinstance(enc.get("value"), (int, float)) and factor != 1:
                enc["value"] = round(enc["value"] * factor, 1)  # a position in pixels
            if channel in ("x", "y", "x2", "y2"):
                if channel.startswith("x"):
                    chars = min(NARROW_TITLE_CHARS, _chars(panel or panel_px, title_px, True))
                else:  # a y title may run past a short plot's ends rather than take more width
                    chars = min(NARROW_TITLE_CHARS, max(18, _chars(height or view_height, title_px, True)))
                fix_title(enc, chars=chars)
                if isinstance(enc.get("axis"), dict):
                    fix_title(enc["axis"], chars=chars)
                if channel == "y" and enc.get("type") in ("nominal", "ordinal") and enc.get("axis", {}) is not None:
                    axis = dict(enc.get("axis") or {})
                    if "labelExpr" not in axis:
                        lines = wrap_expr("datum.label", _chars(label_px, label_font_px))
                        line_px = label_font_px + 2
                        axis["labelExpr"], axis["labelLineHeight"] = lines, line_px
                        if "labelOffset" not in axis:  # a label of n lines is centred on its row
                            axis["labelOffset"] = {
                                "condition": [
                                    {"test": f"length({lines}) == {n}", "value": -(n - 1) * line_px / 2}
                                    for n in range(2, 6)
                                ],
                                "value": 0,
                            }
                    axis["labelLimit"] = 0
                    enc["axis"], changed = axis, True
            if channel in _LEGEND_CHANNELS and enc.get("type") in ("nominal", "ordinal"):
                if "legend" in enc and enc["legend"] is None:
                    continue
                legend = dict(enc.get("legend") or {})
                room = (legend_px or panel_px - 25) - 20  # the symbol and its gap take about 20 px
                if "labelExpr" not in legend:
                    legend["labelExpr"] = wrap_expr("datum.label", _chars(room, legend_label_px))
                legend.update({"columns": 1, "labelLimit": 0})
                fix_title(legend, chars=_chars(room, legend_label_px, True))
                if legend.get("orient") in ("left", "right"):
                    legend["orient"] = "bottom"
                enc["legend"], changed = legend, True
        for key in ("layer", "vconcat", "concat", "spec"):
            if key in node:
                walk(node[key], factor, panel, height)

    walk(out, 1.0, None, None)
    view = config.setdefault("view", {})
    if view.get("continuousWidth", panel_px) > panel_px:
        view["continuousWidth"], changed = panel_px, True
    # legends under the plot, one below the other (not side by side)
    layout = {"bottom": {"direction": "vertical", "anchor": "start"}}
    config.setdefault("legend", {}).update({"columns": 1, "labelLimit": 0, "layout": layout})
    config.setdefault("axis", {}).update({"titleLimit": 0})
    # tick labels on a narrow axis: at least NARROW_LABEL_GAP_PX apart (a label that would come
    # closer is hidden: "2030" -> "20", "100120" -> "80 120"), and fewer ticks on a quantitative x
    # axis (a log one labels 1, 2, 5 or whole decades: "1 23 10 20" -> "0.1 1 10 100"); a chart's
    # own axis settings win
    for key, settings in (
        ("axis", {"labelSeparation": NARROW_LABEL_GAP_PX}),
        ("axisXQuantitative", {"tickCount": NARROW_X_TICKS}),
    ):
        for name, value in settings.items():
            config.setdefault(key, {}).setdefault(name, value)
    return out if changed else None


def _has_category_y(node) -> bool:
    """Whether any view of the chart has category labels on its y axis."""
    if isinstance(node, list):
        return any(_has_category_y(item) for item in node)
    if not isinstance(node, dict):
        return False
    y = (node.get("encoding") or {}).get("y")
    if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and y.get("axis", {}) is not None:
        return True
    return any(_has_category_y(node[k]) for k in ("layer", "hconcat", "vconcat", "concat", "spec") if k in node)


def _with_ink(spec: dict) -> dict:
    """The spec with :data:`INK_CONFIG` under its own config (the chart's config wins)."""
    config = {k: (dict(v) if isinstance(v, dict) else v) for k, v in INK_CONFIG.items()}
    for key, value in (spec.get("config") or {}).items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key].update(value)
        else:
            config[key] = value
    return {**spec, "config": config}


#: Where vl-convert's renders are kept between builds (``<outdir>/../.svg_cache``, i.e.
#: ``_build/.svg_cache``, set when a Sphinx build starts), so a build whose charts did not
#: change renders nothing; None (outside a build) renders every time. See :func:`_vl_convert`.
RENDER_CACHE: Path | None = None
#: Part of every render's cache key: bump it to drop every cached render.
RENDER_CACHE_VERSION = "1"


def _render_cache_salt() -> str:
    """What besides the spec decides a render: the installed vl-convert and Altair (whose
    Vega-Lite version the site ships), this plugin's code and :data:`RENDER_CACHE_VERSION`."""
    global _SALT
    if _SALT is None:
        from importlib.metadata import version

        code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        _SALT = f"{RENDER_CACHE_VERSION}|{version('vl-convert-python')}|{version('altair')}|{code}"
    return _SALT


_SALT: str | None = None
_RENDER_SUFFIX = {"svg": ".svg", "vega": ".json"}


def render_cache_key(kind: str, spec: dict) -> str:
    """The cache key of one render: ``kind`` (``"svg"`` or ``"vega"``), the spec
    (its layout included: the wide and the narrow specs differ) and :func:`_render_cache_salt`."""
    payload = json.dumps([kind, _render_cache_salt(), spec], sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _vl_convert_uncached(kind: str, spec: dict):
    import vl_convert

    if kind == "svg":
        return vl_convert.vegalite_to_svg(spec, vl_version=_vegalite_version())
    if kind == "vega":
        return vl_convert.vegalite_to_vega(spec, vl_version=_vegalite_version())
    raise ValueError(f"kind must be 'svg' or 'vega', got {kind!r}")


def _vl_convert(kind: str, spec: dict):
    """vl-convert's SVG (``"svg"``, a str) or Vega (``"vega"``, a dict) of a Vega-Lite spec, read from :data:`RENDER_CACHE` when it holds
    this render (the same text, byte for byte, that vl-convert gave when it was stored).

    An entry is written once (to a temporary name, then renamed, so parallel readers never
    see half a file) and touched each time it is used; :func:`_prune_render_cache` drops
    those a whole build did not use.
    """
    if RENDER_CACHE is None:
        return _vl_convert_uncached(kind, spec)
    key = render_cache_key(kind, spec)
    path = RENDER_CACHE / key[:2] / (key + _RENDER_SUFFIX[kind])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = None
    if text is not None:
        try:
            os.utime(path)
        except OSError:
            pass
        return json.loads(text) if kind == "vega" else text
    result = _vl_convert_uncached(kind, spec)
    text = json.dumps(result, ensure_ascii=False) if kind == "vega" else result
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return result


_BUILD_STARTED: float | None = None
_READS_EVERY_PAGE = False


def _open_render_cache(app) -> None:
    """``builder-inited``: keep renders in ``_build/.svg_cache`` beside the HTML output."""
    global RENDER_CACHE, _BUILD_STARTED
    RENDER_CACHE = Path(app.outdir).parent / ".svg_cache"
    _BUILD_STARTED = time.time()


def _note_reads(app, env, docnames) -> None:
    """``env-before-read-docs``: whether this build reads (and so renders) every page."""
    global _READS_EVERY_PAGE
    _READS_EVERY_PAGE = set(docnames) >= set(env.found_docs)


def _prune_render_cache(app, exception) -> None:
    """``build-finished``: after a successful build that read every page, drop the renders it
    did not use (every used one was written or touched during the build)."""
    if exception is not None or RENDER_CACHE is None or _BUILD_STARTED is None or not _READS_EVERY_PAGE:
        return
    if app.builder.format != "html" or not RENDER_CACHE.is_dir():
        return
    cutoff = _BUILD_STARTED - 60  # a margin for coarse file times
    for path in RENDER_CACHE.glob("*/*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


_FONT_RE = re.compile(r' font-family="[^"]*"')


#: The font vl-convert lays the build-time drawing out with: DejaVu Sans, the widest of the
#: common sans fonts (a Linux browser's system-ui; ~15 % wider than the Arial-like metrics
#: vl-convert gives "system-ui"), so text that a reader's browser draws in its own font
#: never runs past the room the layout gave it (category labels past the drawing's left
#: edge, into the axis title). The drawing shows the chart's own font.
LAYOUT_FONT = "DejaVu Sans"


def static_svg(spec: dict, prefix: str) -> str:
    """The chart drawn at build time (vl-convert, the Vega-Lite version the site ships).

    Ink is ``currentColor`` (see :data:`INK_CONFIG`); ids are prefixed so several
    drawings can share a page; the per-mark ARIA attributes are dropped (the drawing is
    hidden from assistive technology: its wrapper carries the chart's description). The
    layout is measured in :data:`LAYOUT_FONT`; the text is shown in the chart's font.
    """
    config = spec.get("config") or {}
    svg = _vl_convert("svg", {**spec, "config": {**config, "font": LAYOUT_FONT}})
    svg = re.sub(r' (?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    font = _FONT_RE.search(svg)
    svg = _FONT_RE.sub("", svg)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for name in ids:
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"').replace(f"#{name})", f"#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    family = config.get("font") or (html.unescape(font.group(0).split('"')[1]) if font else "sans-serif")
    svg = re.sub(r"<rect width=\"[0-9.]+\" height=\"[0-9.]+\" fill=\"white\"/>", "", svg, count=1)
    return svg.replace(
        "<svg ", f'<svg aria-hidden="true" focusable="false" style="font-family: {html.escape(family)}" ', 1
    )


def compiled_vega(spec: dict, datasets: dict) -> dict:
    """The chart compiled to Vega at build time, without the data it shares with the Vega-Lite spec.

    The browser draws this (no Vega-Lite compile on the reader's phone, and no "spec
    uses Vega v5, the page has Vega v6" warning: the ``$schema`` is dropped); it puts each
    dataset's rows back from the Vega-Lite spec's ``datasets`` by name.
    """
    vg = _vl_convert("vega", {**spec, "datasets": datasets} if datasets else spec)
    vg.pop("$schema", None)
    for entry in vg.get("data") or []:
        if entry.get("name") in datasets and entry.get("values") == datasets[entry["name"]]:
            del entry["values"]
    return vg


def _svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\bwidth="([0-9.]+)"[^>]*\bheight="([0-9.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (0, 0)


def _bound_params(spec: dict) -> list[dict]:
    """Parameters bound to an input (sliders, drop-downs), in the order Vega shows them."""
    found = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for param in node.get("params") or []:
                if isinstance(param, dict) and isinstance(param.get("bind"), dict) and "input" in param["bind"]:
                    if all(p["name"] != param["name"] for p in found):
                        found.append(param)
            for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
                if key in node:
                    walk(node[key])

    walk(spec)
    return found


def binding_label(name: str) -> tuple[str, str]:
    """``"Half-life (h) "`` -> ``("Half-life", "h")``: a slider's name and the unit of its value.

    The browser (``vega-init.js``) shows the same "Half-life: 12 h" under the live chart.
    """
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", name or "")
    return (m.group(1).strip(), m.group(2).strip()) if m else ((name or "").strip(), "")


def format_binding_value(value, unit: str, labels=None) -> str:
    """A slider value as the reader sees it: a label from ``labels`` or ``4 significant figures + unit``."""
    if labels:
        try:
            return str(labels[int(round(float(value)))])
        except (ValueError, IndexError, TypeError):
            pass
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = f"{float(value):.4g}"
    else:
        text = str(value)
    if unit.endswith("s") and text == "1":
        unit = unit[:-1]
    return f"{text} {unit}".strip()


def static_bindings_html(spec: dict) -> str:
    """The chart's inputs as text ("Half-life: 12 h") in the build-time drawing, taking the
    room the live sliders will take (so the live chart replaces it without a layout shift)."""
    labels = ((spec.get("usermeta") or {}).get("slider_labels")) or {}
    rows = []
    for param in _bound_params(spec):
        bind = param["bind"]
        name, unit = binding_label(bind.get("name") or param["name"])
        value = param.get("value")
        if bind["input"] == "select":
            options = bind.get("options") or []
            names = bind.get("labels") or options
            value_text = str(names[options.index(value)]) if value in options else str(value)
            widget = '<span class="nb-static-select"></span>'
        else:
            value_text = format_binding_value(value, unit, labels.get(param["name"]))
            widget = '<span class="nb-static-range"></span>'
        rows.append(
            f'<div class="vega-bind"><label><span class="vega-bind-name">{html.escape(name)}:</span>'
            f'<output class="nb-bind-value">{html.escape(value_text)}</output>{widget}</label></div>'
        )
    return f'<div class="vega-bindings nb-static-bindings" aria-hidden="true">{"".join(rows)}</div>' if rows else ""


# --- the data and notes behind the tooltips --------------------------------------------------


def tooltip_fields(spec: dict) -> list[dict]:
    """Every tooltip field of the chart: ``field``, ``title``, ``format`` and its ``dataset``.

    ``dataset`` is the name of the top-level dataset the view draws (None when the field is
    computed in the page, by a Vega expression or a transform of the data).
    """
    fields: list[dict] = []
    seen = set()

    def walk(node, data_name):
        if isinstance(node, list):
            for item in node:
                walk(item, data_name)
            return
        if not isinstance(node, dict):
            return
        data = node.get("data")
        if isinstance(data, dict) and "name" in data:
            data_name = data["name"]
        tips = (node.get("encoding") or {}).get("tooltip")
        if isinstance(tips, dict):
            tips = [tips]
        for tip in tips or []:
            if not isinstance(tip, dict) or "field" not in tip:
                continue
            key = (tip["field"], data_name)
            if key in seen:
                continue
            seen.add(key)
            fields.append(
                {
                    "field": tip["field"],
                    "title": tip.get("title") or tip["field"],
                    "format": tip.get("format"),
                    "dataset": data_name,
                }
            )
        for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
            if key in node:
                walk(node[key], data_name)

    walk(spec, None)
    datasets = spec.get("datasets") or {}
    for f in fields:
        rows = datasets.get(f["dataset"]) or []
        if not any(isinstance(r, dict) and f["field"] in r for r in rows[:1]):
            f["dataset"] = None
    return fields


_CITE_KEY_RE = re.compile(r"\b([a-z][a-z_-]*\d{4}[a-z]?)\b")


def _cell(value) -> str:
    """One value as HTML; bibliography keys become citation placeholders (linked at write time)."""
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif value is None:
        text = ""
    else:
        text = str(value)
    escaped = html.escape(text)
    return _CITE_KEY_RE.sub(lambda m: f'<a data-nb-cite="{m.group(1)}">{m.group(1)}</a>', escaped)


def _format_range(values) -> str:
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if nums and len(nums) == len(values):
        lo, hi = min(nums), max(nums)
        return f"{lo:.4g} to {hi:.4g} ({len(set(nums))} values)"
    distinct = list(dict.fromkeys(str(v) for v in values if v is not None))
    return "; ".join(distinct)


def data_table_html(spec: dict) -> str:
    """Tables of the plotted points behind the tooltips (a summary when there are many)."""
    fields = tooltip_fields(spec)
    if not fields:
        return ""
    datasets = spec.get("datasets") or {}
    parts = []
    by_dataset: dict = {}
    for f in fields:
        by_dataset.setdefault(f["dataset"], []).append(f)
    for name, group in by_dataset.items():
        if name is None:
            # several views computing the same field in the page name it once (order kept)
            titles = ", ".join(html.escape(t) for t in dict.fromkeys(f["title"] for f in group))
            parts.append(f'<p class="nb-vega-computed">Computed in the page from the slider: {titles}.</p>')
            continue
        rows = datasets.get(name) or []
        cols = [f["field"] for f in group]
        unique = list(dict.fromkeys(tuple(r.get(c) for c in cols) for r in rows if isinstance(r, dict)))
        head = "".join(f'<th scope="col">{html.escape(f["title"])}</th>' for f in group)
        if len(unique) <= TABLE_MAX_ROWS:
            body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in unique)
            parts.append(f'<table class="nb-vega-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        else:
            body = "".join(
                f'<tr><th scope="row">{html.escape(f["title"])}</th><td>{_cell(_format_range([u[i] for u in unique]))}</td></tr>'
                for i, f in enumerate(group)
            )
            parts.append(
                f'<table class="nb-vega-table nb-vega-summary"><caption>{len(unique):,} plotted points, '
                f"summarised (the CSV has them all)</caption><tbody>{body}</tbody></table>"
            )
    return "".join(parts)


def data_csv(spec: dict) -> str:
    """Every dataset of the chart as one CSV (long format: a ``dataset`` column when several)."""
    import csv
    import io

    datasets = {k: v for k, v in (spec.get("datasets") or {}).items() if v}
    buffer = io.StringIO()
    columns = list(dict.fromkeys(c for rows in datasets.values() for r in rows[:50] if isinstance(r, dict) for c in r))
    several = len(datasets) > 1
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((["dataset"] if several else []) + columns)
    for i, rows in enumerate(datasets.values(), start=1):
        for r in rows:
            if isinstance(r, dict):
                writer.writerow(([f"data {i}"] if several else []) + [r.get(c, "") for c in columns])
    return buffer.getvalue()


def spec_to_html(
    spec: dict, element_id: str, *, standalone: bool = False, downloads: dict | None = None, static: bool = True
) -> str:
    """HTML for one chart: its build-time drawing, the live chart's target, inert JSON, the
    description and a "Data and notes" disclosure.

    * ``div.nb-vega-static`` holds the chart drawn at build time (a wide and, when the chart
      needs one, a narrow layout; CSS shows the one that fits): what first paint, print and
      readers without JavaScript see. ``vega-init.js`` replaces it with the live chart in the
      same place when the reader nears it.
    * The JSON sits in a ``<script type="application/json">`` (never executed); ``</`` is
      escaped so a string in the data cannot close the tag. The narrow layout, if any, is a
      second one without the data.
    * The description (also the drawn SVG's aria-label) is shown when JavaScript is off.
    * ``details.nb-vega-data`` lists every tooltip field with the plotted points (a summary
      when there are many), and the ``downloads`` links (``{"CSV": url, "SVG": url}``).

    Inside a ``{glue:figure}`` the chart is a plain div: the figure, its number and its
    caption come from Sphinx. With ``standalone=True`` (a chart shown as a cell output, not
    glued) a ``usermeta.caption``, if any, is kept as the caption of a figure of its own.
    """
    usermeta = spec.get("usermeta") or {}
    description = spec.get("description", "")
    inked = _with_ink(spec)

    def inert(obj, cls):
        payload = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        return f'<script type="application/json" class="{cls}" data-target="{element_id}">{payload}</script>'

    narrow = narrow_spec(inked)
    parts = [f'<div class="{CHART_CLASS}" id="{element_id}-chart">']
    if static:
        wide_svg = static_svg(inked, f"{element_id}-w")
        w, h = _svg_size(wide_svg)
        drawings = f'<div class="nb-vega-static-wide" style="--nb-w:{w}px;--nb-h:{h}px">{wide_svg}</div>'
        if narrow is not None:
            panel, band, legend, labels = NARROW_PANEL_PX, NARROW_BAND_PANEL_PX, NARROW_PANEL_PX - 25, NARROW_LABEL_PX
            banded, last = _has_category_y(inked), None
            for _ in range(6):  # labels beyond the plot: shrink plot and legend until the drawing fits a phone
                narrow_svg = static_svg({**narrow, "datasets": inked.get("datasets", {})}, f"{element_id}-n")
                nw, nh = _svg_size(narrow_svg)
                over = nw - NARROW_MAX_PX + 2
                if over <= 2:
                    break
                banded, last = banded and nw != last, nw  # narrower labels gained nothing: narrow the plots
                # category labels give up room first (they wrap onto more lines), then the plots and legends
                cut = min(over, labels - 90) if banded else 0
                labels, over = labels - cut, over - cut
                if over > 0:
                    panel, band, legend = max(150, panel - over), max(110, band - over), max(60, legend - over)
                narrow = narrow_spec(inked, panel, band, legend, labels)
            drawings += f'<div class="nb-vega-static-narrow" style="--nb-w:{nw}px;--nb-h:{nh}px">{narrow_svg}</div>'
        label = html.escape(description or "A chart.", quote=True)
        parts.append(
            f'<div class="{STATIC_CLASS}"><div class="nb-vega-drawing" role="img" aria-label="{label}">'
            f"{drawings}</div>{static_bindings_html(spec)}</div>"
        )
    parts.append(f'<div class="nb-vega" id="{element_id}"></div>')
    parts.append(inert(inked, SPEC_CLASS))
    datasets = inked.get("datasets") or {}
    parts.append(inert(compiled_vega(inked, datasets), VEGA_CLASS))
    if narrow is not None:
        parts.append(inert(compiled_vega(narrow, datasets), NARROW_CLASS))
    if description:
        parts.append(f"<noscript><p>{html.escape(description)}</p></noscript>")
    table = data_table_html(spec)
    links = "".join(
        f'<a class="nb-vega-download" href="{html.escape(url)}" download>{html.escape(kind)}</a>'
        for kind, url in (downloads or {}).items()
    )
    if table or links:
        parts.append(
            '<details class="nb-vega-data"><summary>Data and notes</summary>'
            + table
            + (f'<p class="nb-vega-downloads">Download: {links}</p>' if links else "")
            + "</details>"
        )
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
        element_id = element_id_for(spec, data)
        downloads = _write_downloads(renderer, spec, element_id)
        html_text = spec_to_html(spec, element_id, standalone=not glued, downloads=downloads)
        return [nodes.raw("", html_text, format="html")]


def _write_downloads(renderer, spec: dict, element_id: str) -> dict:
    """Write the chart's data (CSV) and drawing (SVG, dark ink on white) into ``_static/figures``.

    Returns ``{"CSV": url, "SVG": url}`` relative to the page, or ``{}`` outside a Sphinx
    HTML build.
    """
    env = getattr(getattr(renderer, "renderer", None), "sphinx_env", None)
    app = getattr(env, "app", None)
    if app is None or getattr(app.builder, "format", "") != "html":
        return {}
    docname = env.docname
    folder = Path(app.outdir) / "_static" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", docname) + "-" + element_id.removeprefix("vega-")
    svg = static_svg(_with_ink(spec), "dl").replace("currentColor", "#1a1a1a")
    svg = svg.replace('aria-hidden="true" focusable="false" ', "", 1)
    svg = re.sub(r"(<svg[^>]*>)", r'\1<rect width="100%" height="100%" fill="#ffffff"/>', svg, count=1)
    (folder / f"{stem}.svg").write_text(svg, encoding="utf-8")
    (folder / f"{stem}.csv").write_text(data_csv(spec), encoding="utf-8")
    up = "../" * docname.count("/")
    return {"CSV": f"{up}_static/figures/{stem}.csv", "SVG": f"{up}_static/figures/{stem}.svg"}


def _vegalite_version() -> str:
    import altair

    return altair.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "v5.20.1" -> "5.20"


def _write_static(app, exception) -> None:
    """Write the JS bundle, initialiser and CSS into the built site's _static/."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / "vega").mkdir(parents=True, exist_ok=True)
    runtime = resources.files("neuroadapt_book").joinpath("static", VEGA_RUNTIME).read_text(encoding="utf-8")
    shipped = re.search(r'\.version="([0-9.]+)"', runtime)
    import vl_convert

    if shipped is None or shipped.group(1) != vl_convert.get_vega_version():
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            f"static/{VEGA_RUNTIME} is Vega {shipped and shipped.group(1)}, vl-convert compiles for "
            f"Vega {vl_convert.get_vega_version()}: replace it with that version's build/vega.min.js",
            type="neuroadapt",
            subtype="vega",
        )
    (static / BUNDLE_NAME).write_text(runtime, encoding="utf-8")
    for name in (INIT_NAME, CSS_NAME):
        source = resources.files("neuroadapt_book").joinpath("static", Path(name).name)
        (static / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


_CITE_PLACEHOLDER_RE = re.compile(r'<a data-nb-cite="([^"]+)">[^<]*</a>')


def _citation_label(entry) -> str:
    """ "Fava et al. 2015" from a pybtex entry (author-year, as the book's citations)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) for p in persons]
    if not names:
        who = entry.fields.get("organization") or entry.fields.get("institution") or entry.key
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    who = re.sub(r"[{}]", "", str(who))
    return f"{who} {entry.fields.get('year', '')}".strip()


def link_citations(body: str, pagename: str, app) -> str:
    """Turn the bibliography keys in a chart's data and notes into links to the references page."""
    if "data-nb-cite" not in body:
        return body
    try:
        citations = {c.key: c for c in app.env.get_domain("cite").citations}
    except Exception:  # no sphinxcontrib-bibtex: leave the keys as text
        citations = {}

    def replace(match):
        citation = citations.get(match.group(1))
        if citation is None:
            return match.group(1)
        href = app.builder.get_relative_uri(pagename, citation.bibliography_key.docname) + "#" + citation.citation_id
        label = html.escape(_citation_label(citation.entry))
        return f'<a class="reference internal nb-cite" href="{href}">{label}</a>'

    return _CITE_PLACEHOLDER_RE.sub(replace, body)


def _add_assets(app, pagename, templatename, context, doctree) -> None:
    """Add the Vega initialiser and style only to pages that hold a chart (the initialiser
    loads the Vega runtime itself, on the reader's first interaction with a chart), and
    link citations."""
    body = context.get("body", "")
    if SPEC_CLASS in body:
        app.add_js_file(INIT_NAME, type="module")
        app.add_css_file(CSS_NAME)
        context["body"] = link_citations(body, pagename, app)


def setup(app):
    app.connect("builder-inited", _open_render_cache)
    app.connect("env-before-read-docs", _note_reads)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_static)
    app.connect("build-finished", _prune_render_cache)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
