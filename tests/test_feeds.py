"""Unit tests of the RSS feeds, parsed strictly: feedparser for well-formedness, then
the channel fields, RFC 822 dates, absolute URLs and the declared encoding by hand
(feedparser does not check those; see notes/platform-facts.md)."""

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest

from fixture_library import RESOURCES
from helpers import make_project
from iplibrary.errors import BuildFailed
from iplibrary.cross_index import facet_terms
from iplibrary.facets import FACET_ORDER
from iplibrary.feeds import FEED_ITEMS, feed_path, feed_resources, feed_xml, rfc822, term_feed_path, term_feed_xml, write_feeds
from iplibrary.urls import url_prefix
from iplibrary.library import load_library
from iplibrary.model import Change

SITE = "https://helpdesk.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return load_library(make_project(tmp_path_factory.mktemp("feeds"), RESOURCES))


def parse_strictly(data: bytes, lang: str) -> ET.Element:
    """The checks every feed must pass; returns the channel element."""
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    data.decode("utf-8")  # the declared encoding is the real one
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    rss = ET.fromstring(data)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description", "language"):
        assert (channel.findtext(required) or "").strip(), f"channel {required} is missing"
    assert channel.findtext("link").startswith(SITE)
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("type") == "application/rss+xml"
    assert self_link.get("href") == SITE + feed_path(lang)
    for dated in [channel.find("pubDate"), channel.find("lastBuildDate"), *channel.iter("pubDate")]:
        when = parsedate_to_datetime(dated.text)
        assert when.tzinfo is not None
    for item in channel.findall("item"):
        assert item.findtext("title").strip() and item.findtext("description").strip()
        assert item.findtext("link").startswith(SITE)
        assert item.find("guid").get("isPermaLink") == "false"
    return channel


def test_english_feed(library):
    channel = parse_strictly(feed_xml(library, "en", SITE, "IP Helpdesk Resource Library"), "en")
    assert channel.findtext("title") == "IP Helpdesk Resource Library: What's new"
    assert channel.findtext("link") == SITE + "whats-new/"
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    # newest news first: macao was updated on 1 October, the others only published
    assert [i.findtext("link") for i in items] == [SITE + p for p in (
        "factsheets/macao-basics/", "faq/faq-b/", "faq/faq-a/", "case-studies/case-two/", "case-studies/case-one/",
        "guides/fair-guide/", "guides/designs-basics/", "factsheets/taiwan-basics/")]
    macao = items[0]
    assert macao.findtext("pubDate") == "Thu, 01 Oct 2026 00:00:00 +0000"
    assert parsedate_to_datetime(macao.findtext("pubDate")) == datetime(2026, 10, 1, tzinfo=timezone.utc)
    assert macao.findtext("guid") == SITE + "factsheets/macao-basics/#2026-10-01"
    assert macao.findtext("category") == "Factsheets"
    description = macao.findtext("description")
    assert "<strong>Updated: 1 October 2026</strong>" in description
    assert "<li>1 October 2026: Checked the office name.</li>" in description
    assert "<strong>New: 2 August 2026</strong>" in items[1].findtext("description")
    assert channel.findtext("lastBuildDate") == "Thu, 01 Oct 2026 00:00:00 +0000"  # the content's date: reproducible


def test_chinese_feed_is_in_chinese_with_english_fallbacks_under_zh(library):
    data = feed_xml(library, "zh", SITE, "知识产权服务台资源库")
    channel = parse_strictly(data, "zh")
    assert "台湾知识产权基础".encode("utf-8") in data  # real UTF-8, not character references
    assert channel.findtext("language") == "zh-cn"
    assert channel.findtext("title") == "知识产权服务台资源库: 最新动态"
    by_link = {i.findtext("link"): i for i in channel.findall("item")}
    assert by_link[SITE + "zh/factsheets/taiwan-basics/"].findtext("title") == "台湾知识产权基础"
    assert by_link[SITE + "zh/factsheets/taiwan-basics/"].findtext("category") == "概况介绍"
    # not translated: the English text, but the page under /zh/
    assert by_link[SITE + "zh/factsheets/macao-basics/"].findtext("title") == "Macao basics"
    assert "2026年10月1日" in by_link[SITE + "zh/factsheets/macao-basics/"].findtext("description")


