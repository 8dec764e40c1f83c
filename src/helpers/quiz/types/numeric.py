"""``numeric``: a typed number, matched against values and ranges (jupyterquiz semantics)."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Any

from ..markdown import RIGHT, WRONG, md_escape, num
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid, matched
from ..reader import Fields, kind_of, number_text
from .base import Inputs, QuestionType, Seed, short, spec_of


@dataclass(frozen=True, slots=True)
class NumericAnswer:
    """A jupyterquiz-style numeric answer: a ``value`` or a half-open ``range`` [low, high)."""

    kind: str  # "value" or "range"
    correct: bool
    feedback: str = ""
    value: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class NumericSpec:
    """A numeric question's own fields."""

    answers: tuple[NumericAnswer, ...]
    precision: int | None = None  # significant digits compared
    default_feedback: str = ""


def numbers(q: Question) -> NumericSpec:
    """The answers, precision and default feedback of a numeric question."""
    return spec_of(q, NumericSpec)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def parse_number(text: str) -> float | None:
    """A number as a learner types it: ``12``, ``-3.5``, ``1e3``, ``1,226``, ``22/7``."""
    s = str(text).strip().replace("\u2212", "-").replace(" ", "")
    if not s or len(s) > 60:
        return None
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        if s.count("/") == 1:
            numerator, denominator = s.split("/")
            value = float(numerator) / float(denominator)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def _round_sig(x: float, digits: int | None) -> float:
    return x if digits is None else float(f"{x:.{digits}g}")


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def numeric_answers(
    ctx: Fields, answers: list[Any], label: str = "answers"
) -> tuple[tuple[NumericAnswer, ...], str]:
    """jupyterquiz-style answers (``value``, ``range`` or ``type: default``) and the default
    feedback."""
    out: list[NumericAnswer] = []
    default = ""
    for i, a in enumerate(answers, 1):
        lab = f"{label}[{i}]"
        a = ctx.mapping(a, lab)
        kind = a.get("type")
        if kind == "default":
            default = ctx.text(a, "feedback", label=f"{lab}.feedback")
            continue
        fb = ctx.text(a, "feedback", label=f"{lab}.feedback")
        correct = ctx.flag(a, "correct", label=f"{lab}.correct")
        if "range" in a and kind in (None, "range"):
            r = a["range"]
            if not isinstance(r, list) or len(r) != 2 or not all(_finite(x) for x in r):
                raise ctx.error("must be two numbers [low, high]", f"{lab}.range")
            if r[0] > r[1]:
                raise ctx.error(
                    f"has low {number_text(r[0])} above high {number_text(r[1])}", f"{lab}.range"
                )
            out.append(NumericAnswer("range", correct, fb, low=float(r[0]), high=float(r[1])))
        elif "value" in a and kind in (None, "value"):
            v = a["value"]
            if not _finite(v):
                raise ctx.error(f"must be a number, not {kind_of(v)}", f"{lab}.value")
            out.append(NumericAnswer("value", correct, fb, value=float(v)))
        else:
            raise ctx.error("needs 'value', 'range' or type 'default'", lab)
    if not any(a.correct for a in out):
        raise ctx.error("has no answer marked correct: true", label)
    return tuple(out), default


def _precision(ctx: Fields, d: dict[str, Any]) -> int | None:
    if d.get("precision") is None:
        return None
    return int(ctx.num(d, "precision", 1, low=1, integer=True))


