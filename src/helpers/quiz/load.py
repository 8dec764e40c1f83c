"""Read quiz banks: the project's YAML format and jupyterquiz JSON, checked field by field.

Every problem raises :class:`~helpers.quiz.model.QuizError` naming the file, the question (number
and id) and the field, because the people who write banks are teachers, not programmers: a
traceback helps nobody, a sentence that says where to look does.  Anything the file contains —
wrong types, unknown fields, deep nesting, binary junk — ends in a ``QuizError``, never another
exception (a property test checks this).
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .model import (
    BANK_FIELDS,
    COMMON_FIELDS,
    QUESTION_TYPES,
    SCHEMA,
    TYPE_FIELDS,
    Bank,
    Item,
    NumericAnswer,
    Option,
    Passage,
    Question,
    QuizError,
    Target,
    TextAnswer,
)

JUPYTERQUIZ_TYPES = {
    "multiple_choice": "single_choice",
    "many_choice": "multiple_select",
    "numeric": "numeric",
    "string": "short_text",
}
DEFAULT_MAX_TRIES = 2
JUPYTERQUIZ_MAX_TRIES = 3  # jupyterquiz lets learners retry freely; we stop after three tries
MAX_FILE_BYTES = 2_000_000
MAX_ANSWER_COLS = 10  # columns of options: more fit no screen (1e8 built a 1.27 GB widget)
MAX_QUOTED = 80  # characters of a bank's value an error message quotes, then "…"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _cut(text: str) -> str:
    """``text`` cut to :data:`MAX_QUOTED` characters and "…": a message quoting a 100 KB value
    must still fit on a line the teacher can read."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def _q(value: Any) -> str:
    """A value as an error message quotes it (its ``repr``), cut by :func:`_cut`."""
    if isinstance(value, str):
        return repr(_cut(value))
    try:
        return _cut(repr(value))
    except ValueError:  # an integer with more digits than Python writes out
        return "a number too long to show"


def _num(value: float) -> str:
    """A number as an error message shows it (``%g`` for a float, a long integer cut)."""
    return f"{value:g}" if isinstance(value, float) else _q(value)


# --- finding banks -------------------------------------------------------------------------


def quiz_dirs() -> list[Path]:
    """Where named banks are looked up: ``$HELPERS_QUIZZES_DIR``, the source checkout's
    ``notebooks/quizzes``, and ``quizzes``/``notebooks/quizzes`` near the working directory."""
    out: list[Path] = []
    env = os.environ.get("HELPERS_QUIZZES_DIR")
    if env:
        out.append(Path(env))
    cwd = Path.cwd()
    out += [cwd / "quizzes", cwd / "notebooks" / "quizzes"]
    out += [p / "notebooks" / "quizzes" for p in cwd.parents[:3]]
    out.append(Path(__file__).resolve().parents[3] / "notebooks" / "quizzes")
    return out


