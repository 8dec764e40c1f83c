"""Answers survive a full disk and a kill in the middle of a repair (issue 13, items 8–9), on a
real tiny file system (a tmpfs, mounted as root; skipped with the reason otherwise) and with real
SIGKILLs."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.quiz import ResultsStore

SRC = Path(__file__).resolve().parents[1] / "src"


def rec(i: int) -> dict:
    return {
        "learner": "Ana",
        "bank": "02-sourcing",
        "question": f"q-{i}",
        "type": "reflection",
        "answer": "x" * 400,
        "score": 1,
        "points": 1,
        "correct": True,
    }


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "tiny"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a 256 KB tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_loses_no_answer_and_leaves_no_half_line(tiny_disk: Path, tmp_path: Path):
    fallback = tmp_path / "fallback"
    store = ResultsStore(tiny_disk / "results", fallbacks=[fallback])
    with pytest.warns(UserWarning) as caught:
        for i in range(800):  # about 400 KB: the disk fills part-way
            store.append(rec(i))
    assert store.folder == fallback
    assert any("No space left on device" in str(w.message) for w in caught)
    assert not any("read-only?" in str(w.message) for w in caught)
    on_tiny = (tiny_disk / "results" / "Ana.jsonl").read_bytes()
    assert on_tiny.endswith(b"\n")
    assert all(json.loads(x) for x in on_tiny.splitlines())  # no half line
    again = ResultsStore(tiny_disk / "results", fallbacks=[fallback])
    assert {r["question"] for r in again.records("Ana")} == {f"q-{i}" for i in range(800)}


REPAIR = """
import sys
from helpers.quiz import ResultsStore
import warnings
warnings.simplefilter("ignore")
print("ready", flush=True)
print(len(ResultsStore(sys.argv[1], fallbacks=[]).records("Ana")), flush=True)
"""


def test_killing_a_repair_at_any_moment_loses_no_answer(tmp_path: Path):
    folder = tmp_path / "results"
    folder.mkdir()
    path = folder / "Ana.jsonl"
    good = b"".join(json.dumps({**rec(i), "learner": "Ana"}).encode() + b"\n" for i in range(3000))
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    rng = random.Random(13)
    lost = 0
    kills = 0
    inside = 0  # kills after the repair had begun writing

    def fresh() -> None:
        for old in folder.iterdir():
            old.unlink()
        path.write_bytes(good + b"{half a line\n" + good[:200])

    fresh()  # how long one whole read and repair takes, from the child's "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", REPAIR, str(folder)], env=env, stdout=subprocess.PIPE
    )
    child.stdout.readline()
    t0 = time.monotonic()
    child.communicate()
    took = time.monotonic() - t0
    for _ in range(30):
        fresh()
        child = subprocess.Popen(
            [sys.executable, "-c", REPAIR, str(folder)], env=env, stdout=subprocess.PIPE
        )
        assert child.stdout.readline().strip() == b"ready"  # imported: the repair starts now
        time.sleep(rng.uniform(0.0, 1.2 * took))  # anywhere in the read and the repair
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait()
        child.stdout.close()
        seen = ResultsStore(folder, read_only=True, fallbacks=[]).records("Ana")
        lost += 3000 - len({r["question"] for r in seen})
        assert path.is_file()
        inside += any(".corrupt-" in p.name or p.name.endswith(".tmp") for p in folder.iterdir())
    print(f"repairs killed: {kills} of 30 ({inside} after it began writing), lost: {lost}")
    assert lost == 0
    assert (
        kills >= 10 and inside >= 3
    )  # the test really killed repairs (not every child finished first)
    # a later repair finishes the job and leaves no temp file behind
    assert len({r["question"] for r in ResultsStore(folder).records("Ana")}) == 3000
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
