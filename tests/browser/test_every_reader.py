"""Every page for every reader (issue 10): a narrow phone, no JavaScript, a printer,
a keyboard, a search engine and a slow connection.

Run against the built site (``BOOK_SITE`` or ``_build/html``) in Debian's
Chromium, as the other browser tests do. Each test walks every page.

* no page scrolls sideways at 320 or 375 px;
* with JavaScript off, no raw TeX shows and every formula is rendered (MathML
  written at build time by ``neuroadapt_book.sphinx.mathml``); a self-check says
  that checking needs JavaScript and still offers its answer;
* printed from the dark theme, body, table, code and chart text is dark on white
  (at least 4.5:1, computed from the computed styles); navigation, header
  buttons and the skip link are not printed; solutions print open, without
  "Click to hide"; captions print dark at a normal weight; a chart's drawing and caption
  stay together, its data and notes print open after the caption, and no slider or
  download link is printed (each slider's value is, as text);
* every display formula can be read whole at 375 px: nothing cut off on the left, the
  rest in its box's scrolling area; on a desktop one that fits is centred;
* formulas are not Tab stops;
* every page has a meta description;
* no page loads Font Awesome (script or web fonts) or MathJax.
"""

from __future__ import annotations

import re

import pytest

from .conftest import SITE, go_live, site_pages


def _is_redirect(path: str) -> bool:
    """Jupyter Book's root index.html is a one-line redirect to the first page."""
    return 'http-equiv="Refresh"' in (SITE / path).read_text(encoding="utf-8")[:500]


PAGES = [p for p in site_pages() if p not in {"genindex.html", "search.html"} and not _is_redirect(p)]
CONTENT_PAGES = [p for p in PAGES if p.startswith("book/")]

pytestmark = pytest.mark.skipif(not PAGES, reason="the book is not built")

#: Requests that must never be made: the theme's icon script and fonts, MathJax.
HEAVY = re.compile(r"fontawesome|/webfonts/fa-|mathjax", re.I)

_CONTRAST_JS = """
(selector) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const onWhite = (c) => ({r: c.r * c.a + 255 * (1 - c.a), g: c.g * c.a + 255 * (1 - c.a),
                           b: c.b * c.a + 255 * (1 - c.a), a: 1});
  const ratio = (c) => 1.05 / (lum(onWhite(c)) + 0.05);
  const worst = [];
  const seen = new Set();
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      if (!el || seen.has(el)) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden'
          || style.opacity === '0' || el.closest('[aria-hidden=true]')) continue;
      const inSvg = el.closest('svg') !== null;
      const colour = parse(inSvg ? style.fill : style.color);
      if (!colour || colour.a === 0) continue;
      const r = ratio(colour);
      if (r < 4.5) worst.push([el.tagName.toLowerCase() + '.' + el.className, node.textContent.trim().slice(0, 40),
                               inSvg ? style.fill : style.color, Math.round(r * 100) / 100]);
    }
  }
  return worst.slice(0, 10);
}
"""


