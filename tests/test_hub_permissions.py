"""The results folder recipe of docs/classroom.md, with real Linux users as on The Littlest
JupyterHub (one account per student, teachers in a group).

As root, the test creates a teachers' group, three students and a teacher, and the results folder
exactly as the docs say (``install -d -m 3773 -o root -g <teachers>``).  Each user then runs the
quiz results store (``helpers/quiz/results.py`` with ``store.py``, standard library only) under
the system Python: students save, try to read or remove each other's answers, and one plants a
folder named after a classmate; the teacher reads the class.  Skips where it cannot create users
(not root, or no ``useradd``/``runuser``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

QUIZ_PACKAGE = Path(__file__).resolve().parents[1] / "src" / "helpers" / "quiz"
STORE_MODULES = ("results.py", "store.py", "records.py")  # standard library only
SYSTEM_PYTHON = "/usr/bin/python3"

# Run as each user: one action on the results store, the outcome as JSON on stdout.
PROBE = r"""
import json, sys, warnings
from pathlib import Path
from quizstore import results

action, where = sys.argv[1], Path(sys.argv[2])
out = {"warnings": []}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        if action == "save":
            store = results.ResultsStore(where)
            path = store.append({"learner": sys.argv[3], "bank": "02-sourcing",
                                 "question": "q-mismatch", "type": "single_choice",
                                 "answer": "b", "score": 1, "points": 1, "correct": True})
            out["saved_in"] = str(path.parent)
        elif action == "read-file":
            out["text"] = where.read_text()
        elif action == "list":
            out["names"] = sorted(p.name for p in where.iterdir())
        elif action == "remove":
            import shutil
            shutil.rmtree(where)
        elif action == "mkdir":
            where.mkdir()
        elif action == "class":
            recs = results.ResultsStore(where, read_only=True).records()
            out["learners"] = sorted({r["learner"] for r in recs})
        elif action == "own":  # a student reads (and so repairs) their own answers
            out["count"] = len(results.ResultsStore(where).records(sys.argv[3]))
        elif action == "plant":  # a student writes any text into a file of their own
            Path(where).write_text(sys.argv[3])
        elif action == "link":
            Path(where).symlink_to(sys.argv[3])
        elif action == "export":
            problems = []
            out["rows"] = results.export_csv(where, sys.argv[3], problems=problems)
            out["problems"] = problems
            out["csv"] = Path(sys.argv[3]).read_text()
        out["ok"] = True
    except OSError as exc:
        out["ok"] = False
        out["error"] = type(exc).__name__
