"""A real Chromium opens every lesson in JupyterLab, runs it, and answers its quiz (issue 6).

For each ``notebooks/0N-*.ipynb`` the test opens the notebook in one shared JupyterLab
(``jupyterlab`` fixture, offline: non-loopback requests are aborted), waits for a real idle
kernel, runs all cells, and checks that no cell failed or wrote to stderr.  Then it answers the
first question of the lesson's LAST quiz (``.quiz-app``: the end-of-lesson quiz; earlier ones
are "Your turn" questions), whatever its type, presses Check (or Save) and checks the verdict.
The start lesson has no quiz: there it checks the article's headline, the parts table and one
``<details>`` answer.  Element screenshots go to ``test-artifacts/lesson-<notebook>.png``.
Each lesson's kernel is shut down afterwards.  Lesson 02 is also opened in Voilà, and so is lesson
06, where a student pastes an article, presses **Analyse my article** and sees the findings.
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
    REPO_ROOT,
    delete_lab_sessions,
    is_icon_font,
    voila_server,
)
from journey_support import PASTED_ARTICLE, expect_no_output_errors, offline_page

NOTEBOOKS = REPO_ROOT / "notebooks"
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("0[0-9]-*.ipynb"))
VOILA_LESSON = "02-who-says-so.ipynb"
VOILA_PASTE = "06-bring-your-own-article.ipynb"
HEADLINE = "A Diplomatic Thaw in Belarus"
TIMEOUT = 90_000  # ms, for any single wait
VERDICT = re.compile(r"^\s*(✓ Right!|Partly right|Not yet\.|Not this time)")
SAVED = re.compile(r"^\s*Saved ✓")
REFLECTION = (
    "The writer wants me to believe that relations between the two countries are changing. "
    "I would like to know who the sources are and whether anyone else reported the same visit."
)

pytestmark = pytest.mark.browser


def learner_for(notebook: str) -> str:
    return f"browser-lesson-{Path(notebook).stem[:2]}"


def has_quiz(notebook: str) -> bool:
    """Whether the lesson shows a quiz (a ``quiz.run(...)`` call in a code cell)."""
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return any(
        "quiz.run(" in "".join(cell["source"])
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
    )


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def no_new_checkpoints() -> Iterator[None]:
    """JupyterLab makes a checkpoints folder beside an opened notebook: remove it if we did."""
    checkpoints = NOTEBOOKS / ".ipynb_checkpoints"
    existed = checkpoints.exists()
    yield
    if not existed:
        shutil.rmtree(checkpoints, ignore_errors=True)


# --- answering a quiz, in JupyterLab or Voilà -------------------------------------------------


def answer_first_question(page, learner: str):
    """Start the page's last quiz if it asks for a name, answer its first question whatever
    its type, press Check/Save and check the verdict.  Returns (quiz app, question type)."""
    from playwright.sync_api import expect

    app = page.locator(".quiz-app").last
    expect(app).to_be_visible(timeout=TIMEOUT)
    app.scroll_into_view_if_needed()
    # The kernel home remembers the last lesson's learner: a new learner says "Not you?"
    change = app.locator("button.quiz-identity-change")
    if change.count() and change.is_visible():
        change.click()
    start = app.locator("button.quiz-start")
    if start.count() and start.is_visible():
        expect(start).to_have_text(re.compile(r"Start the quiz"))
    app.locator(".quiz-identity-name input").fill(learner)
    app.locator("button.quiz-identity-save").click()
    expect(app.locator(".quiz-identity-current")).to_contain_text(
        f"Saving as {learner}", timeout=TIMEOUT
    )
    question = app.locator(".quiz-question").first
    expect(question).to_be_visible(timeout=TIMEOUT)
    classes = question.get_attribute("class") or ""
    found = re.search(r"\bquiz-type-(\w+)", classes)
    assert found, f"question without a quiz-type-… class: {classes!r}"
    qtype = found.group(1)

    if qtype == "single_choice":
        label = question.locator(".quiz-choice .widget-radio-box label").first
        label.click()
        expect(question.locator(".quiz-choice input[type=radio]").first).to_be_checked()
    elif qtype == "multiple_select":
        box = question.locator(".quiz-option input[type=checkbox]").first
        box.check()
        expect(box).to_be_checked()
    elif qtype == "numeric":
        question.locator(".quiz-input input").fill("3")
    elif qtype == "short_text":
        question.locator(".quiz-input input").fill("the New York Post")
    elif qtype == "highlight":
        first_word = question.locator(".quiz-highlighter .hl-word").first
        first_word.click()
        expect(first_word).to_have_class(re.compile(r"\bhl-on\b"), timeout=TIMEOUT)
    elif qtype in ("classify", "discernment"):
        rows = question.locator(".quiz-item")
        expect(rows.first).to_be_visible()
        for i in range(rows.count()):  # every excerpt must be sorted before Check
            rows.nth(i).locator(".quiz-category button").first.click()
    elif qtype == "reflection":
        question.locator(".quiz-text textarea").fill(REFLECTION)
    else:
        pytest.fail(f"unknown question type {qtype!r}")

    check = question.locator("button.quiz-check")
    expect(check).to_have_text(re.compile("Save" if qtype == "reflection" else "Check"))
    check.click()
    feedback = question.locator(".quiz-feedback")
    expect(feedback).to_have_text(SAVED if qtype == "reflection" else VERDICT, timeout=TIMEOUT)
    return app, qtype


def read_records(folder: Path, learner: str, timeout: float = 10) -> list[dict]:
    """The learner's saved attempts (the kernel appends them just after showing feedback)."""
    path = folder / f"{learner}.jsonl"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            records = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
            if records:
                return records
        time.sleep(0.1)
    return []


