"""The rhetoric analyzer: how does a text (above all, a reader comment) try to persuade?

Rules live in ``helpers/lexicons/rhetoric.toml`` (data, not code).  The analyzer adds only what a
lexicon entry cannot say alone, all of it readable in the TOML:

- ``context``: a second pattern that must appear in the same sentence (a year is a grievance only
  next to a hostile verb);
- ``unless``: a pattern that silences the entry in that sentence ("not sure", "a period of");
- ``sentence_start``: the pattern must open its sentence ("Any country that …");
- ``roles``: only in these segment roles (scare quotes and capitals mean something else in a
  news report, where quotation marks quote a source);
- ``weak``: a word that is ordinary on its own ("always", "only") and counts only in a sentence
  that already carries another, stronger move — one intensifier is not yet rhetoric.

It runs on every segment (the lesson is about comments, but the same moves can appear in the
body) and reports per-segment counts plus a plain-words finding about the comments.  Each rule
scans the whole text once (phrases through the lexicon engine; regexes only in sentences holding
a ``trigger`` string, or opening with a ``starts`` word); hits are then placed into segments and
sentences with a bisect, with the same results as a scan segment by segment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any

from ..contract import Finding, LayerResult
from ..document import Document, TokenIndex
from ..lexicon import Entry, Hit, Lexicon, lexicon
from ..spans import Span

LAYER = "rhetoric"
_SKIP_ROLES = frozenset({"comment_marker"})
_OPENING = re.compile(r"[\s\"'“‘(\[\-–—*•]*+")
_OPEN_CHARS = frozenset("\"'“‘([-–—*•")  # with whitespace: what _OPENING skips
_HEAD = 24  # characters of a sentence's opening compared with a rule's ``starts``


@cache
def labels() -> dict[str, dict[str, Any]]:
    """Label → display name, one-line summary and taxonomy (the ``[labels]`` table of the TOML).

    Views use it to say "researchers call this …" for each technique.
    """
    return {k: dict(v) for k, v in lexicon("rhetoric").labels.items()}


def display_name(label: str) -> str:
    """The human name of a rhetoric label (the label itself when unknown)."""
    return str(labels().get(label, {}).get("name", label.replace("_", " ")))


@dataclass(frozen=True, slots=True)
class _Rule:
    """A regex entry with the analyzer-only conditions of its TOML entry, compiled once."""

    entry: Entry
    context: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    roles: frozenset[str]
    trigger: tuple[str, ...]
    starts: tuple[str, ...]
    sentence_start: bool
    weak: bool
    taxonomy: Mapping[str, str]  # the label's, completed by the entry's own


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE) if pattern else None


@dataclass(frozen=True, slots=True)
class _Ruleset:
    """A rhetoric lexicon made ready to run: its rules compiled and its trigger words indexed."""

    lex: Lexicon
    rules: dict[str, _Rule]
    words: _TriggerWords


def _ruleset(lex: Lexicon) -> _Ruleset:
    rules = {
        e.id: _Rule(
            entry=e,
            context=_compile(e.data.get("context")),
            unless=_compile(e.data.get("unless")),
            roles=frozenset(e.data.get("roles", ())),
            trigger=tuple(str(t).lower() for t in e.data.get("trigger", ())),
            starts=tuple(str(t).lower() for t in e.data.get("starts", ())),
            sentence_start=bool(e.data.get("sentence_start")),
            weak=bool(e.data.get("weak")),
            taxonomy=lex.taxonomy(e),
        )
        for e in lex.entries
    }
    return _Ruleset(lex, rules, _TriggerWords({t for r in rules.values() for t in r.trigger}))


@cache
def _shipped() -> _Ruleset:
    """The shipped lexicon's rules, compiled once per process."""
    return _ruleset(lexicon("rhetoric"))


