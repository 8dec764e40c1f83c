"""Marks on sources are named by the source type, in lesson 02's words.

Lesson 02 sorts sources into "named person", "organisation or outlet", "anonymous" and
"vague" (the classify question's categories).  The analysis JSON carries ``source_type``; the
mark, its tag, its "why is this marked?" tooltip, the legend and the comparison view must all
say the same, so the helper never calls an anonymous source "named".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from views_html import parse

import helpers
from helpers.spans import SOURCE_TYPES, Span
from helpers.views import palette as pal
from helpers.views.compare import compare
from helpers.views.highlight import highlight

BANK = Path(__file__).resolve().parents[1] / "notebooks" / "quizzes" / "02-sourcing.yaml"
ANON = "sources familiar with the discussions"
LESSON_WORDS = ("named person", "organisation or outlet", "anonymous", "vague")


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    return helpers.analyze(helpers.seed())


def _mark_with(html: str, words: str) -> tuple[str, str]:
    """(visible tag, tooltip text) of the innermost mark whose text contains ``words``."""
    for m in re.finditer(r"<mark [^>]*tabindex=\"0\"[^>]*>", html):
        body = html[m.end() :]
        text, _, rest = body.partition('<span class="mlv-tag"')
        if "<mark" in text:
            continue
        if words in text:
            tag = re.match(r"[^>]*>([^<]*)</span>", rest)
            tip = re.search(r'class="mlv-tip"[^>]*>(.*?)</span></mark>', rest, re.S)
            assert tag and tip
            return tag.group(1), re.sub(r"<[^>]+>", " ", tip.group(1))
    raise AssertionError(f"no mark holds {words!r}")


def _legend(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split('class="mlv-legend"', 1)[1].split("</section>")[0])


def test_the_anonymous_source_is_shown_as_anonymous(analysis) -> None:  # type: ignore[no-untyped-def]
    span = next(s for s in analysis.spans if s.text.startswith(ANON))
    assert span.to_dict()["source_type"] == "anonymous"
    html = highlight(analysis, "Who says so").html()
    tag, tip = _mark_with(html, ANON)
    assert tag == "S·anonymous"
    assert tip.lstrip().startswith("Anonymous source") and "Named" not in tip
    assert "Named source" not in html


def test_every_source_type_is_named_in_lesson_02s_words() -> None:
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    classify = next(q for q in bank["questions"] if q["type"] == "classify")
    assert tuple(classify["categories"]) == LESSON_WORDS  # the words the lesson teaches
    tags = {
        pal.span_kind_tag(Span(0, 1, "sourcing", "attribution", source_type=t))
        for t in SOURCE_TYPES
    }
    assert tags == {f"S·{w}" for w in LESSON_WORDS}
    assert pal.span_kind(Span(0, 1, "sourcing", "vague_attribution")) == "vague"
    assert pal.label_name(pal.span_kind(Span(0, 1, "sourcing", "attribution"))) == "Attribution"


def test_the_legend_lists_each_source_type_that_occurs(analysis) -> None:  # type: ignore[no-untyped-def]
    legend = _legend(highlight(analysis, "Who says so").html())
    kinds = {pal.span_kind(s) for s in analysis.layer("sourcing")}
    assert {"named_person", "organisation_or_outlet", "anonymous", "vague"} <= kinds
    for k in kinds:
        assert pal.label_name(k) in legend and pal.label_tag("sourcing", k) in legend
    assert "Anonymous source" in legend and "Vague source" in legend
    # only what occurs: a text with one named person lists no anonymous sources
    one = highlight(
        "Officials said so.",
        spans=[Span(0, 14, "sourcing", "attribution", source_type="named_person")],
    )
    assert "Named person" in _legend(one.html()) and "Anonymous" not in _legend(one.html())


def test_comparison_view_names_source_types_too(analysis) -> None:  # type: ignore[no-untyped-def]
    html = helpers.compare_with_expert(analysis, layer="sourcing").html()
    tag, tip = _mark_with(html, ANON)
    assert tag == "both·anonymous"
    assert "Anonymous source" in tip and "Named source" not in html
    legend = re.sub(r"<[^>]+>", " ", html)
    for words in ("Named person", "Organisation or outlet", "Anonymous source", "Vague source"):
        assert words in legend


def test_a_students_mark_agreeing_with_an_anonymous_source_says_anonymous() -> None:
    text = "Sources familiar with the talks said a deal was near."
    expert = [Span(0, 36, "sourcing", "attribution", "No name given.", source_type="anonymous")]
    student = [Span(0, 7, "sourcing", "student", rule="student")]
    html = compare(text, student=student, expert=expert).html()
    tags = parse(html).by_class["mlv-tag"]
    assert "both·anonymous" in tags
