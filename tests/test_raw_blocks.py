"""Generated pages' raw HTML lists set aside during markdown conversion (iplibrary.raw_blocks,
and its glue in iplibrary_mkdocs.speedups): Python-Markdown gives the same HTML with them
set aside and put back, and the page keeps the anchors MkDocs finds in them."""

import markdown as python_markdown
import pytest
from mkdocs.structure.pages import _HTMLHandler

from iplibrary.listings import html_list
from iplibrary.raw_blocks import PLACEHOLDER, may_hold_anchors, put_back, set_aside
from iplibrary_mkdocs import speedups

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "toc", "tables", "fenced_code", "pymdownx.details", "pymdownx.superfences"]
LIST = html_list(['<li><a href="../a/">A &amp; B</a><br />\n  Summary.<br />\n  <small>Updated</small></li>',
                  '<li id="faq-x"><a href="../x/">X?</a></li>'])

PAGES = {
    "a listing": f"# Topic\n\n3 resources · [All](index.md)\n\n## Guides\n\n{LIST}\n## FAQ\n\n{LIST}",
    "a list at the very start and end": LIST.rstrip("\n"),
    "one-line blocks": '# Hub\n\n<ul class="library-list" id="library-list"><li>a</li><li>b</li></ul>\n\n'
                       '<table class="translation-status"><tr><td>x</td></tr></table>\n\nAfter.\n',
    "a markdown block of md_in_html stays": '<div class="x" markdown>\n\n- *one*\n\n</div>\n\n<ul markdown="1">\n<li>*a*</li>\n</ul>\n',
    "a nested list": "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n\nText.\n",
    "an unbalanced list stays": "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n\nText.\n",
    "a list inside a paragraph stays": "Text\n<ul>\n<li>a</li>\n</ul>\n\nMore.\n",
    "an admonition with a list stays": '!!! note\n\n    <ul>\n    <li>a</li>\n    </ul>\n',
}


def convert(text: str) -> str:
    return python_markdown.Markdown(extensions=EXTENSIONS).convert(text)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_html_is_the_same_with_the_blocks_set_aside(name):
    text = PAGES[name]
    aside, blocks = set_aside(text)
    assert put_back(convert(aside), blocks) == convert(text)


def test_only_the_generators_shapes_are_set_aside():
    assert len(set_aside(PAGES["a listing"])[1]) == 2
    assert len(set_aside(PAGES["one-line blocks"])[1]) == 2
    assert set_aside(PAGES["a nested list"])[1] == [PAGES["a nested list"].split("\n\n")[0]]
    for name in ("a markdown block of md_in_html stays", "an unbalanced list stays",
                 "a list inside a paragraph stays", "an admonition with a list stays"):
        assert set_aside(PAGES[name]) == (PAGES[name], []), name
    already = PLACEHOLDER.format(0) + "\n\n" + LIST
    assert set_aside(already) == (already, [])  # a text holding a placeholder is left alone


def test_anchors_are_looked_for_only_where_there_may_be_some():
    blocks = set_aside(PAGES["a listing"])[1] + set_aside(PAGES["one-line blocks"])[1]
    for block in blocks:
        collector = _HTMLHandler()
        collector.feed(block)
        if not may_hold_anchors(block):
            assert collector.present_anchor_ids == set()
    assert not may_hold_anchors("<ul>\n<li>a</li>\n</ul>") and may_hold_anchors('<ul ID="x"></ul>')


class _Page:
    present_anchor_ids = None


def test_the_glue_puts_the_blocks_back_and_adds_their_anchors(monkeypatch):
    monkeypatch.setattr(speedups, "_installed", {"raw-html"})
    page = _Page()
    page.present_anchor_ids = {"topic"}
    aside = speedups.set_aside_raw_html(page, PAGES["a listing"])
    assert "<ul>" not in aside
    html = speedups.put_back_raw_html(page, convert(aside))
    assert html == convert(PAGES["a listing"])
    assert page.present_anchor_ids == {"topic", "faq-x"}
    monkeypatch.setattr(speedups, "_installed", set())  # not installed (another version): nothing set aside
    assert speedups.set_aside_raw_html(_Page(), PAGES["a listing"]) == PAGES["a listing"]
