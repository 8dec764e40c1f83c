"""Small building blocks that keep lesson cells to one line: a paste box for your own article,
and the helper's reading compared with the expert's.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis
    from .document import Document
    from .views.compare import Comparison


def example_article() -> str:
    """A short made-up article (not a real one) with reader comments that shows every layer."""
    from importlib import resources

    ref = resources.files("helpers") / "examples" / "library-vote.txt"
    return ref.read_text(encoding="utf-8").rstrip("\n")


# An article with its comments is rarely above 5,000 words; more is cut, with a message, so a
# whole pasted web page (menus, footers) cannot make the views unusably long.
MAX_CHARS = 30_000
EMPTY_VIEW = (
    "<p class='lesson-waiting' style='color:#4d4d4d'><i>Nothing to show yet: paste an article in "
    "the box above and press <b>Analyse my article</b>.</i></p>"
)


def bounded(text: str, max_chars: int = MAX_CHARS) -> str:
    """``text`` cut to at most ``max_chars`` characters, at the end of a paragraph when there is
    one in the second half of the allowance (else at the last space)."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    cut = head.rfind("\n\n")
    if cut < max_chars // 2:
        cut = head.rfind(" ")
    return head[:cut].rstrip() if cut > 0 else head


def _count(n: int, name: str) -> str:
    """``1 headline``, ``3 reader comments``, ``2 deks (standfirst)``."""
    if n != 1:
        word, _, rest = name.partition(" (")
        name = word + "s" + (f" ({rest}" if rest else "")
    return f"{n} {name}"


