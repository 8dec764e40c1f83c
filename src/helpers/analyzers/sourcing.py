"""The sourcing analyzer: *who says so?*

News writing tells the reader where information comes from with an attribution: a source (a
person, an organization, a publication, an unnamed official) and a cue (``said``, ``according
to``, ``warned``).  This analyzer finds them, types the source, marks vague attributions that
name nobody ("critics say", "history shows"), and reports per paragraph what is sourced.

How it works (one pass per segment, linear in the text):

1. One scan with the ``sourcing`` lexicon gives every reporting verb, attribution frame, vague
   phrase and source-type cue word of the segment.
2. Frames (``according to X``, ``was reported by X``) and vague phrases are taken first.
3. For each reporting verb we look *left* for its subject, within its sentence and clause
   (``Mr. Lee said``, ``Ana Ruiz, the club's coach, said`` — the appositive is skipped and the
   source is the name before it), or *right* after a quotation or comma (``"…," said Mr. Lee``).
   ``-ing`` verbs and verbs after ``and``/``but`` share the source of the sentence's previous
   attribution ("welcomed the plan, noting that …").
4. The source words are typed with the cue lists: a capitalised name at the end of the subject
   is a person unless it is an outlet or organization name; otherwise the head noun decides
   (``state television`` → publication, ``the group`` → organization, ``sources familiar with``
   → anonymous, ``critics`` → vague).  Words that type as nothing are not a source: naming a
   person ("led by X", "met X") has no reporting verb, and "this shift suggests" has no source.
   Modal or conditional clauses (``Russia may see``, ``if X views``) are speculation, not
   attribution, and are skipped.

Further rules: a speaker's name and a colon (``Coach Ruiz: "…"``, transcripts in capitals
``KATE WINTER: …``); naming quotes (``what she termed "a big win"`` → a quotation of the
speaker); strong speech verbs (``said``) also accept a plain noun phrase, a pronoun after an
opening phrase (``On Monday she said``), the subject in ``what many voters said``, the noun
before ``who`` (``lawmakers who say``) and a described speaker after ``…, said a former aide``;
stance and mental verbs (``argued``, ``wants``, ``seems``) need a subject that the cue lists
type as a source; media frames name the medium (``in a new poll`` → the poll; ``said in an
interview`` is left to the verb); ``When asked …`` / ``Asked whether …`` share the speaker of
the same sentence's attribution.  Progressive verbs (``Ana Ruiz is touting``) and a weekday
between subject and verb (``Ana Ruiz on Monday said``) keep the subject; ``with X calling for``
and ``a new poll showing`` give an ``-ing`` verb its source; capitalised plurals such as
``Republicans`` or ``Investors`` are groups, not persons; ``Name: “…”`` anywhere in a sentence
and ``what Mr. Lee called ''…''`` (when the sentence cites no one else) are attributions.

``he``/``she`` as a source is resolved to the last named person before it, so the ledger says
who; the span still marks the pronoun as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

from ..contract import Finding, LayerResult, LedgerRow
from ..document import Document, Segment
from ..lexicon import Entry, Hit, Lexicon, lexicon
from ..spans import Span

ANALYZED_ROLES = frozenset({"headline", "dek", "paragraph", "comment"})
TITLE_ROLES = frozenset({"headline", "dek"})  # may be in title case: "X Reports on Y"
MIN_STRETCH = 3  # paragraphs in a row without attribution before we call it out
ANON_SHARE = 0.4  # share of anonymous/vague attributions that counts as heavy reliance
MAX_SOURCE_WORDS = 12
MAX_WORDS_BEFORE_NAME = 6  # "Democratic presidential candidate Ana Ruiz" has 3

_TOKEN = re.compile(r"[A-Za-z0-9][\w.'’&-]*+|[^\w\s]")
_QUOTES_OPEN = '“"'
_QUOTES_CLOSE = '”"'
_BOUNDARY_PUNCT = frozenset(",;:()[]“”\"—–'‘")
_BOUNDARY_WORDS = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "but",
        "and",
        "or",
        "nor",
        "while",
        "whilst",
        "although",
        "though",
        "because",
        "as",
        "when",
        "whenever",
        "since",
        "after",
        "before",
        "where",
        "so",
        "yet",
        "until",
    ]
)
_HYPOTHETICAL = frozenset(["if", "unless", "whether", "what", "how", "why", "than", "lest"])
_CLAUSE_STOPS = _BOUNDARY_WORDS | _HYPOTHETICAL  # words that end a clause, read leftwards
_AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "further",
        "later",
        "previously",
        "recently",
        "repeatedly",
        "publicly",
        "once",
        "then",
        "again",
        "often",
        "frequently",
        "privately",
        "already",
        "earlier",
        "subsequently",
        "separately",
        "initially",
        "first",
        "did",
        "does",
        "do",
        "not",
        "never",
        "always",
        "widely",
        "strongly",
        "only",
        "openly",
        "quickly",
        "immediately",
        "just",
        "even",
        "still",
        "now",
        "clearly",
        "simply",
        "specifically",
        "explicitly",
        "reportedly",
        "himself",
        "herself",
        "itself",
        "themselves",
        "itself",
        "last",
        "yesterday",
        "today",
        "tonight",
    ]
)
_NEGATED_AUX = frozenset(
    a + "n" + q + "t"
    for a in ("did", "does", "do", "has", "have", "had", "is", "are", "was", "were")
    for q in ("'", "’")
)
# lowercase words in -ly that are nouns, not adverbs: "an ally said" keeps its subject
_LY_NOUNS = frozenset(["ally", "family", "assembly", "rally", "bully", "supply", "monopoly"])
_MODALS = frozenset(
    ["may", "might", "could", "would", "should", "can", "must", "will", "shall", "to"]
)
_PASSIVE = frozenset(["is", "was", "were", "are", "been", "be", "being"])
_ARTICLES = frozenset(["the", "a", "an"])
# "endorsed by Russia" is passive; "responded by saying" tells how, the subject is the speaker
_BY_AFTER = re.compile(r"(?<!\s)\s++by\b(?!\s++[a-z]+ing\b)")
# "is touting", "were also warning": a progressive verb, not a participle clause
_PROGRESSIVE = re.compile(
    r"(?<![\w'’-])(?:is|are|was|were|am|been)\s++(?:(?:also|still|now|already|again)\s++)?$"
)
# "with the mayor calling for calm": the absolute construction names who is doing the -ing
_WITH_SUBJECT = re.compile(r"(?<![\w-])with\s++([^\s,;:()“”\"][^,;:()“”\"]{0,50}?)\s++$")
_ING_TYPES = frozenset(["publication", "organization", "anonymous"])
_PARTICIPLE_BEFORE = re.compile(
    r"(?:[,;—–][”\"'’]*+|\b(?:while|after|before|by|when|also|and))\s*+$"
)
_PREPOSITIONS = frozenset(
    ["in", "at", "from", "with", "between", "on", "for", "near", "inside", "outside", "within"]
)
_LEAD_STRIP = frozenset(
    ["the", "a", "an", "also", "then", "now", "meanwhile", "still", "even", "only"]
)
_PERSON_PRONOUNS = frozenset({"he", "she"})
_GROUP_PRONOUNS = frozenset({"they"})
_NO_SOURCE = frozenset(
    [
        "i",
        "we",
        "you",
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "which",
        "what",
        "who",
        "one",
        "everything",
        "something",
        "nothing",
        "anything",
        "me",
        "us",
        "nobody",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "anyone",
    ]
)
_CAP_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Also",
        "However",
        "Meanwhile",
        "Still",
        "Yet",
        "Now",
        "Then",
        "There",
        "Here",
        "While",
        "When",
        "If",
        "As",
        "So",
        "Both",
        "All",
        "Many",
        "Some",
        "Most",
        "Such",
        "Our",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "After",
        "Before",
        "During",
        "Despite",
        "Although",
        "Though",
        "Because",
        "Since",
        "Until",
        "Today",
        "Yesterday",
        "Last",
        "Next",
        "Nonetheless",
        "Moreover",
        "Ultimately",
        "Rather",
        "Far",
        "Would",
        "Could",
        "Should",
        "Will",
        "Can",
        "May",
        "Might",
        "Must",
        "Did",
        "Does",
        "Do",
        "Is",
        "Are",
        "Was",
        "Were",
        "What",
        "Why",
        "How",
        "Who",
        "Where",
        "Which",
        "Whether",
        "Not",
        "No",
        "Yes",
        "Nobody",
        "Everyone",
        "Everybody",
        "Someone",
        "Somebody",
        "Anyone",
        "Nothing",
        "Everything",
        "Something",
        "One",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_CAP_STOP_UPPER = frozenset(w.upper() for w in _CAP_STOP) | frozenset(
    ["UPDATE", "NOTE", "WATCH", "READ", "BREAKING", "EXCLUSIVE", "VIDEO", "PHOTOS", "ABSTRACT"]
)
_NAME_PARTICLES = frozenset(
    [
        "de",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "la",
        "le",
        "da",
        "di",
        "du",
        "del",
        "dos",
        "st.",
    ]
)
_RIGHT_KEEP = frozenset(["the", "a", "an", "of", "for", "at", "to", "'s"])
_RIGHT_STOP = frozenset(
    [
        "in",
        "on",
        "during",
        "after",
        "before",
        "when",
        "who",
        "which",
        "that",
        "last",
        "this",
        "yesterday",
        "today",
        "told",
        "adding",
        "saying",
        "while",
        "as",
    ]
)
_GENERIC_OUTLET_WORDS = frozenset(
    [
        "article",
        "report",
        "story",
        "piece",
        "editorial",
        "column",
        "newspaper",
        "paper",
        "magazine",
        "op-ed",
        "interview",
        "analysis",
        "investigation",
        "survey",
        "poll",
        "study",
        "the",
        "a",
        "an",
    ]
)
_NAMING_VERBS = frozenset(["termed", "called", "dubbed", "labeled", "labelled", "branded"])
_OBJECT_BEFORE_QUOTE = re.compile(r"(?:it|them|him|her|this|that|us)\s++(?=[“\"])")
_COLON_SPEAKER = re.compile(
    r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*+\s++){0,2}[A-Z][\w.'’-]*+)\s*+:(?=\s)"
)
_NAME_COLON_QUOTE = re.compile(
    r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*+[ \t]++){0,3}[A-Z][\w'’-]*+)[ \t]*+:"
    r"(?=[ \t\xa0]*+(?:[“\"‘]|$))"
)
_ASKED_LEAD = re.compile(r"\b[Aa]sked\b")
_WHEN_BEFORE = re.compile(r"\b(?:when|after|once|if)\s++(?:he|she|they|first\s++)?$", re.I)
_APPOSITIVE_MARKS = frozenset([",", "—", "–"])
_RELATIVE = frozenset(["who", "whose", "that", "which"])
_GENERIC_MAX = 6
_NOT_A_HEAD = (
    _NO_SOURCE
    | _MODALS
    | _PASSIVE
    | _AUX
    | _PREPOSITIONS
    | _ARTICLES
    | _BOUNDARY_WORDS
    | _HYPOTHETICAL
    | frozenset(["he", "she", "they", "him", "her", "them", "his", "its", "their", "of", "to"])
)
_VAGUE_BARE = frozenset({"reports", "media reports", "rumors", "rumours", "estimates"})

TYPE_PRIORITY = ("anonymous", "vague", "publication", "organization", "named_person")


class _Cue(NamedTuple):
    """A source-type cue word (or an anonymous-source frame's source); a tuple: built per hit."""

    start: int
    end: int
    source_type: str
    entry_id: str


@dataclass(slots=True)
class _Source:
    start: int
    end: int
    text: str  # as written, leading articles trimmed
    source_type: str
    resolved: str | None = None  # for he/she: the person it refers to
    document: bool = False  # "according to a letter": a document, not a named outlet


@dataclass(slots=True)
class _State:
    """What we remember across a document: the last person and source, for pronouns."""

    last_person: str | None = None
    text: str = ""  # the whole document, to look up names written in full elsewhere
    full_names: frozenset[str] | None = None  # last words of "Ted Cruz", "Sen. Cruz" (lazy)
    last_source: tuple[str, str] | None = None
    last_group: tuple[str, str] | None = None  # last organization or publication, for "it"
    spans: list[Span] = field(default_factory=list)
    tokens: _SegmentTokens | None = None  # the segment being read, tokenised once


@cache
def _lex() -> Lexicon:
    return lexicon("sourcing")


@cache
def _type_explanations() -> dict[str, str]:
    """One plain-language sentence per source type, from the cue entries of the lexicon."""
    out: dict[str, str] = {}
    for e in _lex():
        if e.data.get("kind") == "cue":
            out.setdefault(str(e.data["source_type"]), e.explanation)
    return out


def _kind(entry: Entry) -> str:
    return str(entry.data.get("kind", ""))


@cache
def _kinds() -> dict[str, str]:
    """Entry id → kind, read once from the lexicon instead of once per hit."""
    return {e.id: _kind(e) for e in _lex()}


# --- typing a source ------------------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens of ``text[start:end]`` with their offsets.

    ``findall`` plus ``str.find`` is faster than reading offsets off match objects, and gives
    the same offsets: the first occurrence of a token at or after the previous token's end is
    where the scan matched it (an earlier occurrence would have been matched there first).
    """
    out: list[tuple[int, int, str]] = []
    find = text.find
    p = start
    for w in _TOKEN.findall(text, start, end):
        p = find(w, p)
        e = p + len(w)
        out.append((p, e, w))
        p = e
    return out


_START = itemgetter(0)
_NON_SPACE = re.compile(r"\S")
# a stretch that is at most five characters once stripped, the group holding them
_SHORT_STRETCH = re.compile(r"\s*+(\S(?:.{0,3}\S)?)?\s*+", re.DOTALL)


def _stripped_is(text: str, a: int, b: int, words: tuple[str, ...]) -> bool:
    """``text[a:b].strip().lower() in words`` (words of at most five letters).

    Reads only the whitespace at the ends and five characters, not a whole long sentence
    before every verb of it.
    """
    m = _SHORT_STRETCH.fullmatch(text, a, b)
    return m is not None and (m.group(1) or "").lower() in words


def _stripped_tail(text: str, a: int, b: int, n: int) -> str:
    """The last ``n`` characters of ``text[a:b].rstrip()``, without copying the stretch."""
    while b > a and text[b - 1].isspace():
        b -= 1
    return text[max(a, b - n) : b]


class _SegmentTokens:
    """The tokens of one segment, each read once, then sliced for every look-left/right window.

    Each reporting verb looks at a window of its sentence, and windows of nearby verbs overlap;
    re-tokenising each window was the analyzer's largest cost.  The tokens read so far cover
    ``[lo, hi)``, whose ends are spaces (no token crosses a space), so the cover can grow on
    either side with the same tokens a whole scan would give.  :meth:`window` returns exactly
    ``_tokens(text, a, b)``: a token cut by the window's left edge is re-read from the edge, one
    cut by its right edge is truncated there (as the regex, stopped at ``b``, would), and a
    window reaching outside the segment is scanned afresh.
    """

    __slots__ = ("hi", "lo", "seg_end", "seg_start", "text", "toks")

    def __init__(self, text: str, seg_start: int, seg_end: int) -> None:
        self.text, self.seg_start, self.seg_end = text, seg_start, seg_end
        self.lo = self.hi = seg_start  # nothing read yet: many segments need no tokens
        self.toks: list[tuple[int, int, str]] = []

    def _cover(self, a: int, b: int) -> None:
        """Read tokens until ``[a, b)`` is covered, extending to the nearest spaces."""
        text = self.text
        if not self.toks and self.lo == self.hi:
            p = text.rfind(" ", self.seg_start, a + 1)
            self.lo = self.hi = self.seg_start if p < 0 else p
        if a < self.lo:
            p = text.rfind(" ", self.seg_start, a + 1)
            p = self.seg_start if p < 0 else p
            self.toks = _tokens(text, p, self.lo) + self.toks
            self.lo = p
        if b > self.hi:
            q = text.find(" ", b, self.seg_end)
            q = self.seg_end if q < 0 else q
            self.toks += _tokens(text, self.hi, q)
            self.hi = q

    def window(self, a: int, b: int) -> list[tuple[int, int, str]]:
        if a < self.seg_start or b > self.seg_end or a >= b:
            return _tokens(self.text, a, b)
        if a < self.lo or b > self.hi:
            self._cover(a, b)
        toks = self.toks
        i = bisect.bisect_left(toks, a, key=_START)
        j = bisect.bisect_left(toks, b, i, key=_START)  # tokens starting before b
        head: list[tuple[int, int, str]] = []
        if i > 0 and toks[i - 1][1] > a:  # a token cut by the left edge
            if toks[i - 1][1] > b:
                return _tokens(self.text, a, b)
            head = _tokens(self.text, a, toks[i - 1][1])
        out = head + toks[i:j] if head else toks[i:j]
        if j > i and toks[j - 1][1] > b:  # a token cut by the right edge
            s = toks[j - 1][0]
            out[-1] = (s, b, self.text[s:b])
        return out


def _window(state: _State, text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """``_tokens(text, a, b)``, read from the current segment's tokens when it holds the span."""
    seg = state.tokens
    if seg is None or seg.text is not text:
        return _tokens(text, a, b)
    return seg.window(a, b)


def _cues_in(cues: Sequence[_Cue], starts: Sequence[int], start: int, end: int) -> list[_Cue]:
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(cues) and cues[i].start < end:
        if cues[i].end <= end:
            out.append(cues[i])
        i += 1
    return out


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word not in _CAP_STOP


def _type_source(
    text: str,
    words: list[tuple[int, int, str]],
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
) -> _Source | None:
    """What kind of source the words name (None when they name no source)."""
    words = [w for w in words if w[2] not in ("'s", "’s")]
    while words and words[0][2].lower() in _LEAD_STRIP:
        words = words[1:]
    while words and words[-1][2].lower() in _ARTICLES:
        words = words[:-1]
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    start, end = words[0][0], words[-1][1]
    written = text[start:end]
    low = written.lower()
    if len(words) == 1:
        if low in _PERSON_PRONOUNS:
            return _Source(start, end, written, "named_person", state.last_person)
        if low in _GROUP_PRONOUNS:
            if state.last_source is None:
                return None
            return _Source(start, end, written, state.last_source[1], state.last_source[0])
        if low in _NO_SOURCE:
            return None
    if low in _VAGUE_BARE:
        return _Source(start, end, written, "vague")
    for w in words:
        if w[2] in _FIRST_SECOND:
            return None
    first = words[0][2]
    if first.islower() and first.endswith(("ing", "ed")) and len(words) > 2:
        return None  # "signaling a thaw between …": a clause, not a name
    inside = _cues_in(cues, starts, start, end)
    # a capitalised name at the end of the words (the head): person, unless an outlet/org name
    run: list[tuple[int, int, str]] = []
    for w in reversed(words):
        if _is_cap(w[2]) or (run and w[2].lower() in _NAME_PARTICLES):
            run.append(w)
        else:
            break
    run.reverse()
    if run and len(run) < len(words):
        # "officials in Moscow", "a spokesman for Acme": the head comes before the preposition
        k = len(words) - len(run) - 1
        while k > 0 and words[k][2].lower() in _ARTICLES:
            k -= 1
        if k > 0 and words[k][2].lower() in _PREPOSITIONS:
            head = _type_source(text, words[:k], cues, starts, state)
            if head is not None and head.source_type != "named_person":
                return _Source(start, end, written, head.source_type)
    if run and len(words) - len(run) > MAX_WORDS_BEFORE_NAME:
        return None
    if run:
        rs, re_ = run[0][0], run[-1][1]
        run_types = {c.source_type for c in inside if c.start < re_ and c.end > rs}
        for t in ("publication", "organization"):
            if t in run_types:
                return _Source(start, end, written, t)
        group = run[-1][2]
        if len(run) == 1 and _group_plural(group) and not _known_person(state, group):
            # "Republicans", "Europeans", "Investors": a group of people, not one person
            return _Source(start, end, written, "vague")
        if len(run) > 1 and _group_plural(group) and group.endswith(_PARTY_SUFFIXES):
            # "House Democrats", "Iowa Republicans": a party or national group, not a first
            # name and a surname ("Ana Sanders" keeps the person: -ers is a surname ending too)
            return _Source(start, end, written, "organization")
        name_words = [
            w
            for w in run
            if not any(c.start <= w[0] and w[1] <= c.end for c in inside)
            and not w[2].rstrip(".").isupper()
        ]
        if name_words or len(run) >= 2:
            return _Source(start, end, written, "named_person")
        # a capitalised cue word at the start of a sentence ("Officials said"): type by cue
    head_s, head_e = words[-1][0], words[-1][1]
    for c in inside:
        if c.start < head_e and c.end > head_s:
            return _Source(start, end, written, _unnamed(c.source_type))
    types = {c.source_type for c in inside}
    for t in TYPE_PRIORITY:
        if t in types:
            return _Source(start, end, written, _unnamed(t))
    return None


_FIRST_SECOND = frozenset(["I", "we", "We", "you", "You"])  # the writer or reader: no source
_GROUP_SUFFIXES = ("ans", "ists", "ers", "ors", "ives", "ites", "crats")
_PARTY_SUFFIXES = ("crats", "icans", "ians", "eans", "ists")


def _group_plural(word: str) -> bool:
    """A capitalised plural that names a group of people: "Democrats", "Europeans", "Farmers".

    The endings are those of nouns for members of a party, nation or trade; a surname with the
    same ending ("Sanders") is kept a person when the text also writes it after a first name.
    """
    return (
        len(word) > 4
        and word[:1].isupper()
        and word[1:].islower()
        and word.endswith(_GROUP_SUFFIXES)
    )


def _unnamed(source_type: str) -> str:
    """A role word with no name ("an analyst", "a lawyer") is an unnamed, anonymous person."""
    return "anonymous" if source_type == "named_person" else source_type


# --- finding the source of a reporting verb -------------------------------------------------


def _clause_left(
    toks: list[tuple[int, int, str]], i: int
) -> tuple[list[tuple[int, int, str]], str | None, int]:
    """Words of the clause ending at token ``i`` (inclusive), the boundary met, its index."""
    out: list[tuple[int, int, str]] = []
    j = i
    while j >= 0:
        w = toks[j][2]
        if w in _BOUNDARY_PUNCT or w.lower() in _CLAUSE_STOPS:
            return out[::-1], w, j
        out.append(toks[j])
        j -= 1
    return out[::-1], None, -1


def _skippable(word: str) -> bool:
    """Words between a subject and its verb: "has", "also", "wrongly", "didn't"."""
    low = word.lower()
    if low in _AUX or low in _NEGATED_AUX:
        return True
    return word.islower() and len(word) > 4 and low.endswith("ly") and low not in _LY_NOUNS


_WEEKDAYS = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
_BEFORE_WEEKDAY = frozenset(["on", "last", "this", "late", "early", "next"])


def _skip_to_subject(toks: list[tuple[int, int, str]], i: int) -> int:
    """Index of the last subject word before a verb, past "also", "didn't" and a day.

    "Ana Ruiz on Monday said" and "the club Tuesday denied" put the day between the subject
    and the verb; the day is when, not who.
    """
    while i >= 0:
        if _skippable(toks[i][2]):
            i -= 1
        elif toks[i][2] in _WEEKDAYS:
            i -= 1
            if i >= 0 and toks[i][2].lower() in _BEFORE_WEEKDAY:
                i -= 1
        else:
            break
    return i


def _left_source(
    text: str,
    sent_start: int,
    verb_start: int,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
    generic: bool = False,
) -> tuple[_Source | None, str]:
    """The subject of a reporting verb, looking left within its sentence.

    Returns (source or None, why): why is "ok", "empty" (nothing before: try the right side),
    "inherit" (after and/but: share the sentence's previous source), "who" (the name before
    ", who": mark only the verb if the name is already marked) or "none".  ``generic``
    (strong speech verbs such as "said") also accepts a plain noun phrase ("the driver said").
    """

    def typed(ws: list[tuple[int, int, str]]) -> _Source | None:
        src = _type_source(text, ws, cues, starts, state)
        if src is None and generic:
            src = _generic_source(text, ws)
        return src

    toks = _window(state, text, max(sent_start, verb_start - 240), verb_start)
    i = _skip_to_subject(toks, len(toks) - 1)
    if i >= 0:
        low = toks[i][2].lower()
        if low in _MODALS or low in _PASSIVE:
            return None, "none"
    if i < 0:
        return None, "empty"
    if i > 0 and toks[i][2] == ")":
        # "Ana Ruiz (Green Party) said": skip the brackets
        k = i - 1
        while k > 0 and toks[k][2] not in "()" and i - k < 12:
            k -= 1
        if toks[k][2] == "(":
            del toks[k : i + 1]
            i = k - 1
    last = toks[i][2]
    if last in _APPOSITIVE_MARKS:
        # "Name, appositive, said" (or dashes): skip back over the appositive to the name
        words, boundary, j = _clause_left(toks, i - 1)
        if boundary in _RELATIVE and j > 0 and toks[j - 1][2] in _APPOSITIVE_MARKS:
            # "Ana Ruiz, who runs the club, said"
            words, boundary, j = toks[j:i], toks[j - 1][2], j - 1
        if boundary in _APPOSITIVE_MARKS and words and len(words) <= 25:
            head, hb, _ = _clause_left(toks, j - 1)
            if hb is None or hb.lower() not in _HYPOTHETICAL:
                src = _type_source(text, head, cues, starts, state)
                if src is None or src.source_type == "anonymous":
                    # "The port manager, Eva Holm, said": the name is the appositive
                    named = _type_source(text, words, cues, starts, state)
                    if named is not None and (src is None or named.source_type == "named_person"):
                        src = named
                if src is None and generic:
                    src = _generic_source(text, head)
                if src is not None:
                    return src, "ok"
        src = _long_appositive(text, toks, i, cues, starts, state, generic)
        return (src, "ok") if src is not None else (None, "empty")
    if last in _BOUNDARY_PUNCT:
        return None, "empty"
    words, boundary, j = _clause_left(toks, i)
    if generic and len(words) > 1 and words[-1][2].lower() in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        # "On Monday he said": an opening phrase, then the pronoun that is the subject
        src = _type_source(text, words[-1:], cues, starts, state)
        if src is not None:
            return src, "ok"
    if boundary is not None and boundary.lower() == "what" and words and generic:
        # "what many analysts said was …": the subject sits between 'what' and the verb
        return typed(words), "ok"
    if boundary is not None and boundary.lower() in _HYPOTHETICAL:
        return None, "none"
    who = boundary is not None and boundary.lower() == "who"
    if not words and who and j > 0 and toks[j - 1][2][:1].isalnum():
        # "business leaders who say …": the source is the noun just before 'who'
        head, hb, _ = _clause_left(toks, j - 1)
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1][2]) or _cues_in(cues, starts, *head[k - 1][:2])):
            k -= 1  # keep only the noun phrase before 'who': "lawmakers", "Ana Ruiz"
        head = head[k:]
        if head and (hb is None or hb.lower() not in _HYPOTHETICAL):
            src = _type_source(text, head, cues, starts, state)
            # other verbs: "voters who prefer tea" describes a group, it does not cite it
            if src is not None and (generic or src.source_type != "vague"):
                return src, "ok"
    if not words and boundary == "who" and j > 0 and toks[j - 1][2] == ",":
        # "Ana Ruiz, who chairs the board, said" is handled above; this is "Ana Ruiz, who said"
        head, _hb, _ = _clause_left(toks, j - 2)
        # '"…," said Ana Ruiz, who noted …': the name right before the comma
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1][2]) or head[k - 1][2].lower() in _NAME_PARTICLES):
            k -= 1
        src = _type_source(text, head[k:], cues, starts, state) if 0 < k < len(head) else None
        return (src or typed(head)), "who"
    if not words:
        if boundary is not None and boundary.lower() in ("and", "but"):
            return None, "inherit"
        return None, "empty"
    src = _type_source(text, words, cues, starts, state)
    if src is None and boundary is not None and boundary.lower() in _RELATIVE and j > 0:
        # "parents who live nearby said": the source is the noun before "who"
        k = j - 1 if toks[j - 1][2] != "," else j - 2
        head, hb, _ = _clause_left(toks, k)
        if head and (hb is None or hb.lower() not in _HYPOTHETICAL):
            src = typed(head)
            if src is not None:
                src = _Source(src.start, src.end, src.text, src.source_type, src.resolved)
    if src is None and generic:
        src = _generic_source(text, words)
    return src, "ok"


