"""Benchmark of neuroadapt.autoinduction: SciPy against the retired hand-written integrators.

The workload is the issue's slider grid: 50 doses x 50 enzyme half-lives x
2000 output times over six weeks of carbamazepine twice daily. The anchor is
what a user would write: one :func:`scipy.integrate.solve_ivp` call over the
whole flattened grid with a vectorized right-hand side (restarted at each
dose, an impulse the solver cannot step across) - which is what
:func:`neuroadapt.autoinduction.simulate_autoinduction` now does. Each
retired hand-written integrator (Strang split and RK4, kept in
``bench/_handwritten_autoinduction.py``) is timed at its usual step, and the anchor at the loosest tolerance whose error is no
larger. Errors are the largest absolute concentration error (mg/L) on a 5x5
sub-grid against a tight reference (solve_ivp, rtol 1e-10).
"""

from __future__ import annotations

import pathlib
import sys
import time
import timeit

import numpy as np

from neuroadapt import autoinduction as ai
from neuroadapt.pharmacokinetics import regular_dose_times_h

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _handwritten_autoinduction import handwritten_autoinduction  # noqa: E402

RTOLS = (
    1e-2,
    5e-3,
    3e-3,
    2e-3,
    1e-3,
    5e-4,
    3e-4,
    2e-4,
    1e-4,
    5e-5,
    3e-5,
    2e-5,
    1e-5,
    5e-6,
    3e-6,
    2e-6,
    1e-6,
    5e-7,
    3e-7,
    2e-7,
    1e-7,
)


def _best_ms(fn, number=1, repeat=3) -> float:
    """Best of ``repeat`` runs in CPU time of this process, ms (less sensitive than wall time to a busy machine)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat, timer=time.process_time)) / number * 1e3


def compare(repeat: int = 7) -> list[dict]:
    """Time each hand-written path and the SciPy anchor at matched accuracy; return one row per path."""
    p = ai.drug_parameters("carbamazepine")
    kw = p.model_kwargs()
    t = np.linspace(0.0, 24.0 * 42, 2000)
    td = regular_dose_times_h(12.0, 84)
    grid = dict(
        dose_mg=np.linspace(100.0, 800.0, 50)[:, None],
        **{**kw, "enzyme_half_life_h": np.linspace(24.0, 144.0, 50)[None, :]},
    )
    sub = (slice(None, None, 12), slice(None, None, 12))
    ref = ai.simulate_autoinduction(
        t,
        td,
        **{**grid, "dose_mg": grid["dose_mg"][sub[0]], "enzyme_half_life_h": grid["enzyme_half_life_h"][sub]},
        rtol=1e-10,
    ).concentration_mg_per_l

    def scipy_run(rtol):
        return ai.simulate_autoinduction(t, td, **grid, rtol=rtol).concentration_mg_per_l

    anchor_error = {}

    def anchor_at(target):
        for rtol in RTOLS:
            if rtol not in anchor_error:
                anchor_error[rtol] = float(np.max(np.abs(scipy_run(rtol)[sub] - ref)))
            if anchor_error[rtol] <= target:
                return rtol, anchor_error[rtol]
        return RTOLS[-1], anchor_error[RTOLS[-1]]

    rows = []

    def split_run():
        return handwritten_autoinduction(t, td, **grid, method="split", max_step_h=1.0)

    def rk4_run():
        return handwritten_autoinduction(t, td, **grid, method="rk4", max_step_h=0.25)

    for name, run in (("Strang split (retired), 1 h steps", split_run), ("RK4 (retired), 0.25 h steps", rk4_run)):
        hand_error = float(np.max(np.abs(run()[sub] - ref)))
        rtol, error = anchor_at(hand_error)
        # interleaved pairs, so that a busy machine slows both sides alike; best of each side
        hand, anchor = [], []
        for _ in range(repeat):
            hand.append(_best_ms(run, repeat=1))
            anchor.append(_best_ms(lambda rtol=rtol: scipy_run(rtol), repeat=1))
        hand_ms, anchor_ms = min(hand), min(anchor)
        rows.append(
            dict(
                path=name,
                handwritten_ms=hand_ms,
                handwritten_error=hand_error,
                scipy_rtol=rtol,
                scipy_ms=anchor_ms,
                scipy_error=error,
                speedup=anchor_ms / hand_ms,
                speedup_median_of_pairs=float(np.median(np.array(anchor) / np.array(hand))),
            )
        )
    return rows


def main() -> None:
    p = ai.drug_parameters("carbamazepine")
    t_week6 = np.arange(0.0, 24.0 * 42 + 1, 1.0)
    td = regular_dose_times_h(12.0, 84)
    ms = _best_ms(lambda: ai.simulate_autoinduction(t_week6, td, dose_mg=p.dose_mg, **p.model_kwargs()))
    print(f"autoinduction.simulate_autoinduction carbamazepine 6 weeks hourly (1 curve, rtol 1e-6): {ms:.1f} ms")
    for row in compare():
        verdict = "keep hand-written" if row["speedup"] >= 3 else "use SciPy"
        print(
            f"autoinduction 50x50 grid x 2000 t: {row['path']}: {row['handwritten_ms']:.0f} ms "
            f"(error {row['handwritten_error']:.1e} mg/L); solve_ivp RK45 rtol {row['scipy_rtol']:g}: "
            f"{row['scipy_ms']:.0f} ms (error {row['scipy_error']:.1e} mg/L); "
            f"hand-written speed-up {row['speedup']:.2f}x (best of 7 interleaved runs each; median of the pairs' "
            f"ratios {row['speedup_median_of_pairs']:.2f}x) -> {verdict}"
        )


if __name__ == "__main__":
    main()
