"""Every page of the built site, opened once in headless Chromium.

On every page: no request leaves the local server (no CDN), no request fails,
no console error, every chart is drawn as an SVG labelled with its text
description and is a numbered figure ("Fig. N") with a caption, every slider
changes its drawing, and axe-core
finds no serious or critical violation. Each page's own bytes (its HTML with
the inline chart data; shared static files excluded) stay under the budget.

The checks share one visit per page (opening a page is the slow part); each
check reports its own failures, and the test lists them all.
"""

from __future__ import annotations

import re

import pytest

from .conftest import SITE, site_pages

PAGE_BUDGET_BYTES = 1_500_000
PAGES = site_pages()


def test_site_has_pages():
    assert "index.html" in PAGES, "the built site has no index.html: run `make book`"
    assert len(PAGES) >= 4


@pytest.mark.parametrize("path", PAGES)
def test_page_bytes_within_budget(path):
    size = (SITE / path).stat().st_size
    assert size < PAGE_BUDGET_BYTES, f"{path} is {size:,} bytes (budget {PAGE_BUDGET_BYTES:,})"


def check_requests(v) -> list[str]:
    problems = []
    if v.response is None or not v.response.ok:
        problems.append(f"page did not load: {v.response and v.response.status}")
    problems += [f"request to another host: {u}" for u in v.foreign_requests]
    problems += [f"failed request: {u}" for u in v.failed_requests]
    problems += [f"console error: {m}" for m in v.console_errors]
    return problems


def check_charts(v) -> list[str]:
    """Every chart is drawn, labelled, and shown as a numbered figure with a caption.

    A chart is a ``div.nb-vega-chart`` inside the figure of a ``{glue:figure}``
    directive: the figure has an id that ``{numref}`` can reference, and its
    ``figcaption`` starts with the number Sphinx gave it ("Fig. 2.3") followed by
    the caption written in the page.
    """
    problems = []
    specs = v.page.locator("script.nb-vega-spec").count()
    # Vega's SVG renderer labels the drawing's container (role graphics-document).
    charts = v.page.locator(".nb-vega-chart .nb-vega[role=graphics-document]")
    if charts.count() != specs:
        return [f"{specs} chart specs but {charts.count()} drawn charts"]
    ids = v.page.eval_on_selector_all(".nb-vega", "els => els.map((e) => e.id)")
    if len(set(ids)) != len(ids):
        problems.append(f"chart ids are not unique: {ids}")
    for i in range(specs):
        chart = charts.nth(i)
        label = chart.get_attribute("aria-label") or ""
        if len(label) < 40:
            problems.append(f"chart {i} has no meaningful aria-label: {label!r}")
        svg = chart.locator(":scope > svg")
        if svg.count() != 1:
            problems.append(f"chart {i} is not drawn as an SVG")
        elif svg.locator("path, line, text").count() <= 5:
            problems.append(f"chart {i} SVG is empty")
        figure = chart.locator("xpath=ancestor::figure[1]")
        if figure.count() != 1:
            problems.append(f"chart {i} ({ids[i]}) is not inside a figure")
            continue
        if figure.locator("figure").count():
            problems.append(f"chart {i} ({ids[i]}) sits in a figure nested in another figure")
        if not (figure.get_attribute("id") or ""):
            problems.append(f"chart {i} ({ids[i]}): its figure has no id for {{numref}}")
        caption = figure.locator(":scope > figcaption")
        text = " ".join(caption.first.inner_text().split()) if caption.count() == 1 else ""
        number = re.match(r"Fig\. [0-9.]+\s*", text)
        if not number:
            problems.append(f"chart {i} ({ids[i]}) has no numbered caption (figcaption with 'Fig. N'): {text!r}")
        elif len(text) - number.end() < 20:
            problems.append(f"chart {i} ({ids[i]}) has a number but no caption text: {text!r}")
    return problems


def check_sliders(v) -> list[str]:
    problems = []
    sliders = v.page.locator(".nb-vega input[type=range]")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        chart = slider.locator("xpath=ancestor::div[contains(@class,'nb-vega')][1]")
        before = chart.locator("svg").inner_html()
        low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
        current = float(slider.input_value())
        target = low if current - low > high - current else high
        slider.fill(str(int(target) if target.is_integer() else target))
        for _ in range(30):  # Vega redraws asynchronously; allow up to 3 s on a busy machine
            v.page.wait_for_timeout(100)
            if chart.locator("svg").inner_html() != before:
                break
        else:
            problems.append(f"slider {i} ({slider.get_attribute('name')}) did not change the drawing")
    return problems


def check_accessibility(v) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # preload=False: axe's CSSOM preload re-fetches @import-ed stylesheets relative
    # to the page instead of the stylesheet (404s that a reader never causes).
    results = Axe().run(v.page, options={"preload": False})
    return [
        f"axe {x['id']} ({x['impact']}): {x['help']} -> {[n['target'] for n in x['nodes']][:5]}"
        for x in results.response["violations"]
        if x["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_page_in_browser(visit, path):
    v = visit(path)
    # Accessibility first, on the page as loaded, then the interactive checks.
    problems = check_accessibility(v) + check_charts(v) + check_sliders(v)
    problems += check_requests(v)  # last, so errors raised by the interactions are caught too
    assert problems == [], f"{path}:\n" + "\n".join(problems)
