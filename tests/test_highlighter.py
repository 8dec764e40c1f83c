"""The highlighter of highlight questions, in the kernel: words, answers, scoring, shipped assets.

The browser side (drag, Shift-click, Shift+arrows, focus) is in ``test_browser_quiz.py``.
"""

from __future__ import annotations

import gc
import json
import re
import sys
import time
import tomllib
from importlib.resources import files
from pathlib import Path

import anywidget
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.quiz import load_bank, score
from helpers.quiz.focus import FocusKeeper
from helpers.quiz.highlighter import HELP, Highlighter, words
from helpers.quiz.widgets import QuestionWidget, QuizApp

REPO = Path(__file__).resolve().parent.parent
BANKS = sorted(p.stem for p in (REPO / "notebooks" / "quizzes").glob("*.yaml"))


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.quiz.widgets as widgets

    monkeypatch.setattr(widgets, "_SESSION", {})


def highlight_questions() -> list[QuestionWidget]:
    found = []
    for bank in BANKS:
        app = QuizApp(load_bank(bank), "t", store=None, ask_name=False)
        found += [qw for qw in app.questions if qw.q.type == "highlight"]
    return found


def line8() -> QuestionWidget:
    app = QuizApp(load_bank("02-sourcing"), "t", store=None, ask_name=False)
    return next(x for x in app.questions if x.q.id == "q-line8-sources")


# --- words --------------------------------------------------------------------------------


def test_punctuation_is_split_off_words_keep_apostrophes_and_hyphens() -> None:
    text = "Belarus—could, said “Russia's” well-known (3.5%) 1,000 officials."
    assert [w for _s, _e, w in words(text)] == [
        "Belarus",
        "could",
        "said",
        "Russia's",
        "well-known",
        "3.5",
        "1,000",
        "officials",
    ]


def test_offsets_are_document_offsets() -> None:
    text = "A dash—here."
    base = 1000
    for s, e, w in words(text, base):
        assert text[s - base : e - base] == w
    assert words(text, base)[1] == (1002, 1006, "dash")


def test_combining_marks_stay_in_their_word() -> None:
    assert [w for *_, w in words("cafe\u0301 noir")] == ["cafe\u0301", "noir"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=0, max_value=10**6))
def test_words_never_overlap_and_match_the_text(text: str, base: int) -> None:
    found = words(text, base)
    last_end = base
    for s, e, w in found:
        assert last_end <= s < e, "words are in order and never overlap"
        assert text[s - base : e - base] == w
        assert not any(ch.isspace() for ch in w)
        last_end = e
    # every letter or digit can be marked: none is left in the gaps between words
    gaps = []
    pos = base
    for s, e, _w in found:
        gaps.append(text[pos - base : s - base])
        pos = e
    gaps.append(text[pos - base :])
    assert not any(re.search(r"\w", g) for g in gaps)


def _cpu(work) -> float:
    gc.collect()
    t0 = time.process_time()
    work()
    return time.process_time() - t0


@pytest.mark.parametrize("unit", ["a'", "1.", "1.1,", "a-", "word— ", "x", "Russia's, "])
def test_words_is_linear(unit: str) -> None:
    small, large = unit * 5_000, unit * 50_000
    ratios = []
    for _ in range(5):
        t_small = (_cpu(lambda: words(small)) + _cpu(lambda: words(small))) / 2
        t_large = _cpu(lambda: words(large))
        ratios.append(max(t_large - 0.005, 0) / max(t_small, 1e-9))
    ratios.sort()
    assert ratios[2] < 20, f"10x the text took {ratios[2]:.1f}x the time on {unit!r}"


# --- the widget and the answers -------------------------------------------------------------


def test_a_highlight_question_is_one_highlighter_not_a_button_per_word() -> None:
    qw = line8()
    hl = qw.highlighter
    assert isinstance(hl, Highlighter) and "quiz-highlighter" in hl._dom_classes
    assert qw._inputs == [hl]
    text, base = qw.q.passage.text, qw.q.passage.start
    assert hl.text == text and hl.offset == base
    assert [w for *_, w in hl.words][:3] == ["While", "details", "remain"]
    assert "Belarus" in [w for *_, w in hl.words]  # "Belarus has": no punctuation glued on
    assert all(text[s - base : e - base] == w for s, e, w in hl.words)
    assert hl.help == HELP and "Shift-click" in HELP and "Shift+arrows" in HELP


def test_selection_and_answer_round_trip() -> None:
    qw = line8()
    qw.select_words("sources familiar with the discussions noted")
    answer = qw.get_answer()
    text, base = qw.q.passage.text, qw.q.passage.start
    assert [text[s - base : e - base] for s, e in answer] == [
        "sources",
        "familiar",
        "with",
        "the",
        "discussions",
        "noted",
    ]
    fresh = line8()
    fresh.set_answer(answer)
    assert fresh.get_answer() == answer
    assert fresh.highlighter.selected == qw.highlighter.selected


def test_a_saved_answer_comes_back_as_the_words_inside_its_spans() -> None:
    qw = line8()
    text, base = qw.q.passage.text, qw.q.passage.start
    # an answer saved by the old chips: a chunk with its punctuation ("confidential,")
    pos = text.index("confidential,")
    qw.set_answer([[base + pos, base + pos + len("confidential,")]])
    assert [text[s - base : e - base] for s, e in qw.get_answer()] == ["confidential"]
    qw.set_answer([])
    assert qw.get_answer() == []