def _long_appositive(
    text: str,
    toks: list[tuple[int, int, str]],
    i: int,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
    generic: bool,
) -> _Source | None:
    """'Ana Ruiz, a coach who trained two champions and a team, said': the name before the
    appositive, however many clause words ('who', 'and') the appositive holds."""
    j = i - 1
    if j > 0 and toks[j][2] == ")":
        # "Gov. Ana Ruiz (Green Party), said": skip the brackets
        while j > 0 and toks[j][2] != "(" and i - j < 14:
            j -= 1
        if toks[j][2] != "(":
            return None
    else:
        while j >= 0 and i - j <= 30 and toks[j][2] not in _APPOSITIVE_MARKS:
            if toks[j][2] in '“”";:()[]':
                return None
            j -= 1
        if j < 0 or toks[j][2] not in _APPOSITIVE_MARKS or j == i - 1:
            return None
    head, hb, _ = _clause_left(toks, j - 1)
    if not head or (hb is not None and hb.lower() in _HYPOTHETICAL):
        return None
    src = _type_source(text, head, cues, starts, state)
    if src is None and generic:
        src = _generic_source(text, head)
    return src


# "(?<![\w.'’-])[A-Z]…", with the capital first so the regex engine skips from capital to capital
_FULL_NAME = re.compile(r"[A-Z](?<![\w.'’-][A-Z])[\w.'’-]*+[ \t]++(?=([A-Z][\w'’-]*+))")


