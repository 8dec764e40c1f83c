"""Who is answering: one learner per kernel, shared by every quiz widget shown in it.

**Why one place.**  A lesson asks "Your turn" questions along the way and a quiz at the end, each
a widget of its own.  When each widget decided on its own who was answering, the early ones saved
under "anonymous", the name typed at the end started an empty quiz, one student became two
learners in the export, and the next student on a shared computer was shown the previous
student's anonymous answers.  Now the widgets ask this module, and it tells them all when the
answer changes.

Where the name comes from (first match wins):

1. a name given in this kernel: typed in a widget's name row ("This is me"), or passed by the
   notebook as ``quiz.run(..., learner="x")`` (kept in memory only);
2. the hub user (``JUPYTERHUB_USER``) on a JupyterHub, where students have logged in: no name
   row and no "Not you?";
3. the name remembered in :data:`STATE_FILE` under ``$HELPERS_STATE_DIR`` (default
   ``~/.local/state/helpers/``), written whenever a name is typed, so the next lesson — another
   kernel, or Voilà's new kernel for every page view — knows it without asking;
4. nobody: the learner is anonymous.

**Shared computers.**  A remembered name, on disk or in a kernel's memory, expires after
:data:`REMEMBER_HOURS` hours without use (a saved answer counts as use): the student in the next
lesson is asked again instead of saving under a classmate's name.  "Not you?" forgets it at once.
Anonymous answers are never written to the results folder, so they can never be resumed from
disk by whoever comes next: they are kept in this kernel's memory only, and when the student
then names themselves they are offered to be moved to that name (:meth:`Session.keep_anonymous`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..paths import env_path
from .results import ANONYMOUS, SCHEMA, ResultsStore, atomic_write, learner_name, now

REMEMBER_HOURS = 3  # a remembered name expires after this long without use
STATE_FILE = "learner.json"
MAX_STATE_BYTES = 4096  # the file holds one short name: anything longer is not ours
TOUCH_EVERY = 60.0  # seconds: a saved answer refreshes the file at most this often

_now: Callable[[], float] = time.time  # the tests move the clock


def state_dir() -> Path:
    """``$HELPERS_STATE_DIR``, else ``~/.local/state/helpers`` (the kernel's home)."""
    return env_path("HELPERS_STATE_DIR") or Path.home() / ".local" / "state" / "helpers"


def state_path() -> Path:
    return state_dir() / STATE_FILE


def hub_user() -> str | None:
    """The logged-in hub user on a JupyterHub, else None."""
    user = os.environ.get("JUPYTERHUB_USER", "").strip()
    return learner_name(user) if user else None


def clean_name(name: str | None) -> str | None:
    """A name as saved, or None for no name (empty, or only invisible characters)."""
    cleaned = learner_name(name)
    return None if cleaned == ANONYMOUS else cleaned


def _expired(last_used: float, at: float) -> bool:
    return at - last_used > REMEMBER_HOURS * 3600


# --- the remembered name on disk (another user of the computer may have written it) --------


def _read_small(path: Path) -> bytes | None:
    """The bytes of a small regular file of ours, never through a link; None otherwise."""
    try:
        fd = os.open(
            path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_STATE_BYTES:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        return os.read(fd, MAX_STATE_BYTES + 1)[:MAX_STATE_BYTES]
    except OSError:
        return None
    finally:
        os.close(fd)


def read_remembered(at: float | None = None) -> str | None:
    """The remembered name if it was used within :data:`REMEMBER_HOURS`; an expired one is
    removed.  A file that is not exactly what :func:`remember` writes means no name."""
    at = _now() if at is None else at
    data = _read_small(state_path())
    if data is None:
        return None
    try:
        state = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(state, dict):
        return None
    name, used = state.get("name"), state.get("last_used")
    if not isinstance(name, str) or isinstance(used, bool) or not isinstance(used, int | float):
        return None
    if not math.isfinite(used) or used > at + 300:  # from the future: a clock or a hand edit
        return None
    if _expired(used, at):
        forget_remembered()
        return None
    return clean_name(name)


def remember(name: str, at: float | None = None) -> None:
    """Write the name and its last use, atomically, readable by this user only.  A kernel home
    that cannot be written only means the name is asked again next time."""
    folder = state_dir()
    data = json.dumps({"name": name, "last_used": _now() if at is None else at}).encode()
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(folder / STATE_FILE, data)  # a temp file of mode 0600, then renamed


def forget_remembered() -> None:
    with contextlib.suppress(OSError):
        state_path().unlink()


# --- one kernel's identity ---------------------------------------------------------------


class Listener(Protocol):
    """A live quiz widget: told to reload when the learner changes."""

    def identity_changed(self) -> None: ...

    def attempt_saved(self, record: dict[str, Any]) -> None: ...


@dataclass
class Pending:
    """An answer given anonymously in this kernel, with the store it would be saved in."""

    store: ResultsStore | None
    record: dict[str, Any]


class Session:
    """This kernel's learner, the anonymous answers given in it, and its live quiz widgets
    (held weakly: a widget that is gone is not kept alive by being told about names)."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.source = ""  # "typed", "remembered" or "explicit" while ``name`` is set
        self.last_used = 0.0
        self.asked = False  # the name row has been shown once in this kernel
        self.expired = False  # the name expired and the live widgets have not reloaded yet
        self.anonymous: list[Pending] = []
        self._loaded = False  # the remembered name is read once per kernel
        self._written = 0.0
        self._live: weakref.WeakSet[Any] = weakref.WeakSet()

    # -- who --------------------------------------------------------------------------------

    def current(self) -> str | None:
        """The learner's name, or None while anonymous (see the module docstring)."""
        at = _now()
        if self.name is not None and self.source != "explicit" and _expired(self.last_used, at):
            self.name, self.source = None, ""
            self.asked = False  # ask the next person, in the next widget
            self.expired = True  # the widgets still showing the old name must be told
            forget_remembered()
        if self.name is not None:
            return self.name
        hub = hub_user()
        if hub is not None:
            return hub
        if not self._loaded:
            self._loaded = True
            remembered = read_remembered(at)
            if remembered is not None:
                self.name, self.source, self.last_used = remembered, "remembered", at
        return self.name

    @property
    def on_hub(self) -> bool:
        """The hub login is the learner: nobody may change it."""
        return self.current() is not None and self.name is None

    def set_name(self, typed: str | None, *, source: str = "typed") -> str | None:
        """Use this name from now on (None/empty: anonymous); a typed one is remembered on
        disk, a notebook's explicit one is not.  Returns the name as saved."""
        name = clean_name(typed)
        self._loaded = True
        self.name, self.source, self.last_used = name, (source if name else ""), _now()
        if source == "typed":
            if name is None:
                forget_remembered()
            else:
                remember(name, self.last_used)
                self._written = self.last_used
        return name

    def forget(self) -> None:
        """On "Not you?": the next person starts anonymous, with none of the answers kept in
        memory (they were given before the previous learner named themselves)."""
        self.name, self.source = None, ""
        self._loaded = True
        self.anonymous.clear()
        forget_remembered()

    def touch(self) -> None:
        """The learner saved an answer: the name stays remembered for longer."""
        self.last_used = at = _now()
        name = self.name
        remembered = self.source in ("typed", "remembered") and name is not None
        if remembered and name is not None and at - self._written >= TOUCH_EVERY:
            remember(name, at)
            self._written = at

    # -- anonymous answers ------------------------------------------------------------------

    def keep_in_memory(self, store: ResultsStore | None, record: dict[str, Any]) -> None:
        rec = {"schema": SCHEMA, **record, "learner": ANONYMOUS}
        rec.setdefault("time", now())
        self.anonymous.append(Pending(store, rec))

    def anonymous_records(self, bank: str) -> list[dict[str, Any]]:
        return [p.record for p in self.anonymous if p.record.get("bank") == bank]

    def _movable(self, name: str) -> Iterator[Pending]:
        """Anonymous answers to questions that ``name`` has no saved answer for (a learner's
        own saved answers are never overwritten by anonymous ones)."""
        known: dict[tuple[int, str], set[str]] = {}
        for p in self.anonymous:
            if p.store is None:
                continue
            bank = str(p.record.get("bank"))
            key = (id(p.store), bank)
            if key not in known:
                try:
                    known[key] = {str(r["question"]) for r in p.store.records(name, bank)}
                except OSError:
                    known[key] = set()
            if str(p.record.get("question")) not in known[key]:
                yield p

    def movable_questions(self, name: str) -> int:
        """How many questions answered anonymously could be moved to ``name``."""
        return len({(p.record.get("bank"), p.record.get("question")) for p in self._movable(name)})

    def keep_anonymous(self, name: str) -> tuple[int, list[str]]:
        """Save this kernel's anonymous answers under ``name`` (each attempt as it was given,
        with its time), so the final quiz shows them done and the teacher sees one learner.
        Returns the number of questions moved and any problems, in plain words."""
        moved, problems = set(), []
        for p in list(self._movable(name)):
            assert p.store is not None
            try:
                p.store.append({**p.record, "learner": name})
                moved.add((p.record.get("bank"), p.record.get("question")))
            except OSError as exc:
                problems.append(f"An earlier answer could not be saved ({exc}).")
        self.anonymous.clear()
        return len(moved), problems

    def drop_anonymous(self) -> None:
        self.anonymous.clear()

    # -- live widgets -----------------------------------------------------------------------

    def register(self, widget: Listener) -> None:
        self._live.add(widget)

    def saved(self, record: dict[str, Any], origin: object) -> None:
        """Tell the other live quiz widgets that an attempt was saved: a lesson's final quiz,
        built before its "Your turn" questions were answered (Voilà runs every cell first),
        counts those answers at once instead of asking them again."""
        for widget in list(self._live):
            if widget is not origin:
                widget.attempt_saved(record)

    def changed(self) -> None:
        """Tell every live quiz widget that the learner changed (each reloads)."""
        self.expired = False
        for widget in list(self._live):
            widget.identity_changed()


def kernel_session(holder: dict[str, Any]) -> Session:
    """The :class:`Session` kept in ``holder`` (the widgets' module-level ``_SESSION``), made on
    first use: a kernel has one; a test starts a new kernel by giving a new, empty holder."""
    session = holder.get("identity")
    if not isinstance(session, Session):
        session = holder["identity"] = Session()
    return session