def find_bank(name: str) -> Path:
    """The file for a bank name like ``"02-sourcing"`` (or a path, returned as is)."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml", ".json") or p.is_file():
        return p
    for d in quiz_dirs():
        for ext in (".yaml", ".yml", ".json"):
            cand = d / f"{name}{ext}"
            if cand.is_file():
                return cand
    raise QuizError(
        f"no quiz bank called {_q(name)}; looked in "
        + ", ".join(str(d) for d in quiz_dirs() if d.is_dir())
        + " (set HELPERS_QUIZZES_DIR to point elsewhere)"
    )


def load_bank(source: str | Path, *, check_seed: bool = True) -> Bank:
    """Load and check a bank from a file path or a bank name (``"02-sourcing"``)."""
    path = find_bank(str(source))
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise QuizError(f"is {size} bytes; a quiz bank should be far smaller", file=name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise QuizError("no such file", file=name) from None
    except IsADirectoryError:
        raise QuizError("is a folder, not a quiz file", file=name) from None
    except OSError as exc:
        raise QuizError(f"cannot be read ({exc.strerror or exc})", file=name) from None
    fmt = "json" if path.suffix == ".json" else "yaml"
    return loads_bank(data, name=name, fmt=fmt, check_seed=check_seed, default_id=path.stem)


def loads_bank(
    data: str | bytes,
    *,
    name: str = "<bank>",
    fmt: str = "yaml",
    check_seed: bool = True,
    default_id: str = "bank",
) -> Bank:
    """Parse bank text (YAML or JSON).  A JSON list of questions is read as jupyterquiz."""
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise QuizError("looks like a binary file, not a quiz bank", file=name)
        try:
            data = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise QuizError(f"is not UTF-8 text (bad byte at {exc.start})", file=name) from None
    try:
        raw = _parse(data, fmt, name)
        return build_bank(raw, name=name, check_seed=check_seed, default_id=default_id)
    except QuizError:
        raise
    except RecursionError:
        raise QuizError("is nested too deeply to be a quiz bank", file=name) from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # A last line of defence: every expected problem has its own message above.
        raise QuizError(
            f"cannot be read as a quiz bank ({type(exc).__name__}: {_cut(str(exc))})", file=name
        ) from None


def _parse(data: str, fmt: str, name: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(data)
        except json.JSONDecodeError as exc:
            raise QuizError(
                f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=name
            ) from None
    import yaml

    # libyaml's parser when PyYAML has it (every wheel does): the same data, ~15x faster than the
    # pure-Python one (55 ms -> 4 ms a bank, five banks a lesson)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data, Loader=loader)  # a safe loader (no Python objects)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QuizError(f"is not valid YAML ({where}{problem})", file=name) from None


def build_bank(
    raw: Any, *, name: str = "<bank>", check_seed: bool = True, default_id: str = "bank"
) -> Bank:
    """A checked :class:`Bank` from parsed YAML/JSON (a dict = project format, a list =
    jupyterquiz)."""
    if isinstance(raw, list):
        return _build_jupyterquiz(raw, name, default_id)
    if isinstance(raw, dict) and "questions" not in raw and "question" in raw:
        return _build_jupyterquiz([raw], name, default_id)  # one jupyterquiz question alone
    if not isinstance(raw, dict):
        raise QuizError(
            "must hold a bank (a mapping with 'id', 'title' and 'questions') or a jupyterquiz "
            f"list of questions, not {_kind(raw)}",
            file=name,
        )
    return _build_yaml(raw, name, check_seed, default_id)


# --- the seed ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _seed(slug: str) -> tuple[Any, Any]:
    from ..annotations import AnnotationError, expert_reading
    from ..seeds import seed

    try:
        doc = seed(slug)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise QuizError(f"seed {_q(slug)} cannot be loaded ({_cut(str(exc))})") from None
    try:
        reading = expert_reading(slug)
    except (AnnotationError, OSError):
        reading = None
    return doc, reading


def seed_document(slug: str) -> Any:
    return _seed(slug)[0]


def seed_reading(slug: str) -> Any:
    return _seed(slug)[1]


# --- small typed readers -------------------------------------------------------------------


def _kind(v: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(v), type(v).__name__)


class _Q:
    """Reads one question's fields, raising errors that name file, question and field."""

    def __init__(self, name: str, number: int | None, qid: str | None = None) -> None:
        self.name, self.number, self.qid = name, number, qid

    def error(self, msg: str, fld: str | None = None) -> QuizError:
        """The error, with the question's id and the field cut if a bank made them huge."""
        qid = None if self.qid is None else _cut(self.qid)
        fld = None if fld is None else _cut(fld)
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
            raise self.error(f"must be text, not {_kind(v)}", label)
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
            raise self.error(f"must be a number, not {_kind(v)}", label)
        if integer and v != int(v):
            raise self.error(f"must be a whole number, not {_num(v)}", label)
        if v < low:
            raise self.error(f"must be at least {low:g}, not {_num(v)}", label)
        if high is not None and v > high:
            raise self.error(f"must be at most {high:g}, not {_num(v)}", label)
        return int(v) if integer else float(v)

    def flag(
        self, d: Mapping[str, Any], key: str, default: bool = False, label: str | None = None
    ) -> bool:
        v = d.get(key, default)
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.error(f"must be true or false, not {_kind(v)}", label or key)
        return v

    def mapping(self, v: Any, label: str) -> Mapping[str, Any]:
        if not isinstance(v, dict):
            raise self.error(f"must be a mapping (key: value lines), not {_kind(v)}", label)
        for k in v:
            if not isinstance(k, str):
                raise self.error(f"has a key {_q(k)} that is not text", label)
        return v

    def seq(self, d: Mapping[str, Any], key: str, *, required: bool = False) -> list[Any]:
        v = d.get(key)
        if v is None:
            if required:
                raise self.error("is missing", key)
            return []
        if not isinstance(v, list):
            raise self.error(f"must be a list, not {_kind(v)}", key)
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
            raise self.error(f"must be a list of texts, not {_kind(v)}", key)
        out = []
        for i, x in enumerate(v, 1):
            if isinstance(x, bool) or not isinstance(x, str | int | float):
                raise self.error(f"entry {i} must be text, not {_kind(x)}", key)
            out.append(str(x).strip())
        return tuple(out)

    def known(self, d: Mapping[str, Any], allowed: frozenset[str], where: str = "") -> None:
        for k in d:
            if not isinstance(k, str):
                raise self.error(f"has a key {_q(k)} that is not text", where or None)
            if k not in allowed:
                close = difflib.get_close_matches(k, sorted(allowed), n=1)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else ("; allowed here: " + ", ".join(sorted(allowed)))
                )
                raise self.error(f"is not a known field{hint}", f"{where}.{k}" if where else k)


