"""A class's quiz results as tables: every attempt and one row per learner × question.

:func:`load_class` reads what the quizzes save: a results folder (``*.jsonl``, one file per
learner, written by :mod:`helpers.quiz.store`), one ``.jsonl`` file, or the CSV of
``python -m helpers quiz export``.  The dashboard's views (:mod:`helpers.quiz.dashboard`) work on
the :class:`ClassResults` it returns.  pandas loads only when a class is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .load import course_question
from .model import Bank
from .results import ANONYMOUS, CSV_COLUMNS, ResultsStore, summarize

if TYPE_CHECKING:
    import pandas as pd

DEMO_LABEL = "DEMO DATA: a made-up class of synthetic learners, not real students"
SUMMARY_COLUMNS = CSV_COLUMNS[: CSV_COLUMNS.index("last_answer") + 1]


# --- loading -------------------------------------------------------------------------------


@dataclass
class ClassResults:
    """A class's quiz results: every attempt (when known) and one row per learner × question."""

    summary: pd.DataFrame
    attempts: pd.DataFrame | None = None
    source: str = ""
    demo: bool = False
    banks: dict[str, Bank] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # records or files skipped, and why

    @property
    def learners(self) -> int:
        return int(self.summary["learner"].nunique()) if len(self.summary) else 0

    def describe(self) -> str:
        banks = ", ".join(sorted(self.summary["bank"].unique())) if len(self.summary) else "none"
        text = (
            f"{self.learners} learners, {len(self.summary)} answered questions, "
            f"banks: {banks}. Source: {self.source}."
        )
        if self.problems:
            text += f" {len(self.problems)} record(s) or file(s) skipped (see .problems)."
        return f"{DEMO_LABEL}. {text}" if self.demo else text

    def _repr_html_(self) -> str:
        banner = (
            "<p role='note' style='border:2px dashed #b35900;padding:0.4em 0.6em;"
            f"font-weight:bold'>⚠ {escape(DEMO_LABEL)}.</p>"
            if self.demo
            else ""
        )
        return banner + f"<p>{escape(self.describe().removeprefix(DEMO_LABEL + '. '))}</p>"

    def __repr__(self) -> str:
        return f"<ClassResults: {self.describe()}>"


def _records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    cols = [
        "learner",
        "bank",
        "question",
        "number",
        "type",
        "attempt",
        "answer",
        "score",
        "points",
        "correct",
        "final",
        "time",
        "details",
    ]
    rows = [{c: r.get(c) for c in cols} for r in records if r.get("bank") and r.get("question")]
    return pd.DataFrame(rows, columns=cols)


def _summary_from_records(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for (learner, bank, qid), st in sorted(summarize(records).items()):
        if learner == ANONYMOUS:
            continue  # answers given before a name was typed belong to nobody in particular
        q = course_question(bank, qid)
        rows.append(
            {
                "learner": learner,
                "bank": bank,
                "question": qid,
                "type": q.type if q is not None else st.type,
                "attempts": st.attempts,
                "best_score": st.best,
                "last_score": st.last,
                "max_points": st.points,
                "correct": st.correct,
                "last_answer": st.last_answer,
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _summary_from_csv(paths: Iterable[Path]) -> pd.DataFrame:
    import pandas as pd

    frames = [pd.read_csv(p, dtype={"learner": str, "last_answer": str}) for p in paths]
    if not frames:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    df = pd.concat(frames, ignore_index=True)
    missing = [c for c in SUMMARY_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"not an export of `python -m helpers quiz export`: missing columns {missing}"
        )
    df["correct"] = df["correct"].astype(str).str.lower().isin(["yes", "true", "1"])
    df["last_answer"] = df["last_answer"].fillna("")
    return df[SUMMARY_COLUMNS].copy()


def load_class(path: str | Path, *, demo: bool = False) -> ClassResults:
    """Read a class's results: a results folder (sub-folders included, as on a hub), one
    ``.jsonl`` file, or an exported ``.csv``."""
    p = Path(path).expanduser()
    if not p.exists():
        raise FileNotFoundError(f"no results at {p}")
    store = ResultsStore(p if p.is_dir() else p.parent, read_only=True)
    if p.is_dir():
        records = store.records()
        if not records and not store.problems:
            csvs = sorted(c for c in p.glob("*.csv") if c.is_file() and not c.is_symlink())
            if csvs:
                return ClassResults(_summary_from_csv(csvs), None, str(p), demo)
    elif p.suffix == ".csv":
        return ClassResults(_summary_from_csv([p]), None, str(p), demo)
    else:
        records = store.read_file(p)
    # files written by write_demo_results say so in every record
    demo = demo or (bool(records) and all(r.get("demo") is True for r in records))
    named = [r for r in records if r["learner"] != ANONYMOUS]
    return ClassResults(
        _summary_from_records(named),
        _records_frame(named),
        str(p),
        demo,
        problems=list(store.problems),
    )
