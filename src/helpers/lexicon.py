"""Lexicons and rules as data: TOML files of entries, validated at load, compiled for fast scans.

Each entry is one idea a student can learn: what to look for (``phrases`` or a ``regex``), the
``label`` it gets, a plain-language ``explanation`` a 14-year-old understands, the ``taxonomy``
names researchers use, and ``origin`` (where the idea comes from).  A file looks like::

    [meta]
    layer = "framing"
    description = "Words that make a claim sound less (or more) certain."

    [[entry]]
    id = "hedge-modal"
    label = "hedge"
    phrases = ["could", "might", "may well"]
    explanation = "'Could' and 'might' say something is possible, not that it happened."
    taxonomy = { semeval2020 = "Doubt" }
    origin = "Hyland (2005), hedges in academic and news writing"

``phrases`` match whole words, case-insensitively (``case_sensitive = true`` to change that),
with any run of spaces between words and either apostrophe (' or ’).  All phrases of a file are
compiled into one trie-shaped regular expression, so a scan is one linear pass over the text.
A ``regex`` entry may name a group ``mark`` (the part to highlight) and other groups the analyzer
reads (e.g. ``source``).  Regexes must not backtrack catastrophically; the tests run every one on
pathological inputs.  Any other key of an entry is kept in ``Entry.data`` for its analyzer.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from .spans import LAYERS, Span

TAXONOMIES: tuple[str, ...] = (
    "semeval2020",
    "semeval2023",
    "bad_news",
    "flicc",
    "news_frames",
    "sift",
    "hyland",
)
_REQUIRED = ("id", "label", "explanation")
_KNOWN = {
    "id",
    "label",
    "layer",
    "phrases",
    "regex",
    "explanation",
    "taxonomy",
    "origin",
    "case_sensitive",
    "examples",
    "counterexamples",
}


class LexiconError(ValueError):
    """A lexicon file or entry that cannot be used; the message names file, entry and field."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule: what to look for and how to explain it."""

    id: str
    label: str
    layer: str
    explanation: str
    phrases: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    taxonomy: Mapping[str, str] = field(default_factory=dict)
    origin: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)


