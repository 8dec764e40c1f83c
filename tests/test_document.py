"""The document model: segments, roles, offsets, sentences, and reading input safely."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.document import (
    Document,
    InputError,
    StructureError,
    decode,
    guess_roles,
    read_text,
    split_blocks,
    split_sentences,
)


def roles(text: str) -> list[str]:
    return [s.role for s in Document.from_text(text).segments]


def test_offsets_index_the_text_exactly_as_read():
    text = (
        "Héadline — “quoted” 🙂\r\nA dek of one sentence.\n\n"
        "A paragraph that is longer than the dek was."
    )
    doc = Document.from_text(text)
    for seg in doc.segments:
        assert doc.text[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip()
    assert doc.segments[0].text.endswith("🙂")


def test_plain_article_roles_headline_dek_subheading_paragraph():
    text = "\n".join(
        [
            "City Council Approves New Budget After Long Debate",
            "The vote ends a month of arguments over school funding.",
            "The council voted 7-2 on Tuesday to approve the budget, the mayor's office said. "
            "The plan adds money for schools and cuts road repairs.",
            "What Happens Next",
            "The budget takes effect in July. Officials said hiring would start in the spring.",
        ]
    )
    assert roles(text) == ["headline", "dek", "paragraph", "subheading", "paragraph"]


def test_a_line_introducing_a_quotation_is_not_a_subheading():
    text = (
        "Council Votes On Budget\n"
        "The council met on Tuesday to vote on the budget for next year, the clerk said.\n"
        "The mayor continued:\n"
        "We will fund the schools first, and then the roads."
    )
    assert roles(text)[2] == "paragraph"


def test_byline_is_recognised_after_the_headline():
    text = "Storm Closes Schools\nBy Jane Doe\nSchools closed on Monday after snow fell overnight."
    assert roles(text) == ["headline", "byline", "paragraph"]


def test_no_dek_when_the_second_block_is_the_story():
    text = (
        "Storm Closes Schools\n"
        "Schools across the county closed on Monday after more than a foot of snow fell overnight, "
        "the district said. Buses will run again on Tuesday. Parents were told by text message "
        "at 6 a.m., and several said the notice came too late to arrange care."
    )
    assert roles(text) == ["headline", "paragraph"]


def test_question_subheading_and_question_paragraph_differ():
    text = (
        "Headline About Something\n"
        "First paragraph of the story, which runs long enough to be a paragraph. "
        "It has two sentences.\n"
        "Could This Change Everything?\n"
        "why would anyone do that, asked a resident who lives nearby and has seen it all before?\n"
    )
    assert roles(text)[2:] == ["subheading", "paragraph"]


@pytest.mark.parametrize(
    "marker", ["--- comments ---", "Comments:", "COMMENTS", "=== Reader comments ==="]
)
def test_comment_marker_turns_the_following_blocks_into_comments(marker):
    text = f"A Headline\nA paragraph of the story, long enough.\n{marker}\nFirst comment.\nSecond!"
    assert roles(text) == ["headline", "paragraph", "comment_marker", "comment", "comment"]


def test_a_sentence_about_comments_is_not_a_marker():
    text = "A Headline\nThe comments section was closed after the story ran, the editor said."
    assert roles(text) == ["headline", "paragraph"]


def test_hard_wrapped_text_groups_lines_into_paragraphs():
    text = (
        "Short Headline Here\n\n"
        "This paragraph was wrapped at a short width\nby an email program, so its lines are short\n"
        "but it is still one paragraph.\n\n"
        "A second paragraph, also\nwrapped.\n\n--- comments ---\nGreat story\nfrom a reader."
    )
    doc = Document.from_text(text)
    assert [s.role for s in doc.segments] == [
        "headline",
        "paragraph",
        "paragraph",
        "comment_marker",
        "comment",
    ]
    assert doc.segments[1].text.count("\n") == 2


def test_sentences_respect_abbreviations_and_initials():
    text = "Mr. Smith met Christopher W. Smith in the U.S. on Monday. It went well! Did it? Yes."
    got = [s.text for s in split_sentences(text)]
    assert got == [
        "Mr. Smith met Christopher W. Smith in the U.S. on Monday.",
        "It went well!",
        "Did it?",
        "Yes.",
    ]


def test_sentences_carry_offsets_into_the_whole_text():
    doc = Document.from_text("Title Line\nOne sentence here. Another one follows.")
    para = doc.segments[1]
    assert [doc.text[s.start : s.end] for s in para.sentences] == [
        "One sentence here.",
        "Another one follows.",
    ]


def test_explicit_role_list_and_errors():
    text = "A\nB\nC"
    doc = Document.from_text(text, ["headline", "paragraph", "comment"])
    assert [s.role for s in doc.segments] == ["headline", "paragraph", "comment"]
    assert doc.roles_from == "structure"
    with pytest.raises(StructureError, match="2 roles given for a text with 3 blocks"):
        Document.from_text(text, ["headline", "paragraph"])
    with pytest.raises(StructureError, match="unknown role 'lede'"):
        Document.from_text(text, ["headline", "lede", "comment"])


def test_structure_file_beside_a_different_text_is_ignored(tmp_path):
    (tmp_path / "article.txt").write_text("Title Here\nSome paragraph text that is long enough.")
    (tmp_path / "structure.json").write_text(
        json.dumps({"sha256": "0" * 64, "lines": [{"line": 1, "role": "comment"}]})
    )
    doc = helpers.load(tmp_path / "article.txt")
    assert doc.roles_from == "heuristics"
    assert doc.segments[0].role == "headline"


def test_broken_structure_file_names_the_file_and_field(tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text(json.dumps({"lines": "nope"}))
    with pytest.raises(StructureError, match=r"s\.json: field 'lines' must be a list"):
        Document.from_text("x", str(bad))


def test_read_text_from_stream_and_decode_errors(tmp_path):
    assert read_text(io.StringIO("hello"))[0] == "hello"
    assert decode("\ufeffBOM".encode()) == "BOM"
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "f")
    with pytest.raises(InputError, match="not UTF-8"):
        decode("café".encode("latin-1"), "f")
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path)


def test_segment_at_finds_the_containing_segment():
    doc = Document.from_text("Head Line\nBody text here.")
    assert doc.segment_at(0).role == "headline"
    assert doc.segment_at(9) is None  # the newline between segments
    assert doc.segment_at(10).role == "paragraph"


def test_empty_and_blank_texts_have_no_segments():
    assert Document.from_text("").segments == ()
    assert Document.from_text(" \n\t\n ").segments == ()


# --- properties ------------------------------------------------------------------------------

pieces = st.sampled_from([*list("abc XYZ.?!:\"'“”—-\n\t\r#=é🙂"), "comments", "Mr. ", "\n\n"])
texts = st.lists(pieces, max_size=150).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_segments_tile_the_text(text):
    """Segments are ordered, disjoint, in bounds, and everything between them is whitespace."""
    doc = Document.from_text(text)
    pos = 0
    for seg in doc.segments:
        assert 0 <= pos <= seg.start < seg.end <= len(text)
        assert text[pos : seg.start].strip() == ""
        assert text[seg.start : seg.end] == seg.text
        assert seg.role in helpers.document.ROLES
        inner = seg.start
        for sent in seg.sentences:
            assert seg.start <= inner <= sent.start < sent.end <= seg.end
            assert text[sent.start : sent.end] == sent.text
            inner = sent.end
        pos = seg.end
    assert text[pos:].strip() == ""


@settings(max_examples=100, deadline=None)
@given(texts)
def test_guess_roles_gives_one_role_per_block(text):
    blocks = split_blocks(text)
    assert len(guess_roles(text, blocks)) == len(blocks)


def test_five_megabytes_are_handled():
    para = "Officials said the plan could change. " * 20
    article = "A Headline For A Test\n" + "\n".join([para] * 6600)
    assert len(article) > 5_000_000
    doc = Document.from_text(article)
    assert len(doc.segments) == 6601
    assert doc.segments[-1].end == len(article.rstrip())


def test_a_structure_file_of_another_schema_is_refused_by_name(tmp_path) -> None:
    from helpers.document import StructureError

    path = tmp_path / "structure.json"
    path.write_text('{"schema": "helpers.structure/2", "lines": []}', encoding="utf-8")
    with pytest.raises(StructureError, match=r"structure.json: field 'schema' must be 'helpers"):
        helpers.analyze("Headline", path)


def test_every_user_error_is_one_helpers_error() -> None:
    from helpers.annotations import AnnotationError
    from helpers.classroom import LinkError
    from helpers.document import InputError, StructureError
    from helpers.errors import HelpersError
    from helpers.lexicon import LexiconError
    from helpers.quiz.model import QuizError
    from helpers.quiz.records import BadRecord
    from helpers.spans import SpanError
    from helpers.trace import TraceError

    errors = [AnnotationError, LinkError, InputError, StructureError, LexiconError, SpanError]
    errors += [QuizError, BadRecord, TraceError]
    assert all(issubclass(e, HelpersError) and issubclass(e, ValueError) for e in errors)


def test_a_headline_over_its_standfirst_is_two_parts_even_in_wrapped_text() -> None:
    text = (
        "Council Votes to Keep Library Open\n"
        "After months of debate, a compromise on hours and money\n\n"
        "The council voted 5 to 2 on Tuesday to keep the library open on Sundays until the\n"
        "end of next year, according to the minutes of the meeting published on Friday.\n\n"
        "Critics say the decision is a waste of money that the town cannot afford at the\n"
        "moment, and some residents agree with them.\n"
    )
    doc = helpers.from_string(text)
    assert [s.role for s in doc.segments] == ["headline", "dek", "paragraph", "paragraph"]
    assert doc.segments[2].text.endswith("published on Friday.")  # the wrap is still one part


def test_a_wrapped_first_paragraph_is_not_split_into_lines() -> None:
    text = (
        "The council voted 5 to 2 on Tuesday to keep the library open on Sundays\n"
        "until the end of next year, according to the minutes of the meeting that\n"
        "were published on Friday.\n\n"
        "Critics say the decision is a waste of money that the town cannot afford\n"
        "at the moment, and some residents agree with them about that.\n"
    )
    doc = helpers.from_string(text)
    assert len(doc.segments) == 2


def test_ends_sentence_follows_the_sentence_splitters_rule() -> None:
    from helpers.document import ends_sentence, split_sentences

    text = 'Who benefits? Who pays? Talks with U.S. officials resumed. "Go!" she said.'
    ends = {s.end for s in split_sentences(text)}
    marks = [text.index("?") + 1, text.index("U.S.") + 4, text.index("Go!") + 3]
    assert [ends_sentence(text, m) for m in marks] == [True, False, False]
    # wherever the splitter ends a sentence that another follows, so does ends_sentence
    assert all(ends_sentence(text, e) for e in ends if e < len(text.rstrip()))
