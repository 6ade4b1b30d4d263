"""Benchmarks of the taper modules, neuroadapt.scales and neuroadapt.drugs on figure-sized work."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import benzodiazepine_taper, drugs, occupancy_taper, opioid_taper, scales, taper_schedules


def _best_ms(func, number: int = 5, repeat: int = 5) -> float:
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    dose = np.linspace(0.0, 60.0, 2000)[:, None, None]
    emax = np.linspace(0.70, 1.0, 50)[None, :, None]
    ed50 = np.linspace(0.5, 10.0, 50)[None, None, :]
    cases = []
    cases.append(
        (
            "occupancy_taper.occupancy 2000 doses x 50x50 (Emax, ED50) grid",
            lambda: occupancy_taper.occupancy(dose, emax, ed50),
        )
    )
    steps = np.linspace(0.01, 0.20, 40)
    cases.append(
        (
            "occupancy_taper.hyperbolic_schedule citalopram 20 mg, 40 step sizes (slider)",
            lambda: [occupancy_taper.hyperbolic_schedule("citalopram", 20.0, s) for s in steps],
        )
    )
    sched = occupancy_taper.hyperbolic_schedule("citalopram", 20.0, 0.02).dose_mg
    cases.append(
        (
            "taper_schedules.round_to_measurable 40-step schedule, tablets + liquid",
            lambda: taper_schedules.round_to_measurable(
                sched, tablet_strengths_mg=(10, 20), liquid_mg_per_ml=2.0, liquid_below_mg=10.0
            ),
        )
    )
    rng = np.random.default_rng(0)
    d_fit = np.repeat([1.0, 5.0, 10.0, 20.0, 40.0, 60.0], 8)
    o_fit = np.clip(occupancy_taper.occupancy(d_fit, 0.85, 3.0) + rng.normal(0, 0.03, d_fit.size), 0.0, 1.0)
    cases.append(
        ("occupancy_taper.fit_occupancy_curve 48 PET points", lambda: occupancy_taper.fit_occupancy_curve(d_fit, o_fit))
    )
    cases.append(
        (
            "benzodiazepine_taper.benzodiazepine_switch_taper alprazolam 2 mg (Ashton)",
            lambda: benzodiazepine_taper.benzodiazepine_switch_taper("alprazolam", 2.0),
        )
    )
    cases.append(
        (
            "opioid_taper.opioid_taper 200 MME, 10% of current monthly",
            lambda: opioid_taper.opioid_taper(200.0, 10.0, 4.0, basis="current", stop_below_mme=5.0),
        )
    )
    cases.append(
        (
            "opioid_taper.morphine_milligram_equivalent 10000 doses",
            lambda: opioid_taper.morphine_milligram_equivalent(
                "methadone", np.linspace(0, 200, 10000), guideline="cdc2016"
            ),
        )
    )
    n = 10_000
    cows = {k: rng.choice(v, n) for k, v in scales.COWS_ITEMS.items()}
    ciwa = {k: rng.choice(v, n) for k, v in scales.CIWA_AR_ITEMS.items()}
    cases.append(("scales.cows_score 10000 ratings", lambda: scales.cows_score(cows)))
    cases.append(("scales.ciwa_ar_score 10000 ratings", lambda: scales.ciwa_ar_score(ciwa, bands="asam2020")))
    cases.append(
        ("drugs.drug_value 100 look-ups", lambda: [drugs.drug_value("diazepam", "half_life_h") for _ in range(100)])
    )
    for label, func in cases:
        print(f"{label}: {_best_ms(func):.2f} ms")


if __name__ == "__main__":
    main()
