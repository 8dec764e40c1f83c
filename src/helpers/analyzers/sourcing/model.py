"""The sourcing analyzer's records: a cue, a source, what a document remembers, the lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from ...lexicon import Entry, Lexicon, lexicon
from .words import _GENERIC_OUTLET_WORDS


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

    def forget_referents(self) -> None:
        """A reader comment is its own text: its 'he' or 'they' is not the article's last
        source (a commenter's "they just want votes" names no one the article cited)."""
        self.last_person = self.last_source = self.last_group = None


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
def _entries() -> dict[str, Entry]:
    """Entry id → entry: a rule's explanation, taxonomy and origin live in the lexicon."""
    return {e.id: e for e in _lex()}


def _rule_text(rule: str, key: str = "explanation", source: str = "") -> str:
    """The explanation (or another text field) of a rule's entry, naming ``source``."""
    e = _entries()[rule]
    raw = e.explanation if key == "explanation" else str(e.data[key])
    return " ".join(raw.split()).replace("{source}", source)


@cache
def _kinds() -> dict[str, str]:
    """Entry id → kind, read once from the lexicon instead of once per hit."""
    return {e.id: _kind(e) for e in _lex()}


def _explain(base: str, src: _Source) -> str:
    who = src.resolved or src.text
    if src.resolved and src.resolved != src.text:
        who_text = f"'{src.text}' (that is, {src.resolved})"
    else:
        who_text = f"'{who}'"
    kind = _type_explanations().get(src.source_type, "")
    # the type's sentence opens "Here the source is a named person…": said once, not twice
    kind = kind.replace("Here the source is ", "That is ", 1)
    return f"{base} Here the source is {who_text}. {kind}".strip()


def _display(src: _Source) -> str:
    return src.resolved or src.text


def outlet_name(name: str) -> str:
    """An outlet's name without articles or words like 'article' ('a Times article' → 'Times')."""
    words = [w for w in re.findall(r"[\w.&'’-]+", name) if w.lower() not in _GENERIC_OUTLET_WORDS]
    return " ".join(w.removesuffix("'s").removesuffix("’s") for w in words)


def _outlet_extra(src: _Source) -> dict[str, Any]:
    if src.source_type != "publication" or src.document:
        return {}
    name = outlet_name(_display(src))
    if not any(w[:1].isupper() for w in name.split()):
        return {}  # "state television", "a report": a kind of outlet, not a named one
    return {"outlet": name}
