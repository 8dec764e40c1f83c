"""One span model for everything that marks text, and one overlap routine to compare markings.

Analyzer findings, the expert reading in ``seeds/<slug>/annotations.json`` and a student's
highlights are all :class:`Span` objects.  :func:`match_spans` compares any two sets of them,
so the same code scores a student against the expert and evaluates an analyzer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import HelpersError

LAYERS: tuple[str, ...] = ("sourcing", "framing", "rhetoric")
SOURCE_TYPES: tuple[str, ...] = (
    "publication",
    "named_person",
    "organization",
    "anonymous",
    "vague",
)


class SpanError(HelpersError):
    """A span that cannot describe a stretch of the text it claims to mark."""


@dataclass(frozen=True, slots=True)
class Span:
    """A marked stretch ``text[start:end]`` with a label and a reason.

    ``start``/``end`` are Python ``str`` indices into the text exactly as read (end exclusive).
    ``explanation`` answers the student's "why is this marked?" in plain words; ``rule`` names
    what produced the mark (a lexicon entry id, ``expert`` or ``student``).
    """

    start: int
    end: int
    layer: str
    label: str
    explanation: str = ""
    rule: str = ""
    text: str = ""
    source: str | None = None
    source_type: str | None = None
    taxonomy: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise SpanError(f"span offsets must be integers, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise SpanError(f"span offsets out of order: start={self.start}, end={self.end}")
        if self.layer not in LAYERS:
            raise SpanError(f"unknown layer {self.layer!r}; expected one of {', '.join(LAYERS)}")
        if self.source_type is not None and self.source_type not in SOURCE_TYPES:
            raise SpanError(
                f"unknown source_type {self.source_type!r}; "
                f"expected one of {', '.join(SOURCE_TYPES)}"
            )

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        """Number of characters this span shares with ``other``."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def to_dict(self) -> dict[str, Any]:
        """The span as in the analysis JSON (optional fields only when set)."""
        out: dict[str, Any] = {
            "layer": self.layer,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.source is not None:
            out["source"] = self.source
        if self.source_type is not None:
            out["source_type"] = self.source_type
        out["explanation"] = self.explanation
        out["rule"] = self.rule
        if self.taxonomy:
            out["taxonomy"] = dict(self.taxonomy)
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], text: str | None = None) -> Span:
        """Build a span from its JSON form; with ``text``, check the quoted text matches."""
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        missing = [k for k in ("start", "end", "layer", "label") if k not in data]
        if missing:
            raise SpanError(f"span is missing field(s): {', '.join(missing)}")
        kwargs = {k: data[k] for k in known if k in data}
        kwargs["extra"] = {k: v for k, v in data.items() if k not in known}
        span = cls(**kwargs)
        if text is not None:
            span = span.anchored(text)
        return span

    def anchored(self, text: str) -> Span:
        """This span checked against ``text``: in bounds, and with ``.text`` filled in."""
        if self.end > len(text):
            raise SpanError(
                f"span [{self.start}, {self.end}) runs past the text ({len(text)} chars)"
            )
        actual = text[self.start : self.end]
        if self.text and self.text != actual:
            raise SpanError(
                f"span [{self.start}, {self.end}) quotes {self.text!r} "
                f"but the text there is {actual!r}"
            )
        if self.text == actual:
            return self
        return _replace(self, text=actual)


def _replace(span: Span, **changes: Any) -> Span:
    values = {f: getattr(span, f) for f in span.__dataclass_fields__}
    values.update(changes)
    return Span(**values)


