"""Where the helpers find and keep files: one module, one list of environment variables.

The course folder is a checkout (or a copy) with ``notebooks/`` and ``seeds/`` side by side.
It is found the same way everywhere: the checkout this package was installed from (an
editable install), else the working directory or one of its parents (a notebook runs in
``notebooks/``, a teacher's terminal in the course folder).  Every location can be set by an
environment variable, named in :data:`ENVIRONMENT` with what it is for.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT: dict[str, str] = {
    "HELPERS_SEEDS_DIR": "the folder of seed articles (default: the course folder's seeds/)",
    "HELPERS_QUIZZES_DIR": "a folder searched first for quiz banks",
    "HELPERS_RESULTS_DIR": "where students' answers are saved (default: results/ by the lesson)",
    "HELPERS_FALLBACK_DIR": "where answers go when the results folder cannot be written",
    "HELPERS_STATE_DIR": "where the remembered learner name is kept",
    "HELPERS_CLASS_RESULTS": "the class's results folder the teacher's dashboard opens",
    "HELPERS_CALIBRATION_DATA": "the annotated corpora the calibration reads (tools/ only)",
}
PARENTS_SEARCHED = 3  # a notebook in notebooks/teacher/ still finds the course folder


def env_path(name: str) -> Path | None:
    """The folder an environment variable names (``~`` expanded), or None when unset/empty."""
    if name not in ENVIRONMENT:
        raise KeyError(f"{name} is not one of the helpers' variables: {', '.join(ENVIRONMENT)}")
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def package_checkout() -> Path:
    """The folder two levels above the package (``src/helpers`` → the checkout's root)."""
    return Path(__file__).resolve().parents[2]


def is_course_root(folder: Path) -> bool:
    """The course folder itself: ``notebooks/`` and ``seeds/`` side by side."""
    return (folder / "notebooks").is_dir() and (folder / "seeds").is_dir()


def near_working_dir(levels: int = PARENTS_SEARCHED) -> list[Path]:
    """The working directory and up to ``levels`` of its parents, nearest first."""
    cwd = Path.cwd()
    return [cwd, *cwd.parents[:levels]]


def course_root() -> Path | None:
    """The course folder: this package's checkout, else the nearest around the working dir."""
    for folder in (package_checkout(), *near_working_dir(levels=len(Path.cwd().parents))):
        if is_course_root(folder):
            return folder
    return None
