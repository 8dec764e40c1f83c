"""The sourcing analyzer: *who says so?*

News writing tells the reader where information comes from with an attribution: a source (a
person, an organization, a publication, an unnamed official) and a cue (``said``, ``according
to``, ``warned``).  This analyzer finds them, types the source, marks vague attributions that
name nobody ("critics say", "history shows"), and reports per paragraph what is sourced.

How it works (one pass per segment, linear in the text):

1. One scan with the ``sourcing`` lexicon gives every reporting verb, attribution frame, vague
   phrase and source-type cue word of the segment.
2. Frames (``according to X``, ``was reported by X``) and vague phrases are taken first.
3. For each reporting verb we look *left* for its subject, within its sentence and clause
   (``Mr. Lee said``, ``Ana Ruiz, the club's coach, said`` — the appositive is skipped and the
   source is the name before it), or *right* after a quotation or comma (``"…," said Mr. Lee``).
   ``-ing`` verbs and verbs after ``and``/``but`` share the source of the sentence's previous
   attribution ("welcomed the plan, noting that …").
4. The source words are typed with the cue lists: a capitalised name at the end of the subject
   is a person unless it is an outlet or organization name; otherwise the head noun decides
   (``state television`` → publication, ``the group`` → organization, ``sources familiar with``
   → anonymous, ``critics`` → vague).  Words that type as nothing are not a source: naming a
   person ("led by X", "met X") has no reporting verb, and "this shift suggests" has no source.
   Modal or conditional clauses (``Russia may see``, ``if X views``) are speculation, not
   attribution, and are skipped.

Further rules: a speaker's name and a colon (``Coach Ruiz: "…"``, transcripts in capitals
``KATE WINTER: …``); naming quotes (``what she termed "a big win"`` → a quotation of the
speaker); strong speech verbs (``said``) also accept a plain noun phrase, a pronoun after an
opening phrase (``On Monday she said``), the subject in ``what many voters said``, the noun
before ``who`` (``lawmakers who say``) and a described speaker after ``…, said a former aide``;
stance and mental verbs (``argued``, ``wants``, ``seems``) need a subject that the cue lists
type as a source; media frames name the medium (``in a new poll`` → the poll; ``said in an
interview`` is left to the verb); ``When asked …`` / ``Asked whether …`` share the speaker of
the same sentence's attribution.  Progressive verbs (``Ana Ruiz is touting``) and a weekday
between subject and verb (``Ana Ruiz on Monday said``) keep the subject; ``with X calling for``
and ``a new poll showing`` give an ``-ing`` verb its source; capitalised plurals such as
``Republicans`` or ``Investors`` are groups, not persons; ``Name: “…”`` anywhere in a sentence
and ``what Mr. Lee called ''…''`` (when the sentence cites no one else) are attributions.

``he``/``she`` as a source is resolved to the last named person before it, so the ledger says
who; the span still marks the pronoun as written.

After these passes, ``unsourced`` marks claims stated as fact with nobody cited in their
sentence or the one before ("The timing of this visit is significant"): ``unattributed_claim``.

The modules: ``passes`` (the passes over a segment, one function each), ``subject`` (finding a
verb's source), ``types`` (typing a source), ``quotes``, ``tokens``, ``chosen`` (the spans a
segment has chosen), ``unsourced``, ``context`` (``Ctx``: one segment being read), ``model``
(cue, source, document state, the lexicon), ``report`` (ledger and findings) and ``words`` (the
closed-class word lists, read from the ``[words]`` table of ``sourcing.toml``).  Every rule's
explanation, taxonomy and origin is an entry of ``sourcing.toml``.
"""

from __future__ import annotations

from ...contract import LayerResult
from ...document import Document
from ...spans import Span
from .model import _lex, _Source, _State, outlet_name
from .passes import _segment_spans
from .report import _findings, _ledger, _sentences_without
from .tokens import _SegmentTokens, _tokens
from .unsourced import unsourced_claims
from .words import _TOKEN, ANALYZED_ROLES, TYPE_PRIORITY

__all__ = [
    "ANALYZED_ROLES",
    "TYPE_PRIORITY",
    "_TOKEN",
    "_SegmentTokens",
    "_Source",
    "_tokens",
    "analyze",
    "outlet_name",
]


def analyze(doc: Document) -> LayerResult:
    """Attributions, quotations, vague attributions and unsourced claims; per-segment metrics,
    ledger, findings."""
    state = _State(text=doc.text)
    result = LayerResult()
    by_seg: dict[int, list[Span]] = {}
    segs = [seg for seg in doc.segments if seg.role in ANALYZED_ROLES]
    seg_hits = _lex().hits_by_range(doc.text, [(seg.start, seg.end) for seg in segs], doc.tokens)
    for seg, hits in zip(segs, seg_hits, strict=True):
        if seg.role == "comment":
            state.forget_referents()
        by_seg[seg.index] = _segment_spans(doc, seg, state, hits)
    # after the other passes: a claim is unsourced only if none of their spans is near it
    for index, claims in unsourced_claims(doc, segs, seg_hits, by_seg).items():
        by_seg[index] = sorted([*by_seg[index], *claims], key=lambda sp: (sp.start, sp.end))
    for seg in segs:
        spans = by_seg[seg.index]
        if not spans:  # most segments: the same metrics without looking at spans
            result.sourced[seg.index] = False
            result.metrics[seg.index] = {
                "attributions": 0,
                "vague_attributions": 0,
                "unattributed_claims": 0,
                "sources": [],
                "unattributed_sentences": len(seg.sentences),
            }
            continue
        result.spans.extend(spans)
        attributions = [s for s in spans if s.label == "attribution"]
        sources = list(dict.fromkeys(s.source for s in attributions if s.source))
        result.sourced[seg.index] = bool(attributions)
        result.metrics[seg.index] = {
            "attributions": len(attributions),
            "vague_attributions": sum(1 for s in spans if s.label == "vague_attribution"),
            "unattributed_claims": sum(1 for s in spans if s.label == "unattributed_claim"),
            "sources": sources,
            "unattributed_sentences": _sentences_without(seg, spans),
        }
    result.ledger = _ledger(doc, by_seg, result.metrics)
    result.findings.extend(_findings(doc, by_seg))
    return result
