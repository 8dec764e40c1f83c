"""``import helpers`` (and helpers.views) stays cheap: no pandas, matplotlib or ipywidgets."""

from __future__ import annotations

import subprocess
import sys


def test_views_import_is_lazy() -> None:
    code = (
        "import sys, helpers, helpers.views, helpers.views.highlight, helpers.views.terminal,"
        " helpers.views.toolkit, helpers.views.marks, helpers.views.compare, helpers.article_view;"
        "heavy=[m for m in ('pandas','matplotlib','ipywidgets') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_names_resolve_to_the_objects_their_modules_define() -> None:
    from importlib import import_module

    import pytest

    import helpers.views as v

    assert v.__all__ == sorted(v._LAZY)
    for name, module in v._LAZY.items():
        defined = getattr(import_module(f"helpers.views.{module}"), name)
        assert getattr(v, name) is defined, name
        assert defined.__module__ == f"helpers.views.{module}", (
            name
        )  # defined there, not re-exported
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        v.nope  # noqa: B018