def _known_person(state: _State, name: str) -> bool:
    """Is this lone capitalised word written elsewhere with a first name or title before it?

    "Cruz sought …" is thin on its own ("Paris sought" names a place), but an article that
    also writes "Ted Cruz" or "Sen. Cruz" tells us that Cruz is a person.  The names are
    collected once per document, in one linear scan.
    """
    if state.full_names is None:
        names = set()
        for m in _FULL_NAME.finditer(state.text):
            if m.group().split()[0] in _CAP_STOP:
                continue  # "The Cruz campaign", "In Paris": no first name or title
            names.add(m.group(1).removesuffix("'s").removesuffix("’s"))
        state.full_names = frozenset(names)
    return name in state.full_names


_IT_VERBS = frozenset(["verb-say-core", "verb-say", "verb-act"])
_IT_BEFORE = frozenset([",", ";", "and", "but", "—", "–"])


def _it_source(text: str, sent_start: int, verb_start: int, state: _State) -> _Source | None:
    """'It said' / 'It also denied': the organization or outlet cited last.

    After "the ministry said …", a following "It added …" still reports the ministry.  Only
    speech and public-act verbs count ("it seems", "it shows" are not anyone speaking), and
    "it" must open its clause.
    """
    if state.last_group is None:
        return None
    toks = _window(state, text, max(sent_start, verb_start - 60), verb_start)
    i = len(toks) - 1
    while i >= 0 and _skippable(toks[i][2]):
        i -= 1
    if i < 0 or toks[i][2] not in ("It", "it"):
        return None
    if i > 0 and toks[i - 1][2].lower() not in _IT_BEFORE:
        return None
    if i == 0 and toks[i][0] != sent_start and _NON_SPACE.search(text, sent_start, toks[i][0]):
        return None  # the window cut a longer clause: not the clause opener
    s, e = toks[i][0], toks[i][1]
    name, kind = state.last_group
    return _Source(s, e, text[s:e], kind, name)


