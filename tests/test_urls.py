"""The site's addresses (iplibrary.urls): one rule each for a language's file name, a
page's URL, a download's path and a link between two pages."""

import pytest

from iplibrary.languages import LANGUAGES, one_language, staged_languages
from iplibrary.urls import (bundle_path, downloads_page_url, english_path, language_file, name_suffix, page_url,
                            path_language, published_url, relative_file_link, relative_link, relative_root,
                            resource_pdf_path, served_path)


@pytest.mark.parametrize("path, suffix, lang, english", [
    ("faq/x.md", None, "en", "faq/x.md"),
    ("faq/x.fr.md", "fr", "fr", "faq/x.md"),
    ("faq/x.xx.md", "xx", "en", "faq/x.xx.md"),  # not a language: an English file of that name
    ("fr.md", None, "en", "fr.md"),
    ("img/x.fr.png", None, "en", "img/x.fr.png"),
])
def test_a_file_name_carries_its_language(path, suffix, lang, english):
    assert (name_suffix(path), path_language(path), english_path(path)) == (suffix, lang, english)


def test_a_language_file_is_the_english_name_with_its_code():
    assert language_file("faq/x.md", "fr") == "faq/x.fr.md"
    assert language_file("faq/x.md", "en") == "faq/x.md"
    assert language_file("bulletin.html", "zh") == "bulletin.zh.html"
    assert english_path(language_file("library/regions/index.md", "pl")) == "library/regions/index.md"


def test_page_urls_and_downloads():
    assert [page_url("index.md"), page_url("faq/index.md"), page_url("faq/x.md")] == ["", "faq/", "faq/x/"]
    assert downloads_page_url("en") == "downloads/" and downloads_page_url("fr") == "fr/downloads/"
    assert resource_pdf_path("x", "de") == "downloads/de/x.pdf"
    assert bundle_path("faq", "de") == "downloads/de/faq.de.zip"


def test_links_between_pages_and_files():
    assert relative_root("fr/faq/x/") == "../../../" and relative_root("") == "./"
    assert relative_link("fr/faq/old/", "fr/faq/new/") == "../../../fr/faq/new/"
    assert relative_link("", "faq/new/") == "faq/new/" and relative_link("", "") == "./"
    assert relative_file_link("faq/x.md", "index.md") == "faq/x.md"
    assert relative_file_link("faq/x.md", "guides/y.fr.md") == "../faq/x.md"


def test_a_one_language_preview_serves_its_files_at_the_root():
    assert one_language(staged_languages("fr")) and one_language(["fr"]) and not one_language(list(LANGUAGES))
    assert served_path("fr/library/regions/macao/feed.xml", "fr", preview=True) == "library/regions/macao/feed.xml"
    assert served_path("fr/library/regions/macao/feed.xml", "fr", preview=False) == "fr/library/regions/macao/feed.xml"
    assert served_path("feed.xml", "en", preview=True) == "feed.xml"
    assert published_url("faq/x/", "fr", preview=True) == "fr/faq/x/"
    assert published_url("fr/faq/x/", "fr", preview=False) == "fr/faq/x/"
    assert published_url("faq/x/", "en", preview=True) == "faq/x/"