class PasteBox:
    """A text box to paste an article into, and a button that analyses it.

    The box starts with :func:`example_article` (analysed at once), so the lesson runs and can
    be tried before anything is pasted.  A line ``--- comments ---`` marks where reader comments
    begin.  The views (:meth:`parts_table`, :meth:`highlight`, :meth:`explorer`) are widgets
    that show the latest analysis and change in place when **Analyse my article** is pressed:
    in Voilà a student can neither edit nor re-run cells, so nothing may depend on re-running.
    """

    def __init__(self, example: str | None = None, *, max_chars: int = MAX_CHARS) -> None:
        import ipywidgets as w

        if example is None:
            example = example_article()
        self.max_chars = max_chars
        self.analysis: Analysis | None = None
        self._views: list[Callable[[], None]] = []
        self.text = w.Textarea(
            value=example,
            placeholder="Paste an article here. Put a line --- comments --- before any comments.",
            layout=w.Layout(width="100%", height="22em"),
        )
        self.text.add_class("lesson-paste")
        label = w.HTML(
            "<b>Your article</b> — replace the example with any article (plain text), then "
            "press <b>Analyse my article</b>. The parts and the helper's marks further down "
            "change to show it."
        )
        self.button = w.Button(
            description="Analyse my article",
            button_style="primary",
            icon="search",
            tooltip="Read the text in the box and show the helper's reading further down",
            layout=w.Layout(width="auto"),
        )
        self.button.add_class("lesson-analyse")
        self.status = w.HTML()
        self.status.add_class("lesson-status")
        self.button.on_click(self.analyse)
        self.box = w.VBox([label, self.text, self.button, self.status])
        self.analyse()

    @property
    def value(self) -> str:
        return str(self.text.value)

    def document(self) -> Document:
        """The pasted text (bounded) as a document (roles guessed; comments after the marker)."""
        from .document import from_string

        return from_string(bounded(self.value, self.max_chars))

    def analyse(self, _button: Any = None) -> Analysis | None:
        """Read the box, analyse it, say what was found and update every view.  Empty text
        clears the views and says so; text over ``max_chars`` is cut, and the status says where."""
        from .analysis import analyze
        from .document import InputError, from_string

        raw = self.value
        if not raw.strip():
            self.analysis = None
            self._say(
                "The box is empty: paste an article into it, then press "
                "<b>Analyse my article</b> again.",
                "#9a6700",
            )
        else:
            text = bounded(raw, self.max_chars)
            try:
                self.analysis = analyze(from_string(text))
            except InputError as err:
                self.analysis = None
                self._say(f"The helper cannot read this text: {escape(str(err))}", "#b42318")
            else:
                self._say(self._found(self.analysis, cut=len(text) < len(raw)), "#1a7f37")
        for refresh in self._views:
            refresh()
        return self.analysis

    def _say(self, message: str, color: str) -> None:
        self.status.value = (
            f"<p role='status' aria-live='polite' style='border-left:4px solid {color};"
            f"padding:2px 10px;margin:6px 0;color:#1a1a1a'>{message}</p>"
        )

    def _found(self, analysis: Analysis, *, cut: bool) -> str:
        from .article_view import ROLE_NAMES

        counts: dict[str, int] = {}
        for seg in analysis.document.segments:
            if seg.role != "comment_marker":
                counts[seg.role] = counts.get(seg.role, 0) + 1
        parts = ", ".join(_count(n, ROLE_NAMES.get(r, r).lower()) for r, n in counts.items())
        n = len(analysis.spans)
        out = [
            f"<b>Analysed ✓</b> {len(analysis.text.split()):,} words: {escape(parts)}; "
            f"{n} mark{'' if n == 1 else 's'}. The parts table and the helper's reading below "
            "now show this text."
        ]
        if not any(s.role == "comment_marker" for s in analysis.document.segments):
            out.append(
                "There is no <code>--- comments ---</code> line, so everything is read as the "
                "article."
            )
        if cut:
            out.append(
                f"Your text is long ({len(self.value):,} characters): the helper read only the "
                f"first {len(analysis.text):,}, up to the end of a paragraph. To read another "
                "part, paste that part on its own."
            )
        return " ".join(out)

    # -- views that follow the button ----------------------------------------------------------

    def _view(self, render: Callable[[Analysis], str], css_class: str) -> Any:
        import ipywidgets as w

        html = w.HTML()
        html.add_class(css_class)

        def refresh() -> None:
            html.value = EMPTY_VIEW if self.analysis is None else render(self.analysis)

        self._views.append(refresh)
        refresh()
        return html

    def parts_table(self) -> Any:
        """How the helper split the text into parts (headline, paragraphs, comments)."""
        from .article_view import parts_table

        return self._view(lambda a: parts_table(a.document)._repr_html_(), "lesson-parts")

    def highlight(self, *, findings: bool = True) -> Any:
        """Every mark on all three layers, with the findings at the top."""
        from .views.highlight import Highlight

        return self._view(
            lambda a: Highlight(a.document, a.spans, analysis=a, findings=findings).html(),
            "lesson-reading",
        )

    def explorer(self, layer: str = "sourcing") -> Any:
        """The highlight explorer (one layer at a time) on the latest analysis; a new text
        keeps the chosen layer."""
        import ipywidgets as w

        from .views.widgets import highlight_explorer

        box = w.VBox()
        box.add_class("lesson-explorer")

        def refresh() -> None:
            current = box.children[0] if box.children else None
            chosen = getattr(getattr(current, "layer_buttons", None), "value", layer)
            if self.analysis is None:
                box.children = (w.HTML(EMPTY_VIEW),)
            else:
                box.children = (highlight_explorer(self.analysis, layer=chosen),)

        self._views.append(refresh)
        refresh()
        return box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def paste_box(example: str | None = None, *, max_chars: int = MAX_CHARS) -> PasteBox:
    """The paste box of lesson 06: ``article = helpers.lesson.paste_box()``, shown by a cell
    that ends with ``article``; ``article.parts_table()``, ``.highlight()`` and ``.explorer()``
    follow its **Analyse my article** button."""
    return PasteBox(example, max_chars=max_chars)


def compare_with_expert(
    analysis: Analysis, layer: str | None = None, *, slug: str | None = None
) -> Comparison:
    """The helper's marks next to the expert reading of a seed article, for one layer or all.

    Raises ValueError for a text that has no expert reading (anything but a seed article).
    """
    from .annotations import expert_reading
    from .views.compare import compare

    reading = expert_reading(slug)
    if analysis.text != reading.text:
        raise ValueError("there is an expert reading only for the seed article, not this text")
    return compare(analysis, analysis.spans, reading.spans, layer=layer, student_name="the helper")
