"""The book's API appendix: every public module of a package, found at build time.

A page writes::

    ```{eval-rst}
    .. package-api:: neuroadapt
    ```

and gets, for each public module of the package (found by walking it, so a new,
split or renamed module appears without editing the page), a section titled with
the module's name, a summary table of the names in its ``__all__`` and the
module rendered by ``sphinx.ext.autodoc`` from its numpydoc docstrings (read by
``sphinx.ext.napoleon``). Names a module re-exports from another (the package's
own entry points, ``neuroadapt.bolus_concentration``) are listed in an "Entry
points" table that links to their entry in the module that defines them, and
are not documented a second time (autodoc would give them a canonical name that
duplicates that entry, a warning under the strict build). A module is public
when no part of its dotted name starts with an underscore. Pages link to the entries with ``{py:func}``,
``{py:class}`` and ``{py:mod}``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def public_modules(package: str) -> list[str]:
    """Dotted names of the public modules of ``package`` (itself first), sorted."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(names, key=lambda name: (name != package, name))


def _home(module, name: str) -> str:
    """The module that defines ``module.<name>`` (the module itself for data)."""
    value = getattr(module, name, None)
    home = getattr(value, "__module__", None) if (inspect.isfunction(value) or inspect.isclass(value)) else None
    return home or module.__name__


def module_rst(name: str) -> list[str]:
    """reStructuredText documenting one module: title, summary table, autodoc."""
    module = importlib.import_module(name)
    exported = [n for n in getattr(module, "__all__", []) if not n.startswith("_")]
    reexported = [n for n in exported if _home(module, n) != name]
    exported = [n for n in exported if n not in reexported]
    lines = [name, "-" * len(name), "", f".. currentmodule:: {name}", ""]
    if exported:
        lines += [".. autosummary::", "   :nosignatures:", ""]
        lines += [f"   {n}" for n in exported]
        lines.append("")
    if reexported:
        # the package's entry points: one table linking to each function where its module documents it
        lines += [".. rubric:: Entry points", ""]
        lines += [f"Importable from ``{name}`` itself, e.g. ``from {name} import {reexported[0]}``:", ""]
        lines += [".. autosummary::", "   :nosignatures:", ""]
        # (autosummary wants them relative to the current module: ~pharmacokinetics.bolus_concentration)
        lines += [f"   ~{_home(module, n).removeprefix(name + '.')}.{n}" for n in reexported]
        lines.append("")
    if not reexported:
        lines += [f".. automodule:: {name}", "   :members:", "   :member-order: bysource", ""]
    elif exported:  # document only the module's own names
        lines += [f".. automodule:: {name}", f"   :members: {', '.join(exported)}", "   :member-order: bysource", ""]
    else:
        lines += [f".. automodule:: {name}", ""]
    # autodoc documents a module constant only if it has a ``#:`` comment; list the
    # other constants of __all__ too, so that every public name has an entry.
    commented = {attr for (_, attr) in ModuleAnalyzer.for_module(name).find_attr_docs()}
    for n in exported:
        value = getattr(module, n, None)
        if n in commented or callable(value) or inspect.ismodule(value):
            continue
        lines += [f".. autodata:: {n}"]
        if len(repr(value)) > 60:
            lines += ["   :no-value:"]
        lines.append("")
    return lines


_FOOTNOTE = re.compile(r"\[(\d+)\](?=_)|^(\s*\.\. )\[(\d+)\]")


def unique_footnotes(app, what, name, obj, options, lines: list[str]) -> None:
    """Give numbered footnotes (``.. [1]``, ``[1]_``) labels unique to their docstring.

    numpydoc's References sections number their entries ``[1]``, ``[2]``...; two
    docstrings on one page would define the same footnote twice. Each becomes an
    auto-numbered footnote labelled with the object's name (numpydoc does the same).
    """

    def relabel(match: re.Match) -> str:
        if match.group(1) is not None:
            return f"[#{name}-{match.group(1)}]"
        return f"{match.group(2)}[#{name}-{match.group(3)}]"

    lines[:] = [_FOOTNOTE.sub(relabel, line) for line in lines]


_LITERAL = re.compile(r"(``.*?``|`[^`]*`)")
_STAR_IN_TUPLE = re.compile(r"(?<=[(\[])\*(?=[A-Za-z_])|(?<=[(\[,] )\*(?=[A-Za-z_])")


def escape_shape_stars(app, what, name, obj, options, lines: list[str]) -> None:
    """Escape the star of a shape such as ``(n_t, *grid)`` outside literals and roles.

    The API convention writes shapes the numpy way, ``(n_t, *grid)``; in
    reStructuredText that star opens an emphasis that never closes. Runs before
    napoleon, which wraps types in emphasis.
    """
    for index, line in enumerate(lines):
        if "*" in line:
            parts = _LITERAL.split(line)
            lines[index] = "".join(part if i % 2 else _STAR_IN_TUPLE.sub(r"\\*", part) for i, part in enumerate(parts))


_SECTION_RULE = re.compile(r"^\s*-{3,}\s*$")


def _numpydoc_sections_only(app) -> None:
    """Let napoleon read numpydoc sections, and leave one-line prose alone.

    For an attribute, a property or a module constant, napoleon takes the text
    before a colon on the first line of the docstring as its type (the Google-style
    ``type: text`` form). Here those docstrings - the ``#:`` comments of the
    parameter dataclasses, one-line properties - are prose in which a colon is just
    a colon ("Uninduced clearance, L/h: ..."), as numpydoc reads them. The listener
    napoleon registered is wrapped to skip such docstrings unless they have a
    numpydoc section (a line of dashes).
    """
    from sphinx.ext.napoleon import _process_docstring

    def numpydoc_only(app, what, name, obj, options, lines):
        prose = what in ("attribute", "data", "property") and not any(map(_SECTION_RULE.match, lines))
        if not prose:
            _process_docstring(app, what, name, obj, options, lines)

    listeners = app.events.listeners.get("autodoc-process-docstring", [])
    for index, listener in enumerate(listeners):
        if listener.handler is _process_docstring:
            listeners[index] = listener._replace(handler=numpydoc_only)


class PackageApi(SphinxDirective):
    """``.. package-api:: PACKAGE`` - document every public module of PACKAGE."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        package = self.arguments[0]
        lines: list[str] = []
        for name in public_modules(package):
            module = importlib.import_module(name)
            self.env.note_dependency(module.__file__)
            lines += module_rst(name)
        container = nodes.container()
        nested_parse_with_titles(self.state, StringList(lines, source=f"<package-api {package}>"), container)
        return container.children


def setup(app):
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.autosummary")
    app.setup_extension("sphinx.ext.napoleon")
    app.add_directive("package-api", PackageApi)
    _numpydoc_sections_only(app)
    app.connect("autodoc-process-docstring", escape_shape_stars, priority=400)
    app.connect("autodoc-process-docstring", unique_footnotes, priority=600)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
