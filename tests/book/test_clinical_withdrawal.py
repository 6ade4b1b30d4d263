"""Pages on clinical withdrawal: alcohol withdrawal management, neonatal withdrawal,
the persistent post-withdrawal section, and three practice scenarios.

Numbers are glued from lib, so these tests check the structure of the pages, that every
glued name used is glued, and that what each worked solution *says* about the models
(directions, orders, thresholds) is what the models compute.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from pages import ROOT, glue_format_problems, read_page, run_page, scenario_problems, structure_problems

from neuroadapt.discontinuation import DISCONTINUATION_DEFAULTS, course_features, withdrawal_course
from neuroadapt.neonatal_withdrawal import neonatal_half_life_h, neonatal_value, newborn_withdrawal
from neuroadapt.receptor_competition import buprenorphine_induction, crossover_time_h, induction_params
from neuroadapt.scales import ciwa_ar_score
from neuroadapt.withdrawal_management import (
    diazepam_half_life_h,
    manage_alcohol_withdrawal,
    trial_value,
)

APPLICATIONS = ["applications/alcohol-withdrawal-management", "applications/neonatal-withdrawal"]
PRACTICES = ["practices/buprenorphine-induction", "practices/alcohol-liver", "practices/newborn-methadone"]
PAGES = APPLICATIONS + PRACTICES
NOTICE = "```{admonition} Teaching material, not medical advice\n:class: warning\n"


@pytest.mark.parametrize("page", PAGES)
def test_page_structure(page):
    text = read_page(page)
    assert text.startswith("---\njupytext:")
    assert "```{admonition} Learning objectives\n:class: tip" in text
    assert NOTICE in text
    assert "```{important} Key points" in text
    labels = re.findall(r"```\{exercise\}.*\n:label: (\S+)", text)
    assert len(labels) >= 2
    for label in labels:
        assert re.search(r"\{solution(-start)?\} " + re.escape(label) + r"\n:class: dropdown", text), label
    assert page in (ROOT / "_toc.yml").read_text()
    assert structure_problems(text) == []


@pytest.mark.parametrize("page", PRACTICES)
def test_scenario_parts_and_selfchecks(page):
    text = read_page(page)
    assert scenario_problems(text) == []
    assert text.count("NumericQuestion(") >= 1 and text.count("ChoiceQuestion(") >= 1
    assert re.findall(r"correct\s*=\s*\d\s*[,)]", text) == [], "choice keys come from a computation"


@pytest.mark.parametrize("page", PAGES)
def test_glued_values_format(page):
    assert glue_format_problems(read_page(page), run_page(page)) == []


def test_terms_and_citations_exist():
    glossary = read_page("glossary").lower()
    bib = (ROOT / "book" / "_bib").glob("*.bib")
    keys = set()
    for f in bib:
        keys |= set(re.findall(r"^@\w+\{([^,]+),", f.read_text(), re.M))
    for page in PAGES:
        text = read_page(page)
        for term in re.findall(r"\{term\}`([^`<]+)`", text):
            assert f"\n{term.lower()}\n" in glossary, term
        for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text):
            for key in group.split(","):
                assert key.strip() in keys, key


# ---------------------------------------------------------------------------
# what the solutions say
# ---------------------------------------------------------------------------


def test_awm_ratio_solution():
    days = np.array([1, 2, 3, 5, 7, 10, 14, 21, 28.0])[:, None]
    bac = np.array([0.10, 0.15, 0.20, 0.25, 0.30])[None, :]
    st = manage_alcohol_withdrawal("symptom_triggered", drinking_duration_d=days, plateau_bac_g_per_dl=bac)
    fx = manage_alcohol_withdrawal("fixed_schedule", drinking_duration_d=days, plateau_bac_g_per_dl=bac)
    assert np.median(st.total_dose_mg) / np.median(fx.total_dose_mg) < 0.5
    assert np.median(st.treatment_duration_h) < np.median(fx.treatment_duration_h)
    assert trial_value("saitz1994", "total_dose_mg", "symptom_triggered") / trial_value(
        "saitz1994", "total_dose_mg", "fixed_schedule") == pytest.approx(0.235, abs=0.001)


def test_awm_liver_solution():
    week = {
        "normal": manage_alcohol_withdrawal("symptom_triggered", half_life_h=diazepam_half_life_h("control"),
                                            horizon_h=168),
        "cirrhosis": manage_alcohol_withdrawal("symptom_triggered", half_life_h=diazepam_half_life_h("cirrhosis"),
                                               horizon_h=168),
        "lorazepam": manage_alcohol_withdrawal("symptom_triggered", drug="lorazepam", horizon_h=168),
    }
    assert week["cirrhosis"].amount_in_body_mg[-1] > 2 * week["normal"].amount_in_body_mg[-1]
    assert week["cirrhosis"].n_doses <= week["normal"].n_doses  # "fewer doses are needed"
    assert week["lorazepam"].amount_in_body_mg[-1] < 1.0
    assert week["lorazepam"].n_doses > week["normal"].n_doses  # "the price ... is more doses"


def test_awm_mild_solution():
    mild = {s: manage_alcohol_withdrawal(s, drinking_duration_d=2, plateau_bac_g_per_dl=0.15)
            for s in ("symptom_triggered", "fixed_schedule")}
    assert all(r.severe_time_h == 0 for r in mild.values())
    assert mild["fixed_schedule"].total_dose_mg > 4 * mild["symptom_triggered"].total_dose_mg
    assert mild["fixed_schedule"].oversedated_time_h > mild["symptom_triggered"].oversedated_time_h


def test_neonatal_solutions():
    hl = neonatal_half_life_h("methadone")
    slow = newborn_withdrawal([hl, 2 * hl], horizon_h=480)
    assert slow.onset_h[1] > slow.onset_h[0] and slow.peak_withdrawal[1] < slow.peak_withdrawal[0]
    los = 1 - neonatal_value("eat_sleep_console", "length_of_stay_d_after") / neonatal_value(
        "eat_sleep_console", "length_of_stay_d_before")
    assert los == pytest.approx(0.737, abs=0.001)  # Grossman et al. 2017: 22.4 -> 5.9 days


def test_buprenorphine_solution():
    fent, her = induction_params("fentanyl"), induction_params("heroin")
    hours = np.arange(0.0, 121.0, 1.0)
    for p, margin in ((her, True), (fent, False)):
        r = buprenorphine_induction(hours, 8.0, p)
        first = hours[np.argmax(r.cows_before >= 13)]
        assert first >= crossover_time_h(p)  # the rule holds in the model
        at_cross = float(buprenorphine_induction([crossover_time_h(p)], 8.0, p).cows_before[0])
        if margin:
            assert at_cross < 10
        else:
            assert 10 <= at_cross < 13  # "just below 13"
    now = buprenorphine_induction(np.array([14.0]), 8.0, fent)
    assert now.cows_after[0] > now.cows_before[0]  # "too early"


def test_liver_scenario_solution():
    rating = {
        "nausea_and_vomiting": 2, "tremor": 3, "paroxysmal_sweats": 2, "anxiety": 3, "agitation": 2,
        "tactile_disturbances": 0, "auditory_disturbances": 0, "visual_disturbances": 1,
        "headache_fullness_in_head": 1, "orientation_and_clouding_of_sensorium": 0,
    }
    score = ciwa_ar_score(rating, bands="asam2020")
    assert score.band == "moderate"
    assert score.total >= trial_value("saitz1994", "ciwa_ar_threshold", "symptom_triggered")
    marta = dict(drinking_duration_d=21, plateau_bac_g_per_dl=0.20, admission_h=8.0, horizon_h=168.0)
    lz_st = manage_alcohol_withdrawal("symptom_triggered", drug="lorazepam", **marta)
    lz_fx = manage_alcohol_withdrawal("fixed_schedule", drug="lorazepam", **marta)
    dz_fx = manage_alcohol_withdrawal("fixed_schedule", half_life_h=diazepam_half_life_h("cirrhosis"), **marta)
    dz_st = manage_alcohol_withdrawal("symptom_triggered", half_life_h=diazepam_half_life_h("cirrhosis"), **marta)
    assert lz_fx.total_dose_mg > lz_st.total_dose_mg
    assert max(r.severe_time_h for r in (lz_st, dz_st, dz_fx)) == 0  # "none of the three"
    assert dz_fx.amount_in_body_mg[-1] > dz_st.amount_in_body_mg[-1] > 10 * lz_st.amount_in_body_mg[-1]


def test_newborn_scenario_solution():
    hl = neonatal_half_life_h("methadone")
    leo = newborn_withdrawal([hl, neonatal_half_life_h("buprenorphine"), 1.5 * hl], horizon_h=336)
    assert 36 < neonatal_value("methadone", "onset_h", "low")
    low, high = neonatal_value("methadone", "onset_h", "low"), neonatal_value("methadone", "onset_h", "high")
    assert low <= leo.onset_h[0] <= high
    assert leo.onset_h[1] < leo.onset_h[0] and leo.peak_withdrawal[1] > leo.peak_withdrawal[0]  # "earlier and larger"
    assert leo.onset_h[2] > 72  # "a 72-hour stay would end before it started"


def test_persistent_post_withdrawal_section():
    t = np.linspace(0.0, 730.0, 7301)
    short = course_features(t, withdrawal_course(t, half_life_h=21.0,
                                                 time_constant_adaptation_d=DISCONTINUATION_DEFAULTS.time_constant_adaptation_d))
    long = course_features(t, withdrawal_course(t, half_life_h=21.0, time_constant_adaptation_d=120.0))
    assert short.duration_d < 42 < long.duration_d  # beyond the six weeks of Chouinard & Chouinard
    assert short.onset_d == long.onset_d
    assert "persistent post-withdrawal disorder" in read_page("principles/rebound-withdrawal-relapse")
