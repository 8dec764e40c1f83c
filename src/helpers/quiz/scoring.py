"""Score one answer to one question, with feedback a 14-year-old can act on.

``score(question, answer)`` returns an :class:`Outcome`: points earned, whether it is fully right,
and feedback lines (each a kind + a sentence + optionally the quoted words).  Scoring knows nothing
about widgets or files, so it is tested on its own and reused by the CLI and the widgets.

Answer shapes (what the widgets send and what the results file stores):

=================  =============================================================
single_choice      an option id (``"b"``)
multiple_select    a list of option ids
numeric            the text as typed (``"1226"``, ``"22/7"``, ``"1,226"``)
short_text         the text as typed
highlight          a list of ``[start, end]`` seed offsets, one per selected chunk
classify           ``{item_id: category}``
discernment        ``{item_id: verdict}``
reflection         the text as written
=================  =============================================================

Highlight answers are compared with the expert spans through :func:`helpers.match_spans` — the one
overlap routine of the project — one predicted span per selected chunk, so marking a whole
paragraph cannot beat the precision of marking the right words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spans import Span, match_spans
from .model import Question, Target


@dataclass(frozen=True)
class Line:
    """One piece of feedback: ``kind`` is ok, wrong, miss, over, info or hint."""

    kind: str
    text: str
    quote: str = ""
    answer: str = ""  # classify/discernment: the right category, shown only after the last try


@dataclass(frozen=True)
class Outcome:
    score: float
    points: float
    correct: bool
    valid: bool = True  # False: nothing to score yet (no choice made, not a number …)
    lines: tuple[Line, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    answer: Any = None  # the answer, normalised to JSON-able data

    @property
    def status(self) -> str:
        if not self.valid:
            return "invalid"
        if self.correct:
            return "correct"
        return "partly" if self.score > 0 else "wrong"


def invalid(q: Question, message: str, answer: Any = None) -> Outcome:
    return Outcome(0.0, q.points, False, False, (Line("hint", message),), answer=answer)


def score(q: Question, answer: Any) -> Outcome:
    """Score ``answer`` (shape by question type, see the module docstring)."""
    fn = _SCORERS[q.type]
    return fn(q, answer)


def _pts(q: Question, share: float) -> float:
    return round(q.points * max(0.0, min(1.0, share)), 3)


# --- choices -------------------------------------------------------------------------------


def _single(q: Question, answer: Any) -> Outcome:
    if answer is None or answer == "":
        return invalid(q, "Choose one answer first.")
    opt = q.option(str(answer))
    if opt is None:
        return invalid(q, "That answer is not one of the options.", answer)
    if opt.correct:
        return Outcome(
            q.points,
            q.points,
            True,
            lines=(Line("ok", opt.feedback or "Yes, that's right.", opt.text),),
            answer=opt.id,
        )
    return Outcome(
        0.0,
        q.points,
        False,
        lines=(Line("wrong", opt.feedback or "Not quite.", opt.text),),
        answer=opt.id,
    )


def _multiple(q: Question, answer: Any) -> Outcome:
    chosen = [str(a) for a in (answer or [])]
    if not chosen:
        return invalid(q, "Tick at least one box first.", [])
    if any(q.option(c) is None for c in chosen):
        return invalid(q, "That answer is not one of the options.", chosen)
    chosen_set = set(chosen)
    right = set(q.correct_ids)
    good, bad = chosen_set & right, chosen_set - right
    lines = []
    for o in q.options:
        if o.id in good:
            lines.append(Line("ok", o.feedback or "Right to tick this.", o.text))
        elif o.id in bad:
            lines.append(Line("wrong", o.feedback or "This one does not fit.", o.text))
    missing = len(right - chosen_set)
    if missing:
        lines.append(
            Line("miss", f"{missing} more right answer{'s' if missing > 1 else ''} to tick.")
        )
    ok = chosen_set == right
    share = (len(good) - len(bad)) / len(right)
    ordered = [o.id for o in q.options if o.id in chosen_set]
    return Outcome(
        q.points if ok else _pts(q, share),
        q.points,
        ok,
        lines=tuple(lines),
        details={"right": len(good), "wrong": len(bad), "missing": missing},
        answer=ordered,
    )


# --- numeric and text (jupyterquiz semantics) ----------------------------------------------

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def parse_number(text: str) -> float | None:
    """A number as a learner types it: ``12``, ``-3.5``, ``1e3``, ``1,226``, ``22/7``."""
    s = str(text).strip().replace("\u2212", "-").replace(" ", "")
    if not s or len(s) > 60:
        return None
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        if s.count("/") == 1:
            num, den = s.split("/")
            value = float(num) / float(den)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def _round_sig(x: float, digits: int | None) -> float:
    return x if digits is None else float(f"{x:.{digits}g}")


def _numeric(q: Question, answer: Any) -> Outcome:
    typed = "" if answer is None else str(answer).strip()
    value = parse_number(typed)
    if value is None:
        return invalid(q, "Type a number, like 42, 3.5 or 1/4.", typed)
    value = _round_sig(value, q.precision)
    for a in q.numeric_answers:
        if a.kind == "value":
            assert a.value is not None
            hit = value == _round_sig(a.value, q.precision)
        else:
            assert a.low is not None and a.high is not None
            hit = a.low <= value < a.high or (a.low == a.high == value)
        if hit:
            text = a.feedback or ("Yes, that's right." if a.correct else "Not quite.")
            return _matched(q, a.correct, text, typed)
    return _matched(q, False, q.default_feedback or "Not quite. Try again.", typed)


def _matched(q: Question, correct: bool, text: str, typed: str) -> Outcome:
    """The outcome of a typed answer (numeric or short text) matched against the answer list."""
    return Outcome(
        q.points if correct else 0.0,
        q.points,
        correct,
        lines=(Line("ok" if correct else "wrong", text),),
        answer=typed,
    )


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _short_text(q: Question, answer: Any) -> Outcome:
    typed = "" if answer is None else str(answer).strip()
    if not typed:
        return invalid(q, "Type your answer first.", typed)
    typed = typed[:500]
    for a in q.text_answers:
        want, got = (a.answer, typed) if a.match_case else (a.answer.lower(), typed.lower())
        fuzzy = False
        hit = want == got
        if not hit and a.fuzzy_threshold is not None:
            longest = max(len(want), len(got)) or 1
            hit = fuzzy = 1 - levenshtein(want, got) / longest >= a.fuzzy_threshold
        if hit:
            text = a.feedback or ("Yes, that's right." if a.correct else "Not quite.")
            if fuzzy and a.correct and want != got:
                text += f" (We read your answer as “{a.answer}”.)"
            return _matched(q, a.correct, text, typed)
    return _matched(q, False, q.default_feedback or "Not quite. Try again.", typed)


# --- highlight -----------------------------------------------------------------------------


def _target_span(t: Target) -> Span:
    return Span(
        t.start,
        t.end,
        t.layer if t.layer in ("sourcing", "framing", "rhetoric") else "sourcing",
        t.label or "target",
        explanation=t.explanation,
        rule="expert",
        text=t.text,
    )


_WORD_CHAR = re.compile(r"\w")


def merge_chunks(
    chunks: Sequence[Sequence[int]], text: str, base: int = 0
) -> list[tuple[int, int]]:
    """Join selected words separated only by spaces and punctuation (no unselected word in
    between) into phrases, for display; ``text`` starts at offset ``base``."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in chunks):
        if out and not _WORD_CHAR.search(text[out[-1][1] - base : s - base]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _highlight(q: Question, answer: Any) -> Outcome:
    assert q.passage is not None and q.passage.start is not None and q.passage.end is not None
    try:
        chunks = sorted({(int(a), int(b)) for a, b in (answer or [])})
    except (TypeError, ValueError):
        return invalid(q, "That selection could not be read.", [])
    chunks = [(s, e) for s, e in chunks if q.passage.start <= s < e <= q.passage.end]
    if not chunks:
        return invalid(
            q, "Mark the words first: drag across them, or click them (they turn yellow).", []
        )
    base = q.passage.start
    ptext = q.passage.text

    def quote(s: int, e: int) -> str:
        return ptext[s - base : e - base]

    # Words inside another expert span of the same kind as a target (e.g. a second verb of
    # the same source) are neither hits nor over-marks: the learner is not punished for them.
    kinds = {(t.layer, t.label) for t in q.targets}
    extra = [o for o in q.others if (o.layer, o.label) in kinds]

    def neutral(s: int, e: int) -> bool:
        if any(t.start < e and t.end > s for t in q.targets):
            return False
        return any(o.start < e and o.end > s for o in extra)

    pred = [
        Span(s, e, "sourcing", "student", rule="student", text=quote(s, e))
        for s, e in chunks
        if not neutral(s, e)
    ]
    ref = [_target_span(t) for t in q.targets]
    m = match_spans(pred, ref, min_overlap=q.min_overlap, same_layer=False)
    found = {(r.start, r.end) for r in m.found}
    lines: list[Line] = []
    for t in q.targets:
        if (t.start, t.end) in found:
            lines.append(Line("ok", t.explanation, t.text))
    for t in q.targets:
        if (t.start, t.end) not in found:
            lines.append(Line("miss", t.explanation, t.text))
    over = merge_chunks([(s.start, s.end) for s in m.false_alarms], ptext, base)
    for s, e in over:
        other = max(
            (o for o in q.others if o.start < e and o.end > s),
            key=lambda o: min(o.end, e) - max(o.start, s),
            default=None,
        )
        if other is not None:
            why = (
                f"The expert marked this too, but for something else "
                f"({other.label.replace('_', ' ')}): {other.explanation}"
            )
        else:
            why = "The expert did not mark these words for this question."
        lines.append(Line("over", why, quote(s, e)))
    ok = not m.misses and not m.false_alarms
    return Outcome(
        q.points if ok else _pts(q, m.f1),
        q.points,
        ok,
        lines=tuple(lines),
        details={
            "found": len(m.found),
            "missed": len(m.misses),
            "over_marks": len(over),
            "targets": len(ref),
            "precision": round(m.precision, 3),
            "recall": round(m.recall, 3),
            "f1": round(m.f1, 3),
        },
        answer=[[s, e] for s, e in chunks],
    )


# --- classify and discernment --------------------------------------------------------------


def _sorting(q: Question, answer: Any) -> Outcome:
    given = dict(answer or {}) if isinstance(answer, Mapping | list) else {}
    given = {str(k): str(v) for k, v in given.items() if v not in (None, "")}
    left = [it for it in q.items if it.id not in given]
    if left:
        n = len(left)
        verb = "sort" if q.type == "classify" else "judge"
        return invalid(q, f"Please {verb} every excerpt first ({n} still open).", given)
    lines = []
    right = 0
    counts = {"hits": 0, "misses": 0, "false_alarms": 0, "correct_rejections": 0}
    for it in q.items:
        got = given[it.id]
        ok = got == it.answer
        right += ok
        if q.type == "discernment":
            if it.answer == q.signal:
                counts["hits" if got == q.signal else "misses"] += 1
            else:
                counts["false_alarms" if got == q.signal else "correct_rejections"] += 1
        lines.append(
            Line(
                "ok" if ok else "wrong",
                it.feedback or (f"Yes: {it.answer}." if ok else ""),
                it.text,
                answer="" if ok else it.answer,
            )
        )
    details: dict[str, Any] = {"right": right, "items": len(q.items)}
    if q.type == "discernment":
        details.update(counts)
        sig = q.signal
        lines.insert(
            0,
            Line(
                "info",
                f"You spotted {counts['hits']} of {counts['hits'] + counts['misses']} {sig} "
                f"passages, and called {counts['false_alarms']} of "
                f"{counts['false_alarms'] + counts['correct_rejections']} sound passages "
                f"{sig} by mistake (false alarms).",
            ),
        )
    ok = right == len(q.items)
    return Outcome(
        q.points if ok else _pts(q, right / len(q.items)),
        q.points,
        ok,
        lines=tuple(lines),
        details=details,
        answer={it.id: given[it.id] for it in q.items},
    )


# --- reflection ----------------------------------------------------------------------------


def _word_pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in phrase.replace("’", "'").split()]
    return re.compile(r"(?<!\w)" + r"[\s\-‐‑–—]+".join(parts) + r"(?!\w)", re.IGNORECASE)