_SOMEONE = frozenset(["someone", "somebody", "people", "one", "those", "others"])


def _according_fallback(text: str, start: int, end: int, state: _State) -> _Source | None:
    """'according to him', 'according to a letter from …', 'according to someone there'.

    'According to' always names where information comes from, so when the cue lists give no
    type we still keep the source: a pronoun is the person or group cited last, an unnamed
    person is anonymous, and a thing ("a letter", "interviews", "an archived version") is a
    document the reader could look up.
    """
    toks = _window(state, text, start, min(end, start + 120))
    words: list[tuple[int, int, str]] = []
    for t in toks:
        low = t[2].lower()
        if words and (low in _PREPOSITIONS or low in ("of", "by", "to", "about")):
            break  # "a letter to Facebook": the head noun phrase ends at the preposition
        if not t[2][:1].isalnum():
            break
        words.append(t)
        if len(words) > _GENERIC_MAX:
            return None
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    written = text[s:e]
    low = written.lower()
    if low in ("him", "her"):
        return (
            _Source(s, e, written, "named_person", state.last_person) if state.last_person else None
        )
    if low == "them":
        if state.last_source is None:
            return None
        return _Source(s, e, written, state.last_source[1], state.last_source[0])
    if low in _NO_SOURCE - _SOMEONE or low in _NOT_A_HEAD - _SOMEONE:
        return None
    if words[-1][2].lower() in _SOMEONE:
        return _Source(s, e, written, "anonymous")
    return _Source(s, e, written, "publication", document=True)


def _lone_name(src: _Source) -> bool:
    """One capitalised word ("Paris", "Acme"): too thin to be sure it names a source."""
    return src.source_type == "named_person" and not src.resolved and " " not in src.text


