"""What the lessons say about the helpers' views matches the views, and every "worth another
look" pointer of a quiz names an activity that exists, by number and title."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT

import helpers
from helpers.quiz import load_bank

NOTEBOOKS = REPO_ROOT / "notebooks"
BANKS = sorted((NOTEBOOKS / "quizzes").glob("[0-9][0-9]-*.yaml"))
REFERENCE = re.compile(r"Lesson (\d\d), Activity (\d+) · ")
HEADING = re.compile(r"^## Activity (\d+) · (.+?)(?: \(\d+(?:–\d+)? minutes?\))?\s*$", re.M)


def _student_cells(number: str) -> list[str]:
    path = next(NOTEBOOKS.glob(f"{number}-*.ipynb"))
    return [
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "markdown"
        and not {"teacher", "solution"} & set(c.metadata.get("tags", []))
    ]


def _activities(number: str) -> dict[int, str]:
    return {int(n): title for text in _student_cells(number) for n, title in HEADING.findall(text)}


def _sentence_with(text: str, word: str) -> str:
    sentences = re.split(r"(?<=[.;])\s+", " ".join(text.split()))
    found = [s for s in sentences if re.search(rf"\b{word}\b", s, re.I)]
    assert found, f"no sentence about the {word}: {text[:300]}"
    return " ".join(found)


def test_lesson_05_chart_1_says_what_the_bars_and_the_line_show():
    from helpers.views.charts import sourcing_drift

    fig = sourcing_drift(helpers.analyze(helpers.seed()))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(lab.startswith("Attributions") for lab in labels), labels  # the bars
    assert any(lab.startswith("Hedges per 100 words") for lab in labels), labels  # the line
    text = next(t for t in _student_cells("05") if "Chart 1" in t)
    assert re.search(r"attributions", _sentence_with(text, "bars"), re.I)
    assert not re.search(r"hedges", _sentence_with(text, "bars"), re.I)
    assert re.search(r"hedges", _sentence_with(text, "line"), re.I)


def test_lesson_02_names_the_ledgers_columns_as_they_are():
    ledger = helpers.analyze(helpers.seed()).ledger()
    assert ledger.index.name == "line" and "segment" not in ledger.columns
    text = next(t for t in _student_cells("02") if "sourcing ledger" in t and "lists" in t)
    assert "*segment*" not in text and "counts from 0" not in text
    assert "*line*" in text


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_every_skill_points_to_a_real_activity(bank_path: Path):
    bank = load_bank(bank_path)
    tags = {q.tags[k] for q in bank.questions for k in ("skill", "sift") if k in q.tags}
    missing = sorted(tags - set(bank.review))
    assert missing == [], f"{bank_path.name}: skills with no review pointer: {missing}"
    for skill, pointer in bank.review.items():
        assert not re.search(r"\bpart \d", pointer, re.I), f"{skill}: {pointer!r} says 'part'"
        refs = list(REFERENCE.finditer(pointer))
        assert refs, f"{bank_path.name}: {skill}: {pointer!r} names no 'Lesson NN, Activity N · '"
        for ref in refs:
            lesson, number = ref.group(1), int(ref.group(2))
            activities = _activities(lesson)
            assert number in activities, f"{skill}: lesson {lesson} has no activity {number}"
            title = activities[number]
            assert pointer[ref.end() :].startswith(title), (
                f"{bank_path.name}: {skill}: {pointer!r} should name lesson {lesson}'s "
                f"activity {number} as “{title}”"
            )
