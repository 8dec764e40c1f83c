"""Where marks go: split a text into blocks and nest every span's pieces inside them.

Spans may overlap, nest, cross a paragraph break or be empty.  HTML and terminal output both
need properly nested marks, so each block's spans become a tree: a span that crosses the end of
an enclosing one is cut there and continued afterwards.  Every character of the text lies in
exactly one block and one innermost node, so rendering the tree in order gives back the text:
nothing dropped, nothing duplicated.  The *last* piece of each span carries its tag and
explanation, so each explanation is shown exactly once.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..document import Document, Segment


class Placed(Protocol):
    """Anything with a place in the text: a Span, a drawn phrase, a comparison's record."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass
class Node:
    """One piece of a span (``sid`` indexes the span list; None for a block's root)."""

    sid: int | None
    start: int
    end: int
    children: list[Node] = field(default_factory=list)
    last: bool = False  # this piece ends the span: it carries the tag and explanation
    first: bool = False
    height: int = 1  # 1 for a node without marked children; used to stack underlines


@dataclass
class Block:
    """A segment of the document (``segment`` set) or the whitespace between two segments."""

    start: int
    end: int
    segment: Segment | None
    root: Node


def blocks_of(text: str, segments: Sequence[Segment]) -> list[tuple[int, int, Segment | None]]:
    """Segments and the gaps between them, covering ``[0, len(text))`` without overlap."""
    out: list[tuple[int, int, Segment | None]] = []
    pos = 0
    for seg in segments:
        if seg.start < pos or seg.end > len(text):  # defensive: never lose or repeat text
            continue
        if seg.start > pos:
            out.append((pos, seg.start, None))
        out.append((seg.start, seg.end, seg))
        pos = seg.end
    if pos < len(text) or not out:
        out.append((pos, len(text), None))
    return out


def build_tree(start: int, end: int, frags: Sequence[tuple[int, int, int]]) -> Node:
    """Nest ``(start, end, sid)`` fragments inside ``[start, end)``, cutting crossing ones."""
    root = Node(None, start, end)
    heap = [(s, -e, n, sid) for n, (s, e, sid) in enumerate(frags)]
    heapq.heapify(heap)
    seq = len(heap)
    stack = [root]
    while heap:
        s, neg_e, _n, sid = heapq.heappop(heap)
        e = -neg_e
        while len(stack) > 1 and stack[-1].end <= s:
            stack.pop()
        top = stack[-1]
        if e <= top.end:
            node = Node(sid, s, e)
            top.children.append(node)
            if e > s:
                stack.append(node)
        else:  # crosses the end of ``top``: keep the part inside, continue the rest after it
            node = Node(sid, s, top.end)
            top.children.append(node)
            stack.append(node)
            heapq.heappush(heap, (top.end, -e, seq, sid))
            seq += 1
    _heights(root)
    return root


def _heights(root: Node) -> None:
    order: list[Node] = []
    todo = [root]
    while todo:
        node = todo.pop()
        order.append(node)
        todo.extend(node.children)
    for node in reversed(order):
        node.height = 1 + max((c.height for c in node.children if c.sid is not None), default=0)


def layout(text: str, segments: Sequence[Segment], spans: Sequence[Placed]) -> list[Block]:
    """The blocks of ``text`` with each span's pieces nested in them (spans indexed by order)."""
    blocks = blocks_of(text, segments)
    starts = [b[0] for b in blocks]
    per_block: list[list[tuple[int, int, int]]] = [[] for _ in blocks]
    for sid, span in enumerate(spans):
        s, e = min(span.start, len(text)), min(span.end, len(text))
        if s == e:  # an empty span sits in the block holding its position
            i = max(0, bisect_right(starts, s) - 1)
            if s == len(text) and blocks[i][0] == s and i > 0 and blocks[i][1] == s:
                i -= 1
            per_block[i].append((s, s, sid))
            continue
        i = max(0, bisect_right(starts, s) - 1)
        while i < len(blocks) and blocks[i][0] < e:
            bs, be, _seg = blocks[i]
            lo, hi = max(s, bs), min(e, be)
            if lo < hi:
                per_block[i].append((lo, hi, sid))
            i += 1
    out = [
        Block(bs, be, seg, build_tree(bs, be, per_block[i]))
        for i, (bs, be, seg) in enumerate(blocks)
    ]
    _mark_ends(out)
    return out


def _mark_ends(blocks: Sequence[Block]) -> None:
    first: dict[int, Node] = {}
    last: dict[int, Node] = {}
    for block in blocks:
        todo = [block.root]
        while todo:
            node = todo.pop()
            if node.sid is not None:
                if node.sid not in first or node.start < first[node.sid].start:
                    first[node.sid] = node
                if node.sid not in last or node.start >= last[node.sid].start:
                    last[node.sid] = node
            todo.extend(node.children)
    for node in first.values():
        node.first = True
    for node in last.values():
        node.last = True


def walk_text(node: Node, text: str) -> list[tuple[str, tuple[int, ...]]]:
    """(piece, ids of the spans covering it) in order; the pieces concatenate to the text."""
    out: list[tuple[str, tuple[int, ...]]] = []

    def rec(n: Node, cover: tuple[int, ...]) -> None:
        here = cover if n.sid is None else (*cover, n.sid)
        pos = n.start
        for c in n.children:
            if c.start > pos:
                out.append((text[pos : c.start], here))
            rec(c, here)
            pos = c.end
        if n.end > pos:
            out.append((text[pos : n.end], here))

    rec(node, ())
    return out


def document_for(obj: object, structure: Any = None) -> Document:
    """A Document from a Document, an Analysis, a Reading or a str (roles guessed for a str)."""
    from ..document import Document

    if isinstance(obj, Document):
        return obj
    doc = getattr(obj, "document", None)
    if isinstance(doc, Document):
        return doc
    text = obj if isinstance(obj, str) else getattr(obj, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"expected a text, Document or Analysis, got {type(obj).__name__}")
    if structure is None:
        seeded = _seed_document(text)
        if seeded is not None:
            return seeded
    return Document.from_text(text, structure)


def _seed_document(text: str) -> Document | None:
    """The lessons' seed with its structure, when ``text`` is exactly the seed (e.g. a Reading).

    The seed is read once per process (:func:`_seed`), so a view of any other text costs one
    length comparison, not a read of the seed's files as it did on every ``highlight(str)``.
    """
    doc = _seed()
    return doc if doc is not None and len(doc.text) == len(text) and doc.text == text else None


@cache
def _seed() -> Document | None:
    """The seed Document, loaded on first use (None without a seeds folder)."""
    try:
        from ..seeds import seed

        return seed()
    except (FileNotFoundError, OSError, ValueError):
        return None
