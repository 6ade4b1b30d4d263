"""A small vectorized ODE integrator shared by the models.

The book's figures simulate whole slider grids at build time, so the models
integrate many parameter sets at once. :func:`rk4` advances a state array of
any shape (the trailing axes hold the parameter grid) with the classical
fourth-order Runge-Kutta method on a fixed output grid, taking ``substeps``
equal steps between output times. Accuracy is checked against analytic
solutions and :func:`scipy.integrate.solve_ivp` in the tests of each model.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import increasing

__all__ = ["rk4", "snap_steps"]


def rk4(
    rhs: Callable[[float, np.ndarray], np.ndarray],
    y0: np.ndarray,
    t: np.ndarray,
    substeps: int = 4,
) -> np.ndarray:
    """Integrate ``dy/dt = rhs(t, y)`` with fixed-step RK4, vectorized over ``y``.

    Parameters
    ----------
    rhs : callable
        ``rhs(t, y)`` returning an array shaped like ``y``. ``t`` is a float
        (same units as ``t`` below); ``y`` is the whole state array.
    y0 : array_like, shape (n_state, ...)
        Initial state; trailing axes hold independent parameter sets.
    t : array_like, shape (n_times,)
        Strictly increasing output times; ``y0`` is the state at ``t[0]``.
    substeps : int, optional
        Equal RK4 steps taken between consecutive output times (>= 1).

    Returns
    -------
    numpy.ndarray, shape (n_times, n_state, ...)
        The state at each output time.

    Notes
    -----
    Classical RK4 (Butcher 2016, *Numerical Methods for ODEs*, sec. 23):
    global error O(h^4) for smooth right-hand sides.
    """
    t = increasing("t", t)
    if int(substeps) != substeps or substeps < 1:
        raise ValueError(f"substeps must be an integer >= 1, got {substeps!r}")
    y = np.array(y0, dtype=float, copy=True)
    out = np.empty((t.size,) + y.shape)
    out[0] = y
    for i in range(t.size - 1):
        h = (t[i + 1] - t[i]) / substeps
        ti = t[i]
        for _ in range(int(substeps)):
            k1 = rhs(ti, y)
            k2 = rhs(ti + 0.5 * h, y + 0.5 * h * k1)
            k3 = rhs(ti + 0.5 * h, y + 0.5 * h * k2)
            k4 = rhs(ti + h, y + h * k3)
            y = y + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
            ti = ti + h
        out[i + 1] = y
    return out


def snap_steps(dt: np.ndarray) -> np.ndarray:
    """Make time steps that differ only by floating-point noise exactly equal.

    ``np.linspace`` grids have steps that differ in the last bits; treating
    them as one step size lets exact propagators be computed once instead of
    at every step. Steps within 1e-9 (relative) of the median step are set to
    it; the others (e.g. split intervals) are kept.
    """
    if dt.size == 0:
        return dt
    m = float(np.median(dt))
    return np.where(np.abs(dt - m) <= 1e-9 * m, m, dt)
