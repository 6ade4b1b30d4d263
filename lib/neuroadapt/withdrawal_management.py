r"""Managing alcohol withdrawal: symptom-triggered against fixed-schedule benzodiazepine.

The book's alcohol homeostat (:mod:`neuroadapt.alcohol`) gives the brain's
excitability after the last drink. A benzodiazepine acts at the GABA-A receptor
like alcohol (cross-tolerance), so here it adds to the inhibitory drive:

.. math::

    E = N(1 - \beta c) - G\,(1 + \varepsilon c + b), \qquad
    b = \frac{b_{\max} A_{eq}}{A_{eq} + A_{50}},

    \tau_N \frac{dN}{dt} = 1 - N(1 - \beta c), \qquad
    \tau_G \frac{dG}{dt} = 1 - G\,(1 + \varepsilon c + b),

with :math:`c` the blood alcohol (g/dL), :math:`N` and :math:`G` the NMDA and
GABA-A gains of :func:`neuroadapt.alcohol.alcohol_homeostat`, and
:math:`A_{eq}` the amount of benzodiazepine in the body in diazepam-equivalent
milligrams (Ashton 2002 equivalences from :mod:`neuroadapt.drugs`). The drug
follows one-compartment oral kinetics with first-order absorption (the
Bateman function of :func:`neuroadapt.pharmacokinetics.oral_concentration`,
stepped exactly). The GABA-A gain keeps adapting to the benzodiazepine, so the
drug holds the adaptation in place while it is present and lets it unwind as
it is eliminated: a long half-life is a taper that runs itself.

The CIWA-Ar total (Sullivan et al. 1989) is mapped from excitability,
:math:`\mathrm{CIWA} = \min(67, \mathrm{round}(k \max(E, 0)))`, with an
illustrative slope :math:`k`. Two strategies are compared on the same patient:

* **symptom-triggered** (Saitz et al. 1994): assess every hour from admission,
  give a dose whenever the CIWA-Ar is at or above the trial's threshold (8);
* **fixed schedule** (Saitz et al. 1994): chlordiazepoxide 50 mg every 6 h for
  4 doses, then 25 mg every 6 h for 8 doses, converted to the chosen drug by
  diazepam equivalents, *plus* the same as-needed doses.

The trials' own numbers are in ``neuroadapt/data/alcohol_withdrawal_management.csv``
(:func:`trial_results`). The receptor and mapping parameters are illustrative
(:class:`WithdrawalManagementParams`): the simulation reproduces the trials'
qualitative finding - less drug and a shorter treatment when dosing follows
symptoms, with no more time in severe withdrawal - not their absolute numbers.
It is teaching material and not a dosing schedule.

References
----------
Saitz R, Mayo-Smith MF, Roberts MS, Redmond HA, Bernard DR, Calkins DR.
Individualized treatment for alcohol withdrawal: a randomized double-blind
controlled trial. JAMA 1994;272:519-523.

Daeppen JB, Gache P, Landry U, et al. Symptom-triggered vs fixed-schedule doses
of benzodiazepine for alcohol withdrawal: a randomized treatment trial. Arch
Intern Med 2002;162:1117-1121.

American Society of Addiction Medicine. The ASAM Clinical Practice Guideline on
Alcohol Withdrawal Management. J Addict Med 2020;14(3S Suppl 1):1-72.

Klotz U, Avant GR, Hoyumpa A, Schenker S, Wilkinson GR. The effects of age and
liver disease on the disposition and elimination of diazepam in adult man. J
Clin Invest 1975;55:347-359.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ._data import read_table
from ._validation import as_array, broadcast, choice, nonnegative, positive
from .alcohol import ALCOHOL_DEFAULTS, bac_after_last_drink
from .drugs import drug_value, normalize_drug_name
from .scales import CIWA_AR_BAND_SETS, CIWA_AR_MAX

__all__ = [
    "STRATEGIES",
    "BENZODIAZEPINES",
    "WithdrawalManagementParams",
    "WITHDRAWAL_MANAGEMENT_DEFAULTS",
    "WithdrawalManagementResult",
    "trial_results",
    "trial_value",
    "other_withdrawal_syndromes",
    "diazepam_half_life_h",
    "dose_in_drug_mg",
    "ciwa_from_excitability",
    "adapted_gains",
    "manage_alcohol_withdrawal",
]

#: Dosing strategies of :func:`manage_alcohol_withdrawal`.
STRATEGIES = ("symptom_triggered", "fixed_schedule", "none")
#: Benzodiazepines the simulation accepts (each has a half-life and a diazepam
#: equivalent in ``drugs.csv``).
BENZODIAZEPINES = ("diazepam", "chlordiazepoxide", "lorazepam", "oxazepam")


def _table() -> pd.DataFrame:
    return read_table("alcohol_withdrawal_management.csv", numeric=("value",))


def trial_results() -> pd.DataFrame:
    """Published numbers of the symptom-triggered trials and of diazepam in cirrhosis.

    Returns
    -------
    pandas.DataFrame
        Columns ``study``, ``quantity``, ``group``, ``value``, ``unit``,
        ``source`` (a BibTeX key) and ``note``; one row per number, read from
        ``neuroadapt/data/alcohol_withdrawal_management.csv``.

    References
    ----------
    Saitz R, et al. JAMA 1994;272:519-523. Daeppen JB, et al. Arch Intern Med
    2002;162:1117-1121. Klotz U, et al. J Clin Invest 1975;55:347-359.

    Examples
    --------
    >>> t = trial_results().set_index(["study", "quantity", "group"])
    >>> float(t.loc[("saitz1994", "total_dose_mg", "fixed_schedule"), "value"])
    425.0
    """
    return _table()


def trial_value(study: str, quantity: str, group: str) -> float:
    """One number of :func:`trial_results`.

    Parameters
    ----------
    study, quantity, group : str
        Row keys, e.g. ``("saitz1994", "treatment_duration_h", "symptom_triggered")``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        No such row (the message lists the rows that exist for ``study``).

    Examples
    --------
    >>> trial_value("saitz1994", "treatment_duration_h", "symptom_triggered")
    9.0
    """
    t = _table()
    row = t[(t["study"] == study) & (t["quantity"] == quantity) & (t["group"] == group)]
    if row.empty:
        have = t[t["study"] == study][["quantity", "group"]].apply(tuple, axis=1).tolist()
        raise ValueError(f"no row ({study!r}, {quantity!r}, {group!r}); rows for this study: {have}")
    return float(row["value"].iloc[0])


def other_withdrawal_syndromes() -> pd.DataFrame:
    """Sourced numbers on withdrawal from barbiturates, GHB/GBL, gabapentinoids, Z-drugs and fentanyl.

    Returns
    -------
    pandas.DataFrame
        ``drug_class``, ``examples``, ``quantity``, ``value``, ``low``, ``high``,
        ``unit``, ``source`` (BibTeX key) and ``note``, one row per number, from
        ``neuroadapt/data/other_withdrawal_syndromes.csv``.

    References
    ----------
    Isbell H, et al. Arch Neurol Psychiatry 1950;64:1-28. McDonough M, et al.
    Drug Alcohol Depend 2004;75:3-9. Mersfelder TL, Nichols WH. Ann
    Pharmacother 2016;50:229-233. Victorri-Vigneau C, et al. Br J Clin
    Pharmacol 2007;64:198-209. Cimolai N. Can Fam Physician 2007;53:2124-2129.
    Huhn AS, et al. Drug Alcohol Depend 2020;214:108147. Varshneya NB, et al.
    J Addict Med 2022;16:e265-e268.

    Examples
    --------
    >>> t = other_withdrawal_syndromes().set_index(["drug_class", "quantity"])
    >>> float(t.loc[("fentanyl", "fentanyl_clearance_d"), "value"])
    7.3
    """
    return read_table("other_withdrawal_syndromes.csv", numeric=("value", "low", "high"))


def diazepam_half_life_h(liver: str = "control") -> float:
    """Mean diazepam half-life in alcoholic cirrhosis or in matched controls (Klotz et al. 1975).

    Parameters
    ----------
    liver : {"control", "cirrhosis"}

    Returns
    -------
    float
        Half-life, h: 46.6 (controls) or 105.6 (cirrhosis).

    Examples
    --------
    >>> diazepam_half_life_h("cirrhosis") / diazepam_half_life_h("control") > 2
    True
    """
    choice("liver", liver, ("control", "cirrhosis"))
    return trial_value("klotz1975", "diazepam_half_life_h", liver)


def _equivalent_mg(drug: str) -> float:
    """Dose of ``drug`` equivalent to diazepam 10 mg (Ashton 2002)."""
    return drug_value(drug, "diazepam_equivalent_mg", source="ashton2002")


def _drug(drug: str) -> str:
    name = normalize_drug_name(drug)
    choice("drug", name, BENZODIAZEPINES)
    return name


def dose_in_drug_mg(chlordiazepoxide_mg, drug: str = "diazepam"):
    """Convert a chlordiazepoxide dose into an equivalent dose of another benzodiazepine.

    Parameters
    ----------
    chlordiazepoxide_mg : array_like
        Dose of chlordiazepoxide, mg (>= 0).
    drug : {"diazepam", "chlordiazepoxide", "lorazepam", "oxazepam"}

    Returns
    -------
    numpy.ndarray
        Equivalent dose of ``drug``, mg:
        :math:`D_{drug} = D_{CDP}\\, e_{drug} / e_{CDP}`, with :math:`e` the dose
        equivalent to diazepam 10 mg in the Ashton Manual (chlordiazepoxide 25,
        lorazepam 1, oxazepam 20 mg). Equivalences are approximate.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw. 2002, Table 1.

    Examples
    --------
    >>> float(dose_in_drug_mg(50.0, "diazepam")), float(dose_in_drug_mg(50.0, "lorazepam"))
    (20.0, 2.0)
    """
    dose = nonnegative("chlordiazepoxide_mg", chlordiazepoxide_mg)
    return dose * _equivalent_mg(_drug(drug)) / _equivalent_mg("chlordiazepoxide")


@dataclass(frozen=True)
class WithdrawalManagementParams:
    """Parameters of :func:`manage_alcohol_withdrawal` (all illustrative unless a source is given)."""

    #: CIWA-Ar points per unit of excitability (illustrative: the untreated peak
    #: after two weeks at 0.25 g/dL, excitability about 0.8, maps to about 24,
    #: "severe" by the ASAM bands).
    ciwa_per_excitability: float = 30.0
    #: largest fractional GABA-A enhancement a benzodiazepine can add (illustrative).
    benzodiazepine_emax: float = 1.5
    #: diazepam-equivalent amount in the body giving half that enhancement, mg (illustrative).
    benzodiazepine_ec50_diazepam_mg: float = 40.0
    #: first-order oral absorption rate, 1/h (illustrative: peak about 1.5-2 h after a dose).
    absorption_rate_per_h: float = 1.5
    #: time between assessments, h (Saitz et al. 1994: hourly).
    assessment_interval_h: float = 1.0
    #: time between fixed doses, h (Saitz et al. 1994: every 6 h).
    dosing_interval_h: float = 6.0
    #: CIWA-Ar total at or above which an as-needed dose is given (Saitz et al. 1994).
    ciwa_threshold: float = 8.0
    #: as-needed dose, mg of chlordiazepoxide (within the trial's 25-100 mg; 50 chosen).
    triggered_dose_chlordiazepoxide_mg: float = 50.0
    #: the fixed schedule, mg of chlordiazepoxide per dose (Saitz et al. 1994).
    fixed_doses_chlordiazepoxide_mg: tuple = (50.0,) * 4 + (25.0,) * 8
    #: lowest CIWA-Ar total of the "severe" band (ASAM 2020: 19 or more).
    severe_ciwa: float = 19.0
    #: excitability below which the patient counts as over-sedated, from admission on (illustrative).
    oversedation_excitability: float = -0.15


def _defaults() -> WithdrawalManagementParams:
    severe_low = [low for low, _, label in CIWA_AR_BAND_SETS["asam2020"][0] if label == "severe"][0]
    return WithdrawalManagementParams(
        ciwa_threshold=trial_value("saitz1994", "ciwa_ar_threshold", "symptom_triggered"),
        triggered_dose_chlordiazepoxide_mg=50.0,
        fixed_doses_chlordiazepoxide_mg=(trial_value("saitz1994", "fixed_dose_mg", "first_day"),) * 4
        + (trial_value("saitz1994", "fixed_dose_mg", "later"),) * 8,
        severe_ciwa=float(severe_low),
    )


WITHDRAWAL_MANAGEMENT_DEFAULTS = _defaults()


def _check_params(p: WithdrawalManagementParams) -> None:
    for f in fields(p):
        value = getattr(p, f.name)
        if f.name == "oversedation_excitability":
            as_array(f.name, value)
        elif f.name == "fixed_doses_chlordiazepoxide_mg":
            nonnegative(f.name, np.asarray(value, dtype=float))
        elif f.name in ("ciwa_threshold", "severe_ciwa"):
            v = as_array(f.name, value)
            if np.any((v < 0) | (v > CIWA_AR_MAX)):
                raise ValueError(f"{f.name} must lie in [0, {CIWA_AR_MAX}], got {value!r}")
        elif f.name == "triggered_dose_chlordiazepoxide_mg":
            nonnegative(f.name, value)
        else:
            positive(f.name, value)


def ciwa_from_excitability(excitability, ciwa_per_excitability=WITHDRAWAL_MANAGEMENT_DEFAULTS.ciwa_per_excitability):
    r"""Illustrative CIWA-Ar total from the homeostat's excitability.

    Parameters
    ----------
    excitability : array_like
        Net excitability of the alcohol homeostat (0 = baseline; positive =
        withdrawal hyperexcitability).
    ciwa_per_excitability : float, optional
        Points per unit of excitability (> 0).

    Returns
    -------
    numpy.ndarray
        :math:`\min(67, \mathrm{round}(k \max(E, 0)))`, a whole number in [0, 67]
        (the CIWA-Ar range, Sullivan et al. 1989). The linear mapping is an
        assumption of this book, not a published calibration.

    Examples
    --------
    >>> ciwa_from_excitability([-0.5, 0.0, 0.3, 0.82, 5.0]).tolist()
    [0.0, 0.0, 9.0, 25.0, 67.0]
    """
    e = as_array("excitability", excitability)
    k = positive("ciwa_per_excitability", ciwa_per_excitability)
    return np.minimum(np.round(k * np.maximum(e, 0.0)), float(CIWA_AR_MAX))


def adapted_gains(
    drinking_duration_d,
    plateau_bac_g_per_dl,
    *,
    nmda_block_per_g_dl=ALCOHOL_DEFAULTS.nmda_block_per_g_dl,
    gaba_enhance_per_g_dl=ALCOHOL_DEFAULTS.gaba_enhance_per_g_dl,
    time_constant_nmda_h=ALCOHOL_DEFAULTS.time_constant_nmda_h,
    time_constant_gaba_h=ALCOHOL_DEFAULTS.time_constant_gaba_h,
):
    r"""NMDA and GABA-A gains at the last drink after drinking at a constant blood alcohol.

    Parameters
    ----------
    drinking_duration_d : array_like
        Days of sustained drinking (>= 0).
    plateau_bac_g_per_dl : array_like
        Blood alcohol held while drinking, g/dL (>= 0; ``beta * c < 1``).
    nmda_block_per_g_dl, gaba_enhance_per_g_dl, time_constant_nmda_h, time_constant_gaba_h : float, optional
        The homeostat's parameters (:class:`neuroadapt.alcohol.AlcoholParams`).

    Returns
    -------
    nmda_gain, gabaa_gain : numpy.ndarray
        Broadcast shape of the inputs.

    Notes
    -----
    For a constant :math:`c` from drug-free baseline (:math:`N = G = 1`), the
    homeostat's linear equations give exactly

    .. math::

        N(T) = N_\infty + (1 - N_\infty)\, e^{-(1-\beta c) T/\tau_N}, \quad
        N_\infty = \frac{1}{1 - \beta c}, \qquad
        G(T) = G_\infty + (1 - G_\infty)\, e^{-(1+\varepsilon c) T/\tau_G}, \quad
        G_\infty = \frac{1}{1 + \varepsilon c},

    with :math:`T = 24 \times` ``drinking_duration_d`` h: the state that
    :func:`neuroadapt.alcohol.alcohol_homeostat` reaches under
    :func:`neuroadapt.alcohol.maintained_drinking_bac` at the last drink.

    Examples
    --------
    >>> n, g = adapted_gains(14, 0.25)
    >>> round(float(n), 2), round(float(g), 2)
    (1.59, 0.62)
    """
    days = nonnegative("drinking_duration_d", drinking_duration_d)
    c = nonnegative("plateau_bac_g_per_dl", plateau_bac_g_per_dl)
    beta = nonnegative("nmda_block_per_g_dl", nmda_block_per_g_dl)
    eps = nonnegative("gaba_enhance_per_g_dl", gaba_enhance_per_g_dl)
    tau_n = positive("time_constant_nmda_h", time_constant_nmda_h)
    tau_g = positive("time_constant_gaba_h", time_constant_gaba_h)
    if np.any(beta * c >= 1.0):
        raise ValueError("nmda_block_per_g_dl * plateau_bac_g_per_dl must be < 1 (NMDA block cannot reach 100 %)")
    t = 24.0 * days
    drive_n, drive_g = 1.0 - beta * c, 1.0 + eps * c
    n_inf, g_inf = 1.0 / drive_n, 1.0 / drive_g
    nmda = n_inf + (1.0 - n_inf) * np.exp(-drive_n * t / tau_n)
    gaba = g_inf + (1.0 - g_inf) * np.exp(-drive_g * t / tau_g)
    return nmda, gaba


@dataclass(frozen=True)
class WithdrawalManagementResult:
    """Course of :func:`manage_alcohol_withdrawal`; time is the last axis.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_t,)
        Hours since the last drink.
    bac_g_per_dl, amount_in_body_mg, excitability, ciwa_ar, dose_mg : numpy.ndarray, shape grid + (n_t,)
        Blood alcohol; benzodiazepine in the body (mg of the drug given);
        excitability (with the benzodiazepine); the mapped CIWA-Ar total; the
        dose given at each time (mg, 0 where none).
    total_dose_mg, treatment_duration_h, severe_time_h, oversedated_time_h, n_doses : numpy.ndarray, shape grid
        Sum of doses (mg of the drug); hours from first to last dose (0 with
        fewer than two doses); hours with a CIWA-Ar in the severe band; hours
        with excitability below the over-sedation level from admission on;
        number of doses.
    drug : str
        The benzodiazepine given.
    strategy : str
    """

    t_h: np.ndarray
    bac_g_per_dl: np.ndarray
    amount_in_body_mg: np.ndarray
    excitability: np.ndarray
    ciwa_ar: np.ndarray
    dose_mg: np.ndarray
    total_dose_mg: np.ndarray
    treatment_duration_h: np.ndarray
    severe_time_h: np.ndarray
    oversedated_time_h: np.ndarray
    n_doses: np.ndarray
    drug: str
    strategy: str

    def to_frame(self) -> pd.DataFrame:
        """Long-format table of a scalar-grid course: one row per time point."""
        if self.excitability.ndim != 1:
            raise ValueError("to_frame needs a single patient (scalar parameters); index the grid first")
        return pd.DataFrame(
            {
                "t_h": self.t_h,
                "bac_g_per_dl": self.bac_g_per_dl,
                "amount_in_body_mg": self.amount_in_body_mg,
                "excitability": self.excitability,
                "ciwa_ar": self.ciwa_ar,
                "dose_mg": self.dose_mg,
                "drug": self.drug,
                "strategy": self.strategy,
            }
        )


def manage_alcohol_withdrawal(
    strategy: str,
    *,
    drinking_duration_d=14.0,
    plateau_bac_g_per_dl=0.25,
    drug: str = "diazepam",
    half_life_h=None,
    admission_h: float = 6.0,
    horizon_h: float = 120.0,
    step_h: float = 0.25,
    params: WithdrawalManagementParams = WITHDRAWAL_MANAGEMENT_DEFAULTS,
) -> WithdrawalManagementResult:
    r"""Simulate alcohol withdrawal treated with a benzodiazepine, symptom-triggered or on a fixed schedule.

    Parameters
    ----------
    strategy : {"symptom_triggered", "fixed_schedule", "none"}
        ``"symptom_triggered"``: a dose (``params.triggered_dose_chlordiazepoxide_mg``
        converted to ``drug``) at each assessment with a CIWA-Ar at or above
        ``params.ciwa_threshold``. ``"fixed_schedule"``: the doses of
        ``params.fixed_doses_chlordiazepoxide_mg`` every
        ``params.dosing_interval_h`` from admission, plus the same as-needed
        doses (the design of Saitz et al. 1994). ``"none"``: untreated.
    drinking_duration_d : array_like, optional
        Days of sustained drinking before the last drink (>= 0).
    plateau_bac_g_per_dl : array_like, optional
        Blood alcohol held while drinking and at the last drink, g/dL (>= 0).
        Broadcasts with ``drinking_duration_d`` and ``half_life_h`` (a grid of patients).
    drug : {"diazepam", "chlordiazepoxide", "lorazepam", "oxazepam"}, optional
    half_life_h : array_like, optional
        Elimination half-life of the drug, h (> 0); default its value in
        ``drugs.csv`` (Ashton 2002). Pass e.g. :func:`diazepam_half_life_h`
        ``("cirrhosis")`` for liver disease.
    admission_h : float, optional
        Hours after the last drink when assessment and treatment start (>= 0).
    horizon_h : float, optional
        Hours simulated after the last drink (> ``admission_h``).
    step_h : float, optional
        Time step, h (> 0); ``params.assessment_interval_h``,
        ``params.dosing_interval_h`` and ``admission_h`` must be multiples of it.
    params : WithdrawalManagementParams, optional

    Returns
    -------
    WithdrawalManagementResult

    Raises
    ------
    ValueError
        An unknown strategy or drug, a parameter out of range (the message
        names it), or intervals that are not multiples of ``step_h``.

    Notes
    -----
    State at the last drink: :func:`adapted_gains`. Afterwards, on the grid
    :math:`t_k = k\,\Delta t`: blood alcohol from
    :func:`neuroadapt.alcohol.bac_after_last_drink`; at each step the
    excitability :math:`E_k` and CIWA-Ar (:func:`ciwa_from_excitability`) are
    read *before* any dose given at :math:`t_k`; then, with :math:`c` and the
    enhancement :math:`b` held over the step, the gains move exactly,
    :math:`X_{k+1} = X_\infty + (X_k - X_\infty) e^{-d\,\Delta t/\tau}`, and the
    gut and body amounts by the exact one-compartment solution
    :math:`A_{k+1} = A_k e^{-k_e \Delta t} + G_k k_a (e^{-k_e\Delta t} - e^{-k_a\Delta t})/(k_a - k_e)`,
    :math:`G_{k+1} = G_k e^{-k_a \Delta t}` (bioavailability 1, illustrative).

    References
    ----------
    Saitz R, et al. JAMA 1994;272:519-523.
    Sullivan JT, et al. Br J Addict 1989;84:1353-1357.
    Ashton CH. The Ashton Manual, 2002.

    Examples
    --------
    >>> st = manage_alcohol_withdrawal("symptom_triggered")
    >>> fx = manage_alcohol_withdrawal("fixed_schedule")
    >>> bool(st.total_dose_mg < fx.total_dose_mg), bool(st.treatment_duration_h < fx.treatment_duration_h)
    (True, True)
    """
    choice("strategy", strategy, STRATEGIES)
    name = _drug(drug)
    if not isinstance(params, WithdrawalManagementParams):
        raise ValueError(f"params must be a WithdrawalManagementParams; got {type(params).__name__}")
    _check_params(params)
    hl = positive("half_life_h", drug_value(name, "half_life_h") if half_life_h is None else half_life_h)
    admission = float(nonnegative("admission_h", admission_h))
    horizon = float(positive("horizon_h", horizon_h))
    dt = float(positive("step_h", step_h))
    if horizon <= admission:
        raise ValueError(f"horizon_h must be > admission_h ({admission:g}); got {horizon:g}")

    def _steps(pname, value):
        n = value / dt
        if abs(n - round(n)) > 1e-9:
            raise ValueError(f"{pname} must be a multiple of step_h ({dt:g}); got {value:g}")
        return int(round(n))

    k_adm = _steps("admission_h", admission)
    k_assess = max(_steps("params.assessment_interval_h", float(params.assessment_interval_h)), 1)
    k_fixed = max(_steps("params.dosing_interval_h", float(params.dosing_interval_h)), 1)

    nmda0, gaba0 = adapted_gains(drinking_duration_d, plateau_bac_g_per_dl)
    c0 = nonnegative("plateau_bac_g_per_dl", plateau_bac_g_per_dl)
    nmda, gaba, c0, hl = broadcast(nmda_gain=nmda0, gabaa_gain=gaba0, plateau_bac_g_per_dl=c0, half_life_h=hl)
    nmda, gaba = nmda.astype(float).copy(), gaba.astype(float).copy()
    grid = nmda.shape

    n_t = int(np.floor(horizon / dt + 1e-9)) + 1
    t = dt * np.arange(n_t)
    bac = bac_after_last_drink(t[None, :], c0.reshape(-1, 1)).reshape(grid + (n_t,))

    p = ALCOHOL_DEFAULTS
    beta, eps = p.nmda_block_per_g_dl, p.gaba_enhance_per_g_dl
    ke = np.log(2.0) / hl
    ka = float(params.absorption_rate_per_h)
    decay_e, decay_a = np.exp(-ke * dt), np.exp(-ka * dt)
    with np.errstate(divide="ignore", invalid="ignore"):
        transfer = np.where(np.isclose(ka, ke), ka * dt * decay_e, ka * (decay_e - decay_a) / (ka - ke))
    to_diazepam = 10.0 / _equivalent_mg(name)
    triggered = float(dose_in_drug_mg(params.triggered_dose_chlordiazepoxide_mg, name))
    fixed = dose_in_drug_mg(np.asarray(params.fixed_doses_chlordiazepoxide_mg, dtype=float), name)
    fixed_at = {k_adm + j * k_fixed: float(d) for j, d in enumerate(fixed)} if strategy == "fixed_schedule" else {}
    as_needed = strategy in ("symptom_triggered", "fixed_schedule")

    gut = np.zeros(grid)
    body = np.zeros(grid)
    out_e = np.empty(grid + (n_t,))
    out_a = np.empty(grid + (n_t,))
    out_ciwa = np.empty(grid + (n_t,))
    out_dose = np.zeros(grid + (n_t,))
    for k in range(n_t):
        c = bac[..., k]
        a_eq = body * to_diazepam
        b = params.benzodiazepine_emax * a_eq / (a_eq + params.benzodiazepine_ec50_diazepam_mg)
        drive_n = 1.0 - beta * c
        drive_g = 1.0 + eps * c + b
        e = nmda * drive_n - gaba * drive_g
        ciwa = ciwa_from_excitability(e, params.ciwa_per_excitability)
        out_e[..., k], out_a[..., k], out_ciwa[..., k] = e, body, ciwa
        dose = np.zeros(grid)
        if k in fixed_at:
            dose = dose + fixed_at[k]
        if as_needed and k >= k_adm and (k - k_adm) % k_assess == 0:
            dose = dose + np.where(ciwa >= params.ciwa_threshold, triggered, 0.0)
        out_dose[..., k] = dose
        gut = gut + dose
        body = body * decay_e + gut * transfer
        gut = gut * decay_a
        nmda = 1.0 / drive_n + (nmda - 1.0 / drive_n) * np.exp(-drive_n * dt / p.time_constant_nmda_h)
        gaba = 1.0 / drive_g + (gaba - 1.0 / drive_g) * np.exp(-drive_g * dt / p.time_constant_gaba_h)

    given = out_dose > 0
    n_doses = given.sum(axis=-1)
    first = np.where(n_doses > 0, np.argmax(given, axis=-1), 0)
    last = np.where(n_doses > 0, n_t - 1 - np.argmax(given[..., ::-1], axis=-1), 0)
    return WithdrawalManagementResult(
        t_h=t,
        bac_g_per_dl=bac,
        amount_in_body_mg=out_a,
        excitability=out_e,
        ciwa_ar=out_ciwa,
        dose_mg=out_dose,
        total_dose_mg=out_dose.sum(axis=-1),
        treatment_duration_h=(last - first) * dt,
        severe_time_h=(out_ciwa >= params.severe_ciwa).sum(axis=-1) * dt,
        oversedated_time_h=(out_e[..., k_adm:] < params.oversedation_excitability).sum(axis=-1) * dt,
        n_doses=n_doses,
        drug=name,
        strategy=strategy,
    )
