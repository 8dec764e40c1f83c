"""The sourcing analyzer: who says so, on made-up texts and on the seed."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

import helpers
from helpers.lexicon import lexicon


def spans(text: str, structure=None):
    return helpers.analyze(text, structure, layers=["sourcing"]).layer("sourcing")


def attributions(text: str, structure=None):
    return [s for s in spans(text, structure) if s.label == "attribution"]


def test_plain_reporting_named_source():
    (a,) = attributions("Headline\n\nThe mayor, Ana Ruiz, said the bridge will reopen in May.")
    # the appositive's name is the source, the role before it is not
    assert (a.text, a.source, a.source_type) == ("Ana Ruiz, said", "Ana Ruiz", "named_person")
    text = "Headline\n\nCoach Maria Lopez said the team was ready."
    (a,) = attributions(text)
    assert a.source == "Coach Maria Lopez" and a.source_type == "named_person"
    assert a.text == "Coach Maria Lopez said"
    assert a.explanation


def test_inverted_and_direct_quotation():
    text = 'Headline\n\n"We are ready for the storm," said Dr. Tom Berg, the town doctor.'
    found = spans(text)
    attr = [s for s in found if s.label == "attribution"]
    quote = [s for s in found if s.label == "quotation"]
    assert attr and attr[0].source == "Dr. Tom Berg" and attr[0].source_type == "named_person"
    assert [(q.text, q.source, q.rule) for q in quote] == [
        ('"We are ready for the storm,"', "Dr. Tom Berg", "direct-quotation")
    ]
    assert "come from Dr. Tom Berg" in quote[0].explanation
    text = "Headline\n\n“The river is rising,” she said. Ms. Park added that roads were closed."
    labels = Counter(s.label for s in spans(text))
    assert labels["quotation"] == 1 and labels["attribution"] == 2


def test_appositive_span_covers_source_through_cue():
    text = "Headline\n\nLena Fox, head of the local rowing club, warned that the lake was unsafe."
    (a,) = attributions(text)
    assert a.text == "Lena Fox, head of the local rowing club, warned"
    assert a.source == "Lena Fox" and a.source_type == "named_person"


def test_naming_is_not_citing():
    for text in (
        "Headline\n\nThe trip was led by Karl Meyer, a teacher.",
        "Headline\n\nThe students met Governor Ann Lee in the hall.",
        "Headline\n\nWe talked with President Joan Wood about the garden.",
        "Headline\n\nThe rain made the roads slippery and the buses came late.",
        "Headline\n\nIf the city views the plan as useful, it may fund it.",
    ):
        assert spans(text) == [], text


def test_anonymous_and_vague():
    text = (
        "Headline\n\nPeople familiar with the talks said the deal was close. Officials said more."
    )
    types = [s.source_type for s in attributions(text)]
    assert types == ["anonymous", "anonymous"]
    for phrase in (
        "Critics say the law goes too far.",
        "It is widely believed that the plan failed.",
        "History shows that walls do not last.",
        "Experts agree the method works.",
        "Questions linger about the money.",
        "Many local parents may view the change as unfair.",
        "The singer reportedly left the band.",
    ):
        found = spans("Headline\n\n" + phrase)
        assert [s.label for s in found] == ["vague_attribution"], phrase
        assert found[0].source_type == "vague" and "no one" in found[0].explanation
    a = helpers.analyze("Headline\n\nCritics say the law goes too far.", layers=["sourcing"])
    assert a.segment_sourced[1] is False


def test_according_to_publication_and_organization():
    text = (
        "Headline\n\nAccording to a Daily Courier article, it closed. The Swim Club reports a loss."
    )
    a = attributions(text)
    assert a[0].source == "Daily Courier article" and a[0].source_type == "publication"
    assert a[1].source == "Swim Club" and a[1].source_type == "organization"


PARAS = "\n\n".join(
    [
        "Harbor Gazette Reports: Ferry Service Ends",
        "The ferry will stop in June, according to the Harbor Gazette.",
        "The boats are old.",
        "Repairs would cost a lot.",
        "Nobody knows what comes next.",
        "The port manager, Eva Holm, said a bus will replace it.",
    ]
)


def test_headline_agrees_and_longest_stretch():
    a = helpers.analyze(PARAS, ["headline", *["paragraph"] * 5], layers=["sourcing"])
    assert a.finding("headline_source_mismatch") is None
    stretch = a.finding("longest_unsourced_stretch")
    assert stretch is not None and "Lines 3 to 5" in stretch.message and stretch.spans
    rows = [row.to_dict() for row in a.layers["sourcing"].ledger]
    assert [r["sourced"] for r in rows] == [True, True, False, False, False, True]
    assert rows[1]["sources"] == "Harbor Gazette" and rows[1]["source_types"] == "publication"
    assert rows[2]["sentences_without_source"] == 1 and rows[0]["role"] == "headline"
    # "The boats are old." is plain background: no claim is marked
    assert [r["unattributed_claims"] for r in rows] == [0] * 6


def test_headline_mismatch_found():
    text = PARAS.replace("according to the Harbor Gazette", "according to the Valley Times")
    a = helpers.analyze(text, ["headline", *["paragraph"] * 5], layers=["sourcing"])
    f = a.finding("headline_source_mismatch")
    assert f is not None and "Harbor Gazette" in f.message and "Valley Times" in f.message
    assert len(f.spans) == 2


def test_anonymous_reliance():
    text = (
        "Headline\n\nOfficials said the plant will close. Sources said so. Critics say it is bad."
    )
    a = helpers.analyze(text, layers=["sourcing"])
    assert a.finding("anonymous_reliance") is not None
    plain = "Headline\n\nThe plant manager, Jo Dunn, said it will close. Officials said jobs go."
    assert helpers.analyze(plain, layers=["sourcing"]).finding("anonymous_reliance") is None


def test_lexicon_phrases_unique_and_documented():
    lex = lexicon("sourcing")
    seen = Counter(p if e.data.get("case_sensitive") else p.lower() for e in lex for p in e.phrases)
    assert [p for p, n in seen.items() if n > 1] == []
    for e in lex:
        assert e.explanation and e.origin and e.examples


def _scan_time(pattern: re.Pattern[str], text: str) -> float:
    """The least CPU time of three scans (a loaded machine slows some, never speeds one)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        list(pattern.finditer(text))
        best = min(best, time.process_time() - t0)
    return best


