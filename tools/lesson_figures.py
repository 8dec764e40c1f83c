"""Write the accuracy figures that lesson 06 and its quiz bank quote, from docs/accuracy.md.

Students read "about 6 in 10", not 0.602; but the words must follow the measured figures, not
be typed once and left to drift (they did: "about half", "fewer than one in five").  This module
reads the check-part figures (measured on the half of each corpus no rule was tuned on) that
``python -m tools.calibrate --write-docs`` put in docs/accuracy.md, turns
them into plain words, and rewrites the marked regions of the lesson and the bank:

    python -m tools.lesson_figures            # rewrite the regions
    python -m tools.lesson_figures --check    # exit 1 if they differ from the figures

``calibrate --write-docs`` calls :func:`write` after it rewrites the page, and a test runs the
check, so the page, the lesson and the bank cannot disagree.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "accuracy.md"
LESSON = REPO / "notebooks" / "06-bring-your-own-article.ipynb"
BANK = REPO / "notebooks" / "quizzes" / "06-your-article.yaml"

# Corpus names as docs/accuracy.md's <details> summaries start.
POLNEAR = "PolNeAR attribution"
FACTBANK = "FactBank / Szeged Uncertainty"
PTC = "PTC propaganda techniques"
UCC = "Unhealthy Comments Corpus"
NEWSSD = "NewsSD-ENG"

TABLE = ("<!-- accuracy-table:start -->", "<!-- accuracy-table:end -->")
SUMMARY = ("<!-- accuracy-summary:start -->", "<!-- accuracy-summary:end -->")
BANK_MARKS = ("# accuracy:start", "# accuracy:end")

# The shares a 14-year-old reads easily, as (numerator, denominator): tenths, and the quarters
# and thirds people say anyway.  A figure is said as the nearest of them ("8 in 10", not "4 in 5").
_SHARES = [(k, 10) for k in range(1, 10)] + [(1, 4), (1, 3), (2, 3), (3, 4)]


class FiguresError(ValueError):
    """docs/accuracy.md lacks a figure the lesson quotes, or a region marker is missing."""


def read_figures(doc: str) -> dict[str, dict[str, float]]:
    """Corpus name → metric → value, from the "Every figure per corpus" blocks."""
    out: dict[str, dict[str, float]] = {}
    blocks = re.findall(r"<details><summary>(.*?)</summary>\s*(.*?)</details>", doc, re.S)
    for summary, body in blocks:
        pairs = re.findall(r"`([\w.]+)` (-?\d+(?:\.\d+)?)", body)
        out[summary.strip()] = {k: float(v) for k, v in pairs}
    return out


def _metric(figs: dict[str, dict[str, float]], corpus: str, metric: str) -> float:
    """The figure on the corpus's check part (the texts no rule was tuned on)."""
    for name, metrics in figs.items():
        if name.startswith(corpus) and f"check.{metric}" in metrics:
            return metrics[f"check.{metric}"]
    raise FiguresError(f"docs/accuracy.md has no figure '{metric}' for '{corpus}'")


def share(x: float) -> str:
    """0.602 → "6 in 10", 0.344 → "1 in 3", 0.48 → "half"."""
    num, den = min(_SHARES, key=lambda f: (abs(f[0] / f[1] - x), f[1] != 10))
    return "half" if num * 2 == den else f"{num} in {den}"


def _pct(x: float) -> str:
    return f"{round(x * 100)} %"


def _times(x: float) -> str:
    n = round(x)
    return f"{n} times" if n != 1 else "as"


def table(figs: dict[str, dict[str, float]], generated: str) -> str:
    m = lambda c, k: _metric(figs, c, k)  # noqa: E731 - a short local reader
    cue, prec = m(POLNEAR, "cue_recall"), m(POLNEAR, "precision")
    hp, hr = m(FACTBANK, "sentence_precision"), m(FACTBANK, "cue_recall")
    lp, lr = m(PTC, "precision"), m(PTC, "loaded_name_recall")
    sp, sr = m(NEWSSD, "subj_precision"), m(NEWSSD, "subj_recall")
    ratio, ur = m(UCC, "ratio"), m(UCC, "unhealthy_rate")
    about = lambda x: f"about **{share(x)}**"  # noqa: E731
    rows = [
        "The helpers were tested on collections of real news that trained human annotators had"
        " marked by hand, for",
        "research. Here is what the tests show, in plain words (figures from `docs/accuracy.md`,"
        f" generated {generated};",
        "your teacher may have a newer copy):",
        "",
        "| what the helper looks for | when it marks something, humans marked it too … |"
        " of what humans marked, it finds … |",
        "|---|---|---|",
        f"| **Who says so** (sources: *said*, *according to* …), political news | {about(prec)}"
        f" times ({_pct(prec)}) | {about(cue)} ({_pct(cue)} of the words that signal a source) |",
        "| **Guessing words** (*could, may, reportedly* …), newswire |"
        f" {about(hp)} sentences it calls uncertain are ({_pct(hp)}) |"
        f" {about(hr)} uncertainty words ({_pct(hr)}) |",
        "| **Loaded language and name-calling** (propaganda techniques) |"
        f" {about(lp)} times ({_pct(lp)}) | {about(lr)} ({_pct(lr)}) |",
        "| **Opinion sentences** (a framing or rhetoric mark other than a hedge) |"
        f" {about(sp)} the time ({_pct(sp)}) | {about(sr)} opinion sentences ({_pct(sr)}) |",
        "| **Unhealthy comments** (hostile, sneering, sweeping …) |"
        f" marks them about **{_times(ratio)}** as often as healthy ones |"
        f" but only {about(ur)} unhealthy comments ({_pct(ur)}) get a mark |",
    ]
    return "\n".join(rows).replace("about **half** times", "about **half** the time")


