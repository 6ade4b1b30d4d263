"""book/practices/opioid-taper.md: structure, and the literature values it types."""

from __future__ import annotations

from neuroadapt.drugs import drug_value
from pages import code, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/opioid-taper")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_oxycodone_factor_is_the_guidelines():
    factor = drug_value("oxycodone", "mme_conversion_factor", source="dowell2022")
    states(code(TEXT), f"Oxycodone's conversion factor is {factor:g}.", f"times {factor:g}.")


def test_time_course_in_key_points_is_the_drug_tables():
    def rng(quantity):
        return f"{drug_value('morphine', quantity, bound='low'):g}-{drug_value('morphine', quantity, bound='high'):g}"

    states(prose(TEXT), f"onset {rng('withdrawal_onset_h')} h, peak {rng('withdrawal_peak_h')} h, duration "
                        f"{rng('withdrawal_duration_d')} days for short-acting opioids")
    states(code(TEXT), f"the acute syndrome lasts {rng('withdrawal_duration_d')} days",
           f"before the expected peak of {rng('withdrawal_peak_h')} hours")


def test_cows_range_and_acute_duration_are_the_tables():
    from neuroadapt.scales import cows_score

    lo = drug_value("morphine", "withdrawal_duration_d", bound="low")
    hi = drug_value("morphine", "withdrawal_duration_d", bound="high")
    states(prose(TEXT), f"over within about {lo:g} to {hi:g} days of the last dose")
    zero = {item: 0 for item in ("resting_pulse_rate", "sweating", "restlessness", "pupil_size", "bone_or_joint_aches",
                                 "runny_nose_or_tearing", "gi_upset", "tremor", "yawning", "anxiety_or_irritability",
                                 "gooseflesh_skin")}
    result = cows_score(zero)
    assert len(zero) == 11  # "scores eleven signs"
    states(prose(TEXT), f"to a total of 0-{result.max_total}")


def test_self_check_feedback_quotes_the_scale():
    from neuroadapt.scales import COWS_BANDS, cows_pulse_score, cows_yawning_score

    moderate = [b for b in COWS_BANDS if b[2] == "moderate"][0]
    states(code(TEXT), f"A moderate withdrawal ({moderate[0]}-{moderate[1]}) on the published bands",
           f"the pulse of 104 scores {cows_pulse_score(104)} and three yawns score {cows_yawning_score(3)}")


def test_cdc_2022_safety_warnings_are_on_the_page():
    """Dowell et al. 2022: loss of tolerance and overdose on return to a former dose, naloxone,
    screening for opioid use disorder with buprenorphine or methadone, slowing near the end."""
    text = prose(TEXT)
    states(text, "Tolerance falls as the dose falls", "can overdose", "Naloxone",
           "offer treatment with buprenorphine or methadone", "Slow down near the end")


def test_lower_floor_makes_the_final_stop_smaller_and_says_why_it_is_still_whole():
    """The solution's last step removes 100 % of the final dose; a lower floor makes that final
    dose small, and the page says why opioid_taper cannot do better."""
    from neuroadapt.opioid_taper import morphine_milligram_equivalent, opioid_taper

    mme = float(morphine_milligram_equivalent("morphine", 120) + morphine_milligram_equivalent("oxycodone", 20))
    high = opioid_taper(mme, percent_per_step=10, step_weeks=4, basis="current", stop_below_mme=15)
    low = opioid_taper(mme, percent_per_step=10, step_weeks=4, basis="current", stop_below_mme=5)
    assert low.dose_mme[-2] < high.dose_mme[-2] / 2
    assert "stop_below_mme=5" in TEXT
    states(prose(TEXT), "{glue:text}`opioid_low_floor_final_dose_mme:.1f` MME",
           "cannot lengthen the interval between doses")
