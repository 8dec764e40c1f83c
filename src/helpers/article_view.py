"""The article as readable HTML with each part labelled (headline, dek, paragraph, comment …).

Used by ``Document._repr_html_`` so a notebook shows a loaded article as a reader would see it,
with a visible tag naming each part (never colour alone).  All text is escaped.

Every part's tag starts with its line number as the lessons count it ("Line 8 · paragraph"):
the headline is line 1 and every part after it one more (``Segment.number``), so the numbers
the quizzes and findings speak of are the ones on the page.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document, Segment

ROLE_NAMES: dict[str, str] = {
    "headline": "Headline",
    "dek": "Dek (standfirst)",
    "byline": "Byline",
    "subheading": "Subheading",
    "paragraph": "Paragraph",
    "comment": "Reader comment",
    "comment_marker": "Comments start here",
}
# The kind of part after its line number: "Line 8 · paragraph".
PART_WORDS: dict[str, str] = {
    "headline": "headline",
    "dek": "dek (standfirst)",
    "byline": "byline",
    "subheading": "subheading",
    "paragraph": "paragraph",
    "comment": "reader comment",
    "comment_marker": "comments start here",
}


def part_label(seg: Segment, first_line: int = 1) -> str:
    """'Line 8 · paragraph': the number students see, then what kind of part it is.

    ``first_line`` is the number of the document's first part, for a passage cut out of a
    longer article (a quiz passage that starts at line 8 numbers its first part 8).
    """
    return f"Line {seg.number + first_line - 1} · {PART_WORDS.get(seg.role, seg.role)}"


_CSS = """
<style>
.ml-article{font-family:Georgia,'Times New Roman',serif;max-width:46em;line-height:1.55;
  color:#1a1a1a;background:#fff;padding:0.5em 1em;border:1px solid #767676;border-radius:4px}
.ml-part{margin:0.55em 0;display:flex;gap:0.75em;align-items:baseline}
.ml-tag{font-family:system-ui,sans-serif;font-size:0.8em;min-width:12em;flex:none;
  color:#1a1a1a;background:#f0f0f0;border:1px solid #595959;border-radius:3px;padding:0 0.35em;
  white-space:nowrap}
.ml-headline .ml-body{font-size:1.45em;font-weight:bold;line-height:1.25}
.ml-dek .ml-body{font-size:1.1em;font-style:italic}
.ml-subheading .ml-body{font-weight:bold;font-size:1.1em}
.ml-comment{border-left:4px double #1a1a1a;padding-left:0.6em;background:#f7f7f7}
.ml-comment .ml-body{font-family:system-ui,sans-serif}
.ml-zone{font-family:system-ui,sans-serif;font-weight:bold;margin-top:1.2em;
  border-top:2px dashed #1a1a1a;padding-top:0.4em}
@media print{.ml-article{border:none}.ml-tag{background:none}}
</style>
"""


def document_html(doc: Document, *, first_line: int = 1) -> str:
    """One self-contained HTML fragment: CSS, then each segment with its line and role tag."""
    parts = [_CSS, '<article class="ml-article" aria-label="Article with its parts labelled">']
    comments_open = False
    for seg in doc.segments:
        if seg.role in ("comment", "comment_marker") and not comments_open:
            comments_open = True
            parts.append('<div class="ml-zone" role="separator">Reader comments</div>')
        tag = "h2" if seg.role == "headline" else "h3" if seg.role == "subheading" else "div"
        parts.append(
            f'<div class="ml-part ml-{escape(seg.role)}" data-role="{escape(seg.role)}" '
            f'data-line="{seg.number + first_line - 1}" '
            f'data-start="{seg.start}" data-end="{seg.end}">'
            f'<span class="ml-tag">{escape(part_label(seg, first_line))}</span>'
            f'<{tag} class="ml-body" style="margin:0">{escape(seg.text)}</{tag}></div>'
        )
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
            "<table class='ml-parts'><caption style='text-align:left'>Parts of the article "
            f"({escape(how)})</caption><thead><tr><th scope='col'>Part</th>"
            f"<th scope='col'>How many</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def parts_table(doc: Document) -> PartsTable:
    """A count of the document's parts by role (headline, dek, paragraph, …)."""
    return PartsTable(doc)