def _generic_source(text: str, words: list[tuple[int, int, str]]) -> _Source | None:
    """A plain noun phrase before 'said' ("the driver", "two voters"): an unnamed source."""
    while words and words[0][2].lower() in _LEAD_STRIP:
        words = words[1:]
    if not words or len(words) > _GENERIC_MAX:
        return None
    head = words[-1][2]
    low = head.lower()
    # "six in 10 said": a share of the people asked in a poll is a source, a bare number is not
    share = head.isdigit() and len(words) >= 3 and words[-2][2] == "in"
    if not share and (not head[:1].isalnum() or head.isdigit() or low in _NOT_A_HEAD):
        return None
    if low.endswith("ly") and low not in _LY_NOUNS:
        return None
    for w in words:
        if w[2] in _FIRST_SECOND:
            return None
    start, end = words[0][0], words[-1][1]
    return _Source(start, end, text[start:end], "anonymous")


def _right_source(
    text: str,
    pos: int,
    limit: int,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    anon: Sequence[tuple[int, int]],
    state: _State,
    lenient: bool = False,
    generic: bool = False,
) -> _Source | None:
    """The source after an inverted verb: ``"…," said Mr. Lee`` or ``…, said a spokesman``.

    ``lenient`` (after ``according to``, where a source must follow) also keeps lowercase words
    such as adjectives: "according to a recent poll of voters".
    """
    for s, e in anon:
        if 0 <= s - pos <= 2:
            return _Source(s, e, text[s:e], "anonymous")
    toks = _window(state, text, pos, min(limit, pos + 120))
    words: list[tuple[int, int, str]] = []
    for t in toks:
        w = t[2]
        if w in _BOUNDARY_PUNCT or w in ".!?":
            break
        low = w.lower()
        covered = any(c.start <= t[0] < c.end for c in _cues_in(cues, starts, t[0], t[1]))
        if low in _RIGHT_STOP:
            break
        plain = not (_is_cap(w) or low in _RIGHT_KEEP or covered or low in _PERSON_PRONOUNS)
        if plain and (
            not lenient or not w[:1].isalnum() or (words and low.endswith(("ed", "ing")))
        ):
            break
        words.append(t)
        if len(words) > MAX_SOURCE_WORDS:
            if not lenient:
                return None
            words.pop()
            break
    src = _type_source(text, words, cues, starts, state)
    if src is None and generic:
        src = _generic_source(text, words)
    return src


def _sentence_subject(
    text: str,
    sent_start: int,
    limit: int,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
) -> _Source | None:
    """The name a sentence opens with ("Mr. Lee backed the plan, saying …" → Mr. Lee)."""
    words: list[tuple[int, int, str]] = []
    for t in _window(state, text, sent_start, min(limit, sent_start + 120)):
        w = t[2]
        covered = bool(_cues_in(cues, starts, t[0], t[1]))
        if _is_cap(w) or w.lower() in _ARTICLES or covered or w.lower() in _PERSON_PRONOUNS:
            words.append(t)
            if len(words) > MAX_SOURCE_WORDS:
                return None
            continue
        break
    src = _type_source(text, words, cues, starts, state)
    if src is None or src.source_type == "vague":
        return None
    return src


_OPENING_END = frozenset([",", "—", "–"])
_IRREGULAR_PAST = frozenset(
    [
        "began",
        "took",
        "made",
        "went",
        "gave",
        "came",
        "got",
        "ran",
        "held",
        "left",
        "met",
        "sent",
        "spent",
        "won",
        "lost",
        "put",
        "set",
        "kept",
        "led",
        "brought",
        "stood",
        "drew",
        "struck",
        "became",
        "sat",
        "spoke",
        "broke",
        "fought",
        "threw",
        "paid",
        "sued",
        "hit",
        "cut",
        "let",
        "did",
    ]
)


def _main_subject(
    text: str,
    sent_start: int,
    limit: int,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
    verb_starts: frozenset[int],
    generic: bool,
) -> _Source | None:
    """The grammatical subject of a sentence, after an opening phrase.

    "In three interviews, the retired judge criticized the plan, saying …": the opening phrase
    up to the first comma is skipped, then the noun phrase up to the first verb is the subject
    that a later participle (", saying") shares.
    """
    toks = _window(state, text, sent_start, min(limit, sent_start + 240))
    k = 0
    while k < len(toks) and toks[k][2].lower() in ("and", "but", "so", "yet"):
        k += 1
    if k < len(toks):
        first = toks[k][2]
        if first in _CAP_STOP or (first.lower().endswith("ly") and first.lower() not in _LY_NOUNS):
            j = k
            while j < len(toks) and j - k < 16 and toks[j][2] not in _OPENING_END:
                j += 1
            if j >= len(toks) or toks[j][2] not in _OPENING_END:
                return None
            k = j + 1
    words: list[tuple[int, int, str]] = []
    for t in toks[k:]:
        w = t[2]
        low = w.lower()
        if (
            t[0] in verb_starts
            or not w[:1].isalnum()
            or low in _AUX
            or low in _NEGATED_AUX
            or low in _PASSIVE
            or low in _MODALS
            or low in _BOUNDARY_WORDS
            or low in _IRREGULAR_PAST
            or (
                w.islower()
                and low.endswith("ed")
                and words
                and words[-1][2].lower() not in _ARTICLES
            )
        ):
            break
        words.append(t)
        if len(words) > MAX_SOURCE_WORDS:
            return None
    if not words:
        return None
    src = _type_source(text, words, cues, starts, state)
    if src is None and generic:
        src = _generic_source(text, words)
    if src is None or src.source_type == "vague":
        return None
    return src


# --- quotations -----------------------------------------------------------------------------


def _quote_before(text: str, seg: Segment, pos: int) -> tuple[int, int] | None:
    """A direct quotation that ends just before ``pos`` (``"…," she said``)."""
    k = pos
    while k > seg.start and text[k - 1].isspace():
        k -= 1
    if k <= seg.start or text[k - 1] not in _QUOTES_CLOSE:
        return None
    if k - 2 < seg.start or text[k - 2] not in ",?!.":
        return None
    close = k - 1
    opener = "“" if text[close] == "”" else '"'
    op = text.rfind(opener, seg.start, close)
    if op < 0 or close - op < 2:
        return None
    return op, close + 1


def _naming_quote(
    text: str,
    seg: Segment,
    h: Hit,
    s_start: int,
    chosen: _Chosen,
    cues: Sequence[_Cue],
    starts: Sequence[int],
    state: _State,
) -> _Source | None:
    """'what he termed “a big win”': the quoted words are the speaker's own (a quotation span).

    Returns the speaker, or None when there is no such quotation.
    """
    q = _quote_after(text, seg, h.end)
    if q is None or chosen.overlaps(*q):
        return None
    toks = _window(state, text, max(s_start, h.start - 80), h.start)
    k = len(toks) - 1
    while k >= 0 and toks[k][2].lower() != "what":
        k -= 1
    if k < 0 or len(toks) - k - 1 > 4:
        return None
    src = _type_source(text, toks[k + 1 :], cues, starts, state)
    if src is None:
        return None
    who = _display(src)
    chosen.append(
        _quotation(
            text,
            q,
            src,
            "naming-quotation",
            "These words in quotation marks are the label the speaker chose, not the "
            f"writer's: the text says {who} called it that. Ask whether you would "
            "describe it the same way.",
        )
    )
    return src


def _credited(
    text: str, start: int, end: int, src: _Source, rule: str, base: str, label: str
) -> Span:
    """A sourcing span credited to ``src``: its explanation names who the source is."""
    return Span(
        start=start,
        end=end,
        layer="sourcing",
        label=label,
        explanation=_explain(base, src),
        rule=rule,
        text=text[start:end],
        source=_display(src),
        source_type=src.source_type,
        extra=_outlet_extra(src),
    )


def _quotation(
    text: str, q: tuple[int, int], src: _Source, rule: str, explanation: str
) -> tuple[int, int, Span, None]:
    """A quotation span credited to ``src``, in the form the segment's chosen list holds."""
    span = Span(
        start=q[0],
        end=q[1],
        layer="sourcing",
        label="quotation",
        explanation=explanation,
        rule=rule,
        text=text[q[0] : q[1]],
        source=_display(src),
        source_type=src.source_type,
    )
    return q[0], q[1], span, None


