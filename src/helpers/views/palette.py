"""Colours, line styles and names for every layer and label, with their contrast checked.

Why these colours: the backgrounds are Paul Tol's "light" scheme, designed to stay
distinguishable for the common kinds of colour blindness and to carry dark text.  Colour is never
the only signal: each layer has its own underline style (solid / dashed / dotted) and every mark
carries a visible tag naming its label, so a greyscale print still reads.

A mark is shown as its *kind*: the label, except for sources, which are named by their
``source_type`` in lesson 02's words (named person, organisation or outlet, anonymous, vague),
so an anonymous source is never called "named".  Framing labels and source kinds each have
their own colour; the twenty rhetoric techniques share one colour per family (their tags
name each technique).

``python -m helpers.views.palette`` prints the WCAG 2 contrast ratio of the text colour on every
background (AA needs 4.5:1 for normal text).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
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

# Paul Tol's "light" qualitative scheme, plus his pale green and a lavender of the same
# lightness (https is not linked from output; named here for credit).
SWATCHES: dict[str, Swatch] = {
    "cyan": Swatch("cyan", "#99ddff", "light cyan"),
    "blue": Swatch("blue", "#77aadd", "light blue"),
    "yellow": Swatch("yellow", "#eedd88", "light yellow"),
    "orange": Swatch("orange", "#ee8866", "orange"),
    "pink": Swatch("pink", "#ffaabb", "pink"),
    "pear": Swatch("pear", "#bbcc33", "yellow-green (pear)"),
    "mint": Swatch("mint", "#44bb99", "mint green"),
    "olive": Swatch("olive", "#aaaa00", "olive"),
    "lavender": Swatch("lavender", "#ccbbee", "lavender"),
    "pale_green": Swatch("pale_green", "#ccddaa", "pale green"),
    "grey": Swatch("grey", "#dddddd", "pale grey"),
}

# Comparison view: agreement, misses and over-marks (also told apart by border and tag).
COMPARE_SWATCHES: dict[str, tuple[Swatch, str, str]] = {
    "agree": (SWATCHES["mint"], "double", "double underline"),
    "missed": (SWATCHES["orange"], "dashed", "dashed underline"),
    "extra": (SWATCHES["blue"], "dotted", "dotted underline"),
}

# Charts.  Bars and areas take the marks' swatches, so a chart and the highlighted text give
# a kind one colour (a source type's bar is the colour of its marks); thin lines and the
# stacked frame series take Paul Tol's "vibrant" scheme, dark enough to read as a line.
VIBRANT: dict[str, str] = {
    "blue": "#0077bb",
    "orange": "#ee7733",
    "teal": "#009988",
    "red": "#cc3311",
    "cyan": "#33bbee",
    "magenta": "#ee3377",
    "grey": "#bbbbbb",
    "black": "#000000",
}
CHART_SERIES: tuple[str, ...] = tuple(VIBRANT.values())  # one per series, in this order
CHART_COLOURS: dict[str, str] = {
    "attributions": SWATCHES["blue"].hex,
    "speculation": VIBRANT["red"],
    "opinion_turn": VIBRANT["red"],
    "comment_zone": SWATCHES["grey"].hex,
    "comment_zone_edge": MUTED_INK,
    "article_body": SWATCHES["yellow"].hex,
    "reader_comments": SWATCHES["mint"].hex,
}

# What a sourcing mark shows is the *kind of source* lesson 02 teaches, from the span's
# source_type (publication and organisation are one kind there: "organisation or outlet").
SOURCE_LABELS = frozenset({"attribution", "vague_attribution", "anonymous_attribution"})
SOURCE_TYPE_KIND: dict[str, str] = {
    "named_person": "named_person",
    "organization": "organisation_or_outlet",
    "publication": "organisation_or_outlet",
    "anonymous": "anonymous",
    "vague": "vague",
}
LABEL_SOURCE_TYPE: dict[str, str] = {  # labels that say the kind without a source_type
    "vague_attribution": "vague",
    "anonymous_attribution": "anonymous",
}

# Colours by (layer, kind).  Within a layer every kind has its own colour, except rhetoric,
# whose twenty techniques share one colour per family (RHETORIC_FAMILIES); the tag always
# names the exact label, and the layers differ by underline style.
LABEL_SWATCH: dict[tuple[str, str], str] = {
    ("sourcing", "named_person"): "cyan",
    ("sourcing", "organisation_or_outlet"): "blue",
    ("sourcing", "anonymous"): "lavender",
    ("sourcing", "vague"): "orange",
    ("sourcing", "attribution"): "grey",
    ("sourcing", "quotation"): "mint",
    ("sourcing", "source_cue"): "pale_green",
    ("framing", "hedge"): "yellow",
    ("framing", "booster"): "orange",
    ("framing", "loaded_language"): "pink",
    ("framing", "euphemism"): "lavender",
    ("framing", "scare_quotes"): "olive",
    ("framing", "rhetorical_question"): "cyan",
    ("framing", "presupposition"): "blue",
    ("framing", "prescription"): "mint",
}
# family: (colour, the family in words, its techniques)
RHETORIC_FAMILIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "feelings": (
        "orange",
        "stirs up fear or anger",
        ("appeal_to_fear", "historical_grievance", "flag_waving", "shouting", "exaggeration"),
    ),
    "attacks": (
        "pink",
        "attacks or lumps together people",
        (
            "name_calling",
            "personal_attack",
            "ridicule",
            "othering",
            "reductio_ad_hitlerum",
            "sweeping_generalization",
        ),
    ),
    "hints": (
        "lavender",
        "hints at hidden plans",
        ("conspiracy", "hostile_intent", "innuendo", "loaded_metaphor"),
    ),
    "shortcuts": (
        "cyan",
        "ends the argument without evidence",
        (
            "false_certainty",
            "appeal_to_authority",
            "thought_terminating_cliche",
            "minimization",
            "whataboutism",
        ),
    ),
}
for _color, _words, _labels in RHETORIC_FAMILIES.values():
    for _label in _labels:
        LABEL_SWATCH[("rhetoric", _label)] = _color
LAYER_SWATCH = {"sourcing": "grey", "framing": "pear", "rhetoric": "mint"}

# Names: each layer's lexicon holds its labels' table ([labels.<label>] with name, tag and
# summary in lexicons/<layer>.toml; for sourcing also the kinds of source), read below the same
# way for all three layers.  Only the reader's own marks, which no lexicon makes, are named here.
VIEW_LABELS: dict[str, dict[str, str]] = {
    "student": {"name": "Your mark", "tag": "your mark", "summary": "words you marked"},
}
# claims with no source at all: the sourcing analyzer's and the expert reading's (issue 12 §2)
LABEL_SWATCH[("sourcing", "unattributed_claim")] = "pink"

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


def kind(layer: str, label: str, source_type: str | None = None) -> str:
    """What a mark is shown as: the label, or for a source the kind lesson 02 teaches."""
    if layer == "sourcing" and label in SOURCE_LABELS:
        st = source_type or LABEL_SOURCE_TYPE.get(label)
        if st in SOURCE_TYPE_KIND:
            return SOURCE_TYPE_KIND[st]
    return label


def span_kind(span: Any) -> str:
    """:func:`kind` of a span ('anonymous' for "sources familiar with the discussions")."""
    return kind(span.layer, span.label, getattr(span, "source_type", None))


def span_kind_tag(span: Any) -> str:
    return label_tag(span.layer, span_kind(span))


def source_type_words(source_type: str) -> str:
    """'publication' -> 'organisation or outlet': a source type in the lesson's words."""
    key = SOURCE_TYPE_KIND.get(source_type)
    return str(label_info(key)["tag"]) if key else source_type.replace("_", " ")


