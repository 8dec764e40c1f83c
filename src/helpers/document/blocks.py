"""Plain text into blocks (lines or paragraphs), their guessed roles, and sentences."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# The convention a user types to say "reader comments start here".
COMMENT_MARKER = re.compile(
    r"^[ \t]*(?:[-=#*_]{2,}[ \t]*)?(?:reader[ \t]+)?comments?[ \t]*:?[ \t]*(?:[-=#*_]{2,})?[ \t]*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten [Bb]y)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}\s*$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# Sentence ends: ., ! or ? (plus closing quotes/brackets), then space, then a likely sentence start.
# The lookbehind starts a match only at the first mark of a run ("...."), keeping scans linear;
# it comes after the first mark so the regex engine can skip ahead from mark to mark.
_SENTENCE_END = re.compile(r"[.!?](?<![.!?]{2})[.!?]*+[\"'”’)\]]*+(?=\s++[\"'“‘(\[]?[A-Z0-9])")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Hon|Mt|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Corp|Co|approx|e\.g|i\.e)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,3}[A-Za-z])$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def line_numbers(text: str, offsets: Sequence[int]) -> list[int]:
    """1-based line numbers of ascending ``offsets`` in one pass over the text."""
    out: list[int] = []
    line, pos = 1, 0
    for off in offsets:
        line += text.count("\n", pos, off)
        pos = off
        out.append(line)
    return out


def non_blank_lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line in ``text[start:end]`` that holds more than whitespace."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if not text[pos:stop].isspace() and pos < stop:
            out.append((pos, stop))
        pos = stop + 1
    return out


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of the text's blocks, whitespace trimmed.

    One block per line, unless the text looks hard-wrapped (blank lines between paragraphs and
    short lines): then blank-line separated paragraphs are the blocks.
    """
    lines = non_blank_lines(text)
    if not lines:
        return []
    if _BLANK_LINE.search(text) and _looks_hard_wrapped(text, lines):
        raw = []
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            raw.append((pos, m.start()))
            pos = m.end()
        raw.append((pos, len(text)))
        blocks = [_trim(text, s, e) for s, e in raw]
        blocks[:1] = _split_heading(text, *blocks[0])
        # a comment marker inside a paragraph block still opens its own block
        out: list[tuple[int, int]] = []
        for s, e in blocks:
            if s < e:
                out.extend(_split_marker_lines(text, s, e))
        return out
    return [_trim(text, s, e) for s, e in lines]


_LINE_END_PUNCT = tuple(".!?:;\"”'’)")


_HEADING_MAX_WORDS = 15


def _heading_line(line: str) -> bool:
    """A title-like line: short, capitalised, no sentence end, not cut off mid-phrase."""
    words = line.split()
    return (
        0 < len(words) <= _HEADING_MAX_WORDS
        and line[:1].isupper()
        and not line.rstrip().endswith((".", ",", ";", "-", "–", "—"))
    )


