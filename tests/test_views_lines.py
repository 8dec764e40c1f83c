"""One line numbering, shown in every article view and used by findings, ledger and feedback.

The lessons count parts: the headline is line 1, every part after it one more, blank lines in
a pasted text do not count (``Segment.number``).  The raw text line (``Segment.line``) stays
what ``structure.json`` speaks of, and is never what a student is shown.
"""

from __future__ import annotations

import re

import pytest
from views_html import parse

import helpers
from helpers.article_view import document_html, part_label
from helpers.views.compare import compare
from helpers.views.highlight import highlight
from helpers.views.report import render_report
from helpers.views.terminal import render_terminal

PARAS = ["Talks Resume in Geneva"]
PARAS += [
    f"The foreign minister, Anna Berg, said on Monday that round {i} of the talks had ended, "
    "according to Reuters."
    for i in range(1, 5)
]
PARAS += [
    "This could perhaps mean that the deal might collapse, and it may possibly be that nobody "
    "would gain."
] * 4
PASTED = "\n\n".join(PARAS)  # blank lines between paragraphs: raw line 2n-1 is part n


def _role_tags(html: str) -> list[str]:
    return re.findall(r'class="(?:mlv|ml)-(?:role|tag)"[^>]*>([^<]*)<', html)


def _part_tags(html: str) -> list[str]:
    return [t for t in _role_tags(html) if t.startswith("Line")]


@pytest.fixture(scope="module")
def pasted():  # type: ignore[no-untyped-def]
    return helpers.analyze(PASTED)


def test_pasted_text_counts_parts_not_raw_lines(pasted) -> None:  # type: ignore[no-untyped-def]
    segs = pasted.document.segments
    assert [s.line for s in segs] == list(range(1, 2 * len(segs), 2))  # the raw lines
    assert [s.number for s in segs] == list(range(1, len(segs) + 1))


def test_part_label_names_line_and_kind() -> None:
    seg = helpers.seed().segments[7]
    assert part_label(seg) == "Line 8 · paragraph"
    assert part_label(helpers.seed().segments[0]) == "Line 1 · headline"
    assert part_label(helpers.seed().segments[27]) == "Line 28 · reader comment"


@pytest.mark.parametrize("view", ["document", "highlight", "report"])
def test_every_seed_view_shows_line_numbers_in_order(view: str) -> None:
    doc = helpers.seed()
    if view == "document":
        html = document_html(doc)
    elif view == "highlight":
        html = highlight(helpers.analyze(doc)).html()
    else:
        html = render_report(helpers.analyze(doc), charts=False)
    tags = _part_tags(html)
    assert [int(t.split()[1]) for t in tags[:29]] == list(range(1, 30))
    assert "Paragraph 6" not in html and "PARAGRAPH" not in html


def test_seed_views_show_line_8_next_to_the_part_the_quizzes_call_line_8() -> None:
    doc = helpers.seed()
    analysis = helpers.analyze(doc)
    for html in (
        document_html(doc),
        highlight(analysis, "Who says so").html(),
        helpers.compare_with_expert(analysis, layer="sourcing").html(),
    ):
        part = re.search(r'data-line="8".*?</(?:p|div)></div>', html, re.S)
        assert part, "no part carries line 8"
        assert "Line 8 · paragraph" in part.group(0)
        assert "sources familiar with the discussions" in part.group(0)


def test_pasted_views_show_part_numbers(pasted) -> None:  # type: ignore[no-untyped-def]
    n = len(PARAS)
    for html in (document_html(pasted.document), highlight(pasted).html()):
        assert [int(t.split()[1]) for t in _part_tags(html)] == list(range(1, n + 1))
    plain = render_terminal(pasted, color=False)
    assert "── Line 6 · paragraph" in plain and f"Line {2 * n - 1}" not in plain


def test_findings_speak_of_part_numbers(pasted) -> None:  # type: ignore[no-untyped-def]
    turn = pasted.finding("reporting_to_opinion_turn")
    assert turn is not None
    first = pasted.document.segments[turn.data["segment"]]
    assert first.number == 6 and first.line == 11
    assert "line 6" in turn.message and "line 11" not in turn.message
    assert turn.data["line"] == 6
    for f in pasted.findings:
        assert not re.search(r"\blines? (?:1[0-9]|11)\b", f.message), f.message


def test_ledger_is_indexed_by_part_number(pasted) -> None:  # type: ignore[no-untyped-def]
    ledger = pasted.ledger()
    assert ledger.index.name == "line"
    assert list(ledger.index) == list(range(2, len(PARAS) + 1))
    report = render_report(pasted, charts=False)
    ledger_html = report.split("id='ledger'", 1)[1]
    rows = re.findall(r"<th scope='row'[^>]*>([^<]*)</th>", ledger_html)
    assert rows[0] == "Line 2 · paragraph" and rows[-1] == f"Line {len(PARAS)} · paragraph"


def test_comparison_of_a_passage_shows_its_line_in_the_article() -> None:
    # as the quiz builds it: the passage alone, one paragraph
    text = "While details remain confidential, sources familiar with the discussions noted it."
    passage = helpers.Document.from_text(text, ["paragraph"])
    c = compare(passage, student=[], expert=[], first_line=8)
    tags = _part_tags(c.html())
    assert tags == ["Line 8 · paragraph"]
    assert "Paragraph 1" not in c.html()
    assert _part_tags(compare(passage, student=[], expert=[]).html()) == ["Line 1 · paragraph"]


def test_a_comment_marker_keeps_its_number_in_every_view() -> None:
    text = "Headline Here\n\nBody text that says something.\n\n--- comments ---\n\nI agree!"
    doc = helpers.from_string(text)
    assert [s.role for s in doc.segments][-2:] == ["comment_marker", "comment"]
    for html in (document_html(doc), highlight(doc, spans=[]).html()):
        assert [int(t.split()[1]) for t in _part_tags(html)] == [1, 2, 3, 4]
    assert parse(document_html(doc)).tags  # well-formed


def test_the_unsourced_stretch_is_given_in_lines(pasted) -> None:  # type: ignore[no-untyped-def]
    stretch = pasted.finding("longest_unsourced_stretch")
    assert stretch is not None and stretch.message.startswith("Lines 6 to 9 (4 paragraphs")
    assert (stretch.data["first_line"], stretch.data["last_line"]) == (6, 9)
    seed = helpers.analyze(helpers.seed()).finding("longest_unsourced_stretch")
    assert seed is not None and seed.message.startswith("Lines 14 to 27 (10 paragraphs")


def test_every_view_draws_its_parts_alike_with_one_class_prefix() -> None:
    doc = helpers.seed()
    analysis = helpers.analyze(doc)
    views = {
        "document": document_html(doc),
        "highlight": highlight(analysis).html(),
        "compare": helpers.compare_with_expert(analysis, layer="sourcing").html(),
        "report": render_report(analysis, charts=False),
    }
    opening = re.compile(r'<div class="mlv-part [^>]*><span class="mlv-role">[^<]*</span>')
    parts = {name: opening.findall(html) for name, html in views.items()}
    assert len(parts["document"]) == len(doc.segments)
    assert all(found[:29] == parts["document"][:29] for found in parts.values())
    for name, html in views.items():
        zone = '<div class="mlv-zone" role="separator">Reader comments</div>'
        assert html.count(zone) == 1, name
        classes = {c for attr in re.findall(r"class=[\"']([^\"']*)", html) for c in attr.split()}
        assert classes and all(c.startswith("mlv") for c in classes), (name, classes)
