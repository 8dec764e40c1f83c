"""Measure the analyzers on the calibration corpora and (optionally) write the figures to the docs.

    python -m tools.calibrate [--data DIR] [--only NAME ...] [--write-docs] [--check]

The corpora live outside the repository (``../shared/data`` next to it, or ``--data``, or
``$HELPERS_CALIBRATION_DATA``); they are read, never copied.  When they are absent the run says
so in one line and exits 0, so a checkout without them still passes.  Each corpus has a module
in ``tools/calibration`` (``NAME``, ``CITATION``, ``TARGETS``, ``evaluate(folder)``); this runner
owns which folder each module reads, prints one table, and with ``--check`` exits 1 when a
target is missed, so a regression in a lexicon shows up as a failed build, not a quiet drift.
``--write-docs`` rewrites the generated parts of ``docs/accuracy.md`` (between the
``figures`` and ``seed`` markers), leaving the hand-written text alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import operator
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from tools import lesson_figures

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ENV_VAR = "HELPERS_CALIBRATION_DATA"
DOCS = REPO_ROOT / "docs" / "accuracy.md"
SEED_ANNOTATIONS = REPO_ROOT / "seeds" / "belarus-thaw" / "annotations.json"

# corpus module (tools/calibration/<name>.py) -> its folder under the data dir, in table order.
# A module may override its folder with a FOLDER constant.
FOLDERS: dict[str, str] = {
    "attribution": "attribution_polnear/train",
    "hedges": "hedges_factbank",
    "propaganda": "propaganda_ptc",
    "comments": "comments_ucc",
    "subjectivity": "subjectivity_newssd",
}

FIGURES_START, FIGURES_END = "<!-- figures:start -->", "<!-- figures:end -->"
SEED_START, SEED_END = "<!-- seed:start -->", "<!-- seed:end -->"

COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


@dataclass
class CorpusResult:
    """One corpus module's run: its figures, targets and whether each target is met."""

    key: str
    name: str
    status: str  # "ok", "skipped" (folder or module missing), "error"
    message: str = ""
    folder: str = ""
    citation: str = ""
    note: str = ""
    figures: dict[str, float | int] = field(default_factory=dict)
    targets: dict[str, tuple[str, float]] = field(default_factory=dict)
    seconds: float = 0.0

    def target_met(self, metric: str) -> bool:
        """A target is met only when its figure was computed and passes the comparison."""
        op, threshold = self.targets[metric]
        value = self.figures.get(metric)
        if not isinstance(value, int | float):
            return False
        return COMPARE[op](float(value), float(threshold))

    @property
    def failed(self) -> list[str]:
        """Targets not met (an errored module fails all of them, or counts as one failure)."""
        if self.status == "skipped":
            return []
        if self.status == "error":
            return list(self.targets) or ["<error>"]
        return [m for m in self.targets if not self.target_met(m)]


# --- finding the data and the modules --------------------------------------------------------


def data_dir(arg: str | os.PathLike[str] | None = None) -> Path:
    """``--data``, else ``$HELPERS_CALIBRATION_DATA``, else ``../shared/data`` beside the repo."""
    if arg:
        return Path(arg)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_DATA


def skip_reason(root: Path) -> str | None:
    """Why calibration cannot run at all (None when at least one corpus folder is there)."""
    if not root.is_dir():
        return f"no data folder at {root}"
    if not any((root / folder).is_dir() for folder in FOLDERS.values()):
        return f"none of the corpus folders ({', '.join(sorted(set(FOLDERS.values())))}) in {root}"
    return None


def load_module(key: str) -> ModuleType | None:
    """The corpus module, or None when it has not been written yet (other import errors raise)."""
    modname = f"tools.calibration.{key}"
    try:
        return import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name == modname:
            return None
        raise


