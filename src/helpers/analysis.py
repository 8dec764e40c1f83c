"""``analyze(text)``: run the three analyzers on a document and gather one :class:`Analysis`.

The analyzers (``helpers.analyzers.sourcing``, ``.framing``, ``.rhetoric``) are pure functions
``analyze(doc) -> LayerResult``.  This module merges their spans, per-segment metrics and
findings, adds the findings that need more than one layer (where a piece turns from reporting
to opinion), and serialises everything in the documented JSON shape (``helpers.analysis/1``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analyzers import REGISTRY, Registered
from .contract import Finding, LayerResult
from .document import Document
from .findings import cross_layer_findings
from .spans import LAYERS, Span

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd

    from .lexicon import Lexicon

SCHEMA = "helpers.analysis/1"
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_safe(value: Any) -> Any:
    """``value`` with every surrogate code point in its strings replaced by U+FFFD.

    A Python string may hold surrogates (text read with ``errors="surrogateescape"``, or
    written as ``"\\ud800"``), which UTF-8 cannot encode: ``json.dumps`` passes them on and the
    write of the JSON fails.  One character is replaced by one, so every offset stays valid.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {_json_safe(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_json_safe(v) for v in value)
    return value


@dataclass(frozen=True)
class Analysis:
    """Everything the helpers found in one text, ready for views, quizzes and JSON."""

    document: Document
    spans: tuple[Span, ...]
    findings: tuple[Finding, ...]
    segment_metrics: tuple[dict[str, Any], ...]
    segment_sourced: tuple[bool, ...]
    layers: Mapping[str, LayerResult]

    @property
    def text(self) -> str:
        return self.document.text

    def layer(self, name: str) -> list[Span]:
        return [s for s in self.spans if s.layer == name]

    def label(self, *labels: str) -> list[Span]:
        return [s for s in self.spans if s.label in labels]

    def finding(self, kind: str) -> Finding | None:
        return next((f for f in self.findings if f.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (DESIGN.md §3, schema ``helpers.analysis/1``).

        It describes the text with each surrogate code point (a lone surrogate, which UTF-8
        cannot encode) replaced by U+FFFD, one character for one: ``start``/``end`` are the
        same Python ``str`` indices into either text, ``chars`` is the same, each span's
        ``text`` is the replaced slice and ``text_sha256`` is the hash of the replaced text in
        UTF-8 (for text without surrogates, simply of the text).
        """
        doc = self.document
        text = _json_safe(doc.text)
        out = {
            "schema": SCHEMA,
            "text_sha256": doc.sha256,  # of the text with surrogates replaced, as here
            "chars": len(doc.text),
            "words": len(_WORD.findall(doc.text)),
            "roles_from": doc.roles_from,
            "segments": [
                {
                    "index": seg.index,
                    "role": seg.role,
                    "start": seg.start,
                    "end": seg.end,
                    "sourced": self.segment_sourced[seg.index],
                    "metrics": self.segment_metrics[seg.index],
                }
                for seg in doc.segments
            ],
            "spans": [s.to_dict() for s in self.spans],
            "findings": [f.to_dict() for f in self.findings],
        }
        # every string here is a slice of the text or comes from the lexicons and the code
        # (UTF-8 files): only a text holding a surrogate needs the walk (4x the cost of to_dict)
        return _json_safe(out) if text is not doc.text else out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """A tidy table of spans: one row per span, with its segment and role."""
        import pandas as pd

        rows = []
        for s in self.spans:
            seg = self.document.segment_at(s.start)
            rows.append(
                {
                    "layer": s.layer,
                    "label": s.label,
                    "text": s.text,
                    "segment": None if seg is None else seg.index,
                    "role": None if seg is None else seg.role,
                    "start": s.start,
                    "end": s.end,
                    "source": s.source,
                    "source_type": s.source_type,
                    "explanation": s.explanation,
                    "rule": s.rule,
                }
            )
        columns = ["layer", "label", "text", "segment", "role", "start", "end"]
        columns += ["source", "source_type", "explanation", "rule"]
        return pd.DataFrame(rows, columns=columns)

    def ledger(self) -> pd.DataFrame:
        """The sourcing ledger: per paragraph, who is cited, what kind, and what is unsourced.

        Rows are indexed by the article's line number as the lessons count it and every view
        shows it (``Segment.number``: parts counted, headline = line 1, blank lines skipped).
        """
        import pandas as pd

        rows = [row.to_dict() for row in self.layers["sourcing"].ledger]
        columns = ["segment", "role", "sources", "source_types", "attributions"]
        columns += ["unattributed_claims", "sentences_without_source", "sourced"]
        frame = pd.DataFrame(rows, columns=columns)
        lines = [self.document.segments[i].number for i in frame["segment"]]
        return frame.drop(columns="segment").set_axis(pd.Index(lines, name="line"), axis=0)

    # A cell that ends with an analysis shows a summary, never the whole dataclass (132 000
    # characters for the seed article).
    def _summary(self) -> str:
        counts = ", ".join(f"{layer} {len(self.layer(layer))}" for layer in LAYERS)
        n, parts = len(self.findings), len(self.document.segments)
        return (
            f"{len(self.text):,} characters, {parts} part{'' if parts == 1 else 's'}; "
            f"marks: {counts}; {n} finding{'' if n == 1 else 's'}"
        )

    def __repr__(self) -> str:
        return f"<Analysis: {self._summary()}>"

    def _repr_html_(self) -> str:
        from html import escape

        from .views.highlight import Highlight

        view = Highlight(self.document, self.spans, analysis=self, findings=True).html()
        return (
            f'<p class="mlv-summary">{escape(self._summary())} — {len(self.spans)} marks in all. '
            "Hover over, Tab to or click a mark to see why it is there.</p>\n" + view
        )


ANALYZERS: tuple[str, ...] = tuple(REGISTRY)


def _registered(name: str) -> Registered:
    """The registry's analyzer for a layer name, or an error that lists the real ones."""
    entry = REGISTRY.get(name)
    if entry is None:
        raise ValueError(f"no analyzer called {name!r}: the layers are {', '.join(REGISTRY)}")
    return entry


def analyze(
    text: str | Document,
    structure: Mapping[str, Any] | Sequence[str] | str | Path | None = None,
    *,
    layers: Iterable[str] = ANALYZERS,
    lexicons: Mapping[str, Lexicon] | None = None,
) -> Analysis:
    """Analyse a text (or a loaded :class:`Document`) on the three layers.

    ``structure`` gives the roles of the text's lines (a structure.json path or dict, or a list
    of roles); without it roles are guessed, and a ``--- comments ---`` line marks the comments.
    ``lexicons`` maps a layer to a lexicon of one's own that replaces the shipped one, e.g.
    ``analyze(text, lexicons={"framing": load_lexicon_file("my-words.toml")})``.
    """
    lexicons = dict(lexicons or {})
    chosen = [_registered(name) for name in layers]
    for name in lexicons:
        _registered(name)
    doc = text if isinstance(text, Document) else Document.from_text(text, structure)
    results = {entry.layer: entry.run(doc, lexicons.get(entry.layer)) for entry in chosen}
    return assemble(doc, results)


def assemble(doc: Document, results: Mapping[str, LayerResult]) -> Analysis:
    """Merge layer results into one :class:`Analysis` (spans sorted, metrics per segment).

    Layers missing from ``results`` count as having found nothing; every segment gets each
    registered analyzer's promised metrics (zero unless the analyzer set them).
    """
    results = {name: results.get(name) or LayerResult() for name in ANALYZERS}
    spans: list[Span] = []
    findings: list[Finding] = []
    n = len(doc.segments)
    metrics: list[dict[str, Any]] = [{} for _ in range(n)]
    sourced = [False] * n
    for res in results.values():
        spans.extend(res.spans)
        findings.extend(res.findings)
        for idx, m in res.metrics.items():
            metrics[idx].update(m)
        for idx, flag in res.sourced.items():
            sourced[idx] = sourced[idx] or flag
    defaults = {k: v for entry in REGISTRY.values() for k, v in entry.metrics.items()}
    for m in metrics:
        for key, value in defaults.items():
            m.setdefault(key, value)
    spans.sort(key=lambda s: (s.start, -s.end, s.layer, s.label))
    findings.extend(cross_layer_findings(doc, metrics, sourced))
    return Analysis(
        document=doc,
        spans=tuple(spans),
        findings=tuple(findings),
        segment_metrics=tuple(metrics),
        segment_sourced=tuple(sourced),
        layers=results,
    )
