"""Quiz widgets: one per question type, an app that runs a bank; ipywidgets and one anywidget.

**Why plain ipywidgets, and one small custom widget for highlighting.**  Every question type is
built from ipywidgets, except the passage of a highlight question: a :class:`Highlighter`
(``highlighter.py``, an anywidget whose script and CSS ship inside the package, so it works in
JupyterLab, Voilà and on a hub, offline) where the learner drags across words, Shift-clicks, taps,
or uses arrows, Shift+arrows and Space on one tab stop.  A row of one ``ToggleButton`` per word
cost a Tab press per word and glued words to their punctuation.  An invisible
:func:`~helpers.quiz.focus.focus_keeper` in each question puts the keyboard focus on the feedback
or the next question's first input after Check, Next and Start.

Feedback goes into ``HTML`` widgets (never ``print`` into an ``Output``), so tests can drive every
widget outside a kernel and read what a learner would see from ``.value``.  All text from banks
and learners is HTML-escaped.

Stable CSS classes for browser tests (``widget.add_class``): ``quiz-app``, ``quiz-title``,
``quiz-notice``, ``quiz-learner``, ``quiz-start``, ``quiz-progress``, ``quiz-progress-label``,
``quiz-progress-bar``, ``quiz-question`` (+ ``quiz-type-<type>``), ``quiz-prompt``,
``quiz-passage``, ``quiz-choice`` (RadioButtons), ``quiz-options`` / ``quiz-option``
(Checkbox), ``quiz-input`` (Text), ``quiz-highlighter`` (its words ``hl-word``, marked ``hl-on``),
``quiz-item`` / ``quiz-category`` (ToggleButtons per excerpt), ``quiz-text`` (Textarea),
``quiz-check``, ``quiz-feedback``, ``quiz-nav``, ``quiz-prev``, ``quiz-next``, ``quiz-finish``,
``quiz-summary``.  Buttons carry plain descriptions: "Check", "Next", "Previous", "See my
results", "Start the quiz".
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import ipywidgets as w

from .focus import focus_keeper
from .highlighter import Highlighter
from .load import load_bank
from .model import Bank, Question, QuizError
from .results import ResultsStore, attempt_record, learner_name, summarize
from .scoring import Line, Outcome, reveal, score

_E = html.escape

_COLORS = {
    "ok": "#1a7f37",
    "wrong": "#b42318",
    "miss": "#9a6700",
    "over": "#b42318",
    "info": "#444",
    "hint": "#0550ae",
}
_MARKS = {"ok": "✓", "wrong": "✗", "miss": "○", "over": "✗", "info": "•", "hint": "?"}
_WORDS = {
    "ok": "",
    "wrong": "",
    "miss": "Missed: ",
    "over": "Over-marked: ",
    "info": "",
    "hint": "Hint: ",
}


# --- HTML pieces (pure functions: testable, and reusable by other views) --------------------


def line_html(line: Line, *, final: bool = True) -> str:
    color = _COLORS.get(line.kind, "#444")
    quote = f"<q style='font-style:italic'>{_E(line.quote)}</q> " if line.quote else ""
    text = line.text
    if line.kind == "wrong" and not final and line.answer:
        text = "Look again at this one."
    elif line.kind == "wrong" and final and line.answer:
        text = f"The answer is “{line.answer}”. {text}".strip()
    return (
        f"<li class='quiz-fb-{line.kind}' style='margin:3px 0'>"
        f"<span style='color:{color};font-weight:bold' aria-hidden='true'>"
        f"{_MARKS.get(line.kind, '•')}</span> <b>{_E(_WORDS.get(line.kind, ''))}</b>"
        f"{quote}{_E(text)}</li>"
    )


def marked_passage_html(q: Question, selected: list[list[int]] | None) -> str:
    """The passage with the learner's marks next to the expert's, in the comparison view of
    :mod:`helpers.views.compare`: agreements, misses and over-marks, each with its reason."""
    p = q.passage
    if p is None or p.start is None or not q.targets:
        return ""
    from ..document import Document, split_blocks
    from ..spans import Span
    from ..views.compare import compare

    doc = Document.from_text(p.text, ["paragraph"] * len(split_blocks(p.text)))
    layer = q.targets[0].layer
    n = len(p.text)

    def local(start: int, end: int) -> tuple[int, int]:
        return max(0, start - p.start), min(n, end - p.start)

    mine = []
    for s, e in selected or []:
        a, b = local(s, e)
        if a < b:
            mine.append(Span(a, b, layer, "student", rule="student"))
    expert = []
    for t in q.targets:
        a, b = local(t.start, t.end)
        if a < b and t.layer == layer:
            expert.append(
                Span(a, b, t.layer, t.label or "expert", explanation=t.explanation, rule="expert")
            )
    view = compare(doc, student=mine, expert=expert, first_line=p.line or 1)
    return f"<div class='quiz-compare'>{view.html()}</div>"


def feedback_html(
    q: Question, outcome: Outcome, *, final: bool, tries_left: int = 0, hint: str = ""
) -> str:
    """What the learner sees after pressing Check."""
    parts = []
    if not outcome.valid:
        return (
            "<div class='quiz-fb quiz-fb-invalid' role='status' style='line-height:1.5'>"
            + "".join(f"<p>{_E(line.text)}</p>" for line in outcome.lines)
            + "</div>"
        )
    pts = f"{outcome.score:g} of {outcome.points:g} point{'s' if outcome.points != 1 else ''}"
    if q.type == "reflection":
        head = "Saved ✓"
    elif outcome.correct:
        head = f"✓ Right! ({pts})"
    elif outcome.score > 0:
        head = f"Partly right ({pts})."
    else:
        head = "Not yet." if not final else f"Not this time ({pts})."
    color = "#1a7f37" if outcome.correct else ("#9a6700" if outcome.score > 0 else "#b42318")
    parts.append(f"<p style='font-weight:bold;color:{color}' class='quiz-fb-head'>{_E(head)}</p>")
    lines = list(outcome.lines)
    if q.type == "highlight" and not final:
        missed = [ln for ln in lines if ln.kind == "miss"]
        lines = [ln for ln in lines if ln.kind != "miss"]
        if missed:
            lines.append(
                Line(
                    "miss",
                    f"There {'is' if len(missed) == 1 else 'are'} {len(missed)} more to find.",
                )
            )
    if lines:
        parts.append(
            "<ul style='list-style:none;padding-left:4px;margin:4px 0'>"
            + "".join(line_html(ln, final=final) for ln in lines)
            + "</ul>"
        )
    if q.type == "highlight" and final:
        parts.append(marked_passage_html(q, outcome.answer))
    if q.type == "reflection" and final and str(outcome.answer or "").strip():
        # the locked text box is greyed out by the theme: repeat the answer in readable text
        parts.append(
            "<p style='margin:6px 0 2px'><b>Your answer:</b></p>"
            "<blockquote class='quiz-your-answer' style='white-space:pre-wrap;color:#1a1a1a;"
            "background:#f6f8fa;border-left:4px solid #57606a;margin:0;padding:4px 10px'>"
            f"{_E(str(outcome.answer).strip())}</blockquote>"
        )
    if final:
        if not outcome.correct and q.type not in (
            "highlight",
            "classify",
            "discernment",
            "reflection",
        ):
            parts.append(
                "<p><b>The answer:</b></p><ul style='list-style:none'>"
                + "".join(line_html(ln) for ln in reveal(q))
                + "</ul>"
            )
        if q.explanation:
            parts.append(f"<p class='quiz-explanation'><b>Why:</b> {_E(q.explanation)}</p>")
    else:
        if hint:
            parts.append(f"<p class='quiz-hint'><b>Hint:</b> {_E(hint)}</p>")
        parts.append(
            f"<p>Try again — {tries_left} {'try' if tries_left == 1 else 'tries'} left.</p>"
        )
    kind = "correct" if outcome.correct else ("partly" if outcome.score > 0 else "wrong")
    return (
        f"<div class='quiz-fb quiz-fb-{kind}' role='status' style='border-left:4px solid "
        f"{color};padding:2px 10px;margin-top:6px;line-height:1.5'>{''.join(parts)}</div>"
    )


def passage_html(q: Question) -> str:
    p = q.passage
    if p is None:
        return ""
    where = f"Line {p.line} of the article" if p.line else "From the article"
    return (
        f"<figure style='margin:6px 0'><figcaption style='font-size:85%;color:#555'>"
        f"{_E(where)}</figcaption><blockquote style='margin:2px 0;padding:4px 10px;"
        f"border-left:3px solid #888'>{_E(p.text)}</blockquote></figure>"
    )


# --- one question --------------------------------------------------------------------------


class QuestionWidget:
    """One question: its inputs, a Check button, feedback, tries, and the answer after the last
    try.  ``on_attempt(record)`` is called with every scored attempt (the app saves it)."""

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
        self._inputs: list[w.DOMWidget] = []
        prompt = f"<p style='font-weight:bold'>{_E(heading)}</p>" if heading else ""
        prompt += f"<div style='font-size:110%;line-height:1.45'>{_E(q.prompt)}</div>"
        if q.code:
            prompt += f"<pre>{_E(q.code)}</pre>"
        self.prompt = w.HTML(prompt)
        self.prompt.add_class("quiz-prompt")
        parts: list[w.Widget] = [self.prompt]
        if q.passage is not None and q.type != "highlight":
            self.passage = w.HTML(passage_html(q))
            self.passage.add_class("quiz-passage")
            parts.append(self.passage)
        self.input = self._build_input()
        parts.append(self.input)
        self.check = w.Button(
            description="Check" if q.type != "reflection" else "Save",
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

    # -- inputs per type ---------------------------------------------------------------------

    def _build_input(self) -> w.Widget:
        q = self.q
        if q.type == "single_choice":
            self.choice = w.RadioButtons(
                options=[(o.text, o.id) for o in q.options],
                value=None,
                layout=w.Layout(width="auto"),
            )
            self.choice.add_class("quiz-choice")
            self._inputs = [self.choice]
            return self.choice
        if q.type == "multiple_select":
            self.boxes = {
                o.id: w.Checkbox(
                    value=False, description=o.text, indent=False, layout=w.Layout(width="auto")
                )
                for o in q.options
            }
            for b in self.boxes.values():
                b.add_class("quiz-option")
            self._inputs = list(self.boxes.values())
            cols = max(1, q.answer_cols)
            grid = w.GridBox(
                list(self.boxes.values()),
                layout=w.Layout(grid_template_columns=" ".join(["auto"] * cols)),
            )
            grid.add_class("quiz-options")
            return grid
        if q.type in ("numeric", "short_text"):
            self.text = w.Text(
                placeholder="a number" if q.type == "numeric" else "your answer",
                description="Answer:",
                continuous_update=True,
            )
            self.text.add_class("quiz-input")
            self._inputs = [self.text]
            return self.text
        if q.type == "highlight":
            assert q.passage is not None and q.passage.start is not None
            self.highlighter = Highlighter(q.passage.text, q.passage.start)
            self._inputs = [self.highlighter]
            where = (
                f"Line {q.passage.line} of the article" if q.passage.line else "From the article"
            )
            note = w.HTML(f"<div style='font-size:85%;color:#555'>{_E(where)}</div>")
            return w.VBox([note, self.highlighter])
        if q.type in ("classify", "discernment"):
            self.sorters: dict[str, w.ToggleButtons] = {}
            rows = []
            for it in q.items:
                tb = w.ToggleButtons(
                    options=list(q.categories), value=None, style={"button_width": "auto"}
                )
                tb.add_class("quiz-category")
                self.sorters[it.id] = tb
                where = f"Line {it.line}: " if it.line else ""
                label = w.HTML(
                    f"<div style='margin-top:6px'><span style='color:#555;"
                    f"font-size:85%'>{_E(where)}</span><q>{_E(it.text)}</q></div>"
                )
                row = w.VBox([label, tb])
                row.add_class("quiz-item")
                rows.append(row)
            self._inputs = list(self.sorters.values())
            return w.VBox(rows)
        self.area = w.Textarea(
            placeholder="Write your thoughts here …", layout=w.Layout(width="95%", height="7em")
        )
        self.area.add_class("quiz-text")
        self._inputs = [self.area]
        return self.area

    # -- answers -----------------------------------------------------------------------------

    def get_answer(self) -> Any:
        t = self.q.type
        if t == "single_choice":
            return self.choice.value
        if t == "multiple_select":
            return [oid for oid, b in self.boxes.items() if b.value]
        if t in ("numeric", "short_text"):
            return self.text.value
        if t == "highlight":
            return self.highlighter.marked()
        if t in ("classify", "discernment"):
            return {iid: tb.value for iid, tb in self.sorters.items() if tb.value is not None}
        return self.area.value

    def set_answer(self, answer: Any) -> None:
        """Put an answer into the inputs (used to resume, and by tests)."""
        t = self.q.type
        if t == "single_choice":
            self.choice.value = answer if answer in [o.id for o in self.q.options] else None
        elif t == "multiple_select":
            chosen = set(answer or [])
            for oid, b in self.boxes.items():
                b.value = oid in chosen
        elif t in ("numeric", "short_text"):
            self.text.value = "" if answer is None else str(answer)
        elif t == "highlight":  # the words inside the given spans (a saved answer: its words)
            self.highlighter.mark_spans(answer or [])
        elif t in ("classify", "discernment"):
            given = dict(answer or {})
            for iid, tb in self.sorters.items():
                v = given.get(iid)
                tb.value = v if v in self.q.categories else None
        else:
            self.area.value = "" if answer is None else str(answer)

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


# --- the whole quiz ------------------------------------------------------------------------


_SESSION: dict[str, str] = {}  # the learner's name, remembered for this kernel session


class QuizApp:
    """A bank as a quiz: learner name, questions one at a time (or all at once), progress,
    saved attempts, resume, and a summary that says what to review.

    With ``single=True`` (one question asked inside a lesson) there is no progress bar and no
    navigation, and the question is headed "Your turn".
    """

    def __init__(
        self,
        bank: Bank,
        learner: str | None = None,
        *,
        store: ResultsStore | None = None,
        mode: str = "one",
        ask_name: bool | None = None,
        single: bool = False,
    ) -> None:
        if learner is None and "learner" in _SESSION:
            learner, ask_name = _SESSION["learner"], False
        elif learner is None and os.environ.get("JUPYTERHUB_USER"):
            # on a JupyterHub the learner has logged in: answers go under the hub user name
            learner, ask_name = os.environ["JUPYTERHUB_USER"], False
        if single:
            ask_name = False  # one question inside a lesson: never stop to ask for a name
        self.single = single
        self.named = learner is not None
        if mode not in ("one", "all"):
            raise ValueError("mode must be 'one' (a question at a time) or 'all'")
        self.bank = bank
        self.mode = mode
        self.store = store
        self.learner = learner_name(learner)
        self.questions: list[QuestionWidget] = []
        self.index = 0
        title = f"<h3 style='margin:4px 0'>{_E(bank.title)}</h3>"
        if bank.description:
            title += f"<p style='line-height:1.5'>{_E(bank.description)}</p>"
        self.title = w.HTML(title)
        self.title.add_class("quiz-title")
        self.notice = w.HTML("")
        self.notice.add_class("quiz-notice")
        self.name = w.Text(
            value="" if learner is None else self.learner,
            description="Name or ID:",
            placeholder="optional",
            style={"description_width": "initial"},
        )
        self.name.add_class("quiz-learner")
        self.start = w.Button(description="Start the quiz", button_style="primary", icon="play")
        self.start.add_class("quiz-start")
        self.start.on_click(lambda _b: self._start())
        self.progress_label = w.HTML("")
        self.progress_label.add_class("quiz-progress-label")
        self.progress_bar = w.IntProgress(
            min=0,
            max=max(1, len(bank.questions)),
            value=0,
            description="",
            layout=w.Layout(width="200px"),
        )
        self.progress_bar.add_class("quiz-progress-bar")
        self.progress_bar.layout.margin = "0 0 0 12px"
        self.progress = w.HBox(
            [self.progress_label, self.progress_bar], layout=w.Layout(align_items="center")
        )
        self.progress.add_class("quiz-progress")
        self.prev = w.Button(description="Previous", icon="arrow-left")
        self.prev.add_class("quiz-prev")
        self.next = w.Button(description="Next", icon="arrow-right", button_style="info")
        self.next.add_class("quiz-next")
        self.finish_button = w.Button(
            description="See my results", icon="flag-checkered", button_style="success"
        )
        self.finish_button.add_class("quiz-finish")
        self.prev.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.finish_button.on_click(lambda _b: self.show_summary())
        self.nav = w.HBox([self.prev, self.next, self.finish_button])
        self.nav.add_class("quiz-nav")
        self.summary = w.HTML("")
        self.summary.add_class("quiz-summary")
        self.body = w.VBox([])
        self.box = w.VBox([self.title, self.notice, self.body], layout=w.Layout(max_width="900px"))
        self.box.add_class("quiz-app")
        if ask_name is None:
            ask_name = learner is None
        if ask_name:
            intro = w.HTML(
                "<p>Type your name or class ID if your teacher asked for it (you can "
                "leave it empty), then start. Your answers are saved as you go.</p>"
            )
            self.body.children = [intro, w.HBox([self.name, self.start])]
        else:
            self.begin(self.learner)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)

    # -- flow ----------------------------------------------------------------------------------

    def _start(self) -> None:
        self.named = True
        self.begin(self.name.value)

    def begin(self, learner: str | None = None) -> None:
        self.learner = learner_name(learner)
        if self.named or not self.single:  # an unnamed "Your turn" must not fix the name
            _SESSION["learner"] = self.learner
        if self.store is None:
            try:
                self.store = ResultsStore()
            except OSError as exc:
                self._note(f"Your answers cannot be saved on this computer ({exc}).")
        records: list[dict[str, Any]] = []
        if self.store is not None:
            records = self.store.records(self.learner, self.bank.id)
            for m in self.store.messages:
                self._note(m)
        states = summarize(records)
        n = len(self.bank.questions)
        self.questions = []
        for q in self.bank.questions:
            heading = "Your turn" if self.single else f"Question {q.number} of {n}"
            qw = QuestionWidget(q, on_attempt=self._save, heading=heading)
            st = states.get((self.learner, self.bank.id, q.id))
            if st is not None:
                try:
                    qw.restore(
                        st.attempts, st.last_answer, st.done or st.attempts >= q.max_tries, st.best
                    )
                except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
                    # a saved answer that no longer fits the question (the bank changed): start
                    # this question afresh rather than lose the whole quiz
                    qw = QuestionWidget(q, on_attempt=self._save, heading=heading)
                    self._note(f"Your earlier answer to question {q.number} could not be shown.")
            self.questions.append(qw)
        first_open = next((i for i, qw in enumerate(self.questions) if not qw.done), None)
        if first_open is None:
            self.go(n - 1)
            if not self.single:
                self.show_summary()
        else:
            if records:
                self._note(f"Welcome back, {self.learner}! You continue where you left off.")
            self.go(first_open)

    def go(self, index: int) -> None:
        n = len(self.questions)
        self.index = max(0, min(n - 1, index))
        self.prev.disabled = self.index == 0 or self.mode == "all"
        self.next.disabled = self.index >= n - 1 or self.mode == "all"
        shown = (
            [q.box for q in self.questions]
            if self.mode == "all"
            else [self.questions[self.index].box]
        )
        if self.single:
            self.body.children = shown
        else:
            nav = [self.finish_button] if self.mode == "all" else [self.nav]
            self.body.children = [self.progress, *shown, *nav, self.summary]
        self._update_progress()

    def _update_progress(self) -> None:
        n = len(self.questions)
        done = sum(q.done for q in self.questions)
        where = "" if self.mode == "all" else f"Question {self.index + 1} of {n} · "
        self.progress_label.value = f"<span>{where}{done} of {n} done</span>"
        self.progress_bar.value = done

    def _note(self, message: str) -> None:
        self.notice.value += (
            f"<p style='background:#fff8c5;padding:4px 8px;margin:2px 0'>{_E(message)}</p>"
        )

    def _save(self, record: dict[str, Any]) -> None:
        if self.single and "learner" in _SESSION:
            self.learner = _SESSION["learner"]  # a name given later in the lesson counts
        record["bank"] = self.bank.id
        record["learner"] = self.learner
        if self.store is not None:
            try:
                self.store.append(record)
            except OSError as exc:
                self._note(f"This answer could not be saved ({exc}). Tell your teacher.")
            for m in self.store.messages[len(getattr(self, "_seen_msgs", [])) :]:
                self._note(m)
            self._seen_msgs = list(self.store.messages)
        self._update_progress()

    # -- summary -------------------------------------------------------------------------------

    def results(self) -> dict[str, Any]:
        total = sum(q.best for q in self.questions)
        review: dict[str, list[int]] = {}
        for qw in self.questions:
            if qw.tries > 0 and qw.best < qw.q.points:  # tried, not fully right: worth review
                for key in ("skill", "sift"):
                    tag = qw.q.tags.get(key)
                    if tag:
                        review.setdefault(tag, []).append(qw.q.number)
        return {
            "score": round(total, 2),
            "max": self.bank.max_points,
            "done": sum(q.done for q in self.questions),
            "questions": len(self.questions),
            "review": review,
        }

    def show_summary(self) -> str:
        r = self.results()
        rows = []
        for qw in self.questions:
            q = qw.q
            mark = (
                "✓" if qw.best >= q.points else ("◐" if qw.best > 0 else ("✗" if qw.done else "…"))
            )
            rows.append(
                f"<tr><td>{q.number}</td><td aria-label='status'>{mark}</td>"
                f"<td>{_E(q.prompt[:80] + ('…' if len(q.prompt) > 80 else ''))}</td>"
                f"<td style='text-align:right'>{qw.best:g} / {q.points:g}</td></tr>"
            )
        open_n = r["questions"] - r["done"]
        parts = [f"<h4>Your score: {r['score']:g} of {r['max']:g} points</h4>"]
        if open_n:
            parts.append(
                f"<p>{open_n} question{'s are' if open_n > 1 else ' is'} still open — "
                "go back with Previous to finish them.</p>"
            )
        parts.append("<table class='quiz-summary-table'>" + "".join(rows) + "</table>")
        if r["review"]:
            items = []
            for tag, nums in r["review"].items():
                pointer = self.bank.review.get(tag, "")
                qs = ", ".join(map(str, nums))
                items.append(
                    f"<li><b>{_E(tag)}</b> (question{'s' if len(nums) > 1 else ''} "
                    f"{qs}){' — ' + _E(pointer) if pointer else ''}</li>"
                )
            parts.append("<p>Worth another look:</p><ul>" + "".join(items) + "</ul>")
        elif not open_n:
            parts.append("<p>Everything right — well done!</p>")
        if self.store is not None:
            parts.append(
                f"<p style='font-size:85%;color:#555'>Saved for "
                f"“{_E(self.learner)}” in {_E(str(self.store.folder))}.</p>"
            )
        self.summary.value = (
            "<div role='status' style='line-height:1.5'>" + "".join(parts) + "</div>"
        )
        return self.summary.value


def run(
    bank: str | Path | Bank,
    learner: str | None = None,
    *,
    folder: str | Path | None = None,
    mode: str = "one",
    only: str | None = None,
) -> QuizApp:
    """Show a quiz in a notebook: ``helpers.quiz.run("02-sourcing")``.

    Without ``learner`` it first asks for an (optional) name or ID, once per session; on a
    JupyterHub the hub user name is used and nothing is asked.  Answers
    are saved in ``folder`` (default ``$HELPERS_RESULTS_DIR`` or ``results/`` beside the
    notebook).  ``mode="all"`` shows every question at once instead of one at a time.
    ``only="q-id"`` asks that one question inside a lesson ("Your turn"); its answer is saved
    with the bank, so the bank's full quiz later shows it as done.
    """
    b = bank if isinstance(bank, Bank) else load_bank(bank)
    store = ResultsStore(folder) if folder is not None else None
    if only is not None:
        try:
            question = b.question(only)
        except KeyError:
            raise QuizError(f"{b.source or b.id}: no question with id {only!r}") from None
        b = replace(b, title="", description="", questions=(question,))
        return QuizApp(b, learner, store=store, single=True)
    return QuizApp(b, learner, store=store, mode=mode)
