"""Answers of the exercises on the pages Designing Tapers and Physiology and Pharmacokinetics.

Each test recomputes, with the same lib call, the number a worked solution states,
so that a change in a model can never leave a wrong solution in the book. The
figure builders of both pages are also checked for the claims their prose makes.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuroadapt.enzyme_inhibition import competitive_inhibition_fold_change, coprescribed_clearance
from neuroadapt.pharmacokinetics import (
    steady_state_average,
    time_below_threshold,
    time_to_fraction_of_steady_state,
)
from neuroadapt.benzodiazepine_taper import diazepam_equivalent
from neuroadapt.occupancy_taper import hyperbolic_schedule, schedule_occupancy
from neuroadapt.opioid_taper import morphine_milligram_equivalent, opioid_taper
from neuroadapt.taper_schedules import round_to_measurable

# --------------------------------------------------------------------------
# Designing tapers
# --------------------------------------------------------------------------


def test_citalopram_schedule_matches_published_doses():
    """The page's table: the model within 0.15 mg of Horowitz & Taylor 2019."""
    dose = hyperbolic_schedule("citalopram", 20, 10).dose_mg
    published = np.array([20, 9.1, 5.4, 3.4, 2.3, 1.5, 0.8])
    assert np.max(np.abs(dose[: published.size] - published)) < 0.16
    assert round(float(dose[7]), 2) == 0.34 and dose[-1] == 0.0


def test_exercise_fourth_dose():
    dose = hyperbolic_schedule("citalopram", 20, 10)
    assert round(float(dose.dose_mg[3]), 2) == 3.40
    assert round(float(dose.occupancy_pct[3]), 1) == 50.0
    fine = hyperbolic_schedule("citalopram", 20, 5).dose_mg
    assert fine.size - 1 == 16
    assert round(float(fine[3]), 2) == 6.95


def test_linear_taper_cliff_in_text():
    drops = schedule_occupancy([20, 15, 10, 5, 0], "citalopram").occupancy_drop_pct
    assert [round(float(x), 1) for x in drops] == [0.0, 3.1, 5.6, 12.8, 58.5]
    # "more than half of all the occupancy the patient started with" (80%)
    assert drops[-1] > 0.5 * 80


def test_exercise_mme_and_monthly_taper():
    mme_2022 = float(morphine_milligram_equivalent("oxycodone", 30) + morphine_milligram_equivalent("tramadol", 200))
    mme_2016 = float(morphine_milligram_equivalent("oxycodone", 30, guideline="cdc2016")
                     + morphine_milligram_equivalent("tramadol", 200, guideline="cdc2016"))
    assert (mme_2022, mme_2016) == (85.0, 65.0)
    plan = opioid_taper(85, percent_per_step=10, step_weeks=4)
    assert np.allclose(plan["reduction_mme"].iloc[1:], 8.5)
    assert len(plan) - 1 == 10 and float(plan["week"].iloc[-1]) == 40.0


def test_page_oxycodone_example():
    mme = float(morphine_milligram_equivalent("oxycodone", 40))
    assert mme == 60.0
    assert float(opioid_taper(mme)["week"].iloc[-1]) == 40.0


def test_exercise_benzodiazepine_tables_disagree():
    ashton = float(diazepam_equivalent("oxazepam", 60, source="ashton2002"))
    bnf = float(diazepam_equivalent("oxazepam", 60, source="bnf2019"))
    assert (ashton, bnf) == (30.0, 20.0)
    assert ashton / bnf == pytest.approx(1.5)
    with pytest.raises(ValueError):
        diazepam_equivalent("alprazolam", 1, source="bnf2019")  # "the BNF lists no equivalent"


def test_rounding_to_tablets_recreates_the_cliff():
    doses = hyperbolic_schedule("citalopram", 20, 10).dose_mg
    tablets = round_to_measurable(doses, tablet_strengths_mg=(10,), allow_half_tablets=True)
    assert tablets.tolist()[:5] == [20.0, 10.0, 5.0, 5.0, 0.0]
    liquid = round_to_measurable(doses, tablet_strengths_mg=(10, 20), liquid_mg_per_ml=2.0,
                                 min_volume_ml=0.1, liquid_below_mg=10)
    assert liquid.tolist() == [20.0, 9.2, 5.4, 3.4, 2.2, 1.4, 0.8, 0.4, 0.0]


