"""Benchmark of neuroadapt.induction on figure-sized workloads."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import induction as ind
from neuroadapt.pharmacokinetics import regular_dose_times_h


def _best_ms(fn, number=1, repeat=3) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    p = ind.drug_parameters("carbamazepine")
    kw = p.model_kwargs()
    t_week6 = np.arange(0.0, 24.0 * 42 + 1, 1.0)
    td = regular_dose_times_h(12.0, 84)
    t_grid = np.linspace(0.0, 24.0 * 42, 2000)
    t_half = np.linspace(24.0, 144.0, 50)[:, None]
    level = np.linspace(0.0, 20.0, 50)[None, :]
    cases = {
        "induction.enzyme_time_course 50x50 grid x 2000 t (closed form, 3 segments)": lambda: ind.enzyme_time_course(
            t_grid, np.stack(np.broadcast_arrays(level, level, 0 * level), axis=-1), t_half, 2.0, 3.0,
            segment_start_h=[0.0, 200.0, 600.0],
        ),
        "induction.simulate_autoinduction carbamazepine 6 weeks hourly (1 curve)": lambda: ind.simulate_autoinduction(
            t_week6, td, dose_mg=p.dose_mg, **kw
        ),
        "induction.simulate_autoinduction 10x10 grid x 6 weeks hourly": lambda: ind.simulate_autoinduction(
            t_week6, td, dose_mg=np.linspace(100, 800, 10)[:, None],
            **{**kw, "enzyme_half_life_h": np.linspace(24, 144, 10)[None, :]},
        ),
    }
    for name, fn in cases.items():
        print(f"{name}: {_best_ms(fn):.1f} ms")


if __name__ == "__main__":
    main()
