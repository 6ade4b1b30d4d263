"""book/principles/opioid-withdrawal.md: what only the page can get wrong.

Model numbers are glued; the published onset and duration of heroin and methadone
withdrawal are typed, so they are checked against the drug table, and the model parameters
the text quotes against the model's defaults.
"""

from __future__ import annotations

import json

import pytest

from neuroadapt.drugs import drug_value
from neuroadapt.locus_coeruleus import LOCUS_COERULEUS_DEFAULTS
from neuroadapt.opponent_process import SOLOMON_CORBIT_DEFAULTS
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "principles/opioid-withdrawal"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def rng(drug: str, quantity: str) -> str:
    return f"{drug_value(drug, quantity, bound='low'):g} to {drug_value(drug, quantity, bound='high'):g}"


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figures_are_numbered_and_the_introduction_is_referenced():
    assert list(glue_figures(TEXT)) == ["fig-solomon-corbit", "fig-lc-homeostat"]
    assert "{numref}`fig-counter-adaptation`" in TEXT  # a figure of another page


def test_typed_withdrawal_timing_matches_the_drug_table():
    assert (f"Withdrawal from heroin, which is short-acting, starts within {rng('heroin', 'withdrawal_onset_h')} "
            f"hours and lasts {rng('heroin', 'withdrawal_duration_d')} days") in PROSE
    assert f"starts later, {rng('methadone', 'withdrawal_onset_h')} hours" in PROSE
    assert f"runs milder but longer, {rng('methadone', 'withdrawal_duration_d')} days" in PROSE


def test_quoted_model_parameters_match_the_defaults():
    i_max = LOCUS_COERULEUS_DEFAULTS.max_inhibition
    assert f"$I_{{max}} = {i_max:g}$" in TEXT
    assert 1 / (1 - i_max) == 4 and "ceiling of 4" in PROSE
    tau_ac = LOCUS_COERULEUS_DEFAULTS.time_constant_ac_h
    assert f"$\\tau_{{AC}}/(1 - I) = {tau_ac:g}/{1 - i_max:g} = {tau_ac / (1 - i_max):g}$" in TEXT
    assert SOLOMON_CORBIT_DEFAULTS.time_constant_gain_h == 48
    assert "relaxes with a time constant of two days" in solution_body(TEXT, "opioid-wd-ex-double")


def test_solution_claims_hold_for_the_glued_values(glued):
    assert glued["double_trough"] <= 2 * glued["double_first_trough"]  # "more than twice as deep"
    assert glued["ninety_peak"] >= 0.9 / (1 - LOCUS_COERULEUS_DEFAULTS.max_inhibition)
    assert glued["fade_abrupt_after_h"] < 1 < glued["fade_slow_after_h"]
    assert glued["fade_slow_peak"] < glued["fade_abrupt_peak"]


@pytest.mark.parametrize("builder", ["solomon_corbit_chart", "lc_homeostat_chart"])
def test_figures_are_small_interactive_and_described(builder):
    from neuroadapt_book.figures import opponent

    spec = getattr(opponent, builder)().to_dict()
    assert len(json.dumps(spec, separators=(",", ":"))) < 300_000
    assert len(spec["description"]) > 200
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert len(params) == 1 and params[0]["bind"]["input"] == "range"


def test_teaching_notice_and_the_exceptions_to_rarely_dangerous():
    """The page discusses treatment, so it carries the teaching-only notice; 'rarely dangerous'
    names its exceptions: pregnancy, frail patients, overdose after tolerance is lost."""
    assert "Teaching material, not medical advice" in TEXT
    for phrase in ("In pregnancy", "frail or ill patient", "tolerance is lost within days",
                   "{cite:p}`acog2017`", "{cite:p}`darke2017`", "{cite:p}`strang2003`"):
        assert phrase in PROSE


def test_lc_model_cyclase_rise_is_illustrative_and_afferents_contribute():
    """The model's fourfold cyclase is illustrative (measured rises are tens of percent,
    Terwilliger et al. 1991); part of LC withdrawal hyperactivity is afferent (Akaoka & Aston-Jones
    1991; Christie et al. 1997)."""
    for phrase in ("fourfold rise is an illustrative choice", "{cite:p}`terwilliger1991`",
                   "{cite:p}`akaoka1991`", "{cite:p}`christie1997`"):
        assert phrase in PROSE


def test_after_reaction_growth_is_the_glued_ratio(glued):
    """Review item: 'the after-reaction triples' was typed about glued troughs; the ratio is glued."""
    assert glued["sc_trough_ratio"] == pytest.approx(glued["sc_trough_last"] / glued["sc_trough_first"])
    assert glued["sc_trough_ratio"] > 1
    assert "triples" not in PROSE
