"""Every chart, for every reader (DESIGN.md, "Figures for every reader"), in Chromium.

On every page with a chart:

* a phone at 375 px: every chart text (axis labels and titles, legends, annotations) is at
  least 11 CSS px, and no chart is wider than its box - the static drawing (JavaScript off)
  and the live chart alike; slider labels are one line, with the value and its unit;
* no JavaScript: every figure shows its build-time SVG and its caption;
* print from the dark theme: chart text is dark on white (contrast >= 4.5:1);
* a slow phone: each chart is drawn exactly once per load, and a theme switch neither
  redraws it nor moves its sliders;
* a finger or a keyboard: every tooltip field of a figure is in the page's HTML (the "Data and
  notes" disclosure), citations there are links to the references page, and Tab reaches every
  slider and every disclosure.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

from neuroadapt_book.sphinx.vega import NARROW_MAX_PX, binding_label, tooltip_fields

from .conftest import SITE, go_live, pages_with

CHART_PAGES = pages_with("nb-vega-spec")
PHONE = {"width": 375, "height": 812}
MIN_TEXT_PX = 11
MIN_CONTRAST = 4.5

# Per chart: the smallest text on screen (font size x the drawing's scale) and the widths of
# the drawing and of the box it sits in. Works on the static drawing and the live chart.
MEASURE = """(which) => Array.from(document.querySelectorAll('.nb-vega-chart')).map((chart) => {
  const svg = which === 'static'
    ? Array.from(chart.querySelectorAll('.nb-vega-static svg')).find((s) => s.getClientRects().length)
    : chart.querySelector('.nb-vega > svg');
  if (!svg) return {id: chart.id, missing: true};
  const box = chart.getBoundingClientRect();
  const rect = svg.getBoundingClientRect();
  const natural = svg.width.baseVal.value || rect.width;
  const scale = rect.width / natural;
  let smallest = Infinity, sample = '';
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim() || !t.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < smallest) { smallest = px; sample = t.textContent.trim().slice(0, 40); }
  }
  return {id: chart.id, smallest, sample, svgWidth: rect.width, boxWidth: box.width,
          boxRight: box.right, pageWidth: document.documentElement.clientWidth};
})"""


def _contrast(rgb_a, rgb_b) -> float:
    def lum(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(rgb_a), lum(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _open(browser, site_url, path, *, viewport=None, javascript=True, dark=False):
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900},
        java_script_enabled=javascript,
        color_scheme="dark" if dark else "light",
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type in ("error", "warning") and "Vega" in m.text and errors.append(m.text))
    if dark and javascript:
        page.add_init_script("localStorage.setItem('theme', 'dark'); localStorage.setItem('mode', 'dark');")
    page.goto(f"{site_url}/{path}", wait_until="load")
    if javascript:
        go_live(page, timeout=30_000)
    return context, page, errors


def _check_phone(rows, what) -> list[str]:
    problems = []
    for r in rows:
        if r.get("missing"):
            problems.append(f"{what} {r['id']}: no drawing")
            continue
        if r["smallest"] < MIN_TEXT_PX:  # no rounding slack: 10.97 px is under 11
            problems.append(f"{what} {r['id']}: text {r['smallest']:.1f} px ({r['sample']!r})")
        if r["svgWidth"] > r["boxWidth"] + 0.5 or r["boxRight"] > r["pageWidth"] + 0.5:
            problems.append(f"{what} {r['id']}: {r['svgWidth']:.0f} px wide in a {r['boxWidth']:.0f} px box")
    return problems


@pytest.mark.parametrize("path", CHART_PAGES)
def test_phone_chart_text_and_width(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path, viewport=PHONE, javascript=False)
    problems = _check_phone(page.evaluate(MEASURE, "static"), "static")
    context.close()
    context, page, errors = _open(browser, site_url, path, viewport=PHONE)
    problems += _check_phone(page.evaluate(MEASURE, "live"), "live")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow} px")
    # Slider labels: "Name: value unit" on one line.
    for label in page.eval_on_selector_all(
        ".nb-vega .vega-bind label",
        """els => els.map((l) => { const n = l.querySelector('.vega-bind-name'), o = l.querySelector('.nb-bind-value');
                 return {text: (n ? n.textContent : '') + ' ' + (o ? o.textContent : ''), nameH: n ? n.getBoundingClientRect().height : 0,
                         lineH: n ? parseFloat(getComputedStyle(n).lineHeight) || 24 : 0,
                         same: !o || Math.abs(o.getBoundingClientRect().top - n.getBoundingClientRect().top) < 4}; })""",
    ):
        if label["nameH"] > 1.6 * label["lineH"] or not label["same"]:
            problems.append(f"slider label wraps: {label['text']!r}")
    problems += errors
    context.close()
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_desensitization_slider_shows_a_duration(browser, site_url):
    path = next(p for p in CHART_PAGES if "desensitization" in p)
    context, page, _ = _open(browser, site_url, path)
    slider = page.locator(".nb-vega input[name=exposure_step]")
    slider.fill("9")
    slider.dispatch_event("input")
    value = slider.locator("xpath=ancestor::label[1]").locator(".nb-bind-value").inner_text()
    context.close()
    assert value == "2 days"


@pytest.mark.parametrize("path", CHART_PAGES)
def test_without_javascript_every_figure_shows_its_drawing_and_caption(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path, javascript=False)
    figures = page.locator("figure:has(.nb-vega-chart)")
    problems = []
    for i in range(figures.count()):
        figure = figures.nth(i)
        drawing = figure.locator(".nb-vega-static svg:visible")
        if drawing.count() != 1 or drawing.first.locator("path, text").count() < 5:
            problems.append(f"figure {i}: no visible static SVG")
        elif drawing.first.bounding_box()["height"] < 100:
            problems.append(f"figure {i}: the static SVG is not drawn at size")
        caption = figure.locator("figcaption")
        if not caption.is_visible() or len(caption.inner_text().strip()) < 20:
            problems.append(f"figure {i}: no visible caption")
    count = figures.count()
    context.close()
    assert count == len(re.findall(r'class="nb-vega-chart"', (SITE / path).read_text(encoding="utf-8")))
    assert problems == [], f"{path}:\n" + "\n".join(problems)


PRINT_INK = """() => {
  const rows = [];
  for (const svg of document.querySelectorAll('.nb-vega-chart svg')) {
    if (!svg.getClientRects().length) continue;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || !t.getClientRects().length) continue;
      const fill = getComputedStyle(t).fill;
      const m = fill.match(/rgba?\\(([^)]+)\\)/);
      if (!m) continue;
      const [r, g, b, a = 1] = m[1].split(',').map(Number);
      if (a === 0) continue;
      rows.push({text: t.textContent.trim().slice(0, 30), rgb: [r, g, b], alpha: a});
    }
  }
  return rows;
}"""


@pytest.mark.parametrize("javascript", [False, True], ids=["static", "live"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_print_from_dark_theme_is_dark_ink_on_white(browser, site_url, path, javascript):
    context, page, _ = _open(browser, site_url, path, javascript=javascript, dark=True)
    if javascript:
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.emulate_media(media="print")
    rows = page.evaluate(PRINT_INK)
    context.close()
    assert rows, "no chart text found"
    bad = sorted(
        {
            (r["text"], tuple(r["rgb"]), round(_contrast(r["rgb"], (255, 255, 255)), 2))
            for r in rows
            if r["alpha"] >= 0.99 and _contrast(r["rgb"], (255, 255, 255)) < MIN_CONTRAST
        }
    )
    assert bad == [], f"{path}: chart text under {MIN_CONTRAST}:1 on white in print: {bad[:10]}"


@pytest.mark.parametrize("path", CHART_PAGES)
def test_each_chart_is_drawn_once_and_a_theme_switch_keeps_the_sliders(browser, site_url, path):
    context, page, errors = _open(browser, site_url, path)
    specs = page.locator("script.nb-vega-spec").count()
    page.wait_for_timeout(300)
    embeds = page.evaluate("window.nbVegaEmbeds")
    assert sorted(embeds.values()) == [1] * specs, f"{path}: draws per chart {embeds}"
    sliders = page.locator(".nb-vega input[type=range]")
    moved = {}
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        target = slider.get_attribute("min")
        slider.fill(target)
        slider.dispatch_event("input")
        moved[i] = slider.input_value()
    for theme in ("dark", "light"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        page.wait_for_timeout(300)
    assert page.evaluate("window.nbVegaEmbedCount") == specs, f"{path}: a theme switch redrew a chart"
    assert {i: sliders.nth(i).input_value() for i in moved} == moved, f"{path}: a theme switch moved a slider"
    context.close()
    assert errors == []


def chart_spec(path: str, chart: str) -> dict:
    """A chart's Vega-Lite spec as the page ships it, with its datasets put back from the
    page's chart data file (``data-src``) when they are not in the page."""
    m = re.search(r'class="nb-vega-spec" data-target="([^"]+)"(?: data-src="([^"]+)")?>(.*?)</script>', chart, re.S)
    spec = json.loads(m.group(3).replace("<\\/", "</"))
    if m.group(2):
        data = json.loads(((SITE / path).parent / m.group(2)).read_text(encoding="utf-8"))
        spec["datasets"] = data[m.group(1)]["datasets"]
    return spec


