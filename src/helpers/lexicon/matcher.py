"""The matcher of one lexicon: its compiled patterns, and the caches it owns.

Phrases are compiled into one trie-shaped regular expression per case mode.  A whole text is
scanned once, with the text's :class:`~helpers.document.TokenIndex` (the caller's
``Document.tokens``, or one the matcher makes): a phrase is tried only where the word it is
anchored on stands, case-insensitive phrases over the lower-cased text (faster than
``re.IGNORECASE``); each range asked for then takes its share with a bisect.  Regex entries with
``starts`` are tried only where a word with one of those prefixes begins.

Every cache is an attribute of the matcher, bounded, and keyed by what it depends on: the
scans of the last few texts by the text itself; the entry of a matched string; the rules a
word can start.  A matcher holds no reference to anything outside itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from ..document.tokens import TokenIndex
from ..spans import Span
from .entries import Entry

_TEXTS = 8  # texts whose scans a matcher keeps (an analysis asks for one text several times)
_SEEN_MAX = 200_000  # strings or words remembered per table before it is emptied
_FIRST = itemgetter(0)
_PLUS_ONE = (1).__add__
# A character after a range's end that could change whether a phrase may end there
# (see the lookahead in ``_phrase_regex``): such ranges are scanned on their own.
_EDGE = re.compile(r"[\w'’-]")
_BEFORE = r"(?<![\w'’-])"  # a phrase starts at a word's start ...
# ... and ends at its end: "boys'" and "the city's" may end one (a possessive), "don't" not
_AFTER = r"(?![\w-]|['’](?![sS]\b)\w)"


class Hit(NamedTuple):
    """A place where an entry matched: ``text[start:end]`` is what to highlight.

    A named tuple, not a dataclass: scans build tens of thousands of these per corpus pass, and
    a tuple is built several times faster than a frozen dataclass.  For a phrase, ``match`` is
    the match of the file's phrase pattern, possibly over the lower-cased text: read offsets
    from it, and the words from the text.
    """

    start: int
    end: int
    entry: Entry
    match: re.Match[str]

    def group(self, name: str) -> str | None:
        """A named group of a regex entry (None when absent or unmatched)."""
        if name in self.match.re.groupindex:
            return self.match.group(name)
        return None

    def to_span(self, text: str, **changes: Any) -> Span:
        """The span to show for this hit, explained by its entry (fields can be overridden).

        A thin adapter for the sourcing analyzer; framing and rhetoric build their own spans.
        """
        e = self.entry
        fields: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "layer": e.layer,
            "label": e.label,
            "explanation": e.explanation,
            "rule": e.id,
            "taxonomy": e.taxonomy,
        }
        fields.update(changes)
        fields["text"] = text[fields["start"] : fields["end"]]
        return Span(**fields)


def norm(phrase: str) -> str:
    """A phrase as the tables key it: one space between words, the straight apostrophe."""
    return re.sub(r"\s+", " ", phrase.replace("’", "'").strip())


def _piece(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


def trie_regex(phrases: Iterable[str], after_first: str = "") -> str:
    """A regex alternation shaped like a trie: shared prefixes are matched once, longest first.

    ``after_first`` goes after each phrase's first character (see ``_phrase_regex``).
    """
    trie: dict[str, Any] = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_piece(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    if not after_first:
        return emit(trie)
    tops = [_piece(ch) + after_first + emit(trie[ch]) for ch in sorted(k for k in trie if k)]
    return "(?:" + "|".join(tops) + ")"


def _phrase_regex(phrases: list[str], flags: int = 0, *, late: bool = False) -> re.Pattern[str]:
    """Whole-word matches of any of ``phrases`` (longest first: the trie is greedy).

    ``late``: check the word start after the first character, so the pattern opens with
    literal characters and the regex engine skips to the places they stand: for capitalised
    names twice as fast; not for lower case (every letter opens some phrase, and the
    lookbehind first fails faster).
    """
    if not late or any(p.startswith(" ") for p in phrases):
        return re.compile(_BEFORE + trie_regex(phrases) + _AFTER, flags)
    return re.compile(trie_regex(phrases, r"(?<![\w'’-][\s\S])") + _AFTER)


def _fold_unsafe(phrases: Iterable[str]) -> str:
    """Characters ``re.IGNORECASE`` equates with a letter of ``phrases`` but ``str.lower`` does
    not (the long s and the dotless i with ASCII letters): a text holding one is scanned with
    ``re.IGNORECASE``, so both scans always agree."""
    letters = {ch for p in phrases for ch in p if ch.lower() != ch.upper()}
    if not letters:
        return ""
    same = re.compile("[" + "".join(map(re.escape, sorted(letters))) + "]", re.IGNORECASE)
    plane = "".join(map(chr, range(0x10000)))  # case pairs with Latin letters lie in plane 0
    return "".join(sorted({c for c in same.findall(plane) if c.lower() not in letters}))


# Words too common to anchor a phrase on: a phrase starting with one ("the fact that") is tried
# where its first uncommon word stands instead, which cuts the places to try roughly tenfold.
COMMON_WORDS = frozenset(
    "a an the of to in on at by for from with as and or but not no is are was were be been "
    "it its this that these those he she they we i you his her their our my your me him them "
    "us there here have has had do does did will would can could should may might must so if "
    "than then very all any some one s t".split()
)
_WORD = re.compile(r"\w+")


def _anchor(phrase: str) -> tuple[str, int] | None:
    """The word a phrase is looked up by, and how many tokens after the phrase start it stands
    (None: the phrase does not start with a word character, so it is scanned for)."""
    tokens = [t.lower() for t in _WORD.findall(phrase)] if _WORD.match(phrase) else []
    if not tokens:
        return None
    for k, tok in enumerate(tokens):
        if tok not in COMMON_WORDS:
            return tok, k
    return tokens[0], 0


class _NextOk(dict[str, bool]):
    """word → may it follow a start word: it begins with one of ``prefixes`` (or has letters
    outside ASCII, whose case folding the prefixes cannot vouch for); filled as words are met."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def __missing__(self, word: str) -> bool:
        if len(self) > _SEEN_MAX:
            self.clear()
        ok = self[word] = word.startswith(self.prefixes) or not word.isascii()
        return ok


