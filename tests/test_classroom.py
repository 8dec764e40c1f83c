"""The classroom pieces that need no hub: nbgitpuller links, the hub settings file, per-student
results folders read as one class, and quizzes that know the hub user."""

from __future__ import annotations

import os
import runpy
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from test_cli import run

from helpers import classroom
from helpers.classroom import LinkError, lesson_path, lessons, nbgitpuller_link, public_url
from helpers.quiz import ResultsStore, load_bank
from helpers.quiz.dashboard import load_class, overview
from helpers.quiz.widgets import QuizApp

ROOT = Path(__file__).resolve().parents[1]
HUB = "https://hub.school.example"
REPO = "https://github.com/example/media-literacy"


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.quiz.widgets as widgets

    monkeypatch.setattr(widgets, "_SESSION", {})
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def query(link: str) -> dict[str, str]:
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


# --- links ---------------------------------------------------------------------------------


def test_lab_link_opens_the_lesson_in_the_pulled_folder() -> None:
    link = nbgitpuller_link(HUB + "/", REPO + ".git", lesson="02-who-says-so")
    assert link.startswith(HUB + "/hub/user-redirect/git-pull?")
    assert query(link) == {
        "repo": REPO + ".git",
        "branch": "main",
        "targetpath": "media-literacy",
        "urlpath": "lab/tree/media-literacy/notebooks/02-who-says-so.ipynb",
    }


def test_another_branch_gets_its_own_folder() -> None:
    # a teacher who opens the student edition and the full course must not merge one into the other
    student = query(nbgitpuller_link(HUB, REPO, branch="student", lesson="2"))
    assert student["targetpath"] == "media-literacy-student"
    assert student["urlpath"] == "lab/tree/media-literacy-student/notebooks/2.ipynb"
    assert query(nbgitpuller_link(HUB, REPO, branch="master"))["targetpath"] == "media-literacy"


def test_voila_link_and_own_branch_and_folder() -> None:
    link = nbgitpuller_link(HUB, REPO, branch="spring", lesson="04", app="voila", folder="ml")
    q = query(link)
    assert q["branch"] == "spring" and q["targetpath"] == "ml"
    assert q["urlpath"] == "voila/render/ml/notebooks/04.ipynb"


def test_lessons_are_found_by_name_number_or_path() -> None:
    known = lessons(ROOT)
    assert "00-start-here" in known and "teacher/class-dashboard" in known
    assert not any(k.startswith(".") or "/." in k for k in known)
    assert lesson_path(None, known) == "notebooks/00-start-here.ipynb"
    assert lesson_path("2", known) == "notebooks/02-who-says-so.ipynb"
    assert lesson_path("notebooks/03-how-is-it-told.ipynb", known).endswith(
        "03-how-is-it-told.ipynb"
    )
    assert (
        lesson_path("teacher/class-dashboard", known) == "notebooks/teacher/class-dashboard.ipynb"
    )
    student_edition = [k for k in known if not k.startswith("teacher/")]
    assert lesson_path("teacher/class-dashboard", student_edition).endswith("class-dashboard.ipynb")
    with pytest.raises(LinkError, match="choose one of: 00-start-here"):
        lesson_path("9", known)
    with pytest.raises(LinkError, match="not a lesson name"):
        lesson_path("../secrets", known)


@pytest.mark.parametrize(
    ("hub", "kw", "message"),
    [
        ("hub.school.example", {}, "must start with https://"),
        ("javascript:alert(1)", {}, "must start with https://"),
        (HUB, {"app": "notebook"}, "app must be one of"),
        (HUB, {"branch": " "}, "branch is empty"),
        (HUB, {"folder": "a/b"}, "not a folder name"),
    ],
)
def test_bad_link_settings_are_named(hub: str, kw: dict, message: str) -> None:
    with pytest.raises(LinkError, match=message):
        nbgitpuller_link(hub, REPO, **kw)


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("git@github.com:example/media-literacy.git", REPO),
        ("ssh://git@github.com/example/media-literacy.git", REPO),
        (REPO + ".git\n", REPO),
        (REPO, REPO),
    ],
)
def test_git_remotes_become_public_addresses(remote: str, url: str) -> None:
    assert public_url(remote) == url


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m helpers classroom link …`` through the CLI tests' runner, as text."""
    out = run("classroom", "link", *args)
    return subprocess.CompletedProcess(
        out.args, out.returncode, out.stdout.decode(), out.stderr.decode()
    )


