"""``helpers.analyze``: the JSON contract, robustness on any input, and cross-layer findings."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers.analysis import SCHEMA, Analysis
from helpers.findings import find_turn, reporting_score
from helpers.spans import LAYERS, SOURCE_TYPES


def check_contract(result: Analysis) -> None:
    text = result.text
    data = json.loads(result.to_json())
    assert data["schema"] == SCHEMA
    assert data["chars"] == len(text)
    assert len(data["segments"]) == len(result.document.segments)
    for seg in data["segments"]:
        assert isinstance(seg["sourced"], bool)
        assert {"attributions", "hedges", "loaded"} <= set(seg["metrics"])
    for span in data["spans"]:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["layer"] in LAYERS
        assert span["explanation"].strip(), span
        assert span.get("source_type") in (None, *SOURCE_TYPES)
    for f in data["findings"]:
        assert f["kind"] and f["message"]
        for start, end in f["spans"]:
            assert 0 <= start <= end <= len(text)


def test_empty_input_gives_a_valid_empty_analysis():
    result = helpers.analyze("")
    check_contract(result)
    assert result.spans == () and result.findings == ()
    assert result.to_dict()["segments"] == []


def test_analysis_of_the_seed_follows_the_contract():
    check_contract(helpers.analyze(helpers.seed()))


words = st.sampled_from(
    "could might may if perhaps said according to the Times officials sources familiar "
    "clearly in fact always everyone they them we “ ” \" ' ? ! . , — \n --- comments --- "
    "iron grip regime thugs Mr. Dr. U.S. 1991 only".split(" ")
)
texts = st.lists(words | st.text(max_size=8), max_size=120).map(" ".join) | st.text(max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_string_gives_spans_inside_the_text(text):
    check_contract(helpers.analyze(text))


def test_analysis_tables_load_pandas_only_when_asked():
    result = helpers.analyze(helpers.seed())
    frame = result.to_frame()
    assert list(frame.columns[:3]) == ["layer", "label", "text"]
    assert len(frame) == len(result.spans)
    ledger = result.ledger()
    assert "unattributed_claims" in ledger.columns
    assert ledger.index.name == "line"
    assert list(ledger.index) == sorted(ledger.index)
    assert 4 in ledger.index and "Times" in ledger.loc[4, "sources"]


def test_find_turn_locates_the_change_point():
    scores = [1.0, 1.0, 0.8, 1.0, -0.5, -1.0, -0.8, -1.0]
    t, gap = find_turn(scores)
    assert t == 4 and gap > 1.5
    assert find_turn([1.0, 1.0, 1.0]) is None  # too short to split


def test_reporting_score_rewards_sources_and_penalises_speculation():
    assert reporting_score(True, 0.0) == 1.0
    assert reporting_score(False, 8.0) == -1.0
    assert reporting_score(True, 2.0) == 0.5


def test_plain_reporting_has_no_turn_finding():
    text = "\n".join(
        ["Council Passes Budget"]
        + [f"The council approved item {i}, the clerk said on Tuesday." for i in range(8)]
    )
    assert helpers.analyze(text).finding("reporting_to_opinion_turn") is None


# --- lone surrogates (text read with errors="surrogateescape", or built in Python) ----------

_SURROGATES = st.sampled_from(["\ud800", "\udfff", "\udc80", "\ud83d\ude00", "\udcff"])
_PIECES = st.sampled_from(["Officials said ", "it may ", '"rigged" ', "they always lie! ", "\n\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_SURROGATES | _PIECES | st.characters(), max_size=40))
def test_to_dict_and_json_are_safe_with_surrogates(parts: list[str]) -> None:
    import hashlib
    import re

    text = "".join(parts)
    a = helpers.analyze(text)
    d = a.to_dict()
    encoded = a.to_json().encode("utf-8")  # strict UTF-8: no surrogate may survive
    assert json.loads(encoded) == d
    shown = re.sub("[\ud800-\udfff]", "\ufffd", text)  # one character for one: offsets hold
    assert d["chars"] == len(text) == len(shown)
    assert d["text_sha256"] == hashlib.sha256(shown.encode("utf-8")).hexdigest()
    for s in d["spans"]:
        assert s["text"] == shown[s["start"] : s["end"]]
    assert json.dumps(d, ensure_ascii=False).encode("utf-8")


def test_a_lone_surrogate_becomes_one_replacement_character() -> None:
    text = 'Officials said it may rain.\ud800\n\nThey call it a "rigged\udc80" vote.'
    d = helpers.analyze(text).to_dict()
    quoted = [s for s in d["spans"] if "rig" in s["text"]]
    assert quoted and all(s["text"] == '"rigged\ufffd"' for s in quoted)
    assert all(text[s["start"] : s["end"]] == '"rigged\udc80"' for s in quoted)
    said = [s for s in d["spans"] if s["text"].endswith("said")]
    assert said and all(text[s["start"] : s["end"]] == s["text"] for s in said)
    plain = helpers.analyze("Officials said it may rain.").to_dict()
    assert "\ufffd" not in json.dumps(plain, ensure_ascii=False)  # ordinary text is untouched


def test_document_hash_and_dict_survive_a_lone_surrogate() -> None:
    import hashlib

    from helpers.document import Document

    doc = Document.from_text("Officials said\ud800 it may rain.")
    shown = "Officials said\ufffd it may rain."
    assert doc.sha256 == hashlib.sha256(shown.encode("utf-8")).hexdigest()
    assert doc.to_dict()["text_sha256"] == helpers.analyze(doc.text).to_dict()["text_sha256"]


def test_the_registry_names_every_layer_and_an_unknown_one_is_refused() -> None:
    from helpers.analyzers import REGISTRY

    assert tuple(REGISTRY) == helpers.spans.LAYERS
    with pytest.raises(ValueError, match=r"no analyzer called 'sourcng'.*sourcing, framing"):
        helpers.analyze("A plain line.", layers=["sourcng"])


def test_layers_not_run_still_give_their_promised_metrics() -> None:
    a = helpers.analyze("The mayor said the bridge will open.", ["paragraph"], layers=["rhetoric"])
    promised = {"attributions": 0, "hedges": 0, "loaded": 0}
    assert a.segment_metrics[0].items() >= promised.items()
    assert a.layers["sourcing"].ledger == [] and a.layers["sourcing"].spans == []


def test_the_ledger_is_typed_rows() -> None:
    a = helpers.analyze("Mayor Ana Ruiz said the bridge will open.", ["paragraph"])
    (row,) = a.layers["sourcing"].ledger
    assert isinstance(row, helpers.LedgerRow)
    assert row.to_dict() == {
        "segment": 0,
        "role": "paragraph",
        "sources": "Mayor Ana Ruiz",
        "source_types": "named_person",
        "attributions": 1,
        "unattributed_claims": 0,
        "sourced": True,
        "sentences_without_source": 0,
    }


TEACHER_LEXICON = '''
[meta]
layer = "framing"
description = "A teacher's own list: the class collects words that make a guess sound sure."

[[entry]]
id = "class-surely"
label = "booster"
phrases = ["without a shadow of doubt"]
explanation = """The writer says there is no doubt at all, but gives no evidence that would \
remove the doubt. Ask: how does the writer know?"""
taxonomy = { hyland = "booster" }
origin = "Written for our class"
examples = ["Without a shadow of doubt the plan will work."]
counterexamples = ["The plan worked, the report shows."]
'''


def test_a_teachers_own_lexicon_replaces_the_shipped_one(tmp_path) -> None:
    from helpers.lexicon import load_lexicon_file

    path = tmp_path / "our-words.toml"
    path.write_text(TEACHER_LEXICON, encoding="utf-8")
    own = load_lexicon_file(path)
    text = "Without a shadow of doubt the plan could work, officials may say."
    shipped = helpers.analyze(text, ["paragraph"], layers=["framing"])
    mine = helpers.analyze(text, ["paragraph"], layers=["framing"], lexicons={"framing": own})
    assert {s.rule for s in shipped.layer("framing")} >= {"hedge-modal", "hedge-may"}
    assert [(s.text, s.rule, s.label) for s in mine.layer("framing")] == [
        ("Without a shadow of doubt", "class-surely", "booster")
    ]
    assert "no evidence" in mine.layer("framing")[0].explanation


def test_a_lexicon_for_another_layer_or_analyzer_is_refused(tmp_path) -> None:
    from helpers.errors import HelpersError
    from helpers.lexicon import load_lexicon_file

    path = tmp_path / "our-words.toml"
    path.write_text(TEACHER_LEXICON, encoding="utf-8")
    own = load_lexicon_file(path)
    with pytest.raises(HelpersError, match="a framing lexicon cannot stand in for the rhetoric"):
        helpers.analyze("Text.", layers=["rhetoric"], lexicons={"rhetoric": own})
    with pytest.raises(ValueError, match="no analyzer called 'framin'"):
        helpers.analyze("Text.", lexicons={"framin": own})


RHETORIC_LEXICON = '''
[meta]
layer = "rhetoric"
description = "A class list of moves in comments."

[[entry]]
id = "class-wake-up"
label = "name_calling"
phrases = ["wake up sheeple"]
explanation = """Calling readers sheep insults them instead of answering what they said. \
It is a name, not an argument."""
taxonomy = { semeval2020 = "Name_Calling,Labeling" }
origin = "Written for our class"
examples = ["Wake up sheeple, it is all staged."]
counterexamples = ["Wake up early to vote."]
'''


def test_a_rhetoric_lexicon_of_ones_own_runs_its_rules_and_findings(tmp_path) -> None:
    from helpers.lexicon import load_lexicon_file

    path = tmp_path / "moves.toml"
    path.write_text(RHETORIC_LEXICON, encoding="utf-8")
    own = load_lexicon_file(path)
    text = "Wake up sheeple, this is all staged! Only a fool believes it."
    mine = helpers.analyze(text, ["comment"], layers=["rhetoric"], lexicons={"rhetoric": own})
    assert [(s.text, s.rule) for s in mine.layer("rhetoric")] == [
        ("Wake up sheeple", "class-wake-up")
    ]
    assert mine.finding("comment_rhetoric") is not None
    shipped = helpers.analyze(text, ["comment"], layers=["rhetoric"])
    assert {"fool", "staged"} <= {s.text for s in shipped.layer("rhetoric")}
