"""Pages that load fast on a mid-range phone, print cleanly and work without JavaScript.

* **Icons without Font Awesome.** pydata-sphinx-theme puts
  ``<script defer src="_static/scripts/fontawesome.js">`` (1.45 MB, 530 KiB
  gzipped) in every page's head from a template macro, and its stylesheet
  declares the Font Awesome web fonts (267 KiB) that the ``<i class="fa-...">``
  icons pull in before the script swaps them for SVG. A page shows about twenty
  icons. When the build has finished, every page's icon elements get their SVG
  inline (path data read from the theme's own fontawesome.js, so the icons are
  the theme's, Font Awesome Free, CC BY 4.0) without the ``fa-*`` classes that
  load the fonts, and the script tag is removed. An icon name the theme's
  bundle does not have is a Sphinx warning (the strict build fails).
* **A meta description** on every page: the page's front matter
  ``description:`` if it has one, else its first paragraph, cut at a word
  boundary (search engines show about 160 characters).
* **Self-checks without JavaScript**: a ``<noscript>`` style hides the Check
  button (it needs selfcheck.js) and says in its place that checking needs
  JavaScript and that the answer is below ("Show the answer" is a plain
  ``<details>``).
* **No search index outside the search page**: the theme loads Sphinx's search
  tools and the 250 KB search index in the head of every page for its
  search-as-you-type box. The book does not use that (``search_as_you_type``
  is false: the search box opens search.html, which loads them itself), so they
  are dropped from every other page; were it switched on, they would be
  deferred instead (same order, still before any query).
* ``print.js``: opens closed answers and solutions before printing and closes
  them after (the print stylesheet in book.css does the rest).
* **Nothing in the head holds up the first paint but the stylesheets**: the head's
  scripts that only act once the page is parsed (Sphinx's doctools and highlight,
  copy buttons, sphinx-book-theme, sphinx-design tabs) get ``defer`` (same order;
  they still run before ``DOMContentLoaded``, where they start). ``documentation_options.js``
  stays (inline scripts after it set its fields) and so does ``togglebutton.js`` (it
  hides exercise solutions; deferred, a solution could show open for a moment). The
  theme's ``<link rel="preload">`` of its two body scripts (bootstrap.js, 23 KiB gzipped,
  and pydata-sphinx-theme.js) is dropped: they load, deferred, from the end of the page,
  and no longer compete with the stylesheets for a slow connection.
* **Chart data out of the page**: a chart's Vega-Lite spec sits in the page as inert
  JSON with every plotted point: about half of a chart page's bytes, needed only when
  a chart goes live (``vega-init.js``, on the reader's first interaction). The page
  keeps each spec without its ``datasets`` (its parameters, usermeta and description,
  and the compiled Vega specs beside it, are small); the datasets move to one file per
  page, ``_static/figures/<page>.charts.json`` (``{target: {"datasets": ...}}``), which
  ``vega-init.js`` fetches with the runtime (``data-src`` on the spec's script).
* **Tips on first use**: sphinx-tippy loads Popper, Tippy and the page's tip data
  (the HTML of every linked term, section and figure) in every page and builds every
  tip at load. The three script tags become one small loader (``tips-lazy.js``) that
  fetches them when the reader first points at or focuses a link in the article. A
  figure's tip keeps its caption and its build-time drawing (wide layout) and drops
  what only the page itself needs: the chart's JSON, its data table, the narrow
  drawing, the placeholder sliders and the ids (a tip must not repeat the page's ids).
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Longest meta description (characters); longer first paragraphs are cut at a word.
DESCRIPTION_MAX = 160

#: Static files of this module, copied into ``_static/`` and added to every page.
STATIC_FILES = ("print.js", "wide-math.js")
#: The lazy loader of sphinx-tippy's tips, copied into ``_static/`` (added by :func:`lazy_tips`).
TIPS_LOADER = "tips-lazy.js"
#: Stylesheet written at build time by :func:`pseudo_icon_css`.
ICON_CSS = "na-icons.css"

_FA_SCRIPT = re.compile(r"[ \t]*<script[^>]*_static/scripts/fontawesome\.js[^>]*>\s*</script>\n?")
# pydata-sphinx-theme loads Sphinx's search tools and the whole search index
# (250 KB) in every page's head, blocking rendering, for its inline search box.
# Deferred, they still run in order before the reader can type a query.
_SEARCH_SCRIPT = re.compile(
    r'<script src="([^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)[^"]*)"></script>'
)
#: The theme's inline search is off: the search box goes to search.html.
_NO_INLINE_SEARCH = "DOCUMENTATION_OPTIONS.search_as_you_type = false;"
#: Head scripts that only act from DOMContentLoaded on: deferred (see the module docstring).
_DEFERRABLE = re.compile(
    r'<script src="([^"]*_static/(?:doctools|sphinx_highlight|clipboard\.min|copybutton|scripts/sphinx-book-theme|'
    r'design-tabs)\.js[^"]*)"( data-sd-tabs-storage-prefix="[^"]*")?></script>'
)
_DEFERRABLE_PREFIXED = re.compile(
    r'<script( data-sd-tabs-storage-prefix="[^"]*") src="([^"]*_static/design-tabs\.js[^"]*)"></script>'
)
_THEME_PRELOAD = re.compile(
    r'[ \t]*<link rel="preload" as="script" href="[^"]*_static/scripts/(?:bootstrap|pydata-sphinx-theme)\.js[^"]*" />\n?'
)


def defer_head_scripts(page: str) -> str:
    """``defer`` on the head scripts that wait for the parsed page; no preload of the theme's body scripts."""
    page = _DEFERRABLE.sub(lambda m: f'<script defer="defer" src="{m.group(1)}"{m.group(2) or ""}></script>', page)
    page = _DEFERRABLE_PREFIXED.sub(lambda m: f'<script defer="defer"{m.group(1)} src="{m.group(2)}"></script>', page)
    return _THEME_PRELOAD.sub("", page)


