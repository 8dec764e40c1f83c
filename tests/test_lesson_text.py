"""What the lessons say about the helpers' views matches the views, and every "worth another
look" pointer of a quiz names an activity that exists, by number and title."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT, strings_in

import helpers
from helpers.quiz import load_bank

NOTEBOOKS = REPO_ROOT / "notebooks"
BANKS = sorted((NOTEBOOKS / "quizzes").glob("[0-9][0-9]-*.yaml"))
REFERENCE = re.compile(r"Lesson (\d\d), Activity (\d+) · ")
HEADING = re.compile(r"^## Activity (\d+) · (.+?)(?: \(\d+(?:–\d+)? minutes?\))?\s*$", re.M)


def _student_cells(number: str) -> list[str]:
    path = next(NOTEBOOKS.glob(f"{number}-*.ipynb"))
    return [
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "markdown"
        and not {"teacher", "solution"} & set(c.metadata.get("tags", []))
    ]


def _activities(number: str) -> dict[int, str]:
    return {int(n): title for text in _student_cells(number) for n, title in HEADING.findall(text)}


def _sentence_with(text: str, word: str) -> str:
    sentences = re.split(r"(?<=[.;])\s+", " ".join(text.split()))
    found = [s for s in sentences if re.search(rf"\b{word}\b", s, re.I)]
    assert found, f"no sentence about the {word}: {text[:300]}"
    return " ".join(found)


def test_lesson_05_chart_1_says_what_the_bars_and_the_line_show():
    from helpers.views.charts import sourcing_drift

    fig = sourcing_drift(helpers.analyze(helpers.seed()))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(lab.startswith("Attributions") for lab in labels), labels  # the bars
    assert any(lab.startswith("Hedges per 100 words") for lab in labels), labels  # the line
    text = next(t for t in _student_cells("05") if "Chart 1" in t)
    assert re.search(r"attributions", _sentence_with(text, "bars"), re.I)
    assert not re.search(r"hedges", _sentence_with(text, "bars"), re.I)
    assert re.search(r"hedges", _sentence_with(text, "line"), re.I)


def test_lesson_02_names_the_ledgers_columns_as_they_are():
    ledger = helpers.analyze(helpers.seed()).ledger()
    assert ledger.index.name == "line" and "segment" not in ledger.columns
    text = next(t for t in _student_cells("02") if "sourcing ledger" in t and "lists" in t)
    assert "*segment*" not in text and "counts from 0" not in text
    assert "*line*" in text


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_every_skill_points_to_a_real_activity(bank_path: Path):
    bank = load_bank(bank_path)
    tags = {q.tags[k] for q in bank.questions for k in ("skill", "sift") if k in q.tags}
    missing = sorted(tags - set(bank.review))
    assert missing == [], f"{bank_path.name}: skills with no review pointer: {missing}"
    for skill, pointer in bank.review.items():
        assert not re.search(r"\bpart \d", pointer, re.I), f"{skill}: {pointer!r} says 'part'"
        refs = list(REFERENCE.finditer(pointer))
        assert refs, f"{bank_path.name}: {skill}: {pointer!r} names no 'Lesson NN, Activity N · '"
        for ref in refs:
            lesson, number = ref.group(1), int(ref.group(2))
            activities = _activities(lesson)
            assert number in activities, f"{skill}: lesson {lesson} has no activity {number}"
            title = activities[number]
            assert pointer[ref.end() :].startswith(title), (
                f"{bank_path.name}: {skill}: {pointer!r} should name lesson {lesson}'s "
                f"activity {number} as “{title}”"
            )


# --- one numbering: "line N", as every article view shows it (issue 11) --------------------

GUIDE = NOTEBOOKS / "teacher" / "guide.md"


def _all_texts() -> list[tuple[str, str]]:
    """(where, text) for every markdown cell of every lesson (teacher notes too), every string
    of every quiz bank, and the teacher guide: all that tells a student or teacher where to look."""
    import yaml

    out = []
    for path in sorted(NOTEBOOKS.glob("0[0-9]-*.ipynb")):
        for n, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                out.append((f"{path.name} cell {n}", cell.source))
    for path in BANKS:
        for s in strings_in(yaml.safe_load(path.read_text(encoding="utf-8"))):
            out.append((path.name, s))
    out.append((GUIDE.name, GUIDE.read_text(encoding="utf-8")))
    return out


STALE = {
    r"\bparagraphs?\s+(?:\d|n\b)": "a paragraph number: views number lines (“Line 8 · paragraph”)",
    r"\b[PC]\d{1,2}\b": "a chart label like P1 or C1: the charts' axes show line numbers",
    r"\bcounts?\s+(?:only\s+)?paragraphs\b": "the grey tags number every part, not only paragraphs",
    r"\btagged\s+\*?Paragraph": "a tag that says “Paragraph N”: tags read “Line N · paragraph”",
}


def test_no_lesson_points_to_paragraph_numbers_or_chart_labels_the_views_do_not_show():
    found = [
        f"{where}: {m.group(0)!r} is {why}"
        for where, text in _all_texts()
        for pattern, why in STALE.items()
        for m in re.finditer(pattern, " ".join(text.split()), re.I)
    ]
    assert not found, "\n".join(found)


def _shown_tags() -> set[str]:
    """Every tag the seed's article views put on a mark, and the prefixes a lesson may name."""
    from helpers.annotations import expert_reading
    from helpers.views import palette as pal
    from helpers.views.compare import KIND_WORDS

    spans = [*helpers.analyze(helpers.seed()).spans, *expert_reading().spans]
    tags = {pal.span_kind_tag(s) for s in spans}
    kinds = {t.split("·", 1)[1] for t in tags}  # comparison tags: both·named person …
    tags |= {f"{short}·{k}" for _name, short, _words in KIND_WORDS.values() for k in kinds}
    prefixes = {f"{style.letter}·" for style in pal.LAYER_STYLES.values()}
    prefixes |= {f"{short}·" for _name, short, _words in KIND_WORDS.values()}
    return tags | prefixes


