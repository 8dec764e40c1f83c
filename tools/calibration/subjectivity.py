"""NewsSD-ENG: does "this sentence has a framing or rhetoric mark" separate subjective sentences?

The corpus labels single news sentences OBJ or SUBJ.  The helpers do not classify sentences;
we ask a simpler, explainable question of their output: a sentence *predicted* SUBJ is one
where the framing or rhetoric analyzer marks anything at all.  Each sentence is analysed on its
own, as one ``paragraph`` (its internal whitespace runs folded to single spaces so it stays one
block).  The figure is the macro-F1 over the two classes on the train and val files together
(both are calibration data here; the test split is held out elsewhere).
"""

from __future__ import annotations

import csv
from pathlib import Path

import helpers

NAME = "NewsSD-ENG (subjectivity)"
FOLDER = "subjectivity_newssd"
CITATION = (
    "Antici, F. et al. (2023). A Corpus for Sentence-level Subjectivity Detection on English News "
    "Articles (NewsSD-ENG; CheckThat! 2023 Task 2). nlp-unibo/newssd-eng, CC BY 4.0."
)
NOTE = "train + val files together (830 sentences); SUBJ predicted = any framing/rhetoric span"
TARGETS: dict[str, tuple[str, float]] = {"macro_f1": (">=", 0.60)}
SPLITS = ("train", "val")
MARKING_LAYERS = frozenset({"framing", "rhetoric"})


def read_sentences(data_dir: Path) -> list[tuple[str, bool]]:
    """(sentence, is_subjective) from every split file that is present."""
    rows: list[tuple[str, bool]] = []
    for split in SPLITS:
        path = data_dir / f"{split}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                label = (row.get("Label") or "").strip().upper()
                text = " ".join((row.get("Sentence") or "").split())
                if text and label in ("OBJ", "SUBJ"):
                    rows.append((text, label == "SUBJ"))
    return rows


def is_marked(sentence: str) -> bool:
    """True when the framing or rhetoric analyzer puts any span on the sentence."""
    analysis = helpers.analyze(sentence, ["paragraph"])
    return any(s.layer in MARKING_LAYERS for s in analysis.spans)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(data_dir: Path) -> dict[str, float | int]:
    """Macro-F1 and per-class precision/recall of "marked ⇒ subjective"."""
    rows = read_sentences(Path(data_dir))
    if not rows:
        raise FileNotFoundError(f"{data_dir}: no train.csv/val.csv with Sentence and Label columns")
    tp = fp = fn = tn = 0
    for text, subj in rows:
        marked = is_marked(text)
        if marked and subj:
            tp += 1
        elif marked:
            fp += 1
        elif subj:
            fn += 1
        else:
            tn += 1
    p_subj, r_subj, f_subj = _prf(tp, fp, fn)
    p_obj, r_obj, f_obj = _prf(tn, fn, fp)
    return {
        "macro_f1": round((f_subj + f_obj) / 2, 3),
        "subj_precision": round(p_subj, 3),
        "subj_recall": round(r_subj, 3),
        "obj_precision": round(p_obj, 3),
        "obj_recall": round(r_obj, 3),
        "sentences": len(rows),
        "subj_sentences": tp + fn,
        "obj_sentences": tn + fp,
        "predicted_subj": tp + fp,
    }