_ICON = re.compile(r'<(i|span) class="([^"]*\bfa-[a-z0-9-]+[^"]*)"([^>]*)>\s*</\1>')
_FAMILIES = {
    "fa-solid": "solid",
    "fas": "solid",
    "fa-regular": "regular",
    "far": "regular",
    "fa-brands": "brands",
    "fab": "brands",
}
#: Font Awesome modifier classes that only size or place the icon (no glyph, no font).
_MODIFIERS = {"fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-fw"}

NOSCRIPT_STYLE = (
    "<noscript><style>"
    "form.selfcheck .selfcheck-actions{display:none}"
    'form.selfcheck .selfcheck-feedback::before{content:"Checking an answer needs JavaScript, '
    'which is off in this browser. Open \\201CShow the answer\\201D below to compare.";'
    "display:block;font-style:italic}"
    "</style></noscript>"
)


def _fontawesome_js() -> Path:
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "scripts"
        / "fontawesome.js"
    )


@lru_cache(maxsize=1)
def icon_table() -> dict[str, dict[str, tuple[int, int, str]]]:
    """Icons in the theme's fontawesome.js: ``{family: {name: (width, height, path)}}``.

    The bundle defines the brands, regular and solid packs in that order, each
    registered by a ``d("fab", ...)``/``d("far", ...)``/``d("fas", ...)`` call.
    """
    text = _fontawesome_js().read_text(encoding="utf-8")
    marks = []
    for prefix, family in (("fab", "brands"), ("far", "regular"), ("fas", "solid")):
        at = text.find(f'd("{prefix}",')
        if at < 0:
            raise RuntimeError(f"fontawesome.js has no {prefix} pack; the theme changed")
        marks.append((at, family))
    marks.sort()
    entry = re.compile(
        r'(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]+)",'
        r'("(?:[^"\\]|\\.)*"|\[[^\]]*\])\]'
    )
    table: dict[str, dict[str, tuple[int, int, str]]] = {family: {} for _, family in marks}
    start = 0
    for end, family in marks:
        for m in entry.finditer(text, start, end):
            name = m.group(1) or m.group(2)
            path_src = m.group(7)
            path = (
                " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', path_src)) if path_src.startswith("[") else path_src[1:-1]
            )
            icon = (int(m.group(3)), int(m.group(4)), path)
            for alias in [name, "u" + m.group(6)] + re.findall(r'"([a-z0-9-]+)"', m.group(5)):
                table[family].setdefault(alias, icon)
        start = end
    return table


def icon_svg(name: str, family: str = "solid") -> str:
    """Inline SVG of one Font Awesome icon (``name`` without ``fa-``), or KeyError."""
    table = icon_table()
    icon = table.get(family, {}).get(name) or table["solid"].get(name)
    if icon is None:
        raise KeyError(name)
    width, height, path = icon
    return (
        f'<svg class="na-icon-svg" viewBox="0 0 {width} {height}" aria-hidden="true" '
        f'focusable="false"><path fill="currentColor" d="{path}"/></svg>'
    )


def _theme_css() -> str:
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "styles"
        / "pydata-sphinx-theme.css"
    ).read_text(encoding="utf-8")


