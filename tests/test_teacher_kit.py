"""The teacher kit (notebooks/teacher/*.md) says only what the article and the lessons say.

- Every double-quoted passage in a kit file, outside a blockquote (which holds cited outside
  wording) and outside code, is a quotation of the article and must be in the seed exactly; one
  followed by "(line N)" must be in line N.
- The generated article blocks (tools/paper_article.py) are current, and their "Line N" labels
  are ``Segment.number`` with the segment's exact text.
- The glossary names every lexicon label, every expert label, every research name the helper
  shows, and every technique name the lessons' tables use.
- The lesson plans add up, and each activity's minutes are the lesson's own stated minutes.
- The rubric has three levels, each with a sample answer, for every reflection in the banks.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

import helpers
from helpers.views import palette
from tools import paper_article

ROOT = Path(__file__).resolve().parents[1]
TEACHER = ROOT / "notebooks" / "teacher"
KIT = [
    TEACHER / name
    for name in (
        "lesson-plans.md",
        "worksheets.md",
        "rubric.md",
        "context-sheet.md",
        "glossary.md",
        "differentiation.md",
        "standards.md",
        "trace-key.md",
    )
]
LEXICONS = sorted((ROOT / "src" / "helpers" / "lexicons").glob("*.toml"))
BANKS = sorted((ROOT / "notebooks" / "quizzes").glob("*.yaml"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))

_QUOTE = re.compile(r"\"([^\"\n]{4,300})\"|“([^”\n]{4,300})”")
_LINE_AFTER = re.compile(r"^[\s,.;:!?]*\((?:in )?lines? (\d+)(?:\s*[–-]\s*(\d+))?\)")
_LABELLED = re.compile(r"^\*\*Line (\d+)\*\* \(([^)]+)\): (.*)$", re.M)


@pytest.fixture(scope="module")
def doc():
    return helpers.seed()


def _ws(s: str) -> str:
    return " ".join(s.split())


def _prose(text: str) -> list[str]:
    """A kit file's paragraphs with generated blocks, blockquotes, comments and code removed."""
    text = paper_article.BLOCK.sub("", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return [_ws(p) for p in re.split(r"\n\s*\n", "\n".join(kept)) if p.strip()]


def quotations(text: str) -> list[tuple[str, set[int]]]:
    """(quoted words, lines named right after them) for each double-quoted passage."""
    out = []
    for para in _prose(text):
        for m in _QUOTE.finditer(para):
            quote = (m.group(1) or m.group(2)).replace("*", "")
            after = _LINE_AFTER.match(para[m.end() :])
            lines: set[int] = set()
            if after:
                lo = int(after.group(1))
                lines = set(range(lo, int(after.group(2) or lo) + 1))
            out.append((quote, lines))
    return out


def misquoted(text: str, doc) -> tuple[int, list[str]]:
    parts = {s.number: _ws(s.text) for s in doc.segments}
    whole = _ws(doc.text)
    checked, wrong = 0, []
    for quote, lines in quotations(text):
        for piece in re.split(r"\s*(?:\.\.\.|…)\s*", quote):
            piece = _ws(piece.strip(" ,;:"))
            if len(piece) < 3:
                continue
            checked += 1
            if piece not in whole:
                wrong.append(f"{piece!r} is not in the article")
            elif lines and not any(piece in parts[n] for n in lines if n in parts):
                found = [n for n, t in parts.items() if piece in t]
                wrong.append(f"{piece!r} is in line(s) {found}, not {sorted(lines)}")
    return checked, wrong


def test_the_quote_check_catches_a_misquote_and_a_wrong_line(doc):
    assert misquoted('Loaded words: "iron grip" (line 3).', doc) == (1, [])
    assert misquoted('"iron grip" (line 4)', doc)[1] == ["'iron grip' is in line(s) [3], not [4]"]
    assert misquoted('"nothing else on its mind" (line 29)', doc)[1] == [
        "'nothing else on its mind' is not in the article"
    ]
    # curly quotes and ellipses are read too; blockquotes (cited outside wording) are not
    assert misquoted("“a special operation,” (line 6)", doc) == (1, [])
    assert misquoted('"According to a New York … article" (line 4)', doc) == (2, [])
    assert misquoted('> "Words of a standard"\n', doc) == (0, [])


@pytest.mark.parametrize("path", KIT, ids=[p.stem for p in KIT])
def test_every_quotation_in_the_kit_is_the_article_verbatim(path, doc):
    checked, wrong = misquoted(path.read_text(encoding="utf-8"), doc)
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)
    if path.stem in {"glossary", "worksheets", "rubric", "differentiation", "trace-key"}:
        assert checked >= 5, f"{path.name}: only {checked} quotations checked"


