"""Tests of neuroadapt.enzyme_induction (the turnover model of enzyme induction).

Published features reproduced: turnover kinetics (Dayneka, Garg & Jusko 1993,
J Pharmacokinet Biopharm 21:457-478): after the inducer stops the excess
enzyme decays with the enzyme half-life. The closed form is checked against
scipy's solve_ivp (rtol 1e-10, atol 1e-12).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import enzyme_induction as ei

LN2 = math.log(2.0)
SETTINGS = settings(max_examples=30, deadline=None)


def test_enzyme_returns_to_baseline_with_enzyme_half_life():
    """Dayneka et al. 1993 turnover: after the inducer stops, E - 1 halves every t½,enzyme."""
    t_half = 72.0
    stop = 30 * 24.0
    t = stop + t_half * np.arange(0, 6)
    e = ei.enzyme_time_course(t, [5.0, 0.0], t_half, 2.0, 1.0, segment_start_h=[0.0, stop])
    excess = e - 1.0
    np.testing.assert_allclose(excess[1:] / excess[:-1], 0.5, rtol=1e-12)
    assert excess[0] > 1.5  # near the induced level 1 + 2*5/6 = 2.67 before stopping


def test_enzyme_closed_form_against_solve_ivp():
    """Piecewise-constant inducer: closed form equals the ODE solution."""
    starts = np.array([0.0, 100.0, 250.0, 400.0])
    levels = np.array([2.0, 8.0, 0.5, 0.0])
    kdeg, emax, ec50 = LN2 / 50.0, 3.0, 4.0
    t = np.linspace(0, 600, 121)
    closed = ei.enzyme_time_course(t, levels, 50.0, emax, ec50, segment_start_h=starts, enzyme_initial=1.3)

    def rhs(tt, e):
        c = levels[np.searchsorted(starts, tt, side="right") - 1]
        return kdeg * (1 + emax * c / (ec50 + c) - e)

    y = [1.3]
    ref = []
    bounds = list(starts) + [600.0]
    for i in range(4):
        mask = (t >= bounds[i]) & ((t < bounds[i + 1]) if i < 3 else (t <= bounds[i + 1]))
        sol = solve_ivp(
            rhs, (bounds[i], bounds[i + 1]), y, t_eval=t[mask], rtol=1e-10, atol=1e-12, method="DOP853", first_step=1e-3
        )
        ref.append(sol.y[0])
        y = solve_ivp(rhs, (bounds[i], bounds[i + 1]), y, rtol=1e-10, atol=1e-12, method="DOP853").y[:, -1]
    np.testing.assert_allclose(closed, np.concatenate(ref), rtol=1e-9)


@SETTINGS
@given(
    levels=st.lists(st.floats(0, 50), min_size=1, max_size=5),
    t_half=st.floats(5, 500),
    emax=st.floats(0, 10),
    ec50=st.floats(0.01, 50),
    e0=st.floats(0.2, 5),
)
def test_enzyme_stays_within_bounds(levels, t_half, emax, ec50, e0):
    """The enzyme lies between the initial value and the extreme steady states (no overshoot)."""
    starts = 100.0 * np.arange(len(levels))
    t = np.linspace(0, 100.0 * len(levels) + 300, 200)
    e = ei.enzyme_time_course(t, levels, t_half, emax, ec50, segment_start_h=starts, enzyme_initial=e0)
    ess = 1 + emax * np.array(levels) / (ec50 + np.array(levels))
    lo, hi = min(e0, ess.min()), max(e0, ess.max())
    assert np.all(e >= lo * (1 - 1e-12)) and np.all(e <= hi * (1 + 1e-12))


@SETTINGS
@given(c=st.floats(0, 100), t_half=st.floats(5, 500), emax=st.floats(0, 10), ec50=st.floats(0.01, 50))
def test_constant_inducer_monotone_approach(c, t_half, emax, ec50):
    t = np.linspace(0, 10 * t_half, 60)
    e = ei.enzyme_time_course(t, c, t_half, emax, ec50)
    assert np.all(np.diff(e) >= -1e-12)
    assert e[-1] == pytest.approx(float(ei.enzyme_steady_state(c, emax, ec50)), rel=1e-3)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="inducer_mg_per_l"):
        ei.enzyme_time_course([0.0], -1.0, 72.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="enzyme_half_life_h"):
        ei.enzyme_time_course([0.0], 1.0, 0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="ec50_mg_per_l"):
        ei.enzyme_time_course([0.0], 1.0, 72.0, 1.0, np.nan)
    with pytest.raises(ValueError, match="segment_start_h"):
        ei.enzyme_time_course([0.0], [1.0, 2.0], 72.0, 1.0, 1.0, segment_start_h=[10.0, 0.0])
    with pytest.raises(ValueError, match="inducer_mg_per_l"):
        ei.enzyme_time_course([0.0], [1.0, 2.0, 3.0], 72.0, 1.0, 1.0, segment_start_h=[0.0, 10.0])
    with pytest.raises(ValueError, match="t_h"):
        ei.enzyme_time_course([-5.0, 1.0], 1.0, 72.0, 1.0, 1.0)
