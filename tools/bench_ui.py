"""How fast the lessons feel in a browser: a benchmark (not a test), ``make bench-ui``.

    python -m tools.bench_ui [--repeat 7] [--no-voila] [--no-lab] [--json FILE]

It starts JupyterLab and Voilà the way the browser tests do (``tests/conftest.py``:
``lab_server``, ``voila_server``, isolated Jupyter state, loopback only via ``OfflineRoutes``,
Chromium with ``BROWSER_LAUNCH_ARGS``), drives headless Chromium with Playwright and prints the
median, minimum and maximum of ``--repeat`` runs (at least 5) of:

- **click → feedback**: a "Your turn" single-choice question (lesson 02, headline source):
  an option is picked, then the time from the Check click to the verdict on screen;
- **Start the quiz → first question**: lesson 02's full quiz with the name box; a name is typed,
  then the time from the Start click to the first question on screen;
- **explorer layer toggle → view updated**: ``highlight_explorer`` on the seed article; the
  time from a layer button click to the chosen layer's marks (and no others) on screen, cycling
  "How it's told" → "How the comments argue" → "Who says so";
- **Voilà lesson 02 → last widget**: a fresh page of the student edition, from navigation start
  to every quiz of the lesson on screen (Voilà starts a kernel and runs every cell first), with
  and without the lesson's highlight ("Your turn" chip) questions;
- **kernel side of lesson 02**: the student edition run by nbclient in a fresh kernel, cell
  times summed as imports (cells of only imports), analysis (cells calling ``analyze``) and
  widgets/views (the rest), plus the kernel start.

Browser times are measured inside the page (``performance.now()``): the click is dispatched by
script, the condition is polled once per animation frame, and the time is taken at the frame
after it holds, so it includes the kernel's round trip, the widget rendering and one paint, and
excludes Playwright's own overhead.  The JupyterLab notebook is generated into a temp folder;
answers go to a temp results folder.  Without Chromium or Playwright the benchmark says so and
exits 0 (nothing measured); without Voilà it skips the Voilà rows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LESSON = "02-who-says-so.ipynb"
TIMEOUT = 120_000  # ms, for any single wait
VERDICT = r"^\s*(✓ Right!|Partly right|Not yet\.|Not this time)"
LAYERS = ("framing", "rhetoric", "sourcing")  # the toggle cycle (starts on sourcing)
LAYER_BUTTONS = {
    "sourcing": "Who says so",
    "framing": "How it's told",
    "rhetoric": "How the comments argue",
}

# A new kernel session for the next quiz, as far as names go, so it asks for one again: the
# session's name (and, where the helpers remember one on disk, that one) is forgotten.
FORGET_NAME = """
def forget_name():
    session = getattr(quiz_widgets, "_SESSION", None)
    if session is not None:
        session.clear()
    try:
        from helpers.quiz.identity import forget_remembered
    except ImportError:
        return
    forget_remembered()
"""

# Clicks `button` (found by selector and text), then resolves with the milliseconds until
# `done()` holds, taken at the animation frame after it does.
_TIMED_CLICK = """
async ([rootSel, buttonSel, buttonText, doneSrc]) => {
  const root = document.querySelector(rootSel);
  const button = [...root.querySelectorAll(buttonSel)]
      .find(b => b.textContent.trim() === buttonText);
  if (!button) throw new Error(`no ${buttonSel} "${buttonText}" in ${rootSel}`);
  const done = new Function("root", doneSrc);
  const t0 = performance.now();
  button.click();
  return await new Promise((resolve, reject) => {
    const limit = t0 + 60000;
    const tick = () => {
      if (done(root)) requestAnimationFrame(() => resolve(performance.now() - t0));
      else if (performance.now() > limit) reject(new Error("timed out"));
      else requestAnimationFrame(tick);
    };
    tick();
  });
}
"""


@dataclass
class Row:
    name: str
    goal: str
    times_ms: list[float] = field(default_factory=list)
    note: str = ""

    def cells(self) -> list[str]:
        if not self.times_ms:
            return [self.name, "—", "—", "—", "0", self.goal, self.note]
        t = self.times_ms
        return [
            self.name,
            f"{statistics.median(t):,.0f}",
            f"{min(t):,.0f}",
            f"{max(t):,.0f}",
            str(len(t)),
            self.goal,
            self.note,
        ]


def table(rows: Sequence[Row]) -> str:
    head = ["measure", "median ms", "min", "max", "runs", "goal", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


# --- set-up -----------------------------------------------------------------------------------


def _conftest():  # type: ignore[no-untyped-def]
    """The browser tests' helpers (``tests/conftest.py``), imported as a module."""
    if str(REPO / "tests") not in sys.path:
        sys.path.insert(0, str(REPO / "tests"))
    import conftest

    return conftest


