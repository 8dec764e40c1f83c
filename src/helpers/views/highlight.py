"""Highlighted text for notebooks, Voilà and static pages: every mark can be asked "why?".

``highlight(source)`` is the entry point: it turns a str or Document into an Analysis (the
only place a view analyses a text) and returns a :class:`Highlight`, which draws the article
with :mod:`helpers.views.marks` and the stylesheet of :mod:`helpers.views.toolkit`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .layout import document_for, layout, walk_text
from .marks import article_html, findings_html, legend_html, notes_html, select
from .toolkit import css, e, new_uid

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..document import Document
    from ..spans import Span


# what the findings box says when the text as a whole raised nothing
NOTHING_OVERALL = (
    "Nothing stood out in the text as a whole (no shift from reporting to opinion, no "
    "headline that credits someone the text does not): look at the single marks below."
)


class Highlight:
    """Highlighted text; shows itself in a notebook (``_repr_html_``) and as plain text."""

    def __init__(
        self,
        document: Document,
        spans: Sequence[Span],
        *,
        analysis: Analysis | None = None,
        legend: bool = True,
        notes: bool = False,
        findings: bool = False,
        title: str | None = None,
    ) -> None:
        self.document = document
        self.spans = list(spans)
        self.analysis = analysis
        self.legend = legend
        self.notes = notes
        self.findings = findings
        self.title = title
        self.uid = new_uid()

    @property
    def text(self) -> str:
        return self.document.text

    def pieces(self) -> list[tuple[str, tuple[Span, ...]]]:
        """The text in order as (piece, spans covering it); the pieces join to the full text."""
        out = []
        for block in layout(self.text, self.document.segments, self.spans):
            for piece, sids in walk_text(block.root, self.text):
                out.append((piece, tuple(self.spans[i] for i in sids)))
        return out

    def body_html(self, *, numbers: bool | None = None) -> str:
        return article_html(
            self.document,
            self.spans,
            uid=self.uid,
            numbers=self.notes if numbers is None else numbers,
        )

    def html(self) -> str:
        return css() + "\n" + self.content_html()

    def content_html(self) -> str:
        """The view without the stylesheet (:func:`css`), for a page that has it already."""
        parts = ['<div class="mlv">']
        if self.title:
            parts.append(f"<h2>{e(self.title)}</h2>")
        if self.findings and self.analysis is not None:
            parts.append(findings_html(self.analysis.findings, empty=NOTHING_OVERALL))
        if self.legend:
            parts.append(legend_html(self.spans))
        parts.append(self.body_html())
        if self.notes:
            parts.append(notes_html(self.spans, self.uid))
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        counts = Counter(s.layer for s in self.spans)
        what = ", ".join(f"{n} {layer}" for layer, n in counts.items()) or "no marks"
        return f"<Highlight: {len(self.text)} characters, {what}>"

    def __str__(self) -> str:
        from .terminal import render_spans

        return render_spans(self.document, self.spans, color=False)


def analysed(source: str | Document | Analysis | Any, structure: Any = None) -> Analysis:
    """``source`` as an Analysis: a str or Document is analysed here, once.

    The entry points (:func:`highlight`, ``highlight_explorer``) call this; the views below
    them take an Analysis, a Document and spans, and never analyse a text themselves.
    """
    from ..analysis import Analysis, analyze

    if isinstance(source, Analysis):
        return source
    return analyze(document_for(source, structure))


def highlight(
    source: str | Document | Analysis | Any,
    layers: str | Iterable[str] | None = None,
    labels: str | Iterable[str] | None = None,
    *,
    spans: Iterable[Span] | None = None,
    structure: Any = None,
    legend: bool = True,
    notes: bool = False,
    findings: bool = False,
    title: str | None = None,
) -> Highlight:
    """Show a text with its marks; hover, Tab to or click a mark to see why it is there.

    ``source`` is an :class:`~helpers.analysis.Analysis`, a Document or a str (analysed with
    :func:`helpers.analyze`); pass ``spans=`` to show other marks instead (a student's, the
    expert reading's).  ``layers`` picks layers by name or question ("Who says so", "How it's
    told", "How the comments argue"); ``labels`` picks labels (e.g. ``["hedge", "booster"]``).
    """
    from ..analysis import Analysis

    analysis = source if isinstance(source, Analysis) else None
    if spans is None and analysis is None:
        provided = getattr(source, "spans", None)
        if provided is not None and not isinstance(source, str):
            spans = provided  # e.g. an expert Reading
        else:
            analysis = analysed(source, structure)
    if analysis is not None:
        document = analysis.document
        spans = analysis.spans if spans is None else spans
    else:
        document = document_for(source, structure)
    assert spans is not None
    chosen = select(spans, layers, labels)
    return Highlight(
        document,
        chosen,
        analysis=analysis,
        legend=legend,
        notes=notes,
        findings=findings,
        title=title,
    )
