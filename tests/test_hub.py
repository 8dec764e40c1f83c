"""A class on a real JupyterHub, started on loopback for this test (see tools/hub.py).

Three students log in, start their servers, open the teacher's nbgitpuller link, pull the
student edition of the course from a local git repository, run lesson 2 in a kernel on their own
server and answer its quiz.  The course is updated while one student has edited her copy: her
next click merges both.  Then the teacher pulls the full course, opens the class dashboard on
the hub and must see every student's answers.
Skips with the reason when the hub cannot run here; REQUIRE_HUB=1 (as in CI) makes that a
failure.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers.classroom import nbgitpuller_link
from helpers.quiz import load_bank
from tools import hub
from tools.editions import publish_student_branch

pytestmark = pytest.mark.slow

STUDENTS = ("ada", "ben", "chloe")
LESSON = "notebooks/02-who-says-so.ipynb"
DASHBOARD = "notebooks/teacher/class-dashboard.ipynb"

# Run in the teacher's dashboard kernel after its own cells: what the teacher now sees.
CLASS_SEEN = """
import json
_s = results.summary
print(json.dumps({
    "source": results.source, "demo": results.demo,
    "learners": sorted(_s["learner"].unique()),
    "answered": {k: int(v) for k, v in _s.groupby("learner").size().items()},
    "best": {k: float(v) for k, v in _s.groupby("learner")["best_score"].sum().items()},
    "overview": dashboard.overview(results).to_dict("records"),
}))
"""


def require_hub() -> None:
    reason = hub.missing()
    if reason is None:
        return
    if os.environ.get("REQUIRE_HUB", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"a local JupyterHub cannot run here: {reason} (REQUIRE_HUB=1)", pytrace=False)
    pytest.skip(f"a local JupyterHub cannot run here: {reason}")


UPDATE = "\n# Updated by the teacher mid-term.\n"
OWN_NOTE = "\nMy own note: check the New York Times story first.\n"


async def update_the_course_mid_term(h: hub.LocalHub, source: Path, link: str) -> None:
    """Ada edits her copy; the course changes upstream; her next click merges both."""
    mine = h.home("ada") / hub.STUDENT_FOLDER / "README.md"
    mine.write_text(mine.read_text(encoding="utf-8") + OWN_NOTE, encoding="utf-8")
    bank = source / "notebooks" / "quizzes" / "02-sourcing.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + UPDATE, encoding="utf-8")
    git = ["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run([*git, "commit", "-qam", "update"], check=True)
    publish_student_branch("student", source)
    browser = hub.Browser(h)
    await browser.log_in("ada")
    await hub.pull_course(h, browser, "ada", link)


async def a_class_on_the_hub(tmp: Path) -> tuple[list[hub.StudentRun], hub.StudentRun, Path]:
    repo = hub.make_course_repo(tmp / "git" / hub.COURSE)
    results = tmp / "results"
    async with hub.LocalHub(tmp / "hub", results) as h:
        link = nbgitpuller_link(h.url, repo, branch="student", lesson="02-who-says-so")
        runs = await asyncio.wait_for(
            asyncio.gather(
                *(
                    hub.run_student(h, name, link, LESSON, seed=i, good=0.6)
                    for i, name in enumerate(STUDENTS)
                )
            ),
            timeout=600,
        )
        # mid-term: the teacher updates the course while a student has edited her copy
        await update_the_course_mid_term(h, tmp / "git" / hub.COURSE, link)
        # the teacher previews the student edition, then opens the dashboard of the full course
        dash_link = nbgitpuller_link(h.url, repo, lesson="teacher/class-dashboard")
        preview = hub.Browser(h)
        await preview.log_in(hub.TEACHER)
        await h.start_server(hub.TEACHER, await h.login(hub.TEACHER))
        await hub.pull_course(h, preview, hub.TEACHER, link)
        teacher = await asyncio.wait_for(
            hub.run_student(h, hub.TEACHER, dash_link, DASHBOARD, extra_code=[CLASS_SEEN]),
            timeout=300,
        )
    return list(runs), teacher, tmp / "hub" / "home"


def test_a_class_pulls_the_course_answers_a_quiz_and_the_teacher_sees_everyone(
    tmp_path: Path,
) -> None:
    require_hub()
    runs, teacher, homes = asyncio.run(a_class_on_the_hub(tmp_path))
    results = tmp_path / "results"

    for run in runs:
        # the student edition was pulled into the student's own home by nbgitpuller
        course = homes / run.name / hub.STUDENT_FOLDER
        assert (course / LESSON).is_file() and (course / ".git").is_dir()
        assert "Teacher notes" not in (course / LESSON).read_text(encoding="utf-8")
        assert not (course / "notebooks" / "teacher").exists()
        # the quiz knew the student from the hub login and saved in their own results folder
        assert run.quiz["learner"] == run.name
        assert run.quiz["folder"] == str(results / run.name)
        bank_size = len(load_bank("02-sourcing").questions)
        assert run.quiz["questions"] == bank_size and run.quiz["done"] >= 1
        lines = (results / run.name / f"{run.name}.jsonl").read_text().splitlines()
        assert len(lines) >= run.quiz["questions"]  # one line per attempt, at least one each
        assert {json.loads(line)["learner"] for line in lines} == {run.name}
        assert (results / run.name).stat().st_mode & 0o007 == 0  # other users cannot read it
        assert run.spawn_s > 0 and run.pull_s > 0 and run.lesson_s > 0

    ada = homes / "ada" / hub.STUDENT_FOLDER
    assert OWN_NOTE in (ada / "README.md").read_text(encoding="utf-8")  # her edit survived
    assert UPDATE in (ada / "notebooks/quizzes/02-sourcing.yaml").read_text(encoding="utf-8")

    seen = json.loads(teacher.printed.strip().splitlines()[-1])
    assert seen["source"] == str(results) and seen["demo"] is False
    assert seen["learners"] == sorted(STUDENTS)  # the teacher's own kernel saved nothing
    for run in runs:
        assert seen["answered"][run.name] == run.quiz["questions"]
        assert seen["best"][run.name] == pytest.approx(run.quiz["score"], abs=0.01)
    # both editions side by side in the teacher's home, each in its own folder
    assert (homes / hub.TEACHER / hub.COURSE / DASHBOARD).is_file()
    assert (homes / hub.TEACHER / hub.STUDENT_FOLDER / LESSON).is_file()
    (row,) = seen["overview"]
    assert row["bank"] == "02-sourcing" and row["learners"] == len(STUDENTS)