def test_french_feed_language_and_translation(library):
    channel = parse_strictly(feed_xml(library, "fr", SITE, "Bibliothèque"), "fr")
    assert channel.findtext("language") == "fr"
    item = channel.find("item")
    assert item.findtext("title") == "Macao, l'essentiel"
    assert item.findtext("link") == SITE + "fr/factsheets/macao-basics/"
    assert "La PI à Macao." in item.findtext("description")


def test_feed_is_capped_and_lists_the_newest(library):
    resources = dict(library.resources)
    template = library.get("faq-a")
    from dataclasses import replace
    for day in range(1, 41):
        copy = replace(template, id=f"extra-{day}", published=date(2025, 1, 1), updated=date(2025, 12, day % 28 + 1),
                       changes=(Change(date(2025, 12, day % 28 + 1), "Note."),), translations={})
        resources[copy.id] = copy
    big = type(library)(vocabulary=library.vocabulary, resources=resources)
    chosen = feed_resources(big)
    assert len(chosen) == FEED_ITEMS == 30
    assert [r.id for r in chosen[:8]] == [r.id for r in feed_resources(library)]  # the 2026 news first
    assert len(ET.fromstring(feed_xml(big, "en", SITE, "x")).findall("channel/item")) == FEED_ITEMS


def test_titles_with_markup_characters_stay_well_formed(library):
    from dataclasses import replace
    odd = replace(library.get("faq-a"), id="odd", title="Fees < 100 € & \"quotes\" <b>?</b>", summary="A]]>B")
    lib = type(library)(vocabulary=library.vocabulary, resources={"odd": odd})
    channel = parse_strictly(feed_xml(lib, "en", SITE, "S & S"), "en")
    assert channel.find("item").findtext("title") == "Fees < 100 € & \"quotes\" <b>?</b>"
    assert "A]]&gt;B" in channel.find("item").findtext("description")


@pytest.mark.parametrize("site_url", ["", "/", "helpdesk.example.org", "ftp://x.org/"])
def test_feeds_need_an_absolute_site_url(library, site_url):
    with pytest.raises(BuildFailed, match=r"feed\.xml: site_url in mkdocs\.yml must be an absolute http\(s\) URL"):
        feed_xml(library, "en", site_url, "x")


def test_write_feeds_one_per_built_language_and_one_per_term_page(library, tmp_path):
    written = write_feeds(library, tmp_path, "https://helpdesk.example.org", ["en", "fr", "zh"], {"en": "Library"})
    paths = [p.relative_to(tmp_path).as_posix() for p in written]
    assert [p for p in paths if not p.startswith(("library/", "fr/library/", "zh/library/"))] == ["feed.xml", "fr/feed.xml", "zh/feed.xml"]
    terms = [(facet, term) for facet in FACET_ORDER for term in facet_terms(library, facet)]
    for lang in ("en", "fr", "zh"):  # every term page has its feed, an empty term's too
        assert {p for p in paths if p.startswith(f"{url_prefix(lang)}library/")} == {term_feed_path(f, t, lang) for f, t in terms}
    assert b"<atom:link href=\"https://helpdesk.example.org/fr/feed.xml\"" in (tmp_path / "fr/feed.xml").read_bytes()


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_a_term_feed_holds_exactly_the_resources_with_the_term_newest_first(library, lang):
    data = term_feed_xml(library, "ip_rights", "designs", lang, SITE, "Library")
    rss = ET.fromstring(data)
    channel = rss.find("channel")
    assert not feedparser.parse(data).bozo
    assert channel.find(f"{ATOM}link").get("href") == SITE + url_prefix(lang) + "library/ip-rights/designs/feed.xml"
    assert channel.findtext("link") == SITE + url_prefix(lang) + "library/ip-rights/designs/"
    label = library.vocabulary.label("ip_rights", "designs", lang)
    assert channel.findtext("title").endswith(label) and label in channel.findtext("description")
    links = [item.findtext("link") for item in channel.findall("item")]
    expected = sorted((r for r in library.resources.values() if "designs" in r.ip_rights),
                      key=lambda r: (r.last_updated, r.published, r.id), reverse=True)
    assert links == [SITE + r.url(lang) for r in expected] and len(links) == 2  # designs-basics, case-one


def test_a_term_without_resources_has_an_empty_valid_feed(library):
    data = term_feed_xml(library, "sectors", "fashion", "it", SITE, "Biblioteca")
    assert not feedparser.parse(data).bozo and ET.fromstring(data).find("channel").findall("item") == []


def test_rfc822():
    assert rfc822(date(2026, 11, 2)) == "Mon, 02 Nov 2026 00:00:00 +0000"