def test_cli_prints_the_link_and_uses_the_origin_remote(tmp_path: Path) -> None:
    out = run_cli(
        "--hub", HUB, "--repo", "git@github.com:example/media-literacy.git", "--lesson", "5"
    )
    assert out.returncode == 0, out.stderr
    assert "notebooks/05-putting-it-together.ipynb" in query(out.stdout.strip())["urlpath"]
    assert query(out.stdout.strip())["repo"] == REPO  # students' servers clone over https
    checkout = tmp_path / "course"
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    subprocess.run(
        ["git", "-C", str(checkout), "remote", "add", "origin", "git@github.com:me/course.git"],
        check=True,
    )
    assert classroom.origin_url(checkout) == "https://github.com/me/course"
    assert classroom.origin_url(tmp_path) is None  # not a git checkout


def test_cli_errors_are_one_line_with_exit_code_2() -> None:
    out = run_cli("--hub", "nope", "--repo", REPO)
    assert out.returncode == 2 and out.stderr.startswith("error: the hub address")
    assert len(out.stderr.strip().splitlines()) == 1
    listing = run_cli("--hub", HUB, "--list")
    assert listing.returncode == 0 and "02-who-says-so" in listing.stdout.split()


# --- the hub settings file -----------------------------------------------------------------


def test_hub_settings_give_each_student_a_folder_and_the_teacher_the_class(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from traitlets.config import Config

    config = Config()
    # Zero to JupyterHub always sets its spawner's own environment: it must not hide ours
    config.KubeSpawner.environment = {"FROM_CHART": "1"}
    monkeypatch.setenv("MEDIA_LITERACY_RESULTS", str(tmp_path / "results"))
    runpy.run_path(
        str(ROOT / "deploy" / "jupyterhub_config.d" / "media-literacy.py"),
        init_globals={"c": config},  # as TLJH's load_subconfig and Z2JH's extraConfig give it
    )
    hook = config.Spawner.pre_spawn_hook
    spawner = SimpleNamespace(user=SimpleNamespace(name="ada"), environment={"FROM_CHART": "1"})
    hook(spawner)
    assert spawner.environment == {
        "FROM_CHART": "1",
        "HELPERS_RESULTS_DIR": str(tmp_path / "results" / "ada"),
        "HELPERS_CLASS_RESULTS": str(tmp_path / "results"),
    }
    assert config.Spawner.default_url == "/lab"


# --- results on a hub ----------------------------------------------------------------------


def test_quiz_on_a_hub_uses_the_hub_user_and_never_asks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    store = ResultsStore(tmp_path / "ada", fallbacks=[])
    app = QuizApp(load_bank("02-sourcing"), store=store)
    assert app.learner == "ada" and app.questions  # started straight away, no name screen
    q = app.questions[0]
    q.set_answer(q.q.spec.correct_ids[0])
    q.check.click()
    assert [r["learner"] for r in store.records()] == ["ada"]
    assert (tmp_path / "ada").stat().st_mode & 0o777 == 0o750  # others may not read it


def test_a_name_typed_in_the_session_still_wins_on_a_hub(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "shared-laptop")
    QuizApp(load_bank("02-sourcing"), "Mia", store=ResultsStore(tmp_path, fallbacks=[]))
    later = QuizApp(load_bank("03-framing"), store=ResultsStore(tmp_path, fallbacks=[]))
    assert later.learner == "Mia"


def test_highlight_answers_given_as_spans_mark_every_word_inside() -> None:
    app = QuizApp(load_bank("02-sourcing"), "t", store=None, ask_name=False)
    qw = next(x for x in app.questions if x.q.type == "highlight")
    target = qw.q.spec.targets[0]
    qw.set_answer([[target.start, target.end]])
    picked = qw.get_answer()
    assert picked and all(target.start <= s and e <= target.end for s, e in picked)
    words = qw.highlighter.words
    assert len(picked) == sum(1 for s, e, _ in words if s < target.end and e > target.start)
    qw.set_answer(picked)  # a saved answer (its words) comes back exactly
    assert qw.get_answer() == picked


def test_the_class_is_every_student_folder_and_unreadable_ones_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "results"
    for name, score in (("ada", 1.0), ("ben", 0.0)):
        ResultsStore(root / name, fallbacks=[]).append(
            {
                "learner": name,
                "bank": "02-sourcing",
                "question": "q-headline-source",
                "type": "single_choice",
                "answer": "b" if score else "a",
                "score": score,
                "points": 1,
                "correct": bool(score),
                "final": True,
            }
        )
    res = load_class(root)
    assert sorted(res.summary["learner"]) == ["ada", "ben"]
    assert overview(res).loc[0, "learners"] == 2
    # a file the teacher may not read (CI runs as root, who reads everything: simulate it)
    from helpers.quiz import store as results_mod  # the store reads the files

    real = results_mod._read_bounded

    def read_bounded(path: Path, owner: int | None) -> tuple[bytes, str | None]:
        if path.name == "ben.jsonl":
            return b"", "cannot be read (Permission denied)"
        return real(path, owner)

    monkeypatch.setattr(results_mod, "_read_bounded", read_bounded)
    res = load_class(root)
    assert any("ben.jsonl" in p and "Permission denied" in p for p in res.problems)
    assert sorted(res.summary["learner"]) == ["ada"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to hand folders to users"
)
def test_a_results_folder_someone_else_created_is_never_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A classmate who creates "my" folder first must not get my answers."""
    import helpers.quiz.store as results  # the store chooses the folder

    me, classmate = 4242, 4243
    taken, mine = tmp_path / "results" / "ada", tmp_path / "mine"
    for folder, owner in ((taken, classmate), (mine, me)):
        folder.mkdir(parents=True)
        os.chown(folder, owner, -1)
    monkeypatch.setattr(results.os, "getuid", lambda: me)  # this kernel runs as "me"
    with pytest.warns(UserWarning, match="belongs to another user"):
        store = ResultsStore(taken, fallbacks=[mine])
    assert store.folder == mine
    os.chown(taken, me, -1)
    assert ResultsStore(taken, fallbacks=[]).folder == taken


def test_a_link_to_the_student_edition_opens_it_as_the_voila_app_it_is_worded_for() -> None:
    """The student branch speaks of what a Voilà user can do (buttons, no "Shift + Enter"),
    so its link opens Voilà unless the teacher asks for JupyterLab; main (worded for
    JupyterLab, with teacher notes that Voilà would show) opens in JupyterLab (issue 11)."""
    common = ("--hub", HUB, "--repo", REPO, "--lesson", "2")
    student = run_cli(*common, "--branch", "student")
    assert student.returncode == 0, student.stderr
    assert query(student.stdout.strip())["urlpath"] == (
        "voila/render/media-literacy-student/notebooks/02-who-says-so.ipynb"
    )
    lab = run_cli(*common, "--branch", "student", "--app", "lab")
    assert query(lab.stdout.strip())["urlpath"].startswith("lab/tree/media-literacy-student/")
    main = run_cli(*common)
    assert query(main.stdout.strip())["urlpath"].startswith("lab/tree/media-literacy/")
    assert classroom.default_app("student") == "voila"
    assert classroom.default_app("main") == "lab" and classroom.default_app("spring") == "lab"
