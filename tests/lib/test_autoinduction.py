"""Tests of neuroadapt.autoinduction (a drug that induces its own clearance).

Published features reproduced: carbamazepine autoinduction (Bertilsson &
Tomson 1986, Clin Pharmacokinet 11:177-198): half-life ~35 h after a single
dose, 10-20 h on chronic dosing; autoinduction commonly quoted as complete
after 3-5 weeks of fixed dosing. The solve_ivp-based solution is checked
against a tight interval-by-interval reference (DOP853, rtol 1e-10) and,
without induction, against the closed-form linear pharmacokinetics.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import autoinduction as ai
from neuroadapt.pharmacokinetics import regular_dose_times_h

LN2 = math.log(2.0)
SETTINGS = settings(max_examples=30, deadline=None)
CBZ = ai.drug_parameters("carbamazepine")


@pytest.fixture(scope="module")
def cbz_course():
    """Carbamazepine 400 mg every 12 h for 6 weeks, hourly output."""
    t = np.arange(0.0, 24.0 * 42 + 1, 1.0)
    r = ai.simulate_autoinduction(t, regular_dose_times_h(12.0, 84), dose_mg=400.0, **CBZ.model_kwargs())
    return t, r


# ---------------------------------------------------------------------------
# (a) published features
# ---------------------------------------------------------------------------


def test_carbamazepine_half_life_shortens_to_chronic_range(cbz_course):
    """Bertilsson & Tomson 1986: t½ ~35 h single dose -> 10-20 h on chronic dosing."""
    t, r = cbz_course
    assert r.half_life_h[0] == pytest.approx(35.0, rel=1e-12)
    chronic = r.half_life_h[-1]
    assert 10.0 <= chronic <= 20.0
    # the Tegretol label's narrower 12-17 h range is met too
    assert 12.0 <= chronic <= 17.0
    # clearance roughly doubles or more (35 h -> 10-20 h means x1.75-3.5)
    assert 1.75 <= r.clearance_l_per_h[-1] / r.clearance_l_per_h[0] <= 3.5


def test_carbamazepine_induction_takes_weeks_not_hours(cbz_course):
    """Autoinduction is a process of days to weeks, complete within 3-5 weeks of fixed dosing."""
    t, r = cbz_course
    hl = r.half_life_h
    done = (hl[0] - hl) / (hl[0] - hl[-1])  # fraction of the final shortening achieved
    day = lambda d: int(d * 24)  # noqa: E731
    assert done[day(1)] < 0.5  # far from complete after one day
    assert done[day(3)] < 0.9  # still incomplete after 3 days
    assert done[day(21)] > 0.95  # complete by 3 weeks
    assert done[day(35)] > 0.99  # and certainly by 5 weeks
    # the remaining change decays on the enzyme's time scale (days): the
    # enzyme-driven tail from day 7 to day 14 shrinks by far more than 2-fold
    assert (1 - done[day(14)]) < 0.25 * (1 - done[day(7)])


def test_same_dose_gives_falling_concentrations(cbz_course):
    """Pharmacokinetic tolerance: the daily mean level peaks in the first days, then falls."""
    t, r = cbz_course
    c = r.concentration_mg_per_l
    daily_mean = c[: 42 * 24].reshape(42, 24).mean(axis=1)
    peak_day = int(np.argmax(daily_mean))
    assert 1 <= peak_day <= 6
    assert daily_mean[-1] < 0.8 * daily_mean[peak_day]
    # chronic level sits in the usual therapeutic range (4-12 mg/L)
    assert 4.0 <= daily_mean[-1] <= 12.0


def _reference_autoinduction(t, td, p, dose, oral):
    """solve_ivp solution of the same system, interval by interval."""
    V, cl0, kdeg = p["volume_l"], p["clearance_baseline_l_per_h"], LN2 / p["enzyme_half_life_h"]
    emax, ec50, ka, F, fm = (
        p["emax_induction"],
        p["ec50_mg_per_l"],
        p["absorption_rate_per_h"],
        p["bioavailability"],
        p["fraction_metabolized"],
    )

    def rhs(_t, y):
        g, a, e = y
        c = a / V
        return [-ka * g, ka * g - cl0 * (1 - fm + fm * e) / V * a, kdeg * (1 + emax * c / (ec50 + c) - e)]

    y = np.array([0.0, 0.0, 1.0])
    out = np.empty((t.size, 3))
    bounds = list(td) + [t[-1]]
    for i in range(len(td)):
        y = y + (np.array([F * dose, 0, 0]) if oral else np.array([0, dose, 0]))
        lo, hi = bounds[i], bounds[i + 1]
        last = i == len(td) - 1
        mask = (t >= lo) & ((t <= hi) if last else (t < hi))
        sol = solve_ivp(rhs, (lo, hi), y, t_eval=t[mask], rtol=1e-10, atol=1e-12, method="DOP853")
        out[mask] = sol.y.T
        y = solve_ivp(rhs, (lo, hi), y, rtol=1e-10, atol=1e-12, method="DOP853").y[:, -1]
    return out


@pytest.mark.parametrize("oral", [True, False])
def test_autoinduction_against_a_tight_reference_solution(oral):
    t = np.linspace(0.0, 240.0, 121)
    td = regular_dose_times_h(12.0, 20)
    p = CBZ.model_kwargs()
    if not oral:
        p = {**p, "absorption_rate_per_h": None}
    ref = _reference_autoinduction(t, td, {**CBZ.model_kwargs()}, 400.0, oral)
    tight = ai.simulate_autoinduction(t, td, dose_mg=400.0, rtol=1e-9, **p)
    np.testing.assert_allclose(tight.concentration_mg_per_l, ref[:, 1] / CBZ.volume_l, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(tight.enzyme_relative, ref[:, 2], rtol=1e-7)
    # the default tolerance (1e-6) is accurate to better than 1e-4 mg/L
    r_default = ai.simulate_autoinduction(t, td, dose_mg=400.0, **p)
    np.testing.assert_allclose(r_default.concentration_mg_per_l, ref[:, 1] / CBZ.volume_l, atol=1e-4)


@pytest.mark.parametrize("oral", [True, False])
def test_without_induction_the_model_is_linear_pharmacokinetics(oral):
    """Emax = 0: the enzyme stays at baseline and the closed-form one-compartment model holds."""
    from neuroadapt import pharmacokinetics as pk

    t = np.linspace(0.0, 24.0 * 10, 241)
    td = regular_dose_times_h(CBZ.dosing_interval_h, 20)
    kw = {**CBZ.model_kwargs(), "emax_induction": 0.0}
    if oral:
        exact = pk.oral_concentration(
            t,
            CBZ.dose_mg,
            CBZ.volume_l,
            CBZ.half_life_uninduced_h,
            CBZ.absorption_rate_per_h,
            CBZ.bioavailability,
            dose_times_h=td,
        )
    else:
        kw["absorption_rate_per_h"] = None
        exact = pk.bolus_concentration(t, CBZ.dose_mg, CBZ.volume_l, CBZ.half_life_uninduced_h, dose_times_h=td)
    r = ai.simulate_autoinduction(t, td, dose_mg=CBZ.dose_mg, rtol=1e-9, **kw)
    np.testing.assert_allclose(r.concentration_mg_per_l, exact, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(r.enzyme_relative, 1.0)


def test_error_shrinks_with_the_tolerance():
    t = np.linspace(0.0, 24.0 * 14, 337)
    td = regular_dose_times_h(12.0, 28)
    ref = ai.simulate_autoinduction(t, td, dose_mg=400.0, rtol=1e-10, **CBZ.model_kwargs()).concentration_mg_per_l
    errors = [
        np.max(
            np.abs(
                ai.simulate_autoinduction(t, td, dose_mg=400.0, rtol=r, **CBZ.model_kwargs()).concentration_mg_per_l
                - ref
            )
        )
        for r in (1e-3, 1e-5, 1e-7)
    ]
    assert errors[0] < 2e-2  # mg/L, on concentrations of about 5-10 mg/L
    assert errors[0] > errors[1] > errors[2]


def test_autoinduction_grid_matches_single_runs():
    """Vectorized over a parameter grid: each slice equals the scalar run."""
    t = np.linspace(0, 96, 25)
    td = regular_dose_times_h(12.0, 8)
    kw = CBZ.model_kwargs()
    emax = np.array([0.0, 1.0, 2.5])[:, None]
    t_half = np.array([24.0, 72.0])[None, :]
    grid = ai.simulate_autoinduction(
        t, td, dose_mg=400.0, **{**kw, "emax_induction": emax, "enzyme_half_life_h": t_half}
    )
    assert grid.concentration_mg_per_l.shape == (3, 2, 25)
    one = ai.simulate_autoinduction(t, td, dose_mg=400.0, **{**kw, "emax_induction": 1.0, "enzyme_half_life_h": 24.0})
    # adaptive steps are chosen for the whole grid, so a slice agrees to the tolerance, not to the last bit
    np.testing.assert_allclose(grid.concentration_mg_per_l[1, 0], one.concentration_mg_per_l, rtol=1e-5, atol=1e-6)
    # Emax = 0: no induction, the enzyme stays at baseline
    np.testing.assert_allclose(grid.enzyme_relative[0], 1.0, rtol=1e-13)


def test_steady_state_closed_form_matches_near_continuous_dosing():
    """The quadratic end point is exact for a constant-rate input (tiny frequent doses)."""
    kw = CBZ.model_kwargs()
    tau = 0.25
    daily = 800.0
    t = np.array([0.0, 24.0 * 60])
    r = ai.simulate_autoinduction(
        t,
        np.arange(0, 24 * 60, tau),
        dose_mg=daily * tau / 24,
        **{**kw, "absorption_rate_per_h": None, "bioavailability": 1.0},
    )
    ss = ai.autoinduction_steady_state(
        daily * tau / 24,
        tau,
        clearance_baseline_l_per_h=kw["clearance_baseline_l_per_h"],
        volume_l=kw["volume_l"],
        emax_induction=kw["emax_induction"],
        ec50_mg_per_l=kw["ec50_mg_per_l"],
    )
    assert r.enzyme_relative[-1] == pytest.approx(float(ss.enzyme_relative), rel=2e-4)
    # and check the quadratic root solves the defining fixed-point equation
    c = float(ss.css_average_mg_per_l)
    assert float(ss.enzyme_relative) == pytest.approx(
        1 + kw["emax_induction"] * c / (kw["ec50_mg_per_l"] + c), rel=1e-12
    )


@SETTINGS
@given(
    fm=st.floats(0, 1), fold=st.floats(0.1, 5), emax=st.floats(0, 5), ec50=st.floats(0.1, 20), dose=st.floats(1, 2000)
)
def test_steady_state_fixed_point_property(fm, fold, emax, ec50, dose):
    ss = ai.autoinduction_steady_state(
        dose,
        12.0,
        clearance_baseline_l_per_h=2.0,
        volume_l=50.0,
        emax_induction=emax,
        ec50_mg_per_l=ec50,
        fraction_metabolized=fm,
        clearance_fold_change=fold,
    )
    c = float(ss.css_average_mg_per_l)
    assert float(ss.enzyme_relative) == pytest.approx(1 + emax * c / (ec50 + c), rel=1e-10)
    assert float(ss.clearance_l_per_h) == pytest.approx(
        2.0 * (1 - fm + fm * fold * float(ss.enzyme_relative)), rel=1e-12
    )


# ---------------------------------------------------------------------------
# (b) properties
# ---------------------------------------------------------------------------


@SETTINGS
@given(dose=st.floats(0, 2000), emax=st.floats(0, 5), t_half=st.floats(12, 200))
def test_autoinduction_nonnegative_and_enzyme_at_least_baseline(dose, emax, t_half):
    t = np.linspace(0, 200, 51)
    r = ai.simulate_autoinduction(
        t,
        regular_dose_times_h(24.0, 8),
        dose_mg=dose,
        **{**CBZ.model_kwargs(), "emax_induction": emax, "enzyme_half_life_h": t_half},
    )
    # The enzyme is integrated by solve_ivp (atol 1e-9 on the enzyme, rtol 1e-6): the bounds hold to
    # the solver's accuracy, not to the last bit (hypothesis found a 1e-12 dip at a near-zero dose).
    assert np.all(r.concentration_mg_per_l >= 0)
    assert np.all(r.enzyme_relative >= 1 - 1e-8)
    assert np.all(r.enzyme_relative <= (1 + emax) * (1 + 1e-5))


# ---------------------------------------------------------------------------
# (c) bad input
# ---------------------------------------------------------------------------


def test_bad_input_raises():
    with pytest.raises(ValueError, match="name"):
        ai.drug_parameters("caffeine")
    kw = CBZ.model_kwargs()
    with pytest.raises(ValueError, match="dose_times_h"):
        ai.simulate_autoinduction([0.0, 1.0], [12.0, 0.0], dose_mg=1.0, **kw)
    with pytest.raises(ValueError, match="t_h"):
        ai.simulate_autoinduction([1.0, 0.0], [0.0], dose_mg=1.0, **kw)
    with pytest.raises(ValueError, match="dose_mg"):
        ai.simulate_autoinduction([0.0, 1.0], [0.0], dose_mg=-1.0, **kw)
    with pytest.raises(ValueError, match="rtol"):
        ai.simulate_autoinduction([0.0, 1.0], [0.0], dose_mg=1.0, rtol=0.0, **kw)
    with pytest.raises(ValueError, match="rtol"):
        ai.simulate_autoinduction([0.0, 1.0], [0.0], dose_mg=1.0, rtol=0.5, **kw)
