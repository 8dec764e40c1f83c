"""``short_text``: a typed answer, compared without case unless ``match_case``; with
``fuzzy_threshold`` small typos count (jupyterquiz's ``string``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ..markdown import RIGHT, WRONG, md_escape
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid, matched
from ..reader import Fields
from .base import Inputs, QuestionType, Seed, answer_lines, short, spec_of
from .numeric import text_input


@dataclass(frozen=True, slots=True)
class TextAnswer:
    answer: str
    correct: bool
    feedback: str = ""
    match_case: bool = False
    fuzzy_threshold: float | None = None


@dataclass(frozen=True)
class ShortTextSpec:
    """A short_text question's own fields."""

    answers: tuple[TextAnswer, ...]
    default_feedback: str = ""


def texts(q: Question) -> ShortTextSpec:
    """The accepted texts and default feedback of a short_text question."""
    return spec_of(q, ShortTextSpec)


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def text_answers(ctx: Fields, answers: list[Any]) -> tuple[tuple[TextAnswer, ...], str]:
    out: list[TextAnswer] = []
    default = ""
    for i, a in enumerate(answers, 1):
        lab = f"answers[{i}]"
        if isinstance(a, str | int | float) and not isinstance(a, bool):
            out.append(TextAnswer(str(a).strip(), True))
            continue
        a = ctx.mapping(a, lab)
        if a.get("type") == "default":
            default = ctx.text(a, "feedback", label=f"{lab}.feedback")
            continue
        thr = a.get("fuzzy_threshold")
        if thr is not None and (
            isinstance(thr, bool) or not isinstance(thr, int | float) or not 0 <= thr <= 1
        ):
            raise ctx.error("must be a number from 0 to 1", f"{lab}.fuzzy_threshold")
        out.append(
            TextAnswer(
                answer=ctx.text(a, "answer", required=True, label=f"{lab}.answer"),
                correct=ctx.flag(a, "correct", label=f"{lab}.correct"),
                feedback=ctx.text(a, "feedback", label=f"{lab}.feedback"),
                match_case=ctx.flag(a, "match_case", label=f"{lab}.match_case"),
                fuzzy_threshold=None if thr is None else float(thr),
            )
        )
    if not any(a.correct for a in out):
        raise ctx.error("has no answer marked correct: true", "answers")
    return tuple(out), default


class ShortText(QuestionType):
    name = "short_text"
    title = "short answer"
    fields = frozenset({"answers", "default_feedback"})
    jupyterquiz = "string"

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> ShortTextSpec:
        ans, default = text_answers(ctx, ctx.seq(d, "answers", required=True))
        return ShortTextSpec(ans, ctx.text(d, "default_feedback", default=default))

    def parse_jupyterquiz(
        self, ctx: Fields, d: dict[str, Any], answers: list[Any]
    ) -> ShortTextSpec:
        return ShortTextSpec(*text_answers(ctx, answers))

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = texts(q)
        typed = "" if answer is None else str(answer).strip()
        if not typed:
            return invalid(q, "Type your answer first.", typed)
        typed = typed[:500]
        for a in spec.answers:
            want, got = (a.answer, typed) if a.match_case else (a.answer.lower(), typed.lower())
            fuzzy = False
            hit = want == got
            if not hit and a.fuzzy_threshold is not None:
                longest = max(len(want), len(got)) or 1
                hit = fuzzy = 1 - levenshtein(want, got) / longest >= a.fuzzy_threshold
            if hit:
                text = a.feedback or ("Yes, that's right." if a.correct else "Not quite.")
                if fuzzy and a.correct and want != got:
                    text += f" (We read your answer as “{a.answer}”.)"
                return matched(q, a.correct, text, typed)
        return matched(q, False, spec.default_feedback or "Not quite. Try again.", typed)

    def reveal(self, q: Question) -> list[Line]:
        a = next(a for a in texts(q).answers if a.correct)
        return [Line("info", f"The right answer is “{a.answer}”.")]

    def widget(self, q: Question) -> Inputs:
        return text_input(q, "your answer")

    def key(self, q: Question) -> list[str]:
        spec = texts(q)
        out = []
        for a in spec.answers:
            verdict = RIGHT if a.correct else WRONG
            notes = []
            if a.match_case:
                notes.append("case matters")
            if a.fuzzy_threshold is not None:
                notes.append(f"small typos accepted: similarity ≥ {a.fuzzy_threshold:g}")
            extra = f" ({'; '.join(notes)})" if notes else ""
            fb = f" — {md_escape(a.feedback)}" if a.feedback else ""
            out.append(f"- {verdict}: “{md_escape(a.answer)}”{extra}{fb}")
        rights = [f"“{md_escape(a.answer)}”" for a in spec.answers if a.correct]
        if spec.default_feedback:
            out.append(f"- anything else: {md_escape(spec.default_feedback)}")
        return ["**Answer:** " + (" or ".join(rights) or "—"), "", *out]

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        spec = texts(q)
        rights = [a.answer for a in spec.answers if a.correct]
        wrongs = [a.answer for a in spec.answers if not a.correct] or ["not sure"]
        return rights[0] if good and rights else rng.choice(wrongs)

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        return [short(str(answer).strip().lower() or "(empty)")]

    def handout(self, q: Question) -> str:
        return answer_lines(1)


SHORT_TEXT = ShortText()
