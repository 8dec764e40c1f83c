"""Colours, line styles and names for every layer and label, with their contrast checked.

Why these colours: the backgrounds are Paul Tol's "light" scheme, designed to stay
distinguishable for the common kinds of colour blindness and to carry dark text.  Colour is never
the only signal: each layer has its own underline style (solid / dashed / dotted) and every mark
carries a visible tag naming its label, so a greyscale print still reads.

``python -m helpers.views.palette`` prints the WCAG 2 contrast ratio of the text colour on every
background (AA needs 4.5:1 for normal text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

INK = "#1a1a1a"  # text colour on every highlight, tooltip and legend
PAGE = "#ffffff"
MUTED_INK = "#4d4d4d"  # secondary text (role tags, captions) on the page and on light greys
AA_NORMAL = 4.5


@dataclass(frozen=True, slots=True)
class Swatch:
    key: str  # CSS class suffix
    hex: str
    words: str  # the colour named in words, for the legend


@dataclass(frozen=True, slots=True)
class LayerStyle:
    layer: str
    letter: str  # the short tag prefix: S, F, R
    question: str  # the layer as a question a student asks
    border: str  # CSS border-bottom style
    border_words: str


LAYER_STYLES: dict[str, LayerStyle] = {
    "sourcing": LayerStyle("sourcing", "S", "Who says so", "solid", "solid underline"),
    "framing": LayerStyle("framing", "F", "How it's told", "dashed", "dashed underline"),
    "rhetoric": LayerStyle("rhetoric", "R", "How the comments argue", "dotted", "dotted underline"),
}

# Paul Tol "light" qualitative scheme (https is not linked from output; named here for credit).
SWATCHES: dict[str, Swatch] = {
    "cyan": Swatch("cyan", "#99ddff", "light cyan"),
    "blue": Swatch("blue", "#77aadd", "light blue"),
    "yellow": Swatch("yellow", "#eedd88", "light yellow"),
    "orange": Swatch("orange", "#ee8866", "orange"),
    "pink": Swatch("pink", "#ffaabb", "pink"),
    "pear": Swatch("pear", "#bbcc33", "yellow-green (pear)"),
    "mint": Swatch("mint", "#44bb99", "mint green"),
    "grey": Swatch("grey", "#dddddd", "pale grey"),
}

# Comparison view: agreement, misses and over-marks (also told apart by border and tag).
COMPARE_SWATCHES: dict[str, tuple[Swatch, str, str]] = {
    "agree": (SWATCHES["mint"], "double", "double underline"),
    "missed": (SWATCHES["orange"], "dashed", "dashed underline"),
    "extra": (SWATCHES["blue"], "dotted", "dotted underline"),
}

LABEL_SWATCH: dict[tuple[str, str], str] = {
    ("sourcing", "attribution"): "cyan",
    ("sourcing", "quotation"): "cyan",
    ("sourcing", "source_cue"): "cyan",
    ("sourcing", "vague_attribution"): "blue",
    ("sourcing", "anonymous_attribution"): "blue",
    ("framing", "hedge"): "yellow",
    ("framing", "booster"): "orange",
    ("framing", "loaded_language"): "pink",
    ("framing", "euphemism"): "pink",
    ("framing", "scare_quotes"): "pink",
}
LAYER_SWATCH = {"sourcing": "cyan", "framing": "pear", "rhetoric": "mint"}

# Names and one-line meanings for labels the lexicons do not describe themselves.
LABEL_NAMES: dict[str, tuple[str, str, str]] = {
    # label: (display name, short tag, what it means in one line)
    "attribution": ("Named source", "source", "says who the information comes from"),
    "quotation": ("Quotation", "quote", "someone's own words, in quotation marks"),
    "source_cue": ("Source cue", "cue", "a word that signals information comes from somewhere"),
    "vague_attribution": (
        "Vague source",
        "vague",
        "credits 'sources', 'experts' or 'many' without saying who",
    ),
    "anonymous_attribution": ("Anonymous source", "anon", "a source the reader cannot identify"),
    "hedge": ("Hedge", "hedge", "makes a claim less certain: a guess, not a report"),
    "booster": ("Booster", "booster", "makes a claim sound certain without adding evidence"),
    "loaded_language": ("Loaded language", "loaded", "a judging or emotional word"),
    "euphemism": ("Euphemism", "soft", "a softened word that hides how harsh something is"),
    "scare_quotes": ("Scare quotes", "quotes", "quotation marks that mock or doubt a word"),
    "rhetorical_question": (
        "Leading question",
        "question",
        "a question that steers you towards an answer",
    ),
    "presupposition": ("Hidden assumption", "assumes", "treats something unproven as settled"),
    "prescription": ("Telling you what to do", "should", "tells the reader what to think or do"),
}

TAXONOMY_NAMES: dict[str, str] = {
    "semeval2020": "SemEval-2020",
    "semeval2023": "SemEval-2023",
    "bad_news": "Bad News game",
    "flicc": "FLICC",
    "news_frames": "news frames, Semetko & Valkenburg",
    "sift": "SIFT",
    "hyland": "Hyland",
}


def layer_style(layer: str) -> LayerStyle:
    return LAYER_STYLES.get(layer, LayerStyle(layer, layer[:1].upper(), layer, "solid", "solid"))


def swatch_for(layer: str, label: str) -> Swatch:
    return SWATCHES[LABEL_SWATCH.get((layer, label), LAYER_SWATCH.get(layer, "grey"))]


@cache
def _rhetoric_labels() -> dict[str, dict[str, Any]]:
    try:
        from ..analyzers.rhetoric import labels
    except Exception:  # the analyzer may be mid-rewrite; views must still render
        return {}
    try:
        return labels()
    except Exception:
        return {}


def label_name(label: str) -> str:
    """A label as a reader would say it: 'loaded_language' → 'Loaded language'."""
    if label in LABEL_NAMES:
        return LABEL_NAMES[label][0]
    name = _rhetoric_labels().get(label, {}).get("name")
    return str(name) if name else label.replace("_", " ").capitalize()


def label_tag(layer: str, label: str) -> str:
    """The short visible tag, e.g. 'F·hedge' (never colour alone)."""
    short = LABEL_NAMES[label][1] if label in LABEL_NAMES else label.replace("_", " ")
    return f"{layer_style(layer).letter}·{short}"


def label_meaning(label: str) -> str:
    if label in LABEL_NAMES:
        return LABEL_NAMES[label][2]
    return str(_rhetoric_labels().get(label, {}).get("summary", ""))


def label_taxonomy(label: str) -> dict[str, str]:
    return dict(_rhetoric_labels().get(label, {}).get("taxonomy", {}))


def researchers_call_this(taxonomy: Any) -> str:
    """'Loaded_Language (SemEval-2020); emotion (Bad News game)' from a span's taxonomy."""
    if not taxonomy:
        return ""
    seen: dict[str, list[str]] = {}
    for key, value in dict(taxonomy).items():
        seen.setdefault(str(value), []).append(TAXONOMY_NAMES.get(str(key), str(key)))
    return "; ".join(f"{value} ({', '.join(where)})" for value, where in seen.items())


