"""`make lab` (the README's command) serves the start notebook, headless, on loopback: the URL
it prints opens that notebook, and JupyterLab shows no "Jupyter news" pop-up."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    REPO_ROOT,
    START_NOTEBOOK,
    api_get,
    free_port,
    stop_process_group,
    wait_for_server,
)

VENV = REPO_ROOT / ".venv"
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
PAGE_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)


def non_loopback_address() -> str | None:
    """This machine's outward-facing address, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only picks an interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


@pytest.mark.slow
def test_make_lab_serves_the_start_notebook(tmp_path: Path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    if Path(sys.prefix).resolve() != VENV.resolve():
        pytest.skip("run through `make test` so that `make lab` finds its .venv already set up")

    port = free_port()
    token = secrets.token_hex(16)
    log = tmp_path / "make-lab.log"
    # A Jupyter config dir of its own with nothing in it: what `make lab` shows must not depend
    # on the page_config.json the other tests' isolated state provides.
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "fresh-jupyter-config")}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}", "BROWSER=no", f"TOKEN={token}"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so make and jupyter stop together
        )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_server(proc, base, token, timeout=90)
        except (RuntimeError, TimeoutError) as err:
            pytest.fail(f"`make lab` did not serve: {err}\n{log.read_text()[-3000:]}")

        status, body = api_get(f"{base}/api/status", token)
        assert status == 200
        assert "started" in json.loads(body)

        status, body = api_get(f"{base}/api/contents/{START_NOTEBOOK}", token)
        assert status == 200, body[:500]
        model = json.loads(body)
        assert model["type"] == "notebook"
        assert model["path"] == START_NOTEBOOK
        assert model["content"]["cells"], "start notebook has no cells"

        status, _ = api_get(f"{base}/api/contents/{START_NOTEBOOK}")
        assert status == 403, "the server must require the token"

        # The address `make lab` prints opens the start notebook, not the Launcher ...
        printed = re.findall(rf"http://127\.0\.0\.1:{port}(/[^\s?]*)\?token=", log.read_text())
        assert printed, f"no URL printed:\n{log.read_text()[-3000:]}"
        assert set(printed) == {f"/lab/tree/{START_NOTEBOOK}"}, printed
        status, body = api_get(f"{base}{printed[0]}?token={token}", token)
        assert status == 200
        found = PAGE_CONFIG.search(body.decode("utf-8"))
        assert found, "no page config in the JupyterLab page"
        page = json.loads(found.group(1))
        assert page["treePath"] == START_NOTEBOOK
        # ... and without the "Jupyter news" pop-up (the announcements plugin is switched off).
        assert ANNOUNCEMENTS in page["disabledExtensions"], page["disabledExtensions"]

        address = non_loopback_address()
        if address is not None:
            with socket.socket() as s:
                s.settimeout(2)
                assert s.connect_ex((address, port)) != 0, f"lab also listens on {address}"
    finally:
        stop_process_group(proc)

    output = log.read_text()
    assert "up to date" in output, f"`make lab` did not find .venv ready:\n{output[-3000:]}"
    assert "Installing" not in output, "`make lab` reinstalled although nothing changed"
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "server still listening after shutdown"


def test_binder_switches_the_news_pop_up_off_too():
    """Binder runs postBuild, not `make lab`: it must disable the same plugin."""
    config = json.loads((REPO_ROOT / "jupyter-config/labconfig/page_config.json").read_text())
    assert config["disabledExtensions"] == {ANNOUNCEMENTS: True}
    commands = (REPO_ROOT / "postBuild").read_text()
    assert f'jupyter labextension disable --level=sys_prefix "{ANNOUNCEMENTS}"' in commands
