"""Tests of neuroadapt.taper_schedules"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.taper_schedules import linear_schedule, proportional_schedule, round_to_measurable

HT2019_CITALOPRAM_MG = np.array([20.0, 9.1, 5.4, 3.4, 2.3, 1.5, 0.8])

SETTINGS = settings(max_examples=50, deadline=None)
doses = st.floats(0.0, 500.0, allow_nan=False)
pos_doses = st.floats(0.01, 300.0, allow_nan=False)
emaxes = st.floats(10.0, 100.0)
ed50s = st.floats(0.01, 100.0)


# --------------------------------------------------------------------------
# Occupancy curve
# --------------------------------------------------------------------------
@SETTINGS
@given(pos_doses, st.integers(1, 50))
def test_property_linear_schedule(start, n):
    d = linear_schedule(start, n)
    assert d.size == n + 1 and d[0] == start and d[-1] == 0
    np.testing.assert_allclose(np.diff(d), -start / n, rtol=1e-9)


@SETTINGS
@given(pos_doses, st.floats(1.0, 90.0), st.floats(0.01, 10.0))
def test_property_proportional_schedule(start, percent, floor):
    d = proportional_schedule(start, percent, floor)
    assert d[0] == start and d[-1] == 0
    assert np.all(np.diff(d) < 0)
    positive = d[:-1]
    if positive.size > 1:
        np.testing.assert_allclose(positive[1:] / positive[:-1], 1 - percent / 100, rtol=1e-9)
    assert positive[-1] >= floor * (1 - 1e-9) or positive.size == 1
    assert positive[-1] * (1 - percent / 100) < floor * (1 + 1e-9)


# --------------------------------------------------------------------------
# Measurable doses
# --------------------------------------------------------------------------
def test_round_to_tablets_and_liquid():
    np.testing.assert_allclose(
        round_to_measurable([20, 9.25, 5.38, 3.4], tablet_strengths_mg=(10, 20)), [20, 10, 10, 0]
    )
    np.testing.assert_allclose(
        round_to_measurable([9.25, 5.38, 0.34], liquid_mg_per_ml=2.0, min_volume_ml=0.1), [9.2, 5.4, 0.4]
    )
    # 5 mg tablets cannot make 12 mg; halves can
    assert float(round_to_measurable(12.4, tablet_strengths_mg=(5,), mode="down")) == 10
    assert float(round_to_measurable(12.4, tablet_strengths_mg=(5,), allow_half_tablets=True)) == 12.5
    # combinations of strengths (4 and 6 mg) cannot make 2 mg
    assert float(round_to_measurable(2.2, tablet_strengths_mg=(4, 6), mode="down")) == 0
    # tablets above 5 mg, liquid (0.04 mg resolution) below
    out = round_to_measurable([7.3, 2.51], tablet_strengths_mg=(1.0,), liquid_mg_per_ml=0.4, liquid_below_mg=5.0)
    np.testing.assert_allclose(out, [7.0, 2.52])


@SETTINGS
@given(
    st.lists(st.floats(0.0, 60.0), min_size=1, max_size=20),
    st.sampled_from([(10.0, 20.0), (2.0, 5.0, 10.0), (0.5,), (4.0, 6.0)]),
    st.booleans(),
)
def test_property_rounding_keeps_a_schedule_non_increasing(values, strengths, halves):
    schedule = np.sort(np.asarray(values))[::-1]
    for kwargs in (
        dict(tablet_strengths_mg=strengths, allow_half_tablets=halves),
        dict(liquid_mg_per_ml=1.0, min_volume_ml=0.1),
        dict(tablet_strengths_mg=strengths, liquid_mg_per_ml=2.0, liquid_below_mg=5.0),
    ):
        rounded = round_to_measurable(schedule, **kwargs)
        assert np.all(np.diff(rounded) <= 1e-12)
        assert np.all(rounded >= 0)
        down = round_to_measurable(schedule, mode="down", **kwargs)
        up = round_to_measurable(schedule, mode="up", **kwargs)
        assert np.all(down <= schedule + 1e-9) and np.all(up >= schedule - 1e-9)
        assert np.all((rounded == down) | (rounded == up))


def test_bad_rounding_input_raises():
    with pytest.raises(ValueError, match="tablet_strengths_mg or liquid_mg_per_ml"):
        round_to_measurable(5.0)
    with pytest.raises(ValueError, match="tablet_strengths_mg"):
        round_to_measurable(5.0, tablet_strengths_mg=(0.0,))
    with pytest.raises(ValueError, match="dose_mg"):
        round_to_measurable(-5.0, tablet_strengths_mg=(5.0,))
    with pytest.raises(ValueError, match="mode"):
        round_to_measurable(5.0, tablet_strengths_mg=(5.0,), mode="ceil")
    with pytest.raises(ValueError, match="min_volume_ml"):
        round_to_measurable(5.0, liquid_mg_per_ml=1.0, min_volume_ml=0)