def test_tags_named_in_lessons_are_tags_the_views_show():
    """A lesson names a tag as it stands on a mark (`S·named person`, `F·hedge`) or names the
    start of a tag (`both·`); never `S·attribution` (sources are tagged by their type) or a
    cut-off `both·…` (the legend shows whole tags)."""
    shown = _shown_tags()
    wrong = [
        f"{where}: `{tag}`"
        for where, text in _all_texts()
        for tag in re.findall(r"`([^`\n]*·[^`\n]*)`", text)
        if tag not in shown
    ]
    assert not wrong, f"tags no view shows (shown: {sorted(shown)}):\n" + "\n".join(wrong)


def test_chart_text_names_the_axis_as_the_chart_labels_it():
    from helpers.views.charts import sourcing_drift

    analysis = helpers.analyze(helpers.seed())
    ticks = [t.get_text() for t in sourcing_drift(analysis).axes[0].get_xticklabels()]
    parts = [s for s in analysis.document.segments if s.role in ("paragraph", "comment")]
    assert ticks == [str(s.number) for s in parts]  # line numbers, as the views show them
    for number in ("02", "03"):
        text = " ".join(
            t for t in _student_cells(number) if "sourcing_drift" in t or "chart" in t.lower()
        )
        axis = _sentence_with(text, "axis")
        assert re.search(r"\bline numbers?\b", axis, re.I), axis