class Hit(NamedTuple):
    """A place where an entry matched: ``text[start:end]`` is what to highlight.

    A named tuple, not a dataclass: scans build tens of thousands of these per corpus pass, and
    a tuple is built several times faster than a frozen dataclass.
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
        """The span to show for this hit, explained by its entry (fields can be overridden)."""
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

    def group_span(self, name: str) -> tuple[int, int] | None:
        if name in self.match.re.groupindex and self.match.group(name) is not None:
            return self.match.span(name)
        return None


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.replace("’", "'").strip())


def _trie_regex(phrases: list[str]) -> str:
    """A regex alternation shaped like a trie: shared prefixes are matched once."""
    trie: dict[str, Any] = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == " ":
                piece = r"\s+"
            elif ch == "'":
                piece = "['’]"
            else:
                piece = re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


_TOKEN = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_INDEX_SIZE = 8
_SEEN_MAX = 200_000  # words remembered per lexicon as irrelevant
_FIRST = itemgetter(0)
_UNSEEN: Any = object()  # a dict miss, where None is a stored value
# A character after a range's end that could change whether a phrase may end there
# (see the lookahead in ``Lexicon._compile``): such ranges are scanned on their own.
_EDGE = re.compile(r"[\w'’-]")
# Every word some loaded lexicon looks up (phrase anchors, words that start a regex entry):
# a text's index records where these stand in one pass.
_WATCHED: set[str] = set()
_index_cache: dict[int, tuple[str, TokenIndex]] = {}

# Words too common to anchor a phrase on: a phrase starting with one ("the fact that") is tried
# where its first uncommon word stands instead, which cuts the places to try roughly tenfold.
COMMON_WORDS = frozenset(
    "a an the of to in on at by for from with as and or but not no is are was were be been "
    "it its this that these those he she they we i you his her their our my your me him them "
    "us there here have has had do does did will would can could should may might must so if "
    "than then very all any some one s t".split()
)


class TokenIndex:
    """The text's ``\\w+`` tokens (lowercased), their start offsets, and where words stand.

    ``positions`` (word → token numbers) is filled only for the words some lexicon watches
    (:data:`_WATCHED`), in one pass, so the work per text does not grow with every token.
    """

    __slots__ = ("_positions", "_vocab", "starts", "tokens")

    def __init__(self, starts: list[int], tokens: list[str]) -> None:
        self.starts = starts
        self.tokens = tokens
        self._vocab: set[str] | None = None
        self._positions: dict[str, list[int]] | None = None

    @property
    def vocab(self) -> set[str]:
        """The distinct words (computed on first use)."""
        if self._vocab is None:
            self._vocab = set(self.tokens)
        return self._vocab

    def positions(self, words: set[str]) -> dict[str, list[int]]:
        """Token numbers of each of ``words`` (words of the text); the mapping may hold more.

        The first call indexes every watched word of the text at once; later calls pay only
        for words learned since (a lexicon meeting a new word that starts one of its rules).
        """
        known = self._positions
        if known is None:
            known = self._positions = {}
            missing = self.vocab & _WATCHED
            missing.update(words)
        else:
            missing = words.difference(known)
        if missing:
            tokens = self.tokens
            for n in compress(range(len(tokens)), map(missing.__contains__, tokens)):
                where = known.get(tokens[n])
                if where is None:
                    known[tokens[n]] = [n]
                else:
                    where.append(n)
        return known

    @property
    def words(self) -> dict[str, list[int]]:
        """Every word → its token numbers, in order of first appearance (for inspection)."""
        out: dict[str, list[int]] = {}
        for n, word in enumerate(self.tokens):
            out.setdefault(word, []).append(n)
        return out


def watch(words: Iterable[str]) -> None:
    """Have every later token index record where these words stand, in its one indexing pass.

    For analyzers that look words up in the index themselves (words, not texts, are remembered).
    """
    _WATCHED.update(words)


def token_index(text: str) -> TokenIndex:
    """The token index of a text, computed once per text and shared by every lexicon.

    A lexicon then looks at the text's vocabulary (hundreds of distinct words), not at every
    token, to find where its rules can match.
    """
    cached = _index_cache.get(id(text))
    if cached is not None and cached[0] is text:
        return cached[1]
    lowered = text.lower()
    if len(lowered) != len(text):  # rare letters whose lowercase is longer: keep offsets exact
        parts = _SPLIT.split(text)
        tokens = [t.lower() for t in parts[1::2]]
    else:
        parts = _SPLIT.split(lowered)
        tokens = parts[1::2]
    # parts alternate gap, token, gap, …: a token starts where the text before it ends
    starts = list(accumulate(map(len, parts)))[:-1:2]
    index = TokenIndex(starts, tokens)
    if len(_index_cache) >= _INDEX_SIZE:
        _index_cache.pop(next(iter(_index_cache)))
    _index_cache[id(text)] = (text, index)
    return index


def _anchor(phrase: str) -> tuple[str, int] | None:
    """The word a phrase is looked up by, and how many tokens after the phrase start it stands."""
    tokens = [t.lower() for t in _TOKEN.findall(phrase)]
    if not tokens:
        return None
    for k, tok in enumerate(tokens):
        if tok not in COMMON_WORDS:
            return tok, k
    return tokens[0], 0


_PLUS_ONE = (1).__add__


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


# word → (phrase offsets, entries it can start, per entry: its next-word test or None)
_Rule = tuple[tuple[int, ...], tuple["Entry", ...], tuple[_NextOk | None, ...]]


@dataclass(frozen=True)
class _Candidates:
    """Where in one text this lexicon's phrases and anchored regexes can start."""

    phrases: list[int]
    anchored: list[tuple[int, Entry]]
    anchored_pos: list[int]


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon file, compiled for scanning.

    Scanning uses the shared :func:`token_index`: a phrase is tried only where a word that can
    start it stands, and a regex entry with ``starts`` (lowercase word prefixes) only where such
    a word begins.  Regex entries without ``starts`` are scanned with ``finditer``; entries with
    ``scan = false`` are left to their analyzer.
    """

    name: str
    layer: str
    description: str
    entries: tuple[Entry, ...]
    path: str = ""

    def __post_init__(self) -> None:
        folded: dict[str, Entry] = {}
        exact: dict[str, Entry] = {}
        anchors: dict[str, set[int]] = {}
        loose: list[str] = []  # phrases that do not start with a word character
        for e in self.entries:
            if e.regex is not None:
                continue
            for p in e.phrases:
                key = _norm(p)
                if e.data.get("case_sensitive"):
                    exact[key] = e
                else:
                    folded[key.lower()] = e
                anchor = _anchor(key) if _TOKEN.match(key) else None
                if anchor is None:
                    loose.append(key)
                else:
                    anchors.setdefault(anchor[0], set()).add(anchor[1])
        prefixes: dict[str, list[tuple[str, Entry]]] = {}
        unanchored: list[Entry] = []
        for e in self.entries:
            if e.regex is None or e.data.get("scan") is False:
                continue
            starts = e.data.get("starts")
            if not starts:
                unanchored.append(e)
                continue
            for prefix in starts:
                prefixes.setdefault(str(prefix).lower()[:2], []).append((str(prefix).lower(), e))
            then = e.data.get("then")
            if then is not None and not isinstance(then, Mapping):
                raise _fail(f"{self.name}: entry {e.id}", "field 'then' must be a table")
        setattr_ = object.__setattr__
        setattr_(self, "_folded", folded)
        setattr_(self, "_exact", exact)
        setattr_(self, "_folded_re", self._compile(list(folded), re.IGNORECASE))
        setattr_(self, "_exact_re", self._compile(list(exact), 0))
        setattr_(self, "_anchors", {w: tuple(sorted(ks)) for w, ks in anchors.items()})
        setattr_(self, "_loose", bool(loose))
        setattr_(self, "_prefixes", {k: tuple(v) for k, v in prefixes.items()})
        setattr_(self, "_unanchored", tuple(unanchored))
        setattr_(self, "_cache", {})
        setattr_(self, "_whole_cache", {})
        setattr_(self, "_next_tests", {})
        setattr_(self, "_keys", {True: {}, False: {}})
        patterns = [(self._folded_re, True), (self._exact_re, False)]  # type: ignore[attr-defined]
        setattr_(self, "_patterns", tuple((p, f) for p, f in patterns if p is not None))
        # word → (phrase offsets, anchored entries): phrase anchors now, ``starts`` words as met
        rules = {w: (tuple(sorted(ks)), (), ()) for w, ks in anchors.items()}
        setattr_(self, "_rules", rules)
        setattr_(self, "_rule_words", set(rules))
        _WATCHED.update(rules)
        setattr_(self, "_seen", set())

    @staticmethod
    def _compile(phrases: list[str], flags: int) -> re.Pattern[str] | None:
        if not phrases:
            return None
        # longest match first is implied by the greedy trie; word boundaries on both sides
        return re.compile(r"(?<![\w'’-])" + _trie_regex(phrases) + r"(?![\w’-]|'\w)", flags)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def by_label(self, label: str) -> list[Entry]:
        return [e for e in self.entries if e.label == label]

    def get(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)

    def _next_ok(self, prefixes: set[str]) -> _NextOk:
        """The shared next-word test for one set of ``then`` prefixes."""
        key = tuple(sorted(prefixes))
        tests: dict[tuple[str, ...], _NextOk] = self._next_tests  # type: ignore[attr-defined]
        if key not in tests:
            tests[key] = _NextOk(key)
        return tests[key]

    def _relevant(self, vocab: set[str]) -> set[str]:
        """The words of ``vocab`` where one of this lexicon's phrases or anchored regexes starts.

        Which rules a word can start does not depend on the text, so a word is looked at once
        per lexicon (memoised in ``_rules``); a text then costs set operations done in C.
        """
        rules: dict[str, _Rule] = self._rules  # type: ignore[attr-defined]
        keys: set[str] = self._rule_words  # type: ignore[attr-defined]
        table: dict[str, tuple[tuple[str, Entry], ...]] = self._prefixes  # type: ignore[attr-defined]
        if table:
            seen: set[str] = self._seen  # type: ignore[attr-defined]
            new = vocab - seen
            if new:
                if len(seen) > _SEEN_MAX:  # a long session: forget words that started nothing
                    seen.clear()
                    seen.update(keys)
                anchors: dict[str, tuple[int, ...]] = self._anchors  # type: ignore[attr-defined]
                for word in new:
                    entries: dict[str, Entry] = {}
                    nexts: dict[str, set[str] | None] = {}
                    for prefix, entry in table.get(word[:2], ()):
                        if word.startswith(prefix):
                            entries.setdefault(entry.id, entry)
                            allowed = (entry.data.get("then") or {}).get(prefix)
                            if allowed is None or nexts.get(entry.id, set()) is None:
                                nexts[entry.id] = None
                            else:
                                nexts.setdefault(entry.id, set()).update(  # type: ignore[union-attr]
                                    str(a).lower() for a in allowed
                                )
                    if entries:
                        then = tuple(
                            None if nexts[i] is None else self._next_ok(nexts[i])  # type: ignore[arg-type]
                            for i in entries
                        )
                        rules[word] = (anchors.get(word, ()), tuple(entries.values()), then)
                        keys.add(word)
                        _WATCHED.add(word)
                seen.update(new)
        return vocab & keys

    def _candidates(self, text: str) -> _Candidates:
        cache: dict[int, tuple[str, _Candidates]] = self._cache  # type: ignore[attr-defined]
        hit = cache.get(id(text))
        if hit is not None and hit[0] is text:
            return hit[1]
        index = token_index(text)
        starts = index.starts
        words = self._relevant(index.vocab)
        where_of = index.positions(words)
        rules = self._rules  # type: ignore[attr-defined]
        phrase_set: set[int] = set()
        anchored: list[tuple[int, Entry]] = []
        tokens = index.tokens
        last = len(tokens) - 1
        for word in words:
            offsets, entries, thens = rules[word]
            where = where_of[word]
            for k in offsets:  # a phrase starts k tokens before the word it is anchored on
                if k:
                    phrase_set.update(starts[n - k] for n in where if n >= k)
                else:
                    phrase_set.update(map(starts.__getitem__, where))
            for entry, then in zip(entries, thens, strict=True):  # file order: kept per offset
                if then is None:
                    at: Iterable[int] = where
                else:  # the next word must fit ``then`` (looked up per distinct word, in C)
                    before = where[:-1] if where and where[-1] == last else where
                    nexts = map(tokens.__getitem__, map(_PLUS_ONE, before))
                    at = compress(before, map(then.__getitem__, nexts))
                anchored.extend(zip(map(starts.__getitem__, at), repeat(entry)))
        anchored.sort(key=_FIRST)
        found = _Candidates(sorted(phrase_set), anchored, list(map(_FIRST, anchored)))
        if len(cache) >= _INDEX_SIZE:
            cache.pop(next(iter(cache)))
        cache[id(text)] = (text, found)
        return found

    def _entry_for(self, found: str, fold: bool) -> Entry | None:
        """The entry a matched phrase belongs to (remembered per matched string: ``_norm`` is
        a regex substitution, too slow to repeat for every hit)."""
        seen: dict[str, Entry | None] = self._keys[fold]  # type: ignore[attr-defined]
        if found in seen:
            return seen[found]
        table: dict[str, Entry] = self._folded if fold else self._exact  # type: ignore[attr-defined]
        key = _norm(found)
        entry = table.get(key.lower() if fold else key)
        if len(seen) > _SEEN_MAX:
            seen.clear()
        seen[found] = entry
        return entry

    def _scan(
        self, pattern: re.Pattern[str], fold: bool, text: str, start: int, end: int
    ) -> Iterator[tuple[int, int, Hit | None]]:
        """Every non-empty phrase-pattern match in ``text[start:end]`` with its hit (if any)."""
        if self._loose:  # type: ignore[attr-defined]
            matches: Iterable[re.Match[str]] = pattern.finditer(text, start, end)
        else:
            matches = _matches_at(pattern, text, self._candidates(text).phrases, start, end)
        for m in matches:
            entry = self._entry_for(m.group(), fold)
            yield (
                m.start(),
                m.end(),
                (Hit(m.start(), m.end(), entry, m) if entry is not None else None),
            )

    def _whole(self, text: str) -> list[tuple[list[int], list[int], list[Hit | None]]]:
        """Each phrase pattern's matches over the whole text (cached per text)."""
        cache: dict[int, tuple[str, list[Any]]] = self._whole_cache  # type: ignore[attr-defined]
        cached = cache.get(id(text))
        if cached is not None and cached[0] is text:
            return cached[1]
        out = []
        for pattern, fold in self._patterns:  # type: ignore[attr-defined]
            if self._loose:  # type: ignore[attr-defined]
                found = list(self._scan(pattern, fold, text, 0, len(text)))
                out.append(([f[0] for f in found], [f[1] for f in found], [f[2] for f in found]))
                continue
            # the loop of ``_scan`` and ``_matches_at``, inlined: this is the hot path
            match = pattern.match
            known: dict[str, Entry | None] = self._keys[fold]  # type: ignore[attr-defined]
            mstarts: list[int] = []
            mends: list[int] = []
            mhits: list[Hit | None] = []
            last = 0
            for pos in self._candidates(text).phrases:
                if pos < last:
                    continue
                m = match(text, pos)
                if m is None:
                    continue
                s, e = m.span()
                if e <= s:
                    continue
                last = e
                found_text = text[s:e]
                entry = known.get(found_text, _UNSEEN)
                if entry is _UNSEEN:
                    entry = self._entry_for(found_text, fold)
                mstarts.append(s)
                mends.append(e)
                mhits.append(None if entry is None else Hit(s, e, entry, m))  # type: ignore[arg-type]
            out.append((mstarts, mends, mhits))
        if len(cache) >= _INDEX_SIZE:
            cache.pop(next(iter(cache)))
        cache[id(text)] = (text, out)
        return out

    def _phrase_list(
        self, text: str, start: int, end: int, out: list[Hit], whole: list[Any] | None = None
    ) -> None:
        """Append the phrase hits of ``text[start:end]`` to ``out`` (see :meth:`phrase_hits`)."""
        edge_clean = end >= len(text) or _EDGE.match(text, end) is None
        if whole is None:
            whole = self._whole(text)
        for (pattern, fold), (mstarts, mends, mhits) in zip(self._patterns, whole, strict=True):  # type: ignore[attr-defined]
            i = bisect_left(mstarts, start)
            j = bisect_left(mstarts, end, i)
            if edge_clean and not (i and mends[i - 1] > start) and not (j and mends[j - 1] > end):
                if i < j:
                    out.extend(filter(None, mhits[i:j]))  # type: ignore[arg-type]
            else:
                out.extend(
                    h for _, _, h in self._scan(pattern, fold, text, start, end) if h is not None
                )

    def phrase_hits(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Every phrase match in ``text[start:end]``, left to right, longest first, no overlaps.

        The whole text is scanned once and each range takes its share, unless a whole-text match
        crosses the range's edges or the character after the range could change how a phrase
        ends there; then the range is scanned on its own (same results, just slower).
        """
        out: list[Hit] = []
        self._phrase_list(text, start, len(text) if end is None else end, out)
        return iter(out)

    def _regex_list(
        self, text: str, start: int, end: int, out: list[Hit], cands: _Candidates | None = None
    ) -> None:
        """Append the regex-entry hits of ``text[start:end]`` to ``out`` (see ``regex_hits``)."""
        if cands is None:
            cands = self._candidates(text)
        anchored = cands.anchored
        i = bisect_left(cands.anchored_pos, start)
        n = len(anchored)
        while i < n:
            pos, e = anchored[i]
            if pos >= end:
                break
            i += 1
            m = e.regex.match(text, pos, end)  # type: ignore[union-attr]
            if m is not None:
                hit = _regex_hit(e, m)
                if hit is not None:
                    out.append(hit)
        for e in self._unanchored:  # type: ignore[attr-defined]
            for m in e.regex.finditer(text, start, end):
                hit = _regex_hit(e, m)
                if hit is not None:
                    out.append(hit)

    def regex_hits(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Every regex-entry match; the ``mark`` group, if any, is the span.

        Entries with ``starts`` are tried only where one of those word prefixes begins.
        """
        out: list[Hit] = []
        self._regex_list(text, start, len(text) if end is None else end, out)
        return iter(out)

    def hits(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Phrase and regex hits, sorted by position."""
        end = len(text) if end is None else end
        found: list[Hit] = []
        self._phrase_list(text, start, end, found)
        self._regex_list(text, start, end, found)
        if len(found) > 1:
            found.sort(key=_hit_order)
        return found

    def hits_by_range(self, text: str, ranges: Iterable[tuple[int, int]]) -> list[list[Hit]]:
        """``[self.hits(text, s, e) for s, e in ranges]``, the text's scans looked up once."""
        whole = self._whole(text)
        cands = self._candidates(text)
        out = []
        for start, end in ranges:
            found: list[Hit] = []
            self._phrase_list(text, start, end, found, whole)
            self._regex_list(text, start, end, found, cands)
            if len(found) > 1:
                found.sort(key=_hit_order)
            out.append(found)
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


def _fail(where: str, msg: str) -> LexiconError:
    return LexiconError(f"{where}: {msg}")


def _entry(raw: Any, n: int, name: str, layer: str) -> Entry:
    ident = raw.get("id", "?") if isinstance(raw, Mapping) else "?"
    where = f"{name}: entry {n} ({ident})"
    if not isinstance(raw, Mapping):
        raise _fail(f"{name}: entry {n}", "must be a table of fields")
    for key in _REQUIRED:
        val = raw.get(key)
        if not isinstance(val, str) or not val.strip():
            raise _fail(where, f"field '{key}' is required and must be a non-empty string")
    entry_layer = raw.get("layer", layer)
    if entry_layer not in LAYERS:
        raise _fail(where, f"field 'layer' must be one of {', '.join(LAYERS)}, not {entry_layer!r}")
    phrases = raw.get("phrases", [])
    regex = raw.get("regex")
    if bool(phrases) == bool(regex):
        raise _fail(
            where, "give exactly one of the fields 'phrases' (a list) or 'regex' (a string)"
        )
    if phrases and (
        not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases)
    ):
        raise _fail(where, "field 'phrases' must be a list of non-empty strings")
    compiled = None
    if regex is not None:
        if not isinstance(regex, str):
            raise _fail(where, "field 'regex' must be a string")
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        try:
            compiled = re.compile(regex, flags | re.VERBOSE)
        except re.error as exc:
            raise _fail(where, f"field 'regex' does not compile: {exc}") from None
        if compiled.match("") is not None and "mark" not in compiled.groupindex:
            raise _fail(where, "field 'regex' matches the empty string")
    taxonomy = raw.get("taxonomy", {})
    if not isinstance(taxonomy, Mapping) or not all(isinstance(v, str) for v in taxonomy.values()):
        raise _fail(where, "field 'taxonomy' must be a table of strings")
    unknown_tax = set(taxonomy) - set(TAXONOMIES)
    if unknown_tax:
        raise _fail(where, f"field 'taxonomy' has unknown key(s): {', '.join(sorted(unknown_tax))}")
    for key in ("examples", "counterexamples"):
        val = raw.get(key, [])
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            raise _fail(where, f"field '{key}' must be a list of strings")
    data = {k: v for k, v in raw.items() if k not in _KNOWN}
    if raw.get("case_sensitive"):
        data["case_sensitive"] = True
    return Entry(
        id=raw["id"],
        label=raw["label"],
        layer=entry_layer,
        explanation=" ".join(raw["explanation"].split()),
        phrases=tuple(phrases),
        regex=compiled,
        taxonomy=dict(taxonomy),
        origin=str(raw.get("origin", "")),
        examples=tuple(raw.get("examples", [])),
        counterexamples=tuple(raw.get("counterexamples", [])),
        data=data,
    )


def parse_lexicon(raw: Mapping[str, Any], name: str) -> Lexicon:
    """Validate a parsed TOML document and build a :class:`Lexicon` (errors name the entry)."""
    meta = raw.get("meta", {})
    if not isinstance(meta, Mapping):
        raise _fail(name, "[meta] must be a table")
    layer = meta.get("layer")
    if layer not in LAYERS:
        raise _fail(name, f"[meta] field 'layer' must be one of {', '.join(LAYERS)}")
    entries_raw = raw.get("entry")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise _fail(name, "needs at least one [[entry]]")
    entries = tuple(_entry(e, n, name, layer) for n, e in enumerate(entries_raw, 1))
    seen: set[str] = set()
    for n, e in enumerate(entries, 1):
        if e.id in seen:
            raise _fail(f"{name}: entry {n} ({e.id})", "field 'id' repeats an earlier entry's id")
        seen.add(e.id)
    return Lexicon(
        name=name,
        layer=layer,
        description=str(meta.get("description", "")),
        entries=entries,
        path=name,
    )


def load_lexicon_file(path: str | Path) -> Lexicon:
    """Load and validate a lexicon TOML file from anywhere (e.g. a teacher's own list)."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{p}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{p}: not valid TOML ({exc})") from None
    return parse_lexicon(raw, str(p))


@cache
def lexicon(name: str) -> Lexicon:
    """A lexicon shipped with the package, by file stem (``sourcing``, ``framing``, …); cached."""
    ref = resources.files("helpers") / "lexicons" / f"{name}.toml"
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicons/{name}.toml: no such lexicon") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicons/{name}.toml: not valid TOML ({exc})") from None
    return parse_lexicon(raw, f"lexicons/{name}.toml")


def shipped_lexicons() -> list[str]:
    """Stems of every lexicon file shipped with the package."""
    folder = resources.files("helpers") / "lexicons"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
