"""Lesson 02's "Trace it": the search results pack is checked data, every citation names its
outlet, date and title, the quiz feedback agrees with the pack (so it is right with or without
internet), and the lesson shows the pack."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.quiz import load_bank
from helpers.trace import VERDICTS, TraceError, load_trace, render_html

PACK = REPO_ROOT / "seeds" / "belarus-thaw" / "trace.json"
LESSON = REPO_ROOT / "notebooks" / "02-who-says-so.ipynb"


def _broken(tmp_path: Path, change) -> Path:
    data = json.loads(PACK.read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / "trace.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_every_citation_has_outlet_date_and_title():
    pack = load_trace()
    assert len(pack.sources) >= 4
    for c in pack.sources:
        assert c.outlet and c.title and c.url and c.summary, c.id
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", c.date) or c.date_note, c.id
    roles = [c.role for c in pack.sources]
    assert roles.count("the original report") == 1
    assert roles.count("other coverage") >= 2  # "two other outlets' coverage"
    original = next(c for c in pack.sources if c.role == "the original report")
    assert (original.outlet, original.date) == ("The New York Times", "2025-02-15")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sources"][0].pop("title"), "source 1 (nyt-feb15): field 'title'"),
        (lambda d: d["sources"][1].update(outlet=""), "source 2 (nyt-feb12): field 'outlet'"),
        (lambda d: d["sources"][2].update(date="Feb 15"), "source 3 (kyiv-independent): date"),
        (lambda d: d["sources"][3].pop("date_note"), "source 4 (rferl): a date without a day"),
        (lambda d: d["claims"][0].update(line=6), "claim 1 (claim-village): quote"),
        (lambda d: d["claims"][1].update(verdict="true"), "claim 2 (claim-grand-bargain): verdict"),
        (lambda d: d["claims"][2]["sources"].append("nypost"), "sources ['nypost'] are not"),
    ],
)
def test_a_broken_pack_is_an_error_naming_the_file_item_and_field(tmp_path, change, message):
    path = _broken(tmp_path, change)
    with pytest.raises(TraceError) as err:
        load_trace(path=path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_the_three_claims_are_one_of_each_kind_and_quote_their_line():
    pack = load_trace()
    assert sorted(c.verdict for c in pack.claims) == sorted(VERDICTS)
    parts = {s.number: s.text for s in helpers.seed().segments}
    for c in pack.claims:
        assert c.quote in parts[c.line], c.id
    # the claim that is not in the original is from the speculative half (lines 15-27)
    missing = next(c for c in pack.claims if c.verdict == "not in the original")
    assert 15 <= missing.line <= 27


def test_the_quiz_feedback_agrees_with_the_pack():
    """The same answers whether a student searched or read the pack."""
    pack = load_trace()
    bank = load_bank("02-sourcing")
    for claim in pack.claims:
        q = bank.question(claim.question)
        assert q.type == "single_choice"
        assert q.passage is not None and claim.quote in q.passage.text, claim.id
        verdicts = [
            next(v for v in VERDICTS if o.text.lower().startswith(v)) for o in q.spec.options
        ]
        assert sorted(verdicts) == sorted(VERDICTS), claim.id  # one option per verdict
        right = [o for o in q.spec.options if o.correct]
        assert len(right) == 1 and right[0].text.lower().startswith(claim.verdict), claim.id
    # every outlet the feedback names is one the pack cites
    cited = " ".join(c.outlet for c in pack.sources)
    for claim in pack.claims:
        q = bank.question(claim.question)
        said = " ".join([q.explanation or "", *(o.feedback or "" for o in q.spec.options)])
        for outlet in ("Kyiv Independent", "Radio Free Europe/Radio Liberty", "Times"):
            if outlet in said:
                assert outlet in cited, (claim.id, outlet)


def test_the_pack_says_what_was_found_about_the_post_and_when():
    pack = load_trace()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", pack.searched_on)
    assert pack.searched_on in pack.post_found  # "we found no … (searched <date>)"
    assert pack.post_found.startswith("We found no New York Post")
    assert not any("New York Post" in c.outlet for c in pack.sources)
    assert pack.not_verified, "say what could not be checked"


def test_summaries_are_short_and_in_our_own_words():
    pack = load_trace()
    article = " ".join(helpers.seed().text.split()).lower()
    for c in pack.sources:
        assert len(c.summary.split()) <= 120, c.id
        words = c.summary.lower().split()
        runs = [" ".join(words[i : i + 8]) for i in range(len(words) - 7)]
        copied = [r for r in runs if r in article]
        assert not copied, (c.id, copied[:2])  # not lifted from the article either


def test_the_pack_is_escaped_before_html(tmp_path):
    path = _broken(tmp_path, lambda d: d["sources"][0].update(summary="<script>x()</script> & co"))
    html = render_html(load_trace(path=path))
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt; &amp; co" in html


def _activity_7() -> list[nbformat.NotebookNode]:
    cells = nbformat.read(LESSON, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## Activity 7 · Trace it"))
    end = next(i for i, c in enumerate(cells) if c.source.startswith("## Check for understanding"))
    return cells[start:end]


def test_lesson_02_runs_the_pack_and_the_trace_items_in_activity_7():
    code = [c.source for c in _activity_7() if c.cell_type == "code"]
    assert code[0].startswith("helpers.trace_pack()")
    ran = [m for s in code for m in re.findall(r'only="(q-trace-[\w-]+)"', s)]
    bank_items = [q.id for q in load_bank("02-sourcing").questions if q.id.startswith("q-trace-")]
    assert ran == bank_items == [c.question for c in load_trace().claims] + ["q-trace-post"]


@pytest.mark.slow
def test_the_offline_pack_shows_in_the_lessons_output():
    """Lesson 02 run headless, as a class would: Activity 7's pack cell shows every card."""
    from test_notebooks import run_notebook

    nb = nbformat.read(LESSON, as_version=4)
    run_notebook(nb, cwd=LESSON.parent)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "trace_pack" in c.source)
    html = next(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))
    assert html.startswith("<details class='trace-pack'>")
    for c in load_trace().sources:
        assert c.title.replace("'", "&#x27;") in html and c.outlet in html, c.id


