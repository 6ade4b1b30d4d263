"""book/principles/index.md (the chapter's opening page): what only the page can get wrong.

The span of the adaptation clock is glued; the figure is numbered, and the timescales it
draws come from the pages that explain them.
"""

from __future__ import annotations

import pytest

from neuroadapt_book.figures.receptors import adaptation_timescales
from pages import glue_figures, glue_format_problems, read_page, run_page, structure_problems

PAGE = "principles/index"
TEXT = read_page(PAGE)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_timescales_figure_is_numbered():
    assert list(glue_figures(TEXT)) == ["fig-adaptation-timescales"]


def test_every_bar_belongs_to_a_page_of_the_chapter():
    """Each bar is labelled with the page that explains it, and that page is listed here."""
    titles = {"Desensitization and downregulation": "desensitization-downregulation", "Tolerance": "tolerance",
              "Opioid withdrawal": "opioid-withdrawal", "Alcohol withdrawal": "alcohol-withdrawal",
              "Allostasis": "allostasis"}
    assert set(adaptation_timescales()["page"]) == set(titles)
    for page in titles.values():
        assert f"{{doc}}`{page}`" in TEXT
