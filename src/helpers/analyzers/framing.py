"""The framing analyzer: *how* a text tells its story.

It marks hedges (speculation), boosters (certainty), loaded language, euphemisms,
presuppositions, scare quotes and rhetorical questions, all as spans of layer ``framing``, from
``lexicons/framing.toml``.  Per segment it reports counts, a ``speculation_index`` (hedges per
100 words, used by :mod:`helpers.findings` to find the turn from reporting to opinion) and the
generic news frames (Semetko & Valkenburg 2000) whose cue words from ``lexicons/frames.toml``
appear at least :data:`MIN_FRAME_CUES` times.  Frame cues are metrics, not spans: highlighting
every "war" or "bank" would drown the marks that matter.

Discernment is part of the job, so a few checks keep the lexicon honest: "May 5" and "Theresa
May" are not hedges, "military might" is not, "as soon as possible" is not, and a quotation with
a speaker ("…," she said) is a quote, not a scare quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache

from ..contract import LayerResult
from ..document import Document, Segment
from ..lexicon import Entry, Hit, Lexicon
from ..lexicon import lexicon as shipped
from ..spans import Span

LAYER = "framing"
MIN_FRAME_CUES = 2  # one stray "bank" or "war" is not a frame; two cues of one frame are
HEADING_ROLES = frozenset({"headline", "dek", "subheading"})
LOADED_LABELS = frozenset({"loaded_language", "euphemism", "scare_quotes"})
SKIP_ROLES = frozenset({"comment_marker", "byline"})

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['\"”’)\]]*|[\"“‘(\[])\s*$")
_MONTH_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|early|late|mid|last|next|this|through|from|during|of|on|"
    r"before|after)[\s-]+$",
    re.IGNORECASE,
)
_REPORTING = (
    r"(?:said|says|say|told|tells|asked|asks|added|adds|wrote|writes|replied|stated|states|"
    r"declared|shouted|tweeted|posted|explained|insisted|warned|noted|recalled|announced)"
)
_REPORT_BEFORE = re.compile(_REPORTING + r"\s*+(?:[,:]\s*+)?$", re.IGNORECASE)
_REPORT_AFTER = re.compile(
    r"^\s*+(?:[,.]\s*+)?(?:(?:he|she|they|it|we|i|the\s+\w+|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"\s+" + _REPORTING + r"|" + _REPORTING + r")\b",
)
# A speech verb earlier in the same sentence makes a short quote a *partial quotation* ("teachers
# said schools were "too political"", "he accused her of "lying"", "what he termed "a deal""):
# the words are someone's, reported as theirs, so they are sourcing, not the writer's distance.
# Lowercase only, so "the United States" is not "states".  Naming verbs ("called", "dubbed",
# "branded") are left out on purpose: putting a name in quotes is what scare quotes do.
_SPEAKER_IN_SENTENCE = re.compile(
    r"\b(?:" + _REPORTING[3:-1] + r"|termed|complained|accused|described|promised|argued|"
    r"claimed|claims|urged|boasts|boasted|according\s+to)\b"
)
# Talking *about* a word ("the phrase "X"", "a paper entitled "X"") is mention, not distance.
_MENTION_BEFORE = re.compile(
    r"\b(?:(?:phrases?|terms?|words?|slogans?|expressions?|hashtags?|mottos?|catchphrases?|buzzwords?"
    r"|labels?)|(?:meaning|etymology|definition|origin)s?\s+of(?:\s+the\s+(?:word|term|phrase))?"
    r"|entitled|titled)\s*+$",
    re.IGNORECASE,
)
# Every branch opens with its quote mark, so the regex engine skips straight to quote marks;
# "‘(?<!\w‘)" is "a ‘ with no letter before it", checked after the mark for that reason.
_QUOTE_PAIR = re.compile(
    r"“([^“”\n]{1,200}+)”|\"([^\"\n]{1,200}+)\"|‘(?<!\w‘)([^‘’\n]{1,60}?)’(?!\w)"
)
_QUESTION_TAIL = re.compile(r"\?[\"'”’)\]]*$")
# An apostrophe inside a word ("don't"); the mark first, so scans jump from mark to mark.
_JOINED = re.compile(r"['’](?<=\w['’])(?=\w)")


@cache
def _compiled(entry_id: str, key: str, pattern: str) -> re.Pattern[str]:
    """Veto patterns from an entry's extra keys, compiled once."""
    return re.compile(pattern, re.IGNORECASE)


_ZERO = {
    "hedges": 0,
    "boosters": 0,
    "loaded": 0,
    "rhetorical_questions": 0,
    "presuppositions": 0,
    "speculation_index": 0.0,
}


def _word_counts(doc: Document) -> list[int]:
    """Words per segment, as ``len(_WORD.findall(seg.text))`` counts them, from the token index.

    A word is a run of ``\\w+`` tokens joined by single apostrophes, so it is the tokens
    in the segment minus the apostrophes joining two of them; both come from whole-text lists.
    """
    text = doc.text
    starts = doc.tokens.starts
    joins = [m.start() for m in _JOINED.finditer(text)] if "'" in text or "’" in text else []
    out = []
    for seg in doc.segments:
        n = bisect_left(starts, seg.end) - bisect_left(starts, seg.start)
        if joins:
            n -= bisect_left(joins, seg.end) - bisect_left(joins, seg.start)
        out.append(n)
    return out


