"""The hand-checked regression articles: what the helpers mark on texts written for the project.

    python -m tools.article_marks            # compare with tests/fixtures/articles/marks.json
    python -m tools.article_marks --write    # record the current marks, keeping the verdicts

``tests/fixtures/articles/*.txt`` are short articles written for the project (news, opinion, a
press release, local news with reader comments; CC BY 4.0 with the lesson content).  For each,
``marks.json`` records every mark the analyzers make (layer, label, the words marked), and a
person's verdict on it: ``right``, ``wrong`` (a false alarm, kept on record with a note) or
``unchecked`` (new since the last check: a test fails until someone has read it), plus what a
careful reader would mark that the helpers miss.  ``--write`` keeps the verdict of every mark
that is still made and sets new ones to ``unchecked``; marks no longer made are dropped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.calibrate import _ensure_importable  # noqa: E402

_ensure_importable()

import helpers  # noqa: E402

FOLDER = REPO_ROOT / "tests" / "fixtures" / "articles"
RECORD = FOLDER / "marks.json"
VERDICTS = ("right", "wrong", "unchecked")
Key = tuple[str, str, str, str, int]  # layer, label, text, source type, which occurrence


def article_paths() -> list[Path]:
    return sorted(FOLDER.glob("*.txt"))


def current_marks(path: Path) -> list[dict[str, Any]]:
    """Every span the three analyzers make on the article, in reading order."""
    analysis = helpers.analyze(helpers.load(path))
    spans = sorted(analysis.spans, key=lambda s: (s.start, s.end, s.layer, s.label))
    out = []
    for s in spans:
        mark = {"layer": s.layer, "label": s.label, "text": s.text}
        if s.source_type:  # what the ledger tells a student about the source
            mark["source_type"] = s.source_type
        out.append(mark)
    return out


def keyed(marks: list[dict[str, Any]]) -> list[tuple[Key, dict[str, Any]]]:
    """Each mark with a key that tells repeated marks of the same words apart."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out = []
    for m in marks:
        what = (m["layer"], m["label"], m["text"], m.get("source_type", ""))
        out.append(((*what, seen[what]), m))
        seen[what] += 1
    return out


def load_record(path: Path = RECORD) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def merged(record: dict[str, Any]) -> dict[str, Any]:
    """The record with today's marks: verdicts kept where the same mark is still made."""
    out: dict[str, Any] = {}
    for path in article_paths():
        old = record.get(path.name, {})
        verdicts = {k: m for k, m in keyed(old.get("marks", []))}
        marks = []
        for key, mark in keyed(current_marks(path)):
            prev = verdicts.get(key, {})
            entry = {**mark, "verdict": prev.get("verdict", "unchecked")}
            if prev.get("note"):
                entry["note"] = prev["note"]
            marks.append(entry)
        out[path.name] = {
            "kind": old.get("kind", ""),
            "marks": marks,
            "missed": old.get("missed", []),
        }
    return out


def differences(record: dict[str, Any]) -> list[str]:
    """Lines saying how today's marks differ from the record (empty: the same)."""
    lines = []
    names = {p.name for p in article_paths()}
    for name in sorted(names | set(record)):
        if name not in names:
            lines.append(f"{name}: recorded, but the article is gone")
            continue
        was = [k for k, _m in keyed(record.get(name, {}).get("marks", []))]
        now = [k for k, _m in keyed(current_marks(FOLDER / name))]
        for k in sorted(set(now) - set(was)):
            lines.append(f"{name}: new mark {_show(k)}")
        for k in sorted(set(was) - set(now)):
            lines.append(f"{name}: mark gone {_show(k)}")
    return lines


def _show(k: Key) -> str:
    typed = f" ({k[3]})" if k[3] else ""
    return f"{k[0]}/{k[1]} {k[2]!r}{typed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.article_marks", description=__doc__)
    parser.add_argument("--write", action="store_true", help="record today's marks")
    args = parser.parse_args(argv)
    record = load_record()
    if args.write:
        new = merged(record)
        RECORD.write_text(json.dumps(new, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        todo = sum(m["verdict"] == "unchecked" for a in new.values() for m in a["marks"])
        print(f"Wrote {RECORD.relative_to(REPO_ROOT)}; {todo} marks to check by hand")
        return 0
    lines = differences(record)
    print("\n".join(lines) if lines else "The marks are as recorded.")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
