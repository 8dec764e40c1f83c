"""Calibration on the Unhealthy Comments Corpus: does rhetoric tell unhealthy comments apart?

Reader comments from a newspaper site were labelled by crowd workers as healthy or as showing
unhealthy traits (antagonising, condescending, dismissive, unfair generalisation, hostile,
sarcastic).  Each comment is analysed as its own text, all of it a ``comment`` segment.  Data is
read from ``../shared/data/comments_ucc/val.csv``; nothing of it is copied into the project.

- ``unhealthy_rate``: share of comments with any unhealthy trait that get ≥ 1 rhetoric span.
- ``healthy_rate``: share of comments labelled healthy that get ≥ 1 rhetoric span.
- ``ratio``: unhealthy_rate / healthy_rate — how much more often the layer speaks up on unhealthy
  comments (discernment: it should stay quiet on ordinary, civil ones).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from helpers import analyze
from helpers.document import split_blocks

NAME = "Unhealthy Comments Corpus (UCC)"
CITATION = (
    "Price, I., Gifford-Moore, J., Flemming, J., Musker, S., Roichman, M., Sylvain, G., Thain, N., "
    "Dixon, L. & Sorensen, J. (2020). Six Attributes of Unhealthy Conversations. "
    "Proceedings of the Fourth Workshop on Online Abuse and Harms (WOAH)."
)
TARGETS = {"ratio": (">=", 3.0)}
UNHEALTHY = (
    "antagonize",
    "condescending",
    "dismissive",
    "generalisation_unfair",
    "hostile",
    "sarcastic",
)


def _flag(row: dict[str, str], key: str) -> bool:
    try:
        return float(row.get(key) or 0) == 1.0
    except ValueError:
        return False


def evaluate(data_dir: Path) -> dict[str, float | int]:
    """Rates of comments with at least one rhetoric span, unhealthy versus healthy."""
    n_un = n_un_hit = n_he = n_he_hit = 0
    un_labels: Counter[str] = Counter()
    he_labels: Counter[str] = Counter()
    with (data_dir / "val.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row.get("comment") or ""
            if not text.strip():
                continue
            unhealthy = any(_flag(row, k) for k in UNHEALTHY)
            healthy = _flag(row, "healthy")
            if not (unhealthy or healthy):
                continue
            blocks = split_blocks(text)
            result = analyze(text, ["comment"] * len(blocks), layers=("rhetoric",))
            spans = result.layer("rhetoric")
            labels = {s.label for s in spans}
            if unhealthy:
                n_un += 1
                n_un_hit += bool(spans)
                un_labels.update(labels)
            if healthy:
                n_he += 1
                n_he_hit += bool(spans)
                he_labels.update(labels)
    un_rate = n_un_hit / n_un if n_un else 0.0
    he_rate = n_he_hit / n_he if n_he else 0.0
    out: dict[str, float | int] = {
        "unhealthy_rate": round(un_rate, 3),
        "healthy_rate": round(he_rate, 3),
        "ratio": round(un_rate / he_rate, 2) if he_rate else float("inf"),
        "unhealthy": n_un,
        "healthy": n_he,
    }
    for label in sorted(set(un_labels) | set(he_labels)):
        out[f"unhealthy_{label}"] = un_labels[label]
        out[f"healthy_{label}"] = he_labels[label]
    return out
