"""Unsourced claims: flat judgements and predictions that nobody is said to make (issue 15 §3).

Every text here is written for the test.  The detector must fire on a claim in a paragraph
with no source nearby, and stay quiet when a source is in the sentence or the one before, on
questions, headlines, comments and plain dated background.
"""

from __future__ import annotations

import pytest

import helpers
from helpers.analyzers.sourcing import unsourced
from helpers.annotations import EXPERT_ONLY_LABELS, expert_reading

CLAIMS = [
    "The timing of this diplomatic outreach is significant.",
    "For years, Moscow has sought to stabilize its western flank.",
    "Nonetheless, the 'Trump factor' adds momentum, compelling all parties to talk.",
]


ROLES = ["headline", "paragraph"]


def claims(text: str, roles: list[str] | None = None) -> list[helpers.Span]:
    spans = helpers.analyze(text, roles, layers=["sourcing"]).layer("sourcing")
    return [s for s in spans if s.label == "unattributed_claim"]


def paragraph(*sentences: str) -> str:
    """A headline and one paragraph of the sentences (roles given, not guessed)."""
    return "Talks Resume\n\n" + " ".join(sentences)


@pytest.mark.parametrize("claim", CLAIMS)
def test_fires_on_a_claim_in_an_unattributed_paragraph(claim: str) -> None:
    text = paragraph("The talks began on Monday in Minsk.", claim)
    (span,) = claims(text, ["headline", "paragraph"])
    # the span is the claim's sentence, without a leading linking word and its full stop
    assert span.text == claim.removeprefix("Nonetheless, ").rstrip(".")
    assert span.layer == "sourcing" and span.rule.startswith("claim-")
    assert span.explanation and "who" in span.explanation.lower() and span.taxonomy
    assert span.source is None and span.source_type is None


def test_all_three_in_one_paragraph_are_marked_each() -> None:
    found = claims(paragraph(*CLAIMS), ["headline", "paragraph"])
    assert [s.rule for s in found] == ["claim-evaluative", "claim-sweeping-time", "claim-effect"]


@pytest.mark.parametrize("claim", CLAIMS)
def test_quiet_when_officials_said_it_in_the_sentence(claim: str) -> None:
    said = claim.rstrip(".") + ", officials said."
    assert claims(paragraph("The talks began on Monday in Minsk.", said), ROLES) == []


@pytest.mark.parametrize("claim", CLAIMS[:2])
def test_quiet_when_officials_said_so_in_the_sentence_before(claim: str) -> None:
    before = "Officials said the talks went well."
    assert claims(paragraph(before, claim), ["headline", "paragraph"]) == []
    # and across a paragraph break: the last sentence of the paragraph before
    text = f"Talks Resume\n\n{before}\n\n{claim}"
    assert claims(text, ["headline", "paragraph", "paragraph"]) == []


def test_a_vague_source_or_a_quotation_before_also_keeps_it_quiet() -> None:
    roles = ["headline", "paragraph"]
    assert claims(paragraph("Critics say the plan is flawed.", CLAIMS[0]), roles) == []
    quoted = '"We will keep talking until the job is done," Ana Ruiz said.'
    assert claims(paragraph(quoted, CLAIMS[1]), roles) == []
    inside = 'The minister spoke. "The timing of this outreach is significant for all of us."'
    assert claims(paragraph(inside), roles) == []


def test_a_reaction_before_is_not_a_source_for_the_next_sentence() -> None:
    """'gains traction' (carries = false) reports a reception, not words the claim continues."""
    text = paragraph("The idea gains traction in town.", CLAIMS[1])
    assert [s.rule for s in claims(text, ["headline", "paragraph"])] == ["claim-sweeping-time"]


def test_quiet_on_questions_headlines_comments_and_guesses() -> None:
    assert claims(paragraph("Is the timing of this outreach significant?"), ROLES) == []
    head = "The Timing of the Outreach Is Significant\n\nThe talks began on Monday in Minsk."
    assert claims(head, ["headline", "paragraph"]) == []
    comment = "Talks Resume\n\nThe talks began.\n\nThe timing of this outreach is significant."
    assert claims(comment, ["headline", "paragraph", "comment"]) == []
    for guess in (
        "The timing of this outreach could be significant.",
        "If the talks hold, the timing is significant.",
        "Perhaps the new rule adds momentum to the campaign.",
        "I think the timing of this outreach is significant.",
    ):
        assert claims(paragraph(guess), ["headline", "paragraph"]) == [], guess