def loaded_words_in(text: str, words: Sequence[str]) -> list[str]:
    """The ``words`` (single words or phrases) that occur in ``text``, in the order given:
    whole words, any case, any spacing or hyphen between the words of a phrase."""
    text = text.replace("’", "'")
    return [w for w in words if _word_pattern(w).search(text)]


def _quoted(words: Sequence[str]) -> str:
    q = [f"“{w}”" for w in words]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " and " + q[-1]


def _loaded_lines(q: Question, typed: str) -> tuple[list[Line], dict[str, Any]]:
    """What a rewrite did with the question's loaded words: checked in the text, never assumed."""
    if not q.loaded_words:
        return [], {}
    kept = loaded_words_in(typed, q.loaded_words)
    gone = [w for w in q.loaded_words if w not in kept]
    lines = []
    if kept:
        lines.append(
            Line(
                "wrong",
                f"Still there: {_quoted(kept)}. "
                + ("This word judges" if len(kept) == 1 else "These words judge")
                + " instead of describing: can you say the same without "
                + ("it?" if len(kept) == 1 else "them?"),
            )
        )
    if gone:
        lines.append(Line("ok", f"Gone: {_quoted(gone)}."))
    return lines, {"loaded_kept": kept, "loaded_gone": gone}


def _reflection(q: Question, answer: Any) -> Outcome:
    typed = "" if answer is None else str(answer).strip()
    words = len(typed.split())
    need = max(1, q.min_words)
    if words < need:
        return invalid(
            q, f"Write at least {need} word{'s' if need > 1 else ''} (you have {words}).", typed
        )
    loaded, details = _loaded_lines(q, typed)
    return Outcome(
        q.points,
        q.points,
        True,
        lines=(
            *loaded,
            Line(
                "ok",
                "Now compare your thoughts with this model "
                "answer — yours can be different and still good.",
            ),
            Line("info", q.model_answer),
        ),
        details={"words": words, **details},
        answer=typed,
    )


