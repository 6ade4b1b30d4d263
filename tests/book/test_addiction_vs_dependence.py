"""book/principles/addiction-vs-dependence.md: what only the page can get wrong.

Computed numbers (rank correlations, counts, durations) are glued; the withdrawal course
of heroin, the antidepressants and the other drugs is typed as literature, so it is checked
against the drug table; the labels of the quadrant exercise come from ``quadrant``.
"""

from __future__ import annotations

import pytest

from neuroadapt.dependence_map import quadrant
from neuroadapt.drugs import drug_value
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "principles/addiction-vs-dependence"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def rng(drug: str, quantity: str, scale: float = 1.0) -> str:
    low = drug_value(drug, quantity, bound="low") / scale
    high = drug_value(drug, quantity, bound="high") / scale
    return f"{low:g}–{high:g}"


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered_and_refers_to_the_map():
    figures = glue_figures(TEXT)
    assert list(figures) == ["fig-withdrawal-course"]
    assert "{numref}`fig-dependence-map`" in figures["fig-withdrawal-course"]["caption"]


def test_typed_withdrawal_courses_match_the_drug_table():
    assert f"begins {rng('heroin', 'withdrawal_onset_h')} hours after the last dose" in PROSE
    # "peaks in the second or third day": the published peak lies within days 2-3
    assert 24 <= drug_value("heroin", "withdrawal_peak_h", bound="low") <= drug_value("heroin", "withdrawal_peak_h", bound="high") <= 72
    assert "peaks in the second or third day" in PROSE
    assert f"fades over {rng('heroin', 'withdrawal_duration_d')} days" in PROSE
    # venlafaxine and paroxetine start earliest, not late (Parker 1998; Michelson 2000; Black 2000)
    assert drug_value("venlafaxine", "withdrawal_onset_h", bound="high") <= 24
    assert "venlafaxine, with a half-life of about " f"{drug_value('venlafaxine', 'half_life_h'):g} hours, within about a day" in PROSE
    assert f"paroxetine within {rng('paroxetine', 'withdrawal_onset_h', 24)} days" in PROSE
    assert drug_value("paroxetine", "withdrawal_onset_h", bound="high") < drug_value("sertraline", "withdrawal_onset_h", bound="high")
    assert "start late" not in PROSE
    assert drug_value("diazepam", "withdrawal_onset_h", bound="high") == 7 * 24
    assert "may not begin for up to a week" in PROSE
    assert rng("nicotine", "withdrawal_duration_d", 7) == "2–4"
    assert "two to four weeks" in PROSE
    assert drug_value("alcohol", "withdrawal_duration_d") == 6 and "alcohol's six days" in PROSE
    assert drug_value("nicotine", "withdrawal_duration_d") == 21 and "nicotine's three weeks" in PROSE


def test_figure_order_claims():
    """The prose: cocaine is second from the top, the antidepressants at the bottom."""
    from neuroadapt_book.figures.tolerance import withdrawal_course_table

    table = withdrawal_course_table()
    assert list(table["drug"][:2]) == ["heroin", "cocaine"]
    assert set(table["drug"][-2:]) == {"paroxetine", "venlafaxine"}
    assert "Cocaine, second from the top" in PROSE


def test_quadrant_exercise_labels_come_from_lib():
    body = solution_body(TEXT, "principles-ex-quadrant-task")
    assert f'`quadrant(0.6, 0.7)` returns **"{quadrant(0.6, 0.7)}"**' in body
    assert f'`quadrant(0.7, 0.2)` returns **"{quadrant(0.7, 0.2)}"**' in body


def test_rank_correlation_answer_names_the_extremes(glued):
    """The solution names cocaine and nicotine as the shortest and longest courses it glues."""
    assert drug_value("cocaine", "withdrawal_duration_d") == glued["rank_shortest_d"]
    assert drug_value("nicotine", "withdrawal_duration_d") == glued["rank_longest_d"]


def incidence(source: str, group: str = "antidepressant"):
    from neuroadapt._data import read_table

    table = read_table("antidepressant_discontinuation_incidence.csv",
                       numeric=("incidence", "incidence_low", "incidence_high", "severe"))
    return table[(table["source"] == source) & (table["group"] == group)].iloc[0]


def pct(x: float) -> str:
    return f"{100 * x:.3g}%"


def test_antidepressant_withdrawal_incidence_is_presented_as_disputed():
    """Davies & Read 2019 (56%, 46% of those severe) beside Henssler et al. 2024 (31% after an
    antidepressant, 17% after placebo, 2.8% severe), read from the data table."""
    davies, henssler, placebo = incidence("davies2019"), incidence("henssler2024"), incidence("henssler2024", "placebo")
    assert f"put it at {pct(davies.incidence)}, with {pct(davies.severe)} of those rating them severe" in PROSE
    assert (f"found {pct(henssler.incidence)} after stopping an antidepressant, but also "
            f"{pct(placebo.incidence)} after stopping a placebo, and severe symptoms in {pct(henssler.severe)}") in PROSE
    assert "disputed" in PROSE and "More than half of the people" not in PROSE


def test_dsm5_needs_impairment_or_distress_not_a_count_alone():
    assert "clinically significant impairment or distress, shown by at least 2 of 11 criteria" in PROSE
    assert "Rosa" not in TEXT  # the practices page has a different patient of that name


def test_cocaine_shortest_course_is_the_crash_only():
    assert "only the acute crash" in PROSE and "gawin1986" in PROSE


def test_rank_correlation_says_which_duration_source_it_uses():
    """drug_value's default source for the antidepressants is NICE 2009; with Davies & Read's
    lower bound they rank among the longest and the correlation is still not positive."""
    import pandas as pd

    from neuroadapt.dependence_map import placement, placements
    from neuroadapt.drugs import drug_sources

    assert drug_sources("paroxetine", "withdrawal_duration_d")[0] == "nice2009"
    exercise = " ".join(TEXT.split(":label: principles-ex-rank-correlation", 1)[1].split("```", 1)[0].split())
    assert "nice2009" in exercise and "about 1 week" in exercise
    rows = []
    for drug in placements()["drug"]:
        try:
            duration = drug_value(drug, "withdrawal_duration_d")
        except ValueError:
            continue
        if "davies2019" in drug_sources(drug, "withdrawal_duration_d"):
            duration = drug_value(drug, "withdrawal_duration_d", source="davies2019", bound="low")
        rows.append({"drug": drug, "reinforcement": placement(drug)["reinforcement"], "duration_d": duration})
    table = pd.DataFrame(rows)
    assert table["reinforcement"].corr(table["duration_d"], method="spearman") <= 0
    longest = set(table.nlargest(3, "duration_d")["drug"])
    assert {"paroxetine", "venlafaxine"} <= longest
    assert "rank among the longest courses, which still gives no positive relation" in PROSE


def test_nice_cg90_about_a_week_and_its_replacement():
    assert drug_value("paroxetine", "withdrawal_duration_d", source="nice2009", bound="high") == 7
    assert "over within about a week {cite:p}`nice2009`; its 2022 replacement" in PROSE and "nice2022" in PROSE