@pytest.mark.parametrize("path", KIT, ids=[p.stem for p in KIT])
def test_generated_article_blocks_are_current(path, doc):
    text = path.read_text(encoding="utf-8")
    assert paper_article.rewrite(text, doc) == text, (
        f"{path.name} is stale: run python -m tools.paper_article {path.relative_to(ROOT)}"
    )


def _block(path: Path, spec: str) -> str:
    for m in paper_article.BLOCK.finditer(path.read_text(encoding="utf-8")):
        if m.group("lines").strip() == spec:
            return m.group("body")
    raise AssertionError(f"{path.name} has no block lines={spec}")


def test_the_paper_fallback_is_the_whole_seed_numbered_as_the_package_numbers_it(doc):
    body = _block(TEACHER / "worksheets.md", "all")
    found = _LABELLED.findall(body)
    assert [int(n) for n, _r, _t in found] == [s.number for s in doc.segments]
    for (n, role, text), seg in zip(found, doc.segments, strict=True):
        assert paper_article.unescape(text) == seg.text, f"line {n}"
        assert role == paper_article.role_words(doc, seg)
    assert [r for _n, r, _t in found][:3] == ["headline", "dek", "paragraph 1"]
    assert found[-1][1] == "reader comment 2"


def test_the_abridgement_keeps_original_line_numbers_and_whole_lines(doc):
    body = _block(TEACHER / "differentiation.md", paper_article.ABRIDGED)
    found = _LABELLED.findall(body)
    numbers = [int(n) for n, _r, _t in found]
    assert numbers == paper_article.parse_lines(paper_article.ABRIDGED, len(doc.segments))
    assert 10 <= len(numbers) < len(doc.segments)  # shorter, but still the article's arc
    assert {1, 4, 10, 11, 16, 18, 28, 29} <= set(numbers)  # what the lessons turn on
    for n, _role, text in found:
        assert paper_article.unescape(text) == doc.segments[int(n) - 1].text
    assert "abridge" in (TEACHER / "differentiation.md").read_text(encoding="utf-8").lower()


def test_parse_lines_rejects_a_line_the_article_does_not_have():
    assert paper_article.parse_lines("1-3,8", 29) == [1, 2, 3, 8]
    with pytest.raises(ValueError, match="outside lines 1–29"):
        paper_article.parse_lines("28-30", 29)


# --- the glossary ----------------------------------------------------------------------------


def _glossary() -> str:
    return _ws((TEACHER / "glossary.md").read_text(encoding="utf-8")).lower()


def _lexicon_labels() -> set[str]:
    labels: set[str] = set()
    for path in LEXICONS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        labels.update(e["label"] for e in data.get("entry", []))
        labels.update(data.get("labels", {}))
    return labels


def test_glossary_names_every_lexicon_and_expert_label():
    expert = json.loads((ROOT / "seeds" / "belarus-thaw" / "annotations.json").read_text())
    labels = _lexicon_labels() | {s["label"] for s in expert["spans"]}
    assert len(labels) >= 30
    glossary = _glossary()
    missing = []
    for label in sorted(labels):
        if label.startswith("frame:"):
            name = label.split(":", 1)[1].replace("_", " ") + " frame"
        else:
            name = palette.label_name(label)
        if f"**{name.lower()}**" not in glossary:  # an entry of its own, not just a tag
            missing.append(f"{label} ({name})")
    assert not missing, missing


def test_glossary_names_every_research_name_the_helper_shows():
    data = tomllib.loads((ROOT / "src/helpers/lexicons/rhetoric.toml").read_text())
    names = {v for lab in data["labels"].values() for v in lab.get("taxonomy", {}).values()}
    assert len(names) >= 25
    missing = sorted(n for n in names if f"`{n.lower()}`" not in _glossary())
    assert not missing, missing