def test_patterns_linear():
    """10x the text takes about 10x the time for every regex entry (a ratio, as
    test_performance measures; a backtracking pattern would take ~100x)."""

    def nasty(n: int) -> str:
        return ("a " * n) + ("according to " * (n // 10)) + ("sources familiar with " * (n // 10))

    small, large = nasty(20_000), nasty(200_000)
    for e in lexicon("sourcing"):
        if e.regex is None:
            continue
        t_small, t_large = _scan_time(e.regex, small), _scan_time(e.regex, large)
        ratio = t_large / max(t_small, 0.001)  # 1 ms floor: below it the timer is noise
        assert ratio < 30, (e.id, t_small, t_large)


# --- the seed -------------------------------------------------------------------------------

EXPECTED = [
    ("According to a New York Times article", "publication"),
    ("Mr. Smith praised", "named_person"),
    ("Mr. Smith outlined", "named_person"),
    ("sources familiar with the discussions noted", "anonymous"),
    ("state television hinted", "publication"),
    ("according to the New York Times", "publication"),
    (
        "Franak Viacorka, chief of staff to exiled opposition leader Svetlana Tikhanovskaya, "
        "expressed",
        "named_person",
    ),
    ("emphasized", "named_person"),
    ("Viasna group reports", "organization"),
    ("Tatyana Khomich, sister of prominent prisoner Maria Kolesnikova, welcomed", "named_person"),
    ("noting", "named_person"),
    ("Political analyst Artyom Shraibman, now in exile, highlighted", "named_person"),
    ("He views", "named_person"),
    ("Mr. Smith emphasized", "named_person"),
    ("Piotr Krawczyk, former head of Poland’s foreign intelligence service, sees", "named_person"),
]
VAGUE = [
    "long regarded as",
    "reflect concerns",
    "questions linger",
    "many Russian officials may view",
    "gains traction",
    "raises concerns",
    "History shows",
]


@pytest.fixture(scope="module")
def seed_analysis():
    return helpers.analyze(helpers.seed(), layers=["sourcing"])


def test_seed_attributions(seed_analysis):
    a = seed_analysis
    body = [s for s in a.layer("sourcing") if a.document.segment_at(s.start).role == "paragraph"]
    got = [(s.text, s.source_type) for s in body if s.label == "attribution"]
    assert got == EXPECTED
    assert [s.text for s in body if s.label == "vague_attribution"] == VAGUE
    assert all(s.explanation for s in a.layer("sourcing"))
    he = next(s for s in body if s.text == "He views")
    assert he.source == "Political analyst Artyom Shraibman"


def test_seed_findings_and_headings(seed_analysis):
    a = seed_analysis
    f = a.finding("headline_source_mismatch")
    assert f is not None and "New York Post" in f.message and "New York Times" in f.message
    assert a.finding("longest_unsourced_stretch") is not None
    assert a.finding("anonymous_reliance") is None
    for s in a.layer("sourcing"):
        assert a.document.segment_at(s.start).role not in ("subheading", "comment")
    code = sorted((Path(helpers.__file__).with_name("analyzers") / "sourcing").glob("*.py"))
    lex = Path(helpers.__file__).with_name("lexicons").glob("sourcing*.toml")
    assert len(code) > 1
    for path in [*code, *lex]:
        assert not re.search(r"Belarus|Lukashenko|New York|Viasna", path.read_text("utf-8"))


def test_seed_against_expert_reading(seed_analysis):
    from helpers.annotations import expert_reading

    reading = expert_reading()
    claim = "unattributed_claim"
    found = seed_analysis.layer("sourcing")
    sources = [s for s in reading.detectable("sourcing") if s.label != claim]
    result = helpers.match_spans([s for s in found if s.label != claim], sources)
    assert result.precision == 1.0
    # every expert source but one: the slogan "peace through strength", quoted after a
    # possessive ("President Trump's "…" agenda"), which no rule credits
    assert [s.text for s in result.misses] == ['"peace through strength"']
    # unsourced claims: three of the six; the three missed follow a sentence that cites someone
    # (the expert reads that citation as not covering them; the rule, to stay precise, does)
    claims = helpers.match_spans([s for s in found if s.label == claim], reading.label(claim))
    assert (claims.n_predicted, len(claims.found)) == (4, 3)
    assert {s.text[:20] for s in claims.misses} == {
        "ongoing arrests unde",
        "providing Lukashenko",
        "despite its usual te",
    }
    whole = helpers.match_spans(found, reading.detectable("sourcing"))
    assert whole.precision >= 0.95 and whole.recall >= 0.85


def test_seed_quiet_in_opinion_half_and_comments(seed_analysis):
    a = seed_analysis
    opinion_start = a.document.segments[14].start  # line 15: the first opinion subheading
    late = [s for s in a.layer("sourcing") if s.start >= opinion_start]
    # no one is cited there: only vague sources and claims stated with no source at all
    assert late and {s.label for s in late} == {"vague_attribution", "unattributed_claim"}
    comments = a.document.by_role("comment")
    assert not [s for s in late if s.start >= comments[0].start]


# --- rules added for stance verbs, vague passives, weasel phrases, colons, naming quotes --------


def test_strong_speech_verbs_accept_plain_noun_subjects():
    (a,) = attributions("Headline\n\nThe bus driver said the road was icy.")
    assert a.source == "bus driver" and a.source_type == "anonymous"
    found = attributions('Headline\n\n"It was loud," said one local shopkeeper on the corner.')
    assert [(a.text, a.source) for a in found] == [
        ("said one local shopkeeper", "one local shopkeeper")
    ]
    assert spans("Headline\n\nThe new pool adds fun to the summer.") == []


def test_relative_clause_bracket_and_dash_appositives():
    for text, who in (
        (
            "Headline\n\nLena Fox, who runs the rowing club, warned that the lake was unsafe.",
            "Lena Fox",
        ),
        ("Headline\n\nTom Reed (Green Party) said the park will stay open.", "Tom Reed"),
        ("Headline\n\nAna Diaz — the club's coach — said practice starts at six.", "Ana Diaz"),
    ):
        (a,) = attributions(text)
        assert (a.source, a.source_type) == (who, "named_person"), text


def test_stance_and_intention_verbs_need_a_real_source():
    (a,) = attributions("Headline\n\nHead teacher Jo Park seeks a longer lunch break.")
    assert a.source_type == "named_person"
    for text in (
        "Headline\n\nParis sought a new bus route for years.",
        "Headline\n\nThe weather seemed odd to everyone.",
    ):
        assert attributions(text) == [], text


def test_vague_passives_and_weasel_phrases():
    for phrase in (
        "The new bridge is expected to open in spring.",
        "The old fort, long regarded as haunted, is closed.",
        "The captain is said to be unhappy.",
        "The plan raises concerns about the cost.",
        "The idea is gaining traction in town.",
        "The new rules reflect concerns about safety.",
    ):
        found = spans("Headline\n\n" + phrase)
        assert [s.label for s in found] == ["vague_attribution"], phrase
        assert found[0].source_type == "vague" and "no one" in found[0].explanation
    assert attributions("Headline\n\nMayor Ana Ruiz expects the bridge to open in spring.")
    assert spans("Headline\n\nThe bridge will open in spring.") == []


def test_colon_after_a_speaker():
    (a,) = attributions('Headline\n\nCoach Ana Ruiz: "We trained hard all winter."')
    assert a.rule == "colon-speaker" and a.source == "Coach Ana Ruiz"
    assert attributions("Headline\n\nThe plan has three parts: food, water and rest.") == []


def test_naming_quotation():
    text = "Headline\n\nThe coach, Ana Ruiz, praised what she termed \u201ca brave comeback.\u201d"
    quotes = [s for s in spans(text) if s.label == "quotation"]
    assert [(q.text, q.source, q.rule) for q in quotes] == [
        ("\u201ca brave comeback.\u201d", "Ana Ruiz", "naming-quotation")
    ]
    assert "the text says Ana Ruiz called it that" in quotes[0].explanation


# --- rules: pronoun after an opening phrase, "what X said", "who say", polls, asked, transcripts


def test_pronoun_subject_after_opening_phrase_and_what_said():
    text = "Headline\n\nCoach Ana Ruiz said it rained. On Monday she said the pool is shut."
    a = attributions(text)[-1]
    assert (a.text, a.source) == ("she said", "Coach Ana Ruiz")
    found = spans("Headline\n\nThe fair drew what many visitors said was a record crowd.")
    assert found and found[0].text == "many visitors said"
    assert attributions("Headline\n\nOn Monday the pool was shut.") == []


def test_relative_who_with_a_strong_verb():
    found = attributions("Headline\n\nIt upset lawmakers who say parking is too dear.")
    assert found and found[0].text == "lawmakers who say"
    assert attributions("Headline\n\nShe helps children who like drawing.") == []


def test_in_a_poll_frame():
    (a,) = attributions("Headline\n\nThe mayor leads by ten points in a new city poll.")
    assert (a.rule, a.text, a.source) == ("frame-medium", "in a new city poll", "new city poll")
    assert a.source_type == "publication"
    for text in (
        "Headline\n\nThe students stayed in the library until six.",
        "Headline\n\nThe team is rising in the polls.",
        "Headline\n\nThe coach said in a poll of players that nobody wanted to train.",
    ):
        assert not any(s.rule == "frame-medium" for s in spans(text)), text


def test_when_asked_shares_the_speaker():
    text = "Headline\n\nWhen asked about the fees, Coach Ana Ruiz said they would stay."
    found = attributions(text)
    asked = [s for s in found if s.text == "asked"]
    assert asked and asked[0].source == "Coach Ana Ruiz"
    assert attributions("Headline\n\nWhen asked, the old bell rang twice.") == []


def test_transcript_speaker_in_capitals():
    roles = ["headline", "paragraph"]
    (a,) = attributions("Headline\n\nKATE WINTER: Why did the bus stop?", roles)
    assert a.rule == "colon-speaker" and a.source_type == "named_person"
    assert attributions("Headline\n\nUPDATE: The bus runs again.", roles) == []


def test_comma_then_said_with_described_speaker():
    found = attributions("Headline\n\nThe pool will stay shut, said a former aide to the mayor.")
    assert found and found[0].text.startswith("said a former aide")


# --- rules: adverbs before the verb, opening phrases, long appositives, role nouns, "who" ------


def test_adverb_or_negation_between_subject_and_verb():
    (a,) = attributions("Headline\n\nCoach Ana Ruiz wrongly claimed that the pool was shut.")
    assert a.text == "Coach Ana Ruiz wrongly claimed" and a.source_type == "named_person"
    (a,) = attributions("Headline\n\nMayor Tom Reed didn’t deny that the bridge was unsafe.")
    assert a.source == "Mayor Tom Reed"
    found = attributions("Headline\n\nAn ally said the vote was close.")
    assert found and found[0].source == "ally"


def test_participle_shares_the_subject_after_an_opening_phrase():
    text = (
        "Headline\n\nIn a long speech on Friday, the retired teacher waved at the crowd, "
        "saying the school would stay open."
    )
    found = attributions(text)
    assert [s.text for s in found] == ["saying"]
    assert found[0].source == "retired teacher"
    assert attributions("Headline\n\nOn Friday, the old bus broke down, leaving us stuck.") == []


def test_long_appositive_with_a_relative_clause():
    text = (
        "Headline\n\nLena Fox, a baker who sold bread and cakes for years, said the shop "
        "will close."
    )
    (a,) = attributions(text)
    assert a.source == "Lena Fox" and a.text.endswith("said")
    (a,) = attributions("Headline\n\nCouncillor Jo Park (Green Party), said the park stays open.")
    assert a.source == "Councillor Jo Park"


def test_role_nouns_type_the_source():
    (a,) = attributions("Headline\n\nThe nominee told the crowd that taxes would fall.")
    assert a.source == "nominee" and a.source_type == "anonymous"
    (a,) = attributions("Headline\n\nThe club manager, Eva Holm, warned that fees would rise.")
    assert a.source == "Eva Holm" and a.source_type == "named_person"
    (a,) = spans("Headline\n\nLocal economists warn that prices will rise.")
    assert a.label == "vague_attribution" and a.source_type == "vague"


def test_who_clause_with_other_verbs():
    found = attributions('Headline\n\n"It was fun," said Tom Reed, who noted that it rained.')
    assert [s.text for s in found] == ["said Tom Reed", "noted"]
    assert found[1].source == "Tom Reed"
    found = attributions("Headline\n\nThe plan upset some lawmakers who oppose new taxes.")
    assert found and found[0].text == "some lawmakers who oppose"
    assert attributions("Headline\n\nThe town has many voters who prefer tea.") == []


def test_lone_surname_with_strict_verb_is_a_person_when_named_in_full_elsewhere():
    text = (
        "Headline\n\nCouncillor Mira Tandel spoke at the library on Monday.\n\n"
        "Tandel sought to calm the parents. Paris sought a new mayor."
    )
    found = attributions(text)
    assert [(a.text, a.source_type) for a in found] == [("Tandel sought", "named_person")]
    assert not any("Paris" in a.text for a in found)


def test_responded_by_saying_is_not_a_passive():
    found = attributions("Headline\n\nIvo Brandt responded by saying the team was tired.")
    assert any(a.text == "Ivo Brandt responded" for a in found)
    assert not attributions("Headline\n\nThe plan was endorsed by the town.")


def test_it_refers_to_the_organization_cited_last():
    text = (
        "Headline\n\nThe water company said the pipes were old. It also said repairs "
        "would start soon. It seems the town agrees."
    )
    found = attributions(text)
    it = [a for a in found if a.text.startswith("It")]
    assert len(it) == 1 and it[0].source == "water company"
    assert it[0].source_type == "organization"
    assert not attributions("Headline\n\nIt said on the box that the toy was safe.")


def test_according_to_a_document_or_a_pronoun():
    found = attributions("Headline\n\nThe pool will close, according to a note on the door.")
    assert len(found) == 1 and found[0].text == "according to a note"
    assert not found[0].extra.get("outlet")
    found = attributions(
        "Headline\n\nThe pool will close, according to a long letter to the parents of the town."
    )
    assert [a.text for a in found] == ["according to a long letter to the parents of the town"]
    text = "Headline\n\nDr. Lena Ott said the pool was old.\n\nIt failed, according to her."
    (a,) = [a for a in attributions(text) if a.text.startswith("according")]
    assert a.source == "Dr. Lena Ott"


def test_capitalised_group_plurals_are_groups_not_persons():
    (a,) = spans("Headline\n\nFarmers seem worried about the rain.")
    assert a.text == "Farmers seem" and a.source_type == "vague"
    (a,) = attributions("Headline\n\nHarbour Democrats want a vote on the bridge.")
    assert a.source_type == "organization"
    text = "Headline\n\nCoach Lina Sanders spoke on Monday.\n\nSanders seems calm about the match."
    assert any(a.text == "Sanders seems" and a.source_type == "named_person" for a in spans(text))


def test_progressive_and_weekday_between_subject_and_verb():
    (a,) = attributions("Headline\n\nAna Ruiz is touting her plan for the park.")
    assert a.text == "Ana Ruiz is touting"
    (a,) = attributions("Headline\n\nCoach Ana Ruiz on Monday said the pool will close.")
    assert a.source == "Coach Ana Ruiz"
    found = attributions("Headline\n\nA poll released Sunday showed most pupils walk to school.")
    assert found and all(a.source_type == "publication" for a in found)


def test_with_subject_and_ing_after_a_document_or_group():
    (a,) = attributions("Headline\n\nThe vote failed, with Ana Ruiz calling for a recount.")
    assert a.text == "Ana Ruiz calling for" and a.source_type == "named_person"
    (a,) = attributions("Headline\n\nThe race is close, with a new survey showing a tie.")
    assert a.source_type == "publication"
    (a,) = attributions("Headline\n\nThe club split, with three in 10 saying no.")
    assert a.text == "three in 10 saying"
    assert attributions("Headline\n\nHe came home with his dog barking loudly.") == []


def test_shares_of_poll_respondents_and_asked_by():
    (a,) = attributions("Headline\n\nAbout 4 in 10 say they want a longer break.")
    assert a.text == "About 4 in 10 say"
    (a,) = attributions("Headline\n\nAna Ruiz was asked by a host about the plan.")
    assert a.text == "Ana Ruiz was asked"
    assert attributions("Headline\n\nThe plan was endorsed by the town.") == []


def test_colon_before_a_quotation_and_participle_after_a_quote():
    text = "Headline\n\nThe result does not surprise pollster Ana Ruiz: “Small parties grow.”"
    (a,) = attributions(text)
    assert a.text == "Ana Ruiz:" and a.rule == "colon-speaker"
    text = "Headline\n\nAna Ruiz defended “small-town values,” saying the town was brave."
    assert [a.text for a in attributions(text)] == ["Ana Ruiz defended", "saying"]


def test_what_a_speaker_called_is_an_attribution_when_alone():
    text = "Headline\n\nIn 2009, under what Mr. Tandel called ''the old model,'' fees rose."
    found = spans(text)
    assert [(s.label, s.text) for s in found] == [
        ("attribution", "Mr. Tandel called"),
        ("quotation", "''the old model,''"),
    ]
    text = "Headline\n\nMr. Tandel praised what he termed “a fine result.”"
    assert [a.text for a in attributions(text)] == ["Mr. Tandel praised"]


def test_segment_token_windows_match_a_fresh_scan():
    """The per-segment token cache gives exactly what scanning each window afresh gives.

    Windows start and end anywhere (inside words, on punctuation, outside the segment), in any
    order, so the cover grows on both sides and edge tokens are cut.
    """
    import random

    from helpers.analyzers import sourcing

    rng = random.Random(7)
    pieces = ["Ana", "Ruiz", "said", "U.S.", "don't", "co-op", "A&B", "é", "_x", ",", "“", "”"]
    pieces += [" ", " ", "  ", "\n", "—", ".", "'s", "’", "42", "Mr.", "\t"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        cache = sourcing._SegmentTokens(text, lo, hi)
        for _ in range(12):
            a = rng.randint(max(0, lo - 3), len(text))
            b = rng.randint(max(0, a - 3), len(text))
            assert cache.window(a, b) == sourcing._tokens(text, a, b), (text, lo, hi, a, b)


def test_tokens_offsets_match_the_regex_scan():
    """``_tokens`` finds offsets with ``str.find``; they must be where the regex matched.

    Repeated words, skipped characters ("é", "_") and cut windows are the cases where a
    search for the token's text could land somewhere else.
    """
    import random

    from helpers.analyzers import sourcing

    rng = random.Random(11)
    pieces = ["ab", "b", "a", "ab.", "'s", "s", "é", "_", "éab", "_b", ",", "’", "-", "&", "9"]
    pieces += [" ", "  ", "\n", "—", "“"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        scan = [(m.start(), m.end(), m.group()) for m in sourcing._TOKEN.finditer(text, a, b)]
        assert sourcing._tokens(text, a, b) == scan, (text, a, b)


def test_closed_class_word_lists_are_checked_when_read():
    """sourcing.toml's [words] names what is wrong: a missing or unknown list, a repeat."""
    import tomllib
    from importlib import resources

    from helpers.analyzers.sourcing.words import WORDS_FILE, load_words

    text = resources.files("helpers").joinpath(WORDS_FILE).read_text("utf-8")
    raw = tomllib.loads(text)["words"]
    assert load_words(raw)["weekdays"][0] == "Monday"
    with pytest.raises(ValueError, match=r"missing list\(s\) \['aux'\]"):
        load_words({k: v for k, v in raw.items() if k != "aux"})
    with pytest.raises(ValueError, match=r"unknown list\(s\) \['auxx'\]"):
        load_words(raw | {"auxx": ["has"]})
    with pytest.raises(ValueError, match=r"'aux' lists \['itself'\] twice"):
        load_words(raw | {"aux": ["itself", "has", "itself"]})
    with pytest.raises(ValueError, match=r"'modals' must be a list of non-empty strings"):
        load_words(raw | {"modals": ["may", ""]})


# --- the lexicon's own examples ---------------------------------------------------------------

_TEXT_RULES = ("when-asked", "same-source")  # their explanation is added to a verb's span


def _credits(entry, found) -> bool:
    """Whether a span of ``found`` is the entry's own doing (for a cue: a source it typed)."""
    kind = entry.data.get("kind")
    if kind == "cue" or entry.data.get("position") == "source":  # a frame that names a source
        t = entry.data.get("source_type", "anonymous")
        return any(s.source_type in (t, "anonymous" if t == "named_person" else t) for s in found)
    if entry.id in _TEXT_RULES:
        return any(entry.explanation in s.explanation for s in found)
    return any(s.rule == entry.id and s.label == entry.label for s in found)


@pytest.mark.parametrize("entry", lexicon("sourcing").entries, ids=lambda e: e.id)
def test_lexicon_examples(entry) -> None:
    """Every entry finds its examples and none of its counterexamples, as framing's do."""
    assert entry.examples and entry.taxonomy and entry.origin, entry.id

    def found(example: str) -> list[helpers.Span]:
        if entry.data.get("kind") != "claim":
            return spans(example)
        # a claim is looked for in paragraphs only; one line alone would be read as a headline
        return spans("Headline\n\n" + example, ["headline", "paragraph"])

    for example in entry.examples:
        assert _credits(entry, found(example)), (entry.id, example, found(example))
    if entry.data.get("kind") == "cue" or entry.data.get("position") == "source":
        return  # a cue marks nothing by itself: its counterexamples have no source
    for counter in entry.counterexamples:
        assert not _credits(entry, found(counter)), (entry.id, counter, found(counter))
