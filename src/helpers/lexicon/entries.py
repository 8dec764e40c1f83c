"""One lexicon entry: its fields, validated where read; errors name file, entry and field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import HelpersError
from ..spans import LAYERS

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


class LexiconError(HelpersError):
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


def fail(where: str, msg: str) -> LexiconError:
    return LexiconError(f"{where}: {msg}")


def _check_strings(raw: Mapping[str, Any], where: str, layer: str) -> str:
    """The required text fields and the layer (the entry's own, else the file's)."""
    for key in _REQUIRED:
        val = raw.get(key)
        if not isinstance(val, str) or not val.strip():
            raise fail(where, f"field '{key}' is required and must be a non-empty string")
    entry_layer = raw.get("layer", layer)
    if entry_layer not in LAYERS:
        raise fail(where, f"field 'layer' must be one of {', '.join(LAYERS)}, not {entry_layer!r}")
    return str(entry_layer)


def _check_pattern(raw: Mapping[str, Any], where: str) -> re.Pattern[str] | None:
    """Exactly one of ``phrases`` and ``regex``; the regex compiled (None for phrases)."""
    phrases = raw.get("phrases", [])
    regex = raw.get("regex")
    if bool(phrases) == bool(regex):
        raise fail(where, "give exactly one of the fields 'phrases' (a list) or 'regex' (a string)")
    if phrases and (
        not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases)
    ):
        raise fail(where, "field 'phrases' must be a list of non-empty strings")
    if regex is None:
        return None
    if not isinstance(regex, str):
        raise fail(where, "field 'regex' must be a string")
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    try:
        compiled = re.compile(regex, flags | re.VERBOSE)
    except re.error as exc:
        raise fail(where, f"field 'regex' does not compile: {exc}") from None
    if compiled.match("") is not None and "mark" not in compiled.groupindex:
        raise fail(where, "field 'regex' matches the empty string")
    return compiled


def _check_extras(raw: Mapping[str, Any], where: str) -> None:
    """Taxonomy, examples and the scan hints the matcher reads (``then``)."""
    taxonomy = raw.get("taxonomy", {})
    if not isinstance(taxonomy, Mapping) or not all(isinstance(v, str) for v in taxonomy.values()):
        raise fail(where, "field 'taxonomy' must be a table of strings")
    unknown_tax = set(taxonomy) - set(TAXONOMIES)
    if unknown_tax:
        raise fail(where, f"field 'taxonomy' has unknown key(s): {', '.join(sorted(unknown_tax))}")
    for key in ("examples", "counterexamples"):
        val = raw.get(key, [])
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            raise fail(where, f"field '{key}' must be a list of strings")
    then = raw.get("then")
    if then is not None and not isinstance(then, Mapping):
        raise fail(where, "field 'then' must be a table")


def parse_entry(raw: Any, n: int, name: str, layer: str) -> Entry:
    """Validate the ``n``-th ``[[entry]]`` table of file ``name`` and build its :class:`Entry`."""
    ident = raw.get("id", "?") if isinstance(raw, Mapping) else "?"
    where = f"{name}: entry {n} ({ident})"
    if not isinstance(raw, Mapping):
        raise fail(f"{name}: entry {n}", "must be a table of fields")
    entry_layer = _check_strings(raw, where, layer)
    compiled = _check_pattern(raw, where)
    _check_extras(raw, where)
    data = {k: v for k, v in raw.items() if k not in _KNOWN}
    if raw.get("case_sensitive"):
        data["case_sensitive"] = True
    return Entry(
        id=raw["id"],
        label=raw["label"],
        layer=entry_layer,
        explanation=" ".join(raw["explanation"].split()),
        phrases=tuple(raw.get("phrases", [])),
        regex=compiled,
        taxonomy=dict(raw.get("taxonomy", {})),
        origin=str(raw.get("origin", "")),
        examples=tuple(raw.get("examples", [])),
        counterexamples=tuple(raw.get("counterexamples", [])),
        data=data,
    )
