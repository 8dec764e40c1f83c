"""A real JupyterHub on loopback, and students who use it: for the classroom test and load run.

Nothing here is a home-made server: it starts ``jupyterhub`` (PyPI) with its
``configurable-http-proxy`` (npm), the ``dummy`` authenticator and the ``simple`` local-process
spawner, in a temporary folder, on free loopback ports, with the course's own hub settings
(``deploy/jupyterhub_config.d/media-literacy.py``).  A student then does what a class does:

1. logs in through the hub's REST API (a token the hub issues for that user) and starts a server;
2. opens the teacher's nbgitpuller link (``python -m helpers classroom link``), which the hub
   redirects to the student's own server, and pulls the course from a git repository (students
   the ``student`` branch, without teacher notes; the teacher ``main``);
3. opens a lesson in a kernel on that server and runs its code cells, as "Run All" would;
4. answers the lesson's quiz through its widgets; the answers are saved by the quiz itself.

The teacher then runs the class dashboard notebook on the hub and reads back every student.
Everything stops by itself: each step has a timeout and :meth:`LocalHub.stop` ends the hub, the
proxy and every server.  ``python -m tools.hub_load`` runs many students at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse
from tornado.websocket import websocket_connect

from tools.editions import publish_student_branch

REPO_ROOT = Path(__file__).resolve().parents[1]
DEPLOY_CONFIG = REPO_ROOT / "deploy" / "jupyterhub_config.d" / "media-literacy.py"
PROXY_ENV = "HELPERS_HUB_PROXY"
PROXY_IN_VENV = Path(".venv") / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE = "media-literacy-course"  # the test repository, and the folder of its main branch
STUDENT_FOLDER = f"{COURSE}-student"  # the folder of its student branch
TEACHER = "teacher"


class HubError(RuntimeError):
    """The hub, a server, a pull or a kernel did not do what a student needed."""


# --- what is needed, and where it is -------------------------------------------------------


def find_proxy() -> str | None:
    """The configurable-http-proxy command: $HELPERS_HUB_PROXY, the copy ``make test`` installs
    into ``.venv/hub-proxy``, or one on PATH."""
    env = os.environ.get(PROXY_ENV)
    if env:
        return env if Path(env).is_file() else None
    local = REPO_ROOT / PROXY_IN_VENV
    if local.is_file():
        return str(local)
    return shutil.which("configurable-http-proxy")


def missing() -> str | None:
    """Why a local hub cannot run here, or None when it can."""
    bindir = Path(sys.executable).parent
    for tool in ("jupyterhub", "jupyterhub-singleuser"):
        if not (bindir / tool).is_file():
            return f"{tool} is not installed beside {sys.executable} (pip install jupyterhub)"
    try:
        import nbgitpuller  # noqa: F401
    except ImportError:
        return "nbgitpuller is not installed (pip install nbgitpuller)"
    if find_proxy() is None:
        return (
            "configurable-http-proxy was not found (make test installs it with npm into "
            f"{PROXY_IN_VENV}; or set {PROXY_ENV})"
        )
    if shutil.which("git") is None:
        return "git is not installed"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_course_repo(dest: Path, source: Path = REPO_ROOT) -> str:
    """A git repository holding the course as it is in ``source``'s working tree (tracked
    files, uncommitted edits included) on branch ``main``, and its student edition on branch
    ``student`` (``make student-branch``); returns its ``file://`` URL."""
    files = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    dest.mkdir(parents=True)
    for raw in filter(None, files):
        rel = raw.decode()
        src = source / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git = ["git", "-C", str(dest), "-c", "user.name=course", "-c", "user.email=course@localhost"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "course"], check=True)
    publish_student_branch("student", dest)
    return dest.resolve().as_uri()


# --- the hub -------------------------------------------------------------------------------