def summary(figs: dict[str, dict[str, float]]) -> str:
    missed_sources = 1 - _metric(figs, POLNEAR, "cue_recall")
    missed_loaded = 1 - _metric(figs, PTC, "loaded_name_recall")
    return (
        f"it misses about {share(missed_sources)} of the sources people mark and about"
        f" {share(missed_loaded)} of the loaded words,"
    )


def bank_feedback(figs: dict[str, dict[str, float]]) -> str:
    cue = _metric(figs, POLNEAR, "cue_recall")
    loaded = _metric(figs, PTC, "loaded_name_recall")
    text = (
        f"Not from that alone. On real news the helper finds only about {share(cue)} of the"
        f" attributions people mark, and about {share(loaded)} of the loaded words and"
        " name-calling (docs/accuracy.md)."
    )
    return f"feedback: {json.dumps(text, ensure_ascii=False)}"


def _between(text: str, marks: tuple[str, str], new: str, where: str, sep: str = "\n\n") -> str:
    """``new`` between the two markers (``sep`` on each side: a blank line keeps a Markdown
    table or paragraph apart from the comment; a space keeps an inline region inline)."""
    start, end = marks
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise FiguresError(f"{where}: the markers {start} … {end} are missing")
    return text[: i + len(start)] + sep + new + sep + text[j:]


def _generated(doc: str) -> str:
    found = re.search(r"Generated (\d{4}-\d{2}-\d{2})", doc)
    if not found:
        raise FiguresError("docs/accuracy.md does not say when its figures were generated")
    return found.group(1)


def rendered(doc: str, lesson: str, bank: str) -> tuple[str, str]:
    """The lesson notebook's and the bank's text with every region rewritten from ``doc``."""
    import nbformat

    figs = read_figures(doc)
    nb = nbformat.reads(lesson, as_version=4)
    hits = 0
    for cell in nb.cells:
        if TABLE[0] in cell.source:
            cell.source = _between(cell.source, TABLE, table(figs, _generated(doc)), "lesson 06")
            hits += 1
        if SUMMARY[0] in cell.source:
            cell.source = _between(cell.source, SUMMARY, summary(figs), "lesson 06", " ")
            hits += 1
    if hits != 2:
        raise FiguresError("lesson 06 needs one table region and one summary region")
    start = bank.find(BANK_MARKS[0])
    if start < 0:
        raise FiguresError(f"{BANK.name}: the marker {BANK_MARKS[0]} is missing")
    line_start = bank.rfind("\n", 0, start) + 1
    indent = bank[line_start:start]
    new_bank = _between(bank, BANK_MARKS, bank_feedback(figs), BANK.name, "\n" + indent)
    return nbformat.writes(nb) + "\n", new_bank


def write(check: bool = False) -> bool:
    """Rewrite (or, with ``check``, compare) the lesson and the bank; True when they match."""
    doc = DOC.read_text(encoding="utf-8")
    lesson, bank = LESSON.read_text(encoding="utf-8"), BANK.read_text(encoding="utf-8")
    new_lesson, new_bank = rendered(doc, lesson, bank)
    same = new_lesson == lesson and new_bank == bank
    if not check and not same:
        LESSON.write_text(new_lesson, encoding="utf-8")
        BANK.write_text(new_bank, encoding="utf-8")
    return same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a region is out of date")
    args = ap.parse_args(argv)
    same = write(check=args.check)
    if args.check and not same:
        print("lesson 06 or its bank quote figures that docs/accuracy.md no longer has;")
        print("run: python -m tools.lesson_figures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