def test_a_front_end_cannot_send_a_selection_of_the_wrong_length() -> None:
    hl = Highlighter("one two three")
    hl.selected = [True]
    assert hl.selected == [True, False, False]
    hl.selected = [False, True, True, True, True]
    assert hl.selected == [False, True, True] and hl.marked() == [[4, 7], [8, 13]]


def test_finishing_the_question_disables_the_highlighter() -> None:
    qw = line8()
    qw.select_words("sources familiar with the discussions noted", "state television hinted")
    outcome = qw.submit()
    assert outcome is not None and outcome.correct
    assert qw.done and qw.highlighter.disabled and qw.check.disabled


def _old_chunks_answer(qw: QuestionWidget, phrases: list[str]) -> list[list[int]]:
    """What the old chips (whitespace-separated chunks, punctuation attached) answered."""
    text, base = qw.q.passage.text, qw.q.passage.start
    chosen = []
    for phrase in phrases:
        pos = text.index(phrase)
        for m in re.finditer(r"\S+", text):
            if m.start() < pos + len(phrase) and m.end() > pos:
                chosen.append([m.start() + base, m.end() + base])
    return sorted({tuple(x) for x in chosen})


@pytest.mark.parametrize("extra", [False, True], ids=["targets", "targets+one-more-word"])
def test_scoring_is_unchanged_for_the_same_words(extra: bool) -> None:
    """Every highlight question of every bank: marking the same words scores the same with the
    new words as with the old chips (which carried their punctuation)."""
    checked = 0
    for qw in highlight_questions():
        phrases = [t.text for t in qw.q.targets if t.text and t.text in qw.q.passage.text]
        if not phrases:
            continue
        if extra:  # a word the expert did not mark, followed by a comma or not
            marked = {m.group() for p in phrases for m in re.finditer(r"\w+", p)}
            spare = next(
                (w for *_, w in qw.highlighter.words if w not in marked and len(w) > 3), None
            )
            if spare is None:
                continue
            phrases = [*phrases, spare]
        qw.highlighter.selected = [False] * len(qw.highlighter.words)
        qw.select_words(*phrases)
        new = score(qw.q, qw.get_answer())
        old = score(qw.q, [list(x) for x in _old_chunks_answer(qw, phrases)])
        keys = ("found", "missed", "over_marks", "targets")
        assert (new.correct, [new.details[k] for k in keys]) == (
            old.correct,
            [old.details[k] for k in keys],
        ), qw.q.id
        if not extra:
            assert new.correct and new.score == old.score == qw.q.points, qw.q.id
        checked += 1
    assert checked >= 5


def test_over_marks_across_punctuation_read_as_one_phrase() -> None:
    """Words marked by mistake across a comma are one over-mark, as with the old chips."""
    qw = line8()
    qw.select_words("sources familiar with the discussions noted", "state television hinted")
    qw.select_words("remain confidential, sources")  # the comma is not a word: one phrase
    outcome = score(qw.q, qw.get_answer())
    overs = [ln for ln in outcome.lines if ln.kind == "over"]
    assert [ln.quote for ln in overs] == ["remain confidential"]


# --- shipped with the package, nothing from the internet ------------------------------------


def test_script_and_css_ship_inside_the_package_and_load_nothing_from_outside() -> None:
    pkg = files("helpers.quiz")
    for name in ("highlighter.js", "highlighter.css", "focus.js"):
        body = pkg.joinpath(name).read_text(encoding="utf-8")
        assert body.strip(), name
        assert not re.search(r"https?://|//cdn|import\s*\(", body), f"{name} loads from outside"
    hl = Highlighter("x")
    assert hl._esm == pkg.joinpath("highlighter.js").read_text(encoding="utf-8")
    assert "export default" in hl._esm and ".hl-word" in hl._css
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    data = config["tool"]["setuptools"]["package-data"]["helpers"]
    assert "quiz/*.js" in data and "quiz/*.css" in data
    assert any(d.startswith("anywidget") for d in config["project"]["dependencies"])


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_marked_words_are_readable_and_not_shown_by_colour_alone() -> None:
    css = files("helpers.quiz").joinpath("highlighter.css").read_text(encoding="utf-8")
    rule = re.search(r"\.hl-word\.hl-on\s*\{([^}]*)\}", css)
    assert rule, "no rule for marked words"
    body = rule.group(1)
    bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body).group(1)
    fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body).group(1)
    hi, lo = sorted((_luminance(bg), _luminance(fg)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5
    assert re.search(r"text-decoration:\s*underline\s+solid\s+[2-9]px", body)


def test_every_question_has_a_focus_keeper() -> None:
    app = QuizApp(load_bank("02-sourcing"), "t", store=None, ask_name=False)
    for qw in app.questions:
        keepers = [c for c in qw.box.children if isinstance(c, FocusKeeper)]
        assert len(keepers) == 1 and "quiz-focus" in keepers[0]._dom_classes


def test_the_front_ends_find_anywidget_in_this_environment() -> None:
    """JupyterLab, Voilà and a hub's user server load widget code from the environment's
    labextensions (no CDN): anywidget's must be installed there, at the version its Python side
    asks for."""
    meta = Path(sys.prefix, "share", "jupyter", "labextensions", "anywidget", "package.json")
    assert meta.is_file(), f"anywidget's front-end extension is missing: {meta}"
    assert json.loads(meta.read_text())["version"] == anywidget.__version__
