"""``python -m helpers``: help, version, structure and analyze, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers.document import ROLES

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "seeds" / "belarus-thaw" / "article.txt"


def run(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str | None] | None = None,
    **popen: Any,
) -> subprocess.CompletedProcess[bytes]:
    """``python -m helpers ARGS`` with this checkout's sources; ``env`` values of None unset a
    variable, ``popen`` goes to :func:`subprocess.run` (e.g. ``stdout=`` or ``preexec_fn=``)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for key, value in (env or {}).items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    streams: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args],
        input=stdin,
        env=full,
        cwd=cwd,
        timeout=popen.pop("timeout", 60),
        check=False,
        **{**streams, **popen},
    )


def one_line_error(out: subprocess.CompletedProcess[bytes], *needles: str) -> str:
    """Exit code 2 and exactly one line on stderr that holds every needle; returns the line."""
    err = out.stderr.decode(errors="replace")
    assert out.returncode == 2, (out.returncode, err)
    assert "Traceback" not in err and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err.strip()


def test_help_and_version():
    out = run("--help")
    assert out.returncode == 0
    assert b"structure" in out.stdout and b"analyze" in out.stdout
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.decode().strip() == f"helpers {helpers.__version__}"


def test_structure_table_lists_all_29_lines_aligned():
    out = run("structure", str(ARTICLE))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    rows = [ln for ln in lines[1:] if len(ln.split()) > 5 and ln.split()[1].isdigit()]
    assert len(rows) == 29
    assert rows[0].split()[2] == "headline" and rows[-1].split()[2] == "comment"
    role_col = lines[0].index("role")
    assert all(r[role_col:].split()[0] in ROLES for r in rows)
    assert "roles from structure" in out.stdout.decode()


def test_structure_json_from_stdin_uses_heuristics():
    out = run("structure", "-", "--format", "json", stdin=ARTICLE.read_bytes())
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["roles_from"] == "heuristics"
    assert len(data["segments"]) == 29
    text = ARTICLE.read_text(encoding="utf-8")
    for seg in data["segments"]:
        assert text[seg["start"] : seg["end"]] == seg["text"]


