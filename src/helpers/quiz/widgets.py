"""Quiz widgets: an app that runs a bank (:class:`QuizApp`), one :class:`QuestionWidget` per
question (``question.py``) with the inputs its type builds (``helpers.quiz.types``); ipywidgets
and one anywidget.

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
``quiz-check``, ``quiz-feedback`` (``quiz-fb-count``: what was found, in whole numbers),
``quiz-nav``, ``quiz-prev``, ``quiz-next``, ``quiz-finish``, ``quiz-summary``.  Who is answering
(see :mod:`helpers.quiz.identity`): ``quiz-identity`` (the name row) with ``quiz-identity-name``
(a Text, also ``quiz-learner``) and ``quiz-identity-save`` ("This is me");
``quiz-identity-current`` ("Saving as <name>") with ``quiz-identity-change`` ("Not you?");
``quiz-identity-anon`` with ``quiz-identity-add`` ("Add my name") in later widgets while no name
is known; ``quiz-identity-carry`` with ``quiz-identity-keep`` ("Yes, keep them") and
``quiz-identity-discard``.  Buttons carry plain descriptions: "Check", "Next", "Previous", "See
my results", "Start the quiz".
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

import ipywidgets as w

from . import identity
from .feedback import (
    count_clauses,
    feedback_html,
    line_html,
    marked_passage_html,
    passage_html,
    points_words,
    share_words,
    summary_html,
)
from .load import load_bank
from .model import Bank, QuizError
from .question import QuestionWidget
from .results import ResultsStore, learner_name, summarize

__all__ = [
    "QuestionWidget",
    "QuizApp",
    "count_clauses",
    "feedback_html",
    "line_html",
    "marked_passage_html",
    "passage_html",
    "points_words",
    "run",
    "share_words",
    "summary_html",
]

_E = html.escape

# --- the whole quiz ------------------------------------------------------------------------


_SESSION: dict[str, Any] = {}  # this kernel's identity.Session (a new dict: a new kernel)

# The chosen answer of a classify/discernment row must be plain to see, not a slightly darker
# grey: white on near-black (15.8:1, WCAG AA needs 4.5:1), bold, an outline and a tick, so it
# does not rest on colour alone.  Disabled (answered) rows keep full opacity: the theme's 0.6
# would bring the contrast below 4.5:1.  One <style> per quiz, in an HTML widget: it works in
# JupyterLab, Notebook 7 and Voilà without a front-end extension.  Radio labels get their height
# from their text: ipywidgets fixes it at one 24 px line, so a long option wrapped over the next.
SELECTED_BG = "#1f2328"
SELECTED_FG = "#ffffff"
_STYLE = f"""<style>
.quiz-category .widget-toggle-button.mod-active {{
  background: {SELECTED_BG} !important; color: {SELECTED_FG} !important; font-weight: bold;
  outline: 2px solid {SELECTED_BG}; outline-offset: 2px; box-shadow: none; opacity: 1 !important;
}}
.quiz-category .widget-toggle-button.mod-active::before {{ content: "✓ "; }}
.quiz-category .widget-toggle-button:disabled:not(.mod-active) {{ opacity: 0.55; }}
.quiz-fb-count > span {{ display: inline-block; max-width: 100%; }}
.quiz-choice .widget-radio-box label, .quiz-choice .jupyter-widget-radio-box label {{
  height: auto; min-height: var(--jp-widgets-radio-item-height, 24px); line-height: 1.4;
  display: flex; align-items: flex-start; gap: 0.4em; padding: 0.15em 0; white-space: normal;
}}
/* ipywidgets writes the text before the radio and floats the radio left; in a flex row
   the float is void, so order puts the circle back in front of its text. */
