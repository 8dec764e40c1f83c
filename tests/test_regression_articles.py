"""Articles written for the project, whose every mark a person has checked (issue 15, §4).

``tests/fixtures/articles/marks.json`` holds what the helpers mark on each article and a verdict
on each mark; ``python -m tools.article_marks --write`` records a change of output, which then
needs a person's verdict (``unchecked`` fails here) before it can land.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools import article_marks  # noqa: E402

RECORD = article_marks.load_record()
KINDS = {"news", "opinion", "press release", "comments"}


def _text(name: str) -> str:
    return (article_marks.FOLDER / name).read_text(encoding="utf-8")


def test_every_article_is_recorded_and_the_marks_are_as_recorded() -> None:
    assert {p.name for p in article_marks.article_paths()} == set(RECORD)
    assert article_marks.differences(RECORD) == []


def test_the_articles_cover_news_opinion_a_press_release_and_comments() -> None:
    kinds = " ".join(a["kind"] for a in RECORD.values())
    assert all(k in kinds for k in KINDS), kinds
    assert all(150 <= len(_text(n).split()) <= 400 for n in RECORD)


def test_every_mark_has_a_verdict_and_every_false_alarm_says_why() -> None:
    for name, art in RECORD.items():
        for m in art["marks"]:
            assert m["verdict"] in ("right", "wrong"), (name, m)
            if m["verdict"] == "wrong":
                assert len(m.get("note", "")) > 20, (name, m)


def test_marked_and_missed_words_are_in_their_article() -> None:
    for name, art in RECORD.items():
        text = _text(name)
        for m in art["marks"] + art["missed"]:
            assert m["text"] in text, (name, m["text"])


def test_few_false_alarms_and_none_on_plain_reporting() -> None:
    marks = [m for art in RECORD.values() for m in art["marks"]]
    right = sum(m["verdict"] == "right" for m in marks)
    assert right / len(marks) >= 0.9, f"{right} of {len(marks)} marks judged right"
    news = RECORD["news-bridge-closure.txt"]["marks"]
    assert all(m["verdict"] == "right" for m in news)
    assert not [m for m in news if m["layer"] == "rhetoric"]  # sound reporting: no persuasion
    assert sum(m["layer"] == "sourcing" for m in news) >= 8  # and every source found


def test_a_new_mark_needs_a_verdict() -> None:
    record = {n: {**a, "marks": a["marks"][1:]} for n, a in RECORD.items()}
    merged = article_marks.merged(record)
    for name, art in merged.items():
        assert art["marks"][0]["verdict"] == "unchecked", name
        assert [m["verdict"] for m in art["marks"][1:]] == [
            m["verdict"] for m in RECORD[name]["marks"][1:]
        ]
    assert article_marks.differences(record)  # the test above would fail on it