class LocalHub:
    """``jupyterhub`` in ``workdir`` on loopback; use as ``async with LocalHub(...) as hub``."""

    def __init__(self, workdir: Path, results: Path, *, start_timeout: float = 300) -> None:
        self.workdir = workdir
        self.results = results
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = uuid.uuid4().hex
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "hub.log"
        self.http = AsyncHTTPClient(force_instance=True, max_clients=64)

    def config(self) -> str:
        bindir = Path(sys.executable).parent
        w = self.workdir
        settings = {
            "JupyterHub.bind_url": self.url,
            "JupyterHub.hub_bind_url": f"http://127.0.0.1:{free_port()}",
            "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{free_port()}",
            "ConfigurableHTTPProxy.command": [find_proxy()],
            "ConfigurableHTTPProxy.pid_file": str(w / "proxy.pid"),
            "JupyterHub.db_url": f"sqlite:///{w / 'hub.sqlite'}",
            "JupyterHub.cookie_secret_file": str(w / "cookie_secret"),
            "JupyterHub.authenticator_class": "dummy",
            "Authenticator.allow_all": True,
            "Authenticator.admin_users": {TEACHER},
            "JupyterHub.spawner_class": "simple",
            "SimpleLocalProcessSpawner.home_dir_template": str(w / "home" / "{username}"),
            "Spawner.cmd": [str(bindir / "jupyterhub-singleuser")],
            # test machines and CI run as root, which Jupyter refuses unless told
            "Spawner.args": ["--allow-root"] if os.geteuid() == 0 else [],
            "Spawner.start_timeout": self.start_timeout,
            "Spawner.http_timeout": self.start_timeout,
            "JupyterHub.services": [{"name": "class-admin", "api_token": self.admin_token}],
            "JupyterHub.load_roles": [
                {
                    "name": "class-admin",
                    "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
                    "services": ["class-admin"],
                }
            ],
        }
        lines = [
            "# Written by tools/hub.py for a loopback test hub; deleted with its folder.",
            "c = get_config()  # noqa",
            f"load_subconfig({str(DEPLOY_CONFIG)!r})  # the course's own hub settings",
        ]
        for key, value in settings.items():
            cls, attr = key.split(".")
            lines.append(f"c.{cls}.{attr} = {value!r}")
        return "\n".join(lines) + "\n"

    async def __aenter__(self) -> LocalHub:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        reason = missing()
        if reason:
            raise HubError(reason)
        self.workdir.mkdir(parents=True, exist_ok=True)
        cfg = self.workdir / "jupyterhub_config.py"
        cfg.write_text(self.config(), encoding="utf-8")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("JUPYTERHUB_", "HELPERS_RESULTS", "HELPERS_CLASS"))
        }
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env["MEDIA_LITERACY_RESULTS"] = str(self.results)
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self._log = log
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(cfg)],
            cwd=self.workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HubError(f"jupyterhub exited ({self.proc.returncode}):\n{self.log_tail()}")
            with contextlib.suppress(OSError, HTTPClientError):
                r = await self.api("GET", "/hub/api/")
                if r and "version" in r:
                    return
            await asyncio.sleep(0.3)
        raise HubError(f"jupyterhub did not answer within 60 s:\n{self.log_tail()}")

    async def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops its servers and its proxy
            for _ in range(100):
                if self.proc.poll() is not None:
                    break
                await asyncio.sleep(0.1)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # anything left in the hub's group
        self.proc.wait(timeout=10)
        self._log.close()
        self.http.close()
        self.proc = None

    def home(self, name: str) -> Path:
        """A user's home folder (the spawner's ``home_dir_template``)."""
        return self.workdir / "home" / name

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # -- HTTP ---------------------------------------------------------------------------------

    async def fetch(
        self,
        path_or_url: str,
        *,
        method: str = "GET",
        token: str | None = None,
        body: Any = None,
        timeout: float = 120,
        follow: bool = True,
    ) -> HTTPResponse:
        url = path_or_url if "://" in path_or_url else self.url + path_or_url
        headers = {"Authorization": f"token {token or self.admin_token}"}
        data = None
        if body is not None or method in ("POST", "PUT", "PATCH"):
            data = json.dumps(body if body is not None else {})
            headers["Content-Type"] = "application/json"
        req = HTTPRequest(
            url,
            method=method,
            headers=headers,
            body=data,
            request_timeout=timeout,
            follow_redirects=follow,
            allow_nonstandard_methods=True,
        )
        return await self.http.fetch(req)

    async def api(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        r = await self.fetch(path, method=method, body=body, **kw)
        return json.loads(r.body) if r.body else None

    # -- users ----------------------------------------------------------------------------------

    async def login(self, name: str) -> str:
        """Create the user if new and return a token the hub issued for them (their login)."""
        with contextlib.suppress(HTTPClientError):  # 409: the user exists already
            await self.api("POST", f"/hub/api/users/{name}")
        r = await self.api(
            "POST",
            f"/hub/api/users/{name}/tokens",
            {"note": "classroom test login", "expires_in": 3600},
        )
        return str(r["token"])

    async def start_server(self, name: str, token: str, timeout: float = 300) -> float:
        """Start ``name``'s server as that user; seconds until the hub says it is ready."""
        t0 = time.perf_counter()
        user = await self.api("GET", f"/hub/api/users/{name}", token=token)
        if ((user.get("servers") or {}).get("") or {}).get("ready"):
            return 0.0  # running already
        await self.fetch(f"/hub/api/users/{name}/server", method="POST", token=token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = await self.api("GET", f"/hub/api/users/{name}", token=token)
            server = (user.get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - t0
            if not user.get("pending") and not server:
                raise HubError(f"{name}'s server did not start:\n{self.log_tail()}")
            await asyncio.sleep(0.25)
        raise HubError(f"{name}'s server was not ready after {timeout:.0f} s")

    async def stop_server(self, name: str) -> None:
        with contextlib.suppress(HTTPClientError, OSError):
            await self.fetch(f"/hub/api/users/{name}/server", method="DELETE", timeout=60)


# --- one student on the hub ----------------------------------------------------------------


def sse_events(body: bytes) -> list[dict[str, Any]]:
    """The JSON events of a text/event-stream body (nbgitpuller reports progress this way)."""
    out = []
    for line in body.decode("utf-8", "replace").splitlines():
        if line.startswith("data:"):
            with contextlib.suppress(ValueError):
                out.append(json.loads(line[5:].strip()))
    return out


def code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@dataclass
class Kernel:
    """A kernel on a student's server, driven over its websocket as JupyterLab does."""

    ws: Any
    session: str = field(default_factory=lambda: uuid.uuid4().hex)

    async def execute(self, code: str, timeout: float = 300) -> str:
        """Run ``code``; return what it printed; raise HubError with the traceback on error."""
        msg_id = uuid.uuid4().hex
        self.ws.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": "student",
                        "session": self.session,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "buffers": [],
                    "channel": "shell",
                }
            )
        )
        out: list[str] = []
        error: str | None = None
        replied = idle = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            left = deadline - time.monotonic()
            if left <= 0:
                raise HubError(f"no answer from the kernel within {timeout:.0f} s: {code[:80]!r}")
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise HubError("the kernel's websocket closed")
            if isinstance(raw, bytes):  # binary frames carry widget buffers: not ours
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = "\n".join(msg["content"].get("traceback", [])) or msg["content"]["evalue"]
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        if error is not None:
            raise HubError(f"{code[:80]!r} failed in the kernel:\n{error}")
        return "".join(out)


