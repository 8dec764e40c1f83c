"""Build the student edition and the printable handouts from the lesson notebooks and quiz banks.

    python -m tools.editions student OUTDIR    # lessons without teacher notes and solutions
    python -m tools.editions handouts OUTDIR   # one static, printable HTML page per lesson
    python -m tools.editions student-branch [BRANCH]   # the student course as a git branch

**Student course branch.** What a class pulls onto a JupyterHub with nbgitpuller: the course
laid out as in the repository (``notebooks/`` holding the student edition and its quiz banks,
``seeds/``, the licences and a short README), committed to ``BRANCH`` (default ``student``) of
this repository without touching the working tree, the index or the current branch.  Push it
(``git push origin student``) and give students links with ``--branch student``.  It is built
from the last commit, so uncommitted edits never reach students.  Quiz banks
hold their answers (the quizzes are scored in the student's own kernel), so a determined
student can read them: use the quizzes for practice and feedback, not for high-stakes marks.

**Student edition.** Every lesson notebook (``notebooks/NN-*.ipynb``) with the cells tagged
``teacher`` or ``solution`` removed, outputs and execution counts cleared and saved widget state
dropped, plus the quiz banks (``quizzes/``) the lessons load.  ``notebooks/teacher/`` is never
copied.  Nothing is maintained by hand: the tags in the lesson notebooks decide.  Students open it
as a Voilà app, where the code has run before the page shows and a cell can be neither run nor
edited: the JupyterLab instructions of the lessons ("Run the next cell", "Shift + Enter") are
rewritten by the rules in ``STUDENT_WORDING``, and a build that would leave one stops, naming
the notebook and the cell.

**Handouts.** For each quiz bank ``NN-*.yaml``: the lesson's title and overview (its first
markdown cell), the article with its parts labelled, to mark by hand, the bank's questions with
space for answers (rendered from the bank data, no widgets), and at the end the helper's reading
of the article highlighted for the lesson's layer, to compare.  The pages hold no script and no
web address (links are reduced to their text), so they print and work offline.

Built outputs belong in ``build/`` (git-ignored), never in the repository.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import nbformat

from helpers.quiz.model import Question
from helpers.quiz.types import TYPES

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
QUIZZES = NOTEBOOKS / "quizzes"
REMOVE_TAGS = frozenset({"teacher", "solution"})
LESSON = re.compile(r"^(\d\d)-[\w-]+\.ipynb$")

# Planned titles, used until a lesson notebook exists (its first heading wins then).
PLANNED = {
    "00": "00 · Start here",
    "01": "01 · First read",
    "02": "02 · Who says so?",
    "03": "03 · How is it told?",
    "04": "04 · The comment section",
    "05": "05 · Putting it together",
    "06": "06 · Bring your own article",
}
# Which layer of the helper's reading each handout shows ('all', or None: no comparison).
LAYERS: dict[str, str | None] = {
    "00": None,
    "01": None,
    "02": "sourcing",
    "03": "framing",
    "04": "rhetoric",
    "05": "all",
    "06": None,
}
ALL_LAYERS = "all"


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if LESSON.match(p.name))


def _tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


# --- student edition -----------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """A JupyterLab instruction in a lesson and what a student in the Voilà app reads instead."""

    pattern: re.Pattern[str]
    replacement: str


def _w(pattern: str, replacement: str) -> Wording:
    return Wording(re.compile(pattern), replacement)


# In the app the code has run before the page shows; a student reads, clicks, types, reloads.
STUDENT_WORDING: tuple[Wording, ...] = (
    _w(
        r"- run a notebook: read text, run a cell, and run everything at once;",
        "- find your way around a lesson page: read, use its boxes and buttons, and start again;",
    ),
    _w(r"Activity 1 · What is a notebook\?", "Activity 1 · How a lesson page works"),
    _w(
        r"(?s)A notebook is a page made of \*\*cells\*\*\..*?It loads the helpers that these "
        r"lessons use\.",
        "A lesson is a page of text with **boxes and buttons** in it: the article, questions to "
        "answer, views to explore. Everything on the page is prepared for you before it shows.\n\n"
        "- **Answer a question:** click an option or type in the box, then press **Check** (or "
        "**Save**).\n"
        "- **Use the keyboard:** **Tab** moves to the next button or box; **Space** or **Enter** "
        "presses a button.\n"
        "- **Wait for the page:** while it loads you see a loading message; then the text and "
        "the boxes appear.\n"
        "- You never have to write or change code. If something looks wrong, **reload the page** "
        "(F5, or Cmd + R on a Mac): it puts everything back, and your saved answers stay saved.",
    ),
    _w(
        r"Nothing visible happened, and that is fine: the helpers are loaded\. If you see a red "
        r"error box instead,",
        "If you see a red error box anywhere on the page,",
    ),
    _w(r"Run the next cell\. It shows the article", "Below is the article"),
    _w(
        r"- A notebook is made of text cells and code cells; \*\*Shift \+ Enter\*\* runs a "
        r"cell, \*\*Run → Run All Cells\*\* runs them all\.",
        "- A lesson page has text, boxes and buttons; **Tab** moves between them, and reloading "
        "the page starts it afresh.",
    ),
    _w(r"running cells, the parts of an article", "using a lesson page, the parts of an article"),
    _w(
        r"Run the three cells below \(click a cell, then \*\*Shift \+ Enter\*\*\)\. The first "
        r"loads the helpers, the\s+second the article; the third shows it",
        "Below is the article",
    ),
    _w(r"Then run the cell below, type your name", "Then, below, type your name"),
    _w(r"run the cell, write what you know", "in the box below, write what you know"),
    _w(r"Run the cell to start the quiz\.", "The quiz is below."),
    _w(
        r"Run the next cells first: they load the helpers, analyse the article, and load this "
        r"lesson's\s+questions\. Nothing is shown yet\.\s*",
        "",
    ),
    _w(
        r"Run these cells first: they load the helpers, analyse the article and load this "
        r"lesson's questions\.\s*",
        "",
    ),
    _w(
        r"Run the next cell\. It loads the helpers and shows the article\.",
        "Below is the article.",
    ),
    _w(r"Run the cell: the article\s+appears", "Below, the article appears"),
    _w(r"Run the cell and compare:", "It is shown below. Compare:"),
    _w(
        r"Run the cells below\. The first loads the helpers; the second shows the article\.",
        "The article is below.",
    ),
    _w(r"Run the next cells\. The helper analyses", "Below, the helper analyses"),
    _w(
        r"Run the cells of this lesson first \(\*\*Run → Run All Cells\*\*\): then a \*\*text "
        r"box\*\* appears below, with",
        "Below is a **text box** with",
    ),
)

# What must not survive in a student notebook: things a Voilà user cannot do.
LAB_ONLY = re.compile(
    r"Shift\s*\+\s*Enter|\bRun\s*→|\bKernel\s*→|Run (?:All|Selected) Cells?"
    r"|\b[Rr]un (?:the|these|this|both|two|all|each|a|one)\b[^.:;]{0,25}?\bcells?\b"
    r"|\b[Rr]e-?run\b|\btoolbar\b|\bcode cells?\b|\bclick (?:a|the) cell\b"
)


def student_wording(text: str) -> str:
    """``text`` with the JupyterLab instructions rewritten for the Voilà app."""
    for rule in STUDENT_WORDING:
        text = rule.pattern.sub(rule.replacement, text)
    return text.strip()


def student_notebook(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """A copy of ``nb`` without teacher/solution cells, outputs, execution counts, widget state,
    its text worded for the Voilà app.  Raises ValueError naming ``name`` and the cell when a
    JupyterLab instruction would remain."""
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if not (_tags(c) & REMOVE_TAGS)]
    for n, c in enumerate(out.cells):
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
        elif c.cell_type == "markdown":
            c.source = student_wording(c.source)
            left = LAB_ONLY.search(c.source)
            if left:
                raise ValueError(
                    f"{name}: cell {c.get('id', n)}: “{left.group(0)}” is not something a "
                    "student can do in the Voilà app; reword it or add a rule to "
                    "STUDENT_WORDING in tools/editions.py"
                )
        c.metadata.pop("execution", None)
    out.metadata.pop("widgets", None)
    return out


def build_student(outdir: str | Path, notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Write the student edition into ``outdir``; returns the notebooks written."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lesson_notebooks(notebooks):
        nb = student_notebook(nbformat.read(path, as_version=4), path.name)
        nbformat.validate(nb)
        target = out / path.name
        nbformat.write(nb, target)
        written.append(target)
    quizzes = notebooks / "quizzes"
    if quizzes.is_dir():
        shutil.copytree(quizzes, out / "quizzes", dirs_exist_ok=True)
    (out / "README.md").write_text(
        "# Reading the news critically: student edition\n\n"
        "Built by `make student` from the lesson notebooks (teacher notes and solutions removed).\n"
        "Open `00-start-here.ipynb` first. Quiz answers are saved in `results/` beside the "
        "notebooks.\n",
        encoding="utf-8",
    )
    return written


# --- the student course, as a git branch ----------------------------------------------------

COURSE_FILES = ("LICENSE", "LICENSE-content.md")
STUDENT_README = """# Reading the news critically

