"""The highlight explorer: layer toggles and label checkboxes re-render the HTML."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import helpers
from helpers.views.marks import phrases, select
from helpers.views.widgets import highlight_explorer


@pytest.fixture()
def explorer():  # type: ignore[no-untyped-def]
    return highlight_explorer(helpers.analyze(helpers.seed()))


def _marks(html: str) -> int:
    return html.count('tabindex="0"')


def _drawn(spans) -> int:  # type: ignore[no-untyped-def]
    """Marks drawn for these spans: side-by-side marks of one kind are one phrase."""
    return len(phrases(select(spans), helpers.seed().text))


def test_starts_on_sourcing(explorer) -> None:  # type: ignore[no-untyped-def]
    a = explorer.analysis
    assert explorer.layer_buttons.value == "sourcing"
    assert _marks(explorer.html.value) == _drawn(a.layer("sourcing"))
    assert 'class="mlv-mark mlv-l-framing' not in explorer.html.value


def test_switching_layers_and_labels(explorer) -> None:  # type: ignore[no-untyped-def]
    a = explorer.analysis
    explorer.layer_buttons.value = "framing"
    assert _marks(explorer.html.value) == _drawn(a.layer("framing"))
    assert "hedge" in explorer.label_checkboxes
    explorer.label_checkboxes["hedge"].value = False
    rest = [s for s in a.layer("framing") if s.label != "hedge"]
    assert _marks(explorer.html.value) == _drawn(rest)
    assert "F·hedge" not in explorer.html.value
    explorer.layer_buttons.value = "all"
    assert _marks(explorer.html.value) == _drawn(a.spans)
    explorer.layer_buttons.value = "rhetoric"
    assert set(explorer.label_checkboxes) == {s.label for s in a.layer("rhetoric")}


def test_options_are_the_three_questions(explorer) -> None:  # type: ignore[no-untyped-def]
    labels = [o[0] for o in explorer.layer_buttons.options]
    assert labels[:3] == ["Who says so", "How it's told", "How the comments argue"]


def test_sources_are_ticked_on_and_off_by_kind(explorer) -> None:  # type: ignore[no-untyped-def]
    boxes = explorer.label_checkboxes
    assert {"named_person", "organisation_or_outlet", "anonymous", "vague"} <= set(boxes)
    assert boxes["anonymous"].description.startswith("Anonymous source (S·anonymous, 1)")
    boxes["anonymous"].value = False
    assert "sources familiar with the discussions" in explorer.html.value  # text stays
    assert "S·anonymous" not in explorer.html.value.split("</section>", 1)[1]


# --- speed: what a toggle sends to the browser (issue 11; timings are in `make bench-ui`) ----


@pytest.fixture()
def constructed():  # type: ignore[no-untyped-def]
    """Every widget made while the test runs (each one is a comm the browser must open)."""
    import ipywidgets as w

    made: list[object] = []
    w.Widget.on_widget_constructed(made.append)
    yield made
    w.Widget.on_widget_constructed(None)


def test_a_toggle_makes_no_new_widgets(explorer, constructed) -> None:  # type: ignore[no-untyped-def]
    for layer in ("framing", "rhetoric", "all", "sourcing"):
        explorer.layer_buttons.value = layer
        explorer.label_checkboxes[next(iter(explorer.label_checkboxes))].value = False
    assert constructed == []


def test_a_toggle_sends_the_article_without_the_stylesheet(explorer) -> None:  # type: ignore[no-untyped-def]
    explorer.layer_buttons.value = "framing"
    assert "<style>" not in explorer.html.value
    assert explorer.html.value.startswith('<div class="mlv">')
    # the stylesheet is on the page once, in its own widget beside the article
    styles = [c for c in explorer.children if "<style>" in getattr(c, "value", "")]
    assert len(styles) == 1 and ".mlv mark.mlv-l-framing" in styles[0].value


def test_only_the_chosen_layers_labels_are_shown(explorer) -> None:  # type: ignore[no-untyped-def]
    rows = explorer.children[1].children
    for layer in ("framing", "rhetoric", "all", "sourcing"):
        explorer.layer_buttons.value = layer
        visible = [r for r in rows if r.layout.display != "none"]
        assert len(visible) == 1
        assert list(visible[0].children) == list(explorer.label_checkboxes.values())


def test_a_layer_shown_again_starts_with_every_label_ticked(explorer) -> None:  # type: ignore[no-untyped-def]
    a = explorer.analysis
    explorer.layer_buttons.value = "framing"
    first = explorer.html.value
    explorer.label_checkboxes["hedge"].value = False
    explorer.layer_buttons.value = "sourcing"
    explorer.layer_buttons.value = "framing"
    assert all(cb.value for cb in explorer.label_checkboxes.values())
    assert explorer.html.value == first  # rendered once, reused
    assert _marks(explorer.html.value) == _drawn(a.layer("framing"))


def test_the_same_marks_as_the_highlight_view(explorer) -> None:  # type: ignore[no-untyped-def]
    """The explorer shows what ``helpers.highlight`` shows for the layer, ids aside."""
    import re

    from helpers.views.highlight import highlight
    from helpers.views.toolkit import css

    ids = re.compile(r"mlv\d+[0-9a-f]{6}")
    for layer in ("framing", "rhetoric", "all", "sourcing"):
        explorer.layer_buttons.value = layer
        view = highlight(explorer.analysis, layers=None if layer == "all" else layer).html()
        assert view.startswith(css())
        assert ids.sub("ID", explorer.html.value) == ids.sub("ID", view[len(css()) + 1 :])
