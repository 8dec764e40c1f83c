"""Small building blocks that keep lesson cells to one line: a paste box for your own article,
and the helper's reading compared with the expert's.
"""

from __future__ import annotations

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


class PasteBox:
    """A text box to paste an article into; ``.document()`` reads whatever is in it now.

    The box starts with :func:`example_article` so the lesson runs (and can be tried) before
    anything is pasted.  A line ``--- comments ---`` marks where reader comments begin.
    """

    def __init__(self, example: str | None = None) -> None:
        import ipywidgets as w

        if example is None:
            example = example_article()
        self.text = w.Textarea(
            value=example,
            placeholder="Paste an article here. Put a line --- comments --- before any comments.",
            layout=w.Layout(width="100%", height="22em"),
        )
        self.text.add_class("lesson-paste")
        label = w.HTML(
            "<b>Your article</b> — replace the example with any article (plain text). "
            "Then run the next cells again (Shift + Enter)."
        )
        self.box = w.VBox([label, self.text])

    @property
    def value(self) -> str:
        return str(self.text.value)

    def document(self) -> Document:
        """The pasted text as a document (roles guessed; comments after the marker line)."""
        from .document import from_string

        return from_string(self.value)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def paste_box(example: str | None = None) -> PasteBox:
    """A paste box for lesson 06: ``box = helpers.lesson.paste_box()``."""
    return PasteBox(example)


def compare_with_expert(
    analysis: Analysis, layer: str | None = None, *, slug: str | None = None
) -> Comparison:
    """The helper's marks next to the expert reading of a seed article, for one layer or all.

    Raises ValueError for a text that has no expert reading (anything but a seed article).
    """
    import hashlib

    from .annotations import expert_reading
    from .views.compare import compare

    reading = expert_reading(slug)
    if (
        hashlib.sha256(analysis.text.encode("utf-8")).digest()
        != hashlib.sha256(reading.text.encode("utf-8")).digest()
    ):
        raise ValueError("there is an expert reading only for the seed article, not this text")
    return compare(analysis, analysis.spans, reading.spans, layer=layer, student_name="the helper")
