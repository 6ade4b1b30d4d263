"""Tests of neuroadapt.receptor_regulation (mu-opioid receptor trafficking)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from neuroadapt.receptor_regulation import (
    RECEPTOR_TRAFFICKING_DEFAULTS,
    _expm_batch,
    receptor_trafficking,
    receptor_trafficking_exposure,
    recovery_time_h,
    trafficking_steady_state,
)

NO_SYNTHESIS = dict(synthesis_per_h=0.0, turnover_per_h=0.0)
CLOSED = dict(synthesis_per_h=0.0, turnover_per_h=0.0, degradation_per_h=0.0)
TIGHT = dict(rtol=1e-10, atol=1e-12)


def _rhs(p, k=RECEPTOR_TRAFFICKING_DEFAULTS, ksyn=None):
    kd, kr, ki, kc, kg, kt = (
        k.desensitization_per_h,
        k.resensitization_per_h,
        k.internalization_per_h,
        k.recycling_per_h,
        k.degradation_per_h,
        k.turnover_per_h,
    )
    ksyn = kt if ksyn is None else ksyn

    def f(_t, y):
        r, d, i = y
        return [
            -kd * p * r + kr * d + kc * i + ksyn - kt * r,
            kd * p * r - (kr + ki + kt) * d,
            ki * d - (kc + kg + kt) * i,
        ]

    return f


# ---------------------------------------------------------------------------
# (a) published time scales
# ---------------------------------------------------------------------------


def test_brief_pulse_desensitizes_then_recovers_within_an_hour_without_synthesis():
    """Virk & Williams 2008: a 10-min saturating application desensitizes MOR
    (current declines during the application) and function recovers over tens
    of minutes (significant recovery 45 min later). Here, with no synthesis or
    turnover at all, the active pool is back above 95 % well within an hour."""
    t = np.linspace(0, 2, 721)  # 10-s steps
    s = receptor_trafficking_exposure(t, 0.0, 1 / 6, **NO_SYNTHESIS)
    end = t.searchsorted(1 / 6)
    assert s.active[end] < 0.6  # substantial desensitization in 10 min
    rec = recovery_time_h(s, 1 / 6, level=0.95)
    assert 0.25 < rec < 1.0  # tens of minutes, less than an hour
    assert s.active[t.searchsorted(1 / 6 + 1.0)] > 0.97


def test_recovery_after_brief_exposure_complete_within_25_min():
    """Dang & Williams 2004: in control neurons, recovery from desensitization
    after a brief (1-2 min) agonist exposure was complete within 25 min."""
    t = np.linspace(0, 1, 361)
    s = receptor_trafficking_exposure(t, 0.0, 2 / 60, **NO_SYNTHESIS)
    assert s.active[t.searchsorted(2 / 60)] < 0.8  # it did desensitize
    assert s.active[t.searchsorted(2 / 60 + 25 / 60)] > 0.97


def test_chronic_exposure_recovers_on_the_time_scale_of_synthesis():
    """Days of exposure degrade receptors (downregulation); after the drug stops,
    desensitized and endosomal receptors come back within hours, but the lost
    ones return only by synthesis: the deficit then decays with the receptor's
    turnover rate (half-life 48 h here), i.e. over days."""
    week = 24.0 * 7
    t = np.linspace(0, week + 24.0 * 14, 24 * 21 * 4 + 1)
    s = receptor_trafficking_exposure(t, 0.0, week)
    stop = t.searchsorted(week)
    assert s.total[stop] < 0.75  # downregulated
    # fast phase: within 3 h most desensitized/internalized receptors are back
    three_h = t.searchsorted(week + 3.0)
    assert s.active[three_h] > 0.95 * s.total[three_h]
    # slow phase: deficit decays as exp(-k_turn t)
    t1, t2 = t.searchsorted(week + 12.0), t.searchsorted(week + 60.0)
    ratio = (1 - s.total[t2]) / (1 - s.total[t1])
    assert ratio == pytest.approx(np.exp(-RECEPTOR_TRAFFICKING_DEFAULTS.turnover_per_h * 48.0), rel=1e-3)
    assert recovery_time_h(s, week, level=0.95) > 48.0


def test_pulse_versus_chronic_contrast():
    """The book's two time scales: minutes-to-an-hour versus days."""
    t = np.linspace(0, 24.0 * 20, 24 * 20 * 12 + 1)
    stops = np.array([1 / 6, 24.0 * 7])
    s = receptor_trafficking_exposure(t, 0.0, stops)
    rec = recovery_time_h(s, stops, level=0.9)
    assert rec[0] < 1.0
    assert rec[1] > 24.0


