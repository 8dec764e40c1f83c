"""The document model: a text, its segments (headline, dek, paragraphs, comments …) and sentences.

Offsets are Python ``str`` indices into the text exactly as read (newlines kept, nothing
normalised), so ``doc.text[seg.start:seg.end]`` is always the segment's text.  Segments hold a
block's text without surrounding whitespace; everything between segments is whitespace.

Roles come from a ``structure.json`` beside the text when it matches the text (its sha256), or
from an explicit structure, or else from heuristics on plain text (see :func:`guess_roles`).

**Marking reader comments in a pasted article.** Put a line that says ``--- comments ---``
(or just ``Comments:``) before the first comment; every block after it is a ``comment``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROLES: tuple[str, ...] = (
    "headline",
    "dek",
    "byline",
    "subheading",
    "paragraph",
    "comment",
    "comment_marker",
)
BODY_ROLES = frozenset({"paragraph"})
STRUCTURE_SCHEMA = "helpers.structure/1"

# The most a text or structure file may hold: 5 MB is some 500 long articles, and it keeps a
# mistaken path (/dev/zero, a disk image, a log) from filling the memory.
MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_INPUT_TEXT = "5 MB"

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


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_sha256(text: str) -> str:
    """The hash the JSON contract gives a text: of its UTF-8, each lone surrogate (which UTF-8
    cannot encode, e.g. from a file read with ``errors="surrogateescape"``) counted as U+FFFD."""
    return hashlib.sha256(_SURROGATE.sub("\ufffd", text).encode("utf-8")).hexdigest()


class InputError(ValueError):
    """Input that cannot be read as UTF-8 text (binary, unreadable, wrong encoding)."""


class StructureError(ValueError):
    """A structure description that does not fit its text."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One block of the article (a line or a blank-line separated paragraph) and its role."""

    index: int
    role: str
    start: int
    end: int
    text: str
    line: int  # 1-based line of the raw text where the segment starts (structure.json's)
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)

    @property
    def number(self) -> int:
        """The line number students see: the lessons count parts, headline = line 1.

        Blank lines between paragraphs do not count, so for a pasted article this can differ
        from :attr:`line`; every view, finding and question shows this one.
        """
        return self.index + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "sentences": len(self.sentences),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True, repr=False)
