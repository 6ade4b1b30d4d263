"""book/practices/antidepressant.md: structure, and the literature values it types."""

from __future__ import annotations

from neuroadapt.discontinuation import DISCONTINUATION_DEFAULTS
from neuroadapt.drugs import drug_value
from pages import code, directive_body, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/antidepressant")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_onset_window_and_durations_are_the_drug_tables():
    """Paroxetine's own onset window (1-3 days, Michelson 2000; Black 2000), not the 2-4 days
    of SSRIs with longer half-lives; NICE CG90's 'about 1 week', not 1-2 weeks."""
    onset = (f"{drug_value('paroxetine', 'withdrawal_onset_h', bound='low') / 24:g}-"
             f"{drug_value('paroxetine', 'withdrawal_onset_h', bound='high') / 24:g} day window")
    nice_weeks = drug_value("paroxetine", "withdrawal_duration_d", source="nice2009", bound="high") / 7
    solution = directive_body(TEXT, "solution", "practices-antidepressant-ex-relapse")
    states(solution, onset, f"self-limiting over about {nice_weeks:g} week", "NG222")
    states(code(TEXT), onset)  # the self-check's explanation
    assert "2-4 day" not in TEXT and "1-2 weeks" not in TEXT


def _incidence(source, group="antidepressant"):
    from neuroadapt._data import read_table

    table = read_table("antidepressant_discontinuation_incidence.csv", numeric=("incidence", "severe"))
    return table[(table["source"] == source) & (table["group"] == group)].iloc[0]


def test_incidence_gives_both_reviews_from_the_data_table():
    """Davies & Read 2019 (56 %, 46 % of those severe) beside Henssler et al. 2024 (31 %, 17 %
    after placebo, 2.8 % severe)."""
    solution = directive_body(TEXT, "solution", "practices-antidepressant-ex-relapse")
    davies, henssler = _incidence("davies2019"), _incidence("henssler2024")
    placebo = _incidence("henssler2024", "placebo")
    states(solution, f"affect {100 * davies.incidence:.0f}% of the people who stop, are severe for "
                     f"{100 * davies.severe:.0f}%",
           f"found symptoms in {100 * henssler.incidence:.0f}% ({100 * placebo.incidence:.0f}% after stopping a placebo) "
           f"and severe symptoms in {100 * henssler.severe:.1f}%",
           f"({100 * henssler.incidence:.0f}%, against {100 * placebo.incidence:.0f}% after stopping a placebo)")
    assert round(henssler.incidence * 3, 1) == 0.9 and "about a third" in solution


def test_last_linear_step_is_a_share_of_stopping_at_once_not_almost_all():
    solution = directive_body(TEXT, "solution", "practices-antidepressant-ex-linear")
    assert "almost as large" not in solution
    states(solution, "{glue:text}`antidepressant_linear_last_share_pct:.0f` % of the occupancy")


def test_relapse_rates_are_the_models():
    """'41 % against 18 %' (Geddes et al. 2003)."""
    p = DISCONTINUATION_DEFAULTS
    states(prose(TEXT), f"({100 * p.relapse_fraction_stopped:.0f} %\nagainst {100 * p.relapse_fraction_continued:.0f} %")


def test_imaging_occupancy_is_the_drug_tables():
    occupancy = round(100 * drug_value("paroxetine", "sert_occupancy_at_min_dose", source="meyer2001"), 9)
    states(directive_body(TEXT, "exercise", "practices-antidepressant-ex-linear"), f"about {occupancy:g} %")
    states(directive_body(TEXT, "solution", "practices-antidepressant-ex-linear"), f"imaging study's {occupancy:g} %")