def run_corpus(key: str, root: Path) -> CorpusResult:
    """Import one corpus module and run its ``evaluate`` on its folder, timing it."""
    try:
        module = load_module(key)
    except Exception as exc:  # a broken module is a failure, reported, not a crash
        return CorpusResult(key, key, "error", f"cannot import: {type(exc).__name__}: {exc}")
    if module is None:
        return CorpusResult(key, key, "skipped", f"module tools/calibration/{key}.py not written")
    folder = getattr(module, "FOLDER", FOLDERS[key])
    result = CorpusResult(
        key=key,
        name=getattr(module, "NAME", key),
        status="ok",
        folder=folder,
        citation=getattr(module, "CITATION", ""),
        note=getattr(module, "NOTE", ""),
        targets=dict(getattr(module, "TARGETS", {})),
    )
    path = root / folder
    if not path.is_dir():
        result.status, result.message = "skipped", f"corpus folder {path} not found"
        return result
    started = time.perf_counter()
    try:
        figures = module.evaluate(path)
    except Exception as exc:
        result.status, result.message = "error", f"evaluate failed: {type(exc).__name__}: {exc}"
    else:
        result.figures = dict(figures)
    result.seconds = time.perf_counter() - started
    return result


def run_all(root: Path, only: Sequence[str] | None = None) -> list[CorpusResult]:
    """Every corpus module (or those in ``only``), in table order."""
    _ensure_importable()
    keys = [k for k in FOLDERS if not only or k in only]
    return [run_corpus(k, root) for k in keys]


def _ensure_importable() -> None:
    """Let ``tools.calibration`` and ``helpers`` import from a bare checkout (no install)."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        import helpers  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO_ROOT / "src"))


# --- the expert reading of the seed ----------------------------------------------------------


def seed_figures(annotations: Path = SEED_ANNOTATIONS) -> list[dict[str, Any]] | None:
    """Precision and recall per layer of the analyzers against the seed's expert reading.

    None when the expert reading is not there yet.  Overlap rule: any shared character, same
    layer (``helpers.match_spans`` defaults) — the same rule a student's highlights are scored by.
    """
    if not annotations.is_file():
        return None
    import helpers
    from helpers.annotations import load_reading
    from helpers.spans import LAYERS

    reading = load_reading(annotations)
    doc = helpers.load(annotations.with_name("article.txt"))
    analysis = helpers.analyze(doc)
    rows = []
    for layer in LAYERS:
        pred = analysis.layer(layer)
        ref = reading.detectable(layer)  # unattributed claims: taught, not yet detected
        m = helpers.match_spans(pred, ref)
        rows.append(
            {
                "layer": layer,
                "predicted": m.n_predicted,
                "expert": m.n_reference,
                "precision": round(m.precision, 3),
                "recall": round(m.recall, 3),
            }
        )
    return rows


# --- output ----------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def table_rows(results: Sequence[CorpusResult]) -> list[list[str]]:
    """Rows of corpus, metric, value, target, result, seconds (targets first, then the rest)."""
    rows: list[list[str]] = []
    for r in results:
        secs = f"{r.seconds:.1f}" if r.status != "skipped" else ""
        if r.status != "ok":
            rows.append([r.key, "—", r.status, "", r.message, secs])
            continue
        metrics = list(r.targets) + [m for m in r.figures if m not in r.targets]
        for i, metric in enumerate(metrics):
            target = ""
            verdict = ""
            if metric in r.targets:
                op, threshold = r.targets[metric]
                target = f"{op} {threshold:g}"
                verdict = "pass" if r.target_met(metric) else "FAIL"
            value = _fmt(r.figures[metric]) if metric in r.figures else "missing"
            first = i == 0
            rows.append(
                [r.key if first else "", metric, value, target, verdict, secs if first else ""]
            )
    return rows


HEADER = ["corpus", "metric", "value", "target", "result", "seconds"]


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table for the terminal."""
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def provenance() -> str:
    """Date, package version and git commit, so a figure can be traced to the code behind it."""
    import helpers

    parts = [f"Generated {dt.date.today().isoformat()}", f"helpers {helpers.__version__}"]
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        if commit:
            parts.append(f"commit {commit}{' + uncommitted changes' if dirty else ''}")
    except (OSError, subprocess.SubprocessError):
        pass
    return ", ".join(parts) + " by `python -m tools.calibrate --write-docs`."