def swatch_for(layer: str, label: str) -> Swatch:
    """The colour of a kind (or label) on a layer."""
    return SWATCHES[LABEL_SWATCH.get((layer, label), LAYER_SWATCH.get(layer, "grey"))]


def source_type_color(source_type: str) -> str:
    """The colour of a source type's bar: that of its marks ('publication' shares the
    organisation-or-outlet colour, as lesson 02 counts them as one kind)."""
    return swatch_for("sourcing", kind("sourcing", "attribution", source_type)).hex


def family_words(layer: str, label: str) -> str:
    """For a rhetoric technique, what its colour family does ('stirs up fear or anger')."""
    if layer != "rhetoric":
        return ""
    return next((w for _c, w, labels in RHETORIC_FAMILIES.values() if label in labels), "")


@cache
def label_table() -> dict[str, dict[str, Any]]:
    """Every label's name, tag, summary and taxonomy: the ``[labels]`` tables of the three
    layers' lexicons, read the same way, plus :data:`VIEW_LABELS`.

    A label that only says its kind of source (``vague_attribution``) is named as that kind.
    """
    table: dict[str, dict[str, Any]] = {}
    for layer in LAYER_STYLES:
        path = resources.files("helpers") / "lexicons" / f"{layer}.toml"
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8")).get("labels", {})
        except (OSError, tomllib.TOMLDecodeError):  # views must still render without names
            raw = {}
        table.update({str(k): dict(v) for k, v in raw.items()})
    table.update(VIEW_LABELS)
    for label, source_type in LABEL_SOURCE_TYPE.items():
        table.setdefault(label, table.get(SOURCE_TYPE_KIND[source_type], {}))
    return table


