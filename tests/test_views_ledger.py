"""The sourcing ledger as lesson 02 shows it: plain words, line numbers, escaped values."""

from __future__ import annotations

import dataclasses
import re

import helpers
from helpers.views import ledger_table


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in rows
    ]


def test_the_seed_ledger_reads_in_the_lessons_words() -> None:
    analysis = helpers.analyze(helpers.seed())
    html = ledger_table(analysis)._repr_html_()
    header, *rows = _cells(html)
    assert header[0] == "Line" and "Sourced?" in header and "Unsourced claims marked" in header
    assert len(rows) == len(analysis.layers["sourcing"].ledger)
    first = rows[0]  # the headline credits the New York Post
    assert first[0] == "Line 1 · headline" and first[1] == "New York Post"
    assert first[2] == "organisation or outlet" and first[-1] == "yes"
    kinds = {r[2] for r in rows}
    assert not any("_" in k for k in kinds), kinds  # never 'named_person'
    assert {r[-1] for r in rows} == {"yes", "no"}  # never True/False
    claims = sum(int(r[5]) for r in rows)
    assert claims == sum(1 for s in analysis.layer("sourcing") if s.label == "unattributed_claim")


def test_the_frame_is_the_analysis_ledger() -> None:
    analysis = helpers.analyze(helpers.seed())
    assert ledger_table(analysis).frame().equals(analysis.ledger())


def test_every_value_is_escaped() -> None:
    analysis = helpers.analyze("Plan works\n\nAna Ruiz said the plan works.\n")
    layer = analysis.layers["sourcing"]
    row = dataclasses.replace(layer.ledger[0], sources="<script>x</script>", source_types="<i>")
    layer.ledger[0] = row
    html = ledger_table(analysis).html()
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;i&gt;" in html


def test_without_a_sourcing_layer_nothing_is_shown() -> None:
    analysis = helpers.analyze("Plain words.", layers=["framing"])
    assert ledger_table(analysis).html().endswith("</style>")
    assert "0 lines" in repr(ledger_table(analysis))