def test_chronic_steady_state_matches_linear_algebra():
    """The closed-form steady state solves A x + b = 0 (independent check)."""
    k = RECEPTOR_TRAFFICKING_DEFAULTS
    for p in (0.0, 0.3, 1.0):
        a = np.array(
            [
                [-(k.desensitization_per_h * p + k.turnover_per_h), k.resensitization_per_h, k.recycling_per_h],
                [
                    k.desensitization_per_h * p,
                    -(k.resensitization_per_h + k.internalization_per_h + k.turnover_per_h),
                    0,
                ],
                [0, k.internalization_per_h, -(k.recycling_per_h + k.degradation_per_h + k.turnover_per_h)],
            ]
        )
        x = np.linalg.solve(a, [-k.turnover_per_h, 0, 0])
        ss = trafficking_steady_state(p)
        np.testing.assert_allclose([ss.active, ss.desensitized, ss.internalized], x, rtol=1e-12)
    assert trafficking_steady_state(0.0).total == pytest.approx(1.0)


def test_long_exposure_converges_to_steady_state():
    t = np.linspace(0, 24.0 * 40, 961)
    s = receptor_trafficking(t, np.full(t.size, 0.7))
    ss = trafficking_steady_state(0.7)
    for name in ("active", "desensitized", "internalized", "total"):
        assert getattr(s, name)[-1] == pytest.approx(getattr(ss, name), rel=1e-8)


# ---------------------------------------------------------------------------
# (b) properties
# ---------------------------------------------------------------------------


@given(occ=st.lists(st.floats(0, 1), min_size=2, max_size=25), dt=st.floats(0.01, 5.0))
def test_conservation_without_synthesis_and_degradation(occ, dt):
    """Closed system: R + D + I stays exactly 1, every state stays >= 0."""
    t = dt * np.arange(len(occ))
    s = receptor_trafficking(t, occ, **CLOSED)
    np.testing.assert_allclose(s.total, 1.0, rtol=0, atol=1e-12)
    for arr in (s.active, s.desensitized, s.internalized):
        assert np.all(arr >= -1e-14)


@given(
    occ=st.lists(st.floats(0, 1), min_size=2, max_size=25),
    dt=st.floats(0.01, 24.0),
    kdeg=st.floats(0, 1.0),
    kturn=st.floats(0, 0.5),
)
def test_states_nonnegative_and_total_never_exceeds_baseline(occ, dt, kdeg, kturn):
    """With synthesis = turnover, dT/dt = k_turn (1 - T) - k_deg I <= k_turn (1 - T),
    so from T = 1 the total can only fall; no state goes negative."""
    t = dt * np.arange(len(occ))
    s = receptor_trafficking(t, occ, degradation_per_h=kdeg, turnover_per_h=kturn)
    for arr in (s.active, s.desensitized, s.internalized):
        assert np.all(arr >= -1e-14)
    assert np.all(s.total <= 1.0 + 1e-12)


# ---------------------------------------------------------------------------
# (c) exactness
# ---------------------------------------------------------------------------


def test_matches_solve_ivp_piecewise_constant_occupancy():
    """Matrix-exponential propagation against solve_ivp (rtol 1e-10, atol 1e-12)."""
    rng = np.random.default_rng(3)
    t = np.concatenate([[0.0], np.cumsum(rng.uniform(0.05, 3.0, 40))])
    occ = rng.choice([0.0, 0.2, 0.7, 1.0], size=t.size)
    s = receptor_trafficking(t, occ, synthesis_per_h=0.02)
    y = np.array([1.0, 0.0, 0.0])
    ref = [y]
    for i in range(t.size - 1):
        sol = solve_ivp(_rhs(occ[i], ksyn=0.02), (t[i], t[i + 1]), ref[-1], method="Radau", **TIGHT)
        ref.append(sol.y[:, -1])
    ref = np.array(ref)
    np.testing.assert_allclose(s.active, ref[:, 0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(s.desensitized, ref[:, 1], rtol=0, atol=1e-9)
    np.testing.assert_allclose(s.internalized, ref[:, 2], rtol=0, atol=1e-9)


@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.0, 1e-6, 0.1, 1.0, 30.0, 1e3]))
def test_batched_exponential_matches_scipy(seed, scale):
    """The package's batched matrix exponential equals scipy.linalg.expm on
    augmented trafficking generators (Metzler matrices) of any norm."""
    rng = np.random.default_rng(seed)
    k = rng.uniform(0, 1, (40, 7)) * scale
    a = np.zeros((40, 4, 4))
    a[:, 0, 0] = -(k[:, 0] + k[:, 5])
    a[:, 0, 1], a[:, 0, 2], a[:, 0, 3] = k[:, 1], k[:, 3], k[:, 6]
    a[:, 1, 0] = k[:, 0]
    a[:, 1, 1] = -(k[:, 1] + k[:, 2] + k[:, 5])
    a[:, 2, 1] = k[:, 2]
    a[:, 2, 2] = -(k[:, 3] + k[:, 4] + k[:, 5])
    ours = _expm_batch(a)
    ref = expm(a)
    np.testing.assert_allclose(ours, ref, rtol=1e-11, atol=1e-13 * max(1.0, np.abs(ref).max()))