class Numeric(QuestionType):
    name = "numeric"
    title = "number"
    fields = frozenset({"answers", "answer", "tolerance", "precision", "default_feedback"})
    jupyterquiz = "numeric"

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> NumericSpec:
        precision = _precision(ctx, d)
        if "answer" in d:
            if "answers" in d:
                raise ctx.error("is given together with 'answers'; use one of them", "answer")
            value = d["answer"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ctx.error(f"must be a number, not {kind_of(value)}", "answer")
            tol = ctx.num(d, "tolerance", 0.0)
            ans: tuple[NumericAnswer, ...] = (
                (NumericAnswer("value", True, "", value=float(value)),)
                if tol == 0
                else (NumericAnswer("range", True, "", low=value - tol, high=value + tol),)
            )
            default = ""
        else:
            if "tolerance" in d:
                raise ctx.error("only works with 'answer'", "tolerance")
            ans, default = numeric_answers(ctx, ctx.seq(d, "answers", required=True))
        default = ctx.text(d, "default_feedback", default=default)
        return NumericSpec(ans, precision, default)

    def parse_jupyterquiz(self, ctx: Fields, d: dict[str, Any], answers: list[Any]) -> NumericSpec:
        precision = _precision(ctx, d)
        nums, default = numeric_answers(ctx, answers)
        return NumericSpec(nums, precision, default)

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = numbers(q)
        typed = "" if answer is None else str(answer).strip()
        value = parse_number(typed)
        if value is None:
            return invalid(q, "Type a number, like 42, 3.5 or 1/4.", typed)
        value = _round_sig(value, spec.precision)
        for a in spec.answers:
            if a.kind == "value":
                assert a.value is not None
                hit = value == _round_sig(a.value, spec.precision)
            else:
                assert a.low is not None and a.high is not None
                hit = a.low <= value < a.high or (a.low == a.high == value)
            if hit:
                text = a.feedback or ("Yes, that's right." if a.correct else "Not quite.")
                return matched(q, a.correct, text, typed)
        return matched(q, False, spec.default_feedback or "Not quite. Try again.", typed)

    def reveal(self, q: Question) -> list[Line]:
        a = next(a for a in numbers(q).answers if a.correct)
        val = f"{a.value:g}" if a.kind == "value" else f"between {a.low:g} and {a.high:g}"
        return [Line("info", f"The right answer is {val}.")]

    def widget(self, q: Question) -> Inputs:
        return text_input(q, "a number")

    def key(self, q: Question) -> list[str]:
        spec = numbers(q)
        out = []
        for a in spec.answers:
            if a.kind == "value":
                what = num(a.value)
            else:
                what = f"from {num(a.low)} up to (not including) {num(a.high)}"
            verdict = RIGHT if a.correct else WRONG
            out.append(
                f"- {verdict}: {what}" + (f" — {md_escape(a.feedback)}" if a.feedback else "")
            )
        rights = [a for a in spec.answers if a.correct]
        head = "**Answer:** " + (
            " or ".join(
                num(a.value) if a.kind == "value" else f"{num(a.low)}–{num(a.high)}" for a in rights
            )
            or "—"
        )
        if spec.precision:
            head += f" (compared to {spec.precision} significant digits)"
        if spec.default_feedback:
            out.append(f"- anything else: {md_escape(spec.default_feedback)}")
        return [head, "", *out]

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        spec = numbers(q)
        rights = [a for a in spec.answers if a.correct]
        value = rights[0].value if rights and rights[0].value is not None else 0.0
        if not good:
            wrong = [a.value for a in spec.answers if not a.correct and a.value is not None]
            value = rng.choice(wrong) if wrong else value + rng.choice([-2, -1, 1, 3])
        return f"{value:g}"

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        return [short(str(answer).strip().lower() or "(empty)")]

    def handout(self, q: Question) -> str:
        return "<p>Answer (a number): ______________</p>"


def text_input(q: Question, placeholder: str) -> Inputs:
    """One line to type in (numeric and short_text)."""
    import ipywidgets as w

    text = w.Text(placeholder=placeholder, description="Answer:", continuous_update=True)
    text.add_class("quiz-input")

    def put(answer: Any) -> None:
        text.value = "" if answer is None else str(answer)

    return Inputs(text, [text], lambda: text.value, put, {"text": text})


NUMERIC = Numeric()