def _veto(entry: Entry, text: str, seg: Segment, hit: Hit) -> bool:
    """True when an entry's own checks say this hit is not what the entry means."""
    data = entry.data
    if not data:
        return False
    start, end = hit.start, hit.end
    before = text[max(seg.start, start - 40) : start]
    after = text[end : min(seg.end, end + 40)]
    skip_before = data.get("skip_before")
    if skip_before and _compiled(entry.id, "skip_before", skip_before).search(before):
        return True
    skip_after = data.get("skip_after")
    if skip_after and _compiled(entry.id, "skip_after", skip_after).match(after):
        return True
    if data.get("month_name") and text[start].isupper():
        # A capital "May" is the month ("in May", "May 5") or a name ("Theresa May"), except at
        # the start of a sentence or in a title-case heading, where modals are capitalised too.
        if _MONTH_BEFORE.search(before):
            return True
        if seg.role not in HEADING_ROLES and not _SENTENCE_START.search(before):
            return True
    return False


def _quoted_away(hit: Hit, pairs: list[re.Match[str]] | None) -> bool:
    """An ``outside_quotes`` entry inside a quotation: the speaker's words, not the writer's."""
    if not pairs or not hit.entry.data.get("outside_quotes"):
        return False
    return any(m.start() < hit.start and hit.end < m.end() for m in pairs)


def _by_segment(doc: Document, hits: Iterable[Hit]) -> dict[int, list[Hit]]:
    """Hits grouped by the segment that contains them (hits across segment edges are dropped)."""
    starts = [s.start for s in doc.segments]
    out: dict[int, list[Hit]] = {}
    for h in hits:
        i = bisect_right(starts, h.start) - 1
        if i < 0:
            continue
        seg = doc.segments[i]
        if h.end <= seg.end:
            out.setdefault(i, []).append(h)
    return out


def _search(entry: Entry, text: str) -> bool:
    """Whether a regex entry matches somewhere in ``text``."""
    return entry.regex is not None and entry.regex.search(text) is not None


def _question_spans(doc: Document, seg: Segment, lex: Lexicon) -> list[Span]:
    """Questions in the segment, each explained by the kind of steering it does."""
    if "?" not in seg.text:
        return []
    text = doc.text
    out: list[Span] = []
    sentences = seg.sentences or ()
    for sent in sentences:
        if "?" not in sent.text:
            continue
        stripped = sent.text.rstrip()
        if not _QUESTION_TAIL.search(stripped):
            continue
        end = sent.start + len(stripped)
        start = sent.start
        body = text[start:end]
        rq = lex.by_id
        if _search(rq["rq-either-or"], body):
            entry = rq["rq-either-or"]
        elif seg.role in HEADING_ROLES:
            entry = rq["rq-heading"]
        elif _search(rq["rq-yes-no"], body):
            entry = rq["rq-yes-no"]
        else:
            entry = rq["rq-open"]
        unless = entry.data.get("unless")
        if unless and _compiled(entry.id, "unless", str(unless)).search(body):
            continue  # a real question to the readers ("Does anyone know if …?")
        out.append(_span(text, start, end, entry))
    return out


def _quote_pairs(doc: Document) -> dict[int, list[re.Match[str]]]:
    """Quoted stretches per segment, found in one scan of the whole text.

    A pair never spans a newline and segments are separated by one, so this finds exactly the
    pairs a scan of each segment on its own would.
    """
    text = doc.text
    if '"' not in text and "“" not in text and "‘" not in text:
        return {}
    starts = [s.start for s in doc.segments]
    out: dict[int, list[re.Match[str]]] = {}
    for m in _QUOTE_PAIR.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= doc.segments[i].end:
            out.setdefault(i, []).append(m)
    return out


def _scare_quote_spans(
    doc: Document, seg: Segment, lex: Lexicon, pairs: Iterable[re.Match[str]]
) -> list[Span]:
    """Short quoted terms (1-4 words) that nobody is reported as saying."""
    text = doc.text
    entry = lex.by_id["scare-quotes"]
    out: list[Span] = []
    sent_starts = [t.start for t in seg.sentences]
    speakers: dict[int, re.Match[str] | None] = {}  # sentence -> its first speech verb
    for m in pairs:
        inner = next(g for g in m.groups() if g is not None).strip()
        words = _WORD.findall(inner)
        if not 1 <= len(words) <= 4:
            continue
        core = inner.rstrip(",.;:!?")
        if inner != core and inner[-1] in "!?":
            continue  # an exclamation or question is speech
        if len(words) >= 2 and all(w[0].isupper() for w in words):
            continue  # a title or a name ("Gone With the Wind"), not a distancing quote
        if len(words) >= 3 and core[:1].isupper() and inner.endswith((".", ",")):
            continue  # a quoted sentence
        before = text[max(seg.start, m.start() - 30) : m.start()]
        after = text[m.end() : min(seg.end, m.end() + 40)]
        if _REPORT_BEFORE.search(before) or _MENTION_BEFORE.search(before):
            continue
        if _speaker_before(text, seg, sent_starts, speakers, m.start()):
            continue  # a partial quotation of a named speaker
        if (inner.endswith((",", ".")) or after.startswith(",")) and _REPORT_AFTER.match(after):
            continue  # "…," she said: dialogue, not distance
        out.append(_span(text, m.start(), m.end(), entry))
    return out


