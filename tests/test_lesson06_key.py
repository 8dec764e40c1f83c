"""Lesson 06's answer key and model reading say what the helper does on the built-in example:
every claim they make is checked here against the analysis, so a rule change cannot leave the
key saying the opposite of the screen (as it once did)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO_ROOT

import helpers
from helpers.lesson import example_article

LESSON = REPO_ROOT / "notebooks" / "06-bring-your-own-article.ipynb"


@pytest.fixture(scope="module")
def analysis() -> helpers.Analysis:
    return helpers.analyze(example_article())


def _line(analysis: helpers.Analysis, number: int) -> helpers.Segment:
    return next(s for s in analysis.document.segments if s.number == number)


def _marks(analysis: helpers.Analysis, number: int) -> set[tuple[str, str, str]]:
    seg = _line(analysis, number)
    return {(s.layer, s.label, s.text) for s in analysis.spans if seg.start <= s.start < seg.end}


def _lesson_text() -> str:
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_example_reads_as_headline_dek_paragraphs_and_comments(analysis) -> None:
    roles = [(s.number, s.role) for s in analysis.document.segments]
    assert roles[:3] == [(1, "headline"), (2, "dek"), (3, "paragraph")]
    assert [r for _n, r in roles].count("paragraph") == 4
    assert [r for _n, r in roles].count("comment") == 3


def test_what_the_key_calls_right(analysis) -> None:
    line3 = [s for s in analysis.layer("sourcing") if s.text.startswith("according to")]
    assert [(s.source, s.source_type) for s in line3] == [
        ("council's published meeting minutes", "organization")
    ]
    sources = {s.source for s in analysis.layer("sourcing") if s.label == "attribution"}
    assert {"council member Dana Okafor", "Sam Liu"} <= sources
    vague = {t for _l, label, t in _marks(analysis, 5) if label == "vague_attribution"}
    assert vague == {"Critics say", "Many residents believe", "some experts warn"}
    assert ("framing", "loaded_language", "reckless") in _marks(analysis, 5)
    six = _marks(analysis, 6)
    assert any(label == "rhetorical_question" for _l, label, _t in six)
    assert ("rhetoric", "thought_terminating_cliche", "Only time will tell") in six
    assert ("rhetoric", "sweeping_generalization", "These politicians always") in _marks(
        analysis, 8
    )
    nine = {t for _l, _label, t in _marks(analysis, 9)}
    assert {"I'm sure", "everyone knows", "the real reason"} <= nine
    # the commenter's "they" is nobody the article cited: a vague source, not Sam Liu
    (want,) = [sp for sp in analysis.layer("sourcing") if sp.text == "they just want"]
    assert (want.label, want.source, want.source_type) == ("vague_attribution", "they", "vague")
    assert _marks(analysis, 10) == set()  # the friendly comment is left alone


def test_what_the_key_calls_wrong_and_missed(analysis) -> None:
    four = _marks(analysis, 4)
    assert ("sourcing", "attribution", "proposed") in four
    assert ("sourcing", "attribution", "citing") in four

    texts = " | ".join(s.text for s in analysis.spans)
    for missed in ("Typical", "waste", "pet projects"):
        assert missed not in texts, missed


def test_sourcing_stops_after_line_4(analysis) -> None:
    for n in (5, 6):
        assert not [m for m in _marks(analysis, n) if m[1] == "attribution"], n


def test_the_key_in_the_lesson_says_so() -> None:
    text = _lesson_text()
    assert "Sourcing stops after line 4" in text
    assert '"Only time will tell" (a conversation stopper)' in text
    assert 'it marks "proposed" and "citing" in line 4' in text
    assert "**anonymous** source" not in text  # the old, wrong claims
    assert "as if a named person were being quoted" not in text
