"""Two or three readings of one text compared: what agrees, what was missed, what was over-marked.

The quizzes use this for feedback on highlight exercises: the student's spans are matched against
the expert reading with :func:`helpers.match_spans` (the one overlap routine), and optionally the
helper's analysis is matched the same way and shown beside it.  Agreement, misses and over-marks
differ in colour *and* underline style *and* a visible tag, and each mark explains itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..spans import Span, _replace, match_spans
from . import palette as pal
from .layout import document_for
from .marks import article_html, select, tip_html
from .toolkit import css, e, new_uid

if TYPE_CHECKING:
    from ..document import Document
    from ..spans import MatchResult

KIND_WORDS = {
    "agree": ("Agreement", "both", "marked by {who} and by the expert"),
    "missed": ("Missed", "missed", "marked by the expert but not by {who}"),
    "extra": ("Over-mark", "extra", "marked by {who} but not by the expert"),
}


@dataclass(frozen=True, slots=True)
class Marked:
    """A span as the comparison shows it: agreed, missed or extra, and for an agreement the
    expert's span it matched.  The view's state lives here, so the span itself (and its
    ``to_dict()``) is exactly the one the reader or the expert gave."""

    span: Span
    kind: str  # a key of KIND_WORDS
    expert: Span | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def layer(self) -> str:
        return self.span.layer

    @property
    def label(self) -> str:
        return self.span.label


def shown_kind(mark: Marked) -> str:
    """What a compared mark is named: an agreement takes the expert's kind (a student's
    "both·anonymous"), a miss or an over-mark its own."""
    if mark.kind == "agree" and mark.expert is not None:
        return pal.span_kind(mark.expert)
    return pal.span_kind(mark.span)


class _CompareStyle:
    """How a compared mark is drawn (:class:`~helpers.views.marks.MarkStyle` of ``Marked``)."""

    def __init__(self, who: str) -> None:
        self.who = who

    def classes(self, mark: Marked) -> str:
        return f"mlv-l-{e(mark.layer)} mlv-k-{mark.kind}"

    def tag(self, mark: Marked, number: str | None) -> str:
        short = KIND_WORDS[mark.kind][1]
        return f"{short}·{pal.label_tag(mark.layer, shown_kind(mark)).split('·', 1)[1]}"

    def phrase_key(self, mark: Marked) -> tuple[str, ...]:
        return (mark.layer, mark.kind, shown_kind(mark))

    def heading(self, mark: Marked) -> str:
        name, _short, words = KIND_WORDS[mark.kind]
        return f"{name}: {words.format(who=self.who)} — {pal.label_name(shown_kind(mark))}"

    def reason(self, mark: Marked) -> Span:
        ref = mark.expert
        if mark.kind == "agree" and ref is not None and ref.explanation:
            return ref  # the reader's words, the expert's reason
        return mark.span

    def tip(self, mark: Marked) -> str:
        shown = self.reason(mark)
        if shown is not mark.span:
            shown = _replace(shown, text=mark.span.text)
        return tip_html(shown, heading=self.heading(mark))


class Comparison:
    """The result of :func:`compare`: counts in ``summary()``, marks in ``_repr_html_()``."""

    def __init__(
        self,
        document: Document,
        student: Sequence[Span],
        expert: Sequence[Span],
        helper: Sequence[Span] | None,
        *,
        min_overlap: float = 0.0,
        student_name: str = "you",
        first_line: int = 1,
    ) -> None:
        self.document = document
        self.first_line = first_line
        self.expert = list(expert)
        self.student = list(student)
        self.helper = None if helper is None else list(helper)
        self.student_name = student_name
        self.student_match: MatchResult = match_spans(student, expert, min_overlap=min_overlap)
        self.helper_match: MatchResult | None = (
            None if helper is None else match_spans(helper, expert, min_overlap=min_overlap)
        )
        self.uid = new_uid()

    @staticmethod
    def _counts(m: MatchResult) -> dict[str, Any]:
        return {
            "hits": len(m.hits),
            "found": len(m.found),
            "misses": len(m.misses),
            "over_marks": len(m.false_alarms),
            "expert_marks": m.n_reference,
            "marks": m.n_predicted,
            "precision": round(m.precision, 3),
            "recall": round(m.recall, 3),
        }

    def summary(self) -> dict[str, Any]:
        """Hits (marks that agree with the expert), misses, over-marks; the helper's too."""
        out = self._counts(self.student_match)
        if self.helper_match is not None:
            out["helper"] = self._counts(self.helper_match)
        return out

    def feedback(self) -> str:
        """One plain sentence for a student."""
        c = self._counts(self.student_match)
        who = self.student_name.capitalize()
        return (
            f"{who} found {c['found']} of the expert's {c['expert_marks']} marks, missed "
            f"{c['misses']}, and marked {c['over_marks']} "
            f"{'place' if c['over_marks'] == 1 else 'places'} the expert did not."
        )

    @staticmethod
    def marked(m: MatchResult) -> list[Marked]:
        """The marks of one panel, in reading order: agreements, over-marks and misses."""
        marks = [Marked(p, "agree", r) for p, r in m.hits]
        marks += [Marked(p, "extra") for p in m.false_alarms]
        marks += [Marked(r, "missed") for r in m.misses]
        return select(marks)

    def _panel(self, m: MatchResult, who: str, title: str, uid: str) -> str:
        body = article_html(
            self.document,
            self.marked(m),
            uid=uid,
            style=_CompareStyle(who),
            label=title,
            first_line=self.first_line,
        )
        return (
            f'<section class="mlv-panel" aria-label="{e(title)}"><h3>{e(title)}</h3>'
            f"{body}</section>"
        )

    def _sample_tags(self) -> dict[str, str]:
        """Per kind of mark, a whole tag that stands on a mark of this comparison
        ("both·anonymous"), or the bare prefix ("both") when no mark is of that kind."""
        samples = {kind: KIND_WORDS[kind][1] for kind in KIND_WORDS}
        matches = [self.student_match] + ([self.helper_match] if self.helper_match else [])
        found: set[str] = set()
        for m in matches:
            for mark in self.marked(m):
                if mark.kind not in found:
                    samples[mark.kind] = _CompareStyle(self.student_name).tag(mark, None)
                    found.add(mark.kind)
        return samples

    def legend_html(self) -> str:
        items = []
        samples = self._sample_tags()
        for kind, (sw, _border, border_words) in pal.COMPARE_SWATCHES.items():
            name, short, words = KIND_WORDS[kind]
            who = "the reader (you, or the helper)"
            items.append(
                f'<li><mark class="mlv-mark mlv-k-{kind} mlv-h1">{e(name)}<span class="mlv-tag" '
                f'aria-hidden="true">{e(samples[kind])}</span></mark> — {e(sw.words)} '
                f"background, {e(border_words)}, tag starts with “{e(short)}”: "
                f"{e(words.format(who=who))}.</li>"
            )
        kinds = self._kinds_html()
        return (
            '<section class="mlv-legend" aria-label="How to read the comparison">'
            "<h3>How to read the comparison</h3><p>Hover over a mark, Tab to it or click it to "
            f"see the reason.</p><ul>{''.join(items)}</ul>{kinds}</section>"
        )

    def _kinds_html(self) -> str:
        """After the dot, each tag names what was marked: one line per kind that occurs."""
        matches = [self.student_match]
        if self.helper_match is not None:
            matches.append(self.helper_match)
        shown: dict[tuple[str, str], None] = {}
        for m in matches:
            for mark in self.marked(m):
                shown[(mark.layer, shown_kind(mark))] = None
        if not shown:
            return ""
        items = []
        for layer, k in sorted(
            shown,
            key=lambda lk: (
                list(pal.LAYER_STYLES).index(lk[0]) if lk[0] in pal.LAYER_STYLES else 9,
                pal.label_name(lk[1]).lower(),
            ),
        ):
            short = pal.label_tag(layer, k).split("·", 1)[1]
            meaning = pal.label_meaning(k)
            items.append(
                f"<li>“{e(short)}”: <b>{e(pal.label_name(k))}</b>"
                + (f", {e(meaning)}" if meaning else "")
                + "</li>"
            )
        return f"<p>After the dot, the tag says what was marked:</p><ul>{''.join(items)}</ul>"

    def summary_html(self) -> str:
        rows = [(self.student_name.capitalize(), self.student_match)]
        if self.helper_match is not None:
            rows.append(("The helper", self.helper_match))
        body = "".join(
            f"<tr><th scope='row'>{e(who)}</th><td>{len(m.found)} of {m.n_reference}</td>"
            f"<td>{len(m.misses)}</td><td>{len(m.false_alarms)}</td></tr>"
            for who, m in rows
        )
        return (
            "<table class='mlv-summary'><caption style='text-align:left'>"
            f"{e(self.feedback())}</caption><thead><tr><th scope='col'>Reader</th>"
            "<th scope='col'>Expert marks found</th><th scope='col'>Missed</th>"
            f"<th scope='col'>Over-marks</th></tr></thead><tbody>{body}</tbody></table>"
        )

    def html(self) -> str:
        panels = [
            self._panel(
                self.student_match,
                self.student_name,
                f"{self.student_name.capitalize()} compared with the expert",
                self.uid + "s",
            )
        ]
        if self.helper_match is not None:
            panels.append(
                self._panel(
                    self.helper_match,
                    "the helper",
                    "The helper compared with the expert",
                    self.uid + "h",
                )
            )
        grid = panels[0] if len(panels) == 1 else f'<div class="mlv-grid">{"".join(panels)}</div>'
        return "\n".join(
            [
                css(),
                '<div class="mlv mlv-compare">',
                self.summary_html(),
                self.legend_html(),
                grid,
                "</div>",
            ]
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"<Comparison: {self.feedback()}>"


def compare(
    text: Any,
    student: Iterable[Span],
    expert: Iterable[Span],
    helper: Iterable[Span] | None = None,
    layer: str | Iterable[str] | None = None,
    *,
    labels: str | Iterable[str] | None = None,
    min_overlap: float = 0.0,
    student_name: str = "you",
    first_line: int = 1,
) -> Comparison:
    """Compare a student's spans (and optionally the helper's) with the expert reading.

    ``text`` is the text the spans point into (a str, Document or Analysis).  ``layer`` and
    ``labels`` restrict all readings alike.  Matching is :func:`helpers.match_spans` with
    ``min_overlap`` (0 = any shared character counts).  ``first_line`` is the article's line
    number of the first part of ``text`` when it is a passage (a quiz passage from line 8 shows
    "Line 8"), so the comparison uses the numbering the question speaks of.
    """
    doc = document_for(text)
    pick = lambda spans: select(spans, layer, labels)  # noqa: E731
    return Comparison(
        doc,
        pick(student),
        pick(expert),
        None if helper is None else pick(helper),
        min_overlap=min_overlap,
        student_name=student_name,
        first_line=first_line,
    )
