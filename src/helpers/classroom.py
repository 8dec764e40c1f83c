"""Links that hand a class the lessons on a JupyterHub: ``python -m helpers classroom link``.

A JupyterHub with nbgitpuller installed (The Littlest JupyterHub, Zero to JupyterHub) turns one
link into "log in, copy or update the course in my home folder, open this lesson". The link is
``<hub>/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=…``; ``user-redirect`` sends every
student to their own server, and nbgitpuller merges so a student's own edits are never lost.

The course folder in each home is named after the repository, without ``.git`` and with
``-<branch>`` for a branch other than main (the link says so in ``targetpath``), and the lesson
path in ``urlpath`` is ``<folder>/notebooks/<lesson>.ipynb``.  The command opens the student
edition (branch ``student``, worded for Voilà) in Voilà and any other branch in JupyterLab,
unless ``--app`` says otherwise.  See ``docs/classroom.md``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from .errors import HelpersError
from .paths import course_root

START_LESSON = "00-start-here"
APPS = ("lab", "voila")
# The branch ``make student-branch`` writes: the student edition, worded for the Voilà app
# ("press Start", no "Shift + Enter"), so its links open Voilà unless asked otherwise.
STUDENT_BRANCH = "student"


def default_app(branch: str) -> str:
    """The app a link opens when the teacher names none: Voilà for the student edition (the
    wording fits it), JupyterLab for any other branch (worded for JupyterLab; on ``main``
    Voilà would also show the teacher notes)."""
    return "voila" if branch.strip() == STUDENT_BRANCH else "lab"


class LinkError(HelpersError):
    """A hub address, repository or lesson that cannot make a working link."""


def lessons(root: Path | None = None) -> list[str]:
    """Lesson names (``02-who-says-so``, ``teacher/class-dashboard``) of a course checkout."""
    root = root or course_root()
    if root is None:
        return []
    nb = root / "notebooks"
    names = (p.relative_to(nb).with_suffix("").as_posix() for p in nb.rglob("*.ipynb"))
    return sorted(n for n in names if not any(part.startswith(".") for part in n.split("/")))


def lesson_path(lesson: str | None, known: list[str] | None = None) -> str:
    """``notebooks/<lesson>.ipynb`` for a name, a number ("2", "02") or a path.

    With ``known`` lessons (from a checkout), an unknown or ambiguous name is an error that lists
    them; without, or for a path such as ``teacher/class-dashboard`` (which a student-edition
    checkout does not have), the name is taken as given.
    """
    name = (lesson or START_LESSON).strip().strip("/")
    name = re.sub(r"^notebooks/", "", name)
    name = re.sub(r"\.ipynb$", "", name)
    if not name or ".." in name.split("/"):
        raise LinkError(f"not a lesson name: {lesson!r}")
    if known and name not in known and "/" not in name:  # a path is taken as given
        prefix = f"{int(name):02d}-" if name.isdigit() else name
        matches = [k for k in known if k.startswith(prefix)]
        if len(matches) != 1:
            raise LinkError(
                f"no single lesson matches {lesson!r}; choose one of: " + ", ".join(known)
            )
        name = matches[0]
    return f"notebooks/{name}.ipynb"


def public_url(remote: str) -> str:
    """An https address students' servers can clone, from a git remote (``git@host:o/r.git``)."""
    remote = remote.strip()
    m = re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?", remote)
    if m:
        return f"https://{m.group(1)}/{m.group(2)}"
    return re.sub(r"\.git/?$", "", remote) if remote.startswith("https://") else remote


def origin_url(root: Path | None = None) -> str | None:
    """The ``origin`` remote of the checkout, as a public address; None when there is none."""
    root = root or course_root()
    if root is None:
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return public_url(out.stdout) if out.returncode == 0 and out.stdout.strip() else None


MAIN_BRANCHES = ("main", "master")


def folder_name(repo: str, branch: str = "main") -> str:
    """The course folder in each home: the repository's last path part, without ``.git``, and
    ``-<branch>`` for any other branch than main, so that a teacher who opens both the student
    edition and the full course gets two folders instead of a failed merge."""
    name = re.sub(r"\.git$", "", repo.rstrip("/").split("/")[-1])
    return name if branch in MAIN_BRANCHES else f"{name}-{branch}"


