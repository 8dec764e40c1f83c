"""Where the seed articles live, and loading the one the lessons read."""

from __future__ import annotations

from pathlib import Path

from .document import Document, load

DEFAULT_SEED = "belarus-thaw"


def seeds_dir() -> Path:
    """Where the seed articles live: ``$HELPERS_SEEDS_DIR``, the source checkout, or a parent of
    the working directory (a notebook in ``notebooks/`` finds ``../seeds``)."""
    import os

    env = os.environ.get("HELPERS_SEEDS_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / "seeds")
    cwd = Path.cwd()
    candidates += [p / "seeds" for p in (cwd, *cwd.parents[:3])]
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
