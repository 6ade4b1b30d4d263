"""Benchmark of neuroadapt.withdrawal_management (symptom-triggered vs fixed dosing).

Workload: the figure's slider grid (10 patients) and the page's cohort (9 x 5 patients),
each under the three strategies, 96-120 h after the last drink at 0.25 h steps.

The stepper is exact for inputs held over each 0.25 h step (the scheme of
:func:`neuroadapt.alcohol.alcohol_homeostat`), and dosing decisions depend on the
state at each hourly assessment, so a single solve_ivp call over the grid is not an
alternative: any ODE solver would have to stop at every assessment. The benchmark
reports the time per call and the error of the piecewise-constant scheme against a
fine-step run (step 1/64 h), which bounds what the 0.25 h step changes.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

from neuroadapt.withdrawal_management import STRATEGIES, manage_alcohol_withdrawal

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402


def main() -> None:
    slider = np.arange(1.0, 29.0, 3.0)
    days = np.array([1, 2, 3, 5, 7, 10, 14, 21, 28.0])[:, None]
    bac = np.array([0.10, 0.15, 0.20, 0.25, 0.30])[None, :]

    def figure():
        return [manage_alcohol_withdrawal(s, drinking_duration_d=slider, horizon_h=96.0) for s in STRATEGIES]

    def cohort():
        return [manage_alcohol_withdrawal(s, drinking_duration_d=days, plateau_bac_g_per_dl=bac) for s in STRATEGIES]

    fig_ms = _anchor.best_ms(figure)
    cohort_ms = _anchor.best_ms(cohort)
    coarse = manage_alcohol_withdrawal("none", drinking_duration_d=slider, horizon_h=96.0, step_h=0.25)
    fine = manage_alcohol_withdrawal("none", drinking_duration_d=slider, horizon_h=96.0, step_h=1.0 / 64)
    err = np.abs(coarse.excitability - fine.excitability[..., ::16]).max()
    print(
        f"withdrawal_management: figure grid (10 patients x 3 strategies) {fig_ms:.1f} ms; "
        f"cohort (45 x 3) {cohort_ms:.1f} ms; step 0.25 h vs 1/64 h: max |dE| = {err:.2e}"
    )


if __name__ == "__main__":
    main()
