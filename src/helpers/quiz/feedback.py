"""The feedback a learner reads, as HTML: pure functions of a question and an outcome.

No widgets here (``helpers.quiz.widgets`` shows these strings in ``HTML`` widgets), so tests and
other views can use them without a kernel.  What differs by question type (the heading, the
counts, lines held back until the last try, a marked passage) comes from the type
(``helpers.quiz.types``).  All text from banks and learners is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from .model import Question
from .outcome import Line, Outcome
from .types import TYPES
from .types.highlight import marked_passage_html

__all__ = [
    "count_clauses",
    "feedback_html",
    "line_html",
    "marked_passage_html",
    "passage_html",
    "points_words",
    "share_words",
    "summary_html",
]

_E = html.escape

_COLORS = {
    "ok": "#1a7f37",
    "wrong": "#b42318",
    "miss": "#9a6700",
    "over": "#b42318",
    "info": "#444",
    "hint": "#0550ae",
}
_MARKS = {"ok": "✓", "wrong": "✗", "miss": "○", "over": "✗", "info": "•", "hint": "?"}
_WORDS = {
    "ok": "",
    "wrong": "",
    "miss": "Missed: ",
    "over": "Over-marked: ",
    "info": "",
    "hint": "Hint: ",
}


# --- HTML pieces (pure functions: testable, and reusable by other views) --------------------


def line_html(line: Line, *, final: bool = True) -> str:
    color = _COLORS.get(line.kind, "#444")
    quote = f"<q style='font-style:italic'>{_E(line.quote)}</q> " if line.quote else ""
    text = line.text
    if line.kind == "wrong" and not final and line.answer:
        text = "Look again at this one."
    elif line.kind == "wrong" and final and line.answer:
        text = f"The answer is “{line.answer}”. {text}".strip()
    return (
        f"<li class='quiz-fb-{line.kind}' style='margin:3px 0'>"
        f"<span style='color:{color};font-weight:bold' aria-hidden='true'>"
        f"{_MARKS.get(line.kind, '•')}</span> <b>{_E(_WORDS.get(line.kind, ''))}</b>"
        f"{quote}{_E(text)}</li>"
    )


def feedback_html(
    q: Question, outcome: Outcome, *, final: bool, tries_left: int = 0, hint: str = ""
) -> str:
    """What the learner sees after pressing Check."""
    if not outcome.valid:
        return (
            "<div class='quiz-fb quiz-fb-invalid' role='status' style='line-height:1.5'>"
            + "".join(f"<p>{_E(line.text)}</p>" for line in outcome.lines)
            + "</div>"
        )
    kind = TYPES[q.type]
    color = "#1a7f37" if outcome.correct else ("#9a6700" if outcome.score > 0 else "#b42318")
    head = kind.head(outcome, final)
    parts = [f"<p style='font-weight:bold;color:{color}' class='quiz-fb-head'>{_E(head)}</p>"]
    counts = count_clauses(q, outcome)
    if counts:
        # each clause wraps as a whole in a narrow notebook, never "You found 2 of the" | "3"
        parts.append(
            "<p class='quiz-fb-count' style='margin:2px 0;text-wrap:pretty'>"
            + " ".join(f"<span>{_E(c)}</span>" for c in counts)
            + "</p>"
        )
    lines = kind.feedback_lines(list(outcome.lines), final)
    if lines:
        parts.append(
            "<ul style='list-style:none;padding-left:4px;margin:4px 0'>"
            + "".join(line_html(ln, final=final) for ln in lines)
            + "</ul>"
        )
    parts += kind.feedback_after(q, outcome, final)
    if final:
        if not outcome.correct and kind.reveals_answer:
            parts.append(
                "<p><b>The answer:</b></p><ul style='list-style:none'>"
                + "".join(line_html(ln) for ln in kind.reveal(q))
                + "</ul>"
            )
        if q.explanation:
            parts.append(f"<p class='quiz-explanation'><b>Why:</b> {_E(q.explanation)}</p>")
    else:
        if hint:
            parts.append(f"<p class='quiz-hint'><b>Hint:</b> {_E(hint)}</p>")
        parts.append(
            f"<p>Try again — {tries_left} {'try' if tries_left == 1 else 'tries'} left.</p>"
        )
    status = "correct" if outcome.correct else ("partly" if outcome.score > 0 else "wrong")
    return (
        f"<div class='quiz-fb quiz-fb-{status}' role='status' style='border-left:4px solid "
        f"{color};padding:2px 10px;margin-top:6px;line-height:1.5'>{''.join(parts)}</div>"
    )


# --- scores in words (a 14-year-old reads "2 of the 3 phrases", not "0.421 of 1 point") -----


def count_clauses(q: Question, outcome: Outcome) -> list[str]:
    """What was found, missed and over-marked, in whole numbers, for an answer that is not
    fully right (an empty list when there is nothing to count)."""
    if outcome.correct or not outcome.valid:
        return []
    return TYPES[q.type].count_clauses(q, outcome.details)


def share_words(score: float, points: float) -> str:
    """A part of the points in words: "about half", "almost all" …"""
    share = score / points if points else 0.0
    if share >= 1:
        return "all"
    if share >= 0.85:
        return "almost all"
    if share > 0.6:
        return "more than half"
    if share >= 0.4:
        return "about half"
    if share > 0.15:
        return "less than half"
    return "a little" if share > 0 else "none"


def points_words(score: float, points: float) -> str:
    """Points as "7 of 10 points", or "about 7 of 10 points" when the score is not whole;
    never rounded up to full marks or down to nothing."""
    total = f"{points:g}" if float(points).is_integer() else f"about {round(points)}"
    unit = "point" if points == 1 else "points"
    if float(score).is_integer():
        return f"{score:g} of {total} {unit}"
    whole = round(score)
    if whole >= points:
        return f"almost all {total} {unit}"
    if whole <= 0:
        return f"less than 1 of {total} {unit}"
    return f"about {whole} of {total} {unit} ({share_words(score, points)})"


def passage_html(q: Question) -> str:
    p = q.passage
    if p is None:
        return ""
    where = f"Line {p.line} of the article" if p.line else "From the article"
    return (
        f"<figure style='margin:6px 0'><figcaption style='font-size:85%;color:#555'>"
        f"{_E(where)}</figcaption><blockquote style='margin:2px 0;padding:4px 10px;"
        f"border-left:3px solid #888'>{_E(p.text)}</blockquote></figure>"
    )


def _status(q: Question, best: float, done: bool) -> tuple[str, str]:
    """A question's mark and status in the summary table."""
    if best >= q.points:
        return "✓", "right"
    if best > 0:
        return "◐", f"partly right ({share_words(best, q.points)})"
    if done:
        return "✗", "not right this time"
    return "…", "still open"


