"""book/introduction/index.md (the chapter's opening page): what only the page can get wrong.

Its numbers (the net effect before and after the drug stops) are glued from the executing
page, so they are not recomputed here; the tests check that every pasted name is glued and
formats, and that the figure is a numbered figure with its caption in the page.
"""

from __future__ import annotations

import pytest

from pages import glue_figures, glue_format_problems, read_page, run_page, structure_problems

PAGE = "introduction/index"
TEXT = read_page(PAGE)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_counter_adaptation_figure_is_numbered_with_its_caption():
    figures = glue_figures(TEXT)
    assert list(figures) == ["fig-counter-adaptation"]
    assert figures["fig-counter-adaptation"]["key"] == "counter_adaptation_chart"
    assert "illustrative" in figures["fig-counter-adaptation"]["caption"].lower()


def test_antidepressant_withdrawal_incidence_is_a_range_from_the_data_table():
    """'about a third in trials (against a sixth after stopping a placebo) to more than half in
    surveys': Henssler et al. 2024 and Davies & Read 2019, read from the data table."""
    from neuroadapt._data import read_table
    from pages import prose

    table = read_table("antidepressant_discontinuation_incidence.csv", numeric=("incidence",))
    rate = {(r.source, r.group): r.incidence for r in table.itertuples()}
    assert round(3 * rate["henssler2024", "antidepressant"]) == 1
    assert round(6 * rate["henssler2024", "placebo"]) == 1
    assert rate["davies2019", "antidepressant"] > 0.5
    assert ("from about a third in trials (against a sixth after stopping a placebo) to more than half in surveys"
            in prose(TEXT))
