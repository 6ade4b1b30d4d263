"""Convert every MyST-notebook page of the table of contents to .ipynb.

nbmake collects only ``.ipynb`` files (and skips ``_build``), so ``make test``
converts the book's ``.md`` pages into a scratch folder and runs nbmake there.

Usage: ``python -m neuroadapt_book.tools.export_notebooks [--unexecuted] OUTDIR``

With ``--unexecuted``, only the pages whose current code has no successful
execution, with the current lib, in the build's execution cache (see
:mod:`neuroadapt_book.tools.build`): after ``make book`` there are none, so
``make test`` does not execute the pages a second time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import yaml

from neuroadapt_book import REPO_ROOT as ROOT


def toc_files(toc: dict) -> list[str]:
    """All ``file:`` entries of a Jupyter Book ``_toc.yml``, in order."""
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def notebook_pages() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = []
    for name in toc_files(toc):
        path = ROOT / f"{name}.md"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("---") and "kernelspec:" in text.split("---")[1]:
            pages.append(path)
    return pages


def main(outdir: str, unexecuted: bool = False) -> int:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    pages = notebook_pages()
    if unexecuted:
        from neuroadapt_book.tools.build import cache_dir, cached_execution

        cache = cache_dir(ROOT)
        executed = [page for page in pages if cached_execution(page, cache) is not None]
        print(f"{len(executed)} of {len(pages)} pages already executed by the build with this lib ({cache.name})")
        pages = [page for page in pages if page not in executed]
    for page in pages:
        notebook = jupytext.read(page)
        target = out / page.relative_to(ROOT).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target)
        print(f"{page.relative_to(ROOT)} -> {target}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(args[-1], unexecuted="--unexecuted" in args))
