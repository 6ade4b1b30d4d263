"""Benchmark of neuroadapt.receptor_regulation against the SciPy anchors.

* Propagation: :func:`neuroadapt.receptor_regulation.receptor_trafficking_exposure`
  on 20 exposure durations x 20 degradation rates, 2000 output times over three
  weeks (exact matrix-exponential steps), against one solve_ivp call over the
  flattened grid (see ``_anchor.py``).
* The batch of 4x4 matrix exponentials behind the propagators: the hand-written
  scaling-and-squaring Taylor ``_expm_batch`` against :func:`scipy.linalg.expm`,
  which accepts the same stack, on the generators of the 50 x 50 workload.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import scipy.linalg
from scipy.integrate import solve_ivp

from neuroadapt import receptor_regulation as rr

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402

N_T, N_G = 2000, 20
K = rr.RECEPTOR_TRAFFICKING_DEFAULTS


def _rhs(stop, kdeg, on=None):
    """(R, D, I) over a flat grid; exposure at occupancy 1 on [0, stop)."""
    m = stop.size
    kdes, kres, kint, krec, kturn = (
        K.desensitization_per_h,
        K.resensitization_per_h,
        K.internalization_per_h,
        K.recycling_per_h,
        K.turnover_per_h,
    )

    def rhs(s, y):
        r, d, i = y[:m], y[m : 2 * m], y[2 * m :]
        p = (s < stop).astype(float) if on is None else on
        des = kdes * p * r
        return np.concatenate(
            [
                -des + kres * d + krec * i + kturn - kturn * r,
                des - (kres + kint + kturn) * d,
                kint * d - (krec + kdeg + kturn) * i,
            ]
        )

    return rhs


def bench_propagation():
    t = np.linspace(0.0, 24.0 * 21, N_T)
    durations = np.linspace(1 / 6, 24.0 * 7, N_G)[:, None]
    kdeg = np.linspace(0.0, 0.1, N_G)[None, :]

    def hand():
        return rr.receptor_trafficking_exposure(t, 0.0, durations, degradation_per_h=kdeg)

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    n = N_G * N_G
    stop = np.broadcast_to(durations, (N_G, N_G)).ravel()
    kd = np.broadcast_to(kdeg, (N_G, N_G)).ravel()
    y0 = np.concatenate([np.ones(n), np.zeros(n), np.zeros(n)])
    hand_y = np.concatenate(
        [r.active.reshape(n, N_T).T, r.desensitized.reshape(n, N_T).T, r.internalized.reshape(n, N_T).T], axis=1
    )
    sub, cols = _anchor.sub_grid(n, 3)
    # reference: each sub-grid point on its own, restarted at its switch (which need not be an output time)
    ref = np.empty((N_T, cols.size))
    for j, g in enumerate(sub):
        y = np.array([1.0, 0.0, 0.0])
        pieces = [(0.0, stop[g], 1.0), (stop[g], t[-1], 0.0)]
        for a, b, p in pieces:
            inside = (t >= a) & (t <= b) if p == 0.0 else (t >= a) & (t < b)
            sol = solve_ivp(
                _rhs(np.array([stop[g]]), kd[g], on=p),
                (a, b),
                y,
                method="Radau",
                rtol=1e-12,
                atol=1e-14,
                dense_output=True,
            )
            if inside.any():
                ref[np.ix_(inside, [j, 25 + j, 50 + j])] = sol.sol(t[inside]).T
            y = sol.y[:, -1]
    _anchor.compare(
        "receptor_regulation.receptor_trafficking_exposure (exact matrix-exponential steps)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        _anchor.on_columns(lambda c: _rhs(stop[c], kd[c])),
        y0,
        t,
        sub,
        ref,
    )


def bench_expm():
    # the distinct generators of a 50 x 50 (duration x degradation) run: occupancy {0, 1} x 2 step lengths x 50 rate sets
    kdeg = np.linspace(0.0, 0.1, 50)
    occ = np.array([0.0, 1.0, 0.0, 1.0])[:, None]
    dt = np.array([0.252, 0.252, 0.1, 0.1])[:, None]
    k = {name: np.full((1, 50), getattr(K, name)) for name in rr._RATE_NAMES}
    k["degradation_per_h"] = kdeg[None, :]
    k["synthesis_per_h"] = np.full((1, 50), K.turnover_per_h)
    gens = rr._generator(occ, dt, k).reshape(-1, 4, 4)
    gens = np.concatenate([gens] * 25)  # 5000 exponentials, the size of a large table
    hand_ms = _anchor.best_ms(lambda: rr._expm_batch(gens), repeat=5)
    scipy_ms = _anchor.best_ms(lambda: scipy.linalg.expm(gens), repeat=5)
    err = np.abs(rr._expm_batch(gens) - scipy.linalg.expm(gens)).max()
    ratio = scipy_ms / hand_ms
    print(f"receptor_regulation._expm_batch [{gens.shape[0]} 4x4 exponentials]")
    print(f"  hand-written: {hand_ms:9.2f} ms")
    print(f"  scipy.linalg.expm (batched): {scipy_ms:9.2f} ms   max abs difference {err:.1e}")
    print(f"  ratio scipy / hand-written = {ratio:.1f}x  -> {'keep hand-written' if ratio >= 3 else 'switch to SciPy'}")


def main():
    bench_expm()
    bench_propagation()


if __name__ == "__main__":
    main()
