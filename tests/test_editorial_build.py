"""A full build of the fixture library as of a chosen day (LIBRARY_TODAY): the RSS feeds
in every language, the what's-new pages in two languages, badges in the listings, and
the links to both from the pages."""

import os
import subprocess
import sys
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest

from fixture_library import RESOURCES
from helpers import make_project
from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix

SITE = "https://helpdesk.example.org/"
TODAY = "2026-10-20"  # macao-basics was updated on 1 October, how-to-recent published on 10 October

EXTRA = {
    "guides/how-to/recent.md": """\
        ---
        id: how-to-recent
        title: How to file & follow up
        summary: The newest guide <of all>.
        published: 2026-10-10
        topics: [registration]
        ---
        Steps.
        """,
    "guides/how-to/recent.fr.md": """\
        ---
        title: Déposer et assurer le suivi
        summary: Le guide le plus récent.
        translated_from: 2026-10-10
        ---
        Étapes.
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("editorial"), {**RESOURCES, **EXTRA})
    result = subprocess.run([sys.executable, "-m", "iplibrary.commands.cli", "--root", str(root), "build"],
                            capture_output=True, text=True, env={**os.environ, "LIBRARY_TODAY": TODAY})
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def page(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_feed_per_language(site, lang):
    data = (site / url_prefix(lang) / "feed.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert not feedparser.parse(data).bozo
    channel = ET.fromstring(data).find("channel")
    assert channel.findtext("language") == ("zh-cn" if lang == "zh" else lang)
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == f"{SITE}{url_prefix(lang)}feed.xml"
    items = channel.findall("item")
    assert len(items) == 9
    assert items[0].findtext("link") == f"{SITE}{url_prefix(lang)}guides/how-to-recent/"
    assert items[1].findtext("link") == f"{SITE}{url_prefix(lang)}factsheets/macao-basics/"
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:  # every link is a page that was built
        path = item.findtext("link")[len(SITE):]
        assert (site / path / "index.html").is_file()


def test_feed_texts_follow_the_language(site):
    french = ET.fromstring((site / "fr/feed.xml").read_bytes()).find("channel")
    assert french.findtext("title") == "Bibliothèque du service d'assistance PI: Nouveautés"
    assert french.find("item").findtext("title") == "Déposer et assurer le suivi"
    english = ET.fromstring((site / "feed.xml").read_bytes()).find("channel")
    assert english.find("item").findtext("title") == "How to file & follow up"
    assert "The newest guide &lt;of all&gt;." in english.find("item").findtext("description")


@pytest.mark.parametrize("url, feed", [("", "feed.xml"), ("fr/faq/faq-a/", "fr/feed.xml"), ("zh/whats-new/", "zh/feed.xml"),
                                       ("de/factsheets/", "de/feed.xml")])
def test_pages_announce_their_language_feed(site, url, feed):
    assert (f'<link rel="alternate" type="application/rss+xml" title="' in page(site, url))
    assert f'href="{SITE}{feed}"' in page(site, url)
    assert (site / feed).is_file()


def test_whats_new_in_english(site):
    html = page(site, "whats-new")
    assert '<h1 id="whats-new">What\'s new' in html
    assert html.index(">October 2026<") < html.index(">August 2026<") < html.index(">July 2026<") < html.index(">March 2026<")
    october = html[html.index(">October 2026<"):html.index(">August 2026<")]
    assert '<a href="../guides/how-to-recent/">How to file &amp; follow up</a> <span class="library-badge library-badge--new">New</span>' in october
    assert '<a href="../factsheets/macao-basics/">Macao basics</a> <span class="library-badge library-badge--updated">Updated</span>' in october
    assert "Checked the office name." in october
    august = html[html.index(">August 2026<"):html.index(">July 2026<")]
    assert "Question A?" in august and "Question B?" in august and "library-badge" not in august  # 79 days old
    # macao's publication in March carries no badge: its news is the October update
    march = html[html.index(">March 2026<"):]
    assert '<a href="../factsheets/macao-basics/">Macao basics</a><br />' in march
    assert '<a href="../feed.xml" type="application/rss+xml">Subscribe to the RSS feed</a>' in html


def test_whats_new_in_french(site):
    html = page(site, "fr/whats-new")
    assert '<html lang="fr"' in html
    assert '<h1 id="nouveautes">Nouveautés' in html
    assert ">octobre 2026<" in html and ">mars 2026<" in html
    assert '<a href="../guides/how-to-recent/">Déposer et assurer le suivi</a> <span class="library-badge library-badge--new">Nouveau</span>' in html
    assert '<a href="../factsheets/macao-basics/">Macao, l\'essentiel</a>' in html or \
        '<a href="../factsheets/macao-basics/">Macao, l&#39;essentiel</a>' in html
    assert '<span lang="en">Checked the office name.</span>' in html
    # an untranslated resource: English text, marked, linking to the French-prefixed page
    assert '<a href="../faq/faq-a/"><span lang="en">Question A?</span></a>' in html
    assert (site / "fr/factsheets/macao-basics/index.html").is_file()


def test_navigation_links_to_whats_new(site):
    assert '<a href="whats-new/" class="md-nav__link">' in page(site, "")
    assert '<a href="../whats-new/" class="md-nav__link">' in page(site, "fr/faq")


def test_listings_badge_fresh_resources(site):
    guides = page(site, "guides")
    assert '<a href="how-to-recent/">How to file &amp; follow up</a> <span class="library-badge library-badge--new">New</span>' in guides
    assert '<a href="designs-basics/">Designs basics</a><br />' in guides  # published in May: not fresh
    factsheets = page(site, "de/factsheets")
    assert '<span class="library-badge library-badge--updated">Aktualisiert</span>' in factsheets