_KEY_RE = re.compile(r"\b[a-z][a-z_-]*\d{4}[a-z]?\b")


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_tooltip_field_is_in_the_page(path):
    """Every field a tooltip shows is in the chart's "Data and notes", with every text value."""
    page = (SITE / path).read_text(encoding="utf-8")
    problems = []
    for chart in re.findall(r'<div class="nb-vega-chart" id="[^"]+">.*?</details></div>', page, re.S):
        spec = chart_spec(path, chart)
        notes = _text(chart.split('<details class="nb-vega-data">', 1)[1])
        for field in tooltip_fields(spec):
            if field["title"] not in notes:
                problems.append(f"{field['title']!r} is not in the data and notes")
            if field["dataset"] is None:
                continue
            values = {r.get(field["field"]) for r in spec["datasets"][field["dataset"]] if isinstance(r, dict)}
            for value in sorted(v for v in values if isinstance(v, str)):
                for chunk in _KEY_RE.split(" ".join(value.split())):
                    if chunk.strip(" ,;()") and chunk.strip(" ,;()") not in notes:
                        problems.append(f"{field['title']}: {value[:60]!r} is not in the data and notes")
                        break
    charts = page.count('class="nb-vega-chart"')
    assert page.count('<details class="nb-vega-data">') == charts, f"{path}: a chart without data and notes"
    assert problems == [], f"{path}:\n" + "\n".join(sorted(set(problems))[:20])


