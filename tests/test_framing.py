"""The framing analyzer: hedges, boosters, loaded words, questions, quotes and news frames.

Made-up texts test each label both ways (it fires where it should and stays quiet where it
should not); the seed tests check the reading a teacher expects of the lesson article.
"""

from __future__ import annotations

import re

import pytest
from timing import linear_ratio, repeated

import helpers
from helpers.analyzers import framing
from helpers.lexicon import lexicon

# 10x the input may take this many times as long (linear work: about 10)
RATIO_BOUND = 20


def spans_of(text: str, label: str | None = None, role: str = "paragraph") -> list:
    analysis = helpers.analyze(text, [role], layers=["framing"])
    return [s for s in analysis.layer("framing") if label is None or s.label == label]


def texts(text: str, label: str, role: str = "paragraph") -> list[str]:
    return [s.text for s in spans_of(text, label, role)]


def metrics(text: str, role: str = "paragraph") -> dict:
    return helpers.analyze(text, [role], layers=["framing"]).segment_metrics[0]


# --- hedges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The new tax could raise prices for families.", "could"),
        ("The council might delay the vote again.", "might"),
        ("Officials may announce a decision soon.", "may"),
        ("Perhaps the plan was never serious.", "Perhaps"),
        ("A possible deal was discussed behind closed doors.", "possible"),
        ("The numbers suggest a slowdown.", "suggest"),
        ("The mayor seems unwilling to compromise.", "seems"),
        ("It is unclear who will pay for the bridge.", "It is unclear"),
        ("Whether the plan works depends on the weather.", "Whether"),
        ("This scenario assumes that the rain stops.", "scenario"),
    ],
)
def test_hedges_found(text: str, expected: str) -> None:
    assert expected in texts(text, "hedge")


def test_conditional_if_marks_the_if() -> None:
    found = spans_of("If the river keeps rising, the town will flood.", "hedge")
    assert [s.text for s in found] == ["If"]


def test_question_heading_keeps_its_hedge() -> None:
    assert "Could" in texts("Could Robots Run the School Canteen?", "hedge", role="subheading")


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on May 5 in the capital.",
        "In May, the factory hired forty workers.",
        "Prime Minister May spoke to reporters on Tuesday.",
        "The army showed its might at the parade.",
        "They pushed with all their might.",
        "The school will open a new library next year.",
        "Please reply as soon as possible.",
        "The firm would not comment on the report.",
        "The minister said she would resign on Friday.",
    ],
)
def test_not_hedges(text: str) -> None:
    assert texts(text, "hedge") == []


def test_capital_may_at_sentence_start_is_a_hedge() -> None:
    assert texts("The vote is close. May the best side win, some said.", "hedge") == ["May"]


def test_title_case_heading_may_is_a_hedge() -> None:
    assert texts("Prices May Rise Again This Winter", "hedge", role="headline") == ["May"]


def test_plain_reporting_paragraph_is_quiet() -> None:
    text = (
        "The city council voted 7 to 2 on Tuesday to build a new bus station near the market. "
        "Work will start in March and cost 4 million dollars, the council's budget office said. "
        "The station will have 12 bays and a bicycle park."
    )
    assert spans_of(text) == []
    m = metrics(text)
    assert m["hedges"] == 0 and m["loaded"] == 0 and m["speculation_index"] == 0.0


# --- boosters, loaded language, euphemism ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In fact, the plan had failed long before.", "In fact"),
        ("Clearly, nobody read the report.", "Clearly"),
        ("Of course, the team denied everything.", "Of course"),
        ("I'm sure the coach knew about it.", "I'm sure"),
        ("The strike underscores the anger of nurses.", "underscores"),
    ],
)
def test_boosters(text: str, expected: str) -> None:
    assert expected in texts(text, "booster")


def test_booster_not_in_plain_statement() -> None:
    assert texts("The report was published on Monday.", "booster") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ruler kept an iron grip on the newspapers.", "iron grip"),
        ("The mayor slammed the new parking rules.", "slammed"),
        ("The regime jailed its critics.", "regime"),
        ("It was a shocking decision by the referee.", "shocking"),
        ("The launch turned into a fiasco.", "fiasco"),
        ("After years of frozen relations, the two towns talked.", "frozen relations"),
    ],
)
def test_loaded_language(text: str, expected: str) -> None:
    assert expected in texts(text, "loaded_language")