def test_analyze_json_follows_the_schema():
    out = run("analyze", str(ARTICLE), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["schema"] == "helpers.analysis/1"
    assert data["chars"] == 8453
    assert {"segments", "spans", "findings", "text_sha256", "words"} <= set(data)
    seg = data["segments"][0]
    assert {"index", "role", "start", "end", "sourced", "metrics"} <= set(seg)
    assert {"attributions", "hedges", "loaded"} <= set(seg["metrics"])


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("structure", "/no/such/file.txt"), None, "no such file"),
        (("structure", "-"), b"\xff\xfe\x00bad", "binary"),
        (("analyze", "-"), "café".encode("latin-1"), "not UTF-8"),
        (("structure", "."), None, "is a folder"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(args, stdin, message):
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_unreadable_file_exits_2(tmp_path, monkeypatch, capsys):
    """A permission error (simulated: root can read anything) is a one-line error too."""
    from helpers import cli

    f = tmp_path / "secret.txt"
    f.write_text("x")

    real_open = os.open

    def deny(path, *args, **kwargs):
        if Path(path) == f:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    assert cli.main(["structure", str(f)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read (Permission denied)" in err and err.count("\n") == 1


# --- structure files: every bad value is one line naming the file and the field -----------------

BAD_LINE_VALUES = st.one_of(
    st.text(max_size=12).map(json.dumps),
    st.floats(allow_nan=True, allow_infinity=True).map(json.dumps),
    st.integers(max_value=0).map(json.dumps),
    st.sampled_from(["1e400", "-1e400", "1e-400", "2.0", "true", "false", "null", "NaN"]),
    st.recursive(
        st.none() | st.integers() | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=6,
    )
    .filter(lambda v: isinstance(v, list | dict))
    .map(json.dumps),
)


def _structure_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    from helpers import cli

    assert cli.main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=BAD_LINE_VALUES)
def test_a_bad_line_in_a_structure_file_names_the_file_and_the_field(tmp_path, capsys, value):
    spec = tmp_path / "spec.json"
    spec.write_text('{"lines": [{"line": ' + value + ', "role": "headline"}]}', encoding="utf-8")
    err = _structure_error(capsys, "structure", str(ARTICLE), "--structure", str(spec))
    assert str(spec) in err and "lines[1].line" in err


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=BAD_LINE_VALUES.filter(lambda v: not v.startswith('"')))
def test_a_role_that_is_not_text_names_the_field(tmp_path, capsys, value):
    spec = tmp_path / "spec.json"
    spec.write_text('{"lines": [{"line": 1, "role": ' + value + "}]}", encoding="utf-8")
    err = _structure_error(capsys, "structure", str(ARTICLE), "--structure", str(spec))
    assert str(spec) in err and "lines[1].role" in err


DEEP = 100_000


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"[" * DEEP + b"]" * DEEP, "nested too deeply"),
        (b'{"lines": [{"line": ' + b"[" * DEEP + b"]" * DEEP + b', "role": "x"}]}', "nested"),
        (b'{"lines": [{"line": 1' + b"0" * 5000 + b', "role": "headline"}]}', "lines[1].line"),
        (b'{"lines": 5}', "'lines'"),
        (b'{"lines": [7]}', "lines[1]"),
        (b"[]", "JSON object"),
        (b"", "not a readable structure file"),
        (b'{"lines": "\xff"}', "not UTF-8"),
    ],
)
def test_a_broken_structure_file_is_one_line(tmp_path, capsys, content, needle):
    spec = tmp_path / "spec.json"
    spec.write_bytes(content)
    err = _structure_error(capsys, "analyze", str(ARTICLE), "--structure", str(spec))
    assert str(spec) in err and needle in err
    assert len(err) < 300  # the value is quoted short, never the whole file


@pytest.mark.parametrize("command", ["structure", "analyze"])
def test_a_bad_structure_json_beside_the_article_is_one_line(tmp_path, capsys, command):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.read_bytes())
    (tmp_path / "structure.json").write_text('{"lines": [{"line": "x", "role": "headline"}]}')
    err = _structure_error(capsys, command, str(article))
    assert str(tmp_path / "structure.json") in err and "lines[1].line" in err


# --- output that cannot be written, or only in another encoding ---------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("analyze", str(ARTICLE)),
        ("analyze", str(ARTICLE), "--format", "json"),
        ("structure", str(ARTICLE)),
        ("quiz", "check", str(ROOT / "notebooks" / "quizzes" / "02-sourcing.yaml")),
    ],
)
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_full_disk_on_stdout_is_one_line(args, unbuffered):
    with open("/dev/full", "wb") as full:
        out = run(*args, stdout=full, env={"PYTHONUNBUFFERED": unbuffered or None})
    one_line_error(out, "cannot write the output", "No space left on device")


def test_a_closed_stdout_is_one_line():
    out = run("analyze", str(ARTICLE), stdout=None, preexec_fn=lambda: os.close(1))
    one_line_error(out, "standard output is closed")


def test_a_closed_stdin_is_one_line():
    out = run("structure", "-", stdin=None, preexec_fn=lambda: os.close(0))
    one_line_error(out, "standard input is closed")


