"""Charts of an analysis (matplotlib, Agg): sourcing drift, source types, rhetoric, frames.

Every function returns a :class:`matplotlib.figure.Figure` with a title, labelled axes, a legend
where there is more than one series, and **alt text in ``fig.alt_text``** (a plain sentence with
the figures, used as ``<img alt>`` in the HTML report and readable in a notebook).  Series differ
by hatching and markers as well as colour, so the charts survive greyscale printing.  Figures are
built without pyplot (no global state, no GUI backend); in a notebook they display as PNG.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..spans import SOURCE_TYPES
from . import palette as pal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis import Analysis

SOURCE_TYPE_NAMES = {
    "named_person": "Named person",
    "organization": "Organisation",
    "publication": "Publication (outlet)",
    "anonymous": "Anonymous",
    "vague": "Vague (nobody you can check)",
}
SOURCE_TYPE_ORDER = ("named_person", "organization", "publication", "anonymous", "vague")
HATCHES = ("", "///", "...", "xx", "\\\\", "++", "oo", "--", "**")
INK = pal.INK
COLOURS = pal.CHART_COLOURS


class Described(Protocol):
    """What the views add to a matplotlib ``Figure`` (on the instance): its alt text and the
    display hooks a notebook calls."""

    alt_text: str
    _repr_png_: Callable[[], bytes]
    _repr_html_: Callable[[], str]
    _repr_mimebundle_: Callable[..., dict[str, Any]]


def with_alt(fig: Figure, text: str) -> Figure:
    """``fig`` with ``text`` as its alt text (``fig.alt_text``: the ``<img alt>`` of its HTML)."""
    cast(Described, fig).alt_text = text
    return fig


def alt_text(fig: Figure) -> str:
    """The alt text :func:`with_alt` gave ``fig`` ("" for a figure made elsewhere)."""
    return str(getattr(fig, "alt_text", ""))


def new_figure(width: float = 9.0, height: float = 4.2) -> Figure:
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global figure list

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.set_facecolor("white")
    shown = cast(Described, fig)
    shown.alt_text = ""

    # Shown without pyplot; the HTML form carries the alt text (a bare PNG output cannot).
    shown._repr_png_ = lambda: figure_png(fig)
    shown._repr_html_ = lambda: figure_html(fig)
    shown._repr_mimebundle_ = lambda **_kw: figure_bundle(fig)
    return fig


def figure_bundle(fig: Figure, dpi: int = 100) -> dict[str, Any]:
    """A notebook display drawn once: the HTML form and the PNG share one rendering.

    Without it IPython asks ``_repr_html_`` and ``_repr_png_`` in turn, drawing the chart
    twice (about half a second each on a 2-CPU machine, in every lesson with a chart).
    """
    png = figure_png(fig, dpi=dpi)
    return {"text/html": figure_html(fig, png=png), "image/png": png}


def figure_png(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def figure_html(
    fig: Figure, number: int | None = None, dpi: int = 100, *, png: bytes | None = None
) -> str:
    """``<figure>`` with the chart as an embedded PNG (``png``, or drawn at ``dpi``), its alt
    text and a caption."""
    import base64
    from html import escape

    b64 = base64.b64encode(figure_png(fig, dpi=dpi) if png is None else png).decode("ascii")
    title = fig.axes[0].get_title() if fig.axes else ""
    alt = alt_text(fig) or title
    label = f"Figure {number}. " if number is not None else ""
    return (
        f'<figure class="mlv-figure" style="margin:0.5em 0"><img src="data:image/png;base64,{b64}" '
        f'alt="{escape(alt, quote=True)}" style="max-width:100%;height:auto">'
        f"<figcaption>{escape(label + title, quote=True)}</figcaption></figure>"
    )


def _integer_ticks(axis: Any) -> None:
    """Whole-number ticks on a count axis (matplotlib's default locator is a MaxNLocator)."""
    from matplotlib.ticker import MaxNLocator

    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)


def _empty(fig: Figure, ax: Any, message: str, alt: str) -> Figure:
    """An empty chart that says why in the picture and in its alt text."""
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=11,
        color=INK,
        wrap=True,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return with_alt(fig, alt)


def _zones(analysis: Analysis) -> list[Any]:
    """Paragraphs and comments in reading order (the x axis of the per-paragraph charts)."""
    return [s for s in analysis.document.segments if s.role in ("paragraph", "comment")]