# --- counts the text gives are the counts there are (issue 12) ---------------------------------

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def test_run_the_n_cells_below_counts_the_code_cells_that_follow():
    checked = 0
    for path in sorted(NOTEBOOKS.glob("0[0-9]-*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        for n, cell in enumerate(cells):
            if cell.cell_type != "markdown":
                continue
            for m in re.finditer(r"\b[Rr]un the (\w+) cells below\b", cell.source):
                want = NUMBER_WORDS[m.group(1)]
                following = 0
                for nxt in cells[n + 1 :]:
                    if nxt.cell_type != "code":
                        break
                    following += 1
                checked += 1
                assert following == want, (
                    f"{path.name} cell {n} says {m.group(0)!r}; {following} code cells follow"
                )
    assert checked >= 1


def test_lesson_02_plan_counts_activity_1s_example_sentences():
    cells = nbformat.read(next(NOTEBOOKS.glob("02-*.ipynb")), as_version=4).cells
    plan = next(c.source for c in cells if "at a glance" in c.source)
    said = re.search(r"clue words in (\w+) example sentences", plan)
    assert said, plan
    activity = next(c.source for c in cells if c.source.startswith("## Activity 1 "))
    rows = [r for r in activity.splitlines() if r.startswith('| "')]
    assert NUMBER_WORDS[said.group(1)] == len(rows) == 3


def test_the_assessment_names_the_lessons_it_draws_on_as_its_pointers_do():
    bank = load_bank(NOTEBOOKS / "quizzes" / "05-assessment.yaml")
    pointed = sorted({int(m.group(1)) for p in bank.review.values() for m in REFERENCE.finditer(p)})
    span = f"lessons {pointed[0]:02d} to {pointed[-1]:02d}"
    assert span in bank.description, (span, bank.description)
    intro = next(t for t in _student_cells("05") if t.startswith("## Practice quiz"))
    assert span in intro, (span, intro)


def test_lesson_05_summary_says_which_reporting_lines_name_no_source():
    """Not "credited reporting … with one anonymous source": lines 3, 5 and 12 name no source,
    and line 8 has an unnamed outlet besides its anonymous sources (issue 12)."""
    analysis = helpers.analyze(helpers.seed())
    unsourced = {
        s.number
        for s in analysis.document.segments
        if s.role == "paragraph" and 3 <= s.number <= 13 and not analysis.segment_sourced[s.index]
    }
    summary = next(t for t in _student_cells("05") if t.startswith("## Summary"))
    flat = " ".join(summary.split())
    assert "with one anonymous source" not in flat
    said = re.search(r"lines ((?:\d+, )*\d+ and \d+) name no\s+source", flat)
    assert said, flat[:400]
    assert {int(n) for n in re.findall(r"\d+", said.group(1))} == unsourced == {3, 5, 12}
    assert "state television" in flat


def test_lesson_04_says_what_marking_a_whole_comment_scores():
    """Issue 12: the tip said marking the whole comment "does not help", yet it scores full
    marks; whatever the lesson says about it must agree with the scoring."""
    from helpers.quiz import score

    bank = load_bank(NOTEBOOKS / "quizzes" / "04-comments.yaml")
    whole = {}
    for q in bank.questions:
        if q.type == "highlight" and q.passage is not None:
            whole[q.id] = score(q, [[q.passage.start, q.passage.end]])
    assert whole
    text = " ".join(" ".join(_student_cells("04")).split())
    if any(o.score == o.points for o in whole.values()):
        assert not re.search(r"whole comment does not help", text, re.I)
        assert not re.search(r"whole comment[^.]*over-mark", text, re.I)
        assert re.search(r"whole comment would score well", text)


def test_the_guide_says_which_lessons_end_with_their_quiz():
    """Issue 12: "Every lesson ends with its quiz", but lesson 00 never runs its bank."""
    without = []
    for path in sorted(NOTEBOOKS.glob("0[0-9]-*.ipynb")):
        code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        if not any(re.fullmatch(r'helpers\.quiz\.run\("[^"]+"\)', s.strip()) for s in code):
            without.append(path.name[:2])
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    claim = re.search(r"Every lesson[^.]*ends with its quiz[^.]*\.", guide)
    assert claim, "the guide no longer says which lessons end with a quiz"
    assert without == ["00"], without
    for number in without:
        assert f"lesson {number} has none" in claim.group(0), claim.group(0)


_AGENTLESS_PASSIVE = re.compile(
    r"\b(?:has|have|had|is|are|was|were)\s+(?:been\s+)?\w+(?:ed|en)\b(?!\s+by\b)", re.I
)


def test_the_model_rewrite_names_who_says_so_and_credits_only_what_the_source_says():
    """Issue 12: the model rewrite said "has been criticised for repressing" (by whom? the
    vague source lesson 02 flags) and credited Viasna with a description it never gives;
    line 10 gives only Viasna's count."""
    q = load_bank(NOTEBOOKS / "quizzes" / "03-framing.yaml").question("q-rewrite")
    cells = nbformat.read(next(NOTEBOOKS.glob("03-*.ipynb")), as_version=4).cells
    note = next(c.source for c in cells if "**Model answer:**" in c.source)
    shown = re.search(r"\*\*Model answer:\*\* \"([^\"]+)\"", " ".join(note.split()))
    assert shown and shown.group(1) == " ".join(q.spec.model_answer.split())
    assert not _AGENTLESS_PASSIVE.search(q.spec.model_answer), q.spec.model_answer
    line_10 = helpers.seed().segments[9].text
    assert "Viasna" in q.spec.model_answer and "1,226" in q.spec.model_answer and "1,226" in line_10
    assert not re.search(r"describ|repressive", q.spec.model_answer + note.split("Avoid")[0])


def test_lesson_05_tells_teachers_the_software_does_not_grade_the_reflection():
    """Issue 12: the notes told teachers how to grade the reflection without saying that the
    software gives its point to any answer long enough."""
    bank = load_bank(NOTEBOOKS / "quizzes" / "05-assessment.yaml")
    reflections = [q for q in bank.questions if q.type == "reflection"]
    assert reflections
    cells = nbformat.read(next(NOTEBOOKS.glob("05-*.ipynb")), as_version=4).cells
    note = " ".join(next(c.source for c in cells if "Grading the reflection" in c.source).split())
    for q in reflections:
        assert f"does not grade question {q.number}" in note, note
        assert f"at least {q.spec.min_words} words" in note, note


# --- lateral reading is done, not only promised (issue 12 §4) -----------------------------------


def test_the_lessons_no_longer_promise_a_search_and_then_forbid_it():
    """01 said "Don't look anything up yet" and 02 "You don't need to search now. Plan it",
    while the lessons promise that finding out who is behind the article is part of them."""
    first = " ".join(" ".join(_student_cells("01")).split())
    second = " ".join(" ".join(_student_cells("02")).split())
    assert "Don't look anything up" not in first
    assert re.search(r"look things up in lesson 02 \(\*Trace it\*\)", first), first[:300]
    assert "You don't need to search now" not in second and "**Plan** it" not in second
    assert _activities("02")[7] == "Trace it"
    heading = next(t for t in _student_cells("02") if t.startswith("## Activity 7"))
    assert heading.startswith("## Activity 7 · Trace it (15 minutes)")
    for move in ("Investigate the source", "Find better coverage", "Trace claims"):
        assert move in heading, move
    assert "Without internet" in heading and "Click restraint" in heading


def test_lesson_06_makes_one_lateral_move_before_the_summary():
    cells = nbformat.read(next(NOTEBOOKS.glob("06-*.ipynb")), as_version=4).cells
    summary = next(i for i, c in enumerate(cells) if c.source.startswith("## Summary"))
    runs = [
        (i, m)
        for i, c in enumerate(cells)
        if c.cell_type == "code"
        for m in re.findall(r'only="(q-lateral-[\w-]+)"', c.source)
    ]
    assert runs and all(i < summary for i, _ in runs), runs
    bank = load_bank(NOTEBOOKS / "quizzes" / "06-your-article.yaml")
    q = bank.question(runs[0][1])
    assert q.type == "reflection" and q.spec.min_words >= 15
    told = " ".join(c.source for c in cells[: runs[0][0]] if c.cell_type == "markdown")
    assert "Without internet" in told and "required" in told.lower()


def test_lesson_04_gives_the_research_on_prebunking_with_its_critique():
    """Issue 12 §3: no uncritical "games work like a vaccine"; the reanalysis that found more
    scepticism of everything (not better judging) is cited as published."""
    nb = nbformat.read(NOTEBOOKS / "04-the-comment-section.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert 'work as a kind of "vaccine"' not in text
    assert "Modirrousta-Galian & Higham, 2023" in text
    assert "*Journal of Experimental Psychology: General*" in text
    assert "false alarms" in text