class Document:
    """A text and its segments.  Build one with :func:`load` or :meth:`Document.from_text`."""

    text: str
    segments: tuple[Segment, ...]
    roles_from: str  # "structure" or "heuristics"
    path: str | None = None

    @classmethod
    def from_text(
        cls,
        text: str,
        structure: Mapping[str, Any] | Sequence[str] | str | Path | None = None,
        *,
        path: str | None = None,
    ) -> Document:
        blocks = split_blocks(text)
        if structure is not None:
            roles = roles_from_structure(text, blocks, structure)
            origin = "structure"
        else:
            roles = guess_roles(text, blocks)
            origin = "heuristics"
        lines = line_numbers(text, [s for s, _e in blocks])
        segments = tuple(
            Segment(
                index=i,
                role=role,
                start=s,
                end=e,
                text=text[s:e],
                line=line,
                sentences=tuple(split_sentences(text, s, e)),
            )
            for i, ((s, e), role, line) in enumerate(zip(blocks, roles, lines, strict=True))
        )
        return cls(text=text, segments=segments, roles_from=origin, path=path)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return (
            f"<Document{where}: {len(self.segments)} parts, {len(self.text)} characters, "
            f"roles from {self.roles_from}>"
        )

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def by_role(self, *roles: str) -> list[Segment]:
        return [s for s in self.segments if s.role in roles]

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing character ``offset`` (None for whitespace between segments)."""
        lo, hi = 0, len(self.segments)
        while lo < hi:
            mid = (lo + hi) // 2
            seg = self.segments[mid]
            if offset < seg.start:
                hi = mid
            elif offset >= seg.end:
                lo = mid + 1
            else:
                return seg
        return None

    def sentences(self) -> Iterator[tuple[Segment, Sentence]]:
        for seg in self.segments:
            for sent in seg.sentences:
                yield seg, sent

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "helpers.document/1",
            "path": self.path,
            "text_sha256": self.sha256,
            "chars": len(self.text),
            "roles_from": self.roles_from,
            "segments": [s.to_dict() for s in self.segments],
        }

    def _repr_html_(self) -> str:
        from .article_view import document_html  # lazy: only notebooks need HTML

        return document_html(self)


# --- reading -------------------------------------------------------------------------------


def decode(data: bytes, name: str = "<input>") -> str:
    """Bytes → text, refusing binary or non-UTF-8 input with a one-line reason."""
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (bad byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    return text.removeprefix("\ufeff")


def _too_big(name: str, size: int | None = None) -> str:
    said = f" ({size / 1024 / 1024:.1f} MB)" if size is not None else ""
    return (
        f"{name}: larger than {MAX_INPUT_TEXT}{said}; the helpers read at most "
        f"{MAX_INPUT_TEXT} (hundreds of articles), so split the text into parts"
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_limited(path: Path, error: type[ValueError] = InputError) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_INPUT_BYTES`, else ``error``.

    Why not ``read_bytes``: a FIFO without a writer blocks it forever and ``/dev/zero`` fills the
    memory.  The file is opened non-blocking (a FIFO's open returns at once) and checked with
    ``fstat`` on that descriptor, so what is checked is what is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a text file") from None
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{path}: is a folder, not a text file")
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "something else")
            raise error(f"{path}: not a regular file but {kind}; save the text in a file first")
        if info.st_size > MAX_INPUT_BYTES:
            raise error(_too_big(str(path), info.st_size))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_INPUT_BYTES:  # it grew while being read
        raise error(_too_big(str(path)))
    return data


def _read_stream(stream: Any, name: str) -> str:
    buffer = getattr(stream, "buffer", None)
    data = (buffer if buffer is not None else stream).read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_big(name))
    return data if isinstance(data, str) else decode(data, name)


def read_text(source: str | Path | TextIO) -> tuple[str, str | None]:
    """Read text from a path, ``-`` (stdin) or an open stream; returns (text, path or None).

    At most :data:`MAX_INPUT_BYTES` are read; a path must be a regular file (see
    :func:`read_limited`).
    """
    if hasattr(source, "read"):
        name = "<stdin>" if getattr(source, "buffer", None) is not None else "<stream>"
        return _read_stream(source, name), None
    if str(source) == "-":
        if sys.stdin is None:
            raise InputError("<stdin>: standard input is closed; give a file instead of -")
        return _read_stream(sys.stdin, "<stdin>"), None
    path = Path(source)
    return decode(read_limited(path), str(path)), str(path)


def load(
    source: str | Path | TextIO,
    structure: Mapping[str, Any] | Sequence[str] | str | Path | None = None,
) -> Document:
    """Load a document from a file path, ``-`` for stdin, or an open stream.

    When ``structure`` is None and a ``structure.json`` lies beside the file and was written for
    exactly this text (same sha256), its roles are used; otherwise roles are guessed.
    """
    text, path = read_text(source)
    if structure is None and path is not None:
        beside = Path(path).with_name("structure.json")
        if beside.is_file():
            spec = _read_structure_file(beside)
            if spec.get("sha256") in (None, text_sha256(text)):
                structure = spec
    return Document.from_text(text, structure, path=path)


def from_string(text: str, structure: Any = None) -> Document:
    """A document from a string, e.g. an article a student pasted into a notebook."""
    return Document.from_text(text, structure)


# --- blocks --------------------------------------------------------------------------------


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
        # a comment marker inside a paragraph block still opens its own block
        out: list[tuple[int, int]] = []
        for s, e in blocks:
            if s < e:
                out.extend(_split_marker_lines(text, s, e))
        return out
    return [_trim(text, s, e) for s, e in lines]


_LINE_END_PUNCT = tuple(".!?:;\"”'’)")


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when lines that run straight into another line mostly stop mid-sentence."""
    joined = wrapped = 0
    for (s, e), (nxt, _) in itertools.pairwise(lines):
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


def _title_case_share(s: str) -> float:
    words = [w for w in _words(s) if w.lower() not in _MINOR]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_heading_like(s: str) -> bool:
    """Short, no final full stop, and either title case or ending in a question mark."""
    if len(s) > 120:
        return False
    words = _words(s)
    if not words or len(words) > 15:
        return False
    if s.rstrip().endswith((".", ",", ";")):
        return False
    return _title_case_share(s) >= 0.6 or s.rstrip().endswith("?")


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


