"""Reading a text: bytes to UTF-8 text with one-line reasons, at most 5 MB, regular files only."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, TextIO

from ..errors import HelpersError

# The most a text or structure file may hold: 5 MB is some 500 long articles, and it keeps a
# mistaken path (/dev/zero, a disk image, a log) from filling the memory.
MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_INPUT_TEXT = "5 MB"

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_sha256(text: str) -> str:
    """The hash the JSON contract gives a text: of its UTF-8, each lone surrogate (which UTF-8
    cannot encode, e.g. from a file read with ``errors="surrogateescape"``) counted as U+FFFD."""
    return hashlib.sha256(_SURROGATE.sub("\ufffd", text).encode("utf-8")).hexdigest()


class InputError(HelpersError):
    """Input that cannot be read as UTF-8 text (binary, unreadable, wrong encoding)."""


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
