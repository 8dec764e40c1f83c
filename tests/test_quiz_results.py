"""Results are never lost: appends, concurrent writers, corruption, read-only folders, CSV."""

from __future__ import annotations

import csv
import json
import multiprocessing as mp
from pathlib import Path

import pytest

from helpers.quiz import ResultsStore, ResultsWarning, export_csv
from helpers.quiz.results import learner_key, summarize


def rec(learner: str, q: str, score: float, **kw: object) -> dict:
    return {
        "learner": learner,
        "bank": "b",
        "question": q,
        "type": "single_choice",
        "answer": "a",
        "score": score,
        "points": 1,
        "correct": score == 1,
        **kw,
    }


def test_append_and_read_back(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path)
    store.append(rec("Ana", "q1", 0))
    store.append(rec("Ana", "q1", 1))
    store.append(rec("Ben", "q1", 1))
    assert [r["score"] for r in store.records("Ana")] == [0, 1]
    assert len(store.records()) == 3
    assert {p.name for p in tmp_path.glob("*.jsonl")} == {"Ana.jsonl", "Ben.jsonl"}
    assert all(
        json.loads(line)["schema"] == "helpers.quiz-results/1"
        for line in (tmp_path / "Ana.jsonl").read_text().splitlines()
    )


def test_learner_keys_are_safe_and_distinct() -> None:
    assert learner_key(None) == "anonymous"
    assert learner_key("Anna S") != learner_key("Anna_S")
    assert "/" not in learner_key("../../etc/passwd")


def _writer(folder: str, worker: int, n: int) -> None:
    store = ResultsStore(folder)
    for i in range(n):
        store.append(rec("shared", f"w{worker}-{i}", 1))


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_writers_lose_nothing(tmp_path: Path, workers: int) -> None:
    ctx = mp.get_context("spawn" if workers == 2 else "fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 50)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with _no_warning():
        records = ResultsStore(tmp_path).records("shared")
    assert len(records) == workers * 50
    assert {r["question"] for r in records} == {
        f"w{w}-{i}" for w in range(workers) for i in range(50)
    }


class _no_warning:
    def __enter__(self) -> None:
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("error", ResultsWarning)

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)


def test_corrupt_file_is_set_aside_and_good_lines_kept(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path)
    store.append(rec("Ana", "q1", 1))
    path = store.path_for("Ana")
    with path.open("ab") as fh:
        fh.write(b'{"learner": "Ana", "bank": "b", "quest')  # a write cut off mid-line
    with pytest.warns(ResultsWarning, match="damaged"):
        records = store.records("Ana")
    assert [r["question"] for r in records] == ["q1"]
    aside = list(tmp_path.glob("Ana.jsonl.corrupt-*"))
    assert len(aside) == 1 and b"quest" in aside[0].read_bytes()
    store.append(rec("Ana", "q2", 1))  # the fresh file works
    assert [r["question"] for r in store.records("Ana")] == ["q1", "q2"]


def test_garbage_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "Ana.jsonl"
    path.write_bytes(b"\x00\xff not json at all\n[1, 2]\n")
    store = ResultsStore(tmp_path)
    with pytest.warns(ResultsWarning):
        assert store.records("Ana") == []
    assert path.read_bytes() == b""


def test_half_written_last_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path)
    path = store.path_for("Ana")
    path.write_bytes(b'{"learner": "Ana"')
    store.append(rec("Ana", "q1", 1))
    with pytest.warns(ResultsWarning):
        assert [r["question"] for r in store.records("Ana")] == ["q1"]


def test_read_only_folder_falls_back_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fallback = tmp_path / "fallback"
    with pytest.warns(ResultsWarning, match="instead"):
        store = ResultsStore(blocker / "results", fallbacks=[fallback])
    assert store.folder == fallback
    store.append(rec("Ana", "q1", 1))
    assert (fallback / "Ana.jsonl").is_file()
    assert "instead" in store.messages[0]


def test_summarize_best_last_and_done() -> None:
    recs = [
        rec("Ana", "q1", 0, final=False),
        rec("Ana", "q1", 1, final=True),
        rec("Ana", "q2", 0.5, final=False),
    ]
    st = summarize(recs)
    q1, q2 = st[("Ana", "b", "q1")], st[("Ana", "b", "q2")]
    assert (q1.attempts, q1.best, q1.last, q1.done, q1.correct) == (2, 1, 1, True, True)
    assert (q2.attempts, q2.done) == (1, False)


def test_export_csv_one_row_per_learner_and_question(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path / "res")
    store.append(rec("Ana", "q1", 0))
    store.append(rec("Ana", "q1", 1))
    store.append(rec("Ben", "q1", 0.5, answer='=HYPERLINK("x")'))
    store.append(rec("Ben", "q2", 1, answer=["a", "c"]))
    out = tmp_path / "grades.csv"
    assert export_csv(tmp_path / "res", out) == 3
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [
        (r["learner"], r["question"], r["attempts"], r["best_score"], r["last_score"]) for r in rows
    ] == [
        ("Ana", "q1", "2", "1", "1"),
        ("Ben", "q1", "1", "0.5", "0.5"),
        ("Ben", "q2", "1", "1", "1"),
    ]
    assert rows[1]["last_answer"].startswith("'=")  # no formula injection into spreadsheets
    assert rows[2]["last_answer"] == "a; c"
    assert rows[0]["correct"] == "yes" and rows[0]["last_attempt"]


def test_a_forged_type_cannot_turn_a_first_try_question_into_best_of_tries(tmp_path: Path) -> None:
    """The first-try rule goes by the course bank's type, not the type a results file claims:
    a student who rewrites their discernment records as single_choice keeps the first try."""
    qid = "q-reporting-or-opinion"  # a discernment question of the course bank 02-sourcing
    forged = [
        {**rec("Ana", qid, 0.4), "bank": "02-sourcing", "type": "single_choice"},
        {**rec("Ana", qid, 1), "bank": "02-sourcing", "type": "single_choice"},
    ]
    st = summarize(forged)[("Ana", "02-sourcing", qid)]
    assert (st.attempts, st.best, st.correct) == (2, 0.4, False)
    # a question no bank knows goes by what the record says (here: best of tries)
    st = summarize([rec("Ana", "q9", 0.4), rec("Ana", "q9", 1)])[("Ana", "b", "q9")]
    assert (st.best, st.correct) == (1, True)
    # the export and the dashboard say the same
    store = ResultsStore(tmp_path / "res")
    for r in forged:
        store.append(r)
    out = tmp_path / "class.csv"
    export_csv(tmp_path / "res", out)
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["best_score"] == "0.4"
