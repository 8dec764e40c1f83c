"""Calibrate the unsourced-claim detector on PolNeAR: does it fire where no one is cited?

PolNeAR annotates every attribution (Source, Cue, Content) of 2015-16 US political news; it has
no "unsourced claim" label.  What it does give is which sentences carry an attribution: a
sentence that some annotated Cue, Source or Content span overlaps is *attributed*, the others
are *unattributed*.  A detector of claims with no source should fire much more often on the
second group.  We report, per group, the share of sentences that an ``unattributed_claim`` span
overlaps (``fire_rate_attributed``, ``fire_rate_unattributed``), their ratio, and the share of
fired sentences that PolNeAR leaves unattributed (``unattributed_share``: the nearest thing to a
precision this corpus allows; not every unattributed sentence is a claim, so there is no
recall).

Sentences are those of the parts the detector reads (paragraphs, roles guessed from the plain
text as for a pasted article; headlines and the like are left out of both groups), split by
``helpers``' own sentence splitter.  Articles and annotators are chosen as in
``tools/calibration/attribution.py``.

Tuning and checking: the shared split (``tools/calibration/split.py``, by article); rules were
tuned on the tune part only.  Intervals are bootstrap intervals over articles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import helpers
from tools.calibration.attribution import articles, parse_ann, read_text
from tools.calibration.split import Measured, Metric, measure, ratio

NAME = "PolNeAR unsourced claims (sentences with and without attribution)"
CITATION = (
    "Newell, Margolin & Ruths (2018). An Attribution Relations Corpus for Political News. "
    "LREC 2018. networkdynamics/PolNeAR, train split."
)
# modest floors, set on the check part (tune part: ratio 6.6, share 0.74; check part: 2.8 and
# 0.55 from only ~50 marks, so the intervals are wide): it must fire well over twice as often
# where no one is cited, and at least half of what it marks must be unattributed there
FLOORS = {"check.fire_ratio": (">=", 2.5), "check.unattributed_share": (">=", 0.5)}
# what the project aims at: as clear a separation on the check part as on the tune part
GOALS = {"check.fire_ratio": (">=", 4.0), "check.unattributed_share": (">=", 0.7)}
FOLDER = "attribution_polnear/train"


def _article_counts(text: str, gold: list[tuple[str, int, int, str | None]]) -> dict[str, int]:
    """Sentences attributed and unattributed, and how many of each the detector fires on."""
    analysis = helpers.analyze(text, layers=["sourcing"])
    claims = sorted(
        (s.start, s.end) for s in analysis.layer("sourcing") if s.label == "unattributed_claim"
    )
    ann = [(a, b) for _k, a, b, _q in gold]
    groups = ("attributed", "attributed_fired", "unattributed", "unattributed_fired")
    counts = dict.fromkeys(groups, 0)
    for seg in analysis.document.by_role("paragraph"):
        for sent in seg.sentences:
            attributed = any(a < sent.end and b > sent.start for a, b in ann)
            fired = any(a < sent.end and b > sent.start for a, b in claims)
            group = "attributed" if attributed else "unattributed"
            counts[group] += 1
            counts[group + "_fired"] += fired
    return counts


def _fire_ratio(t: dict[str, np.ndarray]) -> np.ndarray:
    return ratio(
        ratio(t["unattributed_fired"], t["unattributed"]),
        ratio(t["attributed_fired"], t["attributed"]),
    )


METRICS: dict[str, Metric] = {
    "fire_rate_attributed": lambda t: ratio(t["attributed_fired"], t["attributed"]),
    "fire_rate_unattributed": lambda t: ratio(t["unattributed_fired"], t["unattributed"]),
    "fire_ratio": _fire_ratio,
    "unattributed_share": lambda t: ratio(
        t["unattributed_fired"], t["attributed_fired"] + t["unattributed_fired"]
    ),
}


def evaluate(folder: Path) -> Measured:
    """Fire rates of ``unattributed_claim`` on attributed and unattributed sentences, per part."""
    docs = (
        (txt.stem, _article_counts(read_text(txt), parse_ann(ann.read_text(encoding="utf-8"))))
        for txt, ann in articles(Path(folder))
    )
    return measure(docs, METRICS)