.quiz-choice .widget-radio-box label input, .quiz-choice .jupyter-widget-radio-box label input {{
  order: -1; float: none; flex: none; margin: 0.2em 0 0 1px; height: auto; line-height: normal;
}}
</style>"""


def _close_tree(widget: w.Widget) -> None:
    """Close a widget and everything inside it (their front-end models go with them)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def _session() -> identity.Session:
    return identity.kernel_session(_SESSION)


class QuizApp:
    """A bank as a quiz: who is answering, questions one at a time (or all at once), progress,
    saved attempts, resume, and a summary that says what to review.

    The learner comes from :mod:`helpers.quiz.identity`, shared by every quiz widget in the
    kernel: a name given in any of them (or "Not you?") reloads them all with the new learner's
    saved answers.  ``learner="x"`` fixes the learner for this widget (a notebook or a test that
    knows who is answering): it shows "Saving as x" without "Not you?".

    With ``single=True`` (one question asked inside a lesson) there is no progress bar and no
    navigation, and the question is headed "Your turn".  A full quiz without a known name first
    shows a start screen; a "Your turn" question never waits for a name.
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
        if mode not in ("one", "all"):
            raise ValueError("mode must be 'one' (a question at a time) or 'all'")
        self.ident = _session()
        self.pinned = identity.clean_name(learner) is not None  # an empty name: no name given
        if self.pinned:
            # later widgets of this kernel use the notebook's learner too (memory only)
            self.ident.set_name(learner, source="explicit")
            self.ident.changed()
            name: str | None = learner_name(learner)
        else:
            name = self.ident.current()
        self.single = single
        self.bank = bank
        self.mode = mode
        self.store = store
        self.learner = learner_name(name)
        self.named = name is not None
        self.started = False
        self._states: dict[Any, Any] = {}  # saved answers, by (learner, bank, question id)
        self._built: dict[int, QuestionWidget] = {}  # question index -> widget, made when shown
        self.index = 0
        self._seen_msgs = 0
        self.style = w.HTML(_STYLE)
        self.style.add_class("quiz-style")
        title = f"<h3 style='margin:4px 0'>{_E(bank.title)}</h3>" if bank.title else ""
        if bank.description:
            title += f"<p style='line-height:1.5'>{_E(bank.description)}</p>"
        self.title = w.HTML(title)
        self.title.add_class("quiz-title")
        self.notice = w.HTML("")
        self.notice.add_class("quiz-notice")
        self._build_identity()
        self.start = w.Button(description="Start the quiz", button_style="primary", icon="play")
        self.start.add_class("quiz-start")
        self.intro = w.HTML(
            "<p>Give your name above if your teacher asked for it, then start. "
            "Your answers are saved as you go.</p>"
        )
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
        self.box = w.VBox(
            [self.style, self.title, self.identity, self.notice, self.body],
            layout=w.Layout(max_width="900px"),
        )
        self.box.add_class("quiz-app")
        if not self.pinned:
            if self.ident.expired:  # the name expired: the widgets still showing it reload
                self.ident.changed()
            self.ident.register(self)
        # the name row: in the kernel's first quiz widget, and on every start screen
        start_screen = not single and (ask_name if ask_name is not None else not self.named)
        ask_here = not self.named and ask_name is not False
        self._show_identity(row=ask_here and (start_screen or not self.ident.asked))
        if self._row_shown:
            self.ident.asked = True
        if start_screen:
            self._show_start()
        else:
            self.begin()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)

    # -- who is answering ---------------------------------------------------------------------

    def _build_identity(self) -> None:
        """The name row, the "Saving as" line, and the offer to keep anonymous answers."""
        self.name = w.Text(
            value="",
            description="Name or ID:",
            placeholder="optional",
            style={"description_width": "initial"},
        )
        self.name.add_class("quiz-identity-name")
        self.name.add_class("quiz-learner")
        self.save_name = w.Button(description="This is me", button_style="primary", icon="user")
        self.save_name.add_class("quiz-identity-save")
        self.save_name.on_click(lambda _b: self._name_given(self.name.value))
        why = w.HTML(
            "<p style='margin:2px 0;line-height:1.5'>Type your name or class ID if your teacher "
            "asked for it (you can leave it empty). It is used for every quiz on this computer, "
            "so the quiz at the end continues where you left off.</p>"
        )
        self.name_row = w.VBox(
            [why, w.HBox([self.name, self.save_name], layout=w.Layout(flex_flow="row wrap"))]
        )
        self.name_row.add_class("quiz-identity")
        self.current = w.HTML("")
        self.current.add_class("quiz-identity-current")
        self.change = w.Button(description="Not you?", icon="user-times")
        self.change.add_class("quiz-identity-change")
        self.change.on_click(lambda _b: self._not_me())
        self.anon_note = w.HTML(
            "<span style='color:#555'>No name yet: these answers are kept only while this page "
            "is open.</span>"
        )
        self.anon_note.add_class("quiz-identity-anon")
        self.add_name = w.Button(description="Add my name", icon="user-plus")
        self.add_name.add_class("quiz-identity-add")
        self.add_name.on_click(lambda _b: self._show_identity(row=True))
        self.carry_text = w.HTML("")
        self.keep = w.Button(description="Yes, keep them", button_style="success", icon="check")
        self.keep.add_class("quiz-identity-keep")
        self.keep.on_click(lambda _b: self._keep_anonymous())
        self.discard = w.Button(description="No, start fresh")
        self.discard.add_class("quiz-identity-discard")
        self.discard.on_click(lambda _b: self._drop_anonymous())
        self.carry = w.VBox(
            [
                self.carry_text,
                w.HBox([self.keep, self.discard], layout=w.Layout(flex_flow="row wrap")),
            ]
        )
        self.carry.add_class("quiz-identity-carry")
        self.line = w.HBox(layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.identity = w.VBox([], layout=w.Layout(margin="2px 0 6px"))
        self.identity.add_class("quiz-identity-bar")
        self._row_shown = False
        self._carry_shown = False

    def _show_identity(self, *, row: bool = False) -> None:
        line = self.line
        if self.named:
            self.current.value = f"<span>Saving as <b>{_E(self.learner)}</b></span>"
            mutable = not self.pinned and not self.ident.on_hub
            line.children = [self.current, self.change] if mutable else [self.current]
            self.current.layout.margin = "0 10px 0 0"
            row = False
        else:
            line.children = [] if row else [self.anon_note, self.add_name]
        self._row_shown = row
        parts: list[w.Widget] = [self.name_row] if row else [line]
        if self._carry_shown:
            parts.append(self.carry)
        self.identity.children = parts

    def _name_given(self, typed: str) -> None:
        """On "This is me" (or "Start the quiz" with a name typed): every live widget reloads."""
        if identity.clean_name(typed) is None:
            if not self.single and not self.started:
                self.begin()  # start the quiz without a name
            self._show_identity(row=False)
            return
        name = self.ident.set_name(typed)
        assert name is not None
        self.ident.changed()
        self._carry_shown = False
        n = self.ident.movable_questions(name)
        if n:
            self.carry_text.value = (
                f"<p style='margin:4px 0;line-height:1.5'>You answered {n} "
                f"question{'s' if n != 1 else ''} before giving your name. Keep "
                f"{'it' if n == 1 else 'them'} as “{_E(name)}”?</p>"
            )
            self._carry_shown = True
        else:
            self.ident.drop_anonymous()
        self._show_identity()

    def _not_me(self) -> None:
        """On "Not you?": forget the name everywhere in this kernel; the row asks again here."""
        self.ident.forget()
        self.ident.changed()
        self._show_identity(row=True)
        self.ident.asked = True

    def _keep_anonymous(self) -> None:
        moved, problems = self.ident.keep_anonymous(self.learner)
        self._carry_shown = False
        self.ident.changed()
        for p in problems:
            self._note(p)
        if moved:
            self._note(
                f"{moved} earlier answer{'s are' if moved != 1 else ' is'} now saved "
                f"as {self.learner}."
            )
        self._show_identity()

    def _drop_anonymous(self) -> None:
        self.ident.drop_anonymous()
        self._carry_shown = False
        self._show_identity()

    def identity_changed(self) -> None:
        """The kernel's learner changed: reload with the new learner's saved answers, so one
        learner never sees another's (the old learner's inputs are gone with the old widgets)."""
        name = self.ident.current()
        self.learner = learner_name(name)
        self.named = name is not None
        self._carry_shown = False
        self.notice.value = ""
        self.summary.value = ""
        if not self.named:
            self.name.value = ""  # the next person does not find the last one's name typed in
        if not self.single and not self.named:
            self._show_start()
        else:
            self.begin()
        self._show_identity(row=not self.named and self.started is False and not self.single)

    # -- flow ----------------------------------------------------------------------------------

    def _show_start(self) -> None:
        self.started = False
        self._forget_questions()
        self.body.children = [self.intro, self.start]

    def _start(self) -> None:
        self._name_given(self.name.value)
        if not self.started:
            self.begin()

    def begin(self) -> None:
        """Build the questions, each as the current learner left it."""
        self.started = True
        if self.store is None:
            try:
                self.store = ResultsStore()
            except OSError as exc:
                self._note(f"Your answers cannot be saved on this computer ({exc}).")
        records: list[dict[str, Any]] = []
        if not self.named:
            records = self.ident.anonymous_records(self.bank.id)  # this kernel's, never disk
        elif self.store is not None:
            records = self.store.records(self.learner, self.bank.id)
            for m in self.store.messages[self._seen_msgs :]:
                self._note(m)
            self._seen_msgs = len(self.store.messages)
        n = len(self.bank.questions)
        self._forget_questions()  # the previous learner's widgets: gone from the page too
        types = {q.id: q.type for q in self.bank.questions}  # this bank's, not the file's
        bank_id = self.bank.id
        self._states = summarize(records, lambda b, qid: types.get(qid) if b == bank_id else None)
        first_open = next((i for i in range(n) if not self._done(i)), None)
        if first_open is None:
            self.go(n - 1)
            if not self.single:
                self.show_summary()
        else:
            shown = {q.id for q in self.bank.questions}
            resumed = any(r.get("question") in shown for r in records)
            if resumed and self.named and not self.single:  # a "Your turn" shows its own
                self._note(f"Welcome back, {self.learner}! You continue where you left off.")
            self.go(first_open)

    # -- questions, made when first shown: starting a quiz makes one question's widgets -------

    @property
    def questions(self) -> list[QuestionWidget]:
        """Every question's widget (those not shown yet are made now); none before the start."""
        if not self.started:
            return []
        return [self._question(i) for i in range(len(self.bank.questions))]

    def _forget_questions(self) -> None:
        for old in self._built.values():
            _close_tree(old.box)
        self._built = {}
        self._states = {}

    def _state(self, i: int) -> Any:
        return self._states.get((self.learner, self.bank.id, self.bank.questions[i].id))

    def _done(self, i: int) -> bool:
        """Whether question ``i`` is done, without making its widget."""
        if i in self._built:
            return self._built[i].done
        st = self._state(i)
        return st is not None and (st.done or st.attempts >= self.bank.questions[i].max_tries)

    def _question(self, i: int) -> QuestionWidget:
        """Question ``i``'s widget, made and restored from the saved answers on first use."""
        if i in self._built:
            return self._built[i]
        q, n = self.bank.questions[i], len(self.bank.questions)
        heading = "Your turn" if self.single else f"Question {q.number} of {n}"
        qw = QuestionWidget(q, on_attempt=self._save, heading=heading)
        st = self._state(i)
        if st is not None:
            try:
                qw.restore(
                    st.attempts, st.last_answer, st.done or st.attempts >= q.max_tries, st.best
                )
            except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
                # a saved answer that no longer fits the question (the bank changed): start
                # this question afresh rather than lose the whole quiz
                _close_tree(qw.box)
                qw = QuestionWidget(q, on_attempt=self._save, heading=heading)
                self._note(f"Your earlier answer to question {q.number} could not be shown.")
        self._built[i] = qw
        return qw

    def go(self, index: int) -> None:
        n = len(self.bank.questions)
        self.index = max(0, min(n - 1, index))
        self.prev.disabled = self.index == 0 or self.mode == "all"
        self.next.disabled = self.index >= n - 1 or self.mode == "all"
        shown = (
            [q.box for q in self.questions]
            if self.mode == "all"
            else [self._question(self.index).box]
        )
        if self.single:
            self.body.children = shown
        else:
            nav = [self.finish_button] if self.mode == "all" else [self.nav]
            self.body.children = [self.progress, *shown, *nav, self.summary]
        self._update_progress()

    def _update_progress(self) -> None:
        n = len(self.bank.questions)
        done = sum(self._done(i) for i in range(n))
        where = "" if self.mode == "all" else f"Question {self.index + 1} of {n} · "
        self.progress_label.value = f"<span>{where}{done} of {n} done</span>"
        self.progress_bar.value = done

    def _note(self, message: str) -> None:
        self.notice.value += (
            f"<p style='background:#fff8c5;padding:4px 8px;margin:2px 0'>{_E(message)}</p>"
        )

    def _save(self, record: dict[str, Any]) -> None:
        record["bank"] = self.bank.id
        moved_on = False
        if not self.pinned:
            name = self.ident.current()  # a name that expired meanwhile is not used
            moved_on = learner_name(name) != self.learner
            self.learner, self.named = learner_name(name), name is not None
        record["learner"] = self.learner
        if not self.named:
            self.ident.keep_in_memory(self.store, record)
        elif self.store is not None:
            try:
                self.store.append(record)
                self.ident.touch()
            except OSError as exc:
                self._note(f"This answer could not be saved ({exc}). Tell your teacher.")
            for m in self.store.messages[self._seen_msgs :]:
                self._note(m)
            self._seen_msgs = len(self.store.messages)
        self._update_progress()
        self.ident.saved(record, self)
        if moved_on:
            self.ident.changed()

    def attempt_saved(self, record: dict[str, Any]) -> None:
        """Another widget in this kernel saved an attempt: show it here if it is one of ours."""
        if record.get("bank") != self.bank.id or record.get("learner") != self.learner:
            return
        i = next(
            (i for i, q in enumerate(self.bank.questions) if q.id == record.get("question")), None
        )
        qw = None if i is None or not self.started else self._question(i)
        attempt = int(record.get("attempt") or 0)
        if qw is None or qw.done or attempt <= qw.tries:
            return
        done = bool(record.get("final")) or attempt >= qw.q.max_tries
        qw.restore(attempt, record.get("answer"), done, max(qw.best, float(record["score"])))
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
        if not self.named:
            saved = None
        elif self.store is not None:
            saved = f"“{self.learner}” in {self.store.folder}"
        else:
            saved = ""
        progress = [(qw.q, qw.best, qw.done) for qw in self.questions]
        self.summary.value = summary_html(progress, self.results(), self.bank.review, saved)
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

    Without ``learner`` the kernel's learner is used (:mod:`helpers.quiz.identity`): the first
    quiz widget without a known name asks for an (optional) name or ID, which every quiz widget
    in the kernel then uses and the next lessons remember for a few hours; on a JupyterHub the
    hub user name is used and nothing is asked.  Answers are saved in ``folder`` (default
    ``$HELPERS_RESULTS_DIR`` or ``results/`` beside the notebook); answers given without a name
    are kept in memory only.  ``mode="all"`` shows every question at once instead of one at a time.
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
