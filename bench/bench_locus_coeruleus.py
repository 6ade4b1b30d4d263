"""Benchmark of neuroadapt.locus_coeruleus against the solve_ivp anchor.

Workload: 20 durations of use x 20 maximal inhibitions, 2000 output times over
20 days. The hand-written method is the exact 2x2 propagator of
:func:`neuroadapt.locus_coeruleus.locus_coeruleus_camp`; the anchor is one
solve_ivp call over the flattened grid (see ``_anchor.py``).
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

from neuroadapt import locus_coeruleus as lc

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402

N_T, N_G = 2000, 20
P = lc.LOCUS_COERULEUS_DEFAULTS


def _rhs(t, occ, imax, index=None):
    index = _anchor.zoh_index(t) if index is None else index
    n = occ.shape[1]
    tc, ta = P.time_constant_camp_h, P.time_constant_ac_h

    def rhs(s, y):
        camp, ac = y[:n], y[n:]
        inhibition = imax * occ[index(s)]
        return np.concatenate([(ac * (1.0 - inhibition) - camp) / tc, (1.0 - camp) / ta])

    return rhs


def main() -> None:
    t = np.linspace(0.0, 24.0 * 20, N_T)
    occ = lc.opioid_use_occupancy(t, np.linspace(0.0, 24.0 * 14, N_G)[:, None])
    imax = np.linspace(0.3, 0.9, N_G)[None, :]

    def hand():
        return lc.locus_coeruleus_camp(t, occ, max_inhibition=imax)

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    grid = r.camp_relative.shape[:-1]  # results are (*grid, n_times): time last
    n = int(np.prod(grid))
    occ_flat = _anchor.time_first(np.broadcast_to(occ, grid + (N_T,)), N_T)
    imax_flat = np.broadcast_to(imax, grid).reshape(n)
    y0 = np.ones(2 * n)
    hand_y = np.concatenate(
        [_anchor.time_first(x, N_T) for x in (r.camp_relative, r.adenylyl_cyclase_relative)], axis=1
    )

    sub, cols = _anchor.sub_grid(n, 2)
    seg = lambda a: _rhs(t, occ_flat[:, sub], imax_flat[sub], index=lambda s: a)  # noqa: E731
    ref = _anchor.reference(seg, y0[cols], t, _anchor.change_points(t, occ_flat[:, sub]))
    _anchor.compare(
        "locus_coeruleus.locus_coeruleus_camp (exact 2x2 propagator)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        _anchor.on_columns(lambda c: _rhs(t, occ_flat[:, c], imax_flat[c])),
        y0,
        t,
        sub,
        ref,
    )
    durations = np.linspace(0.0, 24.0 * 14, 50)[:, None]
    ms = _anchor.best_ms(lambda: lc.withdrawal_camp_peak(durations, max_inhibition=np.linspace(0.3, 0.9, 50)[None, :]))
    print(f"locus_coeruleus.withdrawal_camp_peak 50x50 grid (closed form, no integrator): {ms:.2f} ms")


if __name__ == "__main__":
    main()
