"""The student edition (built from cell tags) and the printable handouts (built from the banks)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT

from helpers.quiz import load_bank
from tools import editions

QUIZZES = sorted((REPO_ROOT / "notebooks" / "quizzes").glob("[0-9][0-9]-*.yaml"))


def _tagged_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 07 · Test lesson\n\nFor [students](https://example.org)."),
        nbformat.v4.new_markdown_cell("Teacher note", metadata={"tags": ["teacher"]}),
        nbformat.v4.new_code_cell("1 + 1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("2 + 2", execution_count=3),
        nbformat.v4.new_markdown_cell("both", metadata={"tags": ["teacher", "other"]}),
    ]
    nb.cells[3].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "4"})]
    nb.metadata["widgets"] = {"state": {}}
    path = folder / "07-test-lesson.ipynb"
    nbformat.write(nb, path)
    return path


def _assert_student(nb: nbformat.NotebookNode) -> None:
    nbformat.validate(nb)
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        assert not tags & {"teacher", "solution"}, cell.source[:60]
        # a teacher-notes cell that lost its tag would reach students (it did once, lesson 06)
        assert "Teacher notes" not in cell.source, cell.source[:60]
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in nb.metadata


def test_student_notebook_drops_tagged_cells_and_outputs(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    _tagged_notebook(src)
    out = editions.build_student(tmp_path / "out", notebooks=src)
    assert [p.name for p in out] == ["07-test-lesson.ipynb"]
    nb = nbformat.read(out[0], as_version=4)
    _assert_student(nb)
    assert [c.source for c in nb.cells] == [
        "# 07 · Test lesson\n\nFor [students](https://example.org).",
        "2 + 2",
    ]


def test_student_edition_of_the_real_lessons(tmp_path: Path):
    out = tmp_path / "student"
    written = editions.build_student(out)
    lessons = editions.lesson_notebooks()
    assert lessons, "no lesson notebooks found"
    assert sorted(p.name for p in written) == sorted(p.name for p in lessons)
    for path in written:
        _assert_student(nbformat.read(path, as_version=4))
    assert not (out / "teacher").exists()
    assert not list(out.rglob("class-dashboard.ipynb"))
    assert {p.name for p in (out / "quizzes").glob("*.yaml")} == {p.name for p in QUIZZES} | {
        p.name for p in (REPO_ROOT / "notebooks" / "quizzes").glob("*.yaml")
    }


def test_student_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert editions.main(["student", str(tmp_path / "s")]) == 0
    assert "student file(s)" in capsys.readouterr().out


def _git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_student_branch_holds_the_student_course_and_leaves_the_checkout_alone(tmp_path: Path):
    repo = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "notebooks", repo / "notebooks")
    shutil.copytree(REPO_ROOT / "seeds", repo / "seeds")
    shutil.copy2(REPO_ROOT / "LICENSE", repo / "LICENSE")
    _git(tmp_path, "init", "-q", "-b", "main", str(repo))
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "course")
    (repo / "notebooks" / "scratch.txt").write_text("uncommitted")
    _git(repo, "add", "notebooks/scratch.txt")  # something staged must stay staged
    status = _git(repo, "status", "--porcelain")

    first = editions.publish_student_branch("student", repo)
    files = set(_git(repo, "ls-tree", "-r", "--name-only", "student").splitlines())
    assert (
        "notebooks/02-who-says-so.ipynb" in files and "notebooks/quizzes/02-sourcing.yaml" in files
    )
    assert "seeds/belarus-thaw/article.txt" in files and {"README.md", "LICENSE"} <= files
    assert not any(f.startswith("notebooks/teacher/") for f in files)
    assert "notebooks/demo-views.ipynb" not in files and "notebooks/scratch.txt" not in files
    nb = nbformat.reads(_git(repo, "show", "student:notebooks/02-who-says-so.ipynb"), 4)
    _assert_student(nb)
    assert _git(repo, "show", "student:seeds/belarus-thaw/article.txt") == (
        (REPO_ROOT / "seeds" / "belarus-thaw" / "article.txt").read_text().strip()
    )
    assert _git(repo, "branch", "--show-current") == "main"
    assert _git(repo, "status", "--porcelain") == status

    assert editions.publish_student_branch("student", repo) == first  # nothing new: no commit
    (repo / "notebooks" / "quizzes" / "02-sourcing.yaml").write_text(
        (repo / "notebooks" / "quizzes" / "02-sourcing.yaml").read_text() + "\n# changed\n"
    )
    assert editions.publish_student_branch("student", repo) == first  # not committed yet
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "quiz changed")
    second = editions.publish_student_branch("student", repo)
    assert second != first and _git(repo, "rev-parse", "student^") == first


def test_offline_removes_scripts_links_and_urls():
    html = "<p><a href='https://x.org/a'>text</a> <script>alert(1)</script> see http://y.org</p>"
    out = editions.offline(html)
    assert "<script" not in out and "http" not in out and "text" in out


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("handouts")
    files = editions.build_handouts(out)
    return {p.stem: p.read_text(encoding="utf-8") for p in files}


def _text(html: str) -> str:
    """The page's visible text, whitespace-normalised, entities decoded."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_one_handout_per_bank(handouts: dict[str, str]):
    assert sorted(handouts) == [p.stem for p in QUIZZES]


