"""Tests of neuroadapt.withdrawal_management (symptom-triggered vs fixed benzodiazepine dosing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.alcohol import alcohol_homeostat, maintained_drinking_bac
from neuroadapt.pharmacokinetics import oral_concentration
from neuroadapt.withdrawal_management import (
    STRATEGIES,
    WITHDRAWAL_MANAGEMENT_DEFAULTS,
    WithdrawalManagementParams,
    adapted_gains,
    ciwa_from_excitability,
    diazepam_half_life_h,
    dose_in_drug_mg,
    manage_alcohol_withdrawal,
    trial_results,
    trial_value,
)

COHORT_DAYS = np.array([1, 2, 3, 5, 7, 10, 14, 21, 28], dtype=float)[:, None]
COHORT_BAC = np.array([0.10, 0.15, 0.20, 0.25, 0.30])[None, :]


def test_trial_numbers_as_published():
    # Saitz et al. JAMA 1994;272:519-523, abstract: median 100 mg vs 425 mg chlordiazepoxide,
    # median treatment 9 h vs 68 h. Daeppen et al. Arch Intern Med 2002;162:1117-1121:
    # mean oxazepam 37.5 vs 231.4 mg, 20.0 vs 62.7 h. Klotz et al. J Clin Invest 1975;55:347-359:
    # diazepam half-life 105.6 h in cirrhosis vs 46.6 h.
    assert trial_value("saitz1994", "total_dose_mg", "symptom_triggered") == 100
    assert trial_value("saitz1994", "total_dose_mg", "fixed_schedule") == 425
    assert trial_value("saitz1994", "treatment_duration_h", "symptom_triggered") == 9
    assert trial_value("saitz1994", "treatment_duration_h", "fixed_schedule") == 68
    assert trial_value("daeppen2002", "total_dose_mg", "symptom_triggered") == 37.5
    assert trial_value("daeppen2002", "total_dose_mg", "fixed_schedule") == 231.4
    assert diazepam_half_life_h("cirrhosis") == 105.6 and diazepam_half_life_h("control") == 46.6
    assert set(trial_results()["source"]) == {"saitz1994", "daeppen2002", "klotz1975"}


def test_fixed_schedule_is_saitz_protocol():
    # Saitz 1994: 50 mg x 4 then 25 mg x 8 chlordiazepoxide every 6 h = 400 mg
    p = WITHDRAWAL_MANAGEMENT_DEFAULTS
    assert sum(p.fixed_doses_chlordiazepoxide_mg) == 400
    assert p.dosing_interval_h == 6 and p.ciwa_threshold == 8 and p.severe_ciwa == 19


def test_reproduces_trials_qualitative_finding():
    """Saitz 1994 and Daeppen 2002: less drug and shorter treatment, no more severe withdrawal."""
    cohort = dict(drinking_duration_d=COHORT_DAYS, plateau_bac_g_per_dl=COHORT_BAC)
    st_ = manage_alcohol_withdrawal("symptom_triggered", **cohort)
    fx = manage_alcohol_withdrawal("fixed_schedule", **cohort)
    none = manage_alcohol_withdrawal("none", **cohort)
    assert np.median(st_.total_dose_mg) < 0.5 * np.median(fx.total_dose_mg)
    assert np.median(st_.treatment_duration_h) < np.median(fx.treatment_duration_h)
    assert np.all(st_.total_dose_mg <= fx.total_dose_mg)
    # both strategies prevent severe withdrawal that untreated patients have
    assert none.severe_time_h.max() > 0
    assert st_.severe_time_h.max() == 0 and fx.severe_time_h.max() == 0
    # Daeppen 2002: many symptom-triggered patients need no drug at all; fixed-schedule patients all get it
    assert (st_.n_doses == 0).any() and (fx.n_doses > 0).all()


def test_fixed_arm_oversedates_mild_patients_more():
    kw = dict(drinking_duration_d=1.0, plateau_bac_g_per_dl=0.1)
    assert (
        manage_alcohol_withdrawal("fixed_schedule", **kw).oversedated_time_h
        > manage_alcohol_withdrawal("symptom_triggered", **kw).oversedated_time_h
    )


def test_adapted_gains_match_alcohol_homeostat():
    t = np.arange(0.0, 24.0 * 10 + 0.5, 0.5)
    bac = maintained_drinking_bac(t, drinking_duration_d=10, plateau_bac_g_per_dl=0.2)
    r = alcohol_homeostat(t, bac)
    i = np.searchsorted(t, 240.0)
    n, g = adapted_gains(10, 0.2)
    nmda = np.asarray(r.nmda_gain).reshape(-1)[i]
    gaba = np.asarray(r.gabaa_gain).reshape(-1)[i]
    assert n == pytest.approx(nmda, rel=1e-6) and g == pytest.approx(gaba, rel=1e-6)


def test_untreated_course_matches_homeostat():
    """Untreated, the simulation is the book's alcohol homeostat after the last drink."""
    step = 0.25
    r = manage_alcohol_withdrawal("none", drinking_duration_d=14, plateau_bac_g_per_dl=0.25, step_h=step)
    t = np.arange(0.0, 24.0 * 14 + 120.0 + step / 2, step)
    ref = alcohol_homeostat(t, maintained_drinking_bac(t, drinking_duration_d=14, plateau_bac_g_per_dl=0.25))
    after = t >= 24.0 * 14
    e_ref = np.asarray(ref.excitability).reshape(-1)[after]
    assert r.excitability.max() == pytest.approx(e_ref.max(), abs=0.01)
    assert abs(r.t_h[np.argmax(r.excitability)] - (t[after][np.argmax(e_ref)] - 24.0 * 14)) <= 1.0
    assert 7.0 <= r.t_h[np.argmax(r.excitability)] <= 24.0  # busiest seizure hours, Victor & Adams 1953


