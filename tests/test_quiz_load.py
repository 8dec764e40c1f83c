"""Quiz banks: every lesson bank passes `quiz check`, jupyterquiz JSON loads unchanged, bad banks
give one clear line naming file, question and field, and no input makes the loader crash."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.quiz import QUESTION_TYPES, QuizError, load_bank, loads_bank
from helpers.quiz.cli import add_quiz_parser
from helpers.quiz.load import build_bank

ROOT = Path(__file__).resolve().parents[1]
BANKS = sorted((ROOT / "notebooks" / "quizzes").glob("*.yaml"))
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
LESSONS = [
    "00-start-here",
    "01-first-read",
    "02-sourcing",
    "03-framing",
    "04-comments",
    "05-assessment",
    "05-transfer",
    "06-your-article",
]


def quiz(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_quiz_parser(parser.add_subparsers())
    args = parser.parse_args(["quiz", *argv])
    return args.func(args)


def test_every_lesson_has_a_bank() -> None:
    assert [b.stem for b in BANKS] == LESSONS


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_quiz_check_passes_on_lesson_banks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert quiz("check", str(path)) == 0
    out = capsys.readouterr().out
    assert f"{path}: OK" in out
    bank = load_bank(path)
    assert bank.id == path.stem
    assert len(bank.questions) >= 3
    for q in bank.questions:
        assert q.prompt and q.points > 0


@pytest.mark.parametrize("stem", ["02-sourcing", "03-framing", "04-comments"])
def test_core_banks_are_substantial_and_mixed(stem: str) -> None:
    bank = load_bank(stem)
    types = {q.type for q in bank.questions}
    # lesson 02's "Trace it" activity adds its own items (three claims and a reflection) to the
    # bank; the rest, the check for understanding proper, stays short
    trace = [q for q in bank.questions if q.id.startswith("q-trace-")]
    assert len(trace) == (4 if stem == "02-sourcing" else 0)
    # and Activity 6 its two unsourced-claim items (mark them; who reported the silence?)
    unsourced = [q for q in bank.questions if q.tags.get("skill") == "unsourced claims"]
    assert len(unsourced) == (2 if stem == "02-sourcing" else 0)
    # and lesson 04's Activity 6 its fair comment to contrast
    fair = [q for q in bank.questions if q.id == "q-fair-comment"]
    assert len(fair) == (1 if stem == "04-comments" else 0)
    # and the "this is fine" items beside the name-the-trick ones (test_discernment_balance)
    fine = [q for q in bank.questions if q.tags.get("task") == "this-is-fine"]
    assert 6 <= len(bank.questions) - len(trace) - len(unsourced) - len(fair) - len(fine) <= 10
    assert {"highlight", "discernment"} <= types
    assert len(types) >= 5
    for q in bank.questions:
        if q.type == "discernment":  # includes sound passages, so false alarms are measurable
            assert any(it.answer != q.spec.signal for it in q.spec.items)
        if q.type == "highlight":
            assert q.spec.targets and all(t.explanation for t in q.spec.targets)


def test_sourcing_bank_mixes_sound_and_flawed_lines_in_the_first_half() -> None:
    """Position must not give the answer away (the full check is test_discernment_balance)."""
    q = load_bank("02-sourcing").question("q-reporting-or-opinion")
    sound = {it.line for it in q.spec.items if it.answer == "reporting"}
    early_opinion = {it.line for it in q.spec.items if it.answer == "opinion" and it.line <= 13}
    assert sound and max(sound) > min(early_opinion)


def test_highlight_targets_come_from_the_expert_reading() -> None:
    q = load_bank("02-sourcing").question("q-line8-sources")
    assert [t.text for t in q.spec.targets] == [
        "sources familiar with the discussions noted",
        "state television hinted",
    ]
    assert q.passage is not None and q.passage.line == 8


def test_sourcing_targets_carry_the_expert_source_type() -> None:
    """Feedback names a source by its type (lesson 02's words), so the target must carry it."""
    q = load_bank("02-sourcing").question("q-line8-sources")
    assert [t.source_type for t in q.spec.targets] == ["anonymous", "publication"]
    q = load_bank("02-sourcing").question("q-line10-sources")
    assert [t.source_type for t in q.spec.targets] == ["organization", "named_person"]
    framing = load_bank("03-framing").question("q-loaded-line3")
    assert {t.source_type for t in framing.spec.targets} == {None}


def test_quoted_targets_take_the_source_type_of_the_expert_span_there() -> None:
    raw = _bankish(
        {
            "id": "q",
            "type": "highlight",
            "prompt": "p",
            "passage": {"line": 8},
            "targets": ["sources familiar with the discussions"],
        }
    )
    (t,) = build_bank(raw).questions[0].spec.targets
    assert (t.layer, t.label, t.source_type) == ("sourcing", "attribution", "anonymous")


BAD = {
    "bad-correct.yaml": "question 3 (q-mismatch): field 'correct' names option 'e', which does "
    "not exist",
    "bad-quote.yaml": "question 1 (q-hl): field 'passage.quote' quotes 'according to the Daily "
    "Planet', which is not in the seed",
    "bad-empty-targets.yaml": "question 1 (q-hl): field 'targets' selects no expert span",
    "bad-typo.yaml": "question 1 (q1): field 'explanaton' is not a known field; did you mean "
    "'explanation'?",
    "bad-discernment.yaml": "question 1 (q-disc): field 'items' are all 'opinion'",
    "jupyterquiz-bad-type.json": "question 2 (q2): field 'type' is 'single_choice'",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_banks_exit_2_with_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / name
    assert quiz("check", str(path)) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err.startswith(f"{path}: {BAD[name]}")


def test_cli_error_matches_the_documented_example(capsys: pytest.CaptureFixture[str]) -> None:
    quiz("check", str(FIXTURES / "bad-correct.yaml"))
    assert capsys.readouterr().err.startswith(
        f"{FIXTURES / 'bad-correct.yaml'}: question 3 (q-mismatch): field 'correct' names "
        "option 'e', which does not exist"
    )


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert quiz("check", str(tmp_path / "nope.yaml")) == 2
    assert "no such file" in capsys.readouterr().err


# --- jupyterquiz ----------------------------------------------------------------------------


def test_jupyterquiz_bank_loads_unchanged() -> None:
    bank = load_bank(FIXTURES / "jupyterquiz-basic.json")
    assert bank.format == "jupyterquiz"
    mc, many, num, text = bank.questions
    assert (mc.type, many.type, num.type, text.type) == (
        "single_choice",
        "multiple_select",
        "numeric",
        "short_text",
    )
    assert mc.spec.correct_ids == ("a",) and mc.spec.options[1].feedback.startswith("Which experts")
    assert many.spec.answer_cols == 2 and len(many.spec.correct_ids) == 4
    assert num.spec.precision == 3 and num.spec.default_feedback.startswith("pi is the area")
    assert [a.kind for a in num.spec.answers] == ["value", "range", "range"]
    assert text.code.startswith("print(") and text.spec.answers[0].fuzzy_threshold == 0.8
    assert text.spec.default_feedback == "Look at line 6 of the article."


def test_jupyterquiz_ignores_unknown_keys_and_accepts_one_question() -> None:
    one = {
        "question": "Q?",
        "type": "multiple_choice",
        "answer_html": "x",
        "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": False}],
    }
    bank = loads_bank(json.dumps(one), fmt="json")
    assert bank.questions[0].type == "single_choice"


