"""The Hands-On Practices chapter: its worked solutions agree with the models.

Every number that a worked solution (or a scenario's prose) states is recomputed
here with ``neuroadapt`` and looked up, formatted as the page prints it, in the
text of that solution. If a model changes, these tests fail until the prose is
updated; the self-check answer keys are computed by the models in the pages
themselves, so they cannot drift at all.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroadapt.dependence_map import placement, quadrant
from neuroadapt.drugs import drug_value
from neuroadapt.homeostasis import counter_adaptation
from neuroadapt.autoinduction import autoinduction_steady_state, drug_parameters, simulate_autoinduction
from neuroadapt.learning import siegel_overdose
from neuroadapt.alcohol import alcohol_homeostat, maintained_drinking_bac, withdrawal_windows
from neuroadapt.pharmacogenetics import (
    activity_score,
    codeine_morphine_fraction,
    phenotype,
    relative_morphine_exposure,
)
from neuroadapt.pharmacokinetics import regular_dose_times_h, time_to_fraction_of_steady_state
from neuroadapt.scales import ciwa_ar_score, cows_pulse_score, cows_score, cows_yawning_score
from neuroadapt.benzodiazepine_taper import benzodiazepine_switch_taper, diazepam_equivalent
from neuroadapt.occupancy_taper import hyperbolic_schedule, schedule_occupancy
from neuroadapt.opioid_taper import morphine_milligram_equivalent, opioid_taper
from neuroadapt.taper_schedules import linear_schedule

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "book" / "practices"
SCENARIOS = ["sorting", "antidepressant", "benzodiazepine", "opioid-taper", "alcohol", "codeine",
             "overdose", "induction"]
NOTICE = "```{admonition} Teaching material, not medical advice\n:class: warning\n"


def page(name: str) -> str:
    return (CHAPTER / f"{name}.md").read_text(encoding="utf-8")


def solution(name: str, label: str) -> str:
    """The body of the ``{solution}`` directive for ``label`` on page ``name``."""
    text = page(name)
    m = re.search(r"^(`{3,})\{solution\} " + re.escape(label) + r"\n(.*?)^\1\s*$", text, re.M | re.S)
    assert m, f"no solution for {label} in {name}.md"
    return " ".join(m.group(2).split())


def states(text: str, *numbers: str) -> None:
    """Each string (a number formatted as the page prints it) appears in the text.

    Whitespace is normalised on both sides, so line wrapping in the page does not matter.
    """
    text = " ".join(text.split())
    for n in numbers:
        n = " ".join(n.split())
        assert n in text, f"expected {n!r} in:\n{text}"


def days_to_97_percent(half_life_h: float) -> float:
    return float(time_to_fraction_of_steady_state(half_life_h, 0.97)) / 24


# ---------------------------------------------------------------------------
# structure of the chapter
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", *SCENARIOS])
def test_page_structure(name):
    text = page(name)
    assert text.startswith("---\njupytext:")
    assert "```{admonition} Learning objectives\n:class: tip" in text
    assert NOTICE in text, "every practices page carries the teaching-only notice"
    assert "```{important} Key points" in text
    labels = re.findall(r"```\{exercise\}.*\n:label: (\S+)", text)
    assert len(labels) >= 2, f"{name}: at least two exercises"
    for label in labels:
        assert label.startswith("practices-"), label
        assert re.search(r"```\{solution\} " + re.escape(label) + r"\n:class: dropdown", text), label


def test_every_scenario_has_selfchecks_of_both_kinds():
    kinds = {name: (page(name).count("NumericQuestion("), page(name).count("ChoiceQuestion(")) for name in SCENARIOS}
    for name, (numeric, choice) in kinds.items():
        assert numeric >= 1, f"{name} has no numeric self-check"
    assert sum(c for _, c in kinds.values()) >= len(SCENARIOS)


@pytest.mark.parametrize("name", ["index", *SCENARIOS])
def test_answer_keys_are_computed_not_typed(name):
    """An answer key written as a literal number could drift from the models."""
    literal = re.findall(r"answer\s*=\s*[-+]?\d[\d.eE+-]*\s*[,)]", page(name))
    assert literal == [], f"{name}: answer keys must come from a model call, found {literal}"


def test_labels_are_unique_across_the_chapter():
    labels = []
    for name in ["index", *SCENARIOS]:
        labels += re.findall(r":label: (\S+)", page(name))
        labels += re.findall(r"^\((practices-[^)]+)\)=", page(name), re.M)
    assert len(labels) == len(set(labels))


# ---------------------------------------------------------------------------
# index
# ---------------------------------------------------------------------------


def test_index_washout():
    text = solution("index", "practices-overview-ex-washout")
    diazepam = days_to_97_percent(drug_value("diazepam", "half_life_h"))
    alprazolam = days_to_97_percent(drug_value("alprazolam", "half_life_h"))
    states(text, f"**{diazepam:.1f} days**", f"**{alprazolam:.1f} days**")
    lo = drug_value("diazepam", "withdrawal_onset_h", bound="low") / 24
    hi = drug_value("diazepam", "withdrawal_onset_h", bound="high") / 24
    states(text, f"{lo:g}-{hi:g} days for")
    lo = drug_value("alprazolam", "withdrawal_onset_h", bound="low") / 24
    hi = drug_value("alprazolam", "withdrawal_onset_h", bound="high") / 24
    states(text, f"{lo:g}-{hi:g} days for short-acting")


def test_index_opioid_taper_week():
    plan = opioid_taper(150.0)
    text = solution("index", "practices-overview-ex-units")
    states(text, f"{plan['week'].iloc[-1]:g} is the `week`")


# ---------------------------------------------------------------------------
# 1. sorting
# ---------------------------------------------------------------------------


def test_sorting_threshold():
    alcohol = placement("alcohol")
    text = solution("sorting", "practices-sorting-ex-threshold")
    states(text, f"{alcohol['adaptation']:.2f}")
    assert quadrant(alcohol["reinforcement"], alcohol["adaptation"], threshold=0.5).endswith("high adaptation")
    states(text, "**" + quadrant(alcohol["reinforcement"], alcohol["adaptation"], threshold=0.55) + "**")


def test_sorting_quadrants_named_in_the_case():
    assert placement("venlafaxine")["quadrant"] == "low reinforcement / high adaptation"
    assert placement("methamphetamine")["quadrant"] == "high reinforcement / low adaptation"
    assert placement("amlodipine")["quadrant"] == "low reinforcement / low adaptation"


# ---------------------------------------------------------------------------
# 2. antidepressant
# ---------------------------------------------------------------------------


def test_antidepressant_onset_window():
    text = solution("antidepressant", "practices-antidepressant-ex-relapse")
    lo = drug_value("paroxetine", "withdrawal_onset_h", bound="low") / 24
    hi = drug_value("paroxetine", "withdrawal_onset_h", bound="high") / 24
    states(text, f"{lo:g}-{hi:g} day")
    nice_hi = drug_value("paroxetine", "withdrawal_duration_d", source="nice2009", bound="high")
    states(text, f"1-{nice_hi / 7:g} weeks")


def test_antidepressant_relapse_base_rate():
    from neuroadapt.discontinuation import classify_course, relapse_probability

    assert classify_course(onset_days=2, new_symptoms=True, duration_days=8) == "withdrawal"
    p10 = float(relapse_probability(10.0, half_life_h=drug_value("paroxetine", "half_life_h")))
    text = solution("antidepressant", "practices-antidepressant-ex-relapse")
    states(text, f"**{100 * p10:.1f} %**")


def test_antidepressant_linear_taper():
    s = schedule_occupancy(linear_schedule(20.0, 4), "paroxetine")
    text = solution("antidepressant", "practices-antidepressant-ex-linear")
    states(text, f"**{s.occupancy_pct[0]:.1f} %**", f"**{s.occupancy_drop_pct[1]:.1f}**",
           f"**{s.occupancy_drop_pct[-1]:.1f}**")
    ratio = s.occupancy_drop_pct[-1] / s.occupancy_drop_pct[1]
    assert 8.5 < ratio < 9.0  # "nearly nine times"


def test_antidepressant_hyperbolic_plan():
    plan = hyperbolic_schedule("paroxetine", 20.0, occupancy_step_pct=10)
    finer = hyperbolic_schedule("paroxetine", 20.0, occupancy_step_pct=5)
    text = solution("antidepressant", "practices-antidepressant-ex-plan")
    states(text, ", ".join(f"{d:.2f}" for d in plan.dose_mg[1:-1]))
    n = plan.dose_mg.size - 1
    states(text, f"**{n} reductions**")
    states(text, f"**{4 * n} weeks**", f"{plan.occupancy_drop_pct[-1]:.1f} points")
    states(text, f"**{finer.dose_mg.size - 1} reductions**", f"**{finer.dose_drop_mg[1]:.2f} mg**",
           f"{finer.dose_mg[1]:.2f} mg")


# ---------------------------------------------------------------------------
# 3. benzodiazepine
# ---------------------------------------------------------------------------


def test_benzodiazepine_washout():
    text = solution("benzodiazepine", "practices-benzodiazepine-ex-washout")
    states(text,
           f"**{days_to_97_percent(drug_value('oxazepam', 'half_life_h')):.1f} days**",
           f"**{days_to_97_percent(drug_value('diazepam', 'half_life_h')):.1f} days**",
           f"**{days_to_97_percent(drug_value('diazepam', 'metabolite_half_life_h')):.1f} days**")


def test_benzodiazepine_sources():
    ashton = float(diazepam_equivalent("oxazepam", 60.0, source="ashton2002"))
    bnf = float(diazepam_equivalent("oxazepam", 60.0, source="bnf2019"))
    plan_a = benzodiazepine_switch_taper("oxazepam", 60.0, source="ashton2002", step_weeks=2.0)
    plan_b = benzodiazepine_switch_taper("oxazepam", 60.0, source="bnf2019", step_weeks=2.0)
    text = solution("benzodiazepine", "practices-benzodiazepine-ex-source")
    switch_a = plan_a.loc[plan_a.phase == "switch", "diazepam_equivalent_mg"].tolist()
    switch_b = plan_b.loc[plan_b.phase == "switch", "diazepam_dose_mg"].tolist()
    states(text, f"**{switch_b[-1]:g} mg**", f"**week {plan_b['week'].iloc[-1]:g}**",
           f"about {ashton:g} mg", f"**week {plan_a['week'].iloc[-1]:g}**")
    states(text, ", ".join(f"{x:g}" for x in switch_a[:-1]) + f" and finally **{switch_a[-1]:g} mg**")
    states(text, f"diazepam {ashton:g} mg/day", f"would give {bnf:g} mg")


def test_benzodiazepine_pace():
    fast = benzodiazepine_switch_taper("oxazepam", 60.0, source="ashton2002", step_weeks=1.0)
    text = solution("benzodiazepine", "practices-benzodiazepine-ex-pace")
    states(text, f"**week {fast['week'].iloc[-1]:g}**")
    assert (fast.phase == "switch").sum() == 4


# ---------------------------------------------------------------------------
# 4. opioid taper
# ---------------------------------------------------------------------------


def test_opioid_mme_and_taper():
    mme = float(morphine_milligram_equivalent("morphine", 120.0) + morphine_milligram_equivalent("oxycodone", 20.0))
    assert mme == 150.0
    plan = opioid_taper(mme, 10, 4, basis="original")
    gentle = opioid_taper(mme, 10, 4, basis="current", stop_below_mme=15)
    text = solution("opioid-taper", "practices-opioid-taper-ex-pace")
    states(text, f"removes {plan['reduction_mme'].iloc[1]:g} MME", f"**week {plan['week'].iloc[-1]:g}**")
    last = plan["reduction_mme"].iloc[-1] / plan["dose_mme"].iloc[-2]
    states(text, f"**{100 * last:.0f} %**")
    states(text, f"**{len(gentle) - 1} steps, zero in week {gentle['week'].iloc[-1]:g}**",
           f"**{gentle['reduction_mme'].iloc[-2]:.1f} MME**", f"about {gentle['dose_mme'].iloc[-2]:.0f} MME")
    states(text, ", ".join(f"{x:.3g}" for x in gentle["reduction_mme"].iloc[1:4]))


def test_opioid_cows_and_course():
    rating = dict(resting_pulse_rate=cows_pulse_score(104), sweating=1, restlessness=1, pupil_size=1,
                  bone_or_joint_aches=1, runny_nose_or_tearing=2, gi_upset=2, tremor=1,
                  yawning=cows_yawning_score(3), anxiety_or_irritability=2, gooseflesh_skin=3)
    result = cows_score(rating)
    text = solution("opioid-taper", "practices-opioid-taper-ex-course")
    states(text, f"COWS score of {result.total}")
    assert result.band == "moderate"
    rng = {q: (drug_value("morphine", q, bound="low"), drug_value("morphine", q, bound="high"))
           for q in ["withdrawal_onset_h", "withdrawal_peak_h", "withdrawal_duration_d"]}
    states(text, "**{:g}-{:g} h**".format(*rng["withdrawal_onset_h"]),
           "**{:g}-{:g} h**".format(*rng["withdrawal_peak_h"]),
           "**{:g}-{:g} days**".format(*rng["withdrawal_duration_d"]))
    peak_lo, peak_hi = rng["withdrawal_peak_h"]
    states(text, f"{peak_lo - 30:g} to {peak_hi - 30:g} hours")


# ---------------------------------------------------------------------------
# 5. alcohol
# ---------------------------------------------------------------------------

ALCOHOL_RATING = {
    "nausea_and_vomiting": 1, "tremor": 4, "paroxysmal_sweats": 4, "anxiety": 4, "agitation": 1,
    "tactile_disturbances": 1, "auditory_disturbances": 0, "visual_disturbances": 0,
    "headache_fullness_in_head": 1, "orientation_and_clouding_of_sensorium": 0,
}


def test_alcohol_bands():
    text = solution("alcohol", "practices-alcohol-ex-bands")
    total = ciwa_ar_score(ALCOHOL_RATING).total
    states(text, f"**{total} of 67**")
    for bands in ["sullivan1989", "bayard2004", "asam2020"]:
        r = ciwa_ar_score(ALCOHOL_RATING, bands=bands)
        states(text, f"**{r.band}**", r.bands_source)
    assert "rating = {" in page("alcohol")
    for item, score in ALCOHOL_RATING.items():  # the page's rating is the one tested here
        assert re.search(rf'"{item}": {score},', page("alcohol")), item


def clock(hours_after_last_drink: float) -> str:
    last_drink = datetime(2026, 1, 4, 23, 0)  # a Sunday
    t = last_drink + timedelta(hours=float(hours_after_last_drink))
    return f"{t:%H:%M} on {t:%A}"


def test_alcohol_clock():
    w = withdrawal_windows().set_index("sign")
    text = solution("alcohol", "practices-alcohol-ex-clock")
    states(text, clock(w.loc["seizures", "window_start_h"]), clock(w.loc["seizures", "window_end_h"]),
           clock(w.loc["hallucinosis", "window_start_h"]), clock(w.loc["delirium tremens", "window_start_h"]),
           clock(w.loc["delirium tremens", "window_end_h"]))
    states(text, f"{clock(w.loc['seizures', 'peak_start_h'])[:5]} and {clock(w.loc['seizures', 'peak_end_h'])}")
    states(text, f"({w.loc['seizures', 'window_start_h']:g} h)", f"({w.loc['seizures', 'window_end_h']:g} h)")


def alcohol_peak_h(plateau: float, days: int = 28) -> float:
    t = np.arange(0.0, 24.0 * (days + 7), 0.5)
    state = alcohol_homeostat(t, maintained_drinking_bac(t, drinking_days=days, plateau_bac_g_per_dl=plateau))
    return float(t[np.argmax(state.excitability)] - 24.0 * days)


def test_alcohol_model_peaks():
    text = solution("alcohol", "practices-alcohol-ex-model")
    w = withdrawal_windows().set_index("sign")
    for plateau in [0.2, 0.15, 0.25]:
        peak = alcohol_peak_h(plateau)
        states(text, f"**{peak:.1f} h**")
        assert w.loc["seizures", "window_start_h"] <= peak <= w.loc["seizures", "window_end_h"]


# ---------------------------------------------------------------------------
# 6. codeine
# ---------------------------------------------------------------------------


def test_codeine_phenotypes():
    assert activity_score("*1/*2x2") == 3.0 and phenotype(3.0) == "UM"
    text = solution("codeine", "practices-codeine-ex-phenotype")
    assert phenotype(activity_score("*1/*4")) == "IM"
    states(text, "**intermediate metaboliser**")


def test_codeine_exposure():
    text = solution("codeine", "practices-codeine-ex-exposure")
    nm = 240.0 * float(codeine_morphine_fraction(activity_score("*1/*1")))
    um = 240.0 * float(codeine_morphine_fraction(activity_score("*1/*2x2")))
    ratio = float(relative_morphine_exposure(3.0))
    states(text, f"**{nm:.1f} mg**", f"**{um:.1f} mg**", f"**{ratio:.2f}**")
    assert f"{ratio:.2f}".rstrip("0") in page("codeine").split("## How much morphine?")[1]


# ---------------------------------------------------------------------------
# 7. overdose
# ---------------------------------------------------------------------------

USE_H = 6 * 365 * 24.0


def remaining_tolerance(days: float, tau_days: float = 14.0) -> float:
    return float(counter_adaptation(USE_H + 24 * days, exposure_h=USE_H, tau_h=24 * tau_days, gain=0.4))


def test_overdose_decay():
    text = solution("overdose", "practices-overdose-ex-decay")
    states(text, f"**{14 * math.log(2):.1f} days**")
    states(text, f"**{remaining_tolerance(42, 7):.3f}**", f"**{remaining_tolerance(42, 28):.3f}**",
           f"**{remaining_tolerance(42, 14):.3f}**")
    assert remaining_tolerance(42, 28) < 0.4 / 4  # "less than a quarter"


def test_overdose_combined():
    fit = siegel_overdose()
    k, e50 = float(fit["slope"].iloc[0]), float(fit["threshold"].iloc[0])
    jonas = siegel_overdose(pharmacological_tolerance=remaining_tolerance(42), slope=k, threshold=e50)
    text = solution("overdose", "practices-overdose-ex-combined")
    before = fit.set_index("group").loc["same context"]
    after = jonas.set_index("group")
    cr = float(before["conditioned_response"])
    states(text, f"**{before['net_effect']:.3f}**", f"1 − 0.4 − {cr:.3f}", f"**{before['model_mortality_percent']:.1f} %**")
    new = after.loc["different context"]
    states(text, f"**{new['net_effect']:.3f}**", f"1 − {remaining_tolerance(42):.3f} − 0",
           f"**{new['model_mortality_percent']:.1f} %**")
    rise = new["net_effect"] - before["net_effect"]
    states(text, f"({rise:.3f})", f"contributes {0.4 - remaining_tolerance(42):.3f}", f"response {cr:.3f}")
    home = after.loc["same context"]
    states(text, f"would be {home['net_effect']:.3f} ({home['model_mortality_percent']:.1f} %")


def test_overdose_published_mortality_in_prose():
    text = page("overdose")
    for group, value in zip(["same", "different", "naive"], siegel_overdose()["published_mortality_percent"]):
        states(text, f"{value:.1f} %")


# ---------------------------------------------------------------------------
# 8. induction
# ---------------------------------------------------------------------------

CBZ = drug_parameters("carbamazepine")
CBZ_KW = dict(clearance_baseline_l_per_h=CBZ.clearance_baseline_l_per_h, volume_l=CBZ.volume_l,
              emax_induction=CBZ.emax_induction, ec50_mg_per_l=CBZ.ec50_mg_per_l,
              bioavailability=CBZ.bioavailability)


def test_induction_autoinduction():
    days = np.array([1, 3, 7, 14, 28])
    sim = simulate_autoinduction(24.0 * days, regular_dose_times_h(12.0, 2 * 28), dose_mg=400.0,
                                 **CBZ.model_kwargs())
    c3, c28 = sim.concentration_mg_per_l[1], sim.concentration_mg_per_l[-1]
    text = solution("induction", "practices-induction-ex-autoinduction")
    states(text, f"**{c3:.2f} mg/L**", f"**{c28:.2f} mg/L**", f"about {100 * (1 - c28 / c3):.0f} %",
           f"**{sim.half_life_h[-1]:.1f} h**", f"from {CBZ.half_life_uninduced_h:g} h")


def test_induction_inhibitor_and_inducer():
    alone = autoinduction_steady_state(600.0, 12.0, **CBZ_KW)
    inhibited = autoinduction_steady_state(600.0, 12.0, clearance_fold_change=0.5, **CBZ_KW)
    induced = autoinduction_steady_state(600.0, 12.0, clearance_fold_change=2.0, **CBZ_KW)
    text = solution("induction", "practices-induction-ex-inhibitor")
    states(text, f"**{float(alone.css_average_mg_per_l):.2f}**", f"**{float(inhibited.css_average_mg_per_l):.2f} mg/L**",
           f"about {float(inhibited.css_average_mg_per_l / alone.css_average_mg_per_l):.2f}-fold",
           f"×{float(inhibited.enzyme_relative):.2f}", f"×{float(alone.enzyme_relative):.2f}",
           f"from {float(alone.half_life_h):.1f} h", f"**{float(inhibited.half_life_h):.1f} h**",
           f"**{float(time_to_fraction_of_steady_state(inhibited.half_life_h, 0.9)):.0f} hours**",
           f"**{float(induced.css_average_mg_per_l):.2f} mg/L**")
    assert "dose_mg = 600.0" in page("induction")


def test_withdrawal_clock_figure_matches_the_model():
    from neuroadapt_book.figures.practices import PLATEAUS_MG_DL, withdrawal_clock_chart

    spec = withdrawal_clock_chart().to_dict()
    assert len(spec["description"]) > 200 and spec["usermeta"]["caption"]
    datasets = list(spec["datasets"].values())
    model = next(pd.DataFrame(d) for d in datasets if d and "excitability" in d[0])
    assert sorted(model["plateau"].unique()) == PLATEAUS_MG_DL.tolist()
    for plateau in (150, 200, 250):
        rows = model[model["plateau"] == plateau]
        assert rows["hours"].iloc[rows["excitability"].argmax()] == pytest.approx(alcohol_peak_h(plateau / 1000))
    with pytest.raises(ValueError):
        withdrawal_clock_chart(plateau_mg_dl=210)
