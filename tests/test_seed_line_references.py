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
    for pack in sorted((ROOT / "seeds").glob("*/trace.json")):  # lesson 02's results pack
        for s in _strings(json.loads(pack.read_text(encoding="utf-8"))):
            yield f"{pack.parent.name}/trace.json", s
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


# --- quotations of the article are verbatim (issue 12: "nothing else on its mind") ------------

GUIDE = ROOT / "notebooks" / "teacher" / "guide.md"
SEED_README = ROOT / "seeds" / "belarus-thaw" / "README.md"
ANNOTATIONS = ROOT / "seeds" / "belarus-thaw" / "annotations.json"
# "…" or “…”, or '…' not inside a word ("it's" is no quotation)
_ANY_Q = re.compile(r"[\"“]([^\"“”\n]{2,400}?)[\"”]|(?<![\w'])'([^'\n]{3,200}?)'(?![\w])")


def _words(s: str) -> list[str]:
    s = s.replace("’", "'").replace("‘", "'").replace("*", "")
    s = re.sub(r"(?<!\w)'|'(?!\w)", " ", s)  # quote marks, not apostrophes
    return re.sub(r"[^\w\s'-]", " ", s).lower().split()


def _longest_shared_run(words: list[str], article: list[str]) -> int:
    import difflib

    sm = difflib.SequenceMatcher(None, words, article, autojunk=False)
    return sm.find_longest_match(0, len(words), 0, len(article)).size


