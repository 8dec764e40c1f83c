"""The passes over one segment, in the order they run; each claims what no earlier pass did.

1. frames (``according to X``) and vague phrases; 2. a speaker's name and a colon, at the start
of a sentence or before a quotation; 3. reporting verbs, each looking for its source; 4. ``when
asked …``, which shares the speaker of its sentence's attribution.
"""

from __future__ import annotations

import re

from ...document import Document, Segment
from ...lexicon import Hit
from ...spans import Span
from .chosen import _Chosen
from .context import Ctx
from .model import (
    _Cue,
    _display,
    _explain,
    _kind,
    _kinds,
    _outlet_extra,
    _rule_text,
    _Source,
    _State,
    _type_explanations,
)
from .quotes import (
    _credited,
    _inside_quote,
    _naming_quote,
    _quotation,
    _quote_after,
    _quote_before,
    _quotes_following,
)
from .subject import (
    _according_fallback,
    _it_source,
    _left_source,
    _main_subject,
    _right_source,
    _sentence_subject,
    _skip_to_subject,
)
from .tokens import _is_cap, _SegmentTokens, _stripped_is, _stripped_tail
from .types import _generic_source, _known_person, _lone_name, _type_source
from .words import (
    _ADD_VERBS,
    _ASKED_LEAD,
    _BE_BEFORE,
    _BY_AFTER,
    _CAP_STOP_UPPER,
    _COLON_SPEAKER,
    _DETERMINER_BEFORE,
    _HEADLINE_NOUNS,
    _ING_TYPES,
    _IT_VERBS,
    _NAME_COLON_QUOTE,
    _NAMING_VERBS,
    _NEAR_GAP,
    _OPENING_PARTICIPLE,
    _PARTICIPLE_BEFORE,
    _PASSIVE,
    _POSSESSIVE_BEFORE,
    _PROGRESSIVE,
    _PRONOUNS,
    _THAT_BEFORE,
    _WHEN_BEFORE,
    _WITH_SUBJECT,
    TITLE_ROLES,
)

# what must follow 'add' (the [words] list add_verbs) for it to report words
_ADD_SPEECH = re.compile(r"\s*+(?:that\b|[,:;\"“”'‘’.!?(—–-]|$)")
# a quotation closed just before a short subject: '"We are ready," the coach added'
_QUOTE_THEN_SUBJECT = re.compile(r"[,?!][\"”]\s+(?:[\w’'.-]+\s+){1,4}\Z")


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
    if anon and verbs:  # "people familiar with the plan said": 'plan' names no act of saying
        verbs = [v for v in verbs if not any(s <= v.start and v.end <= e for s, e in anon)]
    has_colon = text.find(":", seg.start, seg.end) >= 0
    if not verbs and not firsts and not has_colon:
        return []  # every rule below starts from a verb, a frame, a vague phrase or a colon
    cues = [
        c
        if isinstance(c, _Cue)
        else _Cue(c.start, c.end, str(c.entry.data["source_type"]), c.entry.id)
        for c in pending
    ]
    cues.sort(key=lambda c: (c.start, -c.end))
    ctx = Ctx(
        text=text,
        seg=seg,
        state=state,
        cues=cues,
        starts=[c.start for c in cues],
        anon=anon,
        verb_starts=frozenset(h.start for h in verbs),
        tokens=_SegmentTokens(text, seg.start, seg.end),
        chosen=_Chosen(seg),
    )
    _frames_and_vague(ctx, firsts, verbs)
    if has_colon:
        _colon_speakers(ctx)
        _name_colon_quotes(ctx)
    asked = [h for h in verbs if _reporting_verb(ctx, h)]
    _asked(ctx, asked)
    return sorted((c[2] for c in ctx.chosen.items), key=lambda sp: (sp.start, sp.end))


def _frames_and_vague(ctx: Ctx, firsts: list[Hit], verbs: list[Hit]) -> None:
    """Pass 1: ``according to X``, ``was reported by X`` and vague phrases ("critics say")."""
    text = ctx.text
    firsts.sort(key=lambda h: (h.match.start(), -h.match.end()))
    for h in firsts:
        m = h.match
        if ctx.chosen.overlaps(m.start(), m.end()):
            continue
        if _kind(h.entry) == "vague":
            span = h.to_span(
                text,
                source=text[h.start : h.end],
                source_type="vague",
                explanation=h.entry.explanation,
            )
            ctx.add(span, None)
            continue
        if h.entry.data.get("skip_after_verb") and any(0 <= m.start() - v.end <= 2 for v in verbs):
            continue  # "she said in an interview": the verb's span covers this attribution
        ss = m.start("source")
        src = _right_source(ctx, ss, m.end("source"), lenient=True, generic=True)
        if src is None and h.entry.id == "frame-according-to":
            src = _according_fallback(ctx, ss, m.end("source"))
        if src is None:
            continue
        label = _label(src)
        base = h.entry.explanation if label == "attribution" else _vague_explanation()
        ctx.add(_credited(text, m.start("mark"), src.end, src, h.entry.id, base, label), src)