def expect_no_errors(page) -> None:
    """No cell wrote to stderr or raised (call after every cell has run)."""
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    errors = page.locator('.jp-OutputArea-output[data-mime-type*="error"]')
    tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call")
    for what, loc in (("stderr", stderr), ("error", errors), ("traceback", tracebacks)):
        if loc.count():
            texts = "\n---\n".join(t[:800] for t in loc.all_inner_texts())
            pytest.fail(f"{loc.count()} {what} output(s) after running all cells:\n{texts}")


# --- JupyterLab: every lesson -----------------------------------------------------------------


def check_start_here(page, name: str) -> None:
    """The start lesson: the rendered article, the parts table, and one revealed answer."""
    from playwright.sync_api import expect

    headline = page.locator(".jp-OutputArea-output .mlv-doc .mlv-headline").first
    expect(headline).to_contain_text(HEADLINE, timeout=TIMEOUT)
    table = page.locator(".jp-OutputArea-output table.mlv-parts").first
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text("Parts of the article")
    for part in ("Headline", "Paragraph", "Subheading", "Reader comment"):
        expect(table.locator("tbody th", has_text=part)).to_have_count(1)
    table.screenshot(path=str(ARTIFACTS / f"lesson-{name}-parts.png"))

    details = page.locator(".jp-MarkdownOutput details").first
    expect(details).to_be_visible()
    expect(details).not_to_have_attribute("open", re.compile(".*"))
    details.locator("summary").click()
    expect(details).to_have_attribute("open", re.compile(".*"))
    body = details.locator("p", has_text="The New York Post Reports")
    expect(body).to_be_visible()
    cell = page.locator(".jp-MarkdownCell", has=details)
    cell.screenshot(path=str(ARTIFACTS / f"lesson-{name}.png"))


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_runs_and_quiz_answers_in_jupyterlab(
    notebook, browser, jupyterlab, quiz_results_dir
):
    from playwright.sync_api import expect

    name = Path(notebook).stem
    path = f"notebooks/{notebook}"
    learner = learner_for(notebook)
    (quiz_results_dir / f"{learner}.jsonl").unlink(missing_ok=True)  # a fresh learner
    try:
        with offline_page(browser, 1400, 2400) as (page, offline):
            page.goto(jupyterlab.url(f"/lab/tree/{path}?reset&token={jupyterlab.token}"))
            # The toolbar says idle before a kernel exists; the status bar only once it is real.
            expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=TIMEOUT)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

            # Every code cell runs: first all are queued or done, then none is left waiting.
            prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt")
            expect(prompts.first).to_be_attached(timeout=TIMEOUT)
            expect(prompts.filter(has_text="[ ]:")).to_have_count(0, timeout=TIMEOUT)
            expect(prompts.filter(has_text="*")).to_have_count(0, timeout=TIMEOUT)
            expect(prompts.filter(has_text="[ ]:")).to_have_count(0)
            expect_no_errors(page)

            if name.startswith("00-"):
                check_start_here(page, name)
            if has_quiz(notebook):
                app, qtype = answer_first_question(page, learner)
                # JupyterLab scrolls inside its own panel: an element screenshot of the quiz.
                app.screenshot(path=str(ARTIFACTS / f"lesson-{name}.png"))
                records = read_records(quiz_results_dir, learner)
                assert records, f"no saved attempt for {learner} in {quiz_results_dir}"
                assert records[-1]["type"] == qtype and records[-1]["attempt"] == 1, records[-1]
                expect_no_errors(page)  # answering raised nothing either
    finally:
        delete_lab_sessions(jupyterlab, path)

    assert offline.outside == [], f"JupyterLab asked for non-loopback resources: {offline.outside}"


