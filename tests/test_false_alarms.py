"""False alarms and misses seen on a pasted local-news article (issue 15, §4), one test each.

The sentences are written for these tests.  Each test says what a careful reader expects: a
sincere question is no leading question, a headline noun is no source, and plain judging words
that a reader spots ("mismanagement", "downward spiral") are marked.
"""

from __future__ import annotations

import helpers


def _marks(text: str, layer: str | None = None) -> list[tuple[str, str, str]]:
    spans = helpers.analyze(text).spans
    return [(s.layer, s.label, s.text) for s in spans if layer is None or s.layer == layer]


def _labels(text: str) -> set[str]:
    return {label for _layer, label, _t in _marks(text)}


NEWS = "Harlow's council voted 6-3 on Tuesday to approve a shuttle service, the clerk said."


def test_a_title_case_headline_noun_is_not_a_source() -> None:
    text = "City Council Approves Plan\n\n" + NEWS
    assert not [m for m in _marks(text, "sourcing") if "Plan" in m[2]]
    # a headline verb that agrees with its subject still attributes
    headline = "Mayor Says Plan Will Cut Traffic\n\n" + NEWS
    assert ("sourcing", "attribution", "Mayor Says") in _marks(headline, "sourcing")
    # a line read alone is a headline too: its last verb still attributes when it is no noun
    assert ("sourcing", "attribution", "Ana Ruiz said") in _marks('"We won," Ana Ruiz said.')


def test_a_sincere_question_to_other_readers_is_neither_leading_nor_a_hedge() -> None:
    comment = NEWS + "\n\nComments\n\nDoes anyone know if the shuttle will run on weekends?"
    framing = _marks(comment, "framing")
    assert not [m for m in framing if m[1] in ("rhetorical_question", "hedge")], framing
    # a question that steers is still marked, and a real condition is still a hedge
    steer = NEWS + "\n\nComments\n\nCould the council have known all along?"
    assert "rhetorical_question" in _labels(steer)
    assert ("framing", "hedge", "If") in _marks("If the rain continues, the river will flood.")


def test_wake_up_and_a_town_name_is_not_conspiracy_thinking() -> None:
    assert "conspiracy" not in _labels("Wake up, Harlow. The vote is on Tuesday.")
    assert "conspiracy" in _labels("Wake up, people! They are hiding the real agenda.")


def test_a_survey_source_keeps_its_whole_name() -> None:
    text = "According to a survey by the city planning office, 58 percent would ride it."
    spans = helpers.analyze(text).layer("sourcing")
    assert [s.source for s in spans] == ["survey by the city planning office"]


def test_a_label_before_a_colon_is_not_a_speaker() -> None:
    for label in ("Opinion", "Note", "Update", "Remember"):
        assert _marks(f"{label}: the meeting starts at six.", "sourcing") == [], label
    assert _marks("Coach Ruiz: We won.", "sourcing")[0][2] == "Coach Ruiz:"


def test_a_dateline_is_not_part_of_the_source() -> None:
    spans = helpers.analyze("RIVERTON - Clearwater Utilities today announced a plan.").spans
    assert [(s.source, s.source_type) for s in spans] == [("Clearwater Utilities", "organization")]


def test_a_possessive_cue_word_types_the_source() -> None:
    text = "The bridge carries 9,000 cars a day, according to the department's traffic count."
    (span,) = helpers.analyze(text).layer("sourcing")
    assert span.source_type == "organization"


def test_the_missed_judging_phrases_are_marked() -> None:
    cases = {
        "What is clear is that the council rushed the vote.": {"booster", "loaded_language"},
        "Years of mismanagement have left the town in a downward spiral.": {
            "loaded_language",
            "loaded_metaphor",
        },
        "Now taxpayers will pay the price.": {"appeal_to_fear"},
        "Only time will tell.": {"thought_terminating_cliche"},
        "This council has always wasted our money and never listened.": {"sweeping_generalization"},
        "Their last project destroyed everything it touched.": {"exaggeration"},
        "The company unveiled a revolutionary, world-class phone.": {"loaded_language"},
    }
    for sentence, labels in cases.items():
        assert labels <= _labels(sentence), (sentence, _marks(sentence))


def test_plain_versions_of_the_same_sentences_stay_quiet() -> None:
    for sentence in (
        "The council voted on Tuesday.",
        "The shop has always opened at nine. It closed early once, never twice.",
        "He fought in the Revolutionary War.",
        "The storm destroyed 40 homes on Tuesday.",
        "The first shuttle will run in March.",
    ):
        assert not _labels(sentence) - {"attribution"}, (sentence, _marks(sentence))