def misquotes(text: str, article: list[str]) -> list[str]:
    """Quoted pieces that are meant as the article's words (most of them run on with it for
    three words or more) but are not its words: "nothing else on its mind" for "anything else
    on its mind", "could serve as neutral ground" for "could serve as a neutral ground"."""
    flat = f" {' '.join(article)} "
    out = []
    for m in _ANY_Q.finditer(" ".join(text.replace("*", "").split())):
        for piece in re.split(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*", m.group(1) or m.group(2)):
            words = _words(piece)
            if len(words) < 3 or f" {' '.join(words)} " in flat:
                continue
            run = _longest_shared_run(words, article)
            if run >= 3 and 2 * run > len(words):
                out.append(piece)
    return out


def _quoting_texts() -> Iterator[tuple[str, str]]:
    """Lessons, banks, the teacher guide, the seed's README and the expert reading's
    explanations (not its span texts, which are the article's by construction)."""
    yield from _lesson_texts()
    yield GUIDE.name, GUIDE.read_text(encoding="utf-8")
    yield SEED_README.name, SEED_README.read_text(encoding="utf-8")
    data = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    for key in ("spans", "passages"):
        for i, item in enumerate(data.get(key, [])):
            for field_name in ("explanation", "note", "reason", "judgement_reason"):
                if isinstance(item.get(field_name), str):
                    yield f"annotations.json {key}[{i}].{field_name}", item[field_name]


def test_a_misquote_is_caught() -> None:
    article = _words(helpers.seed().text)
    assert misquotes('A hidden plan ("nothing else on its mind")', article) == [
        "nothing else on its mind"
    ]
    assert misquotes("'Could serve as neutral ground' — a guess", article) == [
        "Could serve as neutral ground"
    ]
    assert (
        misquotes('"anything else on its mind than" and "could serve as a neutral ground"', article)
        == []
    )
    assert misquotes('"Anonymous and vague are the same."', article) == []  # not the article's


def test_every_quotation_of_the_article_is_its_own_words() -> None:
    from helpers.lesson import example_article

    seed_words = _words(helpers.seed().text)
    example = f" {' '.join(_words(example_article()))} "  # lesson 06 quotes its own example
    wrong = [
        f"{where}: {piece!r}"
        for where, text in _quoting_texts()
        for piece in misquotes(text, seed_words)
        if f" {' '.join(_words(piece))} " not in example
    ]
    assert not wrong, (
        "quoted as the article's words, but the article says otherwise:\n" + "\n".join(wrong)
    )


# --- the grey tags as a lesson quotes them are the tags the views show -----------------------

_PART_TAG = re.compile(r"Line (\d+) · ([a-z][a-z ()]*[a-z)])")


def test_quoted_part_tags_are_the_tags_of_those_lines() -> None:
    from helpers.article_view import part_label

    doc = helpers.seed()
    labels = {seg.number: part_label(seg) for seg in doc.segments}
    checked, wrong = 0, []
    for where, text in _quoting_texts():
        for m in _PART_TAG.finditer(" ".join(text.split())):
            checked += 1
            n = int(m.group(1))
            if labels.get(n) is None or not labels[n].startswith(m.group(0)):
                wrong.append(f"{where}: {m.group(0)!r}; line {n} is tagged {labels.get(n)!r}")
    assert checked >= 3, checked  # lessons 01, 02 and 05 show what a tag looks like
    assert not wrong, "\n".join(wrong)


# --- table rows that start with a line number quote that line --------------------------------


def table_rows(text: str) -> Iterator[tuple[set[int], str]]:
    """(lines, rest of the row) for rows of a Markdown table whose first column is headed
    "line", "lines" or "where" and starts with a number ("17", "line 4", "line 1, the headline")."""
    header_ok = False
    for raw in text.splitlines():
        row = raw.strip()
        if not row.startswith("|"):
            header_ok = False
            continue
        cells = [c.strip() for c in row.strip("|").split("|")]
        if re.fullmatch(r"[-: ]+", cells[0] or "-"):
            continue
        if not header_ok:
            header_ok = cells[0].lower() in ("line", "lines", "where")
            if header_ok:
                continue
        if header_ok:
            m = re.match(r"(?:[Ll]ines?\s+)?(\d+(?:\s*(?:,|and|to|–|-)\s*\d+)*)", cells[0])
            if m:
                yield line_numbers(m.group(1)), " | ".join(cells[1:])


def test_line_tables_quote_the_lines_they_name(parts: list[str]) -> None:
    checked, wrong = 0, []
    for where, text in _lesson_texts():
        for lines, rest in table_rows(text):
            for m in re.finditer(_Q, rest.replace("*", "")):
                for quote in quoted_pieces(m.group("q")):
                    found = _where(parts, quote)
                    if found:
                        checked += 1
                        if not set(found) & lines:
                            wrong.append(f"{where}: {quote!r} is in {found}, not {sorted(lines)}")
    assert checked >= 8, checked
    assert not wrong, "\n".join(wrong)


# --- "line N starts with …" is true of the line's first words --------------------------------

_STARTS = re.compile(
    r"\b[Ll]ines?\s+(?P<n>\d+(?:\s*(?:,|and)\s*\d+)*)\s+(?:both\s+)?(?:starts?|begins?)\s+with\s+"
    + _Q
)


def test_a_line_said_to_start_with_words_starts_with_them(parts: list[str]) -> None:
    checked, wrong = 0, []
    for where, text in _lesson_texts():
        for m in _STARTS.finditer(" ".join(text.replace("*", "").split())):
            start = _norm(quoted_pieces(m.group("q"))[0])
            for n in line_numbers(m.group("n")):
                checked += 1
                if not parts[n - 1].startswith(start):
                    wrong.append(f"{where}: line {n} starts {parts[n - 1][:30]!r}, not {start!r}")
    assert checked >= 2, checked
    assert not wrong, "\n".join(wrong)


def test_an_option_that_names_a_source_names_it_as_the_article_does() -> None:
    """q-mismatch's distractor "state television" is line 8's source; the article never says
    whose television it is, so the option must not add "Belarusian" (issue 12)."""
    from helpers.quiz import load_bank

    q = load_bank("02-sourcing").question("q-mismatch")
    article = _norm(helpers.seed().text)
    telly = [o for o in q.spec.options if "television" in o.text.lower()]
    assert telly, [o.text for o in q.spec.options]
    for option in telly:
        assert _norm(option.text.rstrip(".")) in article, option.text


# --- what the explanations say about the article's wording is so --------------------------------


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;:!?])\s+", " ".join(text.split()))


_NAMED = re.compile(r"(?<!not )(?<!never )(?<!un)\bnamed\b", re.I)


