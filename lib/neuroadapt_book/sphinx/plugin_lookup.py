"""Bibliography plugins looked up once per build, not once per citation.

sphinxcontrib-bibtex asks pybtex for its style and backend plugins each time it
resolves a citation, and each ask lists the entry points of every installed package
(``importlib.metadata.entry_points``: ~10 ms here). The book has ~500 citations, so
that was ~5 s of every build, in the serial write phase. The installed packages do not
change during a build, so this extension remembers each ``(group, name)`` answer.
Plugins registered at run time are still looked up first, as before (both libraries
check their runtime store before the entry points); only the entry-point listing is
remembered.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points


@functools.cache
def _installed(group: str, name: str) -> tuple:
    return tuple(entry_points(group=group, name=name))


def installed_entry_points(*, group: str, name: str) -> tuple:
    """``importlib.metadata.entry_points(group=group, name=name)``, remembered."""
    return _installed(group, name)


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    pybtex.plugin.entry_points = installed_entry_points
    sphinxcontrib.bibtex.plugin._entry_points = installed_entry_points
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
