"""Reading a bank's fields: typed readers whose errors name the file, question and field.

Shared by :mod:`helpers.quiz.load` (the bank and the fields every question has) and the question
types (``helpers.quiz.types``, the fields of each type), so every problem in a bank ends in a
:class:`~helpers.quiz.model.QuizError` a teacher can act on.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from typing import Any

from .model import Passage, QuizError

MAX_ANSWER_COLS = 10  # columns of options: more fit no screen (1e8 built a 1.27 GB widget)
MAX_QUOTED = 80  # characters of a bank's value an error message quotes, then "…"
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def cut(text: str) -> str:
    """``text`` cut to :data:`MAX_QUOTED` characters and "…": a message quoting a 100 KB value
    must still fit on a line the teacher can read."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def quote(value: Any) -> str:
    """A value as an error message quotes it (its ``repr``), cut by :func:`cut`."""
    if isinstance(value, str):
        return repr(cut(value))
    try:
        return cut(repr(value))
    except ValueError:  # an integer with more digits than Python writes out
        return "a number too long to show"


def number_text(value: float) -> str:
    """A number as an error message shows it (``%g`` for a float, a long integer cut)."""
    return f"{value:g}" if isinstance(value, float) else quote(value)


def kind_of(v: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(v), type(v).__name__)


class Fields:
    """Reads one question's fields, raising errors that name file, question and field."""

    def __init__(self, name: str, number: int | None, qid: str | None = None) -> None:
        self.name, self.number, self.qid = name, number, qid

    def error(self, msg: str, fld: str | None = None) -> QuizError:
        """The error, with the question's id and the field cut if a bank made them huge."""
        qid = None if self.qid is None else cut(self.qid)
        fld = None if fld is None else cut(fld)
        return QuizError(msg, file=self.name, question=self.number, question_id=qid, field=fld)

    def text(
        self,
        d: Mapping[str, Any],
        key: str,
        *,
        required: bool = False,
        default: str = "",
        label: str | None = None,
    ) -> str:
        label = label or key
        if key not in d or d[key] is None:
            if required:
                raise self.error("is missing", label)
            return default
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            raise self.error(f"must be text, not {kind_of(v)}", label)
        v = str(v).strip()
        if required and not v:
            raise self.error("is empty", label)
        return v

    def num(
        self,
        d: Mapping[str, Any],
        key: str,
        default: float,
        *,
        low: float = 0,
        high: float | None = None,
        integer: bool = False,
        label: str | None = None,
    ) -> float:
        label = label or key
        v = d.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise self.error(f"must be a number, not {kind_of(v)}", label)
        if integer and v != int(v):
            raise self.error(f"must be a whole number, not {number_text(v)}", label)
        if v < low:
            raise self.error(f"must be at least {low:g}, not {number_text(v)}", label)
        if high is not None and v > high:
            raise self.error(f"must be at most {high:g}, not {number_text(v)}", label)
        return int(v) if integer else float(v)

    def flag(
        self, d: Mapping[str, Any], key: str, default: bool = False, label: str | None = None
    ) -> bool:
        v = d.get(key, default)
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.error(f"must be true or false, not {kind_of(v)}", label or key)
        return v

    def mapping(self, v: Any, label: str) -> Mapping[str, Any]:
        if not isinstance(v, dict):
            raise self.error(f"must be a mapping (key: value lines), not {kind_of(v)}", label)
        for k in v:
            if not isinstance(k, str):
                raise self.error(f"has a key {quote(k)} that is not text", label)
        return v

    def seq(self, d: Mapping[str, Any], key: str, *, required: bool = False) -> list[Any]:
        v = d.get(key)
        if v is None:
            if required:
                raise self.error("is missing", key)
            return []
        if not isinstance(v, list):
            raise self.error(f"must be a list, not {kind_of(v)}", key)
        if required and not v:
            raise self.error("is an empty list", key)
        return v

    def texts(self, d: Mapping[str, Any], key: str) -> tuple[str, ...]:
        v = d.get(key)
        if v is None:
            return ()
        if isinstance(v, str):
            return (v.strip(),)
        if not isinstance(v, list):
            raise self.error(f"must be a list of texts, not {kind_of(v)}", key)
        out = []
        for i, x in enumerate(v, 1):
            if isinstance(x, bool) or not isinstance(x, str | int | float):
                raise self.error(f"entry {i} must be text, not {kind_of(x)}", key)
            out.append(str(x).strip())
        return tuple(out)

    def known(self, d: Mapping[str, Any], allowed: frozenset[str], where: str = "") -> None:
        for k in d:
            if not isinstance(k, str):
                raise self.error(f"has a key {quote(k)} that is not text", where or None)
            if k not in allowed:
                close = difflib.get_close_matches(k, sorted(allowed), n=1)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else ("; allowed here: " + ", ".join(sorted(allowed)))
                )
                raise self.error(f"is not a known field{hint}", f"{where}.{k}" if where else k)