def _split_heading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The first block, or its lines when it is a headline with a standfirst under it (each
    line short, each starting a sentence): "Council Votes to Keep Library Open\nAfter months
    of debate, a compromise" is two parts, not one paragraph."""
    lines = non_blank_lines(text, start, end)
    if len(lines) < 2 or len(lines) > 3 or not _heading_line(text[lines[0][0] : lines[0][1]]):
        return [(start, end)]
    if not all(text[s:e].lstrip()[:1].isupper() and e - s <= 160 for s, e in lines[1:]):
        return [(start, end)]  # a wrapped first paragraph goes on in lower case
    return [_trim(text, s, e) for s, e in lines]


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when lines that run straight into another line mostly stop mid-sentence (a
    headline over its standfirst is no wrap: the first line does not vote)."""
    joined = wrapped = 0
    for (s, e), (nxt, _) in itertools.pairwise(lines[1:] if len(lines) > 2 else lines):
        if text[e:nxt].count("\n") != 1:
            continue  # a blank line follows: a paragraph break, not a wrap
        line = text[s:e].rstrip()
        if len(line) < 25:
            continue  # short lines (lists, one-liners) say nothing about wrapping
        joined += 1
        if not line.endswith(_LINE_END_PUNCT):
            wrapped += 1
    return joined > 0 and wrapped / joined >= 0.5


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_marker_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    cur = start
    for ls, le in non_blank_lines(text, start, end):
        if is_comment_marker(text[ls:le]):
            if cur < ls:
                parts.append(_trim(text, cur, ls))
            parts.append(_trim(text, ls, le))
            cur = le
    if cur < end:
        parts.append(_trim(text, cur, end))
    return [p for p in parts if p[0] < p[1]]


# --- roles ---------------------------------------------------------------------------------


def is_comment_marker(block: str) -> bool:
    """True for a line like ``--- comments ---`` or ``Comments:`` that opens the comment section."""
    return len(block) <= 60 and COMMENT_MARKER.match(block) is not None


_WORDISH = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def _words(s: str) -> list[str]:
    return _WORDISH.findall(s)


_MINOR = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up vs via with".split()
)


def _title_case_share(s: str, found: list[str] | None = None) -> float:
    words = [w for w in (_words(s) if found is None else found) if w.lower() not in _MINOR]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_heading_like(s: str) -> bool:
    """Short, no final full stop, and either title case or ending in a question mark."""
    if len(s) > 120:
        return False
    end = s.rstrip()
    if end.endswith((".", ",", ";")):  # most paragraphs: decided before finding words
        return False
    words = _words(s)
    if not words or len(words) > 15:
        return False
    return _title_case_share(s, words) >= 0.6 or end.endswith("?")


def guess_roles(text: str, blocks: Sequence[tuple[int, int]]) -> list[str]:
    """Roles for plain text: headline, an optional dek or byline, subheadings, paragraphs.

    Blocks after a comment marker line are comments.  The rules are deliberately simple so a
    teacher can predict them: a dek is a short second block of one or two sentences that is
    followed by a longer block; a subheading is a short line in title case (or ending in '?')
    without a final full stop.  A short line ending in ':' ("She wrote:") introduces a quotation,
    so it stays a paragraph.
    """
    roles: list[str] = []
    in_comments = False
    texts = [text[s:e] for s, e in blocks]
    for i, block in enumerate(texts):
        if is_comment_marker(block):
            roles.append("comment_marker")
            in_comments = True
            continue
        if in_comments:
            roles.append("comment")
            continue
        if not roles:
            roles.append("headline")
            continue
        if i == 1 and _is_byline(block):
            roles.append("byline")
            continue
        if i <= 2 and roles[-1] in ("headline", "byline") and "dek" not in roles:
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            if _is_dek(block, nxt):
                roles.append("dek")
                continue
        if _is_heading_like(block) and not _is_byline(block):
            roles.append("subheading")
            continue
        roles.append("byline" if i <= 3 and _is_byline(block) else "paragraph")
    return roles


def _is_byline(block: str) -> bool:
    return len(block) <= 80 and _BYLINE.match(block) is not None


def _is_dek(block: str, following: str) -> bool:
    if len(block) > 250:
        return False
    sentences = len(_SENTENCE_END.findall(block)) + 1
    return len(block) <= 250 and sentences <= 2 and len(following) > len(block)


def _abbreviation_stop(text: str, m: re.Match[str], start: int) -> bool:
    """ "Mr." / "U.S." / an initial: not a sentence end when the full stop belongs to it."""
    return (
        text[m.start()] == "."
        and m.end() - m.start() == 1
        and _NO_BREAK_BEFORE.search(text, max(start, m.start() - 12), m.start()) is not None
    )


_CLOSERS = "\"'”’)]"


def ends_sentence(text: str, end: int, start: int = 0) -> bool:
    """Whether a sentence ends at ``end``, by the rule :func:`split_sentences` uses: its end
    punctuation (and closing quotes) just before, a new sentence starting after.  Looks at a
    few characters around ``end`` only (``start`` bounds how far back)."""
    i = end
    while i > start and text[i - 1] in _CLOSERS:
        i -= 1
    j = i
    while j > start and text[j - 1] in ".!?":
        j -= 1
    if j == i:
        return False
    m = _SENTENCE_END.match(text, j, min(len(text), end + 40))
    return m is not None and m.end() >= end and not _abbreviation_stop(text, m, start)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Sentence]:
    """Sentences of ``text[start:end]`` with offsets into ``text`` (abbreviation-aware regex)."""
    end = len(text) if end is None else end
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _abbreviation_stop(text, m, start):
            continue
        s, e = _trim(text, cur, m.end())
        if s < e:
            yield Sentence(s, e, text[s:e])
        cur = m.end()
    s, e = _trim(text, cur, end)
    if s < e:
        yield Sentence(s, e, text[s:e])
