"""Receptor regulation: desensitization, internalization, recycling, degradation, synthesis.

A three-state trafficking model of the mu-opioid receptor (MOR), all amounts
as fractions of the drug-free total:

* ``R`` active receptors on the cell surface;
* ``D`` desensitized surface receptors (phosphorylated by GRKs, arrestin-bound,
  uncoupled from G proteins);
* ``I`` internalized receptors in endosomes.

.. math::

    \\frac{dR}{dt} &= -k_{des}\\,p(t)\\,R + k_{res} D + k_{rec} I + k_{syn} - k_{turn} R \\\\
    \\frac{dD}{dt} &= k_{des}\\,p(t)\\,R - (k_{res} + k_{int} + k_{turn}) D \\\\
    \\frac{dI}{dt} &= k_{int} D - (k_{rec} + k_{deg} + k_{turn}) I

where :math:`p(t)` is the agonist occupancy (0-1). Occupied receptors are
desensitized (rate :math:`k_{des} p`); desensitized receptors either recover
in place (dephosphorylation, :math:`k_{res}`) or are endocytosed
(:math:`k_{int}`); endosomal receptors are recycled to the surface
(:math:`k_{rec}`) or sent to lysosomes and destroyed (:math:`k_{deg}`). Every
receptor, whatever its state, also turns over constitutively
(:math:`k_{turn}`, set by the receptor half-life), and new receptors are made
at the constant rate :math:`k_{syn}`, by default equal to :math:`k_{turn}` so
that the drug-free steady state is :math:`R = 1, D = I = 0`.

The two time scales of the book follow from the structure. After a brief
saturating pulse the receptors come back by resensitization and recycling,
within about an hour, without new synthesis. After days of exposure, part of
the pool has been degraded (downregulation), and the total can only be
rebuilt by synthesis: :math:`dT/dt = k_{syn} - k_{turn} T - k_{deg} I`, so once
the endosomes have emptied the deficit decays with the receptor's own
turnover rate, over days.

For a given occupancy the model is *linear* in the state, so on every interval
where the occupancy is constant the exact solution is a matrix exponential.
:func:`receptor_trafficking` propagates the state exactly from one output time
to the next with the matrix exponential of the 4x4 augmented generator (the
constant synthesis term is the fourth state), computing each distinct
(occupancy, time step, rate set) propagator only once.

Parameter values (:data:`RECEPTOR_TRAFFICKING_DEFAULTS`) and where they come from are listed with
:class:`ReceptorTraffickingParams`; several are illustrative choices within published
ranges, and say so.

References
----------
Williams JT, Ingram SL, Henderson G, Chavkin C, von Zastrow M, Schulz S,
Koch T, Evans CJ, Christie MJ. Regulation of mu-opioid receptors:
desensitization, phosphorylation, internalization, and tolerance. Pharmacol
Rev 2013;65:223-254.

Virk MS, Williams JT. Agonist-specific regulation of mu-opioid receptor
desensitization and recovery from desensitization. Mol Pharmacol
2008;73:1301-1308.

Dang VC, Williams JT. Chronic morphine treatment reduces recovery from opioid
desensitization. J Neurosci 2004;24:7699-7706.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._numerics import input_time_last, snap_steps, time_to_last
from ._validation import as_array, choice, fraction, increasing, nonnegative, positive

__all__ = [
    "ReceptorTraffickingParams",
    "RECEPTOR_TRAFFICKING_DEFAULTS",
    "ReceptorTraffickingResult",
    "receptor_trafficking",
    "receptor_trafficking_exposure",
    "TraffickingSteadyState",
    "trafficking_steady_state",
    "recovery_time_h",
]

LN2 = float(np.log(2.0))


@dataclass(frozen=True)
class ReceptorTraffickingParams:
    """Rate constants of the receptor trafficking model, all in 1/h.

    Attributes
    ----------
    desensitization_per_h : float
        :math:`k_{des}`, desensitization rate of active receptors at full
        occupancy.
    resensitization_per_h : float
        :math:`k_{res}`, recovery of desensitized surface receptors.
    internalization_per_h : float
        :math:`k_{int}`, endocytosis of desensitized receptors.
    recycling_per_h : float
        :math:`k_{rec}`, return of endosomal receptors to the surface.
    degradation_per_h : float
        :math:`k_{deg}`, lysosomal degradation of endosomal receptors.
    turnover_per_h : float
        :math:`k_{turn}`, constitutive turnover of every receptor,
        :math:`\\ln 2 / t_{1/2}`.
    """

    desensitization_per_h: float
    resensitization_per_h: float
    internalization_per_h: float
    recycling_per_h: float
    degradation_per_h: float
    turnover_per_h: float

    def as_kwargs(self) -> dict:
        """The rates as keyword arguments of :func:`receptor_trafficking`."""
        return {
            "desensitization_per_h": self.desensitization_per_h,
            "resensitization_per_h": self.resensitization_per_h,
            "internalization_per_h": self.internalization_per_h,
            "recycling_per_h": self.recycling_per_h,
            "degradation_per_h": self.degradation_per_h,
            "turnover_per_h": self.turnover_per_h,
        }


#: Default rates: the mu-opioid receptor with a high-efficacy agonist
#: (e.g. [Met5]enkephalin or DAMGO at a saturating concentration).
RECEPTOR_TRAFFICKING_DEFAULTS = ReceptorTraffickingParams(
    # 12/h = 1/(5 min). With saturating agonist, desensitization of MOR in locus
    # coeruleus neurons develops over ~5-10 min (Virk & Williams 2008, who measured
    # it as the decline of current during a 10-min application; Williams et al.
    # 2013). With the other rates below the active fraction reaches its plateau
    # with a time constant of ~3 min, i.e. within the 10-min application.
    # The exact value is an illustrative choice within that range.
    desensitization_per_h=12.0,
    # 8/h: time constant 7.5 min (half-time 5.2 min). Recovery from
    # desensitization has a time constant of the order of 5-15 min; after a brief
    # exposure it is complete within ~25 min in control neurons (Dang & Williams
    # 2004) and substantial 45 min after a 10-min exposure (Virk & Williams 2008).
    # We take the lower-middle of the 5-15 min range so that recovery after a
    # brief pulse is complete within 25 min.
    resensitization_per_h=8.0,
    # 2/h and 3/h: endocytosis of desensitized receptors over tens of minutes and
    # recycling with a time constant of ~20 min. Illustrative values of the order
    # of the minutes-to-tens-of-minutes trafficking reviewed by Williams et al.
    # (2013); no single published value is used.
    internalization_per_h=2.0,
    recycling_per_h=3.0,
    # 0.03/h: about 1 % of endocytosed receptors reach lysosomes per cycle
    # (0.03/(3 + 0.03)); MOR activated by enkephalins is mostly recycled (Williams
    # et al. 2013). Illustrative: chosen so that days of saturating exposure
    # remove about a third of the receptors (steady-state total 0.65).
    degradation_per_h=0.03,
    # ln 2 / 48 h: receptor protein half-life of two days. Illustrative: the
    # book needs only "of the order of days" for recovery from downregulation.
    turnover_per_h=LN2 / 48.0,
)

_RATE_NAMES = (
    "desensitization_per_h",
    "resensitization_per_h",
    "internalization_per_h",
    "recycling_per_h",
    "degradation_per_h",
    "turnover_per_h",
)

_STATES = ("active", "desensitized", "internalized")


@dataclass(frozen=True)
class ReceptorTraffickingResult:
    """Receptor states over time, as fractions of the drug-free total.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_t,)
        Output times, h.
    active, desensitized, internalized : numpy.ndarray, shape (*grid, n_t)
        Active surface, desensitized surface and internalized (endosomal)
        receptors, fraction of the baseline total. Time is the last axis; the
        leading axes are the parameter grid (broadcast of occupancy, rates and
        exposure windows).
    """

    t_h: np.ndarray
    active: np.ndarray
    desensitized: np.ndarray
    internalized: np.ndarray
    grid_shape: tuple = field(default=())

    @property
    def surface(self) -> np.ndarray:
        """Receptors on the cell surface (active + desensitized)."""
        return self.active + self.desensitized

    @property
    def total(self) -> np.ndarray:
        """All receptors (surface + internalized); below 1 means downregulation."""
        return self.active + self.desensitized + self.internalized

    def to_frame(self, **grid_coords) -> pd.DataFrame:
        """Tidy long table: ``t_h``, ``state``, ``fraction_of_baseline`` (+ grid columns).

        Parameters
        ----------
        **grid_coords : array_like
            Optional columns describing the grid, each broadcastable to the
            grid shape (e.g. ``exposure_h=durations``). Without them a
            ``grid_index`` column (flat index) is added when there is a grid.
        """
        n_t = self.t_h.size
        n_g = int(np.prod(self.grid_shape, dtype=int))
        frames = []
        for name in ("active", "desensitized", "internalized", "surface", "total"):
            values = np.asarray(getattr(self, name)).reshape(n_g, n_t).T  # rows: time, then grid point
            cols = {
                "t_h": np.repeat(self.t_h, n_g),
                "state": name,
                "fraction_of_baseline": values.ravel(),
            }
            if self.grid_shape:
                if grid_coords:
                    for key, val in grid_coords.items():
                        val = np.broadcast_to(np.asarray(val), self.grid_shape).ravel()
                        cols[key] = np.tile(val, n_t)
                else:
                    cols["grid_index"] = np.tile(np.arange(n_g), n_t)
            frames.append(pd.DataFrame(cols))
        return pd.concat(frames, ignore_index=True)


def _rates(rates: dict) -> dict:
    out = {}
    for name in _RATE_NAMES:
        out[name] = nonnegative(name, rates[name])
    return out


def _generator(occ, dt, k):
    """Augmented generator (…, 4, 4) times dt for state (R, D, I, 1)."""
    shape = np.broadcast_shapes(np.shape(occ), np.shape(dt), *(np.shape(v) for v in k.values()))
    a = np.zeros(shape + (4, 4))
    kdes = k["desensitization_per_h"] * occ
    kres = k["resensitization_per_h"]
    kint = k["internalization_per_h"]
    krec = k["recycling_per_h"]
    kdeg = k["degradation_per_h"]
    kturn = k["turnover_per_h"]
    ksyn = k["synthesis_per_h"]
    a[..., 0, 0] = -(kdes + kturn)
    a[..., 0, 1] = kres
    a[..., 0, 2] = krec
    a[..., 0, 3] = ksyn
    a[..., 1, 0] = kdes
    a[..., 1, 1] = -(kres + kint + kturn)
    a[..., 2, 1] = kint
    a[..., 2, 2] = -(krec + kdeg + kturn)
    return a * np.asarray(dt)[..., None, None]


def _expm_batch(a: np.ndarray) -> np.ndarray:
    """Matrix exponentials of a stack of small matrices, shape (N, n, n).

    Scaling and squaring with a Taylor polynomial: each matrix is divided by
    2^s so that its 1-norm is at most 1/2, the exponential of the scaled
    matrix is summed to order 18 (truncation error below 1e-22) by Horner's
    rule, and the result is squared s times (Moler & Van Loan, SIAM Rev
    2003;45:3-49, method 3). Written with stacked ``np.matmul`` so that
    thousands of 4x4 exponentials cost a few milliseconds; the tests check it
    against :func:`scipy.linalg.expm`. (``scipy.linalg.expm`` on a stack is
    accurate too, but it loops over the matrices and, with a multithreaded
    BLAS on a busy machine, can be a hundred times slower.)
    """
    a = np.asarray(a, dtype=float)
    if a.shape[0] == 0:
        return a.copy()
    n = a.shape[-1]
    norm = np.abs(a).sum(axis=-2).max(axis=-1)
    with np.errstate(divide="ignore"):
        s = np.maximum(0, np.ceil(np.log2(norm / 0.5))).astype(int)
    s[norm == 0] = 0
    x = a / np.ldexp(1.0, s)[:, None, None]
    eye = np.broadcast_to(np.eye(n), a.shape)
    r = eye + x / 18.0
    for k in range(17, 0, -1):
        r = eye + np.matmul(x, r) / k
    for k in range(int(s.max())):
        squared = np.matmul(r, r)
        r = np.where((s > k)[:, None, None], squared, r)
    return r


def _propagate(t, occ, k, y0, keep=None):
    """Exact propagation on grid ``t`` with occupancy held on each interval.

    t : (m,); occ : (m-1, n_o) occupancy on each interval for n_o occupancy
    columns; k : dict of rate arrays each shaped (n_g,) together with
    ``occ_col`` (n_g,) mapping grid points to occupancy columns; y0 : (n_g, 3);
    keep : sorted indices of the times to return (default all).
    Returns (n_keep, 3, n_g).
    """
    m = t.size
    n_g = y0.shape[0]
    keep = np.arange(m) if keep is None else np.asarray(keep)
    slot = np.full(m, -1)
    slot[keep] = np.arange(keep.size)
    res = np.empty((keep.size, 3, n_g))
    y = np.ascontiguousarray(y0.T)  # (3, n_g)
    if slot[0] >= 0:
        res[slot[0]] = y
    if m == 1:
        return res
    dt = snap_steps(np.diff(t))
    occ_col = k.pop("occ_col")
    # distinct rate sets
    rate_mat = np.stack([k[name] for name in (*_RATE_NAMES, "synthesis_per_h")], axis=-1)
    rate_u, rate_id = np.unique(rate_mat, axis=0, return_inverse=True)
    rate_id = rate_id.reshape(-1)
    # distinct (occupancy, dt) pairs
    n_o = occ.shape[1]
    # (a complex key sorts lexicographically and much faster than unique rows)
    key_u, pair_id = np.unique(occ.ravel() + 1j * np.repeat(dt, n_o), return_inverse=True)
    pair_u = np.stack([key_u.real, key_u.imag], axis=-1)
    pair_id = pair_id.reshape(m - 1, n_o)
    ku = {name: rate_u[:, j] for j, name in enumerate((*_RATE_NAMES, "synthesis_per_h"))}
    n_pairs, n_rates = pair_u.shape[0], rate_u.shape[0]
    if n_pairs * n_rates <= max(20000, (m - 1) * n_g):
        # a table of every (pair, rate set) propagator
        gen = _generator(pair_u[:, 0, None], pair_u[:, 1, None], {n: v[None, :] for n, v in ku.items()})
        rows = pair_id  # the table row of step i depends on pair_id[i] only

        def index(i):
            return pair_id[i, occ_col] * n_rates + rate_id

    else:
        # only the combinations that occur
        combo = pair_id[:, occ_col] * n_rates + rate_id[None, :]
        combo_u, combo_id = np.unique(combo, return_inverse=True)
        rows = combo_id = combo_id.reshape(combo.shape)
        p_idx, r_idx = np.divmod(combo_u, n_rates)
        gen = _generator(pair_u[p_idx, 0], pair_u[p_idx, 1], {n: v[r_idx] for n, v in ku.items()})

        def index(i):
            return combo_id[i]

    table = _expm_batch(gen.reshape(-1, 4, 4))
    # propagator entries as 12 columns: 3x3 transition block, then the synthesis offset
    tab = np.concatenate([table[:, :3, :3].reshape(-1, 9), table[:, :3, 3]], axis=1)
    p = None
    work = np.empty((2, 3, n_g))
    for i in range(m - 1):
        if p is None or not np.array_equal(rows[i], rows[i - 1]):
            p = np.ascontiguousarray(tab[index(i)].T)  # (12, n_g)
        y0_, y1_, y2_ = y
        out_i = res[slot[i + 1]] if slot[i + 1] >= 0 else work[i % 2]
        for r in range(3):
            np.multiply(p[3 * r], y0_, out=out_i[r])
            out_i[r] += p[3 * r + 1] * y1_
            out_i[r] += p[3 * r + 2] * y2_
            out_i[r] += p[9 + r]
        y = out_i
    return res


def _prepare(t_h, occupancy_name, occupancy, rates, synthesis_per_h, initial_state):
    """Validate and broadcast; return grid shape and flat per-grid arrays."""
    k = _rates(rates)
    if synthesis_per_h is None:
        k["synthesis_per_h"] = k["turnover_per_h"]
    else:
        k["synthesis_per_h"] = nonnegative("synthesis_per_h", synthesis_per_h)
    occ = input_time_last(occupancy_name, occupancy, t_h.size, check=fraction)  # (n_t, *grid) inside
    if initial_state is None:
        y0 = np.array([1.0, 0.0, 0.0])
    else:
        y0 = nonnegative("initial_state", initial_state)
        if y0.ndim == 0 or y0.shape[0] != 3:
            raise ValueError(
                f"initial_state must have 3 rows (active, desensitized, internalized), got shape {y0.shape}"
            )
    occ_grid = occ.shape[1:]
    try:
        grid = np.broadcast_shapes(occ_grid, y0.shape[1:], *(np.shape(v) for v in k.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{n} {np.shape(v)}" for n, v in k.items())
        raise ValueError(
            f"shapes do not broadcast: {occupancy_name} grid {occ_grid}, initial_state grid {y0.shape[1:]}, {shapes}"
        ) from exc
    n_g = int(np.prod(grid, dtype=int))
    flat = {n: np.broadcast_to(v, grid).reshape(n_g).astype(float) for n, v in k.items()}
    # map each grid point to its occupancy column
    n_o = int(np.prod(occ_grid, dtype=int))
    cols = np.arange(n_o).reshape(occ_grid) if occ_grid else np.array(0)
    flat["occ_col"] = np.broadcast_to(cols, grid).reshape(n_g)
    occ_flat = occ.reshape(t_h.size, n_o)
    y0 = y0.reshape((3,) + (1,) * (len(grid) - (y0.ndim - 1)) + y0.shape[1:])
    y0_flat = np.ascontiguousarray(np.broadcast_to(y0, (3,) + grid).reshape(3, n_g).T)
    return grid, flat, occ_flat, y0_flat


def _states(t_h, out, grid) -> ReceptorTraffickingResult:
    n_t = t_h.size
    arrs = [time_to_last(out[:, j].reshape((n_t,) + grid)) for j in range(3)]
    return ReceptorTraffickingResult(
        t_h=t_h, active=arrs[0], desensitized=arrs[1], internalized=arrs[2], grid_shape=grid
    )


def receptor_trafficking(
    t_h,
    occupancy,
    *,
    desensitization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.desensitization_per_h,
    resensitization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.resensitization_per_h,
    internalization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.internalization_per_h,
    recycling_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.recycling_per_h,
    degradation_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.degradation_per_h,
    turnover_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.turnover_per_h,
    synthesis_per_h=None,
    initial_state=None,
) -> ReceptorTraffickingResult:
    """Receptor states under a given agonist occupancy time course.

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Output times, h, strictly increasing. The state at ``t_h[0]`` is
        ``initial_state``.
    occupancy : array_like, shape (n_t,) or (*grid, n_t)
        Agonist occupancy p in [0, 1], held constant on each interval:
        ``occupancy[..., i]`` applies on ``[t_h[i], t_h[i+1])`` (the last time
        is not used). Time is the last axis, leading axes form a grid. Exact for exposures that switch at output times; for exposures
        that start or stop between output times use
        :func:`receptor_trafficking_exposure`.
    desensitization_per_h, resensitization_per_h, internalization_per_h, \