def test_loaded_language_quiet_on_neutral_words() -> None:
    assert texts("The government criticised the new parking rules.", "loaded_language") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The new motorway would annihilate the old market.", "annihilate"),
        ("Rebels slaughtered the village's goats.", "slaughtered"),
        ("The storm left only destruction behind it.", "destruction"),
        ("It was a wicked scheme to fool pensioners.", "wicked"),
        ("The fans called the penalty a disgrace.", "disgrace"),
        ("The self-righteous speech annoyed the crowd.", "self-righteous"),
        ("The club's bogus refund offer expired.", "bogus"),
        ("A bizarre rule now bans umbrellas.", "bizarre"),
        ("They hate the new timetable.", "hate"),
        ("The predators running the club took the money.", "predators"),
        ("The leftists on the board voted no.", "leftists"),
        ("A tyrannical headteacher banned phones.", "tyrannical"),
        ("The paper tried to smear the coach.", "smear"),
        ("Rivals demonized the new mayor.", "demonized"),
        ("The aide did the minister's dirty work.", "dirty work"),
        ("The rent has skyrocketed since spring.", "skyrocketed"),
        ("It was a botched repair of the bridge.", "botched"),
        ("The rogue official kept the keys.", "rogue"),
    ],
)
def test_evaluative_vocabulary(text: str, expected: str) -> None:
    assert expected in texts(text, "loaded_language")


@pytest.mark.parametrize(
    "text",
    [
        "Police are treating the fire as a hate crime.",
        "Lions are apex predators on the plain.",
        "She played devil's advocate in the debate.",
        "The storm closed two roads and the school.",
        "The club offered a refund to every member.",
        "The coach said the team had trained hard.",
        "The rent rose by 4 percent in spring.",
    ],
)
def test_evaluative_vocabulary_quiet(text: str) -> None:
    assert texts(text, "loaded_language") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The air strike caused collateral damage in the village.", "collateral damage"),
        ("Forty workers were let go last week.", "were let go"),
        ("Her grandfather passed away in June.", "passed away"),
    ],
)
def test_euphemisms(text: str, expected: str) -> None:
    assert expected in texts(text, "euphemism")


def test_let_go_of_a_rope_is_not_a_euphemism() -> None:
    assert texts("She let go of the rope and fell into the lake.", "euphemism") == []


# --- questions, presuppositions, scare quotes -------------------------------------------------


def test_rhetorical_questions() -> None:
    text = (
        "Will the new law protect children, or merely cost shops money? "
        "Nobody has asked the parents."
    )
    found = spans_of(text, "rhetorical_question")
    assert len(found) == 1
    assert found[0].text.endswith("cost shops money?")
    assert found[0].rule == "rq-either-or"
    assert "two answers" in found[0].explanation


def test_question_heading_is_marked_and_explained() -> None:
    found = spans_of("Is Your Phone Listening to You?", "rhetorical_question", role="subheading")
    assert found and found[0].rule == "rq-heading"


def test_statement_has_no_question() -> None:
    assert spans_of("The phone was listening, the report found.", "rhetorical_question") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Far from helping, the new law made queues longer.", "Far from helping"),
        ("The council once again ignored the warnings.", "once again"),
        ("The mayor still refuses to apologise.", "still refuses"),
        ("The fact that nobody came shows how little people care.", "The fact that"),
    ],
)
def test_presuppositions(text: str, expected: str) -> None:
    assert expected in texts(text, "presupposition")


def test_far_away_is_no_presupposition() -> None:
    assert texts("The farm lies far from the nearest town.", "presupposition") == []


def test_scare_quotes() -> None:
    text = 'The company called the closure a "pause" and praised its "growth mindset" again.'
    assert texts(text, "scare_quotes") == ['"pause"', '"growth mindset"']


def test_quotes_with_a_speaker_are_not_scare_quotes() -> None:
    text = '"We will win," she said. He said, "Not today." The band played "Let It Be" twice.'
    assert texts(text, "scare_quotes") == []


@pytest.mark.parametrize(
    "text",
    [
        'Most nurses said the wards were "badly understaffed" this winter.',
        'A parent accused the coach of "bullying" the players.',
        'The minister praised what she termed "a fair deal" for farmers.',
        'Two towns banned the phrase "lazy youth" from their leaflets.',
        'In 2010 the journal printed a paper entitled "Growing slowly".',
    ],
)
def test_partial_quotations_and_mentions_are_not_scare_quotes(text: str) -> None:
    assert texts(text, "scare_quotes") == []


