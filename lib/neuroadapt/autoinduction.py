"""Autoinduction: a drug that induces the enzyme that clears it (pharmacokinetic tolerance).

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
daily dose gives concentrations that first rise (accumulation) and then fall
over weeks as clearance rises: pharmacokinetic tolerance.

:func:`simulate_autoinduction` solves the coupled, non-linear system in which
the drug induces its own clearance (numerically, with
:func:`scipy.integrate.solve_ivp` over the whole parameter grid), and
:func:`autoinduction_steady_state` gives its closed-form end point. An inducer
whose concentration is given (a co-prescribed drug) is the linear turnover
model of :mod:`neuroadapt.enzyme_induction`.

Named parameter sets (:data:`AUTOINDUCTION_PRESETS`) give carbamazepine
(autoinduction, Bertilsson & Tomson 1986) and two explicitly illustrative
barbiturate-like sets. Units: hours, mg, L, mg/L, L/h.

Time scale. With the mean CYP3A4 degradation half-life used by Galetin et
al. (2006), 3 days, and a fixed carbamazepine dose from day 1, 90% of the
model's half-life shortening is reached after about 5.5 days (about 11 days
with 6 days, the slowest turnover in Galetin et al.'s range). That agrees
with the primary studies (complete within 1 week, Kudriakova et al. 1992;
within 5 days in adults, Bertilsson, Tomson & Tybring 1986) but not with the
"3-5 weeks of a fixed dosing regimen" of the US prescribing information,
which no turnover in that range reproduces; the book's tolerance page
explains the difference (the drug table's ``autoinduction_complete_d`` rows
hold all three windows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp

from ._data import read_table
from ._validation import broadcast, choice, fraction, increasing, nondecreasing, nonnegative, positive
from .drugs import drug_sources, drug_value

__all__ = [
    "AutoinductionParams",
    "AUTOINDUCTION_PRESETS",
    "drug_parameters",
    "AutoinductionResult",
    "simulate_autoinduction",
    "AutoinductionSteadyState",
    "autoinduction_steady_state",
]

LN2 = math.log(2.0)


# ---------------------------------------------------------------------------
# named parameter sets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoinductionParams:
    """Parameters of a drug that induces its own metabolism.

    Attributes
    ----------
    name : str
    half_life_uninduced_h : float
        Elimination half-life before induction (single dose), h.
    volume_l : float
        Apparent volume of distribution, L.
    bioavailability : float
        Oral bioavailable fraction.
    absorption_rate_per_h : float
        First-order absorption rate constant, 1/h.
    enzyme_half_life_h : float
        Turnover half-life of the induced enzyme, h.
    emax_induction : float
        Maximal fold increase of enzyme synthesis above baseline.
    ec50_mg_per_l : float
        Drug concentration giving half the maximal induction, mg/L.
    fraction_metabolized : float
        Fraction of baseline clearance through the inducible pathway.
    dose_mg : float
        Typical maintenance dose per administration, mg.
    dosing_interval_h : float
        Typical dosing interval, h.
    sources : str
        Where each number comes from; values not taken from a publication are
        marked "illustrative".
    """

    name: str
    half_life_uninduced_h: float
    volume_l: float
    bioavailability: float
    absorption_rate_per_h: float
    enzyme_half_life_h: float
    emax_induction: float
    ec50_mg_per_l: float
    fraction_metabolized: float
    dose_mg: float
    dosing_interval_h: float
    sources: str = field(default="", repr=False)

    @property
    def clearance_baseline_l_per_h(self) -> float:
        """Uninduced clearance, L/h: :math:`\\ln 2 \\, V / t_{1/2}`."""
        return LN2 * self.volume_l / self.half_life_uninduced_h

    def model_kwargs(self) -> dict:
        """Keyword arguments for :func:`simulate_autoinduction` (dose excluded)."""
        return dict(
            volume_l=self.volume_l,
            clearance_baseline_l_per_h=self.clearance_baseline_l_per_h,
            enzyme_half_life_h=self.enzyme_half_life_h,
            emax_induction=self.emax_induction,
            ec50_mg_per_l=self.ec50_mg_per_l,
            absorption_rate_per_h=self.absorption_rate_per_h,
            bioavailability=self.bioavailability,
            fraction_metabolized=self.fraction_metabolized,
        )


def _presets() -> dict[str, AutoinductionParams]:
    """Build the named parameter sets from ``data/autoinduction_presets.csv`` and the drug table."""
    table = read_table("autoinduction_presets.csv", numeric=("value",))
    presets = {}
    for name in dict.fromkeys(table["preset"]):
        rows = table[table["preset"] == name]
        values = dict(zip(rows["quantity"], rows["value"]))
        drug = rows["drug"].iloc[0]
        sources = [f"{q}: {src or status}" for q, src, status in zip(rows["quantity"], rows["source"], rows["status"])]
        if "half_life_uninduced_h" not in values:  # a literature number: read from the drug table
            values["half_life_uninduced_h"] = drug_value(drug, "half_life_h")
            sources.insert(0, f"half_life_uninduced_h: {drug_sources(drug, 'half_life_h')[0]} (drug table)")
        presets[name] = AutoinductionParams(
            name=name,
            half_life_uninduced_h=float(values["half_life_uninduced_h"]),
            volume_l=float(values["volume_l"]),
            bioavailability=float(values["bioavailability"]),
            absorption_rate_per_h=float(values["absorption_rate_per_h"]),
            enzyme_half_life_h=float(values["enzyme_half_life_h"]),
            emax_induction=float(values["emax_induction"]),
            ec50_mg_per_l=float(values["ec50_mg_per_l"]),
            fraction_metabolized=float(values["fraction_metabolized"]),
            dose_mg=float(values["dose_mg"]),
            dosing_interval_h=float(values["dosing_interval_h"]),
            sources="; ".join(sources),
        )
    return presets


#: Named parameter sets, built from ``data/autoinduction_presets.csv`` (with
#: each value's source or "illustrative") and, for the uninduced half-life of a
#: real drug, from the drug table (:func:`neuroadapt.drugs.drug_value`).
AUTOINDUCTION_PRESETS: dict[str, AutoinductionParams] = _presets()


def drug_parameters(name: str) -> AutoinductionParams:
    """Named parameter set for an inducing drug.

    Parameters
    ----------
    name : str
        One of ``AUTOINDUCTION_PRESETS``: ``"carbamazepine"``,
        ``"phenobarbital_illustrative"``, ``"barbiturate_generic_illustrative"``.

    Returns
    -------
    AutoinductionParams
        Frozen dataclass; ``sources`` says where each value comes from.

    Notes
    -----
    The baseline clearance follows :math:`CL_0 = \\ln 2 \\, V / t_{1/2}`.

    References
    ----------
    Bertilsson L, Tomson T. Clinical pharmacokinetics and pharmacological
    effects of carbamazepine and carbamazepine-10,11-epoxide: an update. Clin
    Pharmacokinet 1986;11:177-198.

    Galetin A, Burt H, Gibbons L, Houston JB. Prediction of time-dependent
    CYP3A4 drug-drug interactions: impact of enzyme degradation, parallel
    elimination pathways, and intestinal inhibition. Drug Metab Dispos
    2006;34:166-175.

    Examples
    --------
    >>> p = drug_parameters("carbamazepine")
    >>> p.half_life_uninduced_h, p.enzyme_half_life_h
    (35.0, 72.0)
    """
    return AUTOINDUCTION_PRESETS[choice("name", name, AUTOINDUCTION_PRESETS)]


# ---------------------------------------------------------------------------
# autoinduction: the drug induces its own clearance
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoinductionResult:
    """Coupled drug and enzyme time course; arrays are broadcast(params) + (n_t,)."""

    t_h: np.ndarray
    concentration_mg_per_l: np.ndarray
    enzyme_relative: np.ndarray
    clearance_l_per_h: np.ndarray
    half_life_h: np.ndarray


def simulate_autoinduction(
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
    rtol=1e-6,
):
    """Simulate a drug that induces the enzyme that clears it (autoinduction).

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Output times, h, strictly increasing.
    dose_times_h : array_like, shape (n_doses,)
        Dose times, h, non-decreasing. A dose at exactly an output time is
        included in that output (right-continuous).
    dose_mg : array_like
        Dose per administration, mg (>= 0).
    volume_l : array_like
        Apparent volume, L (> 0).
    clearance_baseline_l_per_h : array_like
        Uninduced clearance, L/h (> 0).
    enzyme_half_life_h : array_like
        Enzyme turnover half-life, h (> 0).
    emax_induction : array_like
        Maximal fractional increase of enzyme synthesis (>= 0).
    ec50_mg_per_l : array_like
        Drug concentration for half-maximal induction, mg/L (> 0).
    absorption_rate_per_h : array_like or None, optional
        First-order absorption rate, 1/h; ``None`` (default) for IV bolus.
    bioavailability : array_like, optional
        Oral bioavailable fraction in [0, 1] (default 1).
    fraction_metabolized : array_like, optional
        Fraction of clearance through the inducible enzyme, in [0, 1].
    clearance_fold_change : array_like, optional
        Constant fold change of the inducible pathway's intrinsic clearance
        from a co-prescribed inhibitor (< 1) or inducer (> 1); default 1.
    enzyme_initial : array_like, optional
        Enzyme relative to baseline at the start (> 0; default 1).
    rtol : float, optional
        Relative tolerance of solve_ivp, in (0, 0.1] (default 1e-6: error
        about 3e-6 mg/L for carbamazepine; 1e-3 gives about 3e-3 mg/L). The
        absolute tolerance is ``1e-9`` times the dose in mg.

    Returns
    -------
    AutoinductionResult
        ``concentration_mg_per_l``, ``enzyme_relative``,
        ``clearance_l_per_h`` and ``half_life_h`` (the instantaneous
        elimination half-life :math:`\\ln 2 \\, V / CL`), each shaped
        broadcast(params) + (n_t,).

    Notes
    -----
    State: gut amount :math:`G`, body amount :math:`A`, enzyme :math:`E`.

    .. math::

        \\frac{dG}{dt} = -k_a G, \\qquad
        \\frac{dA}{dt} = k_a G - \\frac{CL(t)}{V} A, \\qquad
        \\frac{dE}{dt} = k_{deg}\\left(1 + \\frac{E_{max} C}{EC_{50} + C} - E\\right)

    with :math:`C = A/V` and
    :math:`CL(t) = CL_0 (1 - f_m + f_m \\cdot \\mathrm{fold} \\cdot E(t))`.
    Doses add :math:`F \\cdot D` to :math:`G` (oral) or :math:`D` to
    :math:`A` (bolus). Between doses the whole parameter grid, flattened,
    is integrated by one :func:`scipy.integrate.solve_ivp` call with a
    vectorized right-hand side; the call is restarted at each dose time,
    because a dose is an impulse that an ODE solver cannot step across.
    The hand-written integrators this function used before (fixed-step
    RK4, and a Strang split of exact sub-steps for slider grids) were timed
    against this call at matched accuracy (``make bench``, CPU time, equal
    output work, best of 7 interleaved runs on the 50 x 50 x 2000 slider
    grid): RK4 was 1.0-1.3x faster, the split 2.7-2.8x (single pairs of runs
    2.2-4x on a busy machine), not the 3x that would justify keeping
    hand-written numerics, so SciPy is used.

    References
    ----------
    Dayneka NL, Garg V, Jusko WJ. J Pharmacokinet Biopharm 1993;21:457-478.
    Bertilsson L, Tomson T. Clin Pharmacokinet 1986;11:177-198.

    Examples
    --------
    Carbamazepine 400 mg twice daily: the half-life falls from 35 h towards
    the chronic range over weeks.

    >>> from neuroadapt.pharmacokinetics import regular_dose_times_h
    >>> p = drug_parameters("carbamazepine")
    >>> r = simulate_autoinduction([0.0, 24.0 * 42], regular_dose_times_h(12.0, 84),
    ...                            dose_mg=p.dose_mg, **p.model_kwargs())
    >>> r.half_life_h.round(0)
    array([35., 13.])
    """
    t = increasing("t_h", np.atleast_1d(np.asarray(t_h, dtype=float)))
    td = nondecreasing("dose_times_h", np.atleast_1d(np.asarray(dose_times_h, dtype=float)))
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
    rtol = float(positive("rtol", rtol))
    if rtol > 0.1:
        raise ValueError(f"rtol must lie in (0, 0.1]; got {rtol!r}")
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
    n = dose.size
    flat = [x.ravel() for x in (dose, volume, kdeg, emax, ec50, ka, bio)]
    dose_f, volume_f, kdeg_f, emax_f, ec50_f, ka_f, bio_f = flat
    k_other = (cl0 * (1.0 - fm) / volume).ravel()  # non-inducible elimination, 1/h
    k_ind = (cl0 * fm * fold / volume).ravel()  # inducible elimination per unit enzyme, 1/h
    conc, enzyme = _integrate_autoinduction(
        t, td, n, oral, rtol, dose_f, volume_f, kdeg_f, emax_f, ec50_f, ka_f, bio_f, k_other, k_ind, e0.ravel()
    )
    conc = conc.reshape(grid + (t.size,))
    enzyme = enzyme.reshape(grid + (t.size,))
    cl = cl0[..., None] * (1.0 - fm[..., None] + fm[..., None] * fold[..., None] * enzyme)
    return AutoinductionResult(
        t_h=t,
        concentration_mg_per_l=np.maximum(conc, 0.0),
        enzyme_relative=enzyme,
        clearance_l_per_h=cl,
        half_life_h=LN2 * volume[..., None] / cl,
    )


def _integrate_autoinduction(t, td, n, oral, rtol, dose, volume, kdeg, emax, ec50, ka, bio, k_other, k_ind, e0):
    """Solve the flattened grid (n parameter sets) with solve_ivp, restarted at each dose.

    State vector: gut amounts (n), body amounts (n), enzyme (n). Returns the
    concentration (mg/L) and enzyme (relative), each shaped (n, n_t).
    """

    def rhs(_t, y):
        g, a, e = y[:n], y[n : 2 * n], y[2 * n :]
        c = a / volume
        absorbed = ka * g
        return np.concatenate(
            (-absorbed, absorbed - (k_other + k_ind * e) * a, kdeg * (1.0 + emax * c / (ec50 + c) - e))
        )

    atol = 1e-9 * np.concatenate((np.maximum(dose, 1.0), np.maximum(dose, 1.0), np.ones(n)))
    y = np.concatenate((np.zeros(2 * n), np.broadcast_to(e0, (n,))))
    out = np.empty((2, n, t.size))
    events, counts = np.unique(td[td <= t[-1]], return_counts=True)
    t_now = min(t[0], events[0]) if events.size else t[0]
    # stretches between doses: outputs in [t_now, next dose), then the dose
    for t_end, n_same in list(zip(events, counts)) + [(None, 0)]:
        final = t_end is None
        stop = t[-1] if final else t_end
        sel = np.flatnonzero((t >= t_now) & ((t <= stop) if final else (t < stop)))
        if stop > t_now:
            t_eval = np.unique(np.concatenate((t[sel], [stop])))
            sol = solve_ivp(rhs, (t_now, stop), y, t_eval=t_eval, rtol=rtol, atol=atol, method="RK45")
            if not sol.success:  # pragma: no cover - RK45 on this smooth, bounded system
                raise RuntimeError(f"solve_ivp failed: {sol.message}")
            idx = np.searchsorted(t_eval, t[sel])
            out[0][:, sel] = sol.y[n : 2 * n, idx]
            out[1][:, sel] = sol.y[2 * n :, idx]
            y = sol.y[:, -1].copy()
        else:
            out[0][:, sel] = y[n : 2 * n, None]
            out[1][:, sel] = y[2 * n :, None]
        if final:
            break
        t_now = t_end
        if oral:
            y[:n] += bio * dose * n_same
        else:
            y[n : 2 * n] += dose * n_same
    return out[0] / volume[:, None], out[1]


@dataclass(frozen=True)
class AutoinductionSteadyState:
    """Closed-form end point of autoinduction (arrays broadcast over parameters)."""

    enzyme_relative: np.ndarray
    clearance_l_per_h: np.ndarray
    half_life_h: np.ndarray
    css_average_mg_per_l: np.ndarray


def autoinduction_steady_state(
    dose_mg,
    dosing_interval_h,
    *,
    clearance_baseline_l_per_h,
    volume_l,
    emax_induction,
    ec50_mg_per_l,
    bioavailability=1.0,
    fraction_metabolized=1.0,
    clearance_fold_change=1.0,
):
    """Self-consistent enzyme level, clearance and concentration after autoinduction.

    Parameters
    ----------
    dose_mg : array_like
        Dose per administration, mg (>= 0).
    dosing_interval_h : array_like
        Dosing interval, h (> 0).
    clearance_baseline_l_per_h : array_like
        Uninduced clearance, L/h (> 0).
    volume_l : array_like
        Apparent volume, L (> 0).
    emax_induction, ec50_mg_per_l : array_like
        Induction parameters (Emax >= 0, EC50 > 0 mg/L).
    bioavailability, fraction_metabolized : array_like, optional
        Fractions in [0, 1] (default 1).
    clearance_fold_change : array_like, optional
        Co-prescribed fold change of the inducible pathway (> 0; default 1).

    Returns
    -------
    AutoinductionSteadyState
        ``enzyme_relative``, ``clearance_l_per_h``, ``half_life_h`` and
        ``css_average_mg_per_l`` at the induced steady state.

    Notes
    -----
    With the average concentration :math:`C = c_0/u` where
    :math:`c_0 = F D / (CL_0 \\tau)` and
    :math:`u = 1 - f_m + f_m\\,\\mathrm{fold}\\,E`, the steady state of the
    turnover equation, :math:`E - 1 = E_{max} C/(EC_{50} + C)`, is a
    quadratic in :math:`x = E - 1` whose positive root is

    .. math:: x = \\frac{2 E_{max} c_0}{(EC_{50} u_0 + c_0)
              + \\sqrt{(EC_{50} u_0 + c_0)^2 + 4 EC_{50} b E_{max} c_0}}

    with :math:`u_0 = 1 - f_m + f_m\\,\\mathrm{fold}` and
    :math:`b = f_m\\,\\mathrm{fold}`. It is exact for a constant-rate input;
    for intermittent doses the induction term sees a fluctuating
    concentration, and the simulated plateau is slightly lower (by a few
    percent for twice-daily carbamazepine).

    References
    ----------
    Dayneka NL, Garg V, Jusko WJ. J Pharmacokinet Biopharm 1993;21:457-478.

    Examples
    --------
    >>> p = drug_parameters("carbamazepine")
    >>> r = autoinduction_steady_state(400.0, 12.0, clearance_baseline_l_per_h=p.clearance_baseline_l_per_h,
    ...     volume_l=p.volume_l, emax_induction=p.emax_induction, ec50_mg_per_l=p.ec50_mg_per_l,
    ...     bioavailability=p.bioavailability)
    >>> round(float(r.half_life_h), 1)
    12.7
    """
    dose = nonnegative("dose_mg", dose_mg)
    tau = positive("dosing_interval_h", dosing_interval_h)
    cl0 = positive("clearance_baseline_l_per_h", clearance_baseline_l_per_h)
    volume = positive("volume_l", volume_l)
    emax = nonnegative("emax_induction", emax_induction)
    ec50 = positive("ec50_mg_per_l", ec50_mg_per_l)
    bio = fraction("bioavailability", bioavailability)
    fm = fraction("fraction_metabolized", fraction_metabolized)
    fold = positive("clearance_fold_change", clearance_fold_change)
    c0 = bio * dose / (cl0 * tau)
    u0 = 1.0 - fm + fm * fold
    b = fm * fold
    p = ec50 * u0 + c0
    x = 2.0 * emax * c0 / (p + np.sqrt(p * p + 4.0 * ec50 * b * emax * c0))
    e = 1.0 + x
    cl = cl0 * (1.0 - fm + fm * fold * e)
    return AutoinductionSteadyState(
        enzyme_relative=e,
        clearance_l_per_h=cl,
        half_life_h=LN2 * volume / cl,
        css_average_mg_per_l=bio * dose / (cl * tau),
    )