def _mask_url(icon: tuple[int, int, str]) -> str:
    width, height, path = icon
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return 'url("data:image/svg+xml,' + quote(svg, safe="/:=' ,.-") + '")'


def pseudo_icon_css(theme_css: str | None = None) -> str:
    """CSS that draws the theme's pseudo-element icons (admonition titles, external
    and download links) as SVG masks in the text colour instead of Font Awesome glyphs.

    The theme names each icon's code point in a ``--pst-icon-*`` variable and uses
    it as ``content:var(--pst-icon-*)`` with ``font:var(--fa-font-solid)``; every
    such rule is restated with an empty ``content`` and the icon as a mask.
    """
    css = _theme_css() if theme_css is None else theme_css
    values = dict(re.findall(r"--(pst-icon-[a-z0-9-]+):([^;}]+)", css))
    codes: dict[str, str] = {}
    for name in values:
        value, seen = values[name].strip(), set()
        while value.startswith("var(--") and value not in seen:  # var(--pst-icon-lightbulb)
            seen.add(value)
            value = values.get(value[6:-1], "").strip()
        text = value.strip('"')
        if text.startswith("\\"):
            codes[name] = text[1:].lower()
        elif len(text) == 1:
            codes[name] = f"{ord(text):x}"
    solid = icon_table()["solid"]
    out = [
        "/* Generated by neuroadapt_book.sphinx.light_pages: theme icons as SVG masks"
        " (Font Awesome Free, CC BY 4.0), no icon web font. */"
    ]
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*content:var\(--pst-icon-[^{}]*)\}", css):
        var = re.search(r"content:var\(--(pst-icon-[a-z0-9-]+)\)", body).group(1)
        icon = solid.get("u" + codes[var]) if var in codes else None
        if icon is None:
            continue
        rule = f'content:"" !important;-webkit-mask-image:{_mask_url(icon)};mask-image:{_mask_url(icon)};'
        if "font:" in body:
            rule += (
                "font:inherit;display:inline-block;background-color:currentColor;"
                "-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat;"
                "-webkit-mask-position:center;mask-position:center;"
                "-webkit-mask-size:contain;mask-size:contain;"
            )
            if "width:" not in body:
                rule += "width:1em;height:1em;vertical-align:-0.125em;"
        out.append(f"{selectors.strip()}{{{rule}}}")
    return "\n".join(out) + "\n"


