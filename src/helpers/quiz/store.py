"""The results store: one JSON-lines file per learner, appended attempt by attempt, never lost.

(:mod:`helpers.quiz.results` sums the records up and exports them; this module writes and reads
them.  Standard library only: a hub runs both on their own, for the teacher's export.)

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
import errno
import glob
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .records import BadRecord, parse_record

try:  # the package's one reading of the variables and of the course folder
    from ..paths import env_path, is_course_root
except ImportError:  # results.py, store.py and records.py copied alone onto a hub

    def env_path(name: str) -> Path | None:
        """The folder a variable names (``~`` expanded), or None (as helpers.paths reads it)."""
        value = os.environ.get(name, "").strip()
        return Path(value).expanduser() if value else None

    def is_course_root(folder: Path) -> bool:
        """The course folder itself: ``notebooks/`` and ``seeds/`` side by side."""
        return (folder / "notebooks").is_dir() and (folder / "seeds").is_dir()


if sys.platform != "win32":  # POSIX; on Windows appends rely on O_APPEND alone
    import fcntl

SCHEMA = "helpers.quiz-results/1"
MAX_FILE_BYTES = 16 * 2**20  # per learner file: thousands of attempts
MAX_FILES = 20_000  # per class folder
LOCK_WAIT = 2.0  # seconds a writer waits for a lock another writer holds
ANONYMOUS = "anonymous"


class ResultsWarning(UserWarning):
    """Results went somewhere else than asked, or a damaged file was set aside."""


def default_folder() -> Path:
    """Where answers are saved: ``$HELPERS_RESULTS_DIR``, else ``results/`` in the working
    directory (a notebook's own folder, ``notebooks/``), except at a course folder's root
    (``notebooks/`` and ``seeds/`` side by side): there ``notebooks/results``, the lessons' folder,
    so a quiz or ``quiz export`` started from the repository root finds the same answers."""
    env = env_path("HELPERS_RESULTS_DIR")
    if env is not None:
        return env
    cwd = Path.cwd()
    if is_course_root(cwd):
        return cwd / "notebooks" / "results"
    return cwd / "results"


def fallback_folders() -> list[Path]:
    """Where answers go when the results folder cannot be written (``$HELPERS_FALLBACK_DIR``
    alone when set: the tests use it to keep away from the real home folder)."""
    env = env_path("HELPERS_FALLBACK_DIR")
    if env is not None:
        return [env]
    user = (
        os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
        if hasattr(os, "getuid")
        else "user"
    )
    return [
        Path.home() / ".media-literacy" / "results",
        Path(tempfile.gettempdir()) / f"media-literacy-results-{user}",
    ]


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_NAME = 80


def learner_name(name: str | None) -> str:
    """A learner's name as saved: spaces tidied, control and direction-changing characters
    removed; a name longer than :data:`MAX_NAME` keeps a hash of the whole name, so two long
    names that start alike stay two learners."""
    name = " ".join(_INVISIBLE.sub("", str(name or "")).split())
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:7]
        name = f"{name[: MAX_NAME - 9]}…{digest}"
    return name or ANONYMOUS


def learner_key(name: str | None) -> str:
    """A safe file name for a learner; a short hash keeps "Anna S" and "Anna_S" apart."""
    name = learner_name(name)
    key = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._-")[:40] or "learner"
    if key != name:
        key += "-" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return key


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # make a rename itself durable where possible
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write(path: Path, data: bytes, *, like: os.stat_result | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.
    With ``like``, the new file keeps that file's permission bits and group (a repaired results
    file must stay readable by the teachers' group)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if like is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(like.st_mode))
                with contextlib.suppress(OSError):
                    os.fchown(fh.fileno(), -1, like.st_gid)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _owned_by_someone_else(folder: Path) -> bool:
    """On a shared hub a classmate could create "my" folder first to read my answers: a
    results folder that belongs to another user is never used."""
    if not hasattr(os, "getuid") or os.getuid() == 0:
        return False
    try:
        return folder.stat().st_uid != os.getuid()
    except OSError:
        return False


def _cannot_write(folder: Path) -> str | None:
    """Why results cannot be saved in ``folder`` (in the system's own words), or None."""
    try:
        # other students may not read the folder; its group may (a teachers' group on a hub)
        folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        if _owned_by_someone_else(folder):
            return "it belongs to another user"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(fd)
        os.unlink(tmp)
        return None
    except OSError as exc:
        return exc.strerror or str(exc)


@contextlib.contextmanager
def _locked(path: Path, wait: float = LOCK_WAIT) -> Iterator[bool]:
    """Hold the lock beside ``path`` if it can be had within ``wait`` seconds; yields whether
    it is held.  Anyone who can write the folder can hold a lock file, so nobody waits for one
    for ever: appends are single ``O_APPEND`` writes and stay whole without it, and a repair is
    only done while the lock is held."""
    if sys.platform == "win32":  # pragma: no cover
        yield False
        return
    lock = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError:  # a read-only folder: reading without a lock is the best we can do
        yield False
        return
    held = False
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.02)
            except OSError:
                break
        yield held
    finally:
        if held:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@dataclass
class FileRead:
    """One results file as read: the good records, the lines that did not count and why."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "a.jsonl line 3: score is not a number"
    damaged: int = 0  # lines that are not JSON at all (a repair drops them from the file)
    kept: list[bytes] = field(default_factory=list)  # every line that is JSON, as it was


def _read_bounded(path: Path, owner: int | None) -> tuple[bytes, str | None]:
    """At most :data:`MAX_FILE_BYTES` of a regular file, never through a symbolic link, never
    waiting on a FIFO; with ``owner``, only a file that user owns.  (b"", why) when refused."""
    try:
        fd = os.open(
            path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return b"", "is a symbolic link; links are never followed"
        return b"", f"cannot be read ({exc.strerror or exc})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"", "is not a regular file"
        if owner is not None and st.st_uid != owner:
            return b"", "belongs to someone other than its folder's owner"
        chunks, left = [], MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        return b"", f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        cut = data.rfind(b"\n", 0, MAX_FILE_BYTES)
        return data[
            : cut + 1
        ], f"is over {MAX_FILE_BYTES // 2**20} MB; only the first part was read"
    return data, None


def _scan(path: Path, data: bytes, learner_file: bool) -> FileRead:
    """Check every line; in a learner's own file, every record must be that learner's."""
    out = FileRead()
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            rec = parse_record(raw)
        except BadRecord as exc:
            why = str(exc)
            if why.startswith(("is not complete JSON", "is not UTF-8", "is not a JSON object")):
                out.damaged += 1
            else:
                out.kept.append(raw)
            out.problems.append(f"{path.name} line {number}: skipped, the record {why}")
            continue
        out.kept.append(raw)
        if learner_file and learner_key(rec["learner"]) != _stem(path):
            out.problems.append(
                f"{path.name} line {number}: skipped, it is for learner "
                f"{learner_name(rec['learner'])[:40]!r}, not the learner whose file this is"
            )
            continue
        out.records.append(rec)
    return out


def _is_results_name(name: str) -> bool:
    return not name.startswith(".") and (name.endswith(".jsonl") or ".jsonl.corrupt-" in name)


def _stem(path: Path) -> str:
    """The learner key of a results file (``ana.jsonl`` and ``ana.jsonl.corrupt-…``)."""
    return path.name.split(".jsonl", 1)[0]


def _dedupe(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each record (the same answer can be in a file and in its set-aside copy, or
    in the results folder and a fallback folder), oldest first."""
    seen: set[str] = set()
    out = []
    for r in records:
        key = json.dumps(r, sort_keys=True, ensure_ascii=True)
        if key not in seen:
            seen.add(key)
            out.append(r)
    out.sort(key=lambda r: str(r.get("time") or ""))
    return out


def _results_files(root: Path, problems: list[str]) -> list[tuple[Path, int | None]]:
    """The results files of a class folder (the folder itself and one level of per-student
    folders, as on a hub), without following any link; with each, the uid that must own it
    (a student folder's owner) or None in the top folder."""
    found: list[tuple[Path, int | None]] = []

    def walk(folder: Path, owner: int | None, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(f"{folder}: skipped ({exc.strerror or exc})")
            return
        for e in entries:
            if len(found) >= MAX_FILES:
                problems.append(f"{folder}: more than {MAX_FILES} results files; the rest skipped")
                return
            if e.is_symlink():
                if ".jsonl" in e.name or depth == 0:
                    problems.append(f"{e.path}: skipped, symbolic links are never followed")
                continue
            if e.is_dir(follow_symlinks=False) and depth == 0:
                try:
                    uid = e.stat(follow_symlinks=False).st_uid
                except OSError:
                    continue
                walk(Path(e.path), uid, depth + 1)
            elif _is_results_name(e.name):
                found.append((Path(e.path), owner))

    walk(root, None, 0)
    return found


class ResultsStore:
    """The results folder: append attempts, read them back, repair damaged files.

    ``problems`` lists, in plain words, every record or file that was skipped while reading
    (file, line and why): a teacher's tool shows them instead of stopping."""

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
        self.read_only = read_only
        self.messages: list[str] = []
        self.problems: list[str] = []
        self.folder = self.requested if read_only else self._choose()

    def _warn(self, message: str) -> None:
        self.messages.append(message)
        warnings.warn(message, ResultsWarning, stacklevel=3)

    def _choose(self, skip: Path | None = None) -> Path:
        first_why = None
        for cand in [self.requested, *self._fallbacks]:
            if cand == skip:
                continue
            why = _cannot_write(cand)
            if why is None:
                if cand != self.requested:
                    reason = first_why or "saving there failed"
                    self._warn(
                        f"Cannot save results in {self.requested} ({reason}); "
                        f"saving them in {cand} instead."
                    )
                return cand
            if cand == self.requested:
                first_why = why
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
        line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode(
            "utf-8", "surrogatepass"
        )
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
            flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
            fd = os.open(path, flags, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    line = b"\n" + line  # a half-written last line: start a new one
                try:
                    written = os.write(fd, line)
                    if written != len(line):  # a full disk takes part of a line
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    os.fsync(fd)
                except OSError:
                    with contextlib.suppress(OSError):  # never leave half a line behind
                        os.ftruncate(fd, size)
                    raise
            finally:
                os.close(fd)
        return path

    # -- reading -----------------------------------------------------------------------------

    def read_file(self, path: Path, *, owner: int | None = None) -> list[dict[str, Any]]:
        """The records of one results file that count; the rest are listed in ``problems``.
        In a store that writes (a learner's own), a damaged file is repaired as well."""
        if not os.path.lexists(path):
            return []
        data, why = _read_bounded(path, owner)
        if why:
            self.problems.append(f"{path}: {why}")
        found = _scan(path, data, learner_file=True)
        self.problems.extend(found.problems)
        if found.damaged and not self.read_only and ".corrupt-" not in path.name:
            self._repair(path, found)
        return found.records

    def _repair(self, path: Path, found: FileRead) -> None:
        """Drop the lines that are not JSON, keeping the old file beside it: the repaired file
        is written first and then swapped in, so at every moment one of them is whole."""
        bad = found.damaged
        with _locked(path) as held:
            if not held:
                return  # someone else holds the file: read it, repair another time
            try:
                data, why = _read_bounded(path, None)  # again, now that nobody appends
                if why:
                    return
                again = _scan(path, data, learner_file=True)
                if not again.damaged:
                    return
                st = os.stat(path, follow_symlinks=False)
                for stale in path.parent.glob(f".{path.name}.*.tmp"):
                    with contextlib.suppress(OSError):  # left by a repair that was killed
                        stale.unlink()
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                aside = path.with_name(f"{path.name}.corrupt-{stamp}")
                fresh = b"".join(raw + b"\n" for raw in again.kept)
                atomic_write(aside, data, like=st)
                atomic_write(path, fresh, like=st)
            except OSError as exc:
                self._warn(
                    f"{path.name} has {bad} unreadable line(s) and could not be repaired here "
                    f"({exc.strerror or exc}); they are skipped and the file is left as it was."
                )
                return
        self._warn(
            f"{path.name} was damaged ({bad} unreadable line{'s' if bad > 1 else ''}); "
            f"it was kept as {aside.name} and the file now holds the "
            f"{len(again.kept)} line(s) that could be read."
        )

    def _learner_files(self, learner: str) -> list[Path]:
        """Every file that may hold this learner's answers: the results file in the folder in
        use, in the folder asked for and in the fallback folders (answers saved while the
        folder could not be written), and copies set aside by a repair."""
        name = f"{learner_key(learner)}.jsonl"
        folders = list(dict.fromkeys([self.folder, self.requested, *self._fallbacks]))
        files = []
        for folder in folders:
            files.append(folder / name)
            with contextlib.suppress(OSError):
                files += sorted(folder.glob(f"{glob.escape(name)}.corrupt-*"))
        return files

    def records(self, learner: str | None = None, bank: str | None = None) -> list[dict[str, Any]]:
        """Records of one learner (from every place they may have been saved), or of the whole
        class folder when ``learner`` is None (per-student sub-folders included), oldest first.

        In a class folder with per-student folders (a hub), a name found in two students'
        folders is shown as two learners, "name (folder)", and reported: a record counts only
        for the student whose folder it is in."""
        if learner is not None:
            name = learner_name(learner)
            recs: list[dict[str, Any]] = []
            for path in self._learner_files(name):
                recs += [r for r in self.read_file(path) if learner_name(r["learner"]) == name]
            recs = _dedupe(recs)
        else:
            recs = self._class_records()
        if bank is not None:
            recs = [r for r in recs if r.get("bank") == bank]
        return recs

    def _class_records(self) -> list[dict[str, Any]]:
        by_folder: dict[str, list[dict[str, Any]]] = {}
        for path, owner in _results_files(self.folder, self.problems):
            where = "" if path.parent == self.folder else path.parent.name
            by_folder.setdefault(where, []).extend(self.read_file(path, owner=owner))
        homes: dict[str, set[str]] = {}
        for where, recs in by_folder.items():
            for r in recs:
                homes.setdefault(learner_name(r["learner"]), set()).add(where)
        out = []
        for where, recs in by_folder.items():
            for r in _dedupe(recs):
                name = learner_name(r["learner"])
                if len(homes[name]) > 1 and where:
                    r = {**r, "learner": f"{name} ({where})"}
                out.append(r)
        for name, places in sorted(homes.items()):
            if len(places) > 1:
                self.problems.append(
                    f"{name!r} has answers in more than one student's folder "
                    f"({', '.join(sorted(p or '.' for p in places))}); they are shown apart"
                )
        return out