@pytest.mark.parametrize("bank_path", QUIZZES, ids=[p.stem for p in QUIZZES])
def test_handout_is_static_and_complete(handouts: dict[str, str], bank_path: Path):
    import helpers

    html = handouts[bank_path.stem]
    assert "<script" not in html.lower()
    assert not re.search(r"https?://", html), "handouts must not point to the web"
    assert "@media print" in html
    text = _text(html)
    title, _ = editions.lesson_intro(bank_path.name[:2])
    assert " ".join(title.split()) in text
    bank = load_bank(bank_path)
    if bank.seed:
        doc = helpers.seed(bank.seed)
        headline = next(s.text for s in doc.segments if s.role == "headline")
        assert " ".join(headline.split()) in text
    for q in bank.questions:
        assert " ".join(q.prompt.split()) in text, f"{q.id}: prompt missing"
        for o in getattr(q.spec, "options", ()):  # the choice types'
            assert " ".join(o.text.split()) in text, f"{q.id}: option {o.id} missing"
    assert "<input" not in html and "<button" not in html  # paper, not widgets


def test_handout_shows_the_helpers_marks_for_its_layer(handouts: dict[str, str]):
    if "02-sourcing" not in handouts:
        pytest.skip("no 02 bank")
    html = handouts["02-sourcing"]
    assert "Compare: what the helper marked" in html
    assert "mlv-tag" in html  # numbered tags: marks never rely on colour alone


# --- the student edition speaks of what a Voilà user can do --------------------------------

# Written here, not taken from tools/editions.py: what a student in Voilà cannot do.
LAB_ONLY = [
    r"Shift\s*\+\s*Enter",
    r"\bRun\s*→",
    r"\bKernel\s*→",
    r"Run (All|Selected) Cells?",
    r"\b[Rr]un (the|these|this|both|two|all|each|a|one)\b[^.:;]{0,25}?\bcells?\b",
    r"\b[Rr]e-?run\b",
    r"\btoolbar\b",
    r"\bcode cells?\b",
    r"\bclick (a|the) cell\b",
]


def _student_markdown(folder: Path) -> dict[str, str]:
    return {
        p.name: "\n\n".join(
            c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown"
        )
        for p in sorted(folder.glob("0[0-9]-*.ipynb"))
    }


def test_student_edition_never_asks_for_what_voila_cannot_do(tmp_path: Path):
    editions.build_student(tmp_path / "student")
    texts = _student_markdown(tmp_path / "student")
    assert len(texts) == len(editions.lesson_notebooks())
    found = [
        (name, m.group(0))
        for name, text in texts.items()
        for pattern in LAB_ONLY
        for m in re.finditer(pattern, text)
    ]
    assert found == [], f"JupyterLab instructions left in the student edition: {found}"
    start = texts["00-start-here.ipynb"]
    assert "reload the page" in start.lower()  # how a Voilà user starts again
    # the teacher edition (the repository's notebooks) still explains JupyterLab
    teacher = _student_markdown(REPO_ROOT / "notebooks")
    assert re.search(LAB_ONLY[0], teacher["00-start-here.ipynb"])


def test_every_student_wording_rule_is_used():
    texts = _student_markdown(REPO_ROOT / "notebooks")
    unused = [
        rule.pattern.pattern
        for rule in editions.STUDENT_WORDING
        if not any(rule.pattern.search(t) for t in texts.values())
    ]
    assert unused == [], f"wording rules that match no lesson (stale): {unused}"


def test_a_jupyterlab_instruction_without_a_rule_stops_the_build(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 07 · Test"),
        nbformat.v4.new_markdown_cell("Now press **Shift + Enter** twice."),
    ]
    nb.cells[1].id = "press-it"
    nbformat.write(nb, src / "07-test.ipynb")
    with pytest.raises(ValueError, match=r"07-test\.ipynb.*press-it.*Shift \+ Enter"):
        editions.build_student(tmp_path / "out", notebooks=src)


def test_readme_sends_students_to_the_student_edition():
    """The Binder badge (what most people click) opens the Voilà student edition; the JupyterLab
    link, with the teacher notes and answers, is the teachers' and says so."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\[!\[Binder\]\([^)]*\)\]\((https://mybinder\.org/[^)]+)\)", readme)
    assert badge, "no Binder badge in the README"
    assert "urlpath=voila/render/build/student/00-start-here.ipynb" in badge.group(1)
    links = {
        m.group(2): m.group(1)
        for m in re.finditer(
            r"^- \*\*(\w+)[^\n]*(?:\n  [^\n]*)*?<(https://mybinder[^>]+)>", readme, re.M
        )
    }
    assert any(
        "voila/render/build/student/" in url and who == "Students" for url, who in links.items()
    )
    lab = [who for url, who in links.items() if "labpath=" in url]
    assert lab == ["Teachers"], links


def test_teachers_get_the_handouts_without_a_terminal():
    """Binder builds them (postBuild); elsewhere one Shift+Enter in the teacher notebook does,
    and its links open every lesson's page."""
    from nbclient import NotebookClient

    postbuild = (REPO_ROOT / "postBuild").read_text(encoding="utf-8")
    assert "python -m tools.editions handouts build/handouts" in postbuild
    path = REPO_ROOT / "notebooks" / "teacher" / "handouts.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code == ["%run ../../tools/editions.py handouts ../../build/handouts"]
    links = re.findall(
        r"\]\((\.\./\.\./build/handouts/[^)]+\.html)\)",
        "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"),
    )
    assert sorted(Path(link).stem for link in links) == sorted(p.stem for p in QUIZZES)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    assert "wrote" in nb.cells[1].outputs[0]["text"]
    for link in links:
        page = (path.parent / link).resolve()
        assert page.is_file(), link
        assert "<h1" in page.read_text(encoding="utf-8")
