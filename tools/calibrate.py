"""Measure the analyzers on the calibration corpora and (optionally) write the figures to the docs.

    python -m tools.calibrate [--data DIR] [--only NAME ...] [--write-docs] [--check]

The corpora live outside the repository (``../shared/data`` next to it, or ``--data``, or
``$HELPERS_CALIBRATION_DATA``); they are read, never copied.  When they are absent the run says
so in one line and exits 0, so a checkout without them still passes.  Each corpus has a module
in ``tools/calibration`` (``NAME``, ``CITATION``, ``FLOORS``, ``GOALS``, ``evaluate(folder)``
returning a :class:`tools.calibration.split.Measured`: figures per tune/check part with bootstrap
intervals); this runner owns which folder each module reads and prints one table.  With
``--check`` it exits 1 when a floor (a regression guard on the check part) is missed, so a
regression in a lexicon shows up as a failed build, not a quiet drift; goals (what the project
aims at) are reported as met or not met and never fail the build.
``--write-docs`` rewrites the generated parts of ``docs/accuracy.md`` (between the
``figures`` and ``seed`` markers), leaving the hand-written text alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
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
    "unsourced": "attribution_polnear/train",
}

FIGURES_START, FIGURES_END = "<!-- figures:start -->", "<!-- figures:end -->"
SEED_START, SEED_END = "<!-- seed:start -->", "<!-- seed:end -->"

COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


Rule = tuple[str, float]  # (comparison, threshold), e.g. (">=", 0.6)


@dataclass
class CorpusResult:
    """One corpus module's run: its figures per part, their intervals, floors and goals.

    ``floors`` are regression guards (a missed floor fails ``--check`` and the tests); ``goals``
    are what the project aims at, reported as met or not, never failing the build.  Both name
    figures of the check part (``check.<metric>``).
    """

    key: str
    name: str
    status: str  # "ok", "skipped" (folder or module missing), "error"
    message: str = ""
    folder: str = ""
    citation: str = ""
    note: str = ""
    unit: str = "document"
    figures: dict[str, float | int] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    floors: dict[str, Rule] = field(default_factory=dict)
    goals: dict[str, Rule] = field(default_factory=dict)
    seconds: float = 0.0

    def meets(self, metric: str, rule: Rule) -> bool:
        """True only when the figure was computed and passes the comparison (NaN never does)."""
        op, threshold = rule
        value = self.figures.get(metric)
        if not isinstance(value, int | float):
            return False
        return COMPARE[op](float(value), float(threshold))

    def floor_met(self, metric: str) -> bool:
        return self.meets(metric, self.floors[metric])

    def goal_met(self, metric: str) -> bool:
        return self.meets(metric, self.goals[metric])

    @property
    def failed(self) -> list[str]:
        """Floors not met (an errored module fails all of them, or counts as one failure)."""
        if self.status == "skipped":
            return []
        if self.status == "error":
            return list(self.floors) or ["<error>"]
        return [m for m in self.floors if not self.floor_met(m)]

    @property
    def goals_missed(self) -> list[str]:
        """Goals not (yet) met: reported, not a failure."""
        if self.status != "ok":
            return []
        return [m for m in self.goals if not self.goal_met(m)]

    def metric_names(self) -> list[str]:
        """Figure names without their part, floors and goals first, then in figure order."""
        names = [m.split(".", 1)[1] for m in [*self.floors, *self.goals]]
        names += [k.split(".", 1)[1] for k in self.figures if "." in k]
        return list(dict.fromkeys(names))


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
        unit=getattr(module, "UNIT", "document"),
        floors=dict(getattr(module, "FLOORS", {})),
        goals=dict(getattr(module, "GOALS", {})),
    )
    path = root / folder
    if not path.is_dir():
        result.status, result.message = "skipped", f"corpus folder {path} not found"
        return result
    started = time.perf_counter()
    try:
        measured = module.evaluate(path)
    except Exception as exc:
        result.status, result.message = "error", f"evaluate failed: {type(exc).__name__}: {exc}"
    else:
        result.figures = dict(measured.figures)
        result.intervals = dict(measured.intervals)
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
    claims = "unattributed_claim"
    parts: list[tuple[str, str, Any]] = [(layer, layer, lambda s: True) for layer in LAYERS]
    # sourcing once more in two halves, so that the unsourced-claim detector (added in issue
    # 15) is seen apart from the attributions it came on top of
    parts[1:1] = [
        ("sourcing · attributions", "sourcing", lambda s: s.label != claims),
        ("sourcing · unsourced claims", "sourcing", lambda s: s.label == claims),
    ]
    for name, layer, keep in parts:
        pred = [s for s in analysis.layer(layer) if keep(s)]
        ref = [s for s in reading.detectable(layer) if keep(s)]
        m = helpers.match_spans(pred, ref)
        rows.append(
            {
                "layer": name,
                "predicted": m.n_predicted,
                "expert": m.n_reference,
                "precision": round(m.precision, 3),
                "recall": round(m.recall, 3),
            }
        )
    return rows


# --- output ----------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "—"  # undefined (e.g. the precision of a label that marked nothing in this part)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


TERMINAL_INTERVAL, DOCS_INTERVAL = " [{lo:.3f}, {hi:.3f}]", " ({lo:.3f}–{hi:.3f})"


def figure_cell(r: CorpusResult, key: str, interval: str = TERMINAL_INTERVAL) -> str:
    """A figure with its 95 % interval when it has one: ``0.612 [0.594, 0.630]`` in the
    terminal, ``0.612 (0.594–0.630)`` in the docs (``interval=DOCS_INTERVAL``)."""
    if key not in r.figures:
        return "missing"
    value = _fmt(r.figures[key])
    if key in r.intervals:
        lo, hi = r.intervals[key]
        value += interval.format(lo=lo, hi=hi)
    return value


def rule_cell(
    r: CorpusResult, metric: str, rules: dict[str, Rule], words: tuple[str, str], sep: str = ""
) -> str:
    """``>= 0.6 pass`` (or the other word of ``words``; ``sep=":"`` for the docs); empty when
    the metric has no rule."""
    if metric not in rules:
        return ""
    op, threshold = rules[metric]
    return f"{op} {threshold:g}{sep} {words[0] if r.meets(metric, rules[metric]) else words[1]}"


FLOOR_WORDS, GOAL_WORDS = ("pass", "FAIL"), ("met", "not met")


def table_rows(results: Sequence[CorpusResult]) -> list[list[str]]:
    """Rows of corpus, metric, tune, check, floor, goal, seconds (ruled metrics first)."""
    rows: list[list[str]] = []
    for r in results:
        secs = f"{r.seconds:.1f}" if r.status != "skipped" else ""
        if r.status != "ok":
            rows.append([r.key, "—", r.status, r.message, "", "", secs])
            continue
        for i, name in enumerate(r.metric_names()):
            check = f"check.{name}"
            rows.append(
                [
                    r.key if i == 0 else "",
                    name,
                    figure_cell(r, f"tune.{name}"),
                    figure_cell(r, check),
                    rule_cell(r, check, r.floors, FLOOR_WORDS),
                    rule_cell(r, check, r.goals, GOAL_WORDS),
                    secs if i == 0 else "",
                ]
            )
    return rows


HEADER = ["corpus", "metric", "tune [95% CI]", "check [95% CI]", "floor", "goal", "seconds"]


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


def method_markdown(results: Sequence[CorpusResult]) -> str:
    """The split and bootstrap rules in one paragraph, and the documents in each part."""
    from tools.calibration import split

    rows = [
        [
            r.name,
            r.unit,
            str(r.figures.get("tune.documents", "")),
            str(r.figures["check.documents"]),
        ]
        for r in results
        if r.status == "ok" and "check.documents" in r.figures
    ]
    text = (
        "**Method.** Each corpus is split by document (the unit below): a document is in the"
        " *check* part when the first byte of the SHA-256 of its id is odd, else in the *tune*"
        " part (`tools/calibration/split.py`; stable, independent of file order). Rules may be"
        " adjusted while looking at the tune part only; floors and goals are set on the check"
        f" part. Intervals are {split.LEVEL:.0%} percentile bootstrap intervals over the"
        f" documents of a part ({split.RESAMPLES} resamples with replacement, seed {split.SEED};"
        " per-document counts are computed once and resampled). A **floor** is a regression"
        " guard at a value today's rules pass: missing one fails `--check` and the tests. A"
        " **goal** is what the project aims at (issue 15); a goal not met is reported, not a"
        " failure."
    )
    return (
        text
        + "\n\n"
        + markdown_table(["corpus", "document unit", "tune documents", "check documents"], rows)
    )


def _details(r: CorpusResult) -> list[str]:
    note = f" — {r.note}" if r.note else ""
    parts = [f"<details><summary>{r.name} ({r.seconds:.1f} s){note}</summary>"]
    for part, label in (("check", "Check part"), ("tune", "Tune part")):
        keys = [k for k in r.figures if k.startswith(f"{part}.")]
        figs = ", ".join(f"`{k}` {figure_cell(r, k, DOCS_INTERVAL)}" for k in keys)
        parts += ["", f"{label}: {figs}."]
    return [*parts, "", "</details>"]


def figures_markdown(results: Sequence[CorpusResult]) -> str:
    rows = []
    for r in results:
        if r.status != "ok":
            message = r.message.replace(str(REPO_ROOT) + "/", "")
            rows.append([r.name, "—", r.status, "", "", message])
            continue
        for name in dict.fromkeys(m.split(".", 1)[1] for m in [*r.floors, *r.goals]):
            check = f"check.{name}"
            rows.append(
                [
                    r.name,
                    f"`{name}`",
                    figure_cell(r, f"tune.{name}", DOCS_INTERVAL),
                    figure_cell(r, check, DOCS_INTERVAL),
                    rule_cell(r, check, r.floors, ("pass", "**fail**"), ":"),
                    rule_cell(r, check, r.goals, GOAL_WORDS, ":"),
                ]
            )
    header = ["corpus", "metric", "tune (95 % CI)", "check (95 % CI)", "floor", "goal"]
    parts = [provenance(), "", markdown_table(header, rows), "", method_markdown(results)]
    details = [r for r in results if r.status == "ok"]
    if details:
        parts += ["", "Every figure per corpus and part (counts are spans, sentences or comments):"]
        for r in details:
            parts += ["", *_details(r)]
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
    parser.add_argument("--check", action="store_true", help="exit 1 when any floor is missed")
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

    missed = [f"{r.key}.{m}" for r in results for m in r.goals_missed]
    if missed:
        print(f"goals not met yet (not a failure): {', '.join(missed)}")
    failed = [f"{r.key}.{m}" for r in results for m in r.failed]
    if failed:
        print(f"floors missed: {', '.join(failed)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
