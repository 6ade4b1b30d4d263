"""The science package stands alone: importing it never imports the book's machinery."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import neuroadapt

FORBIDDEN = ("altair", "sphinx", "docutils", "myst_nb", "vl_convert", "neuroadapt_book", "IPython")


def _all_submodules() -> list[str]:
    return ["neuroadapt"] + [m.name for m in pkgutil.walk_packages(neuroadapt.__path__, "neuroadapt.")]


def test_importing_every_neuroadapt_module_imports_no_book_machinery():
    modules = _all_submodules()
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"neuroadapt imports book machinery: {out}"


def test_book_package_is_a_sibling_not_a_submodule():
    assert not any(name.startswith("neuroadapt.figures") for name in _all_submodules())
    import neuroadapt_book.figures  # noqa: F401  (the figures live here)
