"""``python -m helpers quiz check FILE`` and ``quiz export FOLDER OUT.csv``.

Registered by :func:`add_quiz_parser` on the main command line's sub-commands.  A bank with a
problem ends with exit code 2 and one line naming the file, the question and the field.
"""

from __future__ import annotations

import argparse
import sys

from .load import load_bank
from .model import Bank, QuizError


def add_quiz_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
        description="Read every results file in FOLDER and write a gradebook-ready CSV.",
    )
    e.add_argument("folder", metavar="FOLDER", help="the results folder (e.g. notebooks/results)")
    e.add_argument("out", metavar="OUT.csv", help="where to write the CSV")
    e.set_defaults(func=cmd_export)
    p.set_defaults(func=lambda _args: (p.print_help(), 0)[1])


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
        except QuizError as exc:
            print(str(exc), file=sys.stderr)
            status = 2
            continue
        print(format_summary(bank))
    return status


def cmd_export(args: argparse.Namespace) -> int:
    from .results import export_csv

    try:
        n = export_csv(args.folder, args.out)
    except OSError as exc:
        print(f"{args.folder}: cannot export results ({exc})", file=sys.stderr)
        return 2
    print(f"wrote {n} rows to {args.out}")
    return 0
