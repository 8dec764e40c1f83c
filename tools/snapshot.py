"""Prove a refactor changed no output: fingerprint every analysis the helpers make.

    python -m tools.snapshot            # compare with tests/snapshots/analysis.json
    python -m tools.snapshot --write    # record the current outputs as the reference

Texts: the seed article (its whole ``helpers.analysis/1`` JSON, its sourcing ledger and its
highlight view are kept in full: the seed is ours) and every text of the calibration corpora
in ``../shared/data`` (or ``--data``/``$HELPERS_CALIBRATION_DATA``), each analysed on all
three layers with the structure its calibration uses.  Corpus texts are licensed for
measuring only, so the reference keeps a short SHA-256 of each output, never the text or its
spans; a difference names the corpus and the text's position in it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.calibrate import ENV_VAR, _ensure_importable, data_dir  # noqa: E402

_ensure_importable()

import helpers  # noqa: E402

SNAPSHOT = REPO_ROOT / "tests" / "snapshots" / "analysis.json"
SCHEMA = "helpers.snapshot/1"
_UID = re.compile(r"mlv\d+[0-9a-f]{6}")

Case = tuple[str, Any]  # (text, structure passed to analyze)


def output(text: str, structure: Any = None) -> dict[str, Any]:
    """Everything ``analyze`` hands on: the JSON shape plus the ledger rows."""
    result = helpers.analyze(text, structure)
    ledger = result.layers["sourcing"].ledger
    return {"analysis": result.to_dict(), "ledger": [row.to_dict() for row in ledger]}


def digest(value: Any) -> str:
    """A short, stable fingerprint of JSON-able data."""
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def seed_views(text: str) -> dict[str, str]:
    """The seed's highlight views, element ids made stable, as fingerprints."""
    analysis = helpers.analyze(text)
    views = {
        "highlight(analysis)": helpers.highlight(analysis).html(),
        "highlight(text)": helpers.highlight(text).html(),
        "highlight(sourcing)": helpers.highlight(analysis, layers="sourcing").html(),
        "terminal": helpers.views.render_terminal(analysis, width=100, color=False),
    }
    return {name: digest(_UID.sub("UID", html)) for name, html in views.items()}


# --- the corpora, read as their calibration reads them ---------------------------------------


def _files(folder: Path, pattern: str) -> Iterator[Case]:
    for path in sorted(folder.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as fh:
            yield fh.read(), None


def attribution(root: Path) -> Iterator[Case]:
    from tools.calibration.attribution import articles, read_text

    for txt, _ann in articles(root):
        yield read_text(txt), None


def comments(root: Path) -> Iterator[Case]:
    from helpers.document import split_blocks

    with (root / "val.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row.get("comment") or ""
            if text.strip():
                yield text, ["comment"] * len(split_blocks(text))


def hedges(root: Path) -> Iterator[Case]:
    from tools.calibration.hedges import read_sentences

    for row in read_sentences(root):
        yield row["text"], ["paragraph"]


def propaganda(root: Path) -> Iterator[Case]:
    yield from _files(root / "articles", "article*.txt")


def subjectivity(root: Path) -> Iterator[Case]:
    from tools.calibration.subjectivity import read_sentences

    for text, _subjective in read_sentences(root):
        yield text, ["paragraph"]


CORPORA: dict[str, tuple[str, Callable[[Path], Iterator[Case]]]] = {
    "attribution": ("attribution_polnear", attribution),
    "comments": ("comments_ucc", comments),
    "hedges": ("hedges_factbank", hedges),
    "propaganda": ("propaganda_ptc", propaganda),
    "subjectivity": ("subjectivity_newssd", subjectivity),
}


def corpus_digests(root: Path) -> dict[str, list[str]]:
    """Per corpus present under ``root``: one fingerprint per text, in corpus order."""
    out: dict[str, list[str]] = {}
    for name, (folder, cases) in CORPORA.items():
        if (root / folder).is_dir():
            out[name] = [
                digest(output(text, structure)) for text, structure in cases(root / folder)
            ]
    return out


def take(root: Path) -> dict[str, Any]:
    """The snapshot of today's outputs."""
    text = helpers.seed_path().read_text(encoding="utf-8")
    return {
        "schema": SCHEMA,
        "seed": output(text),
        "seed_views": seed_views(text),
        "corpora": corpus_digests(root),
    }


def differences(reference: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What differs, in words (empty when the outputs are identical)."""
    out: list[str] = []
    if reference.get("seed") != now["seed"]:
        out.append(
            "the seed's analysis or ledger differs: "
            + _first_path(reference.get("seed"), now["seed"])
        )
    for name, value in now["seed_views"].items():
        if reference.get("seed_views", {}).get(name) != value:
            out.append(f"the seed's view {name} differs")
    for name, digests in now["corpora"].items():
        ref = reference.get("corpora", {}).get(name)
        if ref is None:
            out.append(f"{name}: no reference (record one with --write)")
            continue
        if len(ref) != len(digests):
            out.append(f"{name}: {len(digests)} texts, the reference has {len(ref)}")
        changed = [i for i, (a, b) in enumerate(zip(ref, digests, strict=False)) if a != b]
        if changed:
            where = ", ".join(str(i) for i in changed[:10]) + (" …" if len(changed) > 10 else "")
            out.append(f"{name}: {len(changed)} of {len(digests)} outputs differ (texts {where})")
    return out


def _first_path(a: Any, b: Any, path: str = "") -> str:
    """Where two JSON values first differ, as a path like ``analysis.spans[3].label``."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_path(a.get(key), b.get(key), f"{path}.{key}" if path else key)
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_path(x, y, f"{path}[{i}]")
        if len(a) != len(b):
            return f"{path}: {len(a)} items became {len(b)}"
    before, after = (json.dumps(v, ensure_ascii=False)[:120] for v in (a, b))
    return f"{path}: {before} became {after}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.snapshot", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", help=f"folder with the corpora (default: ${ENV_VAR} or ../shared/data)"
    )
    parser.add_argument("--write", action="store_true", help="record the outputs as the reference")
    args = parser.parse_args(argv)
    now = take(data_dir(args.data))
    counts = ", ".join(f"{k} {len(v)}" for k, v in now["corpora"].items()) or "no corpora found"
    if args.write:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(REPO_ROOT)}: the seed and {counts}")
        return 0
    reference = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    problems = differences(reference, now)
    for line in problems:
        print(line)
    if not problems:
        print(
            f"identical: the seed (analysis, ledger, {len(now['seed_views'])} views) and {counts}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
