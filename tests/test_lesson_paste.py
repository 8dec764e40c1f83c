"""Lesson 06's paste box: the box is shown, and **Analyse my article** fills the later
activities' widgets in place, so the lesson works in Voilà, where no cell can be re-run.

The unit tests drive a :class:`helpers.lesson.PasteBox` directly; the kernel test runs the real
lesson notebook in a kernel, finds the widgets its cells displayed, pastes, clicks, and reads
those same widgets back."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from conftest import REPO_ROOT
from journey_support import PASTED_ARTICLE
from nbclient import NotebookClient

import helpers
from helpers.lesson import EMPTY_VIEW, bounded, paste_box

LESSON = REPO_ROOT / "notebooks" / "06-bring-your-own-article.ipynb"
ARTICLE = PASTED_ARTICLE  # the same article the browser journey pastes


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_example_is_analysed_before_anything_is_pasted():
    box = paste_box()
    assert box.analysis is not None and box.analysis.text == helpers.lesson.example_article()
    assert "Analysed ✓" in box.status.value
    assert "Riverside" in box.highlight().value


def test_analyse_fills_the_views_in_place():
    box = paste_box()
    parts, marks, explorer = box.parts_table(), box.highlight(), box.explorer()
    box.text.value = ARTICLE
    box.button.click()
    assert box.analysis is not None and box.analysis.text == ARTICLE
    status = _text(box.status.value)
    assert "Analysed ✓" in status and "1 headline" in status and "1 reader comment" in status
    assert "Reader comment" in parts.value and "Riverside" not in marks.value
    assert "Mara Quist" in marks.value and "<mark" in marks.value
    assert "Harbour Bridge" in explorer.children[0].html.value
    n = len(box.analysis.spans)
    assert f"{n} marks" in status


def test_a_new_text_keeps_the_chosen_explorer_layer():
    box = paste_box()
    explorer = box.explorer()
    explorer.children[0].layer_buttons.value = "rhetoric"
    box.text.value = ARTICLE
    box.button.click()
    assert explorer.children[0].layer_buttons.value == "rhetoric"
    assert explorer.children[0].analysis is box.analysis


def test_an_empty_box_says_so_and_clears_the_views():
    box = paste_box()
    parts, marks, explorer = box.parts_table(), box.highlight(), box.explorer()
    box.text.value = "  \n\n "
    box.button.click()
    assert box.analysis is None
    assert "The box is empty" in box.status.value
    assert parts.value == EMPTY_VIEW and marks.value == EMPTY_VIEW
    assert explorer.children[0].value == EMPTY_VIEW
    box.text.value = ARTICLE  # and it recovers
    box.button.click()
    assert "Mara Quist" in marks.value


def test_a_very_long_text_is_bounded_with_a_message():
    box = paste_box(max_chars=2_000)
    box.text.value = "\n\n".join([ARTICLE.split("--- comments ---")[0].strip()] * 40)
    box.button.click()
    assert box.analysis is not None
    assert len(box.analysis.text) <= 2_000
    read = box.analysis.text
    assert box.value.startswith(read) and box.value[len(read) :].startswith(
        "\n\n"
    )  # a paragraph end
    status = _text(box.status.value)
    assert f"Your text is long ({len(box.value):,} characters)" in status
    assert f"read only the first {len(box.analysis.text):,}" in status


def test_bounded_cuts_at_a_space_when_there_is_no_paragraph_end():
    text = "word " * 100
    cut = bounded(text, 52)
    assert len(cut) <= 52 and cut.endswith("word") and text.startswith(cut)
    assert bounded("short", 52) == "short"


def test_no_comments_line_is_pointed_out():
    box = paste_box("Bridge Reopens\n\nThe bridge reopened, officials said.")
    assert "no <code>--- comments ---</code> line" in box.status.value
    box.text.value = ARTICLE
    box.button.click()
    assert "--- comments ---" not in box.status.value


def test_pasted_markup_is_shown_as_text():
    box = paste_box()
    marks = box.highlight()
    box.text.value = (
        "Mayor <script>alert(1)</script> quits\n\nThe mayor <b>resigned</b>, aides said."
    )
    box.button.click()
    assert "<script>" not in marks.value and "&lt;script&gt;" in marks.value
    assert "<b>resigned</b>" not in marks.value


def test_the_button_works_from_the_keyboard_and_says_what_it_does():
    box = paste_box()
    assert box.button.description == "Analyse my article"
    assert box.button.tooltip
    assert box.box.children[2] is box.button  # right under the text box, in reading order
    assert not box.button.disabled


# --- the real lesson, in a kernel -------------------------------------------------------------

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _displayed_widgets(cell) -> list[str]:
    return [
        out["data"][WIDGET_VIEW]["model_id"]
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]


def _run(client: NotebookClient, nb, source: str):
    cell = nbformat.v4.new_code_cell(source)
    nb.cells.append(cell)
    client.execute_cell(cell, len(nb.cells) - 1)
    return cell


@pytest.mark.slow
def test_lesson_06_paste_and_analyse_in_a_kernel(tmp_path):
    nb = nbformat.read(LESSON, as_version=4)
    lesson_cells = list(nb.cells)
    client = NotebookClient(nb, timeout=180, kernel_name="python3")
    client.resources = {"metadata": {"path": str(tmp_path)}}
    with client.setup_kernel():
        for i, cell in enumerate(lesson_cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, i)
        shown = {cell.id: _displayed_widgets(cell) for cell in lesson_cells}
        describe = (
            "import ipywidgets, json\n"
            "def _walk(w):\n"
            "    yield w\n"
            "    for c in getattr(w, 'children', ()):\n"
            "        yield from _walk(c)\n"
            "def _describe(ids):\n"
            "    out = []\n"
            "    for mid in ids:\n"
            "        for w in _walk(ipywidgets.Widget.widgets[mid]):\n"
            "            out.append({'type': type(w).__name__,\n"
            "                        'value': str(getattr(w, 'value', '')),\n"
            "                        'description': str(getattr(w, 'description', ''))})\n"
            "    return out\n"
        )
        _run(client, nb, describe)

        def widgets(cell_ids: list[str]) -> list[dict]:
            ids = [mid for cid in cell_ids for mid in shown[cid]]
            cell = _run(client, nb, f"print(json.dumps(_describe({ids!r})))")
            return json.loads(cell.outputs[0]["text"])

        # the paste box is displayed, with its button, by a cell of Activity 1 (the quiz's
        # reflections have text boxes too, but no "Analyse my article" button)
        box_cells = [
            cid
            for cid in shown
            if shown[cid]
            and any(w["type"] == "Textarea" for w in widgets([cid]))
            and any(w["description"] == "Analyse my article" for w in widgets([cid]))
        ]
        assert len(box_cells) == 1, f"no (or more than one) paste box displayed: {shown}"
        box = widgets(box_cells)
        buttons = [w for w in box if w["type"] == "Button"]
        assert [b["description"] for b in buttons] == ["Analyse my article"]
        later = [cid for cid in shown if shown[cid] and cid not in box_cells]
        before = " ".join(w["value"] for w in widgets(later))
        assert "Riverside" in before  # the example, before anything is pasted

        # paste, click the button, read the same widgets again: no cell re-run
        shown_box = shown[box_cells[0]][0]
        _run(
            client,
            nb,
            f"_parts = list(_walk(ipywidgets.Widget.widgets[{shown_box!r}]))\n"
            f"next(w for w in _parts if isinstance(w, ipywidgets.Textarea)).value = {ARTICLE!r}\n"
            "next(w for w in _parts if isinstance(w, ipywidgets.Button)).click()",
        )
        after = widgets(later)
        text = " ".join(w["value"] for w in after)
        assert "Riverside" not in text, "a later view still shows the example"
        assert "Mara Quist" in text and "<mark" in text  # the highlighted article
        assert "Reader comment" in text  # the parts table
        status = " ".join(w["value"] for w in widgets(box_cells))
        assert "Analysed ✓" in status