# --- contrast (WCAG 2.x) -------------------------------------------------------------------


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour like '#eedd88'."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    a, b = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def palette_entries() -> list[tuple[str, str, str]]:
    """(what it is, text colour, background) for every colour pair the views use."""
    rows = [(f"mark: {s.words}", INK, s.hex) for s in SWATCHES.values()]
    rows += [
        (f"comparison '{k}': {sw.words}", INK, sw.hex)
        for k, (sw, _b, _w) in COMPARE_SWATCHES.items()
    ]
    rows += [
        ("text on page", INK, PAGE),
        ("tag / caption text on page", MUTED_INK, PAGE),
        ("role tag on its grey", INK, "#f0f0f0"),
        ("comment text on comment background", INK, "#f7f7f7"),
        ("tooltip text", INK, PAGE),
    ]
    return rows


def palette_report() -> str:
    """A table of the WCAG contrast ratio of every text/background pair (AA: at least 4.5:1)."""
    lines = [f"{'colour pair':<44} {'text':>8} {'background':>10} {'ratio':>6}  AA"]
    for name, fg, bg in palette_entries():
        ratio = contrast_ratio(fg, bg)
        ok = "pass" if ratio >= AA_NORMAL else "FAIL"
        lines.append(f"{name:<44} {fg:>8} {bg:>10} {ratio:>6.2f}  {ok}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(palette_report())