def _open(browser, site_url, path, *, width=1280, javascript=True, dark=False, live=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
        color_scheme="dark" if dark else "light",
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/{path}", wait_until="load")
    if javascript:
        page.wait_for_load_state("networkidle")
        if live:
            go_live(page)
    return context, page, requests


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_on_narrow_phones(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path, width=375)
    try:
        for width in (375, 320):
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(150)  # let charts and layout follow the resize
            # Elements that stick out of the viewport and are not inside a box that
            # scrolls or clips them (the sidebars are off-canvas drawers on a phone).
            # A live chart's own width (.nb-vega) is the
            # figure tests' concern (tests/browser/test_figures_every_reader.py).
            overflow = page.evaluate("""() => {
                const doc = document.documentElement;
                const clipped = (el) => {
                  for (let p = el.parentElement; p && p !== document.body && p !== doc; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true;
                  }
                  return false;
                };
                const wide = [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
                          && !el.closest('.nb-vega, .bd-sidebar-primary, .bd-sidebar-secondary, dialog')
                          && !clipped(el))
                  .slice(0, 3).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 30));
                return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
            }""")
            assert not overflow["wide"], f"{path} scrolls sideways at {width}px: {overflow}"
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_without_javascript_formulas_are_readable(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path, javascript=False)
    try:
        text = page.locator("main").inner_text()
        for tex in ("\\frac", "$$", "\\[", "\\(", "\\begin{", "\\text{"):
            assert tex not in text, f"{path}: raw TeX {tex!r} is visible without JavaScript"
        # Every formula in one round trip (the API page has ~450: one locator call each took ~50 s):
        # its first <math> element's box, [0, 0] when it has none (not displayed), None without MathML.
        boxes = page.locator(".math").evaluate_all(
            """els => els.map((el) => {
                const math = el.querySelector('math');
                if (!math) return null;
                const r = math.getBoundingClientRect();
                return math.getClientRects().length ? [r.width, r.height] : [0, 0];
            })"""
        )
        for i, box in enumerate(boxes):
            assert box is not None, f"{path}: formula {i} is not MathML"
            assert box[0] > 0 and box[1] >= 8, f"{path}: formula {i} is not rendered"
        forms = page.locator("form.selfcheck")
        for i in range(forms.count()):
            form = forms.nth(i)
            assert not form.locator("button.selfcheck-button").is_visible(), (
                f"{path}: a Check button that cannot work without JavaScript is shown"
            )
            note = form.locator(".selfcheck-feedback").evaluate("el => getComputedStyle(el, '::before').content")
            assert "needs JavaScript" in note, f"{path}: the self-check does not say it needs JavaScript"
            assert form.locator("details.selfcheck-reveal summary").is_visible(), (
                f"{path}: the self-check answer is not offered without JavaScript"
            )
    finally:
        context.close()


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_printed_from_dark_mode_dark_ink_on_white(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path, dark=True)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.emulate_media(media="print")
        page.wait_for_timeout(50)
        low = page.evaluate(_CONTRAST_JS, ".bd-article")
        assert not low, f"{path}: printed text below 4.5:1 on white: {low}"
        for selector in (
            ".bd-header",
            ".bd-sidebar-primary",
            ".bd-sidebar-secondary",
            ".skip-link",
            ".bd-header-article",
            ".header-article-items",
            ".prev-next-area",
            ".theme-switch-button",
            ".search-button",
            "button.toggle-button",
            ".sidebar-toggle",
        ):
            shown = page.locator(selector).evaluate_all(
                "els => els.filter(e => e.getBoundingClientRect().height > 0).length"
            )
            assert shown == 0, f"{path}: {selector} is printed"
        printed = page.locator("body").inner_text()
        for hint in ("Click to hide", "Click to show", "Skip to main content"):
            assert hint not in printed, f"{path}: prints {hint!r}"
        hidden = page.locator(".solution.admonition > :not(.admonition-title)").evaluate_all(
            "els => els.filter(e => e.getBoundingClientRect().height === 0 && e.textContent.trim()).length"
        )
        assert hidden == 0, f"{path}: {hidden} parts of exercise solutions are not printed"
        answers = page.locator("details.selfcheck-reveal > :not(summary)").evaluate_all(
            "els => els.filter(e => e.getBoundingClientRect().height === 0).length"
        )
        assert answers == 0, f"{path}: {answers} self-check answers are not printed"
        cut = page.locator(".bd-article pre").evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert cut == 0, f"{path}: {cut} code blocks are cut at the margin in print"
        _check_printed_captions(page, path)
        _check_printed_charts(page, path, "live")
    finally:
        context.close()


#: Pages with a chart (a figure made at build time, live on a reader's first reach).
CHART_PAGES = [p for p in CONTENT_PAGES if "nb-vega-chart" in (SITE / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_printed_before_any_chart_is_live(browser, site_url, path):
    """Printed at once, the build-time drawings: their slider placeholders, which the page
    has made real inputs, print as "Name: value", not as sliders."""
    context, page, _ = _open(browser, site_url, path, live=False)
    try:
        page.emulate_media(media="print")
        page.wait_for_timeout(50)
        _check_printed_charts(page, path, "drawn at build time")
    finally:
        context.close()


def _check_printed_captions(page, path):
    """Captions print in dark ink (4.5:1 or better) at a normal weight: the theme's light
    caption weight (300) prints as thin grey strokes whatever the colour."""
    low = page.evaluate(_CONTRAST_JS, ".bd-article figcaption")
    assert not low, f"{path}: printed caption text below 4.5:1 on white: {low}"
    light = page.locator(".bd-article figcaption").evaluate_all(
        """els => els.flatMap((cap) => [cap, ...cap.querySelectorAll('*')])
             .filter((el) => el.getClientRects().length && el.textContent.trim()
                     && parseInt(getComputedStyle(el).fontWeight, 10) < 400)
             .map((el) => el.tagName + ': ' + el.textContent.trim().slice(0, 30))"""
    )
    assert not light, f"{path}: captions print at a light weight: {light[:3]}"


_PRINTED_CHARTS_JS = """
() => Array.from(document.querySelectorAll('figure .nb-vega-chart')).map((chart) => {
  const figure = chart.closest('figure');
  const shown = (el) => el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && el.getBoundingClientRect().height > 0;
  const drawings = Array.from(chart.querySelectorAll(':scope > .nb-vega-static, :scope > .nb-vega')).filter(shown);
  const caption = figure.querySelector(':scope > figcaption');
  const data = chart.querySelector('details.nb-vega-data');
  const binds = Array.from(chart.querySelectorAll('.vega-bind')).filter(shown);
  return {
    id: figure.id,
    drawingBottom: Math.max(...drawings.map((d) => d.getBoundingClientRect().bottom)),
    drawingAvoidsBreak: drawings.every((d) => getComputedStyle(d).breakInside === 'avoid'),
    captionTop: caption ? caption.getBoundingClientRect().top : null,
    captionBottom: caption ? caption.getBoundingClientRect().bottom : null,
    captionBreak: caption ? [getComputedStyle(caption).breakBefore, getComputedStyle(caption).breakInside] : null,
    dataTop: shown(data) ? data.getBoundingClientRect().top : null,
    dataRows: data ? Array.from(data.querySelectorAll('tr')).filter(shown).length : 0,
    dataAllRows: data ? data.querySelectorAll('tr').length : 0,
    inputs: Array.from(chart.querySelectorAll('input')).filter(shown).map((i) => i.type),
    downloads: Array.from(chart.querySelectorAll('a[download], .nb-vega-downloads')).filter(shown).length,
    // Each slider or drop-down still printed: its name and its value, as text.
    unnamed: binds.filter((b) => !(shown(b.querySelector('.nb-bind-value')) && b.querySelector('.nb-bind-value').textContent.trim()
                                   || shown(b.querySelector('select'))))
                  .map((b) => b.textContent.trim().slice(0, 30)),
    values: binds.length,
  };
})
"""


def _check_printed_charts(page, path, state):
    """In print a chart's drawing and its caption stay together (the drawing is not broken,
    the caption does not start a sheet) and come first; the data and notes, every tooltip
    field and paper's only way to show them, follow the caption, open. No slider and no
    download link is printed; each slider's value is, as text."""
    for chart in page.evaluate(_PRINTED_CHARTS_JS):
        where = f"{path} ({state}), {chart['id']}"
        assert chart["captionTop"] is not None, f"{where}: a chart without a caption"
        assert chart["drawingBottom"] <= chart["captionTop"] + 1, f"{where}: the caption is not under the drawing"
        assert chart["drawingAvoidsBreak"], f"{where}: the printed drawing may break across sheets"
        assert chart["captionBreak"] == ["avoid", "avoid"], (
            f"{where}: the printed caption may be parted from its drawing: break-before/-inside {chart['captionBreak']}"
        )
        if chart["dataAllRows"]:
            assert chart["dataTop"] is not None and chart["dataTop"] >= chart["captionBottom"] - 1, (
                f"{where}: the data and notes are not printed after the caption"
            )
            assert chart["dataRows"] == chart["dataAllRows"], (
                f"{where}: {chart['dataAllRows'] - chart['dataRows']} rows of the data and notes are not printed"
            )
        assert not chart["inputs"], f"{where}: prints inputs {chart['inputs']}"
        assert chart["downloads"] == 0, f"{where}: prints download links"
        assert not chart["unnamed"], f"{where}: a slider's value is not printed: {chart['unnamed']}"


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_formulas_are_not_tab_stops(path):
    html = (SITE / path).read_text(encoding="utf-8")
    assert "mjx-container" not in html
    for block in re.findall(r'<(?:span|div) class="math[^"]*"[^>]*>(.*?)</(?:span|div)>', html, re.S):
        assert "tabindex" not in block, f"{path}: a formula is focusable"


MATH_PAGES = [p for p in PAGES if 'class="math' in (SITE / p).read_text(encoding="utf-8")]

_SCROLLING_MATH_JS = """
() => Array.from(document.querySelectorAll('div.math, .bd-article dd span.math'))
  .filter((box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight)
  .map((box) => [box.id || box.textContent.trim().slice(0, 40), box.tabIndex, box.getAttribute('aria-label')])
"""


@pytest.mark.parametrize("path", MATH_PAGES)
def test_a_formula_that_scrolls_sideways_can_be_scrolled_by_keyboard(browser, site_url, path):
    """Only a formula wider than its box is focusable (and labelled), so a keyboard can scroll it:
    on a desktop, then on a phone (the check re-runs when the window is resized)."""
    context, page, _ = _open(browser, site_url, path, width=1280)
    try:
        for width in (1280, 375):
            if width != 1280:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(500)
            scrolling = page.evaluate(_SCROLLING_MATH_JS)
            assert all(tab == 0 and label for _, tab, label in scrolling), f"{path} at {width} px: {scrolling}"
            focusable_fitting = page.evaluate(
                "() => Array.from(document.querySelectorAll('div.math[tabindex], span.math[tabindex]'))"
                ".filter((b) => b.scrollWidth <= b.clientWidth && b.scrollHeight <= b.clientHeight).length"
            )
            assert focusable_fitting == 0, f"{path} at {width} px: a formula that fits is a Tab stop"
    finally:
        context.close()


#: Every display formula: its box's and its own left and right edges (px), the box's inner
#: width, scroll width and scroll position, and its first characters.
_DISPLAY_MATH_JS = """
() => Array.from(document.querySelectorAll('div.math'))
  .map((box) => [box, box.querySelector('math[display="block"]')])
  .filter(([, math]) => math && math.getClientRects().length)
  .map(([box, math]) => {
    const b = box.getBoundingClientRect(), m = math.getBoundingClientRect();
    return {text: box.textContent.trim().slice(0, 40), boxLeft: b.left + box.clientLeft,
            left: m.left, right: m.right, client: box.clientWidth, scroll: box.scrollWidth,
            scrollLeft: box.scrollLeft};
  })
"""


@pytest.mark.parametrize("path", MATH_PAGES)
def test_every_display_formula_can_be_read_whole(browser, site_url, path):
    """A formula wider than a phone starts at its box's left edge and the rest of it is in
    the box's scrolling area; nothing is out of reach on the left, where no scrollbar goes
    (a centred overflow lost up to 400 px of the API appendix's formulas at 375 px).
    On a desktop a formula that fits is centred in its column."""
    context, page, _ = _open(browser, site_url, path, width=375)
    try:
        for width in (375, 1280):
            if width != 375:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(300)
            formulas = page.evaluate(_DISPLAY_MATH_JS)
            for f in formulas:
                assert f["left"] >= f["boxLeft"] - 0.5, (
                    f"{path} at {width} px: {f['boxLeft'] - f['left']:.0f} px of {f['text']!r} are cut off "
                    "on the left of its box, out of reach"
                )
                reach = f["right"] - f["boxLeft"] + f["scrollLeft"]
                assert f["scroll"] >= reach - 1, (
                    f"{path} at {width} px: {reach - f['scroll']:.0f} px of {f['text']!r} are beyond "
                    "its box's scrolling area on the right"
                )
                fits = f["right"] - f["left"] <= f["client"]
                if width == 1280 and fits:
                    before = f["left"] - f["boxLeft"]
                    after = f["boxLeft"] + f["client"] - f["right"]
                    assert abs(before - after) <= 2, (
                        f"{path}: {f['text']!r} is not centred ({before:.0f} | {after:.0f} px)"
                    )
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_meta_description(path):
    html = (SITE / path).read_text(encoding="utf-8")
    found = re.findall(r'<meta name="description" content="([^"]*)"', html)
    assert len(found) == 1, f"{path}: {len(found)} meta descriptions"
    assert 20 <= len(found[0]) <= 200, f"{path}: description of {len(found[0])} characters: {found[0]!r}"


@pytest.mark.parametrize("path", PAGES)
def test_no_page_loads_font_awesome_or_mathjax(browser, site_url, path):
    html = (SITE / path).read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert not [r for r in refs if HEAVY.search(r)], (
        f"{path}: the page refers to Font Awesome's script or fonts or MathJax"
    )
    context, page, requests = _open(browser, site_url, path)
    try:
        heavy = [u for u in requests if HEAVY.search(u)]
        assert not heavy, f"{path} loads {heavy}"
        icons = page.locator(".na-icon svg").count()
        assert icons > 0, f"{path}: no header icons"
    finally:
        context.close()


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{dR}{dt} = -k_{\text{shift}}\,\max(b - \theta, 0) + \frac{s_0 - s}{\tau_{\text{rec}}}",
        r"\begin{split}\begin{aligned}\frac{dR}{dt} &= a R,\\ \frac{dD}{dt} &= b D\end{aligned}\end{split}",
        r"\begin{split}x &= 1 \\ y &= 2\end{split}",
        r"\text{dose} \;\xrightarrow{\text{pharmacokinetics}}\; \text{effect}",
        r"W(t) = \max\bigl(A(t) - d(t),\ 0\bigr)",
        r"K_{n+1} = \left[K_n + g\,W_n\left(1 - \frac{K_n}{K_{max}}\right)\right] e^{-G_n/T_K}",
    ],
)
def test_build_time_math_converts_the_constructs_the_book_uses(tex):
    from neuroadapt_book.sphinx.mathml import tex_to_mathml

    mathml = tex_to_mathml(tex, "block")
    assert mathml.startswith("<math") and 'display="block"' in mathml
    assert not re.search(r"<mi>&(amp;)?</mi>", mathml), "an alignment & left as an identifier"
    assert "merror" not in mathml and "tabindex" not in mathml
    assert '<annotation encoding="application/x-tex">' in mathml
    if "xrightarrow" in tex:
        assert "<mover>" in mathml and "pharmacokinetics" in mathml


def test_build_time_math_rejects_what_it_cannot_render():
    from neuroadapt_book.sphinx.mathml import tex_to_mathml

    with pytest.raises(ValueError, match="TeX"):
        tex_to_mathml(r"\begin{aligned} a & b \end{aligned} & c")
    with pytest.raises(ValueError, match="display"):
        tex_to_mathml("x", "wide")
