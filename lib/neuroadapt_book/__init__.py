"""neuroadapt_book: the machinery of the executable textbook, apart from its science.

* :mod:`neuroadapt_book.figures` - Altair figure builders, one module per chapter topic,
  drawing results of :mod:`neuroadapt` models;
* :mod:`neuroadapt_book.selfcheck` - self-check questions that give feedback on a static page;
* :mod:`neuroadapt_book.sphinx` - the Sphinx extensions and the myst-nb mime plugin that
  render figures offline, keep the site free of third-party requests and fix its HTML;
* :mod:`neuroadapt_book.tools` - build helpers (bibliography merge, notebook export).

The science package :mod:`neuroadapt` never imports this one.
"""

from pathlib import Path

#: The repository root (lib/neuroadapt_book/__init__.py -> ../../).
REPO_ROOT = Path(__file__).resolve().parents[2]