def test_yaml_list_is_read_as_jupyterquiz() -> None:
    text = (
        "- question: Two plus two?\n  type: numeric\n  answers:\n"
        "    - {type: value, value: 4, correct: true}\n"
    )
    assert loads_bank(text).questions[0].spec.answers[0].value == 4


# --- robustness -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "questions",
                    "type",
                    "prompt",
                    "question",
                    "answers",
                    "options",
                    "correct",
                    "passage",
                    "line",
                    "quote",
                    "targets",
                    "items",
                    "value",
                    "range",
                    "answer",
                    "precision",
                    "seed",
                    "category",
                    "verdict",
                    "choices",
                    "categories",
                    "text",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
# every project type, plus jupyterquiz names that a YAML bank must reject clearly
QTYPES = st.sampled_from([*QUESTION_TYPES, "multiple_choice", "many_choice", "string"])


def _bankish(q: dict) -> dict:
    return {"id": "b", "title": "T", "seed": "belarus-thaw", "questions": [q]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        json_values,
        st.builds(
            lambda t, extra: _bankish({"id": "q", "type": t, "prompt": "p", **extra}),
            QTYPES,
            st.dictionaries(
                st.sampled_from(
                    [
                        "options",
                        "correct",
                        "answers",
                        "answer",
                        "passage",
                        "targets",
                        "items",
                        "categories",
                        "choices",
                        "signal",
                        "model_answer",
                        "precision",
                        "tolerance",
                    ]
                ),
                json_values,
                max_size=4,
            ),
        ),
        st.builds(
            lambda t, extra: [{"question": "q", "type": t, **extra}],
            QTYPES,
            st.dictionaries(
                st.sampled_from(["answers", "precision", "answer_cols", "code"]),
                json_values,
                max_size=3,
            ),
        ),
    )
)
def test_any_structure_gives_quiz_error_or_a_bank(raw: object) -> None:
    for fmt, text in (("json", json.dumps(raw)), ("yaml", json.dumps(raw))):
        try:
            loads_bank(text, fmt=fmt, name="fuzz.yaml")
        except QuizError as exc:
            assert str(exc).startswith("fuzz.yaml: ")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_text_gives_quiz_error_or_a_bank(data: str | bytes) -> None:
    for fmt in ("yaml", "json"):
        with contextlib.suppress(QuizError):
            loads_bank(data, fmt=fmt, name="fuzz")


