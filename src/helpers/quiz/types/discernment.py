"""``discernment``: judge each passage (reporting or opinion, neutral or loaded …).

Scored like ``classify``, and also as **hits** (signal items called signal) and **false alarms**
(sound items called signal), so a learner who calls everything suspicious is not rewarded: the
bank must hold sound items too.  Only the first try counts (see ``results.FIRST_TRY_TYPES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..markdown import md_escape
from ..model import Passage, Question
from ..outcome import Line
from ..reader import Fields, quote
from .base import Seed, spec_of
from .classify import Classify, ClassifySpec

DEFAULT_CHOICES = ("reporting", "opinion")


@dataclass(frozen=True)
class DiscernmentSpec(ClassifySpec):
    """A discernment question's own fields: a classify's, and the verdict that is the signal."""

    signal: str = ""


def judging(q: Question) -> DiscernmentSpec:
    """The choices, items and signal of a discernment question."""
    return spec_of(q, DiscernmentSpec)


class Discernment(Classify):
    name = "discernment"
    title = "judge each passage"
    fields = frozenset({"choices", "signal", "items"})
    first_try_only = True
    choices_field = "choices"
    answer_field = "verdict"
    verb, verbed, noun = "judge", "judged", "passage"
    key_column, key_lead = "verdict", "Choices"
    handout_how = "For each passage, tick your judgement. Careful: some passages are sound."

    def categories(self, ctx: Fields, d: dict[str, Any]) -> tuple[str, ...]:
        return ctx.texts(d, self.choices_field) if self.choices_field in d else DEFAULT_CHOICES

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> DiscernmentSpec:
        out = super().parse(ctx, d, passage, seed)
        cats, items = out.categories, out.items
        signal = ctx.text(d, "signal", default=cats[-1])
        if signal not in cats:
            raise ctx.error(f"is {quote(signal)}, which is not one of the choices", "signal")
        if not any(it.answer != signal for it in items):
            raise ctx.error(
                f"are all {quote(signal)}: include sound items too, so the score can show false "
                "alarms",
                "items",
            )
        if not any(it.answer == signal for it in items):
            raise ctx.error(f"has no {quote(signal)} item to find", "items")
        return DiscernmentSpec(cats, items, signal)

    def summary_lines(
        self, q: Question, given: dict[str, str], details: dict[str, Any]
    ) -> list[Line]:
        """Hits, misses, false alarms and correct rejections, counted and said first."""
        spec = judging(q)
        counts = {"hits": 0, "misses": 0, "false_alarms": 0, "correct_rejections": 0}
        sig = spec.signal
        for it in spec.items:
            called = given[it.id] == sig
            if it.answer == sig:
                counts["hits" if called else "misses"] += 1
            else:
                counts["false_alarms" if called else "correct_rejections"] += 1
        details.update(counts)
        return [
            Line(
                "info",
                f"You spotted {counts['hits']} of {counts['hits'] + counts['misses']} {sig} "
                f"passages, and called {counts['false_alarms']} of "
                f"{counts['false_alarms'] + counts['correct_rejections']} sound passages "
                f"{sig} by mistake (false alarms).",
            )
        ]

    def key_note(self, q: Question) -> str:
        spec = judging(q)
        sound = sum(1 for it in spec.items if it.answer != spec.signal)
        signal = md_escape(spec.signal or "")
        return (
            f" Looking for: **{signal}**. Scored as hits ({signal} items called {signal}) "
            f"and false alarms ({sound} sound item(s) called {signal})."
        )


DISCERNMENT = Discernment()
