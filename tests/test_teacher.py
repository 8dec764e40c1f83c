"""Teacher material: answer keys generated from the banks, the class dashboard, the lesson map."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT
from nbclient import NotebookClient

from helpers.quiz import export_csv, load_bank
from helpers.quiz import keys as quiz_keys
from helpers.quiz.dashboard import (
    DEMO_LABEL,
    difficulty,
    learners,
    load_class,
    open_class,
    overview,
    skill_chart,
    skill_scores,
    write_demo_results,
    wrong_answers,
)
from helpers.quiz.results import learner_key

TEACHER = REPO_ROOT / "notebooks" / "teacher"
QUIZ_DIR = REPO_ROOT / "notebooks" / "quizzes"
BANKS = quiz_keys.bank_files(QUIZ_DIR)


# --- answer keys ---------------------------------------------------------------------------


def test_committed_answer_keys_match_the_banks():
    committed = (TEACHER / "answer-keys.md").read_text(encoding="utf-8")
    assert committed == quiz_keys.answer_keys(BANKS), (
        "notebooks/teacher/answer-keys.md disagrees with the quiz banks: run `make keys`"
    )


@pytest.mark.parametrize("path", BANKS, ids=[p.stem for p in BANKS])
def test_key_states_every_right_answer(path: Path):
    bank = load_bank(path)
    key = quiz_keys.answer_key(bank)
    assert key.startswith(f"## {bank.title}")
    for q in bank.questions:
        section = key.split(f"### {q.number}. `{q.id}`", 1)[1].split("\n### ", 1)[0]
        if q.type in ("single_choice", "multiple_select"):
            answer = ", ".join(f"`{i}`" for i in q.spec.correct_ids)
            assert f"**Answer:** {answer}" in section
        elif q.type in ("classify", "discernment"):
            for it in q.spec.items:
                assert f"**{it.answer}**" in section
        elif q.type == "highlight":
            for t in q.spec.targets:
                assert " ".join(t.text.split()) in section
        elif q.type == "reflection":
            assert " ".join(q.spec.model_answer.split()) in section


def test_a_changed_bank_changes_its_key(tmp_path: Path):
    """A key copied by hand would survive a bank edit; a generated one cannot."""
    src = QUIZ_DIR / "02-sourcing.yaml"
    text = src.read_text(encoding="utf-8")
    assert "    correct: b\n    explanation: >-\n      The headline credits" in text
    edited = text.replace(
        "    correct: b\n    explanation: >-\n      The headline credits",
        "    correct: a\n    explanation: >-\n      The headline credits",
        1,
    )
    (tmp_path / "02-sourcing.yaml").write_text(edited, encoding="utf-8")
    before = quiz_keys.answer_key(load_bank(src))
    after = quiz_keys.answer_key(load_bank(tmp_path / "02-sourcing.yaml"))
    assert before != after
    assert "**Answer:** `a`" in after.split("### 2.")[0]
    # and the up-to-date check would catch it
    assert quiz_keys.answer_keys([tmp_path / "02-sourcing.yaml"]) != quiz_keys.answer_keys([src])


def test_write_answer_keys(tmp_path: Path):
    out = quiz_keys.write_answer_keys(tmp_path / "keys.md", QUIZ_DIR)
    assert out.read_text(encoding="utf-8") == quiz_keys.answer_keys(BANKS)
    assert quiz_keys.main([str(tmp_path / "k2.md"), str(QUIZ_DIR)]) == 0


def test_key_markdown_tables_are_not_broken_by_pipes(tmp_path: Path):
    bank = tmp_path / "x.yaml"
    bank.write_text(
        "id: x\ntitle: X\nquestions:\n  - id: q\n    type: single_choice\n    prompt: P\n"
        "    options:\n      - {id: a, text: 'left | right', feedback: 'a | b'}\n"
        "      - {id: b, text: other}\n    correct: a\n",
        encoding="utf-8",
    )
    key = quiz_keys.answer_key(load_bank(bank))
    assert "left \\| right" in key and "a \\| b" in key


# --- dashboard -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class-results")
    files = write_demo_results(folder, learners=8, seed=3)
    assert len(files) == 8 and all(p.suffix == ".jsonl" for p in files)
    return folder


def test_dashboard_reads_a_results_folder(demo_folder: Path):
    res = load_class(demo_folder)
    assert res.demo and res.learners == 8
    assert DEMO_LABEL in res._repr_html_()
    diff = difficulty(res)
    expected = sum(
        len(load_bank(QUIZ_DIR / f"{b}.yaml").questions) for b in res.summary["bank"].unique()
    )
    assert len(diff) == expected
    assert diff["right %"].between(0, 100).all() and (diff["learners"] == 8).all()
    wrong = wrong_answers(res)
    assert len(wrong) > 0 and (wrong["learners"] >= 1).all()
    assert not wrong["wrong answer"].str.contains(r"^\{|^\[", regex=True).any()
    assert set(overview(res)["bank"]) == set(res.summary["bank"])
    assert len(learners(res)) == 8
    skills = skill_scores(res)
    assert len(skills) > 3 and skills["mean score %"].between(0, 100).all()


def test_skill_chart_has_alt_text_for_every_skill(demo_folder: Path):
    res = load_class(demo_folder)
    fig = skill_chart(res)
    for skill in skill_scores(res)["skill"]:
        assert skill in fig.alt_text
    assert "alt=" in fig._repr_html_()
    one = skill_chart(res, "02-sourcing")
    assert "02-sourcing" in one.alt_text


def test_dashboard_reads_an_exported_csv(demo_folder: Path, tmp_path: Path):
    csv = tmp_path / "grades.csv"
    rows = export_csv(demo_folder, csv)
    from_csv = load_class(csv)
    from_files = load_class(demo_folder)
    assert len(from_csv.summary) == rows == len(from_files.summary)
    assert from_csv.attempts is None
    assert difficulty(from_csv)["right %"].tolist() == difficulty(from_files)["right %"].tolist()
    assert len(wrong_answers(from_csv)) > 0


def test_demo_class_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv("HELPERS_CLASS_RESULTS", raising=False)
    res = open_class(None, learners=3)
    assert res.demo and res.learners == 3
    assert list(tmp_path.iterdir()) == []


def _run_dashboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Path | None):
    if folder is None:
        monkeypatch.delenv("HELPERS_CLASS_RESULTS", raising=False)
    else:
        monkeypatch.setenv("HELPERS_CLASS_RESULTS", str(folder))
    monkeypatch.setenv("HELPERS_RESULTS_DIR", str(tmp_path / "own-results"))
    nb = nbformat.read(TEACHER / "class-dashboard.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(TEACHER)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    bad = [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert not bad, bad
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "<img" in html and 'alt="Bar chart' in html
    return html


@pytest.mark.slow
def test_dashboard_notebook_runs_on_a_class_folder(
    demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    copy = tmp_path / "class"
    shutil.copytree(demo_folder, copy)
    html = _run_dashboard(tmp_path, monkeypatch, copy)
    assert "Demo learner 01" in html
    assert str(copy) in html


@pytest.mark.slow
def test_dashboard_notebook_without_a_folder_uses_a_labelled_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    html = _run_dashboard(tmp_path, monkeypatch, None)
    assert DEMO_LABEL in html


@pytest.mark.parametrize("table", [overview, difficulty, wrong_answers, skill_scores, learners])
def test_dashboard_tables_show_no_row_numbers(demo_folder: Path, table) -> None:
    """The teacher sees the columns, not pandas' 0, 1, 2 … index (issue 11, item 12)."""
    import pandas as pd

    df = table(load_class(demo_folder))
    assert len(df) > 0
    with pd.option_context("display.max_rows", len(df) + 1):  # every row, to count them
        html = df._repr_html_()
    head, _, body = html.partition("<tbody>")
    body = body.split("</tbody>", 1)[0]
    assert "<th" not in body, body[:300]  # pandas writes the index as a <th> in each row
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>.*?</th>", head)]
    assert headers == [str(c) for c in df.columns]
    assert body.count("<tr") == len(df)
    # still a DataFrame the teacher can sort and filter, and still without row numbers then
    first = df.iloc[:1]
    assert "<th" not in first._repr_html_().partition("<tbody>")[2].split("</tbody>")[0]


