"""The hand-written integrators that neuroadapt.autoinduction used before it moved to SciPy.

Kept here, outside the package, only so that ``make bench`` can time them
against one vectorized :func:`scipy.integrate.solve_ivp` call at matched
accuracy (the rule in lib/README.md: a hand-written integrator stays only if
it is at least 3x faster; neither RK4 nor the Strang split clearly was). Both
build the same output arrays as the package (clearance and half-life), so that
the comparison times equal work. Copied from ``neuroadapt/induction.py`` and
``neuroadapt/_ode.py`` at commit 536a030; returns the concentration (mg/L).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from neuroadapt._validation import broadcast, choice, fraction, increasing, nondecreasing, nonnegative, positive

LN2 = math.log(2.0)


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


def _autoinduction_split(t, td, max_step, dose, volume, kdeg, emax, ec50, ka, bio, k_other, k_ind, e0):
    """Strang-split integration of :func:`simulate_autoinduction` (see its Notes).

    Each step of length ``h`` is: half an enzyme step with the concentration at
    the start, a full exact pharmacokinetic step with the enzyme held at that
    value, half an enzyme step with the concentration at the end. Consecutive
    half enzyme steps share the concentration at their common boundary.
    Returns concentration (mg/L) and enzyme (relative), shaped grid + (n_t,).
    """
    grid = dose.shape
    inv_v = 1.0 / volume
    k_full = k_other + k_ind  # elimination rate at baseline enzyme; the state carries D = E - 1
    events = td[td <= t[-1]]
    start = min(t[0], events[0]) if events.size else t[0]
    knots = np.unique(np.concatenate(([start], t, events)))
    pieces = [knots[:1]]  # split long intervals so that no step exceeds max_step
    for a_, b_ in zip(knots[:-1], knots[1:]):
        n_sub = max(1, math.ceil((b_ - a_) / max_step - 1e-9))
        pieces.append(np.linspace(a_, b_, n_sub + 1)[1:])
    path = np.concatenate(pieces)
    steps = snap_steps(np.diff(path))
    out_index = np.full(path.size, -1)
    out_index[np.searchsorted(path, t)] = np.arange(t.size)
    dose_count = np.zeros(path.size)
    np.add.at(dose_count, np.searchsorted(path, events), 1.0)

    factors = {}

    def step_factors(h):
        if h not in factors:
            q_half = np.exp(-0.5 * kdeg * h)
            if ka is None:
                factors[h] = (q_half, 1.0 - q_half, None, None)
            else:
                eg = np.exp(-ka * h)
                factors[h] = (q_half, 1.0 - q_half, eg, h * eg)  # h e^{-ka h}: the k = ka limit
        return factors[h]

    def stimulus(a):
        c = a * inv_v
        return c, emax * (c / (ec50 + c))

    g = np.zeros(grid)
    a = np.zeros(grid)
    d_mid = d = np.broadcast_to(e0 - 1.0, grid).astype(float)
    out_c = np.empty((t.size,) + grid)
    out_d = np.empty((t.size,) + grid)
    ratio = np.empty(grid)
    tolerance = None if ka is None else 1e-9 * ka
    gap_at_baseline = None if ka is None else k_full - ka
    # The enzyme stays between min(E0, 1) and max(E0, 1 + Emax), so k does too; the
    # k = ka limit needs guarding only where ka lies in that range.
    guard = ka is not None and bool(
        np.any(
            (ka >= (k_full + k_ind * np.minimum(e0 - 1.0, 0.0)) * (1 - 1e-6))
            & (ka <= (k_full + k_ind * np.maximum(e0 - 1.0, emax)) * (1 + 1e-6))
        )
    )
    for n in range(path.size):
        c, s = stimulus(a)
        if n > 0:  # second half of the previous enzyme step, concentration at its end
            q_half, one_minus, _, _ = step_factors(float(steps[n - 1]))
            d = s * one_minus + d_mid * q_half
        if dose_count[n]:
            if ka is None:
                a = a + dose * dose_count[n]
                c, s = stimulus(a)
            else:
                g = g + bio * dose * dose_count[n]
        if out_index[n] >= 0:
            out_c[out_index[n]] = c
            out_d[out_index[n]] = d
        if n == path.size - 1:
            break
        h = float(steps[n])
        q_half, one_minus, eg, limit = step_factors(h)
        d_mid = s * one_minus + d * q_half  # first half enzyme step
        k_extra = k_ind * d_mid
        ek = np.exp(-h * (k_full + k_extra))
        if ka is None:
            a = a * ek
        else:
            gap = gap_at_baseline + k_extra
            if guard:  # (e^{-ka h} - e^{-k h}) / (k - ka), with its limit h e^{-ka h} at k = ka
                ratio[...] = limit
                np.divide(eg - ek, gap, out=ratio, where=np.abs(gap) > tolerance)
            else:
                np.divide(eg - ek, gap, out=ratio)
            a = a * ek + (g * ka) * ratio
            g = g * eg
    out_d += 1.0
    return np.moveaxis(out_c, 0, -1), np.moveaxis(out_d, 0, -1)


def handwritten_autoinduction(
    t_h,
    dose_times_h,
    *,
    dose_mg,
    volume_l,
    clearance_baseline_l_per_h,
    enzyme_half_life_h,
    emax_induction,
    ec50_mg_per_l,
    absorption_rate_per_h=None,
    bioavailability=1.0,
    fraction_metabolized=1.0,
    clearance_fold_change=1.0,
    enzyme_initial=1.0,
    max_step_h=0.25,
    method="rk4",
):
    """The retired hand-written integrators of neuroadapt.autoinduction (RK4 and Strang split)."""
    t = increasing("t_h", np.atleast_1d(np.asarray(t_h, dtype=float)))
    td = nondecreasing("dose_times_h", np.atleast_1d(np.asarray(dose_times_h, dtype=float)))
    step = float(positive("max_step_h", max_step_h))
    dose = nonnegative("dose_mg", dose_mg)
    volume = positive("volume_l", volume_l)
    cl0 = positive("clearance_baseline_l_per_h", clearance_baseline_l_per_h)
    kdeg = LN2 / positive("enzyme_half_life_h", enzyme_half_life_h)
    emax = nonnegative("emax_induction", emax_induction)
    ec50 = positive("ec50_mg_per_l", ec50_mg_per_l)
    oral = absorption_rate_per_h is not None
    ka = positive("absorption_rate_per_h", absorption_rate_per_h) if oral else np.asarray(1.0)
    bio = fraction("bioavailability", bioavailability)
    fm = fraction("fraction_metabolized", fraction_metabolized)
    fold = positive("clearance_fold_change", clearance_fold_change)
    e0 = positive("enzyme_initial", enzyme_initial)
    choice("method", method, ("rk4", "split"))
    dose, volume, cl0, kdeg, emax, ec50, ka, bio, fm, fold, e0 = broadcast(
        dose_mg=dose,
        volume_l=volume,
        clearance_baseline_l_per_h=cl0,
        enzyme_half_life_h=kdeg,
        emax_induction=emax,
        ec50_mg_per_l=ec50,
        absorption_rate_per_h=ka,
        bioavailability=bio,
        fraction_metabolized=fm,
        clearance_fold_change=fold,
        enzyme_initial=e0,
    )
    grid = dose.shape
    k_other = cl0 * (1.0 - fm) / volume  # non-inducible elimination, 1/h
    k_ind = cl0 * fm * fold / volume  # inducible elimination per unit enzyme, 1/h

    if method == "split":
        conc, enzyme = _autoinduction_split(
            t, td, step, dose, volume, kdeg, emax, ec50, ka if oral else None, bio, k_other, k_ind, e0
        )
        return _finish(conc, enzyme, cl0, fm, fold, volume)

    def rhs(_t, y):
        g, a, e = y[0], y[1], y[2]
        c = a / volume
        absorbed = ka * g
        return np.stack(
            (
                -absorbed,
                absorbed - (k_other + k_ind * e) * a,
                kdeg * (1.0 + emax * c / (ec50 + c) - e),
            )
        )

    y = np.zeros((3,) + grid)
    y[2] = e0
    out = np.empty((t.size, 3) + grid)
    events, counts = np.unique(td[td <= t[-1]], return_counts=True)
    t_now = min(t[0], events[0]) if events.size else t[0]
    # stretches between doses: outputs in [t_now, next dose), then the dose
    for t_end, n_same in list(zip(events, counts)) + [(None, 0)]:
        final = t_end is None
        stop = t[-1] if final else t_end
        sel = np.flatnonzero((t >= t_now) & ((t <= stop) if final else (t < stop)))
        path = np.unique(np.concatenate(([t_now], t[sel], [stop])))
        if path.size > 1:
            substeps = max(1, math.ceil(float(np.max(np.diff(path))) / step))
            traj = rk4(rhs, y, path, substeps=substeps)
            out[sel] = traj[np.searchsorted(path, t[sel])]
            y = traj[-1].copy()
        else:
            out[sel] = y
        if final:
            break
        t_now = t_end
        if oral:
            y[0] = y[0] + bio * dose * n_same
        else:
            y[1] = y[1] + dose * n_same
    conc = np.moveaxis(out[:, 1], 0, -1) / volume[..., None]
    enzyme = np.moveaxis(out[:, 2], 0, -1)
    return _finish(conc, enzyme, cl0, fm, fold, volume)


def _finish(conc, enzyme, cl0, fm, fold, volume):
    """The same output work as the package: clearance and half-life arrays, then the concentration."""
    cl = cl0[..., None] * (1.0 - fm[..., None] + fm[..., None] * fold[..., None] * enzyme)
    _half_life = LN2 * volume[..., None] / cl
    return np.maximum(conc, 0.0)
