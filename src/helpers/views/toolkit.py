"""The HTML toolkit every view shares: escaping, element ids, the stylesheet, and the parts.

One place draws what all article views have in common, so they cannot drift apart: each part
of the article starts with its line number and kind ("Line 8 · paragraph", the numbering the
lessons and quizzes use), and a dashed rule reading "Reader comments" opens the comment zone.
The plain article (``Document._repr_html_``), the highlighted text, the comparison and the
report all call :func:`part_open`, :func:`part_close` and :class:`CommentZone`; the terminal
uses :func:`part_label`.  Every class name starts with ``mlv-``; all text is escaped.
"""

from __future__ import annotations

import itertools
import secrets
from html import escape
from typing import TYPE_CHECKING

from . import palette as pal

if TYPE_CHECKING:
    from ..document import Segment

ROLE_NAMES: dict[str, str] = {
    "headline": "Headline",
    "dek": "Dek (standfirst)",
    "byline": "Byline",
    "subheading": "Subheading",
    "paragraph": "Paragraph",
    "comment": "Reader comment",
    "comment_marker": "Comments start here",
}
# The kind of part after its line number: "Line 8 · paragraph".
PART_WORDS: dict[str, str] = {
    "headline": "headline",
    "dek": "dek (standfirst)",
    "byline": "byline",
    "subheading": "subheading",
    "paragraph": "paragraph",
    "comment": "reader comment",
    "comment_marker": "comments start here",
}
COMMENT_ROLES = frozenset({"comment", "comment_marker"})
ZONE_HTML = '<div class="mlv-zone" role="separator">Reader comments</div>'

_ids = itertools.count(1)


def new_uid() -> str:
    """A prefix for element ids, unique per rendering so several outputs can share a page."""
    return f"mlv{next(_ids)}{secrets.token_hex(3)}"


def e(value: object) -> str:
    """Escape for text and for double-quoted attribute values alike."""
    return escape(str(value), quote=True)


def short(text: str, limit: int = 90) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the parts of an article ------------------------------------------------------------------


def part_label(seg: Segment, first_line: int = 1) -> str:
    """'Line 8 · paragraph': the number students see, then what kind of part it is.

    ``first_line`` is the number of the document's first part, for a passage cut out of a
    longer article (a quiz passage that starts at line 8 numbers its first part 8).
    """
    return f"Line {seg.number + first_line - 1} · {PART_WORDS.get(seg.role, seg.role)}"


def body_tag(role: str) -> str:
    """The element that holds a part's text: headings for headline and subheadings."""
    return "h2" if role == "headline" else "h3" if role == "subheading" else "p"


def part_open(seg: Segment, first_line: int = 1) -> str:
    """A part's opening tags: its box (role, line and offsets as data), role tag, text element."""
    return (
        f'<div class="mlv-part mlv-{e(seg.role)}" data-role="{e(seg.role)}" '
        f'data-line="{seg.number + first_line - 1}" '
        f'data-start="{seg.start}" data-end="{seg.end}">'
        f'<span class="mlv-role">{e(part_label(seg, first_line))}</span>'
        f'<{body_tag(seg.role)} class="mlv-body">'
    )


def part_close(seg: Segment) -> str:
    return f"</{body_tag(seg.role)}></div>"


class CommentZone:
    """Says where the reader comments begin, once, before the first comment or marker."""

    def __init__(self) -> None:
        self.opened = False

    def before(self, seg: Segment) -> str:
        """:data:`ZONE_HTML` before the zone's first part, else ``""``."""
        if self.opened or seg.role not in COMMENT_ROLES:
            return ""
        self.opened = True
        return ZONE_HTML


# --- the stylesheets ------------------------------------------------------------------------