def figures_markdown(results: Sequence[CorpusResult]) -> str:
    rows = []
    for r in results:
        if r.status != "ok":
            rows.append([r.name, "—", r.status, "", r.message.replace(str(REPO_ROOT) + "/", "")])
            continue
        for metric, (op, threshold) in r.targets.items():
            value = _fmt(r.figures[metric]) if metric in r.figures else "missing"
            verdict = "pass" if r.target_met(metric) else "**fail**"
            rows.append([r.name, f"`{metric}`", value, f"{op} {threshold:g}", verdict])
    parts = [
        provenance(),
        "",
        markdown_table(["corpus", "metric", "value", "target", "result"], rows),
    ]
    details = [r for r in results if r.status == "ok"]
    if details:
        parts += ["", "Every figure per corpus (counts are spans, sentences or comments):"]
        for r in details:
            note = f" — {r.note}" if r.note else ""
            figs = ", ".join(f"`{k}` {_fmt(v)}" for k, v in r.figures.items())
            parts += [
                "",
                f"<details><summary>{r.name} ({r.seconds:.1f} s){note}</summary>",
                "",
                figs + ".",
                "",
                "</details>",
            ]
    return "\n".join(parts)


def _precision(row: dict[str, Any]) -> str:
    """Precision of a seed row; a dash when the helper marked nothing (nothing to be right on)."""
    return _fmt(row["precision"]) if row["predicted"] else "—"


def seed_markdown(rows: list[dict[str, Any]] | None) -> str:
    if rows is None:
        return "_The expert reading (`seeds/belarus-thaw/annotations.json`) is not there yet._"
    header = ["layer", "helper spans", "expert spans", "precision", "recall"]
    body = [
        [r["layer"], str(r["predicted"]), str(r["expert"]), _precision(r), _fmt(r["recall"])]
        for r in rows
    ]
    return provenance() + "\n\n" + markdown_table(header, body)


def replace_between(text: str, start: str, end: str, body: str) -> str:
    """``text`` with everything between the two marker lines replaced by ``body``."""
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise ValueError(f"markers {start} … {end} not found (in that order)")
    return text[: i + len(start)] + "\n" + body.strip() + "\n" + text[j:]


def write_docs(results: Sequence[CorpusResult], seed: list[dict[str, Any]] | None) -> None:
    text = DOCS.read_text(encoding="utf-8")
    text = replace_between(text, FIGURES_START, FIGURES_END, figures_markdown(results))
    text = replace_between(text, SEED_START, SEED_END, seed_markdown(seed))
    DOCS.write_text(text, encoding="utf-8")
    if DOCS == lesson_figures.DOC:  # lesson 06 and its bank quote these figures in plain words
        lesson_figures.write()


# --- command line ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.calibrate", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", help=f"folder with the corpora (default: ${ENV_VAR} or {DEFAULT_DATA})"
    )
    parser.add_argument("--only", nargs="+", choices=list(FOLDERS), help="run only these corpora")
    parser.add_argument("--write-docs", action="store_true", help="update docs/accuracy.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when any target is missed")
    args = parser.parse_args(argv)
    if args.write_docs and args.only:
        parser.error("--write-docs needs every corpus; drop --only")

    root = data_dir(args.data)
    reason = skip_reason(root)
    if reason is not None:
        print(f"calibration skipped: {reason} (pass --data DIR or set {ENV_VAR})")
        return 0

    results = run_all(root, args.only)
    print(f"Calibration on {root}")
    print(format_table(table_rows(results)))
    for r in results:
        if r.note:
            print(f"  {r.key}: {r.note}")

    _ensure_importable()
    try:
        seed = seed_figures()
    except ValueError as exc:  # AnnotationError / SpanError: report, do not hide the table
        print(f"seed: cannot compare with the expert reading: {exc}")
        seed = None
    if seed is None:
        print(f"seed: {SEED_ANNOTATIONS.relative_to(REPO_ROOT)} not there yet; skipped")
    else:
        print("seed (helpers vs the expert reading, any shared character):")
        for row in seed:
            print(
                f"  {row['layer']:<9} helper {row['predicted']:>3}  expert {row['expert']:>3}  "
                f"precision {_precision(row):>5}  recall {row['recall']:.3f}"
            )

    if args.write_docs:
        write_docs(results, seed)
        print(f"wrote {DOCS.relative_to(REPO_ROOT)}")

    failed = [f"{r.key}.{m}" for r in results for m in r.failed]
    if failed:
        print(f"targets missed: {', '.join(failed)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
