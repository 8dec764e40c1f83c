"""``single_choice``: one right option (any option marked correct counts as right).

The option reading here is shared with ``multiple_select``: the same options, ``correct`` and
``answer_cols`` fields.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ..markdown import RIGHT, WRONG, cell, code
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid
from ..reader import MAX_ANSWER_COLS, Fields, cut, kind_of, quote
from .base import Inputs, QuestionType, Seed, attr, short, spec_of


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class ChoiceSpec:
    """A single_choice or multiple_select question's own fields."""

    options: tuple[Option, ...]
    answer_cols: int = 1

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def choices(q: Question) -> ChoiceSpec:
    """The options of a single_choice or multiple_select question."""
    return spec_of(q, ChoiceSpec)


def option_id(i: int) -> str:
    """The id an option gets when the bank gives none: a, b, c … then o27, o28 …"""
    return chr(ord("a") + i - 1) if i <= 26 else f"o{i}"


def read_options(ctx: Fields, d: dict[str, Any], qtype: str) -> ChoiceSpec:
    """``options`` (texts or mappings), the right one(s) by ``correct`` or per option, and
    ``answer_cols``."""
    options = [_option(ctx, o, i) for i, o in enumerate(ctx.seq(d, "options", required=True), 1)]
    ids = [o.id for o in options]
    dup = next((x for x in ids if ids.count(x) > 1), None)
    if dup is not None:
        raise ctx.error(f"uses the option id {quote(dup)} twice", "options")
    if len(options) < 2:
        raise ctx.error("needs at least two options", "options")
    if "correct" in d:
        options = _named_correct(ctx, d["correct"], options)
    if not any(o.correct for o in options):
        raise ctx.error("is missing: no option is marked correct", "correct")
    if qtype == "single_choice" and sum(o.correct for o in options) > 1 and "correct" in d:
        raise ctx.error(
            "names more than one option for a single_choice question; use type multiple_select",
            "correct",
        )
    cols = int(ctx.num(d, "answer_cols", 1, low=1, high=MAX_ANSWER_COLS, integer=True))
    return ChoiceSpec(tuple(options), cols)


def _option(ctx: Fields, o: Any, i: int) -> Option:
    label = f"options[{i}]"
    if isinstance(o, bool):  # YAML reads a bare yes/no as true/false
        o = {"text": "yes" if o else "no"}
    elif isinstance(o, str | int | float):
        o = {"text": str(o)}
    o = ctx.mapping(o, label)
    ctx.known(o, frozenset({"id", "text", "correct", "feedback"}), label)
    return Option(
        id=ctx.text(o, "id", default=option_id(i), label=f"{label}.id"),
        text=ctx.text(o, "text", required=True, label=f"{label}.text"),
        correct=ctx.flag(o, "correct", label=f"{label}.correct"),
        feedback=ctx.text(o, "feedback", label=f"{label}.feedback"),
    )


def _named_correct(ctx: Fields, named: Any, options: list[Option]) -> list[Option]:
    """The options with the ones ``correct:`` names marked right (and no option saying so)."""
    ids = [o.id for o in options]
    named = [named] if not isinstance(named, list) else named
    if not named:
        raise ctx.error("is an empty list; name the right option(s)", "correct")
    for x in named:
        if isinstance(x, bool) or not isinstance(x, str | int):
            raise ctx.error(f"must name option ids, not {kind_of(x)}", "correct")
        if str(x) not in ids:
            raise ctx.error(
                f"names option '{cut(str(x))}', which does not exist "
                f"(options: {cut(', '.join(ids))})",
                "correct",
            )
    if any(o.correct for o in options):
        raise ctx.error("is given, and an option also says 'correct: true'; use one way", "correct")
    keep = {str(x) for x in named}
    return [Option(o.id, o.text, o.id in keep, o.feedback) for o in options]


