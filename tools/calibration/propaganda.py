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
from collections import defaultdict
from pathlib import Path

from helpers import analyze
from helpers.spans import Span, match_spans

NAME = "PTC propaganda techniques (SemEval-2020 Task 11)"
CITATION = (
    "Da San Martino, G., Yu, S., Barrón-Cedeño, A., Petrov, R. & Nakov, P. (2019). Fine-Grained "
    "Analysis of Propaganda in News Articles. EMNLP-IJCNLP 2019; SemEval-2020 Task 11."
)
TARGETS = {"precision": (">=", 0.50), "loaded_name_recall": (">=", 0.30)}
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


def evaluate(data_dir: Path) -> dict[str, float | int]:
    """Precision of our marks and recall of loaded words / name-calling over the corpus."""
    labels = _read_labels(data_dir / "labels.tsv")
    pred_all: list[Span] = []
    n_pred = n_hit = n_rh = n_rh_hit = 0
    n_ref_recall = n_found = 0
    n_ref = n_ok = 0
    layer_counts: dict[str, int] = defaultdict(int)
    label_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for art in sorted((data_dir / "articles").glob("article*.txt")):
        art_id = art.stem.removeprefix("article")
        with art.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        refs = [
            Span(s, e, "rhetoric", tech)
            for tech, s, e in labels.get(art_id, [])
            if 0 <= s < e <= len(text)
        ]
        n_ref += len(refs)
        n_ok += sum(_on_boundary(text, r.start, r.end) for r in refs)
        result = analyze(text, layers=("framing", "rhetoric"))
        framing = [s for s in result.layer("framing") if s.label == "loaded_language"]
        rhetoric = result.layer("rhetoric")
        layer_counts["framing_loaded_language"] += len(framing)
        layer_counts["rhetoric"] += len(rhetoric)
        pred = framing + rhetoric
        m = match_spans(pred, refs, same_layer=False)
        n_pred += m.n_predicted
        n_hit += m.n_predicted - len(m.false_alarms)
        mr = match_spans(rhetoric, refs, same_layer=False)
        n_rh += mr.n_predicted
        n_rh_hit += mr.n_predicted - len(mr.false_alarms)
        for p, _r in mr.hits:
            label_hits[p.label][0] += 1
        for p in mr.false_alarms:
            label_hits[p.label][1] += 1
        target = [r for r in refs if r.label in RECALL_TECHNIQUES]
        mt = match_spans(pred, target, same_layer=False)
        n_ref_recall += mt.n_reference
        n_found += len(mt.found)
        pred_all.extend(pred)
    out: dict[str, float | int] = {
        "precision": round(n_hit / n_pred, 3) if n_pred else 1.0,
        "rhetoric_precision": round(n_rh_hit / n_rh, 3) if n_rh else 1.0,
        "loaded_name_recall": round(n_found / n_ref_recall, 3) if n_ref_recall else 1.0,
        "predicted": n_pred,
        "reference_loaded_name": n_ref_recall,
        "offsets_ok": round(n_ok / n_ref, 3) if n_ref else 1.0,
    }
    out.update({f"spans_{k}": v for k, v in sorted(layer_counts.items())})
    for label, (hit, miss) in sorted(label_hits.items()):
        out[f"precision_{label}"] = round(hit / (hit + miss), 3)
        out[f"spans_rhetoric_{label}"] = hit + miss
    return out
