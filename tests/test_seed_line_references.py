"""Every "line N" in the quiz banks and lesson texts points at the part that holds its quote.

The lessons' rule (lesson 01, "Lines and paragraphs"): every part of the article counts as a
line, from the headline (line 1) and the dek (line 2) down to the last comment (line 29), so
"line N" is part N of the seed.  The check is mechanical: in each sentence that names lines, a
quoted phrase that occurs in the article must occur in one of the parts named (a quote that is
not in the article, like "hinting" for "hinted", is a paraphrase and is not checked).  A quiz
item that gives a ``quote`` and names a line in its feedback is checked the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import helpers

ROOT = Path(__file__).resolve().parents[1]
BANKS = sorted((ROOT / "notebooks" / "quizzes").glob("*.yaml"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))

# "line 8", "lines 4 and 9", "lines 3–6", "Lines 5, 10 and 11", "lines 9 to 14"
_LINES = r"[Ll]ines?\s+(?P<n>\d+(?:\s*(?:,|and|to|–|-|&)\s*\d+)*)"
_REF = re.compile(r"\b" + _LINES)
_NUM_RANGE = re.compile(r"(\d+)\s*(?:to|–|-)\s*(\d+)|(\d+)")
_Q = r"[\"“](?P<q>[^\"“”]{2,200})[\"”]"
# Tight pairs only: a quote right before "(line N)", or "line N starts/says … "quote"".
# Looser sentences ("A guess in line 16 is renamed "this scenario"") name a line without
# quoting it; they are read by people, not checked here.
_QUOTE_THEN_LINE = re.compile(_Q + r"\W{0,3}\s*(?:…\s*)?\(" + _LINES + r"\b")
_LINE_THEN_QUOTE = re.compile(
    r"\b"
    + _LINES
    + r"(?:\s*\(paragraphs? \d+\))?"
    + r"(?:\s+(?:starts|begins|says|reads|makes)\b[^\"“\n]{0,30})?"
    + r"\s*:?\s*"
    + _Q
)


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("*", "")
    return " ".join(s.split()).lower()


def line_numbers(ref: str) -> set[int]:
    out: set[int] = set()
    for m in _NUM_RANGE.finditer(ref):
        if m.group(3):
            out.add(int(m.group(3)))
        else:
            out.update(range(int(m.group(1)), int(m.group(2)) + 1))
    return out


def quoted_pieces(quote: str) -> list[str]:
    """A quoted phrase split at ellipses ("According to a New York ... article")."""
    out = []
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", quote):
        piece = piece.strip(" ,.;:")
        if len(piece) >= 4:
            out.append(piece)
    return out


def references(text: str) -> Iterator[tuple[set[int], list[str], str]]:
    """(lines named, quoted pieces, the matched words) for each tight line–quote pair."""
    flat = " ".join(text.replace("*", "").split())
    for pattern in (_QUOTE_THEN_LINE, _LINE_THEN_QUOTE):
        for m in pattern.finditer(flat):
            yield line_numbers(m.group("n")), quoted_pieces(m.group("q")), m.group(0)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _quote_items(node: Any) -> Iterator[tuple[set[int], str, str]]:
    """Quiz items with a ``quote`` whose own text (feedback) names lines."""
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str):
            said = " ".join(s for k, v in node.items() if k != "quote" for s in _strings(v))
            lines = set().union(*(line_numbers(m.group(1)) for m in _REF.finditer(said)))
            if lines:
                yield lines, node["quote"], said
        for v in node.values():
            yield from _quote_items(v)
    elif isinstance(node, list):
        for v in node:
            yield from _quote_items(v)


def _lesson_texts() -> Iterator[tuple[str, str]]:
    for bank in BANKS:
        data = yaml.safe_load(bank.read_text(encoding="utf-8"))
        for s in _strings(data):
            yield bank.name, s
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{nb.name} cell {n}", "".join(cell["source"])


@pytest.fixture(scope="module")
def parts() -> list[str]:
    return [_norm(seg.text) for seg in helpers.seed().segments]


def _where(parts: list[str], quote: str) -> list[int]:
    q = _norm(quote)
    return [n for n, text in enumerate(parts, 1) if q in text]


def test_the_lessons_rule_every_part_is_a_line(parts: list[str]) -> None:
    doc = helpers.seed()
    assert len(parts) == 29  # "down to the last comment (line 29)"
    assert doc.segments[0].role == "headline" and doc.segments[1].role == "dek"
    assert [s.number for s in doc.segments] == list(range(1, 30))
    rule = "".join("".join(c["source"]) for c in json.loads(NOTEBOOKS[1].read_text())["cells"])
    assert "headline\n(line 1)" in rule or "headline (line 1)" in rule


def test_line_numbers_parse() -> None:
    assert line_numbers("4 and 9") == {4, 9}
    assert line_numbers("3–6") == {3, 4, 5, 6}
    assert line_numbers("5, 10 and 11") == {5, 10, 11}
    assert line_numbers("9 to 14") == set(range(9, 15))
    refs = list(references('Line 17 starts "This interpretation…", line 18 "In fact, this…".'))
    assert [r[0] for r in refs] == [{17}, {18}]
    assert refs[0][1] == ["This interpretation"] and refs[1][1] == ["In fact, this"]
    assert [r[0] for r in references('the words "iron grip" (line 3)')] == [{3}]
    assert not list(references('A guess in line 16 is renamed "this scenario"'))


def misplaced(where: str, text: str, parts: list[str]) -> tuple[int, list[str]]:
    """(quotes checked, quotes that are not in the line named) for one text."""
    checked, wrong = 0, []
    for lines, quotes, _words in references(text):
        for quote in quotes:
            found = _where(parts, quote)
            if not found:
                continue  # a paraphrase, not a quotation of the article
            checked += 1
            if not set(found) & lines:
                wrong.append(f"{where}: {quote!r} is in line(s) {found}, not {sorted(lines)}")
    return checked, wrong


def test_a_wrong_line_number_is_caught(parts: list[str]) -> None:
    assert misplaced("x", 'Loaded words such as "iron grip" (line 3).', parts) == (1, [])
    n, wrong = misplaced("x", 'Loaded words such as "iron grip" (line 4).', parts)
    assert n == 1 and wrong == ["x: 'iron grip' is in line(s) [3], not [4]"]


def test_every_line_reference_quotes_words_of_that_line(parts: list[str]) -> None:
    checked, wrong = 0, []
    for where, text in _lesson_texts():
        n, bad = misplaced(where, text, parts)
        checked += n
        wrong += bad
    for bank in BANKS:
        data = yaml.safe_load(bank.read_text(encoding="utf-8"))
        for lines, quote, said in _quote_items(data):
            found = _where(parts, quote)
            assert found, f"{bank.name}: quote {quote!r} is not in the article"
            checked += 1
            if not set(found) & lines:
                wrong.append(f"{bank.name}: {quote!r} is in line(s) {found}; {said!r}")
    assert checked >= 20, checked  # the check really ran over the lessons' references
    assert not wrong, "\n".join(wrong)
