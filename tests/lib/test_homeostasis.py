"""Tests of neuroadapt.homeostasis: the first-order counter-adaptation and its Vega twin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import homeostasis as ho


def test_matches_solve_ivp():
    """The closed form solves tau dA/dt = g D(t) - A with D = 1 on [0, T) (checked piecewise)."""
    exposure, tau, g = 30.0, 8.0, 0.7
    t = np.linspace(0.0, 80.0, 161)
    on = solve_ivp(lambda s, a: (g - a) / tau, (0.0, exposure), [0.0], rtol=1e-11, atol=1e-13, dense_output=True)
    off = solve_ivp(lambda s, a: -a / tau, (exposure, 80.0), on.y[:, -1], rtol=1e-11, atol=1e-13, dense_output=True)
    ref = np.where(t < exposure, on.sol(np.minimum(t, exposure))[0], off.sol(np.maximum(t, exposure))[0])
    got = ho.counter_adaptation(t, exposure_h=exposure, time_constant_adaptation_h=tau, gain=g)
    np.testing.assert_allclose(got, ref, rtol=1e-8, atol=1e-10)


def test_tolerance_then_mirror_image_withdrawal():
    """Solomon & Corbit 1974: the net effect falls from 1 towards 1 - g while the drug is present,
    and swings to the opposite sign when it stops."""
    net = ho.net_effect([0.0, 1e4 - 1e-6, 1e4 + 1e-6], exposure_h=1e4, time_constant_adaptation_h=10.0, gain=0.8)
    assert net[0] == 1.0
    assert net[1] == pytest.approx(0.2, abs=1e-9)
    assert net[2] == pytest.approx(-0.8, abs=1e-6)


def test_vega_expression_agrees():
    t = np.linspace(0.0, 100.0, 41)
    exposure, tau, g = 40.0, 9.0, 0.6
    expected = ho.counter_adaptation(t, exposure_h=exposure, time_constant_adaptation_h=tau, gain=g)
    expr = ho.VEGA_COUNTER_ADAPTATION.replace("datum.t_h", "t").replace("exp(", "np.exp(")
    cond, rest = expr.split(" ? ")
    during, after = rest.split(" : ")
    env = dict(np=np, t=t, exposure_h=exposure, time_constant_adaptation_h=tau, gain=g)
    got = np.where(eval(cond, env), eval(during, env), eval(after, env))  # noqa: S307 - a constant of the package
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 500.0), st.floats(0.0, 200.0), st.floats(0.1, 100.0), st.floats(0.0, 1.0))
def test_adaptation_bounded_by_gain(t, exposure, tau, g):
    a = float(ho.counter_adaptation(t, exposure_h=exposure, time_constant_adaptation_h=tau, gain=g))
    assert 0.0 <= a <= g + 1e-12


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(t_h=-1.0), "t_h"),
        (dict(exposure_h=-1.0), "exposure_h"),
        (dict(time_constant_adaptation_h=0.0), "time_constant_adaptation_h"),
        (dict(gain=1.5), "gain"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(t_h=1.0, exposure_h=2.0, time_constant_adaptation_h=3.0, gain=0.5) | kwargs
    with pytest.raises(ValueError, match=name):
        ho.counter_adaptation(**args)
