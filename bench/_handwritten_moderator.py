"""The retired hand-written integrator of neuroadapt.tolerance.moderator_model (kept for the benchmark).

``make bench`` showed this fused fixed-step RK4 (one step per output interval)
no faster than one solve_ivp call over the flattened grid at matched accuracy,
so the package now calls SciPy; bench_tolerance.py keeps timing both.
"""

from __future__ import annotations

import numpy as np

from neuroadapt._numerics import snap_steps


def handwritten_moderator(t, concentration, kout, ktol, emax, ec50):
    """Response and moderator (n_t, 2, *grid) for a step-held concentration (the former method)."""
    grid = np.broadcast_shapes(np.shape(kout), np.shape(ktol))
    drug = emax * concentration / (ec50 + concentration)
    prod = np.broadcast_to((kout * (1.0 - drug[:, None, None])), (t.size,) + grid)  # kin = kout (R0 = 1)
    y0 = np.ones((2,) + grid)
    return _rk4_moderator(t, prod, prod[:-1], False, np.broadcast_to(kout, grid), np.broadcast_to(ktol, grid), y0)


def _rk4_moderator(t, prod, prod_mid, linear, kout, ktol, y0):
    """Classical RK4, one step per output interval, for the moderator model.

    State Y = (R, M) stacked on the first axis of ``y0`` (2, *grid). The
    right-hand side is F(Y) = (p/M - kout R, ktol (R - M)) with production
    ``p`` taken from ``prod`` (output times) and ``prod_mid`` (midpoints);
    every array operation is in place on preallocated buffers (the model is
    the package's slowest, and a figure integrates 2,500 parameter sets at
    once). Stage increments are kept pre-scaled: K1 = (h/2) F(Y),
    K2 = (h/2) F(Y + K1), K3 = h F(Y + K2), K4 = h F(Y + K3), and
    Y(t + h) = Y + (K1 + 2 K2 + K3)/3 + K4/6, which is the classical scheme.
    """
    n_t = t.size
    out = np.empty((n_t,) + y0.shape)
    out[0] = y0
    k1, k2, k3, k4, ys, acc = (np.empty(y0.shape) for _ in range(6))
    tmp = np.empty(y0.shape[1:])
    dt = snap_steps(np.diff(t))
    h_prev = None

    def stage(y, p, a, b, k):
        np.divide(p, y[1], out=k[0])
        np.multiply(a, y[0], out=tmp)
        k[0] -= tmp
        np.subtract(y[0], y[1], out=k[1])
        k[1] *= b

    for i in range(n_t - 1):
        h = dt[i]
        if h != h_prev:
            a_half, a_full = 0.5 * h * kout, h * kout
            b_half, b_full = 0.5 * h * ktol, h * ktol
            h_prev = h
        p0 = prod[i]
        pm = prod_mid[i]
        p1 = prod[i + 1] if linear else p0
        y = out[i]
        stage(y, (0.5 * h) * p0, a_half, b_half, k1)
        np.add(y, k1, out=ys)
        stage(ys, (0.5 * h) * pm, a_half, b_half, k2)
        np.add(y, k2, out=ys)
        stage(ys, h * pm, a_full, b_full, k3)
        np.add(y, k3, out=ys)
        stage(ys, h * p1, a_full, b_full, k4)
        np.add(k2, k2, out=acc)
        acc += k1
        acc += k3
        acc *= 1.0 / 3.0
        k4 *= 1.0 / 6.0
        acc += k4
        np.add(y, acc, out=out[i + 1])
    return out
