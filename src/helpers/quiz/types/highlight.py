"""``highlight``: mark the words of a seed passage that the expert marked.

Targets are the expert's spans (``seeds/<seed>/annotations.json``), plain
:class:`helpers.spans.Span` s, chosen by a filter (layer/labels/source_types) or quoted, each
with its own layer.  Answers are ``[start, end]`` seed offsets, one per selected chunk, compared
with the targets through :func:`helpers.match_spans` as spans of the question's layer, one per
chunk, so marking a whole paragraph cannot beat the precision of marking the right words.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...spans import LAYERS, Span, match_spans
from ..markdown import md_escape
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid, share_points
from ..reader import Fields, quote
from .base import NB, Inputs, QuestionType, Seed, attr, counted, scored, short, spec_of

_WORD_CHAR = re.compile(r"\w")
_QUOTE_FIELDS = frozenset({"quote", "explanation", "label", "layer", "occurrence"})


@dataclass(frozen=True)
class HighlightSpec:
    """A highlight question's own fields: the expert's spans to find (seed offsets), each with
    its layer and explanation, and the other expert spans in the passage (over-marks there are
    explained by them)."""

    targets: tuple[Span, ...]
    others: tuple[Span, ...] = ()
    min_overlap: float = 0.0


def marks(q: Question) -> HighlightSpec:
    """The targets and other expert spans of a highlight question."""
    return spec_of(q, HighlightSpec)


def question_layer(q: Question) -> str:
    """The layer a highlight question is about: its (first) target's."""
    spec = marks(q)
    return spec.targets[0].layer if spec.targets else "sourcing"


def _filtered_targets(
    ctx: Fields, spec: dict[str, Any], passage: Passage, reading: Any
) -> list[Span]:
    """``targets: {layer, labels, source_types}``: the expert spans inside the passage."""
    assert passage.start is not None and passage.end is not None
    ctx.known(spec, frozenset({"layer", "labels", "source_types"}), "targets")
    if reading is None:
        raise ctx.error("selects expert spans, but the seed has no annotations.json", "targets")
    layer = ctx.text(spec, "layer", label="targets.layer")
    labels = set(ctx.texts(spec, "labels"))
    kinds = set(ctx.texts(spec, "source_types"))
    targets = [
        s
        for s in reading.spans
        if s.end > passage.start
        and s.start < passage.end
        and not (layer and s.layer != layer)
        and not (labels and s.label not in labels)
        and not (kinds and s.source_type not in kinds)
    ]
    if not targets:
        raise ctx.error(
            "selects no expert span inside the passage (check layer, labels, "
            "source_types and the passage)",
            "targets",
        )
    return targets


def _quoted_target(ctx: Fields, t: Any, i: int, passage: Passage, seed: Seed) -> Span:
    """One ``targets:`` entry quoting the passage; its explanation, label and layer default to
    the expert span it overlaps most."""
    assert passage.start is not None and passage.end is not None
    lab = f"targets[{i}]"
    t = ctx.mapping({"quote": t} if isinstance(t, str) else t, lab)
    ctx.known(t, _QUOTE_FIELDS, lab)
    text = ctx.text(t, "quote", required=True, label=f"{lab}.quote")
    occ = int(ctx.num(t, "occurrence", 1, low=1, integer=True, label=f"{lab}.occurrence"))
    pos = passage.start - 1
    for _ in range(occ):
        pos = seed.doc.text.find(text, pos + 1, passage.end)
        if pos < 0:
            raise ctx.error(f"quotes {quote(text)}, which is not in the passage", f"{lab}.quote")
    start, end = pos, pos + len(text)
    expl = ctx.text(t, "explanation", label=f"{lab}.explanation")
    label = ctx.text(t, "label", label=f"{lab}.label")
    layer = ctx.text(t, "layer", default="sourcing", label=f"{lab}.layer")
    if layer not in LAYERS:
        raise ctx.error(f"is {quote(layer)}; a layer is one of {', '.join(LAYERS)}", f"{lab}.layer")
    source_type = None
    if seed.reading is not None:
        best = max(
            (s for s in seed.reading.spans if s.start < end and s.end > start),
            key=lambda s: min(s.end, end) - max(s.start, start),
            default=None,
        )
        if best is not None and not expl:
            expl, label, layer = best.explanation, label or best.label, best.layer
        if best is not None and best.layer == layer:
            source_type = best.source_type
    if not expl:
        raise ctx.error(
            "is missing, and no expert span there explains this quote", f"{lab}.explanation"
        )
    return Span(
        start,
        end,
        layer,
        label,
        explanation=expl,
        rule="expert",
        text=text,
        source_type=source_type,
    )


