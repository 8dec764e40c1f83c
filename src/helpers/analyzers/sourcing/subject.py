"""Finding a reporting verb's source: its subject to the left, or a name after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import _Source
from .tokens import _NON_SPACE, Tok, _is_cap
from .types import _generic_source, _type_source
from .words import (
    _AFTER_HAVE,
    _APPOSITIVE_MARKS,
    _ARTICLES,
    _ASPECT,
    _AUX,
    _BEFORE_WEEKDAY,
    _BOUNDARY_PUNCT,
    _BOUNDARY_WORDS,
    _CAP_STOP,
    _CLAUSE_STOPS,
    _GENERIC_MAX,
    _GROUP_PRONOUNS,
    _HAVE,
    _HYPOTHETICAL,
    _IRREGULAR_PAST,
    _IT_BEFORE,
    _LY_NOUNS,
    _MODALS,
    _NAME_PARTICLES,
    _NEGATED_AUX,
    _NO_SOURCE,
    _NOT_A_HEAD,
    _OPENING_END,
    _PASSIVE,
    _PERSON_PRONOUNS,
    _PREPOSITIONS,
    _RELATIVE,
    _RIGHT_KEEP,
    _RIGHT_STOP,
    _SOMEONE,
    _TIME_NOUNS,
    _WEEKDAYS,
    MAX_SOURCE_WORDS,
)

if TYPE_CHECKING:
    from .context import Ctx


def _clause_left(toks: list[Tok], i: int) -> tuple[list[Tok], str | None, int]:
    """Words of the clause ending at token ``i`` (inclusive), the boundary met, its index."""
    out: list[Tok] = []
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


def _skip_to_subject(toks: list[Tok], i: int) -> int:
    """Index of the last subject word before a verb, past "also", "didn't" and a day.

    "Ana Ruiz on Monday said" and "the club Tuesday denied" put the day between the subject
    and the verb; the day is when, not who.
    """
    be_ok = False  # after 'quick to' / 'eager to' a form of 'be' is skipped too ('was quick to')
    while i >= 0:
        low = toks[i][2].lower()
        if _skippable(toks[i][2]) or (be_ok and low in _PASSIVE):
            i -= 1
        elif i > 0 and low in _AFTER_HAVE and toks[i - 1][2].lower() in _HAVE:
            i -= 2  # "has since said", "had long argued"
        elif (
            i > 0
            and low in _TIME_NOUNS
            and (toks[i - 1][2].lower() in _BEFORE_WEEKDAY or toks[i - 1][2] in _WEEKDAYS)
        ):
            i -= 1  # "Ana Ruiz last week said", "the mayor Sunday night denied"
            if toks[i][2] not in _WEEKDAYS:
                i -= 1
        elif low == "to" and (n := _aspect_before(toks, i)):
            i -= n + 1  # "she continues to insist", "he went on to say"
            be_ok = True
        elif toks[i][2] in _WEEKDAYS:
            i -= 1
            if i >= 0 and toks[i][2].lower() in _BEFORE_WEEKDAY:
                i -= 1
        else:
            break
    return i


def _aspect_before(toks: list[Tok], i: int) -> int:
    """How many words before ``toks[i]`` ('to') are a verb of going on or starting (0: none)."""
    if i > 0 and toks[i - 1][2].lower() in _ASPECT:
        return 1
    if i > 1 and f"{toks[i - 2][2]} {toks[i - 1][2]}".lower() in _ASPECT:
        return 2
    return 0


def _typed(ctx: Ctx, ws: list[Tok], generic: bool) -> _Source | None:
    """The source the words name; for strong speech verbs also a plain noun phrase."""
    src = _type_source(ctx, ws)
    if src is None and generic:
        src = _generic_source(ctx.text, ws)
    return src


def _not_hypothetical(boundary: str | None) -> bool:
    return boundary is None or boundary.lower() not in _HYPOTHETICAL


def _left_source(
    ctx: Ctx, sent_start: int, verb_start: int, generic: bool = False
) -> tuple[_Source | None, str]:
    """The subject of a reporting verb, looking left within its sentence.

    Returns (source or None, why): why is "ok", "empty" (nothing before: try the right side),
    "inherit" (after and/but: share the sentence's previous source), "who" (the name before
    ", who": mark only the verb if the name is already marked) or "none".  ``generic``
    (strong speech verbs such as "said") also accepts a plain noun phrase ("the driver said").
    """
    lo = max(sent_start, verb_start - 240)
    toks = ctx.window(lo, verb_start)
    if ctx.text.find("--", lo, verb_start) >= 0:
        toks = _one_dash(toks)  # "Ana Ruiz -- who chairs the board -- said": '--' is a dash
    i = _skip_to_subject(toks, len(toks) - 1)
    if i < 0:
        return None, "empty"
    if toks[i][2].lower() in _MODALS or toks[i][2].lower() in _PASSIVE:
        return None, "none"
    i = _skip_brackets(toks, i)
    last = toks[i][2]
    if last in _APPOSITIVE_MARKS:
        src = _appositive(ctx, toks, i, generic)
        return (src, "ok") if src is not None else (None, "empty")
    if last in _BOUNDARY_PUNCT:
        return None, "empty"
    words, boundary, j = _clause_left(toks, i)
    if generic and len(words) > 1 and words[-1][2].lower() in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        # "On Monday he said": an opening phrase, then the pronoun that is the subject
        src = _type_source(ctx, words[-1:])
        if src is not None:
            return src, "ok"
    low = boundary.lower() if boundary is not None else None
    if low == "what" and words and generic:
        # "what many analysts said was …": the subject sits between 'what' and the verb
        return _typed(ctx, words, generic), "ok"
    if not _not_hypothetical(boundary):
        return None, "none"
    if not words:
        return _no_words(ctx, toks, boundary, j, generic)
    src = _type_source(ctx, words)
    if src is None and low in _RELATIVE and j > 0:
        # "parents who live nearby said": the source is the noun before "who"
        k = j - 1 if toks[j - 1][2] != "," else j - 2
        head, hb, _ = _clause_left(toks, k)
        if head and _not_hypothetical(hb):
            src = _typed(ctx, head, generic)
            if src is not None:
                src = _Source(src.start, src.end, src.text, src.source_type, src.resolved)
    if len(words) > 2:
        # "Democrats trying to win the seat say", "a memo seen by reporters said": a
        # participle after the noun describes it; the noun before it is the subject
        p = _participle_at(words)
        if p:
            src = _typed(ctx, words[:p], generic) or src
    if src is None and generic:
        src = _generic_source(ctx.text, words)
    return src, "ok"


def _participle_at(words: list[Tok]) -> int:
    """Index of the first participle after a noun ("trying", "seen" before "by"), or 0."""
    for p in range(1, len(words) - 1):
        w = words[p][2]
        if w.islower() and (w.endswith("ing") or words[p + 1][2] == "by"):
            return p
    return 0


def _one_dash(toks: list[Tok]) -> list[Tok]:
    """The tokens with each '--' (typed for a dash) read as one '-'."""
    out: list[Tok] = []
    for t in toks:
        if t[2] == "-" and out and out[-1][2] == "-" and out[-1][1] == t[0]:
            out[-1] = (out[-1][0], t[1], "-")
        else:
            out.append(t)
    return out


def _skip_brackets(toks: list[Tok], i: int) -> int:
    """ "Ana Ruiz (Green Party) said": the brackets before the verb are dropped from ``toks``."""
    if i > 0 and toks[i][2] == ")":
        k = i - 1
        while k > 0 and toks[k][2] not in "()" and i - k < 12:
            k -= 1
        if toks[k][2] == "(":
            del toks[k : i + 1]
            i = k - 1
    return i


def _appositive(ctx: Ctx, toks: list[Tok], i: int, generic: bool) -> _Source | None:
    """ "Name, appositive, said" (or dashes): skip back over the appositive to the name."""
    words, boundary, j = _clause_left(toks, i - 1)
    if boundary in _RELATIVE and j > 0 and toks[j - 1][2] in _APPOSITIVE_MARKS:
        # "Ana Ruiz, who runs the club, said"
        words, boundary, j = toks[j:i], toks[j - 1][2], j - 1
    if boundary in _APPOSITIVE_MARKS and words and len(words) <= 25:
        head, hb, _ = _clause_left(toks, j - 1)
        if _not_hypothetical(hb):
            src = _type_source(ctx, head)
            if src is None or src.source_type == "anonymous":
                # "The port manager, Eva Holm, said": the name is the appositive
                named = _type_source(ctx, words)
                if named is not None and (src is None or named.source_type == "named_person"):
                    src = named
            if src is None and generic:
                src = _generic_source(ctx.text, head)
            if src is not None:
                return src
    return _long_appositive(ctx, toks, i, generic)


def _no_words(
    ctx: Ctx, toks: list[Tok], boundary: str | None, j: int, generic: bool
) -> tuple[_Source | None, str]:
    """A clause boundary right before the verb: 'who said', 'and said', '…, said'."""
    low = boundary.lower() if boundary is not None else None
    if low in _RELATIVE and j > 0 and toks[j - 1][2][:1].isalnum():
        # "business leaders who say …", "a poll that showed …": the noun just before it
        head, hb, _ = _clause_left(toks, j - 1)
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1][2]) or ctx.cues_in(*head[k - 1][:2])):
            k -= 1  # keep only the noun phrase before 'who': "lawmakers", "Ana Ruiz"
        head = head[k:]
        if head and _not_hypothetical(hb):
            src = _type_source(ctx, head)
            # other verbs: "voters who prefer tea" describes a group, it does not cite it
            if src is not None and (generic or src.source_type != "vague"):
                return src, "ok"
    if boundary in ("who", "which") and j > 0 and toks[j - 1][2] == ",":
        # "Ana Ruiz, who chairs the board, said" is an appositive; this is "Ana Ruiz, who said"
        # ("the election board, which ruled …": 'which' for an organization)
        head, _hb, _ = _clause_left(toks, j - 2)
        # '"…," said Ana Ruiz, who noted …': the name right before the comma
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1][2]) or head[k - 1][2].lower() in _NAME_PARTICLES):
            k -= 1
        src = _type_source(ctx, head[k:]) if 0 < k < len(head) else None
        if src is None:
            # "… a wave of alarm among legal experts, who worry": the noun right before
            k = len(head)
            while k > 0 and ctx.cues_in(*head[k - 1][:2]):
                k -= 1
            src = _type_source(ctx, head[k:]) if 0 < k < len(head) else None
        return (src or _typed(ctx, head, generic)), "who"
    if low in ("and", "but"):
        return None, "inherit"
    return None, "empty"


def _long_appositive(ctx: Ctx, toks: list[Tok], i: int, generic: bool) -> _Source | None:
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
    src = _type_source(ctx, head)
    if src is None and generic:
        src = _generic_source(ctx.text, head)
    return src


# "(?<![\w.'’-])[A-Z]…", with the capital first so the regex engine skips from capital to capital


def _it_source(ctx: Ctx, sent_start: int, verb_start: int) -> _Source | None:
    """'It said' / 'It also denied': the organization or outlet cited last.

    After "the ministry said …", a following "It added …" still reports the ministry.  Only
    speech and public-act verbs count ("it seems", "it shows" are not anyone speaking), and
    "it" must open its clause.
    """
    text, state = ctx.text, ctx.state
    if state.last_group is None:
        return None
    toks = ctx.window(max(sent_start, verb_start - 60), verb_start)
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


def _according_fallback(ctx: Ctx, start: int, end: int) -> _Source | None:
    """'according to him', 'according to a letter from …', 'according to someone there'.

    'According to' always names where information comes from, so when the cue lists give no
    type we still keep the source: a pronoun is the person or group cited last, an unnamed
    person is anonymous, and a thing ("a letter", "interviews", "an archived version") is a
    document the reader could look up.
    """
    text, state = ctx.text, ctx.state
    toks = ctx.window(start, min(end, start + 120))
    words: list[Tok] = []
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


def _right_source(
    ctx: Ctx, pos: int, limit: int, lenient: bool = False, generic: bool = False
) -> _Source | None:
    """The source after an inverted verb: ``"…," said Mr. Lee`` or ``…, said a spokesman``.

    ``lenient`` (after ``according to``, where a source must follow) also keeps lowercase words
    such as adjectives: "according to a recent poll of voters".
    """
    text = ctx.text
    for s, e in ctx.anon:
        if 0 <= s - pos <= 2:
            return _Source(s, e, text[s:e], "anonymous")
    toks = ctx.window(pos, min(limit, pos + 120))
    words: list[Tok] = []
    for i, t in enumerate(toks):
        w = t[2]
        if w in _BOUNDARY_PUNCT or w in ".!?":
            break
        low = w.lower()
        covered = any(c.start <= t[0] < c.end for c in ctx.cues_in(t[0], t[1]))
        if low in _RIGHT_STOP:
            break
        plain = not (_is_cap(w) or low in _RIGHT_KEEP or covered or low in _PERSON_PRONOUNS)
        if plain and (
            not lenient
            or not w[:1].isalnum()
            or (
                words
                and low.endswith(("ed", "ing"))
                and not _before_cue(ctx, toks, i)
                # after a possessive the noun phrase goes on: "the council's published minutes"
                and not any(w[2].endswith(("'s", "’s")) for w in words)
            )
        ):
            break
        words.append(t)
        if len(words) > MAX_SOURCE_WORDS:
            if not lenient:
                return None
            words.pop()
            break
    if words and _ends_sentence(words[-1]):  # "…, said a former aide to the mayor."
        s, e, w = words[-1]
        words[-1] = (s, e - 1, w[:-1])
    src = _type_source(ctx, words)
    if src is None and generic:
        src = _generic_source(text, words)
    return src


def _ends_sentence(tok: Tok) -> bool:
    """A lower-case word read with the full stop after it ("mayor."), not an abbreviation
    ("a.m.", "Mr.", "U.S."): the stop ends the sentence and is no part of the source."""
    w = tok[2]
    return len(w) > 2 and w.endswith(".") and w[:-1].isalpha() and w[:-1].islower()


def _before_cue(ctx: Ctx, toks: list[Tok], i: int) -> bool:
    """Whether the token after ``toks[i]`` is a source-type cue word: "-ing" or "-ed" then
    modifies it ("the city planning office", "the elected council"), it ends no phrase."""
    if i + 1 >= len(toks):
        return False
    s, e = toks[i + 1][0], toks[i + 1][1]
    return any(c.start <= s < c.end for c in ctx.cues_in(s, e))


def _sentence_subject(ctx: Ctx, sent_start: int, limit: int) -> _Source | None:
    """The name a sentence opens with ("Mr. Lee backed the plan, saying …" → Mr. Lee)."""
    words: list[Tok] = []
    for t in ctx.window(sent_start, min(limit, sent_start + 120)):
        w = t[2]
        covered = bool(ctx.cues_in(t[0], t[1]))
        if _is_cap(w) or w.lower() in _ARTICLES or covered or w.lower() in _PERSON_PRONOUNS:
            words.append(t)
            if len(words) > MAX_SOURCE_WORDS:
                return None
            continue
        break
    src = _type_source(ctx, words)
    if src is None or src.source_type == "vague":
        return None
    return src


def _main_subject(ctx: Ctx, sent_start: int, limit: int, generic: bool) -> _Source | None:
    """The grammatical subject of a sentence, after an opening phrase.

    "In three interviews, the retired judge criticized the plan, saying …": the opening phrase
    up to the first comma is skipped, then the noun phrase up to the first verb is the subject
    that a later participle (", saying") shares.
    """
    toks = ctx.window(sent_start, min(limit, sent_start + 240))
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
    words: list[Tok] = []
    for t in toks[k:]:
        w = t[2]
        low = w.lower()
        if (
            t[0] in ctx.verb_starts
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
    src = _type_source(ctx, words)
    if src is None and generic:
        src = _generic_source(ctx.text, words)
    if src is None or src.source_type == "vague":
        return None
    return src