class _Layout:
    """The analysed segments and all their sentences as flat, sorted offset lists (once a text).

    A segment without sentences counts as one sentence.  Every hit is placed with a bisect into
    these lists, so the rules scan the whole text once instead of once per segment.
    """

    __slots__ = (
        "doc_segments",
        "first",
        "s_end",
        "s_seg",
        "s_start",
        "seg_end",
        "seg_start",
        "segs",
        "text",
        "tokens",
    )

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.tokens: TokenIndex = doc.tokens
        self.doc_segments = doc.segments
        self.segs = [s for s in doc.segments if s.role not in _SKIP_ROLES]
        self.seg_start = [s.start for s in self.segs]
        self.seg_end = [s.end for s in self.segs]
        self.first: list[int] = []
        self.s_start: list[int] = []
        self.s_end: list[int] = []
        self.s_seg: list[int] = []
        for j, seg in enumerate(self.segs):
            self.first.append(len(self.s_start))
            for s in seg.sentences or (seg,):
                self.s_start.append(s.start)
                self.s_end.append(s.end)
                self.s_seg.append(j)
        self.first.append(len(self.s_start))

    def segment(self, pos: int) -> int:
        """Index (into ``segs``) of the analysed segment holding ``pos``, or -1."""
        j = bisect_right(self.seg_start, pos) - 1
        return j if j >= 0 and pos < self.seg_end[j] else -1

    def sentence(self, j: int, pos: int) -> int:
        """The sentence of segment ``j`` a hit at ``pos`` belongs to (the first one if before)."""
        return max(self.first[j], bisect_right(self.s_start, pos, hi=self.first[j + 1]) - 1)

    def clean_end(self, end: int) -> bool:
        """True when ``end`` is the text's end or whitespace follows (what the scans rely on)."""
        return end >= len(self.text) or self.text[end].isspace()


def _emit(entry: Entry, m: re.Match[str]) -> Hit:
    s, t = m.span("mark") if "mark" in m.re.groupindex and m.start("mark") >= 0 else m.span()
    return Hit(s, t, entry, m)


def _phrase_hits(lex: Lexicon, lay: _Layout, out: list[list[Hit]]) -> None:
    """Phrase hits of the whole text, placed into segments.

    Segment by segment is the reference; a whole-text match can differ only where it runs over
    a segment's end, so those segments (rare) are scanned again on their own.
    """
    text = lay.text
    dirty: set[int] = set()
    for hit in lex.phrase_hits(text, index=lay.tokens):
        j = lay.segment(hit.start)
        end = hit.match.end()
        if j >= 0 and end <= lay.seg_end[j]:
            out[j].append(hit)
            continue
        lo = bisect_right(lay.seg_end, hit.start)
        hi = bisect_left(lay.seg_start, end)
        dirty.update(range(lo, hi))
    for j, seg_end in enumerate(lay.seg_end):
        if not lay.clean_end(seg_end):
            dirty.add(j)
    for j in dirty:
        seg = lay.segs[j]
        out[j] = lex.phrase_hits(text, seg.start, seg.end, index=lay.tokens)


def _window_hits(rule: _Rule, lay: _Layout, windows: list[tuple[int, int]]) -> list[Hit]:
    regex = rule.entry.regex
    assert regex is not None
    return [_emit(rule.entry, m) for w0, w1 in windows for m in regex.finditer(lay.text, w0, w1)]


def _trigger_sentences(
    rule: _Rule, lay: _Layout, lowered: str, found: dict[str, list[tuple[int, int]]]
) -> list[int]:
    """Sentences (of segments the rule applies to) holding one of its trigger strings.

    Each string is looked up once per text (``found`` is shared by all rules).
    """
    picked: set[int] = set()
    for word in rule.trigger:
        places = found.get(word)
        if places is None:
            places, i = [], lowered.find(word)
            while i >= 0:
                j = lay.segment(i)
                nxt = i + 1
                if j >= 0:
                    k = lay.sentence(j, i)
                    places.append((j, k))
                    # the rest of this sentence maps to the same place: look after it
                    nxt = max(nxt, lay.s_end[k])
                i = lowered.find(word, nxt)
            found[word] = places
        for j, k in places:
            if not rule.roles or lay.segs[j].role in rule.roles:
                picked.add(k)
    return sorted(picked)


_WORD_TRIGGER = re.compile(r"\w+")
_NOWHERE: list[tuple[int, int]] = []  # shared and never changed: a trigger the text lacks
_CONTAINS_MAX = 200_000  # words remembered with the triggers they contain


