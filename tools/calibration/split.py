"""The tuning/check split and the bootstrap intervals every corpus module reports through.

Rules were adjusted while the calibration figures were visible, so a figure measured on the
same texts says how well they were *fitted*, not how well they *generalise*.  Each corpus is
therefore cut, by document, into a **tuning** part (look at it freely while writing rules) and a
**check** part (where the floors and the goals are set).  The rule is stable and independent of
file order: a document goes to ``check`` when the first byte of the SHA-256 of its id (UTF-8)
is odd, else to ``tune`` — about half each, and a document never changes part when others are
added or removed.

Each figure comes with a 95 % bootstrap interval over documents: the documents of a part are
resampled with replacement (:data:`RESAMPLES` times, fixed :data:`SEED`), the figure is
recomputed from the resampled per-document counts (the analyzers run once, never per
resample), and the 2.5th and 97.5th percentiles are the interval (resamples where a figure is
undefined, e.g. a precision with nothing marked, are left out of its interval).  A corpus
module turns each document into a row of counts and declares its figures as functions of
summed counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

PARTS = ("tune", "check")
RESAMPLES = 1000
SEED = 15  # the issue that asked for the split; any fixed value keeps the intervals stable
LEVEL = 0.95

# A figure as a function of a part's summed counts; numpy arrays in, so that one call computes
# it for the part (0-d arrays) or for every resample at once (1-d arrays).
Metric = Callable[[Mapping[str, np.ndarray]], np.ndarray]


def part_of(doc_id: str) -> str:
    """``"check"`` when the first byte of sha256(id) is odd, else ``"tune"``."""
    return "check" if hashlib.sha256(doc_id.encode("utf-8")).digest()[0] % 2 else "tune"


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is 0 (an undefined figure, not a perfect or a zero one)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 from counts (0 when there are no true positives, NaN when nothing is defined)."""
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return np.where(np.nan_to_num(p + r) > 0, ratio(2 * p * r, p + r), 0.0)


@dataclass
class Measured:
    """A corpus module's figures (``tune.<name>``, ``check.<name>``) and their intervals."""

    figures: dict[str, float | int] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)


def _round(x: float) -> float:
    return round(float(x), 3)


def measure(
    docs: Iterable[tuple[str, Mapping[str, float]]],
    metrics: Mapping[str, Metric],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Measured:
    """Figures per part with bootstrap intervals, from one row of counts per document.

    ``docs`` gives (document id, counts); rows with the same id are one document (summed).
    Every count is reported summed per part (``<part>.<count>``, plus ``<part>.documents``);
    every metric as its point figure and a percentile interval over ``resamples`` resamples.
    """
    rows: dict[str, dict[str, float]] = {}
    for doc_id, counts in docs:
        row = rows.setdefault(doc_id, {})
        for key, value in counts.items():
            row[key] = row.get(key, 0.0) + float(value)
    keys = sorted({k for row in rows.values() for k in row})
    out = Measured()
    alpha = (1 - LEVEL) / 2 * 100
    for part in PARTS:
        ids = sorted(i for i in rows if part_of(i) == part)
        table = np.array([[rows[i].get(k, 0.0) for k in keys] for i in ids]).reshape(-1, len(keys))
        totals = table.sum(axis=0)
        point = {k: totals[j] for j, k in enumerate(keys)}
        rng = np.random.default_rng(seed)
        n = len(ids)
        weights = rng.multinomial(n, [1 / n] * n, size=resamples) if n else np.zeros((0, 0))
        sampled = weights @ table if n else np.zeros((resamples, len(keys)))
        boot = {k: sampled[:, j] for j, k in enumerate(keys)}
        for name, metric in metrics.items():
            with np.errstate(invalid="ignore", divide="ignore"):
                value = float(metric(point))
                spread = np.asarray(metric(boot), dtype=float)
            out.figures[f"{part}.{name}"] = _round(value)
            finite = spread[np.isfinite(spread)]
            if finite.size:
                lo, hi = np.percentile(finite, [alpha, 100 - alpha])
                out.intervals[f"{part}.{name}"] = (_round(lo), _round(hi))
        out.figures[f"{part}.documents"] = len(ids)
        for j, k in enumerate(keys):
            out.figures[f"{part}.{k}"] = int(totals[j]) if totals[j].is_integer() else totals[j]
    return out
