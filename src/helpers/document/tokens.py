"""The word tokens of a text, for analyzers that count or look up words (one index a document)."""

from __future__ import annotations

import re
from itertools import accumulate, compress

_SPLIT = re.compile(r"(\w+)")


class TokenIndex:
    """The text's ``\\w+`` tokens (lowercased), their start offsets, and where words stand.

    Built once per :class:`~helpers.document.Document` (``doc.tokens``) and shared by the
    analyzers of that document; ``positions`` remembers the words asked for so far.
    """

    __slots__ = ("_positions", "_vocab", "lowered", "starts", "tokens")

    def __init__(self, text: str) -> None:
        lowered = text.lower()
        #: the lower-cased text, when it has the text's offsets (None: a letter grew)
        self.lowered: str | None = lowered if len(lowered) == len(text) else None
        if self.lowered is None:  # rare letters whose lowercase is longer: keep offsets
            parts = _SPLIT.split(text)
            self.tokens = [t.lower() for t in parts[1::2]]
        else:
            parts = _SPLIT.split(lowered)
            self.tokens = parts[1::2]
        # parts alternate gap, token, gap, …: a token starts where the text before it ends
        self.starts: list[int] = list(accumulate(map(len, parts)))[:-1:2]
        self._vocab: set[str] | None = None
        self._positions: dict[str, list[int]] = {}

    @property
    def vocab(self) -> set[str]:
        """The distinct words (computed on first use)."""
        if self._vocab is None:
            self._vocab = set(self.tokens)
        return self._vocab

    def positions(self, words: set[str]) -> dict[str, list[int]]:
        """Token numbers of each of ``words`` that the text holds; the mapping may hold more.

        Words not asked for before are found in one pass over the tokens.
        """
        known = self._positions
        missing = words.difference(known)
        if missing:
            for word in missing:
                known[word] = []
            tokens = self.tokens
            for n in compress(range(len(tokens)), map(missing.__contains__, tokens)):
                known[tokens[n]].append(n)
        return known
