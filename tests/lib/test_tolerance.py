"""Tests of neuroadapt.tolerance (tolerance-compartment and moderator models)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt.tolerance import (
    TOLERANCE_COMPARTMENT_DEFAULTS,
    infusion_concentration,
    moderator_model,
    moderator_steady_state,
    tolerance_compartment_model,
    tolerance_compartment_steady_state,
)

LN2 = np.log(2.0)
TIGHT = dict(rtol=1e-10, atol=1e-12)


def _pk_curve(t):
    """A smooth oral-dose-like plasma curve (two exponentials), >= 0."""
    return 4.0 * (np.exp(-0.3 * t) - np.exp(-2.0 * t)) + 0.5 * (1 - np.exp(-0.05 * t))


def _piecewise_ivp(rhs, t, y0, hold_values=None, method="DOP853"):
    """solve_ivp interval by interval (each interval has a smooth right-hand side)."""
    ys = [np.asarray(y0, float)]
    for i in range(t.size - 1):
        sol = solve_ivp(lambda s, y: rhs(s, y, i), (t[i], t[i + 1]), ys[-1], method=method, **TIGHT)
        ys.append(sol.y[:, -1])
    return np.array(ys)


# ---------------------------------------------------------------------------
# (a) effect compartment + tolerance compartment
# ---------------------------------------------------------------------------


def test_constant_infusion_matches_closed_form():
    """Step input from t = 0: Ce = C(1 - e^{-ke0 t}) and
    Ct = C[1 - (kt e^{-ke0 t} - ke0 e^{-kt t})/(kt - ke0)], or with ke0 = kt
    Ct = C[1 - (1 + k t) e^{-k t}] (two first-order compartments in series)."""
    t = np.linspace(0, 40, 401)
    C = 2.5
    cp = np.full(t.size, C)
    for ke0, kt in ((1.7, 0.09), (0.4, 0.4), (0.3, 2.0)):
        r = tolerance_compartment_model(t, cp, ke0_per_h=ke0, kt_per_h=kt, hold="step")
        ce = C * (1 - np.exp(-ke0 * t))
        if ke0 == kt:
            ct = C * (1 - (1 + kt * t) * np.exp(-kt * t))
        else:
            ct = C * (1 - (kt * np.exp(-ke0 * t) - ke0 * np.exp(-kt * t)) / (kt - ke0))
        np.testing.assert_allclose(r.effect_site_concentration, ce, rtol=0, atol=1e-12)
        np.testing.assert_allclose(r.tolerance_concentration, ct, rtol=0, atol=1e-12)


def test_ekblom_half_lives():
    """Ekblom et al. 1993: equilibration half-lives 25 min (effect compartment)
    and 26 h (tolerance compartment). Under a constant plasma level Ce reaches
    half of it at 25 min, and Ct at 26 h plus the effect-site delay (< 1 h)."""
    t = np.linspace(0, 60, 14401)
    r = tolerance_compartment_model(t, np.ones(t.size), hold="step")
    ce, ct = r.effect_site_concentration, r.tolerance_concentration
    assert np.interp(0.5, ce[:200], t[:200]) == pytest.approx(25 / 60, rel=1e-4)
    t_half_ct = np.interp(0.5, ct, t)
    assert 26.0 < t_half_ct < 27.0


def test_acute_tolerance_under_constant_infusion():
    """Porchet et al. 1988 / Ekblom et al. 1993: the effect peaks early and then
    falls although the plasma level is constant (morphine defaults: most of the
    effect is gone from the third day)."""
    t = np.linspace(0, 96, 385)
    r = tolerance_compartment_model(t, infusion_concentration(t, 0.0, 96.0, 3.0), hold="step")
    e = r.effect
    peak = e.max()
    assert t[e.argmax()] < 3.0
    assert e[-1] < 0.5 * peak  # tolerance
    assert e[t.searchsorted(72.0)] < 0.1 * peak  # little effect left on day 3
    assert np.all(np.diff(e[e.argmax() :]) <= 1e-12)  # falls monotonically after the peak


@pytest.mark.parametrize("antagonism", ["competitive", "noncompetitive"])
def test_long_infusion_reaches_steady_state(antagonism):
    """With Ce = Ct = C the effect equals the closed-form steady state."""
    t = np.linspace(0, 600, 1201)
    kw = dict(ke0_per_h=2.0, kt_per_h=0.1, ec50=1.5, emax=80.0, hill=1.4, antagonist_kb=0.7, antagonism=antagonism)
    r = tolerance_compartment_model(t, np.full(t.size, 2.0), **kw)
    kw.pop("ke0_per_h"), kw.pop("kt_per_h")
    ss = tolerance_compartment_steady_state(2.0, **kw)
    assert r.effect[-1] == pytest.approx(ss, rel=1e-9)
    if antagonism == "competitive":
        assert ss == pytest.approx(80 * 2**1.4 / ((1.5 * (1 + 2 / 0.7)) ** 1.4 + 2**1.4))
    else:
        assert ss == pytest.approx(80 / (1 + 2 / 0.7) * 2**1.4 / (1.5**1.4 + 2**1.4))


def test_competitive_tolerance_is_surmountable_noncompetitive_is_not():
    """Competitive antagonism shifts the EC50 (the maximum stays reachable);
    noncompetitive antagonism lowers the maximum (Porchet et al. 1988 form)."""
    big = 1e9
    comp = tolerance_compartment_steady_state(big, ec50=1.0, emax=1.0, antagonist_kb=1.0)
    non = tolerance_compartment_steady_state(big, ec50=1.0, emax=1.0, antagonist_kb=1.0, antagonism="noncompetitive")
    # at steady state Ct = C also grows: competitive caps at Emax / (1 + EC50/KB)
    assert comp == pytest.approx(0.5, rel=1e-6)
    assert non < 1e-8
    t = np.linspace(0, 5, 51)
    r = tolerance_compartment_model(t, np.full(51, 4.0), ke0_per_h=3.0, kt_per_h=0.5, antagonist_kb=2.0)
    np.testing.assert_allclose(r.apparent_ec50, 1.0 * (1 + r.tolerance_concentration / 2.0))
    np.testing.assert_allclose(r.apparent_emax, 100.0)


def test_clockwise_hysteresis():
    """Porchet et al. 1988: acute tolerance shows as clockwise hysteresis: at the
    same effect-site concentration the effect is smaller on the falling limb."""
    t = np.linspace(0, 24, 2401)
    cp = infusion_concentration(t, 0.0, 6.0, 3.0)
    r = tolerance_compartment_model(t, cp, kt_per_h=LN2 / 3.0, hold="step")
    ce, e = r.effect_site_concentration, r.effect
    k = ce.argmax()
    for level in (0.5, 1.0, 2.0):
        up = np.interp(level, ce[: k + 1], e[: k + 1])
        down = np.interp(level, ce[k:][::-1], e[k:][::-1])
        assert down < up


def test_no_effect_below_baseline_after_stop():
    """The tolerance-compartment model produces tolerance but no rebound."""
    t = np.linspace(0, 200, 801)
    r = tolerance_compartment_model(t, infusion_concentration(t, 0.0, 96.0, 3.0), e0=5.0, hold="step")
    assert np.all(r.effect >= 5.0 - 1e-12)


@pytest.mark.parametrize("hold", ["linear", "step"])
def test_tolerance_compartment_matches_solve_ivp(hold):
    """Exact stepping against solve_ivp (rtol 1e-10, atol 1e-12) on each interval."""
    t = np.sort(np.concatenate([[0.0, 30.0], np.random.default_rng(1).uniform(0, 30, 60)]))
    cp = _pk_curve(t)
    ke0, kt = 1.3, 0.07

    def rhs(s, y, i):
        if hold == "linear":
            u = cp[i] + (cp[i + 1] - cp[i]) * (s - t[i]) / (t[i + 1] - t[i])
        else:
            u = cp[i]
        return [ke0 * (u - y[0]), kt * (y[0] - y[1])]

    ref = _piecewise_ivp(rhs, t, [0.2, 0.1])
    r = tolerance_compartment_model(
        t, cp, ke0_per_h=ke0, kt_per_h=kt, hold=hold, initial_effect_site=0.2, initial_tolerance=0.1
    )
    np.testing.assert_allclose(r.effect_site_concentration, ref[:, 0], rtol=0, atol=1e-10)
    np.testing.assert_allclose(r.tolerance_concentration, ref[:, 1], rtol=0, atol=1e-10)


def test_tolerance_compartment_grid_equals_single_runs():
    t = np.linspace(0, 48, 193)
    cp = _pk_curve(t)
    ke0 = np.array([0.5, 2.0, 8.0])[:, None]
    kt = np.array([0.01, 0.1, 0.5, 2.0])[None, :]
    kb = np.array([0.2, 1.0, 3.0, 10.0])
    grid = tolerance_compartment_model(t, cp, ke0_per_h=ke0, kt_per_h=kt, antagonist_kb=kb)
    assert grid.effect.shape == (3, 4, 193)  # time last (lib/README.md)
    for i in range(3):
        for j in range(4):
            one = tolerance_compartment_model(t, cp, ke0_per_h=ke0[i, 0], kt_per_h=kt[0, j], antagonist_kb=kb[j])
            np.testing.assert_allclose(grid.effect[i, j], one.effect, rtol=1e-13)


@given(
    cp=st.lists(st.floats(0, 50), min_size=3, max_size=40),
    ke0=st.floats(0.01, 50),
    kt=st.floats(0.001, 10),
    hold=st.sampled_from(["linear", "step"]),
)
def test_tolerance_compartment_properties(cp, ke0, kt, hold):
    """Concentrations stay within [0, max Cp]; effect within [E0, E0 + Emax]."""
    cp = np.asarray(cp)
    t = np.linspace(0, 10, cp.size)
    r = tolerance_compartment_model(t, cp, ke0_per_h=ke0, kt_per_h=kt, e0=1.0, emax=10.0, hold=hold)
    top = cp.max() * (1 + 1e-9) + 1e-12
    for arr in (r.effect_site_concentration, r.tolerance_concentration):
        assert np.all(arr >= 0) and np.all(arr <= top)
    assert np.all(r.effect >= 1.0 - 1e-12) and np.all(r.effect <= 11.0 + 1e-12)


# ---------------------------------------------------------------------------
# (b) moderator model
# ---------------------------------------------------------------------------


def test_moderator_baseline_is_steady():
    """Without drug R = M = R0 = sqrt(kin/kout) stays put (Gabrielsson & Peletier 2008)."""
    t = np.linspace(0, 100, 501)
    r = moderator_model(t, np.zeros(t.size), kout_per_h=0.7, ktol_per_h=0.2, baseline_response=3.0)
    # one adaptive solve_ivp call (DOP853, rtol 1e-9): with nothing happening it takes long steps, and the
    # global error reaches ~1e-6 relative before the controller reins it in
    np.testing.assert_allclose(r.response, 3.0, rtol=1e-6)
    np.testing.assert_allclose(r.moderator, 3.0, rtol=1e-6)


def test_without_feedback_it_is_the_indirect_response_model():
    """ktol = 0 fixes M = R0: the inhibition-of-production indirect response
    model of Dayneka, Garg & Jusko 1993, R(t) = R0(1 - E) + R0 E e^{-kout t}."""
    t = np.linspace(0, 10, 1001)
    c = np.full(t.size, 3.0)
    kout, emax, ec50 = 0.9, 0.6, 1.0
    r = moderator_model(t, c, kout_per_h=kout, ktol_per_h=0.0, emax=emax, ec50=ec50, baseline_response=2.0)
    e = emax * 3.0 / (ec50 + 3.0)
    expected = 2.0 * (1 - e) + 2.0 * e * np.exp(-kout * t)
    np.testing.assert_allclose(r.response, expected, rtol=1e-8)


@pytest.mark.parametrize("mechanism", ["inhibit_production", "stimulate_production"])
def test_moderator_steady_state_is_square_root_law(mechanism):
    """Analytic steady state under constant drug: R = M = R0 sqrt(1 -+ E)."""
    t = np.linspace(0, 400, 4001)
    r = moderator_model(
        t,
        np.full(t.size, 2.0),
        kout_per_h=1.5,
        ktol_per_h=0.3,
        emax=0.9,
        ec50=1.0,
        hill=2.0,
        baseline_response=1.7,
        mechanism=mechanism,
    )
    e = 0.9 * 4.0 / (1.0 + 4.0)
    ss = moderator_steady_state(e, 1.7, mechanism)
    sign = -1 if mechanism == "inhibit_production" else 1
    assert ss == pytest.approx(1.7 * np.sqrt(1 + sign * e))
    assert r.response[-1] == pytest.approx(ss, rel=1e-9)
    assert r.moderator[-1] == pytest.approx(ss, rel=1e-9)


def test_tolerance_and_rebound_inhibition():
    """Gabrielsson & Peletier 2008: during constant exposure R dips, then climbs
    back towards R0 sqrt(1-E) (tolerance); after the drug stops R overshoots
    above baseline (rebound) and settles back to R0."""
    t = np.linspace(0, 200, 4001)
    stop = 100.0
    c = infusion_concentration(t, 0.0, stop, 4.0)
    r = moderator_model(t, c, kout_per_h=1.0, ktol_per_h=0.1, emax=0.8, ec50=1.0, hold="step")
    on = t < stop
    resp = r.response
    e = 0.8 * 4 / 5
    assert resp[on].min() < 0.5 < resp[on][-1]  # tolerance: recovers from its dip
    assert resp[on][-1] == pytest.approx(np.sqrt(1 - e), rel=1e-6)
    assert resp[~on].max() > 1.3  # rebound above baseline
    assert resp[-1] == pytest.approx(1.0, abs=1e-3)  # and settles


def test_rebound_peak_with_separated_time_scales():
    """With fast turnover (kout >> ktol) R follows kin(1-E)/(kout M) and after
    stopping jumps to R0^2/M_ss = R0/sqrt(1 - E): the predicted rebound peak."""
    e = 0.75 * 9 / 10
    ss = np.sqrt(1 - e)
    t = np.linspace(0, 3, 1201)
    c = infusion_concentration(t, 0.0, 1.0, 9.0)  # start at the on-drug steady state, stop at 1 h
    r = moderator_model(
        t, c, kout_per_h=10.0, ktol_per_h=0.002, emax=0.75, ec50=1.0, hold="step", initial_state=[ss, ss]
    )
    np.testing.assert_allclose(r.response[t < 1.0], ss, rtol=1e-12)  # a fixed point
    peak = r.response[t >= 1.0].max()
    assert peak == pytest.approx(1 / ss, rel=0.005)


def test_stimulation_overshoot_and_rebound():
    """Gabrielsson & Peletier 2008, case I: stimulation of production raises the
    steady state, with an overshoot above it during exposure and a rebound
    below baseline after the drug stops."""
    t = np.linspace(0, 150, 3001)
    c = infusion_concentration(t, 0.0, 75.0, 5.0)
    r = moderator_model(t, c, kout_per_h=1.0, ktol_per_h=0.2, emax=2.0, mechanism="stimulate_production", hold="step")
    e = 2.0 * 5 / 6
    ss = np.sqrt(1 + e)
    on = t < 75.0
    assert r.response[on].max() > ss * 1.05
    assert r.response[on][-1] == pytest.approx(ss, rel=1e-6)
    assert r.response[~on].min() < 0.95


def _moderator_reference(t, c, hold, kout, ktol, emax, ec50, hill):
    def rhs(s, y, i):
        if hold == "linear":
            u = c[i] + (c[i + 1] - c[i]) * (s - t[i]) / (t[i + 1] - t[i])
        else:
            u = c[i]
        drug = emax * u**hill / (ec50**hill + u**hill)
        return [kout * (1 - drug) / y[1] - kout * y[0], ktol * (y[0] - y[1])]

    return _piecewise_ivp(rhs, t, [1.0, 1.0])


@pytest.mark.parametrize("hold", ["linear", "step"])
def test_moderator_matches_solve_ivp(hold):
    """One solve_ivp call over the grid (DOP853, rtol 1e-9) against solve_ivp interval by
    interval (rtol 1e-10, atol 1e-12): the output grid no longer sets the accuracy."""
    kw = dict(kout=1.2, ktol=0.2, emax=0.8, ec50=1.0, hill=1.5)
    errors = []
    for n in (801, 1601):
        t = np.linspace(0, 40, n)
        # (a plasma curve kept above 0: C^1.5 is not smooth at C = 0)
        c = _pk_curve(t) + 0.2 if hold == "linear" else infusion_concentration(t, 1.0, 25.0, 3.0)
        ref = _moderator_reference(t, c, hold, **kw)
        r = moderator_model(
            t,
            c,
            kout_per_h=kw["kout"],
            ktol_per_h=kw["ktol"],
            emax=kw["emax"],
            ec50=kw["ec50"],
            hill=kw["hill"],
            hold=hold,
        )
        errors.append(np.abs(np.stack([r.response - ref[:, 0], r.moderator - ref[:, 1]])).max())
    assert max(errors) < 5e-7  # the oral-like curve rises fast (drug action 0.07 -> 0.5 in 0.2 h)


def test_moderator_grid_equals_single_runs():
    t = np.linspace(0, 48, 481)
    c = infusion_concentration(t, 0.0, 24.0, 2.0)
    kout = np.array([0.3, 1.0, 3.0])[:, None]
    ktol = np.array([0.0, 0.05, 0.3, 1.0])[None, :]
    ec50 = np.array([0.5, 1.0, 2.0, 4.0])
    grid = moderator_model(t, c, kout_per_h=kout, ktol_per_h=ktol, ec50=ec50, hold="step")
    assert grid.response.shape == (3, 4, 481)  # time last (lib/README.md)
    for i in range(3):
        for j in range(4):
            one = moderator_model(t, c, kout_per_h=kout[i, 0], ktol_per_h=ktol[0, j], ec50=ec50[j], hold="step")
            # one adaptive solve_ivp call: step sizes depend on the whole grid, so agreement is at the solver's tolerance
            np.testing.assert_allclose(grid.response[i, j], one.response, rtol=1e-7)


@given(
    c=st.lists(st.floats(0, 20), min_size=3, max_size=30),
    kout=st.floats(0.05, 3.0),
    ktol=st.floats(0.0, 2.0),
    emax=st.floats(0.0, 0.95),
)
def test_moderator_properties(c, kout, ktol, emax):
    """R and M stay positive; M, a running average of R, stays within the range
    R has taken so far (dM/dt = ktol (R - M))."""
    c = np.asarray(c)
    t = np.linspace(0, 0.1 * (c.size - 1), c.size)  # kout h <= 0.3
    r = moderator_model(t, c, kout_per_h=kout, ktol_per_h=ktol, emax=max(emax, 1e-9))
    assert np.all(r.response > 0) and np.all(r.moderator > 0)
    lo = np.minimum.accumulate(r.response)
    hi = np.maximum.accumulate(r.response)
    assert np.all(r.moderator >= lo - 1e-6) and np.all(r.moderator <= hi + 1e-6)


def test_morphine_defaults_come_from_ekblom():
    """Ekblom et al. 1993: t1/2 25 min (effect) and 26 h (tolerance)."""
    assert LN2 / TOLERANCE_COMPARTMENT_DEFAULTS.ke0_per_h == pytest.approx(25 / 60)
    assert LN2 / TOLERANCE_COMPARTMENT_DEFAULTS.kt_per_h == pytest.approx(26.0)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

T = np.linspace(0, 10, 11)
C = np.ones(11)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: tolerance_compartment_model(T[::-1], C), "t_h"),
        (lambda: tolerance_compartment_model(T, -C), "concentration"),
        (lambda: tolerance_compartment_model(T, C[:5]), "concentration"),
        (lambda: tolerance_compartment_model(T, C, ke0_per_h=0.0), "ke0_per_h"),
        (lambda: tolerance_compartment_model(T, C, kt_per_h=np.nan), "kt_per_h"),
        (lambda: tolerance_compartment_model(T, C, antagonist_kb=-1.0), "antagonist_kb"),
        (lambda: tolerance_compartment_model(T, C, antagonism="mixed"), "antagonism"),
        (lambda: tolerance_compartment_model(T, C, hold="cubic"), "hold"),
        (lambda: tolerance_compartment_model(T, C, ke0_per_h=[1.0, 2.0], kt_per_h=[1.0, 2.0, 3.0]), "kt_per_h"),
        (lambda: tolerance_compartment_steady_state(-1.0), "concentration"),
        (lambda: moderator_model(T, C, kout_per_h=0.0), "kout_per_h"),
        (lambda: moderator_model(T, C, ktol_per_h=-0.1), "ktol_per_h"),
        (lambda: moderator_model(T, C, emax=1.5), "emax"),
        (lambda: moderator_model(T, C, ec50=0.0), "ec50"),
        (lambda: moderator_model(T, C, baseline_response=0.0), "baseline_response"),
        (lambda: moderator_model(T, C, mechanism="block"), "mechanism"),
        (lambda: moderator_model(T, C, initial_state=[1.0]), "initial_state"),
        (lambda: moderator_model(T, C, initial_state=[1.0, -1.0]), "initial_state"),
        (lambda: moderator_steady_state(1.2), "drug_effect"),
        (lambda: infusion_concentration(T, 5.0, 2.0), "stop_h"),
        (lambda: infusion_concentration(T, 0.0, 2.0, -1.0), "concentration"),
    ],
)
def test_bad_input_raises(call, name):
    with pytest.raises(ValueError, match=name):
        call()
