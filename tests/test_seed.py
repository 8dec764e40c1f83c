"""The seed article: byte-for-byte copy, its structure, heuristics on it, and the expert reading."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import helpers
from helpers.annotations import expert_reading
from helpers.document import Document

SEED = Path(__file__).resolve().parents[1] / "seeds" / "belarus-thaw"
SHA256 = "82189ef627cd3de333cdd01cc1ea188a2a8a6fdae8d7c5b1e40e7ca5cfd54b64"
EXPECTED = (
    ["headline", "dek"]
    + ["paragraph"] * 12
    + ["subheading", "paragraph", "paragraph", "paragraph"]
    + ["subheading", "paragraph", "paragraph"]
    + ["subheading", "paragraph", "paragraph"]
    + ["subheading", "paragraph", "paragraph"]
    + ["comment", "comment"]
)


def test_seed_is_the_received_bytes():
    data = (SEED / "article.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert data.count(b"\n") == 28 and not data.endswith(b"\n")
    shared = SEED.parents[2].parent / "shared" / "seeds" / "000_ccf4b0b12e1d7c3c.txt"
    if shared.exists():
        assert shared.read_bytes() == data


def test_structure_file_matches_the_text():
    spec = json.loads((SEED / "structure.json").read_text(encoding="utf-8"))
    assert spec["sha256"] == SHA256
    assert [e["line"] for e in spec["lines"]] == list(range(1, 30))


def test_all_29_lines_get_their_role_from_structure_json():
    doc = helpers.seed()
    assert doc.roles_from == "structure"
    assert [s.role for s in doc.segments] == EXPECTED
    assert [s.line for s in doc.segments] == list(range(1, 30))


def test_heuristics_alone_get_everything_but_the_comments_right():
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    doc = Document.from_text(text)
    assert doc.roles_from == "heuristics"
    expected_without_marker = [*EXPECTED[:-2], "paragraph", "paragraph"]
    assert [s.role for s in doc.segments] == expected_without_marker


def test_comment_marker_makes_the_comments_right():
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    marked = "\n".join([*lines[:27], "--- comments ---", *lines[27:]])
    roles = [s.role for s in Document.from_text(marked).segments]
    assert roles == [*EXPECTED[:-2], "comment_marker", "comment", "comment"]


def test_expert_reading_is_anchored_and_explained():
    reading = expert_reading()
    text = reading.text
    assert {s.layer for s in reading.spans} == {"sourcing", "framing", "rhetoric"}
    for s in reading.spans:
        assert text[s.start : s.end] == s.text
        assert len(s.explanation.split()) >= 5, s
    doc = helpers.seed()
    comment_start = doc.by_role("comment")[0].start
    assert all(s.start >= comment_start for s in reading.layer("rhetoric"))
    verdicts = {p.verdict for p in reading.passages}
    assert verdicts == {"reporting", "opinion"}


def test_expert_reading_shows_the_headline_body_outlet_mismatch():
    reading = expert_reading()
    doc = helpers.seed()
    headline = doc.by_role("headline")[0]
    head_sources = {s.source for s in reading.layer("sourcing") if s.start < headline.end}
    body_pubs = {
        s.source
        for s in reading.layer("sourcing")
        if s.start > headline.end and s.source_type == "publication"
    }
    assert any("Post" in src for src in head_sources)
    assert any("Times" in src for src in body_pubs)
    assert not any("Post" in src for src in body_pubs)


@pytest.mark.parametrize("field", ["start", "text"])
def test_a_broken_annotation_names_file_span_and_field(tmp_path, field):
    raw = json.loads((SEED / "annotations.json").read_text(encoding="utf-8"))
    raw["spans"][3][field] = raw["spans"][3][field] + (1 if field == "start" else "x")
    bad = tmp_path / "annotations.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    (tmp_path / "article.txt").write_bytes((SEED / "article.txt").read_bytes())
    with pytest.raises(helpers.annotations.AnnotationError, match=r"annotations\.json: span 4"):
        helpers.annotations.load_reading(bad)


def test_every_quotation_in_the_seed_readme_is_in_the_article():
    """The teacher's page about the seed quotes it: each quotation (or each piece of one cut
    with "…") must be the article's own words; line numbers given with a quote must hold."""
    import re

    from helpers.seeds import seed_path

    doc = helpers.seed()
    readme = seed_path().with_name("README.md").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", readme)
    quotes = re.findall(r'"([^"]*)"', text)
    assert len(quotes) > 20
    norm = doc.text.replace("’", "'")
    for quote in quotes:
        for piece in re.split(r"\s*…\s*", quote.replace("’", "'")):
            piece = piece.strip(" .,;")
            if len(piece) > 3:
                assert piece in norm, f"README quotes {piece!r}, which is not in the article"
    for quote, line in re.findall(r'"([^"]+)",? \(?line (\d+)\)', text):
        seg = next(s for s in doc.segments if s.number == int(line))
        first = re.split(r"\s*…\s*", quote.replace("’", "'"))[0].strip(" .,;")
        assert first in doc.text[seg.start : seg.end].replace("’", "'"), (quote, line)
