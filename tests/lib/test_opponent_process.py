"""Tests of neuroadapt.opponent_process: Solomon-Corbit, LC cAMP homeostat, alcohol homeostat."""

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


def run_train(interval_h, n=15, duration_h=1.0, dt=0.025, **kw):
    t = np.arange(0.0, n * interval_h + interval_h + dt / 2, dt)
    u = op.stimulus_train(t, n, interval_h, duration_h)
    r = op.solomon_corbit(t, u, **kw)
    return t, u, r, op.exposure_summary(t, u, r.net_affect)


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
    g_ss = P.gain_baseline + P.gain_growth_per_h * a_ss * P.tau_gain_h
    assert r.a_process[-1] == pytest.approx(a_ss, rel=1e-12)
    assert r.b_gain[-1] == pytest.approx(g_ss, rel=1e-9)
    assert r.b_process[-1] == pytest.approx(g_ss * a_ss, rel=1e-9)


def test_a_process_is_exact_first_order_rise():
    t = np.array([0.0, 0.01, 0.03, 0.1, 0.5, 2.0])
    r = op.solomon_corbit(t, np.ones(t.size), a_gain=2.0, tau_a_h=0.2)
    np.testing.assert_allclose(r.a_process, 2.0 * -np.expm1(-t / 0.2), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"tau_b_h": P.tau_gain_h},  # k_b = k_g: equal rates inside the convolutions
        {"tau_gain_h": P.tau_a_h, "tau_b_h": 2 * P.tau_a_h},  # k_g = k_a
    ],
)
def test_solomon_corbit_matches_solve_ivp(kw):
    par = {**P.__dict__, **kw}
    t = np.concatenate([np.arange(0.0, 10.0, 0.1), np.arange(10.0, 40.0, 0.7)])
    u = op.stimulus_train(t, 5, 4.0, 1.0)

    def rhs(y, uu):
        a, b, g = y
        return [
            (par["a_gain"] * uu - a) / par["tau_a_h"],
            (g * a - b) / par["tau_b_h"],
            par["gain_growth_per_h"] * a - (g - par["gain_baseline"]) / par["tau_gain_h"],
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
    assert grid.net_affect.shape == (t.size, 3, 2)
    for i in range(3):
        for j in range(2):
            single = op.solomon_corbit(t, u[:, i, 0], gain_growth_per_h=growth[0, j])
            np.testing.assert_allclose(grid.net_affect[:, i, j], single.net_affect, rtol=1e-13, atol=1e-14)


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
    r = op.solomon_corbit(t, u, tau_a_h=tau_a, tau_b_h=tau_a * tau_b_factor, gain_baseline=g0, gain_growth_per_h=eta, tau_gain_h=tau_g)
    tol = 1e-12
    assert np.all(np.isfinite(r.net_affect))
    assert np.all(r.a_process >= -tol) and np.all(r.a_process <= P.a_gain * u.max() + tol)
    assert np.all(r.b_process >= -tol)
    assert np.all(r.b_gain >= g0 - tol)


def test_stimulus_train_schedule():
    t = np.arange(0.0, 20.0, 0.5)
    u = op.stimulus_train(t, n_exposures=3, interval_h=5.0, duration_h=1.0, start_h=2.0, intensity=2.0)
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
        ({"tau_a_h": 0.0}, "tau_a_h"),
        ({"tau_b_h": -1.0}, "tau_b_h"),
        ({"gain_baseline": -0.1}, "gain_baseline"),
        ({"gain_growth_per_h": -0.1}, "gain_growth_per_h"),
        ({"tau_gain_h": 0.0}, "tau_gain_h"),
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
        op.stimulus_train([0.0, 1.0], 2, interval_h=1.0, duration_h=2.0)
    with pytest.raises(ValueError, match="n_exposures"):
        op.stimulus_train([0.0, 1.0], 0, interval_h=1.0, duration_h=0.5)


# ---------------------------------------------------------------------------
# Locus coeruleus cAMP homeostat
# ---------------------------------------------------------------------------

L = op.LOCUS_COERULEUS_DEFAULTS


@pytest.mark.parametrize("occupancy", [0.3, 0.8, 1.0])
def test_chronic_opioid_camp_returns_to_baseline(occupancy):
    """Nestler & Aghajanian 1997: during chronic opioid the up-regulated cAMP pathway restores cAMP
    (tolerance); analytically the only steady state is cAMP = 1, AC = 1/(1 - I)."""
    t = np.linspace(0.0, 24.0 * 120, 3001)
    r = op.locus_coeruleus_camp(t, np.full(t.size, occupancy))
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
    peak, _ = op.withdrawal_camp_peak(durations)
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
    occ = op.opioid_use_occupancy(t, durations)
    r = op.locus_coeruleus_camp(t, occ)
    assert r.camp_relative.shape == (t.size, 3)
    peak, t_peak = op.withdrawal_camp_peak(durations)
    for j, dur in enumerate(durations):
        after = t >= dur
        i = np.argmax(np.where(after, r.camp_relative[:, j], -np.inf))
        assert r.camp_relative[i, j] == pytest.approx(peak[j], rel=1e-4)
        assert t[i] - dur == pytest.approx(t_peak[j], abs=0.02)


def test_recovery_after_stop_and_lc_firing_several_fold():
    """Aghajanian 1978: LC firing rises several-fold (here 2-6x) in precipitated withdrawal; Rasmussen
    et al. 1990: LC hyperactivity parallels the withdrawal signs, which subside over days. cAMP falls
    monotonically back to baseline after its peak (< 10 % of the overshoot left at 72 h)."""
    dur = 24.0 * 14
    t = np.arange(0.0, dur + 24.0 * 10, 0.05)
    r = op.locus_coeruleus_camp(t, op.opioid_use_occupancy(t, dur))
    camp = r.camp_relative
    i_peak = np.argmax(camp)
    firing = op.lc_firing_rate(camp)
    assert 2.0 <= firing[i_peak] / L.baseline_rate_hz <= 6.0
    tail = camp[i_peak:]
    assert np.all(np.diff(tail) <= 1e-12)
    overshoot_72h = camp[np.searchsorted(t, dur + 72.0)] - 1.0
    assert overshoot_72h < 0.1 * (camp[i_peak] - 1.0)
    assert camp[-1] == pytest.approx(1.0, abs=0.01)


def test_lc_matches_solve_ivp_with_gradual_offset():
    t = np.concatenate([np.arange(0.0, 100.0, 1.0), np.arange(100.0, 110.0, 0.05), np.arange(110.0, 200.0, 2.0)])
    occ = op.opioid_use_occupancy(t, 100.0, occupancy=0.9, offset_half_life_h=2.0)

    def rhs(y, o):
        c, a = y
        return [(a * (1.0 - L.max_inhibition * o) - c) / L.tau_camp_h, (1.0 - c) / L.tau_ac_h]

    ref = piecewise_reference(t, occ, rhs, [1.0, 1.0])
    r = op.locus_coeruleus_camp(t, occ)
    np.testing.assert_allclose(r.camp_relative, ref[:, 0], rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(r.adenylyl_cyclase_relative, ref[:, 1], rtol=1e-8, atol=1e-9)


def test_lc_grid_matches_loop():
    t = np.linspace(0.0, 24.0 * 10, 1201)
    durations = np.array([24.0, 96.0])[:, None]
    imax = np.array([0.5, 0.75, 0.9])[None, :]
    grid = op.locus_coeruleus_camp(t, op.opioid_use_occupancy(t, durations), max_inhibition=imax)
    for i in range(2):
        for j in range(3):
            single = op.locus_coeruleus_camp(t, op.opioid_use_occupancy(t, durations[i, 0]), max_inhibition=imax[0, j])
            np.testing.assert_allclose(grid.camp_relative[:, i, j], single.camp_relative, rtol=1e-13)


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
    r = op.locus_coeruleus_camp(t, occ, max_inhibition=imax, tau_ac_h=tau_ac)
    assert np.all(np.isfinite(r.camp_relative))
    assert np.all(r.camp_relative > 0) and np.all(r.adenylyl_cyclase_relative > 0)
    t2 = np.linspace(0.0, 60.0 * tau_ac / (1.0 - imax), 801)
    r2 = op.locus_coeruleus_camp(t2, np.full(t2.size, occ_levels[-1]), max_inhibition=imax, tau_ac_h=tau_ac)
    assert r2.camp_relative[-1] == pytest.approx(1.0, abs=1e-6)


def test_lc_rejects_bad_input():
    t = np.linspace(0.0, 1.0, 4)
    with pytest.raises(ValueError, match="occupancy"):
        op.locus_coeruleus_camp(t, np.full(4, 1.2))
    with pytest.raises(ValueError, match="max_inhibition"):
        op.locus_coeruleus_camp(t, np.ones(4), max_inhibition=1.0)
    with pytest.raises(ValueError, match="tau_ac_h"):
        op.locus_coeruleus_camp(t, np.ones(4), tau_camp_h=1.0, tau_ac_h=3.0)
    with pytest.raises(ValueError, match="use_duration_h"):
        op.withdrawal_camp_peak(-1.0)
    with pytest.raises(ValueError, match="camp_relative"):
        op.lc_firing_rate(-0.5)
    with pytest.raises(ValueError, match="offset_half_life_h"):
        op.opioid_use_occupancy(t, 1.0, offset_half_life_h=-2.0)


# ---------------------------------------------------------------------------
# Alcohol: blood alcohol and the GABA-A/NMDA homeostat
# ---------------------------------------------------------------------------

A = op.ALCOHOL_DEFAULTS


def test_withdrawal_windows_table():
    """Victor & Adams 1953 (seizures 7-48 h, most 13-24 h); Schuckit 2014 (delirium tremens 48-96 h)."""
    w = op.withdrawal_windows().set_index("sign")
    assert list(w.index) == ["tremor", "seizures", "hallucinosis", "delirium tremens"]
    assert tuple(w.loc["seizures", ["window_start_h", "window_end_h", "peak_start_h", "peak_end_h"]]) == (7.0, 48.0, 13.0, 24.0)
    assert tuple(w.loc["delirium tremens", ["window_start_h", "window_end_h"]]) == (48.0, 96.0)
    assert (w["window_start_h"] < w["window_end_h"]).all()
    assert w["source"].str.len().gt(0).all()


def test_bac_zero_order_widmark_rate():
    """Widmark 1932 / Jones 2010: while BAC >> Km the decline is linear at 0.015-0.02 g/dL per h,
    so 0.2 g/dL takes ~10-13 h to clear."""
    t = np.array([0.0, 1.0, 2.0])
    for vmax in (0.015, 0.02):
        bac = op.bac_after_last_drink(t, 0.25, elimination_g_per_dl_h=vmax, km_g_per_dl=1e-4)
        np.testing.assert_allclose(np.diff(bac), -vmax, rtol=1e-3)
    hours = op.hours_to_bac(0.2, 1e-4, elimination_g_per_dl_h=np.array([0.02, 0.015]), km_g_per_dl=1e-6)
    np.testing.assert_allclose(hours, [0.2 / 0.02, 0.2 / 0.015], rtol=1e-3)


def test_bac_closed_form_matches_solve_ivp_and_inverse():
    t = np.linspace(0.0, 20.0, 81)
    sol = solve_ivp(
        lambda tt, c: -A.elimination_g_per_dl_h * c / (A.km_g_per_dl + c), (0.0, 20.0), [0.22],
        t_eval=t, method="DOP853", rtol=RTOL, atol=ATOL,
    )
    np.testing.assert_allclose(op.bac_after_last_drink(t, 0.22), sol.y[0], rtol=1e-8, atol=1e-12)
    hours = op.hours_to_bac(0.22, 0.01)
    assert float(op.bac_after_last_drink(hours, 0.22)) == pytest.approx(0.01, rel=1e-10)


def _withdrawal(days=14.0, plateau=0.25, dt=0.25, after_days=10.0):
    t = np.arange(0.0, 24.0 * (days + after_days), dt)
    bac = op.maintained_drinking_bac(t, days, plateau)
    return t, bac, op.alcohol_homeostat(t, bac)


@pytest.mark.parametrize("plateau", [0.15, 0.2, 0.25, 0.3])
def test_excitability_peak_falls_in_published_windows(plateau):
    """Victor & Adams 1953: withdrawal seizures 7-48 h after the last drink (most at 13-24 h); tremor
    from ~6 h (Hall & Zador 1997). The simulated peak of hyperexcitability lies inside both windows."""
    t, bac, r = _withdrawal(plateau=plateau)
    last = 24.0 * 14
    peak_h = t[np.argmax(r.excitability)] - last
    w = op.withdrawal_windows().set_index("sign")
    assert w.loc["seizures", "window_start_h"] <= peak_h <= w.loc["seizures", "window_end_h"]
    assert w.loc["tremor", "window_start_h"] <= peak_h <= w.loc["tremor", "window_end_h"]
    if plateau >= 0.25:  # typical BAC of dependent drinkers: inside the 13-24 h seizure peak
        assert w.loc["seizures", "peak_start_h"] <= peak_h <= w.loc["seizures", "peak_end_h"]


def test_hyperexcitability_persists_then_subsides_in_a_week():
    """Hall & Zador 1997; Becker 2008: signs peak at 24-48 h and subside over 5-7 days."""
    t, bac, r = _withdrawal()
    last = 24.0 * 14
    e = r.excitability
    peak = e.max()

    def at(h):
        return e[np.searchsorted(t, last + h)]

    assert at(24.0) > 0.5 * peak and at(48.0) > 0.3 * peak
    assert at(168.0) < 0.1 * peak
    assert np.all(np.diff(e[t >= t[np.argmax(e)]]) <= 1e-12)


def test_tolerance_during_drinking_and_acute_sedation():
    """Homeostatic feedback: acute alcohol depresses excitability; with sustained drinking NMDA gain
    rises to 1/(1 - beta c), GABA-A gain falls to 1/(1 + eps c), and excitability returns to 0."""
    t, bac, r = _withdrawal(days=28.0, after_days=0.5)
    c = 0.25
    acute = 1.0 * (1 - A.nmda_block_per_g_dl * c) - 1.0 * (1 + A.gaba_enhance_per_g_dl * c)
    assert r.excitability[0] == pytest.approx(acute, rel=1e-12)
    i = np.searchsorted(t, 24.0 * 28 - 1.0)
    assert abs(r.excitability[i]) < 1e-3
    assert r.nmda_gain[i] == pytest.approx(1 / (1 - A.nmda_block_per_g_dl * c), rel=1e-3)
    assert r.gabaa_gain[i] == pytest.approx(1 / (1 + A.gaba_enhance_per_g_dl * c), rel=1e-3)


def test_withdrawal_severity_grows_with_drinking_duration():
    """Isbell et al. 1955: longer periods of sustained intoxication produced more severe withdrawal.
    One vectorised call over a grid of drinking durations."""
    days = np.array([1.0, 3.0, 7.0, 14.0, 28.0])
    t = np.arange(0.0, 24.0 * 32, 0.5)
    r = op.alcohol_homeostat(t, op.maintained_drinking_bac(t, days, 0.25))
    peaks = r.excitability.max(axis=0)
    assert np.all(np.diff(peaks) > 0)
    assert peaks[-1] - peaks[-2] < peaks[1] - peaks[0]  # saturating


def test_alcohol_matches_solve_ivp():
    t = np.arange(0.0, 24.0 * 6, 0.5)
    bac = op.maintained_drinking_bac(t, 3.0, 0.25)

    def rhs(y, c):
        n, g = y
        return [(1 - n * (1 - A.nmda_block_per_g_dl * c)) / A.tau_nmda_h, (1 - g * (1 + A.gaba_enhance_per_g_dl * c)) / A.tau_gaba_h]

    ref = piecewise_reference(t, bac, rhs, [1.0, 1.0])
    r = op.alcohol_homeostat(t, bac)
    np.testing.assert_allclose(r.nmda_gain, ref[:, 0], rtol=1e-9)
    np.testing.assert_allclose(r.gabaa_gain, ref[:, 1], rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(levels=st.lists(st.floats(0.0, 0.4), min_size=3, max_size=30), tau=st.floats(1.0, 200.0))
def test_alcohol_invariants(levels, tau):
    """NMDA gain never falls below baseline and GABA-A gain never rises above it (alcohol only blocks
    NMDA and enhances GABA-A); gains stay positive."""
    bac = np.repeat(levels, 8)
    t = np.linspace(0.0, 1.0 * bac.size, bac.size)
    r = op.alcohol_homeostat(t, bac, tau_nmda_h=tau, tau_gaba_h=2 * tau)
    assert np.all(r.nmda_gain >= 1.0 - 1e-12)
    assert np.all((r.gabaa_gain <= 1.0 + 1e-12) & (r.gabaa_gain > 0))
    assert np.all(np.isfinite(r.excitability))


def test_alcohol_rejects_bad_input():
    t = np.linspace(0.0, 10.0, 5)
    with pytest.raises(ValueError, match="bac_g_per_dl"):
        op.alcohol_homeostat(t, np.full(5, -0.1))
    with pytest.raises(ValueError, match="nmda_block_per_g_dl"):
        op.alcohol_homeostat(t, np.full(5, 0.8))
    with pytest.raises(ValueError, match="tau_gaba_h"):
        op.alcohol_homeostat(t, np.full(5, 0.1), tau_gaba_h=0.0)
    with pytest.raises(ValueError, match="bac_at_last_drink_g_per_dl"):
        op.bac_after_last_drink(1.0, 1.5)
    with pytest.raises(ValueError, match="elimination_g_per_dl_h"):
        op.hours_to_bac(0.2, elimination_g_per_dl_h=0.0)
    with pytest.raises(ValueError, match="drinking_days"):
        op.maintained_drinking_bac(t, 0.0, 0.2)
