"""Benchmark of neuroadapt.allostasis on figure-sized slider grids."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import allostasis as al


def _best_ms(func, repeat=5):
    """Best-of-``repeat`` wall time of one call, ms."""
    func()  # warm-up
    return 1e3 * min(timeit.repeat(func, number=1, repeat=repeat))


def main() -> None:
    # open loop: fixed infusion schedule, grid of shift rate x threshold
    n_t = 2000
    t = np.linspace(0.0, 48.0, n_t)
    inf = np.zeros(n_t)
    inf[(t % 24.0 < 6.0) & (np.arange(n_t) % 6 == 0)] = 1.0
    rate = np.linspace(0.0, 0.2, 50)[:, None]
    theta = np.linspace(0.2, 1.0, 50)[None, :]
    ms = _best_ms(lambda: al.hedonic_dynamics(t, inf, shift_rate_per_h=rate, shift_threshold=theta))
    print(f"allostasis.hedonic_dynamics 50x50 grid x {n_t} t: {ms:.1f} ms")

    # closed loop: access duration x shift rate, 5 daily sessions on a ~2000-point grid
    starts = 24.0 * np.arange(5)
    t = al.session_time_grid(starts, 6.0, decision_step_h=1.0 / 60.0)
    access = np.linspace(0.5, 6.0, 50)[:, None]
    ms = _best_ms(lambda: al.self_administration(t, starts, access, shift_rate_per_h=rate.T))
    print(f"allostasis.self_administration 50x50 grid x {t.size} t: {ms:.1f} ms")

    # the escalation figure: ShA vs LgA, 22 sessions (Ahmed & Koob 1998)
    starts = 24.0 * np.arange(22)
    t = al.session_time_grid(starts, 6.0)
    ms = _best_ms(lambda: al.session_summary(al.self_administration(t, starts, [1.0, 6.0]), starts), repeat=3)
    print(f"allostasis.self_administration+session_summary ShA/LgA x 22 sessions ({t.size} t): {ms:.1f} ms")


if __name__ == "__main__":
    main()
