"""Print the seed article for paper: every part as "Line N", numbered as the package numbers it.

    python -m tools.paper_article notebooks/teacher/*.md           # rewrite the marked blocks
    python -m tools.paper_article --check notebooks/teacher/*.md   # exit 1 if a block is stale

Why generated: the paper fallback, the worksheets' excerpts and the abridged article must carry
exactly the line numbers the lessons, quizzes and views use (``Segment.number``: 1-based over
non-blank parts, headline = line 1).  Typing them by hand is how numbers drift.  A block in a
Markdown file is written between two HTML comments that say which lines it holds::

    <!-- paper-article lines=all -->
    ... generated ...
    <!-- /paper-article -->

``lines=`` takes ``all`` or a list such as ``1-5,8,10``.  Everything outside the markers is left
alone, and the file is replaced atomically.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import helpers
from helpers.document import Document, Segment

BLOCK = re.compile(
    r"(?P<open><!-- paper-article lines=(?P<lines>[0-9,\-all ]+) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /paper-article -->)",
    re.S,
)
# The abridged article of differentiation.md: whole lines, original numbers (the headline and
# dek, the sourced reporting with the Post/Times mismatch, the turn to guessing, the guesses and
# the lines that point back at them, and both comments).
ABRIDGED = "1-5,8-11,13-14,16-18,20,28-29"
# Characters that Markdown could read as formatting; escaped so the printed text is the seed's.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>#|])")


def parse_lines(spec: str, last: int) -> list[int]:
    """'all' or '1-5,8,10' -> sorted line numbers; a number outside 1..last is an error."""
    spec = spec.strip()
    if spec == "all":
        return list(range(1, last + 1))
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition("-")
        first, second = int(lo), int(hi or lo)
        if not 1 <= first <= second <= last:
            raise ValueError(f"lines={spec!r}: {part!r} is outside lines 1–{last}")
        out.update(range(first, second + 1))
    return sorted(out)


def role_words(doc: Document, seg: Segment) -> str:
    """'headline', 'paragraph 8', 'reader comment 1': what the grey tag in the lessons says."""
    same = [s for s in doc.segments if s.role == seg.role]
    n = same.index(seg) + 1
    if seg.role == "paragraph":
        return f"paragraph {n}"
    if seg.role == "comment":
        return f"reader comment {n}"
    return seg.role


def escape(text: str) -> str:
    return _MD_ACTIVE.sub(r"\\\1", text)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def render(doc: Document, numbers: Sequence[int]) -> str:
    """The Markdown for the given lines: a bold "Line N (role)" label, then the exact text."""
    by_number = {s.number: s for s in doc.segments}
    out = []
    previous = 0
    for n in numbers:
        if previous and n != previous + 1:
            out.append("*[…]*\n")  # lines left out of an excerpt or the abridgement
        seg = by_number[n]
        out.append(f"**Line {n}** ({role_words(doc, seg)}): {escape(seg.text)}\n")
        previous = n
    return "\n".join(out)


def rewrite(text: str, doc: Document) -> str:
    last = len(doc.segments)

    def block(m: re.Match[str]) -> str:
        numbers = parse_lines(m.group("lines"), last)
        return m.group("open") + "\n" + render(doc, numbers) + "\n" + m.group("close")

    return BLOCK.sub(block, text)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--check", action="store_true", help="report stale blocks, change nothing")
    args = p.parse_args(argv)
    doc = helpers.seed()
    stale = []
    for path in args.files:
        old = path.read_text(encoding="utf-8")
        new = rewrite(old, doc)
        if new != old:
            stale.append(path)
            if not args.check:
                _write_atomic(path, new)
    for path in stale:
        print(f"{'stale' if args.check else 'rewrote'}: {path}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
