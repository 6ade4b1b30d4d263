"""Benchmark of neuroadapt.learning on figure-sized slider grids.

Rescorla-Wagner and TD learning are discrete trial-by-trial recursions, not
ODEs: there is no integrator to compare with solve_ivp, only timings.
"""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import learning as le


def _best_ms(func, repeat=5):
    """Best-of-``repeat`` wall time of one call, ms."""
    func()  # warm-up
    return 1e3 * min(timeit.repeat(func, number=1, repeat=repeat))


def main() -> None:
    n_trials = 2000
    cues = np.ones((2, n_trials))  # (n_cues, n_trials)
    cues[1, : n_trials // 2] = 0.0  # blocking design: A+, then AB+
    lam = np.ones(n_trials)
    salience = np.broadcast_to(np.linspace(0.05, 1.0, 50)[None, :, None], (1, 50, 2))  # (*grid, n_cues)
    beta = np.linspace(0.05, 1.0, 50)[:, None]
    ms = _best_ms(lambda: le.rescorla_wagner(cues, lam, salience=salience, learning_rate=beta))
    print(f"learning.rescorla_wagner 50x50 grid x {n_trials} trials x 2 cues: {ms:.1f} ms")

    gamma = np.linspace(0.5, 0.99, 50)[:, None]
    surge = np.linspace(0.0, 1.0, 50)[None, :]
    # output is grid x n_trials x 20 steps (value and delta): 200 trials keep a 50x50 grid at 80 MB each
    ms = _best_ms(lambda: le.td_learning(200, discount=gamma, drug_surge=surge), repeat=3)
    print(f"learning.td_learning 50x50 grid x 200 trials x 20 steps: {ms:.1f} ms")
    ms = _best_ms(lambda: le.td_learning(n_trials, drug_surge=surge[0]), repeat=3)
    print(f"learning.td_learning 50 surges x {n_trials} trials x 20 steps: {ms:.1f} ms")

    ms = _best_ms(le.siegel_overdose)
    print(f"learning.siegel_overdose (RW + logistic fit): {ms:.2f} ms")


if __name__ == "__main__":
    main()