_SCORERS = {
    "single_choice": _single,
    "multiple_select": _multiple,
    "numeric": _numeric,
    "short_text": _short_text,
    "highlight": _highlight,
    "classify": _sorting,
    "discernment": _sorting,
    "reflection": _reflection,
}


def reveal(q: Question) -> list[Line]:
    """The right answer, shown when the tries are used up."""
    if q.type in ("single_choice", "multiple_select"):
        return [
            Line(
                "info",
                "The right answer"
                + ("s are" if len(q.correct_ids) > 1 else " is")
                + ": "
                + "; ".join(o.text for o in q.options if o.correct)
                + ".",
            )
        ]
    if q.type == "numeric":
        num = next(a for a in q.numeric_answers if a.correct)
        val = f"{num.value:g}" if num.kind == "value" else f"between {num.low:g} and {num.high:g}"
        return [Line("info", f"The right answer is {val}.")]
    if q.type == "short_text":
        text = next(a for a in q.text_answers if a.correct)
        return [Line("info", f"The right answer is “{text.answer}”.")]
    if q.type == "highlight":
        return [Line("miss", t.explanation, t.text) for t in q.targets]
    if q.type in ("classify", "discernment"):
        return [
            Line("info", f"{it.answer}" + (f" — {it.feedback}" if it.feedback else ""), it.text)
            for it in q.items
        ]
    return [Line("info", q.model_answer)]
