"""The book as a Binder reader gets it: the notebook edition in JupyterLab.

Fast tests check the generated notebooks and the launch link. The ``binder``
test does what a reader does after pressing the launch button: ``.binder/postBuild``
is applied to a temporary place (settings in a temporary prefix, the notebook
edition of two pages in a temporary root), JupyterLab starts headless on a free
port with a token, Debian's Chromium opens each page by its launch URL, runs all
cells, and the test checks what the reader sees: a notebook (not a text file),
no error output, every chart drawn, no answer key in view, self-checks that
answer right and wrong (by keyboard), a citation and a glossary term that lead
somewhere, captions with the teaching-only notice, and a page JupyterLab does not
mark as changed. Screenshots go to ``$BINDER_SCREENSHOTS`` (default /tmp/n-*.png).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {"tolerance": "book/principles/tolerance", "codeine": "book/practices/codeine"}
SHOTS = os.environ.get("BINDER_SCREENSHOTS", "/tmp/n-")


# ---------------------------------------------------------------------------
# Fast: the generator's output and the launch link (no JupyterLab)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    from neuroadapt_book.tools.notebook_edition import build_edition

    out = tmp_path_factory.mktemp("edition") / "_notebooks"
    build_edition(out, execute_pages=False, log=lambda *a: None)
    return out


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_every_page_becomes_a_notebook_without_myst_syntax(edition):
    from neuroadapt_book.tools.notebook_edition import Book, out_relpath

    book = Book()
    for docname in book.order():
        path = edition / out_relpath(docname)
        assert path.exists(), path
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
        text = _markdown(nb)
        for syntax in ("{cite", "{term}", "{doc}", "{ref}", "{numref}", "{py:", "```{", "````{", "{glue"):
            assert syntax not in text, f"{docname}: MyST {syntax} left in the notebook"


def test_kernelspec_matches_the_installed_kernel(edition):
    from jupyter_client.kernelspec import KernelSpecManager

    installed = KernelSpecManager().get_kernel_spec("python3")
    nb = nbformat.read(edition / "principles" / "tolerance.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["display_name"] == installed.display_name
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_answer_keys_plumbing_and_solutions_are_hidden(edition):
    nb = nbformat.read(edition / "practices" / "codeine.ipynb", as_version=4)
    checks = [c for c in nb.cells if c.cell_type == "code" and "Question(" in c.source]
    assert len(checks) >= 3
    for cell in checks:
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert cell.outputs == []
    nb = nbformat.read(edition / "principles" / "tolerance.ipynb", as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "remove-cell" in tags and not cell.metadata.get("neuroadapt", {}).get("setup"):
            assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        if "remove-input" in tags:
            assert cell.metadata["jupyter"]["source_hidden"] is True
    text = _markdown(nb)
    assert text.count("<details>\n<summary>Solution to Exercise") == 3, "solutions collapsed until opened"
    assert "<details open" not in text
    solution_code = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("neuroadapt", {}).get("solution")]
    assert solution_code and all(c.metadata["jupyter"]["outputs_hidden"] for c in solution_code)


def test_roles_become_links_to_generated_notebooks(edition):
    nb = nbformat.read(edition / "principles" / "tolerance.ipynb", as_version=4)
    text = _markdown(nb)
    assert "([Conney, 1967](../references.ipynb#ref-conney1967))" in text
    assert "[tolerance](../glossary.ipynb#term-tolerance)" in text
    assert "(addiction-vs-dependence.ipynb)" in text
    refs = _markdown(nbformat.read(edition / "references.ipynb", as_version=4))
    assert '<a id="ref-conney1967"></a>**Conney, 1967.**' in refs
    glossary = _markdown(nbformat.read(edition / "glossary.ipynb", as_version=4))
    assert '- <a id="term-tolerance"></a>**Tolerance**:' in glossary
    index = _markdown(nbformat.read(edition / "index.ipynb", as_version=4))
    assert "(principles/tolerance.ipynb)" in index, "the table of contents lists the pages"


def test_glued_figures_have_their_caption_and_notice(edition):
    nb = nbformat.read(edition / "principles" / "tolerance.ipynb", as_version=4)
    for i, cell in enumerate(nb.cells):
        figure = cell.metadata.get("neuroadapt", {}).get("figure")
        if figure:
            caption = nb.cells[i + 1]
            assert caption.cell_type == "markdown" and caption.source.startswith(f'<a id="{figure}"></a>**Fig. ')
            assert "Teaching material, not medical advice." in caption.source


def test_launch_button_opens_the_notebook_edition():
    from neuroadapt_book.sphinx.launch import _rewrite, edition_path

    assert edition_path("book/principles/tolerance") == "_notebooks/principles/tolerance.ipynb"

    class App:
        class config:
            notebook_edition_dir = "_notebooks"

    url = (
        "https://mybinder.org/v2/gh/neuroadapt-book/drug-dependence-book/main"
        "?urlpath=lab/tree/book/practices/codeine.md"
    )
    context = {"header_buttons": [{"label": "launch-buttons", "buttons": [{"text": "Binder", "url": url}]}]}
    _rewrite(App, "book/practices/codeine", "page.html", context, None)
    assert context["header_buttons"][0]["buttons"][0]["url"].endswith(
        "?urlpath=lab/tree/_notebooks/practices/codeine.ipynb"
    )


# ---------------------------------------------------------------------------
# Slow: JupyterLab + Chromium, as a Binder reader
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    base = tmp_path_factory.mktemp("binder")
    prefix, root = base / "prefix", base / "root"
    root.mkdir()
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        {
            "NB_PYTHON_PREFIX": str(prefix),
            "EDITION_DIR": str(root / "_notebooks"),
            "EDITION_ARGS": " ".join(f"--page {p}" for p in PAGES.values()),
            "JUPYTERLAB_SETTINGS_DIR": str(base / "user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "JUPYTER_CONFIG_DIR": str(base / "config"),
        }
    )
    # Test-only user setting: render every cell (JupyterLab's default windowing keeps only
    # the cells in view in the DOM, and the checks below read the whole notebook).
    tracker = base / "user-settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    started = time.perf_counter()
    subprocess.run(["bash", ".binder/postBuild"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    postbuild_s = time.perf_counter() - started
    labext = subprocess.run([str(BIN / "jupyter"), "labextension", "list"], env=env, capture_output=True, text=True)
    port, token = _free_port(), secrets.token_hex(16)
    log = open(base / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--LabApp.extension_manager=readonly",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.app_settings_dir={prefix / 'share/jupyter/lab/settings'}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (base / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield {
        "url": url,
        "token": token,
        "root": root,
        "labext": labext.stdout + labext.stderr,
        "postbuild_s": postbuild_s,
        "log": base / "jupyterlab.log",
    }
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    shutil.rmtree(base / "runtime", ignore_errors=True)


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _open(chromium, jupyterlab, docname: str):
    from neuroadapt_book.sphinx.launch import edition_path

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # the launch URL's urlpath, as Binder passes it to the server
    # (reset: a fresh workspace, as on a new Binder session, not the tabs of the previous visit)
    page.goto(f"{jupyterlab['url']}/lab/tree/{edition_path(docname)}?reset&token={jupyterlab['token']}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(
        ".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Toolbar-kernelStatus, .jp-DebuggerBugButton",
        timeout=60_000,
    )
    return context, page, errors


def _code_cells(jupyterlab, docname: str) -> int:
    from neuroadapt_book.sphinx.launch import edition_path

    nb = nbformat.read(jupyterlab["root"] / edition_path(docname), as_version=4)
    return sum(c.cell_type == "code" for c in nb.cells)


def _run_all(page, n_cells: int):
    """Run > Run All Cells, then wait until the kernel has executed every code cell."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        """n => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
            const tip = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator-tooltip');
            return status && status.dataset.status === 'idle' && tip
                && tip.textContent.includes(`Executed ${n} cells`);
        }""",
        arg=n_cells,
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # charts draw asynchronously


def _dirty(page) -> bool:
    return page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0


@pytest.mark.binder
def test_binder_reader_tolerance_and_codeine(jupyterlab, chromium):
    started = time.perf_counter()
    assert "jupyterlab-myst" not in jupyterlab["labext"]
    assert "X" not in jupyterlab["labext"].replace("JupyterLab", ""), jupyterlab["labext"]
    assert "not compatible" not in jupyterlab["labext"]

    # --- the chapter page
    context, page, errors = _open(chromium, jupyterlab, PAGES["tolerance"])
    page.wait_for_timeout(2000)
    assert not _dirty(page), "JupyterLab marks the page changed as it opens it"
    page.screenshot(path=f"{SHOTS}tolerance-open.png")
    assert page.locator(".jp-NotebookPanel .jp-MarkdownCell").count() > 5, "not opened as a notebook"
    assert "2.2. Tolerance" in page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first.inner_text()
    _run_all(page, _code_cells(jupyterlab, PAGES["tolerance"]))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, notebook.locator(
        "[data-mime-type='application/vnd.jupyter.stderr']"
    ).first.inner_text()
    charts = notebook.locator(".jp-RenderedVegaCommon5")
    assert charts.count() == 2
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.locator("canvas, svg").first.wait_for(timeout=20_000)
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150
    text = notebook.inner_text()
    assert "Fig. 2.3." in text and "Fig. 2.4." in text
    assert text.count("Teaching material, not medical advice.") >= 2
    assert "{cite" not in text and "{term}" not in text and "solution-start" not in text
    assert "computed when the page runs" not in text
    # solutions collapsed
    for details in notebook.locator("details").all():
        assert details.get_attribute("open") is None
    # keyboard: a focused slider takes the arrow keys, the active cell stays
    slider = notebook.locator(".vega-bindings input[type=range]").first
    slider.scroll_into_view_if_needed()
    before = slider.input_value()
    slider.focus()  # as Tab does: focusing the slider makes its cell the active one
    page.wait_for_timeout(200)
    active_before = page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
        ".findIndex(c => c.classList.contains('jp-mod-active'))"
    )
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    active_after = page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
        ".findIndex(c => c.classList.contains('jp-mod-active'))"
    )
    assert slider.input_value() != before, "the slider did not take the arrow keys"
    assert active_after == active_before, "the arrow keys moved the active cell"
    page.screenshot(path=f"{SHOTS}tolerance.png", full_page=False)
    notebook.locator(".jp-RenderedVegaCommon5").first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}tolerance-figure.png")
    # a citation and a glossary term lead to their entries
    cite = notebook.locator("a[href*='references.ipynb']").first
    cite.scroll_into_view_if_needed()
    cite.click()
    page.wait_for_selector(".lm-TabBar-tab:has-text('references.ipynb')", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('[data-jupyter-id=\"ref-conney1967\"]') !== null", timeout=30_000
    )
    assert (
        "Pharmacological implications of microsomal enzyme induction"
        in page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first.inner_text()
    )
    page.locator(".lm-TabBar-tab:has-text('tolerance.ipynb')").first.click()
    term = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) a[href*='glossary.ipynb'][href*='#term-']").first
    term.scroll_into_view_if_needed()
    term.click()
    page.wait_for_selector(".lm-TabBar-tab:has-text('glossary.ipynb')", timeout=30_000)
    glossary = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    glossary.locator("[data-jupyter-id='term-tolerance']").wait_for(state="attached", timeout=30_000)
    assert "Tolerance:" in glossary.inner_text()
    assert errors == [], errors
    context.close()

    # --- the practice page: self-checks
    context, page, errors = _open(chromium, jupyterlab, PAGES["codeine"])
    page.wait_for_timeout(1500)
    assert not _dirty(page)
    page.screenshot(path=f"{SHOTS}codeine-open.png")
    assert "news" not in page.locator(".Toastify").inner_text().lower() if page.locator(".Toastify").count() else True
    _run_all(page, _code_cells(jupyterlab, PAGES["codeine"]))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    text = notebook.inner_text()
    for key in ("answer=", "NumericQuestion(", "ChoiceQuestion(", "feedback_right"):
        assert key not in text, f"answer key visible: {key}"
    forms = notebook.locator("form.selfcheck")
    assert forms.count() == 4
    for form in forms.all():
        form.scroll_into_view_if_needed()
        assert form.get_attribute("data-ready") == "true", "selfcheck.js did not run in JupyterLab"
        assert form.locator("details.selfcheck-reveal").get_attribute("open") is None
    first = forms.nth(0)
    box = first.locator("input[type=text]")
    box.fill("2")
    box.press("Enter")
    feedback = first.locator(".selfcheck-feedback")
    page.wait_for_function("el => el.textContent.trim().length > 0", arg=feedback.element_handle())
    assert feedback.inner_text().startswith("Not quite — Your answer is too low."), feedback.inner_text()
    box.fill("3")
    box.press("Enter")
    page.wait_for_function("el => el.textContent.startsWith('Correct')", arg=feedback.element_handle())
    assert feedback.inner_text().startswith("Correct — the answer is 3."), feedback.inner_text()
    # the choice question, by keyboard alone: focus an option, arrows choose, Enter checks
    choice = notebook.locator("form.selfcheck-choice").first
    choice.scroll_into_view_if_needed()
    radios = choice.locator("input[type=radio]")
    radios.nth(0).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    feedback = choice.locator(".selfcheck-feedback")
    page.wait_for_function("el => el.textContent.startsWith('Not quite')", arg=feedback.element_handle())
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.textContent.startsWith('Correct')", arg=feedback.element_handle())
    assert "1-2 % is a figure for European-ancestry samples" in feedback.inner_text()
    assert page.locator(".jp-Notebook .jp-Cell").count() > 10, "keys typed into the self-check edited the notebook"
    first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}codeine.png")
    choice.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}codeine-choice.png")
    assert errors == [], errors
    context.close()
    print(
        f"\npostBuild (2 pages): {jupyterlab['postbuild_s']:.1f} s; reader session: "
        f"{time.perf_counter() - started:.1f} s"
    )