def _quote_after(text: str, seg: Segment, pos: int) -> tuple[int, int] | None:
    """A direct quotation that starts just after ``pos`` (``she said: "…"``)."""
    k = pos
    while k < seg.end and text[k] in " \t,:":
        k += 1
    m = _OBJECT_BEFORE_QUOTE.match(text, k, seg.end)
    if m is not None:
        k = m.end()
    if text.startswith("''", k):
        # typeset quotes written as two apostrophes: ''the prior model,''
        cl = text.find("''", k + 2, seg.end)
        return (k, cl + 2) if cl > k + 2 else None
    if k >= seg.end or text[k] not in _QUOTES_OPEN:
        return None
    closer = "”" if text[k] == "“" else '"'
    cl = text.find(closer, k + 1, seg.end)
    if cl < 0 or cl - k < 2:
        return None
    return k, cl + 1


# --- the analyzer ---------------------------------------------------------------------------

_Pick = tuple[int, int, Span, _Source | None]  # start, end, span, the source it credits


class _Chosen:
    """The spans one segment has chosen so far, in the order chosen, and what rules ask of them.

    The rules ask, for every candidate, whether it overlaps a span already chosen, and a few
    ask which attribution of its sentence starts last before it, nearest to it, or names the
    same source.  A scan of the whole list per question made a paragraph of a thousand
    "according to" quadratic.  Here each character a chosen span covers is marked once in a
    byte array, so an overlap is one ``find`` over the asked stretch, and the attributions are
    kept sorted by start, so the others are a bisect.  The answers are those of the scans: for
    stretches that are not empty, "``s < end`` and ``e > start`` for some chosen span" is "some
    character of ``[s, e)`` is covered", and ties go to the span chosen first, as ``max`` and
    ``min`` over the list in order give.
    """

    __slots__ = (
        "_base",
        "_bounds",
        "_covered",
        "_names",
        "_outside",
        "_sent_starts",
        "_sourced",
        "items",
    )

    def __init__(self, seg: Segment) -> None:
        self.items: list[_Pick] = []
        self._base = seg.start
        self._covered = bytearray(seg.end - seg.start)
        self._outside: list[_Pick] = []  # spans reaching out of the segment (none expected)
        self._sent_starts = [t.start for t in seg.sentences]
        self._bounds = [(t.start, t.end) for t in seg.sentences] or [(seg.start, seg.end)]
        # label -> (start, index in items) of the spans of that label with a source, sorted
        self._sourced: dict[str, list[tuple[int, int]]] = {
            "attribution": [],
            "vague_attribution": [],
        }
        self._names: set[tuple[int, str]] = set()  # (sentence, source shown) of sourced spans

    def sentence(self, pos: int) -> int:
        """Index of the sentence ``sentence_of(pos)`` gives (the segment's first one before it)."""
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def append(self, pick: _Pick) -> None:
        self.items.append(pick)
        start, end, span, src = pick
        s, e = start - self._base, end - self._base
        if s < 0 or e > len(self._covered) or s >= e:
            self._outside.append(pick)
        else:
            self._covered[s:e] = b"\x01" * (e - s)
        if src is None:
            return
        sourced = self._sourced.get(span.label)
        if sourced is not None:
            bisect.insort(sourced, (start, len(self.items) - 1))
        k = self.sentence(start)
        lo, hi = self._bounds[k]
        if lo <= start < hi:
            self._names.add((k, _display(src)))

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a chosen span (``s < end and e > start`` for one)."""
        if s >= e:  # an empty stretch: only the scan's own test says (never asked in practice)
            return any(s < ce and e > cs for cs, ce, _sp, _src in self.items)
        lo, hi = max(s - self._base, 0), min(e - self._base, len(self._covered))
        if lo < hi and self._covered.find(1, lo, hi) >= 0:
            return True
        return any(s < ce and e > cs for cs, ce, _sp, _src in self._outside)

    def _first_at(self, sourced: list[tuple[int, int]], start: int) -> tuple[int, int]:
        """The (start, index) of the first chosen span starting at ``start``."""
        return sourced[bisect.bisect_left(sourced, (start, -1))]

    def last_before(self, lo: int, pos: int) -> _Pick | None:
        """The sourced (vague) attribution starting last in ``[lo, pos)``."""
        best: tuple[int, int] | None = None
        for sourced in self._sourced.values():
            i = bisect.bisect_left(sourced, (pos, -1))
            if i and sourced[i - 1][0] >= lo:
                got = self._first_at(sourced, sourced[i - 1][0])
                if best is None or got[0] > best[0] or (got[0] == best[0] and got[1] < best[1]):
                    best = got
        return None if best is None else self.items[best[1]]

    def nearest(self, lo: int, hi: int, pos: int) -> _Pick | None:
        """The sourced attribution starting in ``[lo, hi)`` nearest to ``pos``."""
        sourced = self._sourced["attribution"]
        i = bisect.bisect_right(sourced, (pos, len(self.items)))  # starts <= pos before i
        found = []
        if i and sourced[i - 1][0] >= lo:
            found.append(self._first_at(sourced, sourced[i - 1][0]))
        if i < len(sourced) and sourced[i][0] < hi:
            found.append(sourced[i])  # the first chosen of those starting there
        if not found:
            return None
        best = min(found, key=lambda got: (abs(got[0] - pos), got[1]))
        return self.items[best[1]]

    def names(self, pos: int, name: str) -> bool:
        """Whether a sourced span starting in ``pos``'s sentence credits the source ``name``."""
        return (self.sentence(pos), name) in self._names


def _explain(base: str, src: _Source) -> str:
    who = src.resolved or src.text
    if src.resolved and src.resolved != src.text:
        who_text = f"'{src.text}' (that is, {src.resolved})"
    else:
        who_text = f"'{who}'"
    kind = _type_explanations().get(src.source_type, "")
    return f"{base} Here the source is {who_text}. {kind}".strip()


def _display(src: _Source) -> str:
    return src.resolved or src.text


def outlet_name(name: str) -> str:
    """An outlet's name without articles or words like 'article' ('a Times article' → 'Times')."""
    words = [w for w in re.findall(r"[\w.&'’-]+", name) if w.lower() not in _GENERIC_OUTLET_WORDS]
    return " ".join(w.removesuffix("'s").removesuffix("’s") for w in words)


def outlet_key(name: str) -> str:
    """The outlet name folded for comparison."""
    return outlet_name(name).lower()