def merge_chunks(
    chunks: Sequence[Sequence[int]], text: str, base: int = 0
) -> list[tuple[int, int]]:
    """Join selected words separated only by spaces and punctuation (no unselected word in
    between) into phrases, for display; ``text`` starts at offset ``base``."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in chunks):
        if out and not _WORD_CHAR.search(text[out[-1][1] - base : s - base]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _over_line(q: Question, s: int, e: int, words: str) -> Line:
    """An over-mark, with the other expert span it falls in (if any) as the reason."""
    other = max(
        (o for o in marks(q).others if o.start < e and o.end > s),
        key=lambda o: min(o.end, e) - max(o.start, s),
        default=None,
    )
    if other is not None:
        why = (
            f"The expert marked this too, but for something else "
            f"({other.label.replace('_', ' ')}): {other.explanation}"
        )
    else:
        why = "The expert did not mark these words for this question."
    return Line("over", why, words)


def marked_passage_html(q: Question, selected: list[list[int]] | None) -> str:
    """The passage with the learner's marks next to the expert's, in the comparison view of
    :mod:`helpers.views.compare`: agreements, misses and over-marks, each with its reason."""
    spec = marks(q)
    p = q.passage
    if p is None or p.start is None or not spec.targets:
        return ""
    from ...document import Document, split_blocks
    from ...views.compare import compare

    doc = Document.from_text(p.text, ["paragraph"] * len(split_blocks(p.text)))
    layer = question_layer(q)
    n, base = len(p.text), p.start

    def local(start: int, end: int) -> tuple[int, int]:
        return max(0, start - base), min(n, end - base)

    mine = []
    for s, e in selected or []:
        a, b = local(s, e)
        if a < b:
            mine.append(Span(a, b, layer, "student", rule="student"))
    expert = []
    for t in spec.targets:
        a, b = local(t.start, t.end)
        if a < b and t.layer == layer:
            expert.append(
                Span(
                    a,
                    b,
                    t.layer,
                    t.label or "expert",
                    explanation=t.explanation,
                    rule="expert",
                    source_type=t.source_type,
                )
            )
    view = compare(doc, student=mine, expert=expert, first_line=p.line or 1)
    return f"<div class='quiz-compare'>{view.html()}</div>"


class Highlight(QuestionType):
    name = "highlight"
    title = "highlight the evidence"
    fields = frozenset({"targets", "min_overlap"})
    shows_passage = False  # the passage is the input
    reveals_answer = False  # the marked passage shows it
    demo_difficulty = 0.15

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> HighlightSpec:
        if passage is None or passage.start is None:
            raise ctx.error(
                "is missing: a highlight question needs a passage of the seed", "passage"
            )
        assert passage.end is not None
        if "targets" not in d:
            raise ctx.error("is missing: say which expert spans to find", "targets")
        spec = d["targets"]
        min_overlap = ctx.num(d, "min_overlap", 0.0)
        if min_overlap > 1:
            raise ctx.error("must be between 0 and 1", "min_overlap")
        if isinstance(spec, dict):
            targets = _filtered_targets(ctx, spec, passage, seed.reading)
        elif isinstance(spec, list):
            if not spec:
                raise ctx.error("is an empty list", "targets")
            targets = [_quoted_target(ctx, t, i, passage, seed) for i, t in enumerate(spec, 1)]
        else:
            raise ctx.error(
                "must be a filter (layer/labels/source_types) or a list of quotes", "targets"
            )
        chosen = {(t.start, t.end) for t in targets}
        others = (
            ()
            if seed.reading is None
            else tuple(
                s
                for s in seed.reading.spans
                if s.start < passage.end
                and s.end > passage.start
                and (s.start, s.end) not in chosen
            )
        )
        return HighlightSpec(
            tuple(sorted(targets, key=lambda t: (t.start, t.end))), others, min_overlap
        )

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = marks(q)
        assert q.passage is not None and q.passage.start is not None and q.passage.end is not None
        try:
            chunks = sorted({(int(a), int(b)) for a, b in (answer or [])})
        except (TypeError, ValueError):
            return invalid(q, "That selection could not be read.", [])
        chunks = [(s, e) for s, e in chunks if q.passage.start <= s < e <= q.passage.end]
        if not chunks:
            return invalid(
                q, "Mark the words first: drag across them, or click them (they turn yellow).", []
            )
        base = q.passage.start
        ptext = q.passage.text

        def words(s: int, e: int) -> str:
            return ptext[s - base : e - base]

        # Words inside another expert span of the same kind as a target (e.g. a second verb of
        # the same source) are neither hits nor over-marks: the learner is not punished for them.
        kinds = {(t.layer, t.label) for t in spec.targets}
        extra = [o for o in spec.others if (o.layer, o.label) in kinds]

        def neutral(s: int, e: int) -> bool:
            if any(t.start < e and t.end > s for t in spec.targets):
                return False
            return any(o.start < e and o.end > s for o in extra)

        layer = question_layer(q)
        pred = [
            Span(s, e, layer, "student", rule="student", text=words(s, e))
            for s, e in chunks
            if not neutral(s, e)
        ]
        ref = list(spec.targets)  # the expert's spans, as they are
        m = match_spans(pred, ref, min_overlap=spec.min_overlap, same_layer=False)
        found = {(r.start, r.end) for r in m.found}
        lines = [
            Line("ok", t.explanation, t.text) for t in spec.targets if (t.start, t.end) in found
        ]
        lines += [
            Line("miss", t.explanation, t.text)
            for t in spec.targets
            if (t.start, t.end) not in found
        ]
        over = merge_chunks([(s.start, s.end) for s in m.false_alarms], ptext, base)
        lines += [_over_line(q, s, e, words(s, e)) for s, e in over]
        ok = not m.misses and not m.false_alarms
        return Outcome(
            q.points if ok else share_points(q, m.f1),
            q.points,
            ok,
            lines=tuple(lines),
            details={
                "found": len(m.found),
                "missed": len(m.misses),
                "over_marks": len(over),
                "targets": len(ref),
                "precision": round(m.precision, 3),
                "recall": round(m.recall, 3),
                "f1": round(m.f1, 3),
            },
            answer=[[s, e] for s, e in chunks],
        )

    def reveal(self, q: Question) -> list[Line]:
        return [Line("miss", t.explanation, t.text) for t in marks(q).targets]

    def count_clauses(self, q: Question, details: dict[str, Any]) -> list[str]:
        if "targets" not in details:
            return []
        found, targets = int(details["found"]), int(details["targets"])
        over = int(details["over_marks"])
        if targets == 1:
            first = "You found the phrase" if found else "You have not found the phrase"
        elif found == 0:
            first = f"You found none of the{NB}{targets}{NB}phrases"
        else:
            first = f"You found {found}{NB}of the{NB}{counted(targets, 'phrase')}"
        if not over:
            return [first + "."]
        rest = (
            f"{counted(over, 'marked phrase')} {'is' if over == 1 else 'are'} not "
            f"{'one of them' if targets > 1 else 'it'}."
        )
        return [first + ";", rest]

    def feedback_lines(self, lines: list[Line], final: bool) -> list[Line]:
        """Before the last try the misses are counted, not shown: the learner looks again."""
        if final:
            return lines
        missed = [ln for ln in lines if ln.kind == "miss"]
        lines = [ln for ln in lines if ln.kind != "miss"]
        if missed:
            n = len(missed)
            lines.append(Line("miss", f"There {'is' if n == 1 else 'are'} {n} more to find."))
        return lines

    def feedback_after(self, q: Question, outcome: Outcome, final: bool) -> list[str]:
        return [marked_passage_html(q, outcome.answer)] if final else []

    def widget(self, q: Question) -> Inputs:
        import ipywidgets as w

        from ..highlighter import Highlighter

        assert q.passage is not None and q.passage.start is not None
        highlighter = Highlighter(q.passage.text, q.passage.start)
        where = f"Line {q.passage.line} of the article" if q.passage.line else "From the article"
        note = w.HTML(f"<div style='font-size:85%;color:#555'>{attr(where)}</div>")

        def put(answer: Any) -> None:  # the words inside the given spans (a saved answer)
            highlighter.mark_spans(answer or [])

        return Inputs(
            w.VBox([note, highlighter]),
            [highlighter],
            highlighter.marked,
            put,
            {"highlighter": highlighter},
        )

    def key(self, q: Question) -> list[str]:
        spec = marks(q)
        out = [
            f"**Answer:** mark these {len(spec.targets)} expert span(s); score = points × F1 of "
            "the learner's words against them"
            + (f" (each must overlap at least {spec.min_overlap:.0%})" if spec.min_overlap else "")
            + ":",
            "",
        ]
        for t in spec.targets:
            label = f" *({md_escape(t.layer)}: {md_escape(t.label)})*" if t.label else ""
            expl = f" — {md_escape(t.explanation)}" if t.explanation else ""
            out.append(f"- “{md_escape(t.text)}”{label}{expl}")
        return out

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        targets = [[t.start, t.end] for t in marks(q).targets]
        if good or not targets:
            return targets
        kept = targets[: max(1, len(targets) - 1)] if len(targets) > 1 else []
        p = q.passage
        if p is not None and p.start is not None and p.end is not None:
            s = p.start + rng.randrange(max(1, (p.end - p.start) // 2))
            kept.append([s, min(p.end, s + 12)])
        return kept

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        outcome = scored(self, q, answer)
        if outcome is None:
            return []
        out = [f"missed “{short(ln.quote, 50)}”" for ln in outcome.lines if ln.kind == "miss"]
        out += [f"over-marked “{short(ln.quote, 50)}”" for ln in outcome.lines if ln.kind == "over"]
        return out

    def handout(self, q: Question) -> str:
        where = f" (line {q.passage.line})" if q.passage and q.passage.line else ""
        return (
            f"<p class='how'>Underline the words{where} in the passage below.</p>"
            f"<blockquote class='mark-me'>{attr(q.passage.text if q.passage else '')}</blockquote>"
        )


HIGHLIGHT = Highlight()