def test_deep_nesting_is_a_quiz_error() -> None:
    with pytest.raises(QuizError, match="fuzz"):
        loads_bank("[" * 5000 + "]" * 5000, fmt="json", name="fuzz")
    with pytest.raises(QuizError, match="fuzz"):
        loads_bank("[" * 5000, fmt="yaml", name="fuzz")


# --- errors stay short, whatever a value holds ------------------------------------------------

HUGE = "x" * 100_000
_CHOICE = {"options": ["yes", "no"], "correct": "a"}
_DISC = {
    "items": [
        {"text": "A said so.", "verdict": "reporting"},
        {"text": "Bad!", "verdict": "opinion"},
    ]
}
LONG_VALUES = {
    "type": ({"id": "q", "type": HUGE, "prompt": "p"}, "question 1 (q): field 'type' is 'xxx"),
    "correct": (
        {"id": "q", "type": "single_choice", "prompt": "p", **_CHOICE, "correct": HUGE},
        "question 1 (q): field 'correct' names option 'xxx",
    ),
    "id": ({"id": HUGE, "type": "numeric", "prompt": "p", "answer": 1}, "question 1 (xxx"),
    "field": (
        {"id": "q", "type": "numeric", "prompt": "p", "answer": 1, HUGE: 1},
        "question 1 (q): field 'xxx",
    ),
    "quote": (
        {"id": "q", "type": "highlight", "prompt": "p", "passage": {"line": 8}},
        "question 1 (q): field 'targets",
    ),
    "verdict": (
        {
            "id": "q",
            "type": "discernment",
            "prompt": "p",
            "items": [{"text": "A said so.", "verdict": HUGE}],
        },
        "question 1 (q): field 'items[1].verdict' is 'xxx",
    ),
    "signal": (
        {"id": "q", "type": "discernment", "prompt": "p", **_DISC, "signal": HUGE},
        "question 1 (q): field 'signal' is 'xxx",
    ),
    "choices": (
        {
            "id": "q",
            "type": "classify",
            "prompt": "p",
            "categories": [HUGE, "b"],
            "items": [{"text": "t", "category": "c"}],
        },
        "question 1 (q): field 'items[1].category' is 'c', which is not one of the categories",
    ),
}


