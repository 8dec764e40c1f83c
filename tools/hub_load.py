"""A bounded load run: N students start their servers and run a lesson at once on a local hub.

    python -m tools.hub_load [--students 12] [--lesson 02-who-says-so] [--timeout 900]

Loopback only, in a temporary folder, and it stops by itself: the whole run has a time limit,
and the hub, its proxy and every student's server are stopped at the end, whatever happened.
Each student does what ``tests/test_hub.py`` checks, all at the same moment: log in, start a
server (spawn time: from the request to the hub reporting the server ready), open the
nbgitpuller link and pull the course, run every code cell of the lesson in a kernel on their
server and answer its quiz (lesson time: the cells plus the quiz).  Prints a table per student,
the median and worst of each time, and every failure with the step it happened in (exit code 1
when any student failed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from helpers.classroom import lesson_path, lessons, nbgitpuller_link  # noqa: E402
from tools import hub  # noqa: E402


async def load_run(
    students: int, lesson: str, tmp: Path
) -> tuple[list[hub.StudentRun], list[str], float]:
    """Every student at once; returns the runs that finished, the failures, the wall time."""
    repo = hub.make_course_repo(tmp / "git" / hub.COURSE)
    known = lessons(REPO_ROOT)
    path = lesson_path(lesson, known)
    async with hub.LocalHub(tmp / "hub", tmp / "results", start_timeout=600) as h:
        link = nbgitpuller_link(h.url, repo, branch="student", lesson=lesson, known=known)
        names = [f"student{i + 1:02d}" for i in range(students)]
        t0 = time.perf_counter()
        runs = await asyncio.gather(
            *(hub.run_student(h, n, link, path, seed=i) for i, n in enumerate(names)),
            return_exceptions=True,
        )
        wall = time.perf_counter() - t0
    done = [r for r in runs if isinstance(r, hub.StudentRun)]
    failed = [str(r) for r in runs if isinstance(r, BaseException)]
    return done, failed, wall


def summary(
    runs: list[hub.StudentRun], failed: list[str], wall: float, students: int, lesson: str
) -> str:
    rows = [
        "| student | spawn s | pull s | lesson + quiz s | quiz questions answered |",
        "|---|---|---|---|---|",
    ]
    for r in runs:
        rows.append(
            f"| {r.name} | {r.spawn_s:.1f} | {r.pull_s:.1f} | {r.lesson_s:.1f} | "
            f"{r.quiz.get('questions', 0)} |"
        )
    lines = [
        f"{students} students at once, lesson {lesson}, on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}); whole run {wall:.1f} s; "
        f"{len(runs)} finished, {len(failed)} failed.",
        "",
        *rows,
    ]
    if runs:
        lines += ["", "| time per student | median | worst |", "|---|---|---|"]
        for label, values in (
            ("spawn (request → server ready)", [r.spawn_s for r in runs]),
            ("nbgitpuller pull", [r.pull_s for r in runs]),
            ("lesson cells + quiz in a kernel", [r.lesson_s for r in runs]),
        ):
            lines.append(f"| {label} | {statistics.median(values):.1f} s | {max(values):.1f} s |")
    if failed:
        lines += ["", "Failed:", *(f"- {f}" for f in failed)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=12, help="students at once (default 12)")
    ap.add_argument("--lesson", default="02-who-says-so", help="lesson every student runs")
    ap.add_argument("--timeout", type=float, default=900, help="stop after this many seconds")
    ap.add_argument("--json", metavar="FILE", help="also write the per-student times as JSON")
    args = ap.parse_args(argv)
    reason = hub.missing()
    if reason:
        print(f"cannot run a local JupyterHub here: {reason}", file=sys.stderr)
        return 2
    if args.students < 1:
        ap.error("--students must be at least 1")
    with tempfile.TemporaryDirectory(prefix="hub-load-") as tmp:
        try:
            runs, failed, wall = asyncio.run(
                asyncio.wait_for(load_run(args.students, args.lesson, Path(tmp)), args.timeout)
            )
        except (TimeoutError, hub.HubError) as exc:
            print(f"load run failed: {exc or 'time limit reached'}", file=sys.stderr)
            return 1
    print(summary(runs, failed, wall, args.students, args.lesson))
    if args.json:
        Path(args.json).write_text(
            json.dumps([r.__dict__ | {"printed": None} for r in runs], indent=2) + "\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
