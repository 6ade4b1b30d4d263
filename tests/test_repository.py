"""The repository's own promises: two commands, CI entry point, Binder, workflows, the
layout, one lint configuration, and a strict build that executes each page once per change."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from neuroadapt_book.tools import build
from neuroadapt_book.tools.export_notebooks import notebook_pages

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme


def test_ci_runs_the_readme_test_command():
    lines = [l for l in (ROOT / ".ci/run").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert "make test" in lines


def test_requirements_are_exact_pins():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith(("-r", "-e")) or line == "pyyaml":
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.+\-]*", line), (
                f"{name}: {line} is not an exact pin"
            )
    assert "jupyter-book==1." in (ROOT / "requirements.txt").read_text()
    assert "-e ./lib" in (ROOT / "requirements.txt").read_text()


def test_binder_installs_root_requirements_with_ci_python():
    assert (ROOT / ".binder/requirements.txt").read_text().splitlines()[-1] == "-r ../requirements.txt"
    binder_python = (ROOT / ".binder/runtime.txt").read_text().strip()
    workflow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())
    versions = {
        step["with"]["python-version"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "setup-python" in step.get("uses", "")
    }
    assert versions == {binder_python.removeprefix("python-")}
    # jupyterlab-myst is not needed: Binder opens the notebook edition (plain Markdown),
    # and its only release (2.7.0) is incompatible with JupyterLab 4.6.
    for pkg in ("jupytext", "jupyterlab"):
        assert re.search(rf"^{pkg}==", (ROOT / "requirements.txt").read_text(), re.M)


def test_binder_opens_markdown_as_notebooks():
    overrides = json.loads((ROOT / ".binder/overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    assert "overrides.json" in (ROOT / ".binder/postBuild").read_text()


def test_config_is_strict_and_on_main():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["branch"] == "main"
    # A plain `jupyter-book build .` re-executes everything; `make book` uses the lib-keyed cache.
    assert config["execute"]["execute_notebooks"] == "force"
    assert config["sphinx"]["config"]["nb_execution_raise_on_error"] is True
    assert config["sphinx"]["config"]["nitpicky"] is True
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"python -m neuroadapt_book\.tools\.build\b", makefile)
    assert re.search(
        r'"build", str\(root\), "--builder", "html", "-W", "-n", "--keep-going", "--all"',
        Path(build.__file__).read_text(),
    )


def test_layout_machinery_in_neuroadapt_book():
    """Build helpers in lib/neuroadapt_book/tools, Sphinx extensions in lib/neuroadapt_book/sphinx."""
    assert not (ROOT / "book/_ext").exists() and not (ROOT / "tools").exists()
    for name in re.findall(r"python -m neuroadapt_book\.tools\.(\w+)", (ROOT / "Makefile").read_text()):
        assert (ROOT / f"lib/neuroadapt_book/tools/{name}.py").is_file(), name
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    ours = [e for e in config["sphinx"]["extra_extensions"] if e.startswith("neuroadapt")]
    assert "neuroadapt_book.sphinx" in ours and "neuroadapt_book.sphinx.api" in ours
    for extension in ours:
        path = ROOT / "lib" / Path(*extension.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), extension


def test_lint_configured_once_pinned_and_enforced():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert {"E", "F", "W", "I", "UP", "B"} <= set(pyproject["tool"]["ruff"]["lint"]["select"])
    assert not list(ROOT.glob("*ruff.toml")) and not list((ROOT / "lib").glob("*ruff.toml"))
    assert "ruff" not in tomllib.loads((ROOT / "lib/pyproject.toml").read_text()).get("tool", {})
    assert re.search(r"^ruff==", (ROOT / "requirements-test.txt").read_text(), re.M)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: .*\blint\b", makefile, re.M)
    assert "ruff check $(LINT_PATHS)" in makefile and "ruff format --check $(LINT_PATHS)" in makefile


def test_pytest_markers_registered_once():
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    names = {m.split(":")[0] for m in markers}
    assert {"lib", "book", "notebook", "browser", "slow", "repository", "binder"} <= names


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or pytest.fail(f"{name} is not installed"))


def test_workflows_match_the_github_schema():
    files = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    assert len(files) >= 2
    run = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    run = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(ROOT / ".github/dependabot.yml")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_pass_zizmor_offline():
    run = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(ROOT / ".github/workflows")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_pin_actions_and_limit_permissions():
    for path in (ROOT / ".github/workflows").glob("*.yml"):
        workflow = yaml.safe_load(path.read_text())
        assert workflow.get("permissions") == {}, f"{path.name}: top-level permissions must be empty"
        assert "concurrency" in workflow
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}:{name} has no job-level permissions"
            for step in job["steps"]:
                if "uses" in step:
                    assert re.search(r"@[0-9a-f]{40}$", step["uses"]), f"{step['uses']} is not pinned to a commit"


def test_pages_deploy_uses_official_actions():
    text = (ROOT / ".github/workflows/book.yml").read_text()
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text


def test_a_change_in_lib_rebuilds_and_re_executes_the_book(tmp_path):
    """jupyter-cache keys only on code cells (jupyter-book#1633): the Makefile must
    rebuild when a model changes, and the build's cache is keyed on lib's content
    too, so a changed model re-executes every page (see the scratch build below)."""
    run = subprocess.run(
        ["make", "-n", "-W", "lib/neuroadapt/homeostasis.py", "book"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "neuroadapt_book.tools.build" in run.stdout
    (tmp_path / "lib/neuroadapt").mkdir(parents=True)
    model = tmp_path / "lib/neuroadapt/model.py"
    model.write_text("RATE = 1.0\n")
    before = build.cache_dir(tmp_path)
    model.write_text("RATE = 2.0\n")
    assert build.cache_dir(tmp_path) != before
    assert build.cache_dir(tmp_path).parent == tmp_path / "_build/.jupyter_cache"


def test_pages_never_import_what_the_cache_key_leaves_out():
    """The cache key skips lib's Sphinx extensions and build helpers: no page may import them."""
    for page in notebook_pages():
        text = page.read_text(encoding="utf-8")
        for part in build.NOT_EXECUTED:
            module = part.removeprefix("lib/").rstrip("/").replace("/", ".")
            assert module not in text, f"{page.relative_to(ROOT)} imports {module}"


_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
(page-{name})=
# Page {name}

{prose}

```{{code-cell}} python
{code}
```
"""


def _scratch_book(root: Path) -> None:
    (root / "lib").mkdir()
    (root / "lib/model.py").write_text("RATE = 1.0\n")
    (root / "_config.yml").write_text(
        "title: scratch\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n"
    )
    (root / "_toc.yml").write_text("format: jb-book\nroot: a\nchapters:\n  - file: b\n")
    (root / "a.md").write_text(_PAGE.format(name="a", prose="Some prose.", code="print('a')"))
    (root / "b.md").write_text(_PAGE.format(name="b", prose="See {ref}`page-a`.", code="print('b')"))


def _build(root: Path) -> tuple[int, int]:
    """Build the scratch book as `make book` does; (return code, pages executed)."""
    run = subprocess.run(
        [sys.executable, "-m", "neuroadapt_book.tools.build", "--root", str(root), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return run.returncode, len(re.findall(r"Executing notebook using", run.stdout + run.stderr))


@pytest.mark.slow
def test_build_executes_each_page_once_per_change_and_stays_strict(tmp_path):
    _scratch_book(tmp_path)
    assert _build(tmp_path) == (0, 2)
    # prose edited: every page re-read (strict), none re-executed
    (tmp_path / "a.md").write_text((tmp_path / "a.md").read_text().replace("Some prose.", "Other prose."))
    assert _build(tmp_path) == (0, 0)
    # one page's code edited: only that page re-executed
    (tmp_path / "b.md").write_text((tmp_path / "b.md").read_text().replace("print('b')", "print('b2')"))
    assert _build(tmp_path) == (0, 1)
    # lib changed: every page re-executed
    (tmp_path / "lib/model.py").write_text("RATE = 2.0\n")
    assert _build(tmp_path) == (0, 2)
    # a broken reference in an unchanged, cached page still fails the build
    (tmp_path / "b.md").write_text((tmp_path / "b.md").read_text().replace("page-a", "page-nowhere"))
    assert _build(tmp_path) == (1, 0)
    # a notebook error fails it
    (tmp_path / "b.md").write_text((tmp_path / "b.md").read_text().replace("page-nowhere", "page-a"))
    (tmp_path / "a.md").write_text((tmp_path / "a.md").read_text().replace("print('a')", "1 / 0"))
    assert _build(tmp_path)[0] != 0


def test_the_build_executed_every_page_with_this_lib():
    """`make test` runs nbmake only on pages the build's cache lacks: after `make book`
    every page's current code has a successful execution there, keyed on this lib."""
    cache = build.cache_dir(ROOT)
    if not (ROOT / "_build/.book-built").exists() or not cache.is_dir():
        pytest.skip("the book is not built with this lib: `make book` (or `make test`)")
    missing = [str(p.relative_to(ROOT)) for p in notebook_pages() if build.cached_execution(p, cache) is None]
    assert not missing, f"not executed by the build with this lib: {missing}"


def test_api_appendix_covers_every_public_module():
    from neuroadapt_book.sphinx.api import public_modules

    modules = public_modules("neuroadapt")
    files = [p for p in (ROOT / "lib/neuroadapt").glob("*.py") if not p.name.startswith("_")]
    assert {f"neuroadapt.{p.stem}" for p in files} <= set(modules)
    toc = (ROOT / "_toc.yml").read_text()
    assert "file: book/api" in toc and "package-api:: neuroadapt" in (ROOT / "book/api.md").read_text()
    page = ROOT / "_build/html/book/api.html"
    if page.exists() and (ROOT / "_build/.book-built").exists():
        html = page.read_text(encoding="utf-8")
        assert [m for m in modules if f'id="module-{m}"' not in html] == []
