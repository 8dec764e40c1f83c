"""The rhetoric analyzer finds persuasion moves and stays quiet on reporting and civil talk."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from timing import linear_ratio, repeated

import helpers
from helpers.analysis import analyze
from helpers.analyzers import rhetoric
from helpers.document import split_blocks
from helpers.lexicon import TAXONOMIES, lexicon

# 10x the input may take this many times as long (linear work: about 10)
RATIO_BOUND = 20

SEED = Path(__file__).resolve().parents[1] / "seeds" / "belarus-thaw" / "article.txt"
TAX_NAMES = {
    "semeval2020": {
        "Loaded_Language",
        "Name_Calling,Labeling",
        "Repetition",
        "Doubt",
        "Exaggeration,Minimisation",
        "Appeal_to_fear-prejudice",
        "Flag-Waving",
        "Causal_Oversimplification",
        "Appeal_to_Authority",
        "Slogans",
        "Black-and-White_Fallacy",
        "Thought-terminating_Cliches",
        "Whataboutism,Straw_Men,Red_Herring",
        "Bandwagon,Reductio_ad_hitlerum",
    },
    "semeval2023": {
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
        "Flag_Waving",
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
        "Straw_Man",
        "Red_Herring",
        "Whataboutism",
        "Slogans",
        "Appeal_to_Time",
        "Conversation_Killer",
        "Loaded_Language",
        "Repetition",
        "Exaggeration-Minimisation",
        "Obfuscation-Vagueness-Confusion",
        "Name_Calling-Labeling",
        "Doubt",
        "Guilt_by_Association",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    },
    "bad_news": {
        "impersonation",
        "emotion",
        "polarisation",
        "conspiracy",
        "discrediting",
        "trolling",
    },
    "flicc": {
        "fake experts",
        "logical fallacies",
        "impossible expectations",
        "cherry picking",
        "conspiracy",
    },
}


def comment(text: str):
    """Analyse ``text`` as one reader comment (rhetoric layer only)."""
    return analyze(text, ["comment"] * len(split_blocks(text)), layers=["rhetoric"])


def labels_in(text: str) -> set[str]:
    return {s.label for s in comment(text).layer("rhetoric")}


# --- every label: a made-up positive and a made-up negative -----------------------------------

POSITIVE = [
    ("sweeping_generalization", "Any politician who smiles that much is hiding something."),
    ("sweeping_generalization", "Bankers? They're all the same."),
    ("name_calling", "Only an idiot would vote for that."),
    ("name_calling", 'These are the "Bureaucrats" we were warned about.'),
    ("othering", "These people will never change their ways."),
    ("othering", "They are the same bankers who wrecked the economy."),
    ("appeal_to_fear", "This law will destroy our country."),
    ("appeal_to_fear", "Anyone who trusts that bank should watch their back."),
    ("conspiracy", "They don't want you to know what is in the water."),
    ("conspiracy", "The council has nothing else on its mind than selling the park."),
    ("hostile_intent", "The board is bent on destroying the union."),
    ("appeal_to_authority", "Studies show this diet works for everybody."),
    ("false_certainty", "I'm sure the mayor planned it all along."),
    ("false_certainty", "It is doubtful that the mayor wants anything else than power."),
    ("exaggeration", "This is the worst government ever."),
    ("minimization", "That war ended only forty years ago."),
    ("minimization", "Honestly, it is no big deal."),
    ("historical_grievance", "They tried to crush our town in 1972 and they would do it again."),
    ("historical_grievance", "Never forget what they did to our farms."),
    ("whataboutism", "What about the other team's fouls?"),
    ("whataboutism", "They lecture us on waste, and yet they did nothing about their own."),
    ("loaded_metaphor", "The mayor got in bed with the developers."),
    ("loaded_metaphor", "The minister is just a puppet of the banks."),
    ("innuendo", "He resigned the day before the audit. Makes you wonder."),
    ("innuendo", "Anyone who complains had better be careful."),
    ("personal_attack", "You obviously didn't read the article."),
    ("ridicule", "Oh sure, a new tax will fix everything. Yeah right."),
    ("thought_terminating_cliche", "Taxes are theft, end of story."),
    ("flag_waving", "Every true patriot will support this bill."),
    ("reductio_ad_hitlerum", "The new rule is straight out of an Orwellian novel."),
]

NEGATIVE = [
    ("sweeping_generalization", "Any student who finishes early may leave."),
    ("name_calling", 'The band "Blue River" played last night.'),
    ("othering", "People who live near the river were warned about the flood."),
    ("appeal_to_fear", "The rash was caused by exposure to the sun."),
    ("conspiracy", "I wake up at seven every day."),
    ("hostile_intent", "The crew wants to break the record for the fastest lap."),
    ("appeal_to_authority", "A 2019 study by the city's health office found fewer cases."),
    ("false_certainty", "I'm not sure the bus runs on Sundays."),
    ("false_certainty", "It is doubtful that the bridge will open in May."),
    ("exaggeration", "The river rose two metres overnight."),
    ("minimization", "The bridge was built forty years ago."),
    ("historical_grievance", "The library opened in 1972."),
    ("whataboutism", "Yet the committee approved the plan on Tuesday."),
    ("loaded_metaphor", "The children made a sock puppet for the show."),
    ("innuendo", "You had better bring an umbrella, it looks like rain."),
    ("personal_attack", "You are right about the bus times."),
    ("thought_terminating_cliche", "The trial period lasts two weeks."),
]


@pytest.mark.parametrize(("label", "text"), POSITIVE)
def test_label_found(label: str, text: str) -> None:
    assert label in labels_in(text)


@pytest.mark.parametrize(("label", "text"), NEGATIVE)
def test_label_not_found(label: str, text: str) -> None:
    assert label not in labels_in(text)


PLAIN_REPORTING = """\
Town Council Approves New Budget

