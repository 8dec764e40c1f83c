"""``classify``: sort excerpts into categories.  ``discernment`` builds on it (its choices are
verdicts, and it counts hits and false alarms)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..markdown import cell, md_escape, one_line
from ..model import Passage, Question
from ..outcome import Line, Outcome, invalid, share_points
from ..reader import Fields, cut, quote, read_passage
from .base import NB, Inputs, QuestionType, Seed, attr, counted, scored, short, spec_of


@dataclass(frozen=True, slots=True)
class Item:
    """An excerpt to sort (classify) or judge (discernment), with its right answer."""

    id: str
    text: str
    answer: str
    feedback: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None  # the line students see (Segment.number), not the raw text line


@dataclass(frozen=True)
class ClassifySpec:
    """A classify question's own fields (discernment's add the signal)."""

    categories: tuple[str, ...]
    items: tuple[Item, ...]


def sorting(q: Question) -> ClassifySpec:
    """The categories and items of a classify (or discernment) question."""
    return spec_of(q, ClassifySpec)


def _item_text(item: Item) -> str:
    where = f"line {item.line}: " if item.line is not None else ""
    text = one_line(item.text)
    if len(text) > 160:
        text = text[:157].rstrip() + "…"
    return f"{where}“{text}”"


class Classify(QuestionType):
    name = "classify"
    title = "sort into categories"
    fields = frozenset({"categories", "items"})
    reveals_answer = False  # each excerpt's line says its category after the last try
    demo_difficulty = 0.15
    choices_field = "categories"  # the YAML field listing what an item can be
    answer_field = "category"  # the YAML field of an item's right answer
    verb, verbed, noun = "sort", "sorted", "excerpt"
    key_column, key_lead = "category", "Categories"
    handout_how = "Tick one box per excerpt."

    # -- reading -------------------------------------------------------------------------------

    def categories(self, ctx: Fields, d: dict[str, Any]) -> tuple[str, ...]:
        return ctx.texts(d, self.choices_field)

    def parse(
        self, ctx: Fields, d: dict[str, Any], passage: Passage | None, seed: Seed
    ) -> ClassifySpec:
        key = self.choices_field
        cats = self.categories(ctx, d)
        if len(cats) < 2:
            raise ctx.error("needs at least two entries", key)
        if len(set(cats)) != len(cats):
            raise ctx.error("repeats an entry", key)
        items: list[Item] = []
        ids: set[str] = set()
        for i, it in enumerate(ctx.seq(d, "items", required=True), 1):
            item = self._item(ctx, it, i, cats, seed.doc)
            if item.id in ids:
                raise ctx.error(f"repeats the item id {quote(item.id)}", f"items[{i}].id")
            ids.add(item.id)
            items.append(item)
        return ClassifySpec(cats, tuple(items))

    def _item(self, ctx: Fields, it: Any, i: int, cats: tuple[str, ...], doc: Any) -> Item:
        lab, answer_key = f"items[{i}]", self.answer_field
        it = ctx.mapping(it, lab)
        ctx.known(
            it,
            frozenset({"id", "text", "quote", "line", "occurrence", answer_key, "feedback"}),
            lab,
        )
        sources = [k for k in ("text", "quote", "line") if k in it]
        if len(sources) != 1:
            raise ctx.error("needs exactly one of 'text', 'quote' or 'line'", lab)
        if sources[0] == "text":
            p = Passage(text=ctx.text(it, "text", required=True, label=f"{lab}.text"))
        else:
            sub = {k: it[k] for k in ("quote", "line", "occurrence") if k in it}
            p = read_passage(ctx, sub, doc, lab)
        ans = ctx.text(it, answer_key, required=True, label=f"{lab}.{answer_key}")
        if ans not in cats:
            raise ctx.error(
                f"is {quote(ans)}, which is not one of the {self.choices_field} "
                f"({cut(', '.join(cats))})",
                f"{lab}.{answer_key}",
            )
        iid = ctx.text(it, "id", default=f"i{i}", label=f"{lab}.id")
        return Item(
            iid,
            p.text,
            ans,
            ctx.text(it, "feedback", label=f"{lab}.feedback"),
            p.start,
            p.end,
            p.line,
        )

    # -- scoring -------------------------------------------------------------------------------

    def score(self, q: Question, answer: Any) -> Outcome:
        spec = sorting(q)
        given = dict(answer or {}) if isinstance(answer, Mapping | list) else {}
        given = {str(k): str(v) for k, v in given.items() if v not in (None, "")}
        left = [it for it in spec.items if it.id not in given]
        if left:
            n = len(left)
            return invalid(q, f"Please {self.verb} every excerpt first ({n} still open).", given)
        lines = []
        right = 0
        for it in spec.items:
            ok = given[it.id] == it.answer
            right += ok
            lines.append(
                Line(
                    "ok" if ok else "wrong",
                    it.feedback or (f"Yes: {it.answer}." if ok else ""),
                    it.text,
                    answer="" if ok else it.answer,
                )
            )
        details: dict[str, Any] = {"right": right, "items": len(spec.items)}
        lines = self.summary_lines(q, given, details) + lines
        ok = right == len(spec.items)
        return Outcome(
            q.points if ok else share_points(q, right / len(spec.items)),
            q.points,
            ok,
            lines=tuple(lines),
            details=details,
            answer={it.id: given[it.id] for it in spec.items},
        )

    def summary_lines(
        self, q: Question, given: dict[str, str], details: dict[str, Any]
    ) -> list[Line]:
        """Lines before the per-excerpt ones (and details to add): none for classify."""
        return []

    def reveal(self, q: Question) -> list[Line]:
        return [
            Line("info", f"{it.answer}" + (f" — {it.feedback}" if it.feedback else ""), it.text)
            for it in sorting(q).items
        ]

    def count_clauses(self, q: Question, details: dict[str, Any]) -> list[str]:
        if "items" not in details:
            return []
        items = counted(int(details["items"]), self.noun)
        return [f"You {self.verbed} {int(details['right'])}{NB}of the{NB}{items} right."]

    # -- the widget ------------------------------------------------------------------------------

    def widget(self, q: Question) -> Inputs:
        spec = sorting(q)
        import ipywidgets as w

        sorters: dict[str, w.ToggleButtons] = {}
        rows = []
        for it in spec.items:
            tb = w.ToggleButtons(
                options=list(spec.categories), value=None, style={"button_width": "auto"}
            )
            tb.add_class("quiz-category")
            sorters[it.id] = tb
            where = f"Line {it.line}: " if it.line else ""
            label = w.HTML(
                f"<div style='margin-top:6px'><span style='color:#555;"
                f"font-size:85%'>{attr(where)}</span><q>{attr(it.text)}</q></div>"
            )
            row = w.VBox([label, tb])
            row.add_class("quiz-item")
            rows.append(row)

        def get() -> dict[str, Any]:
            return {iid: tb.value for iid, tb in sorters.items() if tb.value is not None}

        def put(answer: Any) -> None:
            given = dict(answer or {})
            for iid, tb in sorters.items():
                v = given.get(iid)
                tb.value = v if v in spec.categories else None

        return Inputs(w.VBox(rows), list(sorters.values()), get, put, {"sorters": sorters})

    # -- teachers and printouts ------------------------------------------------------------------

    def key_note(self, q: Question) -> str:
        return ""

    def key(self, q: Question) -> list[str]:
        spec = sorting(q)
        out = [f"| excerpt | {self.key_column} | feedback |", "|---|---|---|"]
        for it in spec.items:
            out.append(f"| {cell(_item_text(it))} | **{cell(it.answer)}** | {cell(it.feedback)} |")
        cats = ", ".join(map(md_escape, spec.categories))
        lead = f"{self.key_lead}: {cats}." + self.key_note(q)
        return ["**Answer:** as in the table.", "", lead, "", *out]

    def sample_answer(self, q: Question, good: bool, rng: random.Random) -> Any:
        spec = sorting(q)
        cats = list(spec.categories) or ["reporting", "opinion"]
        answer = {it.id: it.answer for it in spec.items}
        if not good and spec.items:
            for it in rng.sample(list(spec.items), k=min(len(spec.items), rng.choice([1, 1, 2]))):
                others = [c for c in cats if c != it.answer]
                if others:
                    answer[it.id] = rng.choice(others)
        return answer

    def describe_wrong(self, q: Question, answer: Any) -> list[str]:
        outcome = scored(self, q, answer)
        if outcome is None:
            return []
        out = []
        given = outcome.answer or {}
        for it in sorting(q).items:
            got = given.get(it.id)
            if got is not None and got != it.answer:
                out.append(f"“{short(it.text, 40)}” as {got} (is {it.answer})")
        return out

    def handout(self, q: Question) -> str:
        spec = sorting(q)
        cats = list(spec.categories)
        head = "".join(f"<th scope='col'>{attr(c)}</th>" for c in cats)
        rows = []
        for it in spec.items:
            where = f"<small>line {it.line}:</small> " if it.line else ""
            ticks = "".join(
                f"<td class='tick'><span class='box' aria-label='{attr(c)}'></span></td>"
                for c in cats
            )
            rows.append(f"<tr><td>{where}{attr(it.text)}</td>{ticks}</tr>")
        return (
            f"<p class='how'>{self.handout_how}</p><table class='sort'><thead><tr>"
            f"<th scope='col'>Excerpt</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )


CLASSIFY = Classify()
