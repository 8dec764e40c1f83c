"""The expert reading of a seed: ``seeds/<slug>/annotations.json`` as :class:`~helpers.spans.Span`s.

The file holds spans (layer, label, offsets, quoted text, explanation) and ``passages`` (whole
stretches judged ``reporting`` or ``opinion`` for discernment exercises).  Loading checks every
span against the article, so an edit to either file that breaks the other fails loudly, naming
the file, the span and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .document import text_sha256
from .errors import HelpersError
from .spans import Span, SpanError

SCHEMA = "helpers.annotations/1"


class AnnotationError(HelpersError):
    """An annotations file that does not fit its article."""


# Labels the expert reading uses that no analyzer detects yet: accuracy figures leave them out
# and say so; comparisons still show them.  Empty since the sourcing analyzer marks claims with
# no source in their sentence or the one before (``unattributed_claim``, issue 15 §3), which
# issue 12 §2 taught first.
EXPERT_ONLY_LABELS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class JudgedPassage:
    """A passage of the expert reading judged as reporting or opinion, and why.

    (Not :class:`helpers.quiz.model.Passage`, which is the text a question shows.)
    """

    start: int
    end: int
    text: str
    verdict: str  # "reporting" or "opinion"
    explanation: str


@dataclass(frozen=True)
class Reading:
    """A set of spans on one text (the expert's here; a student's or a helper's elsewhere)."""

    text: str
    spans: tuple[Span, ...]
    passages: tuple[JudgedPassage, ...] = ()
    annotator: str = ""

    def layer(self, name: str) -> list[Span]:
        return [s for s in self.spans if s.layer == name]

    def detectable(self, name: str) -> list[Span]:
        """The layer's spans of labels the analyzers look for: what their accuracy on this
        reading is measured against (``EXPERT_ONLY_LABELS`` are taught, not yet detected)."""
        return [s for s in self.layer(name) if s.label not in EXPERT_ONLY_LABELS]

    def label(self, *labels: str) -> list[Span]:
        return [s for s in self.spans if s.label in labels]


def load_reading(path: str | Path, text: str | None = None) -> Reading:
    """Load an annotations file; the article is the ``article.txt`` beside it by default."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationError(f"{path}: cannot be read as JSON ({exc})") from None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise AnnotationError(f"{path}: field 'schema' must be {SCHEMA!r}")
    if text is None:
        article = path.with_name(str(raw.get("text", "article.txt")))
        text = article.read_text(encoding="utf-8")
    digest = text_sha256(text)
    if raw.get("sha256") not in (None, digest):
        raise AnnotationError(f"{path}: field 'sha256' does not match the article's text")
    spans = []
    for n, item in enumerate(raw.get("spans", []), 1):
        if not isinstance(item, dict):
            raise AnnotationError(f"{path}: span {n}: must be an object")
        try:
            spans.append(Span.from_dict(item, text))
        except (SpanError, TypeError) as exc:
            raise AnnotationError(f"{path}: span {n} ({item.get('label', '?')}): {exc}") from None
        if not str(item.get("explanation", "")).strip():
            raise AnnotationError(f"{path}: span {n}: field 'explanation' is empty")
    passages = []
    for n, item in enumerate(raw.get("passages", []), 1):
        try:
            fields = ("start", "end", "text", "verdict", "explanation")
            p = JudgedPassage(**{k: item[k] for k in fields})
        except (KeyError, TypeError) as exc:
            raise AnnotationError(f"{path}: passage {n}: missing field {exc}") from None
        if text[p.start : p.end] != p.text:
            raise AnnotationError(f"{path}: passage {n}: field 'text' does not match the article")
        if p.verdict not in ("reporting", "opinion"):
            raise AnnotationError(f"{path}: passage {n}: field 'verdict' must be reporting|opinion")
        passages.append(p)
    return Reading(
        text=text,
        spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end))),
        passages=tuple(passages),
        annotator=str(raw.get("annotator", "")),
    )


def expert_reading(slug: str | None = None) -> Reading:
    """The expert reading of a seed (default: the lessons' seed)."""
    from .seeds import DEFAULT_SEED, seeds_dir

    return load_reading(seeds_dir() / (slug or DEFAULT_SEED) / "annotations.json")
