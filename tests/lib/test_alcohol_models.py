"""Tests of neuroadapt.alcohol: blood alcohol and the GABA-A / NMDA homeostat."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import alcohol as al

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


A = al.ALCOHOL_DEFAULTS


def test_withdrawal_windows_table():
    """Victor & Adams 1953 (seizures 7-48 h, most 13-24 h); Schuckit 2014 (delirium tremens 48-96 h)."""
    w = al.withdrawal_windows().set_index("sign")
    assert list(w.index) == ["tremor", "seizures", "hallucinosis", "delirium tremens"]
    assert tuple(w.loc["seizures", ["window_start_h", "window_end_h", "peak_start_h", "peak_end_h"]]) == (
        7.0,
        48.0,
        13.0,
        24.0,
    )
    assert tuple(w.loc["delirium tremens", ["window_start_h", "window_end_h"]]) == (48.0, 96.0)
    assert (w["window_start_h"] < w["window_end_h"]).all()
    assert w["source"].str.len().gt(0).all()


def test_bac_zero_order_widmark_rate():
    """Widmark 1932 / Jones 2010: while BAC >> Km the decline is linear at 0.015-0.02 g/dL per h,
    so 0.2 g/dL takes ~10-13 h to clear."""
    t = np.array([0.0, 1.0, 2.0])
    for vmax in (0.015, 0.02):
        bac = al.bac_after_last_drink(t, 0.25, elimination_rate_g_per_dl_per_h=vmax, km_g_per_dl=1e-4)
        np.testing.assert_allclose(np.diff(bac), -vmax, rtol=1e-3)
    hours = al.hours_to_bac(0.2, 1e-4, elimination_rate_g_per_dl_per_h=np.array([0.02, 0.015]), km_g_per_dl=1e-6)
    np.testing.assert_allclose(hours, [0.2 / 0.02, 0.2 / 0.015], rtol=1e-3)


def test_bac_closed_form_matches_solve_ivp_and_inverse():
    t = np.linspace(0.0, 20.0, 81)
    sol = solve_ivp(
        lambda tt, c: -A.elimination_rate_g_per_dl_per_h * c / (A.km_g_per_dl + c),
        (0.0, 20.0),
        [0.22],
        t_eval=t,
        method="DOP853",
        rtol=RTOL,
        atol=ATOL,
    )
    np.testing.assert_allclose(al.bac_after_last_drink(t, 0.22), sol.y[0], rtol=1e-8, atol=1e-12)
    hours = al.hours_to_bac(0.22, 0.01)
    assert float(al.bac_after_last_drink(hours, 0.22)) == pytest.approx(0.01, rel=1e-10)


def _withdrawal(days=14.0, plateau=0.25, dt=0.25, after_days=10.0):
    t = np.arange(0.0, 24.0 * (days + after_days), dt)
    bac = al.maintained_drinking_bac(t, days, plateau)
    return t, bac, al.alcohol_homeostat(t, bac)


@pytest.mark.parametrize("plateau", [0.15, 0.2, 0.25, 0.3])
def test_excitability_peak_falls_in_published_windows(plateau):
    """Victor & Adams 1953: withdrawal seizures 7-48 h after the last drink (most at 13-24 h); tremor
    from ~6 h (Hall & Zador 1997). The simulated peak of hyperexcitability lies inside both windows."""
    t, bac, r = _withdrawal(plateau=plateau)
    last = 24.0 * 14
    peak_h = t[np.argmax(r.excitability)] - last
    w = al.withdrawal_windows().set_index("sign")
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
    r = al.alcohol_homeostat(t, al.maintained_drinking_bac(t, days, 0.25))
    peaks = r.excitability.max(axis=-1)  # time is the last axis
    assert np.all(np.diff(peaks) > 0)
    assert peaks[-1] - peaks[-2] < peaks[1] - peaks[0]  # saturating


def test_alcohol_matches_solve_ivp():
    t = np.arange(0.0, 24.0 * 6, 0.5)
    bac = al.maintained_drinking_bac(t, 3.0, 0.25)

    def rhs(y, c):
        n, g = y
        return [
            (1 - n * (1 - A.nmda_block_per_g_dl * c)) / A.time_constant_nmda_h,
            (1 - g * (1 + A.gaba_enhance_per_g_dl * c)) / A.time_constant_gaba_h,
        ]

    ref = piecewise_reference(t, bac, rhs, [1.0, 1.0])
    r = al.alcohol_homeostat(t, bac)
    np.testing.assert_allclose(r.nmda_gain, ref[:, 0], rtol=1e-9)
    np.testing.assert_allclose(r.gabaa_gain, ref[:, 1], rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(levels=st.lists(st.floats(0.0, 0.4), min_size=3, max_size=30), tau=st.floats(1.0, 200.0))
def test_alcohol_invariants(levels, tau):
    """NMDA gain never falls below baseline and GABA-A gain never rises above it (alcohol only blocks
    NMDA and enhances GABA-A); gains stay positive."""
    bac = np.repeat(levels, 8)
    t = np.linspace(0.0, 1.0 * bac.size, bac.size)
    r = al.alcohol_homeostat(t, bac, time_constant_nmda_h=tau, time_constant_gaba_h=2 * tau)
    assert np.all(r.nmda_gain >= 1.0 - 1e-12)
    assert np.all((r.gabaa_gain <= 1.0 + 1e-12) & (r.gabaa_gain > 0))
    assert np.all(np.isfinite(r.excitability))


def test_alcohol_rejects_bad_input():
    t = np.linspace(0.0, 10.0, 5)
    with pytest.raises(ValueError, match="bac_g_per_dl"):
        al.alcohol_homeostat(t, np.full(5, -0.1))
    with pytest.raises(ValueError, match="nmda_block_per_g_dl"):
        al.alcohol_homeostat(t, np.full(5, 0.8))
    with pytest.raises(ValueError, match="time_constant_gaba_h"):
        al.alcohol_homeostat(t, np.full(5, 0.1), time_constant_gaba_h=0.0)
    with pytest.raises(ValueError, match="bac_at_last_drink_g_per_dl"):
        al.bac_after_last_drink(1.0, 1.5)
    with pytest.raises(ValueError, match="elimination_rate_g_per_dl_per_h"):
        al.hours_to_bac(0.2, elimination_rate_g_per_dl_per_h=0.0)
    with pytest.raises(ValueError, match="drinking_duration_d"):
        al.maintained_drinking_bac(t, 0.0, 0.2)
