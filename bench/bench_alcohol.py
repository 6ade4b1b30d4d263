"""Benchmark of neuroadapt.alcohol against the solve_ivp anchor.

Workload: 20 drinking durations x 20 plateau blood-alcohol levels, 2000 output
times over 20 days. The hand-written method is the exact scalar propagator of
:func:`neuroadapt.alcohol.alcohol_homeostat`; the anchor is one solve_ivp call
over the flattened grid (see ``_anchor.py``).
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

from neuroadapt import alcohol as al

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402

N_T, N_G = 2000, 20
P = al.ALCOHOL_DEFAULTS


def _rhs(t, bac, index=None):
    index = _anchor.zoh_index(t) if index is None else index
    n = bac.shape[1]

    def rhs(s, y):
        nmda, gaba = y[:n], y[n:]
        c = bac[index(s)]
        return np.concatenate(
            [
                (1.0 - nmda * (1.0 - P.nmda_block_per_g_dl * c)) / P.time_constant_nmda_h,
                (1.0 - gaba * (1.0 + P.gaba_enhance_per_g_dl * c)) / P.time_constant_gaba_h,
            ]
        )

    return rhs


def main() -> None:
    t = np.linspace(0.0, 24.0 * 20, N_T)
    bac = al.maintained_drinking_bac(t, np.linspace(1.0, 14.0, N_G)[:, None], np.linspace(0.05, 0.3, N_G)[None, :])

    def hand():
        return al.alcohol_homeostat(t, bac)

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    grid = r.nmda_gain.shape[:-1]  # results are (*grid, n_times): time last
    n = int(np.prod(grid))
    bac_flat = _anchor.time_first(bac, N_T)
    y0 = np.ones(2 * n)
    hand_y = np.concatenate([_anchor.time_first(x, N_T) for x in (r.nmda_gain, r.gabaa_gain)], axis=1)

    sub, cols = _anchor.sub_grid(n, 2)
    seg = lambda a: _rhs(t, bac_flat[:, sub], index=lambda s: a)  # noqa: E731
    ref = _anchor.reference(seg, y0[cols], t, np.arange(N_T))  # BAC changes at every step after the last drink
    _anchor.compare(
        "alcohol.alcohol_homeostat (exact scalar propagator)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        _anchor.on_columns(lambda c: _rhs(t, bac_flat[:, c])),
        y0,
        t,
        sub,
        ref,
    )
    days, plateau = np.linspace(1.0, 14.0, 50)[:, None], np.linspace(0.05, 0.3, 50)[None, :]
    ms = _anchor.best_ms(lambda: al.maintained_drinking_bac(t, days, plateau))
    print(f"alcohol.maintained_drinking_bac 50x50 grid x {N_T} t (closed form, no integrator): {ms:.1f} ms")


if __name__ == "__main__":
    main()