def test_citations_in_data_and_notes_link_to_the_references_page():
    links = []
    for path in CHART_PAGES:
        page = (SITE / path).read_text(encoding="utf-8")
        assert "data-nb-cite" not in page, f"{path}: a citation key left unlinked"
        links += re.findall(r'class="reference internal nb-cite" href="([^"]+)"', page)
    assert links, "no chart note cites a source"
    references = (SITE / "book/references.html").read_text(encoding="utf-8")
    for href in links:
        assert href.split("#")[0].endswith("references.html")
        assert f'id="{href.split("#")[1]}"' in references, href


@pytest.mark.parametrize("path", CHART_PAGES)
def test_downloads_exist(path):
    page = (SITE / path).read_text(encoding="utf-8")
    hrefs = re.findall(r'class="nb-vega-download" href="([^"]+)"', page)
    assert len(hrefs) == 2 * page.count('class="nb-vega-chart"')
    for href in hrefs:
        target = (SITE / path).parent / href
        assert target.exists() and target.stat().st_size > 100, href


# --- no text cut short, every panel labelled, slider values in their unit ----------------------

#: Sliders whose value is a count or a pure number, with no unit to show.
UNITLESS_SLIDERS = {"trial", "D", "n_pairings", "fraction_at_reference", "fm", "induction", "fraction_remaining"}


