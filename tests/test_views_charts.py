"""Charts: structure, labels, legends and alt text (not pixels); greyscale-safe hatching."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

import helpers
from helpers.analysis import LayerResult, assemble
from helpers.views import charts


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    return helpers.analyze(helpers.seed())


def _common(fig) -> None:  # type: ignore[no-untyped-def]
    ax = fig.axes[0]
    assert ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    assert isinstance(fig.alt_text, str) and len(fig.alt_text) > 20
    assert charts.figure_png(fig).startswith(b"\x89PNG")


def test_sourcing_drift(analysis) -> None:  # type: ignore[no-untyped-def]
    fig = charts.sourcing_drift(analysis)
    _common(fig)
    ax = fig.axes[0]
    doc = analysis.document
    n = len(doc.by_role("paragraph", "comment"))
    bars = ax.containers[0]
    assert len(bars) == n  # one bar per paragraph (and comment)
    assert all(b.get_hatch() for b in bars)  # hatched: legible in greyscale
    # the article views' line numbers: paragraph 1 is line 3, the last comment line 29
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[:2] == ["3", "4"] and ticks[-1] == "29"
    pasted = helpers.analyze("Talks Resume\n\nOfficials said so.\n\nIt could fail.")
    drift = charts.sourcing_drift(pasted).axes[0]
    assert [t.get_text() for t in drift.get_xticklabels()] == ["2", "3"]  # parts, not raw lines
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Attributions (who says so)" in legend
    assert "Hedges per 100 words (speculation)" in legend
    assert "Subheading" in legend and "Reader comments" in legend
    line = fig.axes[1].get_lines()[0]
    assert len(line.get_xdata()) == n and line.get_marker() == "o"
    if analysis.finding("reporting_to_opinion_turn"):
        assert "Turn from reporting to opinion" in legend
    assert fig.axes[1].get_ylabel() == "Hedges per 100 words"


def test_source_types(analysis) -> None:  # type: ignore[no-untyped-def]
    fig = charts.source_types(analysis)
    _common(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("Named person") and len(labels) == 5
    assert len({b.get_hatch() for b in ax.patches}) == 5


def test_rhetoric_body_vs_comments(analysis) -> None:  # type: ignore[no-untyped-def]
    fig = charts.rhetoric_by_zone(analysis)
    _common(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Article body", "Reader comments"]


def test_frames_by_paragraph(analysis) -> None:  # type: ignore[no-untyped-def]
    fig = charts.frames_by_paragraph(analysis)
    _common(fig)


def test_empty_states() -> None:
    doc = helpers.from_string("Just one line of text.")
    empty = assemble(doc, {k: LayerResult() for k in ("sourcing", "framing", "rhetoric")})
    for make in charts.CHARTS:
        fig = make(empty)
        assert fig.axes[0].get_title() and fig.alt_text
        assert charts.figure_png(fig)


def test_notebook_display_carries_alt_text(analysis) -> None:  # type: ignore[no-untyped-def]
    from views_html import assert_only_own_markup

    fig = charts.source_types(analysis)
    html = fig._repr_html_()
    assert f'alt="{fig.alt_text}"' in html.replace("&#x27;", "'")
    assert charts.alt_text(fig) == fig.alt_text and charts.with_alt(fig, "Words.") is fig
    assert 'alt="Words."' in fig._repr_html_()
    assert fig._repr_png_().startswith(b"\x89PNG")
    c = assert_only_own_markup(
        html.replace(' style="margin:0.5em 0"', "").replace(
            ' style="max-width:100%;height:auto"', ""
        )
    )
    assert [t for t, _ in c.tags] == ["figure", "img", "figcaption"]


def test_notebook_display_draws_the_chart_once(analysis, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """IPython asks every display form: the HTML form and the PNG share one drawing (issue 11,
    speed: each drawing is about half a second on a 2-CPU machine)."""
    from IPython.core.formatters import DisplayFormatter

    fig = charts.sourcing_drift(analysis)
    draws: list[object] = []
    savefig = fig.savefig
    monkeypatch.setattr(fig, "savefig", lambda *a, **kw: draws.append(kw) or savefig(*a, **kw))
    data, _meta = DisplayFormatter().format(fig)
    assert len(draws) == 1
    assert data["image/png"].startswith(b"\x89PNG")
    assert data["text/html"] == charts.figure_html(fig, png=data["image/png"])
    assert data["text/html"] == fig._repr_html_()  # the same picture as drawn on its own


def test_colours_come_from_the_palette(analysis) -> None:  # type: ignore[no-untyped-def]
    import re
    from pathlib import Path

    from matplotlib.colors import to_rgba

    from helpers.views import palette as pal

    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{6}\b", source)  # no colour written in the charts
    fig = charts.source_types(analysis)
    bars = fig.axes[0].containers[0]
    for bar, source_type in zip(
        bars, charts.SOURCE_TYPE_ORDER, strict=True
    ):  # a kind's bar has its marks' colour
        marks = pal.swatch_for("sourcing", pal.kind("sourcing", "attribution", source_type))
        assert bar.get_facecolor() == to_rgba(marks.hex)
    drift = charts.sourcing_drift(analysis).axes
    line = drift[1].get_lines()[0]
    assert line.get_color() == pal.CHART_COLOURS["speculation"]


def test_one_speculation_index_the_analyzer_s(analysis) -> None:  # type: ignore[no-untyped-def]
    segs = charts._zones(analysis)
    line = charts.sourcing_drift(analysis).axes[1].get_lines()[0]
    figures = [analysis.segment_metrics[s.index]["speculation_index"] for s in segs]
    assert list(line.get_ydata()) == figures  # the figure the findings use, not recomputed
    sourcing_only = helpers.analyze(helpers.seed(), layers=["sourcing"])
    assert {charts.speculation_index(sourcing_only, s) for s in segs} == {0.0}


def test_sourcing_drift_shows_the_unsourced_claims(analysis) -> None:  # type: ignore[no-untyped-def]
    """Claims stated with no source: a second bar per paragraph, cross-hatched, in the colour
    of their marks, named in the legend and counted in the alt text (issue 15 §3)."""
    from matplotlib.colors import to_rgba

    from helpers.views import palette as pal

    fig = charts.sourcing_drift(analysis)
    segs = charts._zones(analysis)
    claims = [analysis.segment_metrics[s.index]["unattributed_claims"] for s in segs]
    assert sum(claims) == len(
        [s for s in analysis.layer("sourcing") if s.label == "unattributed_claim"]
    )
    bars = fig.axes[0].containers[1]
    assert [b.get_height() for b in bars] == claims
    assert all(b.get_hatch() == "xx" for b in bars)  # not colour alone
    marks = pal.swatch_for("sourcing", "unattributed_claim").hex
    assert bars[0].get_facecolor() == to_rgba(marks)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Claims with no source (S·no source marks)" in legend
    lines = [str(s.number) for s, n in zip(segs, claims, strict=True) if n]
    assert f"{sum(claims)} claims are stated as fact with no source (in lines " in fig.alt_text
    assert ", ".join(lines) in fig.alt_text
    plain = helpers.analyze("Talks Resume\n\nOfficials said so.\n\nIt could fail.")
    assert len(charts.sourcing_drift(plain).axes[0].containers) == 1  # no claims: no second bar
