"""What a question type is: one object that reads, scores, shows, keys and prints its questions.

Every type in :data:`helpers.quiz.types.TYPES` is a :class:`QuestionType`; loading, scoring,
the widgets, the answer keys, the demo class and the handouts ask it instead of testing
``q.type``.  The defaults here are what most types do; a type overrides what it does differently.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from ..model import Passage, Question
from ..outcome import Line, Outcome
from ..reader import Fields

S = TypeVar("S")

NB = "\u00a0"  # a number stays on the line of the word it counts


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """ "1 phrase", "3 phrases": a count and its noun, joined by a no-break space."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{count}{NB}{word}"


def attr(text: object) -> str:
    """Bank text in a handout (HTML-escaped, quotes too)."""
    return escape(str(text), quote=True)


def answer_lines(n: int) -> str:
    """Ruled lines on a handout, where a learner writes an answer."""
    return "<div class='lines' aria-label='space for your answer'>" + "<div></div>" * n + "</div>"


def spec_of(q: Question, kind: type[S]) -> S:
    """The question's own fields as its type's spec (a ``TypeError`` for another type's)."""
    if not isinstance(q.spec, kind):
        raise TypeError(f"question {q.id} ({q.type}) has no {kind.__name__}")
    return q.spec


@dataclass(frozen=True)
class Seed:
    """What a bank's questions are read against: the seed document and its expert reading."""

    doc: Any = None
    reading: Any = None
    check_seed: bool = True


@dataclass
class Inputs:
    """A question's input widgets: what is shown, what is disabled when the question is done,
    how to read and set the answer, and the widgets a ``QuestionWidget`` exposes by name
    (``choice``, ``boxes``, ``text``, ``highlighter``, ``sorters``, ``area``: tests use them)."""

    box: Any
    inputs: list[Any]
    get: Callable[[], Any]
    set: Callable[[Any], None]
    names: dict[str, Any] = field(default_factory=dict)


class QuestionType:
    """One question type.  Subclasses set the class attributes and override the methods."""

    name: str = ""
    title: str = ""  # in the answer keys: "single choice", "tick all that apply" …
    fields: frozenset[str] = frozenset()  # the YAML fields besides the common ones
    jupyterquiz: str | None = None  # the jupyterquiz type read as this one
    check_label = "Check"  # the button under the inputs
    default_max_tries: int | None = None  # None: the bank's max_tries
    shows_passage = True  # the passage above the inputs (highlight puts it in its input)
    reveals_answer = True  # "The answer:" after the last wrong try
    first_try_only = False  # only the first try's score counts (see results.FIRST_TRY_TYPES)
    has_right_answer = True  # False: any saved answer earns the points (the dashboard skips it)
    demo_difficulty = 0.0  # the demo class gets it right this much less often

    # -- reading the bank ----------------------------------------------------------------------

    def parse(self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed) -> object:
        """This type's fields of a YAML question, checked: its spec (``Question.spec``)."""
        raise NotImplementedError

    def parse_jupyterquiz(self, ctx: Fields, d: dict[str, Any], answers: list[Any]) -> object:
        raise NotImplementedError(f"{self.name} has no jupyterquiz form")

    # -- scoring -------------------------------------------------------------------------------

    def score(self, q: Question, answer: Any) -> Outcome:
        raise NotImplementedError

    def reveal(self, q: Question) -> list[Line]:
        """The right answer, shown when the tries are used up."""
        raise NotImplementedError

    # -- feedback (HTML pieces: helpers.quiz.feedback puts them together) ------------------------

    def head(self, outcome: Outcome, final: bool) -> str:
        if outcome.correct:
            return "✓ Right!"
        if outcome.score > 0:
            return "Partly right."
        return "Not yet." if not final else "Not this time."

    def count_clauses(self, q: Question, details: dict[str, Any]) -> list[str]:
        """What was found, missed and over-marked, in whole numbers (an answer not fully right)."""
        return []

    def feedback_lines(self, lines: list[Line], final: bool) -> list[Line]:
        """The lines shown after Check (a type may hold some back until the last try)."""
        return lines

    def feedback_after(self, q: Question, outcome: Outcome, final: bool) -> list[str]:
        """HTML shown after the feedback lines (a marked passage, the learner's own text)."""
        return []

    # -- the widget ------------------------------------------------------------------------------

    def widget(self, q: Question) -> Inputs:
        """The input widgets (ipywidgets is imported here, when a quiz is shown)."""
        raise NotImplementedError

    # -- teachers and printouts ------------------------------------------------------------------

    def key(self, q: Question) -> list[str]:
        """The answer-key lines (Markdown) between the question's passage and its hints."""
        raise NotImplementedError

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        """An answer of the right shape; right when ``good``, a plausible mistake otherwise."""
        raise NotImplementedError

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        """The wrong answer(s) inside one answer, in words a teacher can discuss."""
        return []

    def handout(self, q: Question) -> str:
        """The printable answer space (HTML) under the prompt on a handout."""
        raise NotImplementedError


def short(text: str, limit: int = 70) -> str:
    """Text on one line, cut to ``limit`` characters with "…" (the dashboard's tables)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def scored(kind: QuestionType, q: Question, answer: Any) -> Outcome | None:
    """``answer`` scored, or None when it cannot be (a saved answer that no longer fits)."""
    try:
        outcome = kind.score(q, answer)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        return None
    return outcome if outcome.valid else None
