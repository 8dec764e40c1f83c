"""Tokens of a segment, read once and sliced for every look-left and look-right window."""

from __future__ import annotations

import bisect
import re
from operator import itemgetter

from .words import _CAP_STOP, _TOKEN

Tok = tuple[int, int, str]  # start, end, the token as written


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    """The tokens of ``text[start:end]`` with their offsets.

    ``findall`` plus ``str.find`` is faster than reading offsets off match objects, and gives
    the same offsets: the first occurrence of a token at or after the previous token's end is
    where the scan matched it (an earlier occurrence would have been matched there first).
    """
    out: list[Tok] = []
    find = text.find
    p = start
    for w in _TOKEN.findall(text, start, end):
        p = find(w, p)
        e = p + len(w)
        out.append((p, e, w))
        p = e
    return out


_START = itemgetter(0)
_NON_SPACE = re.compile(r"\S")
# a stretch that is at most five characters once stripped, the group holding them
_SHORT_STRETCH = re.compile(r"\s*+(\S(?:.{0,3}\S)?)?\s*+", re.DOTALL)


def _stripped_is(text: str, a: int, b: int, words: tuple[str, ...]) -> bool:
    """``text[a:b].strip().lower() in words`` (words of at most five letters).

    Reads only the whitespace at the ends and five characters, not a whole long sentence
    before every verb of it.
    """
    m = _SHORT_STRETCH.fullmatch(text, a, b)
    return m is not None and (m.group(1) or "").lower() in words


def _stripped_tail(text: str, a: int, b: int, n: int) -> str:
    """The last ``n`` characters of ``text[a:b].rstrip()``, without copying the stretch."""
    while b > a and text[b - 1].isspace():
        b -= 1
    return text[max(a, b - n) : b]


class _SegmentTokens:
    """The tokens of one segment, each read once, then sliced for every look-left/right window.

    Each reporting verb looks at a window of its sentence, and windows of nearby verbs overlap;
    re-tokenising each window was the analyzer's largest cost.  The tokens read so far cover
    ``[lo, hi)``, whose ends are spaces (no token crosses a space), so the cover can grow on
    either side with the same tokens a whole scan would give.  :meth:`window` returns exactly
    ``_tokens(text, a, b)``: a token cut by the window's left edge is re-read from the edge, one
    cut by its right edge is truncated there (as the regex, stopped at ``b``, would), and a
    window reaching outside the segment is scanned afresh.
    """

    __slots__ = ("hi", "lo", "seg_end", "seg_start", "text", "toks")

    def __init__(self, text: str, seg_start: int, seg_end: int) -> None:
        self.text, self.seg_start, self.seg_end = text, seg_start, seg_end
        self.lo = self.hi = seg_start  # nothing read yet: many segments need no tokens
        self.toks: list[Tok] = []

    def _cover(self, a: int, b: int) -> None:
        """Read tokens until ``[a, b)`` is covered, extending to the nearest spaces."""
        text = self.text
        if not self.toks and self.lo == self.hi:
            p = text.rfind(" ", self.seg_start, a + 1)
            self.lo = self.hi = self.seg_start if p < 0 else p
        if a < self.lo:
            p = text.rfind(" ", self.seg_start, a + 1)
            p = self.seg_start if p < 0 else p
            self.toks = _tokens(text, p, self.lo) + self.toks
            self.lo = p
        if b > self.hi:
            q = text.find(" ", b, self.seg_end)
            q = self.seg_end if q < 0 else q
            self.toks += _tokens(text, self.hi, q)
            self.hi = q

    def window(self, a: int, b: int) -> list[Tok]:
        if a < self.seg_start or b > self.seg_end or a >= b:
            return _tokens(self.text, a, b)
        if a < self.lo or b > self.hi:
            self._cover(a, b)
        toks = self.toks
        i = bisect.bisect_left(toks, a, key=_START)
        j = bisect.bisect_left(toks, b, i, key=_START)  # tokens starting before b
        head: list[Tok] = []
        if i > 0 and toks[i - 1][1] > a:  # a token cut by the left edge
            if toks[i - 1][1] > b:
                return _tokens(self.text, a, b)
            head = _tokens(self.text, a, toks[i - 1][1])
        out = head + toks[i:j] if head else toks[i:j]
        if j > i and toks[j - 1][1] > b:  # a token cut by the right edge
            s = toks[j - 1][0]
            out[-1] = (s, b, self.text[s:b])
        return out


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word not in _CAP_STOP
