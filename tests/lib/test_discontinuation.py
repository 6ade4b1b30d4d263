"""Tests of neuroadapt.discontinuation: rebound, withdrawal and relapse after stopping a drug."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import discontinuation as dc
from neuroadapt.drugs import drug_value
from neuroadapt.homeostasis import counter_adaptation

P = dc.DISCONTINUATION_DEFAULTS
T = np.concatenate([[0.0], np.geomspace(0.01, 365.0, 400)])


# ---------------------------------------------------------------------------
# published numbers
# ---------------------------------------------------------------------------


def test_relapse_reproduces_geddes_2003():
    """Geddes et al. 2003: relapse over (mostly) 12 months was 41 % after switching to placebo and 18 % on
    continued antidepressant; continuing reduced the odds of relapse by 70 % (95 % CI 62-78)."""
    off = float(dc.relapse_probability(365.0))
    on = float(dc.relapse_probability(365.0, continued=True))
    assert off == pytest.approx(0.41, abs=1e-12)
    assert on == pytest.approx(0.18, abs=1e-12)
    odds_ratio = (on / (1 - on)) / (off / (1 - off))
    assert 1 - 0.78 <= odds_ratio <= 1 - 0.62


def test_relapse_washout_delays_but_barely_changes_the_one_year_risk():
    """The drug keeps protecting while it washes out, so a longer half-life delays relapse slightly; by 12
    months the Geddes proportion is reached within a percentage point even for a week-long half-life."""
    short = dc.relapse_probability(T, 5.0)
    long_ = dc.relapse_probability(T, 168.0)
    assert np.all(long_ <= short + 1e-15)
    assert abs(float(dc.relapse_probability(365.0, 168.0)) - 0.41) < 0.01


def test_rebound_after_short_but_not_long_half_life_kales_1978():
    """Kales, Scharf & Kales 1978: rebound insomnia (sleep worse than before treatment) in the first nights
    after stopping a short-acting benzodiazepine (triazolam, half-life 2-4 h), not after flurazepam, whose
    active metabolite lasts days."""
    r = dc.rebound_course(T, [3.0, 100.0])
    short, long_ = r[0], r[1]  # (half-life, time)
    peak_day = T[np.argmax(short)]
    assert short.max() > 0.15
    assert 0.2 <= peak_day <= 3.0
    f = dc.course_features(T, short)
    assert f.onset_d < 1.0 and f.duration_d < 4.0 and not f.persists
    assert long_.max() < 0.005


def test_clonidine_like_rebound_peaks_within_12_to_60_h():
    """Geyskes, Boer & Dorhout Mees 1979: after abrupt cessation of clonidine (half-life about 12 h) blood
    pressure and heart rate rose excessively, forcing intervention 12 to 60 h after the last dose."""
    r = dc.rebound_course(T, 12.0)
    peak_h = 24.0 * T[np.argmax(r)]
    assert r.max() > 0.05
    assert 12.0 <= peak_h <= 60.0


def test_paroxetine_withdrawal_timing_fava_2015():
    """Fava et al. 2015 (drug table, withdrawal_onset_h 48-96 h): SSRI withdrawal symptoms begin within a few
    days of stopping. With paroxetine's half-life (21 h) the model's symptoms appear within 2 days and peak
    within 2-4 days; with fluoxetine (96 h) they peak later and lower."""
    parox = dc.withdrawal_course(T, drug_value("paroxetine", "half_life_h"))
    fluox = dc.withdrawal_course(T, drug_value("fluoxetine", "half_life_h"))
    lo, hi = 48.0 / 24.0, 96.0 / 24.0
    assert dc.course_features(T, parox).onset_d <= lo
    assert lo <= T[np.argmax(parox)] <= hi
    assert T[np.argmax(fluox)] > hi
    assert fluox.max() < 0.6 * parox.max()


def test_new_and_rebound_symptoms_within_six_weeks_chouinard_2015():
    """Chouinard & Chouinard 2015: new and rebound symptoms occur for up to 6 weeks after withdrawal,
    depending on the half-life; relapse is a return of the illness that persists."""
    hl = np.array([2.0, 12.0, 48.0, 168.0])
    w = dc.withdrawal_course(T[:, None], hl[None, :])
    peaks = T[np.argmax(w, axis=0)]
    assert np.all(np.diff(peaks) > 0)  # later with longer half-life
    assert peaks.max() < 42.0
    for j in range(hl.size):
        f = dc.course_features(T, w[:, j])
        assert not f.persists and f.onset_d + f.duration_d < 42.0
    rel = dc.relapse_probability(T, 21.0)
    assert dc.course_features(T, rel).persists


def test_model_courses_classify_as_themselves():
    """The classifier's features, measured on the model's own curves, give the right labels."""
    df = dc.discontinuation_courses(T, [4.0]).to_frame()
    labels = {}
    for course, new in (("rebound", False), ("withdrawal", True), ("relapse", False)):
        y = df[df.course == course].symptom_load.to_numpy()
        f = dc.course_features(T, y)
        dur = np.inf if f.persists else f.duration_d
        labels[course] = dc.classify_course(f.onset_d, new, dur)
    assert labels == {"rebound": "rebound", "withdrawal": "withdrawal", "relapse": "relapse"}


# ---------------------------------------------------------------------------
# exact solutions and limits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("half_life_h, tau", [(21.0, 5.0), (4.0, 2.0), (83.18, 3.46), (200.0, 1.0)])
def test_withdrawal_matches_ode(half_life_h, tau):
    """Closed form = solution of tau dA/dt = g d(t) - A, A(0) = g, W = max(A - d, 0)."""
    g = 0.8
    k = np.log(2.0) * 24.0 / half_life_h
    sol = solve_ivp(
        lambda t, a: (g * np.exp(-k * t) - a) / tau,
        (0.0, 60.0),
        [g],
        t_eval=np.linspace(0.0, 60.0, 301),
        rtol=1e-10,
        atol=1e-12,
    )
    w_ode = np.maximum(sol.y[0] - np.exp(-k * sol.t), 0.0)
    np.testing.assert_allclose(dc.withdrawal_course(sol.t, half_life_h, tau, g), w_ode, rtol=1e-8, atol=1e-10)


def test_withdrawal_equal_rates_branch_is_continuous():
    """At p = k the closed form switches branch; neighbours on either side agree with it."""
    tau = 5.0
    hl_equal = np.log(2.0) * 24.0 * tau
    t = np.linspace(0.0, 30.0, 61)
    mid = dc.withdrawal_course(t, hl_equal, tau)
    for hl in (hl_equal * (1 - 1e-6), hl_equal * (1 + 1e-6)):
        np.testing.assert_allclose(dc.withdrawal_course(t, hl, tau), mid, atol=1e-6)


def test_abrupt_stop_limit_equals_homeostasis():
    """With a vanishing half-life the withdrawal is the abrupt-stop after-effect of neuroadapt.homeostasis
    (long exposure: the adaptation had reached its gain)."""
    t = np.linspace(0.05, 20.0, 50)
    w = dc.withdrawal_course(t, 1e-4, time_constant_adaptation_d=5.0, gain=0.8)
    exposure = 24.0 * 1000
    a = counter_adaptation(exposure + 24.0 * t, exposure_h=exposure, time_constant_adaptation_h=24.0 * 5.0, gain=0.8)
    # the driven term adds g p/(k - p) of order (1/tau)/k = 1.2e-6 with k = 24 ln2 / 1e-4 h per day
    np.testing.assert_allclose(w, a, rtol=3e-6)


def test_rebound_matches_solve_ivp():
    """The moderator model with exponential washout, integrated by solve_ivp from the tolerant state."""
    hl, css, emax, kout, ktol = 6.0, P.steady_concentration, P.emax, P.kout_per_h, P.ktol_per_h
    e_ss = emax * css / (1 + css)
    r_tol = np.sqrt(1 - e_ss)

    def rhs(t, y):
        c = css * np.exp(-np.log(2.0) / hl * t)
        e = emax * c / (1 + c)
        return [kout * (1 - e) / y[1] - kout * y[0], ktol * (y[0] - y[1])]

    t_d = np.linspace(0.0, 8.0, 97)
    sol = solve_ivp(rhs, (0.0, 24.0 * 8), [r_tol, r_tol], t_eval=24.0 * t_d, rtol=1e-10, atol=1e-12)
    level = dc.rebound_course(t_d, hl, excess=False)
    np.testing.assert_allclose(level, sol.y[0], rtol=2e-4)
    np.testing.assert_allclose(dc.rebound_course(t_d, hl), np.maximum(sol.y[0] - 1, 0), atol=2e-4)


def test_rebound_starts_at_tolerant_level_and_returns_to_baseline():
    """Gabrielsson & Peletier 2008: on drug R = R0 sqrt(1 - E); long after the stop R = R0."""
    level = dc.rebound_course(np.array([0.0, 200.0]), 8.0, excess=False)
    e_ss = P.emax * P.steady_concentration / (1 + P.steady_concentration)
    assert level[0] == pytest.approx(np.sqrt(1 - e_ss), rel=1e-12)
    assert level[1] == pytest.approx(1.0, abs=1e-6)


def test_no_feedback_no_rebound():
    """Without the moderator (ktol = 0) the symptom only returns to baseline: no overshoot."""
    assert dc.rebound_course(T[T < 30], 2.0, ktol_per_h=0.0).max() < 1e-6  # 0 up to the solver's tolerance


def _vega_to_python(expr: str, **signals):
    """Evaluate one of the module's Vega expressions with numpy (datum.x -> column x)."""
    py = expr.replace("datum.", "").replace(" ? ", " if_ ").replace(" : ", " else_ ")
    assert "if_" not in py or py.count("if_") == 1
    # a ? b : c  ->  where(a, b, c) for the one conditional in VEGA_WITHDRAWAL
    m = re.search(r"\(abs\((.+?)\) < 1e-12 if_ (.+?) else_ (.+?)\)\s*-\s*exp", py)
    if m:
        cond, a, b = m.groups()
        py = py.replace(m.group(0), f"np.where(np.abs({cond}) < 1e-12, {a}, {b}) - exp")
    ns = {"exp": np.exp, "abs": np.abs, "max": np.maximum, "np": np}
    ns.update(signals)
    return eval(py, ns)  # noqa: S307 - a constant expression of this module