def _lesson_table_terms() -> set[str]:
    """Technique names in the lessons' own tables: lesson 03's kinds of words, lesson 02's
    source types (first column, bold) and lesson 04's plain names (second column)."""
    terms: set[str] = set()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            rows = [r for r in cell.source.splitlines() if r.startswith("|")]
            if not rows:
                continue
            header = [c.strip().lower() for c in rows[0].strip("|").split("|")]
            for row in rows[2:]:
                cols = [c.strip() for c in row.strip("|").split("|")]
                if header[0] in {"kind", "type"}:
                    terms.update(re.findall(r"\*\*([^*]+)\*\*", cols[0]))
                elif len(header) > 1 and header[1] == "our plain name":
                    terms.update(t.strip() for t in cols[1].split(","))
    return {re.sub(r"\s*\([^)]*\)", "", t).strip().lower() for t in terms if t.strip()}


LESSON_TERMS = {
    "thought-terminating cliché",
    "hedge",
    "booster",
    "scare quotes",
    "presupposition",
    "vague source",
    "anonymous source",
    "attribution",
    "speculation",
    "premise",
    "euphemism",
    "loaded language",
    "rhetorical question",
    "headline",
    "dek",
    "subheading",
    "reader comment",
    "byline",
    "sourcing ledger",
    "stop",
    "investigate the source",
    "find better coverage",
    "trace claims",
    "prebunking",
    "discernment",
    "propaganda",
}


def test_glossary_names_every_technique_the_lessons_use():
    terms = _lesson_table_terms()
    assert {"hedge", "booster", "named person", "sweeping generalisation"} <= terms, terms
    glossary = _glossary()
    missing = sorted(t for t in terms | LESSON_TERMS if t not in glossary)
    assert not missing, missing


# --- lesson plans ------------------------------------------------------------------------------

_HEADING_MINUTES = re.compile(
    r"^## (Activity (\d+) · .+?|Check for understanding|Assessment(?:: a new article)?"
    r"|Practice quiz|Final reflection)"
    r" \((\d+) minutes?[,)]",
    re.M,
)
_PLAN = re.compile(r"^### (?P<title>.+?) \((?P<budget>\d+) minutes\)\s*$", re.M)
_FROM = re.compile(
    r"(\d\d) · (Activity \d+|Check for understanding|Assessment(?:: a new article)?"
    r"|Practice quiz|Final reflection)"
)


def lesson_minutes() -> dict[tuple[str, str], int]:
    """('02', 'Activity 3') -> 5: the minutes each lesson states in its own headings."""
    out = {}
    for path in NOTEBOOKS:
        number = path.name[:2]
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for m in _HEADING_MINUTES.finditer(cell.source):
                    what = f"Activity {m.group(2)}" if m.group(2) else m.group(1)
                    out[(number, what)] = int(m.group(3))
    return out