def _colon_speakers(ctx: Ctx) -> None:
    """Pass 2a: a speaker's name and a colon at the start of a sentence: 'Coach Ruiz: "We won."'"""
    text = ctx.text
    for sent in ctx.seg.sentences:
        if text.find(":", sent.start, sent.end) < 0:
            continue  # the rule needs a colon: skip the regex
        m = _COLON_SPEAKER.match(text, sent.start, sent.end)
        if m is None or ctx.chosen.overlaps(m.start(), m.end()):
            continue
        words = ctx.window(m.start(1), m.end(1))
        if not all(_is_cap(w[2]) and len(w[2]) > 1 for w in words):
            continue
        src = _type_source(ctx, words)
        if len(words) == 1 and not _one_word_speaker(ctx, words[0][2], src):
            continue  # "Opinion:", "Note:", "Update:" label what follows; nobody speaks
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
            _rule_text("colon-speaker"),
            "attribution",
        )
        ctx.add(span, src)


def _one_word_speaker(ctx: Ctx, word: str, src: _Source | None) -> bool:
    """One word before a colon is a speaker when it is a person's name written elsewhere in
    full ("Ruiz:", a transcript's "RUIZ:") or names a document or group ("Report:", "Poll:")."""
    if _known_person(ctx.state, word):
        return True
    if word.isupper() and len(word) >= 4 and _known_person(ctx.state, word.title()):
        return True
    return src is not None and src.source_type in ("publication", "organization")


def _name_colon_quotes(ctx: Ctx) -> None:
    """Pass 2b: a name and a colon before a quotation, anywhere: 'Pollster Ana Ruiz: “Close.”'"""
    text, seg = ctx.text, ctx.seg
    for m in _NAME_COLON_QUOTE.finditer(text, seg.start, seg.end):
        if ctx.chosen.overlaps(m.start(), m.end()):
            continue
        words = ctx.window(m.start(1), m.end(1))
        src = _type_source(ctx, words)
        if src is None or src.source_type in ("vague", "anonymous"):
            continue
        if _lone_name(src) and not _known_person(ctx.state, src.text):
            continue  # "Ruiz: “No.”" alone is too thin; "Ana Ruiz" elsewhere makes it a name
        span = _credited(
            text,
            src.start,
            m.end(),
            src,
            "colon-speaker",
            _rule_text("colon-speaker", "quote_explanation"),
            "attribution",
        )
        ctx.add(span, src)


