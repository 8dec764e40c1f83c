"""A real Chromium answers quiz questions in JupyterLab and in Voilà (issue 5 acceptance).

Both front ends open ``tests/fixtures/notebooks/quiz-demo.ipynb``, which runs the
``02-sourcing`` bank for the learner "browser-test".  The test answers the multiple-choice
question ``q-headline-source`` (radio label + Check), goes on with Next to the highlight
question ``q-line8-sources``, marks two word chips (one by mouse, one by keyboard) and checks
the feedback.  In JupyterLab it also reads the saved attempts from ``$HELPERS_RESULTS_DIR``.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    ARTIFACTS,
    BROWSER_LAUNCH_ARGS,
    REPO_ROOT,
    OfflineRoutes,
    VoilaServer,
    delete_lab_sessions,
    is_icon_font,
    skip_or_fail,
    voila_server,
)

QUIZ_NOTEBOOK = "tests/fixtures/notebooks/quiz-demo.ipynb"
LEARNER = "browser-test"
TIMEOUT = 60_000  # ms, for any single wait
HITS = ("sources familiar with the discussions noted", "state television hinted")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)")
    return sync_playwright


@pytest.fixture
def browser(chromium_path, sync_playwright):
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=BROWSER_LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def answer_headline_question(page) -> None:
    """Question 1 (single choice): click the label of the right option, then Check."""
    from playwright.sync_api import expect

    app = page.locator(".quiz-app")
    expect(app).to_be_visible(timeout=TIMEOUT)
    expect(app.locator(".quiz-progress-label")).to_contain_text("Question 1 of 10")
    q1 = app.locator(".quiz-question.quiz-type-single_choice")
    expect(q1).to_contain_text("Which outlet does it name?")
    q1.locator(".quiz-choice label", has_text="The New York Post").click()
    expect(q1.get_by_label("The New York Post")).to_be_checked()
    q1.locator("button.quiz-check").click()
    feedback = q1.locator(".quiz-feedback")
    expect(feedback).to_contain_text("✓ Right!", timeout=TIMEOUT)
    expect(feedback).to_contain_text("The headline credits the New York Post")
    expect(q1.locator("button.quiz-check")).to_be_disabled()  # right: the question is done
    expect(app.locator(".quiz-progress-label")).to_contain_text("1 of 10 done")


def answer_line8_question(page) -> None:
    """Question 4 (highlight): Next to it, mark "sources" by mouse and "television" by
    keyboard (Tab focus + Space), then Check."""
    from playwright.sync_api import expect

    app = page.locator(".quiz-app")
    for number in (2, 3, 4):
        app.locator("button.quiz-next").click()
        label = app.locator(".quiz-progress-label")
        expect(label).to_contain_text(f"Question {number} of 10", timeout=TIMEOUT)
    q4 = app.locator(".quiz-question.quiz-type-highlight")
    expect(q4).to_be_visible()
    expect(q4).to_contain_text("Line 8 passes on information from two sources")

    def chip(word: str):
        return q4.locator("button.quiz-chip", has_text=re.compile(rf"^\s*{word}\s*$"))

    chip("sources").click()
    chip("television").focus()
    page.keyboard.press("Space")
    # The kernel saw both values: it styles marked chips ("warning" = mod-warning).
    for word in ("sources", "television"):
        expect(chip(word)).to_have_class(re.compile(r"\bmod-active\b"), timeout=TIMEOUT)
        expect(chip(word)).to_have_class(re.compile(r"\bmod-warning\b"), timeout=TIMEOUT)
        expect(chip(word)).to_have_css("color", "rgb(0, 0, 0)")  # readable on orange
    expect(q4.locator("button.quiz-chip.mod-active")).to_have_count(2)

    q4.locator("button.quiz-check").click()
    feedback = q4.locator(".quiz-feedback")
    expect(feedback).to_contain_text("✓ Right!", timeout=TIMEOUT)
    # Both hits are reported, each with its quote.
    expect(feedback.locator("li.quiz-fb-ok")).to_have_count(2)
    for quote in HITS:
        expect(feedback.locator("li.quiz-fb-ok q", has_text=quote)).to_have_count(1)
    expect(feedback.locator(".quiz-compare")).to_be_visible()
    expect(app.locator(".quiz-progress-label")).to_contain_text("2 of 10 done")


def read_attempts(folder: Path, timeout: float = 10) -> list[dict]:
    """The learner's saved attempts (the kernel appends them just after showing feedback)."""
    path = folder / f"{LEARNER}.jsonl"
    deadline = time.monotonic() + timeout
    records: list[dict] = []
    while time.monotonic() < deadline:
        if path.exists():
            records = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
            if len(records) >= 2:
                break
        time.sleep(0.1)
    return records


