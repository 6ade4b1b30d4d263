"""Tests of neuroadapt.benzodiazepine_taper"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.benzodiazepine_taper import benzodiazepine_switch_taper, diazepam_equivalent
from neuroadapt.opioid_taper import morphine_milligram_equivalent, opioid_taper

HT2019_CITALOPRAM_MG = np.array([20.0, 9.1, 5.4, 3.4, 2.3, 1.5, 0.8])

SETTINGS = settings(max_examples=50, deadline=None)
doses = st.floats(0.0, 500.0, allow_nan=False)
pos_doses = st.floats(0.01, 300.0, allow_nan=False)
emaxes = st.floats(10.0, 100.0)
ed50s = st.floats(0.01, 100.0)


# --------------------------------------------------------------------------
# Occupancy curve
# --------------------------------------------------------------------------
def test_diazepam_equivalent_ashton_and_bnf():
    """Ashton 2002: alprazolam 2 mg ~ diazepam 40 mg; lorazepam 3 mg ~ 30 mg.
    BNF: oxazepam 30 mg ~ diazepam 10 mg, whereas Ashton gives 15 mg."""
    assert float(diazepam_equivalent("alprazolam", 2.0)) == 40.0
    assert float(diazepam_equivalent("lorazepam", 3.0, source="ashton")) == 30.0
    assert float(diazepam_equivalent("oxazepam", 30.0, source="bnf")) == 10.0
    assert float(diazepam_equivalent("oxazepam", 30.0, source="ashton")) == 15.0
    np.testing.assert_allclose(diazepam_equivalent("clonazepam", [0.5, 1.0, 2.0]), [10, 20, 40])


def test_ashton_switch_then_taper_plan():
    """Ashton: substitute diazepam stepwise at equivalent dose, then cut ~10% of the current
    dose every 1-2 weeks, with final 0.5 mg steps (liquid below the smallest tablet steps)."""
    plan = benzodiazepine_switch_taper("alprazolam", 2.0).to_frame()
    switch = plan[plan.phase == "switch"]
    np.testing.assert_allclose(switch["diazepam_equivalent_mg"], 40.0)
    np.testing.assert_allclose(switch["original_dose_mg"], [1.5, 1.0, 0.5, 0.0])
    taper = plan[plan.phase.isin(["taper", "off"])]
    doses = np.concatenate([[switch["diazepam_dose_mg"].iloc[-1]], taper["diazepam_dose_mg"]])
    cuts = -np.diff(doses)
    assert np.all(cuts > 0)
    # roughly 10% of the current dose (rounding to 1 mg above 5 mg), never less than ~0.5 mg
    big = doses[:-1] >= 10
    assert np.all(cuts[big] <= 0.1 * doses[:-1][big] + 0.5 + 1e-9)
    assert np.all(cuts[:-1] >= 0.5 - 0.04 - 1e-9)
    assert 0 < doses[-2] <= 0.5 + 0.04 and doses[-1] == 0
    np.testing.assert_allclose(np.diff(taper["week"]), 2.0)
    # whole-mg doses above 5 mg (half of a 2 mg tablet)
    tabs = doses[doses >= 5]
    np.testing.assert_allclose(tabs, np.round(tabs))


def test_diazepam_needs_no_switch_and_bnf_gives_a_different_equivalent():
    plan = benzodiazepine_switch_taper("diazepam", 12.0)
    assert "switch" not in set(plan.phase)
    assert plan.diazepam_dose_mg[0] == 12.0
    a = benzodiazepine_switch_taper("oxazepam", 60.0, source="ashton2002")
    b = benzodiazepine_switch_taper("oxazepam", 60.0, source="bnf2019")
    assert a.diazepam_equivalent_mg[0] == 30.0 and b.diazepam_equivalent_mg[0] == 20.0


@SETTINGS
@given(
    st.sampled_from(["alprazolam", "lorazepam", "clonazepam", "chlordiazepoxide", "oxazepam", "temazepam", "diazepam"]),
    st.floats(0.25, 100.0),
    st.integers(1, 6),
    st.floats(5.0, 25.0),
    st.floats(0.0, 1.0),
)
def test_property_benzodiazepine_plan_never_increases_and_ends_at_zero(drug, dose, n_switch, pct, min_step):
    plan = benzodiazepine_switch_taper(drug, dose, switch_steps=n_switch, percent_per_step=pct, min_step_mg=min_step)
    total = plan.diazepam_equivalent_mg
    assert np.all(np.diff(total) <= 1e-9)
    assert total[-1] == 0 and plan.diazepam_dose_mg[-1] == 0
    assert np.all(np.diff(plan.original_dose_mg[: n_switch + 1]) <= 1e-9)
    assert np.all(np.diff(plan.week) > 0)


# --------------------------------------------------------------------------
# Opioids (CDC 2022)
# --------------------------------------------------------------------------
def test_bad_benzodiazepine_and_opioid_input_raises():
    with pytest.raises(ValueError, match="source"):
        diazepam_equivalent("alprazolam", 1.0, source="bnf")
    with pytest.raises(ValueError, match="source"):
        diazepam_equivalent("alprazolam", 1.0, source="who")
    with pytest.raises(ValueError, match="quantity"):
        diazepam_equivalent("heroin", 1.0)
    with pytest.raises(ValueError, match="dose_mg"):
        diazepam_equivalent("alprazolam", -1.0)
    with pytest.raises(ValueError, match="daily_dose_mg"):
        benzodiazepine_switch_taper("alprazolam", 0.0)
    with pytest.raises(ValueError, match="switch_steps"):
        benzodiazepine_switch_taper("alprazolam", 1.0, switch_steps=0)
    with pytest.raises(ValueError, match="percent_per_step"):
        benzodiazepine_switch_taper("alprazolam", 1.0, percent_per_step=100)
    with pytest.raises(ValueError, match="drug must be one of"):
        morphine_milligram_equivalent("buprenorphine", 8.0)
    with pytest.raises(ValueError, match="guideline"):
        morphine_milligram_equivalent("oxycodone", 8.0, guideline="cdc2019")
    with pytest.raises(ValueError, match="dose_mg"):
        morphine_milligram_equivalent("oxycodone", np.nan)
    with pytest.raises(ValueError, match="start_mme"):
        opioid_taper(0.0)
    with pytest.raises(ValueError, match="percent_per_step"):
        opioid_taper(100.0, percent_per_step=150)
    with pytest.raises(ValueError, match="basis"):
        opioid_taper(100.0, basis="previous")
    with pytest.raises(ValueError, match="step_weeks"):
        opioid_taper(100.0, step_weeks=-4)


# --------------------------------------------------------------------------
# Docstrings: the teaching-only notice
# --------------------------------------------------------------------------
