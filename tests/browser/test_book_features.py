"""Reader-facing features of the built book, checked in Chromium.

Glossary terms show their definition on hover (sphinx-tippy, served locally),
exercise solutions stay hidden until the reader opens them, the front
matter carries the teaching-only notice, and every chart is a numbered figure
(one figure, one numbered caption, a no-JavaScript description) that other
pages can reference.
"""

from __future__ import annotations

import re

import pytest

from .conftest import SITE, pages_with, site_pages


def test_front_matter_has_the_teaching_only_notice():
    html = (SITE / "book/index.html").read_text(encoding="utf-8")
    assert "Teaching material, not medical advice" in html


def test_glossary_has_every_term_of_the_source():
    html = (SITE / "book/glossary.html").read_text(encoding="utf-8").lower()
    terms = [
        "adenylyl cyclase",
        "agonist",
        "alcohol withdrawal",
        "allostasis",
        "allostatic load",
        "amygdala",
        "arrestin",
        "barbiturates",
        "behavioral science",
        "dopamine",
        "drug dependence",
        "endocytosis",
        "excitatory neurotransmitter",
        "homeostasis",
        "hypersensitivity",
        "inhibitory neurotransmitter",
        "intracellular signaling",
        "locus coeruleus",
        "neuroadaptation",
        "neurobiology",
        "neurochemistry",
        "norepinephrine",
        "opioid receptors",
        "opioid withdrawal",
        "pathology",
        "pharmacodynamic tolerance",
        "pharmacokinetic tolerance",
        "pharmacology",
        "physical dependence",
        "physiological adaptation",
        "physiological dependence",
        "withdrawal syndrome",
    ]
    assert len(terms) == 32
    missing = [t for t in terms if f'id="term-{t.replace(" ", "-")}"' not in html]
    assert missing == []


@pytest.mark.parametrize("path", pages_with("std-term")[:2])
def test_glossary_term_shows_definition_on_hover(visit, path):
    """The tips load on first use (tips-lazy.js): nothing of them before the reader points at a link."""
    v = visit(path)
    assert v.page.evaluate("window.tippy === undefined"), "the tips loaded before anyone pointed at a link"
    term = v.page.locator("article a.reference.internal:has(span.std-term)").first
    term.scroll_into_view_if_needed()
    term.hover()
    tip = v.page.locator("[data-tippy-root] .tippy-content")
    tip.first.wait_for(state="visible", timeout=5000)
    assert len(tip.first.inner_text().strip()) > 20


@pytest.mark.parametrize("path", pages_with("solution dropdown")[:2])
def test_solutions_are_hidden_until_opened(visit, path):
    v = visit(path)
    solution = v.page.locator("div.solution.dropdown").first
    body = solution.locator("section, p").last
    assert not body.is_visible(), "a solution is visible before the reader opens it"
    button = solution.locator("button.toggle-button").first
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    body.wait_for(state="visible", timeout=3000)
    assert body.is_visible()


def test_exercises_exist_on_intro_pages():
    assert len(pages_with("exercise admonition")) >= 2


# --- numbered figures (read from the built HTML; no browser needed) -----------------------

FIGURE_RE = re.compile(r'<figure\b[^>]*\bid="(fig-[^"]+)"[^>]*>(.*?)</figure>', re.S)


@pytest.mark.parametrize("path", pages_with("nb-vega-spec"))
def test_every_chart_is_a_numbered_figure_without_nested_figures(path):
    html = (SITE / path).read_text(encoding="utf-8")
    charts = html.count('class="nb-vega-chart"')
    figures = {name: body for name, body in FIGURE_RE.findall(html) if "nb-vega-chart" in body}
    assert len(figures) == charts, f"{path}: {charts} charts but {len(figures)} numbered figures hold them"
    for name, body in figures.items():
        assert "<figure" not in body, f"{path}#{name}: a figure nested in the figure"
        assert body.count("<figcaption") == 1, f"{path}#{name}: not exactly one figcaption"
        assert 'class="caption-number">Fig.' in body, f"{path}#{name}: the caption is not numbered"
        assert "<noscript><p>" in body, f"{path}#{name}: no text description for readers without JavaScript"


def test_a_figure_is_referenced_from_another_page():
    """{numref} works across pages: some page links to a numbered figure of another page."""
    links = []
    for path in site_pages():
        html = (SITE / path).read_text(encoding="utf-8")
        for href, name in re.findall(r'<a class="reference internal" href="([^"#]+\.html)#(fig-[^"]+)"', html):
            links.append((path, href, name))
    assert links, "no page references a figure of another page with {numref}"
