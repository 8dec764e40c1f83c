// The highlighter of highlight questions (helpers/quiz/highlighter.py): a passage whose words
// are marked like with a highlighter pen.  Mouse: press on one word and release on another marks
// the stretch (all on when the first word was off, all off when it was on); a click toggles one
// word; Shift-click extends from the last clicked word.  Touch: taps toggle.  Keyboard: the
// passage is one tab stop; Left/Right move the cursor word, Shift+Left/Right (and Shift+Home/End)
// mark from where Shift was first pressed, Space/Enter toggles the cursor word, Home/End jump.
// Only `selected` (one boolean per word) goes back to the kernel, once per finished gesture.

let counter = 0;

function render({ model, el }) {
  const uid = `hl-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  el.classList.add("quiz-highlighter");

  const help = document.createElement("p");
  help.className = "hl-help";
  help.id = `${uid}-help`;

  const passage = document.createElement("div");
  passage.className = "hl-passage";
  // "application": screen readers pass the arrow keys and Space through instead of reading on.
  passage.setAttribute("role", "application");
  passage.setAttribute("aria-describedby", help.id);
  // JupyterLab must not take our keys as notebook shortcuts (Enter would open the cell, ...).
  passage.setAttribute("data-lm-suppress-shortcuts", "true");

  const status = document.createElement("p");
  status.className = "hl-status";
  status.setAttribute("aria-live", "polite");

  el.replaceChildren(help, passage, status);

  let words = []; // [start, end, text] document offsets
  let spans = []; // the word elements, same order
  let joins = []; // joins[i]: the text between word i and word i + 1 (or null)
  let selected = []; // what the view shows (a gesture changes it before the kernel knows)
  let cursor = 0; // the keyboard's word
  let clickAnchor = null; // last clicked or toggled word: Shift-click extends from it
  let drag = null; // {anchor, mode, before, last, pointerId}
  let keyRun = null; // {anchor, before}: a Shift+arrow stretch being made

  const disabled = () => Boolean(model.get("disabled"));

  function build() {
    words = model.get("words") || [];
    const text = model.get("text") || "";
    const base = model.get("offset") || 0;
    help.textContent = model.get("help") || "";
    passage.setAttribute("aria-label", model.get("label") || "Passage");
    const frag = document.createDocumentFragment();
    spans = [];
    joins = [];
    let pos = 0;
    words.forEach(([start, end, word], i) => {
      const a = start - base;
      if (a > pos) {
        const g = gap(text.slice(pos, a));
        if (i > 0) joins[i - 1] = g;
        frag.append(g);
      }
      const s = document.createElement("span");
      s.className = "hl-word";
      s.id = `${uid}-w${i}`;
      s.dataset.start = String(start);
      s.dataset.end = String(end);
      s.dataset.i = String(i);
      s.setAttribute("role", "button");
      s.textContent = word;
      spans.push(s);
      frag.append(s);
      pos = end - base;
    });
    if (pos < text.length) frag.append(gap(text.slice(pos)));
    passage.replaceChildren(frag);
    cursor = Math.min(cursor, Math.max(0, words.length - 1));
    selected = normalise(model.get("selected"));
    paint();
    setDisabled();
  }

  function gap(t) {
    const g = document.createElement("span");
    g.className = "hl-gap";
    g.textContent = t;
    return g;
  }

  function normalise(value) {
    const v = Array.isArray(value) ? value : [];
    return words.map((_w, i) => Boolean(v[i]));
  }

  function paint() {
    spans.forEach((s, i) => {
      const on = Boolean(selected[i]);
      s.classList.toggle("hl-on", on);
      s.setAttribute("aria-pressed", on ? "true" : "false");
      s.classList.toggle("hl-cursor", i === cursor);
      // two marked words in a row read as one stroke of the pen
      if (joins[i]) joins[i].classList.toggle("hl-join", on && Boolean(selected[i + 1]));
    });
    if (spans[cursor]) passage.setAttribute("aria-activedescendant", spans[cursor].id);
    else passage.removeAttribute("aria-activedescendant");
  }

  function setDisabled() {
    const off = disabled();
    el.classList.toggle("hl-disabled", off);
    passage.tabIndex = off ? -1 : 0;
    passage.setAttribute("aria-disabled", off ? "true" : "false");
    if (off) {
      drag = null;
      keyRun = null;
    }
  }

  function say(i) {
    const n = selected.filter(Boolean).length;
    const word = words[i] ? `“${words[i][2]}” ${selected[i] ? "marked" : "not marked"}. ` : "";
    status.textContent = `${word}${n} word${n === 1 ? "" : "s"} marked.`;
  }

  function commit() {
    model.set("selected", selected.slice());
    model.save_changes();
  }

  function stretch(before, a, b, mode) {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return before.map((v, i) => (i >= lo && i <= hi ? mode : v));
  }

  function moveCursor(i) {
    cursor = Math.max(0, Math.min(words.length - 1, i));
    paint();
    if (spans[cursor]) spans[cursor].scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // --- mouse, pen and touch -------------------------------------------------------------

  function wordAt(x, y) {
    const hit = document.elementFromPoint(x, y);
    const s = hit && hit.closest ? hit.closest(".hl-word") : null;
    return s && passage.contains(s) ? Number(s.dataset.i) : null;
  }

  passage.addEventListener("pointerdown", (ev) => {
    if (disabled() || ev.button !== 0) return;
    const s = ev.target.closest(".hl-word");
    if (!s || !passage.contains(s)) return;
    ev.preventDefault(); // no native text selection, but keep the focus for the keyboard
    passage.focus({ preventScroll: true });
    const i = Number(s.dataset.i);
    if (ev.shiftKey && clickAnchor !== null && clickAnchor < words.length) {
      selected = stretch(selected, clickAnchor, i, Boolean(selected[clickAnchor]));
      cursor = i;
      paint();
      commit();
      say(i);
      return;
    }
    // a mouse or pen keeps reporting its moves when it leaves the passage mid-drag
    if (ev.pointerType !== "touch" && passage.setPointerCapture) {
      passage.setPointerCapture(ev.pointerId);
    }
    cursor = i;
    drag = { anchor: i, mode: !selected[i], before: selected.slice(), last: i, id: ev.pointerId };
    selected = stretch(drag.before, i, i, drag.mode);
    paint();
  });

  passage.addEventListener("pointermove", (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const i = wordAt(ev.clientX, ev.clientY);
    if (i === null || i === drag.last) return;
    drag.last = i;
    cursor = i;
    selected = stretch(drag.before, drag.anchor, i, drag.mode);
    paint();
  });

  function endDrag(ev) {
    if (!drag || ev.pointerId !== drag.id) return;
    const i = wordAt(ev.clientX, ev.clientY);
    if (i !== null && i !== drag.last) {
      cursor = i;
      selected = stretch(drag.before, drag.anchor, i, drag.mode);
    }
    clickAnchor = drag.anchor;
    drag = null;
    paint();
    commit();
    say(cursor);
  }
  // On the document: the button may be released outside the passage.
  const onUp = (ev) => endDrag(ev);
  const onCancel = (ev) => {
    // the browser took the gesture (a touch scroll): undo the preview
    if (!drag || ev.pointerId !== drag.id) return;
    selected = drag.before;
    drag = null;
    paint();
  };
  document.addEventListener("pointerup", onUp);
  document.addEventListener("pointercancel", onCancel);

  // --- keyboard -------------------------------------------------------------------------

  passage.addEventListener("keydown", (ev) => {
    if (disabled() || !words.length || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const k = ev.key;
    let target = null;
    if (k === "ArrowRight" || k === "ArrowDown") target = cursor + 1;
    else if (k === "ArrowLeft" || k === "ArrowUp") target = cursor - 1;
    else if (k === "Home") target = 0;
    else if (k === "End") target = words.length - 1;
    if (target !== null) {
      ev.preventDefault();
      ev.stopPropagation();
      if (ev.shiftKey) {
        if (!keyRun) {
          keyRun = { anchor: cursor, before: selected.slice() };
          clickAnchor = cursor;
        }
        moveCursor(target);
        selected = stretch(keyRun.before, keyRun.anchor, cursor, true);
        paint();
        commit();
        say(cursor);
      } else {
        keyRun = null;
        moveCursor(target); // the screen reader reads the word (aria-activedescendant)
      }
      return;
    }
    if (k === " " || k === "Spacebar" || k === "Enter") {
      ev.preventDefault();
      ev.stopPropagation();
      keyRun = null;
      selected = selected.slice();
      selected[cursor] = !selected[cursor];
      clickAnchor = cursor;
      paint();
      commit();
      say(cursor);
    }
  });
  passage.addEventListener("keyup", (ev) => {
    if (ev.key === "Shift") keyRun = null;
  });
  passage.addEventListener("focus", () => paint());

  // --- the kernel's side ----------------------------------------------------------------

  const onSelected = () => {
    if (drag) return; // finish the gesture first; its commit wins
    selected = normalise(model.get("selected"));
    paint();
  };
  const onDisabled = () => setDisabled();
  model.on("change:words", build);
  model.on("change:text", build);
  model.on("change:selected", onSelected);
  model.on("change:disabled", onDisabled);
  build();

  return () => {
    document.removeEventListener("pointerup", onUp);
    document.removeEventListener("pointercancel", onCancel);
    model.off("change:words", build);
    model.off("change:text", build);
    model.off("change:selected", onSelected);
    model.off("change:disabled", onDisabled);
  };
}

export default { render };
