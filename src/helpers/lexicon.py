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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Hit:
    """A place where an entry matched: ``text[start:end]`` is what to highlight."""

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


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon file, compiled for scanning."""

    name: str
    layer: str
    description: str
    entries: tuple[Entry, ...]
    path: str = ""

    def __post_init__(self) -> None:
        folded: dict[str, Entry] = {}
        exact: dict[str, Entry] = {}
        for e in self.entries:
            if e.regex is not None:
                continue
            for p in e.phrases:
                key = _norm(p)
                if e.data.get("case_sensitive"):
                    exact[key] = e
                else:
                    folded[key.lower()] = e
        object.__setattr__(self, "_folded", folded)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_folded_re", self._compile(list(folded), re.IGNORECASE))
        object.__setattr__(self, "_exact_re", self._compile(list(exact), 0))

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

    def phrase_hits(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Every phrase match in ``text[start:end]``, left to right, longest first, no overlaps."""
        end = len(text) if end is None else end
        for pattern, table, fold in (
            (self._folded_re, self._folded, True),  # type: ignore[attr-defined]
            (self._exact_re, self._exact, False),  # type: ignore[attr-defined]
        ):
            if pattern is None:
                continue
            for m in pattern.finditer(text, start, end):
                key = _norm(m.group())
                entry = table.get(key.lower() if fold else key)
                if entry is not None:
                    yield Hit(m.start(), m.end(), entry, m)

    def regex_hits(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Every regex-entry match (entry by entry); the ``mark`` group, if any, is the span."""
        end = len(text) if end is None else end
        for e in self.entries:
            if e.regex is None:
                continue
            for m in e.regex.finditer(text, start, end):
                s, t = m.span("mark") if "mark" in e.regex.groupindex else m.span()
                if s < 0:
                    s, t = m.span()
                yield Hit(s, t, e, m)

    def hits(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Phrase and regex hits, sorted by position."""
        found = [*self.phrase_hits(text, start, end), *self.regex_hits(text, start, end)]
        found.sort(key=lambda h: (h.start, -h.end))
        return found


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