def _segment_spans(doc: Document, seg: Segment, state: _State, hits: list[Hit]) -> list[Span]:
    """The sourcing spans of one segment, from its lexicon hits (``lex.hits`` of the segment)."""
    text = doc.text
    verbs: list[Hit] = []
    anon: list[tuple[int, int]] = []
    firsts: list[Hit] = []
    pending: list[Hit | _Cue] = []  # cues in hit order, made into _Cue only when needed
    kinds = _kinds()
    for h in hits:
        k = kinds[h.entry.id]
        if k == "cue":
            pending.append(h)
        elif k == "verb":
            verbs.append(h)
        elif k == "frame" and h.entry.data.get("position") == "source":
            s, e = h.match.span("source")
            anon.append((s, e))
            pending.append(_Cue(s, e, "anonymous", h.entry.id))
        elif k in ("frame", "vague"):
            firsts.append(h)
    has_colon = text.find(":", seg.start, seg.end) >= 0
    if not verbs and not firsts and not has_colon:
        return []  # every rule below starts from a verb, a frame, a vague phrase or a colon
    state.tokens = _SegmentTokens(text, seg.start, seg.end)
    chosen = _Chosen(seg)
    overlaps = chosen.overlaps
    cues = [
        c
        if isinstance(c, _Cue)
        else _Cue(c.start, c.end, str(c.entry.data["source_type"]), c.entry.id)
        for c in pending
    ]
    cues.sort(key=lambda c: (c.start, -c.end))
    starts = [c.start for c in cues]
    verb_starts = frozenset(h.start for h in verbs)
    sent_starts = [s.start for s in seg.sentences]
    type_expl = _type_explanations()

    def sentence_of(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(sent_starts, pos) - 1)
        if not seg.sentences:
            return seg.start, seg.end
        s = seg.sentences[i]
        return s.start, s.end

    def add(span: Span, src: _Source | None) -> None:
        chosen.append((span.start, span.end, span, src))
        if src is not None and src.source_type == "named_person" and not src.resolved:
            state.last_person = src.text
        if src is not None and span.label == "attribution":
            state.last_source = (_display(src), src.source_type)
            if src.source_type in ("organization", "publication"):
                state.last_group = state.last_source

    # 1. frames and vague phrases
    firsts.sort(key=lambda h: (h.match.start(), -h.match.end()))
    for h in firsts:
        m = h.match
        if overlaps(m.start(), m.end()):
            continue
        if _kind(h.entry) == "vague":
            span = h.to_span(
                text,
                source=text[h.start : h.end],
                source_type="vague",
                explanation=h.entry.explanation,
            )
            add(span, None)
            continue
        if h.entry.data.get("skip_after_verb") and any(0 <= m.start() - v.end <= 2 for v in verbs):
            continue  # "she said in an interview": the verb's span covers this attribution
        ss = m.start("source")
        src = _right_source(
            text, ss, m.end("source"), cues, starts, anon, state, lenient=True, generic=True
        )
        if src is None and h.entry.id == "frame-according-to":
            src = _according_fallback(text, ss, m.end("source"), state)
        if src is None:
            continue
        mark_s = m.start("mark")
        label = "vague_attribution" if src.source_type == "vague" else "attribution"
        base = h.entry.explanation if label == "attribution" else type_expl.get("vague", "")
        span = _credited(text, mark_s, src.end, src, h.entry.id, base, label)
        add(span, src)

    # 1b. a speaker's name and a colon at the start of a sentence: 'Coach Ruiz: "We won."'
    for sent in seg.sentences if has_colon else ():
        if text.find(":", sent.start, sent.end) < 0:
            continue  # the rule needs a colon: skip the regex
        m = _COLON_SPEAKER.match(text, sent.start, sent.end)
        if m is None or overlaps(m.start(), m.end()):
            continue
        words = _window(state, text, m.start(1), m.end(1))
        if not all(_is_cap(w[2]) and len(w[2]) > 1 for w in words):
            continue
        src = _type_source(text, words, cues, starts, state)
        caps = all(w[2].isalpha() and w[2].isupper() for w in words)
        # a transcript: "KATE WINTER: Why not?" names the speaker in capitals
        name = m.group(1)
        if src is None and caps and len(name) >= 4 and name.upper() not in _CAP_STOP_UPPER:
            src = _Source(m.start(1), m.end(1), name, "named_person")
        if src is None or src.source_type in ("vague", "anonymous"):
            continue
        span = _credited(
            text,
            m.start(),
            m.end(),
            src,
            "colon-speaker",
            "A name followed by a colon, as in an interview or a headline, means the words "
            "after it are what this source said, not the writer's own claim.",
            "attribution",
        )
        add(span, src)

    # 1c. a name and a colon before a quotation, anywhere: 'Pollster Ana Ruiz: “It is close.”'
    for m in _NAME_COLON_QUOTE.finditer(text, seg.start, seg.end) if has_colon else ():
        if overlaps(m.start(), m.end()):
            continue
        words = _window(state, text, m.start(1), m.end(1))
        src = _type_source(text, words, cues, starts, state)
        if src is None or src.source_type in ("vague", "anonymous"):
            continue
        if _lone_name(src) and not _known_person(state, src.text):
            continue  # "Ruiz: “No.”" alone is too thin; "Ana Ruiz" elsewhere makes it a name
        span = _credited(
            text,
            src.start,
            m.end(),
            src,
            "colon-speaker",
            "A name followed by a colon and a quotation means the quoted words are what "
            "this source said, not the writer's own claim.",
            "attribution",
        )
        add(span, src)

    # 2. reporting verbs: look left (or right) for the source
    asked: list[Hit] = []
    for h in verbs:
        if overlaps(h.start, h.end):
            continue
        s_start, s_end = sentence_of(h.start)
        if _ASKED_LEAD.search(text, max(s_start, h.start - 6), h.end) and (
            h.start == s_start
            or _stripped_is(text, s_start, h.start, ("", "when", "after"))
            or _WHEN_BEFORE.search(text, max(s_start, h.start - 8), h.start)
        ):
            asked.append(h)  # "When asked …, she said": the speaker is found after the loop
            continue
        if text[h.start].isupper() and h.start != s_start and seg.role not in TITLE_ROLES:
            continue  # "the United States", "Daily Reports": part of a name, not a verb
        verb_word = text[h.start : h.end].split()[0].lower()
        strong = bool(h.entry.data.get("strong"))
        if _BY_AFTER.match(text, h.end) and verb_word not in _PASSIVE:
            continue  # "endorsed by Russia": a passive participle; the frames handle "reported by"
        src: _Source | None
        prog = None
        if verb_word.endswith("ing"):
            prog = _PROGRESSIVE.search(text, max(s_start, h.start - 24), h.start)
        if prog is not None:
            # "Ana Ruiz is touting her plan": a finite verb, its subject is before the "is"
            src, why = _left_source(text, s_start, prog.start(), cues, starts, state, strong)
        elif verb_word.endswith("ing"):
            # only a participle clause (", noting that …") shares the sentence's source
            if not _PARTICIPLE_BEFORE.search(text, max(s_start, h.start - 12), h.start):
                w = _WITH_SUBJECT.search(text, max(s_start, h.start - 60), h.start)
                if w is None:
                    # "a new poll showing", "the group backing her": a document or group
                    # right before the -ing verb is its source
                    src, why = _left_source(text, s_start, h.start, cues, starts, state)
                    if why != "ok" or src is None or src.source_type not in _ING_TYPES:
                        continue
                else:
                    # "with the mayor calling for calm": 'with' + a subject + an -ing verb
                    ws = _window(state, text, *w.span(1))
                    ws = ws[: _skip_to_subject(ws, len(ws) - 1) + 1]
                    src = _type_source(text, ws, cues, starts, state)
                    if src is None and strong:
                        src = _generic_source(text, ws)
                if src is None or (h.entry.data.get("strict") and _lone_name(src)):
                    continue
                label = "vague_attribution" if src.source_type == "vague" else "attribution"
                if overlaps(src.start, h.end):
                    continue
                add(
                    _credited(
                        text,
                        src.start,
                        h.end,
                        src,
                        h.entry.id,
                        h.entry.explanation if label == "attribution" else "",
                        label,
                    ),
                    src,
                )
                continue
            why = "inherit"
            src = None
        else:
            src, why = _left_source(text, s_start, h.start, cues, starts, state, strong)
        if src is None and why == "ok" and h.entry.id in _IT_VERBS:
            src = _it_source(text, s_start, h.start, state)
        if src is None and why == "empty":
            # inverted: '"…," said former coach Ana Ruiz' (lowercase titles allowed)
            inverted = strong and (
                _quote_before(text, seg, h.start) is not None
                or _stripped_tail(text, s_start, h.start, 3).endswith((",", ",''", "?''", "!''"))
            )  # '…, said a former aide to the mayor': a described speaker after the verb
            src = _right_source(
                text, h.end, s_end, cues, starts, anon, state, lenient=inverted, generic=inverted
            )
        if verb_word in _NAMING_VERBS and why == "none":
            named = _naming_quote(text, seg, h, s_start, chosen, cues, starts, state)
            if named is not None and not chosen.names(h.start, _display(named)):
                # "under what Mr. Hedge called …": the naming is this sentence's only attribution
                add(
                    _credited(
                        text,
                        named.start,
                        h.end,
                        named,
                        h.entry.id,
                        h.entry.explanation,
                        "attribution",
                    ),
                    named,
                )
            continue
        if (
            src is not None
            and h.entry.data.get("strict")
            and _lone_name(src)
            and not _known_person(state, src.text)
        ):
            continue
        allowed = h.entry.data.get("source_types")
        if src is not None and allowed and src.source_type not in allowed:
            continue
        if src is None and why == "inherit" and not allowed:
            last = chosen.last_before(s_start, h.start)
            inherited: _Source | None = None
            if last is not None:
                inherited = last[3]
            else:
                inherited = _sentence_subject(text, s_start, h.start, cues, starts, state)
                if inherited is None:
                    inherited = _main_subject(
                        text, s_start, h.start, cues, starts, state, verb_starts, strong
                    )
            if inherited is not None:
                label = "vague_attribution" if inherited.source_type == "vague" else "attribution"
                span = h.to_span(
                    text,
                    label=label,
                    source=_display(inherited),
                    source_type=inherited.source_type,
                    explanation=_explain(h.entry.explanation, inherited)
                    + " This verb adds more of what the same source said.",
                    extra=_outlet_extra(inherited),
                )
                add(span, None)
            continue
        if src is None:
            continue
        label = "vague_attribution" if src.source_type == "vague" else "attribution"
        s, e = min(src.start, h.start), max(src.end, h.end)
        if why == "who" and overlaps(s, e) and not overlaps(h.start, h.end):
            s, e = h.start, h.end  # the source is already marked ('said Ana Ruiz, who noted')
        if overlaps(s, e):
            continue
        base = h.entry.explanation if label == "attribution" else ""
        span = _credited(text, s, e, src, h.entry.id, base, label)
        add(span, src)
        if label == "attribution":
            q = _quote_before(text, seg, s) or _quote_after(text, seg, e)
            if q is not None and not overlaps(*q):
                chosen.append(
                    _quotation(
                        text,
                        q,
                        src,
                        "direct-quotation",
                        "These are someone's own words, in quotation marks. The text "
                        f"says they come from {_display(src)}, so you can check that "
                        "this person or group really said them, and in what context.",
                    )
                )
    # 3. "when asked …" / "Asked whether …": the answer's speaker, from the same sentence
    for h in asked:
        s_start, s_end = sentence_of(h.start)
        near = chosen.nearest(s_start, s_end, h.start)
        if near is None or overlaps(h.start, h.end):
            continue
        who = near[3]
        assert who is not None
        span = h.to_span(
            text,
            source=_display(who),
            source_type=who.source_type,
            explanation=_explain(
                "'When asked' or 'Asked whether …' tells you that what follows is a person's "
                "answer to a question, so it is their view, not the writer's.",
                who,
            ),
            extra=_outlet_extra(who),
        )
        chosen.append((span.start, span.end, span, None))
    return sorted((c[2] for c in chosen.items), key=lambda sp: (sp.start, sp.end))


