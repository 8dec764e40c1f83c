"""What a student sees when a cell ends with a helpers object: names that are what they say,
and an analysis shown as a short summary (text) or the highlighted article (notebook)."""

from __future__ import annotations

import re
import subprocess
import sys
import types

import helpers

HOSTILE = (
    "Mayor <script>alert('x')</script> & friends win\n\n"
    'The mayor said the plan "could" fail, according to critics <b>who</b> were there.\n\n'
    "--- comments ---\n\n"
    "Typical! These politicians always lie.\n"
)


def test_helpers_annotations_is_the_submodule_after_a_plain_import():
    code = "import helpers, types; print(isinstance(helpers.annotations, types.ModuleType))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    assert isinstance(helpers.annotations, types.ModuleType)
    assert callable(helpers.annotations.expert_reading)


def test_analysis_repr_is_a_short_summary():
    analysis = helpers.analyze(helpers.seed())
    text = repr(analysis)
    assert len(text) < 300, text
    assert text.startswith("<Analysis") and text.endswith(">")
    assert f"{len(analysis.text):,} characters" in text
    for layer in ("sourcing", "framing", "rhetoric"):
        n = len(analysis.layer(layer))
        assert n > 0
        assert re.search(rf"\b{layer} {n}\b", text), (layer, n, text)
    assert f"{len(analysis.findings)} finding" in text
    assert str(analysis.document.segments[0].text) not in text  # no article dump


def test_analysis_repr_of_an_empty_layer_says_zero():
    analysis = helpers.analyze("A plain line about the weather.", layers=["framing"])
    assert "sourcing 0" in repr(analysis) and "rhetoric 0" in repr(analysis)


def test_analysis_html_is_the_highlighted_article_escaped():
    analysis = helpers.analyze(HOSTILE)
    html = analysis._repr_html_()
    assert "<script>" not in html and "<b>who</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;who&lt;/b&gt;" in html
    assert "<mark" in html, "the marks are shown"
    assert len(analysis.spans) > 0
    summary = re.search(r"<p class=\"mlv-summary\">(.*?)</p>", html, re.S)
    assert summary, "a one-line summary above the article"
    assert f"{len(analysis.spans)} marks" in summary.group(1)