@pytest.fixture(scope="module")
def taper_grid():
    from neuroadapt_book.figures.tapers import taper_comparison_grid

    return taper_comparison_grid()


def test_explorer_claims(taper_grid):
    g = taper_grid
    worst = g.groupby(["drug", "start_multiple", "occupancy_step_pct", "schedule"])["rebound_pct"].max().unstack()
    ratio = worst["linear"] / worst["hyperbolic"]
    # "between two and eight times across the explorer's choices, 3.6 times for the default"
    assert ratio.min() > 2.0 and ratio.max() < 8.5
    assert round(float(ratio.loc[("citalopram", 1.0, 10.0)]), 1) == 3.6
    # hyperbolic occupancy steps are equal; the rebound depends on the step, hardly on the drug
    hyper = worst["hyperbolic"].groupby(level="occupancy_step_pct").agg(["min", "max"])
    assert (hyper["max"] / hyper["min"]).max() < 1.15
    # the last linear step is always the one with the largest rebound
    lin = g[g.schedule == "linear"]
    last = lin.loc[lin.groupby(["drug", "start_multiple", "occupancy_step_pct"])["step"].idxmax()]
    top = lin.loc[lin.groupby(["drug", "start_multiple", "occupancy_step_pct"])["rebound_pct"].idxmax()]
    assert (last.index == top.index).all()


def test_explorer_spec_is_small_and_filtered(taper_grid):
    from neuroadapt_book.figures.tapers import taper_explorer_chart

    spec = taper_explorer_chart(grid=taper_grid).to_dict()
    assert len(json.dumps(spec)) < 300_000
    names = {p["name"] for p in spec["params"]}
    assert {"drug", "start_multiple", "occ_step"} <= names
    assert "illustrative" in spec["usermeta"]["caption"].lower()


# --------------------------------------------------------------------------
# Physiology and pharmacokinetics
# --------------------------------------------------------------------------


def test_exercise_two_half_lives():
    hours = time_below_threshold(0.25, 1.0, 1.0, [24, 2])
    assert hours.tolist() == [48.0, 4.0]


def test_exercise_age_and_diazepam():
    level = steady_state_average(10, 24, [1.6, 1.6])
    assert np.allclose(level, 0.26, atol=0.005) and level[0] == level[1]
    hours = time_to_fraction_of_steady_state([20, 90], 0.9)
    assert np.round(hours).tolist() == [66.0, 299.0]


def test_exercise_inducer_and_inhibitor():
    inducer = float(coprescribed_clearance(1.0, 3.0, 0.6))
    assert inducer == pytest.approx(2.2)
    assert round(100 / inducer) == 45
    inhibitor = float(coprescribed_clearance(1.0, competitive_inhibition_fold_change(1.0, 1.0), 0.6))
    assert inhibitor == pytest.approx(0.7)


def test_half_life_model_claims():
    from neuroadapt.feedback_withdrawal import withdrawal_timing
    from neuroadapt_book.figures.physiology import named_drug_windows

    t = withdrawal_timing([2, 9, 24, 60, 74, 96]).to_frame()
    heroin, alprazolam, methadone, diazepam = (t.iloc[i] for i in range(4))
    w = named_drug_windows().set_index("drug")
    # onset inside the published windows of heroin and alprazolam
    assert w.loc["heroin", "onset_low_d"] <= heroin.onset_d <= w.loc["heroin", "onset_high_d"]
    assert w.loc["alprazolam", "onset_low_d"] <= alprazolam.onset_d <= w.loc["alprazolam", "onset_high_d"]
    # heroin's peak inside 36-72 h
    assert 36 / 24 <= heroin.peak_d <= 72 / 24
    # later, milder, longer with the half-life; methadone and diazepam later than published
    assert heroin.onset_d < methadone.onset_d < diazepam.onset_d
    assert heroin.peak_withdrawal > methadone.peak_withdrawal > diazepam.peak_withdrawal
    assert methadone.end_d > heroin.end_d
    assert methadone.onset_d > w.loc["methadone", "onset_high_d"]
    assert diazepam.onset_d > w.loc["diazepam", "onset_high_d"]
    # "past about three days of half-life it never reaches a tenth"
    assert np.isnan(t.iloc[4].onset_d) and np.isnan(t.iloc[5].onset_d)


def test_inducer_figure_numbers():
    from neuroadapt_book.figures.physiology import inducer_chart

    desc = inducer_chart().to_dict()["description"]
    assert "falls to 36%" in desc