def _reporting_verb(ctx: Ctx, h: Hit) -> bool:
    """Pass 3: one reporting verb, its source looked for left (or right) of it.

    Returns True for ``When asked …`` / ``Asked whether …``, whose speaker pass 4 finds.
    """
    if ctx.chosen.overlaps(h.start, h.end):
        return False
    text = ctx.text
    s_start, s_end = ctx.sentence_of(h.start)
    if _DETERMINER_BEFORE.search(text, max(s_start, h.start - 7), h.start):
        return False  # "the plan", "his support", "a call": a noun, not a verb
    if (
        text[h.start - 3 : h.start - 1] in ("'s", "’s")  # cheap test first: most verbs fail it
        and not text.endswith("ing", h.start, h.end)
        and _POSSESSIVE_BEFORE.search(text, max(s_start, h.start - 40), h.start)
    ):
        return False  # "the editor's note", "Ana Ruiz's claims": a noun after a possessive
    if _ASKED_LEAD.search(text, max(s_start, h.start - 6), h.end) and (
        h.start == s_start
        or _stripped_is(text, s_start, h.start, ("", "when", "after"))
        or _WHEN_BEFORE.search(text, max(s_start, h.start - 8), h.start)
    ):
        return True
    if text[h.start].isupper() and h.start != s_start and ctx.seg.role not in TITLE_ROLES:
        return False  # "the United States", "Daily Reports": part of a name, not a verb
    verb_word = text[h.start : h.end].split()[0].lower()
    if verb_word in _ADD_VERBS and not _ADD_SPEECH.match(text, h.end):
        return False  # "adding ten minutes to journeys", "the council added 10 buses": no words
    if ctx.seg.role in TITLE_ROLES and _headline_noun(text, h, verb_word, s_end):
        return False  # "City Council Approves Plan": a noun ending a title-case headline
    strong = bool(h.entry.data.get("strong"))
    if _BY_AFTER.match(text, h.end) and verb_word not in _PASSIVE:
        return False  # "endorsed by Russia": a passive participle; frames handle "reported by"
    src: _Source | None
    ing = verb_word.endswith("ing")
    prog = _PROGRESSIVE.search(text, max(s_start, h.start - 24), h.start) if ing else None
    if h.entry.data.get("after_be"):
        # "the mayor was critical of the plan": the subject is before the "was"
        be = _BE_BEFORE.search(text, max(s_start, h.start - 48), h.start)
        if be is None:
            return False  # "voters worried about prices": a description, no one's stance
        src, why = _left_source(ctx, s_start, be.start(), strong)
    elif prog is not None:
        # "Ana Ruiz is touting her plan": a finite verb, its subject is before the "is"
        src, why = _left_source(ctx, s_start, prog.start(), strong)
    elif ing and _OPENING_PARTICIPLE.match(text, s_start, h.start):
        return True  # "Recalling that day, Ana Ruiz said …": pass 4 shares the speaker
    elif ing:
        # only a participle clause (", noting that …") shares the sentence's source
        if not _PARTICIPLE_BEFORE.search(text, max(s_start, h.start - 40), h.start):
            _ing_subject(ctx, h, s_start, strong)
            return False
        src, why = None, "inherit"
    else:
        # after a quotation any noun phrase is the speaker: '"…," the coach added'
        quoted = _QUOTE_THEN_SUBJECT.search(text, max(s_start, h.start - 60), h.start)
        src, why = _left_source(ctx, s_start, h.start, strong or quoted is not None)
    if src is None and why == "ok" and h.entry.id in _IT_VERBS:
        src = _it_source(ctx, s_start, h.start)
    if src is None and why == "empty":
        # inverted: '"…," said former coach Ana Ruiz' (lowercase titles allowed)
        inverted = strong and (
            _quote_before(text, ctx.seg, h.start) is not None
            or _stripped_tail(text, s_start, h.start, 4).rstrip("\"'”’ ").endswith((",", "?", "!"))
        )  # '…, said a former aide to the mayor': a described speaker after the verb
        src = _right_source(ctx, h.end, s_end, lenient=inverted, generic=inverted)
    if verb_word in _NAMING_VERBS and why == "none":
        _naming(ctx, h, s_start)
        return False
    if (
        src is not None
        and h.entry.data.get("strict")
        and _lone_name(src)
        and not _known_person(ctx.state, src.text)
    ):
        return False
    allowed = h.entry.data.get("source_types")
    if src is not None and allowed and src.source_type not in allowed:
        return False
    if src is not None and _nested_pronoun(ctx, src, s_start, strong):
        return False
    if src is None and why == "inherit" and not allowed:
        _inherit(ctx, h, s_start, strong)
    elif src is not None:
        _attribute(ctx, h, src, why)
    return False


def _nested_pronoun(ctx: Ctx, src: _Source, s_start: int, strong: bool) -> bool:
    """'Ana Ruiz told the crowd that she knows …': after 'that', a pronoun's view is part of
    what the sentence already reports, not a second source (the earlier attribution marks it)."""
    if src.text.lower() not in _PRONOUNS:
        return False
    if _inside_quote(ctx.text, ctx.seg.start, src.start):
        return True  # '"They want safe homes," she said': the quoted speaker's own words
    if strong:
        return False
    prev = ctx.chosen.last_before(s_start, src.start)
    if prev is None:
        return False
    if _THAT_BEFORE.search(ctx.text, max(s_start, src.start - 6), src.start):
        return True
    # "Ana Ruiz said Tuesday she hopes …": the pronoun a few words after the attribution
    return prev[1] <= src.start and _NEAR_GAP.fullmatch(ctx.text, prev[1], src.start) is not None


def _headline_noun(text: str, h: Hit, verb_word: str, s_end: int) -> bool:
    """A verb that is also a common noun ("Plan", "Support") closing a headline is the noun:
    "City Council Approves Plan" (a headline's verb comes earlier: "Council Plans Vote")."""
    alone = verb_word == text[h.start : h.end].lower()
    return (
        alone and verb_word in _HEADLINE_NOUNS and not text[h.end : s_end].strip(" \t.!?:;,\"'”’")
    )


def _label(src: _Source) -> str:
    return "vague_attribution" if src.source_type == "vague" else "attribution"


def _vague_explanation() -> str:
    return _type_explanations().get("vague", "")


