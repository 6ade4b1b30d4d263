"""The benchmark anchor: one vectorized ``scipy.integrate.solve_ivp`` call over the whole flattened grid.

lib/README.md ("Numerics") and DESIGN.md ("Benchmarks compare with what a user
would write") keep a hand-written integrator only where it is at least 3x
faster than what a user would write instead: ONE :func:`solve_ivp` call whose
state is the whole parameter grid, flattened, with a right-hand side that is a
few numpy operations over that vector, at matched accuracy.

Accuracy is measured on a small sub-grid against a tight reference (Radau,
rtol 1e-12, atol 1e-14, integrated piece by piece between the times where the
input changes, so no discontinuity is stepped across). The anchor is run at a
ladder of tolerances, loosest first, and timed at the first whose error on the
sub-grid is no larger than ``max(error of the hand-written method, FLOOR)``:
for the exact propagators (error at round-off) the anchor cannot reach their
accuracy at any practical tolerance, so it is matched at FLOOR = 1e-8, far
below what a figure can show; the printed errors say which case applies.
"""

from __future__ import annotations

import timeit

import numpy as np
from scipy.integrate import solve_ivp

FLOOR = 1e-8
RTOLS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11)
#: Grid points on which accuracy is measured (drawn at random, seeded).
SUB_POINTS = 25


def best_ms(fn, repeat=3):
    """Best-of-``repeat`` wall time of one call, ms (after one warm-up call)."""
    fn()
    return 1e3 * min(timeit.repeat(fn, number=1, repeat=repeat))


def zoh_index(t):
    """A function s -> index of the grid interval [t_i, t_{i+1}) holding s (zero-order hold)."""
    n = t.size

    def index(s):
        return min(max(int(np.searchsorted(t, s, side="right")) - 1, 0), n - 1)

    return index


def change_points(t, values):
    """Grid indices where a zero-order-held input changes (over all columns), plus the ends."""
    flat = np.asarray(values).reshape(t.size, -1)
    changed = np.flatnonzero(np.any(flat[1:] != flat[:-1], axis=1)) + 1
    return np.unique(np.concatenate([[0], changed, [t.size - 1]]))


def reference(rhs_for_segment, y0, t, breaks):
    """Tight piecewise reference at ``t``: Radau, rtol 1e-12, restarted at each index in ``breaks``.

    ``rhs_for_segment(a)`` returns the right-hand side on the segment that starts at grid
    index ``a`` (with the input held at its value there, so the solver never sees the jump).
    """
    out = np.empty((t.size, y0.size))
    out[0] = y0
    y = np.asarray(y0, dtype=float)
    for a, b in zip(breaks[:-1], breaks[1:]):
        sol = solve_ivp(
            rhs_for_segment(a), (t[a], t[b]), y, method="Radau", rtol=1e-12, atol=1e-14, t_eval=t[a : b + 1]
        )
        if not sol.success or sol.y.shape[1] != b + 1 - a:
            raise RuntimeError(f"reference integration failed on [{t[a]}, {t[b]}]: {sol.message}")
        out[a : b + 1] = sol.y.T
        y = sol.y[:, -1]
    return out


