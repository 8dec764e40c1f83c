"""Helpers for media-literacy lessons: who says so, how it is told, how the comments argue.

Importing this package is cheap: its parts load on first use (``helpers.analyze`` loads the
analyzers, ``helpers.highlight`` the views), and pandas, matplotlib and ipywidgets load only when
a function that needs them is called.

>>> import helpers
>>> doc = helpers.seed()                     # doctest: +SKIP
>>> [s.role for s in doc.segments][:3]       # doctest: +SKIP
['headline', 'dek', 'paragraph']
"""

# No ``from __future__ import annotations`` here: it would bind the name ``annotations`` in this
# module, shadowing the lazy submodule ``helpers.annotations`` (see ``__getattr__``).
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import annotations, lesson, quiz, views
    from .analysis import Analysis, analyze
    from .article_view import parts_table
    from .contract import Finding, LayerResult, LedgerRow
    from .document import (
        Document,
        InputError,
        Segment,
        Sentence,
        StructureError,
        from_string,
        load,
    )
    from .lesson import compare_with_expert
    from .seeds import DEFAULT_SEED, seed, seed_path, seeds_dir
    from .spans import MatchResult, Span, SpanError, match_spans
    from .trace import load_trace, trace_pack

# public name -> the module that defines it (imported on first use)
_LAZY: dict[str, str] = {
    "Analysis": "analysis",
    "Finding": "contract",
    "LayerResult": "contract",
    "LedgerRow": "contract",
    "analyze": "analysis",
    "parts_table": "article_view",
    "Document": "document",
    "InputError": "document",
    "Segment": "document",
    "Sentence": "document",
    "StructureError": "document",
    "from_string": "document",
    "load": "document",
    "compare_with_expert": "lesson",
    "DEFAULT_SEED": "seeds",
    "seed": "seeds",
    "seed_path": "seeds",
    "seeds_dir": "seeds",
    "MatchResult": "spans",
    "Span": "spans",
    "SpanError": "spans",
    "match_spans": "spans",
    "load_trace": "trace",
    "trace_pack": "trace",
}


_SUBMODULES = frozenset({"annotations", "lesson", "quiz", "views"})
_OWN = ("__version__", "highlight")  # defined in this file
# The public surface: _LAZY, _SUBMODULES and _OWN; __all__ and the TYPE_CHECKING imports
# repeat them for linters and type checkers, and tests/test_architecture.py keeps all in step.
__all__ = [
    "DEFAULT_SEED",
    "Analysis",
    "Document",
    "Finding",
    "InputError",
    "LayerResult",
    "LedgerRow",
    "MatchResult",
    "Segment",
    "Sentence",
    "Span",
    "SpanError",
    "StructureError",
    "__version__",
    "analyze",
    "annotations",
    "compare_with_expert",
    "from_string",
    "highlight",
    "lesson",
    "load",
    "load_trace",
    "match_spans",
    "parts_table",
    "quiz",
    "seed",
    "seed_path",
    "seeds_dir",
    "trace_pack",
    "views",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:  # helpers.quiz.run(...) works after a plain `import helpers`
        return import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


def highlight(*args: Any, **kwargs: Any) -> Any:
    """Show a text or an analysis with its marks explained (see :mod:`helpers.views.highlight`)."""
    from .views.highlight import highlight as _highlight

    return _highlight(*args, **kwargs)
