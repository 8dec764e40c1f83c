"""One self-contained, printable HTML page of an analysis (``analyze PATH --format html``).

Title, what the helper noticed, a legend, the highlighted article with numbered tags, the
explanations as numbered footnotes, the sourcing ledger and the charts as embedded PNG images
with alt text.  No JavaScript and no network: the page loads nothing from outside (images are
``data:`` URLs), so it can be mailed, archived or printed; ``@media print`` hides the tooltips
and keeps figures whole.
"""

from __future__ import annotations

import base64
from collections import Counter
from html import escape
from typing import TYPE_CHECKING, Any

from .._version import __version__
from . import ledger
from . import palette as pal
from .marks import article_html, findings_html, legend_html, notes_html
from .toolkit import css, e, new_uid

if TYPE_CHECKING:
    from ..analysis import Analysis

_PAGE_CSS = """<style>
body{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,sans-serif}
main.mlv-report{max-width:54em;margin:0 auto;padding:1.2em 1.4em 3em}
.mlv-report h1{font-family:Georgia,serif;font-size:1.6em;line-height:1.25;margin:0.2em 0}
.mlv-report h2:not(.mlv-body){font-size:1.2em;margin:1.4em 0 0.4em;border-bottom:1px solid #767676}
.mlv-report .mlv-meta{color:#4d4d4d;margin:0.2em 0 1em}
.mlv-report figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}
.mlv-report figure img{max-width:100%;height:auto;border:1px solid #bbb}
.mlv-report figcaption{font-size:0.9em;color:#1a1a1a;margin-top:0.3em}
.mlv-report table.mlv-ledger{border-collapse:collapse;font-size:0.88em;width:100%}
.mlv-report table.mlv-ledger th,.mlv-report table.mlv-ledger td{border:1px solid #767676;
  padding:0.2em 0.45em;text-align:left;vertical-align:top}
.mlv-report table.mlv-ledger thead th{background:#f0f0f0}
.mlv-report table.mlv-ledger caption{text-align:left;padding-bottom:0.3em}
.mlv-report .mlv-skip{position:absolute;left:-999em}
.mlv-report .mlv-skip:focus{left:1em;top:1em;background:#fff;padding:0.3em;
  outline:3px solid #1a1a1a}
@page{margin:16mm 14mm}
@media print{
  main.mlv-report{max-width:none;padding:0}
  .mlv-report h2:not(.mlv-body){break-after:avoid;page-break-after:avoid}
  .mlv-report .mlv-skip{display:none}
  .mlv-report .mlv-notes li{break-inside:avoid}
  .mlv-report a{color:#1a1a1a;text-decoration:none}
}
</style>"""


def _title(analysis: Analysis) -> str:
    head = next((s for s in analysis.document.segments if s.role == "headline"), None)
    if head is not None:
        return " ".join(head.text.split())
    return analysis.document.path or "Pasted text"


def _ledger_html(analysis: Analysis) -> str:
    table = ledger.table_html(analysis)
    return f"<h2 id='ledger'>Who says so, line by line</h2>{table}" if table else ""


def _charts_html(analysis: Analysis) -> str:
    try:
        from . import charts
    except ImportError:  # matplotlib missing: the rest of the report still works
        return "<h2 id='charts'>Charts</h2><p>Charts need matplotlib, which is not installed.</p>"
    out = ["<h2 id='charts'>Charts</h2>"]
    for n, make in enumerate(charts.CHARTS, 1):
        fig = make(analysis)
        png = base64.b64encode(charts.figure_png(fig, dpi=100)).decode("ascii")
        title = fig.axes[0].get_title() if fig.axes else ""
        alt = charts.alt_text(fig) or title
        out.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{e(alt)}">'
            f"<figcaption>Figure {n}. {e(title)}. {e(alt)}</figcaption></figure>"
        )
    return "".join(out)


def render_report(analysis: Analysis, *, title: str | None = None, charts: bool = True) -> str:
    """A complete HTML page (UTF-8) for one analysis: readable with no network and no script."""
    uid = new_uid()
    spans = sorted(analysis.spans, key=lambda s: (s.start, -s.end, s.layer, s.label))
    heading = title or _title(analysis)
    counts = Counter(s.layer for s in spans)
    summary = ", ".join(
        f"{counts.get(layer, 0)} for “{st.question}” ({layer})"
        for layer, st in pal.LAYER_STYLES.items()
    )
    source = analysis.document.path or "pasted text"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading)} — media-literacy helpers report</title>",
        _PAGE_CSS,
        css(),
        "</head><body>",
        '<main class="mlv-report">',
        f'<a class="mlv-skip" href="#{uid}-text">Skip to the highlighted text</a>',
        f"<h1>{e(heading)}</h1>",
        f'<p class="mlv-meta">{e(source)} · {len(spans)} marks: {e(summary)} · '
        f"helpers {e(__version__)}</p>",
        '<div class="mlv">',
        "<h2 id='findings'>What the helper noticed</h2>",
        findings_html(analysis.findings, heading=False) or "<p>No document-level findings.</p>",
        legend_html(spans, title="How to read the marks"),
        f"<h2 id='{uid}-text'>The text, highlighted</h2>",
        "<p class='mlv-muted'>Each mark ends in a tag with its number; the numbered notes "
        "below say why it is marked. On screen, hover over a mark or Tab to it.</p>",
        article_html(analysis.document, spans, uid=uid, numbers=True),
        "</div>",
        _ledger_html(analysis),
        _charts_html(analysis) if charts else "",
        '<div class="mlv">',
        notes_html(spans, uid, title="Notes: why each mark is there"),
        "</div>",
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p)


def write_report(analysis: Analysis, path: Any) -> None:
    from pathlib import Path

    Path(path).write_text(render_report(analysis), encoding="utf-8")


__all__ = ["escape", "render_report", "write_report"]
