"""The article as readable HTML with each part labelled (headline, dek, paragraph, comment …).

Used by ``Document._repr_html_`` so a notebook shows a loaded article as a reader would see it,
with a visible tag naming each part (never colour alone).  All text is escaped.

Every part's tag starts with its line number as the lessons count it ("Line 8 · paragraph"):
the headline is line 1 and every part after it one more (``Segment.number``), so the numbers
the quizzes and findings speak of are the ones on the page.  The parts are drawn by
:mod:`helpers.views.toolkit`, as in every other view; ``part_label`` and the role names stay
importable from here.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .views.toolkit import (
    PART_WORDS,
    ROLE_NAMES,
    CommentZone,
    document_css,
    e,
    part_close,
    part_label,
    part_open,
)

if TYPE_CHECKING:
    from .document import Document

__all__ = ["PART_WORDS", "ROLE_NAMES", "document_html", "part_label", "parts_table"]


def document_html(doc: Document, *, first_line: int = 1) -> str:
    """One self-contained HTML fragment: CSS, then each segment with its line and role tag."""
    parts = [
        document_css(),
        '<article class="mlv-doc" aria-label="Article with its parts labelled">',
    ]
    zone = CommentZone()
    for seg in doc.segments:
        opening = zone.before(seg)
        if opening:
            parts.append(opening)
        parts.append(part_open(seg, first_line) + e(seg.text) + part_close(seg))
    parts.append("</article>")
    return "\n".join(parts)


class PartsTable:
    """How many parts of each role a document has, shown as a small accessible table."""

    def __init__(self, doc: Document) -> None:
        counts: dict[str, int] = {}
        for seg in doc.segments:
            if seg.role != "comment_marker":
                counts[seg.role] = counts.get(seg.role, 0) + 1
        self.counts = counts
        self.roles_from = doc.roles_from

    def __repr__(self) -> str:
        width = max((len(ROLE_NAMES.get(r, r)) for r in self.counts), default=4)
        rows = [f"{ROLE_NAMES.get(r, r):<{width}}  {n}" for r, n in self.counts.items()]
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left'>{escape(ROLE_NAMES.get(r, r))}</th>"
            f"<td style='text-align:right'>{n}</td></tr>"
            for r, n in self.counts.items()
        )
        how = (
            "as marked by the lesson authors"
            if self.roles_from == "structure"
            else "guessed from the layout"
        )
        return (
            "<table class='mlv-parts'><caption style='text-align:left'>Parts of the article "
            f"({escape(how)})</caption><thead><tr><th scope='col'>Part</th>"
            f"<th scope='col'>How many</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def parts_table(doc: Document) -> PartsTable:
    """A count of the document's parts by role (headline, dek, paragraph, …)."""
    return PartsTable(doc)