def nbgitpuller_link(
    hub: str,
    repo: str,
    *,
    branch: str = "main",
    lesson: str | None = None,
    app: str = "lab",
    folder: str | None = None,
    known: list[str] | None = None,
) -> str:
    """The link that pulls ``repo`` at ``branch`` into each student's home and opens ``lesson``
    in JupyterLab (``app="lab"``) or as a Voilà app without code (``app="voila"``)."""
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(f"the hub address must start with https:// (got {hub!r})")
    if app not in APPS:
        raise LinkError(f"app must be one of {', '.join(APPS)} (got {app!r})")
    if not repo.strip():
        raise LinkError("the repository address is empty")
    if not branch.strip():
        raise LinkError("the branch is empty")
    target = folder or folder_name(repo, branch.strip())
    if not target or target in (".", "..") or "/" in target:
        raise LinkError(f"not a folder name for the course: {target!r}")
    path = f"{target}/{lesson_path(lesson, known)}"
    urlpath = f"lab/tree/{path}" if app == "lab" else f"voila/render/{path}"
    query = {"repo": repo, "branch": branch, "targetpath": target, "urlpath": urlpath}
    base = hub.strip().rstrip("/")
    return f"{base}/hub/user-redirect/git-pull?" + urlencode(query, quote_via=quote, safe="/")


# --- command line --------------------------------------------------------------------------


def add_classroom_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classroom",
        help="links that hand a class the lessons on a JupyterHub (nbgitpuller)",
        description="Helpers for running the lessons on a JupyterHub. See docs/classroom.md.",
    )
    csub = p.add_subparsers(dest="classroom_command", metavar="ACTION")
    link = csub.add_parser(
        "link",
        help="print the nbgitpuller link that opens a lesson for every student",
        description=(
            "Print a link for your students: it logs them in to the hub, copies (or updates) "
            "the course into their home folder with nbgitpuller, and opens the lesson in "
            "JupyterLab or as a Voila app. Students' own changes are kept when the course is "
            "updated."
        ),
    )
    link.add_argument(
        "--hub", required=True, metavar="URL", help="the hub, e.g. https://hub.school.org"
    )
    link.add_argument(
        "--repo",
        metavar="URL",
        help="the course's git address (default: this checkout's 'origin' remote)",
    )
    link.add_argument("--branch", default="main", help="branch to pull (default: main)")
    link.add_argument(
        "--lesson",
        metavar="NAME",
        help=(
            f"lesson to open: a name (02-who-says-so), a number (2) or teacher/class-dashboard "
            f"(default: {START_LESSON})"
        ),
    )
    link.add_argument(
        "--app",
        choices=APPS,
        default=None,
        help=(
            f"voila: the lesson as an app without code (default for --branch "
            f"{STUDENT_BRANCH}, which is worded for it); lab: JupyterLab (default for any "
            "other branch)"
        ),
    )
    link.add_argument(
        "--folder",
        metavar="NAME",
        help="folder for the course in each home (default: the repository's name, plus "
        "-BRANCH for a branch other than main)",
    )
    link.add_argument("--list", action="store_true", help="list the lessons and exit")
    link.set_defaults(func=cmd_link)
    p.set_defaults(func=lambda _args: (p.print_help(), 0)[1])


def cmd_link(args: argparse.Namespace) -> int:
    known = lessons()
    if args.list:
        print("\n".join(known) if known else "no course checkout found here")
        return 0
    repo = public_url(args.repo) if args.repo else origin_url()
    if not repo:
        raise LinkError(
            "no --repo given and this checkout has no 'origin' remote: pass --repo with the "
            "public git address of your copy of the course"
        )
    print(
        nbgitpuller_link(
            args.hub,
            repo,
            branch=args.branch,
            lesson=args.lesson,
            app=args.app or default_app(args.branch),
            folder=args.folder,
            known=known,
        )
    )
    return 0