class _TriggerWords:
    """Which word-character triggers each word contains, remembered per word across texts.

    A trigger made of word characters can only occur inside one ``\\w+`` token, so the
    sentences holding it are those of the tokens that contain it: the shared token index finds
    them without a ``str.find`` pass over the text per trigger.
    """

    def __init__(self, triggers: set[str]) -> None:
        self.triggers = tuple(sorted(t for t in triggers if _WORD_TRIGGER.fullmatch(t)))
        self.known: dict[str, tuple[str, ...]] = {}  # word -> the triggers inside it
        self.holders: set[str] = set()  # the known words that hold a trigger

    def places(self, lay: _Layout) -> dict[str, list[tuple[int, int]]]:
        """Trigger -> (segment, sentence) of each sentence holding it, for the triggers found."""
        index = lay.tokens
        known = self.known
        new = index.vocab.difference(known)
        if new:
            if len(known) > _CONTAINS_MAX:
                known.clear()
                self.holders.clear()
            for word in new:
                known[word] = tuple(t for t in self.triggers if t in word)
            self.holders.update(word for word in new if known[word])
        present = index.vocab & self.holders
        if not present:
            return {}
        hits = {word: known[word] for word in present}
        where = index.positions(set(hits))
        tokens: dict[str, list[int]] = {}
        for word, got in hits.items():
            for t in got:
                tokens.setdefault(t, []).extend(where[word])
        starts = index.starts
        out: dict[str, list[tuple[int, int]]] = {}
        if len(lay.segs) == len(lay.doc_segments):
            # every token lies in a sentence of an analysed segment: one bisect places it
            s_start, s_seg = lay.s_start, lay.s_seg
            for t, ns in tokens.items():
                ks = set(map(bisect_right, repeat(s_start), map(starts.__getitem__, ns)))
                out[t] = sorted((s_seg[k - 1], k - 1) for k in ks)
            return out
        for t, ns in tokens.items():
            seen: set[tuple[int, int]] = set()
            for n in ns:
                pos = starts[n]
                j = lay.segment(pos)
                if j >= 0:
                    seen.add((j, lay.sentence(j, pos)))
            out[t] = sorted(seen)
        return out


def _opening_hits(rules: list[_Rule], lay: _Layout) -> dict[str, list[Hit]]:
    """``sentence_start`` rules: tried once per sentence, where its first word stands."""
    text = lay.text
    out: dict[str, list[Hit]] = {r.entry.id: [] for r in rules}
    for k, (s0, s1) in enumerate(zip(lay.s_start, lay.s_end, strict=True)):
        at = s0
        if text[s0] in _OPEN_CHARS or text[s0].isspace():
            lead = _OPENING.match(text, s0, s1)  # matches the empty string: never None
            at = lead.end() if lead is not None else s0
        head = text[at : at + _HEAD].lower()
        role = lay.segs[lay.s_seg[k]].role
        for rule in rules:
            if rule.starts and not head.startswith(rule.starts):
                continue
            if rule.roles and role not in rule.roles:
                continue
            regex = rule.entry.regex
            m = regex.match(text, at, s1) if regex is not None else None
            if m is not None:
                out[rule.entry.id].append(_emit(rule.entry, m))
    return out


def _candidate_hits(lay: _Layout, rs: _Ruleset) -> list[list[Hit]]:
    """Every hit of every entry, per analysed segment, in the order the filters expect."""
    lex, rules = rs.lex, rs.rules
    text = lay.text
    out: list[list[Hit]] = [[] for _ in lay.segs]
    if not lay.segs:
        return out
    _phrase_hits(lex, lay, out)
    low = text.lower()
    # a few letters grow when lower-cased: no shortcuts then
    lowered = low if len(low) == len(text) else None
    regex_rules = [r for r in rules.values() if r.entry.regex is not None]
    opening = _opening_hits([r for r in regex_rules if r.sentence_start], lay)
    found: dict[str, list[tuple[int, int]]] = {}
    if lowered is not None:  # the token index lowers the text the same way
        words = rs.words
        found = dict.fromkeys(words.triggers, _NOWHERE)  # absent unless the index has them
        found.update(words.places(lay))
    for rule in regex_rules:
        rid = rule.entry.id
        if rule.sentence_start:
            hits = opening[rid]
        elif lowered is None:  # every segment, whole (as before the shortcuts)
            segs = [s for s in lay.segs if not rule.roles or s.role in rule.roles]
            hits = _window_hits(rule, lay, [(s.start, s.end) for s in segs])
        elif rule.trigger:
            ks = _trigger_sentences(rule, lay, lowered, found)
            hits = _window_hits(rule, lay, [(lay.s_start[k], lay.s_end[k]) for k in ks])
        else:
            segs = [s for s in lay.segs if not rule.roles or s.role in rule.roles]
            hits = _window_hits(rule, lay, [(s.start, s.end) for s in segs])
        for hit in hits:
            out[lay.segment(hit.match.start())].append(hit)
    return out