def label_info(label: str) -> dict[str, Any]:
    """The label's row of :func:`label_table` (empty for a label no table names)."""
    return label_table().get(label, {})


def label_name(label: str) -> str:
    """A label as a reader would say it: 'loaded_language' → 'Loaded language'."""
    name = label_info(label).get("name")
    return str(name) if name else label.replace("_", " ").capitalize()


def label_tag(layer: str, label: str) -> str:
    """The short visible tag, e.g. 'F·hedge' (never colour alone)."""
    short = label_info(label).get("tag") or label.replace("_", " ")
    return f"{layer_style(layer).letter}·{short}"


def label_meaning(label: str) -> str:
    return str(label_info(label).get("summary", ""))


def label_taxonomy(label: str) -> dict[str, str]:
    return dict(label_info(label).get("taxonomy", {}))


def researchers_call_this(taxonomy: Any) -> str:
    """'Loaded_Language (SemEval-2020); emotion (Bad News game)' from a span's taxonomy."""
    if not taxonomy:
        return ""
    seen: dict[str, list[str]] = {}
    for key, value in dict(taxonomy).items():
        seen.setdefault(str(value), []).append(TAXONOMY_NAMES.get(str(key), str(key)))
    return "; ".join(f"{readable_name(v)} ({', '.join(where)})" for v, where in seen.items())


_COMPOUNDS = ("Flag-Waving", "Black-and-White")


def readable_name(value: str) -> str:
    """A research class name as words: 'Appeal_to_Authority' -> 'Appeal to authority',
    'Bandwagon,Reductio_ad_hitlerum' -> 'Bandwagon or reductio ad hitlerum',
    'Name_Calling-Labeling' -> 'Name calling / labeling' (the hyphen of 'Thought-terminating'
    stays: it joins a word, not two class names)."""
    alternatives = []
    for part in value.split(","):
        part = part.strip()
        for word in _COMPOUNDS:  # hyphenated words, not two names
            part = part.replace(word, word.replace("-", "\u2011"))
        halves = [h.replace("\u2011", "-") for h in re.split(r"-(?=[A-Z])", part)]
        words = " / ".join(h.replace("_", " ") for h in halves).split(" ")
        words = [words[0]] + [w if w.isupper() else w.lower() for w in words[1:]]
        alternatives.append(" ".join(words))
    first, *rest = alternatives
    return " or ".join([first] + [a[:1].lower() + a[1:] for a in rest])


# --- contrast (WCAG 2.x) -------------------------------------------------------------------


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour like '#eedd88'."""
    h = hex_color.lstrip("#")
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
