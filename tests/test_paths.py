"""One module knows where files are: the environment variables it reads and the course folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import paths


def test_env_path_reads_only_the_documented_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPERS_SEEDS_DIR", "~/my seeds")
    assert paths.env_path("HELPERS_SEEDS_DIR") == Path.home() / "my seeds"
    monkeypatch.setenv("HELPERS_SEEDS_DIR", "  ")
    assert paths.env_path("HELPERS_SEEDS_DIR") is None
    with pytest.raises(KeyError, match="HELPERS_SEEDS_DIR"):
        paths.env_path("HELPERS_SEED_DIR")


def test_the_course_root_is_the_checkout_and_is_found_from_a_lesson_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = Path(__file__).resolve().parents[1]
    assert paths.course_root() == root
    monkeypatch.chdir(root / "notebooks")
    assert paths.near_working_dir()[1] == root and paths.is_course_root(root)


def test_every_variable_the_package_reads_is_documented() -> None:
    src = Path(paths.__file__).parent
    read = set()
    for py in src.rglob("*.py"):
        read |= set(re.findall(r"HELPERS_[A-Z_]+", py.read_text(encoding="utf-8")))
    assert read, "the scan found no variable at all"
    assert read <= set(paths.ENVIRONMENT), read - set(paths.ENVIRONMENT)
