"""What scoring returns: an :class:`Outcome` of feedback :class:`Line` s (every type's vocabulary).

Kept apart from :mod:`helpers.quiz.scoring` so the question types (``helpers.quiz.types``) can
build outcomes while scoring dispatches to them, with no import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Question


@dataclass(frozen=True)
class Line:
    """One piece of feedback: ``kind`` is ok, wrong, miss, over, info or hint."""

    kind: str
    text: str
    quote: str = ""
    answer: str = ""  # classify/discernment: the right category, shown only after the last try


@dataclass(frozen=True)
class Outcome:
    score: float
    points: float
    correct: bool
    valid: bool = True  # False: nothing to score yet (no choice made, not a number …)
    lines: tuple[Line, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    answer: Any = None  # the answer, normalised to JSON-able data

    @property
    def status(self) -> str:
        if not self.valid:
            return "invalid"
        if self.correct:
            return "correct"
        return "partly" if self.score > 0 else "wrong"


def invalid(q: Question, message: str, answer: Any = None) -> Outcome:
    return Outcome(0.0, q.points, False, False, (Line("hint", message),), answer=answer)


def share_points(q: Question, share: float) -> float:
    """``share`` of the question's points (clipped to 0–1), rounded as results store them."""
    return round(q.points * max(0.0, min(1.0, share)), 3)


def matched(q: Question, correct: bool, text: str, typed: str) -> Outcome:
    """The outcome of a typed answer (numeric or short text) matched against the answer list."""
    return Outcome(
        q.points if correct else 0.0,
        q.points,
        correct,
        lines=(Line("ok" if correct else "wrong", text),),
        answer=typed,
    )