def test_exposure_with_off_grid_switches_is_exact():
    """Start and stop between output times are handled exactly (solve_ivp with
    the true switch times as reference)."""
    t = np.linspace(0, 5, 11)  # 0.5-h outputs
    start, stop = 0.37, 1.93
    s = receptor_trafficking_exposure(t, start, stop, occupancy=0.8)
    pieces = [(0.0, start, 0.0), (start, stop, 0.8), (stop, 5.0, 0.0)]
    y = [1.0, 0.0, 0.0]
    sols = []
    for a, b, p in pieces:
        sol = solve_ivp(_rhs(p), (a, b), y, method="Radau", dense_output=True, **TIGHT)
        sols.append((a, b, sol))
        y = sol.y[:, -1]
    ref = np.array([next(sol.sol(x) for a, b, sol in sols if a <= x <= b) for x in t])
    np.testing.assert_allclose(s.active, ref[:, 0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(s.internalized, ref[:, 2], rtol=0, atol=1e-9)


def test_grid_equals_single_runs():
    t = np.linspace(0, 48, 97)
    stops = np.array([0.5, 6.0, 30.0])[:, None]
    kdeg = np.array([0.0, 0.03, 0.3])[None, :]
    grid = receptor_trafficking_exposure(t, 0.0, stops, degradation_per_h=kdeg)
    assert grid.active.shape == (3, 3, 97)  # time last (lib/README.md)
    for i in range(3):
        for j in range(3):
            one = receptor_trafficking_exposure(t, 0.0, stops[i, 0], degradation_per_h=kdeg[0, j])
            np.testing.assert_allclose(grid.total[i, j], one.total, rtol=1e-13)
            np.testing.assert_allclose(grid.active[i, j], one.active, rtol=1e-13)


def test_occupancy_grid_and_initial_state():
    t = np.linspace(0, 3, 31)
    occ = np.stack([np.zeros(31), np.full(31, 0.5)])  # (grid, time)
    s = receptor_trafficking(t, occ, initial_state=[0.5, 0.3, 0.2], **CLOSED)
    assert s.active.shape == (2, 31)
    assert s.active[0, 0] == 0.5 and s.internalized[1, 0] == 0.2
    np.testing.assert_allclose(s.total, 1.0, atol=1e-12)
    assert s.desensitized[0, -1] < 1e-3  # no agonist: everything returns to the surface


def test_to_frame_is_tidy():
    t = np.linspace(0, 1, 5)
    s = receptor_trafficking_exposure(t, 0.0, [0.2, 0.5])
    df = s.to_frame(exposure_h=[0.2, 0.5])
    assert set(df.columns) == {"t_h", "state", "fraction_of_baseline", "exposure_h"}
    assert len(df) == 5 * 2 * 5
    row = df[(df.state == "surface") & (df.t_h == t[2]) & (df.exposure_h == 0.5)]
    assert row.fraction_of_baseline.iloc[0] == pytest.approx(s.surface[1, 2])


# ---------------------------------------------------------------------------
# (d) bad input
# ---------------------------------------------------------------------------

T = np.linspace(0, 1, 5)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: receptor_trafficking(T[::-1], np.ones(5)), "t_h"),
        (lambda: receptor_trafficking(T, np.full(5, 1.2)), "occupancy"),
        (lambda: receptor_trafficking(T, np.full(5, np.nan)), "occupancy"),
        (lambda: receptor_trafficking(T, np.ones(4)), "occupancy"),
        (lambda: receptor_trafficking(T, np.ones(5), desensitization_per_h=-1.0), "desensitization_per_h"),
        (lambda: receptor_trafficking(T, np.ones(5), recycling_per_h=np.inf), "recycling_per_h"),
        (lambda: receptor_trafficking(T, np.ones(5), synthesis_per_h=-0.1), "synthesis_per_h"),
        (lambda: receptor_trafficking(T, np.ones(5), initial_state=[1.0, 0.0]), "initial_state"),
        (lambda: receptor_trafficking(T, np.ones(5), initial_state=[1.0, -0.1, 0.0]), "initial_state"),
        (lambda: receptor_trafficking(T, np.ones((2, 5)), degradation_per_h=[0.1, 0.2, 0.3]), "degradation_per_h"),
        (lambda: receptor_trafficking_exposure(T, 0.5, 0.2), "stop_h"),
        (lambda: receptor_trafficking_exposure(T, 0.0, 0.2, occupancy=2.0), "occupancy"),
        (lambda: trafficking_steady_state(1.0, turnover_per_h=0.0), "turnover_per_h"),
        (lambda: recovery_time_h(receptor_trafficking(T, np.ones(5)), 0.5, level=0.0), "level"),
        (lambda: recovery_time_h(receptor_trafficking(T, np.ones(5)), 0.5, state="bound"), "state"),
    ],
)
def test_bad_input_raises(call, name):
    with pytest.raises(ValueError, match=name):
        call()
