"""The question-type table: every type is complete, and what must agree with it does."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from helpers.quiz import QUESTION_TYPES, QuizError, load_bank, score
from helpers.quiz.model import Question
from helpers.quiz.outcome import Line, Outcome
from helpers.quiz.results import FIRST_TRY_TYPES
from helpers.quiz.types import JUPYTERQUIZ_TYPES, TYPES
from helpers.quiz.types.base import Inputs, QuestionType
from helpers.quiz.types.single_choice import ChoiceSpec, Option, choices

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = ("parse", "score", "reveal", "widget", "key", "sample_answer", "handout")


def test_table_is_the_type_list() -> None:
    assert tuple(TYPES) == QUESTION_TYPES
    assert all(t.name == name for name, t in TYPES.items())
    assert JUPYTERQUIZ_TYPES == {
        "multiple_choice": "single_choice",
        "many_choice": "multiple_select",
        "numeric": "numeric",
        "string": "short_text",
    }


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_every_type_does_everything(name: str) -> None:
    kind = type(TYPES[name])
    missing = [m for m in REQUIRED if getattr(kind, m) is getattr(QuestionType, m)]
    assert not missing, f"{name} does not implement {missing}"
    assert TYPES[name].title and TYPES[name].fields


def test_first_try_types_agree() -> None:
    """results.py runs on its own on a hub, so it keeps its own list: it must be the table's."""
    assert {n for n, t in TYPES.items() if t.first_try_only} == FIRST_TRY_TYPES


def test_documented() -> None:
    doc = (ROOT / "docs" / "quiz-format.md").read_text(encoding="utf-8")
    for name in QUESTION_TYPES:
        assert f"**{name}**" in doc, f"docs/quiz-format.md does not describe {name}"


def test_sample_answers_score_as_meant() -> None:
    """A type's good demo answer is right and a bad one is not (dashboard demo class)."""
    seen = set()
    for path in sorted((ROOT / "notebooks" / "quizzes").glob("*.yaml")):
        for q in load_bank(path).questions:
            kind = TYPES[q.type]
            seen.add(q.type)
            if not kind.has_right_answer:
                continue  # any text long enough is right (06 asks for more than the demo writes)
            good = kind.score(q, kind.sample_answer(q, True, random.Random(1)))
            assert good.valid and good.correct, (path.name, q.id)
    assert seen == set(QUESTION_TYPES)


def _highlight_bank(target: dict) -> dict:
    q = {"id": "q", "type": "highlight", "prompt": "p", "passage": {"line": 8}, "targets": [target]}
    return {"id": "b", "title": "T", "seed": "belarus-thaw", "questions": [q]}


def test_targets_are_spans_and_learners_mark_in_the_questions_layer() -> None:
    """A target is a plain Span; the learner's marks are spans of the question's layer (a
    framing question's marks are framing, not "sourcing")."""
    from helpers.quiz.load import build_bank
    from helpers.quiz.types.highlight import question_layer
    from helpers.spans import Span

    framing = load_bank("03-framing").question("q-loaded-line3")
    assert framing.spec.targets and all(
        type(t) is Span for t in framing.spec.targets + framing.spec.others
    )
    assert question_layer(framing) == "framing"
    assert score(framing, [[t.start, t.end] for t in framing.spec.targets]).correct
    raw = _highlight_bank({"quote": "state television hinted"})
    (quoted,) = build_bank(raw).questions[0].spec.targets
    assert type(quoted) is Span and quoted.rule == "expert"


def test_a_quoted_target_with_an_unknown_layer_is_named() -> None:
    from helpers.quiz.load import build_bank

    raw = _highlight_bank({"quote": "state television hinted", "layer": "sourcng"})
    with pytest.raises(QuizError, match=r"targets\[1\]\.layer' is 'sourcng'; a layer is one of"):
        build_bank(raw)


class TrueFalse(QuestionType):
    """A type written for this test only: one class and one table entry are all it takes."""

    name = "true_false"
    title = "true or false"
    fields = frozenset({"answer"})

    def parse(self, ctx: Any, d: dict, passage: Any, seed: Any) -> ChoiceSpec:
        right = ctx.flag(d, "answer")  # its spec can be another type's: the options' here
        return ChoiceSpec((Option("true", "true", right), Option("false", "false", not right)))

    def score(self, q: Question, answer: Any) -> Outcome:
        ok = answer == choices(q).correct_ids[0]
        line = Line("ok" if ok else "wrong", "Yes." if ok else "No.")
        return Outcome(q.points if ok else 0.0, q.points, ok, lines=(line,), answer=answer)

    def reveal(self, q: Question) -> list[Line]:
        return [Line("info", f"It is {choices(q).correct_ids[0]}.")]

    def widget(self, q: Question) -> Inputs:
        import ipywidgets as w

        toggle = w.ToggleButtons(options=["true", "false"], value=None)

        def put(answer: Any) -> None:
            toggle.value = answer

        return Inputs(toggle, [toggle], lambda: toggle.value, put, {"toggle": toggle})

    def key(self, q: Question) -> list[str]:
        return [f"**Answer:** {choices(q).correct_ids[0]}"]

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        spec = choices(q)
        return spec.correct_ids[0] if good else next(o.id for o in spec.options if not o.correct)

    def handout(self, q: Question) -> str:
        return "<p class='how'>Circle one: true / false</p>"


def test_a_new_type_is_one_class_and_one_table_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registered in TYPES, a new type loads, scores, shows, keys, samples and prints, with no
    other change anywhere."""
    from helpers.quiz import widgets
    from helpers.quiz.dashboard import sample_answer
    from helpers.quiz.keys import question_key
    from helpers.quiz.load import build_bank
    from tools.editions import _question_html

    monkeypatch.setitem(TYPES, "true_false", TrueFalse())
    monkeypatch.setattr(widgets, "_SESSION", {})
    raw = {
        "id": "b",
        "title": "T",
        "questions": [
            {"id": "q", "type": "true_false", "prompt": "The sky is green.", "answer": False}
        ],
    }
    (q,) = build_bank(raw).questions
    assert q.spec.correct_ids == ("false",)
    assert "### 1. `q` — true or false" in question_key(q)
    assert "Circle one" in _question_html(q)
    assert not score(q, sample_answer(q, False, random.Random(0))).correct
    qw = widgets.QuestionWidget(q)
    qw.toggle.value = "false"
    outcome = qw.submit()
    assert outcome is not None and outcome.correct and "Right" in qw.feedback.value
    with pytest.raises(QuizError, match="did you mean 'true_false'"):
        build_bank({**raw, "questions": [{**raw["questions"][0], "type": "true_fals"}]})
