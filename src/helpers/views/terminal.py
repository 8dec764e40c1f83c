"""The analysis in a terminal: ANSI highlighting, or plain ``[F:hedge could]`` markers.

``render_terminal(analysis, color=sys.stdout.isatty())`` is what ``python -m helpers analyze
--format text`` prints.  With colour, marked words get a light background (black text, so it
reads on dark and light terminals), an underline for sourcing, and the label in brackets after
them.  Without colour (a pipe, a file, ``NO_COLOR``), marks become ``[F:hedge could]``.  Either
way each segment is followed by its marks' explanations, so every mark can be asked "why?".
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from . import palette as pal
from .layout import Node, layout
from .toolkit import part_label

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..document import Document
    from ..spans import Span

RESET = "\x1b[0m"
_UNDERLINE = {"sourcing": "4", "framing": "", "rhetoric": "1"}  # rhetoric: bold instead of dots


_CONTROL: dict[int, str] = {
    c: "\ufffd" for c in (*range(0, 9), *range(11, 32), 127, *range(128, 160))
}
# Bidirectional controls make a terminal show text in another order than it is ("Trojan
# Source"): a mark could seem to hold other words.  Shown as a visible escape instead, so a
# student still sees that the article holds one.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROL.update({c: f"\\u{c:04x}" for c in _BIDI})


def clean(text: str) -> str:
    """Text safe to print: control characters (e.g. escape sequences in an article) replaced
    by U+FFFD, bidirectional controls by their visible escape (``\\u202e``)."""
    return text.translate(_CONTROL)


def want_color(stream: IO[str] | Any = None) -> bool:
    """Colour only for a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    import sys

    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _nearest(levels: list[int], value: int) -> int:
    """The index of the level closest to ``value`` (the first of two equally close)."""
    return min(range(len(levels)), key=lambda i: abs(levels[i] - value))


def _xterm256(hex_color: str) -> int:
    """The nearest colour of the xterm 6×6×6 cube (widely supported, unlike 24-bit colour)."""
    h = hex_color.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    levels = [0, 95, 135, 175, 215, 255]
    idx = [_nearest(levels, c) for c in rgb]
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2]


def _sgr(span: Span) -> str:
    bg = _xterm256(pal.swatch_for(span.layer, pal.span_kind(span)).hex)
    extra = _UNDERLINE.get(span.layer, "")
    codes = ["38;5;16", f"48;5;{bg}"] + ([extra] if extra else [])
    return "\x1b[" + ";".join(codes) + "m"


def _label(span: Span) -> str:
    return clean(f"{pal.layer_style(span.layer).letter}:{pal.span_kind(span)}")


def _render(node: Node, text: str, spans: Sequence[Span], color: bool, active: list[str]) -> str:
    out: list[str] = []
    pos = node.start
    for child in node.children:
        out.append(clean(text[pos : child.start]))
        assert child.sid is not None  # every child of a node is a piece of a span
        span = spans[child.sid]
        if color:
            style = _sgr(span)
            out.append(style)
            out.append(_render(child, text, spans, color, [*active, style]))
            out.append(RESET + "".join(active))
            if child.last:
                out.append(f"\x1b[2m[{_label(span)}]\x1b[22m")
        else:
            inner = _render(child, text, spans, color, active)
            head = _label(span) if child.first else "…"
            tail = "" if child.last else " …"
            out.append(f"[{head} {inner}{tail}]")
        pos = child.end
    out.append(clean(text[pos : node.end]))
    return "".join(out)


def _ending_here(root: Node) -> list[int]:
    """Ids of the spans whose last piece is in this block, in reading order."""
    found: list[tuple[int, int]] = []
    todo = [root]
    while todo:
        node = todo.pop()
        if node.sid is not None and node.last:
            found.append((node.sid, node.sid))
        todo.extend(node.children)
    return [sid for _k, sid in sorted(found)]


def render_spans(
    document: Document,
    spans: Sequence[Span],
    *,
    color: bool,
    width: int = 100,
    explain: bool = True,
) -> str:
    """Each segment with its marks, then (indented) why each mark is there."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.layer, s.label))
    text = document.text
    out: list[str] = []
    for block in layout(text, document.segments, spans):
        seg = block.segment
        body = _render(block.root, text, spans, color, [])
        if seg is None:
            if body.strip():  # marks in the whitespace between parts (unusual): keep them
                out.append(body.strip("\n"))
            continue
        heading = f"── {part_label(seg)}"
        out.append("")
        out.append(f"\x1b[1m{heading}\x1b[22m" if color else heading)
        out.append(body)
        if explain:
            for sid in _ending_here(block.root):
                s = spans[sid]
                head = f"{_label(s)} “{clean(' '.join(s.text.split()))}”"
                out.append(
                    textwrap.fill(
                        f"{head}: {clean(s.explanation)}" if s.explanation else head,
                        width,
                        initial_indent="    · ",
                        subsequent_indent="      ",
                    )
                )
    return "\n".join(out).lstrip("\n")


def render_terminal(analysis: Analysis, color: bool, width: int = 100) -> str:
    """The whole analysis for a terminal: counts, findings, then the highlighted article."""
    doc = analysis.document
    where = clean(doc.path or "<stdin>")
    head = f"{where}: {len(analysis.spans)} marks, {len(analysis.findings)} findings"
    out = [f"\x1b[1m{head}\x1b[22m" if color else head]
    if analysis.findings:
        out.append("")
        out.append("What the helper noticed")
        for f in analysis.findings:
            out.append(
                textwrap.fill(clean(f.message), width, initial_indent="- ", subsequent_indent="  ")
            )
    out.append("")
    key = "; ".join(
        f"{st.letter} = {st.question} ({layer})" for layer, st in pal.LAYER_STYLES.items()
    )
    out.append(f"Marks: [{key}]")
    out.append(render_spans(doc, analysis.spans, color=color, width=width))
    return "\n".join(out) + ("\n" + RESET if color else "\n")