def test_quiet_on_plain_dated_background() -> None:
    text = paragraph(
        "The talks began on Monday in Minsk.",
        "Both delegations arrived by train.",
        "The next round is planned for March.",
    )
    assert claims(text, ["headline", "paragraph"]) == []


def test_ledger_and_metrics_count_the_marked_claims() -> None:
    text = paragraph("The talks began on Monday in Minsk.", CLAIMS[0])
    a = helpers.analyze(text, ["headline", "paragraph"], layers=["sourcing"])
    (row,) = [r for r in a.layers["sourcing"].ledger if r.role == "paragraph"]
    assert row.unattributed_claims == 1  # the claim marked S·no source
    assert row.sentences_without_source == 2  # every sentence with no source, background too
    assert a.segment_metrics[1]["unattributed_claims"] == 1


def test_the_word_lists_are_read_and_checked() -> None:
    words = unsourced._words()
    assert {"may", "could"} <= words.hedges and "if" in words.conditions
    lengths = [len(c) for c in words.connectives]
    assert words.quote_words >= 3 and lengths == sorted(lengths, reverse=True)  # longest first


def test_the_seed_reading_counts_the_label_and_finds_half() -> None:
    """Measured as tools/calibrate.py seed_figures does (any shared character)."""
    assert "unattributed_claim" not in EXPERT_ONLY_LABELS
    reading = expert_reading()
    expert = reading.label("unattributed_claim")
    assert len(expert) == 6 and all(s in reading.detectable("sourcing") for s in expert)
    analysis = helpers.analyze(helpers.seed())
    found = [s for s in analysis.layer("sourcing") if s.label == "unattributed_claim"]
    result = helpers.match_spans(found, expert)
    print(f"seed unattributed_claim: {result.summary()}")
    assert result.precision >= 0.75 and result.recall >= 0.5
    comments = analysis.document.by_role("comment")
    assert all(s.start < comments[0].start for s in found)


# --- the PolNeAR evaluation module (tools/calibration/unsourced.py), on a corpus made here ----


def test_the_polnear_evaluation_counts_fires_by_group(tmp_path) -> None:
    import hashlib

    from tools.calibration import unsourced as evaluation
    from tools.calibration.split import part_of

    text = (  # a short second line would be read as a dek: the first paragraph is longer
        "Talks Resume\n\nA look at what the week brought, and what comes next for the region.\n\n"
        "Officials said the talks went well. The timing of this outreach is significant.\n\n"
        "For years, the town has tried to keep its young people. The talks began on Monday.\n"
    )
    said = text.index("said")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    ids = ["a1", "a2", "a3", "a4"]
    for ident in ids:
        (tmp_path / "text" / f"{ident}.txt").write_bytes(text.encode("utf-8"))
        ann = f"T1\tCue {said} {said + 4}\tsaid\n"
        (tmp_path / "attributions" / f"{ident}_x.ann").write_text(ann, encoding="utf-8")
    measured = evaluation.evaluate(tmp_path)
    figures = measured.figures
    parts = {i: part_of(i) for i in ids}
    assert all(
        p == ("tune" if hashlib.sha256(i.encode()).digest()[0] % 2 == 0 else "check")
        for i, p in parts.items()
    )
    # per article: one attributed sentence (quiet: 'Officials said'), three without; the detector
    # fires on "For years, …" only ("The timing …" follows the attributed sentence)
    for part in ("tune", "check"):
        n = sum(p == part for p in parts.values())
        assert figures[f"{part}.documents"] == n
        if not n:
            continue
        assert figures[f"{part}.attributed"] == n
        assert figures[f"{part}.unattributed"] == 3 * n
        assert figures[f"{part}.unattributed_fired"] == n
        assert figures[f"{part}.attributed_fired"] == 0
        assert figures[f"{part}.fire_rate_attributed"] == 0.0
        assert figures[f"{part}.unattributed_share"] == 1.0
