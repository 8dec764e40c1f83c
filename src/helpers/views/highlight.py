"""Highlighted text for notebooks, Voilà and static pages: every mark can be asked "why?".

Each mark is a ``<mark>`` you can hover, tab to or click (it takes keyboard focus): its
explanation, label and the names researchers use appear in a tooltip (pure CSS, no JavaScript),
and screen readers get the same text through ``aria-describedby``.  Layers differ by underline
style and every mark ends in a visible tag (``F·hedge``), so nothing depends on colour alone.
All text from the article and the spans is escaped; the only tags and attributes in the output
are the renderer's own (a test parses the output to check).
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from ..article_view import part_label
from . import palette as pal
from .layout import Block, Node, document_for, layout, walk_text

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..document import Document
    from ..spans import Span

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

_ids = itertools.count(1)


def new_uid() -> str:
    """A prefix for element ids, unique per rendering so several outputs can share a page."""
    return f"mlv{next(_ids)}{secrets.token_hex(3)}"


def e(value: object) -> str:
    """Escape for text and for double-quoted attribute values alike."""
    return escape(str(value), quote=True)


def normalise_layers(layers: str | Iterable[str] | None) -> tuple[str, ...] | None:
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
    spans: Iterable[Span],
    layers: str | Iterable[str] | None = None,
    labels: str | Iterable[str] | None = None,
) -> list[Span]:
    """The spans on the chosen layers and labels, in reading order (that order numbers them)."""
    chosen = normalise_layers(layers)
    wanted = None if labels is None else ({labels} if isinstance(labels, str) else set(labels))
    out = [
        s
        for s in spans
        if (chosen is None or s.layer in chosen) and (wanted is None or s.label in wanted)
    ]
    out.sort(key=lambda s: (s.start, -s.end, s.layer, s.label))
    return out


# --- CSS ------------------------------------------------------------------------------------


def css() -> str:
    """The stylesheet shared by highlight, compare and the report (scoped to ``.mlv``)."""
    ink, muted = pal.INK, pal.MUTED_INK
    rules = [
        f".mlv{{font-family:Georgia,'Times New Roman',serif;color:{ink};background:#fff;"
        "max-width:50em;line-height:1.95;position:relative}",
        ".mlv *{box-sizing:border-box}",
        ".mlv .mlv-part{margin:0.45em 0;display:flex;gap:0.75em;align-items:baseline}",
        f".mlv .mlv-role{{font-family:system-ui,sans-serif;font-size:0.8em;min-width:12em;"
        f"flex:none;color:{ink};background:#f0f0f0;border:1px solid #595959;border-radius:3px;"
        "padding:0 0.35em;line-height:1.5;white-space:nowrap}",
        ".mlv .mlv-body{flex:1;margin:0;padding:0;font-size:1em;font-weight:normal;"
        "font-family:inherit;line-height:1.95;color:inherit}",
        ".mlv .mlv-headline .mlv-body{font-size:1.35em;font-weight:bold;line-height:1.6}",
        ".mlv .mlv-dek .mlv-body{font-size:1.08em;font-style:italic}",
        ".mlv .mlv-subheading .mlv-body{font-weight:bold;font-size:1.08em;line-height:1.9}",
        ".mlv .mlv-comment{border-left:4px double #1a1a1a;padding-left:0.6em;background:#f7f7f7}",
        ".mlv .mlv-comment .mlv-body{font-family:system-ui,sans-serif}",
        ".mlv .mlv-zone{font-family:system-ui,sans-serif;font-weight:bold;margin-top:1.2em;"
        "border-top:2px dashed #1a1a1a;padding-top:0.3em}",
        # marks: background + per-layer underline; height stacks nested underlines
        f".mlv mark.mlv-mark{{color:{ink};background:transparent;position:relative;"
        "border-bottom-width:2px;border-bottom-color:#1a1a1a;padding:0 1px 1px;"
        "border-radius:2px;cursor:help}",
        ".mlv mark.mlv-h2{padding-bottom:5px}.mlv mark.mlv-h3{padding-bottom:9px}",
        ".mlv mark.mlv-h4{padding-bottom:13px}",
        ".mlv mark.mlv-mark:focus{outline:3px solid #1a1a1a;outline-offset:1px}",
        ".mlv mark.mlv-empty{padding:0;border:0}",
        f".mlv .mlv-tag{{font-family:system-ui,sans-serif;font-size:0.8em;font-weight:normal;"
        f"font-style:normal;color:{ink};background:#fff;border:1px solid {muted};"
        "border-radius:3px;padding:0 0.25em;margin-left:0.15em;vertical-align:super;"
        "line-height:1.2;white-space:nowrap}",
        f".mlv .mlv-tip{{display:none;position:absolute;left:0;top:calc(100% + 4px);z-index:20;"
        f"width:max-content;max-width:min(28em,80vw);background:#fff;color:{ink};"
        "border:2px solid #1a1a1a;border-radius:4px;padding:0.45em 0.6em;"
        "box-shadow:0 2px 6px rgba(0,0,0,0.25);font-family:system-ui,sans-serif;"
        "font-size:0.82rem;font-weight:normal;font-style:normal;line-height:1.4;"
        "text-align:left;white-space:normal;text-transform:none}",
        ".mlv .mlv-tip b,.mlv .mlv-tip .mlv-quote{display:block}",
        ".mlv .mlv-tip .mlv-tax{display:block;font-style:italic}",
        ".mlv mark.mlv-mark:hover:not(:has(mark.mlv-mark:hover))>.mlv-tip,"
        ".mlv mark.mlv-mark:focus>.mlv-tip{display:block}",
        # legend and footnotes
        ".mlv .mlv-legend{font-family:system-ui,sans-serif;font-size:0.9em;line-height:1.5;"
        "border:1px solid #767676;border-radius:4px;padding:0.4em 0.8em;margin:0.6em 0}",
        ".mlv .mlv-legend h3,.mlv .mlv-notes h3{font-size:1em;margin:0.2em 0}",
        ".mlv .mlv-legend ul{margin:0.2em 0;padding-left:1.1em}",
        ".mlv .mlv-legend li{margin:0.25em 0}",
        ".mlv .mlv-legend ul ul{display:grid;grid-template-columns:repeat(auto-fill,"
        "minmax(21em,1fr));column-gap:1.2em;padding-left:0.4em;list-style:none}",
        ".mlv .mlv-notes{font-family:system-ui,sans-serif;font-size:0.88em;line-height:1.45}",
        ".mlv .mlv-notes li{margin:0.3em 0}",
        f".mlv .mlv-muted{{color:{muted}}}",
        ".mlv .mlv-findings{font-family:system-ui,sans-serif;font-size:0.95em;line-height:1.5;"
        "border-left:4px solid #1a1a1a;padding:0.2em 0.8em;margin:0.6em 0}",
        ".mlv.mlv-compare{max-width:none}",
        ".mlv .mlv-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(30em,1fr));"
        "gap:1.5em}",
        ".mlv .mlv-panel h3{font-family:system-ui,sans-serif;font-size:1.05em}",
        ".mlv .mlv-summary{font-family:system-ui,sans-serif}",
        ".mlv .mlv-summary td,.mlv .mlv-summary th{padding:0.1em 0.6em;text-align:left}",
    ]
    for layer, style in pal.LAYER_STYLES.items():
        width = "3px" if style.border == "dotted" else "2px"
        rules.append(
            f".mlv mark.mlv-l-{layer}{{border-bottom-style:{style.border};"
            f"border-bottom-width:{width}}}"
        )
    for key, sw in pal.SWATCHES.items():
        rules.append(f".mlv mark.mlv-c-{key}{{background:{sw.hex}}}")
    for key, (sw, border, _w) in pal.COMPARE_SWATCHES.items():
        width = "4px" if border == "double" else "3px" if border == "dotted" else "2px"
        rules.append(
            f".mlv mark.mlv-k-{key}{{background:{sw.hex};border-bottom-style:{border};"
            f"border-bottom-width:{width}}}"
        )
    rules.append(
        "@media print{.mlv .mlv-tip{display:none!important}.mlv{max-width:none}"
        ".mlv mark.mlv-mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".mlv .mlv-part{break-inside:avoid}}"
    )
    return "<style>\n" + "\n".join(rules) + "\n</style>"


# --- marks ----------------------------------------------------------------------------------


class MarkStyle:
    """How one span is drawn: CSS classes, tag text and tooltip parts (subclassed by compare)."""

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
    head = heading or MarkStyle().heading(span)
    parts = [f"<b>{e(head)}</b>"]
    if span.text:
        parts.append(f'<span class="mlv-quote">“{e(_short(span.text))}”</span>')
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
class Phrase:
    """One drawn mark: one span, or side-by-side spans of one kind (``numbers`` count from 1
    in the order of the spans given, as the numbered notes do)."""

    start: int
    end: int
    parts: tuple[Span, ...]
    numbers: tuple[int, ...]

    @property
    def first(self) -> Span:
        return self.parts[0]


def phrases(
    spans: Sequence[Span], text: str, key: Callable[[Span], Hashable] | None = None
) -> list[Phrase]:
    """Join marks of the same kind that only spaces separate (never across a line break).

    Marking "could signify" as two hedges, or a phrase word by word, then shows one mark and
    one tag; the tooltip keeps every part's reason.  Linear in the number of spans.
    """
    key = key or MarkStyle().phrase_key
    out: list[Phrase] = []
    open_at: dict[Hashable, int] = {}  # key -> index in out of the phrase that may grow
    for n, span in enumerate(spans, 1):
        k = key(span)
        i = open_at.get(k)
        if i is not None and span.end > span.start:
            last = out[i]
            gap = text[last.end : span.start]
            if last.end <= span.start and (gap == "" or (gap.isspace() and "\n" not in gap)):
                out[i] = Phrase(last.start, span.end, (*last.parts, span), (*last.numbers, n))
                continue
        if span.end > span.start:
            open_at[k] = len(out)
        out.append(Phrase(span.start, span.end, (span,), (n,)))
    return out


def _numbers_text(numbers: Sequence[int]) -> str:
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def phrase_tip(style: MarkStyle, phrase: Phrase, text: str) -> str:
    """The tooltip of a drawn mark: one heading and quote, each distinct reason once."""
    if len(phrase.parts) == 1:
        return style.tip(phrase.first)
    head = f"<b>{e(style.heading(phrase.first))}</b>"
    quote = f'<span class="mlv-quote">“{e(_short(text[phrase.start : phrase.end]))}”</span>'
    reasons = dict.fromkeys(reason_html(style.reason(p)) for p in phrase.parts)
    return head + quote + "".join(reasons)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_node(
    node: Node,
    text: str,
    spans: Sequence[Phrase],
    out: list[str],
    *,
    uid: str,
    style: MarkStyle,
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
    spans: Sequence[Phrase],
    out: list[str],
    *,
    uid: str,
    style: MarkStyle,
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
        attrs += f' id="{uid}-m{n}" tabindex="0" aria-describedby="{uid}-t{n}"'
    else:
        attrs += ' data-part="continues"'
    out.append(f"<mark {attrs}>")
    render_node(node, text, spans, out, uid=uid, style=style, numbers=numbers)
    if node.last:
        tag = style.tag(span, _numbers_text(phrase.numbers) if numbers else None)
        out.append(f'<span class="mlv-tag" aria-hidden="true">{e(tag)}</span>')
        out.append(
            f'<span class="mlv-tip" id="{uid}-t{n}" role="tooltip" aria-hidden="true">'
            f"{phrase_tip(style, phrase, text)}</span>"
        )
    out.append("</mark>")


def article_html(
    doc: Document,
    spans: Sequence[Span],
    *,
    uid: str,
    style: MarkStyle | None = None,
    numbers: bool = False,
    label: str = "Article with highlighted marks",
    first_line: int = 1,
) -> str:
    """The article's segments with line and role tags and the spans' marks (no CSS, no legend).

    Each part is tagged "Line N · paragraph" with the lessons' numbering; ``first_line`` is
    the number of the first part when ``doc`` is a passage cut out of a longer article.
    """
    style = style or MarkStyle()
    text = doc.text
    drawn = phrases(spans, text, style.phrase_key)
    blocks = layout(text, doc.segments, drawn)  # type: ignore[arg-type]
    out = [f'<article class="mlv-article" aria-label="{e(label)}">']
    comments_open = False
    for block in blocks:
        seg = block.segment
        if seg is None:
            _render_gap(block, text, drawn, out, uid=uid, style=style, numbers=numbers)
            continue
        if seg.role in ("comment", "comment_marker") and not comments_open:
            comments_open = True
            out.append('<div class="mlv-zone" role="separator">Reader comments</div>')
        tag = "h2" if seg.role == "headline" else "h3" if seg.role == "subheading" else "p"
        out.append(
            f'<div class="mlv-part mlv-{e(seg.role)}" data-role="{e(seg.role)}" '
            f'data-line="{seg.number + first_line - 1}" '
            f'data-start="{seg.start}" data-end="{seg.end}">'
            f'<span class="mlv-role">{e(part_label(seg, first_line))}</span>'
            f'<{tag} class="mlv-body">'
        )
        render_node(block.root, text, drawn, out, uid=uid, style=style, numbers=numbers)
        out.append(f"</{tag}></div>")
    out.append("</article>")
    return "".join(out)


def _render_gap(
    block: Block, text: str, spans: Sequence[Phrase], out: list[str], **kw: Any
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
            colour = f"{sw.words} background" + (
                f" (the colour of marks that {family})" if family else ""
            )
            sub.append(
                f'<li><mark class="mlv-mark mlv-l-{e(layer)} mlv-c-{sw.key} mlv-h1">'
                f'{e(pal.label_name(k))}<span class="mlv-tag" aria-hidden="true">{e(tag)}'
                f"</span></mark> — {e(colour)}, tag “{e(tag)}”"
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
            f"{e(pal.label_name(pal.span_kind(s)))}: “{e(_short(s.text, 120))}” — "
            f'<span class="mlv-why">{e(s.explanation)}</span>{src}'
            + (f' <i class="mlv-muted">Researchers call this: {e(tax)}.</i>' if tax else "")
            + "</li>"
        )
    return (
        f'<section class="mlv-notes" aria-label="{e(title)}"><h3>{e(title)}</h3>'
        f"<ol>{''.join(items)}</ol></section>"
    )


def findings_html(findings: Iterable[Any], *, heading: bool = True) -> str:
    items = [f"<li>{e(f.message)}</li>" for f in findings]
    if not items:
        return ""
    head = "<b>What the helper noticed</b>" if heading else ""
    return (
        '<section class="mlv-findings" aria-label="What the helper noticed">'
        f"{head}<ul>{''.join(items)}</ul></section>"
    )


class Highlight:
    """Highlighted text; shows itself in a notebook (``_repr_html_``) and as plain text."""

    def __init__(
        self,
        document: Document,
        spans: Sequence[Span],
        *,
        analysis: Analysis | None = None,
        legend: bool = True,
        notes: bool = False,
        findings: bool = False,
        title: str | None = None,
    ) -> None:
        self.document = document
        self.spans = list(spans)
        self.analysis = analysis
        self.legend = legend
        self.notes = notes
        self.findings = findings
        self.title = title
        self.uid = new_uid()

    @property
    def text(self) -> str:
        return self.document.text

    def pieces(self) -> list[tuple[str, tuple[Span, ...]]]:
        """The text in order as (piece, spans covering it); the pieces join to the full text."""
        out = []
        for block in layout(self.text, self.document.segments, self.spans):
            for piece, sids in walk_text(block.root, self.text):
                out.append((piece, tuple(self.spans[i] for i in sids)))
        return out

    def body_html(self, *, numbers: bool | None = None) -> str:
        return article_html(
            self.document,
            self.spans,
            uid=self.uid,
            numbers=self.notes if numbers is None else numbers,
        )

    def html(self) -> str:
        return css() + "\n" + self.content_html()

    def content_html(self) -> str:
        """The view without the stylesheet (:func:`css`), for a page that has it already."""
        parts = ['<div class="mlv">']
        if self.title:
            parts.append(f"<h2>{e(self.title)}</h2>")
        if self.findings and self.analysis is not None:
            parts.append(findings_html(self.analysis.findings))
        if self.legend:
            parts.append(legend_html(self.spans))
        parts.append(self.body_html())
        if self.notes:
            parts.append(notes_html(self.spans, self.uid))
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        counts = Counter(s.layer for s in self.spans)
        what = ", ".join(f"{n} {layer}" for layer, n in counts.items()) or "no marks"
        return f"<Highlight: {len(self.text)} characters, {what}>"

    def __str__(self) -> str:
        from .terminal import render_spans

        return render_spans(self.document, self.spans, color=False)


def highlight(
    source: str | Document | Analysis | Any,
    layers: str | Iterable[str] | None = None,
    labels: str | Iterable[str] | None = None,
    *,
    spans: Iterable[Span] | None = None,
    structure: Any = None,
    legend: bool = True,
    notes: bool = False,
    findings: bool = False,
    title: str | None = None,
) -> Highlight:
    """Show a text with its marks; hover, Tab to or click a mark to see why it is there.

    ``source`` is an :class:`~helpers.analysis.Analysis`, a Document or a str (analysed with
    :func:`helpers.analyze`); pass ``spans=`` to show other marks instead (a student's, the
    expert reading's).  ``layers`` picks layers by name or question ("Who says so", "How it's
    told", "How the comments argue"); ``labels`` picks labels (e.g. ``["hedge", "booster"]``).
    """
    from ..analysis import Analysis, analyze

    analysis = source if isinstance(source, Analysis) else None
    if spans is None:
        if analysis is None:
            provided = getattr(source, "spans", None)
            if provided is not None and not isinstance(source, str):
                spans = provided  # e.g. an expert Reading
            else:
                doc = document_for(source, structure)
                analysis = analyze(doc)
        if spans is None:
            assert analysis is not None
            spans = analysis.spans
    document = document_for(analysis if analysis is not None else source, structure)
    chosen = select(spans, layers, labels)
    return Highlight(
        document,
        chosen,
        analysis=analysis,
        legend=legend,
        notes=notes,
        findings=findings,
        title=title,
    )
