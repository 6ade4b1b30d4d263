"""Tests of neuroadapt.opioid_taper"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
@pytest.mark.parametrize(
    "drug, factor",
    [
        ("oxycodone", 1.5),
        ("methadone", 4.7),
        ("hydromorphone", 5),
        ("tramadol", 0.2),
        ("codeine", 0.15),
        ("hydrocodone", 1),
        ("morphine", 1),
        ("tapentadol", 0.4),
        ("oxymorphone", 3),
    ],
)
def test_cdc_2022_mme_conversion_factors(drug, factor):
    """Dowell et al. 2022 (MMWR 71(RR-3)) conversion table."""
    assert float(morphine_milligram_equivalent(drug, 10.0)) == pytest.approx(10.0 * factor)


def test_cdc_2016_factors_differ_for_methadone_hydromorphone_tramadol():
    """Dowell et al. 2016: methadone 4/8/10/12 by dose, hydromorphone 4, tramadol 0.1."""
    np.testing.assert_allclose(
        morphine_milligram_equivalent("methadone", [10, 20, 30, 50, 70], guideline="cdc2016"), [40, 80, 240, 500, 840]
    )
    assert float(morphine_milligram_equivalent("hydromorphone", 10, guideline="cdc2016")) == 40
    assert float(morphine_milligram_equivalent("tramadol", 100, guideline="cdc2016")) == 10
    assert float(morphine_milligram_equivalent("fentanyl_transdermal", 25)) == pytest.approx(60)


def test_cdc_2022_taper_ten_percent_of_original_per_month():
    """CDC 2022: 10% of the original dose per month (long-term use) reaches 0 in 10 months;
    10% per week for shorter use in 10 weeks."""
    monthly = opioid_taper(120, percent_per_step=10, step_weeks=4)
    np.testing.assert_allclose(monthly.dose_mme, np.linspace(120, 0, 11))
    assert monthly.week[-1] == 40
    weekly = opioid_taper(120, percent_per_step=10, step_weeks=1)
    assert weekly.week[-1] == 10
    current = opioid_taper(100, percent_per_step=10, step_weeks=4, basis="current", stop_below_mme=20)
    d = current.dose_mme
    np.testing.assert_allclose(d[1:-1] / d[:-2], 0.9)
    assert d[-2] >= 20 and d[-1] == 0
    assert current.step.size > monthly.step.size  # proportional steps take longer
    table = current.to_frame()
    assert table.columns.tolist() == ["step", "week", "dose_mme", "reduction_mme", "percent_of_start"]
    np.testing.assert_array_equal(table["dose_mme"], d)


@SETTINGS
@given(
    st.floats(1.0, 1000.0),
    st.floats(1.0, 100.0),
    st.floats(0.5, 8.0),
    st.sampled_from(["original", "current"]),
    st.one_of(st.none(), st.floats(0.5, 50.0)),
)
def test_property_opioid_taper_never_increases_and_ends_at_zero(start, pct, weeks, basis, floor):
    plan = opioid_taper(start, percent_per_step=pct, step_weeks=weeks, basis=basis, stop_below_mme=floor)
    d = plan.dose_mme
    assert d[0] == pytest.approx(start) and d[-1] == 0
    assert np.all(np.diff(d) < 0)
    if basis == "original":
        assert np.all(plan.reduction_mme[1:-1] <= start * pct / 100 + 1e-9)


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------