def inline_icons(page: str, defer_search: bool = True) -> tuple[str, set[str]]:
    """Drop the fontawesome.js tag and inline every ``fa-*`` icon of one page.

    Returns the new HTML and the icon names that were not found.
    """
    missing: set[str] = set()

    def replace(m: re.Match) -> str:
        tag, classes, rest = m.group(1), m.group(2).split(), m.group(3)
        family = next((_FAMILIES[c] for c in classes if c in _FAMILIES), "solid")
        names = [c[3:] for c in classes if c.startswith("fa-") and c not in _FAMILIES and c not in _MODIFIERS]
        if len(names) != 1:
            missing.add(" ".join(classes))
            return m.group(0)
        try:
            svg = icon_svg(names[0], family)
        except KeyError:
            missing.add(names[0])
            return m.group(0)
        kept = [c for c in classes if not (c.startswith("fa-") or c in _FAMILIES) or c in _MODIFIERS]
        kept += ["na-icon", f"na-icon-{names[0]}"]
        return f'<{tag} class="{" ".join(kept)}"{rest}>{svg}</{tag}>'

    page = _FA_SCRIPT.sub("", page)
    if defer_search:  # not on search.html: its searchtools.js runs at once and needs doctools.js
        page = defer_head_scripts(page)
    if defer_search and _NO_INLINE_SEARCH in page:
        page = _SEARCH_SCRIPT.sub("", page)
    elif defer_search:
        page = _SEARCH_SCRIPT.sub(r'<script defer src="\1"></script>', page)
    return _ICON.sub(replace, page), missing


