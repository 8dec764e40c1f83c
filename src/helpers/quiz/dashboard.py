"""A class dashboard for teachers: how a class did on the quizzes, question by question.

Used by ``notebooks/teacher/class-dashboard.ipynb`` in one-line cells::

    from helpers.quiz import dashboard
    results = dashboard.open_class("path/to/results")   # or None: a made-up demo class
    dashboard.difficulty(results)       # per question: share right, mean score, tries
    dashboard.wrong_answers(results)    # the most common wrong answers, in words
    dashboard.skill_chart(results)      # a bar per skill, with alt text

``load_class`` reads what the quizzes save: a results folder (``*.jsonl``, one file per learner,
written by :mod:`helpers.quiz.results`), one ``.jsonl`` file, or the CSV of
``python -m helpers quiz export``.  The attempt files say most (every try and its answer); an
exported CSV has only each learner's last answer.  ``demo_class`` makes a small synthetic class
with the real results writer and the real scoring, so the dashboard can be tried without any
personal data; its learners are called "Demo learner …" and every view says it is made up.

pandas and matplotlib load only when these functions run.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import env_path
from . import load as _load
from .classresults import DEMO_LABEL, ClassResults, load_class
from .model import Question
from .results import ANONYMOUS, ResultsStore, attempt_record
from .scoring import score
from .types import TYPES
from .types.base import short as _short

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

DEMO_BANKS = ("01-first-read", "02-sourcing", "03-framing", "04-comments", "05-assessment")


def open_class(path: str | Path | None = None, **demo_options: Any) -> ClassResults:
    """The class at ``path`` (or ``$HELPERS_CLASS_RESULTS``); with neither, a made-up demo class
    (see :func:`demo_class`)."""
    if path is None or str(path).strip() == "":
        path = env_path("HELPERS_CLASS_RESULTS")
    if path is None:
        return demo_class(**demo_options)
    return load_class(path)


# --- banks ---------------------------------------------------------------------------------


# The course's banks by name (helpers.quiz.load): the names dashboard code has always used.
BANK_NAME = _load.BANK_NAME
_bank = _load.course_bank
_question = _load.course_question


def _nothing_wrong() -> frozenset[str]:
    """Types whose answers are never wrong (any saved text earns the points): they have no
    wrong answers to list and say nothing about a skill."""
    return frozenset(name for name, t in TYPES.items() if not t.has_right_answer)


def _skill(bank_id: str, qid: str) -> str:
    q = _question(bank_id, qid)
    return (q.tags.get("skill") if q is not None else None) or "(no skill tag)"


# --- views ---------------------------------------------------------------------------------


@cache
def _table_type() -> type:
    """A DataFrame that a notebook shows without its row numbers: pandas' 0, 1, 2 … index
    means nothing to a teacher.  Made on first use, so pandas loads only when a view runs."""
    import pandas as pd

    class Table(pd.DataFrame):
        @property
        def _constructor(self) -> type:
            return Table  # sorting and filtering keep the display

        def _repr_html_(self) -> str:
            rows = pd.get_option("display.max_rows")
            return "<div>" + self.to_html(index=False, escape=True, max_rows=rows) + "</div>"

    return Table


def _shown_without_index(view: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """A dashboard view whose table is shown without the index (same data, same columns)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> pd.DataFrame:
        return _table_type()(view(*args, **kwargs))

    return wrapper


def _pick(results: ClassResults, bank: str | None) -> pd.DataFrame:
    df = results.summary
    if bank is not None:
        df = df[df["bank"] == bank]
    return df


@_shown_without_index
def overview(results: ClassResults) -> pd.DataFrame:
    """Per bank: learners who started it, questions answered, mean score and share fully right."""
    import pandas as pd

    df = results.summary.copy()
    if df.empty:
        return pd.DataFrame(columns=["bank", "learners", "answers", "mean score %", "right %"])
    df["share"] = df["best_score"] / df["max_points"].where(df["max_points"] > 0, 1)
    out = df.groupby("bank").agg(
        learners=("learner", "nunique"),
        answers=("question", "size"),
        share=("share", "mean"),
        right=("correct", "mean"),
    )
    out["mean score %"] = (out.pop("share") * 100).round(0).astype(int)
    out["right %"] = (out.pop("right") * 100).round(0).astype(int)
    return out.reset_index()


