"""Score one answer to one question, with feedback a 14-year-old can act on.

``score(question, answer)`` returns an :class:`Outcome`: points earned, whether it is fully right,
and feedback lines (each a kind + a sentence + optionally the quoted words).  Scoring knows nothing
about widgets or files, so it is tested on its own and reused by the CLI and the widgets.  Each
type scores its own answers (``helpers.quiz.types``); this module looks the type up.

Answer shapes (what the widgets send and what the results file stores):

=================  =============================================================
single_choice      an option id (``"b"``)
multiple_select    a list of option ids
numeric            the text as typed (``"1226"``, ``"22/7"``, ``"1,226"``)
short_text         the text as typed
highlight          a list of ``[start, end]`` seed offsets, one per selected chunk
classify           ``{item_id: category}``
discernment        ``{item_id: verdict}``
reflection         the text as written
=================  =============================================================

Highlight answers are compared with the expert spans through :func:`helpers.match_spans` — the one
overlap routine of the project — one predicted span per selected chunk, so marking a whole
paragraph cannot beat the precision of marking the right words.
"""

from __future__ import annotations

from typing import Any

from .model import Question
from .outcome import Line, Outcome, invalid
from .types import TYPES
from .types.highlight import merge_chunks
from .types.numeric import parse_number
from .types.reflection import loaded_words_in
from .types.short_text import levenshtein

__all__ = [
    "Line",
    "Outcome",
    "invalid",
    "levenshtein",
    "loaded_words_in",
    "merge_chunks",
    "parse_number",
    "reveal",
    "score",
]


def score(q: Question, answer: Any) -> Outcome:
    """Score ``answer`` (shape by question type, see the module docstring)."""
    return TYPES[q.type].score(q, answer)


def reveal(q: Question) -> list[Line]:
    """The right answer, shown when the tries are used up."""
    return TYPES[q.type].reveal(q)