def summary_html(
    progress: Sequence[tuple[Question, float, bool]],
    results: Mapping[str, Any],
    review: Mapping[str, str],
    saved: str | None,
) -> str:
    """The end of a quiz: the score in words, a row per question (``progress``: question, best
    score, done), what to review (the bank's ``review`` text per tag) and where answers were
    saved (``saved``: "“name” in folder", "" when not known, None when kept in memory only)."""
    r = results
    rows = []
    for q, best, done in progress:
        mark, status = _status(q, best, done)
        rows.append(
            f"<tr><td>{q.number}</td><td aria-hidden='true'>{mark}</td>"
            f"<td>{_E(q.prompt[:80] + ('…' if len(q.prompt) > 80 else ''))}</td>"
            f"<td>{_E(status)}</td></tr>"
        )
    open_n = r["questions"] - r["done"]
    right = sum(best >= q.points for q, best, _done in progress)
    parts = [
        f"<h4>Your score: {_E(points_words(r['score'], r['max']))}</h4>",
        f"<p>{right} of {r['questions']} questions fully right.</p>",
    ]
    if open_n:
        parts.append(
            f"<p>{open_n} question{'s are' if open_n > 1 else ' is'} still open — "
            "go back with Previous to finish them.</p>"
        )
    parts.append("<table class='quiz-summary-table'>" + "".join(rows) + "</table>")
    if r["review"]:
        items = []
        for tag, nums in r["review"].items():
            pointer = review.get(tag, "")
            qs = ", ".join(map(str, nums))
            items.append(
                f"<li><b>{_E(tag)}</b> (question{'s' if len(nums) > 1 else ''} "
                f"{qs}){' — ' + _E(pointer) if pointer else ''}</li>"
            )
        parts.append("<p>Worth another look:</p><ul>" + "".join(items) + "</ul>")
    elif not open_n:
        parts.append("<p>Everything right — well done!</p>")
    if saved is None:
        parts.append(
            "<p style='font-size:85%;color:#555'>Not saved: answers without a name are "
            "kept only while this page is open.</p>"
        )
    elif saved:
        parts.append(f"<p style='font-size:85%;color:#555'>Saved for {_E(saved)}.</p>")
    return "<div role='status' style='line-height:1.5'>" + "".join(parts) + "</div>"
