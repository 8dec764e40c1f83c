"""Typing a source: which words name a person, an organization, an outlet, nobody in particular."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import _Cue, _Source, _State
from .tokens import Tok, _is_cap
from .words import (
    _ARTICLES,
    _CAP_STOP,
    _FIRST_SECOND,
    _FULL_NAME,
    _GENERIC_MAX,
    _GROUP_PRONOUNS,
    _GROUP_SUFFIXES,
    _HEAD_ENDS,
    _LEAD_STRIP,
    _LY_NOUNS,
    _NAME_PARTICLES,
    _NAME_PREPOSITIONS,
    _NO_SOURCE,
    _NOT_A_HEAD,
    _PARTY_SUFFIXES,
    _PERSON_PRONOUNS,
    _PREPOSITIONS,
    _VAGUE_BARE,
    MAX_SOURCE_WORDS,
    MAX_WORDS_BEFORE_NAME,
    TYPE_PRIORITY,
)

if TYPE_CHECKING:
    from .context import Ctx


def _type_source(ctx: Ctx, words: list[Tok]) -> _Source | None:
    """What kind of source the words name (None when they name no source)."""
    # "the Orlando attack", "a Ruiz rally": an article and one capitalised word is a name used
    # as a modifier, not a person (outlets and organizations keep their article: "The Times")
    the_name = len(words) == 2 and words[0][2].lower() in _ARTICLES and _is_cap(words[1][2])
    words = _trim(words)
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    start, end = words[0][0], words[-1][1]
    written = ctx.text[start:end]
    low = written.lower()
    if len(words) == 1 and (low in _PERSON_PRONOUNS or low in _GROUP_PRONOUNS or low in _NO_SOURCE):
        return _one_word(ctx.state, start, end, written)
    if low in _VAGUE_BARE:
        return _Source(start, end, written, "vague")
    if any(w[2] in _FIRST_SECOND for w in words):
        return None
    first = words[0][2]
    if first.islower() and first.endswith(("ing", "ed")) and len(words) > 2:
        return None  # "signaling a thaw between …": a clause, not a name
    inside = ctx.cues_in(start, end)
    # a capitalised name at the end of the words (the head): person, unless an outlet/org name
    run = _name_run(words)
    if run:
        decided, kind = _name_type(ctx, words, run, inside)
        if the_name and kind == "named_person":
            # "the Saudis", "the Teamsters": a capitalised plural after 'the' is a group
            return _Source(start, end, written, "vague") if written.endswith("s") else None
        if decided:
            return None if kind is None else _Source(start, end, written, kind)
        # a capitalised cue word at the start of a sentence ("Officials said"): type by cue
    person = _person_of(ctx, words)
    if person:  # "Economist Ana Diaz of the state university": the head is the name
        return _Source(start, end, written, "named_person")
    head_s, head_e = words[-1][0], words[-1][1]
    for c in inside:
        if c.start < head_e and c.end > head_s:
            return _Source(start, end, written, _unnamed(c.source_type))
    # "a letter to the parents": the words before the first preposition name the source
    types = {c.source_type for c in inside}
    if len(types) > 1:
        cut = next((w[0] for w in words[1:] if w[2].lower() in _HEAD_ENDS), end)
        types = {c.source_type for c in inside if c.start < cut} or types
    for t in TYPE_PRIORITY:
        if t in types:
            return _Source(start, end, written, _unnamed(t))
    return None


def _person_of(ctx: Ctx, words: list[Tok]) -> bool:
    """Whether the words are a person's name, then a preposition and where they work."""
    for k in range(2, len(words) - 1):
        if words[k][2].lower() in _NAME_PREPOSITIONS:
            head = words[:k]
            run = _name_run(head)
            if len(run) < 2 or len(run) < len(head) - 1:
                return False
            # the name, with or without the title before it ("Economist Ana Diaz")
            for name in (head, run[1:] if len(run) == len(head) else run):
                src = _type_source(ctx, name) if len(name) >= 2 else None
                if src is not None and src.source_type == "named_person":
                    return True
            return False
    return False


def _trim(words: list[Tok]) -> list[Tok]:
    """Without possessive 's, leading 'the'/'also', trailing articles."""
    words = [w for w in words if w[2] not in ("'s", "’s")]
    while words and words[0][2].lower() in _LEAD_STRIP:
        words = words[1:]
    while words and words[-1][2].lower() in _ARTICLES:
        words = words[:-1]
    return words


def _one_word(state: _State, start: int, end: int, written: str) -> _Source | None:
    """A pronoun is the person or source cited last; 'it', 'this', 'everyone' name nobody."""
    low = written.lower()
    if low in _PERSON_PRONOUNS:
        return _Source(start, end, written, "named_person", state.last_person)
    if low in _GROUP_PRONOUNS:
        if state.last_source is not None:
            return _Source(start, end, written, state.last_source[1], state.last_source[0])
        return _Source(start, end, written, "vague")  # "they say", no one cited before: vague
    return None


def _name_run(words: list[Tok]) -> list[Tok]:
    """The capitalised words (and name particles) that end ``words``: "Ursula von der Leyen"."""
    run: list[Tok] = []
    for w in reversed(words):
        if _is_cap(w[2]) or (run and w[2].lower() in _NAME_PARTICLES):
            run.append(w)
        else:
            break
    run.reverse()
    return run


def _name_type(
    ctx: Ctx, words: list[Tok], run: list[Tok], inside: list[_Cue]
) -> tuple[bool, str | None]:
    """(decided, type) for words that end in a name; not decided: type them by their cues."""
    if len(run) < len(words):
        # "officials in Moscow", "a spokesman for Acme": the head comes before the preposition
        k = len(words) - len(run) - 1
        while k > 0 and words[k][2].lower() in _ARTICLES:
            k -= 1
        if k > 0 and words[k][2].lower() in _PREPOSITIONS:
            head = _type_source(ctx, words[:k])
            if head is not None and head.source_type != "named_person":
                return True, head.source_type
    if len(words) - len(run) > MAX_WORDS_BEFORE_NAME:
        return True, None
    rs, re_ = run[0][0], run[-1][1]
    if len(run) >= 3 and not any(c.end > run[1][0] and c.start < re_ for c in inside):
        rs = run[1][0]  # "Economist Ana Diaz": a role word, then the name (not the outlet)
    run_types = {c.source_type for c in inside if c.start < re_ and c.end > rs}
    for t in ("publication", "organization"):
        if t in run_types:
            return True, t
    group = run[-1][2]
    if len(run) == 1 and _group_plural(group) and not _known_person(ctx.state, group):
        # "Republicans", "Europeans", "Investors": a group of people, not one person
        return True, "vague"
    if len(run) > 1 and _group_plural(group) and group.endswith(_PARTY_SUFFIXES):
        # "House Democrats", "Iowa Republicans": a party or national group, not a first
        # name and a surname ("Ana Sanders" keeps the person: -ers is a surname ending too)
        return True, "organization"
    name_words = [
        w
        for w in run
        if not any(c.start <= w[0] and w[1] <= c.end for c in inside)
        and not w[2].rstrip(".").isupper()
    ]
    if name_words or len(run) >= 2:
        return True, "named_person"
    return False, None


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


def _lone_name(src: _Source) -> bool:
    """One capitalised word ("Paris", "Acme"): too thin to be sure it names a source."""
    return src.source_type == "named_person" and not src.resolved and " " not in src.text


def _generic_source(text: str, words: list[Tok]) -> _Source | None:
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
