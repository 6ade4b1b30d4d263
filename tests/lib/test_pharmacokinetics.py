"""Tests of neuroadapt.pharmacokinetics (one-compartment model, repeated dosing).

Textbook relations are from Rowland & Tozer (Clinical Pharmacokinetics and
Pharmacodynamics, 4th ed., 2011) and Gibaldi & Perrier (Pharmacokinetics,
2nd ed., 1982). Where a closed form is tested, the reference value is
computed independently: by brute-force superposition, numerical integration
(scipy), or a dense-grid search.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad, solve_ivp

from neuroadapt import pharmacokinetics as pk

LN2 = math.log(2.0)
SETTINGS = settings(max_examples=40, deadline=None)

half_lives = st.floats(0.5, 100.0)
kas = st.floats(0.05, 5.0)
doses = st.floats(0.0, 1000.0)
volumes = st.floats(1.0, 500.0)


# ---------------------------------------------------------------------------
# (a) published / textbook features
# ---------------------------------------------------------------------------


def test_one_half_life_halves_concentration():
    """Rowland & Tozer: after one half-life C = C0/2, after two C0/4."""
    c = pk.bolus_concentration([0.0, 8.0, 16.0], 500.0, 25.0, 8.0)
    np.testing.assert_allclose(c, [20.0, 10.0, 5.0], rtol=1e-14)


def test_accumulation_ratio_tau_equal_half_life_is_two():
    """Rowland & Tozer: dosing every half-life gives R = 1/(1 - 1/2) = 2."""
    assert pk.accumulation_ratio(7.0, 7.0) == pytest.approx(2.0, rel=1e-14)
    # and R = 1/(1 - 2^-tau/t½) in general, e.g. tau = 2 t½ -> 4/3
    assert pk.accumulation_ratio(5.0, 10.0) == pytest.approx(4.0 / 3.0, rel=1e-14)


def test_accumulation_ratio_matches_simulated_ratio():
    """R equals the simulated steady-state / first-dose peak ratio (superposition)."""
    td = pk.regular_dose_times_h(6.0, 60)
    c = pk.bolus_concentration([0.0, td[-1]], 100.0, 10.0, 9.0, td)
    assert c[1] / c[0] == pytest.approx(float(pk.accumulation_ratio(9.0, 6.0)), rel=1e-10)


def test_about_97_percent_of_steady_state_after_five_half_lives():
    """Rowland & Tozer: 1 - 2^-5 = 96.9% of steady state after 5 half-lives."""
    assert pk.time_to_fraction_of_steady_state(12.0, 1 - 2**-5) == pytest.approx(60.0, rel=1e-12)
    # simulated trough after 5 half-lives of dosing, relative to the steady-state trough
    hl, tau = 12.0, 4.0
    td = pk.regular_dose_times_h(tau, 200)
    n5 = int(5 * hl / tau)
    c = pk.bolus_concentration([td[n5] - 1e-9, td[-1] - 1e-9], 10.0, 1.0, hl, td)
    assert c[0] / c[1] == pytest.approx(1 - 2**-5, abs=1e-6)


def test_superposition_equals_sum_of_single_doses():
    """Gibaldi & Perrier ch. 3: multiple-dose curve = sum of shifted single-dose curves."""
    t = np.linspace(0.0, 100.0, 501)
    td = np.array([0.0, 7.5, 20.0, 20.0, 53.0])
    rel = np.array([1.0, 0.5, 2.0, 1.0, 0.25])
    multi = pk.oral_concentration(t, 80.0, 30.0, 10.0, 0.7, 0.6, td, relative_doses=rel)
    single = sum(
        np.where(t >= ti, pk.oral_concentration(np.clip(t - ti, 0, None), 80.0 * w, 30.0, 10.0, 0.7, 0.6), 0.0)
        for ti, w in zip(td, rel)
    )
    np.testing.assert_allclose(multi, single, rtol=1e-12, atol=1e-14)
    bol = pk.bolus_concentration(t, 80.0, 30.0, 10.0, td, relative_doses=rel)
    bol_single = sum(np.where(t >= ti, 80.0 * w / 30.0 * np.exp(-LN2 / 10.0 * (t - ti)), 0.0) for ti, w in zip(td, rel))
    np.testing.assert_allclose(bol, bol_single, rtol=1e-12, atol=1e-14)


def test_bateman_single_dose_formula():
    """Gibaldi & Perrier ch. 1: C = F D ka / (V (ka - k)) (e^-kt - e^-ka t)."""
    t = np.linspace(0, 48, 97)
    k, ka, F, D, V = LN2 / 8.0, 1.3, 0.7, 250.0, 40.0
    expected = F * D * ka / (V * (ka - k)) * (np.exp(-k * t) - np.exp(-ka * t))
    np.testing.assert_allclose(pk.oral_concentration(t, D, V, 8.0, ka, F), expected, rtol=1e-12, atol=1e-15)


def test_oral_peak_time_formula_and_grid_search():
    """t_max = ln(ka/k)/(ka - k) (Gibaldi & Perrier) agrees with the argmax of the curve."""
    hl, ka = 6.0, 0.9
    k = LN2 / hl
    tmax = math.log(ka / k) / (ka - k)
    assert pk.oral_peak_time_h(ka, hl) == pytest.approx(tmax, rel=1e-12)
    t = np.linspace(0, 20, 200001)
    c = pk.oral_concentration(t, 100.0, 10.0, hl, ka)
    assert t[np.argmax(c)] == pytest.approx(tmax, abs=2e-4)


def test_oral_peak_time_limit_ka_equals_k():
    """When ka = k the Bateman curve is (F D k/V) t e^{-kt}, peaking at t = 1/k."""
    hl = 5.0
    k = LN2 / hl
    assert pk.oral_peak_time_h(k, hl) == pytest.approx(1.0 / k, rel=1e-12)
    t = np.array([0.5, 3.0, 20.0])
    np.testing.assert_allclose(pk.oral_concentration(t, 100.0, 10.0, hl, k), 10.0 * k * t * np.exp(-k * t), rtol=1e-12)
    # continuity across ka = k
    near = pk.oral_concentration(t, 100.0, 10.0, hl, k * (1 + 1e-9))
    np.testing.assert_allclose(near, 10.0 * k * t * np.exp(-k * t), rtol=1e-7)


def test_auc_equals_F_dose_over_clearance():
    """Rowland & Tozer: AUC(0-inf) of a single dose = F Dose / CL (numerical integration)."""
    hl, V, F, D, ka = 9.0, 35.0, 0.65, 300.0, 0.8
    cl = float(pk.clearance_from_half_life(hl, V))
    auc, _ = quad(lambda x: float(pk.oral_concentration(x, D, V, hl, ka, F)), 0, np.inf, limit=200)
    assert auc == pytest.approx(F * D / cl, rel=1e-8)


def test_steady_state_average_equals_interval_mean():
    """C_ss,avg = F D/(CL tau) equals the mean of the simulated curve over a late interval."""
    hl, V, F, D, ka, tau = 10.0, 50.0, 0.8, 200.0, 1.1, 8.0
    td = pk.regular_dose_times_h(tau, 80)
    t = np.linspace(td[-2], td[-1], 20001)
    c = pk.oral_concentration(t, D, V, hl, ka, F, td[:-1])
    mean = np.trapezoid(c, t) / tau
    css = pk.steady_state_average(D, tau, pk.clearance_from_half_life(hl, V), F)
    assert mean == pytest.approx(float(css), rel=1e-6)


def test_steady_state_peak_trough_oral_matches_simulation():
    """Gibaldi & Perrier ch. 3: t_max,ss = ln[ka(1-e^-k tau)/(k(1-e^-ka tau))]/(ka-k)."""
    hl, V, F, D, ka, tau = 6.0, 10.0, 0.9, 100.0, 0.3, 12.0
    k = LN2 / hl
    r = pk.steady_state_peak_trough(D, V, hl, tau, absorption_rate_per_h=ka, bioavailability=F)
    tmax_ss = math.log(ka * (1 - math.exp(-k * tau)) / (k * (1 - math.exp(-ka * tau)))) / (ka - k)
    assert float(r.time_of_peak_h) == pytest.approx(tmax_ss, rel=1e-10)
    td = pk.regular_dose_times_h(tau, 40)
    t = np.linspace(td[-1], td[-1] + tau, 120001)
    c = pk.oral_concentration(t, D, V, hl, ka, F, td)
    assert float(r.peak_mg_per_l) == pytest.approx(c.max(), rel=1e-8)
    assert float(r.trough_mg_per_l) == pytest.approx(c[-1], rel=1e-8)


def test_time_below_threshold_bolus_closed_form():
    """Two half-lives take C from 10 to 2.5 mg/L (first-order decay)."""
    assert float(pk.time_below_threshold(2.5, 100.0, 10.0, 6.0)) == pytest.approx(12.0, rel=1e-14)
    assert float(pk.time_below_threshold(20.0, 100.0, 10.0, 6.0)) == 0.0


def test_time_below_threshold_oral_against_dense_grid():
    """Root found on the falling branch equals the last crossing on a dense grid."""
    td = [0.0, 12.0, 24.0]
    s = pk.time_below_threshold(1.0, 100.0, 10.0, 6.0, td, absorption_rate_per_h=0.3)
    t = np.linspace(24.0, 100.0, 760001)
    c = pk.oral_concentration(t, 100.0, 10.0, 6.0, 0.3, 1.0, td)
    last = t[np.flatnonzero(c >= 1.0)[-1]] - 24.0
    assert float(s) == pytest.approx(last, abs=2e-4)
    assert float(pk.oral_concentration(24.0 + float(s), 100.0, 10.0, 6.0, 0.3, 1.0, td)) == pytest.approx(1.0, rel=1e-9)


def test_oral_against_solve_ivp():
    """Closed-form superposition equals an ODE solution of the gut/body system."""
    k, ka, V, F, D = LN2 / 7.0, 0.45, 20.0, 0.8, 50.0
    td = [0.0, 10.0, 17.0]
    t_out = np.linspace(0, 40, 81)
    y = np.zeros(2)
    res = []
    bounds = td + [40.0]
    for i in range(3):
        y = y + np.array([F * D, 0.0])
        mask = (t_out >= bounds[i]) & ((t_out < bounds[i + 1]) if i < 2 else (t_out <= bounds[i + 1]))
        sol = solve_ivp(
            lambda _t, z: [-ka * z[0], ka * z[0] - k * z[1]],
            (bounds[i], bounds[i + 1]),
            y,
            t_eval=t_out[mask],
            rtol=1e-10,
            atol=1e-12,
            method="DOP853",
        )
        res.append(sol.y[1] / V)
        y = solve_ivp(
            lambda _t, z: [-ka * z[0], ka * z[0] - k * z[1]],
            (bounds[i], bounds[i + 1]),
            y,
            rtol=1e-10,
            atol=1e-12,
            method="DOP853",
        ).y[:, -1]
    np.testing.assert_allclose(
        pk.oral_concentration(t_out, D, V, 7.0, ka, F, td), np.concatenate(res), rtol=1e-8, atol=1e-10
    )


def test_broadcast_grid_shape():
    """half_life (50,1) x ka (1,50) x 2000 times -> (50, 50, 2000)."""
    hl = np.linspace(2, 40, 50)[:, None]
    ka = np.linspace(0.1, 3, 50)[None, :]
    t = np.linspace(0, 240, 2000)
    c = pk.oral_concentration(t, 100.0, 50.0, hl, ka, 0.8, pk.regular_dose_times_h(12.0, 20))
    assert c.shape == (50, 50, 2000)
    # one slice equals the scalar call
    np.testing.assert_allclose(
        c[7, 31],
        pk.oral_concentration(
            t, 100.0, 50.0, float(hl[7, 0]), float(ka[0, 31]), 0.8, pk.regular_dose_times_h(12.0, 20)
        ),
    )
    assert pk.bolus_concentration(t, np.ones((3, 1)), 10.0, np.ones(4)).shape == (3, 4, 2000)
    assert np.ndim(pk.bolus_concentration(1.0, 100.0, 10.0, 6.0)) == 0


# ---------------------------------------------------------------------------
# (b) properties
# ---------------------------------------------------------------------------


@SETTINGS
@given(dose=doses, volume=volumes, hl=half_lives, ka=kas, bio=st.floats(0, 1), tau=st.floats(1, 48))
def test_concentrations_nonnegative_and_finite(dose, volume, hl, ka, bio, tau):
    t = np.linspace(0, 500, 301)
    td = pk.regular_dose_times_h(tau, 10)
    c = pk.oral_concentration(t, dose, volume, hl, ka, bio, td)
    b = pk.bolus_concentration(t, dose, volume, hl, td)
    assert np.all(np.isfinite(c)) and np.all(c >= 0)
    assert np.all(np.isfinite(b)) and np.all(b >= 0)


@SETTINGS
@given(hl=half_lives, tau=st.floats(0.5, 200))
def test_accumulation_ratio_at_least_one(hl, tau):
    r = float(pk.accumulation_ratio(hl, tau))
    assert r >= 1.0
    # shorter intervals accumulate more
    half = float(pk.accumulation_ratio(hl, tau / 2))
    assert half >= r
    if LN2 / hl * tau < 20:  # otherwise both round to 1.0 in floating point
        assert half > r


@SETTINGS
@given(dose=st.floats(1, 1000), volume=volumes, hl=half_lives, scale=st.floats(0.1, 10))
def test_linearity_in_dose(dose, volume, hl, scale):
    """The model is linear: doubling the dose doubles the concentration."""
    t = np.linspace(0, 100, 51)
    a = pk.oral_concentration(t, dose, volume, hl, 0.5, 1.0, [0, 8, 16])
    b = pk.oral_concentration(t, dose * scale, volume, hl, 0.5, 1.0, [0, 8, 16])
    np.testing.assert_allclose(b, scale * a, rtol=1e-12, atol=1e-300)


@SETTINGS
@given(hl=half_lives, ka=kas, thr=st.floats(0.01, 5.0))
def test_below_threshold_after_returned_time(hl, ka, thr):
    """After the returned time the concentration stays below the threshold."""
    td = [0.0, 6.0]
    s = float(pk.time_below_threshold(thr, 100.0, 10.0, hl, td, absorption_rate_per_h=ka))
    later = 6.0 + s + np.array([1e-6, 1.0, 10.0, 100.0]) * max(s, 1.0)
    c = pk.oral_concentration(later, 100.0, 10.0, hl, ka, 1.0, td)
    assert np.all(c <= thr * (1 + 1e-9))


# ---------------------------------------------------------------------------
# (c) bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(dose_mg=-1.0), "dose_mg"),
        (dict(volume_l=0.0), "volume_l"),
        (dict(half_life_h=np.nan), "half_life_h"),
        (dict(dose_times_h=[0.0, 12.0, 6.0]), "dose_times_h"),
        (dict(t_h=[0.0, 2.0, 1.0]), "t_h"),
        (dict(relative_doses=[1.0, 2.0]), "relative_doses"),
    ],
)
def test_bolus_bad_input(kwargs, name):
    args = dict(t_h=[0.0, 1.0], dose_mg=100.0, volume_l=10.0, half_life_h=6.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        pk.bolus_concentration(**args)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(absorption_rate_per_h=0.0), "absorption_rate_per_h"),
        (dict(bioavailability=1.2), "bioavailability"),
        (dict(absorption_rate_per_h=np.inf), "absorption_rate_per_h"),
    ],
)
def test_oral_bad_input(kwargs, name):
    args = dict(t_h=[0.0, 1.0], dose_mg=100.0, volume_l=10.0, half_life_h=6.0, absorption_rate_per_h=1.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        pk.oral_concentration(**args)


def test_other_bad_input():
    with pytest.raises(ValueError, match="dosing_interval_h"):
        pk.accumulation_ratio(5.0, -1.0)
    with pytest.raises(ValueError, match="fraction_of_steady_state"):
        pk.time_to_fraction_of_steady_state(5.0, 1.0)
    with pytest.raises(ValueError, match="threshold_mg_per_l"):
        pk.time_below_threshold(0.0, 100.0, 10.0, 6.0)
    with pytest.raises(ValueError, match="clearance_l_per_h"):
        pk.steady_state_average(100.0, 12.0, 0.0)
    with pytest.raises(ValueError, match="n_doses"):
        pk.regular_dose_times_h(12.0, 0)
    with pytest.raises(ValueError, match="broadcast"):
        pk.bolus_concentration([0.0], np.ones(3), 10.0, np.ones(4))
