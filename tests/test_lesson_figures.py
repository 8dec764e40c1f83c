"""Lesson 06 and its bank say the accuracy figures of docs/accuracy.md, in plain words."""

from __future__ import annotations

import pytest

from tools import lesson_figures as lf


def _sources() -> tuple[str, str, str]:
    return (
        lf.DOC.read_text(encoding="utf-8"),
        lf.LESSON.read_text(encoding="utf-8"),
        lf.BANK.read_text(encoding="utf-8"),
    )


def test_lesson_and_bank_quote_the_figures_docs_accuracy_has() -> None:
    doc, lesson, bank = _sources()
    assert lf.rendered(doc, lesson, bank) == (lesson, bank), "run: python -m tools.lesson_figures"


def test_a_new_figure_in_the_docs_changes_the_lesson_and_the_bank() -> None:
    doc, lesson, bank = _sources()
    cue = lf.read_figures(doc)
    polnear = next(k for k in cue if k.startswith(lf.POLNEAR))
    old = f"`check.cue_recall` {cue[polnear]['check.cue_recall']:.3f}"
    assert old in doc
    new = doc.replace(old, "`check.cue_recall` 0.310")
    new_lesson, new_bank = lf.rendered(new, lesson, bank)
    assert "about **3 in 10** (31 % of the words that signal a source)" in new_lesson
    assert "finds only about 3 in 10 of the attributions" in new_bank
    assert "misses about 7 in 10 of the sources" in new_lesson


@pytest.mark.parametrize(
    ("x", "words"),
    [
        (0.602, "6 in 10"),
        (0.81, "8 in 10"),
        (0.344, "1 in 3"),
        (0.48, "half"),
        (0.259, "1 in 4"),
        (0.766, "3 in 4"),
        (0.643, "2 in 3"),
        (0.05, "1 in 10"),
    ],
)
def test_shares_are_said_the_way_people_say_them(x: float, words: str) -> None:
    assert lf.share(x) == words


def test_a_missing_figure_or_marker_is_a_clear_error() -> None:
    doc, lesson, bank = _sources()
    with pytest.raises(lf.FiguresError, match="loaded_name_recall"):
        lf.rendered(doc.replace("`check.loaded_name_recall`", "`renamed`"), lesson, bank)
    with pytest.raises(lf.FiguresError, match="accuracy:start"):
        lf.rendered(doc, lesson, bank.replace("# accuracy:start", "#"))


def test_the_bank_with_generated_feedback_still_loads() -> None:
    from helpers.quiz import load_bank

    q = load_bank(lf.BANK).question("q-no-mark")
    written = lf.bank_feedback(lf.read_figures(lf.DOC.read_text(encoding="utf-8")))
    assert q.spec.options[0].feedback and q.spec.options[0].feedback in written
