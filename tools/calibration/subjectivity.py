"""NewsSD-ENG: does "this sentence has a framing or rhetoric mark" separate subjective sentences?

The corpus labels single news sentences OBJ or SUBJ.  The helpers do not classify sentences;
we ask a simpler, explainable question of their output: a sentence *predicted* SUBJ is one
where the framing or rhetoric analyzer marks anything other than a hedge.  Hedges are left out
because NewsSD's annotators label hedged reporting ("could", "is expected to", "alleged") as
objective: a guess reported is not an opinion (a decision made on the tune part; the figure
with hedges counted, ``macro_f1_any_mark``, is reported beside it).  Each sentence is
analysed on its own, as one ``paragraph`` (its internal whitespace runs folded to single spaces
so it stays one block).  The figure is the macro-F1 over the two classes on the train and val
files together (both are calibration data here; the test split is held out elsewhere).
"""

from __future__ import annotations

import csv
from pathlib import Path

import helpers
from tools.calibration.split import Measured, Metric, f1, measure, ratio

NAME = "NewsSD-ENG (subjectivity)"
FOLDER = "subjectivity_newssd"
CITATION = (
    "Antici, F. et al. (2023). A Corpus for Sentence-level Subjectivity Detection on English News "
    "Articles (NewsSD-ENG; CheckThat! 2023 Task 2). nlp-unibo/newssd-eng, CC BY 4.0."
)
NOTE = (
    "train + val files together (830 sentences); SUBJ predicted = any framing/rhetoric span "
    "other than a hedge"
)
UNIT = "sentence"  # the document unit of the tune/check split
FLOORS: dict[str, tuple[str, float]] = {"check.macro_f1": (">=", 0.60)}
GOALS: dict[str, tuple[str, float]] = {"check.macro_f1": (">=", 0.68)}
SPLITS = ("train", "val")
MARKING_LAYERS = frozenset({"framing", "rhetoric"})
NOT_OPINION = frozenset({"hedge"})  # uncertainty, not evaluation: NewsSD calls it objective


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


def marks(sentence: str) -> tuple[bool, bool]:
    """(an opinion mark: framing or rhetoric other than a hedge, any framing or rhetoric mark)."""
    analysis = helpers.analyze(sentence, ["paragraph"])
    spans = [s for s in analysis.spans if s.layer in MARKING_LAYERS]
    return any(s.label not in NOT_OPINION for s in spans), bool(spans)


def is_marked(sentence: str) -> bool:
    """True when the framing or rhetoric analyzer puts an opinion mark on the sentence."""
    return marks(sentence)[0]


def _cell(marked: bool, subj: bool, suffix: str = "") -> str:
    return (("tp" if subj else "fp") if marked else ("fn" if subj else "tn")) + suffix


METRICS: dict[str, Metric] = {
    "macro_f1": lambda t: (f1(t["tp"], t["fp"], t["fn"]) + f1(t["tn"], t["fn"], t["fp"])) / 2,
    "subj_precision": lambda t: ratio(t["tp"], t["tp"] + t["fp"]),
    "subj_recall": lambda t: ratio(t["tp"], t["tp"] + t["fn"]),
    "obj_precision": lambda t: ratio(t["tn"], t["tn"] + t["fn"]),
    "obj_recall": lambda t: ratio(t["tn"], t["tn"] + t["fp"]),
    "macro_f1_any_mark": lambda t: (
        (f1(t["tp_any"], t["fp_any"], t["fn_any"]) + f1(t["tn_any"], t["fn_any"], t["fp_any"])) / 2
    ),
}


def evaluate(data_dir: Path) -> Measured:
    """Macro-F1 and per-class precision/recall of "marked ⇒ subjective", per part.

    The corpus gives no article ids, so the document unit of the split is the sentence, named
    by its text (whitespace folded): a sentence that occurs twice is one document.
    """
    rows = read_sentences(Path(data_dir))
    if not rows:
        raise FileNotFoundError(f"{data_dir}: no train.csv/val.csv with Sentence and Label columns")
    docs = []
    zero = {k + x: 0 for k in ("tp", "fp", "fn", "tn") for x in ("", "_any")}
    for text, subj in rows:
        opinion, any_mark = marks(text)
        counts = zero | {"sentences": 1, _cell(opinion, subj): 1, _cell(any_mark, subj, "_any"): 1}
        docs.append((text, counts))
    return measure(docs, METRICS)
