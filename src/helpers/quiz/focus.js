// Keeps the keyboard focus on the quiz (helpers/quiz/focus.py).  A disabled or removed button
// drops the focus to the page body, so a keyboard user had to Tab through the whole page again:
//  - when a question's Check button is disabled (the question is finished) while it had the
//    focus, the focus moves to the feedback;
//  - when Start, Next or Previous has just been pressed, the question shown next takes the focus
//    on its first input (or its feedback, when it is already finished).
// Nothing else moves the focus: a notebook that is opened or run keeps it where it was.

const INTENT_MS = 10000; // how long a press of Start/Next/Previous waits for its question
const FOCUSABLE =
  "input:not([disabled]), textarea:not([disabled]), select:not([disabled]), " +
  ".quiz-category button:not([disabled]), " +
  ".hl-passage[tabindex='0']";

function state() {
  const w = window;
  if (!w.__helpersQuizFocus) {
    const s = { intent: null };
    document.addEventListener(
      "click",
      (ev) => {
        const b = ev.target && ev.target.closest && ev.target.closest(".quiz-start, .quiz-next, .quiz-prev");
        if (b) s.intent = { app: b.closest(".quiz-app"), time: performance.now(), button: b };
      },
      true,
    );
    w.__helpersQuizFocus = s;
  }
  return w.__helpersQuizFocus;
}

function lost(el) {
  const a = document.activeElement;
  return !a || a === document.body || a === el || !a.isConnected;
}

function focusOn(target) {
  if (!target) return;
  if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.tabIndex = -1;
  target.focus({ preventScroll: false });
}

function whenConnected(el, done, tries = 120) {
  if (el.isConnected) done();
  else if (tries > 0) requestAnimationFrame(() => whenConnected(el, done, tries - 1));
}

function render({ el }) {
  el.classList.add("quiz-focus");
  el.style.display = "none";
  const s = state();
  let observer = null;
  whenConnected(el, () => {
    const question = el.closest(".quiz-question");
    if (!question) return;
    const check = question.querySelector(".quiz-check");
    const feedback = question.querySelector(".quiz-feedback");
    if (feedback && !feedback.hasAttribute("tabindex")) feedback.tabIndex = -1;
    const intent = s.intent;
    if (
      intent &&
      intent.app &&
      performance.now() - intent.time < INTENT_MS &&
      intent.app === el.closest(".quiz-app") &&
      (lost(intent.button) || intent.app.contains(document.activeElement))
    ) {
      s.intent = null;
      // after the other widgets of the question have been drawn
      requestAnimationFrame(() => focusOn(question.querySelector(FOCUSABLE) || feedback));
    }
    if (check) {
      observer = new MutationObserver(() => {
        if (check.disabled && lost(check)) focusOn(feedback);
      });
      observer.observe(check, { attributes: true, attributeFilter: ["disabled"] });
    }
  });
  return () => observer && observer.disconnect();
}

export default { render };