def _ticks(segs: list[Any]) -> list[str]:
    """Each paragraph's and comment's line number, as the article views show it ("Line 8")."""
    return [str(s.number) for s in segs]


def speculation_index(analysis: Analysis, seg: Any) -> float:
    """Hedges per 100 words of a part: the framing analyzer's figure, read, never recomputed.

    One figure, one word count.  The analyzer counts a word as a run of letters and digits
    with apostrophes inside it ("don't" one word, "U.S.-backed" three), and the findings that
    speak of speculation ("speculation words rise from …") use that same figure, so the chart's
    line and the sentence beside it cannot disagree.  (This chart used to recompute it with
    ``str.split`` when the metric was missing, which counts a spaced dash as a word and a
    hyphenated word as one: 11 of the seed's 23 parts would differ, by up to 0.43.)  A text
    analysed without the framing layer has no hedges: 0.0.
    """
    return float(analysis.segment_metrics[seg.index].get("speculation_index", 0.0))


def sourcing_drift(analysis: Analysis) -> Figure:
    """Per paragraph: attributions (bars) and claims stated with no source (cross-hatched
    bars, when there are any) against hedges per 100 words (line), with the subheadings, the
    reader-comment zone and the turn to opinion marked."""
    doc = analysis.document
    segs = _zones(analysis)
    fig = new_figure(10, 5.2)
    ax = fig.add_subplot()
    ax.set_title("Who says so, and how sure it sounds, paragraph by paragraph")
    if not segs:
        return _empty(
            fig, ax, "No paragraphs to chart.", "Empty chart: the text has no paragraphs."
        )
    xs = list(range(len(segs)))
    attributions = [int(analysis.segment_metrics[s.index].get("attributions", 0)) for s in segs]
    spec = [speculation_index(analysis, s) for s in segs]
    sourced = [bool(analysis.segment_sourced[s.index]) for s in segs]
    # claims stated with no source (the S·no source marks): a second, cross-hatched bar beside
    # each paragraph's attributions, in the marks' colour, drawn only when there are some
    claims = [int(analysis.segment_metrics[s.index].get("unattributed_claims", 0)) for s in segs]
    shift, width = (0.2, 0.4) if any(claims) else (0.0, 0.8)
    bars = ax.bar(
        [x - shift for x in xs],
        attributions,
        width=width,
        color=COLOURS["attributions"],
        edgecolor=INK,
        linewidth=0.8,
        hatch="//",
        label="Attributions (who says so)",
        zorder=2,
    )
    claim_bars = None
    if any(claims):
        claim_bars = ax.bar(
            [x + shift for x in xs],
            claims,
            width=width,
            color=pal.swatch_for("sourcing", "unattributed_claim").hex,
            edgecolor=INK,
            linewidth=0.8,
            hatch="xx",
            label="Claims with no source (S·no source marks)",
            zorder=2,
        )
    ax.set_xlabel("Line of the article (paragraphs; the shaded zone holds the reader comments)")
    ax.set_ylabel(
        "Attributions and unsourced claims" if any(claims) else "Attributions in the paragraph"
    )
    ax.set_xticks(xs, _ticks(segs), fontsize=8)
    ax.set_xlim(-0.6, len(segs) - 0.4)
    ax.set_ylim(0, max([*attributions, *claims, 1]) * 1.35 + 0.5)
    _integer_ticks(ax.yaxis)
    ax2 = ax.twinx()
    (line,) = ax2.plot(
        xs,
        spec,
        color=COLOURS["speculation"],
        marker="o",
        markersize=5,
        linewidth=1.8,
        linestyle="--",
        label="Hedges per 100 words (speculation)",
        zorder=3,
    )
    ax2.set_ylabel("Hedges per 100 words")
    ax2.set_ylim(0, max([*spec, 1.0]) * 1.35)
    # subheadings: a dotted vertical line before the first paragraph that follows each one
    positions = {s.index: i for i, s in enumerate(segs)}
    sub_lines = []
    for sub in doc.by_role("subheading"):
        nxt = next((s for s in segs if s.index > sub.index), None)
        if nxt is None:
            continue
        x = positions[nxt.index] - 0.5
        sub_lines.append(ax.axvline(x, color=INK, linestyle=":", linewidth=1.2, zorder=1))
    comment_x = [i for i, s in enumerate(segs) if s.role == "comment"]
    handles = [bars, line] if claim_bars is None else [bars, claim_bars, line]
    if sub_lines:
        sub_lines[0].set_label("Subheading")
        handles.append(sub_lines[0])
    if comment_x:
        zone = ax.axvspan(
            min(comment_x) - 0.5,
            max(comment_x) + 0.5,
            facecolor=COLOURS["comment_zone"],
            edgecolor=COLOURS["comment_zone_edge"],
            hatch="..",
            alpha=0.6,
            zorder=0,
            label="Reader comments",
        )
        handles.append(zone)
    turn = analysis.finding("reporting_to_opinion_turn")
    turn_text = ""
    if turn is not None:
        seg_index = turn.data.get("segment")
        if seg_index in positions:
            x = positions[seg_index] - 0.5
            tl = ax.axvline(
                x,
                color=COLOURS["opinion_turn"],
                linewidth=2.2,
                zorder=4,
                label="Turn from reporting to opinion",
            )
            handles.append(tl)
            ax.annotate(
                "turn to opinion",
                xy=(x, ax.get_ylim()[1] * 0.95),
                xytext=(6, 0),
                textcoords="offset points",
                color=INK,
                fontsize=9,
                fontweight="bold",
                va="center",
            )
            turn_text = f" {turn.message}"
    unsourced = [i for i, ok in enumerate(sourced) if not ok and segs[i].role == "paragraph"]
    for i in unsourced:
        ax.text(i, 0.05, "∅", ha="center", va="bottom", fontsize=9, color=INK)
    if unsourced:
        from matplotlib.lines import Line2D

        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="$∅$",
                color=INK,
                markersize=8,
                label="No source named in the paragraph",
            )
        )
    fig.legend(handles=handles, loc="outside lower center", fontsize=8, ncols=3)
    n_par = sum(1 for s in segs if s.role == "paragraph")
    n_sourced = sum(1 for s, ok in zip(segs, sourced, strict=True) if ok and s.role == "paragraph")
    half = len(segs) // 2
    first = sum(spec[:half]) / max(1, half)
    second = sum(spec[half:]) / max(1, len(segs) - half)
    claim_lines = [segs[i].number for i, n in enumerate(claims) if n]
    claim_text = (
        f" {sum(claims)} claims are stated as fact with no source (in lines "
        f"{', '.join(map(str, claim_lines))})."
        if claim_lines
        else ""
    )
    return with_alt(
        fig,
        f"Bar and line chart over {len(segs)} paragraphs and comments. {n_sourced} of {n_par} "
        f"article paragraphs say who the information comes from (∅ marks those that do not). "
        f"Hedges per 100 words average {first:.1f} in the first half and {second:.1f} in the "
        f"second half.{claim_text}{turn_text}",
    )


