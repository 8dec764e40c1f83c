"""One question as widgets: its inputs (from its type), a Check button, feedback and tries.

:class:`QuestionWidget` is what :class:`helpers.quiz.widgets.QuizApp` shows, one per question;
the inputs come from the question's type (``QuestionType.widget`` in ``helpers.quiz.types``),
the feedback HTML from :mod:`helpers.quiz.feedback`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .feedback import feedback_html, passage_html
from .focus import focus_keeper
from .model import Question
from .results import attempt_record
from .scoring import Outcome, score
from .types import TYPES

_E = html.escape


class QuestionWidget:
    """One question: its inputs, a Check button, feedback, tries, and the answer after the last
    try.  ``on_attempt(record)`` is called with every scored attempt (the app saves it)."""

    # the input widgets of the question's type, by name (``Inputs.names``): one of these is set
    choice: Any  # single_choice: RadioButtons
    boxes: dict[str, Any]  # multiple_select: a Checkbox per option id
    text: Any  # numeric, short_text: Text
    highlighter: Any  # highlight: Highlighter
    sorters: dict[str, Any]  # classify, discernment: ToggleButtons per item id
    area: Any  # reflection: Textarea

    def __init__(
        self,
        q: Question,
        *,
        on_attempt: Callable[[dict[str, Any]], None] | None = None,
        heading: str = "",
    ) -> None:
        self.q = q
        self.on_attempt = on_attempt
        self.tries = 0
        self.done = False
        self.best = 0.0
        self.outcome: Outcome | None = None
        self.kind = TYPES[q.type]
        prompt = f"<p style='font-weight:bold'>{_E(heading)}</p>" if heading else ""
        prompt += f"<div style='font-size:110%;line-height:1.45'>{_E(q.prompt)}</div>"
        if q.code:
            prompt += f"<pre>{_E(q.code)}</pre>"
        self.prompt = w.HTML(prompt)
        self.prompt.add_class("quiz-prompt")
        parts: list[w.Widget] = [self.prompt]
        if q.passage is not None and self.kind.shows_passage:
            self.passage = w.HTML(passage_html(q))
            self.passage.add_class("quiz-passage")
            parts.append(self.passage)
        self.inputs = self.kind.widget(q)
        for name, widget in self.inputs.names.items():  # qw.choice, qw.text … (tests use them)
            setattr(self, name, widget)
        self._inputs = self.inputs.inputs
        self.input = self.inputs.box
        parts.append(self.input)
        self.check = w.Button(
            description=self.kind.check_label,
            button_style="primary",
            icon="check",
            tooltip="Check your answer",
        )
        self.check.add_class("quiz-check")
        self.check.on_click(lambda _b: self.submit())
        self.feedback = w.HTML("")
        self.feedback.add_class("quiz-feedback")
        parts += [self.check, self.feedback, focus_keeper()]
        self.box = w.VBox(parts, layout=w.Layout(padding="6px 2px"))
        self.box.add_class("quiz-question")
        self.box.add_class(f"quiz-type-{q.type}")

    # -- answers -----------------------------------------------------------------------------

    def get_answer(self) -> Any:
        return self.inputs.get()

    def set_answer(self, answer: Any) -> None:
        """Put an answer into the inputs (used to resume, and by tests)."""
        self.inputs.set(answer)

    def select_words(self, *phrases: str) -> None:
        """Highlight questions: mark every word inside the given phrases (a test helper)."""
        assert self.q.passage is not None and self.q.passage.start is not None
        for phrase in phrases:
            pos = self.q.passage.text.find(phrase)
            if pos < 0:
                raise ValueError(f"{phrase!r} is not in the passage")
            s = pos + self.q.passage.start
            self.highlighter.mark_spans([(s, s + len(phrase))], keep=True)

    # -- checking ----------------------------------------------------------------------------

    def submit(self) -> Outcome | None:
        if self.done:
            return self.outcome
        outcome = score(self.q, self.get_answer())
        if not outcome.valid:
            self.feedback.value = feedback_html(self.q, outcome, final=False)
            return outcome
        self.tries += 1
        final = outcome.correct or self.tries >= self.q.max_tries
        self.outcome = outcome
        if not self.kind.first_try_only or self.tries == 1:
            self.best = max(self.best, outcome.score)
        record = attempt_record(self.q, self.tries, outcome, final=final)
        self._show(outcome, final)
        if self.on_attempt is not None:
            self.on_attempt(record)
        return outcome

    def _show(self, outcome: Outcome, final: bool) -> None:
        left = max(0, self.q.max_tries - self.tries)
        hint = (
            self.q.hints[min(self.tries, len(self.q.hints)) - 1]
            if (self.q.hints and not final)
            else ""
        )
        self.feedback.value = feedback_html(
            self.q, outcome, final=final, tries_left=left, hint=hint
        )
        if self.kind.first_try_only and self.tries == 1 and not final:
            self.feedback.value += (
                "<p class='quiz-first-try' style='color:#555;font-size:90%'>Your first try is "
                "the one that counts here; the next is for practice.</p>"
            )
        elif self.kind.first_try_only and self.tries > 1:
            self.feedback.value += (
                "<p class='quiz-first-try' style='color:#555;font-size:90%'>Practice try: your "
                "score is your first try's.</p>"
            )
        if final:
            self.finish()

    def finish(self) -> None:
        self.done = True
        for x in self._inputs:
            x.disabled = True
        self.check.disabled = True

    def restore(self, attempts: int, last_answer: Any, done: bool, best: float) -> None:
        """Show a question as the learner left it (after a kernel restart)."""
        self.tries = attempts
        self.best = best
        if last_answer is not None:
            self.set_answer(last_answer)
        if done:
            outcome = score(self.q, last_answer)
            if outcome.valid:
                self.outcome = outcome
                self.feedback.value = (
                    "<p style='color:#555;font-size:90%'>You answered this before "
                    f"({attempts} {'try' if attempts == 1 else 'tries'}).</p>"
                    + feedback_html(self.q, outcome, final=True)
                )
            self.finish()
