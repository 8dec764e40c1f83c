"""Outputs are frozen: the seed's analysis, ledger and views, and every corpus text's analysis,
match ``tests/snapshots/analysis.json`` (``python -m tools.snapshot --write`` after a change
of output that is meant; a refactor must leave it alone)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools import calibrate, snapshot  # noqa: E402

REFERENCE = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))
SEED_TEXT = snapshot.helpers.seed_path().read_text(encoding="utf-8")


def test_the_seed_analysis_and_ledger_are_unchanged() -> None:
    now = snapshot.output(SEED_TEXT)
    assert now == REFERENCE["seed"], snapshot._first_path(REFERENCE["seed"], now)


def test_the_seed_views_are_unchanged() -> None:
    assert snapshot.seed_views(SEED_TEXT) == REFERENCE["seed_views"]


def test_the_reference_covers_every_corpus_and_keeps_no_corpus_text() -> None:
    assert set(REFERENCE["corpora"]) == set(snapshot.CORPORA)
    for name, digests in REFERENCE["corpora"].items():
        assert len(digests) > 100, name
        assert all(len(d) == 16 and int(d, 16) >= 0 for d in digests), name


def test_a_changed_output_is_reported_with_its_place() -> None:
    changed = json.loads(json.dumps(REFERENCE))
    changed["seed"]["analysis"]["spans"][3]["label"] = "other"
    changed["corpora"]["hedges"][7] = "0" * 16
    problems = snapshot.differences(REFERENCE, changed)
    assert any("analysis.spans[3].label" in p for p in problems), problems
    assert "hedges: 1 of" in " ".join(problems) and "(texts 7)" in " ".join(problems)


@pytest.mark.slow
def test_every_corpus_output_is_unchanged() -> None:
    root = calibrate.data_dir()
    reason = calibrate.skip_reason(root)
    if reason is not None:
        pytest.skip(f"calibration data absent: {reason} (set {calibrate.ENV_VAR})")
    now = snapshot.corpus_digests(root)
    problems = snapshot.differences(
        REFERENCE, {"seed": REFERENCE["seed"], "seed_views": {}, "corpora": now}
    )
    assert not problems, problems