def _outlet_extra(src: _Source) -> dict[str, Any]:
    if src.source_type != "publication" or src.document:
        return {}
    name = outlet_name(_display(src))
    if not any(w[:1].isupper() for w in name.split()):
        return {}  # "state television", "a report": a kind of outlet, not a named one
    return {"outlet": name}


def _sentences_without(seg: Segment, spans: Sequence[Span]) -> int:
    attributed = [s for s in spans if s.label == "attribution"]
    if not attributed:
        return len(seg.sentences)  # most segments: nothing to test sentence by sentence
    # one sweep: sentence ends only grow, so the attributions starting before a sentence's end
    # are a growing prefix of them by start; the sentence is attributed when one of those
    # (the one reaching furthest) ends after its start
    attributed.sort(key=lambda a: a.start)
    i, reach, n = 0, -1, 0
    for sent in seg.sentences:
        while i < len(attributed) and attributed[i].start < sent.end:
            reach = max(reach, attributed[i].end)
            i += 1
        if reach <= sent.start:
            n += 1
    return n


def analyze(doc: Document) -> LayerResult:
    """Attributions, quotations and vague attributions; per-segment metrics, ledger, findings."""
    state = _State(text=doc.text)
    result = LayerResult()
    by_seg: dict[int, list[Span]] = {}
    segs = [seg for seg in doc.segments if seg.role in ANALYZED_ROLES]
    seg_hits = _lex().hits_by_range(doc.text, [(seg.start, seg.end) for seg in segs], doc.tokens)
    for seg, hits in zip(segs, seg_hits, strict=True):
        spans = _segment_spans(doc, seg, state, hits)
        by_seg[seg.index] = spans
        if not spans:  # most segments: the same metrics without looking at spans
            result.sourced[seg.index] = False
            result.metrics[seg.index] = {
                "attributions": 0,
                "vague_attributions": 0,
                "sources": [],
                "unattributed_sentences": len(seg.sentences),
            }
            continue
        result.spans.extend(spans)
        attributions = [s for s in spans if s.label == "attribution"]
        sources = list(dict.fromkeys(s.source for s in attributions if s.source))
        result.sourced[seg.index] = bool(attributions)
        result.metrics[seg.index] = {
            "attributions": len(attributions),
            "vague_attributions": sum(1 for s in spans if s.label == "vague_attribution"),
            "sources": sources,
            "unattributed_sentences": _sentences_without(seg, spans),
        }
    result.ledger = _ledger(doc, by_seg, result.metrics)
    result.findings.extend(_findings(doc, by_seg))
    return result


def _ledger(
    doc: Document, by_seg: dict[int, list[Span]], metrics: dict[int, dict[str, Any]]
) -> list[LedgerRow]:
    """One row per paragraph (and per headline/dek citing an outlet); counts come from metrics."""
    rows = []
    for seg in doc.segments:
        spans = by_seg.get(seg.index)
        if spans is None:
            continue
        if not spans:  # most segments: an empty row for a paragraph, nothing for the rest
            if seg.role == "paragraph":
                rows.append(
                    LedgerRow(
                        segment=seg.index,
                        role=seg.role,
                        sources="",
                        source_types="",
                        attributions=0,
                        unattributed_claims=metrics[seg.index]["unattributed_sentences"],
                        sourced=False,
                    )
                )
            continue
        attributions = [s for s in spans if s.label == "attribution"]
        if seg.role in ("headline", "dek"):
            if not any(s.source_type == "publication" for s in attributions):
                continue
        elif seg.role != "paragraph":
            continue
        sources = list(dict.fromkeys(s.source or "" for s in attributions))
        types = list(dict.fromkeys(s.source_type or "" for s in attributions))
        rows.append(
            LedgerRow(
                segment=seg.index,
                role=seg.role,
                sources="; ".join(sources),
                source_types="; ".join(types),
                attributions=len(attributions),
                unattributed_claims=metrics[seg.index]["unattributed_sentences"],
                sourced=bool(attributions),
            )
        )
    return rows


def _findings(doc: Document, by_seg: dict[int, list[Span]]) -> list[Finding]:
    out: list[Finding] = []
    top = [s for seg in doc.by_role("headline", "dek") for s in by_seg.get(seg.index, [])]
    body_segs = doc.by_role("paragraph")
    body = [s for seg in body_segs for s in by_seg.get(seg.index, [])]
    top_pubs = [s for s in top if s.label == "attribution" and s.extra.get("outlet")]
    body_pubs = [s for s in body if s.label == "attribution" and s.extra.get("outlet")]
    if top_pubs and body_pubs:
        body_keys = {str(s.extra["outlet"]).lower() for s in body_pubs}

        def agrees(key: str) -> bool:
            return any(key == b or key in b or b in key for b in body_keys if b)

        for t in top_pubs:
            key = str(t.extra["outlet"]).lower()
            if key and not agrees(key):
                other = body_pubs[0]
                where = "headline" if doc.segment_at(t.start).role == "headline" else "dek"  # type: ignore[union-attr]
                names = " and ".join(dict.fromkeys(str(s.extra["outlet"]) for s in body_pubs))
                out.append(
                    Finding(
                        kind="headline_source_mismatch",
                        message=(
                            f"The {where} credits {t.extra['outlet']}, but the body cites {names} "
                            "as its source. Check which outlet really published the story: the "
                            "headline and the text do not agree."
                        ),
                        spans=((t.start, t.end), (other.start, other.end)),
                        data={"headline_outlet": t.extra["outlet"], "body_outlets": names},
                    )
                )
                break
    # longest run of body paragraphs with no attribution
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for i, seg in enumerate([*body_segs, None]):
        unsourced = seg is not None and not any(
            s.label == "attribution" for s in by_seg.get(seg.index, [])
        )
        if unsourced and run_start is None:
            run_start = i
        elif not unsourced and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best is not None and best[1] - best[0] >= MIN_STRETCH:
        first, last = body_segs[best[0]], body_segs[best[1] - 1]
        n = best[1] - best[0]
        words = sum(len(s.text.split()) for s in body_segs[best[0] : best[1]])
        out.append(
            Finding(
                kind="longest_unsourced_stretch",
                message=(  # lines as the lessons count them (Segment.number)
                    f"Lines {first.number} to {last.number} ({n} paragraphs, {words} words) "
                    "never say where their information comes from. Ask: is this the writer's "
                    "own opinion, and what is it based on?"
                ),
                spans=((first.start, last.end),),
                data={
                    "first_paragraph": best[0] + 1,
                    "last_paragraph": best[1],
                    "first_line": first.number,
                    "last_line": last.number,
                    "paragraphs": n,
                    "words": words,
                },
            )
        )
    # reliance on anonymous or vague sources
    cited = [s for s in body if s.label in ("attribution", "vague_attribution")]
    weak = [s for s in cited if s.source_type in ("anonymous", "vague")]
    if len(weak) >= 2 and cited and len(weak) / len(cited) >= ANON_SHARE:
        out.append(
            Finding(
                kind="anonymous_reliance",
                message=(
                    f"{len(weak)} of the {len(cited)} attributions in this text name nobody "
                    "(unnamed officials, 'sources', 'critics', 'experts'). Readers cannot check "
                    "who these people are, so the claims rest on trusting the writer."
                ),
                spans=tuple((s.start, s.end) for s in weak),
                data={"weak": len(weak), "attributions": len(cited)},
            )
        )
    return out
