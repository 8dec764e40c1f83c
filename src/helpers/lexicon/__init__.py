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
pathological inputs.  Any other key of an entry is kept in ``Entry.data`` for its analyzer.  An
optional ``[labels.NAME]`` table gives a label's display ``name``, ``summary`` and ``taxonomy``.

A :class:`Lexicon` is plain data; its :attr:`Lexicon.matcher` (built on first use) owns the
compiled patterns and the caches of its scans (:mod:`helpers.lexicon.matcher`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..document.tokens import TokenIndex
from ..spans import LAYERS
from .entries import TAXONOMIES, Entry, LexiconError, fail, parse_entry
from .matcher import Hit, Matcher, TextScan

__all__ = [
    "TAXONOMIES",
    "Entry",
    "Hit",
    "Lexicon",
    "LexiconError",
    "Matcher",
    "TextScan",
    "lexicon",
    "load_lexicon_file",
    "parse_lexicon",
    "shipped_lexicons",
]


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon file: its entries and its label table, never changed after loading.

    The scanning methods are the :attr:`matcher`'s, here so a lexicon reads as one object.
    """

    name: str
    layer: str
    description: str
    entries: tuple[Entry, ...]
    path: str = ""
    labels: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    @cached_property
    def by_id(self) -> Mapping[str, Entry]:
        """Entries by id (read-only)."""
        return MappingProxyType({e.id: e for e in self.entries})

    def get(self, entry_id: str) -> Entry:
        return self.by_id[entry_id]

    def taxonomy(self, entry: Entry) -> dict[str, str]:
        """An entry's taxonomy: its label's (from ``[labels]``), completed by its own."""
        base = dict(self.labels.get(entry.label, {}).get("taxonomy", {}))
        base.update(entry.taxonomy)
        return base

    @cached_property
    def matcher(self) -> Matcher:
        """The compiled patterns and scan caches of these entries (built once, on first use)."""
        return Matcher(self.entries)

    def phrase_hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """See :meth:`Matcher.phrase_hits`."""
        return self.matcher.phrase_hits(text, start, end, index=index)

    def regex_hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """See :meth:`Matcher.regex_hits`."""
        return self.matcher.regex_hits(text, start, end, index=index)

    def hits(
        self, text: str, start: int = 0, end: int | None = None, *, index: TokenIndex | None = None
    ) -> list[Hit]:
        """See :meth:`Matcher.hits`."""
        return self.matcher.hits(text, start, end, index=index)

    def hits_by_range(
        self, text: str, ranges: Iterable[tuple[int, int]], index: TokenIndex | None = None
    ) -> list[list[Hit]]:
        """See :meth:`Matcher.hits_by_range` (``index``: the caller's ``Document.tokens``)."""
        return self.matcher.hits_by_range(text, ranges, index)


def _labels(raw: Any, name: str) -> dict[str, Mapping[str, Any]]:
    """The ``[labels]`` table: label → its display fields, taxonomy keys checked."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not all(isinstance(v, Mapping) for v in raw.values()):
        raise fail(name, "[labels] must be a table of tables")
    for label, fields in raw.items():
        taxonomy = fields.get("taxonomy", {})
        if not isinstance(taxonomy, Mapping) or set(taxonomy) - set(TAXONOMIES):
            raise fail(f"{name}: [labels.{label}]", "field 'taxonomy' must use known keys")
    return {str(k): MappingProxyType(dict(v)) for k, v in raw.items()}


def parse_lexicon(raw: Mapping[str, Any], name: str) -> Lexicon:
    """Validate a parsed TOML document and build a :class:`Lexicon` (errors name the entry)."""
    meta = raw.get("meta", {})
    if not isinstance(meta, Mapping):
        raise fail(name, "[meta] must be a table")
    layer = meta.get("layer")
    if layer not in LAYERS:
        raise fail(name, f"[meta] field 'layer' must be one of {', '.join(LAYERS)}")
    entries_raw = raw.get("entry")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise fail(name, "needs at least one [[entry]]")
    entries = tuple(parse_entry(e, n, name, layer) for n, e in enumerate(entries_raw, 1))
    seen: set[str] = set()
    for n, e in enumerate(entries, 1):
        if e.id in seen:
            raise fail(f"{name}: entry {n} ({e.id})", "field 'id' repeats an earlier entry's id")
        seen.add(e.id)
    return Lexicon(
        name=name,
        layer=layer,
        description=str(meta.get("description", "")),
        entries=entries,
        path=name,
        labels=MappingProxyType(_labels(raw.get("labels"), name)),
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
