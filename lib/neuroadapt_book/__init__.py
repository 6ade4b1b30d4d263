"""neuroadapt_book: the machinery of the executable textbook, apart from its science.

* :mod:`neuroadapt_book.figures` - Altair figure builders, one module per chapter topic,
  drawing results of :mod:`neuroadapt` models;
* :mod:`neuroadapt_book.selfcheck` - self-check questions that give feedback on a static page;
* :mod:`neuroadapt_book.sphinx` - the Sphinx extensions and the myst-nb mime plugin that
  render figures offline, keep the site free of third-party requests and fix its HTML;
* :mod:`neuroadapt_book.tools` - build helpers (bibliography merge, notebook export).

The science package :mod:`neuroadapt` never imports this one.
"""

import sys
from pathlib import Path

#: The repository root (lib/neuroadapt_book/__init__.py -> ../../).
REPO_ROOT = Path(__file__).resolve().parents[2]


def skip_iri_format_checks() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``, which compiles a grammar (~1.2 s).

    jsonschema (imported by Altair in each page's kernel, and by Jupyter in the build)
    imports ``rfc3987_syntax``, when installed, only to check the ``iri`` and
    ``iri-reference`` string formats, which neither the Vega-Lite schema nor a notebook's
    schema uses (their formats are ``uri``, ``uri-reference`` and ``color-hex``, checked
    by other modules). Call this before jsonschema is first imported; jsonschema then
    registers no ``iri`` format checker, as when the package is not installed.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
