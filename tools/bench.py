"""How fast is ``helpers.analyze``, next to a spaCy phrase matcher and a bare regex pass?

    python -m tools.bench [--data DIR] [--runs 3] [--profile]

Texts: the 186 articles of the PTC calibration split (``../shared/data/propaganda_ptc``), each
analysed on its own, warm, best of ``--runs`` passes.  Without the corpora, the seed article
repeated stands in (and the output says so).  Side by side, in the same run:

- ``helpers.analyze``: the three analyzers, document model included;
- lexicon scans only: every shipped lexicon's ``hits`` over each text, one token index per text
  shared by the lexicons as ``Document.tokens`` is in an analysis (the rule matching alone);
- document model + lexicon scans: ``Document.from_text`` and the same scans, everything an
  analysis does except the analyzers' rules; ``analyze`` minus this row is what the rules cost;
- spaCy ``blank("en")`` + ``PhraseMatcher(attr="LOWER")`` over every ``phrases`` entry of every
  shipped lexicon, tokenisation included (spaCy is a benchmark-only extra; without it that row
  is skipped with a message);
- one ``re.findall(r"\\w+")`` pass: the floor no word-level method can beat in Python.

Words are counted as ``\\w+`` runs, the same for every row.  Then the seed's analysis time
(warm, median of 50), the figure the lessons feel.  ``--profile`` adds one profiled pass of
``helpers.analyze`` and where its time goes (cProfile cumulative seconds per part).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.calibrate import ENV_VAR, data_dir  # noqa: E402

try:
    import helpers
except ImportError:  # a bare checkout: use the source tree
    sys.path.insert(0, str(REPO_ROOT / "src"))
    import helpers

from helpers import lexicon as lexmod  # noqa: E402
from helpers.document import Document, TokenIndex  # noqa: E402

WORD = re.compile(r"\w+")
SEED_REPEATS = 40
NO_RULES = "document model + lexicon scans"


def load_texts(root: Path) -> tuple[list[str], str]:
    """The PTC articles, or the seed repeated when the corpus is not there; plus a description."""
    folder = root / "propaganda_ptc" / "articles"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if files:
        return [f.read_text(encoding="utf-8") for f in files], f"{len(files)} PTC articles"
    text = helpers.seed_path().read_text(encoding="utf-8")
    return [text] * SEED_REPEATS, (
        f"the seed article x{SEED_REPEATS} (no PTC articles under {folder}; "
        f"pass --data or set {ENV_VAR})"
    )


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Best wall time of ``runs`` passes after one warm-up pass (caches, lazy imports, JIT-free)."""
    work()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return min(times)


def lexicons() -> list[lexmod.Lexicon]:
    try:
        return [lexmod.lexicon(name) for name in lexmod.shipped_lexicons()]
    except (FileNotFoundError, lexmod.LexiconError):
        return []


def lexicon_phrases(lexs: Sequence[lexmod.Lexicon]) -> list[str]:
    """Every ``phrases`` entry of every shipped lexicon (regex entries have no phrase form)."""
    return sorted({p for lex in lexs for e in lex.entries for p in e.phrases})


def spacy_matcher(phrases: Sequence[str]) -> tuple[Callable[[Sequence[str]], int] | None, str]:
    """A function running spaCy over the texts (tokenise + match), or None and why not."""
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        return None, "spaCy is not installed (pip install 'spacy>=3.7,<4')"
    if not phrases:
        return None, "no lexicon phrases to match"
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("LEXICON", [nlp.make_doc(p) for p in phrases])

    def run(texts: Sequence[str]) -> int:
        return sum(len(matcher(doc)) for doc in nlp.pipe(texts))

    return run, f"spaCy {spacy.__version__}, {len(phrases)} phrases"


# (label, file suffix, function): the parts of an analysis the profile reports
PARTS = (
    ("Document.from_text", "helpers/document/__init__.py", "from_text"),
    ("sourcing.analyze", "analyzers/sourcing/__init__.py", "analyze"),
    ("framing.analyze", "analyzers/framing.py", "analyze"),
    ("rhetoric.analyze", "analyzers/rhetoric.py", "analyze"),
)