def jupyterquiz_options(ctx: Fields, d: dict[str, Any], answers: list[Any]) -> ChoiceSpec:
    """jupyterquiz ``answers`` (each with ``answer`` or ``code``, and ``correct``) as options."""
    options = []
    for i, a in enumerate(answers, 1):
        lab = f"answers[{i}]"
        a = ctx.mapping(a, lab)
        text = ctx.text(a, "answer", label=f"{lab}.answer") or ctx.text(
            a, "code", label=f"{lab}.code"
        )
        if not text:
            raise ctx.error("is missing", f"{lab}.answer")
        if "correct" not in a:
            raise ctx.error("is missing", f"{lab}.correct")
        options.append(
            Option(
                option_id(i),
                text,
                ctx.flag(a, "correct", label=f"{lab}.correct"),
                ctx.text(a, "feedback", label=f"{lab}.feedback"),
            )
        )
    if len(options) < 2:
        raise ctx.error("needs at least two answers", "answers")
    if not any(o.correct for o in options):
        raise ctx.error('has no answer marked "correct": true', "answers")
    cols = int(ctx.num(d, "answer_cols", 1, low=1, high=MAX_ANSWER_COLS, integer=True))
    return ChoiceSpec(tuple(options), cols)


def wrong_option(q: Question, rng: random.Random) -> str:
    spec = choices(q)
    wrong = [o.id for o in spec.options if not o.correct]
    return rng.choice(wrong) if wrong else spec.options[0].id


class ChoiceType(QuestionType):
    """What single_choice and multiple_select share: options, their key and their reveal."""

    fields = frozenset({"options", "correct", "answer_cols"})
    credit = ""  # the answer key's note on partial credit
    handout_how = ""
    handout_box = "box"

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> ChoiceSpec:
        return read_options(ctx, d, self.name)

    def parse_jupyterquiz(self, ctx: Fields, d: dict[str, Any], answers: list[Any]) -> ChoiceSpec:
        return jupyterquiz_options(ctx, d, answers)

    def reveal(self, q: Question) -> list[Line]:
        spec = choices(q)
        return [
            Line(
                "info",
                "The right answer"
                + ("s are" if len(spec.correct_ids) > 1 else " is")
                + ": "
                + "; ".join(o.text for o in spec.options if o.correct)
                + ".",
            )
        ]

    def key(self, q: Question) -> list[str]:
        spec = choices(q)
        out = ["| | option | feedback |", "|---|---|---|"]
        for o in spec.options:
            mark = RIGHT if o.correct else WRONG
            out.append(f"| {mark} | {code(o.id)} {cell(o.text)} | {cell(o.feedback)} |")
        head = "**Answer:** " + ", ".join(code(i) for i in spec.correct_ids) + self.credit
        return [head, "", *out]

    def handout(self, q: Question) -> str:
        items = "".join(
            f"<li><span class='{self.handout_box}' aria-hidden='true'></span>{attr(o.text)}</li>"
            for o in choices(q).options
        )
        return f"<p class='how'>{self.handout_how}</p><ul class='choices'>{items}</ul>"


class SingleChoice(ChoiceType):
    name = "single_choice"
    title = "single choice"
    jupyterquiz = "multiple_choice"
    handout_how = "Tick one."
    handout_box = "box round"

    def score(self, q: Question, answer: Any) -> Outcome:
        if answer is None or answer == "":
            return invalid(q, "Choose one answer first.")
        opt = choices(q).option(str(answer))
        if opt is None:
            return invalid(q, "That answer is not one of the options.", answer)
        if opt.correct:
            return Outcome(
                q.points,
                q.points,
                True,
                lines=(Line("ok", opt.feedback or "Yes, that's right.", opt.text),),
                answer=opt.id,
            )
        return Outcome(
            0.0,
            q.points,
            False,
            lines=(Line("wrong", opt.feedback or "Not quite.", opt.text),),
            answer=opt.id,
        )

    def widget(self, q: Question) -> Inputs:
        spec = choices(q)
        import ipywidgets as w

        choice = w.RadioButtons(
            options=[(o.text, o.id) for o in spec.options],
            value=None,
            layout=w.Layout(width="auto"),
        )
        choice.add_class("quiz-choice")

        def put(answer: Any) -> None:
            choice.value = answer if answer in [o.id for o in spec.options] else None

        return Inputs(choice, [choice], lambda: choice.value, put, {"choice": choice})

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        return choices(q).correct_ids[0] if good else wrong_option(q, rng)

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        opt = choices(q).option(str(answer))
        return [f"{answer}: {short(opt.text)}" if opt else str(answer)]


SINGLE_CHOICE = SingleChoice()