@pytest.mark.parametrize("where", sorted(LONG_VALUES))
def test_errors_quote_at_most_80_characters_of_a_value(where: str) -> None:
    question, start = LONG_VALUES[where]
    if where == "quote":
        question["targets"] = [{"quote": HUGE, "explanation": "e"}]
    bank = {"id": "b", "title": "T", "seed": "belarus-thaw", "questions": [question]}
    with pytest.raises(QuizError) as got:
        loads_bank(json.dumps(bank), fmt="json", name="long.json")
    message = str(got.value)
    assert message.startswith(f"long.json: {start}"), message[:300]
    assert len(message) < 400, f"{len(message)} characters: {message[:300]}"
    assert "x" * 80 in message and "x" * 81 not in message and "…" in message


def test_jupyterquiz_errors_quote_at_most_80_characters() -> None:
    for question, start in (
        ({"question": "q", "type": HUGE, "answers": []}, "question 1 (q1): field 'type' is 'xxx"),
        ({"question": "q", "type": "numeric", "id": HUGE, "answers": []}, "question 1 (xxx"),
    ):
        with pytest.raises(QuizError) as got:
            loads_bank(json.dumps([question, question]), fmt="json", name="jq.json")
        message = str(got.value)
        assert message.startswith(f"jq.json: {start}"), message[:300]
        assert len(message) < 400 and "x" * 81 not in message and "…" in message


# --- answer_cols ----------------------------------------------------------------------------


@pytest.mark.parametrize("cols", [11, 100_000_000, 10**30])
def test_answer_cols_has_an_upper_bound(cols: int) -> None:
    yaml_q = {"id": "q", "type": "multiple_select", "prompt": "p", "answer_cols": cols}
    yaml_q |= {"options": ["a", "b"], "correct": ["a"]}
    bank = {"id": "b", "title": "T", "questions": [yaml_q]}
    with pytest.raises(QuizError) as got:
        loads_bank(json.dumps(bank), fmt="json", name="cols.json")
    assert str(got.value).startswith(
        "cols.json: question 1 (q): field 'answer_cols' must be at most 10"
    )
    jq = {
        "question": "q",
        "type": "many_choice",
        "answer_cols": cols,
        "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": False}],
    }
    with pytest.raises(QuizError) as got:
        loads_bank(json.dumps([jq]), fmt="json", name="jq.json")
    assert str(got.value).startswith(
        "jq.json: question 1 (q1): field 'answer_cols' must be at most 10"
    )


@pytest.mark.parametrize("cols", [1, 4, 10])
def test_answer_cols_up_to_ten_load(cols: int) -> None:
    jq = {
        "question": "q",
        "type": "many_choice",
        "answer_cols": cols,
        "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": False}],
    }
    assert loads_bank(json.dumps([jq]), fmt="json").questions[0].spec.answer_cols == cols


# --- line numbers: the numbering students see (Segment.number), not the raw text line ---

SPACED = "Title here\n\nFirst paragraph says one thing.\n\nSecond paragraph says another.\n\n"
SPACED += "Third paragraph, the last one."


@pytest.fixture
def spaced_seed(monkeypatch: pytest.MonkeyPatch):
    """A seed whose blank lines make raw text lines (1, 3, 5, 7) differ from parts (1-4)."""
    from helpers.document import Document
    from helpers.quiz import load as quiz_load

    doc = Document.from_text(SPACED)
    assert [s.line for s in doc.segments] == [1, 3, 5, 7]
    assert [s.number for s in doc.segments] == [1, 2, 3, 4]
    monkeypatch.setattr(quiz_load, "_seed", lambda slug: (doc, None))
    return doc


