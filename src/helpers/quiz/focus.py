"""Where the keyboard focus goes after Check, Next, Previous and Start.

**Why.**  ipywidgets cannot move the focus, and a button that is disabled (Check, once the
question is finished; Next, on the last question) or removed (Start) drops it to the page body:
a keyboard or screen-reader user starts again from the top of the page.  :func:`focus_keeper`
is an invisible anywidget put into each question; its script (``focus.js``, shipped with the
package) moves the focus to the feedback when Check is disabled while it had the focus, and to
the first input of the question shown after Start, Next or Previous.  It never moves the focus on
its own, so opening or running a notebook leaves it alone.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import anywidget


@cache
def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


class FocusKeeper(anywidget.AnyWidget):
    """Invisible; its script does the work in the browser (see the module docstring)."""

    _esm = _asset("focus.js")


def focus_keeper() -> FocusKeeper:
    keeper = FocusKeeper()
    keeper.add_class("quiz-focus")
    keeper.layout.display = "none"
    return keeper