def _segment_spans(lay: _Layout, j: int, hits: list[Hit], rules: dict[str, _Rule]) -> list[Span]:
    """Spans of one segment: hits filtered by their sentence-level conditions."""
    text = lay.text
    seg = lay.segs[j]
    kept: list[tuple[Hit, int, bool]] = []
    # a rule's context depends only on the sentence: searched once per (rule, sentence), not
    # once per hit (a sentence of a thousand "in 1991" would be searched a thousand times)
    in_context: dict[tuple[str, int], bool] = {}
    for hit in hits:
        rule = rules[hit.entry.id]
        if rule.roles and seg.role not in rule.roles:
            continue
        i = lay.sentence(j, hit.start)
        s_start, s_end = lay.s_start[i], lay.s_end[i]
        if rule.context is not None:
            key = (hit.entry.id, i)
            ok = in_context.get(key)
            if ok is None:
                ok = in_context[key] = rule.context.search(text, s_start, s_end) is not None
            if not ok:
                continue
        if rule.unless is not None:
            lo, hi = max(s_start, hit.start - 40), min(s_end, hit.end + 40)
            if rule.unless.search(text, lo, hi) is not None:
                continue
        if rule.sentence_start and rule.entry.regex is None:
            lead = _OPENING.match(text, s_start, s_end)
            if lead is None or lead.end() != hit.start:
                continue
        kept.append((hit, i, rule.weak))
    # weak cues count only beside a strong move in the same sentence
    strong_sentences = {i for _hit, i, weak in kept if not weak}
    spans = [
        hit.to_span(text, taxonomy=dict(rules[hit.entry.id].taxonomy))
        for hit, i, weak in kept
        if not weak or i in strong_sentences
    ]
    return _dedupe(spans)


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per label per stretch: overlapping spans of the same label keep the longest."""
    spans.sort(key=lambda s: (s.label, s.start, -s.end))
    out: list[Span] = []
    last: dict[str, Span] = {}
    for s in spans:
        prev = last.get(s.label)
        if prev is not None and s.start < prev.end:
            continue
        out.append(s)
        last[s.label] = s
    out.sort(key=lambda s: (s.start, -s.end, s.label))
    return out


def _plain_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def analyze(doc: Document, lexicon: Lexicon | None = None) -> LayerResult:
    """Rhetoric spans for every segment, counts per segment, and findings about the comments.

    ``lexicon``: a rhetoric lexicon of one's own (``helpers.lexicon.load_lexicon_file``) in
    place of the shipped one; its rules are compiled for this call.
    """
    rs = _shipped() if lexicon is None else _ruleset(lexicon)
    result = LayerResult()
    comment_spans: list[Span] = []
    body_spans: list[Span] = []
    lay = _Layout(doc)
    for j, hits in enumerate(_candidate_hits(lay, rs)):
        seg = lay.segs[j]
        spans = _segment_spans(lay, j, hits, rs.rules) if hits else []
        counts = dict(Counter(s.label for s in spans)) if spans else {}
        result.metrics[seg.index] = {"rhetoric": len(spans), "rhetoric_labels": counts}
        result.spans.extend(spans)
        if seg.role == "comment":
            comment_spans.extend(spans)
        else:
            body_spans.extend(spans)
    if comment_spans:
        counts = Counter(s.label for s in comment_spans)
        ranked = [lbl for lbl, _n in counts.most_common()]
        names = [display_name(lbl).lower() for lbl in ranked]
        n_comments = len({lay.segment(s.start) for s in comment_spans})
        result.findings.append(
            Finding(
                kind="comment_rhetoric",
                message=(
                    f"{n_comments} reader comment{'s' if n_comments != 1 else ''} argue"
                    f"{'' if n_comments != 1 else 's'} with persuasion moves rather than evidence: "
                    f"{_plain_list(names)}."
                ),
                spans=tuple((s.start, s.end) for s in comment_spans),
                data={"labels": dict(counts), "comments": n_comments},
            )
        )
    if body_spans:
        counts = Counter(s.label for s in body_spans)
        names = [display_name(lbl).lower() for lbl, _n in counts.most_common()]
        result.findings.append(
            Finding(
                kind="rhetoric_outside_comments",
                message=(
                    f"{len(body_spans)} persuasion move{'s' if len(body_spans) != 1 else ''} "
                    "outside the comments: "
                    f"{_plain_list(names)}."
                ),
                spans=tuple((s.start, s.end) for s in body_spans),
                data={"labels": dict(counts)},
            )
        )
    return result
