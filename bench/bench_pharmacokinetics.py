"""Benchmark of neuroadapt.pharmacokinetics on figure-sized workloads."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import pharmacokinetics as pk


def _best_ms(fn, number=1, repeat=5) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    hl = np.linspace(2.0, 40.0, 50)[:, None]
    ka = np.linspace(0.1, 3.0, 50)[None, :]
    t = np.linspace(0.0, 240.0, 2000)
    td = pk.regular_dose_times_h(12.0, 20)
    cases = {
        "pharmacokinetics.oral_concentration 50x50 grid x 2000 t x 20 doses": lambda: pk.oral_concentration(
            t, 100.0, 50.0, hl, ka, 0.8, td
        ),
        "pharmacokinetics.bolus_concentration 50x50 grid x 2000 t x 20 doses": lambda: pk.bolus_concentration(
            t, 100.0, 50.0 * ka / ka, hl, td
        ),
        "pharmacokinetics.time_below_threshold oral 50x50 grid": lambda: pk.time_below_threshold(
            0.5, 100.0, 50.0, hl, td, absorption_rate_per_h=ka, bioavailability=0.8
        ),
        "pharmacokinetics.steady_state_peak_trough oral 50x50 grid": lambda: pk.steady_state_peak_trough(
            100.0, 50.0, hl, 12.0, absorption_rate_per_h=ka
        ),
        "pharmacokinetics.oral_concentration single curve x 2000 t": lambda: pk.oral_concentration(
            t, 100.0, 50.0, 12.0, 1.0, 0.8, td
        ),
    }
    for name, fn in cases.items():
        print(f"{name}: {_best_ms(fn):.2f} ms")


if __name__ == "__main__":
    main()