def find_span(
    text: str,
    quote: str,
    *,
    layer: str,
    label: str,
    occurrence: int = 1,
    **fields: Any,
) -> Span:
    """A span on the ``occurrence``-th appearance of ``quote`` in ``text`` (readings by hand)."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise SpanError(f"{quote!r} (occurrence {occurrence}) is not in the text")
    return Span(pos, pos + len(quote), layer, label, text=quote, **fields)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """How one set of spans (``predicted``) compares with another (``reference``).

    A predicted span is a *hit* when it overlaps some reference span enough; a reference span is
    *found* when some predicted span overlaps it enough.  The rest are false alarms (over-marks)
    and misses.
    """

    hits: tuple[tuple[Span, Span], ...]
    false_alarms: tuple[Span, ...]
    found: tuple[Span, ...]
    misses: tuple[Span, ...]
    n_predicted: int
    n_reference: int

    @property
    def precision(self) -> float:
        """Share of predicted spans that overlap a reference span (1.0 when nothing predicted)."""
        if self.n_predicted == 0:
            return 1.0
        return (self.n_predicted - len(self.false_alarms)) / self.n_predicted

    @property
    def recall(self) -> float:
        """Share of reference spans overlapped by a prediction (1.0 when nothing to find)."""
        if self.n_reference == 0:
            return 1.0
        return len(self.found) / self.n_reference

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def summary(self) -> dict[str, float | int]:
        return {
            "predicted": self.n_predicted,
            "reference": self.n_reference,
            "hits": self.n_predicted - len(self.false_alarms),
            "false_alarms": len(self.false_alarms),
            "found": len(self.found),
            "misses": len(self.misses),
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


def _enough(a: Span, b: Span, min_overlap: float) -> bool:
    shared = a.overlap(b)
    if shared <= 0:
        return a.length == 0 and b.start <= a.start < b.end
    if min_overlap <= 0:
        return True
    shorter = min(a.length, b.length) or 1
    return shared / shorter >= min_overlap


def match_spans(
    predicted: Iterable[Span],
    reference: Iterable[Span],
    *,
    min_overlap: float = 0.0,
    same_layer: bool = True,
    same_label: bool = False,
) -> MatchResult:
    """Compare two markings of the same text by overlap.

    ``min_overlap`` is the share of the *shorter* span that must be shared (0 means any shared
    character).  With ``same_layer`` (default) only spans of the same layer can match; with
    ``same_label`` only spans with the same label.  A sweep over spans sorted by start keeps the
    work close to linear for the sparse markings of real texts.
    """
    pred = sorted(predicted, key=lambda s: (s.start, s.end))
    ref = sorted(reference, key=lambda s: (s.start, s.end))

    def compatible(a: Span, b: Span) -> bool:
        if same_layer and a.layer != b.layer:
            return False
        if same_label and a.label != b.label:
            return False
        return _enough(a, b, min_overlap)

    hits: list[tuple[Span, Span]] = []
    false_alarms: list[Span] = []
    found_ids: set[int] = set()
    active: list[int] = []  # indexes into ref whose end may still reach later predictions
    next_ref = 0
    for p in pred:
        while next_ref < len(ref) and ref[next_ref].start <= p.end:
            active.append(next_ref)
            next_ref += 1
        active = [i for i in active if ref[i].end >= p.start]
        best: Span | None = None
        for i in active:
            r = ref[i]
            if compatible(p, r):
                found_ids.add(i)
                if best is None or p.overlap(r) > p.overlap(best):
                    best = r
        if best is None:
            false_alarms.append(p)
        else:
            hits.append((p, best))
    found = tuple(ref[i] for i in sorted(found_ids))
    misses = tuple(r for i, r in enumerate(ref) if i not in found_ids)
    return MatchResult(
        hits=tuple(hits),
        false_alarms=tuple(false_alarms),
        found=found,
        misses=misses,
        n_predicted=len(pred),
        n_reference=len(ref),
    )


def marks_from_quotes(
    text: str, quotes: Iterable[str], *, layer: str, label: str = "student"
) -> list[Span]:
    """Spans for the first appearance of each quote: a quick way to write a reader's marks."""
    return [find_span(text, q, layer=layer, label=label, rule="student") for q in quotes]
