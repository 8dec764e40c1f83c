"""Calibration on the Propaganda Techniques Corpus (SemEval-2020 Task 11): rhetoric + loaded words.

Measures the comment-rhetoric layer (and the framing layer's ``loaded_language``) on news articles
whose propaganda techniques were marked by trained annotators.  Data is read from
``../shared/data/propaganda_ptc`` (``articles/article<ID>.txt`` + ``labels.tsv``); nothing of it
is copied into the project.  Figures:

- ``precision``: share of our spans (framing ``loaded_language`` + all rhetoric) that overlap an
  annotated technique span — when we mark something, is it propaganda to a trained eye?
- ``rhetoric_precision``: the same for rhetoric spans only.
- ``loaded_name_recall``: share of Loaded_Language and Name_Calling,Labeling spans overlapped by
  any of our framing-or-rhetoric spans.
- ``offsets_ok``: share of annotated spans whose ends fall on word boundaries (a check that the
  texts are read exactly as annotated: raw, ``newline=""``).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from helpers import analyze
from helpers.spans import Span, match_spans
from tools.calibration.split import Measured, Metric, measure, ratio

NAME = "PTC propaganda techniques (SemEval-2020 Task 11)"
CITATION = (
    "Da San Martino, G., Yu, S., Barrón-Cedeño, A., Petrov, R. & Nakov, P. (2019). Fine-Grained "
    "Analysis of Propaganda in News Articles. EMNLP-IJCNLP 2019; SemEval-2020 Task 11."
)
UNIT = "article"  # the document unit of the tune/check split
FLOORS = {"check.precision": (">=", 0.50), "check.loaded_name_recall": (">=", 0.30)}
GOALS = {"check.loaded_name_recall": (">=", 0.40), "check.precision": (">=", 0.60)}
RECALL_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def _read_labels(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["article_id"]].append((row["technique"], int(row["start"]), int(row["end"])))
    return out


def _on_boundary(text: str, start: int, end: int) -> bool:
    left = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    right = end >= len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return left and right


def article_counts(text: str, labels: list[tuple[str, int, int]]) -> dict[str, int]:
    """One article's counts: our spans and hits (all, rhetoric, per label), recall, offsets."""
    refs = [Span(s, e, "rhetoric", tech) for tech, s, e in labels if 0 <= s < e <= len(text)]
    result = analyze(text, layers=("framing", "rhetoric"))
    framing = [s for s in result.layer("framing") if s.label == "loaded_language"]
    rhetoric = result.layer("rhetoric")
    pred = framing + rhetoric
    m = match_spans(pred, refs, same_layer=False)
    mr = match_spans(rhetoric, refs, same_layer=False)
    mt = match_spans(pred, [r for r in refs if r.label in RECALL_TECHNIQUES], same_layer=False)
    out: Counter[str] = Counter(
        predicted=m.n_predicted,
        predicted_hits=m.n_predicted - len(m.false_alarms),
        rhetoric=mr.n_predicted,
        rhetoric_hits=mr.n_predicted - len(mr.false_alarms),
        reference_loaded_name=mt.n_reference,
        loaded_name_found=len(mt.found),
        reference=len(refs),
        reference_on_boundary=sum(_on_boundary(text, r.start, r.end) for r in refs),
        spans_framing_loaded_language=len(framing),
    )
    for p, _r in mr.hits:
        out[f"hits_rhetoric_{p.label}"] += 1
    for p in rhetoric:
        out[f"spans_rhetoric_{p.label}"] += 1
    return dict(out)


METRICS: dict[str, Metric] = {
    "precision": lambda t: ratio(t["predicted_hits"], t["predicted"]),
    "rhetoric_precision": lambda t: ratio(t["rhetoric_hits"], t["rhetoric"]),
    "loaded_name_recall": lambda t: ratio(t["loaded_name_found"], t["reference_loaded_name"]),
    "offsets_ok": lambda t: ratio(t["reference_on_boundary"], t["reference"]),
}


def _label_precision(label: str) -> Metric:
    """Precision of one rhetoric label (a label with no hit anywhere has no hits column)."""
    hits, spans = f"hits_rhetoric_{label}", f"spans_rhetoric_{label}"
    return lambda t: ratio(t[hits] if hits in t else 0 * t[spans], t[spans])


def evaluate(data_dir: Path) -> Measured:
    """Precision of our marks and recall of loaded words / name-calling, per part.

    The document unit of the split is the article (its PTC id).
    """
    labels = _read_labels(data_dir / "labels.tsv")
    docs = []
    for art in sorted((data_dir / "articles").glob("article*.txt")):
        art_id = art.stem.removeprefix("article")
        with art.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        docs.append((art_id, article_counts(text, labels.get(art_id, []))))
    prefix = "spans_rhetoric_"
    found = sorted({k.removeprefix(prefix) for _, c in docs for k in c if k.startswith(prefix)})
    per_label = {f"precision_{label}": _label_precision(label) for label in found}
    return measure(docs, METRICS | per_label)
