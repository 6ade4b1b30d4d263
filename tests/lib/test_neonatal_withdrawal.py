"""Tests of neuroadapt.neonatal_withdrawal (the newborn's withdrawal after birth)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.feedback_withdrawal import withdrawal_after_last_dose
from neuroadapt.neonatal_withdrawal import (
    NEONATAL_DRUG_GROUPS,
    NeonatalWithdrawalParams,
    neonatal_data,
    neonatal_half_life_h,
    neonatal_value,
    newborn_withdrawal,
)


def test_published_onsets_as_in_sources():
    # Kocherlakota, Pediatrics 2014;134:e547-e561: short-acting opioids within ~24 h,
    # buprenorphine ~40 h or later, methadone 48-72 h (or later).
    assert neonatal_value("short_acting_opioid", "onset_h", "high") == 24
    assert neonatal_value("buprenorphine", "onset_h", "low") == 40
    assert (neonatal_value("methadone", "onset_h", "low"), neonatal_value("methadone", "onset_h", "high")) == (48, 72)
    # Grossman et al., Pediatrics 2017;139:e20163360: length of stay 22.4 -> 5.9 days,
    # morphine treatment 98 % -> 14 % of methadone-exposed infants.
    assert neonatal_value("eat_sleep_console", "length_of_stay_d_before") == 22.4
    assert neonatal_value("eat_sleep_console", "length_of_stay_d_after") == 5.9
    assert neonatal_value("eat_sleep_console", "treated_with_morphine_after") == 0.14
    assert set(neonatal_data()["source"]) == {"kocherlakota2014", "grossman2017"}


def test_model_onset_inside_published_windows_and_in_published_order():
    """Reproduces the published feature: short-acting < buprenorphine < methadone, each in its window."""
    hl = [neonatal_half_life_h(g) for g in NEONATAL_DRUG_GROUPS]
    onset = dict(zip(NEONATAL_DRUG_GROUPS, newborn_withdrawal(hl).onset_h))
    assert onset["short_acting_opioid"] <= neonatal_value("short_acting_opioid", "onset_h", "high")
    assert onset["buprenorphine"] >= neonatal_value("buprenorphine", "onset_h", "low")
    low, high = neonatal_value("methadone", "onset_h", "low"), neonatal_value("methadone", "onset_h", "high")
    assert low <= onset["methadone"] <= high
    assert onset["short_acting_opioid"] < onset["buprenorphine"] < onset["methadone"]


def test_same_as_after_last_dose_model():
    t = np.arange(0.0, 100.0 + 0.5, 1.0)
    r = newborn_withdrawal([6.0], horizon_h=100.0)
    ref = withdrawal_after_last_dose([6.0], t)
    np.testing.assert_allclose(r.withdrawal, ref.withdrawal)
    np.testing.assert_allclose(r.drug_level[0], 2.0 ** (-t / 6.0))


@settings(max_examples=30, deadline=None)
@given(hl=st.lists(st.floats(0.5, 80.0), min_size=1, max_size=4))
def test_properties(hl):
    r = newborn_withdrawal(hl, horizon_h=120.0)
    assert np.all((r.drug_level >= 0) & (r.drug_level <= 1 + 1e-12))
    assert np.all((r.withdrawal >= 0) & (r.withdrawal <= 1 + 1e-9))
    assert np.all(np.diff(r.drug_level, axis=-1) <= 1e-15)


@settings(max_examples=20, deadline=None)
@given(a=st.floats(1.0, 30.0), b=st.floats(1.0, 30.0))
def test_slower_elimination_later_and_milder(a, b):
    lo, hi = sorted((a, b))
    if hi - lo < 1.0:
        return
    r = newborn_withdrawal([lo, hi], horizon_h=400.0)
    assert r.onset_h[0] <= r.onset_h[1]
    assert r.peak_withdrawal[0] >= r.peak_withdrawal[1]


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(neonatal_half_life_h=0.0), "neonatal_half_life_h"),
        (dict(neonatal_half_life_h=[[1.0]]), "neonatal_half_life_h"),
        (dict(neonatal_half_life_h=4.0, horizon_h=-1.0), "horizon_h"),
        (dict(neonatal_half_life_h=4.0, step_h=2.0), "step_h"),
        (dict(neonatal_half_life_h=4.0, onset_threshold=1.0), "onset_threshold"),
    ],
)
def test_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        newborn_withdrawal(**kwargs)


def test_bad_group_and_row():
    with pytest.raises(ValueError, match="drug_group"):
        neonatal_half_life_h("alcohol")
    with pytest.raises(ValueError, match="methadone_half_life_h"):
        neonatal_half_life_h("methadone", NeonatalWithdrawalParams(methadone_half_life_h=-1.0))
    with pytest.raises(ValueError, match="no row"):
        neonatal_value("methadone", "peak_h")