def _page_specs(path, cls):
    page = (SITE / path).read_text(encoding="utf-8")
    return [
        json.loads(payload.replace("<\\/", "</"))
        for payload in re.findall(rf'<script type="application/json" class="{cls}"[^>]*>(.*?)</script>', page, re.S)
    ]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_drawn_text_is_cut_short(path):
    """No text of a build-time drawing, wide or phone, is cut short with Vega's "…" (an axis's or
    legend's labelLimit, a text mark's limit): long labels wrap. The phone drawing is at most
    NARROW_MAX_PX wide, leaving room in a 375 px phone's box for the reader's (wider) fonts."""
    page = (SITE / path).read_text(encoding="utf-8")
    drawings = re.findall(
        r'<div class="nb-vega-static-(wide|narrow)" style="--nb-w:(\d+)px[^"]*">(.*?</svg>)', page, re.S
    )
    assert drawings
    problems = []
    for which, width, svg in drawings:
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S):
            text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
            if "\u2026" in text:
                problems.append(f"{which}: {text.strip()!r}")
        if which == "narrow" and int(width) > NARROW_MAX_PX:
            problems.append(f"narrow drawing {width} px wide (> {NARROW_MAX_PX})")
    assert problems == [], f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_phone_panel_keeps_its_axis_labels(path):
    """In the phone layout (panels stacked) every axis of every panel shows its labels: a panel
    that shared its neighbour's category labels side by side gets its own."""
    hidden = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for axis in node.get("axes") or []:
                if axis.get("labels") is False and not axis.get("grid"):  # Vega-Lite draws grids as axes of their own
                    hidden.append(f"{axis.get('scale')} axis ({axis.get('orient')}) has no labels")
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)

    for vg in _page_specs(path, "nb-vega-narrow"):
        walk(vg)
    assert hidden == [], f"{path}: {hidden}"


@pytest.mark.parametrize("path", CHART_PAGES)
def test_slider_values_carry_their_unit(path):
    """A slider's label reads "Name: value unit": its name gives the unit in parentheses ("Half-life
    (h)"), or the slider steps through labels that carry it ("10 min", "2 days")."""
    problems = []
    for spec in _page_specs(path, "nb-vega-spec"):
        steps = (spec.get("usermeta") or {}).get("slider_labels") or {}
        params = []

        def walk(node):
            if isinstance(node, list):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                params.extend(p for p in node.get("params") or [] if (p.get("bind") or {}).get("input") == "range")
                for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
                    walk(node.get(key))

        walk(spec)
        for param in params:
            name, unit = binding_label(param["bind"].get("name") or param["name"])
            if param["name"] in steps:
                bad = [label for label in steps[param["name"]] if not re.fullmatch(r"[\d.]+ [^\d\s]+", label)]
                if bad:
                    problems.append(f"{name}: step labels without a unit {bad[:3]}")
            elif not unit and param["name"] not in UNITLESS_SLIDERS:
                problems.append(f"slider {name!r} ({param['name']}) shows a value without its unit")
    assert problems == [], f"{path}: {problems}"


CUT_TEXTS = "() => [...document.querySelectorAll('.nb-vega > svg text')].map((t) => t.textContent).filter((t) => t.includes('\u2026'))"


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_live_chart_text_is_never_cut_short(browser, site_url, path, width):
    """The live chart, drawn with the reader's fonts, cuts no text short either: not as it opens,
    nor with any slider at either end, nor with any menu choice."""
    context, page, _ = _open(browser, site_url, path, viewport={"width": width, "height": 900})
    cut = {f"as drawn: {t!r}" for t in page.evaluate(CUT_TEXTS)}
    sliders = page.locator(".nb-vega input[type=range]")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        start = slider.input_value()
        for end in ("min", "max"):
            slider.fill(slider.get_attribute(end))
            slider.dispatch_event("input")
            page.wait_for_timeout(50)
            cut |= {f"{slider.get_attribute('name')} at its {end}: {t!r}" for t in page.evaluate(CUT_TEXTS)}
        slider.fill(start)
        slider.dispatch_event("input")
    menus = page.locator(".nb-vega select")
    for i in range(menus.count()):
        menu = menus.nth(i)
        for option in menu.locator("option").all_inner_texts():
            menu.select_option(label=option)
            page.wait_for_timeout(50)
            cut |= {f"{menu.get_attribute('name')} = {option}: {t!r}" for t in page.evaluate(CUT_TEXTS)}
    context.close()
    assert not cut, f"{path} at {width} px:\n" + "\n".join(sorted(cut))