def _inline_icons_everywhere(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        new, missing = inline_icons(text, defer_search=path.name != "search.html")
        for name in sorted(missing):
            logger.warning(
                f"icon {name!r} is not in the theme's Font Awesome bundle ({path.name})",
                type="neuroadapt",
                subtype="icons",
            )
        if new != text:
            path.write_text(new, encoding="utf-8")


_TIPPY_SCRIPT = re.compile(
    r'[ \t]*<script defer="defer" src="([^"]*_static/)(vendor/popper[^"]*|vendor/tippy-bundle[^"]*|tippy/[^"]*\.js)">'
    r"</script>\n?"
)


def slim_tip(tip: str) -> str:
    """One tip's HTML without what only its own page needs (see the module docstring)."""
    if "nb-vega" not in tip and " id=" not in tip:
        return tip
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(tip, "html.parser")
    for el in soup.select(
        "script, noscript, details.nb-vega-data, .nb-static-bindings, .nb-vega-static-narrow, div.nb-vega"
    ):
        el.decompose()
    for el in soup.select(".nb-vega-static-wide"):  # shown in the tip whatever the page width
        el["class"] = [c for c in el.get("class", []) if c != "nb-vega-static-wide"] + ["nb-tip-drawing"]
        svg = el.find("svg")
        if svg is not None:  # pages without a chart have no vega-figure.css
            svg["style"] = (
                svg.get("style", "").rstrip("; ") + "; max-width: 100%; height: auto; display: block"
            ).lstrip("; ")
    for el in soup.find_all(id=True):
        if el.name not in ("clipPath", "clippath", "linearGradient", "lineargradient", "pattern", "mask"):
            del el["id"]
    return str(soup)


def lazy_tips(page: str, tips_js: Path | None = None) -> str:
    """Replace sphinx-tippy's three script tags in one page by the lazy loader; rewrite the
    page's tip data file (``tips_js``) to define its tips without setting them up at load."""
    matches = list(_TIPPY_SCRIPT.finditer(page))
    if len(matches) != 3:
        return page
    static = matches[0].group(1)
    by_kind = {}
    for m in matches:
        name = m.group(2)
        kind = "popper" if "popper" in name else "tippy" if "tippy-bundle" in name else "tips"
        by_kind[kind] = static + name
    if set(by_kind) != {"popper", "tippy", "tips"}:
        return page
    if tips_js is not None:
        text = tips_js.read_text(encoding="utf-8")
        if not text.strip():  # a page without tips: no loader at all
            for m in reversed(matches):
                page = page[: m.start()] + page[m.end() :]
            return page
        prefix = "selector_to_html = "
        if text.startswith(prefix):
            tips, end = json.JSONDecoder().raw_decode(text, len(prefix))
            tips = {selector: slim_tip(body) for selector, body in tips.items()}
            rest = text[end:].replace("window.onload = function () {", "window.nbTipsInit = function () {", 1)
            rest = rest.replace('console.log("tippy tips loaded!");', "", 1)
            tips_js.write_text(prefix + json.dumps(tips) + rest, encoding="utf-8")
    loader = (
        f'<script defer="defer" src="{static}{TIPS_LOADER}" data-popper="{by_kind["popper"]}" '
        f'data-tippy="{by_kind["tippy"]}" data-tips="{by_kind["tips"]}"></script>\n'
    )
    first = matches[0]
    for m in reversed(matches[1:]):
        page = page[: m.start()] + page[m.end() :]
    return page[: first.start()] + "    " + loader + page[first.end() :]


def _lazy_tips_everywhere(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        m = re.search(r'src="([^"]*_static/tippy/[^"]*\.js)"', text)
        if m is None:
            continue
        tips_js = (path.parent / m.group(1)).resolve()
        new = lazy_tips(text, tips_js if tips_js.exists() else None)
        if new != text:
            path.write_text(new, encoding="utf-8")


_CHART_JSON = re.compile(
    r'<script type="application/json" class="(nb-vega-spec)" data-target="([^"]+)">(.*?)</script>', re.S
)
#: Folder (under ``_static/``) of the per-page chart data files.
CHART_DATA_DIR = "figures"


def externalize_chart_data(body: str, pagename: str) -> tuple[str, dict]:
    """The page body with each chart's datasets taken out of its spec, and the data file's
    content, ``{target: {"datasets": ...}}`` (empty: no chart)."""
    data: dict[str, dict] = {}

    def take(m: re.Match) -> str:
        target, obj = m.group(2), json.loads(m.group(3))
        data[target] = {"datasets": obj.pop("datasets", {}) or {}}
        slim = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        src = "../" * pagename.count("/") + f"_static/{CHART_DATA_DIR}/{chart_data_name(pagename)}"
        return (
            f'<script type="application/json" class="nb-vega-spec" data-target="{target}" '
            f'data-src="{src}">{slim}</script>'
        )

    new = _CHART_JSON.sub(take, body)
    return (new, data) if data else (body, {})


def chart_data_name(pagename: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", pagename) + ".charts.json"


def _externalize_charts(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if "nb-vega-spec" not in body or app.builder.format != "html":
        return
    new, data = externalize_chart_data(body, pagename)
    if not data:
        return
    folder = Path(app.outdir) / "_static" / CHART_DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / chart_data_name(pagename)).write_text(
        json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    context["body"] = new


def first_paragraph(doctree) -> str:
    """Text of the page's first paragraph of prose (not in an admonition, sidebar or cell)."""
    skip = (
        nodes.Admonition,
        nodes.sidebar,
        nodes.topic,
        nodes.table,
        nodes.footnote,
        nodes.citation,
        nodes.field_list,
        nodes.literal_block,
    )
    for para in doctree.findall(nodes.paragraph):
        parent, inside = para.parent, False
        while parent is not None:
            classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
            if isinstance(parent, skip) or "cell" in classes or "toctree-wrapper" in classes:
                inside = True
                break
            parent = parent.parent
        text = " ".join(para.astext().split())
        if not inside and len(text) >= 40:
            return text
    return ""


def shorten(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return cut + "\u2026"


def _page_context(app, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "") or ""
    if 'name="description"' not in metatags:
        meta = app.env.metadata.get(pagename, {}) if hasattr(app, "env") else {}
        description = str(meta.get("description", "") or "")
        if not description and doctree is not None:
            description = first_paragraph(doctree)
        if not description:
            description = f"{context.get('title', '')} - {app.config.project}"
        metatags += f'\n    <meta name="description" content="{html.escape(shorten(description), quote=True)}" />'
    context["metatags"] = metatags + "\n    " + NOSCRIPT_STYLE


def _copy_static(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES + (TIPS_LOADER,):
        source = resources.files("neuroadapt_book").joinpath("static", name)
        (static / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (static / ICON_CSS).write_text(pseudo_icon_css(), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_context)
    # after vega's _add_assets (priority 500), which links the citations in the charts' notes
    app.connect("html-page-context", _externalize_charts, priority=600)
    app.connect("build-finished", _inline_icons_everywhere)
    app.connect("build-finished", _copy_static)
    # after sphinx-tippy has written the pages' tip data (build-finished, priority 500)
    app.connect("build-finished", _lazy_tips_everywhere, priority=800)
    for name in STATIC_FILES:
        app.add_js_file(name, loading_method="defer")
    app.add_css_file(ICON_CSS)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
