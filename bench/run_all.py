"""Run every benchmark of the simulation package (``make bench``).

Each ``bench/bench_<module>.py`` defines ``main()``, which times its models with
:func:`timeit` and prints one line per case. Benchmarks are kept out of the
test suite on purpose: a timed assertion fails on a busy machine; these numbers
are read and reported, not asserted.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys

HERE = pathlib.Path(__file__).parent


def main() -> int:
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        module.main()
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
