"""``reflection``: free text, saved; after saving, the model answer is shown.

For a rewrite task ``loaded_words`` lists the judging words of the passage: the feedback checks
the learner's text and says which are still there and which are gone.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ..markdown import md_escape
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid
from ..reader import Fields
from .base import Inputs, QuestionType, Seed, answer_lines, short, spec_of


@dataclass(frozen=True)
class ReflectionSpec:
    """A reflection question's own fields."""

    model_answer: str
    min_words: int = 0
    loaded_words: tuple[str, ...] = ()  # a rewrite's feedback says which are still in it


def reflection(q: Question) -> ReflectionSpec:
    """The model answer, word count and loaded words of a reflection."""
    return spec_of(q, ReflectionSpec)


def _word_pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in phrase.replace("’", "'").split()]
    return re.compile(r"(?<!\w)" + r"[\s\-‐‑–—]+".join(parts) + r"(?!\w)", re.IGNORECASE)


def loaded_words_in(text: str, words: Sequence[str]) -> list[str]:
    """The ``words`` (single words or phrases) that occur in ``text``, in the order given:
    whole words, any case, any spacing or hyphen between the words of a phrase."""
    text = text.replace("’", "'")
    return [w for w in words if _word_pattern(w).search(text)]


def _quoted(words: Sequence[str]) -> str:
    q = [f"“{w}”" for w in words]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " and " + q[-1]


def _loaded_words(
    ctx: Fields, d: dict[str, Any], passage: Passage | None, model: str
) -> tuple[str, ...]:
    """A rewrite's loaded words: each must be in the passage (else "gone" would be said of a
    word that was never there) and none in the model answer (it shows the rewrite done)."""
    words = ctx.texts(d, "loaded_words")
    for w in words:
        if not w:
            raise ctx.error("has an empty entry", "loaded_words")
    if passage is not None and passage.text:
        missing = [w for w in words if not loaded_words_in(passage.text, [w])]
        if missing:
            raise ctx.error(f"“{missing[0]}” is not in the passage", "loaded_words")
    kept = loaded_words_in(model, words)
    if kept:
        raise ctx.error(f"the model answer still has “{kept[0]}”", "loaded_words")
    return words


def _loaded_lines(q: Question, typed: str) -> tuple[list[Line], dict[str, Any]]:
    """What a rewrite did with the question's loaded words: checked in the text, never assumed."""
    spec = reflection(q)
    if not spec.loaded_words:
        return [], {}
    kept = loaded_words_in(typed, spec.loaded_words)
    gone = [w for w in spec.loaded_words if w not in kept]
    lines = []
    if kept:
        lines.append(
            Line(
                "wrong",
                f"Still there: {_quoted(kept)}. "
                + ("This word judges" if len(kept) == 1 else "These words judge")
                + " instead of describing: can you say the same without "
                + ("it?" if len(kept) == 1 else "them?"),
            )
        )
    if gone:
        lines.append(Line("ok", f"Gone: {_quoted(gone)}."))
    return lines, {"loaded_kept": kept, "loaded_gone": gone}


SAMPLE = (
    "The headline names one newspaper and the text another, so I would look for the "
    "original report before I trust it."
)


class Reflection(QuestionType):
    name = "reflection"
    title = "reflection (free text)"
    fields = frozenset({"model_answer", "min_words", "loaded_words"})
    check_label = "Save"
    default_max_tries = 1
    reveals_answer = False  # the model answer is part of the feedback
    has_right_answer = False

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> ReflectionSpec:
        model = ctx.text(d, "model_answer", required=True)
        return ReflectionSpec(
            model,
            int(ctx.num(d, "min_words", 0, integer=True)),
            _loaded_words(ctx, d, passage, model),
        )

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = reflection(q)
        typed = "" if answer is None else str(answer).strip()
        words = len(typed.split())
        need = max(1, spec.min_words)
        if words < need:
            return invalid(
                q, f"Write at least {need} word{'s' if need > 1 else ''} (you have {words}).", typed
            )
        loaded, details = _loaded_lines(q, typed)
        return Outcome(
            q.points,
            q.points,
            True,
            lines=(
                *loaded,
                Line(
                    "ok",
                    "Now compare your thoughts with this model "
                    "answer — yours can be different and still good.",
                ),
                Line("info", spec.model_answer),
            ),
            details={"words": words, **details},
            answer=typed,
        )

    def reveal(self, q: Question) -> list[Line]:
        return [Line("info", reflection(q).model_answer)]

    def head(self, outcome: Outcome, final: bool) -> str:
        return "Saved ✓"

    def feedback_after(self, q: Question, outcome: Outcome, final: bool) -> list[str]:
        if not final or not str(outcome.answer or "").strip():
            return []
        # the locked text box is greyed out by the theme: repeat the answer in readable text
        return [
            "<p style='margin:6px 0 2px'><b>Your answer:</b></p>"
            "<blockquote class='quiz-your-answer' style='white-space:pre-wrap;color:#1a1a1a;"
            "background:#f6f8fa;border-left:4px solid #57606a;margin:0;padding:4px 10px'>"
            f"{escape(str(outcome.answer).strip())}</blockquote>"
        ]

    def widget(self, q: Question) -> Inputs:
        import ipywidgets as w

        area = w.Textarea(
            placeholder="Write your thoughts here …", layout=w.Layout(width="95%", height="7em")
        )
        area.add_class("quiz-text")

        def put(answer: Any) -> None:
            area.value = "" if answer is None else str(answer)

        return Inputs(area, [area], lambda: area.value, put, {"area": area})

    def key(self, q: Question) -> list[str]:
        spec = reflection(q)
        out = ["**No single right answer.** Model answer shown after saving:", ""]
        out.append("> " + md_escape(spec.model_answer or "(none given)"))
        if spec.min_words:
            out += ["", f"At least {spec.min_words} words are asked for."]
        return out

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        return SAMPLE

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        return [short(str(answer).strip().lower() or "(empty)")]

    def handout(self, q: Question) -> str:
        return answer_lines(max(4, reflection(q).min_words // 6 + 3))


REFLECTION = Reflection()