def plans() -> list[tuple[str, int, list[list[str]]]]:
    text = (TEACHER / "lesson-plans.md").read_text(encoding="utf-8")
    heads = list(_PLAN.finditer(text))
    out = []
    for i, h in enumerate(heads):
        body = text[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        rows = [
            [c.strip() for c in r.strip().strip("|").split("|")]
            for r in body.splitlines()
            if r.startswith("|") and not r.startswith("|--") and not r.startswith("| Start")
        ]
        out.append((h.group("title"), int(h.group("budget")), rows))
    return out


def test_every_lesson_has_a_50_minute_plan_and_there_is_a_90_minute_one():
    found = plans()
    titles = " ".join(t for t, b, _ in found if b == 50)
    for number in ("00", "01", "02", "03", "04", "05", "06"):
        assert f"lesson {number}" in titles.lower(), number
    assert any(b == 90 for _t, b, _r in found)


def test_lesson_plans_add_up_and_use_the_lessons_own_minutes():
    stated = lesson_minutes()
    assert stated[("02", "Activity 2")] == 8  # the parser reads the lessons' headings
    checked = 0
    for title, budget, rows in plans():
        clock = 0
        assert rows[-1][2].lower().startswith("total"), f"{title}: no total row"
        for start, minutes, what, source in rows[:-1]:
            assert start == f"{clock}", f"{title}: {what!r} starts at {start}, not {clock}"
            clock += int(minutes)
            for lesson, activity in _FROM.findall(source):
                assert int(minutes) == stated[(lesson, activity)], (
                    f"{title}: {what!r} takes {minutes} min; lesson {lesson} says "
                    f"{stated[(lesson, activity)]} for {activity}"
                )
                checked += 1
        assert clock == budget == int(rows[-1][1]), f"{title}: {clock} min in a {budget} plan"
        slack = [int(r[1]) for r in rows[:-1] if r[2].lower().startswith("slack")]
        assert slack and slack[0] >= 3, f"{title}: needs a slack row of at least 3 minutes"
    assert checked >= 30


def test_the_guides_old_90_minute_squeeze_is_computed_from_the_lessons():
    text = (TEACHER / "lesson-plans.md").read_text(encoding="utf-8")
    times = {}
    for path in NOTEBOOKS:
        m = re.search(r"\| \*\*Time\*\* \| (\d+)(?:–(\d+))? minutes", path.read_text())
        times[path.name[:2]] = (int(m.group(1)), int(m.group(2) or m.group(1)))
    lo = sum(times[n][0] for n in ("00", "01", "02", "03", "04"))
    hi = sum(times[n][1] for n in ("00", "01", "02", "03", "04"))
    assert f"{lo}–{hi} minutes" in text, (lo, hi)


# --- rubric ------------------------------------------------------------------------------------


def test_the_rubric_has_three_levels_with_samples_for_every_reflection():
    text = (TEACHER / "rubric.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.M)
    ids = [
        q["id"]
        for bank in BANKS
        for q in yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]
        if q.get("type") == "reflection"
    ]
    assert len(ids) >= 10
    for qid in ids:
        mine = [s for s in sections if f"`{qid}`" in s.splitlines()[0]]
        assert mine, f"no rubric section for {qid}"
        for level in ("Proficient", "Emerging", "Beginning"):
            row = re.search(rf"^\| \*\*{level}\*\* \| (.+?) \| (.+?) \|$", mine[0], re.M)
            assert row and len(row.group(2)) >= 15, f"{qid}: {level} has no sample answer"
    assert "does not grade" in text


# --- standards ---------------------------------------------------------------------------------


def test_standards_claim_multi_source_work_only_for_the_activities_that_do_it():
    """Issue 12 §5: no RI.11-12.7 / "what do other sources say" until lateral reading lands;
    now that lesson 02's *Trace it* (and 06's lateral move) exist, claim them naming those
    activities, and only the part they cover."""
    text = (TEACHER / "standards.md").read_text(encoding="utf-8")
    claimed, _sep, not_claimed = text.partition("## Not claimed")
    not_claimed = _ws(not_claimed)
    assert not_claimed, "standards.md needs its 'Not claimed' section"
    for phrase in ("RI.11-12.7", "different media or formats", "other sources say"):
        assert phrase.lower() in not_claimed.lower(), phrase
    paragraphs = [_ws(p) for p in re.split(r"\n\s*\n|\n(?=- )", claimed)]
    for phrase in ("RI.11-12.7", "What do other sources say?", "Find better coverage"):
        where = [p for p in paragraphs if phrase in p]
        assert where, f"{phrase} is not claimed"
        for p in where:
            assert "Trace it" in p, f"{phrase} is claimed without naming the activity: {p[:120]}"
    rite = next(p for p in paragraphs if "RI.11-12.7" in p)
    assert "in part" in rite and "different media or formats" in rite
    cells = nbformat.read(ROOT / "notebooks" / "02-who-says-so.ipynb", as_version=4).cells
    assert any(c.source.startswith("## Activity 7 · Trace it") for c in cells)
    assert "lesson 02 only *plans* a search" not in claimed
    for code in ("RI.8.6", "RI.8.8", "1.3 Knowledge Constructor", "DigComp 2.2"):
        assert code in claimed, code
    # every quoted standard names where its wording was checked
    for box in re.finditer(r"(?:^> .*\n)+", claimed, re.M):
        after = claimed[box.end() : box.end() + 600]
        assert "*Source:*" in after, box.group(0)[:60]
