"""What an analyzer hands back: the contract between the analyzers and ``analysis``.

It sits below the analyzers (they import it) and below ``analysis`` (which merges what they
return), so no analyzer reaches up into the module that loads it.  An analyzer is a function
``analyze(doc: Document) -> LayerResult``; ``helpers.analyzers`` keeps the registry of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .spans import Span


@dataclass(frozen=True, slots=True)
class Finding:
    """A document-level observation, e.g. the headline credits a different outlet than the body."""

    kind: str
    message: str
    spans: tuple[tuple[int, int], ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        from html import escape

        return (
            "<div class='mlv-finding' role='note' style='border-left:4px solid #1a1a1a;"
            "padding:0.3em 0.8em;background:#f7f7f7;color:#1a1a1a;max-width:46em'>"
            f"<b>What the helper noticed:</b> {escape(self.message)}</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "message": self.message,
            "spans": [list(s) for s in self.spans],
        }
        out.update(self.data)
        return out


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One line of the sourcing ledger: who a paragraph (or a headline citing an outlet) cites.

    ``sources`` and ``source_types`` are joined with "; " because the ledger is a table that
    teachers read.  ``unattributed_claims`` counts the claims marked as unsourced (the
    ``unattributed_claim`` spans, "S·no source" in the views); ``sentences_without_source``
    counts every sentence with no attribution of its own, plain background included.
    """

    segment: int
    role: str
    sources: str
    source_types: str
    attributions: int
    unattributed_claims: int
    sourced: bool
    sentences_without_source: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LayerResult:
    """What one analyzer found: spans, per-segment metrics (by segment index) and findings."""

    spans: list[Span] = field(default_factory=list)
    metrics: dict[int, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sourced: dict[int, bool] = field(default_factory=dict)  # filled by the sourcing analyzer
    ledger: list[LedgerRow] = field(default_factory=list)  # filled by the sourcing analyzer
