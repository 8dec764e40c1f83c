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


def test_each_kind_of_mark_has_its_own_colour_within_its_layer() -> None:
    """Framing labels and source kinds each get a colour; rhetoric one colour per family."""
    for layer in ("sourcing", "framing"):
        colours = [sw for (lay, _k), sw in pal.LABEL_SWATCH.items() if lay == layer]
        assert len(colours) == len(set(colours)) >= 7, layer
    families = [colour for colour, _w, _labels in pal.RHETORIC_FAMILIES.values()]
    assert len(set(families)) == len(families) >= 4
    from helpers.analyzers.rhetoric import labels

    for label in labels():  # every technique the analyzer can find has a family colour
        assert ("rhetoric", label) in pal.LABEL_SWATCH, label
        assert pal.family_words("rhetoric", label)
    for (_layer, _kind), key in pal.LABEL_SWATCH.items():
        assert key in pal.SWATCHES
        assert pal.contrast_ratio(pal.INK, pal.SWATCHES[key].hex) >= pal.AA_NORMAL


def test_every_kind_has_a_name_a_tag_and_a_meaning() -> None:
    for (layer, kind), _key in pal.LABEL_SWATCH.items():
        assert pal.label_name(kind) and pal.label_tag(layer, kind).startswith(
            pal.layer_style(layer).letter + "·"
        )
        assert pal.label_meaning(kind), kind
    for source_type, kind in pal.SOURCE_TYPE_KIND.items():
        assert pal.source_type_words(source_type) == pal.label_tag("sourcing", kind)[2:]


def test_label_names_come_from_one_table_in_each_layer_s_lexicon() -> None:
    import tomllib
    from importlib import resources

    from helpers.analyzers import rhetoric

    tables = {}
    for layer in pal.LAYER_STYLES:
        path = resources.files("helpers") / "lexicons" / f"{layer}.toml"
        tables[layer] = tomllib.loads(path.read_text(encoding="utf-8"))["labels"]
        for label, row in tables[layer].items():  # the same fields in every layer's table
            assert {"name", "summary"} <= set(row) <= {"name", "tag", "summary", "taxonomy"}
            assert pal.label_name(label) == row["name"]
            assert pal.label_meaning(label) == row["summary"]
    seen = [label for table in tables.values() for label in table]
    assert len(seen) == len(set(seen))  # no label named twice
    for (layer, kind), _key in pal.LABEL_SWATCH.items():  # every coloured kind is named there
        assert kind in tables[layer], (layer, kind)
    for label in tables["rhetoric"]:  # the names the rhetoric findings use
        assert pal.label_name(label) == rhetoric.display_name(label)
    assert set(pal.label_table()) - set(seen) == {
        *pal.VIEW_LABELS,
        *pal.LABEL_SOURCE_TYPE,
    }
