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

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from .blocks import (
    COMMENT_MARKER,
    Sentence,
    ends_sentence,
    guess_roles,
    is_comment_marker,
    line_numbers,
    non_blank_lines,
    split_blocks,
    split_sentences,
)
from .reading import (
    MAX_INPUT_BYTES,
    MAX_INPUT_TEXT,
    InputError,
    decode,
    read_limited,
    read_text,
    text_sha256,
)
from .structure import (
    ROLES,
    STRUCTURE_SCHEMA,
    StructureError,
    _read_structure_file,
    roles_from_structure,
)
from .tokens import TokenIndex

__all__ = [
    "COMMENT_MARKER",
    "MAX_INPUT_BYTES",
    "MAX_INPUT_TEXT",
    "ROLES",
    "STRUCTURE_SCHEMA",
    "Document",
    "InputError",
    "Segment",
    "Sentence",
    "StructureError",
    "TokenIndex",
    "decode",
    "ends_sentence",
    "from_string",
    "guess_roles",
    "is_comment_marker",
    "line_numbers",
    "load",
    "non_blank_lines",
    "read_limited",
    "read_text",
    "roles_from_structure",
    "split_blocks",
    "split_sentences",
    "text_sha256",
]


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


@dataclass(frozen=True, repr=False)
class Document:
    """A text and its segments.  Build one with :func:`load` or :meth:`Document.from_text`.

    Not slotted: :attr:`tokens` is computed on first use and kept with the document.
    """

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

    @cached_property
    def tokens(self) -> TokenIndex:
        """The text's word tokens, shared by the analyzers of this document."""
        return TokenIndex(self.text)

    @cached_property
    def sha256(self) -> str:
        """The text's SHA-256 (surrogates as U+FFFD), computed once per document."""
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
        from ..article_view import document_html  # lazy: only notebooks need HTML

        return document_html(self)


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