def test_pharmacokinetics_match_oral_concentration():
    r = manage_alcohol_withdrawal("fixed_schedule", drinking_duration_d=1, plateau_bac_g_per_dl=0.05, admission_h=6.0)
    doses = r.dose_mg
    times = r.t_h[doses > 0]
    ref = oral_concentration(r.t_h, 1.0, 1.0, 60.0, 1.5, 1.0, times, relative_doses=doses[doses > 0])
    np.testing.assert_allclose(r.amount_in_body_mg, ref, rtol=1e-9, atol=1e-9)


def test_liver_disease_accumulates_diazepam():
    kw = dict(drinking_duration_d=14, plateau_bac_g_per_dl=0.25, horizon_h=120.0)
    normal = manage_alcohol_withdrawal("fixed_schedule", half_life_h=diazepam_half_life_h("control"), **kw)
    cirr = manage_alcohol_withdrawal("fixed_schedule", half_life_h=diazepam_half_life_h("cirrhosis"), **kw)
    assert cirr.amount_in_body_mg[-1] > normal.amount_in_body_mg[-1]


def test_dose_conversion():
    assert float(dose_in_drug_mg(25.0, "diazepam")) == pytest.approx(10.0)
    assert float(dose_in_drug_mg(25.0, "oxazepam")) == pytest.approx(20.0)


@settings(max_examples=25, deadline=None)
@given(
    days=st.floats(0.0, 30.0),
    bac=st.floats(0.0, 0.4),
    hl=st.floats(5.0, 150.0),
    strategy=st.sampled_from(STRATEGIES),
    drug=st.sampled_from(["diazepam", "lorazepam", "oxazepam", "chlordiazepoxide"]),
)
def test_properties(days, bac, hl, strategy, drug):
    r = manage_alcohol_withdrawal(
        strategy,
        drinking_duration_d=days,
        plateau_bac_g_per_dl=bac,
        drug=drug,
        half_life_h=hl,
        horizon_h=48.0,
        step_h=0.5,
    )
    assert np.all(r.dose_mg >= 0) and np.all(r.amount_in_body_mg >= -1e-12)
    assert np.all((r.ciwa_ar >= 0) & (r.ciwa_ar <= 67))
    assert np.all(r.bac_g_per_dl >= 0) and np.all(r.bac_g_per_dl <= bac + 1e-12)
    assert r.total_dose_mg >= 0 and 0 <= r.treatment_duration_h <= 48.0
    if strategy == "none":
        assert r.total_dose_mg == 0


@given(e=st.lists(st.floats(-5, 5), min_size=1, max_size=20))
def test_ciwa_mapping_bounds(e):
    c = ciwa_from_excitability(e)
    assert np.all((c >= 0) & (c <= 67)) and np.all(c == np.round(c))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(strategy="weekly"), "strategy"),
        (dict(strategy="none", drug="alprazolam"), "drug"),
        (dict(strategy="none", half_life_h=-1.0), "half_life_h"),
        (dict(strategy="none", drinking_duration_d=-1.0), "drinking_duration_d"),
        (dict(strategy="none", plateau_bac_g_per_dl=0.9), "nmda_block_per_g_dl"),
        (dict(strategy="none", admission_h=10.0, horizon_h=5.0), "horizon_h"),
        (dict(strategy="none", admission_h=0.3), "admission_h"),
        (dict(strategy="none", params=WithdrawalManagementParams(ciwa_threshold=80.0)), "ciwa_threshold"),
        (dict(strategy="none", params=WithdrawalManagementParams(absorption_rate_per_h=0.0)), "absorption_rate_per_h"),
    ],
)
def test_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        manage_alcohol_withdrawal(**kwargs)


def test_unknown_trial_row():
    with pytest.raises(ValueError, match="no row"):
        trial_value("saitz1994", "total_dose_mg", "placebo")


def test_other_withdrawal_syndromes_as_published():
    from neuroadapt.withdrawal_management import other_withdrawal_syndromes

    t = other_withdrawal_syndromes().set_index(["drug_class", "quantity"])
    # McDonough et al., Drug Alcohol Depend 2004;75:3-9: 38 cases, delirium in 53 %
    assert t.loc[("ghb_gbl", "cases_reviewed"), "value"] == 38
    assert t.loc[("ghb_gbl", "delirium_fraction"), "value"] == 0.53
    # Mersfelder & Nichols, Ann Pharmacother 2016;50:229-233: onset 12 h to 7 days
    gaba = t.loc[("gabapentinoids", "withdrawal_onset_h")]
    assert (gaba["low"], gaba["high"]) == (12, 168)
    # Huhn et al., Drug Alcohol Depend 2020;214:108147: clearance 7.3 d (fentanyl), 13.3 d (norfentanyl)
    assert t.loc[("fentanyl", "fentanyl_clearance_d"), "value"] == 7.3
    assert t.loc[("fentanyl", "norfentanyl_clearance_d"), "value"] == 13.3
    # Varshneya et al., J Addict Med 2022;16:e265-e268: OR 5.202 (95 % CI 1.979-13.675) within 24 h
    row = t.loc[("fentanyl", "severe_precipitated_withdrawal_or")]
    assert (row["low"], row["high"]) == (1.979, 13.675) and row["value"] == pytest.approx(5.202, abs=0.01)
    # Isbell et al. 1950: 5 volunteers, 92-144 days of intoxication
    assert t.loc[("barbiturates", "subjects"), "value"] == 5
    assert set(t["source"]) <= {
        "isbell1950",
        "mcdonough2004",
        "mersfelder2016",
        "victorrivigneau2007",
        "cimolai2007",
        "huhn2020",
        "varshneya2022",
    }
