"""Quiz results: what a learner did per question (:func:`summarize`), the gradebook CSV
(:func:`export_csv`) and the record of one attempt (:func:`attempt_record`).

The files themselves are written and read by :mod:`helpers.quiz.store` (its names are
re-exported here: ``results.ResultsStore`` is the store).  Standard library only, like the
store: a hub's shared library for the teacher's export holds ``results.py``, ``store.py`` and
``records.py`` alone (tests/test_hub_permissions.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import BadRecord, check_record
from .store import (
    _INVISIBLE,
    ANONYMOUS,
    LOCK_WAIT,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_NAME,
    SCHEMA,
    FileRead,
    ResultsStore,
    ResultsWarning,
    atomic_write,
    default_folder,
    fallback_folders,
    is_course_root,
    learner_key,
    learner_name,
    now,
)

__all__ = [
    "ANONYMOUS",
    "CSV_COLUMNS",
    "FIRST_TRY_TYPES",
    "LOCK_WAIT",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_NAME",
    "SCHEMA",
    "FileRead",
    "QuestionState",
    "ResultsStore",
    "ResultsWarning",
    "atomic_write",
    "attempt_record",
    "default_folder",
    "export_csv",
    "fallback_folders",
    "is_course_root",
    "learner_key",
    "learner_name",
    "now",
    "summarize",
]


# --- progress and export -------------------------------------------------------------------


# Question types whose score is the first try's: "Look again at this one" tells which excerpts
# were wrong, so a second try would reward flipping them (calling everything suspicious, then
# fixing what was flagged, scored full marks).  Later tries are still saved, for learning.
FIRST_TRY_TYPES = frozenset({"discernment"})


@dataclass
class QuestionState:
    attempts: int = 0
    best: float = 0.0
    last: float = 0.0
    points: float = 0.0
    correct: bool = False
    done: bool = False
    last_answer: Any = None
    first_time: str = ""
    last_time: str = ""
    type: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    rule_type: str = ""  # the type scoring goes by: the bank's (see summarize)


def _course_question_type(bank: str, qid: str) -> str | None:
    """The course bank's type for a question.  This module also runs copied on its own (a hub's
    shared library for the teacher's export, tests/test_hub_permissions.py): with no banks beside
    it there is no course type, and the record's own decides."""
    try:
        from .load import course_question_type
    except ImportError:
        return None
    return course_question_type(bank, qid)


def summarize(
    records: Iterable[Mapping[str, Any]],
    question_type: Callable[[str, str], str | None] | None = None,
) -> dict[tuple[str, str, str], QuestionState]:
    """(learner, bank, question) → attempts, best/last score, last answer, done.  Records that
    do not have the saved shape (see :mod:`helpers.quiz.records`) are left out.

    Whether only the first try counts goes by the type the course's bank gives the question
    (``question_type(bank, question)``, by default the banks in ``quiz_dirs()``): a record's
    own ``type`` is what a student's file says, and an edited file must not turn a first-try
    question into a best-of-tries one.  Only a question no bank knows falls back to it."""
    if question_type is None:
        question_type = _course_question_type
    out: dict[tuple[str, str, str], QuestionState] = {}
    for r in records:
        try:
            check_record(dict(r))
        except (BadRecord, TypeError, ValueError):
            continue
        key = (r["learner"], r["bank"], r["question"])
        sc = float(r.get("score") or 0)
        st = out.setdefault(key, QuestionState(first_time=str(r.get("time") or "")))
        st.attempts += 1
        if st.attempts == 1:
            st.rule_type = question_type(r["bank"], r["question"]) or str(r.get("type"))
        counts = st.attempts == 1 or st.rule_type not in FIRST_TRY_TYPES
        if counts:
            st.best = max(st.best, sc)
            st.correct = st.correct or r.get("correct") is True
        st.last = sc
        st.points = float(r.get("points") or st.points or 0)
        st.done = st.done or r.get("final") is True or st.correct
        st.last_answer = r.get("answer")
        st.last_time = str(r.get("time") or "")
        st.type = str(r.get("type") or st.type)
        st.details = dict(r.get("details") or {})
    return out


CSV_COLUMNS = [
    "learner",
    "bank",
    "question",
    "type",
    "attempts",
    "best_score",
    "last_score",
    "max_points",
    "correct",
    "last_answer",
    "first_attempt",
    "last_attempt",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _cell(value: Any) -> str:
    """Any value as one spreadsheet cell: on one line (CR, LF and other controls become
    spaces) and never run as a formula (the OWASP CSV-injection rule: a cell that starts with
    = + - @, tab or CR gets a leading apostrophe)."""
    if isinstance(value, list):
        text = "; ".join("-".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}={v}" for k, v in value.items())
    elif value is None:
        text = ""
    else:
        text = str(value)
    text = " ".join(_INVISIBLE.sub(" ", text).split())
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text.encode("utf-8", "replace").decode("utf-8")


def export_csv(
    folder: str | Path | None, out_path: str | Path, *, problems: list[str] | None = None
) -> int:
    """One row per learner and question (best and last score, attempts, last answer, times),
    ready for a gradebook import.  Returns the number of rows written; what was skipped while
    reading (file, line, why) is added to ``problems``."""
    store = ResultsStore(folder, read_only=True)
    states = summarize(store.records())
    if problems is not None:
        problems.extend(store.problems)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for (learner, bank, qid), st in sorted(states.items()):
        row = [
            learner,
            bank,
            qid,
            st.type,
            st.attempts,
            f"{st.best:g}",
            f"{st.last:g}",
            f"{st.points:g}",
            "yes" if st.correct else "no",
            st.last_answer,
            st.first_time,
            st.last_time,
        ]
        w.writerow([_cell(v) for v in row])
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, buf.getvalue().encode("utf-8"))
    return len(states)


def attempt_record(
    question: Any, attempt: int, outcome: Any, *, final: bool, time: str | None = None
) -> dict[str, Any]:
    """One attempt at a question as it is saved (the widgets and the demo class both use it)."""
    return {
        "bank": None,
        "question": question.id,
        "number": question.number,
        "type": question.type,
        "attempt": attempt,
        "answer": outcome.answer,
        "score": outcome.score,
        "points": outcome.points,
        "correct": outcome.correct,
        "final": final,
        "details": outcome.details,
        "time": time or now(),
    }
