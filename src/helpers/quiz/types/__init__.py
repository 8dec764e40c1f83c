"""The question types, one module each, registered in one table: :data:`TYPES`.

Everything that depends on a question's type — reading its fields from a bank, scoring an answer,
the right answer shown at the end, the input widgets, the answer key, a demo answer, the wrong
answers on the dashboard, the handout — is a method of its :class:`~.base.QuestionType`, and
loading, scoring, the widgets, the keys, the dashboard and ``tools/editions.py`` look it up here.

**Adding a type** is one new module here (a ``QuestionType`` subclass and its instance, and the
frozen dataclass of its own fields that ``parse`` returns as ``Question.spec``) and one line in
:data:`TYPES`; ``docs/quiz-format.md`` describes its fields for teachers.  The order of
the table is the order ``quiz check`` and the error messages list the types in.
"""

from __future__ import annotations

from .base import Inputs, QuestionType, Seed
from .classify import CLASSIFY
from .discernment import DISCERNMENT
from .highlight import HIGHLIGHT
from .multiple_select import MULTIPLE_SELECT
from .numeric import NUMERIC
from .reflection import REFLECTION
from .short_text import SHORT_TEXT
from .single_choice import SINGLE_CHOICE

TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        SINGLE_CHOICE,
        MULTIPLE_SELECT,
        NUMERIC,
        SHORT_TEXT,
        HIGHLIGHT,
        CLASSIFY,
        DISCERNMENT,
        REFLECTION,
    )
}
QUESTION_TYPES: tuple[str, ...] = tuple(TYPES)


def jupyterquiz_types() -> dict[str, str]:
    """jupyterquiz's type names, each with the type of ours that reads it."""
    return {t.jupyterquiz: name for name, t in TYPES.items() if t.jupyterquiz is not None}


JUPYTERQUIZ_TYPES: dict[str, str] = jupyterquiz_types()


def question_type(name: str) -> QuestionType:
    """The type called ``name`` (a ``KeyError`` for a name no bank can have: load checks)."""
    return TYPES[name]


__all__ = [
    "JUPYTERQUIZ_TYPES",
    "QUESTION_TYPES",
    "TYPES",
    "Inputs",
    "QuestionType",
    "Seed",
    "jupyterquiz_types",
    "question_type",
]