def test_a_source_without_a_name_is_never_called_named() -> None:
    """ "state television hinted" gives only the type of outlet: no explanation, lesson or
    bank may call it named (issue 12); likewise for every expert source with no proper name."""
    data = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    nameless = {
        s["source"]
        for s in data["spans"]
        if s["layer"] == "sourcing" and s.get("source") and not re.search(r"[A-Z]", s["source"])
    }
    assert "state television" in nameless
    wrong = [
        f"annotations.json: {s['text']!r}: {s['explanation']!r}"
        for s in data["spans"]
        if s.get("source") in nameless and _NAMED.search(s.get("explanation", ""))
    ]
    wrong += [
        f"{where}: {sentence!r}"
        for where, text in _quoting_texts()
        for sentence in _sentences(text)
        if "state television" in sentence.lower()
        and re.search(r"named (?:outlet|source)", sentence)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_article_is_said_to_call_belarus_what_it_calls_it() -> None:
    """Line 3 says "long regarded as a police state": the article reports a reputation, it does
    not itself call the country a police state."""
    assert "long regarded as a police state" in helpers.seed().segments[2].text
    wrong = [
        f"{where}: {sentence!r}"
        for where, text in _quoting_texts()
        for sentence in _sentences(text)
        if re.search(r"\bcalls (?:the country|Belarus|it) a police state", sentence, re.I)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_speculation_chain_is_told_as_it_grows() -> None:
    """Issue 12: the chain is not "the same guess renamed": each label points at a bigger
    guess added in the line before, and "this hypothesis" (line 20) is line 18's
    collaboration idea, not line 16's neutral ground."""
    from helpers.quiz import load_bank

    parts = [_norm(s.text) for s in helpers.seed().segments]
    assert "collaboration" in parts[17] and "collaboration" not in parts[15]
    q = load_bank("05-assessment").question("q-chain")
    right = next(o for o in q.spec.options if o.id in q.spec.correct_ids)
    assert "18" in right.text and "collaboration" in right.text.lower(), right.text
    assert "line 16, that Russia" not in right.text
    wrong = [
        f"{where}: {sentence!r}"
        for where, text in _quoting_texts()
        for sentence in _sentences(text)
        if re.search(r"same (?:unsourced )?guess (?:is )?renamed", sentence, re.I)
    ]
    assert not wrong, "\n".join(wrong)


def test_far_from_weakening_russia_is_set_against_line_13s_sources() -> None:
    """Issue 12: "No one in the article said it was [a move to weaken Russia]" is not so:
    line 13 reports "autonomy from Russian influence" as a U.S. aim and Krawczyk's "leverage"."""
    line_13 = helpers.seed().segments[12].text
    assert "autonomy from Russian influence" in line_13 and "leverage" in line_13
    data = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    span = next(s for s in data["spans"] if s["text"] == "Far from being a move to weaken Russia")
    assert (
        "line 13" in span["explanation"]
        and "autonomy from Russian influence" in span["explanation"]
    )
    wrong = [
        f"{where}: {sentence!r}"
        for where, text in _quoting_texts()
        for sentence in _sentences(text)
        if re.search(r"no one in the article said|claim nobody made", sentence, re.I)
    ]
    assert not wrong, "\n".join(wrong)


def test_watch_its_back_is_not_said_to_leave_out_who_is_feared() -> None:
    """Issue 12: "Any country that gets in bed with the US had better watch its back" says of
    whom to be afraid (the US); it is a fear appeal warning of betrayal, not a threat "without
    saying of what" or "of whom"."""
    assert "gets in bed with the US had better watch its back" in helpers.seed().segments[27].text
    wrong = [
        f"{where}: {sentence!r}"
        for where, text in _quoting_texts()
        for sentence in _sentences(text)
        if re.search(r"without saying (?:of )?what|but of what|vague threat", sentence, re.I)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_trace_packs_claims_quote_the_line_they_name(parts: list[str]) -> None:
    """Lesson 02's *Trace it*: each claim's quote is in the line the pack and the key name."""
    checked = 0
    for pack in sorted((ROOT / "seeds").glob("*/trace.json")):
        for claim in json.loads(pack.read_text(encoding="utf-8"))["claims"]:
            assert claim["line"] in _where(parts, claim["quote"]), claim["id"]
            checked += 1
    key = (ROOT / "notebooks" / "teacher" / "trace-key.md").read_text(encoding="utf-8")
    n, wrong = misplaced("trace-key.md", key, parts)
    assert checked == 3 and n >= 3 and not wrong, wrong