def source_types(analysis: Analysis) -> Figure:
    """How many attributions of each kind: named person, organisation, publication, anonymous,
    vague."""
    counts = Counter(s.source_type for s in analysis.layer("sourcing") if s.source_type)
    order = [t for t in SOURCE_TYPE_ORDER if t in SOURCE_TYPES]
    values = [counts.get(t, 0) for t in order]
    fig = new_figure(8, 3.6)
    ax = fig.add_subplot()
    ax.set_title("What kind of source is cited?")
    names = [SOURCE_TYPE_NAMES[t] for t in order]
    ys = list(range(len(order)))[::-1]
    bars = ax.barh(
        ys,
        values,
        color=[pal.source_type_color(t) for t in order],
        edgecolor=INK,
        linewidth=0.8,
    )
    for bar, hatch in zip(bars, HATCHES, strict=False):
        bar.set_hatch(hatch)
    for y, v in zip(ys, values, strict=True):
        ax.text(v + 0.1, y, str(v), va="center", fontsize=9, color=INK)
    ax.set_yticks(ys, names)
    ax.set_xlabel("Number of attributions")
    ax.set_ylabel("Source type")
    ax.set_xlim(0, max([*values, 1]) * 1.2 + 0.5)
    _integer_ticks(ax.xaxis)
    if not any(values):
        ax.text(0.5, 0.5, "No attributions found.", transform=ax.transAxes, ha="center")
    described = ", ".join(f"{n.lower()} {v}" for n, v in zip(names, values, strict=True))
    return with_alt(fig, f"Horizontal bar chart of attributions by source type: {described}.")


