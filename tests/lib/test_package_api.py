"""The package's entry points: ``from neuroadapt import bolus_concentration`` (issue 9, item 4).

``neuroadapt/__init__.py`` lists the main entry point of each model family in ``__all__`` and
imports them lazily. No entry point may be named like a submodule: a function
``neuroadapt.opioid_taper`` would shadow the module ``neuroadapt.opioid_taper`` as a package
attribute (the API appendix documents modules by attribute and broke under the strict build
when that happened).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import neuroadapt

FORBIDDEN = ("altair", "sphinx", "docutils", "myst_nb", "vl_convert", "neuroadapt_book", "IPython")


def _submodule_names() -> set[str]:
    return {info.name.rsplit(".", 1)[-1] for info in pkgutil.iter_modules(neuroadapt.__path__)}


def test_no_entry_point_is_named_like_a_submodule():
    clashes = sorted(set(neuroadapt.__all__) & _submodule_names())
    assert clashes == [], f"entry points named like a module of neuroadapt: {clashes}"


def test_every_entry_point_comes_from_the_module_that_defines_it():
    assert len(neuroadapt.__all__) >= 30
    assert len(set(neuroadapt.__all__)) == len(neuroadapt.__all__)
    for name in neuroadapt.__all__:
        home = f"neuroadapt.{neuroadapt._ENTRY_POINTS[name]}"
        module = importlib.import_module(home)
        obj = getattr(neuroadapt, name)
        assert obj is getattr(module, name), name
        assert name in module.__all__, f"{name} is not public in {home}"
        assert inspect.isfunction(obj) and obj.__module__ == home, f"{name} is defined in {obj.__module__}, not {home}"


def test_submodules_stay_modules_after_every_import():
    """Importing every submodule and touching every entry point leaves each submodule a module attribute."""
    for info in pkgutil.walk_packages(neuroadapt.__path__, "neuroadapt."):
        importlib.import_module(info.name)
    for name in neuroadapt.__all__:
        getattr(neuroadapt, name)
    for sub in _submodule_names():
        assert inspect.ismodule(getattr(neuroadapt, sub)), f"neuroadapt.{sub} is not the module"


def test_star_import_and_dir_list_the_entry_points():
    namespace: dict = {}
    exec("from neuroadapt import *", namespace)
    assert set(neuroadapt.__all__) <= set(namespace)
    assert set(neuroadapt.__all__) <= set(dir(neuroadapt))


def test_unknown_name_is_an_attribute_error():
    try:
        neuroadapt.no_such_model  # noqa: B018
    except AttributeError as exc:
        assert "no_such_model" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("neuroadapt.no_such_model did not raise AttributeError")


def test_import_is_lazy_and_free_of_book_machinery():
    """``import neuroadapt`` imports no model module; one entry point imports its own module only
    (and what it depends on), never the book's machinery."""
    code = (
        "import sys, neuroadapt\n"
        "before = sorted(n for n in sys.modules if n.startswith('neuroadapt.'))\n"
        "neuroadapt.bolus_concentration\n"
        "after = sorted(n for n in sys.modules if n.startswith('neuroadapt.'))\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})\n"
        "print(';'.join([','.join(before), ','.join(after), ','.join(bad)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    before, after, bad = out.split(";")
    assert before == ""
    assert "neuroadapt.pharmacokinetics" in after.split(",")
    assert "neuroadapt.alcohol" not in after.split(",")
    assert bad == ""


def test_api_appendix_lists_the_entry_points_once():
    """book/api.md's first section lists every entry point, linked to the module that documents it,
    and does not document them a second time (autodoc would duplicate their canonical entries)."""
    from neuroadapt_book.sphinx.api import module_rst

    rst = module_rst("neuroadapt")
    listed = [line.strip() for line in rst if line.strip().startswith("~")]
    assert listed == [f"~{neuroadapt._ENTRY_POINTS[n]}.{n}" for n in neuroadapt.__all__]  # relative to neuroadapt
    assert ".. automodule:: neuroadapt" in rst and "   :members:" not in rst
