"""The quiz schema as Python objects: a :class:`Bank` of :class:`Question` s.

A ``Question`` holds the fields every type has; the fields of one type are its ``spec``, a small
frozen dataclass defined, read and checked in that type's module of ``helpers.quiz.types``.
Loading (``load.py``) turns YAML banks and jupyterquiz JSON into these objects and checks them,
so scoring and widgets can trust what they get: offsets are resolved against the seed, correct
answers name options that exist, highlight questions have expert spans to find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import HelpersError

# The fields every YAML question may use (each type adds its own: helpers.quiz.types).
COMMON_FIELDS = frozenset(
    {
        "id",
        "type",
        "prompt",
        "points",
        "max_tries",
        "explanation",
        "hints",
        "tags",
        "passage",
        "code",
    }
)
BANK_FIELDS = frozenset(
    {"id", "title", "lesson", "seed", "description", "max_tries", "questions", "review", "schema"}
)
SCHEMA = "helpers.quiz/1"


class QuizError(HelpersError):
    """A quiz bank that cannot be used, with a message naming the file, question and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        question: int | None = None,
        question_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.question = question
        self.question_id = question_id
        self.field = field
        self.detail = message
        parts = []
        if file:
            parts.append(file)
        if question is not None:
            parts.append(f"question {question}" + (f" ({question_id})" if question_id else ""))
        if field:
            message = f"field '{field}' {message}"
        parts.append(message)
        super().__init__(": ".join(parts))


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the seed (``start``/``end`` into the seed text) or a free-standing text."""

    text: str
    start: int | None = None
    end: int | None = None
    line: int | None = None  # the line students see (Segment.number), not the raw text line


@dataclass(frozen=True)
class Question:
    """What every question has; what only its type has is ``spec``, a frozen dataclass of
    its module in ``helpers.quiz.types`` (``ChoiceSpec``, ``HighlightSpec`` …)."""

    id: str
    type: str
    prompt: str
    number: int  # 1-based position in the bank
    points: float = 1.0
    max_tries: int = 2
    explanation: str = ""
    hints: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)
    passage: Passage | None = None
    code: str = ""
    spec: object = None  # the type reads its own: helpers.quiz.types.base.spec_of


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    questions: tuple[Question, ...]
    lesson: str = ""
    seed: str | None = None
    description: str = ""
    format: str = "yaml"  # "yaml" or "jupyterquiz"
    source: str | None = None
    review: dict[str, str] = field(default_factory=dict)

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def summary(self) -> dict[str, Any]:
        """Counts and points by question type (what ``quiz check`` prints)."""
        by_type: dict[str, dict[str, float]] = {}
        for q in self.questions:
            row = by_type.setdefault(q.type, {"questions": 0, "points": 0.0})
            row["questions"] += 1
            row["points"] += q.points
        return {
            "id": self.id,
            "title": self.title,
            "format": self.format,
            "questions": len(self.questions),
            "points": self.max_points,
            "by_type": by_type,
        }