# --- project YAML format -------------------------------------------------------------------


def _build_yaml(raw: dict[str, Any], name: str, check_seed: bool, default_id: str) -> Bank:
    top = _Q(name, None)
    top.known(raw, BANK_FIELDS)
    if "schema" in raw and raw["schema"] != SCHEMA:
        raise top.error(f"must be {SCHEMA!r} (or left out)", "schema")
    bank_id = top.text(raw, "id", default=default_id)
    if not _ID.match(bank_id):
        raise top.error("must be letters, digits, '-', '_' or '.' (like 02-sourcing)", "id")
    title = top.text(raw, "title", required=True)
    seed_slug = top.text(raw, "seed", default="") or None
    max_tries = int(top.num(raw, "max_tries", DEFAULT_MAX_TRIES, low=1, integer=True))
    review_raw = raw.get("review") or {}
    review = {
        str(k): top.text(review_raw, k, label=f"review.{k}")
        for k in top.mapping(review_raw, "review")
    }
    questions_raw = top.seq(raw, "questions", required=True)
    doc = reading = None
    if seed_slug is not None:
        if not re.match(r"^[A-Za-z0-9_-]+$", seed_slug):
            raise top.error("must be a seed folder name like belarus-thaw", "seed")
        try:
            doc, reading = _seed(seed_slug)
        except QuizError as exc:
            raise QuizError(exc.detail, file=name, field="seed") from None
    questions: list[Question] = []
    seen: set[str] = set()
    for n, qraw in enumerate(questions_raw, 1):
        qid = qraw.get("id") if isinstance(qraw, dict) else None
        qid = str(qid) if isinstance(qid, str | int) and not isinstance(qid, bool) else None
        ctx = _Q(name, n, qid)
        if not isinstance(qraw, dict):
            raise ctx.error(f"must be a mapping with 'id', 'type' and 'prompt', not {_kind(qraw)}")
        q = _yaml_question(ctx, qraw, n, max_tries, doc, reading, check_seed)
        if q.id in seen:
            raise ctx.error(f"repeats the id {q.id!r} of an earlier question", "id")
        seen.add(q.id)
        questions.append(q)
    return Bank(
        id=bank_id,
        title=title,
        questions=tuple(questions),
        lesson=top.text(raw, "lesson"),
        seed=seed_slug,
        description=top.text(raw, "description"),
        format="yaml",
        source=name,
        review=review,
    )


