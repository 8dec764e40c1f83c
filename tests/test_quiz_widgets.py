"""Drive every question type's widget in Python (no kernel, no browser): set values, click
Check, read the feedback HTML and the saved results; then run a whole bank with resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.quiz import ResultsStore, load_bank
from helpers.quiz.widgets import QuestionWidget, QuizApp, feedback_html

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test is a new kernel in a new kernel home: no learner name remembered from another
    test, in memory or on disk."""
    import helpers.quiz.widgets as widgets

    monkeypatch.setattr(widgets, "_SESSION", {})
    monkeypatch.setenv("HELPERS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> ResultsStore:
    return ResultsStore(tmp_path / "results", fallbacks=[])


def saved(store: ResultsStore, learner: str = "tester") -> list[dict]:
    return store.records(learner)


def app_for(bank_name: str | Path, store: ResultsStore, learner: str = "tester") -> QuizApp:
    return QuizApp(load_bank(bank_name), learner, store=store)


def qw(app: QuizApp, qid: str) -> QuestionWidget:
    return next(x for x in app.questions if x.q.id == qid)


def test_single_choice_retry_then_reveal(store: ResultsStore) -> None:
    app = app_for("02-sourcing", store)
    w = qw(app, "q-mismatch")
    w.check.click()  # nothing chosen: a gentle hint, no attempt used
    assert "Choose one answer" in w.feedback.value and w.tries == 0
    w.choice.value = "a"
    w.check.click()
    assert "Not yet." in w.feedback.value and "Is it the Post?" in w.feedback.value
    assert "Read the first seven words of line 4." in w.feedback.value  # the first hint
    assert "1 try left" in w.feedback.value
    w.choice.value = "c"
    w.check.click()
    assert w.done and w.choice.disabled and w.check.disabled
    assert (
        "The answer:" in w.feedback.value and "The New York Times — so the body" in w.feedback.value
    )
    assert "Why:" in w.feedback.value
    recs = saved(store)
    assert [(r["question"], r["attempt"], r["answer"], r["final"]) for r in recs] == [
        ("q-mismatch", 1, "a", False),
        ("q-mismatch", 2, "c", True),
    ]
    assert recs[0]["bank"] == "02-sourcing" and recs[0]["learner"] == "tester"


def test_single_choice_right_first_time(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-headline-source")
    w.choice.value = "b"
    w.check.click()
    assert "✓ Right!" in w.feedback.value and w.done
    assert saved(store)[0]["correct"] is True


def test_multiple_select(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-check-it")
    w.boxes["find-original"].value = True
    w.boxes["share-first"].value = True
    w.check.click()
    assert (
        "Sharing first spreads" in w.feedback.value and "2 more right answers" in w.feedback.value
    )
    for oid in ("find-original", "other-coverage", "check-person"):
        w.boxes[oid].value = True
    w.boxes["share-first"].value = False
    w.check.click()
    assert "✓ Right!" in w.feedback.value
    assert saved(store)[-1]["answer"] == ["find-original", "other-coverage", "check-person"]


def test_numeric(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-sourcing-stops")
    w.text.value = "thirteen"
    w.check.click()
    assert "Type a number" in w.feedback.value and w.tries == 0
    w.text.value = "11"
    w.check.click()
    assert "Shraibman in line 11" in w.feedback.value
    w.text.value = "13"
    w.check.click()
    assert "Piotr Krawczyk in line 13" in w.feedback.value and w.done


def test_short_text(store: ResultsStore) -> None:
    w = qw(app_for("03-framing", store), "q-euphemism")
    w.text.value = "concessions"
    w.check.click()
    assert "line 20" in w.feedback.value
    w.text.value = "Adjustment"
    w.check.click()
    assert "✓ Right!" in w.feedback.value and "euphemism" in w.feedback.value


def test_highlight_words(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-line8-sources")
    assert [word for *_, word in w.highlighter.words][:3] == ["While", "details", "remain"]
    assert "quiz-highlighter" in w.highlighter._dom_classes
    w.select_words("sources familiar", "Belarus")
    assert sum(w.highlighter.selected) == 3
    w.check.click()
    html = w.feedback.value
    assert "Partly right" in html and "1 more to find" in html
    assert "Over-marked: " in html and "Belarus" in html
    assert "state television hinted" not in html  # not revealed before the last try
    w.highlighter.selected = [False] * len(w.highlighter.words)
    w.select_words("sources familiar with the discussions noted", "state television hinted")
    w.check.click()
    html = w.feedback.value
    assert "✓ Right!" in html and "quiz-compare" in html
    assert "nobody can be checked" in html  # the expert's explanation
    assert w.highlighter.disabled
    last = saved(store)[-1]
    assert last["details"]["found"] == 2 and last["details"]["over_marks"] == 0


def test_highlight_reveals_misses_after_last_try(store: ResultsStore) -> None:
    w = qw(app_for("03-framing", store), "q-headline-hedge")  # max_tries 2
    w.select_words("Diplomatic")
    w.check.click()
    w.check.click()
    html = w.feedback.value
    assert w.done and "Missed: " in html and "Potential" in html
    assert "it has not happened" in html


@pytest.mark.parametrize(
    ("bank", "qid"), [("02-sourcing", "q-source-types"), ("02-sourcing", "q-reporting-or-opinion")]
)
def test_classify_and_discernment(store: ResultsStore, bank: str, qid: str) -> None:
    w = qw(app_for(bank, store), qid)
    first = w.q.items[0]
    w.sorters[first.id].value = first.answer
    w.check.click()
    assert "still open" in w.feedback.value and w.tries == 0
    wrong = {it.id: next(c for c in w.q.categories if c != it.answer) for it in w.q.items}
    w.set_answer(wrong)
    w.check.click()
    assert "Look again at this one." in w.feedback.value and "The answer is" not in w.feedback.value
    w.check.click()  # second and last try: the right categories are shown
    assert w.done and "The answer is “" in w.feedback.value
    if w.q.type == "discernment":
        assert "false alarms" in w.feedback.value
        d = saved(store)[-1]["details"]
        # every answer flipped: each sound passage is a false alarm, each flawed one a miss
        sound = sum(it.answer != w.q.signal for it in w.q.items)
        flawed = len(w.q.items) - sound
        assert sound >= 2 and flawed >= 2  # the bank has both, or this proves little
        assert (d["hits"], d["false_alarms"], d["misses"]) == (0, sound, flawed)


def test_discernment_all_right(store: ResultsStore) -> None:
    w = qw(app_for("03-framing", store), "q-loaded-or-neutral")
    w.set_answer({it.id: it.answer for it in w.q.items})
    w.check.click()
    assert "✓ Right!" in w.feedback.value
    sound = sum(it.answer != w.q.signal for it in w.q.items)
    assert sound >= 2 and f"called 0 of {sound} sound passages loaded" in w.feedback.value


def test_reflection(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-why-it-matters")
    w.area.value = "Because"
    w.check.click()
    assert "at least 8 words" in w.feedback.value
    w.area.value = "It could mean the story was copied from another paper without checking."
    w.check.click()
    assert "Saved" in w.feedback.value and "original" in w.feedback.value  # model answer
    assert saved(store)[-1]["answer"].startswith("It could mean")
    # the box is locked (and greyed by the theme), so the answer is repeated in readable text
    assert w.area.disabled
    assert "Your answer:" in w.feedback.value
    assert "It could mean the story was copied" in w.feedback.value


def test_reflection_answer_shown_back_is_escaped(store: ResultsStore) -> None:
    w = qw(app_for("02-sourcing", store), "q-why-it-matters")
    w.area.value = "<script>alert(1)</script> the headline and the body name two different papers"
    w.check.click()
    assert "<script>" not in w.feedback.value and "&lt;script&gt;" in w.feedback.value


def test_jupyterquiz_bank_runs_in_widgets(store: ResultsStore) -> None:
    app = app_for(FIXTURES / "jupyterquiz-basic.json", store)
    _mc, many, num, text = app.questions
    assert many.input.layout.grid_template_columns == "auto auto"  # answer_cols: 2
    assert "print(" in text.prompt.value
    num.text.value = "22/7"
    num.check.click()
    assert "Correct." in num.feedback.value


def test_feedback_is_escaped(store: ResultsStore) -> None:
    from helpers.quiz import loads_bank

    bank = loads_bank(
        "id: x\ntitle: '<b>T</b>'\nquestions:\n  - id: q\n    type: short_text\n"
        "    prompt: '<script>alert(1)</script>'\n    answers:\n"
        "      - {answer: '<i>', correct: true, feedback: '<img src=x>'}\n"
    )
    app = QuizApp(bank, "t", store=store)
    w = app.questions[0]
    assert "<script>" not in w.prompt.value and "&lt;script&gt;" in w.prompt.value
    w.text.value = "<i>"
    w.check.click()
    assert "<img" not in w.feedback.value and "&lt;img src=x&gt;" in w.feedback.value
    assert "<b>T</b>" not in app.title.value


def test_app_progress_navigation_summary(store: ResultsStore) -> None:
    app = app_for("04-comments", store)
    n = len(app.questions)
    assert f"Question 1 of {n} · 0 of {n} done" in app.progress_label.value
    assert app.prev.disabled and not app.next.disabled
    first = app.questions[0]
    first.text.value = "28"
    first.check.click()
    assert app.progress_bar.value == 1 and f"1 of {n} done" in app.progress_label.value
    app.next.click()
    assert app.index == 1 and app.questions[1].box in app.body.children
    app.finish_button.click()
    html = app.summary.value
    total = sum(q.q.points for q in app.questions)
    assert f"Your score: 1 of {total:g} points" in html
    assert f"{n - 1} questions are still open" in html
    assert "persuasion techniques" not in html  # open questions are not "to review" yet…
    hl = app.questions[1]
    hl.select_words("the US")
    hl.check.click()
    hl.check.click()
    hl.check.click()
    app.finish_button.click()
    assert "Worth another look" in app.summary.value
    assert "persuasion techniques" in app.summary.value
    assert "fear, name-calling" in app.summary.value  # the bank's review pointer


def test_resume_after_restart(store: ResultsStore) -> None:
    app = app_for("02-sourcing", store, learner="Mia")
    q1 = app.questions[0]
    q1.choice.value = "b"
    q1.check.click()
    q2 = app.questions[1]
    q2.choice.value = "a"
    q2.check.click()  # one try used, not finished
    again = app_for("02-sourcing", store, learner="Mia")  # a new kernel: everything rebuilt
    r1, r2 = again.questions[0], again.questions[1]
    assert r1.done and r1.choice.value == "b" and "You answered this before" in r1.feedback.value
    assert not r2.done and r2.tries == 1 and r2.choice.value == "a"
    assert again.index == 1  # continues at the first open question
    assert "Welcome back, Mia" in again.notice.value
    r2.choice.value = "d"
    r2.check.click()  # this was the last try
    assert r2.done
    other = app_for("02-sourcing", store, learner="Noah")  # other learners start fresh
    assert not other.questions[0].done and other.index == 0


def test_name_screen_then_start(store: ResultsStore) -> None:
    app = QuizApp(load_bank("00-start-here"), None, store=store)
    assert app.start in app.body.children and not app.questions
    assert app.name in app.identity.children[0].children[1].children  # the name row
    app.name.value = "  Lea   K "
    app.start.click()
    assert app.learner == "Lea K" and len(app.questions) == 3
    w = app.questions[0]
    w.boxes["headline"].value = True
    w.check.click()
    assert saved(store, "Lea K")[0]["learner"] == "Lea K"


def test_all_at_once_mode(store: ResultsStore) -> None:
    app = QuizApp(load_bank("00-start-here"), "t", store=store, mode="all")
    boxes = [q.box for q in app.questions]
    assert all(b in app.body.children for b in boxes)
    assert app.finish_button in app.body.children


def test_css_classes_for_browser_tests(store: ResultsStore) -> None:
    app = app_for("02-sourcing", store)
    classes = set(app.box._dom_classes)
    for x in (app.title, app.progress, app.prev, app.next, app.finish_button, app.summary):
        classes |= set(x._dom_classes)
    for w in app.questions:
        classes |= (
            set(w.box._dom_classes) | set(w.check._dom_classes) | set(w.feedback._dom_classes)
        )
    assert {
        "quiz-app",
        "quiz-question",
        "quiz-type-highlight",
        "quiz-check",
        "quiz-feedback",
        "quiz-next",
        "quiz-prev",
        "quiz-finish",
        "quiz-summary",
    } <= classes
    assert qw(app, "q-headline-source").choice._dom_classes == ("quiz-choice",)


def test_run_one_liner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.quiz

    monkeypatch.setenv("HELPERS_RESULTS_DIR", str(tmp_path / "r"))
    app = helpers.quiz.run("02-sourcing", learner="Zoe")
    bundle = app._repr_mimebundle_()
    assert (
        "application/vnd.jupyter.widget-view+json" in bundle[0]
        if isinstance(bundle, tuple)
        else bundle
    )
    app.questions[0].choice.value = "b"
    app.questions[0].check.click()
    line = (tmp_path / "r" / "Zoe.jsonl").read_text().strip()
    assert json.loads(line)["question"] == "q-headline-source"


def test_feedback_html_invalid_outcome() -> None:
    from helpers.quiz.scoring import score

    q = load_bank("02-sourcing").questions[0]
    assert "Choose one answer" in feedback_html(q, score(q, None), final=False)


def test_one_question_inside_a_lesson_saves_with_its_bank(tmp_path):
    """``run(bank, only=...)`` asks one question ("Your turn"), and the full quiz counts it."""
    import helpers.quiz.widgets as qw

    app = qw.run("02-sourcing", "Ada", folder=tmp_path, only="q-headline-source")
    assert len(app.questions) == 1
    box = app.questions[0]
    assert "Your turn" in box.box.children[0].value
    assert app.progress not in app.body.children  # no progress bar or navigation
    full = qw.run("02-sourcing", folder=tmp_path)  # same session: no name asked again
    assert full.learner == "Ada"
    assert len(full.questions) > 1


def test_only_names_an_unknown_question_clearly(tmp_path):
    import helpers.quiz.widgets as qw

    with pytest.raises(qw.QuizError, match="no question with id 'q-nope'"):
        qw.run("02-sourcing", "Ada", folder=tmp_path, only="q-nope")


def test_your_turn_questions_never_ask_a_name_and_take_the_one_given_later(tmp_path):
    import helpers.quiz.widgets as qw

    early = qw.run("02-sourcing", folder=tmp_path, only="q-headline-source")
    assert early.questions and early.questions[0].box in early.body.children  # no name screen
    final = qw.run("02-sourcing", folder=tmp_path)  # the end-of-lesson quiz still asks
    final.name.value = "Ada"
    final.start.click()
    early.questions[0].choice.value = "b"
    early.questions[0].check.click()
    saved = ResultsStore(tmp_path).records("Ada", "02-sourcing")
    assert [r["question"] for r in saved] == ["q-headline-source"]


def test_highlight_feedback_names_the_passage_line_the_question_speaks_of():
    """The comparison under a highlight question says "Line 8", as the question does, not
    "Line 1" or "Paragraph 1" (issue 11, item 6)."""
    from helpers.quiz import load_bank
    from helpers.quiz.widgets import marked_passage_html

    bank = load_bank("02-sourcing")
    qs = [
        q
        for q in bank.questions
        if q.type == "highlight" and q.passage is not None and (q.passage.line or 1) > 1
    ]
    assert qs, "lesson 02 has a highlight question on a passage after the headline"
    for q in qs:
        t = q.targets[0]
        html = marked_passage_html(q, [[t.start, t.end]])
        assert f"Line {q.passage.line}" in html, (q.id, html[:300])
        assert "Paragraph 1" not in html and "PARAGRAPH 1" not in html


# --- scores in words, and a chosen category that can be seen (issue 11, readability) ------


def plain(html: str) -> str:
    """Feedback as read: tags dropped, no-break spaces as spaces."""
    import re

    return re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ")


DECIMAL = r"\d[.,]\d"  # "0.421", "0,5": a 14-year-old should not have to read these


def test_highlight_feedback_counts_found_and_over_marked_phrases(store: ResultsStore) -> None:
    import re

    w = qw(app_for("02-sourcing", store), "q-line8-sources")
    w.select_words("sources familiar", "Belarus")
    w.check.click()
    text = plain(w.feedback.value)
    assert "You found 1 of the 2 phrases; 1 marked phrase is not one of them." in text
    assert not re.search(DECIMAL, text) and "point" not in text
    # the clauses wrap as wholes: each in its own inline-block span, no fixed width
    assert "<span>You found 1\u00a0of the\u00a02\u00a0phrases;</span>" in w.feedback.value
    assert "width:" not in w.feedback.value.split("quiz-fb-count", 1)[1].split("</p>", 1)[0]


def test_multiple_select_and_classify_feedback_in_whole_numbers(store: ResultsStore) -> None:
    import re

    app = app_for("02-sourcing", store)
    many = qw(app, "q-check-it")
    many.boxes["find-original"].value = True
    many.boxes["share-first"].value = True
    many.check.click()
    text = plain(many.feedback.value)
    assert "You ticked 1 of the 3 right answers; 1 ticked answer does not fit." in text
    sort = qw(app, "q-source-types")
    right = {it.id: it.answer for it in sort.q.items}
    first = sort.q.items[0]
    right[first.id] = next(c for c in sort.q.categories if c != first.answer)
    sort.set_answer(right)
    sort.check.click()
    n = len(sort.q.items)
    assert f"You sorted {n - 1} of the {n} excerpts right." in plain(sort.feedback.value)
    for x in (many, sort):
        assert not re.search(DECIMAL, plain(x.feedback.value)), x.feedback.value


def test_summary_says_a_part_score_in_whole_numbers(store: ResultsStore) -> None:
    import re

    app = app_for("02-sourcing", store)
    hl = qw(app, "q-line8-sources")
    hl.select_words("sources familiar")
    for _ in range(hl.q.max_tries):
        hl.check.click()  # half the phrases, every try
    assert 0 < app.results()["score"] < 1
    html = app.show_summary()
    text = plain(html)
    assert not re.search(DECIMAL, text), text
    # 1 of 2 phrases and nothing over-marked: two thirds of a point
    n = len(app.questions)  # the bank's size, not a number typed here
    assert f"Your score: about 1 of {n} points (a little)" in text
    assert "partly right (more than half)" in text
    assert f"0 of {n} questions fully right." in text


@given(
    points=st.integers(min_value=1, max_value=60),
    share=st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_points_in_words_are_whole_and_never_claim_full_marks(points: int, share: float) -> None:
    import re

    from helpers.quiz.widgets import points_words, share_words

    score = round(points * share, 3)
    said = points_words(score, points)
    assert not re.search(DECIMAL, said), said
    assert said.startswith(f"{points} of ") == (score == points) or points == 0
    if score < points:
        assert share_words(score, points) != "all" and not said.startswith(f"{points} of")
    if score > 0:
        assert share_words(score, points) != "none" and not said.startswith("0 of")


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_the_chosen_category_is_clearly_marked(store: ResultsStore) -> None:
    """The selected ToggleButton of a classify/discernment row: dark background, white text
    (contrast checked), bold, an outline and a tick — not a slightly darker grey."""
    import re

    from helpers.quiz import widgets

    app = app_for("02-sourcing", store)
    styles = [x for x in app.box.children if "quiz-style" in x._dom_classes]
    assert len(styles) == 1
    css = styles[0].value
    rule = re.search(r"\.quiz-category \.widget-toggle-button\.mod-active \{([^}]*)\}", css)
    assert rule, css
    body = rule.group(1)
    bg = re.search(r"background: (#[0-9a-f]{6})", body).group(1)
    fg = re.search(r"color: (#[0-9a-f]{6})", body).group(1)
    assert (bg, fg) == (widgets.SELECTED_BG, widgets.SELECTED_FG)
    light, dark = sorted([_luminance(bg), _luminance(fg)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5
    assert "font-weight: bold" in body and "outline: 2px solid" in body
    assert "opacity: 1" in body  # an answered (disabled) row keeps its contrast
    assert re.search(r"mod-active::before \{ content: \"✓ \"; \}", css)  # not colour alone
    sorters = qw(app, "q-source-types").sorters.values()
    assert all("quiz-category" in tb._dom_classes for tb in sorters)


def test_highlight_feedback_names_sources_in_lesson_02s_words():
    """Feedback on a sourcing highlight tags "sources familiar with the discussions" as
    anonymous, as the article views do, never as the bare label "attribution"."""
    import re

    from helpers.quiz import load_bank
    from helpers.quiz.widgets import marked_passage_html

    q = load_bank("02-sourcing").question("q-line8-sources")
    html = marked_passage_html(q, [[t.start, t.end] for t in q.targets])
    tags = re.findall(r'class="mlv-tag"[^>]*>([^<]*)<', html)
    assert "both·anonymous" in tags and "both·organisation or outlet" in tags, tags
    assert not any(t.endswith("·attribution") for t in tags), tags


def test_discernment_counts_the_first_try_only(store: ResultsStore) -> None:
    """Calling everything suspicious, then flipping what "Look again" flags, must not score
    full marks (issue 12 §3): the widget, the saved summary and the CSV use the first try."""
    from helpers.quiz.results import summarize

    app = app_for("02-sourcing", store)
    d = qw(app, "q-reporting-or-opinion")
    assert d.q.type == "discernment"
    worst = next(c for c in d.q.categories if c != d.q.items[0].answer)
    d.set_answer({it.id: worst for it in d.q.items})  # everything one way
    d.check.click()
    first = d.best
    assert 0 < first < d.q.points
    assert "first try is the one that counts" in d.feedback.value
    d.set_answer({it.id: it.answer for it in d.q.items})  # then fix what was flagged
    d.check.click()
    assert d.done and d.best == first
    assert "Practice try" in d.feedback.value
    (state,) = [v for k, v in summarize(store.records()).items() if k[2] == d.q.id]
    assert state.attempts == 2 and state.best == first and not state.correct


# --- speed: starting a quiz makes one question's widgets (issue 11) ---------------------------


def test_start_makes_only_the_first_questions_widgets(store: ResultsStore) -> None:
    import ipywidgets as w

    app = QuizApp(load_bank("02-sourcing"), None, store=store)
    made: list[object] = []
    w.Widget.on_widget_constructed(made.append)
    try:
        app.name.value = "Lea"
        app.start.click()
        first = len(made)
        app.next.click()  # the next question is made when it is shown
        second = len(made) - first
    finally:
        w.Widget.on_widget_constructed(None)
    assert 0 < first < 40 and 0 < second < 120  # one question each (10 at once made 413)
    # all there when asked for
    assert app.index == 1 and len(app.questions) == len(load_bank("02-sourcing").questions)


def test_resume_counts_answers_of_questions_not_yet_shown(store: ResultsStore) -> None:
    app = app_for("02-sourcing", store, learner="Ana")
    first = app.questions[0]
    assert first.q.id == "q-headline-source"
    first.choice.value = "b"  # "The New York Post": right
    first.check.click()
    again = app_for("02-sourcing", store, learner="Ana")  # a new session
    assert again.index == 1
    n = len(load_bank("02-sourcing").questions)
    assert f"Question 2 of {n} · 1 of {n} done" in again.progress_label.value
    assert again.progress_bar.value == 1