def test_dashboard_tables_escape_learner_names(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write_demo_results(folder, learners=2, seed=1)
    evil = "<b>Mallory</b>"
    for f in folder.glob("*.jsonl"):
        lines = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()]
        for rec in lines:
            rec["learner"] = evil
        f.unlink()  # a learner's file is named after the learner
        named = folder / f"{learner_key(evil)}.jsonl"
        named.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
        break
    html = learners(load_class(folder))._repr_html_()
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html and "<b>Mallory" not in html


def test_teacher_folder_ships_no_personal_data():
    files = {p.relative_to(TEACHER).as_posix() for p in TEACHER.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith((".jsonl", ".csv")) or "results" in f]
    nb = nbformat.read(TEACHER / "class-dashboard.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells)
    assert "RESULTS_FOLDER = None" in "".join(c.source for c in nb.cells)


# --- guide and lesson map ------------------------------------------------------------------


def test_guide_covers_what_the_issue_asks():
    # the standards live in standards.md, which the guide links (issue 12 §5: claim only what
    # the lessons do, so RI.11-12.7, comparing sources, is not claimed there)
    guide = (TEACHER / "guide.md").read_text(encoding="utf-8")
    assert "[standards.md](standards.md)" in guide
    guide += (TEACHER / "standards.md").read_text(encoding="utf-8")
    for needle in [
        "RI.9-10.6",
        "RI.9-10.8",
        "RI.11-12.6",
        "RI.8.6",
        "RI.8.8",
        "NAMLE",
        "Civic Online Reasoning",
        "SIFT",
        "45-minute",
        "90-minute",
        "Binder",
        "make lab",
        "JupyterHub",
        "python -m helpers quiz export",
        "misconception",
        "Accessibility",
        "answer-keys.md",
        "class-dashboard.ipynb",
    ]:
        assert needle.lower() in guide.lower(), needle


def test_lesson_map_links_every_lesson_in_voila():
    readme = (REPO_ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    base = "https://mybinder.org/v2/gh/media-literacy-lessons/reading-the-news/main"
    for nb in sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"{base}?urlpath=voila/render/build/student/{nb.name}" in readme, nb.name
    for number in ["00", "01", "02", "03", "04", "05", "06"]:
        assert re.search(rf"^\| {number} \|", readme, re.M), f"lesson {number} missing from map"
    assert re.search(r"\d+\s*(–\s*\d+\s*)?min", readme)


def test_no_two_skill_names_are_one_skill_spelt_twice():
    """The dashboard groups by skill: "headline and body" and "headline vs. body" would be one
    skill counted as two (issue 11)."""
    import re as _re

    seen: dict[str, str] = {}
    for path in sorted((REPO_ROOT / "notebooks" / "quizzes").glob("*.yaml")):
        for q in load_bank(path).questions:
            skill = q.tags.get("skill")
            if not skill:
                continue
            words = _re.sub(r"\b(and|vs|versus|or|the|of)\b|[^a-z ]", " ", skill.lower()).split()
            key = " ".join(sorted(words))
            assert seen.setdefault(key, skill) == skill, (path.name, q.id, skill, seen[key])
    assert len(seen) > 10  # the banks were read


def test_skill_chart_labels_sit_beside_their_bars_in_words(demo_folder: Path):
    """A 100 % bar's label used to be drawn on the bar itself ("100 % (0 below half)")."""
    fig = skill_chart(load_class(demo_folder))
    ax = fig.axes[0]
    bars = {round(p.get_y() + p.get_height() / 2, 3): p.get_width() for p in ax.patches}
    labels = [t for t in ax.texts if "%" in t.get_text()]
    assert labels and len(labels) == len(bars)
    for t in labels:
        x, y = t.get_position()
        assert x > bars[round(y, 3)], t.get_text()
        assert x + 30 < ax.get_xlim()[1]
        assert "below half" in t.get_text() and "(0 " not in t.get_text()


# --- bank text is text in the key, never markup ------------------------------------------------

KEY_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><svg onload=alert(1)>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "[x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<http://evil.example/>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&#60;svg onload=alert(1)&#62;",
    "<details open ontoggle=alert(1)>",
    "<style>body{display:none}</style>",
    "<!-- x --><b onclick=alert(1)>b</b>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<<script>script>alert(1)<</script>/script>",
    "`<img src=x onerror=alert(1)>`",
    "``` <img src=x onerror=alert(1)>",
    "*<img src=x onerror=alert(1)>*",
    "a | <img src=x onerror=alert(1)> | b",
    "# <img src=x onerror=alert(1)>",
    "5. <svg onload=alert(1)>",
    "> <svg onload=alert(1)>",
    "---",
    "$\\href{javascript:alert(1)}{x}$",
    '<div style="background:url(javascript:alert(1))">',
]
# the elements and attributes the key's own Markdown renders to
KEY_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code", "table", "thead"}
KEY_TAGS |= {"tbody", "tr", "th", "td", "blockquote"}
KEY_ATTRS = {"style", "align"}  # table cell alignment


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _payload_bank(tmp_path: Path, payload: str) -> Path:
    p = json.dumps(payload)  # a JSON string is a YAML string
    bank = f"""
id: evil
title: {p}
lesson: {p}
seed: belarus-thaw
description: {p}
questions:
  - id: q1
    type: single_choice
    prompt: {p}
    options:
      - {{id: a, text: {p}, feedback: {p}}}
      - {{id: {json.dumps(payload[:60] or "b")}, text: other}}
    correct: a
    hints: [{p}, {p}]
    explanation: {p}
    tags: {{skill: {p}, sift: {p}}}
  - id: q2
    type: numeric
    prompt: {p}
    answers:
      - {{type: value, value: 4, correct: true, feedback: {p}}}
      - {{type: default, feedback: {p}}}
  - id: q3
    type: short_text
    prompt: {p}
    answers: [{{answer: {p}, correct: true, feedback: {p}}}]
  - id: q4
    type: classify
    prompt: {p}
    passage: {{text: {p}}}
    categories: [{p}, plain]
    items:
      - {{text: {p}, category: {p}, feedback: {p}}}
      - {{quote: "Viasna", category: plain}}
  - id: q5
    type: highlight
    prompt: {p}
    passage: {{line: 8}}
    targets:
      - {{quote: "state television hinted", explanation: {p}, label: {p}, layer: sourcing}}
  - id: q6
    type: discernment
    prompt: {p}
    choices: [{p}, opinion]
    signal: opinion
    items:
      - {{text: {p}, verdict: {p}}}
      - {{text: {p}, verdict: opinion}}
  - id: q7
    type: reflection
    prompt: {p}
    model_answer: {p}
"""
    path = tmp_path / "evil.yaml"
    path.write_text(bank, encoding="utf-8")
    return path


@pytest.mark.parametrize("payload", KEY_PAYLOADS)
def test_bank_text_in_answer_keys_is_never_live_markup(tmp_path: Path, payload: str) -> None:
    import mistune

    bank = load_bank(_payload_bank(tmp_path, payload))
    key = quiz_keys.answer_keys([bank])
    # raw HTML allowed, as JupyterLab and most Markdown viewers render it (before sanitising)
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    html = render(key)
    parsed = _Markup()
    parsed.feed(html)
    parsed.close()
    # a bare web address becomes a link, as in every Markdown viewer: only that, only http(s)
    links = [dict(attrs) for tag, attrs in parsed.tags if tag == "a"]
    assert all(set(a) == {"href"} and re.match(r"https?://", a["href"] or "") for a in links)
    tags = {tag for tag, _attrs in parsed.tags if tag != "a"}
    assert tags <= KEY_TAGS, f"live markup from {payload!r}: {sorted(tags - KEY_TAGS)}"
    attrs = {name for tag, attrs in parsed.tags if tag != "a" for name, _v in attrs}
    assert attrs <= KEY_ATTRS, f"attributes from {payload!r}: {sorted(attrs - KEY_ATTRS)}"
    assert len(parsed.comments) == 1  # the key's own "Generated by make keys" note
    values = " ".join(v or "" for _tag, attrs in parsed.tags for _n, v in attrs).lower()
    assert "javascript" not in values and "url(" not in values
    # and the payload is shown as the text it is, not lost: as a heading, in the table, quoted
    shown = " ".join("".join(parsed.text).split())
    assert " ".join(payload.split()) in shown


def test_bank_numbers_and_markers_at_a_line_start_stay_text(tmp_path: Path) -> None:
    bank = tmp_path / "x.yaml"
    bank.write_text(
        "id: x\ntitle: '1. Title'\ndescription: '- not a list'\nquestions:\n"
        "  - {id: q, type: reflection, prompt: '5. Why?', model_answer: '2) because # no'}\n",
        encoding="utf-8",
    )
    import mistune

    html = mistune.html(quiz_keys.answer_keys([load_bank(bank)]))
    assert "<ol" not in html and "<h1>because" not in html
    assert "<ul>" not in html.split("<h2>")[-1]  # after the contents list, no list at all
    assert "5. Why?" in html and "2) because # no" in html and "- not a list" in html


# --- numbered lists in the lessons' Markdown render with the numbers written ------------------

_NUMBER = re.compile(r"^ {0,3}(\d{1,9})[.)][ \t]", re.MULTILINE)


def _written_numbers(markdown: str) -> list[int]:
    """Numbers at a line start that CommonMark reads as list markers, outside code fences."""
    prose = re.sub(r"(?ms)^```.*?^```", "", markdown)
    return [int(n) for n in _NUMBER.findall(prose)]


def _rendered_numbers(markdown: str) -> list[int]:
    import mistune

    html = mistune.html(markdown)
    out: list[int] = []
    for m in re.finditer(r"<ol(?: start=\"(\d+)\")?>(.*?)</ol>", html, re.DOTALL):
        start = int(m.group(1) or 1)
        out += range(start, start + m.group(2).count("<li>"))
    return out


LESSON_NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("0*.ipynb"))


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=[p.stem for p in LESSON_NOTEBOOKS])
def test_numbered_lists_in_lessons_show_the_numbers_written(path: Path) -> None:
    """'1. … · 2. …' with a line break before '5. …' renders 5 as "2." (lessons 02 and 03)."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        written = _written_numbers(cell.source)
        if written:
            shown = _rendered_numbers(cell.source)
            assert _in_order(shown, written), f"{path.name}, cell {i}: shows {shown}, {written}"


def _in_order(shown: list[int], written: list[int]) -> bool:
    """Each number shown is one written at a line start, in the same order (a number in a
    sentence that only happens to open a line, "3. …" inside a paragraph, is not shown)."""
    rest = iter(written)
    return all(n in rest for n in shown)


def test_the_list_check_sees_a_misnumbered_list() -> None:
    bad = "1. **b** one · 2. two ·\n5. five · 6. six"
    assert _written_numbers(bad) == [1, 5] and _rendered_numbers(bad) == [1, 2]
    assert not _in_order(_rendered_numbers(bad), _written_numbers(bad))
    skipped = "1. one\n2. two\n5. five"
    assert not _in_order(_rendered_numbers(skipped), _written_numbers(skipped))
    prose = "Answers:\n3. **a** · 4. 1226 ·\n5. dek"  # a paragraph: no list, nothing shown
    assert _rendered_numbers(prose) == [] and _in_order([], _written_numbers(prose))
    good = "1. one\n2. two\n3. three"
    assert _in_order(_rendered_numbers(good), _written_numbers(good))
