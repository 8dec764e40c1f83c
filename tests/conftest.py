"""Shared fixtures: isolated Jupyter state, a JupyterLab server, and the browser switch."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
ARTIFACTS = REPO_ROOT / "test-artifacts"

# Where Jupyter, IPython and Matplotlib keep state; tests point all of them at a temp dir.
STATE_VARS = {
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_RUNTIME_DIR": "xdg-runtime",
    "HELPERS_FALLBACK_DIR": "results-fallback",
    "HELPERS_STATE_DIR": "helpers-state",  # the quiz's remembered learner name
}


def write_state(base: Path) -> dict[str, str]:
    """Make the state dirs under ``base`` (no news pop-up, no autosave) and return the
    environment that points Jupyter, IPython, Matplotlib and the helpers at them.

    Shared by the ``isolated_state`` fixture and ``tools/bench_ui.py``.
    """
    env = {"JUPYTER_PLATFORM_DIRS": "1"}
    for var, name in STATE_VARS.items():
        path = base / name
        path.mkdir(mode=0o700)
        env[var] = str(path)
    # No JupyterLab news/announcement pop-up (it would ask to fetch news from the internet).
    labconfig = base / "jupyter-config" / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    # No autosave: a browser test that runs the start notebook must never write its outputs
    # back into the repository.
    docmanager = base / "jupyter-config/lab/user-settings/@jupyterlab/docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    return env


@pytest.fixture(scope="session", autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point every Jupyter/IPython/Matplotlib state dir at a temp dir for the whole session.

    Subprocesses (kernels, JupyterLab, `make lab`) inherit the environment, so nothing is
    written to $HOME.
    """
    base = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as mp:
        for var, value in write_state(base).items():
            mp.setenv(var, value)
        yield base


# --- browser switch ---------------------------------------------------------------------------

ENABLE_HINT = (
    "install Chromium (Debian/Ubuntu: `apt-get install chromium`; `make test` does it when run "
    "as root) or set HELPERS_CHROMIUM=/path/to/chromium; REQUIRE_BROWSER=1 makes this a failure"
)


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def skip_or_fail(reason: str) -> None:
    """Skip a browser test, or fail it when REQUIRE_BROWSER=1 (as in CI)."""
    if browser_required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}: {ENABLE_HINT}")


def find_chromium() -> str | None:
    configured = os.environ.get("HELPERS_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        where = os.environ.get("HELPERS_CHROMIUM") or "/usr/bin/chromium"
        skip_or_fail(f"Chromium not found at {where}")
    return path


# --- JupyterLab server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_get(url: str, token: str | None = None, timeout: float = 5) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_for_server(proc: subprocess.Popen, base_url: str, token: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            status, _ = api_get(f"{base_url}/api/status", token, timeout=2)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"no answer from {base_url} within {timeout} s")


def stop_process_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM the whole process group (make, jupyter, kernels), then SIGKILL what is left.

    The group leader (e.g. make) may exit before its children have finished shutting down, so
    wait until no process of the group is left, not just the leader.
    """
    pgid = proc.pid
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        proc.wait()
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.poll()
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=10)


def allow_root() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@dataclass
class LabServer:
    base_url: str
    token: str
    log: Path

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@contextlib.contextmanager
def lab_server(
    log: Path, env: dict[str, str] | None = None, *, root: Path = REPO_ROOT
) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port, rooted at ``root`` (the repository unless told);
    ``env`` is added to the environment its kernels inherit (e.g. their own results folder)."""
    port = free_port()
    token = secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        *allow_root(),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_server(proc, base_url, token)
        except (RuntimeError, TimeoutError) as err:
            pytest.fail(f"JupyterLab did not start: {err}\n{log.read_text()[-3000:]}")
        yield LabServer(base_url=base_url, token=token, log=log)
    finally:
        stop_process_group(proc)


@pytest.fixture(scope="session")
def jupyterlab(isolated_state: Path) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port, rooted at the repository, with isolated state."""
    with lab_server(isolated_state / "jupyterlab.log") as server:
        yield server


# --- quiz results -----------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def quiz_results_dir(isolated_state: Path) -> Iterator[Path]:
    """Quiz answers go to a temp dir, never to `results/` in the repository.

    Autouse and session-scoped so it is set before any server (JupyterLab, Voilà) or kernel
    starts: they inherit the environment.
    """
    folder = isolated_state / "quiz-results"
    folder.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HELPERS_RESULTS_DIR", str(folder))
        yield folder


# --- shared browser-test helpers (used by test_browser_lessons.py) ----------------------------

BROWSER_LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator:
    """One headless Chromium per test module (Playwright), closed afterwards."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=BROWSER_LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def strings_in(node: object) -> list[str]:
    """Every string in a parsed YAML/JSON tree (what a quote check reads)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings_in(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings_in(v)]
    return []


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class OfflineRoutes:
    """A Playwright route handler: loopback requests go through, every other one is aborted
    and noted in ``outside``."""

    def __init__(self) -> None:
        self.outside: list[str] = []

    def __call__(self, route) -> None:
        if urllib.parse.urlsplit(route.request.url).hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


def is_icon_font(url: str) -> bool:
    """The only outside requests Voilà's lab template makes: the Font Awesome 5 icon-font CSS
    (``all.min.css`` and ``v4-shims.min.css``) from jsDelivr.  Aborted, they only log console
    errors: the button icons still show (the page has its own copy of the font)."""
    parts = urllib.parse.urlsplit(url)
    return parts.hostname == "cdn.jsdelivr.net" and parts.path.startswith(
        "/npm/@fortawesome/fontawesome-free"
    )


def delete_lab_sessions(server: LabServer, path: str | None = None) -> None:
    """Shut down the kernel sessions of ``path`` (all sessions without it) via
    ``DELETE /api/sessions/{id}``: kernels outlive the browser page that started them."""
    status, body = api_get(server.url("/api/sessions"), server.token)
    if status != 200:
        return
    for session in json.loads(body):
        if path is not None and session.get("path") != path:
            continue
        request = urllib.request.Request(
            server.url(f"/api/sessions/{session['id']}"), method="DELETE"
        )
        request.add_header("Authorization", f"token {server.token}")
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10).close()


@dataclass
class VoilaServer:
    base_url: str
    token: str
    results: Path
    log: Path

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"


@contextlib.contextmanager
def voila_server(
    root: Path, results: Path, log: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> Iterator[VoilaServer]:
    """Voilà serving the folder ``root`` on a free loopback port; its kernels save quiz answers
    in ``results``.  Idle kernels are culled; stopping the process group ends the rest.
    Skips (or fails with REQUIRE_BROWSER=1) when Voilà is not installed."""
    voila = shutil.which("voila", path=str(Path(sys.executable).parent))
    if voila is None:
        skip_or_fail("Voilà is not installed in this environment (pip install voila)")
    port = free_port()
    token = secrets.token_hex(16)
    cmd = [
        voila,
        str(root),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.token={token}",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_idle_timeout=20",
    ]
    env = {**os.environ, **(env or {}), "HELPERS_RESULTS_DIR": str(results)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Not GET / (in Voilà that may execute a notebook): a static file answers once it is up.
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Voilà exited with code {proc.returncode}\n{log.read_text()[-3000:]}")
            try:
                if api_get(f"{base_url}/voila/static/voila.js", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Voilà did not start within {timeout} s\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield VoilaServer(base_url=base_url, token=token, results=results, log=log)
    finally:
        stop_process_group(proc)
