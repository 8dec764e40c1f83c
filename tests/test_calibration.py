"""Calibration targets on the public corpora, one test per corpus, plus the runner's own contract.

The corpora sit in ``../shared/data`` next to the repository (CI has them); without them the
target tests skip and say why.  A target that is missed fails here exactly as
``python -m tools.calibrate --check`` would, so the figures in docs/accuracy.md cannot drift
below the issue's targets unnoticed.
"""

from __future__ import annotations

import operator
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # `tools` is a top-level folder, not part of the package
    sys.path.insert(0, str(REPO_ROOT))

from tools import calibrate  # noqa: E402

CORPORA = list(calibrate.FOLDERS)
DATA = calibrate.data_dir()
SKIP_REASON = calibrate.skip_reason(DATA)


@pytest.fixture(scope="module")
def results() -> dict[str, calibrate.CorpusResult]:
    """The full calibration, run once for all the target tests."""
    if SKIP_REASON is not None:
        pytest.skip(f"calibration data absent: {SKIP_REASON} (set {calibrate.ENV_VAR})")
    return {r.key: r for r in calibrate.run_all(DATA)}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", CORPORA)
def test_calibration_targets(results: dict[str, calibrate.CorpusResult], corpus: str) -> None:
    r = results[corpus]
    if r.status == "skipped" and r.message.startswith("corpus folder"):
        pytest.skip(r.message)
    assert r.status == "ok", f"{corpus}: {r.message}"
    assert r.targets, f"{corpus}: the module declares no TARGETS"
    missed = {
        metric: (r.figures.get(metric, "missing"), f"{op} {threshold}")
        for metric, (op, threshold) in r.targets.items()
        if not r.target_met(metric)
    }
    assert not missed, f"{r.name}: targets missed (value, target): {missed}; all: {r.figures}"


@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_module_follows_the_contract(corpus: str) -> None:
    """NAME, CITATION, TARGETS with known comparisons, evaluate(); checked without the data."""
    module = calibrate.load_module(corpus)
    if module is None:
        pytest.fail(f"tools/calibration/{corpus}.py is not written yet")
    assert isinstance(module.NAME, str) and module.NAME
    assert isinstance(module.CITATION, str) and module.CITATION
    assert module.TARGETS, "at least one target"
    for metric, (op, threshold) in module.TARGETS.items():
        assert isinstance(metric, str)
        assert op in calibrate.COMPARE, f"{metric}: unknown comparison {op!r}"
        assert isinstance(threshold, int | float)
    assert callable(module.evaluate)


def test_runner_skips_cleanly_without_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tools.calibrate", "--data", str(tmp_path), "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    assert "skipped" in lines[0] and str(tmp_path) in lines[0]
    assert proc.stderr == ""


def test_target_verdicts() -> None:
    r = calibrate.CorpusResult(
        key="x",
        name="X",
        status="ok",
        figures={"recall": 0.6, "ratio": 2.9},
        targets={"recall": (">=", 0.60), "ratio": (">=", 3), "precision": (">=", 0.5)},
    )
    assert r.target_met("recall")
    assert not r.target_met("ratio")
    assert not r.target_met("precision")  # a figure the module forgot to compute is a failure
    assert r.failed == ["ratio", "precision"]
    broken = calibrate.CorpusResult(key="y", name="Y", status="error", targets={"f1": (">=", 0.6)})
    assert broken.failed == ["f1"]
    assert calibrate.CorpusResult(key="z", name="Z", status="skipped").failed == []
    assert calibrate.COMPARE[">="] is operator.ge


def test_docs_have_the_generated_sections() -> None:
    text = (REPO_ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8")
    for start, end in (
        (calibrate.FIGURES_START, calibrate.FIGURES_END),
        (calibrate.SEED_START, calibrate.SEED_END),
    ):
        assert text.count(start) == 1 and text.count(end) == 1
        assert text.index(start) < text.index(end)
    replaced = calibrate.replace_between(text, calibrate.FIGURES_START, calibrate.FIGURES_END, "X")
    assert f"{calibrate.FIGURES_START}\nX\n{calibrate.FIGURES_END}" in replaced
    # the hand-written text around the markers survives a rewrite
    assert replaced.split(calibrate.FIGURES_START)[0] == text.split(calibrate.FIGURES_START)[0]
    assert replaced.split(calibrate.FIGURES_END)[1] == text.split(calibrate.FIGURES_END)[1]
