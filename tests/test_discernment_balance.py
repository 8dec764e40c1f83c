"""Discernment that can't be gamed: no rule on a passage's position predicts its verdict.

Why: when sound passages all come from the first half of the article and flawed ones from the
second, a student who answers "line <= 13 is fine, the rest is opinion" scores full marks
without reading.  Issue 12 asks that no such position rule scores above 75 %, and that sound
items are spread over the article (no line a sound item more than twice across the banks).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from helpers.quiz.load import load_bank

QUIZZES = Path(__file__).resolve().parents[1] / "notebooks" / "quizzes"
SEED_BANKS = ("02-sourcing", "03-framing", "04-comments", "05-assessment")
MAX_RULE_ACCURACY = 0.75
MAX_SOUND_USES = 2


def discernment_items() -> list[tuple[str, str, int, bool]]:
    """(bank, item, line, sound) for every seed-passage item of every discernment question."""
    out = []
    for name in SEED_BANKS:
        bank = load_bank(QUIZZES / f"{name}.yaml")
        for q in bank.questions:
            if q.type != "discernment":
                continue
            for it in q.spec.items:
                if it.line is not None:  # text: passages (written for a lesson) have no line
                    out.append((name, f"{q.id}/{it.id}", it.line, it.answer != q.spec.signal))
    return out


def best_position_rule(items: list[tuple[str, str, int, bool]]) -> tuple[float, str]:
    """The most accurate rule "line <= t -> sound, else flawed" (or the reverse), any t."""
    best, rule = 0.0, ""
    lines = sorted({line for _, _, line, _ in items})
    for t in [0, *lines]:
        early_sound = sum((line <= t) == sound for _, _, line, sound in items) / len(items)
        for acc, desc in (
            (early_sound, f"line <= {t} sound"),
            (1 - early_sound, f"line > {t} sound"),
        ):
            if acc > best:
                best, rule = acc, desc
    return best, rule


def test_rule_finder_finds_a_perfect_split() -> None:
    """The measure itself: a bank split at line 13 is caught at 100 %."""
    items = [("b", "i", n, n <= 13) for n in (3, 10, 13, 14, 20, 28)]
    assert best_position_rule(items) == (1.0, "line <= 13 sound")
    mixed = [
        ("b", "i", 3, False),
        ("b", "i", 10, True),
        ("b", "i", 20, True),
        ("b", "i", 28, False),
    ]
    assert best_position_rule(mixed)[0] == pytest.approx(0.75)


def test_no_position_rule_scores_above_75_percent() -> None:
    items = discernment_items()
    assert len(items) >= 20, "too few discernment items to judge balance"
    acc, rule = best_position_rule(items)
    sound = sum(s for *_, s in items)
    assert acc <= MAX_RULE_ACCURACY, (
        f"position rule '{rule}' scores {acc:.0%} on {len(items)} discernment items "
        f"({sound} sound); at most {MAX_RULE_ACCURACY:.0%} allowed"
    )
    print(f"best position rule '{rule}': {acc:.1%} of {len(items)} items ({sound} sound)")


def test_no_line_is_a_sound_item_more_than_twice() -> None:
    uses = Counter(line for *_, line, sound in discernment_items() if sound)
    over = {line: n for line, n in uses.items() if n > MAX_SOUND_USES}
    assert not over, f"lines used as a sound item more than {MAX_SOUND_USES} times: {over}"


SOURCED = {"attribution", "quotation"}
UNSOURCED = {"unattributed_claim", "vague_attribution"}


def sound_seed_items(bank_dir: Path = QUIZZES) -> list[tuple[str, str, str, int, int]]:
    """(bank, item, choice, start, end) of every sound discernment item quoting the seed."""
    out = []
    for name in SEED_BANKS:
        for q in load_bank(bank_dir / f"{name}.yaml").questions:
            if q.type == "discernment":
                out += [
                    (name, f"{q.id}/{it.id}", it.answer, it.start, it.end)
                    for it in q.spec.items
                    if it.answer != q.spec.signal and it.start is not None
                ]
    return out


def test_sound_items_agree_with_the_expert_reading() -> None:
    """One defensible answer: a passage keyed "reporting" holds an expert attribution and no
    unsourced or vague claim; one keyed "neutral" holds no expert loaded language."""
    from helpers.annotations import expert_reading

    spans = expert_reading("belarus-thaw").spans
    wrong = []
    for bank, item, choice, start, end in sound_seed_items():
        inside = {s.label for s in spans if s.start < end and s.end > start}
        if choice == "reporting" and (not inside & SOURCED or inside & UNSOURCED):
            wrong.append(f"{bank} {item}: keyed reporting, expert labels {sorted(inside)}")
        if choice == "neutral" and "loaded_language" in inside:
            wrong.append(f"{bank} {item}: keyed neutral, but the expert marks loaded language")
    assert not wrong, "\n".join(wrong)


# --- "this is fine" beside every "name the trick" ----------------------------------------------

_TRICK, _FINE = "name-the-trick", "this-is-fine"


def _tasks(name: str) -> tuple[list, list]:
    bank = load_bank(QUIZZES / f"{name}.yaml")
    tricks = [q for q in bank.questions if q.tags.get("task") == _TRICK]
    fine = [q for q in bank.questions if q.tags.get("task") == _FINE]
    return tricks, fine


@pytest.mark.parametrize("name", ("03-framing", "04-comments", "05-assessment"))
def test_a_bank_that_asks_to_name_a_trick_also_has_sound_passages_to_leave_alone(name: str):
    """A student who always answers "it's a trick" must lose points: each bank that asks to
    name a technique has items whose key is "nothing wrong", with trick options to resist."""
    tricks, fine = _tasks(name)
    assert tricks, f"{name}: no item tagged task: {_TRICK}"
    assert fine, f"{name}: no 'this is fine' item beside its {len(tricks)} name-the-trick items"
    for q in fine:
        right = [o for o in q.spec.options if o.correct]
        wrong = [o for o in q.spec.options if not o.correct]
        assert len(right) == 1 and len(wrong) >= 2, q.id
        said = right[0].text.lower()
        assert said.startswith(("nothing", "none", "reporting")), (q.id, said)
        # the sibling sits next to a trick item in the bank (the final quiz shows them together)
        # or next to it in the lesson (the Your-turn cells)
        order = [x.id for x in load_bank(QUIZZES / f"{name}.yaml").questions]
        near_in_bank = any(abs(order.index(q.id) - order.index(t.id)) <= 2 for t in tricks)
        assert near_in_bank, f"{q.id} is not beside a name-the-trick item in {name}"


def test_a_your_turn_trick_in_a_lesson_is_followed_by_its_sound_sibling():
    import nbformat

    nb = nbformat.read(QUIZZES.parent / "03-how-is-it-told.ipynb", as_version=4)
    calls = [c.source for c in nb.cells if c.cell_type == "code" and "only=" in c.source]
    trick = next(i for i, s in enumerate(calls) if '"q-question-headings"' in s)
    assert '"q-reported-view-fine"' in calls[trick + 1]