def test_an_ascii_terminal_still_gets_the_output():
    """Text: characters the terminal cannot show become '?'; JSON and HTML stay lossless."""
    ascii_env: dict[str, str | None] = {"PYTHONIOENCODING": "ascii"}
    utf8 = run("analyze", str(ARTICLE), env={"PYTHONIOENCODING": "utf-8"})
    text = run("analyze", str(ARTICLE), env=ascii_env)
    assert text.returncode == 0, text.stderr
    assert text.stdout == utf8.stdout.decode().encode("ascii", "replace")
    js = run("analyze", str(ARTICLE), "--format", "json", env=ascii_env)
    assert js.returncode == 0, js.stderr
    js.stdout.decode("ascii")
    full = run("analyze", str(ARTICLE), "--format", "json")
    assert json.loads(js.stdout) == json.loads(full.stdout)
    html = run("analyze", str(ARTICLE), "--format", "html", env=ascii_env)
    assert html.returncode == 0, html.stderr
    assert "&#8220;" in html.stdout.decode("ascii")
    table = run("structure", str(ARTICLE), "--format", "json", env=ascii_env)
    assert table.returncode == 0 and json.loads(table.stdout)["segments"][0]["text"]


def test_a_file_name_that_is_not_utf8_is_printed_without_a_traceback(tmp_path):
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as fh:
        fh.write(b"A headline\n\nA paragraph that says something.\n")
    for fmt in ("table", "json"):
        out = run("structure", os.fsdecode(name), "--format", fmt)
        assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr


# --- input that never ends, or that is not a file ------------------------------------------------


def _limit_memory() -> None:
    """1 GB of address space: code that reads without a bound fails fast instead of swapping."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused(tmp_path):
    out = run("analyze", "/dev/zero", preexec_fn=_limit_memory)
    one_line_error(out, "/dev/zero", "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("as_structure", [False, True])
def test_a_fifo_without_a_writer_does_not_block(tmp_path, as_structure):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    args = ["analyze", str(ARTICLE), "--structure", str(fifo)] if as_structure else ["analyze"]
    if not as_structure:
        args.append(str(fifo))
    out = run(*args, timeout=20)
    one_line_error(out, str(fifo), "not a regular file")


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    from helpers.document import MAX_INPUT_BYTES, read_text

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)  # sparse: no disk used
    one_line_error(run("analyze", str(big), preexec_fn=_limit_memory), str(big), "5 MB")
    at_limit = tmp_path / "at-limit.txt"
    at_limit.write_bytes(b"word " * (MAX_INPUT_BYTES // 5))
    assert len(read_text(at_limit)[0]) == MAX_INPUT_BYTES


def test_stdin_stays_supported_but_bounded():
    from helpers.document import MAX_INPUT_BYTES

    out = run("structure", "-", stdin=b"x" * (MAX_INPUT_BYTES + 1), preexec_fn=_limit_memory)
    one_line_error(out, "<stdin>", "5 MB")
    assert run("structure", "-", stdin=b"A headline\n\nA paragraph.\n").returncode == 0


def test_help_states_the_size_limit():
    assert b"5 MB" in run("analyze", "--help").stdout
    assert b"5 MB" in run("structure", "--help").stdout


# --- quiz export: the folder the widgets write to, and never a silent empty gradebook ----------

NO_RESULTS_ENV: dict[str, str | None] = {"HELPERS_RESULTS_DIR": None, "HELPERS_CLASS_RESULTS": None}
RECORD = {
    "learner": "Mia K",
    "bank": "02-sourcing",
    "question": "q-who-says",
    "type": "classify",
    "answer": "named",
    "score": 1.0,
    "points": 1.0,
    "correct": True,
    "final": True,
}


def _course(tmp_path: Path) -> Path:
    """A course folder laid out as the repository is: lessons in notebooks/, seeds/ beside."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "seeds").mkdir()
    return root


