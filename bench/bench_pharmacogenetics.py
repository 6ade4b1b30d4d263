"""Benchmark of neuroadapt.pharmacogenetics."""

from __future__ import annotations

import timeit

from neuroadapt import pharmacogenetics as pg


def _best_ms(fn, number=1, repeat=5) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    diplotypes = ["*1/*4", "*1x2/*2", "*10/*41", "*4/*4"] * 2500
    cases = {
        "pharmacogenetics.sample_morphine_exposure 100000 subjects": lambda: pg.sample_morphine_exposure(
            100_000, "european", rng=0
        ),
        "pharmacogenetics.activity_score 10000 diplotypes": lambda: pg.activity_score(diplotypes),
    }
    for name, fn in cases.items():
        print(f"{name}: {_best_ms(fn):.1f} ms")


if __name__ == "__main__":
    main()
