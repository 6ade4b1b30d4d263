"""Store the pages that nbmake executed in the build's execution cache.

``make test`` executes each page once: it exports the pages that the build's cache
does not hold for the current lib (``export_notebooks --unexecuted``), runs them
with pytest-nbmake (``--overwrite`` keeps their outputs), stores them here, and
then ``make book`` reads every page from the cache instead of executing it again.

A notebook is stored only if it ran without an error and its code is still the
page's code; it is stored under the key the build computes (the page read by
myst-nb's own reader), so the build finds it. Anything not stored is simply
executed by the build.

Usage: ``python -m neuroadapt_book.tools.cache_notebooks DIR`` (the folder
``export_notebooks`` wrote, mirroring the repository's paths).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from neuroadapt_book import REPO_ROOT as ROOT


def _code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def merged_execution(page: Path, executed):
    """The page as the build reads it, with the outputs of ``executed``; None if they differ."""
    from myst_nb.core.read import read_myst_markdown_notebook

    source = read_myst_markdown_notebook(page.read_text(encoding="utf-8"))
    ran, wanted = _code_cells(executed), _code_cells(source)
    if [c.source.strip() for c in ran] != [c.source.strip() for c in wanted]:
        return None
    if any(output.get("output_type") == "error" for cell in ran for output in cell.get("outputs", [])):
        return None
    if any(cell.get("execution_count") is None and cell.source.strip() for cell in ran):
        return None  # not (completely) executed
    for target, cell in zip(wanted, ran):
        target.outputs = cell.get("outputs", [])
        target.execution_count = cell.get("execution_count")
    if "language_info" in executed.metadata:
        source.metadata["language_info"] = executed.metadata["language_info"]
    return source


def main(folder: str) -> int:
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from neuroadapt_book.tools.build import cache_dir, prepare_cache

    out = Path(folder)
    notebooks = sorted(out.rglob("*.ipynb")) if out.is_dir() else []
    if not notebooks:
        print("no executed notebooks to store")
        return 0
    path = cache_dir(ROOT)
    prepare_cache(path)
    cache = get_cache(path)
    stored = 0
    for notebook in notebooks:
        page = ROOT / notebook.relative_to(out).with_suffix(".md")
        merged = merged_execution(page, nbformat.read(notebook, as_version=4)) if page.is_file() else None
        if merged is None:
            print(f"not stored (not executed, failed, or changed since): {notebook}")
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(merged, str(page), data={"executed_by": "nbmake"}), check_validity=False, overwrite=True
        )
        stored += 1
    print(f"{stored} of {len(notebooks)} executed pages stored in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