def css() -> str:
    """The stylesheet shared by highlight, compare and the report (scoped to ``.mlv``)."""
    ink, muted = pal.INK, pal.MUTED_INK
    rules = [
        f".mlv{{font-family:Georgia,'Times New Roman',serif;color:{ink};background:#fff;"
        "max-width:50em;line-height:1.95;position:relative}",
        ".mlv *{box-sizing:border-box}",
        ".mlv .mlv-part{margin:0.45em 0;display:flex;gap:0.75em;align-items:baseline}",
        f".mlv .mlv-role{{font-family:system-ui,sans-serif;font-size:0.8em;min-width:12em;"
        f"flex:none;color:{ink};background:#f0f0f0;border:1px solid #595959;border-radius:3px;"
        "padding:0 0.35em;line-height:1.5;white-space:nowrap}",
        ".mlv .mlv-body{flex:1;margin:0;padding:0;font-size:1em;font-weight:normal;"
        "font-family:inherit;line-height:1.95;color:inherit}",
        ".mlv .mlv-headline .mlv-body{font-size:1.35em;font-weight:bold;line-height:1.6}",
        ".mlv .mlv-dek .mlv-body{font-size:1.08em;font-style:italic}",
        ".mlv .mlv-subheading .mlv-body{font-weight:bold;font-size:1.08em;line-height:1.9}",
        ".mlv .mlv-comment{border-left:4px double #1a1a1a;padding-left:0.6em;background:#f7f7f7}",
        ".mlv .mlv-comment .mlv-body{font-family:system-ui,sans-serif}",
        ".mlv .mlv-zone{font-family:system-ui,sans-serif;font-weight:bold;margin-top:1.2em;"
        "border-top:2px dashed #1a1a1a;padding-top:0.3em}",
        # marks: background + per-layer underline; height stacks nested underlines
        f".mlv mark.mlv-mark{{color:{ink};background:transparent;position:relative;"
        "border-bottom-width:2px;border-bottom-color:#1a1a1a;padding:0 1px 1px;"
        "border-radius:2px;cursor:help}",
        ".mlv mark.mlv-h2{padding-bottom:5px}.mlv mark.mlv-h3{padding-bottom:9px}",
        ".mlv mark.mlv-h4{padding-bottom:13px}",
        ".mlv mark.mlv-mark:focus{outline:3px solid #1a1a1a;outline-offset:1px}",
        ".mlv mark.mlv-empty{padding:0;border:0}",
        f".mlv .mlv-tag{{font-family:system-ui,sans-serif;font-size:0.8em;font-weight:normal;"
        f"font-style:normal;color:{ink};background:#fff;border:1px solid {muted};"
        "border-radius:3px;padding:0 0.25em;margin-left:0.15em;vertical-align:super;"
        "line-height:1.2;white-space:nowrap}",
        f".mlv .mlv-tip{{display:none;position:absolute;left:0;top:calc(100% + 4px);z-index:20;"
        f"width:max-content;max-width:min(28em,80vw);background:#fff;color:{ink};"
        "border:2px solid #1a1a1a;border-radius:4px;padding:0.45em 0.6em;"
        "box-shadow:0 2px 6px rgba(0,0,0,0.25);font-family:system-ui,sans-serif;"
        "font-size:0.82rem;font-weight:normal;font-style:normal;line-height:1.4;"
        "text-align:left;white-space:normal;text-transform:none}",
        ".mlv .mlv-tip.mlv-tip-up{top:auto;bottom:calc(100% + 4px)}",
        ".mlv .mlv-tip b,.mlv .mlv-tip .mlv-quote{display:block}",
        ".mlv .mlv-tip .mlv-tax{display:block;font-style:italic}",
        ".mlv mark.mlv-mark:hover:not(:has(mark.mlv-mark:hover))>.mlv-tip,"
        ".mlv mark.mlv-mark:focus>.mlv-tip{display:block}",
        # legend and footnotes
        ".mlv .mlv-legend{font-family:system-ui,sans-serif;font-size:0.9em;line-height:1.5;"
        "border:1px solid #767676;border-radius:4px;padding:0.4em 0.8em;margin:0.6em 0}",
        ".mlv .mlv-legend h3,.mlv .mlv-notes h3{font-size:1em;margin:0.2em 0}",
        ".mlv .mlv-legend ul{margin:0.2em 0;padding-left:1.1em}",
        ".mlv .mlv-legend li{margin:0.25em 0}",
        ".mlv .mlv-legend ul ul{display:grid;grid-template-columns:repeat(auto-fill,"
        "minmax(21em,1fr));column-gap:1.2em;padding-left:0.4em;list-style:none}",
        ".mlv .mlv-notes{font-family:system-ui,sans-serif;font-size:0.88em;line-height:1.45}",
        ".mlv .mlv-notes li{margin:0.3em 0}",
        f".mlv .mlv-muted{{color:{muted}}}",
        ".mlv .mlv-findings{font-family:system-ui,sans-serif;font-size:0.95em;line-height:1.5;"
        "border-left:4px solid #1a1a1a;padding:0.2em 0.8em;margin:0.6em 0}",
        ".mlv.mlv-compare{max-width:none}",
        ".mlv .mlv-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(30em,1fr));"
        "gap:1.5em}",
        ".mlv .mlv-panel h3{font-family:system-ui,sans-serif;font-size:1.05em}",
        ".mlv .mlv-summary{font-family:system-ui,sans-serif}",
        ".mlv .mlv-summary td,.mlv .mlv-summary th{padding:0.1em 0.6em;text-align:left}",
    ]
    for layer, style in pal.LAYER_STYLES.items():
        width = "3px" if style.border == "dotted" else "2px"
        rules.append(
            f".mlv mark.mlv-l-{layer}{{border-bottom-style:{style.border};"
            f"border-bottom-width:{width}}}"
        )
    for key, sw in pal.SWATCHES.items():
        rules.append(f".mlv mark.mlv-c-{key}{{background:{sw.hex}}}")
    for key, (sw, border, _w) in pal.COMPARE_SWATCHES.items():
        width = "4px" if border == "double" else "3px" if border == "dotted" else "2px"
        rules.append(
            f".mlv mark.mlv-k-{key}{{background:{sw.hex};border-bottom-style:{border};"
            f"border-bottom-width:{width}}}"
        )
    # Wider screens, where the browser can place a box by an anchor (CSS anchor positioning):
    # an explanation hangs from its word; when it would run off the article's right side (15 of
    # the seed's 117 did at 1000 px) it ends at the word's right edge instead, and when neither
    # fits (a narrow notebook column) it spans the article.  Elsewhere it hangs from the word's
    # left edge as before.
    rules.append(
        "@media (min-width:641px){@supports (anchor-name:--a) and (position-anchor:--a){"
        "@position-try --mlv-span{left:0;right:0;width:auto;max-width:none}"
        ".mlv mark.mlv-mark{position:static}"
        ".mlv .mlv-tip{left:anchor(left);top:calc(anchor(bottom) + 4px);"
        "position-try-fallbacks:flip-inline,--mlv-span}"
        ".mlv .mlv-tip.mlv-tip-up{top:auto;bottom:calc(anchor(top) + 8px)}}}"
    )
    # A phone or a narrow window: the line label goes above its text (side by side the article
    # was wider than the screen), and an explanation spans its paragraph's width below the line
    # of its word, since a box hung from the word runs off the side.  Always below: opened
    # upwards it covered the word just tapped (67 of the seed's 117 marks at 390 px).  Not
    # position:fixed: JupyterLab's and Voila's panels are "contain: strict", which it obeys.
    rules.append(
        "@media (max-width:640px){.mlv .mlv-part{display:block}"
        ".mlv .mlv-role{display:inline-block;min-width:0;max-width:100%;white-space:normal}"
        ".mlv .mlv-body{position:relative}.mlv mark.mlv-mark{position:static}"
        ".mlv .mlv-tip,.mlv .mlv-tip.mlv-tip-up{left:0;right:0;top:auto;bottom:auto;"
        "width:auto;max-width:none;margin-top:1.9em}}"
    )
    rules.append(
        "@media print{.mlv .mlv-tip{display:none!important}.mlv{max-width:none}"
        ".mlv mark.mlv-mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".mlv .mlv-part{break-inside:avoid}}"
    )
    return "<style>\n" + "\n".join(rules) + "\n</style>"


