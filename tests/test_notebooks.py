"""Lesson notebooks are committed without outputs, and every one runs headless without errors."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT, START_NOTEBOOK
from nbclient import NotebookClient

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
IDS = [str(p.relative_to(NOTEBOOK_DIR)) for p in NOTEBOOKS]


def run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return nb


def test_start_notebook_exists():
    assert (REPO_ROOT / START_NOTEBOOK).is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_stripped(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"cells {dirty} have outputs or execution counts: clear them before committing"
    )
    assert "widgets" not in nb.metadata, "saved widget state in notebook metadata: clear it"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_without_errors(path: Path):
    nb = nbformat.read(path, as_version=4)
    run_notebook(nb, cwd=path.parent)  # raises CellExecutionError on the first failing cell
    noisy = [
        (n, out.get("text", "")[:200])
        for n, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    assert not noisy, f"{path.name}: warnings or other stderr output in cells {noisy}"


def test_kernel_is_this_environments_python(tmp_path: Path):
    """Notebooks must run in the venv that has the package, not some other python3 kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import sys, helpers; print(sys.prefix)"))
    run_notebook(nb, cwd=tmp_path)
    printed = nb.cells[0].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(sys.prefix).resolve()
