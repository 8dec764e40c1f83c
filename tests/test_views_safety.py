"""Nothing in the views' output comes from the input: known XSS payloads and random text.

The payloads go in as article text *and* as span explanations, labels, sources and taxonomy;
the output is parsed with html.parser and may only contain the renderer's own elements and
attributes (no handlers, no script, no javascript: or external URLs).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from views_html import assert_only_own_markup

from helpers.analysis import analyze
from helpers.spans import Span
from helpers.views.compare import compare
from helpers.views.highlight import highlight
from helpers.views.report import render_report
from helpers.views.terminal import render_spans, render_terminal

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "<style>body{display:none}</style>",
    "<!-- comment --><b>bold</b>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</mark></article><div onclick=alert(1)>",
    "<mark tabindex=0 aria-describedby=x onmouseover=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x3C;img&#x3E;",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<<script>script>alert(1)<</script>/script>",
    '<div style="background:url(javascript:alert(1))">',
    "\x1b[31mred\x1b[0m \x1b]0;title\x07",
]


def _text() -> str:
    lines = ["Headline <script>alert(1)</script> here", ""]
    for p in PAYLOADS:
        lines += [f"Officials said {p} could happen.", ""]
    lines += ["--- comments ---", "", "<img src=x onerror=alert(1)> they always lie!"]
    return "\n".join(lines)


def _evil_spans(text: str) -> list[Span]:
    spans = []
    for i, p in enumerate(PAYLOADS):
        pos = text.find(p)
        if pos < 0:
            continue
        spans.append(
            Span(
                pos,
                pos + len(p),
                ("sourcing", "framing", "rhetoric")[i % 3],
                label=p,
                explanation=p,
                rule=p,
                source=p,
                source_type="vague",
                taxonomy={"semeval2020": p, p: p},
                extra={p: p},
            )
        )
    return spans


CSS_OK = None  # style blocks are checked for the highlight; the report adds its page CSS


def test_payloads_as_text_and_span_fields_in_highlight() -> None:
    text = _text()
    spans = _evil_spans(text)
    assert len(spans) == len(PAYLOADS)
    html = highlight(text, spans=spans, notes=True, title=PAYLOADS[0]).html()
    c = assert_only_own_markup(html)
    assert "".join(c.article_text) == text  # escaped, shown as text, not lost
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_payloads_in_analysis_report_and_comparison() -> None:
    text = _text()
    a = analyze(text)
    spans = _evil_spans(text)
    html = render_report(a, charts=False)
    assert_only_own_markup(html)
    cmp = compare(text, student=spans[::2], expert=spans[1::2], helper=spans)
    c = assert_only_own_markup(cmp.html())
    assert "".join(c.article_text).startswith("Headline <script>")


def test_report_with_charts_has_only_data_images() -> None:
    a = analyze(_text())
    c = assert_only_own_markup(render_report(a))
    imgs = [attrs for tag, attrs in c.tags if tag == "img"]
    assert imgs and all(attrs["src"].startswith("data:image/png;base64,") for attrs in imgs)


def test_terminal_output_has_no_control_characters_from_input() -> None:
    text = _text()
    plain = render_spans(analyze(text).document, _evil_spans(text), color=False)
    assert "\x1b" not in plain and "\x07" not in plain
    coloured = render_terminal(analyze(text), color=True)
    assert "\x1b]0;" not in coloured and "\x07" not in coloured


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.sampled_from(list("<>&\"'=/ !-[]ab\n;:")) | st.characters(), max_size=80
    ),
    why=st.text(max_size=40),
    label=st.text(max_size=15),
)
def test_random_markup_like_text_never_becomes_markup(text: str, why: str, label: str) -> None:
    n = len(text)
    spans = [
        Span(0, n // 2, "framing", label or "x", why, source=why, taxonomy={why: label}),
        Span(n // 3, n, "rhetoric", label or "y", why),
    ]
    c = assert_only_own_markup(highlight(text, spans=spans, notes=True).html())
    assert "".join(c.article_text) == text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_alone(payload: str) -> None:
    span = Span(0, len(payload), "framing", payload, payload, source=payload)
    c = assert_only_own_markup(highlight(payload, spans=[span], notes=True).html())
    assert "".join(c.article_text) == payload


# Bidirectional controls reorder what a terminal shows ("Trojan Source"): an article, a label or
# an explanation holding U+202E could make a mark read as something else.
BIDI = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f"]
BIDI.append("\u061c")


def _no_bidi_or_control(out: str, color: bool) -> None:
    assert not any(c in out for c in BIDI), [c for c in BIDI if c in out]
    allowed = {"\n", "\t", "\x1b"} if color else {"\n", "\t"}  # \x1b: the renderer's colours
    bad = {c for c in out if (ord(c) < 32 or 127 <= ord(c) < 160) and c not in allowed}
    assert not bad, bad


def test_terminal_shows_bidi_controls_as_visible_escapes() -> None:
    text = (
        "Officials said \u202eit could\u202c happen \u2066soon\u2069.\n\nIt \u200fmay\u200e rain."
    )
    a = analyze(text)
    assert a.spans  # marks to render, with their labels and explanations
    evil = Span(0, 9, "framing", "hedge\u202e", "why \u2067\u202d", source="\u202b")
    for color in (False, True):
        out = render_terminal(a, color=color)
        _no_bidi_or_control(out, color)
        assert "\\u202e" in out and "\\u2066" in out and "\\u200f" in out  # shown, not lost
        spans_out = render_spans(a.document, [*a.spans, evil], color=color)
        _no_bidi_or_control(spans_out, color)
        assert "\\u2067" in spans_out


# a list joined, not st.text: text() merges an alphabet of single characters into one range,
# where the few controls would hardly ever be drawn
_RISKY = st.sampled_from([*BIDI, "\x1b", "\r", "\x85", "\x9b", " ", "a", "\n"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(_RISKY | st.characters(), max_size=80).map("".join),
    why=st.lists(_RISKY | st.characters(), max_size=40).map("".join),
)
def test_terminal_never_passes_controls_through(text: str, why: str) -> None:
    a = analyze(text)
    n = len(text)
    spans = [Span(0, n, "rhetoric", why or "x", why), *a.spans]
    for color in (False, True):
        _no_bidi_or_control(render_terminal(a, color=color), color)
        _no_bidi_or_control(render_spans(a.document, spans, color=color), color)
