"""The highlighter of highlight questions: mark words as quickly as with a highlighter pen.

**Why a small custom widget (anywidget).**  One ipywidgets ``ToggleButton`` per word made a line
cost 69 Tab presses, glued words to their punctuation ("Belarus—could" was one chip) and turned a
paragraph into a row of buttons.  :class:`Highlighter` shows the passage as flowing text: drag
across words (or click one and Shift-click another) to mark a stretch, tap on a touch screen, or
use the keyboard on a single tab stop (arrows move, Shift+arrows mark, Space toggles).  anywidget
is small and well kept, and its JavaScript and CSS ship inside this package
(``highlighter.js``/``.css``, read with :mod:`importlib.resources`): nothing is fetched from the
internet, so it works the same in JupyterLab, Voilà and on a JupyterHub, offline.

Words are what a learner can mark: runs of letters and digits, with apostrophes and hyphens
inside a word kept ("Russia's", "well-known") and decimal points between digits ("3.5").
Punctuation and spaces between words are plain text that cannot be marked, so a dash or a
comma never ends up inside an answer.  The answer stays what the scoring reads: one
``[start, end]`` document offset pair per marked word.

The kernel sees ``selected`` (one boolean per word) once per finished gesture, not on every
mouse move.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files

import anywidget
import traitlets

# Combining marks belong to the letter before them ("é" written as e + U+0301).
_MARK = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_PART = rf"[\w{_MARK}]+"
# inside a word: apostrophes and hyphens between letters; . , : / between digits (3.5, 1,000)
_JOIN = r"(?:['’ʼ\-‐‑]|(?<=\d)[.,:/](?=\d))"
_WORD = re.compile(rf"{_PART}(?:{_JOIN}{_PART})*")

HELP = (
    "Drag across words, or click one word and Shift-click another; "
    "keyboard: arrows, Shift+arrows, Space."
)
LABEL = (
    "Passage to mark. Left and Right arrows move between words, Shift with an arrow marks "
    "a stretch of words, Space or Enter marks or unmarks the word."
)


def words(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """The markable words of ``text`` as (start, end, word), offsets shifted by ``base``.

    Punctuation is left out ("Belarus—could" gives "Belarus" and "could"); one regex pass, so the
    work is linear in the length of the text.
    """
    return [(m.start() + base, m.end() + base, m.group()) for m in _WORD.finditer(text)]


@cache
def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


class Highlighter(anywidget.AnyWidget):
    """A passage whose words the learner marks.  ``words`` are ``[start, end, text]`` in
    document offsets, ``text`` the passage and ``offset`` its start in the document."""

    _esm = _asset("highlighter.js")
    _css = _asset("highlighter.css")

    text = traitlets.Unicode("").tag(sync=True)
    offset = traitlets.Int(0).tag(sync=True)
    words = traitlets.List(trait=traitlets.List()).tag(sync=True)
    selected = traitlets.List(trait=traitlets.Bool()).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    help = traitlets.Unicode(HELP).tag(sync=True)
    label = traitlets.Unicode(LABEL).tag(sync=True)

    def __init__(self, text: str = "", offset: int = 0, **kwargs: object) -> None:
        found = [[s, e, word] for s, e, word in words(text, offset)]
        super().__init__(
            text=text, offset=offset, words=found, selected=[False] * len(found), **kwargs
        )
        self.add_class("quiz-highlighter")

    @traitlets.validate("selected")
    def _fit(self, proposal: traitlets.Bunch) -> list[bool]:
        # one flag per word, whatever a front end sends: missing words are unmarked
        value = [bool(x) for x in proposal["value"]][: len(self.words)]
        return value + [False] * (len(self.words) - len(value))

    # -- answers in document offsets -------------------------------------------------------

    def marked(self) -> list[list[int]]:
        """The marked words as ``[[start, end], ...]`` (the highlight answer format)."""
        return [[s, e] for (s, e, _w), on in zip(self.words, self.selected, strict=True) if on]

    def mark_spans(self, spans: Iterable[Sequence[int]], *, keep: bool = False) -> None:
        """Mark every word that overlaps one of ``spans`` (document offsets); with ``keep``
        the words already marked stay marked."""
        pairs = sorted((int(x[0]), int(x[1])) for x in spans)
        flags = list(self.selected) if keep else [False] * len(self.words)
        j = 0
        for i, (s, e, _w) in enumerate(self.words):  # both sorted: one sweep
            while j < len(pairs) and pairs[j][1] <= s:
                j += 1
            k = j
            while k < len(pairs) and pairs[k][0] < e:
                if pairs[k][1] > s:
                    flags[i] = True
                    break
                k += 1
        self.selected = flags