Lessons on one real news article: who says so, how it is told, and how the comments argue.
Open `notebooks/00-start-here.ipynb` first. Your quiz answers are saved as you go.

This is the student edition, built from the course by `make student-branch`.
"""


def build_student_course(outdir: str | Path, repo: Path = REPO) -> Path:
    """The student course in ``outdir``: student notebooks and quiz banks, seeds, licences."""
    out = Path(outdir)
    build_student(out / "notebooks", repo / "notebooks")
    (out / "notebooks" / "README.md").unlink()
    shutil.copytree(repo / "seeds", out / "seeds", dirs_exist_ok=True)
    for name in COURSE_FILES:
        if (repo / name).is_file():
            shutil.copy2(repo / name, out / name)
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    return out


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout.strip()


def publish_student_branch(branch: str = "student", repo: Path = REPO) -> str:
    """Commit the student course built from ``HEAD`` (never from uncommitted edits) to
    ``branch``, its previous commit as parent; returns the new commit.  A temporary index and
    folder are used, so the checkout and its staged changes stay as they are.  An unchanged
    course makes no new commit."""
    source = _git(repo, "rev-parse", "--short", "HEAD")
    git_dir = _git(repo, "rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory(prefix="student-course-") as tmp:
        head = Path(tmp) / "head"
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", "HEAD"],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(head, filter="data")
        tree_dir = build_student_course(Path(tmp) / "course", head)
        env = {
            "GIT_DIR": git_dir,
            "GIT_WORK_TREE": str(tree_dir),
            "GIT_INDEX_FILE": str(Path(tmp) / "index"),
        }
        _git(tree_dir, "add", "-A", ".", env=env)
        tree = _git(tree_dir, "write-tree", env=env)
    ref = f"refs/heads/{branch}"
    try:
        parent = _git(repo, "rev-parse", "--verify", "-q", ref)
    except subprocess.CalledProcessError:
        parent = ""
    if parent and _git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        return parent
    message = f"Student edition of {source}"
    try:  # the maintainer's own name when git knows it, else the tool's
        _git(repo, "config", "user.email")
        who: dict[str, str] = {}
    except subprocess.CalledProcessError:
        who = {
            f"GIT_{role}_{key}": value
            for role in ("AUTHOR", "COMMITTER")
            for key, value in (("NAME", "student edition builder"), ("EMAIL", "editions@localhost"))
        }
    commit = _git(
        repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message, env=who
    )
    _git(repo, "update-ref", ref, commit)
    return commit


# --- handouts ------------------------------------------------------------------------------

_PRINT_CSS = """<style>
body{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,sans-serif;line-height:1.45}
main.handout{max-width:50em;margin:0 auto;padding:1.2em 1.4em 3em}
.handout h1{font-family:Georgia,serif;font-size:1.6em;margin:0.2em 0}
.handout h2.part{font-size:1.25em;border-bottom:2px solid #1a1a1a;margin:1.6em 0 0.5em}
.handout .meta{color:#4d4d4d}
.handout .name{display:flex;gap:2em;margin:0.6em 0 1em}
.handout .name span{flex:1;border-bottom:1px solid #1a1a1a;padding-top:1.2em}
.handout ol.questions>li{margin:0 0 1.4em;break-inside:avoid;page-break-inside:avoid}
.handout .prompt{font-weight:600}
.handout blockquote{margin:0.4em 0;padding:0.3em 0.8em;border-left:4px solid #767676;
  background:#f4f4f4}
.handout blockquote.mark-me{line-height:2.1}
.handout ul.choices{list-style:none;padding-left:0.4em}
.handout ul.choices li{margin:0.25em 0}
.handout .box{display:inline-block;width:0.9em;height:0.9em;border:1.5px solid #1a1a1a;
  margin-right:0.5em;vertical-align:-0.1em}
.handout .box.round{border-radius:50%}
.handout .lines div{border-bottom:1px solid #767676;height:1.9em}
.handout table.sort{border-collapse:collapse;width:100%;font-size:0.95em}
.handout table.sort th,.handout table.sort td{border:1px solid #767676;padding:0.3em 0.4em;
  text-align:left;vertical-align:top}
.handout table.sort td.tick{text-align:center;width:5.5em}
.handout .how{font-size:0.9em;color:#4d4d4d;font-style:italic}
.handout .paste{border:2px dashed #767676;min-height:16em;padding:0.6em;color:#4d4d4d}
.handout .compare{break-before:page;page-break-before:always}
@page{margin:15mm 14mm}
@media print{
  main.handout{max-width:none;padding:0}
  .handout h2.part{break-after:avoid;page-break-after:avoid}
  .mlv-tip{display:none !important}
}
</style>"""

_URL = re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"')\]]*")
_LINK = re.compile(r"(?is)<a\b[^>]*>(.*?)</a>")
_SCRIPT = re.compile(r"(?is)<script\b.*?</script>")


def offline(html: str) -> str:
    """No script, no links out, no web addresses: links become their text."""
    html = _SCRIPT.sub("", html)
    html = _LINK.sub(lambda m: m.group(1), html)
    return _URL.sub("(see the online version)", html)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _markdown(text: str) -> str:
    try:
        import mistune
    except ImportError:  # pragma: no cover - mistune comes with nbconvert
        return "<pre>" + _e(text) + "</pre>"
    return str(mistune.html(text))


def _notebook_for(number: str, notebooks: Path) -> Path | None:
    return next((p for p in lesson_notebooks(notebooks) if p.name.startswith(number + "-")), None)


def lesson_intro(number: str, notebooks: Path = NOTEBOOKS) -> tuple[str, str]:
    """(title, overview HTML) from the lesson's first markdown cell, or the planned title."""
    path = _notebook_for(number, notebooks)
    if path is None:
        return PLANNED.get(number, number), ""
    nb = student_notebook(nbformat.read(path, as_version=4), path.name)
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return PLANNED.get(number, path.stem), ""
    src = first.source
    m = re.search(r"^#\s+(.+)$", src, re.M)
    title = m.group(1).strip() if m else PLANNED.get(number, path.stem)
    body = re.sub(r"^#\s+.+$", "", src, count=1, flags=re.M) if m else src
    return title, _markdown(body)


def _question_html(q: Question) -> str:
    """One question on the handout: its prompt, passage and code, then the answer space its
    type prints (``QuestionType.handout``)."""
    kind = TYPES[q.type]
    parts = [f"<p class='prompt'>{_e(' '.join(q.prompt.split()))}</p>"]
    if q.passage is not None and kind.shows_passage:
        where = f" (line {q.passage.line})" if q.passage.line else ""
        parts.append(
            f"<blockquote><small>Passage{where}:</small> {_e(q.passage.text)}</blockquote>"
        )
    if q.code:
        parts.append(f"<pre>{_e(q.code)}</pre>")
    parts.append(kind.handout(q))
    return "<li>" + "".join(parts) + "</li>"


def handout_html(bank_path: str | Path, notebooks: Path = NOTEBOOKS) -> str:
    """One lesson's handout as a complete, static HTML page."""
    import helpers
    from helpers.quiz import load_bank
    from helpers.views.marks import article_html, legend_html, notes_html
    from helpers.views.toolkit import css, new_uid

    bank = load_bank(bank_path)
    number = Path(bank_path).name[:2]
    title, intro = lesson_intro(number, notebooks)
    body: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)} — handout</title>",
        _PRINT_CSS,
        css(),
        "</head><body><main class='handout'>",
        f"<h1>{_e(title)}</h1>",
        "<p class='meta'>Reading the news critically · printable handout</p>",
        "<div class='name'><span>Name:</span><span>Date:</span></div>",
    ]
    if intro:
        body.append(f"<section class='intro'>{intro}</section>")
    analysis = None
    if bank.seed:
        doc = helpers.seed(bank.seed)
        headline = next((s.text for s in doc.segments if s.role == "headline"), "")
        body += [
            "<h2 class='part'>Part 1 · The article: read it and mark it yourself</h2>",
            f"<p>The article: <b>{_e(headline)}</b>. Each part is labelled on the left. Read it "
            "once, then underline what the questions ask about, in pencil.</p>",
            "<div class='mlv'>",
            article_html(doc, [], uid=new_uid(), label="The article"),
            "</div>",
        ]
        analysis = helpers.analyze(doc)
    else:
        body += [
            "<h2 class='part'>Part 1 · Your article</h2>",
            "<div class='paste'>Paste, staple or copy the article you chose here. Write down "
            "where you found it, who published it and when.</div>",
        ]
    body += [
        "<h2 class='part'>Part 2 · Questions</h2>",
        f"<p><b>{_e(bank.title)}</b>. {_e(bank.description)}</p>" if bank.description else "",
        "<ol class='questions'>",
        *(_question_html(q) for q in bank.questions),
        "</ol>",
    ]
    if analysis is not None:
        layer = LAYERS.get(number, ALL_LAYERS)
        spans = [s for s in analysis.spans if layer == ALL_LAYERS or s.layer == layer]
        if spans:
            uid = new_uid()
            spans = sorted(spans, key=lambda s: (s.start, -s.end, s.layer, s.label))
            body += [
                "<section class='compare'>",
                "<h2 class='part'>Part 3 · Compare: what the helper marked</h2>",
                "<p>Only after you have marked the article yourself: here is what the automatic "
                "helper marked. Each mark has a number; the notes below say why. The helper can "
                "be wrong: where do you disagree with it?</p>",
                "<div class='mlv'>",
                legend_html(spans, title="How to read the marks"),
                article_html(analysis.document, spans, uid=uid, numbers=True),
                notes_html(spans, uid, title="Notes: why each mark is there"),
                "</div></section>",
            ]
    body.append("</main></body></html>")
    return offline("\n".join(p for p in body if p))


def build_handouts(
    outdir: str | Path, quizzes: Path = QUIZZES, notebooks: Path = NOTEBOOKS
) -> list[Path]:
    """Write one ``NN-….html`` handout per quiz bank ``NN-*.yaml``; returns the files."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for bank_path in sorted(quizzes.glob("[0-9][0-9]-*.yaml")):
        target = out / f"{bank_path.stem}.html"
        target.write_text(handout_html(bank_path, notebooks), encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.editions", description=__doc__.split("\n")[0])
    p.add_argument("what", choices=["student", "handouts", "student-branch"])
    p.add_argument(
        "outdir",
        nargs="?",
        help="where to write (e.g. build/student), created if missing; for student-branch: "
        "the branch name (default: student)",
    )
    args = p.parse_args(argv)
    if args.what == "student-branch":
        branch = args.outdir or "student"
        commit = publish_student_branch(branch)
        print(f"branch {branch} is at {commit[:12]}: push it with `git push origin {branch}`")
        return 0
    if not args.outdir:
        p.error("OUTDIR is required")
    build = build_student if args.what == "student" else build_handouts
    files = build(args.outdir)
    print(f"wrote {len(files)} {args.what} file(s) to {args.outdir}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
