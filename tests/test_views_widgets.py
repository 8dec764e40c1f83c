"""The highlight explorer: layer toggles and label checkboxes re-render the HTML."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import helpers
from helpers.views.highlight import phrases, select
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
