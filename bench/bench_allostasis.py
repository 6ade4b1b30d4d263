"""Benchmark of neuroadapt.allostasis against the solve_ivp anchor.

* :func:`neuroadapt.allostasis.hedonic_dynamics` (open loop): 20 shift rates x
  20 thresholds, 2000 output times over two days of 6-h sessions with an
  infusion every sixth grid point. The hand-written method steps drug and
  opponent exactly and the set point with a trapezoidal drive. An infusion is a
  jump of the state that no solver steps across, so the anchor is solve_ivp over
  the flattened grid *restarted at each infusion time* (the fewest calls a user
  could write), see ``_anchor.py``.
* :func:`neuroadapt.allostasis.self_administration` (closed loop: the animal
  decides at each grid time whether to infuse) has no one-call solve_ivp form;
  only its time is printed.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
from scipy.integrate import solve_ivp

from neuroadapt import allostasis as al

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _anchor  # noqa: E402

N_T, N_G = 2000, 20
P = al.ALLOSTASIS_DEFAULTS


class _Rhs:
    """x, b, s over a flat grid of (shift rate, threshold); ``jump`` adds the infusions of grid time a."""

    def __init__(self, rate, theta, infusions):
        self.rate, self.theta, self.inf, self.m = rate, theta, infusions, rate.size
        self.k_el = np.log(2.0) / P.drug_half_life_h

    def __call__(self, s, y):
        m = self.m
        x, b, sp = y[:m], y[m : 2 * m], y[2 * m :]
        return np.concatenate(
            [
                -self.k_el * x,
                (P.opponent_gain * P.effect_per_infusion * x - b) / P.time_constant_opponent_h,
                -self.rate * np.maximum(b - self.theta, 0.0) + (P.set_point_baseline - sp) / P.time_constant_recovery_h,
            ]
        )

    def jump(self, a, y):
        y = y.copy()
        y[: self.m] += self.inf[a]
        return y


def bench_hedonic_dynamics():
    t = np.linspace(0.0, 48.0, N_T)
    inf = np.zeros(N_T)
    inf[(t % 24.0 < 6.0) & (np.arange(N_T) % 6 == 0)] = 1.0
    rate = np.linspace(0.0, 0.2, N_G)[:, None]
    theta = np.linspace(0.2, 1.0, N_G)[None, :]

    def hand():
        return al.hedonic_dynamics(t, inf, shift_rate_per_h=rate, shift_threshold=theta)

    hand_ms = _anchor.best_ms(hand)
    r = hand()
    n = N_G * N_G
    rate_f = np.broadcast_to(rate, (N_G, N_G)).ravel()
    theta_f = np.broadcast_to(theta, (N_G, N_G)).ravel()
    y0 = np.concatenate([np.zeros(n), np.zeros(n), np.full(n, P.set_point_baseline)])
    hand_y = np.concatenate(
        [r.drug_level.reshape(n, N_T).T, r.opponent.reshape(n, N_T).T, r.set_point.reshape(n, N_T).T], axis=1
    )
    segments = np.unique(np.concatenate([[0], np.flatnonzero(inf > 0), [N_T - 1]]))
    sub, cols = _anchor.sub_grid(n, 3)
    # tight reference on the sub-grid: Radau, restarted (with the jump) at every infusion
    rhs_sub = _Rhs(rate_f[sub], theta_f[sub], inf)
    ref = np.empty((N_T, cols.size))
    ref[0] = y = y0[cols]
    for a, b in zip(segments[:-1], segments[1:]):
        y = rhs_sub.jump(a, y)
        sol = solve_ivp(rhs_sub, (t[a], t[b]), y, method="Radau", rtol=1e-12, atol=1e-14, t_eval=t[a : b + 1])
        ref[a + 1 : b + 1] = sol.y.T[1:]
        y = sol.y[:, -1]
    _anchor.compare(
        "allostasis.hedonic_dynamics (exact drug/opponent, trapezoidal set point)",
        f"{N_G}x{N_G} grid x {N_T} t, {segments.size - 2} infusion times",
        hand_ms,
        hand_y,
        _anchor.on_columns(lambda c: _Rhs(rate_f[c], theta_f[c], inf)),
        y0,
        t,
        sub,
        ref,
        segments=segments,
    )


def bench_self_administration():
    starts = 24.0 * np.arange(5)
    t = al.session_time_grid(starts, 6.0, decision_step_h=1.0 / 60.0)
    access = np.linspace(0.5, 6.0, 50)[:, None]
    rate = np.linspace(0.0, 0.2, 50)[None, :]
    ms = _anchor.best_ms(lambda: al.self_administration(t, starts, access, shift_rate_per_h=rate))
    print(f"allostasis.self_administration [50x50 grid x {t.size} t, closed loop, no solve_ivp form]: {ms:.1f} ms")


def main() -> None:
    bench_hedonic_dynamics()
    bench_self_administration()


if __name__ == "__main__":
    main()