def read_passage(ctx: Fields, v: Any, doc: Any, label: str) -> Passage:
    """``line: 8`` · ``lines: [17, 20]`` · ``quote: "…"`` · ``start``/``end`` · ``text: "…"``.
    A bare number is a line, a bare string a quote."""
    if isinstance(v, bool):
        raise ctx.error("must be a line number, a quote or a mapping", label)
    if isinstance(v, int):
        v = {"line": v}
    elif isinstance(v, str):
        v = {"quote": v}
    v = ctx.mapping(v, label)
    ctx.known(v, frozenset({"line", "lines", "quote", "occurrence", "start", "end", "text"}), label)
    if "text" in v and len(v) == 1:
        return Passage(text=ctx.text(v, "text", required=True, label=f"{label}.text"))
    if doc is None:
        raise ctx.error("refers to the seed, but the bank names no 'seed'", label)
    text = doc.text
    if "line" in v or "lines" in v:
        if "lines" in v:
            lines = v["lines"]
            if (
                not isinstance(lines, list)
                or len(lines) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in lines)
            ):
                raise ctx.error("must be two line numbers, like [17, 20]", f"{label}.lines")
            first, last = lines
        else:
            first = last = int(ctx.num(v, "line", 0, low=1, integer=True, label=f"{label}.line"))
        # Lines as students see them: Segment.number (headline = 1, blank lines not counted).
        segs = [s for s in doc.segments if first <= s.number <= last]
        if not segs or first > last:
            top = doc.segments[-1].number if doc.segments else 0
            raise ctx.error(
                f"names line {first if not segs else last}, but the seed has lines 1 to {top}",
                f"{label}.{'lines' if 'lines' in v else 'line'}",
            )
        start, end = segs[0].start, segs[-1].end
        return Passage(text=text[start:end], start=start, end=end, line=segs[0].number)
    if "quote" in v:
        quote = ctx.text(v, "quote", required=True, label=f"{label}.quote")
        occ = int(ctx.num(v, "occurrence", 1, low=1, integer=True, label=f"{label}.occurrence"))
        pos = -1
        for _ in range(occ):
            pos = text.find(quote, pos + 1)
            if pos < 0:
                short = quote if len(quote) <= 60 else quote[:57] + "..."
                raise ctx.error(
                    f"quotes {short!r}, which is not in the seed"
                    + (f" {occ} times" if occ > 1 else ""),
                    f"{label}.quote",
                )
        seg = doc.segment_at(pos)
        return Passage(
            text=quote, start=pos, end=pos + len(quote), line=seg.number if seg else None
        )
    if "start" in v or "end" in v:
        start = int(ctx.num(v, "start", -1, integer=True, label=f"{label}.start"))
        end = int(ctx.num(v, "end", -1, integer=True, label=f"{label}.end"))
        if not 0 <= start < end <= len(text):
            raise ctx.error(f"start/end must satisfy 0 <= start < end <= {len(text)}", label)
        seg = doc.segment_at(start)
        return Passage(text=text[start:end], start=start, end=end, line=seg.number if seg else None)
    raise ctx.error("needs 'line', 'lines', 'quote', 'start'/'end' or 'text'", label)