def _choice(passage: object) -> dict:
    return _bankish(
        {
            "id": "q",
            "type": "single_choice",
            "prompt": "p",
            "passage": passage,
            "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
            "correct": "a",
        }
    )


@pytest.mark.parametrize(
    ("passage", "text", "line"),
    [
        ({"line": 2}, "First paragraph says one thing.", 2),
        ({"line": 3}, "Second paragraph says another.", 3),
        ({"lines": [3, 4]}, "Second paragraph says another.\n\nThird paragraph, the last one.", 3),
        ({"quote": "the last one"}, "the last one", 4),
        ({"start": SPACED.index("Second"), "end": SPACED.index("Second") + 6}, "Second", 3),
    ],
)
def test_a_passage_line_is_the_line_students_see(spaced_seed, passage, text, line) -> None:
    q = build_bank(_choice(passage)).questions[0]
    assert q.passage is not None
    assert q.passage.text == text and q.passage.line == line


def test_a_line_past_the_last_part_names_the_parts_there_are(spaced_seed) -> None:
    with pytest.raises(QuizError, match=r"names line 5, but the seed has lines 1 to 4"):
        build_bank(_choice({"line": 5}))


def test_sort_items_by_line_use_the_line_students_see(spaced_seed) -> None:
    raw = _bankish(
        {
            "id": "q",
            "type": "discernment",
            "prompt": "p",
            "items": [
                {"line": 2, "verdict": "reporting"},
                {"line": 4, "verdict": "opinion"},
            ],
        }
    )
    items = build_bank(raw).questions[0].spec.items
    assert [(it.text, it.line) for it in items] == [
        ("First paragraph says one thing.", 2),
        ("Third paragraph, the last one.", 4),
    ]


def test_unsourced_claims_items_hold_against_the_article() -> None:
    """§2: the highlight finds the expert's unattributed claims; the trace item's key (line 8's
    anonymous sources reported the silence line 18 builds on) is what the article says."""
    bank = load_bank("02-sourcing")
    q = bank.question("q-unsourced-claims")
    assert [t.text for t in q.spec.targets] == [
        'the "Trump factor" adds momentum',
        "The timing of this diplomatic outreach is significant",
    ]
    doc = helpers_seed()
    line = {s.number: doc.text[s.start : s.end] for s in doc.segments}
    assert (
        "sources familiar with the discussions noted that Belarus has maintained an unusual silence"
        in line[8]
    )
    assert "The silence could indicate that Minsk is acting in concert with Moscow" in line[18]
    assert "silence" not in line[6] + line[7] + line[13]  # Mr. Smith's briefings (option d)
    s = bank.question("q-silence-source")
    assert s.spec.correct_ids == ("a",)


def helpers_seed():
    from helpers.seeds import seed

    return seed("belarus-thaw")


_COUNT_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks" / "quizzes").glob("*.yaml")), ids=lambda p: p.stem
)
def test_a_bank_that_says_how_many_questions_it_has_is_right(path: Path) -> None:
    """ "Thirteen questions" stayed in a bank's description after two were added: the count a
    student reads (description, and the lesson's quiz introduction) must be the bank's."""
    import re

    bank = load_bank(path)
    said = re.match(r"\s*(\w+) questions\b", bank.description or "")
    if said:
        assert _COUNT_WORDS.get(said.group(1).lower()) == len(bank.questions), said.group(0)
    lesson = next((ROOT / "notebooks").glob(f"{path.stem[:2]}-*.ipynb"), None)
    if lesson is not None and path.stem != "05-transfer":
        for m in re.finditer(
            r'"(\w+) questions(?: that use everything| about checking|\.)',
            lesson.read_text(encoding="utf-8"),
        ):
            if m.group(1).lower() in _COUNT_WORDS:
                assert _COUNT_WORDS[m.group(1).lower()] == len(bank.questions), (
                    lesson.name,
                    m.group(0),
                )
