"""Quiz results that are never lost: one JSON-lines file per learner, appended attempt by attempt.

Where: ``$HELPERS_RESULTS_DIR`` if set (on a JupyterHub, one folder per student: see
``deploy/jupyterhub_config.d/``), else ``results/`` in the working directory — in Jupyter and
Voilà that is the notebook's own folder, so learner and teacher can see the files (``results/``
is git-ignored).  A folder the store creates is ``rwxr-x---``: other users cannot read it.
If that folder cannot be written (read-only hub folders), the store falls back
to ``~/.media-literacy/results`` and then to a folder in the system temp dir, with a warning that
says where the results went.

How:

* **Appends** take an exclusive ``fcntl.flock`` on a lock file beside the results file and write
  each record as one line with one ``os.write`` on an ``O_APPEND`` descriptor, then ``fsync``:
  two kernels (or two browser tabs) saving at once interleave whole lines and lose nothing.
* **Rewrites** (repair, CSV export) go to a temp file in the same folder, are ``fsync``-ed and
  moved into place with ``os.replace``, so a crash leaves either the old or the new file.
* **Corruption** (a line that is not a JSON object, e.g. a half-written line after a power cut or
  a hand edit): the file is renamed ``<name>.corrupt-<timestamp>`` and kept for inspection, a
  fresh file is started holding every line that could still be read, and a warning says so.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

try:  # POSIX; on Windows appends rely on O_APPEND alone
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SCHEMA = "helpers.quiz-results/1"
ANONYMOUS = "anonymous"


class ResultsWarning(UserWarning):
    """Results went somewhere else than asked, or a damaged file was set aside."""


def default_folder() -> Path:
    """Where answers are saved: ``$HELPERS_RESULTS_DIR``, else ``results/`` in the working
    directory (a notebook's own folder, ``notebooks/``), except at a course folder's root
    (``notebooks/`` and ``seeds/`` side by side): there ``notebooks/results``, the lessons' folder,
    so a quiz or ``quiz export`` started from the repository root finds the same answers."""
    env = os.environ.get("HELPERS_RESULTS_DIR")
    if env:
        return Path(env).expanduser()
    cwd = Path.cwd()
    if (cwd / "notebooks").is_dir() and (cwd / "seeds").is_dir():
        return cwd / "notebooks" / "results"
    return cwd / "results"


def fallback_folders() -> list[Path]:
    user = (
        os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
        if hasattr(os, "getuid")
        else "user"
    )
    return [
        Path.home() / ".media-literacy" / "results",
        Path(tempfile.gettempdir()) / f"media-literacy-results-{user}",
    ]


def learner_name(name: str | None) -> str:
    name = " ".join(str(name or "").split())
    return name[:80] or ANONYMOUS


def learner_key(name: str | None) -> str:
    """A safe file name for a learner; a short hash keeps "Anna S" and "Anna_S" apart."""
    name = learner_name(name)
    key = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._-")[:40] or "learner"
    if key != name:
        key += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return key


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where possible
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _owned_by_someone_else(folder: Path) -> bool:
    """On a shared hub a classmate could create "my" folder first to read my answers: a
    results folder that belongs to another user is never used."""
    if not hasattr(os, "getuid") or os.getuid() == 0:
        return False
    try:
        return folder.stat().st_uid != os.getuid()
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    try:
        # other students may not read the folder; its group may (a teachers' group on a hub)
        folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        if _owned_by_someone_else(folder):
            return False
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(fd)
        os.unlink(tmp)
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: reading without a lock is the best we can do
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _parse_lines(data: bytes) -> tuple[list[dict[str, Any]], int]:
    good: list[dict[str, Any]] = []
    bad = 0
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            bad += 1
            continue
        if isinstance(rec, dict):
            good.append(rec)
        else:
            bad += 1
    return good, bad


class ResultsStore:
    """The results folder: append attempts, read them back, repair damaged files."""

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        fallbacks: Iterable[str | Path] | None = None,
        read_only: bool = False,
    ) -> None:
        self.requested = Path(folder).expanduser() if folder is not None else default_folder()
        self._fallbacks = [
            Path(f) for f in (fallbacks if fallbacks is not None else fallback_folders())
        ]
        self.messages: list[str] = []
        self.folder = self.requested if read_only else self._choose()

    def _warn(self, message: str) -> None:
        self.messages.append(message)
        warnings.warn(message, ResultsWarning, stacklevel=3)

    def _choose(self, skip: Path | None = None) -> Path:
        for cand in [self.requested, *self._fallbacks]:
            if cand == skip:
                continue
            if _writable(cand):
                if cand != self.requested:
                    why = (
                        "it belongs to another user"
                        if _owned_by_someone_else(self.requested)
                        else "read-only?"
                    )
                    self._warn(
                        f"Cannot save results in {self.requested} ({why}); "
                        f"saving them in {cand} instead."
                    )
                return cand
        raise OSError(
            f"no writable folder for quiz results (tried {self.requested} and "
            + ", ".join(map(str, self._fallbacks))
            + ")"
        )

    def path_for(self, learner: str | None) -> Path:
        return self.folder / f"{learner_key(learner)}.jsonl"

    # -- writing -----------------------------------------------------------------------------

    def append(self, record: Mapping[str, Any]) -> Path:
        """Append one record (a JSON object) for ``record['learner']``; returns the file."""
        rec = {"schema": SCHEMA, **record}
        rec["learner"] = learner_name(rec.get("learner"))
        rec.setdefault("time", now())
        line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        try:
            return self._append_line(self.path_for(rec["learner"]), line)
        except OSError as exc:
            old = self.folder
            self.folder = self._choose(skip=old)
            self._warn(
                f"Saving in {old} failed ({exc.strerror or exc}); results now go to {self.folder}."
            )
            return self._append_line(self.path_for(rec["learner"]), line)

    def _append_line(self, path: Path, line: bytes) -> Path:
        with _locked(path):
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size:
                    with open(path, "rb") as fh:  # a half-written last line: start a new one
                        fh.seek(size - 1)
                        if fh.read(1) != b"\n":
                            line = b"\n" + line
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return path

    # -- reading -----------------------------------------------------------------------------

    def read_file(self, path: Path) -> list[dict[str, Any]]:
        """All records in one results file; a damaged file is set aside and rebuilt."""
        if not path.is_file():
            return []
        with _locked(path):
            data = path.read_bytes()
            good, bad = _parse_lines(data)
            if bad:
                try:
                    self._set_aside(path, good, bad)
                except OSError as exc:
                    self._warn(
                        f"{path.name} has {bad} unreadable line(s) and could not be "
                        f"repaired here ({exc.strerror or exc}); they are skipped."
                    )
        return good

    def _set_aside(self, path: Path, good: list[dict[str, Any]], bad: int) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, aside)
        fresh = b"".join(
            (json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n").encode() for r in good
        )
        atomic_write(path, fresh)
        self._warn(
            f"{path.name} was damaged ({bad} unreadable line{'s' if bad > 1 else ''}); "
            f"it was kept as {aside.name} and a fresh file was started with the "
            f"{len(good)} record(s) that could be read."
        )

    def records(self, learner: str | None = None, bank: str | None = None) -> list[dict[str, Any]]:
        """Records of one learner (or of everyone when ``learner`` is None, sub-folders
        included), oldest first within each file."""
        if learner is not None:
            name = learner_name(learner)
            recs = [r for r in self.read_file(self.path_for(name)) if r.get("learner") == name]
        else:
            recs = []
            for p in sorted(self.folder.rglob("*.jsonl")):  # a hub keeps one folder per student
                try:
                    recs.extend(self.read_file(p))
                except OSError as exc:
                    self._warn(f"Skipped {p} ({exc.strerror or exc}).")
        if bank is not None:
            recs = [r for r in recs if r.get("bank") == bank]
        return recs


# --- progress and export -------------------------------------------------------------------


@dataclass
class QuestionState:
    attempts: int = 0
    best: float = 0.0
    last: float = 0.0
    points: float = 0.0
    correct: bool = False
    done: bool = False
    last_answer: Any = None
    first_time: str = ""
    last_time: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def summarize(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str], QuestionState]:
    """(learner, bank, question) → attempts, best/last score, last answer, done."""
    out: dict[tuple[str, str, str], QuestionState] = {}
    for r in records:
        try:
            key = (str(r["learner"]), str(r["bank"]), str(r["question"]))
            sc = float(r.get("score") or 0)
        except (KeyError, TypeError, ValueError):
            continue
        st = out.setdefault(key, QuestionState(first_time=str(r.get("time", ""))))
        st.attempts += 1
        st.best = max(st.best, sc)
        st.last = sc
        st.points = float(r.get("points") or st.points or 0)
        st.correct = st.correct or bool(r.get("correct"))
        st.done = st.done or bool(r.get("final")) or st.correct
        st.last_answer = r.get("answer")
        st.last_time = str(r.get("time", ""))
        st.details = dict(r.get("details") or {})
    return out


CSV_COLUMNS = [
    "learner",
    "bank",
    "question",
    "type",
    "attempts",
    "best_score",
    "last_score",
    "max_points",
    "correct",
    "last_answer",
    "first_attempt",
    "last_attempt",
]


def _cell(value: Any) -> str:
    """Answers as text; cells that a spreadsheet would run as a formula are defused."""
    if isinstance(value, list):
        text = "; ".join("-".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}={v}" for k, v in value.items())
    elif value is None:
        text = ""
    else:
        text = str(value)
    text = " ".join(text.split())
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def export_csv(folder: str | Path | None, out_path: str | Path) -> int:
    """One row per learner and question (best and last score, attempts, last answer, times),
    ready for a gradebook import.  Returns the number of rows written."""
    store = ResultsStore(folder, read_only=True)
    recs = store.records()
    types = {(str(r.get("bank")), str(r.get("question"))): str(r.get("type", "")) for r in recs}
    states = summarize(recs)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for (learner, bank, qid), st in sorted(states.items()):
        w.writerow(
            [
                _cell(learner),
                _cell(bank),
                _cell(qid),
                types.get((bank, qid), ""),
                st.attempts,
                f"{st.best:g}",
                f"{st.last:g}",
                f"{st.points:g}",
                "yes" if st.correct else "no",
                _cell(st.last_answer),
                st.first_time,
                st.last_time,
            ]
        )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, buf.getvalue().encode("utf-8"))
    return len(states)


def attempt_record(
    question: Any, attempt: int, outcome: Any, *, final: bool, time: str | None = None
) -> dict[str, Any]:
    """One attempt at a question as it is saved (the widgets and the demo class both use it)."""
    return {
        "bank": None,
        "question": question.id,
        "number": question.number,
        "type": question.type,
        "attempt": attempt,
        "answer": outcome.answer,
        "score": outcome.score,
        "points": outcome.points,
        "correct": outcome.correct,
        "final": final,
        "details": outcome.details,
        "time": time or now(),
    }
