"""Views of an analysis: highlighted text, comparisons, charts, a printable report, terminal text.

Nothing heavy is imported here: matplotlib, ipywidgets and pandas load only inside the function
that needs them, so ``import helpers`` stays fast.  Use the submodules, or these shortcuts:

>>> from helpers.views.highlight import highlight  # doctest: +SKIP
>>> highlight(helpers.seed(), layers="framing")     # doctest: +SKIP

(``helpers.views.highlight`` and ``helpers.views.compare`` are the *modules*; the functions of the
same name are ``helpers.highlight`` and ``helpers.views.compare.compare``.)

The modules: ``highlight`` (the entry point: a text is analysed there, once), ``marks`` (spans
drawn as marks, legend, notes), ``toolkit`` (escaping, ids, stylesheets, and each part's line
and role tag and the comment zone, shared by every HTML view and ``helpers.article_view``),
``layout`` (nesting marks), ``palette`` (colours, and label names read from the lexicons),
``compare``, ``report``, ``terminal``, ``charts``, ``widgets``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "Highlight": "highlight",
    "Comparison": "compare",
    "highlight_explorer": "widgets",
    "render_report": "report",
    "ledger_table": "ledger",
    "render_terminal": "terminal",
    "palette_report": "palette",
    "sourcing_drift": "charts",
    "source_types": "charts",
    "rhetoric_by_zone": "charts",
    "frames_by_paragraph": "charts",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers.views' has no attribute {name!r}")
    return getattr(import_module(f"helpers.views.{module}"), name)
