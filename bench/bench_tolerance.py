"""Benchmark of neuroadapt.tolerance: a figure-sized parameter grid against a solve_ivp loop.

The moderator model is the package's slowest model (nonlinear, integrated by
RK4). The book's requirement: on a 50 x 50 parameter grid over 2,000 time
points it must run in under 100 ms and at least 20 times faster than a loop of
:func:`scipy.integrate.solve_ivp` calls of matched accuracy. Accuracy is the
maximum absolute error against a tight reference (DOP853, rtol 1e-12,
atol 1e-14, integrated piece by piece between the infusion switches) on 50
grid points drawn at random; the solve_ivp loop uses the loosest tolerance
whose error is no larger than the grid's, and its time for all 2,500 points is
extrapolated from those 50 calls. Numbers are printed, not asserted.
"""

from __future__ import annotations

import timeit

import numpy as np
from scipy.integrate import solve_ivp

from neuroadapt.tolerance import infusion_concentration, moderator_model, tolerance_compartment_model

N_T = 2000
N_GRID = 50
N_SUB = 50
T_END_H = 72.0


def _best_ms(fn, repeat=7):
    return 1e3 * min(timeit.repeat(fn, number=1, repeat=repeat))


def _segments(t, start_i, stop_i):
    return [(0, start_i), (start_i, stop_i), (stop_i, t.size - 1)]


def _solve_segments(rhs_factory, t, y0, segments, **tol):
    """Integrate segment by segment (the drug is constant on each), output at t."""
    out = np.empty((t.size, len(y0)))
    out[0] = y0
    y = np.asarray(y0, float)
    for a, b in segments:
        if b <= a:
            continue
        sol = solve_ivp(rhs_factory(a), (t[a], t[b]), y, t_eval=t[a : b + 1], **tol)
        out[a : b + 1] = sol.y.T
        y = sol.y[:, -1]
    return out


def bench_moderator():
    t = np.linspace(0.0, T_END_H, N_T)
    start_i, stop_i = 28, 1334  # switch times on output times (about 1 h and 48 h)
    level = 4.0
    c = infusion_concentration(t, t[start_i], t[stop_i], level)
    kout = np.linspace(0.2, 2.0, N_GRID)[:, None]
    ktol = np.linspace(0.01, 0.5, N_GRID)[None, :]
    emax, ec50 = 0.8, 1.0

    def run():
        return moderator_model(t, c, kout_per_h=kout, ktol_per_h=ktol, emax=emax, ec50=ec50, hold="step")

    res = run()
    grid_ms = _best_ms(run)

    rng = np.random.default_rng(0)
    picks = [(int(i), int(j)) for i, j in zip(rng.integers(0, N_GRID, N_SUB), rng.integers(0, N_GRID, N_SUB))]
    drug_on = emax * level / (ec50 + level)

    def factory(ko, kt):
        def make(a):
            d = drug_on if t[a] >= t[start_i] and t[a] < t[stop_i] else 0.0

            def rhs(_s, y):
                return [ko * (1 - d) / y[1] - ko * y[0], kt * (y[0] - y[1])]

            return rhs

        return make

    segs = _segments(t, start_i, stop_i)
    refs = [
        _solve_segments(factory(kout[i, 0], ktol[0, j]), t, [1.0, 1.0], segs, method="DOP853", rtol=1e-12, atol=1e-14)
        for i, j in picks
    ]
    grid_err = max(
        np.abs(np.stack([res.response[:, i, j], res.moderator[:, i, j]], axis=1) - ref).max()
        for (i, j), ref in zip(picks, refs)
    )

    def loop(rtol, method):
        return [
            _solve_segments(factory(kout[i, 0], ktol[0, j]), t, [1.0, 1.0], segs, method=method, rtol=rtol, atol=rtol * 1e-2)
            for i, j in picks
        ]

    chosen = None
    for method in ("DOP853", "RK45", "LSODA"):
        for rtol in (1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12):
            sols = loop(rtol, method)
            err = max(np.abs(s - ref).max() for s, ref in zip(sols, refs))
            if err <= grid_err:
                ms = _best_ms(lambda: loop(rtol, method), repeat=2) * (N_GRID * N_GRID) / N_SUB
                if chosen is None or ms < chosen[0]:
                    chosen = (ms, err, rtol, method)
                break
    print(f"tolerance.moderator_model {N_GRID}x{N_GRID} grid x {N_T} t: {grid_ms:.1f} ms (max abs error {grid_err:.1e})")
    if chosen is None:
        print("  solve_ivp loop: no tolerance tried matched the grid's accuracy")
        return
    ms, err, rtol, method = chosen
    print(
        f"  solve_ivp loop ({method}, rtol {rtol:.0e}, {N_GRID * N_GRID} calls extrapolated from {N_SUB}): "
        f"{ms:.0f} ms (max abs error {err:.1e}); speed-up {ms / grid_ms:.0f}x"
    )


def bench_tolerance_compartment():
    t = np.linspace(0.0, T_END_H, N_T)
    c = 4.0 * (np.exp(-0.1 * t) - np.exp(-1.5 * t)) + 1.0 * (t > 24)  # a PK-like curve with a step
    ke0 = np.linspace(0.3, 5.0, N_GRID)[:, None]
    kt = np.linspace(0.01, 0.5, N_GRID)[None, :]

    def run():
        return tolerance_compartment_model(t, c, ke0_per_h=ke0, kt_per_h=kt, antagonist_kb=0.5, hold="linear")

    res = run()
    grid_ms = _best_ms(run)
    rng = np.random.default_rng(1)
    picks = [(int(i), int(j)) for i, j in zip(rng.integers(0, N_GRID, 3), rng.integers(0, N_GRID, 3))]
    err = 0.0
    for i, j in picks:
        k0, k1 = ke0[i, 0], kt[0, j]
        ys = [np.zeros(2)]
        for n in range(N_T - 1):
            slope = (c[n + 1] - c[n]) / (t[n + 1] - t[n])

            def rhs(s, y, n=n, slope=slope):
                u = c[n] + slope * (s - t[n])
                return [k0 * (u - y[0]), k1 * (y[0] - y[1])]

            ys.append(solve_ivp(rhs, (t[n], t[n + 1]), ys[-1], method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1])
        ref = np.array(ys)
        got = np.stack([res.effect_site_concentration[:, i, j], res.tolerance_concentration[:, i, j]], axis=1)
        err = max(err, np.abs(got - ref).max())
    print(
        f"tolerance.tolerance_compartment_model {N_GRID}x{N_GRID} grid x {N_T} t: {grid_ms:.1f} ms "
        f"(exact stepping; max abs difference from a DOP853 rtol 1e-12 reference {err:.1e})"
    )


def main():
    bench_moderator()
    bench_tolerance_compartment()


if __name__ == "__main__":
    main()
