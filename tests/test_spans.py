"""The one span model and the one overlap routine that scores students and evaluates helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.spans import Span, SpanError, find_span, match_spans


def sp(start: int, end: int, layer: str = "framing", label: str = "hedge") -> Span:
    return Span(start, end, layer, label)


def test_span_validation_names_the_problem():
    with pytest.raises(SpanError, match="out of order"):
        Span(5, 2, "framing", "hedge")
    with pytest.raises(SpanError, match="unknown layer"):
        Span(0, 1, "vibes", "hedge")
    with pytest.raises(SpanError, match="unknown source_type"):
        Span(0, 1, "sourcing", "attribution", source_type="rumour")


def test_anchoring_checks_the_quoted_text():
    text = "It could rain."
    s = Span(3, 8, "framing", "hedge").anchored(text)
    assert s.text == "could"
    with pytest.raises(SpanError, match="quotes 'might'"):
        Span(3, 8, "framing", "hedge", text="might").anchored(text)
    with pytest.raises(SpanError, match="runs past"):
        Span(3, 80, "framing", "hedge").anchored(text)


def test_round_trip_through_dict_keeps_extra_fields():
    s = Span(
        0,
        4,
        "sourcing",
        "attribution",
        source="AP",
        source_type="publication",
        extra={"confidence": "high"},
    )
    d = s.to_dict()
    assert d["confidence"] == "high" and d["source_type"] == "publication"
    assert Span.from_dict(d) == s


def test_find_span_counts_occurrences():
    text = "may or may not"
    assert find_span(text, "may", layer="framing", label="hedge", occurrence=2).start == 7
    with pytest.raises(SpanError):
        find_span(text, "might", layer="framing", label="hedge")


def test_match_counts_hits_misses_and_false_alarms():
    reference = [sp(0, 5), sp(10, 15), sp(20, 25)]
    predicted = [sp(3, 7), sp(30, 35), sp(21, 22)]
    m = match_spans(predicted, reference)
    assert m.n_predicted == 3 and m.n_reference == 3
    assert [p.start for p, _ in m.hits] == [3, 21]
    assert [s.start for s in m.false_alarms] == [30]
    assert [s.start for s in m.misses] == [10]
    assert m.precision == pytest.approx(2 / 3)
    assert m.recall == pytest.approx(2 / 3)
    assert m.summary()["false_alarms"] == 1


def test_layers_and_labels_must_agree_when_asked():
    ref = [sp(0, 5, "framing", "hedge")]
    assert match_spans([sp(0, 5, "rhetoric", "innuendo")], ref).recall == 0
    assert match_spans([sp(0, 5, "rhetoric", "x")], ref, same_layer=False).recall == 1
    assert match_spans([sp(0, 5, "framing", "booster")], ref, same_label=True).recall == 0


def test_min_overlap_is_a_share_of_the_shorter_span():
    ref = [sp(0, 10)]
    assert match_spans([sp(8, 20)], ref, min_overlap=0.5).recall == 0  # 2 of 10 shared
    assert match_spans([sp(5, 20)], ref, min_overlap=0.5).recall == 1  # 5 of 10 shared


def test_touching_spans_do_not_overlap():
    assert match_spans([sp(5, 10)], [sp(0, 5)]).recall == 0


def test_empty_sets_score_as_perfect_not_as_errors():
    m = match_spans([], [])
    assert (m.precision, m.recall) == (1.0, 1.0)
    assert match_spans([], [sp(0, 1)]).recall == 0


spans_st = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 30)).map(lambda t: sp(t[0], t[0] + t[1] + 1)),
    max_size=25,
)


def brute(pred, ref):
    found = {i for i, r in enumerate(ref) for p in pred if p.overlap(r) > 0}
    hits = sum(any(p.overlap(r) > 0 for r in ref) for p in pred)
    return hits, len(found)


@settings(max_examples=300, deadline=None)
@given(spans_st, spans_st)
def test_sweep_agrees_with_brute_force(pred, ref):
    m = match_spans(pred, ref)
    hits, found = brute(pred, ref)
    assert len(m.hits) == hits
    assert len(m.found) == found
    assert len(m.hits) + len(m.false_alarms) == len(pred)
    assert len(m.found) + len(m.misses) == len(ref)
