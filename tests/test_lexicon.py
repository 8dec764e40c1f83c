"""Lexicons as data: validation that names file, entry and field; the scanner's correctness."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.lexicon import (
    TAXONOMIES,
    Lexicon,
    LexiconError,
    lexicon,
    load_lexicon_file,
    parse_lexicon,
    shipped_lexicons,
)

ROOT = Path(__file__).resolve().parents[1]
GOOD_ENTRY = {
    "id": "hedge-test",
    "label": "hedge",
    "phrases": ["could", "may well", "i'm not sure"],
    "explanation": "These words say something is possible, not certain.",
}


def lex_of(*entries: dict, layer: str = "framing") -> Lexicon:
    return parse_lexicon({"meta": {"layer": layer}, "entry": list(entries)}, "test.toml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"explanation": ""}, r"test\.toml: entry 1 \(hedge-test\): field 'explanation'"),
        ({"label": 3}, r"entry 1 \(hedge-test\): field 'label'"),
        ({"regex": "x"}, r"entry 1 \(hedge-test\): give exactly one of the fields 'phrases'"),
        ({"phrases": ["ok", ""]}, r"field 'phrases' must be a list of non-empty strings"),
        ({"taxonomy": {"semeval2099": "X"}}, r"field 'taxonomy' has unknown key\(s\): semeval2099"),
        ({"layer": "vibes"}, r"field 'layer' must be one of"),
    ],
)
def test_bad_entries_name_file_entry_and_field(change, message):
    with pytest.raises(LexiconError, match=message):
        lex_of({**GOOD_ENTRY, **change})


def test_bad_regex_and_duplicate_ids_are_named():
    bad = {k: v for k, v in GOOD_ENTRY.items() if k != "phrases"} | {"regex": "(unclosed"}
    with pytest.raises(LexiconError, match=r"field 'regex' does not compile"):
        lex_of(bad)
    with pytest.raises(LexiconError, match=r"entry 2 \(hedge-test\): field 'id' repeats"):
        lex_of(GOOD_ENTRY, GOOD_ENTRY)
    with pytest.raises(LexiconError, match=r"\[meta\] field 'layer'"):
        parse_lexicon({"entry": [GOOD_ENTRY]}, "test.toml")


def test_unreadable_or_invalid_toml_file_is_named(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text("[meta\nlayer=", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.toml: not valid TOML"):
        load_lexicon_file(f)


def test_phrases_match_whole_words_any_case_and_either_apostrophe():
    lex = lex_of(GOOD_ENTRY)
    text = "It Could rain. It may  well snow. I’m not sure. Couldn't. unmay wellness"
    found = [text[h.start : h.end] for h in lex.hits(text)]
    assert found == ["Could", "may  well", "I’m not sure"]


words = st.sampled_from(
    ["the", "fact", "that", "could", "may", "well", "x", "I'm", "I’m", "not", "sure"]
)
# letters whose case folding differs between str.lower() and re.IGNORECASE, or grows
odd = st.sampled_from(["ſure", "İ'm", "ı'm", "\u212aould", "COULD", "Straße", "ǅ"])
texts = st.lists(words | odd | st.sampled_from([" ", ".", ",", "\n", "-", "'", "’"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts.map(" ".join))
def test_scan_of_the_lowered_text_finds_what_ignorecase_finds(text):
    """The phrase scan (over the lower-cased text when that is safe) gives the same hits as
    the phrase pattern with re.IGNORECASE over the text itself, also in a range (a match is
    a hit when its words, lower-cased, are one of the phrases: "ſure" matches, but is no hit)."""
    phrases = {"the fact that", "could", "may well", "i'm not sure"}
    lex = lex_of(GOOD_ENTRY | {"phrases": sorted(phrases)})
    reference = lex.matcher.patterns[0]
    assert reference.flags & re.IGNORECASE

    def expected(start: int) -> list[tuple[int, int]]:
        matches = reference.finditer(text, start)
        return [
            m.span() for m in matches if " ".join(m[0].replace("’", "'").split()).lower() in phrases
        ]

    assert [(h.start, h.end) for h in lex.phrase_hits(text)] == expected(0)
    half = len(text) // 2
    assert [(h.start, h.end) for h in lex.phrase_hits(text, half)] == expected(half)


def test_a_callers_token_index_gives_the_same_hits():
    """Analyzers pass ``Document.tokens``; without it the matcher indexes the text itself."""
    from helpers.document import Document

    doc = Document.from_text("Headline\n\nIt could rain. I’m not sure it may well.\n\nCould be.")
    ranges = [(s.start, s.end) for s in doc.segments]

    def keys(rows):
        return [[(h.start, h.end, h.entry.id) for h in row] for row in rows]

    given = lex_of(GOOD_ENTRY).hits_by_range(doc.text, ranges, doc.tokens)
    own = lex_of(GOOD_ENTRY).hits_by_range(doc.text, ranges)  # another lexicon: no shared cache
    assert keys(given) == keys(own)
    assert [len(row) for row in own] == [0, 3, 1]
    found = lex_of(GOOD_ENTRY).hits(doc.text, index=doc.tokens)
    assert [doc.text[h.start : h.end] for h in found] == [
        "could",
        "I’m not sure",
        "may well",
        "Could",
    ]


def test_a_matcher_keeps_its_caches_to_itself():
    """Two lexicons never share scan state, and a text's scan is looked up by the text."""
    one, two = lex_of(GOOD_ENTRY), lex_of(GOOD_ENTRY | {"phrases": ["rain"]})
    text = "It could rain."
    assert [h.entry.id for h in one.hits(text)] == ["hedge-test"]
    assert [text[h.start : h.end] for h in two.hits(text)] == ["rain"]
    assert one.matcher.scan(text) is one.matcher.scan("It could " + "rain.")
    assert one.matcher is not two.matcher


def test_regex_entries_with_starts_are_tried_only_at_those_words():
    entry = {
        "id": "if-cond",
        "label": "hedge",
        "regex": r"(?P<mark>if)\b\s+\w+",
        "starts": ["if"],
        "explanation": "'If' starts a condition: what follows may not be true.",
    }
    lex = lex_of(entry)
    text = "If rain falls, stiff winds; if ever."
    assert [text[h.start : h.end] for h in lex.hits(text)] == ["If", "if"]


@pytest.mark.parametrize("name", shipped_lexicons())
def test_every_shipped_entry_is_explained_and_crosswalked(name):
    lex = lexicon(name)
    for e in lex.entries:
        assert len(e.explanation.split()) >= 6, e.id
        assert set(e.taxonomy) <= set(TAXONOMIES), e.id


SEED_NAMES = re.compile(
    r"belarus|lukashenko|minsk|vilnius|viasna|new york (post|times)|anglo|brics|putin|"
    r"tikhanovskaya|viacorka|shraibman|krawczyk|khomich|kolesnikova|potash|trump factor",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "src" / "helpers" / "lexicons").glob("*.toml"))
    + sorted((ROOT / "src" / "helpers" / "analyzers").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT / "src" / "helpers")),
)
def test_analyzers_do_not_key_on_the_seed(path):
    """Nothing in the rules may name the seed's people, places or outlets."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        tomllib.loads(text)  # still valid
    hits = sorted({m.group().lower() for m in SEED_NAMES.finditer(text)})
    assert not hits, f"{path.name} mentions the seed: {hits}"