def _yaml_question(
    ctx: _Q, d: dict[str, Any], n: int, max_tries: int, doc: Any, reading: Any, check_seed: bool
) -> Question:
    qid = ctx.text(d, "id", required=True)
    if not _ID.match(qid):
        raise ctx.error("must be letters, digits, '-', '_' or '.' (like q-mismatch)", "id")
    qtype = ctx.text(d, "type", required=True)
    if qtype not in QUESTION_TYPES:
        close = difflib.get_close_matches(qtype, QUESTION_TYPES, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ctx.error(
            f"is {_q(qtype)}, which is not a question type (one of "
            f"{', '.join(QUESTION_TYPES)}){hint}",
            "type",
        )
    ctx.known(d, COMMON_FIELDS | TYPE_FIELDS[qtype])
    tags_raw = ctx.mapping(d.get("tags") or {}, "tags")
    tags = {k: ctx.text(tags_raw, k, label=f"tags.{k}") for k in tags_raw}
    common: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "number": n,
        "prompt": ctx.text(d, "prompt", required=True),
        "points": ctx.num(d, "points", 1.0),
        "max_tries": int(
            ctx.num(d, "max_tries", 1 if qtype == "reflection" else max_tries, low=1, integer=True)
        ),
        "explanation": ctx.text(d, "explanation"),
        "hints": ctx.texts(d, "hints"),
        "tags": tags,
        "code": ctx.text(d, "code"),
    }
    if "passage" in d:
        common["passage"] = _passage(ctx, d["passage"], doc, "passage")
    if qtype in ("single_choice", "multiple_select"):
        return Question(**common, **_choice_fields(ctx, d, qtype))
    if qtype == "numeric":
        return Question(**common, **_numeric_fields(ctx, d))
    if qtype == "short_text":
        return Question(**common, **_text_fields(ctx, d))
    if qtype == "highlight":
        return Question(
            **common, **_highlight_fields(ctx, d, common.get("passage"), doc, reading, check_seed)
        )
    if qtype in ("classify", "discernment"):
        return Question(**common, **_sort_fields(ctx, d, qtype, doc))
    model = ctx.text(d, "model_answer", required=True)
    return Question(
        **common,
        model_answer=model,
        min_words=int(ctx.num(d, "min_words", 0, integer=True)),
        loaded_words=_loaded_words(ctx, d, common.get("passage"), model),
    )


def _loaded_words(
    ctx: _Q, d: dict[str, Any], passage: Passage | None, model: str
) -> tuple[str, ...]:
    """A rewrite's loaded words: each must be in the passage (else "gone" would be said of a
    word that was never there) and none in the model answer (it shows the rewrite done)."""
    from .scoring import loaded_words_in

    words = ctx.texts(d, "loaded_words")
    for w in words:
        if not w:
            raise ctx.error("has an empty entry", "loaded_words")
    if passage is not None and passage.text:
        missing = [w for w in words if not loaded_words_in(passage.text, [w])]
        if missing:
            raise ctx.error(f"“{missing[0]}” is not in the passage", "loaded_words")
    kept = loaded_words_in(model, words)
    if kept:
        raise ctx.error(f"the model answer still has “{kept[0]}”", "loaded_words")
    return words


def _passage(ctx: _Q, v: Any, doc: Any, label: str) -> Passage:
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


def _choice_fields(ctx: _Q, d: dict[str, Any], qtype: str) -> dict[str, Any]:
    opts_raw = ctx.seq(d, "options", required=True)
    options: list[Option] = []
    for i, o in enumerate(opts_raw, 1):
        label = f"options[{i}]"
        if isinstance(o, bool):  # YAML reads a bare yes/no as true/false
            o = {"text": "yes" if o else "no"}
        elif isinstance(o, str | int | float):
            o = {"text": str(o)}
        o = ctx.mapping(o, label)
        ctx.known(o, frozenset({"id", "text", "correct", "feedback"}), label)
        oid = ctx.text(
            o, "id", default=chr(ord("a") + i - 1) if i <= 26 else f"o{i}", label=f"{label}.id"
        )
        options.append(
            Option(
                id=oid,
                text=ctx.text(o, "text", required=True, label=f"{label}.text"),
                correct=ctx.flag(o, "correct", label=f"{label}.correct"),
                feedback=ctx.text(o, "feedback", label=f"{label}.feedback"),
            )
        )
    ids = [o.id for o in options]
    dup = next((x for x in ids if ids.count(x) > 1), None)
    if dup is not None:
        raise ctx.error(f"uses the option id {_q(dup)} twice", "options")
    if len(options) < 2:
        raise ctx.error("needs at least two options", "options")
    if "correct" in d:
        named = d["correct"]
        named = [named] if not isinstance(named, list) else named
        if not named:
            raise ctx.error("is an empty list; name the right option(s)", "correct")
        for x in named:
            if isinstance(x, bool) or not isinstance(x, str | int):
                raise ctx.error(f"must name option ids, not {_kind(x)}", "correct")
            if str(x) not in ids:
                raise ctx.error(
                    f"names option '{_cut(str(x))}', which does not exist "
                    f"(options: {_cut(', '.join(ids))})",
                    "correct",
                )
        if any(o.correct for o in options):
            raise ctx.error(
                "is given, and an option also says 'correct: true'; use one way", "correct"
            )
        keep = {str(x) for x in named}
        options = [Option(o.id, o.text, o.id in keep, o.feedback) for o in options]
    if not any(o.correct for o in options):
        raise ctx.error("is missing: no option is marked correct", "correct")
    if qtype == "single_choice" and sum(o.correct for o in options) > 1 and "correct" in d:
        raise ctx.error(
            "names more than one option for a single_choice question; use type multiple_select",
            "correct",
        )
    cols = int(ctx.num(d, "answer_cols", 1, low=1, high=MAX_ANSWER_COLS, integer=True))
    return {"options": tuple(options), "answer_cols": cols}