# Answers the lesson's full quiz through its widgets, as clicks would: the quiz app is the last
# cell's output (in ``Out``); each question gets an answer of the right shape, right with
# probability GOOD, then its Check button is pressed.  Prints what was saved, as JSON.
ANSWER_QUIZ = """
import json as _json, random as _random
from helpers.quiz.widgets import QuizApp as _QuizApp
from helpers.quiz.dashboard import sample_answer as _sample_answer
_app = [_v for _v in Out.values() if isinstance(_v, _QuizApp)][-1]
_rng = _random.Random({seed})
for _qw in _app.questions:
    if not _qw.done:
        _qw.set_answer(_sample_answer(_qw.q, _rng.random() < {good}, _rng))
        _qw.check.click()
print(_json.dumps({{"learner": _app.learner, "bank": _app.bank.id,
                   "folder": str(_app.store.folder), **_app.results()}}))
"""


@dataclass
class StudentRun:
    """What one student did and how long it took."""

    name: str
    spawn_s: float = 0.0
    pull_s: float = 0.0
    lesson_s: float = 0.0
    quiz: dict[str, Any] = field(default_factory=dict)
    printed: str = ""
    step: str = "not started"


async def open_kernel(hub: LocalHub, name: str, token: str, path: str) -> tuple[Kernel, str]:
    """Open ``path`` (a notebook in the user's home) in a new kernel, as JupyterLab does."""
    session = await hub.api(
        "POST",
        f"/user/{name}/api/sessions",
        {"path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}},
        token=token,
    )
    kernel_id = session["kernel"]["id"]
    ws_url = hub.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel_id}/channels"
    ws = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}, request_timeout=60),
        max_message_size=64 * 1024 * 1024,
    )
    return Kernel(ws), session["id"]


