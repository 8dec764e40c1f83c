"""Lexicons as data: validation that names file, entry and field; the scanner's correctness."""

from __future__ import annotations

import re
import sys
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


# --- entries that only one corpus uses -------------------------------------------------------

# Entries that match in exactly one calibration corpus and nowhere else (no other corpus, no
# seed article), judged general English all the same: entry id -> why it may stay.
ONE_CORPUS_ALLOWED = {
    "minimization-phrases": "'no big deal', 'overblown': everyday idioms; only the largest "
    "corpus (PolNeAR, 3.8 M characters) happens to contain them",
    "personal-attack-you": "'you must be joking', 'you are clueless': second-person address; "
    "only the comments corpus talks to a 'you'",
}


def _corpus_texts() -> dict[str, str]:
    """Each calibration corpus as one text (its texts joined by blank lines), read as the
    snapshot reads them (the calibration's own readers); skips when the data is absent."""
    if str(ROOT) not in sys.path:  # `tools` is a top-level folder, not part of the package
        sys.path.insert(0, str(ROOT))
    from tools import calibrate, snapshot

    root = calibrate.data_dir()
    if calibrate.skip_reason(root) is not None:
        pytest.skip(f"calibration data absent: {calibrate.skip_reason(root)}")
    return {
        name: "\n\n".join(text for text, _ in cases(root / folder))
        for name, (folder, cases) in snapshot.CORPORA.items()
        if (root / folder).is_dir()
    }


def _found(text: str, unsettled: set[str]) -> set[str]:
    """The ids of the entries in ``unsettled`` that match somewhere in ``text``.

    Scanned entries go through their lexicon's own matcher (one token index for all four).
    ``scan = false`` entries are applied by their analyzer in context; here their regex is
    searched (``^`` at any line start) in the lines holding one of their ``trigger`` or
    ``starts`` words, as the analyzer only tries them there; ``(?!)`` placeholders never match.
    """
    from helpers.document.tokens import TokenIndex

    found: set[str] = set()
    index = TokenIndex(text)
    lines = list(zip(text.split("\n"), text.lower().split("\n"), strict=True))
    for name in shipped_lexicons():
        lex = lexicon(name)
        if any(e.id in unsettled and e.data.get("scan") is not False for e in lex.entries):
            found |= {h.entry.id for h in lex.hits(text, index=index)}
        for e in lex.entries:
            if e.id not in unsettled or e.data.get("scan") is not False or e.regex is None:
                continue
            if e.regex.pattern == "(?!)":
                continue
            words = [str(w).lower() for w in e.data.get("trigger", e.data.get("starts", []))]
            where = "\n".join(t for t, low in lines if any(w in low for w in words))
            if re.compile(e.regex.pattern, e.regex.flags | re.MULTILINE).search(
                where if words else text
            ):
                found.add(e.id)
    return found & unsettled


def test_no_entry_matches_in_one_calibration_corpus_only():
    """An entry that fires in one corpus and nowhere else (no other corpus, no seed) may have
    been fitted to that corpus; it fails here unless judged general English above.

    The seeds are scanned first, then the corpora from the smallest; an entry already seen in
    a seed or in two corpora is settled and not looked for again (that keeps this at ~2 s)."""
    ids = [e.id for name in shipped_lexicons() for e in lexicon(name).entries]
    assert len(set(ids)) == len(ids), "entry ids are unique across the lexicons"
    texts = _corpus_texts()
    articles = sorted(ROOT.glob("seeds/*/article.txt"))
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in articles)
    unsettled = set(ids) - _found(seeds, set(ids))
    seen: dict[str, list[str]] = {k: [] for k in unsettled}
    for name in sorted(texts, key=lambda n: len(texts[n])):
        for entry_id in _found(texts[name], unsettled):
            seen[entry_id].append(name)
        unsettled = {k for k in unsettled if len(seen[k]) < 2}
    only_one = {k: v[0] for k, v in seen.items() if len(v) == 1}
    flagged = {k: v for k, v in only_one.items() if k not in ONE_CORPUS_ALLOWED}
    assert not flagged, f"entries that match in one corpus only (entry: corpus): {flagged}"
    unknown = set(ONE_CORPUS_ALLOWED) - set(ids)
    assert not unknown, f"allowed entries that no lexicon has (renamed? drop them): {unknown}"