def _numeric_answers(
    ctx: _Q, answers: list[Any], label: str = "answers"
) -> tuple[tuple[NumericAnswer, ...], str]:
    out: list[NumericAnswer] = []
    default = ""
    for i, a in enumerate(answers, 1):
        lab = f"{label}[{i}]"
        a = ctx.mapping(a, lab)
        kind = a.get("type")
        if kind == "default":
            default = ctx.text(a, "feedback", label=f"{lab}.feedback")
            continue
        fb = ctx.text(a, "feedback", label=f"{lab}.feedback")
        correct = ctx.flag(a, "correct", label=f"{lab}.correct")
        if "range" in a and kind in (None, "range"):
            r = a["range"]
            if (
                not isinstance(r, list)
                or len(r) != 2
                or not all(
                    isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
                    for x in r
                )
            ):
                raise ctx.error("must be two numbers [low, high]", f"{lab}.range")
            if r[0] > r[1]:
                raise ctx.error(f"has low {_num(r[0])} above high {_num(r[1])}", f"{lab}.range")
            out.append(NumericAnswer("range", correct, fb, low=float(r[0]), high=float(r[1])))
        elif "value" in a and kind in (None, "value"):
            v = a["value"]
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ctx.error(f"must be a number, not {_kind(v)}", f"{lab}.value")
            out.append(NumericAnswer("value", correct, fb, value=float(v)))
        else:
            raise ctx.error("needs 'value', 'range' or type 'default'", lab)
    if not any(a.correct for a in out):
        raise ctx.error("has no answer marked correct: true", label)
    return tuple(out), default


