"""A full build of the fixture library with hostile strings in titles, summaries, change
notes and vocabulary labels: every page of every language, the feeds, the catalogue and the
search index show them as text, once escaped, and no element the content did not ask for."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from fixture_library import RESOURCES
from helpers import make_project
from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix
from test_build import run_cli

TITLE = 'Fake </script><script>alert("t")</script> & <b>bold</b>'
FR_TITLE = "</title><script>x()</script> & <b>gras</b>"
SUMMARY = "</title><script>x()</script> \"quoted\" 'single' & <i>it</i> </textarea>"
NOTE = "<img src=x onerror=alert(1)> & </style>"
FAQ_TITLE = "Is A & B <em>covered</em>? -->"
LABEL = 'Macao <b>SAR</b> & "more"'
HOSTILE_TAGS = {"b", "i", "em", "img"}  # the tags the hostile strings ask for as text
MARKERS = ("alert(", "x()")


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = dict(RESOURCES)
    files["factsheets/macao.md"] = files["factsheets/macao.md"].replace(
        "title: Macao basics", f"title: {_yaml(TITLE)}").replace(
        "summary: How IP works in Macao.", f"summary: {_yaml(SUMMARY)}").replace(
        "note: Checked the office name.", f"note: {_yaml(NOTE)}")
    files["factsheets/macao.fr.md"] = files["factsheets/macao.fr.md"].replace(
        "title: Macao, l'essentiel", f"title: {_yaml(FR_TITLE)}")
    files["faq/a.md"] = files["faq/a.md"].replace("title: Question A?", f"title: {_yaml(FAQ_TITLE)}")
    root = make_project(tmp_path_factory.mktemp("hostile"), files)
    vocabulary = root / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(re.sub(r"(\n  macao: \{en: )[^,]*,", lambda m: m.group(1) + _yaml(LABEL) + ",", text), encoding="utf-8")
    result = run_cli(root, "build", env={"LIBRARY_PDFS": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


class Elements(HTMLParser):
    """Every start tag, and the text of each <script> and <title>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.titles: list[str] = []
        self.texts: list[str] = []
        self._open: tuple[str, dict] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self.texts += [v for v in attrs.values() if v]
        if tag in ("script", "title"):
            self._open = (tag, attrs)

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._open and self._open[0] == "script":
            self.scripts.append((self._open[1], data))
        elif self._open and self._open[0] == "title":
            self.titles.append(data)


def assert_no_injected_markup(html: str, where: str) -> Elements:
    page = Elements(html)
    for tag, attrs in page.tags:  # the theme itself uses none of these tags on these pages
        assert tag not in HOSTILE_TAGS and "onerror" not in attrs, f"{where}: <{tag} {attrs}> from content"
    for text in page.texts:
        assert not re.search(r"&(amp|lt|gt|quot|#x27|#39);", text), f"{where}: escaped twice: {text[:200]!r}"
    for attrs, text in page.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(text)  # still one JSON document: nothing closed the element
        else:
            assert not any(marker in text for marker in MARKERS), f"{where}: a script from content: {text[:200]!r}"
    return page


def html_pages(site):
    return sorted(site.rglob("*.html"))


def test_no_page_of_any_language_has_markup_from_content(built):
    pages = html_pages(built)
    assert len(pages) > 100
    for path in pages:
        assert_no_injected_markup(path.read_text(encoding="utf-8"), str(path.relative_to(built)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_title_is_the_text_the_editor_wrote(built, lang):
    html = (built / url_prefix(lang) / "factsheets/macao-basics/index.html").read_text(encoding="utf-8")
    page = assert_no_injected_markup(html, lang)
    expected = FR_TITLE if lang == "fr" else TITLE
    assert len(page.titles) == 1 and page.titles[0].startswith(expected + " - ")
    assert expected in page.texts  # the <h1>, as text
    og = [a["content"] for t, a in page.tags if t == "meta" and a.get("property") == "og:title"]
    assert og == [expected]
    [ld] = [json.loads(text) for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"][:1]
    assert ld["headline"] == expected
    assert "\\u003c/script\\u003e" in next(text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json")


def test_a_label_and_a_change_note_are_text(built):
    page = Elements((built / "factsheets/macao-basics/index.html").read_text(encoding="utf-8"))
    assert LABEL in page.texts
    listing = Elements((built / "library/regions/macao/index.html").read_text(encoding="utf-8"))
    assert any(LABEL in text for text in listing.titles)


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_feeds_catalogue_and_search_index_carry_the_text(built):
    for lang in LANGUAGES:
        feed = ET.parse(built / url_prefix(lang) / "feed.xml")
        titles = [item.findtext("title") for item in feed.iter("item")]
        assert (FR_TITLE if lang == "fr" else TITLE) in titles
        for item in feed.iter("item"):
            assert_no_injected_markup(item.findtext("description") or "", f"{lang} feed")
    catalogue = json.loads((built / "library.json").read_text(encoding="utf-8"))
    assert TITLE in strings(catalogue)
    for index in built.rglob("search_index.json"):
        for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            # Material shows a search result's title as HTML
            assert_no_injected_markup(entry["title"], f"{index}: {entry['location']}")
