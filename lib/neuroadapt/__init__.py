"""neuroadapt: models of drug tolerance, dependence and withdrawal.

One module per mechanism (see the book's chapter "Principles and Mechanisms").
Models are pure numpy functions; figure builders live in ``neuroadapt_book.figures``.

The main entry point of each model family is also available from the package
itself, e.g. ``from neuroadapt import bolus_concentration, withdrawal_timing``;
the full API of a family (its parameters, results and helpers) is in its module,
e.g. :mod:`neuroadapt.pharmacokinetics`. The entry points are imported lazily, on
first use, so ``import neuroadapt`` stays cheap and a page that needs one model
does not import them all. No entry point is named like a module of the package
(``neuroadapt.opioid_taper`` is the module; its function is
``neuroadapt.opioid_taper.opioid_taper``).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# entry point -> the module that defines it (one home per name)
_ENTRY_POINTS = {
    # pharmacokinetics and drug data
    "bolus_concentration": "pharmacokinetics",
    "oral_concentration": "pharmacokinetics",
    "steady_state_average": "pharmacokinetics",
    "time_to_fraction_of_steady_state": "pharmacokinetics",
    "drug_value": "drugs",
    "load_drug_table": "drugs",
    # concentration, occupancy and effect
    "hill_effect": "concentration_effect",
    "receptor_occupancy": "concentration_effect",
    "operational_effect": "concentration_effect",
    "competitive_occupancy": "receptor_competition",
    "two_agonist_signal": "receptor_competition",
    "buprenorphine_occupancy": "receptor_competition",
    # tolerance and adaptation
    "counter_adaptation": "homeostasis",
    "tolerance_compartment_model": "tolerance",
    "moderator_model": "tolerance",
    "infusion_concentration": "tolerance",
    "receptor_trafficking": "receptor_regulation",
    "receptor_trafficking_exposure": "receptor_regulation",
    "dose_for_effect": "uneven_tolerance",
    "days_until_habitual_dose_is_dangerous": "uneven_tolerance",
    # opponent processes, allostasis, the locus coeruleus, alcohol
    "stimulus_train": "opponent_process",
    "solomon_corbit": "opponent_process",
    "hedonic_dynamics": "allostasis",
    "self_administration": "allostasis",
    "opioid_use_occupancy": "locus_coeruleus",
    "locus_coeruleus_camp": "locus_coeruleus",
    "maintained_drinking_bac": "alcohol",
    "alcohol_homeostat": "alcohol",
    "kindling_episodes": "kindling",
    # withdrawal after the last dose, rebound, relapse
    "withdrawal_timing": "feedback_withdrawal",
    "withdrawal_after_last_dose": "feedback_withdrawal",
    "rebound_course": "discontinuation",
    "withdrawal_course": "discontinuation",
    "discontinuation_courses": "discontinuation",
    "newborn_withdrawal": "neonatal_withdrawal",
    "manage_alcohol_withdrawal": "withdrawal_management",
    # learning
    "rescorla_wagner": "learning",
    "td_learning": "learning",
    "siegel_overdose": "learning",
    # enzymes and genes
    "simulate_autoinduction": "autoinduction",
    "clearance_under_inducer": "enzyme_induction",
    "coprescribed_clearance": "enzyme_inhibition",
    "activity_score": "pharmacogenetics",
    "codeine_morphine_fraction": "pharmacogenetics",
    # tapers and scales (teaching material, not prescriptions)
    "linear_schedule": "taper_schedules",
    "proportional_schedule": "taper_schedules",
    "hyperbolic_schedule": "occupancy_taper",
    "schedule_occupancy": "occupancy_taper",
    "morphine_milligram_equivalent": "opioid_taper",
    "diazepam_equivalent": "benzodiazepine_taper",
    "benzodiazepine_switch_taper": "benzodiazepine_taper",
    "cows_score": "scales",
    "ciwa_ar_score": "scales",
}

__all__ = list(_ENTRY_POINTS)  # grouped by family, as above


def __getattr__(name: str):
    """Import an entry point's module on first use (PEP 562) and return the entry point."""
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'neuroadapt' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
