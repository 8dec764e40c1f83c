"""``multiple_select``: tick every right option; partial credit for right ticks − wrong ticks."""

from __future__ import annotations

import random
from typing import Any

from ..model import Question
from ..outcome import Line, Outcome, invalid, share_points
from .base import NB, Inputs, counted, short
from .single_choice import ChoiceType, choices, wrong_option


class MultipleSelect(ChoiceType):
    name = "multiple_select"
    title = "tick all that apply"
    jupyterquiz = "many_choice"
    credit = " (partial credit: right ticks − wrong ticks, ÷ number of right options)"
    handout_how = "Tick every one that applies."

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = choices(q)
        chosen = [str(a) for a in (answer or [])]
        if not chosen:
            return invalid(q, "Tick at least one box first.", [])
        if any(spec.option(c) is None for c in chosen):
            return invalid(q, "That answer is not one of the options.", chosen)
        chosen_set = set(chosen)
        right = set(spec.correct_ids)
        good, bad = chosen_set & right, chosen_set - right
        lines = []
        for o in spec.options:
            if o.id in good:
                lines.append(Line("ok", o.feedback or "Right to tick this.", o.text))
            elif o.id in bad:
                lines.append(Line("wrong", o.feedback or "This one does not fit.", o.text))
        missing = len(right - chosen_set)
        if missing:
            lines.append(
                Line("miss", f"{missing} more right answer{'s' if missing > 1 else ''} to tick.")
            )
        ok = chosen_set == right
        share = (len(good) - len(bad)) / len(right)
        ordered = [o.id for o in spec.options if o.id in chosen_set]
        return Outcome(
            q.points if ok else share_points(q, share),
            q.points,
            ok,
            lines=tuple(lines),
            details={"right": len(good), "wrong": len(bad), "missing": missing},
            answer=ordered,
        )

    def count_clauses(self, q: Question, details: dict[str, Any]) -> list[str]:
        if "right" not in details:
            return []
        right, wrong = int(details["right"]), int(details["wrong"])
        missing = int(details["missing"])
        first = f"You ticked {right}{NB}of the{NB}{counted(right + missing, 'right answer')}"
        if not wrong:
            return [first + "."]
        rest = f"{counted(wrong, 'ticked answer')} {'does' if wrong == 1 else 'do'} not fit."
        return [first + ";", rest]

    def widget(self, q: Question) -> Inputs:
        spec = choices(q)
        import ipywidgets as w

        boxes = {
            o.id: w.Checkbox(
                value=False, description=o.text, indent=False, layout=w.Layout(width="auto")
            )
            for o in spec.options
        }
        for b in boxes.values():
            b.add_class("quiz-option")
        cols = max(1, spec.answer_cols)
        grid = w.GridBox(
            list(boxes.values()), layout=w.Layout(grid_template_columns=" ".join(["auto"] * cols))
        )
        grid.add_class("quiz-options")

        def put(answer: Any) -> None:
            chosen = set(answer or [])
            for oid, b in boxes.items():
                b.value = oid in chosen

        def get() -> list[str]:
            return [oid for oid, b in boxes.items() if b.value]

        return Inputs(grid, list(boxes.values()), get, put, {"boxes": boxes})

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        right = list(choices(q).correct_ids)
        if good:
            return right
        chosen = set(right[:-1]) if len(right) > 1 and rng.random() < 0.5 else set(right)
        chosen.add(wrong_option(q, rng))
        return sorted(chosen)

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        spec = choices(q)
        chosen = set(answer or []) if isinstance(answer, list) else {str(answer)}
        right = set(spec.correct_ids)
        texts = {o.id: o.text for o in spec.options}
        out = [f"ticked {i}: {short(texts[i])}" for i in sorted(chosen - right) if i in texts]
        out += [f"missed {i}: {short(texts[i])}" for i in sorted(right - chosen) if i in texts]
        return out


MULTIPLE_SELECT = MultipleSelect()
