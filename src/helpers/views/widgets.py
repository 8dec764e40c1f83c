"""A highlight explorer for class: switch layers and labels, the text re-renders.

``highlight_explorer(analysis)`` returns an ipywidgets box: toggle buttons for "Who says so",
"How it's told", "How the comments argue" (or all three), one checkbox per label found on the
chosen layer (for sources, one per kind of source: named person, organisation or outlet,
anonymous, vague), and an HTML area with the highlighted text.  ipywidgets controls are keyboard
operable (Tab, arrows, Space).  Tests set the controls' values and read ``explorer.html.value``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import palette as pal
from .highlight import Highlight, analysed
from .marks import select
from .toolkit import css

if TYPE_CHECKING:
    from ..analysis import Analysis

ALL = "all"
LAYER_OPTIONS: list[tuple[str, str]] = [
    *((st.question, layer) for layer, st in pal.LAYER_STYLES.items()),
    ("All three", ALL),
]
CACHE_SIZE = 16  # rendered layer-and-labels choices kept per explorer


def highlight_explorer(analysis: Analysis | Any, layer: str = "sourcing") -> Any:
    """An interactive highlighted text: pick a layer, tick labels on and off.

    Built for speed (a toggle must feel instant in JupyterLab and Voilà): every layer's
    checkboxes are made once, each layer's in its own row, and a toggle only shows another row;
    the stylesheet sits in its own widget that never changes, so a toggle sends the article's
    HTML alone; and each layer-and-labels choice is rendered once, then reused.
    """
    import ipywidgets as w

    analysis = analysed(analysis)  # a text is analysed once, here at the entry
    buttons = w.ToggleButtons(
        options=LAYER_OPTIONS,
        value=layer,
        description="Show:",
        tooltips=[
            "Sourcing: who the information comes from",
            "Framing: how sure, emotional or loaded the telling is",
            "Rhetoric: the persuasion moves, mostly in the reader comments",
            "All three layers at once",
        ],
        style={"button_width": "auto"},
    )
    html = w.HTML()
    status = w.HTML()
    style = w.HTML(css())
    style.add_class("mlv-explorer-css")
    shown: dict[str, list[Any]] = {}  # layer option -> its spans, in reading order
    groups: dict[str, dict[str, Any]] = {}  # layer option -> label -> checkbox
    rows: dict[str, Any] = {}  # layer option -> the row holding its checkboxes
    rendered: dict[tuple[str, frozenset[str]], tuple[str, int]] = {}
    checkboxes: dict[str, Any] = {}  # the current layer's, as `box.label_checkboxes`
    resetting = False

    def render(*_args: Any) -> None:
        if resetting:
            return
        chosen = buttons.value
        on = frozenset(lab for lab, cb in groups[chosen].items() if cb.value)
        key = (chosen, on)
        if key not in rendered:
            spans = [s for s in shown[chosen] if pal.span_kind(s) in on]
            view = Highlight(analysis.document, spans, analysis=analysis)
            if len(rendered) >= CACHE_SIZE:  # each is ~100 KB: keep the latest choices only
                del rendered[next(iter(rendered))]
            rendered[key] = (view.content_html(), len(spans))
        body, n = rendered[key]
        html.value = body
        status.value = (
            f"<span>{n} marks shown. Hover over a mark, Tab to it or click it to see "
            "why it is marked.</span>"
        )

    for option in (value for _name, value in LAYER_OPTIONS):
        spans = select(analysis.spans, None if option == ALL else option)
        shown[option] = spans
        group: dict[str, Any] = {}
        for lay, lab in sorted({(s.layer, pal.span_kind(s)) for s in spans}):
            n = sum(1 for s in spans if pal.span_kind(s) == lab and s.layer == lay)
            cb = w.Checkbox(
                value=True,
                description=f"{pal.label_name(lab)} ({pal.label_tag(lay, lab)}, {n})",
                indent=False,
                layout=w.Layout(width="auto", margin="0 1.2em 0 0"),
            )
            cb.observe(render, "value")
            group[lab] = cb
        groups[option] = group
        rows[option] = w.HBox(
            list(group.values()),
            layout=w.Layout(flex_flow="row wrap", display="flex" if option == layer else "none"),
        )
    labels_box = w.VBox(list(rows.values()))

    def switch(change: dict[str, Any]) -> None:
        nonlocal resetting
        resetting = True  # a new layer starts with every label ticked, as it always did
        try:
            for cb in groups[change["new"]].values():
                cb.value = True
        finally:
            resetting = False
        rows[change["old"]].layout.display = "none"
        rows[change["new"]].layout.display = "flex"
        checkboxes.clear()
        checkboxes.update(groups[change["new"]])
        render()

    checkboxes.update(groups[layer])
    render()
    buttons.observe(switch, "value")
    box = w.VBox([buttons, labels_box, status, style, html])
    box.layer_buttons = buttons
    box.label_checkboxes = checkboxes
    box.html = html
    box.analysis = analysis
    return box
