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
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..paths import env_path, near_working_dir, package_checkout
from .model import BANK_FIELDS, COMMON_FIELDS, SCHEMA, Bank, Question, QuizError
from .reader import ID as _ID
from .reader import MAX_ANSWER_COLS, MAX_QUOTED, Fields, read_passage
from .reader import cut as _cut
from .reader import kind_of as _kind
from .reader import quote as _q
from .types import TYPES, Seed, jupyterquiz_types

__all__ = [
    "DEFAULT_MAX_TRIES",
    "JUPYTERQUIZ_MAX_TRIES",
    "MAX_ANSWER_COLS",
    "MAX_FILE_BYTES",
    "MAX_QUOTED",
    "build_bank",
    "course_bank",
    "course_question",
    "course_question_type",
    "find_bank",
    "load_bank",
    "loads_bank",
    "quiz_dirs",
]

DEFAULT_MAX_TRIES = 2
JUPYTERQUIZ_MAX_TRIES = 3  # jupyterquiz lets learners retry freely; we stop after three tries
MAX_FILE_BYTES = 2_000_000


# --- finding banks -------------------------------------------------------------------------


def quiz_dirs() -> list[Path]:
    """Where named banks are looked up: ``$HELPERS_QUIZZES_DIR``, the source checkout's
    ``notebooks/quizzes``, and ``quizzes``/``notebooks/quizzes`` near the working directory."""
    env = env_path("HELPERS_QUIZZES_DIR")
    near = near_working_dir()
    return [
        *([env] if env else []),
        near[0] / "quizzes",
        *(p / "notebooks" / "quizzes" for p in near),
        package_checkout() / "notebooks" / "quizzes",
    ]


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


# --- project YAML format -------------------------------------------------------------------


def _build_yaml(raw: dict[str, Any], name: str, check_seed: bool, default_id: str) -> Bank:
    top = Fields(name, None)
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
        ctx = Fields(name, n, qid)
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
    ctx: Fields, d: dict[str, Any], n: int, max_tries: int, doc: Any, reading: Any, check_seed: bool
) -> Question:
    qid = ctx.text(d, "id", required=True)
    if not _ID.match(qid):
        raise ctx.error("must be letters, digits, '-', '_' or '.' (like q-mismatch)", "id")
    qtype = ctx.text(d, "type", required=True)
    if qtype not in TYPES:  # the table as it is now (a test registers a type of its own)
        close = difflib.get_close_matches(qtype, list(TYPES), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ctx.error(
            f"is {_q(qtype)}, which is not a question type (one of {', '.join(TYPES)}){hint}",
            "type",
        )
    kind = TYPES[qtype]
    ctx.known(d, COMMON_FIELDS | kind.fields)
    tags_raw = ctx.mapping(d.get("tags") or {}, "tags")
    tags = {k: ctx.text(tags_raw, k, label=f"tags.{k}") for k in tags_raw}
    common: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "number": n,
        "prompt": ctx.text(d, "prompt", required=True),
        "points": ctx.num(d, "points", 1.0),
        "max_tries": int(
            ctx.num(d, "max_tries", kind.default_max_tries or max_tries, low=1, integer=True)
        ),
        "explanation": ctx.text(d, "explanation"),
        "hints": ctx.texts(d, "hints"),
        "tags": tags,
        "code": ctx.text(d, "code"),
    }
    if "passage" in d:
        common["passage"] = read_passage(ctx, d["passage"], doc, "passage")
    seed = Seed(doc, reading, check_seed)
    return Question(**common, spec=kind.parse(ctx, d, common.get("passage"), seed))


# --- jupyterquiz JSON ----------------------------------------------------------------------


def _build_jupyterquiz(raw: list[Any], name: str, default_id: str) -> Bank:
    """jupyterquiz questions as they are: unknown extra keys are ignored, so banks written for
    newer jupyterquiz versions still load."""
    if not raw:
        raise QuizError("is an empty list of questions", file=name)
    questions: list[Question] = []
    seen: set[str] = set()
    for n, d in enumerate(raw, 1):
        ctx = Fields(name, n, f"q{n}")
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
        known = jupyterquiz_types()
        if jtype not in known:
            raise ctx.error(f"is {_q(jtype)}; jupyterquiz types are " + ", ".join(known), "type")
        qtype = known[jtype]
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
        spec = TYPES[qtype].parse_jupyterquiz(ctx, d, answers)
        questions.append(Question(**common, spec=spec))
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
