"""The sourcing ledger as a student reads it: one row per line, in the lesson's words.

``Analysis.ledger()`` is the data (a pandas table with the contract's field names, for a
teacher's export); this view is the same rows with plain column names, source kinds as the
highlights name them ("organisation or outlet"), "yes"/"no" for *sourced?*, a caption that says
what each column counts, and the article's line numbers.  The printable report uses the same
table.  Every value is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import palette as pal
from .toolkit import e, part_label

if TYPE_CHECKING:
    from ..analysis import Analysis

CAPTION = (
    "The sourcing ledger: for each line, who is cited, what kind of source it is, how many "
    "sentences say nothing about where their information comes from, and how many of those "
    "state a judgement or a prediction as fact (marked S·no source)."
)
COLUMNS = (
    "Line",
    "Sources named",
    "Kind of source",
    "Attributions",
    "Sentences without a source",
    "Unsourced claims marked",
    "Sourced?",
)
# Inline, because JupyterLab's and Voilà's own table style (right-aligned cells) outranks a
# stylesheet rule: text reads from the left, like the rest of the lesson.
_ALIGN = " style='text-align:left'"
_CSS = """<style>
table.mlv-ledger{border-collapse:collapse;font-size:0.9em;margin:0.4em 0;color:#1a1a1a;
  background:#fff}
table.mlv-ledger caption{text-align:left;padding:0.2em 0 0.4em;color:#1a1a1a}
table.mlv-ledger th,table.mlv-ledger td{border:1px solid #767676;padding:0.2em 0.45em;
  text-align:left;vertical-align:top}
table.mlv-ledger thead th{background:#f0f0f0}
</style>"""


def _kinds(types: str) -> str:
    """'named_person; publication' -> 'named person; organisation or outlet'."""
    words = [pal.source_type_words(t.strip()) for t in types.split(";") if t.strip()]
    return "; ".join(dict.fromkeys(words)) or "—"


def table_html(analysis: Analysis) -> str:
    """The ledger as an HTML table (empty string when the sourcing layer was not run)."""
    ledger = analysis.layers["sourcing"].ledger if "sourcing" in analysis.layers else []
    if not ledger:
        return ""
    segments = analysis.document.segments
    body = []
    for row in ledger:
        seg = segments[row.segment] if 0 <= row.segment < len(segments) else None
        where = part_label(seg) if seg is not None else str(row.segment)
        cells = [
            row.sources or "—",
            _kinds(row.source_types),
            row.attributions,
            row.sentences_without_source,
            row.unattributed_claims,
            "yes" if row.sourced else "no",
        ]
        tds = "".join(f"<td{_ALIGN}>{e(c)}</td>" for c in cells)
        body.append(f"<tr><th scope='row'{_ALIGN}>{e(where)}</th>{tds}</tr>")
    head = "".join(f"<th scope='col'{_ALIGN}>{e(c)}</th>" for c in COLUMNS)
    return (
        f"<table class='mlv-ledger'><caption>{e(CAPTION)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


class LedgerTable:
    """What a notebook cell shows for ``ledger_table(analysis)``; ``frame()`` is the data."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis

    def html(self) -> str:
        return _CSS + table_html(self.analysis)

    def _repr_html_(self) -> str:
        return self.html()

    def frame(self) -> object:
        """The same rows as a pandas table (``Analysis.ledger()``)."""
        return self.analysis.ledger()

    def __repr__(self) -> str:
        layer = self.analysis.layers.get("sourcing")
        return f"<LedgerTable: {len(layer.ledger) if layer else 0} lines>"


def ledger_table(analysis: Analysis) -> LedgerTable:
    """The sourcing ledger of ``analysis``, shown as a table in the lesson's words."""
    return LedgerTable(analysis)
