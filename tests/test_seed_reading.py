"""The helpers against the expert reading of the seed: the quality bars of DESIGN.md §7.

Figures (any shared character, same layer; ``helpers.match_spans``) are printed with ``-rA``
and published in docs/accuracy.md by ``make calibrate-docs``.
"""

from __future__ import annotations

import pytest

import helpers
from helpers.annotations import expert_reading

# Floors a change must not fall below: precision, recall per layer on the seed.
FLOORS = {"sourcing": (0.90, 0.75), "framing": (0.70, 0.85), "rhetoric": (0.85, 0.90)}


@pytest.fixture(scope="module")
def analysis() -> helpers.Analysis:
    return helpers.analyze(helpers.seed())


@pytest.mark.parametrize("layer", sorted(FLOORS))
def test_each_layer_agrees_with_the_expert(analysis, layer):
    result = helpers.match_spans(analysis.layer(layer), expert_reading().detectable(layer))
    p_floor, r_floor = FLOORS[layer]
    figures = result.summary()
    print(f"seed {layer}: {figures}")
    assert result.precision >= p_floor, figures
    assert result.recall >= r_floor, figures


def test_every_expert_attribution_is_found_and_typed(analysis):
    expert = [s for s in expert_reading().layer("sourcing") if s.label == "attribution"]
    found = analysis.layer("sourcing")
    for span in expert:
        matches = [f for f in found if f.overlap(span) > 0 and f.label == "attribution"]
        assert matches, f"missed: {span.text!r}"
        assert span.source_type in {m.source_type for m in matches}, (span.text, matches)


def test_headline_body_outlet_mismatch_is_flagged(analysis):
    finding = analysis.finding("headline_source_mismatch")
    assert finding is not None
    assert "Post" in finding.message and "Times" in finding.message


def test_hedges_are_denser_in_the_opinion_half(analysis):
    doc = analysis.document
    first_sub = doc.by_role("subheading")[0].start
    body = doc.by_role("paragraph")
    reporting = [s for s in body if s.start < first_sub]
    opinion = [s for s in body if s.start > first_sub]

    def rate(segments):
        hedges = sum(analysis.segment_metrics[s.index]["hedges"] for s in segments)
        words = sum(len(s.text.split()) for s in segments)
        return 100 * hedges / words

    assert rate(opinion) > 2 * rate(reporting)


def test_the_turn_from_reporting_to_opinion_is_found(analysis):
    turn = analysis.finding("reporting_to_opinion_turn")
    assert turn is not None
    line = analysis.document.segments[turn.data["segment"]].line
    assert 13 <= line <= 17, turn.message


def test_comment_techniques_are_found_and_named(analysis):
    comments = analysis.document.by_role("comment")
    spans = [s for s in analysis.layer("rhetoric") if s.start >= comments[0].start]
    labels = {s.label for s in spans}
    assert {"false_certainty", "name_calling", "historical_grievance"} <= labels
    assert all(s.taxonomy for s in spans)
    assert analysis.finding("comment_rhetoric") is not None


def test_sound_reporting_passages_stay_quiet(analysis):
    """Discernment: the well-sourced passages carry no framing or rhetoric marks beyond hedges."""
    for passage in expert_reading().passages:
        if passage.verdict != "reporting":
            continue
        marks = [
            s
            for s in analysis.spans
            if passage.start <= s.start < passage.end
            and s.layer != "sourcing"
            and s.label not in ("hedge",)
        ]
        assert len(marks) <= 1, (passage.text[:60], [m.text for m in marks])