# --- Voilà: one lesson ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voila(isolated_state: Path, tmp_path_factory: pytest.TempPathFactory):
    """Voilà serving the student edition (what the README's app links open, built the way
    Binder's postBuild builds it); answers go to their own temp dir."""
    from tools.editions import build_student

    student = tmp_path_factory.mktemp("student-edition")
    build_student(student)
    results = tmp_path_factory.mktemp("voila-lesson-results")
    with voila_server(student, results, isolated_state / "voila-lessons.log") as server:
        yield server


def test_lesson_quiz_answers_in_voila(browser, voila):
    from playwright.sync_api import expect

    name = Path(VOILA_LESSON).stem
    learner = learner_for(VOILA_LESSON)
    with offline_page(browser, 1200, 900) as (page, offline):
        page.goto(voila.url(f"/voila/render/{VOILA_LESSON}"))
        app, qtype = answer_first_question(page, learner)
        expect(page.get_by_text("Teacher notes")).to_have_count(0)  # the student edition
        expect_no_output_errors(page)
        app.screenshot(path=str(ARTIFACTS / f"lesson-voila-{name}-quiz.png"))
        # Voilà's lab template scrolls inside #rendered_cells, so full_page alone shows only
        # the viewport: make the viewport as tall as the rendered lesson first.
        height = page.evaluate(
            "(document.getElementById('rendered_cells') || document.documentElement).scrollHeight"
        )
        page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 16_000)})
        page.screenshot(path=str(ARTIFACTS / f"lesson-voila-{name}.png"), full_page=True)

    records = read_records(voila.results, learner)
    assert records and records[-1]["type"] == qtype, records
    others = [u for u in offline.outside if not is_icon_font(u)]
    assert others == [], f"Voilà asked for non-loopback resources: {others}"


def _full_page(page, path: Path) -> None:
    """Voilà's lab template scrolls inside #rendered_cells: make the viewport as tall as the
    rendered lesson, then screenshot the whole page."""
    height = page.evaluate(
        "(document.getElementById('rendered_cells') || document.documentElement).scrollHeight"
    )
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 16_000)})
    page.screenshot(path=str(path), full_page=True)


def test_lesson_06_paste_and_analyse_in_voila(browser, voila):
    """The student edition of lesson 06 in Voilà: the paste box is there with the example;
    an empty box gets a message; a pasted article, analysed from the keyboard, replaces the
    example in the parts table and the helper's reading, without any cell being re-run."""
    from playwright.sync_api import expect

    with offline_page(browser, 1200, 900) as (page, offline):
        page.goto(voila.url(f"/voila/render/{VOILA_PASTE}"))
        box = page.locator(".lesson-paste textarea")
        expect(box).to_be_visible(timeout=TIMEOUT)
        expect(box).to_have_value(re.compile("Riverside Council Votes"))
        status = page.locator(".lesson-status")
        button = page.get_by_role("button", name="Analyse my article")
        expect(button).to_be_visible()
        expect(status).to_contain_text("Analysed ✓")
        parts = page.locator(".lesson-parts table.mlv-parts")
        expect(parts).to_have_count(1)
        reading = page.locator(".lesson-reading .mlv")
        expect(reading).to_have_count(1)
        expect(reading).to_contain_text("Riverside")  # the example, before anything is pasted
        expect(page.get_by_text("Teacher notes")).to_have_count(0)  # the student edition

        box.fill("")
        button.click()
        expect(status).to_contain_text("The box is empty")
        expect(page.locator(".lesson-waiting").first).to_be_visible()

        box.fill(PASTED_ARTICLE)
        box.press("Tab")  # from the text box to the button, then Enter: no mouse needed
        expect(button).to_be_focused()
        page.keyboard.press("Enter")
        expect(status).to_contain_text("1 reader comment", timeout=TIMEOUT)
        expect(status).to_contain_text("Analysed ✓")
        expect(parts.locator("tbody th", has_text="Reader comment")).to_have_count(1)
        expect(parts.locator("tbody tr", has_text="Reader comment")).to_contain_text("1")
        expect(reading).to_contain_text("Mara Quist")
        expect(reading).not_to_contain_text("Riverside")
        expect(reading.locator("mark", has_text="according to").first).to_be_visible()
        explorer = page.locator(".lesson-explorer")
        expect(explorer).to_contain_text("Harbour Bridge")
        # the explanation of the last mark (in the reader comment) opens inside the reading
        # box, which clips what overflows it: a student can read it whole
        last = reading.locator("mark.mlv-mark[tabindex]").last
        last.focus()
        tip = last.locator(":scope > .mlv-tip")
        expect(tip).to_be_visible()
        box, frame = tip.bounding_box(), page.locator(".lesson-reading").first.bounding_box()
        assert box and frame
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]

        expect_no_output_errors(page)
        _full_page(page, ARTIFACTS / "lesson-voila-06-bring-your-own-article.png")

    others = [u for u in offline.outside if not is_icon_font(u)]
    assert others == [], f"Voilà asked for non-loopback resources: {others}"
