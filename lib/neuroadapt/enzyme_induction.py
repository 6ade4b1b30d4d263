"""Enzyme induction as a turnover model: pharmacokinetic tolerance.

A drug-metabolising enzyme (for example CYP3A4) is made at a zero-order rate
and destroyed by first-order degradation. An inducer raises the synthesis
rate with a saturable (Emax) dependence on its concentration:

.. math::

    \\frac{dE}{dt} = k_{syn}\\left(1 + \\frac{E_{max} C}{EC_{50} + C}\\right) - k_{deg} E,
    \\qquad k_{deg} = \\frac{\\ln 2}{t_{1/2,enzyme}}

With the enzyme expressed relative to its uninduced baseline
:math:`E_0 = k_{syn}/k_{deg} = 1`, this is the "stimulation of production"
indirect-response model (Dayneka, Garg & Jusko 1993). Hepatic intrinsic
clearance is proportional to the amount of enzyme; for a low-extraction drug
whose fraction ``fm`` of clearance runs through the induced enzyme,

.. math:: CL(t) = CL_0 \\left(1 - f_m + f_m E(t)\\right).

The enzyme responds on the time scale of its own turnover (days), so the same
daily dose of another drug gives concentrations that fall over weeks as its
clearance rises. This module treats an inducer whose concentration is given
(constant or piecewise constant): :func:`enzyme_time_course` (closed form) and
:func:`clearance_under_inducer`. A drug that induces its own clearance is in
:mod:`neuroadapt.autoinduction`. Units: hours, mg, L, mg/L, L/h.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import broadcast, fraction, nondecreasing, nonnegative, positive

__all__ = [
    "induction_stimulus",
    "enzyme_steady_state",
    "enzyme_time_course",
    "InducedClearance",
    "clearance_under_inducer",
]

LN2 = math.log(2.0)


# ---------------------------------------------------------------------------
# enzyme turnover, closed form
# ---------------------------------------------------------------------------


def induction_stimulus(inducer_mg_per_l, emax_induction, ec50_mg_per_l):
    """Fractional increase of enzyme synthesis caused by an inducer.

    Parameters
    ----------
    inducer_mg_per_l : array_like
        Inducer concentration, mg/L (>= 0).
    emax_induction : array_like
        Maximal fractional increase of synthesis (>= 0).
    ec50_mg_per_l : array_like
        Concentration giving half of ``emax_induction``, mg/L (> 0).

    Returns
    -------
    numpy.ndarray
        :math:`S(C)` (dimensionless, in [0, Emax)), broadcast over inputs.

    Notes
    -----
    .. math:: S(C) = \\frac{E_{max} C}{EC_{50} + C}

    References
    ----------
    Dayneka NL, Garg V, Jusko WJ. Comparison of four basic models of indirect
    pharmacodynamic responses. J Pharmacokinet Biopharm 1993;21:457-478.

    Examples
    --------
    >>> float(induction_stimulus(3.0, 2.0, 3.0))
    1.0
    """
    c = nonnegative("inducer_mg_per_l", inducer_mg_per_l)
    emax = nonnegative("emax_induction", emax_induction)
    ec50 = positive("ec50_mg_per_l", ec50_mg_per_l)
    return emax * c / (ec50 + c)


def enzyme_steady_state(inducer_mg_per_l, emax_induction, ec50_mg_per_l):
    """Steady-state enzyme amount (relative to baseline) at a constant inducer level.

    This is also the fold change in intrinsic clearance that a co-prescribed
    inducer causes once induction is complete.

    Parameters
    ----------
    inducer_mg_per_l : array_like
        Inducer concentration, mg/L (>= 0).
    emax_induction : array_like
        Maximal fractional increase of synthesis (>= 0).
    ec50_mg_per_l : array_like
        Half-maximal concentration, mg/L (> 0).

    Returns
    -------
    numpy.ndarray
        :math:`E_{ss}` (dimensionless, >= 1).

    Notes
    -----
    Setting :math:`dE/dt = 0` with :math:`k_{syn} = k_{deg}`:

    .. math:: E_{ss} = 1 + \\frac{E_{max} C}{EC_{50} + C}

    References
    ----------
    Dayneka NL, Garg V, Jusko WJ. J Pharmacokinet Biopharm 1993;21:457-478.

    Examples
    --------
    >>> float(enzyme_steady_state(3.0, 2.0, 3.0))
    2.0
    """
    return 1.0 + induction_stimulus(inducer_mg_per_l, emax_induction, ec50_mg_per_l)


def enzyme_time_course(
    t_h,
    inducer_mg_per_l,
    enzyme_half_life_h,
    emax_induction,
    ec50_mg_per_l,
    *,
    segment_start_h=None,
    enzyme_initial=1.0,
):
    """Enzyme amount over time for a constant or piecewise-constant inducer (closed form).

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Output times, h, non-decreasing, not before the first segment start.
    inducer_mg_per_l : array_like
        Inducer concentration, mg/L (>= 0). Without ``segment_start_h``: a
        constant level from t = 0, broadcasting with the parameters. With
        ``segment_start_h``: the level in each segment along the **last
        axis** (length n_segments); leading axes broadcast with the parameters.
    enzyme_half_life_h : array_like
        Enzyme turnover half-life, h (> 0).
    emax_induction : array_like
        Maximal fractional increase of synthesis (>= 0).
    ec50_mg_per_l : array_like
        Half-maximal inducer concentration, mg/L (> 0).
    segment_start_h : array_like, shape (n_segments,), optional
        Start times of the constant-exposure segments, h, non-decreasing. The
        enzyme equals ``enzyme_initial`` at ``segment_start_h[0]``.
    enzyme_initial : array_like, optional
        Enzyme amount relative to baseline at the start (> 0; default 1).

    Returns
    -------
    numpy.ndarray, shape broadcast(params) + (n_t,)
        Enzyme amount relative to the uninduced baseline (dimensionless).

    Notes
    -----
    Within a segment of constant inducer level, the turnover equation is
    linear with the solution (exact, no numerical integration)

    .. math:: E(t) = E_{ss} + (E(t_j) - E_{ss}) e^{-k_{deg}(t - t_j)},
              \\qquad E_{ss} = 1 + \\frac{E_{max} C_j}{EC_{50} + C_j}

    and the value at each segment boundary is carried to the next. After the
    inducer stops (:math:`C = 0`), the excess enzyme :math:`E - 1` halves
    every enzyme half-life.

    References
    ----------
    Dayneka NL, Garg V, Jusko WJ. Comparison of four basic models of indirect
    pharmacodynamic responses. J Pharmacokinet Biopharm 1993;21:457-478.

    Examples
    --------
    An inducer at its EC50 with Emax = 2 drives the enzyme towards 2; after
    one enzyme half-life it is half-way there:

    >>> enzyme_time_course([0.0, 72.0], 3.0, 72.0, 2.0, 3.0).round(6)
    array([1. , 1.5])
    """
    t = nondecreasing("t_h", np.atleast_1d(np.asarray(t_h, dtype=float)))
    kdeg = LN2 / positive("enzyme_half_life_h", enzyme_half_life_h)
    emax = nonnegative("emax_induction", emax_induction)
    ec50 = positive("ec50_mg_per_l", ec50_mg_per_l)
    e0 = positive("enzyme_initial", enzyme_initial)
    conc = nonnegative("inducer_mg_per_l", inducer_mg_per_l)
    if segment_start_h is None:
        starts = np.zeros(1)
        conc = conc[..., None]
    else:
        starts = nondecreasing("segment_start_h", np.atleast_1d(np.asarray(segment_start_h, dtype=float)))
        if starts.size == 0:
            raise ValueError("segment_start_h must hold at least one start time")
        if conc.ndim == 0:
            conc = np.full(starts.size, float(conc))
        if conc.shape[-1] != starts.size:
            raise ValueError(
                f"inducer_mg_per_l must have one level per segment along its last axis "
                f"({starts.size}), got shape {conc.shape}"
            )
    if t.size and t[0] < starts[0]:
        raise ValueError(f"t_h must be >= the first segment start ({starts[0]} h), got {t[0]}")
    kdeg, emax, ec50, e0 = broadcast(
        enzyme_half_life_h=kdeg, emax_induction=emax, ec50_mg_per_l=ec50, enzyme_initial=e0
    )
    e_ss = 1.0 + emax[..., None] * conc / (ec50[..., None] + conc)  # grid + (n_seg,)
    grid = e_ss.shape[:-1]
    kdeg = np.broadcast_to(kdeg, grid)
    e_start = np.empty(e_ss.shape)
    e = np.broadcast_to(e0, grid).astype(float)
    for j in range(starts.size):
        if j > 0:
            e = e_ss[..., j - 1] + (e - e_ss[..., j - 1]) * np.exp(-kdeg * (starts[j] - starts[j - 1]))
        e_start[..., j] = e
    idx = np.searchsorted(starts, t, side="right") - 1
    s = t - starts[idx]
    return e_ss[..., idx] + (e_start[..., idx] - e_ss[..., idx]) * np.exp(-kdeg[..., None] * s)


# ---------------------------------------------------------------------------
# clearance of a fixed regimen under induction
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InducedClearance:
    """Time course of a regimen's pharmacokinetics under enzyme induction.

    Arrays have shape broadcast(params) + (n_t,).
    """

    t_h: np.ndarray
    enzyme_relative: np.ndarray
    clearance_l_per_h: np.ndarray
    half_life_h: np.ndarray
    css_average_mg_per_l: np.ndarray


def clearance_under_inducer(
    t_h,
    inducer_mg_per_l,
    *,
    clearance_baseline_l_per_h,
    volume_l,
    dose_mg,
    dosing_interval_h,
    enzyme_half_life_h,
    emax_induction,
    ec50_mg_per_l,
    bioavailability=1.0,
    fraction_metabolized=1.0,
    segment_start_h=None,
):
    """Clearance, half-life and average steady-state level of a regimen under an inducer.

    The inducer (e.g. a co-prescribed drug) has a constant or
    piecewise-constant concentration; the affected ("victim") drug is given
    at a fixed dose every ``dosing_interval_h`` hours.

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Output times, h, non-decreasing.
    inducer_mg_per_l : array_like
        Inducer concentration, mg/L; see :func:`enzyme_time_course`.
    clearance_baseline_l_per_h : array_like
        Victim-drug clearance without induction, L/h (> 0).
    volume_l : array_like
        Victim-drug volume, L (> 0).
    dose_mg : array_like
        Victim-drug dose per administration, mg (>= 0).
    dosing_interval_h : array_like
        Dosing interval, h (> 0).
    enzyme_half_life_h, emax_induction, ec50_mg_per_l : array_like
        Turnover and induction parameters, see :func:`enzyme_time_course`.
    bioavailability : array_like, optional
        Victim-drug bioavailable fraction in [0, 1] (default 1).
    fraction_metabolized : array_like, optional
        Fraction of victim clearance through the induced enzyme, in [0, 1].
    segment_start_h : array_like, optional
        Segment start times for a piecewise-constant inducer.

    Returns
    -------
    InducedClearance
        ``enzyme_relative``, ``clearance_l_per_h``, ``half_life_h`` and
        ``css_average_mg_per_l`` (the average steady-state concentration the
        regimen would reach at the current clearance), each shaped
        broadcast(params) + (n_t,).

    Notes
    -----
    .. math::

        CL(t) = CL_0 (1 - f_m + f_m E(t)), \\quad
        t_{1/2}(t) = \\frac{\\ln 2\\, V}{CL(t)}, \\quad
        C_{ss,avg}(t) = \\frac{F \\cdot \\mathrm{Dose}}{CL(t)\\, \\tau}

    ``css_average`` is a quasi-steady-state value: it is the level actually
    reached when the drug's own half-life is short compared with the
    enzyme's (use :func:`~neuroadapt.autoinduction.simulate_autoinduction` for the full dynamics).

    References
    ----------
    Rowland M, Matin SB. J Pharmacokinet Biopharm 1973;1:553-567.
    Dayneka NL, Garg V, Jusko WJ. J Pharmacokinet Biopharm 1993;21:457-478.

    Examples
    --------
    >>> r = clearance_under_inducer([0.0, 72.0], 3.0, clearance_baseline_l_per_h=2.0,
    ...     volume_l=50.0, dose_mg=100.0, dosing_interval_h=24.0, enzyme_half_life_h=72.0,
    ...     emax_induction=2.0, ec50_mg_per_l=3.0)
    >>> r.clearance_l_per_h.round(3)
    array([2., 3.])
    """
    t = nondecreasing("t_h", np.atleast_1d(np.asarray(t_h, dtype=float)))
    e = enzyme_time_course(
        t, inducer_mg_per_l, enzyme_half_life_h, emax_induction, ec50_mg_per_l, segment_start_h=segment_start_h
    )
    cl0 = positive("clearance_baseline_l_per_h", clearance_baseline_l_per_h)
    volume = positive("volume_l", volume_l)
    dose = nonnegative("dose_mg", dose_mg)
    tau = positive("dosing_interval_h", dosing_interval_h)
    bio = fraction("bioavailability", bioavailability)
    fm = fraction("fraction_metabolized", fraction_metabolized)
    cl0, volume, dose, tau, bio, fm = (np.asarray(x)[..., None] for x in (cl0, volume, dose, tau, bio, fm))
    cl = cl0 * (1.0 - fm + fm * e)
    return InducedClearance(
        t_h=t,
        enzyme_relative=np.broadcast_to(e, cl.shape).copy(),
        clearance_l_per_h=cl,
        half_life_h=LN2 * volume / cl,
        css_average_mg_per_l=bio * dose / (cl * tau),
    )
