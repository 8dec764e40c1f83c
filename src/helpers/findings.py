"""Findings that need more than one layer: where a piece turns from reporting to opinion.

A news report that is sourced at the top and speculative at the bottom has a *turn*: before
it, paragraphs say who says so and use few hedges; after it, paragraphs cite nobody and are
full of "could", "might" and "if".  We find the split that best separates the two halves
(a one-change-point search, linear in the number of paragraphs) and report it only when the
difference is large, so plain reporting and plain opinion pieces get no such finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .contract import Finding

if TYPE_CHECKING:
    from .document import Document

MIN_SIDE = 2  # paragraphs on each side of a turn
MIN_GAP = 0.5  # difference in the reporting score between the halves


def reporting_score(sourced: bool, speculation_index: float) -> float:
    """1 for a sourced paragraph without speculation, falling towards -1 for unsourced guessing."""
    spec = min(1.0, speculation_index / 4.0)  # 4 hedges per 100 words counts as fully speculative
    return (1.0 if sourced else 0.0) - spec


def find_turn(scores: Sequence[float]) -> tuple[int, float] | None:
    """The split ``t`` maximising mean(scores[:t]) - mean(scores[t:]), with its gap."""
    n = len(scores)
    if n < 2 * MIN_SIDE:
        return None
    total = sum(scores)
    best: tuple[int, float] | None = None
    left = 0.0
    for t in range(1, n):
        left += scores[t - 1]
        if t < MIN_SIDE or n - t < MIN_SIDE:
            continue
        gap = left / t - (total - left) / (n - t)
        if best is None or gap > best[1]:
            best = (t, gap)
    return best


def cross_layer_findings(
    doc: Document, metrics: Sequence[dict[str, Any]], sourced: Sequence[bool]
) -> list[Finding]:
    body = [s for s in doc.segments if s.role == "paragraph"]
    scores = [
        reporting_score(sourced[s.index], float(metrics[s.index].get("speculation_index", 0.0)))
        for s in body
    ]
    turn = find_turn(scores)
    if turn is None or turn[1] < MIN_GAP:
        return []
    t, gap = turn
    before, after = body[:t], body[t:]
    share_before = sum(sourced[s.index] for s in before) / len(before)
    share_after = sum(sourced[s.index] for s in after) / len(after)
    spec_before = sum(metrics[s.index].get("speculation_index", 0.0) for s in before) / len(before)
    spec_after = sum(metrics[s.index].get("speculation_index", 0.0) for s in after) / len(after)
    if share_before < 0.5 or share_after > 0.34 or spec_after <= spec_before:
        return []
    first = after[0]
    paragraph_no = t + 1
    # the line number students see (parts counted, headline = 1), not the raw text line
    message = (
        f"The piece turns from reporting to opinion at line {first.number}: before it, "
        f"{share_before:.0%} of paragraphs say who the information comes from; from there on, "
        f"{share_after:.0%} do, and speculation words rise from {spec_before:.1f} to "
        f"{spec_after:.1f} per 100 words."
    )
    return [
        Finding(
            kind="reporting_to_opinion_turn",
            message=message,
            spans=((first.start, first.end),),
            data={
                "segment": first.index,
                "line": first.number,
                "paragraph": paragraph_no,
                "sourced_share_before": round(share_before, 3),
                "sourced_share_after": round(share_after, 3),
                "speculation_before": round(spec_before, 2),
                "speculation_after": round(spec_after, 2),
                "gap": round(gap, 3),
            },
        )
    ]
