"""The repository's own promises: two commands, CI entry point, Binder, workflows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.+\-]*", line), f"{name}: {line} is not an exact pin"
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
    assert config["execute"]["execute_notebooks"] == "force"
    assert config["sphinx"]["config"]["nb_execution_raise_on_error"] is True
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"jupyter-book build \. --builder html -W -n --keep-going", makefile)


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or pytest.fail(f"{name} is not installed"))


def test_workflows_match_the_github_schema():
    files = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    assert len(files) >= 2
    run = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    run = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot",
                          str(ROOT / ".github/dependabot.yml")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_pass_zizmor_offline():
    run = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", str(ROOT / ".github/workflows")],
                         capture_output=True, text=True)
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


def test_a_change_in_lib_rebuilds_and_re_executes_the_book():
    """jupyter-cache keys only on code cells (jupyter-book#1633): the Makefile must
    rebuild when a model changes, and the build re-executes every page (force)."""
    run = subprocess.run(["make", "-n", "-W", "lib/neuroadapt/homeostasis.py", "book"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "jupyter-book build" in run.stdout