class _Digits(str):
    """A JSON integer too long to convert (Python refuses over 4,300 digits): kept as text."""


def _parse_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= 30 else _Digits(digits)


def _describe(value: Any) -> str:
    """A value as an error message quotes it: short, whatever its type or size."""
    if isinstance(value, _Digits):
        return f"a {len(value.lstrip('-'))}-digit number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _read_structure_file(path: Path) -> dict[str, Any]:
    data = read_limited(path, StructureError)
    try:
        spec = json.loads(data.decode("utf-8"), parse_int=_parse_int)
    except UnicodeDecodeError as exc:
        raise StructureError(
            f"{path}: not UTF-8 text (bad byte 0x{data[exc.start]:02x} at byte {exc.start})"
        ) from None
    except RecursionError:
        raise StructureError(f"{path}: nested too deeply to be a structure file") from None
    except ValueError as exc:  # JSONDecodeError, and anything else json refuses
        raise StructureError(f"{path}: not a readable structure file ({exc})") from None
    if not isinstance(spec, dict):
        raise StructureError(f"{path}: expected a JSON object, not {_describe(spec)}")
    spec["_file"] = str(path)  # the name errors give: the file actually read
    return spec


def _roles_by_line(name: str, entries: list[Any]) -> dict[int, str]:
    """``lines`` of a structure.json → {line: role}, every entry checked field by field."""
    by_line: dict[int, str] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{name}: lines[{n}]"
        if not isinstance(entry, Mapping) or "line" not in entry or "role" not in entry:
            raise StructureError(f"{where} needs fields 'line' and 'role'")
        line, role = entry["line"], entry["role"]
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            raise StructureError(
                f"{where}.line must be a line number (a whole number from 1), not {_describe(line)}"
            )
        if role not in ROLES:  # also a list or object: `in` a tuple of str only compares
            raise StructureError(
                f"{where}.role must be one of {', '.join(ROLES)}, not {_describe(role)}"
            )
        by_line[line] = role
    return by_line


def roles_from_structure(
    text: str,
    blocks: Sequence[tuple[int, int]],
    structure: Mapping[str, Any] | Sequence[str] | str | Path,
) -> list[str]:
    """Roles for ``blocks`` from a structure: a ``structure.json`` path or dict, or a role list.

    A structure.json has ``{"schema": "helpers.structure/1", "lines": [{"line": 1, "role":
    "headline"}, …]}`` with 1-based line numbers of the text's non-blank lines' blocks.  Every
    problem is a :class:`StructureError` naming the file and the field.
    """
    if isinstance(structure, str | Path):
        structure = _read_structure_file(Path(structure))
    if isinstance(structure, Mapping):
        name = str(structure.get("_file", "structure"))
        entries = structure.get("lines")
        if not isinstance(entries, list):
            raise StructureError(f"{name}: field 'lines' must be a list")
        by_line = _roles_by_line(name, entries)
        roles = []
        for line in line_numbers(text, [s for s, _e in blocks]):
            if line not in by_line:
                raise StructureError(f"{name}: no role given for line {line}")
            roles.append(by_line[line])
    else:
        name = "structure"
        roles = [str(r) for r in structure]
        if len(roles) != len(blocks):
            raise StructureError(
                f"{name}: {len(roles)} roles given for a text with {len(blocks)} blocks"
            )
    for n, role in enumerate(roles, 1):
        if role not in ROLES:
            raise StructureError(f"{name}: unknown role {_describe(role)} for block {n}")
    return roles


# --- sentences -----------------------------------------------------------------------------


def split_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Sentence]:
    """Sentences of ``text[start:end]`` with offsets into ``text`` (abbreviation-aware regex)."""
    end = len(text) if end is None else end
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        # "Mr." / "U.S." / an initial: not a sentence end when the full stop belongs to it
        if (
            text[m.start()] == "."
            and m.end() - m.start() == 1
            and _NO_BREAK_BEFORE.search(text, max(start, m.start() - 12), m.start())
        ):
            continue
        s, e = _trim(text, cur, m.end())
        if s < e:
            yield Sentence(s, e, text[s:e])
        cur = m.end()
    s, e = _trim(text, cur, end)
    if s < e:
        yield Sentence(s, e, text[s:e])
