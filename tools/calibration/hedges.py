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
from tools.calibration.split import Measured, Metric, f1, measure, ratio

NAME = "FactBank / Szeged Uncertainty (hedges)"
FOLDER = "hedges_factbank"
CITATION = (
    "Szarvas, G. et al. (2012). Cross-genre and cross-domain detection of semantic uncertainty. "
    "Computational Linguistics 38(2) (Szeged Uncertainty Corpus, FactBank part); FactBank: "
    "Saurí & Pustejovsky (2009)."
)
NOTE = "the shared copy: half of FactBank's documents; sentence = uncertain when it has any cue"
UNIT = "news document (`doc`)"  # the document unit of the tune/check split
FLOORS: dict[str, tuple[str, float]] = {
    "check.sentence_f1": (">=", 0.60),
    "check.cue_recall": (">=", 0.60),
}
GOALS: dict[str, tuple[str, float]] = {"check.sentence_f1": (">=", 0.78)}


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


def sentence_counts(row: dict) -> dict[str, int]:
    """One sentence's confusion cell (tp/fp/fn/tn) and its cues found."""
    text = row["text"]
    pred = hedge_spans(text)
    ref = [
        Span(c["start"], c["end"], "framing", "hedge", text=text[c["start"] : c["end"]])
        for c in row.get("cues", [])
    ]
    found = len(helpers.match_spans(pred, ref).found) if ref else 0
    cell = ("tp" if ref else "fp") if pred else ("fn" if ref else "tn")
    return {"sentences": 1, cell: 1, "cues": len(ref), "cues_found": found}


METRICS: dict[str, Metric] = {
    "sentence_f1": lambda t: f1(t["tp"], t["fp"], t["fn"]),
    "sentence_precision": lambda t: ratio(t["tp"], t["tp"] + t["fp"]),
    "sentence_recall": lambda t: ratio(t["tp"], t["tp"] + t["fn"]),
    "cue_recall": lambda t: ratio(t["cues_found"], t["cues"]),
}


def evaluate(data_dir: Path) -> Measured:
    """Sentence-level precision/recall/F1 and cue recall of the hedge marks, per part.

    The document unit of the split is FactBank's ``doc`` (a news article): its sentences stay
    together in one part and are resampled together.
    """
    rows = read_sentences(data_dir)
    cells = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}  # every cell a column, even if never filled
    return measure(((row["doc"], cells | sentence_counts(row)) for row in rows), METRICS)
