"""``tools/bench_ui.py`` (``make bench-ui``): the parts that run without a browser.

The benchmark itself is not run here (it takes minutes and measures, it does not assert); these
check that it skips cleanly without Chromium, refuses medians of too few runs, and builds the
notebook and the table it reports.
"""

from __future__ import annotations

import pytest

from tools import bench_ui


def test_skips_cleanly_without_chromium(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HELPERS_CHROMIUM", "/nonexistent/chromium")
    assert bench_ui.main(["--repeat", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("bench-ui skipped: Chromium not found")
    assert "HELPERS_CHROMIUM" in out  # says how to enable it


def test_refuses_fewer_than_five_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        bench_ui.main(["--repeat", "3"])
    assert exc.value.code == 2
    assert "at least 5" in capsys.readouterr().err


def test_notebook_has_one_app_per_run() -> None:
    nb = bench_ui.bench_notebook(6)
    sources = [c["source"] for c in nb["cells"]]
    assert sum('only="q-headline-source"' in s for s in sources) == 6
    assert len({s for s in sources if "bench-check-" in s}) == 6  # each its own learner
    # every full quiz forgets the session's name first, so each one asks again
    starts = [s for s in sources if "bench-start-" in s]
    assert len(starts) == 6
    assert all(s.index("forget_name()") < s.index("quiz.run(") for s in starts)
    assert sum("highlight_explorer(analysis)" in s for s in sources) == 1


def test_cells_are_sorted_into_imports_analysis_and_widgets() -> None:
    assert bench_ui._cell_kind("import helpers\nfrom helpers import quiz  # x") == "imports"
    assert bench_ui._cell_kind("analysis = helpers.analyze(helpers.seed())") == "analysis"
    assert bench_ui._cell_kind('helpers.quiz.run("02-sourcing")') == "widgets and views"
    assert bench_ui._cell_kind("import helpers\nhelpers.quiz.run('x')") == "widgets and views"


def test_table_reports_median_min_max() -> None:
    row = bench_ui.Row("toggle", "< 150", [120.0, 80.0, 100.0, 300.0, 90.0])
    empty = bench_ui.Row("voila", "< 4000", note="skipped: no Voilà")
    lines = bench_ui.table([row, empty]).splitlines()
    assert lines[2] == "| toggle | 100 | 80 | 300 | 5 | < 150 |  |"
    assert lines[3] == "| voila | — | — | — | 0 | < 4000 | skipped: no Voilà |"
