"""What a saved quiz record may look like: every line of a results file is checked here first.

Results files sit in folders that students can write, so the teacher's export and dashboard, and
a student's own resume, treat each line as untrusted input.  :func:`parse_record` turns one line
into a clean record or says, in a few words, why the line was skipped.  A skipped line never
stops the rest of the class from counting.

Rules (kept small and explicit, so a teacher can read them):

* the line is a JSON object of at most :data:`MAX_LINE_BYTES`; numbers are finite (no
  ``Infinity``/``NaN``, no ``1e400``) and nesting is shallow;
* ``learner``, ``bank`` and ``question`` are non-empty strings, ``bank`` and ``question`` made of
  letters, digits, ``-``, ``_`` and ``.`` (a bank is a course bank *name*, never a path);
* ``score`` is a number from 0 to 1, ``points`` a number from 0 to :data:`MAX_POINTS`;
* ``answer`` is text, a number, ``true``/``false``, a list of texts, a list of ``[start, end]``
  character ranges, or an object of text values — the shapes the quiz widgets save;
* ``details`` is an object; ``time``, ``type`` and the other text fields are short strings.

Standard library only: the hub permission test runs this module under the system Python.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any

MAX_LINE_BYTES = 256_000
MAX_TEXT = 20_000  # one answer text (a reflection is a few hundred characters)
MAX_SHORT = 200  # learner names, bank and question ids, times, types
MAX_ITEMS = 500  # items in a list answer
MAX_OFFSET = 10_000_000  # a highlight range past this is not in any article
MAX_POINTS = 1_000
MAX_DEPTH = 6

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
SHORT_FIELDS = ("time", "type", "schema")


if TYPE_CHECKING:
    from ..errors import HelpersError
else:
    try:  # the helpers' one base error, which the command line reports as a message
        from ..errors import HelpersError
    except ImportError:  # copied alone onto a hub (standard library only): the same shape

        class HelpersError(ValueError):
            """Something a user supplied cannot be used; the message says what and where."""


class BadRecord(HelpersError):
    """One line of a results file that cannot count; the message says why, in plain words."""


def _no_constants(name: str) -> float:
    raise BadRecord(f"has the number {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadRecord(f"has the out-of-range number {text[:20]}")
    return value


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRecord(f"{name} is not a number")
    try:
        value = float(value)
    except OverflowError:
        raise BadRecord(f"{name} is far too large") from None
    if not low <= value <= high:
        raise BadRecord(f"{name} {value:g} is not between {low:g} and {high:g}")
    return value


def _identifier(rec: dict[str, Any], name: str) -> str:
    value = rec.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRecord(f"has no {name} (or it is not text)")
    if len(value) > MAX_SHORT:
        raise BadRecord(f"{name} is longer than {MAX_SHORT} characters")
    if name != "learner" and not ID.fullmatch(value):
        raise BadRecord(f"{name} {value[:40]!r} is not a course {name} name")
    return value


def _is_range(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and all(
            isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= MAX_OFFSET for x in item
        )
        and item[0] <= item[1]
    )


def check_answer(answer: Any) -> None:
    """Raise :class:`BadRecord` unless ``answer`` has one of the shapes the widgets save."""
    if answer is None or isinstance(answer, bool):
        return
    if isinstance(answer, str):
        if len(answer) > MAX_TEXT:
            raise BadRecord(f"answer is longer than {MAX_TEXT} characters")
        return
    if isinstance(answer, int | float):
        _number(answer, "answer", -1e12, 1e12)
        return
    if isinstance(answer, list):
        if len(answer) > MAX_ITEMS:
            raise BadRecord(f"answer has more than {MAX_ITEMS} items")
        if all(isinstance(a, str) and len(a) <= MAX_TEXT for a in answer):
            return
        if all(_is_range(a) for a in answer):
            return
        raise BadRecord("answer is a list that is neither texts nor [start, end] ranges")
    if isinstance(answer, dict):
        if len(answer) > MAX_ITEMS:
            raise BadRecord(f"answer has more than {MAX_ITEMS} items")
        for k, v in answer.items():
            if len(k) > MAX_SHORT or not (v is None or (isinstance(v, str) and len(v) <= MAX_TEXT)):
                raise BadRecord("answer is an object whose values are not all short texts")
        return
    raise BadRecord("answer has an unknown shape")  # pragma: no cover (JSON has no other types)


def check_record(rec: Any) -> dict[str, Any]:
    """The record itself if every field has an allowed shape; else :class:`BadRecord`."""
    if not isinstance(rec, dict):
        raise BadRecord("is not a JSON object")
    if not _depth_ok(rec):
        raise BadRecord("is nested too deeply")
    for name in ("learner", "bank", "question"):
        _identifier(rec, name)
    if "score" in rec and rec["score"] is not None:
        _number(rec["score"], "score", 0.0, 1.0)
    if "points" in rec and rec["points"] is not None:
        _number(rec["points"], "points", 0.0, MAX_POINTS)
    for name in ("attempt", "number"):
        if rec.get(name) is not None:
            _number(rec[name], name, 0, 1_000_000)
    for name in SHORT_FIELDS:
        value = rec.get(name)
        if value is not None and not (isinstance(value, str) and len(value) <= MAX_SHORT):
            raise BadRecord(f"{name} is not short text")
    if rec.get("details") is not None and not isinstance(rec["details"], dict):
        raise BadRecord("details is not an object")
    check_answer(rec.get("answer"))
    return rec


def parse_record(raw: bytes) -> dict[str, Any]:
    """One line of a results file as a checked record, or :class:`BadRecord` saying why."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadRecord(f"is longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRecord("is not UTF-8 text") from None
    try:
        rec = json.loads(text, parse_constant=_no_constants, parse_float=_finite_float)
    except BadRecord:
        raise
    except RecursionError:
        raise BadRecord("is nested too deeply") from None
    except ValueError:
        raise BadRecord("is not complete JSON (a half-written or edited line?)") from None
    return check_record(rec)