@pytest.mark.parametrize("path", CHART_PAGES)
def test_keyboard_reaches_every_slider_and_disclosure(browser, site_url, path):
    context, page, _ = _open(browser, site_url, path)
    wanted = page.evaluate("""() => {
      const els = [...document.querySelectorAll('.nb-vega input, .nb-vega select, details.nb-vega-data > summary')];
      els.forEach((e, i) => e.dataset.kbd = i);
      return els.length;
    }""")
    reached = set()
    page.locator("body").focus()
    for _ in range(1500):
        page.keyboard.press("Tab")
        mark = page.evaluate(
            "document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.kbd : null"
        )
        if mark is not None:
            reached.add(mark)
            if len(reached) == wanted:
                break
    context.close()
    assert len(reached) == wanted, f"{path}: Tab reaches {len(reached)} of {wanted} sliders and disclosures"


# --- static first, interactive on demand ------------------------------------------------------

#: Time allowed (unthrottled) between the reader's first interaction with a figure and its live
#: chart: a check that the interaction makes the chart live, not a measure of speed.
LIVE_BUDGET_MS = 5_000
FACADE_PAGES = [p for p in CHART_PAGES if p.endswith("opioid-withdrawal.html")] or CHART_PAGES[:1]


@pytest.mark.parametrize("path", FACADE_PAGES)
def test_a_chart_goes_live_on_first_interaction(browser, site_url, path):
    """Each figure loads as its build-time drawing, with no Vega at all; a pointer over a figure
    makes that chart live, and a keyboard on a figure's slider placeholder (a real input, so
    Tab reaches it) makes that chart live with the focus and the value carried to its slider."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{site_url}/{path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    try:
        assert not [u for u in requests if "vega-bundle" in u], f"{path}: Vega loaded before any interaction"
        assert page.evaluate("window.nbVegaEmbedCount") == 0
        charts = page.locator(".nb-vega-chart")
        assert charts.count() >= 1
        ids = [charts.nth(i).locator(".nb-vega").get_attribute("id") for i in range(charts.count())]
        for chart_id in ids:
            assert page.locator(f"#{chart_id}-chart .nb-vega-static svg").first.is_visible()

        # A pointer over the first figure: that chart, and only that one, goes live.
        charts.first.scroll_into_view_if_needed()
        charts.first.hover()
        page.wait_for_function("(id) => window.nbVegaEmbeds[id] === 1", arg=ids[0], timeout=LIVE_BUDGET_MS)
        page.wait_for_timeout(100)
        assert page.locator(f"#{ids[0]}-chart .nb-vega[role=graphics-document] svg").count() == 1
        assert not page.locator(f"#{ids[0]}-chart .nb-vega-static").is_visible()
        assert page.evaluate("window.nbVegaEmbedCount") == 1, "a pointer over one figure drew others"

        # The keyboard on a slider placeholder of a figure not yet live.
        rest = [i for i in ids[1:] if page.locator(f"#{i}-chart .nb-static-bindings input[type=range]").count()]
        if rest:
            placeholder = page.locator(f"#{rest[0]}-chart .nb-static-bindings input[type=range]").first
            name, before = placeholder.get_attribute("name"), float(placeholder.input_value())
            placeholder.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(id) => window.nbVegaEmbeds[id] === 1", arg=rest[0], timeout=LIVE_BUDGET_MS)
            page.wait_for_timeout(100)
            active = page.evaluate(
                "() => { const a = document.activeElement; "
                "return {name: a.name, value: a.value, live: !!a.closest('.nb-vega')}; }"
            )
            assert active["live"] and active["name"] == name, f"{path}: focus did not follow to the live slider"
            assert float(active["value"]) > before, f"{path}: the value set before the chart was live was lost"
            page.keyboard.press("ArrowRight")
            assert page.evaluate("document.activeElement.closest('.nb-vega') !== null")
    finally:
        context.close()
    assert errors == []