@_shown_without_index
def difficulty(results: ClassResults, bank: str | None = None, *, hardest_first: bool = False):
    """One row per question: how many answered, % fully right, mean score %, mean tries, skill.

    Sorted in bank order (or hardest first): a low "right %" is a question to discuss in class.
    """
    import pandas as pd

    df = _pick(results, bank).copy()
    cols = ["bank", "no.", "question", "skill", "type", "learners", "right %", "mean score %"]
    cols += ["mean tries", "prompt"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df["share"] = df["best_score"] / df["max_points"].where(df["max_points"] > 0, 1)
    g = df.groupby(["bank", "question"], sort=False).agg(
        type=("type", "first"),
        learners=("learner", "nunique"),
        right=("correct", "mean"),
        share=("share", "mean"),
        tries=("attempts", "mean"),
    )
    g = g.reset_index()
    qs = [_question(b, q) for b, q in zip(g["bank"], g["question"], strict=True)]
    g["no."] = [q.number if q is not None else 0 for q in qs]
    g["prompt"] = [_short(q.prompt) if q is not None else "" for q in qs]
    g["skill"] = [_skill(b, q) for b, q in zip(g["bank"], g["question"], strict=True)]
    g["right %"] = (g["right"] * 100).round(0).astype(int)
    g["mean score %"] = (g["share"] * 100).round(0).astype(int)
    g["mean tries"] = g["tries"].round(1)
    g = g.sort_values(["right %", "mean score %"] if hardest_first else ["bank", "no."])
    return g[cols].reset_index(drop=True)


def _describe_wrong(q: Question | None, qtype: str, answer: Any) -> list[str]:
    """The wrong answer(s) inside one answer, in words a teacher can discuss."""
    if q is None:
        return [_short(answer if not isinstance(answer, list | dict) else repr(answer))]
    # the bank says what a question is, not the (student-written) record's ``qtype``
    return TYPES[q.type].describe_wrong(q, answer)


@_shown_without_index
def wrong_answers(results: ClassResults, bank: str | None = None, *, top: int = 3):
    """The most common wrong answers per question (every wrong try counts once per learner).

    From attempt files every wrong try is used; from an exported CSV only last answers that
    were not right (choice questions show the option text; sorting and highlight questions show
    which excerpt was sorted wrongly, missed or over-marked).
    """
    import pandas as pd

    cols = ["bank", "no.", "question", "wrong answer", "learners"]
    if results.attempts is not None and len(results.attempts):
        df = results.attempts
        df = df[~df["correct"].astype(bool)]
        rows = zip(df["learner"], df["bank"], df["question"], df["type"], df["answer"], strict=True)
    else:
        df = results.summary
        df = df[~df["correct"].astype(bool)]
        rows = zip(
            df["learner"], df["bank"], df["question"], df["type"], df["last_answer"], strict=True
        )
    counts: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    nothing_wrong = _nothing_wrong()
    for learner, b, qid, qtype, answer in rows:
        if (bank is not None and b != bank) or qtype in nothing_wrong:
            continue
        q = _question(b, qid)
        try:
            described = set(_describe_wrong(q, qtype, answer))
        except (TypeError, ValueError, AttributeError):
            described = {_short(str(answer))}
        c = counts.setdefault((b, qid), Counter())
        for d in described:
            c[(learner, d)] += 1
    out = []
    for (b, qid), c in counts.items():
        per_answer = Counter(d for (_learner, d) in c)
        q = _question(b, qid)
        for text, n in per_answer.most_common(top):
            out.append(
                {
                    "bank": b,
                    "no.": q.number if q else 0,
                    "question": qid,
                    "wrong answer": text,
                    "learners": n,
                }
            )
    frame = pd.DataFrame(out, columns=cols)
    return frame.sort_values(
        ["bank", "no.", "learners"], ascending=[True, True, False]
    ).reset_index(drop=True)


@_shown_without_index
def skill_scores(results: ClassResults, bank: str | None = None):
    """Per skill tag: questions, learners, mean score %, and learners below half marks.

    Reflections are left out: any saved text earns their points, so they say nothing here.
    """
    import pandas as pd

    df = _pick(results, bank)
    df = df[~df["type"].isin(_nothing_wrong())].copy()  # any saved text earns full points
    cols = ["skill", "questions", "learners", "mean score %", "learners below 50 %"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df["skill"] = [_skill(b, q) for b, q in zip(df["bank"], df["question"], strict=True)]
    df["share"] = df["best_score"] / df["max_points"].where(df["max_points"] > 0, 1)
    per_learner = df.groupby(["skill", "learner"])["share"].mean().reset_index()
    below = per_learner[per_learner["share"] < 0.5].groupby("skill")["learner"].nunique()
    g = df.groupby("skill").agg(
        questions=("question", "nunique"), learners=("learner", "nunique"), share=("share", "mean")
    )
    g["mean score %"] = (g.pop("share") * 100).round(0).astype(int)
    g["learners below 50 %"] = below.reindex(g.index).fillna(0).astype(int)
    return g.sort_values("mean score %").reset_index()[cols]


def _below_half(n: int) -> str:
    n = int(n)
    return "nobody below half" if n == 0 else f"{n} learner{'s' if n != 1 else ''} below half"


def skill_chart(results: ClassResults, bank: str | None = None) -> Figure:
    """A horizontal bar per skill: the class's mean score (%), weakest at the top.

    The figure carries ``alt_text`` (every bar's value in words) and shows with it in a notebook;
    bars carry their value as a label, so nothing depends on colour.
    """
    from ..views.charts import new_figure, with_alt

    table = skill_scores(results, bank)
    fig = new_figure(8.0, 0.5 + 0.45 * max(3, len(table)))
    ax = fig.add_subplot(1, 1, 1)
    what = f"bank {bank}" if bank else "all quizzes"
    title = f"Mean score by skill ({what})"
    if results.demo:
        title += " — DEMO DATA, made up"
    ax.set_title(title)
    if table.empty:
        ax.text(0.5, 0.5, "No results yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return with_alt(fig, f"{title}: no results yet.")
    table = table.iloc[::-1]  # weakest at the top
    ys = range(len(table))
    ax.barh(list(ys), table["mean score %"], color="#0077bb", edgecolor="#1a1a1a", hatch="//")
    ax.set_yticks(list(ys), [_short(s, 34) for s in table["skill"]])
    # room right of 100 % for the labels, so a full bar's label never sits on the bar
    ax.set_xlim(0, 145)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Mean score of the class (% of points)")
    ax.axvline(50, color="#1a1a1a", linestyle="--", linewidth=1)
    for y, v, n in zip(ys, table["mean score %"], table["learners below 50 %"], strict=True):
        ax.text(v + 1.5, y, f"{v} % · {_below_half(n)}", va="center", fontsize=9)
    parts = [
        f"{s}: {v} % ({n} of {ls} learners below half marks)"
        for s, v, n, ls in zip(
            table["skill"][::-1],
            table["mean score %"][::-1],
            table["learners below 50 %"][::-1],
            table["learners"][::-1],
            strict=True,
        )
    ]
    return with_alt(
        fig,
        f"Bar chart, {title}. Weakest skill first: " + "; ".join(parts) + ".",
    )


def skill_charts(results: ClassResults) -> list[Figure]:
    """One :func:`skill_chart` per bank in the results."""
    return [skill_chart(results, b) for b in sorted(results.summary["bank"].unique())]


@_shown_without_index
def learners(results: ClassResults, bank: str | None = None):
    """Per learner: questions answered, mean score %, questions fully right (for follow-up)."""
    df = _pick(results, bank).copy()
    df["share"] = df["best_score"] / df["max_points"].where(df["max_points"] > 0, 1)
    g = df.groupby("learner").agg(
        answered=("question", "size"), share=("share", "mean"), right=("correct", "sum")
    )
    g["mean score %"] = (g.pop("share") * 100).round(0).astype(int)
    g["fully right"] = g.pop("right").astype(int)
    return g.reset_index()


_DISCERNMENT_COUNTS = ("hits", "misses", "false_alarms", "correct_rejections")


def _counts(details: Any) -> tuple[int, int, int, int] | None:
    """A discernment attempt's four counts, when the saved details hold them as small ints."""
    if not isinstance(details, dict):
        return None
    values = [details.get(k) for k in _DISCERNMENT_COUNTS]
    ints = [v for v in values if type(v) is int and 0 <= v <= 1000]
    if len(ints) != len(_DISCERNMENT_COUNTS):
        return None
    hits, misses, false_alarms, rejections = ints
    return hits, misses, false_alarms, rejections


@_shown_without_index
def discernment(results: ClassResults, bank: str | None = None):
    """Reporting-or-opinion judgements on the first try (the one that counts): per learner, the
    flawed passages spotted and missed and the sound passages kept or called flawed by mistake
    (false alarms), with the whole class in the last row.  Discernment, not cynicism: a student
    who calls everything suspicious spots every flawed passage and raises every false alarm."""
    import pandas as pd

    cols = ["learner", "questions", "flawed spotted", "flawed missed", "sound kept"]
    cols.append("false alarms (sound called flawed)")
    att = results.attempts
    if att is None or not len(att):
        return pd.DataFrame(columns=cols)
    firsts = att[(att["attempt"] == 1) & (att["learner"] != ANONYMOUS)]
    if bank is not None:
        firsts = firsts[firsts["bank"] == bank]
    per: dict[str, list[int]] = {}
    for r in firsts.itertuples(index=False):
        q = _question(str(r.bank), str(r.question))
        counts = _counts(r.details) if q is not None and q.type == "discernment" else None
        if counts is None:
            continue
        row = per.setdefault(str(r.learner), [0, 0, 0, 0, 0])
        row[0] += 1
        for i, v in enumerate(counts):
            row[i + 1] += v
    rows: list[list[Any]] = [[name, *per[name]] for name in sorted(per)]
    if rows:
        rows.append(["whole class", *[sum(r[i] for r in per.values()) for i in range(5)]])
    frame = pd.DataFrame(rows, columns=["learner", "questions", "h", "m", "f", "c"])
    out = frame[["learner", "questions", "h", "m", "c", "f"]]
    out.columns = cols
    return out


# --- a synthetic demo class ----------------------------------------------------------------


def sample_answer(q: Question, good: bool, rng: random.Random) -> Any:
    """An answer of the right shape; right when ``good``, a plausible mistake otherwise."""
    kind = TYPES.get(q.type)
    return None if kind is None else kind.sample_answer(q, good, rng)


def write_demo_results(
    folder: str | Path,
    banks: Iterable[str] = DEMO_BANKS,
    *,
    learners: int = 12,
    seed: int = 7,
) -> list[Path]:
    """Write a synthetic class's attempts into ``folder`` with the real results writer.

    Learners are "Demo learner 01" … with made-up abilities; answers are scored with the real
    scoring, so the files look exactly like a class's.  Deterministic for a given ``seed``.
    """
    rng = random.Random(seed)
    store = ResultsStore(folder, fallbacks=[])
    start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    loaded = [b for b in (_bank(name) for name in banks) if b is not None]
    written: set[Path] = set()
    for n in range(1, learners + 1):
        name = f"Demo learner {n:02d}"
        ability = rng.uniform(0.2, 0.9)
        clock = start + timedelta(minutes=rng.randrange(30))
        for bank in loaded:
            for q in bank.questions:
                hard = TYPES[q.type].demo_difficulty
                for attempt in range(1, q.max_tries + 1):
                    good = rng.random() < ability - hard + 0.1 * (attempt - 1)
                    outcome = score(q, sample_answer(q, good, rng))
                    if not outcome.valid:
                        break
                    final = outcome.correct or attempt >= q.max_tries
                    clock += timedelta(seconds=rng.randrange(20, 90))
                    written.add(
                        store.append(
                            attempt_record(
                                q,
                                attempt,
                                outcome,
                                final=final,
                                time=clock.isoformat(timespec="milliseconds"),
                            )
                            | {"bank": bank.id, "learner": name, "demo": True}
                        )
                    )
                    if final:
                        break
    return sorted(written)


def demo_class(
    folder: str | Path | None = None,
    banks: Iterable[str] = DEMO_BANKS,
    *,
    learners: int = 12,
    seed: int = 7,
) -> ClassResults:
    """A made-up class, loaded.  Written to ``folder`` if given, else to a temp folder that is
    deleted once loaded (nothing is left behind)."""
    if folder is not None:
        write_demo_results(folder, banks, learners=learners, seed=seed)
        return load_class(folder, demo=True)
    with tempfile.TemporaryDirectory(prefix="demo-class-") as tmp:
        write_demo_results(tmp, banks, learners=learners, seed=seed)
        results = load_class(tmp, demo=True)
    results.source = "generated on the fly (synthetic)"
    return results


def per_question(results: ClassResults, bank: str, question: str) -> Mapping[str, Any]:
    """Everything about one question: its prompt, the class's numbers and wrong answers."""
    diff = difficulty(results, bank)
    row = diff[diff["question"] == question]
    wrong = wrong_answers(results, bank, top=10)
    q = _question(bank, question)
    return {
        "prompt": q.prompt if q else "",
        "stats": row.to_dict("records")[0] if len(row) else {},
        "wrong answers": wrong[wrong["question"] == question][["wrong answer", "learners"]],
    }


__all__ = [
    "DEMO_LABEL",
    "ClassResults",
    "demo_class",
    "difficulty",
    "learners",
    "load_class",
    "open_class",
    "overview",
    "per_question",
    "skill_chart",
    "skill_charts",
    "skill_scores",
    "write_demo_results",
    "wrong_answers",
]
