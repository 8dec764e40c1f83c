"""``python -m helpers``: help, version, structure and analyze, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import helpers

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "seeds" / "belarus-thaw" / "article.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )


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
    assert all(r[role_col:].split()[0] in helpers.document.ROLES for r in rows)
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

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert cli.main(["structure", str(f)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read (Permission denied)" in err and err.count("\n") == 1
