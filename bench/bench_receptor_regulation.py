"""Benchmark of neuroadapt.receptor_regulation on figure-sized workloads.

Exact matrix-exponential propagation: the cost is one expm per distinct
(occupancy, time step, rate set) plus a 3x3 matrix-vector product per output
time over the whole grid. Numbers are printed, not asserted.
"""

from __future__ import annotations

import timeit

import numpy as np

from neuroadapt.receptor_regulation import receptor_trafficking, receptor_trafficking_exposure


def _best_ms(fn, repeat=5):
    return 1e3 * min(timeit.repeat(fn, number=1, repeat=repeat))


def main():
    t = np.linspace(0.0, 24.0 * 21, 2000)  # three weeks
    durations = np.linspace(1 / 6, 24.0 * 7, 50)  # 10 min to 7 days

    ms = _best_ms(lambda: receptor_trafficking_exposure(t, 0.0, durations))
    print(f"receptor_regulation.receptor_trafficking_exposure 50 exposure durations x 2000 t: {ms:.1f} ms")

    kdeg = np.linspace(0.0, 0.1, 50)[None, :]
    ms = _best_ms(lambda: receptor_trafficking_exposure(t, 0.0, durations[:, None], degradation_per_h=kdeg), repeat=3)
    print(f"receptor_regulation.receptor_trafficking_exposure 50x50 grid (duration x degradation) x 2000 t: {ms:.1f} ms")

    occ = np.where(t < 24.0 * 7, 0.5 + 0.5 * np.cos(2 * np.pi * t / 24.0) ** 2, 0.0)  # daily cycles, then stop
    occ = np.round(occ, 2)  # 101 distinct levels
    kdes = np.linspace(1.0, 20.0, 50)
    ms = _best_ms(lambda: receptor_trafficking(t, occ, desensitization_per_h=kdes))
    print(f"receptor_regulation.receptor_trafficking 50 desensitization rates x 2000 t (101 occupancy levels): {ms:.1f} ms")


if __name__ == "__main__":
    main()
