"""Benchmark of neuroadapt.tolerance against the solve_ivp anchor.

Two integrators, each on a 20 x 20 parameter grid over 2000 output times (72 h):

* the moderator model under a switched infusion: the retired hand-written
  fused fixed-step RK4 (``_handwritten_moderator.py``) against the anchor,
  which is what :func:`neuroadapt.tolerance.moderator_model` now does;
* the effect/tolerance-compartment cascade
  (:func:`neuroadapt.tolerance.tolerance_compartment_model`), exact steps for a
  plasma curve that is linear between output times.

The anchor is one solve_ivp call over the flattened grid (see ``_anchor.py``).
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

from neuroadapt.tolerance import infusion_concentration, moderator_model, tolerance_compartment_model

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402
from _handwritten_moderator import handwritten_moderator  # noqa: E402

N_T, N_G = 2000, 20
T_END_H = 72.0


def bench_moderator():
    t = np.linspace(0.0, T_END_H, N_T)
    start_i, stop_i = 28, 1334  # switches on output times (about 1 h and 48 h)
    level, emax, ec50 = 4.0, 0.8, 1.0
    c = infusion_concentration(t, t[start_i], t[stop_i], level)
    kout = np.linspace(0.2, 2.0, N_G)[:, None]
    ktol = np.linspace(0.01, 0.5, N_G)[None, :]

    def hand():
        return handwritten_moderator(t, c, kout, ktol, emax, ec50)

    hand_ms = _anchor.best_ms(hand)
    out = hand()
    n = N_G * N_G
    lib_ms = _anchor.best_ms(
        lambda: moderator_model(t, c, kout_per_h=kout, ktol_per_h=ktol, emax=emax, ec50=ec50, hold="step"), repeat=1
    )
    ko = np.broadcast_to(kout, (N_G, N_G)).ravel()
    kt = np.broadcast_to(ktol, (N_G, N_G)).ravel()
    drug = emax * c / (ec50 + c)  # the action, held on each interval
    index_of = _anchor.zoh_index(t)

    def make(cols, index=None):
        cols = slice(None) if cols is None else cols
        k_out, k_tol = ko[cols], kt[cols]
        m = k_out.size
        index = index_of if index is None else index

        def rhs(s, y):
            resp, mod = y[:m], y[m:]
            return np.concatenate([k_out * (1.0 - drug[index(s)]) / mod - k_out * resp, k_tol * (resp - mod)])

        return rhs

    y0 = np.ones(2 * n)
    hand_y = np.concatenate([out[:, 0].reshape(N_T, n), out[:, 1].reshape(N_T, n)], axis=1)
    sub, cols = _anchor.sub_grid(n, 2)
    ref = _anchor.reference(
        lambda a: make(sub, index=lambda s: a), y0[cols], t, np.array([0, start_i, stop_i, N_T - 1])
    )
    _anchor.compare(
        "tolerance.moderator_model (retired fused fixed-step RK4 vs the anchor)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        make,
        y0,
        t,
        sub,
        ref,
    )
    print(f"  neuroadapt.tolerance.moderator_model now (solve_ivp, DOP853, rtol 1e-9): {lib_ms:.1f} ms")


def bench_tolerance_compartment():
    t = np.linspace(0.0, T_END_H, N_T)
    c = 4.0 * (np.exp(-0.1 * t) - np.exp(-1.5 * t)) + 1.0 * (t > 24)  # a PK-like curve with a step
    ke0 = np.linspace(0.3, 5.0, N_G)[:, None]
    kt = np.linspace(0.01, 0.5, N_G)[None, :]

    def hand():
        return tolerance_compartment_model(t, c, ke0_per_h=ke0, kt_per_h=kt, antagonist_kb=0.5, hold="linear")

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    n = N_G * N_G
    k0 = np.broadcast_to(ke0, (N_G, N_G)).ravel()
    k1 = np.broadcast_to(kt, (N_G, N_G)).ravel()

    def make(cols, segment=None):
        cols = slice(None) if cols is None else cols
        a0, a1 = k0[cols], k1[cols]
        m = a0.size
        if segment is None:

            def u(s):
                return np.interp(s, t, c)
        else:
            slope = (c[segment + 1] - c[segment]) / (t[segment + 1] - t[segment]) if segment < N_T - 1 else 0.0

            def u(s):
                return c[segment] + slope * (s - t[segment])

        def rhs(s, y):
            ce, ct = y[:m], y[m:]
            return np.concatenate([a0 * (u(s) - ce), a1 * (ce - ct)])

        return rhs

    y0 = np.zeros(2 * n)
    hand_y = np.concatenate(
        [r.effect_site_concentration.reshape(n, N_T).T, r.tolerance_concentration.reshape(n, N_T).T], axis=1
    )
    sub, cols = _anchor.sub_grid(n, 2, seed=1)
    ref = _anchor.reference(lambda a: make(sub, segment=a), y0[cols], t, np.arange(N_T))
    _anchor.compare(
        "tolerance.tolerance_compartment_model (exact cascade steps)",
        f"{N_G}x{N_G} grid x {N_T} t",
        hand_ms,
        hand_y,
        make,
        y0,
        t,
        sub,
        ref,
    )


def main():
    bench_moderator()
    bench_tolerance_compartment()


if __name__ == "__main__":
    main()
