"""Marks on an article: choosing spans, drawing them as phrases, their tags, tips and legend.

Each mark is a ``<mark>`` you can hover, tab to or click (it takes keyboard focus): its
explanation, label and the names researchers use appear in a tooltip (pure CSS, no JavaScript),
and screen readers get the same text through ``aria-describedby``.  Layers differ by underline
style and every mark ends in a visible tag (``F·hedge``), so nothing depends on colour alone.
All text from the article and the spans is escaped; the only tags and attributes in the output
are the renderer's own (a test parses the output to check).  The highlighted text, the
comparison and the report are all drawn by :func:`article_html`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from ..document import ends_sentence
from . import palette as pal
from .layout import Block, Node, layout
from .toolkit import CommentZone, e, part_close, part_open, short

if TYPE_CHECKING:
    from ..document import Document
    from ..spans import Span


class Drawn(Protocol):
    """What the renderer reads from each mark it draws: a Span, or a view's record around one
    (the comparison's, which keeps its view state out of the span)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...


D = TypeVar("D", bound=Drawn)
D_contra = TypeVar("D_contra", bound=Drawn, contravariant=True)

LAYER_ALIASES: dict[str, str] = {
    "sourcing": "sourcing",
    "sources": "sourcing",
    "who says so": "sourcing",
    "framing": "framing",
    "how it's told": "framing",
    "how it is told": "framing",
    "rhetoric": "rhetoric",
    "comments": "rhetoric",
    "how the comments argue": "rhetoric",
}


def normalize_layers(layers: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if layers is None:
        return None
    items = [layers] if isinstance(layers, str) else list(layers)
    out = []
    for item in items:
        key = str(item).strip().lower().replace("’", "'").rstrip("?")
        if key in ("all", "all three", "everything"):
            return None
        if key not in LAYER_ALIASES:
            raise ValueError(
                f"unknown layer {item!r}; use sourcing ('Who says so'), framing ('How it's told') "
                "or rhetoric ('How the comments argue')"
            )
        out.append(LAYER_ALIASES[key])
    return tuple(dict.fromkeys(out))


def select(
    spans: Iterable[D],
    layers: str | Iterable[str] | None = None,
    labels: str | Iterable[str] | None = None,
) -> list[D]:
    """The spans on the chosen layers and labels, in reading order (that order numbers them)."""
    chosen = normalize_layers(layers)
    wanted = None if labels is None else ({labels} if isinstance(labels, str) else set(labels))
    out = [
        s
        for s in spans
        if (chosen is None or s.layer in chosen) and (wanted is None or s.label in wanted)
    ]
    out.sort(key=lambda s: (s.start, -s.end, s.layer, s.label))
    return out


# --- marks ----------------------------------------------------------------------------------


class MarkStyle(Protocol[D_contra]):
    """How one mark is drawn: CSS classes, tag text and tooltip parts."""

    def classes(self, item: D_contra) -> str: ...
    def tag(self, item: D_contra, number: str | None) -> str: ...
    def phrase_key(self, item: D_contra) -> Hashable: ...
    def heading(self, item: D_contra) -> str: ...
    def reason(self, item: D_contra) -> Span: ...
    def tip(self, item: D_contra) -> str: ...


class SpanStyle:
    """How an analysis span is drawn: its kind's colour, tag and reason (:class:`MarkStyle`)."""

    def classes(self, span: Span) -> str:
        sw = pal.swatch_for(span.layer, pal.span_kind(span))
        return f"mlv-l-{e(span.layer)} mlv-c-{sw.key}"

    def tag(self, span: Span, number: str | None) -> str:
        tag = pal.span_kind_tag(span)
        return tag if number is None else f"{tag} {number}"

    def phrase_key(self, span: Span) -> tuple[str, ...]:
        """Side-by-side marks with the same key are drawn as one phrase with one tag."""
        return (span.layer, pal.span_kind(span))

    def heading(self, span: Span) -> str:
        return f"{pal.label_name(pal.span_kind(span))} ({pal.layer_style(span.layer).question})"

    def reason(self, span: Span) -> Span:
        """The span whose explanation, source and research names the tooltip gives."""
        return span

    def tip(self, span: Span) -> str:
        return tip_html(span, heading=self.heading(span))


def tip_html(span: Span, heading: str | None = None) -> str:
    head = heading or SpanStyle().heading(span)
    parts = [f"<b>{e(head)}</b>"]
    if span.text:
        parts.append(f'<span class="mlv-quote">“{e(short(span.text))}”</span>')
    parts.append(reason_html(span))
    return "".join(parts)


def reason_html(span: Span) -> str:
    """Why a span is marked: its explanation, its source and what researchers call it."""
    parts = []
    if span.explanation:
        parts.append(f"<span>{e(span.explanation)}</span>")
    if span.source:
        kind = f" ({e(pal.source_type_words(span.source_type))})" if span.source_type else ""
        parts.append(f" <span>Source: {e(span.source)}{kind}.</span>")
    tax = pal.researchers_call_this(span.taxonomy or pal.label_taxonomy(span.label))
    if tax:
        parts.append(f'<span class="mlv-tax">Researchers call this: {e(tax)}</span>')
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Phrase(Generic[D]):
    """One drawn mark: one span, or side-by-side spans of one kind (``numbers`` count from 1
    in the order of the spans given, as the numbered notes do)."""

    start: int
    end: int
    parts: tuple[D, ...]
    numbers: tuple[int, ...]

    @property
    def first(self) -> D:
        return self.parts[0]


def phrases(
    spans: Sequence[D], text: str, key: Callable[[D], Hashable] | None = None
) -> list[Phrase[D]]:
    """Join marks of the same kind that only spaces separate (never across a line break, never
    from one sentence into the next).

    Marking "could signify" as two hedges, or a phrase word by word, then shows one mark and
    one tag; the tooltip keeps every part's reason.  Two questions side by side stay two marks,
    so what a student sees matches the count.  Linear in the number of spans.
    """
    key = key or _kind_key
    out: list[Phrase[D]] = []
    open_at: dict[Hashable, int] = {}  # key -> index in out of the phrase that may grow
    for n, span in enumerate(spans, 1):
        k = key(span)
        i = open_at.get(k)
        if i is not None and span.end > span.start:
            last = out[i]
            gap = text[last.end : span.start]
            if (
                last.end <= span.start
                and (gap == "" or (gap.isspace() and "\n" not in gap))
                and not ends_sentence(text, last.end, last.start)
            ):
                out[i] = Phrase(last.start, span.end, (*last.parts, span), (*last.numbers, n))
                continue
        if span.end > span.start:
            open_at[k] = len(out)
        out.append(Phrase(span.start, span.end, (span,), (n,)))
    return out


def _kind_key(item: Drawn) -> Hashable:
    """:meth:`SpanStyle.phrase_key` for anything with a layer and label (and source type)."""
    return (item.layer, pal.span_kind(item))


def _numbers_text(numbers: Sequence[int]) -> str:
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def phrase_tip(style: MarkStyle[D], phrase: Phrase[D], text: str) -> str:
    """The tooltip of a drawn mark: one heading and quote, each distinct reason once."""
    if len(phrase.parts) == 1:
        return style.tip(phrase.first)
    head = f"<b>{e(style.heading(phrase.first))}</b>"
    quote = f'<span class="mlv-quote">“{e(short(text[phrase.start : phrase.end]))}”</span>'
    reasons = dict.fromkeys(reason_html(style.reason(p)) for p in phrase.parts)
    return head + quote + "".join(reasons)


def render_node(
    node: Node,
    text: str,
    spans: Sequence[Phrase[D]],
    out: list[str],
    *,
    uid: str,
    style: MarkStyle[D],
    numbers: bool,
) -> None:
    """Append the HTML of ``node`` (escaped text and the renderer's own tags only)."""
    pos = node.start
    for child in node.children:
        if child.start > pos:
            out.append(e(text[pos : child.start]))
        _render_mark(child, text, spans, out, uid=uid, style=style, numbers=numbers)
        pos = child.end
    if node.end > pos:
        out.append(e(text[pos : node.end]))


def _render_mark(
    node: Node,
    text: str,
    spans: Sequence[Phrase[D]],
    out: list[str],
    *,
    uid: str,
    style: MarkStyle[D],
    numbers: bool,
) -> None:
    sid = node.sid
    assert sid is not None
    phrase = spans[sid]
    span = phrase.first
    n = phrase.numbers[0]
    cls = f"mlv-mark {style.classes(span)} mlv-h{min(node.height, 4)}"
    if node.start == node.end:
        cls += " mlv-empty"
    attrs = f'class="{cls}" data-n="{n}"'
    if node.last:
        # the anchor its explanation is placed by (where the browser can: toolkit.css)
        attrs += (
            f' id="{uid}-m{n}" tabindex="0" aria-describedby="{uid}-t{n}"'
            f' style="anchor-name:--{uid}-m{n}"'
        )
    else:
        attrs += ' data-part="continues"'
    out.append(f"<mark {attrs}>")
    render_node(node, text, spans, out, uid=uid, style=style, numbers=numbers)
    if node.last:
        tag = style.tag(span, _numbers_text(phrase.numbers) if numbers else None)
        out.append(f'<span class="mlv-tag" aria-hidden="true">{e(tag)}</span>')
        tip = "mlv-tip mlv-tip-up" if _opens_up(node.start, len(text)) else "mlv-tip"
        out.append(
            f'<span class="{tip}" id="{uid}-t{n}" style="position-anchor:--{uid}-m{n}"'
            ' role="tooltip" aria-hidden="true">'
            f"{phrase_tip(style, phrase, text)}</span>"
        )
    out.append("</mark>")


def _opens_up(start: int, length: int) -> bool:
    """Whether a mark's explanation opens above it: in the last part of the text, so that a box
    that clips its content (a widget, an output area) never cuts the explanation of the last
    lines off (above them stand the earlier lines, and the legend and findings of a view)."""
    return start > _UP_FROM * length


_UP_FROM = 0.55  # share of the text after which explanations open upwards


def article_html(
    doc: Document,
    spans: Sequence[D],
    *,
    uid: str,
    style: MarkStyle[D] | None = None,
    numbers: bool = False,
    label: str = "Article with highlighted marks",
    first_line: int = 1,
) -> str:
    """The article's segments with line and role tags and the spans' marks (no CSS, no legend).

    Each part is tagged "Line N · paragraph" with the lessons' numbering; ``first_line`` is
    the number of the first part when ``doc`` is a passage cut out of a longer article.
    """
    style = style or cast("MarkStyle[D]", SpanStyle())  # without a style, D is Span
    text = doc.text
    drawn = phrases(spans, text, style.phrase_key)
    blocks = layout(text, doc.segments, drawn)
    out = [f'<article class="mlv-article" aria-label="{e(label)}">']
    zone = CommentZone()
    for block in blocks:
        seg = block.segment
        if seg is None:
            _render_gap(block, text, drawn, out, uid=uid, style=style, numbers=numbers)
            continue
        out.append(zone.before(seg) + part_open(seg, first_line))
        render_node(block.root, text, drawn, out, uid=uid, style=style, numbers=numbers)
        out.append(part_close(seg))
    out.append("</article>")
    return "".join(out)


def _render_gap(
    block: Block, text: str, spans: Sequence[Phrase[Any]], out: list[str], **kw: Any
) -> None:
    """Whitespace between segments: kept (so the text round-trips), marks in it kept too."""
    out.append('<span class="mlv-gap">')
    render_node(block.root, text, spans, out, **kw)
    out.append("</span>")


def legend_items(spans: Sequence[Span]) -> list[str]:
    """One ``<li>`` per layer that occurs, listing every kind of mark on it (tag, colour,
    meaning, count): for sources the kinds lesson 02 teaches, for the rest the labels."""
    counts = Counter((s.layer, pal.span_kind(s)) for s in spans)
    items = []
    for layer, style in pal.LAYER_STYLES.items():
        kinds = sorted(
            (k for (lay, k) in counts if lay == layer), key=lambda k: pal.label_name(k).lower()
        )
        if not kinds:
            continue
        sub = []
        for k in kinds:
            sw = pal.swatch_for(layer, k)
            n = counts[(layer, k)]
            meaning = pal.label_meaning(k)
            tag = pal.label_tag(layer, k)
            family = pal.family_words(layer, k)
            swatch = f"{sw.words} background" + (
                f" (the colour of marks that {family})" if family else ""
            )
            sub.append(
                f'<li><mark class="mlv-mark mlv-l-{e(layer)} mlv-c-{sw.key} mlv-h1">'
                f'{e(pal.label_name(k))}<span class="mlv-tag" aria-hidden="true">{e(tag)}'
                f"</span></mark> — {e(swatch)}, tag “{e(tag)}”"
                + (f": {e(meaning)}" if meaning else "")
                + f" ({n} {'mark' if n == 1 else 'marks'})</li>"
            )
        items.append(
            f"<li><b>{e(style.question)}</b> ({e(layer)}): {e(style.border_words)}, "
            f"tags start with “{e(style.letter)}”.<ul>{''.join(sub)}</ul></li>"
        )
    return items


def legend_html(spans: Sequence[Span], *, title: str = "What the marks mean") -> str:
    """Every colour, underline and tag in the output, explained in words."""
    items = legend_items(spans)
    body = f"<ul>{''.join(items)}</ul>" if items else "<p>No marks to show for this choice.</p>"
    how = (
        "<p>Hover over a mark, move to it with the Tab key, or click it to see why it is "
        "marked. Marks inside marks get a second underline below the first.</p>"
    )
    return (
        f'<section class="mlv-legend" aria-label="{e(title)}"><h3>{e(title)}</h3>'
        f"{how}{body}</section>"
    )


def notes_html(spans: Sequence[Span], uid: str, *, title: str = "Why each mark is there") -> str:
    """Numbered explanations, one per span, in reading order (the report's footnotes)."""
    items = []
    for n, s in enumerate(spans, 1):
        tax = pal.researchers_call_this(s.taxonomy or pal.label_taxonomy(s.label))
        src = ""
        if s.source:
            kind = f" ({pal.source_type_words(s.source_type)})" if s.source_type else ""
            src = f" Source: {e(s.source)}{e(kind)}."
        items.append(
            f'<li id="{uid}-n{n}" value="{n}"><b>{e(pal.span_kind_tag(s))}</b> '
            f"{e(pal.label_name(pal.span_kind(s)))}: “{e(short(s.text, 120))}” — "
            f'<span class="mlv-why">{e(s.explanation)}</span>{src}'
            + (f' <i class="mlv-muted">Researchers call this: {e(tax)}.</i>' if tax else "")
            + "</li>"
        )
    return (
        f'<section class="mlv-notes" aria-label="{e(title)}"><h3>{e(title)}</h3>'
        f"<ol>{''.join(items)}</ol></section>"
    )


def findings_html(findings: Iterable[Any], *, heading: bool = True, empty: str = "") -> str:
    """The findings as a list; with none, ``empty`` in their place (or nothing at all)."""
    items = [f"<li>{e(f.message)}</li>" for f in findings]
    if not items and empty:
        items = [f"<li>{e(empty)}</li>"]
    if not items:
        return ""
    head = "<b>What the helper noticed</b>" if heading else ""
    return (
        '<section class="mlv-findings" aria-label="What the helper noticed">'
        f"{head}<ul>{''.join(items)}</ul></section>"
    )
