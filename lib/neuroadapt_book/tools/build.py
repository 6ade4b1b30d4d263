"""Build the book strictly, executing each page once per change, in parallel.

Usage: ``python -m neuroadapt_book.tools.build [--root DIR] [--jobs N|auto]``
(``make book`` runs it after ``merge_bib``). It is ``jupyter-book build ROOT
--builder html -W -n --keep-going --all`` with three differences:

* **Execution cache keyed on the code and on lib.** Pages run in myst-nb's
  ``cache`` mode, whose key (jupyter-cache) is a hash of a page's code cells and
  kernel only, so on its own a change in ``lib/`` would not re-execute a cached page
  (jupyter-book#1633). The cache therefore lives in
  ``_build/.jupyter_cache/<fingerprint>``, where the fingerprint is a hash of the
  files of ``lib/`` that pages import (all but :data:`NOT_EXECUTED`) and of
  ``requirements.txt``: any change in them starts an empty
  cache and re-executes every page; a prose edit re-executes nothing; an edited code
  cell re-executes its page only. The last few caches are kept, so switching back
  is free.
* **Pages executed in parallel.** Sphinx reads pages in ``--jobs`` processes
  (``-j``), and myst-nb executes a page while reading it, so a clean build executes
  pages on every core. Three extensions that Jupyter Book loads do not declare
  whether they are safe for parallel reading (Sphinx then warns, which ``-W`` turns
  into an error); each is, see :data:`PARALLEL_SAFE`. Pages are *written* in one
  process: sphinx-tippy collects each page's tooltips while the page is written and
  saves them when the build finishes, so with parallel writing they stay in the
  worker processes and every page's tooltip script is missing (the browser tests
  saw the 404s).
* **Still strict.** ``--all`` (a fresh environment) re-reads every page on every
  build, from the cache, so a warning in an unchanged page still fails the build;
  ``nb_execution_raise_on_error`` (``_config.yml``) makes a notebook error fail it.

``_config.yml`` keeps ``execute_notebooks: force``, so a plain ``jupyter-book
build .`` never reuses stale outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path

from neuroadapt_book import REPO_ROOT, skip_iri_format_checks

#: Extensions Jupyter Book loads that do not declare parallel-read safety, and why each is safe.
PARALLEL_SAFE = {
    "sphinx_multitoc_numbering": "replaces TocTreeCollector.assign_section_numbers, "
    "which runs in the main process after all pages are read",
    "sphinx-mathjax-offline": "only copies MathJax into _static/ when the build finishes",
    "sphinx_jupyterbook_latex": "adds per-document transforms for the LaTeX builder; no environment data",
}

#: How many execution caches (one per lib fingerprint) to keep.
KEEP_CACHES = 4

_SKIP_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis", ".ipynb_checkpoints"}

#: Parts of lib that a page's kernel never imports: the Sphinx extensions (they
#: render the cached outputs, and every page is re-read on every build) and the
#: build helpers. Editing them does not re-execute the pages; a test checks that
#: no page imports them.
NOT_EXECUTED = ("lib/neuroadapt_book/sphinx/", "lib/neuroadapt_book/tools/")


def fingerprinted_files(root: Path) -> list[Path]:
    """The files whose content keys the execution cache: ``lib/`` (less :data:`NOT_EXECUTED`)
    and ``requirements.txt``."""
    files = [
        path
        for path in (root / "lib").rglob("*")
        if path.is_file()
        and not _SKIP_PARTS.intersection(path.relative_to(root).parts)
        and not path.relative_to(root).as_posix().startswith(NOT_EXECUTED)
        and not any(part.endswith(".egg-info") for part in path.parts)
        and path.suffix not in {".pyc", ".pyo"}
    ]
    requirements = root / "requirements.txt"
    if requirements.is_file():
        files.append(requirements)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def lib_fingerprint(root: Path = REPO_ROOT) -> str:
    """A hash of the names and contents of the files of :func:`fingerprinted_files`."""
    digest = hashlib.sha256()
    for path in fingerprinted_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_dir(root: Path = REPO_ROOT) -> Path:
    """The execution cache for the current content of lib."""
    return root / "_build" / ".jupyter_cache" / lib_fingerprint(root)


def cached_execution(page: Path, cache: Path):
    """The cache record of ``page``'s current code in ``cache``, or None.

    The page is read as the build reads it (myst-nb's MyST-notebook reader), so the
    key is the one the build uses; jupyter-cache stores successful executions only.
    """
    if not (cache / "global.db").exists():
        return None
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(page.read_text(encoding="utf-8"))
    try:
        return get_cache(cache).match_cache_notebook(notebook)
    except KeyError:
        return None


def prepare_cache(path: Path) -> None:
    """Create the cache and its database before the parallel readers open it
    (two processes creating the tables at once fail), and drop old caches."""
    from jupyter_cache.cache.db import create_db

    path.mkdir(parents=True, exist_ok=True)
    create_db(path).dispose()
    path.touch()  # mtime = last used
    caches = sorted((p for p in path.parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in caches[KEEP_CACHES:]:
        shutil.rmtree(old, ignore_errors=True)


def _patch_jupyter_book(jobs: int, overrides: dict) -> None:
    import jupyter_book.sphinx
    from sphinx.application import Sphinx

    build_sphinx = jupyter_book.sphinx.build_sphinx

    def build_sphinx_with(*args, confoverrides=None, **kwargs):
        return build_sphinx(*args, confoverrides={**(confoverrides or {}), **overrides}, jobs=jobs, **kwargs)

    jupyter_book.sphinx.build_sphinx = build_sphinx_with

    sphinx_build = Sphinx.build

    def build(self, *args, **kwargs):
        self.builder.allow_parallel = False  # parallel reading only: see the module docstring
        for name in PARALLEL_SAFE:
            extension = self.extensions.get(name)
            if extension is not None and extension.parallel_read_safe is None:
                extension.parallel_read_safe = True
        return sphinx_build(self, *args, **kwargs)

    Sphinx.build = build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the book's folder (default: this repository)")
    parser.add_argument("--jobs", default="auto", help="parallel processes, or 'auto' for one per core")
    parser.add_argument("--path-output", default=None, help="as jupyter-book build --path-output")
    args = parser.parse_args(argv)

    skip_iri_format_checks()
    root = args.root.resolve()
    jobs = (os.cpu_count() or 1) if args.jobs == "auto" else int(args.jobs)
    cache = cache_dir(root)
    prepare_cache(cache)
    print(f"execution cache: {cache.relative_to(root)} (lib fingerprint); {jobs} parallel reader(s)", flush=True)
    _patch_jupyter_book(jobs, {"nb_execution_mode": "cache", "nb_execution_cache_path": str(cache)})

    from jupyter_book.cli.main import main as jupyter_book

    command = ["build", str(root), "--builder", "html", "-W", "-n", "--keep-going", "--all"]
    if args.path_output:
        command += ["--path-output", args.path_output]
    return jupyter_book.main(args=command, prog_name="jupyter-book", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main())