_DOCUMENT_CSS = """
<style>
.mlv-doc{font-family:Georgia,'Times New Roman',serif;max-width:46em;line-height:1.55;
  color:#1a1a1a;background:#fff;padding:0.5em 1em;border:1px solid #767676;border-radius:4px}
.mlv-doc .mlv-part{margin:0.55em 0;display:flex;gap:0.75em;align-items:baseline}
.mlv-doc .mlv-role{font-family:system-ui,sans-serif;font-size:0.8em;min-width:12em;flex:none;
  color:#1a1a1a;background:#f0f0f0;border:1px solid #595959;border-radius:3px;padding:0 0.35em;
  white-space:nowrap}
.mlv-doc .mlv-body{margin:0}
.mlv-doc .mlv-headline .mlv-body{font-size:1.45em;font-weight:bold;line-height:1.25}
.mlv-doc .mlv-dek .mlv-body{font-size:1.1em;font-style:italic}
.mlv-doc .mlv-subheading .mlv-body{font-weight:bold;font-size:1.1em}
.mlv-doc .mlv-comment{border-left:4px double #1a1a1a;padding-left:0.6em;background:#f7f7f7}
.mlv-doc .mlv-comment .mlv-body{font-family:system-ui,sans-serif}
.mlv-doc .mlv-zone{font-family:system-ui,sans-serif;font-weight:bold;margin-top:1.2em;
  border-top:2px dashed #1a1a1a;padding-top:0.4em}
@media (max-width:640px){.mlv-doc .mlv-part{display:block}
  .mlv-doc .mlv-role{display:inline-block;min-width:0;max-width:100%;white-space:normal}}
@media print{.mlv-doc{border:none}.mlv-doc .mlv-role{background:none}}
</style>
"""


def document_css() -> str:
    """The plain article's stylesheet (scoped to ``.mlv-doc``): its parts, no marks."""
    return _DOCUMENT_CSS