recycling_per_h, degradation_per_h, turnover_per_h : array_like, optional
        Rate constants, 1/h (>= 0); defaults from :data:`RECEPTOR_TRAFFICKING_DEFAULTS`. Each may be
        an array; all broadcast with the occupancy grid.
    synthesis_per_h : array_like, optional
        Zero-order synthesis, fraction of the baseline total per hour (>= 0).
        Default (None): equal to ``turnover_per_h``, so that the drug-free
        steady state has total 1. Pass 0 (with ``turnover_per_h=0``) to follow
        trafficking without new synthesis.
    initial_state : array_like, shape (3,) or (3, *grid), optional
        (active, desensitized, internalized) at ``t_h[0]``, fractions of the
        baseline total (>= 0). Default (1, 0, 0).

    Returns
    -------
    ReceptorTraffickingResult
        Active, desensitized and internalized fractions, shape (*grid, n_t);
        ``.surface`` and ``.total`` derived; ``.to_frame()`` gives a tidy table.

    Notes
    -----
    See the module docstring for the equations. On an interval of length
    :math:`h` with constant occupancy the state :math:`x = (R, D, I, 1)`
    advances exactly as :math:`x(t+h) = e^{A h} x(t)` with the 4x4 augmented
    generator :math:`A` (the last column carries :math:`k_{syn}`). Without
    synthesis, turnover and degradation, :math:`R + D + I` is conserved.

    Cost: one 4x4 matrix exponential per distinct (occupancy, time step, rate
    set) and a 3x3 matrix-vector product per output time over the grid. Step
    exposures on a uniform grid need only a handful of exponentials; for a
    smoothly varying occupancy on a large rate grid, round the occupancy
    (e.g. to 0.01) to bound their number.

    References
    ----------
    Williams JT, Ingram SL, Henderson G, Chavkin C, von Zastrow M, Schulz S,
    Koch T, Evans CJ, Christie MJ. Regulation of mu-opioid receptors:
    desensitization, phosphorylation, internalization, and tolerance.
    Pharmacol Rev 2013;65:223-254.

    Virk MS, Williams JT. Agonist-specific regulation of mu-opioid receptor
    desensitization and recovery from desensitization. Mol Pharmacol
    2008;73:1301-1308.

    Examples
    --------
    Ten minutes of saturating agonist, then washout:

    >>> t = np.linspace(0.0, 2.0, 121)               # 1-min steps, h
    >>> p = np.where(np.arange(121) < 10, 1.0, 0.0)  # on during the first 10 steps
    >>> s = receptor_trafficking(t, p)
    >>> round(float(s.active[10]), 2)                # end of the pulse
    0.4
    >>> bool(s.active[70] > 0.95)                    # one hour after washout
    True
    """
    t = increasing("t_h", t_h)
    rates = dict(
        desensitization_per_h=desensitization_per_h,
        resensitization_per_h=resensitization_per_h,
        internalization_per_h=internalization_per_h,
        recycling_per_h=recycling_per_h,
        degradation_per_h=degradation_per_h,
        turnover_per_h=turnover_per_h,
    )
    return _simulate(t, occupancy, rates, synthesis_per_h, initial_state)


def _simulate(t, occupancy, rates, synthesis_per_h, initial_state, keep=None) -> ReceptorTraffickingResult:
    """Validate, propagate exactly on ``t``, return the rows ``keep`` (default all)."""
    grid, flat, occ_flat, y0 = _prepare(t, "occupancy", occupancy, rates, synthesis_per_h, initial_state)
    out = _propagate(t, occ_flat[:-1], flat, y0, keep=keep)
    return _states(t if keep is None else t[keep], out, grid)


def receptor_trafficking_exposure(
    t_h,
    start_h,
    stop_h,
    occupancy=1.0,
    **kwargs,
) -> ReceptorTraffickingResult:
    """Receptor states for a constant agonist exposure from ``start_h`` to ``stop_h``.

    Exact for any start and stop times (they need not be output times): the
    switch times are added to the integration grid and the output is read at
    ``t_h``.

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Output times, h, strictly increasing.
    start_h, stop_h : array_like
        Start and end of exposure, h (``stop_h >= start_h``). Arrays broadcast
        into the parameter grid (e.g. a grid of exposure durations).
    occupancy : array_like, optional
        Occupancy during exposure, in [0, 1]. Default 1 (saturating). Also
        broadcasts into the grid.
    **kwargs
        Rates, ``synthesis_per_h`` and ``initial_state`` as in
        :func:`receptor_trafficking`.

    Returns
    -------
    ReceptorTraffickingResult
        As :func:`receptor_trafficking`, grid = broadcast of exposure
        parameters and rates.

    References
    ----------
    Williams JT, Ingram SL, Henderson G, Chavkin C, von Zastrow M, Schulz S,
    Koch T, Evans CJ, Christie MJ. Regulation of mu-opioid receptors:
    desensitization, phosphorylation, internalization, and tolerance.
    Pharmacol Rev 2013;65:223-254.

    Examples
    --------
    A 10-min pulse and a week of exposure, followed for 10 days:

    >>> t = np.linspace(0.0, 24.0 * 17, 409)
    >>> s = receptor_trafficking_exposure(t, 0.0, stop_h=[1 / 6, 24.0 * 7])
    >>> s.active.shape                                # (grid, time)
    (2, 409)
    >>> after = recovery_time_h(s, stop_h=[1 / 6, 24.0 * 7], level=0.95)
    >>> bool(after[0] < 1.0), bool(after[1] > 48.0)
    (True, True)
    """
    t = increasing("t_h", t_h)
    start = as_array("start_h", start_h)
    stop = as_array("stop_h", stop_h)
    level = fraction("occupancy", occupancy)
    if np.any(stop < start):
        raise ValueError("stop_h must be >= start_h")
    start, stop, level = np.broadcast_arrays(start, stop, level)
    switches = np.concatenate([start.ravel(), stop.ravel()])
    switches = switches[(switches > t[0]) & (switches < t[-1])]
    tt = np.union1d(t, switches)
    rows = np.searchsorted(tt, t)
    on = (tt >= start[..., None]) & (tt < stop[..., None])
    occ = np.where(on, level[..., None], 0.0)  # (*grid, n_times), time last
    allowed = (*_RATE_NAMES, "synthesis_per_h", "initial_state")
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise TypeError(f"unexpected keyword arguments {unknown}; allowed: {', '.join(allowed)}")
    rates = {name: kwargs.get(name, getattr(RECEPTOR_TRAFFICKING_DEFAULTS, name)) for name in _RATE_NAMES}
    return _simulate(tt, occ, rates, kwargs.get("synthesis_per_h"), kwargs.get("initial_state"), keep=rows)


@dataclass(frozen=True)
class TraffickingSteadyState:
    """Steady state of the trafficking model (:func:`trafficking_steady_state`), fractions of the baseline total.

    Attributes
    ----------
    active, desensitized, internalized : numpy.ndarray
        The three states.
    surface : numpy.ndarray
        ``active + desensitized``.
    total : numpy.ndarray
        All receptors; below 1 means downregulation.
    """

    active: np.ndarray
    desensitized: np.ndarray
    internalized: np.ndarray
    surface: np.ndarray
    total: np.ndarray

    def as_dict(self) -> dict:
        """The five quantities by name."""
        return {name: getattr(self, name) for name in ("active", "desensitized", "internalized", "surface", "total")}


def trafficking_steady_state(
    occupancy,
    *,
    desensitization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.desensitization_per_h,
    resensitization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.resensitization_per_h,
    internalization_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.internalization_per_h,
    recycling_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.recycling_per_h,
    degradation_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.degradation_per_h,
    turnover_per_h=RECEPTOR_TRAFFICKING_DEFAULTS.turnover_per_h,
    synthesis_per_h=None,
) -> TraffickingSteadyState:
    """Steady state of the trafficking model under constant occupancy.

    Parameters
    ----------
    occupancy : array_like
        Constant agonist occupancy in [0, 1].
    desensitization_per_h, resensitization_per_h, internalization_per_h, \
