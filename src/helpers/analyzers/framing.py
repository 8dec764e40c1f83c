"""The framing analyzer (placeholder until its lexicon lands)."""

from __future__ import annotations

from ..analysis import LayerResult
from ..document import Document


def analyze(doc: Document) -> LayerResult:
    return LayerResult()
