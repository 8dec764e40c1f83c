"""The "search results pack" of lesson 02's *Trace it*: what a search for the original report and
other coverage found, for rooms without internet.

The pack is data (``seeds/<seed>/trace.json``), not code, so a teacher can correct a citation
without touching Python, and the same file feeds the lesson, the teacher key and the tests.  It
holds citations (outlet, date, title) with short summaries in the lesson writer's own words;
:func:`trace_pack` checks it and shows it, escaped, in the notebook.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from .errors import HelpersError
from .seeds import DEFAULT_SEED, seeds_dir

_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
VERDICTS = ("the original says the same", "the original says it differently", "not in the original")


class TraceError(HelpersError):
    """A trace pack that is missing a field or names something that does not exist."""


@dataclass(frozen=True)
class Citation:
    id: str
    role: str
    outlet: str
    date: str
    title: str
    author: str
    url: str
    summary: str
    date_note: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    question: str
    line: int
    quote: str
    verdict: str
    record: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TracePack:
    path: Path
    searched_on: str
    queries: tuple[str, ...]
    sources: tuple[Citation, ...]
    post_found: str
    post_meaning: str
    claims: tuple[Claim, ...]
    not_verified: tuple[str, ...]

    def source(self, source_id: str) -> Citation:
        return next(s for s in self.sources if s.id == source_id)

    def _repr_html_(self) -> str:
        return render_html(self)

    def __str__(self) -> str:
        return render_text(self)


def _need(node: dict[str, Any], key: str, where: str) -> Any:
    value = node.get(key)
    if value in (None, "", []):
        raise TraceError(f"{where}: field {key!r} is missing or empty")
    return value


def load_trace(seed: str = DEFAULT_SEED, path: Path | str | None = None) -> TracePack:
    """Read and check ``seeds/<seed>/trace.json``: every citation has an outlet, a date
    (YYYY-MM-DD, YYYY-MM, or ``unknown`` with a ``date_note``) and a title, and every claim
    names a line of the article that holds its quote and only sources the pack cites."""
    from .seeds import seed as load_seed

    file = Path(path) if path is not None else seeds_dir() / seed / "trace.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise TraceError(f"{file}: cannot read the trace pack ({err})") from err
    searched = _need(data, "searched", str(file))
    sources = []
    for n, raw in enumerate(_need(data, "sources", str(file)), 1):
        where = f"{file}: source {n} ({raw.get('id', '?')})"
        fields = {k: _need(raw, k, where) for k in ("id", "role", "outlet", "date", "title")}
        date = fields["date"]
        if not (_DATE.match(date) or (date == "unknown" and raw.get("date_note"))):
            raise TraceError(f"{where}: date {date!r} is not YYYY-MM-DD, YYYY-MM or unknown+note")
        if _DATE.match(date) and len(date) == 7 and not raw.get("date_note"):
            raise TraceError(f"{where}: a date without a day needs a 'date_note' saying why")
        sources.append(
            Citation(
                **fields,
                author=raw.get("author", ""),
                url=_need(raw, "url", where),
                summary=_need(raw, "summary", where),
                date_note=raw.get("date_note", ""),
            )
        )
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise TraceError(f"{file}: two sources share an id: {ids}")
    parts = {s.number: s.text for s in load_seed(seed).segments}
    claims = []
    for n, raw in enumerate(_need(data, "claims", str(file)), 1):
        where = f"{file}: claim {n} ({raw.get('id', '?')})"
        line, quote = _need(raw, "line", where), _need(raw, "quote", where)
        if quote not in parts.get(line, ""):
            raise TraceError(f"{where}: quote {quote!r} is not in line {line} of the article")
        verdict = _need(raw, "verdict", where)
        if verdict not in VERDICTS:
            raise TraceError(f"{where}: verdict {verdict!r} is not one of {VERDICTS}")
        unknown = [s for s in _need(raw, "sources", where) if s not in ids]
        if unknown:
            raise TraceError(f"{where}: sources {unknown} are not in the pack's sources")
        claims.append(
            Claim(
                id=_need(raw, "id", where),
                question=_need(raw, "question", where),
                line=line,
                quote=quote,
                verdict=verdict,
                record=_need(raw, "record", where),
                sources=tuple(raw["sources"]),
            )
        )
    post = _need(data, "post", str(file))
    return TracePack(
        path=file,
        searched_on=_need(searched, "date", f"{file}: searched"),
        queries=tuple(_need(searched, "queries", f"{file}: searched")),
        sources=tuple(sources),
        post_found=_need(post, "found", f"{file}: post"),
        post_meaning=_need(post, "meaning", f"{file}: post"),
        claims=tuple(claims),
        not_verified=tuple(data.get("not_verified", [])),
    )


def _when(c: Citation) -> str:
    return c.date + (f" ({c.date_note})" if c.date_note else "")


def render_text(pack: TracePack) -> str:
    """The pack as plain text (for a printout or a screen reader)."""
    out = [f"Search results pack (searched on {pack.searched_on})", ""]
    for c in pack.sources:
        out += [f"[{c.role}] {c.outlet}, {_when(c)}: {c.title}", f"  {c.url}", f"  {c.summary}", ""]
    out += ["Did the New York Post report it? " + pack.post_found, ""]
    out += ["What we could not check:", *(f"- {t}" for t in pack.not_verified)]
    return "\n".join(out)


def render_html(pack: TracePack) -> str:
    """The pack as escaped HTML: one card per source, so students can read *about* each one.

    The claims' verdicts are left out on purpose: students compare the claims themselves, and
    the quiz feedback and the teacher key give the answers."""
    cards = []
    for c in pack.sources:
        by = f" · {escape(c.author)}" if c.author and not c.author.startswith("not shown") else ""
        cards.append(
            "<div class='trace-source' style='border:1px solid #bbb;border-radius:6px;"
            "padding:6px 10px;margin:6px 0'>"
            f"<div style='color:#4d4d4d;font-size:90%'>{escape(c.role)}</div>"
            f"<b>{escape(c.outlet)}</b>, {escape(_when(c))}{by}<br>"
            f"<i>{escape(c.title)}</i><br>"
            f"<span style='font-size:90%;color:#4d4d4d'>{escape(c.url)}</span>"
            f"<p style='margin:4px 0'>{escape(c.summary)}</p></div>"
        )
    unsure = "".join(f"<li>{escape(t)}</li>" for t in pack.not_verified)
    # closed until clicked: a class that can search does so first, then compares
    return (
        "<details class='trace-pack'><summary><b>Search results pack</b> "
        f"(searched on {escape(pack.searched_on)}): open it if you have no internet, or after "
        "your own search to compare</summary>"
        "<p>Summaries in our own words; the titles are the outlets' own.</p>"
        + "".join(cards)
        + f"<p><b>Did the New York Post report it?</b> {escape(pack.post_found)}</p>"
        f"<p><b>What we could not check:</b></p><ul>{unsure}</ul></details>"
    )


def trace_pack(seed: str = DEFAULT_SEED) -> TracePack:
    """The checked pack; in a notebook it shows itself as the search results cards."""
    return load_trace(seed)