recycling_per_h, degradation_per_h, turnover_per_h, synthesis_per_h : array_like, optional
        As in :func:`receptor_trafficking`. ``turnover_per_h`` must be > 0
        here (otherwise the steady state is not unique).

    Returns
    -------
    TraffickingSteadyState
        ``active``, ``desensitized``, ``internalized``, ``surface`` and
        ``total``, fractions of the baseline total, broadcast shape of inputs.

    Notes
    -----
    Setting the derivatives to zero,

    .. math::

        D = \\frac{k_{des} p R}{k_{res} + k_{int} + k_{turn}}, \\quad
        I = \\frac{k_{int} D}{k_{rec} + k_{deg} + k_{turn}}, \\quad
        k_{turn}(R + D + I) + k_{deg} I = k_{syn},

    so :math:`R = k_{syn} / (k_{turn}(1 + d + d\\,i) + k_{deg} d\\,i)` with
    :math:`d = D/R`, :math:`i = I/D`. The total falls below 1 (downregulation)
    only through :math:`k_{deg}`.

    References
    ----------
    Williams JT, Ingram SL, Henderson G, Chavkin C, von Zastrow M, Schulz S,
    Koch T, Evans CJ, Christie MJ. Regulation of mu-opioid receptors:
    desensitization, phosphorylation, internalization, and tolerance.
    Pharmacol Rev 2013;65:223-254.

    Examples
    --------
    >>> ss = trafficking_steady_state(1.0)
    >>> round(float(ss.total), 2)    # about a third of the receptors lost
    0.65
    """
    p = fraction("occupancy", occupancy)
    k = _rates(
        dict(
            desensitization_per_h=desensitization_per_h,
            resensitization_per_h=resensitization_per_h,
            internalization_per_h=internalization_per_h,
            recycling_per_h=recycling_per_h,
            degradation_per_h=degradation_per_h,
            turnover_per_h=turnover_per_h,
        )
    )
    kturn = positive("turnover_per_h", k["turnover_per_h"])
    ksyn = kturn if synthesis_per_h is None else nonnegative("synthesis_per_h", synthesis_per_h)
    d = k["desensitization_per_h"] * p / (k["resensitization_per_h"] + k["internalization_per_h"] + kturn)
    i = k["internalization_per_h"] / (k["recycling_per_h"] + k["degradation_per_h"] + kturn)
    r = ksyn / (kturn * (1 + d + d * i) + k["degradation_per_h"] * d * i)
    active, des, internal = np.broadcast_arrays(r, r * d, r * d * i)
    return TraffickingSteadyState(
        active=active, desensitized=des, internalized=internal, surface=active + des, total=active + des + internal
    )


def recovery_time_h(states: ReceptorTraffickingResult, stop_h, level=0.95, state="active"):
    """Time after ``stop_h`` at which a receptor state first climbs back to ``level``.

    Parameters
    ----------
    states : ReceptorTraffickingResult
        A simulation, e.g. from :func:`receptor_trafficking_exposure`.
    stop_h : array_like
        End of exposure, h; broadcasts with the grid.
    level : float, optional
        Recovery threshold, fraction of the baseline total, in (0, 1].
        Default 0.95.
    state : {"active", "surface", "total"}, optional
        Which quantity must recover. Default "active".

    Returns
    -------
    numpy.ndarray
        Hours from ``stop_h`` to the first output time at or after ``stop_h``
        where the state is >= ``level``, refined by linear interpolation from
        the output time before it; ``inf`` if it never recovers within the
        simulation. The resolution is that of ``states.t_h``: if the very first
        output time at or after ``stop_h`` is already recovered, the time from
        ``stop_h`` to it is returned (an upper bound; 0 if it is ``stop_h``).

    References
    ----------
    Dang VC, Williams JT. Chronic morphine treatment reduces recovery from
    opioid desensitization. J Neurosci 2004;24:7699-7706.

    Examples
    --------
    >>> t = np.linspace(0.0, 3.0, 181)
    >>> s = receptor_trafficking_exposure(t, 0.0, 1 / 6)
    >>> round(float(recovery_time_h(s, 1 / 6, level=0.9)) * 60)   # minutes
    20
    """
    choice("state", state, ("active", "surface", "total"))
    lvl = fraction("level", level, closed_low=False)
    y = np.asarray(getattr(states, state))
    t = states.t_h
    grid = y.shape[:-1]
    stop = np.broadcast_to(as_array("stop_h", stop_h), grid)
    yf = y.reshape(-1, t.size).T  # (n_t, n_grid)
    sf = stop.reshape(-1)
    out = np.full(sf.shape, np.inf)
    for g in range(yf.shape[1]):
        after = t >= sf[g]
        idx = np.flatnonzero(after)
        if idx.size == 0:
            continue
        yy, tt = yf[idx, g], t[idx]
        ok = np.flatnonzero(yy >= lvl)
        if ok.size == 0:
            continue
        j = ok[0]
        if j == 0:
            out[g] = tt[0] - sf[g]
            continue
        t0, t1, y0, y1 = tt[j - 1], tt[j], yy[j - 1], yy[j]
        out[g] = t0 + (lvl - y0) * (t1 - t0) / (y1 - y0) - sf[g]
    return out.reshape(grid) if grid else float(out[0])
