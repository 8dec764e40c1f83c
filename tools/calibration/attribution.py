"""Calibrate the sourcing analyzer on PolNeAR (political news attribution, train split).

PolNeAR annotates every attribution in 2015-16 US political news as a Source, a Cue and a
Content span (brat standoff, one ``.ann`` file per article and annotator).  We measure:

- ``cue_recall``: the share of annotated Cue spans that some sourcing span overlaps (any shared
  character).  Cues are the words a student must notice ("said", "according to").
- ``precision``: the share of our attribution and vague-attribution spans that overlap an
  annotated Source or Cue span.  Quotation spans mark *content*, not who says so, so they are
  scored separately as ``quotation_precision`` against Content spans.

Annotators: most articles have one annotator; 16 have five or six.  For those we take the
annotator whose id sorts first.  That is deterministic and keeps one consistent reading per
article; the union of several readings would credit us for any annotator's extra cues and
inflate precision.

Texts are read as bytes and decoded as UTF-8 so character offsets match the annotations
(``verify_offsets`` checks the quoted text of every span of a sample).  All 840 train articles
are evaluated (about 5 s); the document unit of the tune/check split is the article.  Roles are
guessed from the plain text, as for a pasted article.
"""

from __future__ import annotations

import re
from pathlib import Path

import helpers
from helpers.spans import Span, match_spans
from tools.calibration.split import Measured, Metric, measure, ratio

NAME = "PolNeAR attribution (train split)"
CITATION = (
    "Newell, Margolin & Ruths (2018). An Attribution Relations Corpus for Political News. "
    "LREC 2018. networkdynamics/PolNeAR, train split."
)
UNIT = "article"  # the document unit of the tune/check split
FLOORS = {"check.cue_recall": (">=", 0.60), "check.precision": (">=", 0.75)}
GOALS = {"check.cue_recall": (">=", 0.70), "check.precision": (">=", 0.80)}

_LINE = re.compile(r"^T(\d+)\t(\w[\w-]*) ([\d ;]+)\t(.*)$")
_KINDS = {"Source": "source", "Cue": "cue", "Content": "content"}


def read_text(path: Path) -> str:
    """The article text exactly as annotated (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def parse_ann(ann: str) -> list[tuple[str, int, int, str | None]]:
    """(kind, start, end, quoted text) for every Source/Cue/Content fragment of a .ann file.

    Only lines matching ``^[TE]\\d+\\t`` are annotations (content text may run over several
    lines; the continuation lines and annotator notes are skipped).  A discontinuous span
    ``a b;c d`` gives one fragment per piece; its quoted text (of the whole span) is then None.
    """
    out = []
    for line in ann.split("\n"):
        m = _LINE.match(line)
        if m is None or m.group(2) not in _KINDS:
            continue
        kind = _KINDS[m.group(2)]
        pieces = m.group(3).split(";")
        for piece in pieces:
            a, b = piece.split()
            out.append((kind, int(a), int(b), m.group(4) if len(pieces) == 1 else None))
    return out


def articles(data_dir: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs, one annotator per article (the id that sorts first)."""
    root = data_dir / "train" if (data_dir / "train").is_dir() else data_dir
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    pairs = []
    for stem, ann in sorted(chosen.items()):
        txt = root / "text" / f"{stem}.txt"
        if txt.is_file():
            pairs.append((txt, ann))
    return pairs


def verify_offsets(data_dir: Path, sample: int = 20) -> int:
    """Check that annotated offsets quote the right text; returns the number of spans checked."""
    checked = 0
    for txt, ann in articles(data_dir)[:sample]:
        text = read_text(txt)
        for _kind, a, b, quoted in parse_ann(ann.read_text(encoding="utf-8")):
            piece = text[a:b]
            if quoted is None or "\n" in piece:
                continue  # multi-line or discontinuous: only the first line is quoted
            if piece != quoted:
                raise AssertionError(f"{ann.name}: [{a},{b}) is {piece!r}, annotated {quoted!r}")
            checked += 1
    return checked


def article_counts(txt: Path, ann: Path) -> dict[str, int]:
    """One article's counts: annotated cues and those found, our spans and those that hit."""
    text = read_text(txt)
    gold = parse_ann(ann.read_text(encoding="utf-8"))
    ref_cue = [Span(a, b, "sourcing", "cue") for k, a, b, _q in gold if k == "cue"]
    ref_src = [Span(a, b, "sourcing", k) for k, a, b, _q in gold if k in ("cue", "source")]
    ref_content = [Span(a, b, "sourcing", k) for k, a, b, _q in gold if k == "content"]
    spans = helpers.analyze(text, layers=["sourcing"]).layer("sourcing")
    attrib = [s for s in spans if s.label in ("attribution", "vague_attribution")]
    quotes = [s for s in spans if s.label == "quotation"]
    recall = match_spans(attrib, ref_cue)
    prec = match_spans(attrib, ref_src)
    qp = match_spans(quotes, ref_content)
    return {
        "words": len(text.split()),
        "cues": recall.n_reference,
        "cues_found": len(recall.found),
        "predicted": prec.n_predicted,
        "predicted_hits": prec.n_predicted - len(prec.false_alarms),
        "quotations": qp.n_predicted,
        "quotation_hits": qp.n_predicted - len(qp.false_alarms),
    }


METRICS: dict[str, Metric] = {
    "cue_recall": lambda t: ratio(t["cues_found"], t["cues"]),
    "precision": lambda t: ratio(t["predicted_hits"], t["predicted"]),
    "quotation_precision": lambda t: ratio(t["quotation_hits"], t["quotations"]),
}


def evaluate(data_dir: Path) -> Measured:
    """Cue recall and attribution precision of the sourcing layer, per part (document: article)."""
    docs = ((txt.stem, article_counts(txt, ann)) for txt, ann in articles(data_dir))
    return measure(docs, METRICS)