def test_scare_quote_after_a_speaker_in_another_sentence() -> None:
    text = 'The mayor spoke on Monday, she said. The "reform" cut nothing.'
    assert texts(text, "scare_quotes") == ['"reform"']


def test_so_called() -> None:
    assert texts("The so-called reform cut nothing.", "scare_quotes") == ["so-called"]


# --- metrics ----------------------------------------------------------------------------------


def test_speculation_index_is_hedges_per_100_words() -> None:
    text = "The plan could work. It might fail. Nobody knows what happens next in this town now."
    m = metrics(text)
    words = len(re.findall(r"\w+(?:['’]\w+)*", text))
    assert m["hedges"] == 2
    assert m["speculation_index"] == round(200 / words, 2)


def test_frames_with_their_cues() -> None:
    text = (
        "Prices at the market rose again and the bank warned that jobs and exports would suffer. "
        "Her sister and their mother say the family cannot pay the rent."
    )
    frames = metrics(text)["frames"]
    assert {"economic", "human_interest"} <= set(frames)
    assert "bank" in frames["economic"] and "sister" in frames["human_interest"]
    assert "morality" not in frames


def test_frames_need_two_cues() -> None:
    assert metrics("The bank opened at nine.")["frames"] == {}


def test_frame_cues_are_not_spans() -> None:
    assert spans_of("The bank raised prices and cut jobs.") == []


def test_metric_keys() -> None:
    m = metrics("Clearly, the plan could fail. Is it a disaster?")
    for key in ("hedges", "boosters", "loaded", "rhetorical_questions", "speculation_index"):
        assert key in m
    assert m["boosters"] == 1 and m["rhetorical_questions"] == 1 and m["loaded"] == 1


# --- the lexicon's own examples ---------------------------------------------------------------


def _entries():
    return [e for e in lexicon("framing").entries if e.data.get("scan", True)]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e.id)
def test_lexicon_examples(entry) -> None:
    assert entry.examples, f"{entry.id} has no examples"
    for example in entry.examples:
        assert entry.label in {s.label for s in spans_of(example)}, (entry.id, example)
    for counter in entry.counterexamples:
        assert entry.id not in {s.rule for s in spans_of(counter)}, (entry.id, counter)


def test_every_entry_explains_itself() -> None:
    for name in ("framing", "frames"):
        for e in lexicon(name).entries:
            assert len(e.explanation.split()) >= 12, e.id
            assert e.origin, e.id


def _framing(text: str) -> object:
    return framing.analyze(helpers.Document.from_text(text, ["paragraph"]))


# runs of one character or phrase: where a badly written pattern backtracks or rescans
PATHOLOGICAL = ["a ", "far from ", '"', "“", "?", "would "]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_regexes_are_linear_on_pathological_input(unit: str) -> None:
    ratio = linear_ratio(_framing, *repeated(unit))
    assert ratio <= RATIO_BOUND, f"10x {unit!r} took {ratio:.1f}x the time"


# --- the seed ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_analysis():
    return helpers.analyze(helpers.seed(), layers=["framing"])


def _rate(analysis, lines: range) -> float:
    doc = analysis.document
    segs = [s for s in doc.segments if s.role == "paragraph" and s.line in lines]
    hedges = sum(analysis.segment_metrics[s.index]["hedges"] for s in segs)
    words = sum(len(re.findall(r"\w+(?:['’]\w+)*", s.text)) for s in segs)
    return 100 * hedges / words


def test_seed_hedges_denser_in_second_half(seed_analysis) -> None:
    first = _rate(seed_analysis, range(3, 15))
    second = _rate(seed_analysis, range(16, 28))
    assert second > 2 * first, (first, second)
    assert second >= 3.5


def _texts(analysis, label: str) -> list[str]:
    return [s.text for s in analysis.label(label)]


def test_seed_reading(seed_analysis) -> None:
    assert "iron grip" in _texts(seed_analysis, "loaded_language")
    assert "In fact" in _texts(seed_analysis, "booster")
    assert "Far from weakening" in _texts(seed_analysis, "presupposition")
    assert '"Trump factor"' in _texts(seed_analysis, "scare_quotes")
    questions = _texts(seed_analysis, "rhetorical_question")
    assert any(q.startswith("Would a deal") for q in questions)
    assert any("Could Russia Be on Board?" in q for q in questions)


def test_seed_spans_are_explained(seed_analysis) -> None:
    for s in seed_analysis.layer("framing"):
        assert s.explanation and s.rule
        assert seed_analysis.text[s.start : s.end] == s.text