The town council approved a budget of 4.2 million dollars on Tuesday, the mayor's office said.
The plan adds two bus routes and repairs the bridge on Mill Road, which was built in 1972.
Council member Ana Ruiz voted against it. She said the repairs should wait until a safety review is
finished next spring. The finance director, Tom Berg, said the town would borrow 300,000 dollars.
According to the county's annual report, the population grew by 3 percent last year.
Residents can comment on the plan at a public meeting on May 4.
"""

CIVIL_DISAGREEMENT = [
    "I disagree with the council here. The bridge repairs look more urgent than the bus routes.",
    "Good point, but the numbers in the report suggest the cost will be higher than planned.",
    "I see it differently: the last review found the road safe for another five years.",
    "Thanks for the article. Could the paper ask the finance director how the loan will be repaid?",
    "My family uses the Mill Road bridge daily, so I hope the repairs are not delayed.",
]


def test_plain_reporting_is_quiet() -> None:
    result = analyze(PLAIN_REPORTING, layers=["rhetoric"])
    assert result.layer("rhetoric") == []
    assert result.finding("comment_rhetoric") is None


@pytest.mark.parametrize("text", CIVIL_DISAGREEMENT)
def test_civil_disagreement_is_quiet(text: str) -> None:
    assert comment(text).layer("rhetoric") == []


# --- shape: taxonomy, explanations, metrics, findings --------------------------------------------


def test_every_span_has_valid_taxonomy_and_explanation() -> None:
    texts = [t for _label, t in POSITIVE] + [SEED.read_text(encoding="utf-8")]
    for text in texts:
        for span in analyze(text, layers=["rhetoric"]).layer("rhetoric"):
            assert span.taxonomy, span
            assert set(span.taxonomy) <= set(TAXONOMIES), span.taxonomy
            for key, name in span.taxonomy.items():
                if key in TAX_NAMES:
                    assert name in TAX_NAMES[key], (span.rule, key, name)
            assert len(span.explanation.split()) >= 12, span.rule
            assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", span.label)


def test_every_label_has_display_name_and_taxonomy() -> None:
    table = rhetoric.labels()
    used = {e.label for e in lexicon("rhetoric").entries}
    assert used <= set(table)
    for label, info in table.items():
        assert info["name"] and info["summary"], label
        for key, name in info["taxonomy"].items():
            assert key in TAXONOMIES
            if key in TAX_NAMES:
                assert name in TAX_NAMES[key], (label, key, name)
    assert rhetoric.display_name("name_calling") == "Name-calling and labelling"


def test_entries_examples_and_counterexamples() -> None:
    """Each entry finds its own examples (weak cues: together with a strong one)."""
    for e in lexicon("rhetoric").entries:
        assert e.taxonomy, e.id
        if e.data.get("weak") or e.data.get("roles"):
            continue
        for ex in e.examples:  # by label: a longer match of another entry may cover the same words
            found = {s.label for s in comment(ex).layer("rhetoric")}
            assert e.label in found, (e.id, ex)
        for ex in e.counterexamples:
            found = {s.rule for s in comment(ex).layer("rhetoric")}
            assert e.id not in found, (e.id, ex)


def test_triggers_cover_examples() -> None:
    """Every match of a regex entry with ``trigger`` strings contains one (the speed-up is safe)."""
    for e in lexicon("rhetoric").entries:
        trig = e.data.get("trigger")
        if not trig or e.regex is None:
            continue
        for ex in e.examples:
            for m in e.regex.finditer(ex):
                assert any(t in m.group().lower() for t in trig), (e.id, ex)


def test_weak_cue_needs_a_strong_move() -> None:
    assert labels_in("The storm was a disaster for the harbour.") == set()
    assert "exaggeration" in labels_in("Those idiots turned it into a total disaster, as always.")


def test_metrics_and_findings() -> None:
    text = "Report\n\nThe council met on Monday.\n\n--- comments ---\n\nThese people are idiots."
    result = analyze(text, layers=["rhetoric"])
    seg = next(s for s in result.document.segments if s.role == "comment")
    metrics = result.segment_metrics[seg.index]
    assert metrics["rhetoric"] == 2
    assert metrics["rhetoric_labels"] == {"othering": 1, "name_calling": 1}
    found = result.finding("comment_rhetoric")
    assert found is not None and "name-calling" in found.message
    assert result.finding("rhetoric_outside_comments") is None


# runs of one character or phrase, and a long tail after a trigger: where a badly written
# pattern backtracks or rescans (each as a maker of k units and the k of about 2,000 chars)
PATHOLOGICAL = {
    "a": repeated("a"),
    "spaces": repeated(" "),
    "apostrophes": repeated("'"),
    "quote-A": repeated('"A'),
    "in": repeated("in "),
    "you": repeated("you "),
    "the-same": repeated("the same "),
    "A-then-bang": ((lambda k: "A" * k + "!"), 2_000),
    "doubtful-tail": ((lambda k: "it is doubtful that " + "x " * k), 1_000),
}


def _rhetoric(text: str) -> object:
    lexicon("rhetoric").hits(text)
    return comment(text)


@pytest.mark.parametrize("shape", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_inputs_are_linear(shape: tuple[Callable[[int], str], int]) -> None:
    ratio = linear_ratio(_rhetoric, *shape)
    assert ratio <= RATIO_BOUND, f"10x the input took {ratio:.1f}x the time"


# --- the seed ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result():
    return analyze(helpers.seed(), layers=["rhetoric"])


def _labels_on(result, quote: str) -> set[str]:
    text = result.text
    at = text.index(quote)
    return {s.label for s in result.layer("rhetoric") if s.start < at + len(quote) and s.end > at}


@pytest.mark.parametrize(
    ("quote", "wanted"),
    [
        ("gets in bed with", {"loaded_metaphor", "innuendo"}),
        ("had better watch its back", {"appeal_to_fear", "innuendo"}),
        ("I'm sure", {"false_certainty"}),
        ("It is doubtful that", {"false_certainty"}),
        ("has anything else on its mind than to break up", {"conspiracy", "hostile_intent"}),
        ('"Anglo-Saxons"', {"name_calling"}),
        ("in 1991", {"historical_grievance"}),
        ("only 34 years ago", {"minimization"}),
        ("Any country that", {"sweeping_generalization"}),
    ],
)
def test_seed_comments(seed_result, quote: str, wanted: set[str]) -> None:
    assert _labels_on(seed_result, quote) & wanted


def test_seed_body_has_few_spans(seed_result) -> None:
    doc = seed_result.document
    body = [s for s in seed_result.layer("rhetoric") if doc.segment_at(s.start).role != "comment"]
    assert len(body) <= 3
    assert seed_result.finding("comment_rhetoric") is not None


# --- the whole-text scan keeps the per-segment, per-sentence meaning ---------------------------


def test_regex_entries_are_left_to_the_analyzer() -> None:
    """The analyzer scans its regexes sentence by sentence; the engine must not scan them too."""
    for e in lexicon("rhetoric").entries:
        if e.regex is not None:
            assert e.data.get("scan") is False, e.id


def test_starts_cover_examples() -> None:
    """A ``sentence_start`` entry's ``starts`` prefixes cover the first word of its matches."""
    for e in lexicon("rhetoric").entries:
        starts = tuple(e.data.get("starts", ()))
        if not starts:
            continue
        assert e.data.get("sentence_start"), e.id
        for ex in e.examples:
            for m in e.regex.finditer(ex):  # type: ignore[union-attr]
                assert m.group().lower().startswith(starts), (e.id, ex)


def test_spans_stay_inside_their_segment_and_sentence() -> None:
    """A phrase or pattern never runs over a segment's end, even when the words would go on."""
    text = (
        "Report\n\nThe council met.\n\n--- comments ---\n\nThose idiots. They are all\n\n"
        "the same people who said so.\n\nAnd yet Smith. He did it. What\n\nabout the rest?"
    )
    result = analyze(text, layers=["rhetoric"])
    doc = result.document
    for span in result.layer("rhetoric"):
        seg = doc.segment_at(span.start)
        assert seg is not None and span.end <= seg.end, span
    assert "sweeping_generalization" not in {s.label for s in result.layer("rhetoric")}
