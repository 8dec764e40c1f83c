"""What a student clicks on a school hub, in a real browser: the teacher's nbgitpuller link.

Headless Chromium opens the link on a real JupyterHub started on loopback (tools/hub.py): the
hub asks the student to log in, starts their server, nbgitpuller's own page pulls the student
edition and forwards to the lesson in JupyterLab; the Voilà link then opens the same lesson as an
app, without code and without teacher notes.  No request may leave the machine.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from pathlib import Path

import pytest
from conftest import BROWSER_LAUNCH_ARGS, LOOPBACK_HOSTS, is_icon_font
from test_hub import require_hub

from helpers.classroom import nbgitpuller_link
from tools import hub

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "02-who-says-so"


def is_voila_cdn(url: str) -> bool:
    """Voilà as a server extension also asks cdnjs for MathJax (the lessons have no maths):
    aborted, the page works the same.  Like the icon font, it is allowed and nothing else."""
    parts = urllib.parse.urlsplit(url)
    return is_icon_font(url) or (
        parts.hostname == "cdnjs.cloudflare.com" and parts.path.startswith("/ajax/libs/mathjax/")
    )


async def click_the_links(tmp: Path, chromium: str) -> dict[str, object]:
    from playwright.async_api import async_playwright

    seen: dict[str, object] = {"outside": []}
    repo = hub.make_course_repo(tmp / "git" / hub.COURSE)
    async with hub.LocalHub(tmp / "hub", tmp / "results") as h, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=BROWSER_LAUNCH_ARGS)
        page = await browser.new_page()

        async def offline(route) -> None:
            url = route.request.url
            if urllib.parse.urlsplit(url).hostname in LOOPBACK_HOSTS:
                await route.continue_()
            else:
                if not is_voila_cdn(url):
                    seen["outside"].append(url)  # type: ignore[union-attr]
                await route.abort()

        await page.route("**/*", offline)
        lab_link = nbgitpuller_link(h.url, repo, branch="student", lesson=LESSON)
        await page.goto(lab_link)
        await page.wait_for_url("**/hub/login**", timeout=60_000)
        await page.fill("input[name=username]", "dana")
        await page.fill("input[name=password]", "any password")
        await page.click("input[type=submit], button[type=submit]")
        # the hub starts the server; nbgitpuller's page pulls, then forwards to JupyterLab
        await page.wait_for_url(f"**/user/dana/lab/tree/{hub.STUDENT_FOLDER}/**", timeout=240_000)
        seen["lab_url"] = page.url
        tab = page.locator(".lm-TabBar-tab", has_text=f"{LESSON}.ipynb")
        await tab.first.wait_for(timeout=120_000)
        heading = page.locator(".jp-Notebook .jp-RenderedMarkdown h1", has_text="Who says so")
        await heading.first.wait_for(timeout=120_000)
        seen["lab_heading"] = await heading.first.inner_text()

        voila_link = nbgitpuller_link(h.url, repo, branch="student", lesson=LESSON, app="voila")
        await page.goto(voila_link)  # already logged in: straight to the pull, then the app
        await page.wait_for_url("**/user/dana/voila/render/**", timeout=120_000)
        await page.wait_for_selector("text=Who says so", timeout=180_000)
        seen["voila_text"] = await page.inner_text("body")
        seen["voila_code"] = await page.locator(".jp-InputArea-editor").count()
        await browser.close()
    return seen


def test_a_student_clicks_the_link_logs_in_and_lands_in_the_lesson(
    tmp_path: Path, chromium_path: str
) -> None:
    require_hub()
    seen = asyncio.run(asyncio.wait_for(click_the_links(tmp_path, chromium_path), 600))
    assert seen["lab_url"].endswith(f"{hub.STUDENT_FOLDER}/notebooks/{LESSON}.ipynb")
    assert "Who says so" in seen["lab_heading"]
    text = seen["voila_text"]
    assert "Who says so" in text and "Teacher notes" not in text
    assert seen["voila_code"] == 0  # Voilà shows no code
    assert seen["outside"] == []
    pulled = tmp_path / "hub/home/dana" / hub.STUDENT_FOLDER / "notebooks" / f"{LESSON}.ipynb"
    assert pulled.is_file()
