"""Roles from a structure: a ``structure.json`` (or its parsed dict) or a list of roles."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import HelpersError
from .blocks import line_numbers
from .reading import read_limited

ROLES: tuple[str, ...] = (
    "headline",
    "dek",
    "byline",
    "subheading",
    "paragraph",
    "comment",
    "comment_marker",
)
STRUCTURE_SCHEMA = "helpers.structure/1"


class StructureError(HelpersError):
    """A structure description that does not fit its text."""


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
        schema = structure.get("schema", STRUCTURE_SCHEMA)
        if schema != STRUCTURE_SCHEMA:
            raise StructureError(
                f"{name}: field 'schema' must be {STRUCTURE_SCHEMA!r}, not {_describe(schema)}"
            )
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