def _save_as_the_widgets_do(cwd: Path) -> None:
    """A quiz widget's save: ResultsStore() with its default folder, in the notebook's folder."""
    code = (
        "import json, sys; from helpers.quiz.results import ResultsStore; "
        "ResultsStore().append(json.loads(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for key in NO_RESULTS_ENV:
        env.pop(key, None)
    subprocess.run(
        [sys.executable, "-c", code, json.dumps(RECORD)], cwd=cwd, env=env, check=True, timeout=60
    )


def _learners(csv_path: Path) -> list[tuple[str, str]]:
    import csv

    with open(csv_path, encoding="utf-8", newline="") as fh:
        return [(row["learner"], row["question"]) for row in csv.DictReader(fh)]


@pytest.mark.parametrize("folder", [None, "results/", "notebooks/results"])
def test_export_from_the_course_root_reads_what_the_lessons_saved(tmp_path, folder):
    root = _course(tmp_path)
    _save_as_the_widgets_do(root / "notebooks")
    assert list((root / "notebooks" / "results").glob("*.jsonl"))
    args = [folder] if folder else []
    out = run("quiz", "export", *args, "class.csv", cwd=root, env=NO_RESULTS_ENV)
    assert out.returncode == 0, out.stderr
    assert _learners(root / "class.csv") == [("Mia K", "q-who-says")]
    assert b"wrote 1 row to class.csv" in out.stdout and b"notebooks/results" in out.stdout
    if folder == "results/":  # not in the root: the lessons' folder is used, and said so
        err = out.stderr.decode()
        assert err.count("\n") == 1 and "notebooks/results" in err


def test_a_quiz_run_at_the_course_root_saves_where_the_lessons_save(tmp_path):
    root = _course(tmp_path)
    _save_as_the_widgets_do(root)
    assert not (root / "results").exists()
    assert len(list((root / "notebooks" / "results").glob("*.jsonl"))) == 1


def test_export_without_a_folder_reads_the_class_on_a_hub(tmp_path):
    """On a hub $HELPERS_RESULTS_DIR is the teacher's own answers; the class is elsewhere."""
    from helpers.quiz.results import ResultsStore

    ResultsStore(tmp_path / "class" / "mia").append(RECORD)
    env = {"HELPERS_RESULTS_DIR": str(tmp_path / "teacher"), "HELPERS_CLASS_RESULTS": None}
    out = run("quiz", "export", "c.csv", cwd=tmp_path, env=env)
    one_line_error(out, str(tmp_path / "teacher"), "no such folder")
    env["HELPERS_CLASS_RESULTS"] = str(tmp_path / "class")
    out = run("quiz", "export", "c.csv", cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert _learners(tmp_path / "c.csv") == [("Mia K", "q-who-says")]


def _not_a_results_folder(tmp_path: Path, kind: str) -> Path:
    if kind == "a file":
        (tmp_path / "a.jsonl").write_text(json.dumps(RECORD) + "\n")
        return tmp_path / "a.jsonl"
    folder = tmp_path / kind.replace(" ", "-")
    if kind != "missing":
        folder.mkdir()
    if kind == "other files":
        (folder / "notes.txt").write_text("not results")
    return folder


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("missing", "no such folder"),
        ("a file", "not a folder"),
        ("empty", "no results found in"),
        ("other files", "no results found in"),
    ],
)
def test_export_of_a_missing_file_or_empty_folder_is_one_line(tmp_path, kind, needle):
    folder = _not_a_results_folder(tmp_path, kind)
    out = run("quiz", "export", str(folder), str(tmp_path / "out.csv"), env=NO_RESULTS_ENV)
    one_line_error(out, str(folder), needle)
    assert not (tmp_path / "out.csv").exists()


def test_export_of_results_with_no_readable_answer_is_one_line(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.jsonl").write_text('{"schema": "helpers.quiz-results/1"}\n')
    out = run("quiz", "export", str(tmp_path / "r"), str(tmp_path / "o.csv"), env=NO_RESULTS_ENV)
    err = out.stderr.decode()
    assert out.returncode == 2 and "Traceback" not in err
    # one line for the record it skipped (file, line, why), one for the error
    assert err.splitlines()[0].startswith("warning: a.jsonl line 1: skipped"), err
    assert "no quiz answers" in err.splitlines()[1] and len(err.splitlines()) == 2, err


def test_export_help_names_the_default_folder():
    out = run("quiz", "export", "--help").stdout.decode()
    assert "notebooks/results" in out and "HELPERS_CLASS_RESULTS" in out
