"""Comparison view: agreement, misses and over-marks, counted with helpers.match_spans."""

from __future__ import annotations

from views_html import assert_only_own_markup, parse

import helpers
from helpers.annotations import expert_reading
from helpers.spans import Span, find_span
from helpers.views.compare import compare

TEXT = "Officials said the deal could collapse. Critics called it a shameful betrayal."


def _spans() -> tuple[list[Span], list[Span]]:
    expert = [
        find_span(
            TEXT, "Officials said", layer="sourcing", label="attribution", explanation="Says who."
        ),
        find_span(TEXT, "could", layer="framing", label="hedge", explanation="A guess."),
        find_span(
            TEXT,
            "shameful betrayal",
            layer="framing",
            label="loaded_language",
            explanation="Judging words.",
        ),
    ]
    student = [
        find_span(TEXT, "could collapse", layer="framing", label="hedge", explanation="mine"),
        find_span(TEXT, "Critics", layer="sourcing", label="attribution", explanation="mine"),
    ]
    return student, expert


def test_counts_match_match_spans() -> None:
    student, expert = _spans()
    c = compare(TEXT, student=student, expert=expert)
    m = helpers.match_spans(student, expert)
    s = c.summary()
    assert s["hits"] == len(m.hits) == 1
    assert s["misses"] == len(m.misses) == 2
    assert s["over_marks"] == len(m.false_alarms) == 1
    assert "helper" not in s
    assert "found 1 of the expert's 3 marks, missed 2" in c.feedback()


def test_html_distinguishes_kinds_with_words_and_styles() -> None:
    student, expert = _spans()
    html = compare(TEXT, student=student, expert=expert).html()
    c = assert_only_own_markup(html)
    classes = " ".join(a.get("class", "") for t, a in c.tags if t == "mark")
    for kind in ("agree", "missed", "extra"):
        assert f"mlv-k-{kind}" in classes
    tags = parse(html).by_class["mlv-tag"]
    assert any(t.startswith("both·") for t in tags)
    assert any(t.startswith("missed·") for t in tags)
    assert any(t.startswith("extra·") for t in tags)
    for words in ("double underline", "dashed underline", "dotted underline"):
        assert words in html
    # the agreement's tooltip gives the expert's reason
    tips = parse(html).by_class["mlv-tip"]
    assert any("A guess." in t for t in tips)
    assert "".join(c.article_text) == TEXT


def test_three_readings_side_by_side_with_layer_filter() -> None:
    reading = expert_reading()
    a = helpers.analyze(helpers.seed())
    student = reading.layer("framing")[::2]
    c = compare(a, student=student, expert=reading.spans, helper=a.spans, layer="framing")
    s = c.summary()
    assert s["expert_marks"] == len(reading.layer("framing"))
    assert s["misses"] == 0 or s["misses"] < s["expert_marks"]
    assert s["over_marks"] == 0
    assert set(s["helper"]) >= {"hits", "misses", "over_marks"}
    html = c._repr_html_()
    assert html.count('class="mlv-panel"') == 2 and "mlv-grid" in html
    assert "The helper compared with the expert" in html
    assert_only_own_markup(html)


def _legend_text(html: str) -> str:
    import re

    legend = html.split('<section class="mlv-legend"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", legend).split())


def test_the_legend_shows_whole_readable_tags() -> None:
    """No "both·…": each sample tag is a tag that really stands on a mark of that kind, and
    each kind after the dot is named in full (issue 11, item 3)."""
    text = "Sources familiar with the talks said a deal was near, Ms. Ray said."
    expert = [
        Span(0, 36, "sourcing", "attribution", "No name given.", source_type="anonymous"),
        Span(54, 66, "sourcing", "attribution", "A named person.", source_type="named_person"),
    ]
    student = [
        Span(0, 7, "sourcing", "student", rule="student"),
        Span(39, 45, "sourcing", "student", rule="student"),
    ]
    html = compare(text, student=student, expert=expert).html()
    legend_html = html.split('<section class="mlv-legend"', 1)[1].split("</section>", 1)[0]
    assert "…" not in legend_html
    samples = parse(legend_html).by_class["mlv-tag"]
    marks = set(parse(html.split("</section>", 1)[1]).by_class["mlv-tag"])
    assert samples == ["both·anonymous", "missed·named person", "extra·your mark"]
    assert set(samples) <= marks
    legend = _legend_text(html)
    for words in ("Anonymous source", "Named person", "Your mark"):
        assert words in legend


def test_a_kind_with_no_mark_shows_its_prefix_without_an_ellipsis() -> None:
    _student, expert = _spans()
    html = compare(TEXT, student=[], expert=expert[:1]).html()
    legend = html.split('<section class="mlv-legend"', 1)[1].split("</section>", 1)[0]
    assert "…" not in legend
    assert parse(legend).by_class["mlv-tag"] == ["both", "missed·attribution", "extra"]


def test_view_state_stays_out_of_the_spans() -> None:
    student, expert = _spans()
    helper = [find_span(TEXT, "could", layer="framing", label="hedge", explanation="helper")]
    before = {id(s): s.to_dict() for s in (*student, *expert, *helper)}
    c = compare(TEXT, student=student, expert=expert, helper=helper)
    c.html()
    marks = c.marked(c.student_match)
    assert c.helper_match is not None
    marks += c.marked(c.helper_match)
    assert {m.kind for m in marks} == {"agree", "missed", "extra"}
    for mark in marks:
        assert id(mark.span) in before  # the reader's or expert's own span, not a copy
        assert mark.span.to_dict() == before[id(mark.span)]
        assert not any(k.startswith("mlv") for k in mark.span.to_dict())
        assert (mark.expert is not None) == (mark.kind == "agree")
    for s in (*c.student, *c.expert, *(c.helper or [])):
        assert s.to_dict() == before[id(s)]
