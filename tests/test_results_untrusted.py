"""Results files are untrusted input: what a student can put in the results folder must never
break, hang, fool or leak through the teacher's export and dashboard or the quiz's resume, and a
repair must never lose an answer (issue 13, items 1–10)."""

from __future__ import annotations

import csv
import errno
import json
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.quiz import ResultsStore, ResultsWarning, export_csv
from helpers.quiz import dashboard as dash
from helpers.quiz import results as results_mod
from helpers.quiz import store as store_mod
from helpers.quiz.records import BadRecord, parse_record
from helpers.quiz.results import learner_key, learner_name, summarize

GOOD = {
    "learner": "Ana",
    "bank": "02-sourcing",
    "question": "q-mismatch",
    "type": "single_choice",
    "answer": "b",
    "score": 1,
    "points": 1,
    "correct": True,
}


def line(**fields: object) -> str:
    return json.dumps({**GOOD, **fields}) + "\n"


def plant(folder: Path, name: str, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


# --- 1. one planted record never breaks the class -----------------------------------------------

PLANTED = [
    '{"learner":"Ana","bank":"b","question":"q","details":"x"}',
    '{"learner":"Ana","bank":"b","question":"q","points":"abc"}',
    '{"learner":"Ana","bank":"b","question":"q","points":[1]}',
    '{"learner":"Ana","bank":"b","question":"q","score":Infinity}',
    '{"learner":"Ana","bank":"b","question":"q","score":NaN}',
    '{"learner":"Ana","bank":"b","question":"q","score":1e400}',
    '{"learner":"Ana","bank":"b","question":"q","type":"highlight","answer":[[Infinity,1]]}',
    '{"learner":"Ana","bank":"b","question":"q","type":"highlight","answer":[[1e400,1]]}',
    '{"learner":"Ana","bank":"b","question":"q","type":"multiple_select","answer":[["a"]]}',
    '{"learner":["Ana"],"bank":"b","question":"q"}',
    '{"learner":"Ana","bank":["b"],"question":"q"}',
    '{"learner":"Ana","bank":"b","question":{"q":1}}',
    '{"learner":"Ana","bank":"b","question":"q","score":' + "9" * 500 + "}",
    "[" * 50_000 + "]" * 50_000,
]


@pytest.mark.parametrize("bad", PLANTED)
def test_a_bad_record_is_skipped_and_reported_and_the_rest_counts(tmp_path: Path, bad: str):
    plant(tmp_path / "r", "Ana.jsonl", line(), bad + "\n", line(question="q-vague"))
    plant(tmp_path / "r", "Ben.jsonl", line(learner="Ben"))
    problems: list[str] = []
    n = export_csv(tmp_path / "r", tmp_path / "o.csv", problems=problems)
    assert n == 3
    assert any(p.startswith("Ana.jsonl line 2: skipped") for p in problems), problems
    cls = dash.load_class(tmp_path / "r")
    assert cls.learners == 2 and cls.problems
    for view in (dash.overview, dash.difficulty, dash.learners):
        assert len(view(cls)) >= 1
    dash.wrong_answers(cls)
    dash.skill_scores(cls)
    # and the student's own resume
    store = ResultsStore(tmp_path / "r")
    assert {r["question"] for r in store.records("Ana")} == {"q-mismatch", "q-vague"}


def test_score_infinity_cannot_reach_the_dashboard_views(tmp_path: Path):
    plant(tmp_path, "Ana.jsonl", line(score=0.5, correct=False))
    (tmp_path / "Ana.jsonl").open("a").write(
        '{"learner":"Ana","bank":"02-sourcing","question":"q-x","score":Infinity}\n'
    )
    cls = dash.load_class(tmp_path)
    assert dash.overview(cls)["mean score %"].tolist() == [50]


# --- 2. a student's lock never hangs the teacher ------------------------------------------------


def test_a_lock_held_by_a_student_does_not_block_readers_or_writers(tmp_path: Path):
    import fcntl

    store = ResultsStore(tmp_path)
    store.append(GOOD)
    lock = tmp_path / ".Ana.jsonl.lock"
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held "for ever"
    try:
        t0 = time.monotonic()
        assert export_csv(tmp_path, tmp_path / "o.csv") == 1
        assert dash.load_class(tmp_path).learners == 1
        assert time.monotonic() - t0 < 1.0  # readers do not lock at all
        t0 = time.monotonic()
        store.append({**GOOD, "question": "q-two"})  # a writer waits a bounded time
        assert time.monotonic() - t0 < results_mod.LOCK_WAIT + 1.0
    finally:
        os.close(fd)
    assert len(ResultsStore(tmp_path).records("Ana")) == 2


# --- 3. sparse or huge files --------------------------------------------------------------------


def test_a_huge_sparse_file_is_read_only_up_to_the_bound(tmp_path: Path):
    plant(tmp_path, "Ana.jsonl", line())
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as fh:
        fh.truncate(2 * 2**30)  # 2 GB of nothing, no disk used
    t0 = time.monotonic()
    problems: list[str] = []
    assert export_csv(tmp_path, tmp_path / "o.csv", problems=problems) == 1
    assert time.monotonic() - t0 < 5.0
    assert any("big.jsonl" in p and "MB" in p for p in problems), problems


# --- 4. forging a classmate ---------------------------------------------------------------------


def test_a_record_counts_only_for_the_learner_whose_file_it_is(tmp_path: Path):
    plant(tmp_path, "Mallory.jsonl", line(learner="Mallory"), line(learner="Ana", score=0))
    plant(tmp_path, "Ana.jsonl", line())
    problems: list[str] = []
    export_csv(tmp_path, tmp_path / "o.csv", problems=problems)
    table = rows(tmp_path / "o.csv")
    assert [r[0] for r in table[1:]] == ["Ana", "Mallory"]
    assert table[1][4] == "1"  # Ana: one attempt, not the forged second one
    assert any("Mallory.jsonl line 2" in p for p in problems)


def test_a_name_in_two_students_folders_is_shown_apart(tmp_path: Path):
    plant(tmp_path / "classmate", "classmate.jsonl", line(learner="classmate"))
    plant(tmp_path / "mallory", "classmate.jsonl", line(learner="classmate", score=0))
    store = ResultsStore(tmp_path, read_only=True)
    learners = sorted({r["learner"] for r in store.records()})
    assert learners == ["classmate (classmate)", "classmate (mallory)"]
    assert any("more than one student's folder" in p for p in store.problems)


def test_the_type_cell_comes_from_the_learners_own_records(tmp_path: Path):
    plant(tmp_path, "Ana.jsonl", line())
    plant(tmp_path, "Mallory.jsonl", line(learner="Mallory", type="=1+1"))
    export_csv(tmp_path, tmp_path / "o.csv")
    table = {r[0]: r for r in rows(tmp_path / "o.csv")[1:]}
    assert table["Ana"][3] == "single_choice"
    assert table["Mallory"][3] == "'=1+1"


# --- 5. a bank is a course bank name, never a path ----------------------------------------------


def test_a_bank_that_is_a_path_is_no_bank(tmp_path: Path):
    evil = tmp_path / "evil.yaml"
    evil.write_text("id: evil\nquestions: []\n")
    assert dash._bank(str(evil)) is None
    assert dash._bank("../../etc/passwd") is None
    assert dash._bank("02-sourcing") is not None
    with pytest.raises(BadRecord, match="bank"):
        parse_record(json.dumps({**GOOD, "bank": str(evil)}).encode())


def test_a_bad_record_is_a_helpers_error_here_and_a_value_error_alone(tmp_path: Path):
    """The CLI catches one base error; the hub's copy of the store (these three modules alone,
    standard library only) still imports and keeps BadRecord a ValueError."""
    import shutil
    import subprocess
    import sys

    from helpers.errors import HelpersError
    from helpers.quiz.model import QuizError

    assert issubclass(BadRecord, HelpersError) and issubclass(QuizError, HelpersError)
    package = tmp_path / "quizstore"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("results.py", "store.py", "records.py"):
        shutil.copy2(Path(results_mod.__file__).with_name(name), package / name)
    probe = (
        "from quizstore import records, results, store\n"
        "assert issubclass(records.BadRecord, ValueError)\n"
        "print(records.BadRecord.__mro__[1].__module__, store.env_path.__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-E", "-s", "-c", probe], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["quizstore.records", "quizstore.store"]  # their own fallbacks


# --- 6. links are never followed ----------------------------------------------------------------


def test_a_symlink_in_the_class_folder_is_never_followed(tmp_path: Path):
    secret = tmp_path / "secret.jsonl"
    secret.write_text(line(learner="steal", answer="TOP SECRET"))
    cls = tmp_path / "class"
    plant(cls, "Ana.jsonl", line())
    (cls / "steal.jsonl").symlink_to(secret)
    (cls / "linked-folder").symlink_to(tmp_path)
    problems: list[str] = []
    export_csv(cls, tmp_path / "o.csv", problems=problems)
    text = (tmp_path / "o.csv").read_text()
    assert "SECRET" not in text and "steal" not in text
    assert any("symbolic link" in p for p in problems)


# --- 7. CSV formula and row injection -----------------------------------------------------------


def test_every_csv_cell_is_escaped_and_cr_lf_never_start_a_row(tmp_path: Path):
    plant(
        tmp_path,
        "m.jsonl",
        line(learner="m", type="=1+1", time="2025\r=cmd|' /C calc'!A0", answer="a\n@SUM(1)"),
    )
    export_csv(tmp_path, tmp_path / "o.csv")
    raw = (tmp_path / "o.csv").read_bytes()
    assert b"\r" not in raw and raw.count(b"\n") == 2
    for cell in rows(tmp_path / "o.csv")[1]:
        assert not cell.startswith(("=", "+", "-", "@")), cell


# --- 8–10. repairs never lose answers -----------------------------------------------------------


def test_a_repair_writes_the_new_file_before_the_old_one_goes(tmp_path: Path, monkeypatch):
    store = ResultsStore(tmp_path)
    store.append(GOOD)
    path = store.path_for("Ana")
    with path.open("ab") as fh:
        fh.write(b"{half a line\n")
    calls: list[tuple[str, bool]] = []
    real = store_mod.atomic_write

    def watch(p: Path, data: bytes, **kw: object) -> None:
        calls.append((p.name, path.exists()))
        if p == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(p, data, **kw)

    monkeypatch.setattr(store_mod, "atomic_write", watch)
    with pytest.warns(ResultsWarning, match="No space left on device"):
        assert len(store.records("Ana")) == 1
    assert all(existed for _, existed in calls)  # the results file was there all along
    assert b"half a line" in path.read_bytes()  # a failed repair leaves the file as it was


def test_a_repaired_file_keeps_its_mode_and_is_readable_again(tmp_path: Path):
    store = ResultsStore(tmp_path)
    store.append(GOOD)
    path = store.path_for("Ana")
    path.chmod(0o640)
    with path.open("ab") as fh:
        fh.write(b"\x00garbage\n")
    with pytest.warns(ResultsWarning, match="damaged"):
        assert len(store.records("Ana")) == 1
    assert path.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.glob(".*.tmp")) == []
    assert len(list(tmp_path.glob("Ana.jsonl.corrupt-*"))) == 1


