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
from .highlight import Highlight, select

if TYPE_CHECKING:
    from ..analysis import Analysis

ALL = "all"
LAYER_OPTIONS: list[tuple[str, str]] = [
    *((st.question, layer) for layer, st in pal.LAYER_STYLES.items()),
    ("All three", ALL),
]


def highlight_explorer(analysis: Analysis | Any, layer: str = "sourcing") -> Any:
    """An interactive highlighted text: pick a layer, tick labels on and off."""
    import ipywidgets as w

    from ..analysis import Analysis, analyze

    if not isinstance(analysis, Analysis):
        analysis = analyze(analysis)
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
    labels_box = w.VBox(layout=w.Layout(flex_flow="row wrap"))
    html = w.HTML()
    status = w.HTML()
    box = w.VBox([buttons, labels_box, status, html])
    checkboxes: dict[str, Any] = {}

    def layer_spans() -> list[Any]:
        return select(analysis.spans, None if buttons.value == ALL else buttons.value)

    def render(*_args: Any) -> None:
        on = {lab for lab, cb in checkboxes.items() if cb.value}
        spans = [s for s in layer_spans() if pal.span_kind(s) in on]
        html.value = Highlight(analysis.document, spans, analysis=analysis).html()
        status.value = (
            f"<span>{len(spans)} marks shown. Hover over a mark, Tab to it or click it to see "
            "why it is marked.</span>"
        )

    def rebuild(*_args: Any) -> None:
        for cb in checkboxes.values():
            cb.unobserve(render, "value")
        checkboxes.clear()
        shown = layer_spans()
        labels = sorted({(s.layer, pal.span_kind(s)) for s in shown})
        boxes = []
        for lay, lab in labels:
            n = sum(1 for s in shown if pal.span_kind(s) == lab and s.layer == lay)
            cb = w.Checkbox(
                value=True,
                description=f"{pal.label_name(lab)} ({pal.label_tag(lay, lab)}, {n})",
                indent=False,
                layout=w.Layout(width="auto", margin="0 1.2em 0 0"),
            )
            cb.observe(render, "value")
            checkboxes[lab] = cb
            boxes.append(cb)
        labels_box.children = boxes
        render()

    buttons.observe(rebuild, "value")
    rebuild()
    box.layer_buttons = buttons
    box.label_checkboxes = checkboxes
    box.html = html
    box.analysis = analysis
    return box