def _numeric_fields(ctx: _Q, d: dict[str, Any]) -> dict[str, Any]:
    precision = d.get("precision")
    if precision is not None:
        precision = int(ctx.num(d, "precision", 1, low=1, integer=True))
    if "answer" in d:
        if "answers" in d:
            raise ctx.error("is given together with 'answers'; use one of them", "answer")
        value = d["answer"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ctx.error(f"must be a number, not {_kind(value)}", "answer")
        tol = ctx.num(d, "tolerance", 0.0)
        ans: tuple[NumericAnswer, ...] = (
            (NumericAnswer("value", True, "", value=float(value)),)
            if tol == 0
            else (NumericAnswer("range", True, "", low=value - tol, high=value + tol),)
        )
        default = ""
    else:
        if "tolerance" in d:
            raise ctx.error("only works with 'answer'", "tolerance")
        ans, default = _numeric_answers(ctx, ctx.seq(d, "answers", required=True))
    default = ctx.text(d, "default_feedback", default=default)
    return {"numeric_answers": ans, "precision": precision, "default_feedback": default}


def _text_answers(ctx: _Q, answers: list[Any]) -> tuple[tuple[TextAnswer, ...], str]:
    out: list[TextAnswer] = []
    default = ""
    for i, a in enumerate(answers, 1):
        lab = f"answers[{i}]"
        if isinstance(a, str | int | float) and not isinstance(a, bool):
            out.append(TextAnswer(str(a).strip(), True))
            continue
        a = ctx.mapping(a, lab)
        if a.get("type") == "default":
            default = ctx.text(a, "feedback", label=f"{lab}.feedback")
            continue
        thr = a.get("fuzzy_threshold")
        if thr is not None and (
            isinstance(thr, bool) or not isinstance(thr, int | float) or not 0 <= thr <= 1
        ):
            raise ctx.error("must be a number from 0 to 1", f"{lab}.fuzzy_threshold")
        out.append(
            TextAnswer(
                answer=ctx.text(a, "answer", required=True, label=f"{lab}.answer"),
                correct=ctx.flag(a, "correct", label=f"{lab}.correct"),
                feedback=ctx.text(a, "feedback", label=f"{lab}.feedback"),
                match_case=ctx.flag(a, "match_case", label=f"{lab}.match_case"),
                fuzzy_threshold=None if thr is None else float(thr),
            )
        )
    if not any(a.correct for a in out):
        raise ctx.error("has no answer marked correct: true", "answers")
    return tuple(out), default


def _text_fields(ctx: _Q, d: dict[str, Any]) -> dict[str, Any]:
    ans, default = _text_answers(ctx, ctx.seq(d, "answers", required=True))
    return {
        "text_answers": ans,
        "default_feedback": ctx.text(d, "default_feedback", default=default),
    }


def _highlight_fields(
    ctx: _Q, d: dict[str, Any], passage: Passage | None, doc: Any, reading: Any, check_seed: bool
) -> dict[str, Any]:
    if passage is None or passage.start is None:
        raise ctx.error("is missing: a highlight question needs a passage of the seed", "passage")
    assert passage.end is not None
    if "targets" not in d:
        raise ctx.error("is missing: say which expert spans to find", "targets")
    spec = d["targets"]
    min_overlap = ctx.num(d, "min_overlap", 0.0)
    if min_overlap > 1:
        raise ctx.error("must be between 0 and 1", "min_overlap")
    targets: list[Target] = []
    if isinstance(spec, dict):
        ctx.known(spec, frozenset({"layer", "labels", "source_types"}), "targets")
        if reading is None:
            raise ctx.error("selects expert spans, but the seed has no annotations.json", "targets")
        layer = ctx.text(spec, "layer", label="targets.layer")
        labels = set(ctx.texts(spec, "labels"))
        kinds = set(ctx.texts(spec, "source_types"))
        for s in reading.spans:
            if s.end <= passage.start or s.start >= passage.end:
                continue
            if (layer and s.layer != layer) or (labels and s.label not in labels):
                continue
            if kinds and s.source_type not in kinds:
                continue
            targets.append(_target(s))
        if not targets:
            raise ctx.error(
                "selects no expert span inside the passage (check layer, labels, "
                "source_types and the passage)",
                "targets",
            )
    elif isinstance(spec, list):
        if not spec:
            raise ctx.error("is an empty list", "targets")
        for i, t in enumerate(spec, 1):
            lab = f"targets[{i}]"
            if isinstance(t, str):
                t = {"quote": t}
            t = ctx.mapping(t, lab)
            ctx.known(t, frozenset({"quote", "explanation", "label", "layer", "occurrence"}), lab)
            quote = ctx.text(t, "quote", required=True, label=f"{lab}.quote")
            occ = int(ctx.num(t, "occurrence", 1, low=1, integer=True, label=f"{lab}.occurrence"))
            pos = passage.start - 1
            for _ in range(occ):
                pos = doc.text.find(quote, pos + 1, passage.end)
                if pos < 0:
                    raise ctx.error(
                        f"quotes {_q(quote)}, which is not in the passage", f"{lab}.quote"
                    )
            start, end = pos, pos + len(quote)
            expl = ctx.text(t, "explanation", label=f"{lab}.explanation")
            label = ctx.text(t, "label", label=f"{lab}.label")
            layer = ctx.text(t, "layer", default="sourcing", label=f"{lab}.layer")
            source_type = None
            if reading is not None:
                best = max(
                    (s for s in reading.spans if s.start < end and s.end > start),
                    key=lambda s: min(s.end, end) - max(s.start, start),
                    default=None,
                )
                if best is not None and not expl:
                    expl, label, layer = best.explanation, label or best.label, best.layer
                if best is not None and best.layer == layer:
                    source_type = best.source_type
            if not expl:
                raise ctx.error(
                    "is missing, and no expert span there explains this quote", f"{lab}.explanation"
                )
            targets.append(Target(start, end, quote, expl, layer, label, source_type))
    else:
        raise ctx.error(
            "must be a filter (layer/labels/source_types) or a list of quotes", "targets"
        )
    chosen = {(t.start, t.end) for t in targets}
    others = (
        ()
        if reading is None
        else tuple(
            _target(s)
            for s in reading.spans
            if s.start < passage.end and s.end > passage.start and (s.start, s.end) not in chosen
        )
    )
    return {
        "targets": tuple(sorted(targets, key=lambda t: (t.start, t.end))),
        "others": others,
        "min_overlap": min_overlap,
    }


def _target(s: Any) -> Target:
    """An expert span as a question's target, with its source type for the feedback."""
    return Target(s.start, s.end, s.text, s.explanation, s.layer, s.label, s.source_type)


def _sort_fields(ctx: _Q, d: dict[str, Any], qtype: str, doc: Any) -> dict[str, Any]:
    key = "categories" if qtype == "classify" else "choices"
    answer_key = "category" if qtype == "classify" else "verdict"
    if qtype == "discernment" and key not in d:
        cats: tuple[str, ...] = ("reporting", "opinion")
    else:
        cats = ctx.texts(d, key)
    if len(cats) < 2:
        raise ctx.error("needs at least two entries", key)
    if len(set(cats)) != len(cats):
        raise ctx.error("repeats an entry", key)
    items: list[Item] = []
    ids: set[str] = set()
    for i, it in enumerate(ctx.seq(d, "items", required=True), 1):
        lab = f"items[{i}]"
        it = ctx.mapping(it, lab)
        ctx.known(
            it,
            frozenset({"id", "text", "quote", "line", "occurrence", answer_key, "feedback"}),
            lab,
        )
        sources = [k for k in ("text", "quote", "line") if k in it]
        if len(sources) != 1:
            raise ctx.error("needs exactly one of 'text', 'quote' or 'line'", lab)
        if sources[0] == "text":
            p = Passage(text=ctx.text(it, "text", required=True, label=f"{lab}.text"))
        else:
            sub = {k: it[k] for k in ("quote", "line", "occurrence") if k in it}
            p = _passage(ctx, sub, doc, lab)
        ans = ctx.text(it, answer_key, required=True, label=f"{lab}.{answer_key}")
        if ans not in cats:
            raise ctx.error(
                f"is {_q(ans)}, which is not one of the {key} ({_cut(', '.join(cats))})",
                f"{lab}.{answer_key}",
            )
        iid = ctx.text(it, "id", default=f"i{i}", label=f"{lab}.id")
        if iid in ids:
            raise ctx.error(f"repeats the item id {_q(iid)}", f"{lab}.id")
        ids.add(iid)
        items.append(
            Item(
                iid,
                p.text,
                ans,
                ctx.text(it, "feedback", label=f"{lab}.feedback"),
                p.start,
                p.end,
                p.line,
            )
        )
    out: dict[str, Any] = {"categories": cats, "items": tuple(items)}
    if qtype == "discernment":
        signal = ctx.text(d, "signal", default=cats[-1])
        if signal not in cats:
            raise ctx.error(f"is {_q(signal)}, which is not one of the choices", "signal")
        if not any(it.answer != signal for it in items):
            raise ctx.error(
                f"are all {_q(signal)}: include sound items too, so the score can show false "
                "alarms",
                "items",
            )
        if not any(it.answer == signal for it in items):
            raise ctx.error(f"has no {_q(signal)} item to find", "items")
        out["signal"] = signal
    return out


# --- jupyterquiz JSON ----------------------------------------------------------------------

_JQ_FIELDS = frozenset(
    {
        "question",
        "type",
        "answers",
        "code",
        "precision",
        "answer_cols",
        "points",
        "id",
        "input_width",
        "answer_html",
        "question_html",
    }
)


def _build_jupyterquiz(raw: list[Any], name: str, default_id: str) -> Bank:
    """jupyterquiz questions as they are: unknown extra keys are ignored, so banks written for
    newer jupyterquiz versions still load."""
    if not raw:
        raise QuizError("is an empty list of questions", file=name)
    questions: list[Question] = []
    seen: set[str] = set()
    for n, d in enumerate(raw, 1):
        ctx = _Q(name, n, f"q{n}")
        if not isinstance(d, dict):
            raise ctx.error(
                f"must be a mapping with 'question', 'type' and 'answers', not {_kind(d)}"
            )
        for k in d:
            if not isinstance(k, str):
                raise ctx.error(f"has a key {_q(k)} that is not text")
        qid = ctx.text(d, "id", default=f"q{n}")
        ctx.qid = qid
        if qid in seen:
            raise ctx.error(f"repeats the id {_q(qid)}", "id")
        seen.add(qid)
        jtype = ctx.text(d, "type", required=True)
        if jtype not in JUPYTERQUIZ_TYPES:
            raise ctx.error(
                f"is {_q(jtype)}; jupyterquiz types are " + ", ".join(JUPYTERQUIZ_TYPES), "type"
            )
        qtype = JUPYTERQUIZ_TYPES[jtype]
        prompt = ctx.text(d, "question", required=True)
        answers = ctx.seq(d, "answers", required=True)
        common: dict[str, Any] = {
            "id": qid,
            "type": qtype,
            "number": n,
            "prompt": prompt,
            "points": ctx.num(d, "points", 1.0),
            "max_tries": JUPYTERQUIZ_MAX_TRIES,
            "code": ctx.text(d, "code"),
        }
        if qtype in ("single_choice", "multiple_select"):
            options = []
            for i, a in enumerate(answers, 1):
                lab = f"answers[{i}]"
                a = ctx.mapping(a, lab)
                text = ctx.text(a, "answer", label=f"{lab}.answer") or ctx.text(
                    a, "code", label=f"{lab}.code"
                )
                if not text:
                    raise ctx.error("is missing", f"{lab}.answer")
                if "correct" not in a:
                    raise ctx.error("is missing", f"{lab}.correct")
                options.append(
                    Option(
                        chr(ord("a") + i - 1) if i <= 26 else f"o{i}",
                        text,
                        ctx.flag(a, "correct", label=f"{lab}.correct"),
                        ctx.text(a, "feedback", label=f"{lab}.feedback"),
                    )
                )
            if len(options) < 2:
                raise ctx.error("needs at least two answers", "answers")
            if not any(o.correct for o in options):
                raise ctx.error('has no answer marked "correct": true', "answers")
            cols = int(ctx.num(d, "answer_cols", 1, low=1, high=MAX_ANSWER_COLS, integer=True))
            questions.append(Question(**common, options=tuple(options), answer_cols=cols))
        elif qtype == "numeric":
            precision = d.get("precision")
            if precision is not None:
                precision = int(ctx.num(d, "precision", 1, low=1, integer=True))
            nums, default = _numeric_answers(ctx, answers)
            questions.append(
                Question(
                    **common, numeric_answers=nums, precision=precision, default_feedback=default
                )
            )
        else:
            texts, default = _text_answers(ctx, answers)
            questions.append(Question(**common, text_answers=texts, default_feedback=default))
    return Bank(
        id=default_id if _ID.match(default_id) else "bank",
        title=default_id.replace("-", " ").replace("_", " ").strip() or "Quiz",
        questions=tuple(questions),
        format="jupyterquiz",
        source=name,
    )


# --- the course's own banks, looked up by name -------------------------------------------------

BANK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@cache
def course_bank(bank_id: str) -> Bank | None:
    """A course bank by its name; anything else a record calls a bank (a path, a URL …) is no
    bank at all, so a student's file can never make the dashboard load their own questions."""
    if not isinstance(bank_id, str) or not BANK_NAME.fullmatch(bank_id):
        return None
    for folder in quiz_dirs():
        for ext in (".yaml", ".yml", ".json"):
            path = folder / f"{bank_id}{ext}"
            if path.is_file():
                try:
                    return load_bank(path)
                except (QuizError, OSError):
                    return None
    return None


def course_question(bank_id: str, qid: str) -> Question | None:
    """A question of a course bank, or None (unknown bank or question)."""
    bank = course_bank(bank_id)
    if bank is None:
        return None
    try:
        return bank.question(qid)
    except KeyError:
        return None


def course_question_type(bank_id: str, qid: str) -> str | None:
    """The type the course's bank gives a question: what scoring rules go by, never the type a
    results file claims (a student can edit their own file)."""
    q = course_question(bank_id, qid)
    return q.type if q is not None else None
