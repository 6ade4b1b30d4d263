"""Point the Binder launch button at the page's notebook edition.

sphinx-book-theme builds the Binder link of a page as
``{binderhub_url}/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{path_to_docs}{page}.md``
(``header_buttons/launch.py``): it opens the MyST source, which JupyterLab
cannot render as the site does. Binder's ``.binder/postBuild`` writes the
notebook edition (``neuroadapt_book.tools.notebook_edition``) to
``_notebooks/<chapter>/<page>.ipynb``; this extension rewrites the link's
``urlpath`` to that notebook, after the theme has built its buttons.

Configuration (``_config.yml``, ``sphinx.config``): ``notebook_edition_dir``
(default ``"_notebooks"``), the folder the launch buttons open.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from sphinx.application import Sphinx

URLPATH = re.compile(r"(urlpath=)(lab/tree|tree)/(?P<path>[^&#]+)")


def edition_path(pagename: str, edition_dir: str = "_notebooks") -> str:
    """book/principles/tolerance -> _notebooks/principles/tolerance.ipynb."""
    parts = PurePosixPath(pagename).parts
    if parts and parts[0] == "book":
        parts = parts[1:]
    return str(PurePosixPath(edition_dir.strip("/"), *parts).with_suffix(".ipynb"))


def _rewrite(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    target = edition_path(pagename, app.config.notebook_edition_dir)
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if "urlpath=" in url:
                button["url"] = URLPATH.sub(lambda m: f"{m.group(1)}{m.group(2)}/{target}", url)


def setup(app: Sphinx) -> dict:
    app.add_config_value("notebook_edition_dir", "_notebooks", "html")
    # sphinx-book-theme adds the launch buttons at the default priority (500): run after it.
    app.connect("html-page-context", _rewrite, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
