"""What the lesson journey tests share: the article a student pastes in lesson 06, and an
offline browser page (one place, so the Voilà and JupyterLab journeys set it up alike)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from conftest import ARTIFACTS, OfflineRoutes

# A short made-up article with every kind of part: headline, sourced and unsourced paragraphs,
# the comments marker and one reader comment.
PASTED_ARTICLE = (
    "Harbour Bridge Reopens After Repairs\n\n"
    "The harbour bridge reopened on Friday, according to the city's transport office. "
    'Engineer Mara Quist said the work had been "long but worth it".\n\n'
    "Critics say the cost could rise again next year.\n\n"
    "--- comments ---\n\n"
    "Typical! They always waste our money."
)


@contextmanager
def offline_page(browser: Any, width: int, height: int) -> Iterator[tuple[Any, OfflineRoutes]]:
    """A fresh browser context and page whose non-loopback requests are aborted (and noted in
    the ``OfflineRoutes`` yielded with the page); the context is closed afterwards.  Creates
    the screenshot folder, as every journey takes screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    offline = OfflineRoutes()
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.route("**/*", offline)
        yield page, offline
    finally:
        context.close()


def expect_no_output_errors(page: Any) -> None:
    """No cell output is an error or went to stderr (Voilà shows both as outputs)."""
    from playwright.sync_api import expect

    expect(page.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)
    expect(
        page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    ).to_have_count(0)
