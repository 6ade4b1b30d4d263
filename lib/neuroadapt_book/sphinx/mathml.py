"""Math rendered at build time as MathML, so no page loads MathJax.

Sphinx's default HTML math renderer writes the TeX source into the page and
leaves MathJax (257 KiB gzipped, on every page) to typeset it in the browser:
without JavaScript the reader sees raw TeX, and MathJax makes every formula a
Tab stop. This extension registers a math renderer, ``mathml``, that converts
each formula with :mod:`latex2mathml` (pure Python, pinned in requirements.txt)
while the page is written. Browsers render MathML natively (Chromium 109+,
Firefox, Safari), in print, without JavaScript, in the text colour of the page
(so dark mode and print need no special case), and a formula is not focusable.

The book's TeX is checked, not trusted: a formula that latex2mathml cannot
convert, or converts into something that is plainly not mathematics (an ``&``
left as an identifier, an ``merror``), is a Sphinx warning, which fails the
strict build (``-W``). The original TeX stays in the page as the MathML
``<annotation encoding="application/x-tex">``, so copying a formula still
gives its source.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

#: Signs that latex2mathml did not understand a construct.
_BROKEN = (re.compile(r"<mi>&(amp;)?</mi>"), re.compile(r"<merror"), re.compile(r"<mi>\\"))

# latex2mathml knows ``split`` (right/left column pairs) but not amsmath's
# ``aligned``, which has the same layout; Sphinx also wraps any display formula
# that contains ``\\`` in ``split``, which would nest the two.
_SPLIT = re.compile(r"^\s*\\begin\{split\}(.*)\\end\{split\}\s*$", re.S)
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
# amsmath environments that latex2mathml spells without the star or as split.
_ENV_ALIASES = {
    r"\begin{align*}": r"\begin{align}",
    r"\end{align*}": r"\end{align}",
    r"\begin{equation*}": "",
    r"\end{equation*}": "",
    r"\begin{equation}": "",
    r"\end{equation}": "",
}


def _arrows(tex: str) -> str:
    r"""``\xrightarrow{label}`` -> ``\overset{label}{\longrightarrow}``.

    latex2mathml writes \xrightarrow as an arrow that only a stretchy math font
    widens; without one (most phones) the label overlaps the next word. An
    overset long arrow keeps the label above its own space.
    """
    out, i = [], 0
    for command, arrow in ((r"\xrightarrow", r"\longrightarrow"), (r"\xleftarrow", r"\longleftarrow")):
        out, i = [], 0
        while True:
            j = tex.find(command + "{", i)
            if j < 0:
                out.append(tex[i:])
                break
            depth, k = 0, j + len(command)
            for k in range(j + len(command), len(tex)):
                depth += {"{": 1, "}": -1}.get(tex[k], 0)
                if depth == 0:
                    break
            label = tex[j + len(command) + 1 : k]
            out.append(tex[i:j] + r"\overset{" + label + "}{" + arrow + "}")
            i = k + 1
        tex = "".join(out)
    return tex


def _normalise(tex: str) -> str:
    tex = tex.strip()
    for outer, inner in ((r"\[", r"\]"), (r"\(", r"\)"), ("$$", "$$")):
        if tex.startswith(outer) and tex.endswith(inner):
            tex = tex[len(outer) : -len(inner)].strip()
    match = _SPLIT.match(tex)
    if match and r"\begin{aligned}" in match.group(1):
        tex = match.group(1).strip()
    tex = _arrows(tex)
    tex = _ALIGNED.sub(lambda m: "\\" + m.group(1) + "{split}", tex)
    for old, new in _ENV_ALIASES.items():
        tex = tex.replace(old, new)
    return tex


def tex_to_mathml(tex: str, display: str = "inline") -> str:
    """Convert one formula (``$...$`` or display) to a ``<math>`` element.

    Raises ValueError when latex2mathml cannot convert ``tex`` or produces
    MathML with a construct it did not understand.
    """
    if display not in ("inline", "block"):
        raise ValueError(f"display must be 'inline' or 'block', got {display!r}")
    source = _normalise(tex)
    try:
        mathml = convert(source, display=display)
    except Exception as error:  # latex2mathml raises many types
        raise ValueError(f"cannot convert TeX to MathML: {tex!r} ({error})") from error
    for pattern in _BROKEN:
        if pattern.search(mathml):
            raise ValueError(f"TeX not understood by latex2mathml: {tex!r}")
    annotation = f'<annotation encoding="application/x-tex">{html.escape(source, quote=False)}</annotation>'
    # <math><mrow>..</mrow></math> -> <math><semantics><mrow>..</mrow><annotation/></semantics></math>
    head, _, rest = mathml.partition(">")
    body = rest[: -len("</math>")]
    return f"{head}><semantics>{body}{annotation}</semantics></math>"


def _render(translator, node, display: str) -> str:
    try:
        return tex_to_mathml(node.astext(), display)
    except ValueError as error:
        logger.warning(str(error), location=node, type="neuroadapt", subtype="mathml")
        return f"<code>{html.escape(node.astext())}</code>"


def html_visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_render(self, node, "inline"))
    self.body.append("</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    for part in parts:
        if r"\\" in part and r"\begin" not in part:  # as Sphinx's MathJax renderer does
            part = r"\begin{split}" + part + r"\end{split}"
        self.body.append(_render(self, nodes.math_block(part, part, source=node.source, line=node.line), "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _select(app, config) -> None:
    config.html_math_renderer = "mathml"


def setup(app):
    app.add_html_math_renderer("mathml", (html_visit_math, None), (html_visit_displaymath, None))
    app.connect("config-inited", _select)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
