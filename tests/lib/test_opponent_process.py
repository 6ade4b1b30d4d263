"""Tests of neuroadapt.opponent_process: the Solomon-Corbit opponent process."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import opponent_process as op

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


# ---------------------------------------------------------------------------
# Solomon & Corbit
# ---------------------------------------------------------------------------

P = op.SOLOMON_CORBIT_DEFAULTS


def run_train(dosing_interval_h, n=15, duration_h=1.0, dt=0.025, **kw):
    t = np.arange(0.0, n * dosing_interval_h + dosing_interval_h + dt / 2, dt)
    u = op.stimulus_train(t, n, dosing_interval_h, duration_h)
    r = op.solomon_corbit(t, u, **kw)
    return t, u, r, op.exposure_summary(t, u, r.net_affect).to_frame()


def test_first_exposure_peak_then_small_after_reaction():
    """Solomon & Corbit 1974, "standard pattern of affective dynamics", first stimulations:
    a large peak of the primary affect, adaptation to a lower plateau, and a small after-reaction of
    the opposite sign when the stimulus stops."""
    t, u, r, df = run_train(24.0, n=1)
    first = df.iloc[0]
    assert first.peak_net_affect > 0.8 * P.a_gain
    # adaptation: at the end of the exposure the net affect is below its peak
    i_off = np.flatnonzero(np.diff(u) < 0)[0] + 1
    assert r.net_affect[i_off] < first.peak_net_affect - 0.05
    # after-reaction: opposite sign, small
    assert -0.25 * P.a_gain < first.trough_net_affect < 0.0


def test_closely_spaced_use_tolerance_and_deeper_withdrawal():
    """Solomon & Corbit 1974, pattern after many stimulations: the peak shrinks (tolerance) and the
    after-reaction grows (withdrawal) when stimulations are closely spaced."""
    _, _, r, df = run_train(4.0)
    peaks, troughs = df.peak_net_affect.to_numpy(), df.trough_net_affect.to_numpy()
    assert peaks[-1] < 0.8 * peaks[0]
    assert troughs[-1] < 3.0 * troughs[0] < 0
    assert np.all(np.diff(peaks) <= 1e-12) and np.all(np.diff(troughs) <= 1e-12)


def test_widely_spaced_use_does_not_build_up():
    """Solomon & Corbit 1974: the b-process is strengthened by use and weakened by disuse; with a week
    between exposures the b-process gain decays back and the pattern stays that of a naive subject."""
    _, _, r_wide, df_wide = run_train(168.0, dt=0.05)
    _, _, _, df_close = run_train(4.0)
    assert df_wide.peak_net_affect.iloc[-1] == pytest.approx(df_wide.peak_net_affect.iloc[0], rel=0.01)
    assert df_wide.trough_net_affect.iloc[-1] == pytest.approx(df_wide.trough_net_affect.iloc[0], rel=0.05)
    assert df_close.trough_net_affect.iloc[-1] < 2.0 * df_wide.trough_net_affect.iloc[-1]


def test_steady_state_under_constant_stimulus_is_analytic():
    """Fixed point of the ODEs: a = A u, g = g0 + eta A u tau_g, b = g a."""
    t = np.linspace(0.0, 1000.0, 401)
    u = np.full(t.size, 0.7)
    r = op.solomon_corbit(t, u)
    a_ss = P.a_gain * 0.7
    g_ss = P.gain_baseline + P.gain_growth_per_h * a_ss * P.time_constant_gain_h
    assert r.a_process[-1] == pytest.approx(a_ss, rel=1e-12)
    assert r.b_gain[-1] == pytest.approx(g_ss, rel=1e-9)
    assert r.b_process[-1] == pytest.approx(g_ss * a_ss, rel=1e-9)


def test_a_process_is_exact_first_order_rise():
    t = np.array([0.0, 0.01, 0.03, 0.1, 0.5, 2.0])
    r = op.solomon_corbit(t, np.ones(t.size), a_gain=2.0, time_constant_a_process_h=0.2)
    np.testing.assert_allclose(r.a_process, 2.0 * -np.expm1(-t / 0.2), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"time_constant_b_process_h": P.time_constant_gain_h},  # k_b = k_g: equal rates inside the convolutions
        {
            "time_constant_gain_h": P.time_constant_a_process_h,
            "time_constant_b_process_h": 2 * P.time_constant_a_process_h,
        },  # k_g = k_a
    ],
)
def test_solomon_corbit_matches_solve_ivp(kw):
    par = {**P.__dict__, **kw}
    t = np.concatenate([np.arange(0.0, 10.0, 0.1), np.arange(10.0, 40.0, 0.7)])
    u = op.stimulus_train(t, 5, 4.0, 1.0)

    def rhs(y, uu):
        a, b, g = y
        return [
            (par["a_gain"] * uu - a) / par["time_constant_a_process_h"],
            (g * a - b) / par["time_constant_b_process_h"],
            par["gain_growth_per_h"] * a - (g - par["gain_baseline"]) / par["time_constant_gain_h"],
        ]

    ref = piecewise_reference(t, u, rhs, [0.0, 0.0, par["gain_baseline"]])
    r = op.solomon_corbit(t, u, **kw)
    for k, arr in enumerate([r.a_process, r.b_process, r.b_gain]):
        np.testing.assert_allclose(arr, ref[:, k], rtol=1e-8, atol=1e-9)


def test_solomon_corbit_grid_matches_loop():
    t = np.linspace(0.0, 60.0, 601)
    intervals = np.array([4.0, 8.0, 24.0])[:, None]
    growth = np.array([0.05, 0.15])[None, :]
    u = op.stimulus_train(t, 6, intervals, 1.0)
    grid = op.solomon_corbit(t, u, gain_growth_per_h=growth)
    assert u.shape == (3, 1, t.size)
    assert grid.net_affect.shape == (3, 2, t.size)  # grid_shape + (n_times,): time last
    for i in range(3):
        for j in range(2):
            single = op.solomon_corbit(t, u[i, 0], gain_growth_per_h=growth[0, j])
            np.testing.assert_allclose(grid.net_affect[i, j], single.net_affect, rtol=1e-13, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(
    pulses=st.lists(st.sampled_from([0.0, 1.0, 2.5]), min_size=5, max_size=40),
    tau_a=st.floats(0.01, 1.0),
    tau_b_factor=st.floats(1.0, 50.0),
    g0=st.floats(0.0, 1.0),
    eta=st.floats(0.0, 1.0),
    tau_g=st.floats(0.5, 200.0),
)
def test_solomon_corbit_invariants(pulses, tau_a, tau_b_factor, g0, eta, tau_g):
    """a stays in [0, A max u]; b >= 0; the gain never falls below its baseline g0."""
    u = np.repeat(pulses, 5)
    t = np.linspace(0.0, 0.25 * u.size, u.size)
    r = op.solomon_corbit(
        t,
        u,
        time_constant_a_process_h=tau_a,
        time_constant_b_process_h=tau_a * tau_b_factor,
        gain_baseline=g0,
        gain_growth_per_h=eta,
        time_constant_gain_h=tau_g,
    )
    tol = 1e-12
    assert np.all(np.isfinite(r.net_affect))
    assert np.all(r.a_process >= -tol) and np.all(r.a_process <= P.a_gain * u.max() + tol)
    assert np.all(r.b_process >= -tol)
    assert np.all(r.b_gain >= g0 - tol)


def test_stimulus_train_schedule():
    t = np.arange(0.0, 20.0, 0.5)
    u = op.stimulus_train(t, n_exposures=3, dosing_interval_h=5.0, duration_h=1.0, start_h=2.0, intensity=2.0)
    on = t[u > 0]
    np.testing.assert_allclose(on, [2.0, 2.5, 7.0, 7.5, 12.0, 12.5])
    assert set(np.unique(u)) == {0.0, 2.0}


def test_exposure_summary_counts_exposures():
    t, u, r, df = run_train(6.0, n=4)
    assert df.exposure.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(df.onset_h, [0.0, 6.0, 12.0, 18.0], atol=1e-9)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"stimulus": -1.0}, "stimulus"),
        ({"stimulus": np.nan}, "stimulus"),
        ({"time_constant_a_process_h": 0.0}, "time_constant_a_process_h"),
        ({"time_constant_b_process_h": -1.0}, "time_constant_b_process_h"),
        ({"gain_baseline": -0.1}, "gain_baseline"),
        ({"gain_growth_per_h": -0.1}, "gain_growth_per_h"),
        ({"time_constant_gain_h": 0.0}, "time_constant_gain_h"),
    ],
)
def test_solomon_corbit_rejects_bad_input(kwargs, name):
    t = np.linspace(0.0, 1.0, 5)
    args = {"stimulus": np.ones(5), **kwargs}
    if np.ndim(args["stimulus"]) == 0:
        args["stimulus"] = np.full(5, args["stimulus"])
    stim = args.pop("stimulus")
    with pytest.raises(ValueError, match=name):
        op.solomon_corbit(t, stim, **args)


def test_solomon_corbit_rejects_bad_times_and_shapes():
    with pytest.raises(ValueError, match="t_h"):
        op.solomon_corbit([0.0, 2.0, 1.0], np.ones(3))
    with pytest.raises(ValueError, match="stimulus"):
        op.solomon_corbit([0.0, 1.0, 2.0], np.ones(4))
    with pytest.raises(ValueError, match="duration_h"):
        op.stimulus_train([0.0, 1.0], 2, dosing_interval_h=1.0, duration_h=2.0)
    with pytest.raises(ValueError, match="n_exposures"):
        op.stimulus_train([0.0, 1.0], 0, dosing_interval_h=1.0, duration_h=0.5)
