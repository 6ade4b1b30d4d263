"""Every page of the built site, opened in headless Chromium.

On every page: no request leaves the local server (no CDN), no console error,
every chart drawn as an SVG with an aria-label, every slider changes its
drawing, axe-core finds no serious or critical violation, and the page's own
bytes (its HTML with the inline chart data; shared static files excluded)
stay under the budget.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_nothing_from_other_hosts_and_logs_no_error(visit, path):
    v = visit(path)
    assert v.response is not None and v.response.ok
    assert v.foreign_requests == [], f"requests to other hosts: {v.foreign_requests}"
    assert v.failed_requests == [], f"failed requests: {v.failed_requests}"
    assert v.console_errors == [], f"console errors: {v.console_errors}"


@pytest.mark.parametrize("path", PAGES)
def test_charts_drawn_as_labelled_svg(visit, path):
    v = visit(path)
    specs = v.page.locator("script.nb-vega-spec").count()
    # Vega's SVG renderer labels the drawing's container (role graphics-document).
    charts = v.page.locator("figure.nb-vega-figure .nb-vega[role=graphics-document]")
    assert charts.count() == specs, f"{specs} chart specs but {charts.count()} drawn charts"
    for i in range(specs):
        chart = charts.nth(i)
        label = chart.get_attribute("aria-label") or ""
        assert len(label) > 40, f"chart {i} has no meaningful aria-label: {label!r}"
        svg = chart.locator(":scope > svg")
        assert svg.count() == 1, f"chart {i} is not drawn as an SVG"
        assert svg.locator("path, line, text").count() > 5, f"chart {i} SVG is empty"
        caption = v.page.locator("figure.nb-vega-figure figcaption").nth(i).inner_text()
        assert caption.strip(), f"chart {i} has no caption"


@pytest.mark.parametrize("path", PAGES)
def test_sliders_change_the_drawing(visit, path):
    v = visit(path)
    sliders = v.page.locator(".nb-vega input[type=range]")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        chart = slider.locator("xpath=ancestor::div[contains(@class,'nb-vega')][1]")
        before = chart.locator("svg").inner_html()
        low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
        current = float(slider.input_value())
        target = low if current - low > high - current else high
        slider.fill(str(int(target) if target.is_integer() else target))
        v.page.wait_for_timeout(150)
        after = chart.locator("svg").inner_html()
        assert after != before, f"slider {i} ({slider.get_attribute('name')}) did not change the drawing"


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(visit, path):
    from axe_playwright_python.sync_playwright import Axe

    v = visit(path)
    results = Axe().run(v.page)
    bad = [
        f"{x['id']} ({x['impact']}): {x['help']} -> {[n['target'] for n in x['nodes']][:5]}"
        for x in results.response["violations"]
        if x["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)