def test_vega_expressions_match_python():
    t = T
    for hl in (2.0, 21.0, 170.0):
        w_vega = _vega_to_python(dc.VEGA_WITHDRAWAL, t_d=t, half_life_h=hl, time_constant_adaptation_d=5.0, gain=0.8)
        np.testing.assert_allclose(w_vega, dc.withdrawal_course(t, hl, 5.0, 0.8), rtol=1e-12, atol=1e-14)
        h = dc.relapse_hazards()
        off, on = h.stopped_per_d, h.continued_per_d
        r_vega = _vega_to_python(
            dc.VEGA_RELAPSE, t_d=t, half_life_h=hl, relapse_rate_stopped=off, relapse_rate_continued=on
        )
        np.testing.assert_allclose(r_vega, dc.relapse_probability(t, hl), rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

half_lives = st.floats(min_value=0.5, max_value=500.0)


@settings(max_examples=25, deadline=None)
@given(hl1=half_lives, hl2=half_lives)
def test_rebound_bounded_and_smaller_for_longer_half_life(hl1, hl2):
    lo, hi = sorted((hl1, hl2))
    t = np.linspace(0.0, 40.0, 401)
    r = dc.rebound_course(t, [lo, hi])
    e_ss = P.emax * P.steady_concentration / (1 + P.steady_concentration)
    assert np.all(r >= 0) and r.max() <= 1 / np.sqrt(1 - e_ss) - 1 + 1e-9
    assert r[1].max() <= r[0].max() + 1e-6


@settings(max_examples=50, deadline=None)
@given(hl=half_lives, tau=st.floats(0.2, 60.0), g=st.floats(0.0, 1.0))
def test_withdrawal_bounded_zero_at_stop_and_fades(hl, tau, g):
    w = dc.withdrawal_course(T, hl, tau, g)
    assert w[0] == 0.0
    assert np.all(w >= 0) and np.all(w <= g + 1e-12)
    late = dc.withdrawal_course(np.array([T[-1] * 50]), hl, tau, g)
    assert late[0] < 1e-3


@settings(max_examples=50, deadline=None)
@given(hl=st.floats(0.0, 500.0), p_off=st.floats(0.05, 0.9), ratio=st.floats(0.05, 1.0))
def test_relapse_is_a_monotone_probability_above_continued(hl, p_off, ratio):
    p_on = p_off * ratio
    kw = dict(fraction_stopped=p_off, fraction_continued=p_on)
    p = dc.relapse_probability(T, hl, **kw)
    assert p[0] == 0.0 and np.all(np.diff(p) >= 0) and np.all(p < 1)
    assert np.all(p >= dc.relapse_probability(T, continued=True, **kw) - 1e-15)


@settings(max_examples=50, deadline=None)
@given(onset=st.floats(0.0, 400.0), dur=st.floats(0.0, 400.0))
def test_new_symptoms_are_always_withdrawal(onset, dur):
    assert dc.classify_course(onset, True, dur) == "withdrawal"
    assert dc.classify_course(onset, False, dur) in ("rebound", "relapse")


def test_classify_examples_and_thresholds():
    assert dc.classify_course(1.0, False, 3.0) == "rebound"
    assert dc.classify_course(1.0, False, np.inf) == "relapse"
    assert dc.classify_course(30.0, False, 5.0) == "relapse"
    assert dc.classify_course(10.0, False, 5.0, early_onset_d=14.0) == "rebound"
    out = dc.classify_course([0.5, 3.0, 70.0], [0, 1, 0], [2.0, 21.0, np.inf])
    assert out.tolist() == ["rebound", "withdrawal", "relapse"]


def test_tidy_table_shape_and_columns():
    courses = dc.discontinuation_courses(np.linspace(0, 10, 11), [4.0, 24.0, 96.0])
    assert courses.rebound.shape == (3, 11)  # (half-life, time): time last (lib/README.md)
    df = courses.to_frame()
    assert list(df.columns) == ["t_d", "half_life_h", "course", "symptom_load"]
    assert len(df) == 11 * 3 * 3
    assert (df.symptom_load >= 0).all()
    row = df[(df.course == "withdrawal") & (df.t_d == 5.0) & (df.half_life_h == 24.0)]
    assert row.symptom_load.iloc[0] == courses.withdrawal[1, 5]
    np.testing.assert_array_equal(courses.rebound, dc.rebound_course(np.linspace(0, 10, 11), [4.0, 24.0, 96.0]))


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: dc.withdrawal_course(-1.0, 21.0), "t_d"),
        (lambda: dc.withdrawal_course(1.0, 0.0), "half_life_h"),
        (lambda: dc.withdrawal_course(1.0, 21.0, time_constant_adaptation_d=np.nan), "time_constant_adaptation_d"),
        (lambda: dc.withdrawal_course(1.0, 21.0, gain=1.5), "gain"),
        (lambda: dc.rebound_course([0.0, 1.0], -2.0), "half_life_h"),
        (lambda: dc.rebound_course([[0.0, 1.0]], 2.0), "t_d"),
        (lambda: dc.rebound_course([0.0, 1.0], 2.0, emax=0.0), "emax"),
        (lambda: dc.rebound_course([0.0, 1.0], 2.0, kout_per_h=0.0), "kout_per_h"),
        (lambda: dc.relapse_probability(10.0, fraction_stopped=1.0), "fraction_stopped"),
        (lambda: dc.relapse_probability(10.0, horizon_d=0.0), "horizon_d"),
        (lambda: dc.relapse_probability(10.0, half_life_h=-1.0), "half_life_h"),
        (lambda: dc.drug_fraction_remaining(1.0, "long"), "half_life_h"),
        (lambda: dc.course_features([0, 2, 1], [0, 1, 0]), "t_d"),
        (lambda: dc.course_features([0, 1, 2], [0, 1]), "symptom_load"),
        (lambda: dc.classify_course(-1.0, False, 3.0), "onset_d"),
        (lambda: dc.classify_course(1.0, "yes", 3.0), "new_symptoms"),
        (lambda: dc.classify_course(1.0, False, -3.0), "duration_d"),
        (lambda: dc.classify_course(1.0, False, np.nan), "duration_d"),
        (lambda: dc.discontinuation_courses([0.0, 1.0], [[4.0]]), "one-dimensional"),
    ],
)
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()
