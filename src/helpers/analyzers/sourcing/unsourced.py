"""Unsourced claims: flat judgements and predictions that nobody is said to make.

A sentence is marked ``unattributed_claim`` when it holds a claim word of the lexicon
(``kind = "claim"``: "is significant", "adds momentum", "is likely to", an opening "For years,")
and nothing around it says who says so.  It runs after the other passes, on their spans, and
stays quiet (precision first: a false alarm teaches cynicism) when

- the part is not a paragraph (headlines, deks and comments: comments are the rhetoric
  layer's), or the sentence is a question;
- any sourcing span touches the sentence, or the sentence before (the last one of the part
  before, for a paragraph's first sentence), unless that span's entry says ``carries = false``
  ("gains traction" reports how something was received, not words the next sentence continues)
  or the sentence opens by turning away from it ("Nonetheless, …");
- it quotes someone's words (a quotation of ``quote_words`` words or more, or a sentence of a
  quotation that runs over several sentences), or someone speaks in it in person ('I', 'we',
  'you': the ``first_second`` words);
- the claim is a guess or a condition: a hedge ("may", "could") or a condition word ("if",
  "whether") before the claim word.

The word lists are the ``[unsourced]`` table of ``lexicons/sourcing.toml``; every rule's
explanation and taxonomy is its entry's.  The span is the sentence, without a leading linking
word ("Nonetheless, ") and its final full stop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from ...document import Document, Segment, Sentence
from ...lexicon import Hit
from ...spans import Span
from .model import _entries, _kinds
from .words import _FIRST_SECOND, WORDS_FILE, sourcing_table

CLAIM_ROLES = frozenset({"paragraph"})
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_QUOTED = re.compile(r"[“\"]([^“”\"]{1,600})[”\"]")


class _Words(NamedTuple):
    hedges: frozenset[str]
    conditions: frozenset[str]
    turns: frozenset[str]
    connectives: tuple[str, ...]
    quote_words: int


@cache
def _words() -> _Words:
    """The ``[unsourced]`` table, read once; a missing or mistyped list is named."""
    raw = sourcing_table("unsourced")
    if not isinstance(raw, dict):
        raise ValueError(f"{WORDS_FILE}: needs an [unsourced] table")
    lists = {}
    for key in ("hedges", "conditions", "turns", "connectives"):
        val = raw.get(key)
        if not isinstance(val, list) or not all(isinstance(w, str) and w for w in val):
            raise ValueError(f"{WORDS_FILE}: [unsourced] '{key}' must be a list of words")
        lists[key] = [w.lower() for w in val]
    n = raw.get("quote_words")
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"{WORDS_FILE}: [unsourced] 'quote_words' must be a positive integer")
    return _Words(
        frozenset(lists["hedges"]),
        frozenset(lists["conditions"]),
        frozenset(lists["turns"]),
        tuple(sorted(lists["connectives"], key=len, reverse=True)),
        n,
    )


@cache
def _quiet_rules() -> frozenset[str]:
    """Entry ids whose spans source their own sentence only (``carries = false``)."""
    return frozenset(i for i, e in _entries().items() if e.data.get("carries") is False)


def unsourced_claims(
    doc: Document,
    segs: Sequence[Segment],
    seg_hits: Sequence[Sequence[Hit]],
    by_seg: dict[int, list[Span]],
) -> dict[int, list[Span]]:
    """Segment index → its unsourced-claim spans (only segments that have one)."""
    kinds = _kinds()
    out: dict[int, list[Span]] = {}
    for seg, hits in zip(segs, seg_hits, strict=True):
        if seg.role not in CLAIM_ROLES:
            continue
        claims = [h for h in hits if kinds[h.entry.id] == "claim"]
        if not claims:  # most segments
            continue
        found = _segment_claims(doc, seg, claims, by_seg)
        if found:
            out[seg.index] = found
    return out


def _segment_claims(
    doc: Document, seg: Segment, claims: list[Hit], by_seg: dict[int, list[Span]]
) -> list[Span]:
    text = doc.text
    spans = by_seg.get(seg.index, [])
    found: list[Span] = []
    previous = _sentence_before(doc, seg, by_seg)
    in_quote = False  # inside a quotation that runs over several sentences
    for sent in seg.sentences:
        before, previous = previous, (sent, spans)
        was_open, in_quote = in_quote, _still_open(sent.text, in_quote)
        mine = [h for h in claims if sent.start <= h.start < sent.end]
        if not mine or was_open or in_quote or _quiet(text, sent, spans, before):
            continue
        hit = next((h for h in mine if _is_claim(text, sent, h)), None)
        if hit is not None:
            found.append(_claim_span(text, sent, hit))
    return found


def _still_open(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is still open after this sentence (straight or curly marks)."""
    straight = sentence.count('"') % 2 == 1
    opened, closed = sentence.rfind("“"), sentence.rfind("”")
    if opened >= 0 or closed >= 0:
        return opened > closed
    return was_open != straight


def _sentence_before(
    doc: Document, seg: Segment, by_seg: dict[int, list[Span]]
) -> tuple[Sentence, list[Span]] | None:
    """The last sentence of the part before (with its spans), when that part was read."""
    if seg.index == 0:
        return None
    prev = doc.segments[seg.index - 1]
    if prev.index not in by_seg or prev.role == "comment" or not prev.sentences:
        return None  # a subheading or a comment starts afresh
    return prev.sentences[-1], by_seg[prev.index]


def _touches(sent: Sentence, spans: Sequence[Span], skip: frozenset[str] = frozenset()) -> bool:
    return any(s.start < sent.end and s.end > sent.start and s.rule not in skip for s in spans)


def _quiet(
    text: str,
    sent: Sentence,
    spans: Sequence[Span],
    before: tuple[Sentence, list[Span]] | None,
) -> bool:
    """Whether the sentence is sourced, a question or a quotation: no claim of the writer's."""
    if sent.text.rstrip(" ”\"')’").endswith("?"):
        return True
    if _touches(sent, spans):
        return True
    w = _words()
    if before is not None:
        first = _WORD.search(sent.text)
        turned = first is not None and first.group().lower() in w.turns
        if not turned and _touches(before[0], before[1], _quiet_rules()):
            return True
    if any(m.group() in _FIRST_SECOND for m in _WORD.finditer(sent.text)):
        return True  # 'I think', 'we will': someone speaking in person, not a claim of no one
    quoted = (len(_WORD.findall(m.group(1))) for m in _QUOTED.finditer(sent.text))
    return any(n >= w.quote_words for n in quoted)


def _is_claim(text: str, sent: Sentence, h: Hit) -> bool:
    """A claim word that states, not guesses: no hedge or condition word before it."""
    if h.entry.data.get("position") == "opener":
        lead = text[sent.start : h.start]
        if lead.strip(" “\"‘'"):
            return False
    w = _words()
    words = [m.group().lower() for m in _WORD.finditer(text, sent.start, h.end)]
    return not any(x in w.hedges or x in w.conditions for x in words)


def _claim_span(text: str, sent: Sentence, h: Hit) -> Span:
    start, end = sent.start, sent.end
    low = text[start:end].lower()
    for c in _words().connectives:
        if low.startswith(c) and low[len(c) : len(c) + 1] == ",":
            start += len(c) + 1
            while start < end and text[start].isspace():
                start += 1
            break
    if end - 1 > start and text[end - 1] in ".!;":
        end -= 1
    return h.to_span(text, start=start, end=end, taxonomy=dict(_entries()[h.entry.id].taxonomy))