def profile(texts: Sequence[str]) -> list[tuple[str, float]]:
    """Cumulative seconds of each part in one profiled pass (warm), and the lexicon engine's
    share of sourcing (its calls into ``helpers/lexicon``), which sourcing does not own."""
    for t in texts:
        helpers.analyze(t)
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        helpers.analyze(t)
    prof.disable()
    stats: dict[Any, Any] = getattr(pstats.Stats(prof), "stats")  # noqa: B009 (untyped)
    total = sum(
        v[3] for k, v in stats.items() if k[0].endswith("helpers/analysis.py") and k[2] == "analyze"
    )
    rows = [("helpers.analyze", total)]
    for label, suffix, name in PARTS:
        rows.append(
            (label, sum(v[3] for k, v in stats.items() if k[0].endswith(suffix) and k[2] == name))
        )
    engine = sum(
        cv[3]
        for k, v in stats.items()
        if "helpers/lexicon/" in k[0]
        for caller, cv in v[4].items()
        if "analyzers/sourcing" in caller[0] and "helpers/lexicon/" not in caller[0]
    )
    rows.append(("lexicon engine called by sourcing", engine))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", help=f"folder with the corpora (default: ${ENV_VAR} or ../shared/data)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="timed passes per method (best is kept)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile one pass: time per analysis part"
    )
    args = parser.parse_args(argv)

    texts, what = load_texts(data_dir(args.data))
    words = sum(len(WORD.findall(t)) for t in texts)
    chars = sum(len(t) for t in texts)
    print(f"Texts: {what}; {words:,} words, {chars:,} characters; best of {args.runs} warm runs")

    lexs = lexicons()
    rows: list[tuple[str, float | None, str]] = []

    def analyze_all() -> None:
        for t in texts:
            helpers.analyze(t)

    rows.append(("helpers.analyze (3 layers)", best_of(args.runs, analyze_all), ""))

    if lexs:

        def scan_all() -> None:
            for t in texts:
                index = TokenIndex(t)
                for lex in lexs:
                    lex.hits(t, index=index)

        rows.append((f"lexicon scans only ({len(lexs)} files)", best_of(args.runs, scan_all), ""))

        def model_and_scans() -> None:
            for t in texts:
                doc = Document.from_text(t)
                for lex in lexs:
                    lex.hits(t, index=doc.tokens)

        rows.append((NO_RULES, best_of(args.runs, model_and_scans), "no analyzer rules"))
    else:
        rows.append(("lexicon scans only", None, "no shipped lexicons yet"))

    run_spacy, note = spacy_matcher(lexicon_phrases(lexs))
    if run_spacy is None:
        rows.append(("spaCy blank('en') + PhraseMatcher", None, note))
    else:
        elapsed = best_of(args.runs, lambda: run_spacy(texts))
        rows.append(("spaCy blank('en') + PhraseMatcher", elapsed, note))

    floor = best_of(args.runs, lambda: [WORD.findall(t) for t in texts])
    rows.append((r"re.findall(r'\w+') (floor)", floor, ""))

    header = ("method", "words/s", "x floor time", "note")
    table = [header]
    for name, secs, note in rows:
        if secs is None:
            table.append((name, "skipped", "", note))
        else:
            table.append((name, f"{words / secs:,.0f}", f"{secs / floor:.1f}", note))
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for i, r in enumerate(table):
        print(f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))

    timed = {name: secs for name, secs, _note in rows if secs is not None}
    spacy_secs = timed.get("spaCy blank('en') + PhraseMatcher")
    if spacy_secs is not None:
        ratio = spacy_secs / timed["helpers.analyze (3 layers)"]
        print(f"helpers.analyze runs at {ratio:.2f}x spaCy's words/s (above 1: faster)")
        no_rules = timed.get(NO_RULES)
        if no_rules is not None:
            rules = timed["helpers.analyze (3 layers)"] - no_rules
            print(
                f"The analyzers' rules alone (analyze minus the row without rules): {rules:.3f} s, "
                f"{rules / spacy_secs:.2f}x spaCy's whole time"
            )

    seed_text = helpers.seed_path().read_text(encoding="utf-8")
    structure = helpers.seed_path().with_name("structure.json")
    helpers.analyze(seed_text, structure)
    samples = []
    for _ in range(50):
        t0 = time.perf_counter()
        helpers.analyze(seed_text, structure)
        samples.append(time.perf_counter() - t0)
    seed_words = len(WORD.findall(seed_text))
    print(
        f"Seed analysis ({seed_words:,} words, from text with structure.json): "
        f"{statistics.median(samples) * 1000:.2f} ms (warm, median of 50)"
    )
    if args.profile:
        print("Profiled pass (cProfile cumulative seconds, profiler overhead included):")
        for label, secs in profile(texts):
            print(f"  {label:<36} {secs:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