@contextlib.contextmanager
def isolated_environment(base: Path) -> Iterator[Path]:
    """The tests' isolated Jupyter state and a temp results folder, in ``os.environ`` (the
    servers and kernels inherit it); kernels import this checkout's ``src``."""
    conftest = _conftest()
    saved = dict(os.environ)
    results = base / "results"
    results.mkdir()
    (base / "state").mkdir()
    os.environ.update(conftest.write_state(base / "state"))
    os.environ["HELPERS_RESULTS_DIR"] = str(results)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO / "src"), saved.get("PYTHONPATH", "")) if p
    )
    try:
        yield results
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _code(source: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def bench_notebook(repeat: int) -> dict:
    """The JupyterLab notebook the benchmark runs: ``repeat`` one-question quizzes (each its
    own learner), ``repeat`` full quizzes that ask for a name, and one explorer."""
    cells = [
        _code(
            "import helpers, helpers.quiz\n"
            "from helpers.quiz import widgets as quiz_widgets\n"
            "from helpers.views.widgets import highlight_explorer\n"
            + FORGET_NAME
            + "analysis = helpers.analyze(helpers.seed())"
        )
    ]
    for i in range(repeat):
        cells.append(
            _code(
                f'app = helpers.quiz.run("02-sourcing", "bench-check-{i}", '
                'only="q-headline-source")\n'
                f'app.box.add_class("bench-check-{i}")\napp'
            )
        )
    for i in range(repeat):
        # the name is asked once per session (and remembered): forget it, so this quiz asks
        cells.append(
            _code(
                "forget_name()\n"
                'app = helpers.quiz.run("02-sourcing")\n'
                f'app.box.add_class("bench-start-{i}")\napp'
            )
        )
    cells.append(
        _code(
            'explorer = highlight_explorer(analysis)\nexplorer.add_class("bench-explorer")\n'
            "explorer"
        )
    )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


# --- JupyterLab -------------------------------------------------------------------------------


def timed_click(page, root: str, button: str, text: str, done: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate(_TIMED_CLICK, [root, button, text, done]))


def run_lab(browser, base: Path, repeat: int) -> list[Row]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    conftest = _conftest()
    root = base / "lab"
    root.mkdir()
    (root / "bench-ui.ipynb").write_text(json.dumps(bench_notebook(repeat)), encoding="utf-8")
    check = Row("click → feedback (quiz Check)", "< 100")
    start = Row('"Start the quiz" → first question', "fast")
    toggle = Row("explorer layer toggle → view updated", "< 150")
    with conftest.lab_server(base / "jupyterlab.log", root=root) as lab:
        offline = conftest.OfflineRoutes()
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        try:
            page = context.new_page()
            page.route("**/*", offline)
            page.goto(lab.url(f"/lab/tree/bench-ui.ipynb?reset&token={lab.token}"))
            expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=TIMEOUT)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            expect(page.locator(".bench-explorer mark.mlv-l-sourcing").first).to_be_attached(
                timeout=TIMEOUT
            )
            page.wait_for_timeout(1500)  # let the last outputs settle
            for i in range(repeat):
                app = f".bench-check-{i}"
                page.locator(app).scroll_into_view_if_needed()
                page.locator(f"{app} .quiz-choice .widget-radio-box label").first.click()
                expect(page.locator(f"{app} .quiz-choice input[type=radio]").first).to_be_checked()
                page.wait_for_timeout(300)  # the choice has reached the kernel
                done = (
                    "const f = root.querySelector('.quiz-feedback');"
                    f"return !!f && new RegExp({json.dumps(VERDICT)}).test(f.textContent);"
                )
                check.times_ms.append(timed_click(page, app, "button.quiz-check", "Check", done))
            for i in range(repeat):
                app = f".bench-start-{i}"
                page.locator(app).scroll_into_view_if_needed()
                page.locator(f"{app} .quiz-learner input").first.fill(f"bench-start-{i}")
                page.wait_for_timeout(300)  # the name has reached the kernel
                done = "return !!root.querySelector('.quiz-question');"
                start.times_ms.append(
                    timed_click(page, app, "button.quiz-start", "Start the quiz", done)
                )
            page.locator(".bench-explorer").scroll_into_view_if_needed()
            for _round in range(max(2, -(-repeat // len(LAYERS)))):
                for layer in LAYERS:
                    others = [x for x in LAYER_BUTTONS if x != layer]
                    done = (
                        f"return !!root.querySelector('article mark.mlv-l-{layer}') && "
                        + " && ".join(f"!root.querySelector('mark.mlv-l-{x}')" for x in others)
                        + ";"
                    )
                    toggle.times_ms.append(
                        timed_click(page, ".bench-explorer", "button", LAYER_BUTTONS[layer], done)
                    )
                    page.wait_for_timeout(200)
        finally:
            context.close()
    if offline.outside:
        print(f"note: JupyterLab asked for non-loopback resources: {offline.outside}")
    return [check, start, toggle]


# --- Voilà ------------------------------------------------------------------------------------


def lesson_variant(student: Path, without_highlight: bool) -> tuple[str, int]:
    """The lesson's file name in the student edition and how many quizzes it shows; with
    ``without_highlight`` a copy without its highlight "Your turn" cells."""
    import nbformat

    from helpers.quiz.load import load_bank

    nb = nbformat.read(student / LESSON, as_version=4)
    name = LESSON
    if without_highlight:
        bank = load_bank("02-sourcing")
        highlight = {q.id for q in bank.questions if q.type == "highlight"}
        nb.cells = [
            c
            for c in nb.cells
            if not (c.cell_type == "code" and any(f'"{q}"' in c.source for q in highlight))
        ]
        name = "bench-no-highlight.ipynb"
        nbformat.write(nb, student / name)
    quizzes = sum(c.source.count("quiz.run(") for c in nb.cells if c.cell_type == "code")
    return name, quizzes


def run_voila(browser, base: Path, repeat: int) -> list[Row]:  # type: ignore[no-untyped-def]
    import pytest

    from tools.editions import build_student

    conftest = _conftest()
    student = base / "student"
    build_student(student)
    variants = [
        (Row("Voilà lesson 02 → last widget", "< 4000"), *lesson_variant(student, False)),
        (
            Row("Voilà lesson 02 without highlight cells", "—", note="chips left out"),
            *lesson_variant(student, True),
        ),
    ]
    results = base / "voila-results"
    results.mkdir()
    try:
        with conftest.voila_server(student, results, base / "voila.log") as voila:
            for _ in range(repeat):
                for row, name, quizzes in variants:
                    row.times_ms.append(voila_first_render(browser, voila, name, quizzes))
    except (pytest.skip.Exception, pytest.fail.Exception) as err:
        for row, _name, _q in variants:
            row.note = f"skipped: {str(err).splitlines()[0]}"
    return [row for row, _n, _q in variants]


def voila_first_render(browser, voila, name: str, quizzes: int) -> float:  # type: ignore[no-untyped-def]
    conftest = _conftest()
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        page.route("**/*", conftest.OfflineRoutes())
        page.goto(voila.url(f"/voila/render/{name}"), wait_until="commit")
        handle = page.wait_for_function(
            """(n) => {
              const apps = document.querySelectorAll('.quiz-app');
              if (apps.length < n) return false;
              const last = apps[apps.length - 1];
              const shown = last.querySelector('.quiz-start, .quiz-question');
              return shown && shown.getBoundingClientRect().height > 0 ? performance.now() : false;
            }""",
            arg=quizzes,
            polling="raf",
            timeout=TIMEOUT,
        )
        return float(handle.json_value())
    finally:
        context.close()
        time.sleep(1)  # Voilà shuts the page's kernel down


# --- kernel side ------------------------------------------------------------------------------


def _cell_kind(source: str) -> str:
    lines = [x.strip() for x in source.splitlines() if x.strip() and not x.strip().startswith("#")]
    if lines and all(re.match(r"(import|from)\s", x) for x in lines):
        return "imports"
    if "analyze(" in source:
        return "analysis"
    return "widgets and views"


def kernel_split(base: Path, repeat: int) -> list[Row]:
    """Lesson 02's student edition run by nbclient in a fresh kernel, ``repeat`` times."""
    import nbformat
    from nbclient import NotebookClient

    from tools.editions import build_student

    student = base / "student-kernel"
    build_student(student)
    rows = {k: Row(f"kernel: {k}", "—") for k in ("start", "imports", "analysis")}
    rows["widgets and views"] = Row("kernel: widgets and views", "—")
    for _ in range(repeat):
        nb = nbformat.read(student / LESSON, as_version=4)
        client = NotebookClient(
            nb,
            timeout=300,
            resources={"metadata": {"path": str(student)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no TCP warning per kernel
        )
        t0 = time.perf_counter()
        with client.setup_kernel():
            rows["start"].times_ms.append((time.perf_counter() - t0) * 1000)
            totals = dict.fromkeys(("imports", "analysis", "widgets and views"), 0.0)
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                c0 = time.perf_counter()
                client.execute_cell(cell, index)
                totals[_cell_kind(cell.source)] += (time.perf_counter() - c0) * 1000
        for k, v in totals.items():
            rows[k].times_ms.append(v)
    return list(rows.values())


# --- main -------------------------------------------------------------------------------------


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measure (at least 5)")
    parser.add_argument("--no-lab", action="store_true", help="skip the JupyterLab measures")
    parser.add_argument("--no-voila", action="store_true", help="skip the Voilà measures")
    parser.add_argument("--no-kernel", action="store_true", help="skip the kernel-side split")
    parser.add_argument("--json", type=Path, help="also write the times to this file")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5 (medians of fewer runs mean little)")

    conftest = _conftest()
    chromium = conftest.find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if chromium is None or sync_playwright is None:
        what = "Chromium" if chromium is None else "Playwright for Python"
        print(f"bench-ui skipped: {what} not found ({conftest.ENABLE_HINT}).")
        return 0

    print(f"bench-ui: {machine()}; {args.repeat} runs per measure")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        base = Path(tmp)
        with isolated_environment(base), sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium, args=conftest.BROWSER_LAUNCH_ARGS
            )
            steps: list[tuple[bool, Callable[[], list[Row]]]] = [
                (not args.no_lab, lambda: run_lab(browser, base, args.repeat)),
                (not args.no_voila, lambda: run_voila(browser, base, args.repeat)),
            ]
            try:
                for wanted, step in steps:
                    if wanted:
                        rows += step()
            finally:
                browser.close()
            if not args.no_kernel:
                rows += kernel_split(base, args.repeat)
    print(f"after: load average {machine().rsplit('load average ', 1)[1]}")
    print(table(rows))
    print(
        "\nMethod: medians of in-page performance.now() times (click dispatched by script, "
        "condition polled per animation frame, time taken one frame after it holds); Voilà "
        "from navigation start of a fresh page (new kernel each time); kernel rows from "
        "nbclient in a fresh kernel. See docs/speed.md."
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "rows": [r.__dict__ for r in rows]}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
