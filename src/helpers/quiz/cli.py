"""``python -m helpers quiz check FILE`` and ``quiz export [FOLDER] OUT.csv``.

Registered by :func:`add_quiz_parser` on the main command line's sub-commands.  A bank with a
problem ends with exit code 2 and one line naming the file, the question and the field.  An
export that would be an empty gradebook (a missing folder, a file, a folder without results)
ends the same way, so a teacher never grades from a CSV that silently holds nobody.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import HelpersError
from ..paths import env_path, is_course_root
from .load import load_bank
from .model import Bank


def add_quiz_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "quiz",
        help="check quiz banks and export quiz results",
        description="Quiz banks (YAML or jupyterquiz JSON) and saved quiz results.",
    )
    qsub = p.add_subparsers(dest="quiz_command", metavar="ACTION")
    c = qsub.add_parser(
        "check",
        help="validate a quiz bank and print a summary by question type",
        description=(
            "Validate a quiz bank (the project's YAML format or a jupyterquiz JSON list) and "
            "print how many questions and points it has, by type. Highlight questions are "
            "checked against the seed article and its expert reading. On a problem, print one "
            "line naming the file, the question and the field, and exit with code 2."
        ),
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="a .yaml/.yml or .json quiz bank")
    c.set_defaults(func=cmd_check)
    e = qsub.add_parser(
        "export",
        help="write saved quiz results as CSV (one row per learner and question)",
        description=(
            "Read every results file (.jsonl) in FOLDER, sub-folders included, and write a "
            "gradebook-ready CSV. Without FOLDER: the class folder $HELPERS_CLASS_RESULTS (set "
            "on a hub), else where the quizzes save: $HELPERS_RESULTS_DIR, else "
            "notebooks/results when run from the course folder, else ./results. A relative "
            "FOLDER that is not in the course folder but in its notebooks/ is read from there "
            "(and said so). A missing folder or one without results is an error (exit 2)."
        ),
    )
    e.add_argument(
        "folder",
        metavar="FOLDER",
        nargs="?",
        help="the results folder (default: see above; from the course folder, notebooks/results)",
    )
    e.add_argument("out", metavar="OUT.csv", help="where to write the CSV")
    e.set_defaults(func=cmd_export)

    def show_help(_args: argparse.Namespace) -> int:
        p.print_help()
        return 0

    p.set_defaults(func=show_help)


def format_summary(bank: Bank) -> str:
    s = bank.summary()
    lines = [
        f"{bank.source}: OK — {bank.title!r} ({s['format']}), {s['questions']} questions, "
        f"{s['points']:g} points"
    ]
    width = max(len(t) for t in s["by_type"])
    for qtype, row in s["by_type"].items():
        lines.append(
            f"  {qtype.ljust(width)}  {int(row['questions']):>3} question"
            f"{'s' if row['questions'] != 1 else ' '}  {row['points']:>5g} points"
        )
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    for f in args.files:
        try:
            bank = load_bank(f)
        except HelpersError as exc:  # a bank that cannot be used (QuizError), said in words
            print(str(exc), file=sys.stderr)
            status = 2
            continue
        print(format_summary(bank))
    return status


def export_folder(given: str | None) -> tuple[Path, str]:
    """The folder to export, and how it was chosen when it is not simply the one typed.

    Why the class folder first: on a hub ``$HELPERS_RESULTS_DIR`` holds the teacher's own
    answers, so exporting it would silently give a class of one.  Why ``notebooks/<FOLDER>``:
    from the course folder, ``results/`` (as a teacher types it) means the lessons' folder, the
    only one there is; a note on stderr says so rather than substituting silently.
    """
    from .results import default_folder

    if given is None:
        class_folder = env_path("HELPERS_CLASS_RESULTS")
        if class_folder is not None:
            return class_folder, "$HELPERS_CLASS_RESULTS"
        if env_path("HELPERS_RESULTS_DIR") is not None:
            return default_folder(), "$HELPERS_RESULTS_DIR"
        return default_folder(), "where the quizzes save when run from here"
    folder = Path(given).expanduser()
    if not folder.exists() and not folder.is_absolute() and is_course_root(Path.cwd()):
        lessons = Path("notebooks") / folder
        if lessons.is_dir():
            return lessons, f"no {given} here, so {lessons}, where the lessons save answers"
    return folder, ""


def _problem(folder: Path, chosen: str) -> str | None:
    """Why ``folder`` cannot give a gradebook, or None."""
    how = f" (no FOLDER given, so {chosen})" if chosen else ""
    if not folder.exists() and chosen:
        return (
            f"{folder}: no such folder{how}: no quiz answers were saved there yet; if they "
            "are elsewhere, give that folder"
        )
    if not folder.exists():
        return f"{folder}: no such folder; give the results folder, e.g. notebooks/results"
    if not folder.is_dir():
        return f"{folder}: not a folder; give the folder that holds the results (.jsonl) files"
    try:
        found = next(folder.rglob("*.jsonl"), None)
    except OSError as exc:
        return f"{folder}: cannot be read ({exc.strerror or exc})"
    if found is None:
        return (
            f"no results found in {folder}{how}: no .jsonl files; answers appear there once "
            "students check a quiz question"
        )
    return None


MAX_PROBLEMS_SHOWN = 20


def safe_line(text: str) -> str:
    """A message about a student's file, safe for a terminal: no control or direction-changing
    characters (a planted name could otherwise rewrite what the teacher sees), at most 300
    characters."""
    clean = "".join(
        ch
        if ch.isprintable() and not ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069")
        else "?"
        for ch in text
    )
    return clean if len(clean) <= 300 else clean[:299] + "…"


def cmd_export(args: argparse.Namespace) -> int:
    from .results import export_csv

    folder, chosen = export_folder(args.folder)
    problem = _problem(folder, chosen if args.folder is None else "")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.folder is not None and chosen:
        print(f"note: reading {chosen}", file=sys.stderr)
    problems: list[str] = []
    try:
        n = export_csv(folder, args.out, problems=problems)
    except OSError as exc:
        print(f"error: {folder}: cannot export results ({exc})", file=sys.stderr)
        return 2
    for line in problems[:MAX_PROBLEMS_SHOWN]:
        print(f"warning: {safe_line(line)}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"warning: … and {len(problems) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
    if n == 0:
        print(
            f"error: no quiz answers in {folder}: its results files hold no readable record; "
            f"{args.out} has only the header row",
            file=sys.stderr,
        )
        return 2
    print(f"wrote {n} row{'s' if n != 1 else ''} to {args.out} from {folder}")
    return 0
