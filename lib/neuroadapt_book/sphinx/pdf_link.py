"""A header button on every page that downloads the whole book as one PDF.

``make pdf`` (:mod:`neuroadapt_book.tools.pdf`) prints the built site into
``_build/pdf/<name>.pdf`` and copies it to the site's root, ``_build/html/<name>.pdf``,
so the file is published with the site (GitHub Pages serves ``_build/html``). Each
page gets a link button in the article header, next to the theme's download and
repository buttons, whose ``href`` is relative to the page (``../../<name>.pdf``),
so it works on Pages, under any base path, and from a local copy of the site.

``<name>`` is the repository's name (``repository.url`` in ``_config.yml``), e.g.
``drug-dependence-book.pdf``; :func:`pdf_name` is the one place that says so.

The icon is a Font Awesome class like the theme's other buttons; ``light_pages``
inlines it as SVG when the build finishes, as it does for them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: The button's label (sphinx-book-theme gives the link the class ``btn-<label>``).
BUTTON_LABEL = "book-pdf-button"
TOOLTIP = "Download the whole book as a PDF"


def pdf_name(repository_url: str | None) -> str:
    """``https://github.com/org/drug-dependence-book`` -> ``drug-dependence-book.pdf``."""
    name = (repository_url or "").rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return f"{name or 'book'}.pdf"


def pdf_href(pagename: str, repository_url: str | None) -> str:
    """The PDF's address relative to the page ``pagename`` (``book/principles/tolerance``)."""
    return "../" * pagename.count("/") + pdf_name(repository_url)


def _repository_url(app: Sphinx) -> str | None:
    options = app.config.html_theme_options or {}
    return options.get("repository_url") or None


def _add_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    buttons = context.get("header_buttons")
    if buttons is None or app.builder.format != "html":
        return
    button = {
        "type": "link",
        "url": pdf_href(pagename, _repository_url(app)),
        "tooltip": TOOLTIP,
        "icon": "fas fa-book",
        "label": BUTTON_LABEL,
    }
    # Before the theme's download group ("Download this page"), or first if it has none.
    at = next((i for i, b in enumerate(buttons) if b.get("label") == "download-buttons"), 0)
    buttons.insert(at, button)


def setup(app: Sphinx) -> dict:
    # sphinx-book-theme fills header_buttons at priority 501: run after it.
    app.connect("html-page-context", _add_button, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
