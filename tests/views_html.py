"""Test helper: parse renderer output with the standard library's HTMLParser.

Collects every start tag with its attributes, the text of <style> blocks, and the text that a
reader sees inside the highlighted article (role tags, visible mark tags and tooltips excluded),
so tests can check that nothing in the output came from the input and that the text round-trips.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"img", "meta", "br", "hr", "input", "link"}
# elements whose text is not part of the article's own text
NOT_TEXT = {"mlv-role", "mlv-tag", "mlv-tip", "mlv-zone"}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.styles: list[str] = []
        self.article_text: list[str] = []
        self.by_class: dict[str, list[str]] = {}
        self.comments: list[str] = []
        self.decls: list[str] = []
        self._capture: list[tuple[str, list[str], int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.tags.append((tag, d))
        classes = set((d.get("class") or "").split())
        if tag not in VOID:
            self.stack.append((tag, classes))
            for c in classes & {"mlv-why", "mlv-tip", "mlv-tag"}:
                self._capture.append((c, [], len(self.stack)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            depth = len(self.stack)
            while self._capture and self._capture[-1][2] == depth:
                cls, buf, _ = self._capture.pop()
                self.by_class.setdefault(cls, []).append("".join(buf))
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        for _cls, buf, _ in self._capture:
            buf.append(data)
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)
            return
        in_article = any("mlv-article" in c for _t, c in self.stack)
        hidden = any(c & NOT_TEXT for _t, c in self.stack)
        if in_article and not hidden:
            self.article_text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.decls.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.decls.append(data)

    def handle_pi(self, data: str) -> None:
        self.decls.append(data)


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    c.close()
    return c


ALLOWED_TAGS = {
    "style",
    "div",
    "article",
    "section",
    "span",
    "mark",
    "p",
    "h1",
    "h2",
    "h3",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "html",
    "head",
    "body",
    "meta",
    "title",
    "main",
    "a",
    "figure",
    "img",
    "figcaption",
}
ALLOWED_ATTRS = {
    "class",
    "id",
    "data-n",
    "data-part",
    "data-role",
    "data-line",
    "data-start",
    "data-end",
    "tabindex",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "role",
    "value",
    "href",
    "src",
    "alt",
    "lang",
    "charset",
    "name",
    "content",
    "style",
    "scope",
}


def assert_only_own_markup(html: str, css_blocks: set[str] | None = None) -> Collector:
    """Every element and attribute is one the renderer writes; no handlers, no script URLs."""
    import re

    c = parse(html)
    for tag, attrs in c.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}> {attrs}"
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRS, f"unexpected attribute {name}={value!r} on <{tag}>"
            assert not name.startswith("on")
            v = (value or "").strip().lower()
            if name == "href":
                assert v.startswith("#"), f"external or script link {value!r}"
            if name == "src":
                assert v.startswith("data:image/png;base64,"), f"unexpected src {value[:40]!r}"
            if name == "class":
                assert re.fullmatch(r"[a-z0-9 _-]*", value or ""), f"class from input? {value!r}"
            if name in ("id", "aria-describedby"):
                assert value in ("findings", "ledger", "charts") or re.fullmatch(
                    r"mlv[0-9a-f]+[a-z]?-[a-z]+[0-9]*", value or ""
                ), value
            if name == "style":
                assert value == "text-align:left" or re.fullmatch(
                    r"(?:anchor-name|position-anchor):--mlv[0-9a-f]+[a-z]?-m[0-9]+", value or ""
                ), value
            if name == "tabindex":
                assert value == "0"
            if name in ("data-n", "data-line", "data-start", "data-end", "value"):
                assert (value or "").isdigit(), value
    assert not c.comments, f"HTML comment in output: {c.comments[:2]}"
    assert all(d.lower() == "doctype html" for d in c.decls), c.decls
    if css_blocks is not None:
        for block in c.styles:
            assert block.strip() in css_blocks, "a <style> block was changed by the input"
    return c
