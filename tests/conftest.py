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
}


@pytest.fixture(scope="session", autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point every Jupyter/IPython/Matplotlib state dir at a temp dir for the whole session.

    Subprocesses (kernels, JupyterLab, `make lab`) inherit the environment, so nothing is
    written to $HOME.
    """
    base = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as mp:
        for var, name in STATE_VARS.items():
            path = base / name
            path.mkdir(mode=0o700)
            mp.setenv(var, str(path))
        mp.setenv("JUPYTER_PLATFORM_DIRS", "1")
        # No JupyterLab news/announcement pop-up (it would ask to fetch news from the internet).
        labconfig = base / "jupyter-config" / "labconfig"
        labconfig.mkdir()
        (labconfig / "page_config.json").write_text(
            json.dumps(
                {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
            )
        )
        # No autosave: a browser test that runs the start notebook must never write its outputs
        # back into the repository.
        docmanager = base / "jupyter-config/lab/user-settings/@jupyterlab/docmanager-extension"
        docmanager.mkdir(parents=True)
        (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
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


@pytest.fixture(scope="session")
def jupyterlab(isolated_state: Path) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port, rooted at the repository, with isolated state."""
    port = free_port()
    token = secrets.token_hex(16)
    log = isolated_state / "jupyterlab.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={REPO_ROOT}",
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        *allow_root(),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
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
