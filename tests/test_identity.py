"""One learner identity per kernel (issue 11, defect 2), driven at kernel level: the widgets are
built and clicked in Python as a lesson's cells would, and the results folder, the CSV export and
the dashboard are read back.  A "new kernel" is simulated by dropping the in-memory state
(``widgets._SESSION``) while the results folder and the remembered-name file stay."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.quiz.widgets as widgets
from helpers.quiz import ResultsStore, export_csv, identity
from helpers.quiz.dashboard import load_class
from helpers.quiz.widgets import QuizApp

BANK = "02-sourcing"
REFLECTION = (
    "I would search the New York Times website for Christopher Smith Belarus February 2025 "
    "and then look at other outlets that reported the prisoner release in Vilnius."
)


@pytest.fixture(autouse=True)
def new_kernel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh kernel in a fresh kernel home (its own state folder), not on a hub."""
    monkeypatch.setattr(widgets, "_SESSION", {})
    monkeypatch.setenv("HELPERS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path / "state"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "results"


def restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kernel (a new lesson, or Voilà's next page view): memory gone, files kept."""
    monkeypatch.setattr(widgets, "_SESSION", {})


def classes(app: QuizApp) -> set[str]:
    """Every CSS class on the app's visible widget tree."""
    found: set[str] = set()
    todo = [app.box]
    while todo:
        x = todo.pop()
        found |= set(getattr(x, "_dom_classes", ()))
        todo += list(getattr(x, "children", ()))
    return found


def texts(app: QuizApp, cls: str) -> list[str]:
    """What a reader sees in the visible widgets of class ``cls`` (tags dropped)."""
    out, todo = [], [app.box]
    while todo:
        x = todo.pop()
        if cls in getattr(x, "_dom_classes", ()):
            value = getattr(x, "value", "") or getattr(x, "description", "")
            out.append(re.sub(r"<[^>]+>", "", str(value)).strip())
        todo += list(getattr(x, "children", ()))
    return out


def button(app: QuizApp, cls: str):
    found, todo = [], [app.box]
    while todo:
        x = todo.pop()
        if cls in getattr(x, "_dom_classes", ()) and hasattr(x, "click"):
            found.append(x)
        todo += list(getattr(x, "children", ()))
    assert len(found) == 1, f"{len(found)} visible buttons .{cls}"
    return found[0]


def name_input(app: QuizApp):
    found, todo = [], [app.box]
    while todo:
        x = todo.pop()
        if "quiz-identity-name" in getattr(x, "_dom_classes", ()):
            found.append(x)
        todo += list(getattr(x, "children", ()))
    assert len(found) == 1, f"{len(found)} visible name inputs"
    return found[0]


def give_name(app: QuizApp, name: str) -> None:
    name_input(app).value = name
    button(app, "quiz-identity-save").click()


def sort_all(qw, right: bool = True) -> None:
    qw.set_answer(
        {
            it.id: it.answer if right else next(c for c in qw.q.spec.categories if c != it.answer)
            for it in qw.q.spec.items
        }
    )
    qw.check.click()


def done_label(app: QuizApp) -> str:
    return app.progress_label.value


# --- the reported defect ------------------------------------------------------------------


def test_your_turn_answers_move_to_the_name_and_the_final_quiz_resumes(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-source-types")
    assert "quiz-identity" in classes(turn), "the first quiz widget asks for the name"
    sort_all(turn.questions[0])
    refl = widgets.run(BANK, folder=folder, only="q-trace-post")
    assert "quiz-identity" not in classes(refl), "the name is asked once, not in every widget"
    refl.questions[0].area.value = REFLECTION
    refl.questions[0].check.click()

    final = widgets.run(BANK, folder=folder)
    give_name(final, "Mia K")
    assert "quiz-identity-carry" in classes(final)
    button(final, "quiz-identity-keep").click()
    assert "quiz-identity-carry" not in classes(final)

    n = len(final.questions)
    assert f"2 of {n} done" in done_label(final)
    by_id = {x.q.id: x for x in final.questions}
    assert by_id["q-source-types"].done and by_id["q-trace-post"].done
    assert "You answered this before" in by_id["q-trace-post"].feedback.value
    # every live widget now says who is saving
    for app in (turn, refl, final):
        assert texts(app, "quiz-identity-current") == ["Saving as Mia K"]
        assert turn.learner == "Mia K"
    # one learner everywhere: the files, the gradebook CSV and the dashboard
    assert {r["learner"] for r in ResultsStore(folder).records()} == {"Mia K"}
    out = folder.parent / "grades.csv"
    export_csv(folder, out)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["learner"] for r in rows} == {"Mia K"} and len(rows) == 2
    cls = load_class(folder)
    assert cls.learners == 1 and set(cls.summary["learner"]) == {"Mia K"}
    assert not (folder / "anonymous.jsonl").exists()


def test_a_final_quiz_shown_first_counts_the_your_turn_answers_given_later(folder: Path) -> None:
    """Voilà runs every cell before the student reads a word: the lesson's final quiz exists
    before its "Your turn" questions are answered, and must count them when they are."""
    turn = widgets.run(BANK, folder=folder, only="q-source-types")
    final = widgets.run(BANK, folder=folder)
    give_name(turn, "Mia K")
    n = len(final.questions)
    assert f"0 of {n} done" in done_label(final)
    sort_all(turn.questions[0])
    assert f"1 of {n} done" in done_label(final)
    shown = next(x for x in final.questions if x.q.id == "q-source-types")
    assert shown.done and "You answered this before (1 try)" in shown.feedback.value
    assert shown.get_answer() == turn.questions[0].get_answer()
    # another learner's attempt, or another bank's, is not ours
    other = widgets.run("03-framing", folder=folder, only="q-rewrite")
    other.questions[0].area.value = REFLECTION
    other.questions[0].check.click()
    assert f"1 of {n} done" in done_label(final)
    assert [r["question"] for r in ResultsStore(folder).records("Mia K", BANK)] == [
        "q-source-types"
    ]


def test_answers_given_anonymously_are_kept_in_memory_for_this_kernel(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-source-types")
    sort_all(turn.questions[0])
    final = widgets.run(BANK, folder=folder)
    final.start.click()  # start without a name
    assert final.learner == "anonymous"
    assert f"1 of {len(final.questions)} done" in done_label(final)
    assert not folder.exists() or not list(folder.glob("*.jsonl"))  # nothing saved under nobody


def test_declining_the_carry_leaves_them_anonymous(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-source-types")
    sort_all(turn.questions[0])
    give_name(turn, "Mia K")
    button(turn, "quiz-identity-discard").click()
    assert "quiz-identity-carry" not in classes(turn)
    assert ResultsStore(folder).records("Mia K") == []
    assert not turn.questions[0].done  # reloaded as Mia K, who has not answered it
    final = widgets.run(BANK, folder=folder)
    assert f"0 of {len(final.questions)} done" in done_label(final)


def test_no_carry_offer_without_anonymous_answers(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = widgets.run(BANK, "Mia K", folder=folder, only="q-mismatch")
    other.questions[0].choice.value = "a"
    other.questions[0].check.click()  # Mia K has answered another question of the bank
    restart(monkeypatch)
    turn = widgets.run(BANK, folder=folder, only="q-source-types")
    give_name(turn, "Mia K")
    assert "quiz-identity-carry" not in classes(turn)
    assert texts(turn, "quiz-identity-current") == ["Saving as Mia K"]
    assert "Welcome back" not in turn.notice.value  # nothing of this question to resume


# --- shared computers ---------------------------------------------------------------------


def test_not_you_shows_the_next_learner_none_of_the_previous_answers(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    give_name(turn, "Ana")
    turn.questions[0].area.value = REFLECTION
    turn.questions[0].check.click()
    final = widgets.run(BANK, folder=folder)
    assert final.learner == "Ana" and f"1 of {len(final.questions)} done" in done_label(final)
    sort_all(next(x for x in final.questions if x.q.id == "q-source-types"))

    # Ana leaves; Ben sits down at the same computer, same kernel
    button(final, "quiz-identity-change").click()  # "Not you?"
    assert "quiz-identity" in classes(final) and name_input(final).value == ""
    for app in (turn, final):
        assert all(not x.done and x.tries == 0 for x in app.questions)
    assert turn.questions[0].area.value == ""  # Ana's text is gone from the screen
    give_name(final, "Ben")
    assert "quiz-identity-carry" not in classes(final)  # Ana's answers are not offered to Ben
    assert f"0 of {len(final.questions)} done" in done_label(final)
    assert all(x.get_answer() in ("", None, [], {}) for x in final.questions)
    assert texts(turn, "quiz-identity-current") == ["Saving as Ben"]
    turn.questions[0].area.value = REFLECTION + " Ben"
    turn.questions[0].check.click()
    assert [r["question"] for r in ResultsStore(folder).records("Ben")] == ["q-trace-post"]
    assert len(ResultsStore(folder).records("Ana")) == 2


def test_anonymous_answers_are_never_resumed_in_a_new_kernel(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = widgets.run(BANK, folder=folder, only="q-trace-post")
    first.questions[0].area.value = REFLECTION
    first.questions[0].check.click()
    restart(monkeypatch)  # the next student opens the lesson
    nxt = widgets.run(BANK, folder=folder, only="q-trace-post")
    assert not nxt.questions[0].done and nxt.questions[0].area.value == ""
    final = widgets.run(BANK, folder=folder)
    final.start.click()
    assert f"0 of {len(final.questions)} done" in done_label(final)


# --- remembering the name -----------------------------------------------------------------


def test_a_new_kernel_remembers_the_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch, new_kernel: Path
) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    give_name(turn, "Mia K")
    path = new_kernel / identity.STATE_FILE
    assert path.is_file() and path.stat().st_mode & 0o077 == 0  # only the user can read it
    assert json.loads(path.read_text())["name"] == "Mia K"
    restart(monkeypatch)  # lesson 03 in another kernel of the same home
    later = widgets.run("03-framing", folder=folder)
    assert later.learner == "Mia K" and later.questions  # no start screen
    assert "quiz-identity" not in classes(later)
    assert texts(later, "quiz-identity-current") == ["Saving as Mia K"]
    assert "quiz-identity-change" in classes(later)


def test_a_remembered_name_expires_after_hours_without_use(
    folder: Path, monkeypatch: pytest.MonkeyPatch, new_kernel: Path
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(identity, "_now", lambda: clock[0])
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    give_name(turn, "Mia K")
    clock[0] += identity.REMEMBER_HOURS * 3600 - 60  # used again just in time …
    turn.questions[0].area.value = REFLECTION
    turn.questions[0].check.click()  # … a saved answer counts as use
    clock[0] += identity.REMEMBER_HOURS * 3600 - 60
    restart(monkeypatch)
    assert widgets.run(BANK, folder=folder, only="q-mismatch").learner == "Mia K"
    clock[0] += identity.REMEMBER_HOURS * 3600 + 1  # the next class, hours later
    restart(monkeypatch)
    nxt = widgets.run(BANK, folder=folder, only="q-mismatch")
    assert nxt.learner == "anonymous" and "quiz-identity" in classes(nxt)
    assert not (new_kernel / identity.STATE_FILE).exists()


def test_the_same_kernel_forgets_the_name_after_hours_without_use(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(identity, "_now", lambda: clock[0])
    first = widgets.run(BANK, folder=folder, only="q-trace-post")
    give_name(first, "Mia K")
    clock[0] += identity.REMEMBER_HOURS * 3600 + 1  # JupyterLab left open overnight
    later = widgets.run(BANK, folder=folder, only="q-mismatch")
    assert later.learner == "anonymous" and "quiz-identity" in classes(later)
    assert first.learner == "anonymous" and "quiz-identity-current" not in classes(first)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"name": 3, "last_used": 1}',
        b'{"name": "Mia", "last_used": "soon"}',
        b'{"name": "Mia", "last_used": 99999999999}',  # in the future: not trusted
        b'{"name": "Mia", "last_used": 1e999}',
        b"[" * 100_000,
    ],
)
def test_a_damaged_or_odd_state_file_means_no_name(
    content: bytes, new_kernel: Path, folder: Path
) -> None:
    new_kernel.mkdir(parents=True)
    (new_kernel / identity.STATE_FILE).write_bytes(content)
    assert widgets.run(BANK, folder=folder, only="q-mismatch").learner == "anonymous"


def test_a_linked_state_file_is_never_followed(new_kernel: Path, tmp_path: Path) -> None:
    new_kernel.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"name": "Mallory", "last_used": identity._now()}))
    os.symlink(elsewhere, new_kernel / identity.STATE_FILE)
    assert identity.read_remembered() is None


# --- hub, explicit learners, live widgets --------------------------------------------------


def test_on_a_hub_the_hub_user_is_used_without_asking(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity.remember("Mia K")  # a name left by something else must not beat the hub login
    restart(monkeypatch)
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    final = widgets.run(BANK, folder=folder)
    for app in (turn, final):
        found = classes(app)
        assert app.learner == "ada" and final.questions
        assert "quiz-identity" not in found and "quiz-identity-change" not in found
        assert texts(app, "quiz-identity-current") == ["Saving as ada"]
    turn.questions[0].area.value = REFLECTION
    turn.questions[0].check.click()
    assert [r["learner"] for r in ResultsStore(folder).records()] == ["ada"]


def test_an_explicit_learner_is_used_and_not_remembered_on_disk(
    folder: Path, monkeypatch: pytest.MonkeyPatch, new_kernel: Path
) -> None:
    app = widgets.run(BANK, "Zoe", folder=folder)
    assert app.learner == "Zoe" and texts(app, "quiz-identity-current") == ["Saving as Zoe"]
    assert "quiz-identity" not in classes(app)
    assert widgets.run(BANK, folder=folder, only="q-mismatch").learner == "Zoe"
    assert not (new_kernel / identity.STATE_FILE).exists()
    restart(monkeypatch)
    assert widgets.run(BANK, folder=folder, only="q-mismatch").learner == "anonymous"


def test_a_name_given_anywhere_updates_every_live_widget(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    final = widgets.run(BANK, folder=folder)
    assert not final.questions and final.start in final.body.children  # start screen
    give_name(turn, "Mia K")
    assert final.learner == "Mia K" and final.questions  # the start screen went on by itself
    assert texts(final, "quiz-identity-current") == ["Saving as Mia K"]
    button(final, "quiz-identity-change").click()
    assert turn.learner == "anonymous" and "quiz-identity-current" not in classes(turn)
    assert not final.questions and final.start in final.body.children


def test_the_later_widgets_offer_to_add_a_name(folder: Path) -> None:
    widgets.run(BANK, folder=folder, only="q-trace-post")
    second = widgets.run(BANK, folder=folder, only="q-mismatch")
    assert "quiz-identity" not in classes(second)
    button(second, "quiz-identity-add").click()
    give_name(second, "Mia K")
    assert texts(second, "quiz-identity-current") == ["Saving as Mia K"]


def test_names_are_escaped_and_tidied(folder: Path) -> None:
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    give_name(turn, "  <b>Mia</b>\u202e  K ")
    assert texts(turn, "quiz-identity-current") == ["Saving as &lt;b&gt;Mia&lt;/b&gt; K"]


def test_the_previous_learners_widgets_are_closed(folder: Path) -> None:
    """A reload replaces the question widgets; the old ones are closed, not left behind."""
    turn = widgets.run(BANK, folder=folder, only="q-trace-post")
    old = turn.questions[0]
    give_name(turn, "Mia K")
    assert turn.questions[0] is not old
    assert old.box.comm is None and old.area.comm is None and old.check.comm is None
    assert turn.questions[0].box.comm is not None


@given(st.text(max_size=120))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_remembered_name_comes_back_as_it_was_saved(new_kernel: Path, name: str) -> None:
    cleaned = identity.clean_name(name)
    if cleaned is None:
        return
    identity.remember(cleaned)
    assert identity.read_remembered() == cleaned
    assert not [p for p in new_kernel.iterdir() if p.name != identity.STATE_FILE]  # no temp left


def test_the_dashboard_shows_discernment_hits_and_false_alarms_on_the_first_try(
    folder: Path,
) -> None:
    """Issue 12 §3: per student and for the class, what was spotted and what was a false alarm,
    from the first try (a second try that fixes what was flagged does not count)."""
    from helpers.quiz.dashboard import discernment

    for name, cynical in (("Ana", True), ("Ben", False)):
        restart_all()
        app = widgets.run(BANK, learner=name, folder=folder, only="q-reporting-or-opinion")
        d = app.questions[0]
        sig = d.q.spec.signal
        if cynical:  # everything is opinion
            d.set_answer({it.id: sig for it in d.q.spec.items})
        else:
            d.set_answer({it.id: it.answer for it in d.q.spec.items})
        d.check.click()
        if not d.done:
            d.set_answer({it.id: it.answer for it in d.q.spec.items})
            d.check.click()  # the practice try: not counted
    flawed = sum(it.answer == sig for it in d.q.spec.items)
    sound = len(d.q.spec.items) - flawed
    table = discernment(load_class(folder))
    rows = {r["learner"]: r for r in table.to_dict("records")}
    assert set(rows) == {"Ana", "Ben", "whole class"}
    alarms = "false alarms (sound called flawed)"
    assert (rows["Ana"]["flawed spotted"], rows["Ana"][alarms]) == (flawed, sound)
    assert (rows["Ben"]["flawed spotted"], rows["Ben"][alarms]) == (flawed, 0)
    assert rows["Ben"]["sound kept"] == sound and rows["Ana"]["sound kept"] == 0
    assert rows["whole class"][alarms] == sound and rows["whole class"]["questions"] == 2
    assert "<th>learner</th>" in table._repr_html_().replace(' style="text-align: right;"', "")


def restart_all() -> None:
    widgets._SESSION.clear()
