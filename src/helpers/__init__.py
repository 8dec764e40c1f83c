"""Helpers for media-literacy lessons: who says so, how it is told, how the comments argue.

Importing this package is cheap: pandas, matplotlib and ipywidgets load only when a function
that needs them is called.

>>> import helpers
>>> doc = helpers.load("seeds/belarus-thaw/article.txt")   # doctest: +SKIP
>>> [s.role for s in doc.segments][:3]                      # doctest: +SKIP
['headline', 'dek', 'paragraph']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._version import __version__
from .analysis import Analysis, Finding, LayerResult, analyze
from .article_view import parts_table
from .document import Document, InputError, Segment, Sentence, StructureError, from_string, load
from .spans import MatchResult, Span, SpanError, match_spans

__all__ = [
    "Analysis",
    "Document",
    "Finding",
    "InputError",
    "LayerResult",
    "MatchResult",
    "Segment",
    "Sentence",
    "Span",
    "SpanError",
    "StructureError",
    "__version__",
    "analyze",
    "from_string",
    "highlight",
    "load",
    "match_spans",
    "parts_table",
    "seed",
    "seed_path",
    "seeds_dir",
]


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


def highlight(*args: Any, **kwargs: Any) -> Any:
    """Show a text or an analysis with its marks explained (see :mod:`helpers.views.highlight`)."""
    from .views.highlight import highlight as _highlight

    return _highlight(*args, **kwargs)


def seed(slug: str = DEFAULT_SEED) -> Document:
    """The seed article the lessons are built on, with its roles from ``structure.json``."""
    return load(seed_path(slug))