def anchor(rhs_factory, y0, t, sub, ref, target, methods=("RK45", "DOP853"), atol_ratio=1e-2, segments=None):
    """Time the anchor at the loosest tolerance whose error on the sub-grid is <= ``target``.

    ``rhs_factory(columns)`` returns ``rhs(s, y)`` for the grid points ``columns``
    (None: the whole flattened grid); ``sub`` are the sub-grid points and ``ref``
    their tight reference, shaped (n_times, n_state * len(sub)) in the layout of
    ``y0[state_columns(sub)]``. The ladder of tolerances runs on the sub-grid
    only (cheap); the method with the fewest right-hand-side calls is then timed
    on the whole grid at its tolerance, and its error on the sub-grid checked
    (a larger system takes smaller steps, so it is never less accurate).
    ``segments`` (grid indices) restarts the solver there, for state jumps the
    solver cannot step across; None means one call.
    Returns (ms, method, rtol, error, matched): if no tolerance reached ``target``,
    the most accurate attempt is timed and ``matched`` is False.
    """
    n_grid = y0.size // (ref.shape[1] // len(sub))
    cols = state_columns(sub, n_grid, ref.shape[1] // len(sub))
    picks, tightest = [], None
    for method in methods:
        for rtol in RTOLS:
            y, nfev = _solve(rhs_factory(sub), y0[cols], t, method, rtol, rtol * atol_ratio, segments)
            err = np.abs(y - ref).max()
            if tightest is None or err < tightest[0]:
                tightest = (err, nfev, method, rtol)
            if err <= target:
                picks.append((nfev, method, rtol))
                break
    matched = bool(picks)
    if not matched:  # time the most accurate attempt, and say so
        picks = [tightest[1:]]
    _, method, rtol = min(picks)
    rhs = rhs_factory(None)
    ms = best_ms(lambda: _solve(rhs, y0, t, method, rtol, rtol * atol_ratio, segments), repeat=1)
    y, _ = _solve(rhs, y0, t, method, rtol, rtol * atol_ratio, segments)
    return ms, method, rtol, np.abs(y[:, cols] - ref).max(), matched


def sub_grid(n_grid, n_state, seed=0):
    """The :data:`SUB_POINTS` grid points (drawn with ``seed``) on which accuracy is measured,
    and their columns in a state vector of ``n_state`` states laid out as in :func:`state_columns`."""
    sub = np.random.default_rng(seed).choice(n_grid, SUB_POINTS, replace=False)
    return sub, state_columns(sub, n_grid, n_state)


def time_first(x, n_times):
    """A time-last array ``(*grid, n_times)`` in the anchor's layout ``(n_times, n_grid)``."""
    return np.moveaxis(x, -1, 0).reshape(n_times, -1)


def on_columns(build):
    """``rhs_factory`` for :func:`anchor` from ``build(columns)``: None (the whole grid) becomes ``slice(None)``."""
    return lambda columns: build(slice(None) if columns is None else columns)


def compare(name, workload, hand_ms, hand_y, rhs_factory, y0, t, sub, ref, segments=None):
    """The whole comparison of one model: the hand-written result's error on the sub-grid
    against ``ref``, the anchor timed at that accuracy (or :data:`FLOOR`), and the
    :func:`report`. ``hand_y`` is in the anchor's layout, ``(n_times, n_state * n_grid)``;
    ``segments`` as for :func:`anchor` (the report then says the solver was restarted).
    Returns the ratio (anchor / hand-written)."""
    n_state = ref.shape[1] // len(sub)
    cols = state_columns(sub, y0.size // n_state, n_state)
    hand_err = np.abs(hand_y[:, cols] - ref).max()
    target = max(hand_err, FLOOR)
    result = anchor(rhs_factory, y0, t, sub, ref, target, segments=segments)
    return report(name, workload, hand_ms, hand_err, result, target, segmented=segments is not None)


def state_columns(sub, n_grid, n_state):
    """Columns of the sub-grid points in a state vector laid out as [state 0 (grid), state 1 (grid), ...]."""
    sub = np.asarray(sub)
    return np.concatenate([k * n_grid + sub for k in range(n_state)])


def _solve(rhs, y0, t, method, rtol, atol, segments):
    if segments is None:
        sol = solve_ivp(rhs, (t[0], t[-1]), y0, method=method, rtol=rtol, atol=atol, t_eval=t)
        return sol.y.T, sol.nfev
    return _segmented(rhs, y0, t, segments, method, rtol, atol)


def _segmented(rhs, y0, t, segments, method, rtol, atol):
    out = np.empty((t.size, y0.size))
    out[0] = y0
    y = np.asarray(y0, dtype=float)
    nfev = 0
    for a, b in zip(segments[:-1], segments[1:]):
        y = rhs.jump(a, y) if hasattr(rhs, "jump") else y
        sol = solve_ivp(rhs, (t[a], t[b]), y, method=method, rtol=rtol, atol=atol, t_eval=t[a : b + 1])
        out[a + 1 : b + 1] = sol.y.T[1:]
        y = sol.y[:, -1]
        nfev += sol.nfev
    return out, nfev


def report(name, workload, hand_ms, hand_err, result, target, segmented=False):
    """Print both timings, both errors and the ratio; return the ratio (anchor / hand-written)."""
    print(f"{name} [{workload}]")
    print(f"  hand-written: {hand_ms:9.1f} ms   max abs error {hand_err:.1e}")
    ms, method, rtol, err, matched = result
    ratio = ms / hand_ms
    verdict = "keep hand-written" if (ratio >= 3 or not matched) else "switch to SciPy"
    if not matched:
        print(
            f"  (no tolerance down to rtol {RTOLS[-1]:.0e} reached error <= {target:.0e}; the most accurate attempt is shown,"
            " so the ratio is a lower bound)"
        )
    how = "one call" if not segmented else "restarted at each infusion"
    print(f"  solve_ivp   : {ms:9.1f} ms   max abs error {err:.1e}  ({method}, rtol {rtol:.0e}, {how}, flattened grid)")
    print(f"  ratio solve_ivp / hand-written = {ratio:.1f}x  -> {verdict}")
    return ratio
