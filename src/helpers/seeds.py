"""Where the seed articles live, and loading the one the lessons read."""

from __future__ import annotations

from pathlib import Path

from .document import Document, load
from .paths import env_path, near_working_dir, package_checkout

DEFAULT_SEED = "belarus-thaw"


def seeds_dir() -> Path:
    """Where the seed articles live: ``$HELPERS_SEEDS_DIR``, the source checkout, or a parent of
    the working directory (a notebook in ``notebooks/`` finds ``../seeds``)."""
    env = env_path("HELPERS_SEEDS_DIR")
    candidates = [env] if env else []
    candidates.append(package_checkout() / "seeds")
    candidates += [p / "seeds" for p in near_working_dir()]
    for c in candidates:
        if (c / DEFAULT_SEED / "article.txt").is_file():
            return c
    raise FileNotFoundError(
        "cannot find the seeds/ folder; run from the project folder or set HELPERS_SEEDS_DIR"
    )


def seed_path(slug: str = DEFAULT_SEED) -> Path:
    return seeds_dir() / slug / "article.txt"


def seed(slug: str = DEFAULT_SEED) -> Document:
    """The seed article the lessons are built on, with its roles from ``structure.json``."""
    return load(seed_path(slug))