out["warnings"] = [str(w.message) for w in caught]
print(json.dumps(out))
"""


def _can_make_users() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to create Linux users"
    for tool in ("useradd", "groupadd", "userdel", "groupdel", "runuser", "install"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"no {SYSTEM_PYTHON} that every user can run"
    return None


pytestmark = pytest.mark.skipif(_can_make_users() is not None, reason=str(_can_make_users()))


class School:
    """Temporary Linux accounts: ``teachers`` group, students and a teacher; removed after."""

    def __init__(self) -> None:
        tag = secrets.token_hex(3)
        self.group = f"mlteach-{tag}"
        self.users: dict[str, str] = {}
        self.tag = tag
        self.base = Path(tempfile.mkdtemp(prefix="ml-school-", dir="/tmp"))
        self.base.chmod(0o755)
        self.lib = self.base / "lib"
        self.lib.mkdir(mode=0o755)
        self.lib.chmod(0o755)
        package = self.lib / "quizstore"
        package.mkdir(mode=0o755)
        package.chmod(0o755)
        (package / "__init__.py").write_text("")
        for name in STORE_MODULES:
            shutil.copy2(QUIZ_PACKAGE / name, package / name)
        (self.lib / "probe.py").write_text(PROBE, encoding="utf-8")
        for f in [*self.lib.iterdir(), *package.iterdir()]:
            if f.is_file():
                f.chmod(0o644)
        subprocess.run(["groupadd", self.group], check=True)

    def add(self, role: str, *, teacher: bool = False) -> str:
        name = f"ml{role}-{self.tag}"
        groups = ["-G", self.group] if teacher else []
        subprocess.run(["useradd", "-m", "-s", "/bin/sh", *groups, name], check=True)
        self.users[role] = name
        return name

    def run(self, role: str, action: str, where: Path, *extra: str) -> dict:
        name = self.users[role]
        env = [
            "env",
            "-i",
            f"HOME=/home/{name}",
            f"USER={name}",
            "PATH=/usr/bin:/bin",
            f"PYTHONPATH={self.lib}",
            "PYTHONDONTWRITEBYTECODE=1",
        ]
        if action == "save":
            env.append(f"HELPERS_RESULTS_DIR={where}")
        probe = [SYSTEM_PYTHON, str(self.lib / "probe.py"), action, str(where), *extra]
        out = subprocess.run(
            ["runuser", "-u", name, "--", *env, *probe],
            capture_output=True,
            text=True,
            timeout=60,
            cwd="/",
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    def close(self) -> None:
        for name in self.users.values():
            subprocess.run(["userdel", "-r", name], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def school() -> Iterator[School]:
    s = School()
    try:
        yield s
    finally:
        s.close()


def test_the_documented_results_folder_keeps_students_apart_and_lets_teachers_read(
    school: School,
) -> None:
    for role in ("ada", "ben", "cy"):
        school.add(role)
    school.add("teacher", teacher=True)
    root = school.base / "results"
    # the one line from docs/classroom.md (step 4), with the test's group
    subprocess.run(
        ["install", "-d", "-m", "3773", "-o", "root", "-g", school.group, str(root)], check=True
    )

    saved = school.run("ada", "save", root / "ada", "ada")
    assert saved["ok"] and saved["saved_in"] == str(root / "ada") and not saved["warnings"]
    st = (root / "ada").stat()
    assert st.st_uid == int(subprocess.check_output(["id", "-u", school.users["ada"]]))
    assert (st.st_mode & 0o7777) == 0o2750  # the store's 0750, setgid from the parent
    assert (root / "ada").group() == school.group  # so the teachers' group may read it

    # another student can neither list the class, nor read, nor remove Ada's answers
    assert school.run("ben", "list", root)["error"] == "PermissionError"
    assert school.run("ben", "read-file", root / "ada" / "ada.jsonl")["error"] == "PermissionError"
    assert school.run("ben", "remove", root / "ada")["ok"] is False
    assert (root / "ada" / "ada.jsonl").is_file()

    # Ben plants a folder named after Cy: Cy's answers must not go there
    assert school.run("ben", "mkdir", root / "cy")["ok"]
    planted = school.run("cy", "save", root / "cy", "cy")
    assert planted["ok"] and planted["saved_in"] != str(root / "cy")
    assert any("belongs to another user" in w for w in planted["warnings"])
    assert list((root / "cy").iterdir()) == []

    # the teacher reads the whole class (Cy's answers are in Cy's home, as the warning said)
    seen = school.run("teacher", "class", root)
    assert seen["ok"] and seen["learners"] == ["ada"]


def test_a_student_cannot_forge_a_classmate_leak_a_file_or_lock_the_teacher_out(
    school: School,
) -> None:
    for role in ("ada", "ben"):
        school.add(role)
    school.add("teacher", teacher=True)
    root = school.base / "results"
    subprocess.run(
        ["install", "-d", "-m", "3773", "-o", "root", "-g", school.group, str(root)], check=True
    )
    assert school.run("ada", "save", root / "ada", "ada")["ok"]
    assert school.run("ben", "save", root / "ben", "ben")["ok"]
    secret = school.base / "teacher-only.jsonl"
    secret.write_text(
        json.dumps(
            {"learner": "steal", "bank": "02-sourcing", "question": "q-x", "answer": "SECRET"}
        )
        + "\n"
    )
    secret.chmod(0o600)
    forged = json.dumps(
        {"learner": "ben", "bank": "02-sourcing", "question": "q-mismatch", "score": 0}
    )
    ada_file = root / "ada" / "ada.jsonl"
    good = ada_file.read_text()
    # Ada: a record for Ben in her own file, a half line, and a link to the teacher's file
    assert school.run("ada", "plant", ada_file, good + forged + "\n{half a line\n")["ok"]
    assert school.run("ada", "link", root / "ada" / "steal.jsonl", str(secret))["ok"]
    # Ada's own quiz reads her answers back and repairs the file: it stays the teachers' to read
    assert school.run("ada", "own", root / "ada", "ada")["count"] == 1
    assert (ada_file.stat().st_mode & 0o777) == 0o644 and ada_file.group() == school.group
    out = school.run("teacher", "export", root, f"/home/{school.users['teacher']}/class.csv")
    assert out["ok"] and out["rows"] == 2, out
    assert "SECRET" not in out["csv"] and "steal" not in out["csv"]
    lines = out["csv"].splitlines()
    assert [ln.split(",")[0] for ln in lines[1:]] == ["ada", "ben"]
    assert any("ada.jsonl line 2" in p and "'ben'" in p for p in out["problems"]), out
    assert any("symbolic link" in p for p in out["problems"]), out