def assert_two_right_attempts(records: list[dict]) -> None:
    assert [(r["question"], r["attempt"], r["correct"], r["final"]) for r in records] == [
        ("q-headline-source", 1, True, True),
        ("q-line8-sources", 1, True, True),
    ], records
    assert all(r["bank"] == "02-sourcing" and r["learner"] == LEARNER for r in records)
    assert records[0]["answer"] == "b"  # "The New York Post"
    assert len(records[1]["answer"]) == 2  # two marked chips, as [start, end] offsets


# --- JupyterLab -------------------------------------------------------------------------------


def test_quiz_answers_in_jupyterlab(browser, jupyterlab, quiz_results_dir):
    from playwright.sync_api import expect

    # JupyterLab makes an (empty) checkpoints folder beside an opened notebook: remove ours.
    checkpoints = (REPO_ROOT / QUIZ_NOTEBOOK).parent / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    results = quiz_results_dir / f"{LEARNER}.jsonl"
    results.unlink(missing_ok=True)  # a fresh learner: no "welcome back", no resumed answers
    offline = OfflineRoutes()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.route("**/*", offline)
        page.goto(jupyterlab.url(f"/lab/tree/{QUIZ_NOTEBOOK}?reset&token={jupyterlab.token}"))
        # The toolbar says idle before a kernel exists; the status bar only once it is real.
        expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=TIMEOUT)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

        answer_headline_question(page)
        page.locator(".quiz-app").screenshot(path=str(ARTIFACTS / "quiz-jupyterlab-q1.png"))
        answer_line8_question(page)
        # JupyterLab scrolls inside its own panel: an element screenshot shows the whole quiz.
        page.locator(".quiz-app").screenshot(path=str(ARTIFACTS / "quiz-jupyterlab-q4.png"))
        errors = page.locator('.jp-OutputArea-output[data-mime-type*="error"]')
        expect(errors).to_have_count(0)
    finally:
        delete_lab_sessions(jupyterlab)
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)

    assert_two_right_attempts(read_attempts(quiz_results_dir))
    assert offline.outside == [], f"JupyterLab asked for non-loopback resources: {offline.outside}"


# --- Voilà ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voila(isolated_state: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """Voilà serving a temp folder that holds only the quiz notebook; its kernels save answers
    in their own results folder (not the JupyterLab test's), so the learner starts fresh."""
    base = tmp_path_factory.mktemp("voila")
    root, results = base / "root", base / "results"
    root.mkdir()
    results.mkdir()
    shutil.copy(REPO_ROOT / QUIZ_NOTEBOOK, root / "quiz-demo.ipynb")
    with voila_server(root, results, isolated_state / "voila.log") as server:
        yield server


def test_quiz_answers_in_voila(browser, voila):
    from playwright.sync_api import expect

    offline = OfflineRoutes()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.route("**/*", offline)
    page.goto(voila.url("/voila/render/quiz-demo.ipynb"))

    answer_headline_question(page)
    page.screenshot(path=str(ARTIFACTS / "quiz-voila-q1.png"), full_page=True)
    answer_line8_question(page)
    page.screenshot(path=str(ARTIFACTS / "quiz-voila-q4.png"), full_page=True)
    expect(page.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)

    assert_two_right_attempts(read_attempts(voila.results))
    # Filter out the known icon-font request (see is_icon_font); nothing else may go outside.
    others = [u for u in offline.outside if not is_icon_font(u)]
    assert others == [], f"Voilà asked for non-loopback resources: {others}"