def test_the_teacher_key_cites_what_the_pack_cites():
    key = (REPO_ROOT / "notebooks" / "teacher" / "trace-key.md").read_text(encoding="utf-8")
    pack = load_trace()
    assert f"Searched on **{pack.searched_on}**" in key
    for c in pack.sources:
        assert c.outlet in key and c.date in key, c.id
        assert c.id == "thinkbrics" or f"*{c.title}*" in key, c.id  # titles in italics
        for url in re.findall(r"https://\S+?(?=[ )]|$)", c.url):
            assert url in key, (c.id, url)
    for claim in pack.claims:
        assert f"`{claim.question}`" in key and f"line {claim.line}" in key, claim.id
    assert "no New York Post article" in key and "What we could not verify" in key


def test_the_key_has_the_printable_pack_with_every_summary():
    key = " ".join(
        (REPO_ROOT / "notebooks" / "teacher" / "trace-key.md").read_text(encoding="utf-8").split()
    )
    printable = key.split("## Search results pack, to print for students", 1)[1].split("## ")[0]
    for c in load_trace().sources:
        assert " ".join(c.summary.split()) in printable, c.id
    assert "says the same" not in printable  # no answers on the students' copy


@given(text=st.text(max_size=200))
@settings(max_examples=60, deadline=None)
def test_any_pack_text_reaches_the_page_only_escaped(text: str) -> None:
    from dataclasses import replace
    from html import escape

    pack = load_trace()
    first = replace(pack.sources[0], summary=text, title=text)
    html = render_html(replace(pack, sources=(first, *pack.sources[1:])))
    # the text sits in its card escaped, whatever it holds (no tag of its own survives)
    assert f"<i>{escape(text)}</i>" in html and f"0'>{escape(text)}</p>" in html
    assert html.count("<div") == html.count("</div>")
