"""The command line: ``python -m helpers structure|analyze|… PATH|-``.

Errors a user can cause (a missing, binary, non-UTF-8 or too large file, a FIFO or device, a bad
structure file, a full disk or closed standard output) end with exit code 2 and one line on
stderr, never a traceback.  A terminal whose encoding lacks some characters still gets the
output: '?' in text, ``\\uXXXX`` escapes in JSON and ``&#NNNN;`` references in HTML, so JSON
and HTML lose nothing.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ._version import __version__
from .classroom import add_classroom_parser
from .document import MAX_INPUT_TEXT, Document, load
from .errors import HelpersError
from .quiz.cli import add_quiz_parser


class OutputError(Exception):
    """Standard output cannot take what the command prints (closed, full disk, I/O error)."""


USER_ERRORS: tuple[type[Exception], ...] = (HelpersError, OutputError)
PATH_HELP = f"a UTF-8 text file (at most {MAX_INPUT_TEXT}), or - for standard input"


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: characters the output encoding lacks as JSON ``\\u`` escapes.

    JSON holds non-ASCII characters only inside strings, where an escape means the same
    character, so the output stays valid and lossless (lone surrogates from undecodable file
    names included)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


codecs.register_error("helpers.json", _json_escape)
# text for people: '?' keeps the table's columns; HTML: character references are lossless
ERRORS_FOR = {"json": "helpers.json", "html": "xmlcharrefreplace"}


class _GuardedOutput:
    """Standard output while a command runs: a failed write, whoever writes (``print`` in a
    sub-command included), is an :class:`OutputError`; everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write the output ({_reason(exc)})") from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write the output ({_reason(exc)})") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def emit(text: str, fmt: str = "text") -> None:
    """Write ``text`` to stdout, encoding what the terminal cannot show as ``fmt`` allows."""
    out = sys.stdout
    if out is None:
        raise OutputError("standard output is closed; nothing can be printed")
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
            reconfigure(errors=ERRORS_FOR.get(fmt, "replace"))
    out = out if isinstance(out, _GuardedOutput) else _GuardedOutput(out)
    out.write(text)
    out.flush()


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _error(message: str) -> None:
    """One line on stderr, if there is a stderr that can take it."""
    try:
        if sys.stderr is not None:
            print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit has nothing to fail on."""
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (AttributeError, OSError, ValueError):
        pass


def _add_structure(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "structure",
        help="show the parts of an article (headline, dek, subheadings, paragraphs, comments)",
        description=(
            "Split an article into segments and print each one's role and character offsets. "
            "Roles come from a structure.json beside the file when it was written for this text; "
            "otherwise they are guessed. In a pasted article, a line '--- comments ---' marks "
            "where reader comments begin."
        ),
    )
    p.add_argument("path", metavar="PATH|-", help=PATH_HELP)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument(
        "--structure",
        metavar="FILE",
        help="a structure.json to use instead of the one beside the file",
    )
    p.add_argument(
        "--guess", action="store_true", help="ignore structure.json and guess roles from the text"
    )
    p.set_defaults(func=cmd_structure)


def _load_for(args: argparse.Namespace) -> Document:
    if getattr(args, "guess", False):
        from .document import Document as Doc
        from .document import read_text

        text, path = read_text(args.path)
        return Doc.from_text(text, None, path=path)
    return load(args.path, getattr(args, "structure", None))


def cmd_structure(args: argparse.Namespace) -> int:
    doc = _load_for(args)
    if args.format == "json":
        emit(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n", "json")
        return 0
    emit(format_table(doc) + "\n")
    return 0


def format_table(doc: Document, width: int = 60) -> str:
    """An aligned plain-text table of the segments (line, role, offsets, start of the text)."""
    rows = [("#", "line", "role", "start", "end", "text")]
    for seg in doc.segments:
        preview = seg.text if len(seg.text) <= width else seg.text[: width - 1] + "…"
        rows.append(
            (str(seg.index), str(seg.line), seg.role, str(seg.start), str(seg.end), preview)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for r in rows:
        cells = [r[0].rjust(widths[0]), r[1].rjust(widths[1]), r[2].ljust(widths[2])]
        cells += [r[3].rjust(widths[3]), r[4].rjust(widths[4]), r[5]]
        lines.append("  ".join(cells).rstrip())
    source = doc.path or "<stdin>"
    lines.append(f"\n{len(doc.segments)} segments in {source}; roles from {doc.roles_from}")
    return "\n".join(lines)


def _add_analyze(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="mark who says so, how it is told and how the comments argue",
        description=(
            "Analyse an article on three layers (sourcing, framing, rhetoric) and print every "
            "mark with its explanation. JSON follows the documented schema helpers.analysis/1."
        ),
    )
    p.add_argument("path", metavar="PATH|-", help=PATH_HELP)
    p.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="text: highlighted in a terminal; json: the documented schema; html: a printable page",
    )
    p.add_argument("--structure", metavar="FILE", help="a structure.json for the text's lines")
    p.add_argument("--guess", action="store_true", help="ignore structure.json, guess roles")
    p.add_argument(
        "--layer",
        action="append",
        choices=("sourcing", "framing", "rhetoric"),
        help="only these layers (repeatable; default all three)",
    )
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import ANALYZERS, analyze

    doc = _load_for(args)
    result = analyze(doc, layers=args.layer or ANALYZERS)
    if args.format == "json":
        emit(result.to_json() + "\n", "json")
        return 0
    if args.format == "html":
        from .views.report import render_report

        emit(render_report(result), "html")
        return 0
    from .views.terminal import render_terminal, want_color

    emit(render_terminal(result, color=want_color(sys.stdout)))
    return 0


COMMANDS: list[Callable[[Any], None]] = [
    _add_structure,
    _add_analyze,
    add_quiz_parser,
    add_classroom_parser,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description=(
            "Media-literacy helpers: who says so (sourcing), how it is told (framing) and how the "
            "comments argue (rhetoric)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"helpers {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    real_stdout = sys.stdout
    try:
        if real_stdout is None:
            raise OutputError("standard output is closed; nothing can be printed")
        sys.stdout = _GuardedOutput(real_stdout)
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # what print() left in the buffer fails here, not at exit
        return status
    except USER_ERRORS as exc:
        if isinstance(exc, OutputError):
            _silence_stdout()
        _error(f"error: {exc}")
        return 2
    except BrokenPipeError:  # `… | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except OSError as exc:  # the environment, not the code: still one line
        _error(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = real_stdout
