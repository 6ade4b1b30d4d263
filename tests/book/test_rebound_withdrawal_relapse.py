"""book/principles/rebound-withdrawal-relapse.md: what only the page can get wrong.

Model numbers are glued. The half-lives and relapse proportions the page types are
literature values, checked against their one home (the drug table, and the defaults of
``DiscontinuationParams`` that hold Geddes et al.'s proportions); the labels of the
classification exercise come from ``classify_course``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from neuroadapt.discontinuation import DISCONTINUATION_DEFAULTS, classify_course
from neuroadapt.drugs import drug_value
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "principles/rebound-withdrawal-relapse"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered_and_the_introduction_is_referenced():
    assert list(glue_figures(TEXT)) == ["fig-aftermath"]
    assert "{numref}`fig-counter-adaptation`" in TEXT


def test_typed_half_lives_match_the_drug_table():
    body = solution_body(TEXT, "rwr-ex-halflife")
    for drug in ("venlafaxine", "paroxetine", "fluoxetine"):
        assert f"{drug.capitalize() if drug == 'venlafaxine' else drug} ({drug_value(drug, 'half_life_h'):g} h)" in body
    metabolite = {b: drug_value("fluoxetine", "metabolite_half_life_h", bound=b) / 24 for b in ("low", "high")}
    typical = drug_value("fluoxetine", "metabolite_half_life_h") / 24
    assert f"half-life of about {typical:g} days ({metabolite['low']:g} to {metabolite['high']:g} days;" in body
    assert f"With a {drug_value('paroxetine', 'half_life_h'):g}-hour half-life" in solution_body(TEXT, "rwr-ex-relapse")


def test_typed_relapse_proportions_match_the_model_defaults():
    stopped = round(100 * DISCONTINUATION_DEFAULTS.relapse_fraction_stopped)
    continued = round(100 * DISCONTINUATION_DEFAULTS.relapse_fraction_continued)
    assert f"{stopped} % of those who stopped relapsed, against {continued} %" in PROSE
    assert f"{stopped} % relapsed within about a year against {continued} % who continued" in PROSE
    assert DISCONTINUATION_DEFAULTS.relapse_horizon_d == 365 and "$T$ = 365 days" in PROSE


def test_classification_labels_come_from_lib():
    labels = classify_course(onset_d=[1, 2, 70], new_symptoms=[False, True, False], duration_d=[3, 21, np.inf])
    bold = re.findall(r"\*\*(\w+)\*\*", solution_body(TEXT, "rwr-ex-classify"))
    assert bold == labels.tolist()


def test_solution_claims_hold_for_the_glued_values(glued):
    # the longer the half-life, the later and milder the withdrawal
    days = [glued[f"wd_{d}_day"] for d in ("venlafaxine", "paroxetine", "fluoxetine")]
    peaks = [glued[f"wd_{d}_peak"] for d in ("venlafaxine", "paroxetine", "fluoxetine")]
    assert days == sorted(days) and peaks == sorted(peaks, reverse=True)
    assert glued["relapse_year"] == pytest.approx(DISCONTINUATION_DEFAULTS.relapse_fraction_stopped, abs=0.005)
    assert glued["relapse_year_continued"] == pytest.approx(DISCONTINUATION_DEFAULTS.relapse_fraction_continued, abs=0.005)


def test_incidence_of_antidepressant_withdrawal_is_a_disputed_range():
    """Davies & Read 2019 beside Henssler et al. 2024, both read from the data table."""
    from neuroadapt._data import read_table
    from pages import prose

    table = read_table("antidepressant_discontinuation_incidence.csv", numeric=("incidence", "severe"))
    row = {(r.source, r.group): r for r in table.itertuples()}
    text = prose(TEXT)
    assert f"found withdrawal effects in about {100 * row['davies2019', 'antidepressant'].incidence:.0f} %" in text
    assert (f"found {100 * row['henssler2024', 'antidepressant'].incidence:.0f} %, against "
            f"{100 * row['henssler2024', 'placebo'].incidence:.0f} % after stopping a placebo, and severe symptoms in "
            f"{100 * row['henssler2024', 'antidepressant'].severe:.1f} %") in text


def test_three_courses_framing_names_the_persistent_disorder_and_the_hazard_caveat():
    from pages import prose

    text = prose(TEXT)
    intro = text.split("| | Symptoms |", 1)[0]
    assert "persistent post-withdrawal disorder" in intro
    assert "understates early relapse" in text and "switched people from the drug to placebo abruptly" in text


def test_shape_model_starts_before_the_published_onset():
    """'its venlafaxine withdrawal starts {wd_venlafaxine_first_h} hours after the last dose, before
    the {wd_venlafaxine_onset_low_h} hours at which the drug table's window opens' (issue 11)."""
    from neuroadapt.discontinuation import withdrawal_course

    assert "the model gives the order, not the clock" in PROSE.lower()
    t = np.linspace(0.0, 60.0, 6001)  # the exercise's grid
    w = withdrawal_course(t, drug_value("venlafaxine", "half_life_h"))
    assert 24 * t[np.argmax(w > 0)] < drug_value("venlafaxine", "withdrawal_onset_h", bound="low")


def test_page_says_why_two_after_last_dose_models_remain():
    """Issue 11: withdrawal_course shares its core and defaults with the timing model of the
    physiology page; the page says how they differ and why the closed form stays."""
    from neuroadapt.feedback_withdrawal import FEEDBACK_WITHDRAWAL_DEFAULTS as F

    assert "This formula gives the shape of withdrawal, not its clock." in PROSE
    assert "same adaptation $A(t)$, with the same gain and time constant" in PROSE
    assert F.adaptation_gain == DISCONTINUATION_DEFAULTS.adaptation_gain
    assert F.adaptation_time_constant_h == 24 * DISCONTINUATION_DEFAULTS.time_constant_adaptation_d
    # "delays the symptom by about a day": the signal's half-life is 12-36 h
    assert 12 <= np.log(2) / F.signal_turnover_rate_per_h <= 36
