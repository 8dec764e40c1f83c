"""One segment being read: what every rule needs, in one object instead of a positional bundle."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ...document import Segment
from ...spans import Span
from .chosen import _Chosen
from .model import _Cue, _display, _Source, _State
from .tokens import Tok, _SegmentTokens


@dataclass(slots=True)
class Ctx:
    """The document text, the segment, its cue words (sorted, with their starts for a bisect),
    the sources anonymous frames name, its verbs' starts, its tokens and its chosen spans."""

    text: str
    seg: Segment
    state: _State
    cues: list[_Cue]
    starts: list[int]
    anon: list[tuple[int, int]]
    verb_starts: frozenset[int]
    tokens: _SegmentTokens
    chosen: _Chosen

    def window(self, a: int, b: int) -> list[Tok]:
        """``_tokens(text, a, b)``, read from the segment's tokens."""
        return self.tokens.window(a, b)

    def cues_in(self, start: int, end: int) -> list[_Cue]:
        """The cues lying within ``[start, end)``."""
        cues = self.cues
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(cues) and cues[i].start < end:
            if cues[i].end <= end:
                out.append(cues[i])
            i += 1
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The bounds of the segment's sentence holding ``pos`` (the first one before it)."""
        sents = self.seg.sentences
        if not sents:
            return self.seg.start, self.seg.end
        s = sents[self.chosen.sentence(pos)]
        return s.start, s.end

    def add(self, span: Span, src: _Source | None) -> None:
        """Choose ``span``; remember its source for the pronouns of later sentences."""
        self.chosen.append((span.start, span.end, span, src))
        state = self.state
        if src is not None and src.source_type == "named_person" and not src.resolved:
            state.last_person = src.text
        if src is not None and span.label == "attribution":
            state.last_source = (_display(src), src.source_type)
            if src.source_type in ("organization", "publication"):
                state.last_group = state.last_source
