"""Tests of neuroadapt.concentration_effect (Hill/Emax, occupancy, operational model)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq

from neuroadapt.concentration_effect import (
    VEGA_HILL_EFFECT,
    VEGA_OBSERVED_EC50,
    VEGA_OBSERVED_EMAX,
    VEGA_OPERATIONAL_EFFECT,
    VEGA_RECEPTOR_LOSS_EFFECT,
    hill_concentration,
    hill_effect,
    observed_ec50,
    observed_emax,
    operational_effect,
    receptor_occupancy,
    receptor_reserve_curves,
)

pos = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False)
slopes = st.floats(min_value=0.3, max_value=4.0, allow_nan=False)
taus = st.floats(min_value=0.01, max_value=300.0, allow_nan=False)


# ---------------------------------------------------------------------------
# (a) published numbers and curve features
# ---------------------------------------------------------------------------


def test_hill_half_maximum_at_ec50():
    """Hill 1910 / Holford & Sheiner 1981: E(EC50) = E0 + Emax/2 for every n."""
    for n in (0.5, 1.0, 2.0, 4.0):
        assert hill_effect(3.0, ec50=3.0, emax=40.0, e0=5.0, hill=n) == pytest.approx(25.0)


def test_hyperbolic_emax_rule_of_16_and_81():
    """Holford & Sheiner 1981: for n = 1, 20-80 % of Emax spans 16-fold in
    concentration and 10-90 % spans 81-fold (C = EC50 * E/(Emax - E))."""
    c20, c80 = hill_concentration([0.2, 0.8], ec50=1.7)
    c10, c90 = hill_concentration([0.1, 0.9], ec50=1.7)
    assert c80 / c20 == pytest.approx(16.0)
    assert c90 / c10 == pytest.approx(81.0)


def test_hill_plot_is_a_line_of_slope_n():
    """Hill 1910: log(E/(Emax - E)) against log C is a straight line of slope n."""
    c = np.logspace(-2, 2, 9)
    for n in (0.7, 1.0, 2.5):
        e = hill_effect(c, ec50=1.3, emax=1.0, hill=n)
        slope = np.diff(np.log(e / (1 - e))) / np.diff(np.log(c))
        np.testing.assert_allclose(slope, n, rtol=1e-9)


def test_occupancy_half_at_ka():
    """Clark 1926 / Langmuir 1918: half occupancy at C = KA; 90 % at 9 KA."""
    np.testing.assert_allclose(receptor_occupancy([2.0, 18.0], kd=2.0), [0.5, 0.9])


def test_operational_ec50_is_ka_over_one_plus_tau():
    """Black & Leff 1983: with n = 1, EC50 = KA/(1 + transducer_ratio), Emax = Em transducer_ratio/(1 + transducer_ratio)."""
    kd = np.array([0.1, 1.0, 50.0])
    transducer_ratio = np.array([0.2, 5.0, 30.0])
    np.testing.assert_allclose(observed_ec50(kd, transducer_ratio), kd / (1 + transducer_ratio), rtol=1e-14)
    np.testing.assert_allclose(
        observed_emax(2.0, transducer_ratio), 2.0 * transducer_ratio / (1 + transducer_ratio), rtol=1e-14
    )


def test_observed_emax_tends_to_system_emax():
    """Black & Leff 1983: a full agonist (transducer_ratio -> infinity) reaches the system maximum."""
    transducer_ratio = np.array([1.0, 10.0, 100.0, 1e4, 1e8])
    emax = observed_emax(3.0, transducer_ratio, slope=1.5)
    assert np.all(np.diff(emax) > 0)
    assert emax[-1] == pytest.approx(3.0, rel=1e-11)
    assert 3.0 - emax[-2] < 3.0 * 1e-5


def test_operational_effect_approaches_observed_emax():
    e = operational_effect(1e12, kd=1.0, transducer_ratio=4.0, system_emax=2.0, slope=2.0)
    assert e == pytest.approx(observed_emax(2.0, 4.0, 2.0), rel=1e-9)


@given(kd=pos, transducer_ratio=taus, n=slopes)
def test_observed_ec50_is_numeric_half_maximum(kd, transducer_ratio, n):
    """The closed-form EC50 (general n) equals the numerically found half-max concentration."""
    half = observed_emax(1.0, transducer_ratio, n) / 2
    lo, hi = kd * 1e-12, kd * 1e6
    c_half = brentq(
        lambda c: operational_effect(c, kd, transducer_ratio, 1.0, n) - half, lo, hi, xtol=1e-14 * kd, rtol=1e-13
    )
    assert observed_ec50(kd, transducer_ratio, n) == pytest.approx(c_half, rel=1e-8)


def test_receptor_reserve_shifts_ec50_before_emax():
    """Furchgott 1966 / Black & Leff 1983 teaching point. With transducer_ratio_intact = 30 (large
    reserve, n = 1): losing half the receptors nearly doubles the EC50 while the
    maximum falls by less than 4 %; losing 90 % moves the EC50 ~8-fold and the
    maximum falls by only ~23 %; the maximum halves only at f = 1/transducer_ratio_intact."""
    r = receptor_reserve_curves(np.logspace(-3, 3, 61), [1.0, 0.5, 0.1, 1 / 30], kd=1.0, transducer_ratio_intact=30.0)
    np.testing.assert_allclose(r.ec50_shift[:3], [1.0, 31 / 16, 31 / 4])
    assert 1 - r.emax[1] / r.emax[0] < 0.04
    assert r.emax[2] / r.emax[0] == pytest.approx(0.75 / (30 / 31))
    assert r.emax[3] == pytest.approx(0.5)
    # the curves themselves: at f = 0.5 the curve is shifted right, not flattened
    assert np.all(r.effect[1] <= r.effect[0] + 1e-15)
    assert r.effect.shape == (4, 61)


def test_furchgott_double_reciprocal_recovers_ka():
    """Furchgott 1966: equieffective concentrations before ([A]) and after ([A'])
    inactivating a fraction 1 - q of receptors satisfy
    1/[A] = (1/q)(1/[A']) + (1 - q)/(q KA), so KA = (slope - 1)/intercept.
    The hyperbolic operational model (n = 1) must obey it exactly."""
    kd, transducer_ratio_intact, q = 7.0, 25.0, 0.2
    effects = np.linspace(0.05, 0.6, 12) * observed_emax(1.0, q * transducer_ratio_intact)
    a_before = np.array(
        [
            brentq(lambda c: operational_effect(c, kd, transducer_ratio_intact) - e, 1e-12, 1e9, xtol=1e-15, rtol=1e-14)
            for e in effects
        ]
    )
    a_after = np.array(
        [
            brentq(
                lambda c: operational_effect(c, kd, q * transducer_ratio_intact) - e, 1e-12, 1e9, xtol=1e-15, rtol=1e-14
            )
            for e in effects
        ]
    )
    slope, intercept = np.polyfit(1 / a_after, 1 / a_before, 1)
    assert slope == pytest.approx(1 / q, rel=1e-7)
    assert (slope - 1) / intercept == pytest.approx(kd, rel=1e-6)


def _midpoint_hill_slope(kd, transducer_ratio, n):
    """d log(E/(Emax-E)) / d log[A] at the observed EC50 (central difference)."""
    ec50 = observed_ec50(kd, transducer_ratio, n)
    emax = observed_emax(1.0, transducer_ratio, n)
    h = 1e-4
    c = ec50 * np.exp([-h, h])
    e = operational_effect(c, kd, transducer_ratio, 1.0, n)
    logit = np.log(e / (emax - e))
    return (logit[1] - logit[0]) / (2 * h)


def test_receptor_loss_keeps_hyperbolic_slope_but_flattens_steep_curves():
    """Black, Leff, Shankley & Wood 1985: irreversible antagonism changes the
    gradient of non-hyperbolic E/[A] curves (steep 5-HT curves were flattened by
    phenoxybenzamine) but not of hyperbolic ones."""
    fs = [1.0, 0.3, 0.1, 0.03]
    hyper = [_midpoint_hill_slope(1.0, 30 * f, 1.0) for f in fs]
    np.testing.assert_allclose(hyper, 1.0, rtol=1e-6)
    steep = [_midpoint_hill_slope(1.0, 30 * f, 2.0) for f in fs]
    assert steep[0] == pytest.approx(2.0, rel=0.05)  # large reserve: slope ~ n
    assert np.all(np.diff(steep) < 0)  # flatter as receptors are lost
    assert steep[-1] < 1.6


# ---------------------------------------------------------------------------
# (b) properties
# ---------------------------------------------------------------------------


@given(
    c=st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=20),
    ec50=pos,
    emax=pos,
    e0=st.floats(min_value=-100, max_value=100),
    n=slopes,
)
def test_hill_effect_bounded_and_monotone(c, ec50, emax, e0, n):
    c = np.sort(np.asarray(c))
    e = hill_effect(c, ec50, emax, e0, n)
    tol = 1e-12 * (abs(e0) + emax)
    assert np.all(e >= e0 - tol) and np.all(e <= e0 + emax + tol)
    assert np.all(np.diff(e) >= -tol)
    # strictly below the maximum wherever the fraction 1/(1 + (EC50/C)^n) is not 1 in floats
    frac = (e - e0) / emax
    with np.errstate(over="ignore", divide="ignore"):
        resolvable = (ec50 / c) ** n > 1e-6
    assert np.all(frac[resolvable] < 1)


@given(ec50=pos, emax=pos, e0=st.floats(min_value=-10, max_value=10), n=slopes, p=st.floats(0.0, 0.999))
def test_hill_inverse_roundtrip(ec50, emax, e0, n, p):
    effect = e0 + p * emax
    c = hill_concentration(effect, ec50, emax, e0, n)
    assert hill_effect(c, ec50, emax, e0, n) == pytest.approx(effect, rel=1e-9, abs=1e-9 * emax)


@given(
    c=st.lists(st.floats(min_value=0, max_value=1e5), min_size=2, max_size=20),
    kd=pos,
    transducer_ratio=taus,
    n=slopes,
)
def test_operational_effect_bounded_and_monotone(c, kd, transducer_ratio, n):
    c = np.sort(np.asarray(c))
    e = operational_effect(c, kd, transducer_ratio, 1.0, n)
    assert np.all(e >= 0)
    assert np.all(e <= observed_emax(1.0, transducer_ratio, n) * (1 + 1e-12))
    assert np.all(np.diff(e) >= -1e-15)


@given(f=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=10), transducer_ratio_intact=taus, n=slopes)
def test_receptor_loss_never_increases_effect(f, transducer_ratio_intact, n):
    f = np.sort(np.asarray(f))
    r = receptor_reserve_curves(
        np.logspace(-3, 3, 13), f, kd=1.0, transducer_ratio_intact=transducer_ratio_intact, slope=n
    )
    assert np.all(np.diff(r.effect, axis=0) >= -1e-14)  # more receptors, more effect
    assert np.all(np.diff(r.emax) >= 0)
    assert np.all(np.diff(r.ec50) <= 1e-12 * r.ec50[:-1])  # more receptors, more potent


@given(c=st.floats(0, 1e6), kd=pos)
def test_occupancy_in_unit_interval(c, kd):
    p = receptor_occupancy(c, kd)
    assert 0 <= p < 1 or (p == 1 and c / kd > 1e15)


# ---------------------------------------------------------------------------
# (c) bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: hill_effect(-1.0, 1.0), "concentration"),
        (lambda: hill_effect(np.nan, 1.0), "concentration"),
        (lambda: hill_effect(1.0, 0.0), "ec50"),
        (lambda: hill_effect(1.0, 1.0, emax=-1.0), "emax"),
        (lambda: hill_effect(1.0, 1.0, hill=0.0), "hill"),
        (lambda: hill_effect(1.0, 1.0, e0=np.inf), "e0"),
        (lambda: hill_effect([1.0, 2.0], [1.0, 2.0, 3.0]), "ec50"),
        (lambda: hill_concentration(1.0, 1.0, emax=1.0), "effect"),
        (lambda: hill_concentration(-0.1, 1.0), "effect"),
        (lambda: receptor_occupancy(1.0, -2.0), "kd"),
        (lambda: operational_effect(1.0, 1.0, -1.0), "transducer_ratio"),
        (lambda: operational_effect(1.0, 1.0, 1.0, system_emax=0.0), "system_emax"),
        (lambda: operational_effect(1.0, 1.0, 1.0, slope=-1.0), "slope"),
        (lambda: observed_ec50(0.0, 1.0), "kd"),
        (lambda: observed_emax(1.0, np.nan), "transducer_ratio"),
        (lambda: receptor_reserve_curves([1.0], [1.2], 1.0, 30.0), "fraction_remaining"),
        (lambda: receptor_reserve_curves([[1.0]], [1.0], 1.0, 30.0), "concentration"),
        (lambda: receptor_reserve_curves([1.0], [1.0], 1.0, 0.0), "transducer_ratio_intact"),
        (lambda: receptor_reserve_curves([1.0], [1.0], 1.0, [30.0, 20.0]), "transducer_ratio_intact"),
        (lambda: hill_effect("high", 1.0), "concentration"),
    ],
)
def test_bad_input_raises(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------------------
# (d) the browser's Vega expressions agree with the Python functions
# ---------------------------------------------------------------------------


def _vega_eval(expr: str, signals: dict, concentrations) -> np.ndarray:
    """Evaluate a Vega expression in Vega's own JavaScript engine (vl-convert)."""
    vlc = pytest.importorskip("vl_convert")
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "params": [{"name": k, "value": v} for k, v in signals.items()],
        "data": {"values": [{"i": i, "concentration": float(c)} for i, c in enumerate(concentrations)]},
        "transform": [
            {"calculate": expr, "as": "y"},
            {"calculate": "format(datum.y, '.17e')", "as": "s"},
        ],
        "mark": "text",
        "encoding": {"y": {"field": "i", "type": "ordinal", "axis": None}, "text": {"field": "s"}},
    }
    svg = vlc.vegalite_to_svg(spec)
    texts = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "e" in t]
    return np.array([float(t) for t in texts])


def test_vega_expressions_match_python():
    c = np.array([0.0, 1e-3, 0.05, 0.9, 3.0, 40.0, 2e3])
    sig = {"e0": 2.0, "emax": 7.0, "ec50": 0.8, "hill": 1.7}
    np.testing.assert_allclose(_vega_eval(VEGA_HILL_EFFECT, sig, c), hill_effect(c, 0.8, 7.0, 2.0, 1.7), rtol=1e-13)

    sig = {"system_emax": 1.5, "kd": 3.0, "transducer_ratio": 12.0, "slope": 1.3}
    np.testing.assert_allclose(
        _vega_eval(VEGA_OPERATIONAL_EFFECT, sig, c), operational_effect(c, 3.0, 12.0, 1.5, 1.3), rtol=1e-13, atol=1e-300
    )
    sig = {"system_emax": 1.0, "kd": 3.0, "transducer_ratio_intact": 25.0, "fraction_remaining": 0.2, "slope": 1.0}
    r = receptor_reserve_curves(c, 0.2, kd=3.0, transducer_ratio_intact=25.0)
    np.testing.assert_allclose(_vega_eval(VEGA_RECEPTOR_LOSS_EFFECT, sig, c), r.effect, rtol=1e-13)

    one = [0.0]
    sig = {"kd": 3.0, "transducer_ratio": 12.0, "slope": 1.3, "system_emax": 1.5}
    assert _vega_eval(VEGA_OBSERVED_EC50, sig, one)[0] == pytest.approx(observed_ec50(3.0, 12.0, 1.3), rel=1e-13)
    assert _vega_eval(VEGA_OBSERVED_EMAX, sig, one)[0] == pytest.approx(observed_emax(1.5, 12.0, 1.3), rel=1e-13)