def _speaker_before(
    text: str,
    seg: Segment,
    sent_starts: list[int],
    speakers: dict[int, re.Match[str] | None],
    pos: int,
) -> bool:
    """Whether a speech verb stands between the start of ``pos``'s sentence and ``pos``.

    The same answer as ``_SPEAKER_IN_SENTENCE.search(text, sentence_start, pos)``, in work
    linear in the sentence however many quotes it holds: each sentence is searched once, to its
    end, for its first speech verb.  Any match before ``pos`` starts at or after that first one
    (a search finds the leftmost), so when the first one ends after ``pos`` only the few
    characters from its start to ``pos`` are searched again.  (``pos`` is a quote mark, not a
    word character, so ``\b`` there reads the same in both searches.)
    """
    k = bisect_right(sent_starts, pos) - 1
    if k < 0 or pos >= seg.sentences[k].end:
        k, start, end = -1, seg.start, seg.end  # outside every sentence: the whole segment
    else:
        start, end = sent_starts[k], seg.sentences[k].end
    if k not in speakers:
        speakers[k] = _SPEAKER_IN_SENTENCE.search(text, start, end)
    first = speakers[k]
    if first is None or first.start() >= pos:
        return False
    return first.end() <= pos or _SPEAKER_IN_SENTENCE.search(text, first.start(), pos) is not None


def _span(text: str, start: int, end: int, entry: Entry) -> Span:
    return Span(
        start=start,
        end=end,
        layer=entry.layer,
        label=entry.label,
        explanation=entry.explanation,
        rule=entry.id,
        text=text[start:end],
        taxonomy=entry.taxonomy,
    )


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per stretch and label: a longer mark swallows a shorter one of the same label."""
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    last_end: dict[str, int] = {}
    for s in spans:
        if last_end.get(s.label, -1) > s.start:
            continue
        kept.append(s)
        last_end[s.label] = s.end
    return kept


def _frames(doc: Document, fr: Lexicon) -> dict[int, dict[str, list[str]]]:
    """Per segment: frame -> distinct cue words, for frames with enough cues."""
    counts: dict[int, dict[str, list[str]]] = {}
    text = doc.text
    for i, hits in _by_segment(doc, fr.phrase_hits(text, index=doc.tokens)).items():
        per: dict[str, list[str]] = {}
        for h in hits:
            per.setdefault(str(h.entry.data.get("frame", h.entry.label)), []).append(
                text[h.start : h.end].lower()
            )
        counts[i] = {
            f: list(dict.fromkeys(cues)) for f, cues in per.items() if len(cues) >= MIN_FRAME_CUES
        }
    return counts


def analyze(doc: Document, lexicon: Lexicon | None = None) -> LayerResult:
    """Framing spans and per-segment metrics for one document.

    ``lexicon``: a framing lexicon of one's own (``helpers.lexicon.load_lexicon_file``) in
    place of the shipped one (the frames lexicon stays the shipped one).
    """
    lex = shipped("framing") if lexicon is None else lexicon
    fr = shipped("frames")
    text = doc.text
    grouped = _by_segment(doc, lex.hits(text, index=doc.tokens))
    frames = _frames(doc, fr)
    quotes = _quote_pairs(doc)
    word_counts = _word_counts(doc)
    result = LayerResult()
    for seg in doc.segments:
        if seg.role in SKIP_ROLES:
            continue
        hits = grouped.get(seg.index)
        pairs = quotes.get(seg.index)
        spans = (
            [
                _span(text, h.start, h.end, h.entry)
                for h in hits
                if not _veto(h.entry, text, seg, h) and not _quoted_away(h, pairs)
            ]
            if hits
            else []
        )
        if "?" in seg.text:
            spans.extend(_question_spans(doc, seg, lex))
        if pairs:
            spans.extend(_scare_quote_spans(doc, seg, lex, pairs))
        if not spans:  # most segments: nothing marked, every count zero
            result.metrics[seg.index] = {**_ZERO, "frames": frames.get(seg.index, {})}
            continue
        spans = _dedupe(spans)
        result.spans.extend(spans)
        words = word_counts[seg.index]
        labels = [s.label for s in spans]
        hedges = labels.count("hedge")
        result.metrics[seg.index] = {
            "hedges": hedges,
            "boosters": labels.count("booster"),
            "loaded": sum(1 for x in labels if x in LOADED_LABELS),
            "rhetorical_questions": labels.count("rhetorical_question"),
            "presuppositions": labels.count("presupposition"),
            "speculation_index": round(100.0 * hedges / words, 2) if words else 0.0,
            "frames": frames.get(seg.index, {}),
        }
    return result
