"""Interactive quizzes: banks as data (YAML, or jupyterquiz JSON), scoring, widgets, results.

In a lesson::

    import helpers.quiz
    helpers.quiz.run("02-sourcing")

Banks live in ``notebooks/quizzes/<lesson>.yaml``; the format is documented in
``docs/quiz-format.md``.  ``python -m helpers quiz check FILE`` checks one.  Importing this package
does not import ipywidgets; :func:`run` does.
"""

from __future__ import annotations

from typing import Any

from .load import find_bank, load_bank, loads_bank
from .model import Bank, Question, QuizError
from .results import ResultsStore, ResultsWarning, export_csv
from .scoring import Outcome, score
from .types import QUESTION_TYPES

__all__ = [
    "QUESTION_TYPES",
    "Bank",
    "Outcome",
    "Question",
    "QuizError",
    "ResultsStore",
    "ResultsWarning",
    "export_csv",
    "find_bank",
    "load_bank",
    "loads_bank",
    "run",
    "score",
]


def run(bank: Any, learner: str | None = None, **kwargs: Any) -> Any:
    """Show a quiz in the notebook; ``only="q-id"`` asks one question of the bank inside a
    lesson (see :func:`helpers.quiz.widgets.run`)."""
    from .widgets import run as _run

    return _run(bank, learner, **kwargs)
