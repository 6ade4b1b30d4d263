"""Tests of neuroadapt.feedback_withdrawal: withdrawal after the last dose and after taper steps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt import feedback_withdrawal as fw
from neuroadapt.drugs import drug_value
from neuroadapt.tolerance import moderator_steady_state

P = fw.FEEDBACK_WITHDRAWAL_DEFAULTS
T_H = np.arange(0.0, 24.0 * 30 + 0.5, 1.0)


def test_heroin_onset_and_peak_inside_published_windows():
    """Kosten & O'Connor 2003 (drug table): short-acting opioid withdrawal begins 8-24 h after the
    last dose and peaks at 36-72 h. With morphine's half-life (which carries heroin's effect) the
    illustrative defaults put the model's onset and peak inside those windows."""
    hl = drug_value("morphine", "half_life_h")
    w = fw.withdrawal_timing([hl])
    lo = drug_value("heroin", "withdrawal_onset_h", bound="low")
    hi = drug_value("heroin", "withdrawal_onset_h", bound="high")
    assert lo / 24 <= w.onset_d[0] <= hi / 24
    assert 36 / 24 <= w.peak_d[0] <= 72 / 24


def test_calibrated_defaults():
    """Issue 11: gain and time constant are the book's counter-adaptation defaults (shared with
    discontinuation.withdrawal_course); signal turnover and threshold were calibrated against the
    drug table (tests/lib/test_withdrawal_calibration.py checks every drug)."""
    assert (P.adaptation_gain, P.adaptation_time_constant_h) == (0.8, 120.0)
    assert (P.signal_turnover_rate_per_h, P.onset_threshold) == (0.035, 0.20)
    w = fw.withdrawal_timing([2.0, 24.0]).to_frame()
    assert (w.onset_d * 24).tolist() == [17.0, 44.0]


def test_instant_stop_limit_is_the_largest_sag():
    """A vanishing half-life with a fast signal removes the drug's action at once: the sag
    reaches its largest possible size (1, the whole adaptation g) before the adaptation relaxes."""
    t = np.arange(0.0, 200.0, 0.1)
    fast = fw.withdrawal_after_last_dose([1e-3], t, signal_turnover_rate_per_h=100.0)
    assert fast.withdrawal.max() == pytest.approx(1.0, abs=0.01)
    slow = fw.withdrawal_after_last_dose([1e-3], t)
    assert slow.withdrawal.max() < fast.withdrawal.max() <= 1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.5, 400.0), min_size=1, max_size=5))
def test_withdrawal_after_last_dose_invariants(half_lives):
    r = fw.withdrawal_after_last_dose(half_lives, T_H)
    assert r.withdrawal.shape == r.drug_level.shape == (len(half_lives), T_H.size)
    assert np.all((r.withdrawal >= 0) & (r.withdrawal <= 1))
    assert np.all(np.diff(r.drug_level, axis=-1) <= 0) and np.all(r.drug_level[:, 0] == 1.0)
    assert np.all(r.withdrawal[:, 0] == 0.0)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.5, 100.0), st.floats(1.05, 4.0))
def test_longer_half_life_gives_milder_withdrawal(hl, factor):
    w = fw.withdrawal_after_last_dose([hl, hl * factor], T_H).withdrawal
    assert w[1].max() <= w[0].max() + 1e-12


@settings(max_examples=25, deadline=None)
@given(
    st.floats(0.5, 400.0),
    st.floats(0.05, 1.0),
    st.floats(1.0, 1000.0),
    st.floats(1e-3, 10.0),
)
def test_adaptation_and_sag_bounds_for_any_parameters(hl, gain, tau_h, kout):
    """0 <= A <= g (a weighted average of g times a falling drug level), A non-increasing; the sag
    stays in [0, 1] and is 0 at the last dose, whatever the parameters."""
    a = fw.adaptation_after_last_dose(T_H, hl, gain, tau_h)
    assert np.all((a >= -1e-12) & (a <= gain + 1e-12)) and np.all(np.diff(a) <= 1e-12)
    w = fw.withdrawal_after_last_dose(
        [hl], T_H, adaptation_gain=gain, adaptation_time_constant_h=tau_h, signal_turnover_rate_per_h=kout
    ).withdrawal
    assert np.all((w >= 0) & (w <= 1)) and w[0, 0] == 0.0


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.floats(0.0, 80.0), min_size=2, max_size=6),
    st.floats(0.3, 1.0),
    st.floats(1.0, 30.0),
)
def test_taper_rebound_invariants(doses, occ_max, ed50):
    doses = sorted(doses, reverse=True)
    r = fw.taper_step_rebound([doses, [doses[0]] * len(doses)], [occ_max] * 2, [ed50] * 2, step_duration_d=7.0)
    assert r.shape == (2, len(doses))
    assert np.all(r >= 0) and r[0, 0] == 0.0
    assert np.all(r[1] < 1e-5)  # a constant dose never rebounds (up to the solver's tolerance)
    # the moderator never exceeds its first steady level s0, so R >= (1 + E_i) / s0 = s_i^2 / s0
    steady = moderator_steady_state(
        occ_max * np.asarray(doses) / (ed50 + np.asarray(doses)), mechanism="stimulate_production"
    )
    assert np.all(r[0] <= steady * (1.0 - steady / steady[0]) + 1e-5)


def test_last_linear_step_rebounds_most():
    lin = np.linspace(20.0, 0.0, 5)
    r = fw.taper_step_rebound([lin], [0.8], [9.0])
    assert np.argmax(r[0]) == 4


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: fw.withdrawal_after_last_dose([-1.0], T_H), "half_life_h"),
        (lambda: fw.withdrawal_after_last_dose([2.0], T_H + 1.0), "t_h"),
        (lambda: fw.withdrawal_after_last_dose([2.0], T_H, adaptation_gain=1.5), "adaptation_gain"),
        (lambda: fw.withdrawal_after_last_dose([2.0], T_H, adaptation_gain=0.0), "adaptation_gain"),
        (
            lambda: fw.withdrawal_after_last_dose([2.0], T_H, adaptation_time_constant_h=0.0),
            "adaptation_time_constant_h",
        ),
        (
            lambda: fw.withdrawal_after_last_dose([2.0], T_H, signal_turnover_rate_per_h=-1.0),
            "signal_turnover_rate_per_h",
        ),
        (lambda: fw.adaptation_after_last_dose(1.0, 2.0, 1.2, 120.0), "gain"),
        (lambda: fw.adaptation_after_last_dose(-1.0, 2.0, 0.8, 120.0), "t_h"),
        (lambda: fw.withdrawal_timing([2.0], onset_threshold=1.0), "onset_threshold"),
        (lambda: fw.withdrawal_timing([2.0], horizon_d=0.0), "horizon_d"),
        (lambda: fw.taper_step_rebound([[10.0, -1.0]], [0.8], [9.0]), "doses_mg"),
        (lambda: fw.taper_step_rebound([[10.0, 5.0]], [80.0], [9.0]), "occupancy_max"),
        (lambda: fw.taper_step_rebound([[10.0, 5.0]], [0.8], [0.0]), "ed50_mg"),
        (lambda: fw.taper_step_rebound([[10.0, 5.0]], [0.8, 0.8], [9.0, 9.0]), "occupancy_max"),
        (lambda: fw.taper_step_rebound([[10.0, 5.0]], [0.8], [9.0], output_step_h=24.0 * 40), "output_step_h"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