def test_answers_only_in_a_set_aside_copy_are_read_back(tmp_path: Path):
    """What a repair killed half-way used to leave: the answers only in ``.corrupt-*``."""
    plant(tmp_path, "Ana.jsonl.corrupt-20250101T000000Z", line(), "{half\n")
    assert len(ResultsStore(tmp_path).records("Ana")) == 1
    assert export_csv(tmp_path, tmp_path / "o.csv") == 1


def test_a_full_disk_leaves_no_half_line(tmp_path: Path, monkeypatch):
    store = ResultsStore(tmp_path, fallbacks=[tmp_path / "fallback"])
    store.append(GOOD)
    path = store.path_for("Ana")
    before = path.read_bytes()
    real_write = os.write

    def short_write(fd: int, data: bytes) -> int:
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr(store_mod.os, "write", short_write)
    with pytest.raises(OSError), pytest.warns(ResultsWarning):
        store.append({**GOOD, "question": "q-two"})
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_answers_saved_in_the_fallback_folder_are_read_back(tmp_path: Path):
    main, fallback = tmp_path / "main", tmp_path / "fallback"
    ResultsStore(main, fallbacks=[fallback]).append(GOOD)
    (main / "Ana.jsonl").chmod(0o444)  # a read-only results file
    if os.access(main / "Ana.jsonl", os.W_OK):  # root can write anyway: make the folder fail
        (main / "Ana.jsonl").chmod(0o644)
        store = ResultsStore(main, fallbacks=[fallback])
        store.folder = fallback  # as after a failed save
        fallback.mkdir()
    else:
        store = ResultsStore(main, fallbacks=[fallback])
    with pytest.warns(ResultsWarning) if store.folder == main else _nothing():
        store.append({**GOOD, "question": "q-two"})
    again = ResultsStore(main, fallbacks=[fallback])
    assert {r["question"] for r in again.records("Ana")} == {"q-mismatch", "q-two"}


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_fallback_warning_names_the_real_cause(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.warns(ResultsWarning) as caught:
        ResultsStore(blocker / "results", fallbacks=[tmp_path / "fb"])
    text = str(caught[0].message)
    assert "read-only?" not in text and "Not a directory" in text


# --- minor: names -------------------------------------------------------------------------------


def test_long_names_that_start_alike_stay_two_learners():
    a, b = "A" * 90 + "one", "A" * 90 + "two"
    assert learner_name(a) != learner_name(b) and len(learner_name(a)) <= 80
    assert learner_key(a) != learner_key(b)
    assert learner_name("Mia\u202e K\u0000") == "Mia K"


# --- fuzz: any file content ---------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
fields = st.fixed_dictionaries(
    {},
    optional={
        k: json_values | st.sampled_from(["Ana", "02-sourcing", "q-mismatch", "b"])
        for k in (
            *["learner", "bank", "question", "type", "answer", "score", "points", "details"],
            *["correct", "final", "time", "attempt"],
        )
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(planted=st.lists(fields, max_size=6), junk=st.binary(max_size=200))
def test_fuzz_no_planted_file_breaks_export_dashboard_or_resume(tmp_path_factory, planted, junk):
    folder = tmp_path_factory.mktemp("fuzz")
    lines = [json.dumps({"learner": "Ana", **p}, allow_nan=True) + "\n" for p in planted]
    plant(folder, "Ana.jsonl", line(), *lines)
    (folder / "Ana.jsonl").open("ab").write(junk)
    plant(folder, "Ben.jsonl", line(learner="Ben"))
    out = folder / "o.csv"
    assert export_csv(folder, out) >= 2
    cls = dash.load_class(folder)
    assert cls.learners >= 2
    for view in (dash.overview, dash.difficulty, dash.learners, dash.wrong_answers):
        view(cls)
    dash.skill_scores(cls)
    recs = ResultsStore(folder, fallbacks=[folder / "fb"]).records("Ana")
    summarize(recs)


def test_readers_and_a_writer_at_once_lose_nothing(tmp_path: Path):
    store = ResultsStore(tmp_path)
    stop = threading.Event()
    seen: list[int] = []

    def read() -> None:
        while not stop.is_set():
            seen.append(export_csv(tmp_path, tmp_path / "o.csv"))

    t = threading.Thread(target=read)
    t.start()
    for i in range(40):
        store.append({**GOOD, "question": f"q-{i}"})
    stop.set()
    t.join()
    assert len(ResultsStore(tmp_path).records("Ana")) == 40


def test_a_saved_answer_of_the_wrong_shape_does_not_stop_the_resume(tmp_path: Path):
    from helpers.quiz import load_bank
    from helpers.quiz.widgets import QuizApp

    bank = load_bank("02-sourcing")
    q = next(q for q in bank.questions if q.type == "single_choice")
    plant(
        tmp_path,
        "Ana.jsonl",
        line(bank=bank.id, question=q.id, answer=["not", "an", "option"], final=True),
    )
    app = QuizApp(bank, "Ana", store=ResultsStore(tmp_path))
    assert len(app.questions) == len(bank.questions)


def test_the_export_command_reports_what_it_skipped_on_one_line_each(tmp_path: Path):
    import subprocess
    import sys

    plant(tmp_path / "r", "Ana.jsonl", line(), '{"learner":"Ana\u202e","score":Infinity}\n')
    out = subprocess.run(
        [sys.executable, "-m", "helpers", "quiz", "export", str(tmp_path / "r"), "o.csv"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "wrote 1 row" in out.stdout
    assert "warning: Ana.jsonl line 2: skipped, the record has the number Infinity" in out.stderr
    assert "Traceback" not in out.stderr and "\u202e" not in out.stderr
