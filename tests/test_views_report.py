"""The printable HTML report and the terminal rendering used by the CLI."""

from __future__ import annotations

import re

import pytest
from views_html import assert_only_own_markup

import helpers
from helpers.views.report import render_report
from helpers.views.terminal import render_terminal


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    return helpers.analyze(helpers.seed())


@pytest.fixture(scope="module")
def report(analysis) -> str:  # type: ignore[no-untyped-def]
    return render_report(analysis)


def test_report_is_self_contained_and_script_free(report: str) -> None:
    assert report.startswith("<!DOCTYPE html>")
    assert "<script" not in report.lower()
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:|//)", report, re.I)
    assert "http://" not in report and "https://" not in report
    assert "@media print" in report and "@import" not in report and "url(" not in report
    assert_only_own_markup(report)


def test_report_has_findings_legend_text_notes_and_charts(report: str, analysis) -> None:  # type: ignore[no-untyped-def]
    c = assert_only_own_markup(report)
    assert "What the helper noticed" in report and "How to read the marks" in report
    assert c.by_class["mlv-why"] == [
        s.explanation
        for s in sorted(analysis.spans, key=lambda s: (s.start, -s.end, s.layer, s.label))
    ]
    imgs = [a for t, a in c.tags if t == "img"]
    assert len(imgs) == 4 and all(len(a["alt"]) > 20 for a in imgs)
    assert "".join(c.article_text) == analysis.text
    # numbered tags tie each mark to its note
    assert any(t.endswith(" 1") for t in c.by_class["mlv-tag"])


def test_terminal_plain_and_colour(analysis) -> None:  # type: ignore[no-untyped-def]
    plain = render_terminal(analysis, color=False)
    assert "\x1b" not in plain
    assert re.search(r"\[F:hedge [^\]]+\]", plain) and "[S:named_person " in plain
    assert "[S:anonymous sources familiar with the discussions noted]" in plain
    coloured = render_terminal(analysis, color=True)
    assert "\x1b[" in coloured and "[F:hedge]" in coloured
    assert coloured.rstrip().endswith("\x1b[0m")
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert "── Line 27 · paragraph" in stripped and "── Line 29 · reader comment" in stripped
    for s in analysis.spans[:5]:
        assert s.explanation.split()[0] in plain


def test_want_color_respects_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.views.terminal import want_color

    class TTY:
        def isatty(self) -> bool:
            return True

    assert want_color(TTY())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not want_color(TTY())
