"""Every text/background colour pair of the views meets WCAG AA (4.5:1); the figures are shown.

Run ``python -m helpers.views.palette`` for the same table.
"""

from __future__ import annotations

import pytest

from helpers.views import palette as pal


def test_relative_luminance_reference_values() -> None:
    assert pal.relative_luminance("#000000") == 0
    assert pal.relative_luminance("#ffffff") == pytest.approx(1.0)
    assert pal.contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert pal.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_palette_entry_meets_wcag_aa() -> None:
    report = pal.palette_report()
    print("\n" + report)  # visible with -rA / -s; the same table is the failure message below
    failures = [
        (name, round(pal.contrast_ratio(fg, bg), 2))
        for name, fg, bg in pal.palette_entries()
        if pal.contrast_ratio(fg, bg) < pal.AA_NORMAL
    ]
    assert not failures, f"below 4.5:1: {failures}\n{report}"


def test_every_swatch_and_comparison_colour_is_in_the_report() -> None:
    report = pal.palette_report()
    for sw in pal.SWATCHES.values():
        assert sw.hex in report
    for sw, _b, _w in pal.COMPARE_SWATCHES.values():
        assert sw.hex in report


def test_layers_differ_without_colour() -> None:
    borders = {st.border for st in pal.LAYER_STYLES.values()}
    letters = {st.letter for st in pal.LAYER_STYLES.values()}
    assert len(borders) == len(pal.LAYER_STYLES) == len(letters)
    compare_borders = {b for _sw, b, _w in pal.COMPARE_SWATCHES.values()}
    assert len(compare_borders) == len(pal.COMPARE_SWATCHES)


def test_palette_module_prints_its_table() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "helpers.views.palette"], capture_output=True, text=True, check=True
    ).stdout
    assert "ratio" in out and "FAIL" not in out and out.count("pass") == len(pal.palette_entries())
