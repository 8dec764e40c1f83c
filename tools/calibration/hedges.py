"""FactBank (Szeged Uncertainty Corpus): do the hedge marks find uncertain news sentences?

Each sentence is analysed on its own, as one ``paragraph``.  A sentence is *uncertain* in the
corpus when it has any speculation cue; it is *predicted* uncertain when the framing analyzer
puts a ``hedge`` span on it.  ``cue_recall`` is the share of the corpus cues overlapped by a
hedge span (the one overlap routine, :func:`helpers.match_spans`).
"""

from __future__ import annotations

import json
from pathlib import Path

import helpers
from helpers.spans import Span

NAME = "FactBank / Szeged Uncertainty (hedges)"
FOLDER = "hedges_factbank"
CITATION = (
    "Szarvas, G. et al. (2012). Cross-genre and cross-domain detection of semantic uncertainty. "
    "Computational Linguistics 38(2) (Szeged Uncertainty Corpus, FactBank part); FactBank: "
    "Saurí & Pustejovsky (2009)."
)
NOTE = "calibration half of the documents; sentence = uncertain when it has any cue"
TARGETS: dict[str, tuple[str, float]] = {
    "sentence_f1": (">=", 0.60),
    "cue_recall": (">=", 0.60),
}


def read_sentences(data_dir: Path) -> list[dict]:
    path = Path(data_dir) / "sentences.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def hedge_spans(sentence: str) -> list[Span]:
    """The framing analyzer's hedge spans on one sentence analysed as a paragraph."""
    analysis = helpers.analyze(sentence, ["paragraph"], layers=["framing"])
    return [s for s in analysis.spans if s.label == "hedge"]


def evaluate(data_dir: Path) -> dict[str, float | int]:
    """Sentence-level precision/recall/F1 and cue recall of the hedge marks."""
    rows = read_sentences(data_dir)
    tp = fp = fn = tn = 0
    cues = cues_found = 0
    for row in rows:
        text = row["text"]
        pred = hedge_spans(text)
        ref = [
            Span(c["start"], c["end"], "framing", "hedge", text=text[c["start"] : c["end"]])
            for c in row.get("cues", [])
        ]
        if ref:
            match = helpers.match_spans(pred, ref)
            cues += len(ref)
            cues_found += len(match.found)
        if pred and ref:
            tp += 1
        elif pred:
            fp += 1
        elif ref:
            fn += 1
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "sentence_f1": round(f, 3),
        "sentence_precision": round(p, 3),
        "sentence_recall": round(r, 3),
        "cue_recall": round(cues_found / cues, 3) if cues else 0.0,
        "sentences": len(rows),
        "uncertain_sentences": tp + fn,
        "predicted_uncertain": tp + fp,
        "cues": cues,
    }
