"""Benchmark of neuroadapt.opponent_process (Solomon-Corbit) against the solve_ivp anchor.

Workload: a slider grid of 20 exposure intervals x 20 gain-growth rates
(smaller grids favour the anchor: its cost per step is mostly Python overhead), 2000 output times over 120 h. The hand-written method is the exact
propagator of :func:`neuroadapt.opponent_process.solomon_corbit`; the anchor is
one solve_ivp call over the flattened grid (see ``_anchor.py``).
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

from neuroadapt import opponent_process as op

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402

N_T, N_G = 2000, 20
P = op.SOLOMON_CORBIT_DEFAULTS


def _rhs(t, u, growth, index=None):
    """RHS of a, b, g over a flat grid; u (n_t, G) held on each interval."""
    index = _anchor.zoh_index(t) if index is None else index
    n = u.shape[1]
    ka, kb, kg = 1 / P.time_constant_a_process_h, 1 / P.time_constant_b_process_h, 1 / P.time_constant_gain_h

    def rhs(s, y):
        a, b, g = y[:n], y[n : 2 * n], y[2 * n :]
        ui = u[index(s)]
        return np.concatenate([ka * (P.a_gain * ui - a), kb * (g * a - b), growth * a - kg * (g - P.gain_baseline)])

    return rhs


def main() -> None:
    t = np.linspace(0.0, 120.0, N_T)
    u = op.stimulus_train(t, 20, np.linspace(3.0, 24.0, N_G)[:, None], 1.0)  # (N_G, 1, n_t): time last
    growth = np.linspace(0.05, 0.3, N_G)[None, :]

    def hand():
        return op.solomon_corbit(t, u, gain_growth_per_h=growth)

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    grid = r.a_process.shape[:-1]
    n = int(np.prod(grid))
    u_flat = _anchor.time_first(np.broadcast_to(u, grid + (N_T,)), N_T)
    g_flat = np.broadcast_to(growth, grid).reshape(n)
    y0 = np.concatenate([np.zeros(n), np.zeros(n), np.full(n, P.gain_baseline)])
    hand_y = np.concatenate([_anchor.time_first(x, N_T) for x in (r.a_process, r.b_process, r.b_gain)], axis=1)

    sub, cols = _anchor.sub_grid(n, 3)
    seg = lambda a: _rhs(t, u_flat[:, sub], g_flat[sub], index=lambda s: a)  # noqa: E731
    ref = _anchor.reference(seg, y0[cols], t, _anchor.change_points(t, u_flat[:, sub]))
    _anchor.compare(
        "opponent_process.solomon_corbit (exact propagator)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        _anchor.on_columns(lambda c: _rhs(t, u_flat[:, c], g_flat[c])),
        y0,
        t,
        sub,
        ref,
    )


if __name__ == "__main__":
    main()
