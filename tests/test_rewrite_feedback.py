"""A neutral rewrite's feedback checks the rewrite: it says which loaded words (listed in the
bank, ``loaded_words``) are still there and which are gone, and never claims one is gone when it
is still in the text."""

from __future__ import annotations

import re
from html import unescape

import pytest

from helpers.quiz import QuizError, load_bank, loads_bank
from helpers.quiz.scoring import loaded_words_in, score
from helpers.quiz.widgets import feedback_html

KEEPS = (
    "A senior American diplomat went to Belarus, which is ruled with an iron grip by its "
    "strongman leader Aleksandr G. Lukashenko."
)
REMOVES = (
    "A senior American diplomat recently travelled to Belarus, a country led by Aleksandr G. "
    "Lukashenko, whose government has been criticised for repressing its opponents."
)


@pytest.fixture(scope="module")
def rewrite():
    return load_bank("03-framing").question("q-rewrite")


def _visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _sentences_saying_gone(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if re.search(r"\bgone\b", s, re.I)]


def test_the_bank_lists_the_loaded_words_of_the_passage(rewrite):
    assert set(rewrite.spec.loaded_words) == {
        "surprising",
        "police state",
        "iron grip",
        "strongman",
    }


def test_a_rewrite_that_keeps_loaded_words_is_told_so(rewrite):
    out = score(rewrite, KEEPS)
    assert out.valid
    assert out.details["loaded_kept"] == ["iron grip", "strongman"]
    assert out.details["loaded_gone"] == ["surprising", "police state"]
    text = _visible(feedback_html(rewrite, out, final=True))
    assert re.search(r"Still there: “iron grip” and “strongman”", text), text
    for sentence in _sentences_saying_gone(text):
        assert "strongman" not in sentence and "iron grip" not in sentence, sentence
    assert "“surprising” and “police state”" in text
    assert out.lines[-1].text == rewrite.spec.model_answer  # the model answer still closes


def test_a_rewrite_that_removes_them_is_told_they_are_gone(rewrite):
    out = score(rewrite, REMOVES)
    assert out.details["loaded_kept"] == []
    text = _visible(feedback_html(rewrite, out, final=True))
    assert "Still there" not in text
    assert re.search(
        r"gone: “surprising”, “police state”, “iron grip” and “strongman”", text, re.I
    ), text


def test_a_rewrite_that_keeps_every_loaded_word(rewrite):
    out = score(rewrite, "In a surprising turn, the police state and its iron grip strongman.")
    assert out.details["loaded_gone"] == []
    text = _visible(feedback_html(rewrite, out, final=True))
    assert not _sentences_saying_gone(text), text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("IRON   GRIP and Strongman's rule", ["iron grip", "strongman"]),
        ("an iron-grip regime", ["iron grip"]),
        ("strongmen and ironing gripes", []),  # other words, not the loaded ones
        ("", []),
    ],
)
def test_matching_is_by_whole_words_any_case_and_spacing(text, kept):
    assert loaded_words_in(text, ("iron grip", "strongman")) == kept


BANK = """\
schema: helpers.quiz/1
id: t
title: T
seed: belarus-thaw
questions:
  - id: q-rw
    type: reflection
    prompt: Rewrite line 3.
    passage: {{line: 3}}
    model_answer: {model}
    loaded_words: {words}
"""


def test_a_loaded_word_that_is_not_in_the_passage_is_a_bank_error():
    with pytest.raises(QuizError, match=r"q-rw.*loaded_words.*“tyrant” is not in the passage"):
        loads_bank(BANK.format(model="A diplomat visited.", words="[strongman, tyrant]"))


def test_a_model_answer_that_keeps_a_loaded_word_is_a_bank_error():
    with pytest.raises(QuizError, match=r"loaded_words.*model answer still has “strongman”"):
        loads_bank(BANK.format(model="A strongman was visited.", words="[strongman]"))


def test_loaded_words_are_only_for_reflections():
    bank = BANK.replace("type: reflection", "type: short_text").replace(
        "model_answer: {model}", "answers: [{{answer: x, correct: true}}]"
    )
    with pytest.raises(QuizError, match="loaded_words"):
        loads_bank(bank.format(words="[strongman]"))
