"""Benchmark of neuroadapt.enzyme_induction and neuroadapt.autoinduction on figure-sized workloads."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import autoinduction as ai
from neuroadapt import enzyme_induction as ei
from neuroadapt.pharmacokinetics import regular_dose_times_h


def _best_ms(fn, number=1, repeat=3) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    p = ai.drug_parameters("carbamazepine")
    kw = p.model_kwargs()
    t_week6 = np.arange(0.0, 24.0 * 42 + 1, 1.0)
    td = regular_dose_times_h(12.0, 84)
    t_grid = np.linspace(0.0, 24.0 * 42, 2000)
    t_half = np.linspace(24.0, 144.0, 50)[:, None]
    level = np.linspace(0.0, 20.0, 50)[None, :]
    cases = {
        "induction.enzyme_time_course 50x50 grid x 2000 t (closed form, 3 segments)": lambda: ei.enzyme_time_course(
            t_grid, np.stack(np.broadcast_arrays(level, level, 0 * level), axis=-1), t_half, 2.0, 3.0,
            segment_start_h=[0.0, 200.0, 600.0],
        ),
        "induction.simulate_autoinduction carbamazepine 6 weeks hourly (1 curve)": lambda: ai.simulate_autoinduction(
            t_week6, td, dose_mg=p.dose_mg, **kw
        ),
        "induction.simulate_autoinduction 10x10 grid x 6 weeks hourly": lambda: ai.simulate_autoinduction(
            t_week6, td, dose_mg=np.linspace(100, 800, 10)[:, None],
            **{**kw, "enzyme_half_life_h": np.linspace(24, 144, 10)[None, :]},
        ),
    }
    for name, fn in cases.items():
        print(f"{name}: {_best_ms(fn):.1f} ms")
    _grid_against_solve_ivp(p, kw, td)


def _grid_against_solve_ivp(p, kw, td) -> None:
    """The slowest model of the book on the issue's workload: 50 x 50 grid x 2000 times.

    ``method="split"`` against a loop of solve_ivp calls (restarted at every dose)
    whose tolerance is set so that its error matches the split method's.
    """
    from scipy.integrate import solve_ivp

    t = np.linspace(0.0, 24.0 * 42, 2000)
    doses = np.linspace(100.0, 800.0, 50)[:, None]
    enzyme_half_lives = np.linspace(24.0, 144.0, 50)[None, :]
    grid_ms = _best_ms(lambda: ai.simulate_autoinduction(
        t, td, dose_mg=doses, **{**kw, "enzyme_half_life_h": enzyme_half_lives}, method="split", max_step_h=1.0))
    ref = ai.simulate_autoinduction(t, td, dose_mg=p.dose_mg, **kw, max_step_h=0.01).concentration_mg_per_l
    fast = ai.simulate_autoinduction(t, td, dose_mg=p.dose_mg, **kw, method="split", max_step_h=1.0).concentration_mg_per_l
    split_error = float(np.max(np.abs(fast - ref)))

    v, cl0, fm = kw["volume_l"], kw["clearance_baseline_l_per_h"], kw["fraction_metabolized"]
    ka, f, emax, ec50 = kw["ka_per_h"], kw["bioavailability"], kw["emax_induction"], kw["ec50_mg_per_l"]

    def one(dose, half_life, rtol):
        kdeg = np.log(2.0) / half_life

        def rhs(_t, y):
            c = y[1] / v
            return [-ka * y[0], ka * y[0] - cl0 * (1 - fm + fm * y[2]) / v * y[1],
                    kdeg * (1 + emax * c / (ec50 + c) - y[2])]

        y, out = np.array([0.0, 0.0, 1.0]), np.empty(t.size)
        edges = np.concatenate((td[td < t[-1]], [t[-1]]))
        for start, stop in zip(edges[:-1], edges[1:]):
            y[0] += f * dose
            sel = (t >= start) & ((t < stop) | (stop == t[-1]))
            t_eval = np.unique(np.concatenate((t[sel], [stop])))
            sol = solve_ivp(rhs, (start, stop), y, t_eval=t_eval, rtol=rtol, atol=1e-9, method="LSODA")
            out[sel] = sol.y[1, np.searchsorted(t_eval, t[sel])] / v
            y = sol.y[:, -1].copy()
        return out

    for rtol in (1e-3, 1e-4, 1e-5, 1e-6):
        err = float(np.max(np.abs(one(p.dose_mg, kw["enzyme_half_life_h"], rtol) - ref)))
        if err <= split_error:
            break
    n_calls = 25
    loop_ms = _best_ms(lambda: [one(d, h, rtol) for d, h in zip(np.linspace(100, 800, n_calls), np.linspace(24, 144, n_calls))],
                       repeat=1) * 2500 / n_calls
    print(f"induction.simulate_autoinduction(method='split') 50x50 grid x 2000 t: {grid_ms:.1f} ms "
          f"(max abs error {split_error:.1e} mg/L)")
    print(f"  solve_ivp loop (LSODA, rtol {rtol:g}, error {err:.1e} mg/L; 2500 calls extrapolated from {n_calls}): "
          f"{loop_ms:.0f} ms; speed-up {loop_ms / grid_ms:.0f}x")


if __name__ == "__main__":
    main()