class Browser:
    """What a student's browser does for the hub's pages: cookies (by path) and redirects.

    The hub's HTML pages (login, ``user-redirect``) take a login cookie, never a token, and the
    student's server signs them in with an OAuth round trip through the hub: a few redirects
    that set cookies on the way.
    """

    def __init__(self, hub: LocalHub) -> None:
        self.hub = hub
        self.cookies: dict[tuple[str, str], str] = {}  # (path, name) -> value

    def _cookie_header(self, path: str) -> str:
        best: dict[str, tuple[int, str]] = {}
        for (cpath, name), value in self.cookies.items():
            if path.startswith(cpath) and len(cpath) >= best.get(name, (-1, ""))[0]:
                best[name] = (len(cpath), value)
        return "; ".join(f"{n}={v}" for n, (_, v) in best.items())

    def _remember(self, response: HTTPResponse) -> None:
        for header in response.headers.get_list("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                path = morsel["path"] or "/"
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop((path, name), None)
                else:
                    self.cookies[(path, name)] = morsel.value

    def cookie(self, name: str) -> str:
        return next(v for (_, n), v in self.cookies.items() if n == name)

    async def request(
        self, url: str, *, method: str = "GET", form: dict[str, str] | None = None
    ) -> HTTPResponse:
        """Fetch ``url`` and follow redirects as a browser would; the last response."""
        url = url if "://" in url else self.hub.url + url
        body = urlencode(form) if form is not None else None
        for _ in range(20):
            parts = urlsplit(url)
            headers = {"Cookie": self._cookie_header(parts.path)}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                r = await self.hub.http.fetch(
                    HTTPRequest(
                        url,
                        method=method,
                        headers=headers,
                        body=body,
                        follow_redirects=False,
                        request_timeout=300,
                    ),
                    raise_error=False,
                )
            except OSError as exc:
                raise HubError(f"{method} {url} failed: {exc}") from exc
            self._remember(r)
            if r.code in (301, 302, 303, 307) and "Location" in r.headers:
                url = urljoin(url, r.headers["Location"])
                if r.code != 307:
                    method, body = "GET", None
                continue
            if r.code >= 400:
                raise HubError(f"{method} {url} answered {r.code}: {r.body[:300]!r}")
            r.effective_url = url
            return r
        raise HubError(f"too many redirects from {url}")

    async def log_in(self, name: str, password: str = "any") -> None:
        """The hub's login form (the dummy authenticator takes any password)."""
        await self.request("/hub/login")
        form = {"username": name, "password": password, "_xsrf": self.cookie("_xsrf")}
        r = await self.request("/hub/login", method="POST", form=form)
        if not any(n == "jupyterhub-session-id" for _, n in self.cookies):
            raise HubError(f"{name} could not log in: {r.effective_url}")


async def pull_course(hub: LocalHub, browser: Browser, name: str, link: str) -> float:
    """Open the nbgitpuller link in the student's browser, then make the pull its page starts
    (the page's script calls ``git-pull/api`` and reads the progress it streams)."""
    t0 = time.perf_counter()
    page = await browser.request(link)
    where = urlsplit(page.effective_url)
    if not where.path.startswith(f"/user/{name}/git-pull") or b"nbgitpuller" not in page.body:
        raise HubError(f"the link did not reach {name}'s nbgitpuller page: {page.effective_url}")
    query = parse_qs(where.query)
    api = f"/user/{name}/git-pull/api?" + urlencode(
        {k: query[k][0] for k in ("repo", "branch", "targetpath") if k in query}
    )
    body = (await browser.request(api)).body
    events = sse_events(body)
    if not events or events[-1].get("phase") != "finished":
        raise HubError(f"nbgitpuller did not finish for {name}: {events[-3:]}")
    return time.perf_counter() - t0


async def run_student(
    hub: LocalHub,
    name: str,
    link: str,
    lesson: str,
    *,
    seed: int = 0,
    good: float = 0.7,
    extra_code: Iterable[str] = (),
) -> StudentRun:
    """Log in, start a server, pull the course, run ``lesson``'s code and answer its quiz.

    ``lesson_s`` covers the lesson's cells and the quiz.  A failure is a HubError that names
    the student and the step (``run.step``) where it happened."""
    run = StudentRun(name)
    try:
        await _student_steps(hub, run, link, lesson, seed, good, extra_code)
    except (HubError, HTTPClientError, OSError, TimeoutError, KeyError, ValueError) as exc:
        raise HubError(f"{name} failed while {run.step}: {exc!r}"[:2000]) from exc
    return run


async def _student_steps(
    hub: LocalHub,
    run: StudentRun,
    link: str,
    lesson: str,
    seed: int,
    good: float,
    extra_code: Iterable[str],
) -> None:
    name = run.name
    run.step = "logging in"
    browser = Browser(hub)
    await browser.log_in(name)
    token = await hub.login(name)
    run.step = "starting the server"
    run.spawn_s = await hub.start_server(name, token)
    run.step = "pulling the course"
    run.pull_s = await pull_course(hub, browser, name, link)
    run.step = "opening the lesson in a kernel"
    folder = parse_qs(urlsplit(link).query)["targetpath"][0]
    kernel, session_id = await open_kernel(hub, name, token, f"{folder}/{lesson}")
    cells = code_cells(hub.home(name) / folder / lesson)  # the lesson as this student pulled it
    try:
        run.step = "running the lesson"
        t0 = time.perf_counter()
        for code in cells:
            run.printed += await kernel.execute(code)
        if any("quiz.run(" in code for code in cells):
            run.step = "answering the quiz"
            out = await kernel.execute(ANSWER_QUIZ.format(seed=seed, good=good))
            run.quiz = json.loads(out.strip().splitlines()[-1])
        run.lesson_s = time.perf_counter() - t0
        run.step = "running extra code"
        for code in extra_code:
            run.printed += await kernel.execute(code)
        run.step = "done"
    finally:
        kernel.ws.close()
        with contextlib.suppress(HTTPClientError, OSError):
            await hub.fetch(f"/user/{name}/api/sessions/{session_id}", method="DELETE", token=token)
