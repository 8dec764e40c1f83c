"""Bank text as Markdown that shows exactly that text (the answer keys' escaping rules).

Bank text is the teacher's (or a student's, on a shared hub): every piece of it goes through
:func:`md_escape`, so it renders as the text it is, never as a link, an image, HTML or a list.
"""

from __future__ import annotations

import re


def one_line(text: str) -> str:
    return " ".join(str(text).split())


# ASCII punctuation that starts Markdown inline syntax: code, emphasis, links and images,
# table cells, strikethrough, headings, math (JupyterLab renders $…$) and the backslash itself.
# An "_" inside a word (loaded_language) can neither open nor close emphasis: left as it is.
_MD_PUNCT = re.compile(r"([\\`*\[\]|~#$]|(?<![^\W_])_|_(?![^\W_]))")
# "&" only where it would start an entity (&lt; &#60;): "BRICS & Russia" stays readable
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# what makes a line a list item, a thematic break or a setext underline when it opens it
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def md_escape(text: str) -> str:
    """Bank text as one line of Markdown that shows exactly that text.

    ``<`` and ``>`` become entities (no HTML, no autolink), so does an ``&`` that would start
    one, Markdown punctuation gets a backslash, and a number, ``-``, ``+`` or ``=``
    opening the text cannot start a list, a rule or a heading (a prompt "5. Why?" would turn
    the key into a list numbered from 5).
    """
    t = _MD_ENTITY.sub("&amp;", one_line(text)).replace("<", "&lt;").replace(">", "&gt;")
    t = _MD_PUNCT.sub(r"\\\1", t)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", t)


def code(text: str) -> str:
    """An id in backticks when it is a plain id, else escaped text (a code span has no escapes)."""
    return f"`{text}`" if re.fullmatch(r"[A-Za-z0-9_.-]+", text) else md_escape(text)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (``|`` is escaped with the rest)."""
    return md_escape(text) or "—"


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


RIGHT = "✔ **right**"
WRONG = "✘"
