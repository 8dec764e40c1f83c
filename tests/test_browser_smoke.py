"""A real Chromium opens the start notebook in JupyterLab, runs it, and sees the article."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from conftest import (
    ARTIFACTS,
    BROWSER_LAUNCH_ARGS,
    START_NOTEBOOK,
    OfflineRoutes,
    api_get,
    skip_or_fail,
)

HEADLINE = "A Diplomatic Thaw in Belarus"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)")
    return sync_playwright


def test_start_notebook_runs_in_jupyterlab(chromium_path, sync_playwright, jupyterlab):
    from playwright.sync_api import expect

    offline = OfflineRoutes()

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=BROWSER_LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.route("**/*", offline)
            page.goto(jupyterlab.url(f"/lab/tree/{START_NOTEBOOK}?reset&token={jupyterlab.token}"))

            # The toolbar says idle before a kernel exists; the status bar only once it is real.
            expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=90_000)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

            output = page.locator(".jp-OutputArea-output", has_text=HEADLINE)
            expect(output.first).to_be_visible(timeout=90_000)
            expect(output.locator(".mlv-doc .mlv-headline").first).to_contain_text(HEADLINE)

            # Every code cell has run (no [*] or empty prompts left), without an error output.
            prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt")
            expect(prompts.filter(has_text="*")).to_have_count(0, timeout=90_000)
            expect(prompts.filter(has_text="[ ]:")).to_have_count(0)
            errors = page.locator('.jp-OutputArea-output[data-mime-type*="error"]')
            expect(errors).to_have_count(0)

            output.locator(
                ".mlv-doc .mlv-headline"
            ).first.scroll_into_view_if_needed()  # in the screenshot
            page.screenshot(path=str(ARTIFACTS / "browser-smoke-start-notebook.png"))
        finally:
            browser.close()
            # Shut down the kernel this page started; kernels outlive the browser.
            status, body = api_get(jupyterlab.url("/api/sessions"), jupyterlab.token)
            if status == 200:
                for session in json.loads(body):
                    request = urllib.request.Request(
                        jupyterlab.url(f"/api/sessions/{session['id']}"), method="DELETE"
                    )
                    request.add_header("Authorization", f"token {jupyterlab.token}")
                    urllib.request.urlopen(request, timeout=10).close()

    assert offline.outside == [], f"JupyterLab asked for non-loopback resources: {offline.outside}"
