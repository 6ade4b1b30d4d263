"""Input validation shared by every model.

Every public model function validates its inputs with these helpers so that bad
input raises a :class:`ValueError` naming the parameter and the allowed range,
never a silent NaN or a wrong answer.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "as_array",
    "nonnegative",
    "positive",
    "fraction",
    "increasing",
    "nondecreasing",
    "choice",
    "broadcast",
]


def as_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; raise if it holds NaN or infinity."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:  # strings, ragged lists
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity), got {value!r}")
    return arr


def nonnegative(name: str, value) -> np.ndarray:
    """Finite array with every element >= 0."""
    arr = as_array(name, value)
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return arr


def positive(name: str, value) -> np.ndarray:
    """Finite array with every element > 0."""
    arr = as_array(name, value)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return arr


def fraction(name: str, value, *, closed_low: bool = True, closed_high: bool = True) -> np.ndarray:
    """Finite array in [0, 1] (ends open or closed as requested)."""
    arr = as_array(name, value)
    low_ok = arr >= 0 if closed_low else arr > 0
    high_ok = arr <= 1 if closed_high else arr < 1
    if not np.all(low_ok & high_ok):
        lo = "[" if closed_low else "("
        hi = "]" if closed_high else ")"
        raise ValueError(f"{name} must lie in {lo}0, 1{hi}, got {value!r}")
    return arr


def increasing(name: str, value) -> np.ndarray:
    """Finite 1-D array, strictly increasing."""
    arr = as_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size > 1 and np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return arr


def nondecreasing(name: str, value) -> np.ndarray:
    """Finite 1-D array, in non-decreasing order (ties allowed)."""
    arr = as_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size > 1 and np.any(np.diff(arr) < 0):
        raise ValueError(f"{name} must be in non-decreasing order")
    return arr


def choice(name: str, value, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise naming the options."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def broadcast(**arrays) -> list[np.ndarray]:
    """Broadcast named parameter arrays; raise naming them if their shapes clash."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"parameter shapes do not broadcast: {shapes}") from exc
