"""The pinned environment agrees with itself, and Binder will build what we expect."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

LOCK = REPO_ROOT / "requirements" / "lock.txt"
ENVIRONMENT = REPO_ROOT / "environment.yml"
POSTBUILD = REPO_ROOT / "postBuild"
PACKAGE = "media-literacy-helpers"


def read_lock() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for raw in LOCK.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"lock line is not name==version: {raw!r}"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def pyproject() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]


def runtime_requirements() -> list[Requirement]:
    return [Requirement(r) for r in pyproject()["dependencies"]]


def extra_requirements() -> list[Requirement]:
    return [Requirement(r) for r in pyproject()["optional-dependencies"]["test"]]


def environment() -> dict:
    return yaml.safe_load(ENVIRONMENT.read_text())


def environment_pip_pins() -> dict[str, str]:
    deps = environment()["dependencies"]
    pip_sections = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1, "environment.yml should have one pip: section"
    pins = {}
    for entry in pip_sections[0]:
        req = Requirement(entry)  # raises on local paths such as "." or "-e ."
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"not pinned with ==: {entry}"
        pins[canonicalize_name(req.name)] = spec[0].version
    return pins


def test_lock_has_no_local_or_unpinned_lines():
    pins = read_lock()
    assert pins, "requirements/lock.txt is empty"
    assert canonicalize_name(PACKAGE) not in pins, "the project itself must not be in the lock"


@pytest.mark.parametrize("extra", ["runtime", "test"])
def test_every_direct_dependency_is_locked_within_its_range(extra):
    pins = read_lock()
    reqs = runtime_requirements() if extra == "runtime" else extra_requirements()
    for req in reqs:
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is missing from requirements/lock.txt (run make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"lock pins {req.name}=={pins[name]}, outside pyproject range {req.specifier}"
        )


def test_environment_yml_pins_the_runtime_dependencies_to_the_lock():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    conda_deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "pip" in conda_deps
    pythons = [d for d in conda_deps if re.match(r"python\b", d)]
    assert pythons == ["python=3.11"]
    # The pinned Python satisfies requires-python.
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(pyproject()["requires-python"]).contains("3.11")

    pins = environment_pip_pins()
    lock = read_lock()
    runtime = {canonicalize_name(r.name) for r in runtime_requirements()}
    assert set(pins) == runtime, "environment.yml should pin exactly the runtime dependencies"
    for name, version in pins.items():
        assert Version(version) == lock[name], (
            f"environment.yml pins {name}=={version}, lock has {lock[name]}"
        )


def test_environment_yml_has_only_index_packages():
    text = ENVIRONMENT.read_text()
    for entry in environment_pip_pins():
        assert not entry.startswith((".", "-", "/"))
    assert not re.search(r"^\s*-\s*(-e\s+)?\.\s*$", text, re.M), "local install in environment.yml"
    assert "-r " not in text


def test_no_binder_folder():
    for name in ("binder", ".binder"):
        assert not (REPO_ROOT / name).exists(), f"{name}/ would make Binder ignore the root files"


def test_postbuild_installs_the_package():
    lines = POSTBUILD.read_text().splitlines()
    assert lines[0] == "#!/bin/bash"
    commands = [line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert commands[:2] == ["set -e", "python -m pip install --no-deps ."]
    # the Voila links open the student edition, built on Binder from the cell tags
    assert commands[2] == "python -m tools.editions student build/student"
    # the printable handouts, linked from notebooks/teacher/handouts.ipynb (tests/test_editions.py)
    assert commands[3] == "python -m tools.editions handouts build/handouts"
    # no "Jupyter news" pop-up (tests/test_lab_command.py checks the plugin name)
    assert commands[4:] == [
        "python -m jupyter labextension disable --level=sys_prefix "
        '"@jupyterlab/apputils-extension:announcements"'
    ]
    assert "voila/render/build/student/" in (REPO_ROOT / "README.md").read_text()
    assert os.access(POSTBUILD, os.X_OK), "postBuild should be executable"


def test_ci_runs_the_readme_test_command():
    script = REPO_ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    commands = [
        line.strip()
        for line in script.read_text().splitlines()[1:]
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "exec make test REQUIRE_BROWSER=1 REQUIRE_HUB=1"
    assert "make test" in (REPO_ROOT / "README.md").read_text()


def test_repo2docker_dockerfile_installs_environment_then_runs_postbuild():
    repo2docker = Path(sys.executable).with_name("repo2docker")
    if not repo2docker.exists():
        pytest.skip("jupyter-repo2docker is not installed (it is in the test extra)")
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert "Building conda environment for python=3.11" in out

    lines = out.splitlines()

    def first(pattern: str) -> int:
        for i, line in enumerate(lines):
            if re.search(pattern, line):
                return i
        raise AssertionError(f"no line matching {pattern!r} in the Dockerfile:\n{out[-4000:]}")

    copy_env = first(r"^COPY .*src/environment\.yml")
    env_update = first(r"env update .*environment\.yml")
    copy_repo = first(r"^COPY .*src/ \$\{REPO_DIR\}/$")
    postbuild = first(r"^RUN \./postBuild$")
    # The environment is installed from environment.yml alone, before the repository is copied
    # (so content commits reuse the cached environment layer); postBuild runs after the copy.
    assert copy_env < env_update < copy_repo < postbuild