def rhetoric_by_zone(analysis: Analysis) -> Figure:
    """Persuasion techniques in the article body versus in the reader comments."""
    from .palette import label_name

    body: Counter[str] = Counter()
    comments: Counter[str] = Counter()
    for s in analysis.layer("rhetoric"):
        seg = analysis.document.segment_at(s.start)
        (comments if seg is not None and seg.role == "comment" else body)[s.label] += 1
    labels = sorted(set(body) | set(comments), key=lambda k: (-(body[k] + comments[k]), k))
    fig = new_figure(9, max(3.0, 0.42 * len(labels) + 1.6))
    ax = fig.add_subplot()
    ax.set_title("Persuasion techniques: article body versus reader comments")
    ax.set_xlabel("Number of marks")
    ax.set_ylabel("Technique")
    if not labels:
        return _empty(
            fig,
            ax,
            "No persuasion techniques found.",
            "Empty chart: no persuasion techniques were found.",
        )
    ys = list(range(len(labels)))[::-1]
    h = 0.38
    ax.barh(
        [y + h / 2 for y in ys],
        [body[k] for k in labels],
        height=h,
        color=COLOURS["article_body"],
        edgecolor=INK,
        hatch="///",
        label="Article body",
    )
    ax.barh(
        [y - h / 2 for y in ys],
        [comments[k] for k in labels],
        height=h,
        color=COLOURS["reader_comments"],
        edgecolor=INK,
        hatch="..",
        label="Reader comments",
    )
    ax.set_yticks(ys, [label_name(k) for k in labels], fontsize=9)
    _integer_ticks(ax.xaxis)
    ax.legend(loc="lower right", fontsize=9)
    return with_alt(
        fig,
        f"Bar chart of {len(labels)} persuasion techniques: {sum(body.values())} marks in the "
        f"article body and {sum(comments.values())} in the reader comments. "
        + "; ".join(
            f"{label_name(k)}: {body[k]} in the body, {comments[k]} in comments" for k in labels
        )
        + ".",
    )


def frames_by_paragraph(analysis: Analysis) -> Figure:
    """Cue words of each news frame (conflict, economic, human interest …) per paragraph."""
    segs = _zones(analysis)
    per: list[dict[str, int]] = []
    for s in segs:
        frames = analysis.segment_metrics[s.index].get("frames") or {}
        per.append(
            {
                str(k): (len(v) if isinstance(v, list | tuple) else int(v or 0))
                for k, v in dict(frames).items()
            }
        )
    names = sorted({k for d in per for k in d})
    fig = new_figure(10, 4.2)
    ax = fig.add_subplot()
    ax.set_title("News frames, paragraph by paragraph")
    ax.set_xlabel("Line of the article (paragraphs and reader comments)")
    ax.set_ylabel("Frame cue words")
    if not names:
        ax.set_xlabel("Line of the article")
        return _empty(
            fig,
            ax,
            "No frame cues found (the framing analyzer reports none for this text).",
            "Empty chart: no news-frame cue words were found.",
        )
    xs = list(range(len(segs)))
    bottom = [0] * len(segs)
    for i, name in enumerate(names):
        vals = [d.get(name, 0) for d in per]
        ax.bar(
            xs,
            vals,
            bottom=bottom,
            color=pal.CHART_SERIES[i % len(pal.CHART_SERIES)],
            edgecolor=INK,
            hatch=HATCHES[(i + 1) % len(HATCHES)],
            label=name.replace("_", " ").capitalize(),
            linewidth=0.8,
        )
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_xticks(xs, _ticks(segs), fontsize=8)
    _integer_ticks(ax.yaxis)
    ax.legend(title="Frame", fontsize=8, loc="upper right")
    totals = {n: sum(d.get(n, 0) for d in per) for n in names}
    return with_alt(
        fig,
        "Stacked bar chart of news-frame cue words per paragraph. Totals: "
        + ", ".join(f"{n.replace('_', ' ')} {v}" for n, v in totals.items())
        + ".",
    )


CHARTS = (sourcing_drift, source_types, rhetoric_by_zone, frames_by_paragraph)