def _ing_subject(ctx: Ctx, h: Hit, s_start: int, strong: bool) -> None:
    """An ``-ing`` verb that opens no participle clause: its own subject is right before it."""
    text = ctx.text
    w = _WITH_SUBJECT.search(text, max(s_start, h.start - 60), h.start)
    if w is None:
        # "a new poll showing", "the group backing her": a document or group
        # right before the -ing verb is its source
        src, why = _left_source(ctx, s_start, h.start)
        if why != "ok" or src is None or src.source_type not in _ING_TYPES:
            return
    else:
        # "with the mayor calling for calm": 'with' + a subject + an -ing verb
        ws = ctx.window(*w.span(1))
        ws = ws[: _skip_to_subject(ws, len(ws) - 1) + 1]
        src = _type_source(ctx, ws)
        if src is None and strong:
            src = _generic_source(text, ws)
    if src is None or (h.entry.data.get("strict") and _lone_name(src)):
        return
    label = _label(src)
    if ctx.chosen.overlaps(src.start, h.end):
        return
    base = h.entry.explanation if label == "attribution" else ""
    ctx.add(_credited(text, src.start, h.end, src, h.entry.id, base, label), src)


def _naming(ctx: Ctx, h: Hit, s_start: int) -> None:
    """'what Mr. Hedge called “…”': the quotation, and the attribution if it is the only one."""
    named = _naming_quote(ctx, h, s_start, ctx.chosen)
    if named is not None and not ctx.chosen.names(h.start, _display(named)):
        span = _credited(
            ctx.text, named.start, h.end, named, h.entry.id, h.entry.explanation, "attribution"
        )
        ctx.add(span, named)


def _inherit(ctx: Ctx, h: Hit, s_start: int, strong: bool) -> None:
    """A verb after 'and'/'but' or a participle: the source of the sentence's attribution."""
    last = ctx.chosen.last_before(s_start, h.start)
    inherited: _Source | None
    if last is not None:
        inherited = last[3]
    else:
        inherited = _sentence_subject(ctx, s_start, h.start)
        if inherited is None:
            inherited = _main_subject(ctx, s_start, h.start, strong)
    if inherited is None:
        return
    span = h.to_span(
        ctx.text,
        label=_label(inherited),
        source=_display(inherited),
        source_type=inherited.source_type,
        explanation=_explain(h.entry.explanation, inherited) + " " + _rule_text("same-source"),
        extra=_outlet_extra(inherited),
    )
    ctx.add(span, None)


def _attribute(ctx: Ctx, h: Hit, src: _Source, why: str) -> None:
    """The verb and its source as one span, and the quotation next to it if there is one."""
    text, seg, overlaps = ctx.text, ctx.seg, ctx.chosen.overlaps
    label = _label(src)
    s, e = min(src.start, h.start), max(src.end, h.end)
    if (
        overlaps(s, e)
        and not overlaps(h.start, h.end)
        and (why == "who" or _same_speaker(ctx, src, s, e))
    ):
        # the source is already marked ('said Ana Ruiz, who noted'), or a verb of the same
        # speaker between it and this one is ('Ana Ruiz, who calls the plan "a mess," said')
        s, e = h.start, h.end
    if overlaps(s, e):
        return
    base = h.entry.explanation if label == "attribution" else ""
    ctx.add(_credited(text, s, e, src, h.entry.id, base, label), src)
    if label != "attribution":
        return
    q = _quote_before(text, seg, s) or _quote_after(text, seg, e)
    explanation = _rule_text("direct-quotation", source=_display(src))
    if q is not None and not overlaps(*q):
        ctx.chosen.append(_quotation(text, q, src, "direct-quotation", explanation))
    for more in _quotes_following(ctx, max(e, q[1] if q else e)):
        ctx.chosen.append(_quotation(text, more, src, "direct-quotation", explanation))


def _same_speaker(ctx: Ctx, src: _Source, s: int, e: int) -> bool:
    """Whether every chosen span in ``[s, e)`` is credited to ``src`` or lies between it and
    the verb (an appositive's own verb: 'Ana Ruiz, noting the cost, said')."""
    name = _display(src)
    for cs, ce, span, _src in ctx.chosen.items:
        if cs < e and ce > s and span.source != name and not (src.end <= cs and ce <= e):
            return False
    return True


def _asked(ctx: Ctx, asked: list[Hit]) -> None:
    """Pass 4: "when asked …" / "Asked whether …" (and an opening participle: "Recalling that
    day, …"): the speaker of the same sentence's attribution."""
    for h in asked:
        s_start, s_end = ctx.sentence_of(h.start)
        near = ctx.chosen.nearest(s_start, s_end, h.start)
        if near is None or ctx.chosen.overlaps(h.start, h.end):
            continue
        who = near[3]
        assert who is not None
        if _ASKED_LEAD.search(ctx.text, h.start, h.end):
            why = _explain(_rule_text("when-asked"), who)
        else:
            why = _explain(h.entry.explanation, who) + " " + _rule_text("same-source")
        span = h.to_span(
            ctx.text,
            source=_display(who),
            source_type=who.source_type,
            explanation=why,
            extra=_outlet_extra(who),
        )
        ctx.chosen.append((span.start, span.end, span, None))
