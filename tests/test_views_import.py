"""``import helpers`` (and helpers.views) stays cheap: no pandas, matplotlib or ipywidgets."""

from __future__ import annotations

import subprocess
import sys


def test_views_import_is_lazy() -> None:
    code = (
        "import sys, helpers, helpers.views, helpers.views.highlight, helpers.views.terminal;"
        "heavy=[m for m in ('pandas','matplotlib','ipywidgets') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_names() -> None:
    import helpers.views as v

    assert callable(v.highlight_explorer) and callable(v.render_report)
    assert callable(v.Highlight) and callable(v.Comparison) and callable(v.sourcing_drift)
