"""Tests of neuroadapt.locus_coeruleus: the opioid cAMP homeostat of the locus coeruleus."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import locus_coeruleus as lc

RTOL, ATOL = 1e-10, 1e-12


def piecewise_reference(t, inputs, rhs, y0):
    """solve_ivp on each interval with the input held at its left value (zero-order hold)."""
    y = np.asarray(y0, dtype=float)
    out = [y]
    for i in range(len(t) - 1):
        sol = solve_ivp(lambda tt, yy: rhs(yy, inputs[i]), (t[i], t[i + 1]), y, method="DOP853", rtol=RTOL, atol=ATOL)
        y = sol.y[:, -1]
        out.append(y)
    return np.array(out)


L = lc.LOCUS_COERULEUS_DEFAULTS


@pytest.mark.parametrize("occupancy", [0.3, 0.8, 1.0])
def test_chronic_opioid_camp_returns_to_baseline(occupancy):
    """Nestler & Aghajanian 1997: during chronic opioid the up-regulated cAMP pathway restores cAMP
    (tolerance); analytically the only steady state is cAMP = 1, AC = 1/(1 - I)."""
    t = np.linspace(0.0, 24.0 * 120, 3001)
    r = lc.locus_coeruleus_camp(t, np.full(t.size, occupancy))
    inhibition = L.max_inhibition * occupancy
    assert r.camp_relative[-1] == pytest.approx(1.0, abs=1e-9)
    assert r.adenylyl_cyclase_relative[-1] == pytest.approx(1.0 / (1.0 - inhibition), rel=1e-9)
    # acute effect: cAMP first falls towards 1 - I (minutes), then recovers
    assert r.camp_relative.min() == pytest.approx(1.0 - inhibition, abs=0.02)


def test_overshoot_grows_with_duration_and_saturates():
    """Nestler & Aghajanian 1997; Nestler 2001: the cAMP overshoot in withdrawal reflects the
    up-regulation accumulated during use; it grows with duration of use and saturates at the fully
    adapted level 1/(1 - I)."""
    durations = np.array([6.0, 24.0, 72.0, 168.0, 336.0, 720.0, 2160.0])
    peak = lc.withdrawal_camp_peak(durations).peak_camp_relative
    assert np.all(peak > 1.0)
    assert np.all(np.diff(peak) > 0)
    gain_per_h = np.diff(peak) / np.diff(durations)
    assert np.all(np.diff(gain_per_h) < 0)  # concave: saturating
    assert peak[-1] == pytest.approx(1.0 / (1.0 - L.max_inhibition), rel=0.03)
    assert peak[-1] < 1.0 / (1.0 - L.max_inhibition)


def test_analytic_peak_matches_simulation_on_a_duration_grid():
    """The slider grid (use durations) in one vectorised simulation vs the closed-form peak."""
    durations = np.array([12.0, 48.0, 120.0])
    t = np.arange(0.0, 200.0, 0.01)
    occ = lc.opioid_use_occupancy(t, durations)
    r = lc.locus_coeruleus_camp(t, occ)
    assert r.camp_relative.shape == (3, t.size)
    w = lc.withdrawal_camp_peak(durations)
    peak, t_peak = w.peak_camp_relative, w.time_to_peak_h
    for j, dur in enumerate(durations):
        after = t >= dur
        i = np.argmax(np.where(after, r.camp_relative[j], -np.inf))
        assert r.camp_relative[j, i] == pytest.approx(peak[j], rel=1e-4)
        assert t[i] - dur == pytest.approx(t_peak[j], abs=0.02)


def test_recovery_after_stop_and_lc_firing_several_fold():
    """Aghajanian 1978: LC firing rises several-fold (here 2-6x) in precipitated withdrawal; Rasmussen
    et al. 1990: LC hyperactivity parallels the withdrawal signs, which subside over days. cAMP falls
    monotonically back to baseline after its peak (< 10 % of the overshoot left at 72 h)."""
    dur = 24.0 * 14
    t = np.arange(0.0, dur + 24.0 * 10, 0.05)
    r = lc.locus_coeruleus_camp(t, lc.opioid_use_occupancy(t, dur))
    camp = r.camp_relative
    i_peak = np.argmax(camp)
    firing = lc.lc_firing_rate(camp)
    assert 2.0 <= firing[i_peak] / L.baseline_rate_hz <= 6.0
    tail = camp[i_peak:]
    assert np.all(np.diff(tail) <= 1e-12)
    overshoot_72h = camp[np.searchsorted(t, dur + 72.0)] - 1.0
    assert overshoot_72h < 0.1 * (camp[i_peak] - 1.0)
    assert camp[-1] == pytest.approx(1.0, abs=0.01)


def test_lc_matches_solve_ivp_with_gradual_offset():
    t = np.concatenate([np.arange(0.0, 100.0, 1.0), np.arange(100.0, 110.0, 0.05), np.arange(110.0, 200.0, 2.0)])
    occ = lc.opioid_use_occupancy(t, 100.0, occupancy=0.9, offset_half_life_h=2.0)

    def rhs(y, o):
        c, a = y
        return [(a * (1.0 - L.max_inhibition * o) - c) / L.time_constant_camp_h, (1.0 - c) / L.time_constant_ac_h]

    ref = piecewise_reference(t, occ, rhs, [1.0, 1.0])
    r = lc.locus_coeruleus_camp(t, occ)
    np.testing.assert_allclose(r.camp_relative, ref[:, 0], rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(r.adenylyl_cyclase_relative, ref[:, 1], rtol=1e-8, atol=1e-9)


def test_lc_grid_matches_loop():
    t = np.linspace(0.0, 24.0 * 10, 1201)
    durations = np.array([24.0, 96.0])[:, None]
    imax = np.array([0.5, 0.75, 0.9])[None, :]
    grid = lc.locus_coeruleus_camp(t, lc.opioid_use_occupancy(t, durations), max_inhibition=imax)
    assert grid.camp_relative.shape == (2, 3, t.size)  # grid_shape + (n_times,): time last
    for i in range(2):
        for j in range(3):
            single = lc.locus_coeruleus_camp(t, lc.opioid_use_occupancy(t, durations[i, 0]), max_inhibition=imax[0, j])
            np.testing.assert_allclose(grid.camp_relative[i, j], single.camp_relative, rtol=1e-13)


@settings(max_examples=30, deadline=None)
@given(
    occ_levels=st.lists(st.floats(0.0, 1.0), min_size=3, max_size=30),
    imax=st.floats(0.0, 0.95),
    tau_ac=st.floats(1.0, 200.0),
)
def test_lc_invariants(occ_levels, imax, tau_ac):
    """cAMP and AC stay positive and finite for any occupancy schedule; a long constant occupancy
    ends with cAMP at baseline (integral feedback)."""
    occ = np.repeat(occ_levels, 10)
    t = np.linspace(0.0, 2.0 * occ.size, occ.size)
    r = lc.locus_coeruleus_camp(t, occ, max_inhibition=imax, time_constant_ac_h=tau_ac)
    assert np.all(np.isfinite(r.camp_relative))
    assert np.all(r.camp_relative > 0) and np.all(r.adenylyl_cyclase_relative > 0)
    t2 = np.linspace(0.0, 60.0 * tau_ac / (1.0 - imax), 801)
    r2 = lc.locus_coeruleus_camp(t2, np.full(t2.size, occ_levels[-1]), max_inhibition=imax, time_constant_ac_h=tau_ac)
    assert r2.camp_relative[-1] == pytest.approx(1.0, abs=1e-6)


def test_lc_rejects_bad_input():
    t = np.linspace(0.0, 1.0, 4)
    with pytest.raises(ValueError, match="occupancy"):
        lc.locus_coeruleus_camp(t, np.full(4, 1.2))
    with pytest.raises(ValueError, match="max_inhibition"):
        lc.locus_coeruleus_camp(t, np.ones(4), max_inhibition=1.0)
    with pytest.raises(ValueError, match="time_constant_ac_h"):
        lc.locus_coeruleus_camp(t, np.ones(4), time_constant_camp_h=1.0, time_constant_ac_h=3.0)
    with pytest.raises(ValueError, match="use_duration_h"):
        lc.withdrawal_camp_peak(-1.0)
    with pytest.raises(ValueError, match="camp_relative"):
        lc.lc_firing_rate(-0.5)
    with pytest.raises(ValueError, match="offset_half_life_h"):
        lc.opioid_use_occupancy(t, 1.0, offset_half_life_h=-2.0)