def test_the_seed_taxonomy_mapping_errors_stay_fixed() -> None:
    spans = helpers.analyze(helpers.load(helpers.seed_path())).spans
    sure = [s for s in spans if s.text == "I'm sure"]
    aware = [s for s in spans if s.rule == "authority-leaders-know"]
    assert sure and aware
    for s in sure:  # certainty without evidence: nobody else is invoked, so no Bandwagon
        assert "Bandwagon" not in " ".join(s.taxonomy.values()), s.taxonomy
    for s in aware:  # borrowing a leader's name is an appeal to authority, not impersonation
        assert s.taxonomy.get("semeval2020") == "Appeal_to_Authority"
        assert "impersonation" not in s.taxonomy.values()


def _sources(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(s.text, s.source, s.source_type) for s in helpers.analyze(text).layer("sourcing")]


def test_misreadings_of_who_says_so_seen_on_real_text() -> None:
    # 'plan' in "people familiar with the plan" is no verb; the source stops before 'said'
    assert _sources("People familiar with the plan said it was delayed.") == [
        ("People familiar with the plan said", "People familiar with the plan", "anonymous")
    ]
    # the full stop after a described speaker is no part of the source
    (aide,) = _sources("The deal is off, said a former aide to the mayor.")
    assert aide[1] == "former aide to the mayor" and not aide[0].endswith(".")
    # after a quotation, any noun phrase is the speaker of 'added'
    assert _sources('"We are ready," the coach added.') == [("coach added", "coach", "anonymous")]
    # a person of an institution is a person; a role word before a name is no outlet
    for text in (
        "Economist Ana Diaz of the state university said prices would rise.",
        "Economist Ana Diaz said prices would rise.",
    ):
        assert _sources(text)[0][2] == "named_person", text
    assert _sources("The Wall Street Journal said it.")[0][2] == "publication"


def test_advice_in_a_quotation_or_after_say_is_the_speakers_not_the_writers() -> None:
    quoted = '"We should have waited for the numbers," Ortiz said.'
    assert "prescription" not in _labels(quoted)
    assert "prescription" not in _labels("Some parents say they need to reach their children.")
    assert "prescription" in _labels("The board should ban phones from classrooms.")
    for text in ('"This must stop," the mayor said.', "The minister said the law must change."):
        assert "prescription" not in _labels(text), text
    assert "prescription" in _labels("The war must end now.")


def test_add_reports_words_only_when_words_follow() -> None:
    assert _sources("Buses will take the bridge, adding ten minutes to journeys.") == []
    assert _sources("The council added 10 buses.") == []
    assert _sources("He added that the plan would work.")[0][0] == "He added"
    assert _sources('"We are ready," the coach added.')[0][0] == "coach added"


def test_study_after_study_is_vague_and_documents_are_no_newspaper() -> None:
    (study,) = helpers.analyze("Study after study has shown that walkers spend more.").spans
    assert (study.label, study.source_type) == ("vague_attribution", "vague")
    text = "Plan cost\n\nThe repairs will cost 1.2 million pounds, council documents show.\n"
    (docs,) = helpers.analyze(text).layer("sourcing")
    assert docs.source_type == "publication" and "newspaper, news agency" not in docs.explanation


def test_a_quotation_that_goes_on_in_the_next_sentence_is_the_same_speakers() -> None:
    text = (
        "Bridge\n\n"
        '"The bridge is safe today," said Priya Nair, the chief engineer. "If we wait, the '
        'repair gets bigger." The county agreed on Monday.\n'
    )
    quotes = [s for s in helpers.analyze(text).layer("sourcing") if s.label == "quotation"]
    assert [(q.text, q.source) for q in quotes] == [
        ('"The bridge is safe today,"', "Priya Nair"),
        ('"If we wait, the repair gets bigger."', "Priya Nair"),
    ]


def test_a_comment_pronoun_is_not_the_articles_last_source() -> None:
    text = (
        "Town News\n\nThe library will stay open, said Sam Liu, its director.\n\n"
        "--- comments ---\n\nThey just want votes before the election.\n"
    )
    (want,) = [s for s in helpers.analyze(text).layer("sourcing") if "want" in s.text]
    assert want.source != "Sam Liu" and want.source_type == "vague"


def test_sincere_praise_in_a_comment_is_no_ridicule() -> None:
    praise = NEWS + "\n\nComments\n\nJo P.: Brilliant idea, thanks to the council for listening."
    assert not [m for m in _marks(praise, "rhetoric") if m[1] == "ridicule"]
    # the sarcastic "another brilliant idea" is still mockery
    sneer = (
        NEWS + "\n\nComments\n\nRay T.: Another brilliant idea from city hall. Good luck with that."
    )
    assert ("rhetoric", "ridicule", "Another brilliant idea") in _marks(sneer, "rhetoric")
