"""The document-level results: the ledger (one row per paragraph) and the findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...contract import Finding, LedgerRow
from ...document import Document, Segment
from ...spans import Span
from .words import ANON_SHARE, MIN_STRETCH


def _sentences_without(seg: Segment, spans: Sequence[Span]) -> int:
    attributed = [s for s in spans if s.label == "attribution"]
    if not attributed:
        return len(seg.sentences)  # most segments: nothing to test sentence by sentence
    # one sweep: sentence ends only grow, so the attributions starting before a sentence's end
    # are a growing prefix of them by start; the sentence is attributed when one of those
    # (the one reaching furthest) ends after its start
    attributed.sort(key=lambda a: a.start)
    i, reach, n = 0, -1, 0
    for sent in seg.sentences:
        while i < len(attributed) and attributed[i].start < sent.end:
            reach = max(reach, attributed[i].end)
            i += 1
        if reach <= sent.start:
            n += 1
    return n


def _ledger(
    doc: Document, by_seg: dict[int, list[Span]], metrics: dict[int, dict[str, Any]]
) -> list[LedgerRow]:
    """One row per paragraph (and per headline/dek citing an outlet); counts come from metrics."""
    rows = []
    for seg in doc.segments:
        spans = by_seg.get(seg.index)
        if spans is None:
            continue
        if not spans:  # most segments: an empty row for a paragraph, nothing for the rest
            if seg.role == "paragraph":
                rows.append(
                    LedgerRow(
                        segment=seg.index,
                        role=seg.role,
                        sources="",
                        source_types="",
                        attributions=0,
                        unattributed_claims=0,
                        sourced=False,
                        sentences_without_source=metrics[seg.index]["unattributed_sentences"],
                    )
                )
            continue
        attributions = [s for s in spans if s.label == "attribution"]
        if seg.role in ("headline", "dek"):
            if not any(s.source_type == "publication" for s in attributions):
                continue
        elif seg.role != "paragraph":
            continue
        sources = list(dict.fromkeys(s.source or "" for s in attributions))
        types = list(dict.fromkeys(s.source_type or "" for s in attributions))
        rows.append(
            LedgerRow(
                segment=seg.index,
                role=seg.role,
                sources="; ".join(sources),
                source_types="; ".join(types),
                attributions=len(attributions),
                unattributed_claims=metrics[seg.index]["unattributed_claims"],
                sourced=bool(attributions),
                sentences_without_source=metrics[seg.index]["unattributed_sentences"],
            )
        )
    return rows


def _findings(doc: Document, by_seg: dict[int, list[Span]]) -> list[Finding]:
    out: list[Finding] = []
    top = [s for seg in doc.by_role("headline", "dek") for s in by_seg.get(seg.index, [])]
    body_segs = doc.by_role("paragraph")
    body = [s for seg in body_segs for s in by_seg.get(seg.index, [])]
    top_pubs = [s for s in top if s.label == "attribution" and s.extra.get("outlet")]
    body_pubs = [s for s in body if s.label == "attribution" and s.extra.get("outlet")]
    if top_pubs and body_pubs:
        body_keys = {str(s.extra["outlet"]).lower() for s in body_pubs}

        def agrees(key: str) -> bool:
            return any(key == b or key in b or b in key for b in body_keys if b)

        for t in top_pubs:
            key = str(t.extra["outlet"]).lower()
            if key and not agrees(key):
                other = body_pubs[0]
                at = doc.segment_at(t.start)  # a span of a headline or dek: never None
                where = "headline" if at is not None and at.role == "headline" else "dek"
                names = " and ".join(dict.fromkeys(str(s.extra["outlet"]) for s in body_pubs))
                out.append(
                    Finding(
                        kind="headline_source_mismatch",
                        message=(
                            f"The {where} credits {t.extra['outlet']}, but the body cites {names} "
                            "as its source. Check which outlet really published the story: the "
                            "headline and the text do not agree."
                        ),
                        spans=((t.start, t.end), (other.start, other.end)),
                        data={"headline_outlet": t.extra["outlet"], "body_outlets": names},
                    )
                )
                break
    # longest run of body paragraphs with no attribution
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for i, seg in enumerate([*body_segs, None]):
        unsourced = seg is not None and not any(
            s.label == "attribution" for s in by_seg.get(seg.index, [])
        )
        if unsourced and run_start is None:
            run_start = i
        elif not unsourced and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best is not None and best[1] - best[0] >= MIN_STRETCH:
        first, last = body_segs[best[0]], body_segs[best[1] - 1]
        n = best[1] - best[0]
        words = sum(len(s.text.split()) for s in body_segs[best[0] : best[1]])
        out.append(
            Finding(
                kind="longest_unsourced_stretch",
                message=(  # lines as the lessons count them (Segment.number)
                    f"Lines {first.number} to {last.number} ({n} paragraphs, {words} words) "
                    "never say where their information comes from. Ask: is this the writer's "
                    "own opinion, and what is it based on?"
                ),
                spans=((first.start, last.end),),
                data={
                    "first_paragraph": best[0] + 1,
                    "last_paragraph": best[1],
                    "first_line": first.number,
                    "last_line": last.number,
                    "paragraphs": n,
                    "words": words,
                },
            )
        )
    # reliance on anonymous or vague sources
    cited = [s for s in body if s.label in ("attribution", "vague_attribution")]
    weak = [s for s in cited if s.source_type in ("anonymous", "vague")]
    if len(weak) >= 2 and cited and len(weak) / len(cited) >= ANON_SHARE:
        out.append(
            Finding(
                kind="anonymous_reliance",
                message=(
                    f"{len(weak)} of the {len(cited)} attributions in this text name nobody "
                    "(unnamed officials, 'sources', 'critics', 'experts'). Readers cannot check "
                    "who these people are, so the claims rest on trusting the writer."
                ),
                spans=tuple((s.start, s.end) for s in weak),
                data={"weak": len(weak), "attributions": len(cited)},
            )
        )
    return out
