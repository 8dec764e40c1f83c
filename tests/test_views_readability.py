"""Readable marks: tags big enough to read, and one mark per phrase, not one per word.

Tags were 0.62em (about 7.8 px in a notebook); a phrase marked word by word, or two hedges
side by side ("could signify"), got one tag per word.  Adjacent marks of the same kind that
only a space separates are drawn as one mark with one tag, whose tooltip keeps every reason.
"""

from __future__ import annotations

import re

from views_html import assert_only_own_markup, parse

import helpers
from helpers.article_view import document_html
from helpers.spans import Span
from helpers.views.compare import compare
from helpers.views.highlight import highlight
from helpers.views.marks import phrases
from helpers.views.toolkit import css


def _font_em(style: str, selector: str) -> float:
    m = re.search(re.escape(selector) + r"\{[^}]*font-size:([0-9.]+)em", style)
    assert m, selector
    return float(m.group(1))


def test_tags_are_at_least_three_quarters_of_the_text_size() -> None:
    style = css()
    assert _font_em(style, ".mlv .mlv-tag") >= 0.75  # ≥ 10.5 px on a 14 px notebook font
    assert _font_em(style, ".mlv .mlv-role") >= 0.75
    assert _font_em(document_html(helpers.seed()), ".mlv-doc .mlv-role") >= 0.75


TEXT = "This could signify a shift, and it might, perhaps, fail."


def _hedges() -> list[Span]:
    out = []
    for word, why in (
        ("could", "A guess."),
        ("signify", "Points, not proves."),
        ("might", "Maybe."),
    ):
        start = TEXT.index(word)
        out.append(Span(start, start + len(word), "framing", "hedge", why, text=word))
    start = TEXT.index("perhaps")
    out.append(Span(start, start + 7, "framing", "hedge", "Unsure.", text="perhaps"))
    return out


def test_adjacent_marks_of_one_kind_become_one_phrase() -> None:
    groups = phrases(_hedges(), TEXT)
    assert [(TEXT[g.start : g.end], g.numbers) for g in groups] == [
        ("could signify", (1, 2)),
        ("might", (3,)),  # a comma between: not one phrase
        ("perhaps", (4,)),
    ]
    other = [*_hedges()[:1], Span(11, 18, "framing", "booster", "x")]  # different label
    assert len(phrases(other, TEXT)) == 2
    across = "could\nsignify"
    lines = [Span(0, 5, "framing", "hedge", "a"), Span(6, 13, "framing", "hedge", "b")]
    assert len(phrases(lines, across)) == 2  # never across a line break


def test_two_sentences_side_by_side_stay_two_marks() -> None:
    text = 'Who benefits? Who pays?" she asked. Really! Truly.'
    qs = [
        Span(0, 13, "framing", "rhetorical_question", "a"),
        Span(14, 24, "framing", "rhetorical_question", "b"),
    ]
    assert len(phrases(qs, text)) == 2  # the count says two questions: two marks
    bangs = [Span(36, 43, "framing", "booster", "a"), Span(44, 50, "framing", "booster", "b")]
    assert [text[g.start : g.end] for g in phrases(bangs, text)] == ["Really!", "Truly."]
    words = [Span(0, 3, "framing", "hedge", "a"), Span(4, 12, "framing", "hedge", "b")]
    assert len(phrases(words, text)) == 1  # words inside one sentence still join
    # the document model's rule: an abbreviation's full stop ends no sentence
    usa = "Talks with U.S. officials resumed."
    parts = [
        Span(11, 15, "sourcing", "attribution", "a"),
        Span(16, 25, "sourcing", "attribution", "b"),
    ]
    assert [usa[g.start : g.end] for g in phrases(parts, usa)] == ["U.S. officials"]


def test_one_tag_per_phrase_and_every_reason_in_its_tooltip() -> None:
    html = highlight(TEXT, spans=_hedges()).html()
    c = assert_only_own_markup(html)
    article_tags = [t for t in c.by_class["mlv-tag"] if t == "F·hedge"]
    assert len(article_tags) == 1 + 3  # one in the legend, three phrases
    tip = next(t for t in c.by_class["mlv-tip"] if "could signify" in t)
    assert "A guess." in tip and "Points, not proves." in tip
    assert "".join(c.article_text) == TEXT


def test_seed_hedge_pairs_get_one_tag() -> None:
    a = helpers.analyze(helpers.seed())
    html = highlight(a, "How it's told").html()
    for pair in ("could signify", "could indicate", "might signal"):
        assert re.search(
            re.escape(pair.split()[0]) + r" " + pair.split()[1] + r'<span class="mlv-tag"', html
        ), pair


def test_a_phrase_marked_word_by_word_gets_one_comparison_tag() -> None:
    text = "While details remain confidential, sources familiar with the discussions noted it."
    start = text.index("sources")
    phrase = "sources familiar with the discussions noted"
    expert = [
        Span(
            start,
            start + len(phrase),
            "sourcing",
            "attribution",
            "No name.",
            source_type="anonymous",
        )
    ]
    words, pos = [], start
    for w in phrase.split():
        words.append(Span(pos, pos + len(w), "sourcing", "student", rule="student"))
        pos += len(w) + 1
    c = compare(text, student=words, expert=expert)
    marks = c.html().split('class="mlv-legend"', 1)[1].split("</section>", 1)[1]  # not the legend
    tags = parse(marks).by_class["mlv-tag"]
    assert tags.count("both·anonymous") == 1
    assert c.summary()["hits"] == len(words)  # scoring is unchanged: only the drawing merges