# The entries a word can start, each with its next-word test (None: any next word).
_Starts = tuple[tuple[Entry, _NextOk | None], ...]


class _Phrases(NamedTuple):
    """One phrase pattern's matches over a whole text, as parallel lists sorted by start."""

    starts: list[int]
    ends: list[int]
    hits: list[Hit | None]  # None: the pattern matched but no entry has that phrase


class TextScan(NamedTuple):
    """What a matcher found in one whole text; ranges take their share of it."""

    lowered: str | None  # the lower-cased text the fast scans ran on (None: not used)
    phrases: tuple[_Phrases, ...]  # per phrase pattern of the matcher
    phrase_at: list[int]  # where a phrase may start (the places its anchor word allows)
    anchored: list[tuple[int, Entry]]  # where a regex entry with ``starts`` may match
    anchored_at: list[int]


class _PhrasePattern(NamedTuple):
    fold: bool
    pattern: re.Pattern[str]  # over the text as it is
    lowered: re.Pattern[str] | None  # the same over the lower-cased text (folded phrases)


class Matcher:
    """The compiled form of a lexicon's entries, with the caches of its scans.

    ``scan(text)`` runs every pattern over the whole text once (kept for the last few texts);
    ``hits(text, start, end)`` and ``hits_by_range`` take a range's share of it.  Entries
    with ``scan = false`` are left to their analyzer.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        folded: dict[str, Entry] = {}
        exact: dict[str, Entry] = {}
        for e in entries:
            for p in e.phrases if e.regex is None else ():
                key = norm(p)
                if e.data.get("case_sensitive"):
                    exact[key] = e
                else:
                    folded[key.lower()] = e
        self._tables = {True: folded, False: exact}
        anchors: dict[str, set[int]] = {}
        self._loose = False  # a phrase not starting with a word: scan every position
        for key in [*folded, *exact]:
            anchor = _anchor(key)
            if anchor is None:
                self._loose = True
            else:
                anchors.setdefault(anchor[0], set()).add(anchor[1])
        self._anchors = {w: tuple(sorted(ks)) for w, ks in anchors.items()}
        self._anchor_words = frozenset(anchors)
        self._anchor_here = frozenset(w for w, ks in self._anchors.items() if ks == (0,))
        patterns = []
        if folded:
            phrases = list(folded)
            patterns.append(
                _PhrasePattern(
                    True, _phrase_regex(phrases, re.IGNORECASE), _phrase_regex(phrases, 0)
                )
            )
        if exact:
            patterns.append(_PhrasePattern(False, _phrase_regex(list(exact), late=True), None))
        self._patterns: tuple[_PhrasePattern, ...] = tuple(patterns)
        self._unsafe = _fold_unsafe(folded)
        self._prefixes: list[tuple[str, Entry]] = []
        self._unanchored: list[Entry] = []
        for e in entries:
            if e.regex is None or e.data.get("scan") is False:
                continue
            starts = e.data.get("starts")
            if starts:
                self._prefixes.extend((str(p).lower(), e) for p in starts)
            else:
                self._unanchored.append(e)
        # the caches: matched string → entry, word → what it starts, prefix set → next test
        self._keys: dict[bool, dict[str, Entry | None]] = {True: {}, False: {}}
        self._starts: dict[str, _Starts] = {}
        self._starters: set[str] = set()  # the words of ``_starts`` that start something
        self._next_tests: dict[tuple[str, ...], _NextOk] = {}
        self._texts: dict[str, TextScan] = {}

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The compiled phrase patterns (as run over the text itself), for tests and tools."""
        out = [p.pattern for p in self._patterns]
        out += [p.lowered for p in self._patterns if p.lowered is not None]
        return tuple(out)

    # --- whole-text scans ------------------------------------------------------------------

    def scan(self, text: str, index: TokenIndex | None = None) -> TextScan:
        """Every pattern's matches over the whole text (remembered for the last few texts).

        ``index``: the text's token index, when the caller keeps one (``Document.tokens``);
        else the matcher makes its own.
        """
        found = self._texts.get(text)
        if found is not None:
            return found
        if index is None:
            index = TokenIndex(text)
        lowered = index.lowered
        if lowered is not None and any(c in text for c in self._unsafe):
            lowered = None  # a letter that re.IGNORECASE folds otherwise than str.lower
        if self._prefixes:  # learn the words not met before, then find all words at once
            for word in index.vocab.difference(self._starts):
                self._starts_of(word)
            index.positions((index.vocab & self._anchor_words) | (index.vocab & self._starters))
        cands = self._phrase_starts(index)
        phrases = tuple(self._whole(p, text, lowered, cands) for p in self._patterns)
        anchored = self._anchored(index)
        found = TextScan(lowered, phrases, cands, anchored, [pos for pos, _e in anchored])
        if len(self._texts) >= _TEXTS:
            del self._texts[next(iter(self._texts))]
        self._texts[text] = found
        return found

    def _entry_for(self, found: str, fold: bool) -> Entry | None:
        """The entry a matched phrase belongs to (remembered per matched string: ``norm`` is
        a regex substitution, too slow to repeat for every hit)."""
        seen = self._keys[fold]
        if found in seen:
            return seen[found]
        key = norm(found)
        entry = self._tables[fold].get(key.lower() if fold else key)
        if len(seen) > _SEEN_MAX:
            seen.clear()
        seen[found] = entry
        return entry

    def _phrase_starts(self, index: TokenIndex) -> list[int]:
        """Where a phrase may start: ``k`` tokens before each word a phrase is anchored on."""
        if self._loose or not self._anchors:
            return []
        words = index.vocab & self._anchor_words
        where_of = index.positions(words)
        here = words & self._anchor_here  # most words: phrases start on them, k = 0
        tokens = set(chain.from_iterable(map(where_of.__getitem__, here)))
        for word in words - here:
            where = where_of[word]
            for k in self._anchors[word]:
                tokens.update(n - k for n in where if n >= k)
        return list(map(index.starts.__getitem__, sorted(tokens)))

    def _matches(
        self, p: _PhrasePattern, text: str, found: TextScan, start: int, end: int
    ) -> Iterator[tuple[int, int, Hit | None]]:
        """The non-empty matches of one phrase pattern in ``text[start:end]``, with their hits."""
        lowered = found.lowered
        if lowered is not None and p.lowered is not None:
            pattern, source = p.lowered, lowered
        else:
            pattern, source = p.pattern, text
        if self._loose:
            matches: Iterable[re.Match[str]] = pattern.finditer(source, start, end)
        else:
            matches = _matches_at(pattern, source, found.phrase_at, start, end)
        for m in matches:
            s, e = m.span()
            if e > s:
                entry = self._entry_for(source[s:e], p.fold)
                yield s, e, (None if entry is None else Hit(s, e, entry, m))

    def _whole(
        self, p: _PhrasePattern, text: str, lowered: str | None, cands: list[int]
    ) -> _Phrases:
        """One phrase pattern's matches over the whole text (the hot loop, written out)."""
        if lowered is not None and p.lowered is not None:
            pattern, source = p.lowered, lowered
        else:
            pattern, source = p.pattern, text
        out = _Phrases([], [], [])
        if self._loose:
            for m in pattern.finditer(source):
                s, e = m.span()
                if e > s:
                    entry = self._entry_for(source[s:e], p.fold)
                    out.starts.append(s)
                    out.ends.append(e)
                    out.hits.append(None if entry is None else Hit(s, e, entry, m))
            return out
        match = pattern.match
        known = self._keys[p.fold]
        starts, ends, hits = out
        last = 0
        for pos in cands:
            if pos < last:
                continue
            at = match(source, pos)
            if at is None:
                continue
            s, e = at.span()
            if e <= s:
                continue
            last = e
            found = source[s:e]
            entry = known[found] if found in known else self._entry_for(found, p.fold)
            starts.append(s)
            ends.append(e)
            hits.append(None if entry is None else Hit(s, e, entry, at))
        return out

    def _next_ok(self, prefixes: set[str]) -> _NextOk:
        """The shared next-word test for one set of ``then`` prefixes."""
        key = tuple(sorted(prefixes))
        if key not in self._next_tests:
            self._next_tests[key] = _NextOk(key)
        return self._next_tests[key]

    def _starts_of(self, word: str) -> _Starts:
        """The regex entries a word can start (file order), each with its next-word test.

        A prefix of one letter stands for that one-letter word ("a", not every word in a-).
        """
        got = self._starts.get(word)
        if got is not None:
            return got
        entries: dict[str, Entry] = {}
        nexts: dict[str, set[str] | None] = {}
        for prefix, entry in self._prefixes:
            if not word.startswith(prefix) or (len(prefix) < 2 and word != prefix):
                continue
            entries.setdefault(entry.id, entry)
            allowed = (entry.data.get("then") or {}).get(prefix)
            so_far = nexts.get(entry.id, set())
            if allowed is None or so_far is None:
                nexts[entry.id] = None  # one prefix without ``then``: any next word will do
            else:
                nexts[entry.id] = so_far | {str(a).lower() for a in allowed}
        got = tuple(
            (e, None if (n := nexts[i]) is None else self._next_ok(n)) for i, e in entries.items()
        )
        if len(self._starts) > _SEEN_MAX:  # a long session: forget, learn again as words come
            self._starts.clear()
            self._starters.clear()
        self._starts[word] = got
        if got:
            self._starters.add(word)
        return got

    def _anchored(self, index: TokenIndex) -> list[tuple[int, Entry]]:
        """Where each regex entry with ``starts`` may match: the starts of words beginning with
        one of its prefixes (and followed by a word its ``then`` allows), by position.

        Which entries a word starts does not depend on the text, so each word is looked at
        once (``_starts``); a text then costs set operations and one pass over its tokens.
        """
        if not self._prefixes:
            return []
        words = index.vocab & self._starters  # learnt in ``scan``
        where_of = index.positions(words)
        tokens, starts = index.tokens, index.starts
        last = len(tokens) - 1
        out: list[tuple[int, Entry]] = []
        for word in words:
            where = where_of[word]
            for entry, then in self._starts[word]:
                if then is None:
                    at: Iterable[int] = where
                else:  # the next word must fit ``then`` (looked up per distinct word, in C)
                    before = where[:-1] if where and where[-1] == last else where
                    nexts = map(tokens.__getitem__, map(_PLUS_ONE, before))
                    at = compress(before, map(then.__getitem__, nexts))
                out.extend(zip(map(starts.__getitem__, at), repeat(entry)))
        out.sort(key=_FIRST)
        return out

    # --- ranges ----------------------------------------------------------------------------

    def _phrase_list(
        self, text: str, found: TextScan, start: int, end: int, out: list[Hit]
    ) -> None:
        """Append the phrase hits of ``text[start:end]`` to ``out`` (see :meth:`phrase_hits`)."""
        edge_clean = end >= len(text) or _EDGE.match(text, end) is None
        for p, whole in zip(self._patterns, found.phrases, strict=True):
            mstarts, mends = whole.starts, whole.ends
            i = bisect_left(mstarts, start)
            j = bisect_left(mstarts, end, i)
            if edge_clean and not (i and mends[i - 1] > start) and not (j and mends[j - 1] > end):
                out.extend(filter(None, whole.hits[i:j]))
            else:
                out.extend(h for _s, _e, h in self._matches(p, text, found, start, end) if h)

    def _regex_list(self, text: str, found: TextScan, start: int, end: int, out: list[Hit]) -> None:
        """Append the regex-entry hits of ``text[start:end]`` to ``out`` (see ``regex_hits``)."""
        anchored = found.anchored
        i = bisect_left(found.anchored_at, start)
        n = len(anchored)
        while i < n:
            pos, e = anchored[i]
            if pos >= end:
                break
            i += 1
            m = e.regex.match(text, pos, end) if e.regex is not None else None
            hit = None if m is None else _regex_hit(e, m)
            if hit is not None:
                out.append(hit)
        for e in self._unanchored:
            assert e.regex is not None
            for m in e.regex.finditer(text, start, end):
                hit = _regex_hit(e, m)
                if hit is not None:
                    out.append(hit)

    def phrase_hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """Every phrase match in ``text[start:end]``, left to right, longest first, no overlaps.

        The whole text is scanned once and each range takes its share, unless a whole-text match
        crosses the range's edges or the character after the range could change how a phrase
        ends there; then the range is scanned on its own (same results, just slower).
        """
        out: list[Hit] = []
        found = self.scan(text, index)
        self._phrase_list(text, found, start, len(text) if end is None else end, out)
        return out

    def regex_hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """Every regex-entry match; the ``mark`` group, if any, is the span.

        Entries with ``starts`` are tried only where one of those word prefixes begins.
        """
        out: list[Hit] = []
        found = self.scan(text, index)
        self._regex_list(text, found, start, len(text) if end is None else end, out)
        return out

    def hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """Phrase and regex hits, sorted by position (the longer first at one start)."""
        return self.hits_by_range(text, [(start, len(text) if end is None else end)], index)[0]

    def hits_by_range(
        self, text: str, ranges: Iterable[tuple[int, int]], index: TokenIndex | None = None
    ) -> list[list[Hit]]:
        """``[self.hits(text, s, e) for s, e in ranges]``, the text scanned once."""
        found = self.scan(text, index)
        out = []
        for start, end in ranges:
            hits: list[Hit] = []
            self._phrase_list(text, found, start, end, hits)
            self._regex_list(text, found, start, end, hits)
            if len(hits) > 1:
                hits.sort(key=_hit_order)
            out.append(hits)
        return out


def _hit_order(h: Hit) -> tuple[int, int]:
    """Hits by start, the longer first at the same start."""
    return (h.start, -h.end)


def _matches_at(
    pattern: re.Pattern[str], text: str, cands: list[int], start: int, end: int
) -> Iterator[re.Match[str]]:
    """Like ``pattern.finditer(text, start, end)``, trying only the candidate positions."""
    i = bisect_left(cands, start)
    last = start
    while i < len(cands) and cands[i] < end:
        pos = cands[i]
        i += 1
        if pos < last:
            continue
        m = pattern.match(text, pos, end)
        if m is not None and m.end() > m.start():
            last = m.end()
            yield m


def _regex_hit(e: Entry, m: re.Match[str]) -> Hit | None:
    if "mark" in m.re.groupindex and m.start("mark") >= 0:
        s, t = m.span("mark")
    else:
        s, t = m.span()
    return Hit(s, t, e, m) if t > s else None
