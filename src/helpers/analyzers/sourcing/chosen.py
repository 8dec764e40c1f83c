"""The spans a segment has chosen so far, and the questions the rules ask of them."""

from __future__ import annotations

import bisect

from ...document import Segment
from ...spans import Span
from .model import _display, _Source

_Pick = tuple[int, int, Span, _Source | None]  # start, end, span, the source it credits


class _Chosen:
    """The spans one segment has chosen so far, in the order chosen, and what rules ask of them.

    The rules ask, for every candidate, whether it overlaps a span already chosen, and a few
    ask which attribution of its sentence starts last before it, nearest to it, or names the
    same source.  A scan of the whole list per question made a paragraph of a thousand
    "according to" quadratic.  Here each character a chosen span covers is marked once in a
    byte array, so an overlap is one ``find`` over the asked stretch, and the attributions are
    kept sorted by start, so the others are a bisect.  The answers are those of the scans: for
    stretches that are not empty, "``s < end`` and ``e > start`` for some chosen span" is "some
    character of ``[s, e)`` is covered", and ties go to the span chosen first, as ``max`` and
    ``min`` over the list in order give.
    """

    __slots__ = (
        "_base",
        "_bounds",
        "_covered",
        "_names",
        "_outside",
        "_sent_starts",
        "_sourced",
        "items",
    )

    def __init__(self, seg: Segment) -> None:
        self.items: list[_Pick] = []
        self._base = seg.start
        self._covered = bytearray(seg.end - seg.start)
        self._outside: list[_Pick] = []  # spans reaching out of the segment (none expected)
        self._sent_starts = [t.start for t in seg.sentences]
        self._bounds = [(t.start, t.end) for t in seg.sentences] or [(seg.start, seg.end)]
        # label -> (start, index in items) of the spans of that label with a source, sorted
        self._sourced: dict[str, list[tuple[int, int]]] = {
            "attribution": [],
            "vague_attribution": [],
        }
        self._names: set[tuple[int, str]] = set()  # (sentence, source shown) of sourced spans

    def sentence(self, pos: int) -> int:
        """Index of the sentence ``sentence_of(pos)`` gives (the segment's first one before it)."""
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def append(self, pick: _Pick) -> None:
        self.items.append(pick)
        start, end, span, src = pick
        s, e = start - self._base, end - self._base
        if s < 0 or e > len(self._covered) or s >= e:
            self._outside.append(pick)
        else:
            self._covered[s:e] = b"\x01" * (e - s)
        if src is None:
            return
        sourced = self._sourced.get(span.label)
        if sourced is not None:
            bisect.insort(sourced, (start, len(self.items) - 1))
        k = self.sentence(start)
        lo, hi = self._bounds[k]
        if lo <= start < hi:
            self._names.add((k, _display(src)))

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a chosen span (``s < end and e > start`` for one)."""
        if s >= e:  # an empty stretch: only the scan's own test says (never asked in practice)
            return any(s < ce and e > cs for cs, ce, _sp, _src in self.items)
        lo, hi = max(s - self._base, 0), min(e - self._base, len(self._covered))
        if lo < hi and self._covered.find(1, lo, hi) >= 0:
            return True
        return any(s < ce and e > cs for cs, ce, _sp, _src in self._outside)

    def _first_at(self, sourced: list[tuple[int, int]], start: int) -> tuple[int, int]:
        """The (start, index) of the first chosen span starting at ``start``."""
        return sourced[bisect.bisect_left(sourced, (start, -1))]

    def last_before(self, lo: int, pos: int) -> _Pick | None:
        """The sourced (vague) attribution starting last in ``[lo, pos)``."""
        best: tuple[int, int] | None = None
        for sourced in self._sourced.values():
            i = bisect.bisect_left(sourced, (pos, -1))
            if i and sourced[i - 1][0] >= lo:
                got = self._first_at(sourced, sourced[i - 1][0])
                if best is None or got[0] > best[0] or (got[0] == best[0] and got[1] < best[1]):
                    best = got
        return None if best is None else self.items[best[1]]

    def nearest(self, lo: int, hi: int, pos: int) -> _Pick | None:
        """The sourced attribution starting in ``[lo, hi)`` nearest to ``pos``."""
        sourced = self._sourced["attribution"]
        i = bisect.bisect_right(sourced, (pos, len(self.items)))  # starts <= pos before i
        found = []
        if i and sourced[i - 1][0] >= lo:
            found.append(self._first_at(sourced, sourced[i - 1][0]))
        if i < len(sourced) and sourced[i][0] < hi:
            found.append(sourced[i])  # the first chosen of those starting there
        if not found:
            return None
        best = min(found, key=lambda got: (abs(got[0] - pos), got[1]))
        return self.items[best[1]]

    def names(self, pos: int, name: str) -> bool:
        """Whether a sourced span starting in ``pos``'s sentence credits the source ``name``."""
        return (self.sentence(pos), name) in self._names
