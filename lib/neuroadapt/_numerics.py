"""Integrators, propagators and grid helpers shared by the dynamic models (private).

The book's figures simulate whole slider grids at build time, so the models
integrate many parameter sets at once. This module holds everything numerical
that more than one model uses:

* :func:`snap_steps`, :func:`step_groups`, :func:`input_changes` - bookkeeping
  that lets exact propagators be computed once per distinct step length and
  input value instead of at every step;
* :func:`phi`, :func:`chi` - exact convolutions of decaying exponentials, the
  building blocks of the closed-form steps of linear cascades;
* :func:`time_grid`, :func:`input_time_last`, :func:`time_to_last`,
  :func:`full` - validation and broadcasting of time grids, inputs sampled
  on them (time last, lib/README.md; the step loops run time-first inside),
  and parameters.

A hand-written integrator is kept only where ``make bench`` shows it at least
3x faster than one vectorized :func:`scipy.integrate.solve_ivp` call over the
whole flattened grid at matched accuracy (lib/README.md, "Numerics").
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import expm
from scipy.special import exprel

from ._validation import increasing, nonnegative

__all__ = [
    "snap_steps",
    "time_grid",
    "input_time_last",
    "time_to_last",
    "full",
    "step_groups",
    "input_changes",
    "phi",
    "chi",
]


def snap_steps(dt: np.ndarray) -> np.ndarray:
    """Make time steps that differ only by floating-point noise exactly equal.

    ``np.linspace`` grids have steps that differ in the last bits; treating
    them as one step size lets exact propagators be computed once instead of
    at every step. Steps within 1e-9 (relative) of the median step are set to
    it; the others (e.g. split intervals) are kept.

    Examples
    --------
    >>> np.unique(snap_steps(np.diff(np.linspace(0.0, 1.0, 11)))).size
    1
    """
    if dt.size == 0:
        return dt
    m = float(np.median(dt))
    return np.where(np.abs(dt - m) <= 1e-9 * m, m, dt)


def time_grid(t_h, name: str = "t_h") -> np.ndarray:
    """A strictly increasing time grid with at least two times."""
    t = increasing(name, t_h)
    if t.size < 2:
        raise ValueError(f"{name} must hold at least 2 times, got {t.size}")
    return t


def input_time_last(name: str, value, n_times: int, check=nonnegative, time_name: str = "t_h") -> np.ndarray:
    """Validate an input sampled on the time grid, shape ``(..., n_times)`` (time last, lib/README.md),
    and return it with time moved to the first axis, ``(n_times, ...)``, for the step loops."""
    arr = check(name, value)
    if arr.ndim == 0 or arr.shape[-1] != n_times:
        raise ValueError(
            f"{name} must have shape (..., n_times) with n_times = len({time_name}) = {n_times}, got shape {arr.shape}"
        )
    return np.moveaxis(arr, -1, 0)


def time_to_last(out: np.ndarray) -> np.ndarray:
    """A result computed as ``(n_times, *grid)`` returned as ``(*grid, n_times)`` (C-contiguous)."""
    return np.ascontiguousarray(np.moveaxis(out, 0, -1))


def full(x, grid) -> np.ndarray:
    """``x`` broadcast to ``grid`` as a C-contiguous float array (fast inner loops)."""
    return np.array(np.broadcast_to(np.asarray(x, dtype=float), grid), dtype=float, order="C")


def step_groups(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group the steps of ``t`` by length (relative tolerance 1e-10).

    Returns the distinct step lengths and, for every step, the index of its
    group, so that step-dependent coefficients are computed once per length.

    Examples
    --------
    >>> h, g = step_groups(np.array([0.0, 1.0, 2.0, 4.0]))
    >>> h.tolist(), g.tolist()
    ([1.0, 2.0], [0, 0, 1])
    """
    h = np.diff(t)
    key = np.round(h / h.max(), 10)
    _, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.ravel()
    h_unique = np.bincount(inverse, weights=h) / np.bincount(inverse)
    return h_unique, inverse


def input_changes(values: np.ndarray, step_group: np.ndarray) -> np.ndarray:
    """For each step, whether its input (over the whole grid) or its length differs from the previous step.

    Step coefficients are recomputed only where this is True; constant stretches of a
    piecewise-constant input (the usual case) reuse them.
    """
    n_steps = step_group.size
    changed = np.ones(n_steps, dtype=bool)
    if n_steps > 1:
        flat = values[:n_steps].reshape(n_steps, -1)
        changed[1:] = np.any(flat[1:] != flat[:-1], axis=1) | (step_group[1:] != step_group[:-1])
    return changed


def phi(p, q, h):
    r"""Convolution of two decaying exponentials, :math:`\int_0^h e^{-p(h-s)} e^{-q s} ds`.

    Written as :math:`h\, e^{-\min(p,q) h}\, \mathrm{exprel}(-|p-q| h)`, which is
    exact, symmetric in ``p`` and ``q`` and free of cancellation when p = q.

    Examples
    --------
    >>> round(float(phi(1.0, 1.0, 2.0)), 6) == round(2.0 * float(np.exp(-2.0)), 6)
    True
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return h * np.exp(-np.minimum(p, q) * h) * exprel(-np.abs(p - q) * h)


def chi(p, q, r, h):
    r"""Triple convolution :math:`\int_0^h e^{-p(h-s)} \phi_{q,r}(s) ds` via a 3x3 matrix exponential.

    The bidiagonal chain x0' = -r x0, x1' = x0 - q x1, x2' = x1 - p x2 with
    x(0) = (1, 0, 0) gives x2(h) = the integral, robustly for equal rates.
    """
    p, q, r = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (p, q, r)))
    m = np.zeros(p.shape + (3, 3))
    m[..., 0, 0] = -r * h
    m[..., 1, 0] = h
    m[..., 1, 1] = -q * h
    m[..., 2, 1] = h
    m[..., 2, 2] = -p * h
    return expm(m)[..., 2, 0]
