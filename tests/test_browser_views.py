"""The highlighted article on a phone and on a laptop, in a real Chromium.

On a 360–420 px screen the line labels stood beside the text, so the article was wider than the
screen, and every explanation (hung from its word, up to 28em wide) ran off its side.  Now the
label goes above its line and an explanation spans the width of its paragraph below the line of
its word, never over the word itself (opened upwards it covered it).  On wider screens an
explanation near the right edge (15 of 117 ran off at 1000 px) is placed by CSS anchor
positioning and ends at its word's right edge instead.
"""

from __future__ import annotations

import pytest

import helpers
from helpers.views.highlight import highlight

pytestmark = pytest.mark.browser


# whether the open explanation overlaps the mark's own text (its tag and words, not the box)
_COVERS_OWN_WORD = """(mark) => {
  const tip = mark.querySelector(':scope > .mlv-tip').getBoundingClientRect();
  for (const node of mark.childNodes) {
    if (node.nodeType === 1 && node.classList.contains('mlv-tip')) continue;
    const range = document.createRange();
    range.selectNode(node);
    for (const r of range.getClientRects()) {
      const x = Math.min(r.right, tip.right) - Math.max(r.left, tip.left);
      const y = Math.min(r.bottom, tip.bottom) - Math.max(r.top, tip.top);
      if (x > 1 && y > 1) return true;
    }
  }
  return false;
}"""


def _page(browser, width: int):
    seed = helpers.seed()
    html = highlight(seed.text, spans=helpers.analyze(seed.text).spans).html()
    page = browser.new_page(viewport={"width": width, "height": 740})
    page.set_content(
        "<!doctype html><meta name='viewport' content='width=device-width'>"
        f"<body style='margin:8px'>{html}</body>"
    )
    return page


@pytest.mark.parametrize("width", [360, 420, 1000])
def test_the_article_fits_and_every_explanation_is_on_screen_by_its_word(browser, width) -> None:
    page = _page(browser, width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        marks = page.locator("mark.mlv-mark[tabindex]")
        n = marks.count()
        assert n > 50
        for i in range(n):
            mark = marks.nth(i)
            mark.focus()
            box = mark.locator(":scope > .mlv-tip").bounding_box()
            assert box, f"mark {i} shows no explanation"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box)
            word = mark.bounding_box()
            assert word
            # next to its word: below its (last) line, or late in the text above that line
            word_end = word["y"] + word["height"]
            below = -2 <= box["y"] - word_end <= 40
            above = word["y"] - 40 <= box["y"] + box["height"] <= word_end + 2
            assert below or above, (i, box, word)
            covered = mark.evaluate(_COVERS_OWN_WORD)
            assert not covered, f"mark {i}: its explanation covers the word it explains"
    finally:
        page.close()


def test_on_a_laptop_the_label_stays_beside_its_line(browser) -> None:
    page = _page(browser, 1280)
    try:
        role = page.locator(".mlv-role").first.bounding_box()
        body = page.locator(".mlv-body").first.bounding_box()
        assert role and body and role["x"] + role["width"] <= body["x"]  # side by side
        mark = page.locator("mark.mlv-mark[tabindex]").first
        mark.focus()
        tip = mark.locator(":scope > .mlv-tip").bounding_box()
        word = mark.bounding_box()
        assert tip and word and tip["y"] >= word["y"] + word["height"]  # hung below its word
    finally:
        page.close()
