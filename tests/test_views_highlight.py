"""Highlighted text: marks for every span, nothing dropped or duplicated, accessible markup."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from views_html import assert_only_own_markup, parse

import helpers
from helpers.annotations import expert_reading
from helpers.spans import LAYERS, Span
from helpers.views.highlight import highlight
from helpers.views.layout import build_tree, layout, walk_text
from helpers.views.marks import phrases
from helpers.views.toolkit import css


@pytest.fixture(scope="module")
def reading():  # type: ignore[no-untyped-def]
    return expert_reading()


def _joined(h) -> str:  # type: ignore[no-untyped-def]
    return "".join(piece for piece, _ in h.pieces())


def test_expert_reading_renders_every_span_once(reading) -> None:  # type: ignore[no-untyped-def]
    h = highlight(helpers.seed(), spans=reading.spans, notes=True)
    html = h.html()
    c = assert_only_own_markup(html, {css()[len("<style>\n") : -len("\n</style>")].strip()})
    focusable = [a for t, a in c.tags if t == "mark" and a.get("tabindex") == "0"]
    assert len(focusable) == len(reading.spans)
    assert sorted(int(a["data-n"]) for a in focusable) == list(range(1, len(reading.spans) + 1))
    ids = {a.get("id") for _t, a in c.tags}
    for a in focusable:
        assert a["aria-describedby"] in ids  # the explanation is reachable by screen readers
    assert c.by_class["mlv-why"] == [s.explanation for s in h.spans]
    assert "".join(c.article_text) == helpers.seed().text
    assert _joined(h) == helpers.seed().text


def test_tooltip_names_label_explanation_and_researchers_terms(reading) -> None:  # type: ignore[no-untyped-def]
    spans = [s for s in reading.spans if s.taxonomy.get("semeval2020") == "Loaded_Language"][:1]
    h = highlight(helpers.seed(), spans=spans)
    tips = parse(h.html()).by_class["mlv-tip"]
    assert len(tips) == 1
    assert spans[0].explanation in tips[0]
    assert "Researchers call this: Loaded language (SemEval-2020" in tips[0]
    assert "Loaded language" in tips[0]


def test_layers_keep_structure_and_filter(reading) -> None:  # type: ignore[no-untyped-def]
    doc = helpers.seed()
    for alias, layer in [
        ("Who says so", "sourcing"),
        ("How it's told", "framing"),
        ("how the comments argue", "rhetoric"),
    ]:
        h = highlight(doc, alias, spans=reading.spans)
        assert h.spans and {s.layer for s in h.spans} == {layer}
        html = h.html()
        assert html.count('class="mlv-part') == len(doc.segments)
        assert "Reader comments" in html and "Line 15 · subheading" in html
        assert "Line 27 · paragraph" in html
    only = highlight(doc, spans=reading.spans, labels=["hedge"])
    assert {s.label for s in only.spans} == {"hedge"}
    with pytest.raises(ValueError, match="unknown layer"):
        highlight(doc, "nonsense", spans=reading.spans)


def test_legend_explains_every_shown_label_in_words(reading) -> None:  # type: ignore[no-untyped-def]
    h = highlight(helpers.seed(), spans=reading.spans)
    legend = h.html().split('class="mlv-legend"', 1)[1].split("</section>", 1)[0]
    from helpers.views import palette as pal

    for layer, kind in {(s.layer, pal.span_kind(s)) for s in reading.spans}:
        assert pal.label_tag(layer, kind).replace("'", "&#x27;") in legend
        assert pal.swatch_for(layer, kind).words in legend
    for words in ("solid underline", "dashed underline", "dotted underline", "Tab"):
        assert words in legend


def test_analysis_and_plain_string_inputs() -> None:
    a = helpers.analyze(helpers.seed())
    h = highlight(a)
    assert h.analysis is a and len(h.spans) == len(a.spans)
    assert "<mark" in h._repr_html_() or not a.spans
    s = highlight("Officials said the plan could fail.\n\nIt may, critics warned.")
    assert _joined(s) == "Officials said the plan could fail.\n\nIt may, critics warned."
    assert "Highlight" in repr(s)
    assert "could" in str(s)


def test_overlapping_nested_and_crossing_spans() -> None:
    text = "alpha beta gamma delta"
    spans = [
        Span(0, 10, "sourcing", "attribution", "outer"),
        Span(6, 16, "framing", "hedge", "crossing"),
        Span(6, 10, "rhetoric", "othering", "nested same end"),
        Span(11, 11, "framing", "booster", "empty"),
        Span(0, 22, "framing", "loaded_language", "everything"),
    ]
    h = highlight(text, spans=spans, notes=True)
    c = parse(h.html())
    assert "".join(c.article_text) == text
    assert c.by_class["mlv-why"] == [s.explanation for s in h.spans]
    focusable = [a for t, a in c.tags if t == "mark" and a.get("tabindex") == "0"]
    assert len(focusable) == len(spans)
    cont = [a for t, a in c.tags if t == "mark" and a.get("data-part") == "continues"]
    assert cont  # the crossing span was cut and continued, not dropped
    covered = Counter()
    for piece, cover in h.pieces():
        for s in cover:
            covered[s.explanation] += len(piece)
    for s in spans:
        assert covered[s.explanation] == s.length


def test_nested_underlines_stack() -> None:
    h = highlight(
        "one two three",
        spans=[Span(0, 13, "sourcing", "attribution"), Span(4, 7, "framing", "hedge")],
    )
    assert "mlv-h2" in h.html() and "mlv-h1" in h.html()


def test_tree_keeps_every_character() -> None:
    root = build_tree(0, 10, [(0, 5, 0), (3, 8, 1), (4, 4, 2), (2, 9, 3)])
    pieces = walk_text(root, "abcdefghij")
    assert "".join(p for p, _ in pieces) == "abcdefghij"


spans_strategy = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(0, 30),
        st.sampled_from(LAYERS),
        st.sampled_from(["hedge", "attribution", "x<y", "appeal_to_fear", "é"]),
        st.text(max_size=20),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=60), raw=spans_strategy)
def test_random_spans_render_text_exactly_and_each_explanation_once(text, raw) -> None:  # type: ignore[no-untyped-def]
    n = len(text)
    spans = []
    for i, (start, length, layer, label, why) in enumerate(raw):
        s = min(start, n)
        e = min(n, s + length)
        spans.append(Span(s, e, layer, label, f"why{i}:{why}"))
    h = highlight(text, spans=spans, notes=True)
    html = h.html()
    c = assert_only_own_markup(html)
    assert "".join(c.article_text) == text
    assert "".join(p for p, _ in h.pieces()) == text
    assert c.by_class.get("mlv-why", []) == [s.explanation for s in h.spans]
    # one tooltip per drawn phrase (side-by-side marks of one kind join), every reason kept
    drawn = phrases(h.spans, text)
    tips = c.by_class.get("mlv-tip", [])
    assert len(tips) == len(drawn) and sum(len(p.parts) for p in drawn) == len(spans)
    focusable = [a for t, a in c.tags if t == "mark" and a.get("tabindex") == "0"]
    assert sorted(int(a["data-n"]) for a in focusable) == [p.numbers[0] for p in drawn]
    for p in drawn:  # the parts of a phrase explain themselves in the phrase's one tooltip
        heads = [part.explanation.split(":", 1)[0] + ":" for part in p.parts]
        tip = next(t for t in tips if heads[0] in t)
        assert all(h in tip for h in heads)


def test_layout_blocks_cover_text_once() -> None:
    doc = helpers.seed()
    blocks = layout(doc.text, doc.segments, [])
    assert blocks[0].start == 0 and blocks[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(blocks))


def test_marks_are_focusable_with_visible_focus_and_hover_rules() -> None:
    style = css()
    assert ":focus>.mlv-tip" in style and ":hover" in style and "outline" in style
    assert "@media print" in style
    assert re.search(r"<script", style) is None


def test_a_text_is_analysed_once_and_the_seed_read_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import helpers.analysis
    import helpers.seeds

    text = helpers.seed().text
    highlight(text)  # the seed Document is now cached
    calls = Counter[str]()
    real_analyze, real_seed = helpers.analysis.analyze, helpers.seeds.seed

    def analyze(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["analyze"] += 1
        return real_analyze(*args, **kwargs)

    def seed(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["seed"] += 1
        return real_seed(*args, **kwargs)

    monkeypatch.setattr(helpers.analysis, "analyze", analyze)
    monkeypatch.setattr(helpers.seeds, "seed", seed)
    seeded = highlight(text)
    pasted = highlight("A pasted headline\n\nA paragraph that could be anything.")
    assert calls == {"analyze": 2}  # once per highlight(str), never a read of the seed
    assert seeded.document.roles_from == "structure"  # the seed still gets its structure
    assert pasted.document.roles_from != "structure"


def test_findings_say_so_when_nothing_stood_out() -> None:
    """Lesson 06 promises 'the findings at the top': a text with none says so, not a blank."""
    quiet = helpers.analyze("Plan works\n\nAna Ruiz said the plan works, and the town agreed.\n")
    assert not quiet.findings
    assert (
        "Nothing stood out in the text as a whole" in helpers.highlight(quiet, findings=True).html()
    )
    seed = helpers.analyze(helpers.seed())
    assert "Nothing stood out" not in helpers.highlight(seed, findings=True).html()
