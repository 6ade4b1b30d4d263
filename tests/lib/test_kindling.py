"""Tests of neuroadapt.kindling (sensitisation across repeated withdrawals)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.kindling import (
    KINDLING_DEFAULTS,
    KINDLING_MOUSE,
    KindlingParams,
    kindling_episodes,
    regular_detoxifications,
)


def test_becker_hale_1993_intermittent_worse_than_continuous():
    """Becker & Hale 1993 (Alcohol Clin Exp Res 17:94): mice given three 16-h bouts of ethanol vapour
    separated by 8-h withdrawals had more severe withdrawal seizures than mice given the same 48 h in one
    bout, and both more than a single 16-h bout."""
    mw = kindling_episodes([16.0] * 3, [8.0] * 3, KINDLING_MOUSE).severity[-1]
    continuous = kindling_episodes([48.0], [8.0], KINDLING_MOUSE).severity[-1]
    single = kindling_episodes([16.0], [8.0], KINDLING_MOUSE).severity[-1]
    assert mw > continuous > single


def test_becker_1997_severity_grows_with_number_of_prior_withdrawals():
    """Becker, Diaz-Granados & Weathersby 1997 (Alcohol 14:319): 3, 6 and 9 prior cycles, increasing
    severity of the next withdrawal."""
    s = [kindling_episodes([16.0] * n, [8.0] * n, KINDLING_MOUSE).severity[-1] for n in (3, 6, 9)]
    assert s[0] < s[1] < s[2]


def test_closely_spaced_detoxifications_kindle_more():
    r = regular_detoxifications(8, 8.0, [4.0, 52.0])
    assert r.severity[0, -1] > r.severity[1, -1] > r.severity[1, 0]


def test_no_sensitisation_without_gain():
    p = KindlingParams(sensitisation_gain=0.0)
    r = kindling_episodes([1000.0] * 5, [10.0] * 5, p)
    np.testing.assert_allclose(r.sensitisation, 0.0)
    assert np.all(r.severity <= 1.0)


def test_grid_broadcasts_on_leading_axes():
    e = np.full((3, 4), 16.0)
    g = np.array([[4.0], [8.0], [16.0]])
    r = kindling_episodes(e, g, KINDLING_MOUSE)
    assert r.severity.shape == (3, 4)
    assert len(r.to_frame()) == 12


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=5000.0), min_size=1, max_size=12),
    st.floats(min_value=0.0, max_value=5000.0),
)
def test_bounds(exposures, gap):
    r = kindling_episodes(exposures, gap)
    p = KINDLING_DEFAULTS
    assert np.all((r.dependence >= 0) & (r.dependence <= 1))
    assert np.all((r.sensitisation >= 0) & (r.sensitisation <= p.sensitisation_max + 1e-12))
    assert np.all((r.severity >= 0) & (r.severity <= 1 + p.sensitisation_max + 1e-12))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: kindling_episodes([-1.0], [1.0]), "exposure_h"),
        (lambda: kindling_episodes([1.0], [-1.0]), "abstinence_h"),
        (lambda: KindlingParams(sensitisation_max=0.0), "sensitisation_max"),
        (lambda: KindlingParams(sensitisation_gain=-1.0), "sensitisation_gain"),
        (lambda: regular_detoxifications(0, 8.0, 4.0), "n_episodes"),
        (lambda: regular_detoxifications(3, 0.0, 4.0), "drinking_weeks"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
