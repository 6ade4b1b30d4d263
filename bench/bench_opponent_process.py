"""Benchmark of neuroadapt.opponent_process on figure-sized slider grids (50 x 50 x 2000 times)."""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt import alcohol as al
from neuroadapt import locus_coeruleus as lc
from neuroadapt import opponent_process as op


def _best_ms(func, repeat=5):
    """Best-of-``repeat`` wall time of one call, ms."""
    func()  # warm-up
    return 1e3 * min(timeit.repeat(func, number=1, repeat=repeat))


def main() -> None:
    n_t = 2000
    # Solomon-Corbit: exposure interval x gain growth
    t = np.linspace(0.0, 120.0, n_t)
    u = op.stimulus_train(t, 20, np.linspace(3.0, 24.0, 50)[:, None], 1.0)
    growth = np.linspace(0.05, 0.3, 50)[None, :]
    ms = _best_ms(lambda: op.solomon_corbit(t, u, gain_growth_per_h=growth))
    print(f"opponent_process.solomon_corbit 50x50 grid x {n_t} t: {ms:.1f} ms")

    # LC cAMP: duration of use x maximal inhibition
    t = np.linspace(0.0, 24.0 * 20, n_t)
    occ = lc.opioid_use_occupancy(t, np.linspace(0.0, 24.0 * 14, 50)[:, None])
    imax = np.linspace(0.3, 0.9, 50)[None, :]
    ms = _best_ms(lambda: lc.locus_coeruleus_camp(t, occ, max_inhibition=imax))
    print(f"locus_coeruleus.locus_coeruleus_camp 50x50 grid x {n_t} t: {ms:.1f} ms")
    durations = np.linspace(0.0, 24.0 * 14, 50)[:, None]
    ms = _best_ms(lambda: lc.withdrawal_camp_peak(durations, max_inhibition=imax))
    print(f"locus_coeruleus.withdrawal_camp_peak 50x50 grid (closed form): {ms:.2f} ms")

    # alcohol: drinking days x plateau BAC
    bac = al.maintained_drinking_bac(t, np.linspace(1.0, 14.0, 50)[:, None], np.linspace(0.05, 0.3, 50)[None, :])
    ms = _best_ms(lambda: al.alcohol_homeostat(t, bac))
    print(f"alcohol.alcohol_homeostat 50x50 grid x {n_t} t: {ms:.1f} ms")
    ms = _best_ms(lambda: al.maintained_drinking_bac(t, np.linspace(1.0, 14.0, 50)[:, None], np.linspace(0.05, 0.3, 50)[None, :]))
    print(f"alcohol.maintained_drinking_bac 50x50 grid x {n_t} t: {ms:.1f} ms")


if __name__ == "__main__":
    main()
