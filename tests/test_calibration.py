"""Calibration floors on the public corpora, one test per corpus, plus the runner's own contract.

The corpora sit in ``../shared/data`` next to the repository (CI has them); without them the
floor tests skip and say why.  A floor (a regression guard on the check part of a corpus) that
is missed fails here exactly as ``python -m tools.calibrate --check`` would, so the figures in
docs/accuracy.md cannot drift down unnoticed.  Goals are reported by the runner, never tested:
most are not met yet.
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
def test_calibration_floors(results: dict[str, calibrate.CorpusResult], corpus: str) -> None:
    r = results[corpus]
    if r.status == "skipped" and r.message.startswith("corpus folder"):
        pytest.skip(r.message)
    assert r.status == "ok", f"{corpus}: {r.message}"
    assert r.floors, f"{corpus}: the module declares no FLOORS"
    missed = {
        metric: (r.figures.get(metric, "missing"), f"{op} {threshold}")
        for metric, (op, threshold) in r.floors.items()
        if not r.floor_met(metric)
    }
    assert not missed, f"{r.name}: floors missed (value, floor): {missed}; all: {r.figures}"


@pytest.mark.slow
@pytest.mark.parametrize("corpus", CORPORA)
def test_each_part_has_about_half_the_documents_and_intervals(
    results: dict[str, calibrate.CorpusResult], corpus: str
) -> None:
    r = results[corpus]
    if r.status == "skipped":
        pytest.skip(r.message)
    tune, check = r.figures["tune.documents"], r.figures["check.documents"]
    assert 0.35 < check / (tune + check) < 0.65, (tune, check)
    for metric in [*r.floors, *r.goals]:
        lo, hi = r.intervals[metric]
        assert lo <= r.figures[metric] <= hi, (metric, r.figures[metric], lo, hi)


@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_module_follows_the_contract(corpus: str) -> None:
    """NAME, CITATION, FLOORS and GOALS on the check part, evaluate(); checked without data."""
    module = calibrate.load_module(corpus)
    if module is None:
        pytest.fail(f"tools/calibration/{corpus}.py is not written yet")
    assert isinstance(module.NAME, str) and module.NAME
    assert isinstance(module.CITATION, str) and module.CITATION
    assert module.FLOORS, "at least one floor"
    assert module.GOALS, "at least one goal"
    for rules in (module.FLOORS, module.GOALS):
        for metric, (op, threshold) in rules.items():
            assert metric.startswith("check."), f"{metric}: floors and goals are on the check part"
            assert metric.removeprefix("check.") in module.METRICS, f"{metric}: not a metric"
            assert op in calibrate.COMPARE, f"{metric}: unknown comparison {op!r}"
            assert isinstance(threshold, int | float)
    assert not hasattr(module, "TARGETS"), "TARGETS became FLOORS (regression guards) and GOALS"
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


def test_floor_and_goal_verdicts() -> None:
    r = calibrate.CorpusResult(
        key="x",
        name="X",
        status="ok",
        figures={"check.recall": 0.6, "check.ratio": 2.9, "check.rate": float("nan")},
        floors={"check.recall": (">=", 0.60), "check.ratio": (">=", 3), "check.p": (">=", 0.5)},
        goals={"check.recall": (">=", 0.7), "check.rate": ("<=", 0.08)},
    )
    assert r.floor_met("check.recall")
    assert not r.floor_met("check.ratio")
    assert not r.floor_met("check.p")  # a figure the module forgot to compute is a failure
    assert r.failed == ["check.ratio", "check.p"]
    assert r.goals_missed == ["check.recall", "check.rate"]  # NaN (undefined) meets nothing
    broken = calibrate.CorpusResult(
        key="y", name="Y", status="error", floors={"check.f1": (">=", 0.6)}
    )
    assert broken.failed == ["check.f1"]
    assert broken.goals_missed == []
    assert calibrate.CorpusResult(key="z", name="Z", status="skipped").failed == []
    assert calibrate.COMPARE[">="] is operator.ge


def test_a_missed_goal_does_not_fail_check_but_a_missed_floor_does(monkeypatch, capsys) -> None:
    def fake(root, only=None):
        return [
            calibrate.CorpusResult(
                key="x",
                name="X",
                status="ok",
                figures={"tune.f1": 0.5, "check.f1": 0.5},
                floors={"check.f1": (">=", floor)},
                goals={"check.f1": (">=", 0.9)},
            )
        ]

    monkeypatch.setattr(calibrate, "skip_reason", lambda root: None)
    monkeypatch.setattr(calibrate, "seed_figures", lambda: None)
    floor = 0.4
    monkeypatch.setattr(calibrate, "run_all", fake)
    assert calibrate.main(["--check"]) == 0
    assert "goals not met yet (not a failure): x.check.f1" in capsys.readouterr().out
    floor = 0.6
    assert calibrate.main(["--check"]) == 1
    assert "floors missed: x.check.f1" in capsys.readouterr().out


def test_the_split_is_by_a_hash_of_the_id_and_stable() -> None:
    import hashlib

    from tools.calibration import split

    ids = [f"doc{i}" for i in range(400)]
    parts = [split.part_of(i) for i in ids]
    assert parts == [split.part_of(i) for i in reversed(ids)][::-1]  # order does not matter
    for i, p in zip(ids, parts, strict=True):
        assert (p == "check") == bool(hashlib.sha256(i.encode()).digest()[0] & 1)
    assert 150 < parts.count("check") < 250


def test_measure_gives_figures_per_part_and_intervals_from_resampled_counts() -> None:
    from tools.calibration import split

    docs = [(f"d{i}", {"hit": i % 3 == 0, "n": 1}) for i in range(300)]
    docs.append(("d0", {"hit": 0, "n": 1}))  # the same id again: one document, counts summed
    metrics = {"rate": lambda t: split.ratio(t["hit"], t["n"])}
    one = split.measure(docs, metrics)
    assert one == split.measure(list(reversed(docs)), metrics)  # fixed seed, sorted ids
    for part in split.PARTS:
        ids = {d for d, _ in docs if split.part_of(d) == part}
        hits = sum(c["hit"] for d, c in docs if d in ids)
        n = sum(c["n"] for d, c in docs if d in ids)
        assert one.figures[f"{part}.documents"] == len(ids)
        assert one.figures[f"{part}.n"] == n
        assert one.figures[f"{part}.rate"] == round(hits / n, 3)
        lo, hi = one.intervals[f"{part}.rate"]
        assert lo < one.figures[f"{part}.rate"] < hi and hi - lo < 0.3
    assert split.measure(docs, metrics, seed=1).intervals != one.intervals
    assert split.ratio(split.np.float64(1), split.np.float64(0)) != 0  # NaN, not 0 or inf


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
