"""Quotations: the quoted words next to an attribution, and labels quoted from a speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document import Segment
from ...lexicon import Hit
from ...spans import Span
from .chosen import _Chosen
from .model import _display, _entries, _explain, _outlet_extra, _rule_text, _Source
from .types import _type_source
from .words import _OBJECT_BEFORE_QUOTE, _QUOTES_CLOSE, _QUOTES_OPEN

if TYPE_CHECKING:
    from .context import Ctx


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
    if op < 0 and opener == "“":
        op = text.rfind('"', seg.start, close)  # mixed quotes: '"I agree,” he said'
    if op < 0 or close - op < 2:
        return None
    return op, close + 1


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation opened since ``start`` (curly or straight quotes;
    a straight quote after a curly opening one closes it: '“We won," he said')."""
    straight = text.count('"', start, pos)
    opened = text.count("“", start, pos)
    closed = text.count("”", start, pos)
    if opened:
        return opened > closed + straight
    return (straight + closed) % 2 == 1  # '"I agree,” he said': a curly quote closes one


def _naming_quote(ctx: Ctx, h: Hit, s_start: int, chosen: _Chosen) -> _Source | None:
    """'what he termed “a big win”': the quoted words are the speaker's own (a quotation span).

    Returns the speaker, or None when there is no such quotation.
    """
    text = ctx.text
    q = _quote_after(text, ctx.seg, h.end)
    if q is None or chosen.overlaps(*q):
        return None
    toks = ctx.window(max(s_start, h.start - 80), h.start)
    k = len(toks) - 1
    while k >= 0 and toks[k][2].lower() != "what":
        k -= 1
    if k < 0 or len(toks) - k - 1 > 4:
        return None
    src = _type_source(ctx, toks[k + 1 :])
    if src is None:
        return None
    who = _display(src)
    chosen.append(
        _quotation(text, q, src, "naming-quotation", _rule_text("naming-quotation", source=who))
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
        taxonomy=_entries()[rule].taxonomy,
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
        taxonomy=_entries()[rule].taxonomy,
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
    if k == pos and text[k] == '"' and text[k - 1 : k].isalnum():
        return None  # 'heard Bob say" stop': a straight quote right after a word closes one
    closer = "”" if text[k] == "“" else '"'
    cl = text.find(closer, k + 1, seg.end)
    if cl < 0 or cl - k < 2:
        return None
    return k, cl + 1


def _quotes_following(ctx: Ctx, pos: int) -> list[tuple[int, int]]:
    """Whole-sentence quotations right after the sentence holding ``pos``: in news, '"…," said
    Ana Ruiz. "More words."' goes on quoting the same speaker until a sentence is not a quote."""
    sents = ctx.seg.sentences
    out: list[tuple[int, int]] = []
    for sent in sents[ctx.chosen.sentence(pos) + 1 :] if sents else ():
        body = sent.text.rstrip()
        start, end = sent.start, sent.start + len(body)
        whole = (
            len(body) > 2
            and body[0] in _QUOTES_OPEN
            and body[-1] in _QUOTES_CLOSE
            and not any(c in _QUOTES_OPEN + _QUOTES_CLOSE for c in body[1:-1].replace("'", ""))
        )
        if not whole or ctx.chosen.overlaps(start, end):
            break
        out.append((start, end))
    return out
