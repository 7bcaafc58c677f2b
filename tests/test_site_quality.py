"""The shipped library, built in full (all seven languages, --strict) and checked with
the real tools on a local server.

Browser, accessibility, privacy and console checks visit a representative set: every
page type in every language (home, enquiry, a collection listing, the finder, a term
page, one resource of each type, and an untranslated and an outdated resource where the
library has them) - about fourteen pages a language. HTML validity and links are checked over every page of the site.
Screenshots of every visit land in test-artifacts/screenshots/.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import url_prefix
from iplibrary.library import load_library
from iplibrary.model import FALLBACK, OUTDATED
from quality import (REPO, Browser, axe_violations, broken_links, console_errors, crawl_links, save_screenshot,
                     third_party_requests, vnu_errors)
from quality import pdf_problems

# the project whose library is checked (another checkout can be pointed at with LIBRARY_ROOT)
ROOT = Path(os.environ.get("LIBRARY_ROOT", REPO))
LIBRARY = load_library(ROOT)


def representative_pages(lang: str) -> dict[str, str]:
    """page kind -> URL path of the pages checked in the browser for `lang`."""
    prefix = url_prefix(lang)
    pages = {"home": prefix, "enquiry": f"{prefix}enquiry/", "listing": f"{prefix}guides/",
             "finder": f"{prefix}library/", "term": f"{prefix}library/ip-rights/designs/"}
    for ctype in CONTENT_TYPES:
        of_type = sorted(LIBRARY.of_type(ctype.name), key=lambda r: r.id)
        if of_type:
            pages[ctype.name] = of_type[0].url(lang)
    if lang != DEFAULT_LANGUAGE:
        for state in (FALLBACK, OUTDATED):
            found = sorted((r for r in LIBRARY.resources.values() if r.state(lang) == state), key=lambda r: r.id)
            if found:
                pages[state] = found[0].url(lang)
    return pages


@pytest.fixture(scope="session")
def served(shipped_served):
    """(site folder, base URL): the shipped library built for, and served at, 127.0.0.1 (conftest)."""
    return shipped_served


@pytest.fixture(scope="session")
def shipped_site(served):
    return served[0]


@pytest.fixture(scope="session")
def base_url(served):
    return served[1]


@pytest.fixture(scope="session")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = Browser(playwright, base_url)
        yield instance
        instance.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_type_is_accessible_private_and_error_free(browser, base_url, lang):
    problems = []
    for kind, path in representative_pages(lang).items():
        # whole-page screenshots in English and Chinese, the first screen elsewhere (time)
        page, visit = browser.open(path, screenshot=f"{lang}-{kind}", full_page=lang in ("en", "zh"))
        try:
            problems += [f"{path}: axe {v}" for v in axe_violations(page)]
            problems += [f"{path}: third-party request {u}" for u in third_party_requests(visit, base_url)]
            problems += [f"{path}: console {e}" for e in console_errors(visit)]
        finally:
            page.close()
    assert problems == []


@pytest.mark.parametrize("lang, width", [("en", 390), ("zh", 390), ("fr", 768)])
def test_home_page_at_phone_and_tablet_width(browser, base_url, lang, width):
    page, visit = browser.open(url_prefix(lang), width=width, screenshot=f"{lang}-home-{width}px")
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
        assert axe_violations(page) == []
    finally:
        page.close()


def test_language_switcher_lands_on_the_same_page(browser):
    resource = sorted(LIBRARY.of_type("faq"), key=lambda r: r.id)[0]
    page, _ = browser.open(resource.url("en"))
    try:
        page.hover(".md-header__option .md-select")
        page.click('.md-select__link[hreflang="fr"]')
        page.wait_for_load_state("load")
        assert page.url.endswith("/" + resource.url("fr"))
        assert page.locator("html").get_attribute("lang") == "fr"
        save_screenshot(page, "switcher-fr")
    finally:
        page.close()


def search(browser, lang: str, query: str) -> list[str]:
    """Type `query` into the header search box of the `lang` home page, which opens the
    finder (Pagefind); return the links of the results shown."""
    page, _ = browser.open(url_prefix(lang))
    try:
        page.fill("#library-site-q", query)
        page.press("#library-site-q", "Enter")
        page.wait_for_url(re.compile(r"/library/\?q="))
        page.wait_for_function("!document.querySelector('#finder-count').textContent.includes('…')")
        save_screenshot(page, f"search-{lang}")
        return page.eval_on_selector_all("#finder-list li:not([hidden]) a.finder-title", "links => links.map(a => a.href)")
    finally:
        page.close()


def zh_mid_sentence_word() -> str:
    """A Chinese word that appears in the middle of a sentence on a /zh/ page."""
    word = "商标"
    assert any(re.search(r"[\u4e00-\u9fff]" + word, t.body) for r in LIBRARY.resources.values()
               for lang, t in r.translations.items() if lang == "zh"), "precondition: the word must be mid-sentence"
    return word


@pytest.mark.parametrize("lang, query", [("en", "customs"), ("fr", "marque"), ("zh", None)])
def test_search_finds_pages_of_its_own_language_only(browser, base_url, lang, query):
    links = search(browser, lang, query or zh_mid_sentence_word())
    assert links, f"no results for {query!r} on /{url_prefix(lang)}"
    others = tuple(base_url + url_prefix(code) for code in LANGUAGES if code not in (lang, DEFAULT_LANGUAGE))
    assert [link for link in links if link.startswith(others)] == []
    assert all(link.startswith(base_url + url_prefix(lang)) for link in links)


def test_every_html_file_is_valid(shipped_site):
    assert vnu_errors([shipped_site]) == []


def test_every_pdf_is_tagged_in_its_language_and_shows_every_glyph(shipped_site):
    pdfs = sorted((shipped_site / "downloads").rglob("*.pdf"))
    expected = sum(len(r.available_languages()) for r in LIBRARY.resources.values())
    assert len(pdfs) >= expected  # each resource in each language it exists in, and the books
    problems = [problem for path in pdfs for problem in pdf_problems(path, lang=path.parent.name)]
    assert problems == []


def test_no_broken_links_or_anchors_in_any_language(base_url):
    assert crawl_links(base_url) == []


@pytest.mark.parametrize("lang", ["zh"])
def test_linkchecker_agrees_on_the_home_pages(base_url, lang):
    """A cross-check with linkchecker, one level deep (it is too slow for the whole site)."""
    assert broken_links(base_url + url_prefix(lang), recursion_level=1) == []


def test_finder_lists_everything_without_javascript(served):
    html = (served[0] / "library" / "index.html").read_text(encoding="utf-8")
    assert html.count('<li data-id="') == len(LIBRARY.resources)
    assert '<a href="ip-rights/">' in html and re.search(r'<form class="finder-facets"[^>]* hidden', html)


def test_language_switcher_on_a_term_page(browser):
    page, _ = browser.open("library/regions/hong-kong/")
    try:
        page.hover(".md-header__option .md-select")
        page.click('.md-select__link[hreflang="zh"]')
        page.wait_for_load_state("load")
        assert page.url.endswith("/zh/library/regions/hong-kong/")
        assert "香港" in page.inner_text("h1")
    finally:
        page.close()


def test_copy_link_copies_the_canonical_url(browser, base_url):
    """An FAQ's copy-link control, operated by keyboard in the real browser, puts the page's
    canonical URL on the clipboard and says so; without JavaScript the URL is shown instead."""
    faq = sorted(LIBRARY.of_type("faq"), key=lambda r: r.id)[0]
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page, visit = browser.open(faq.url("fr"))
    try:
        canonical = page.get_attribute('link[rel="canonical"]', "href")
        assert canonical == base_url + faq.url("fr" if "fr" in faq.translations else "en")
        assert page.get_attribute("a.library-share__url", "href") == canonical  # the no-JavaScript fallback
        button = page.locator("button.library-share__copy")
        assert button.is_visible() and button.get_attribute("type") == "button"
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.library-share__status').textContent !== ''")
        save_screenshot(page, "fr-faq-copy-link")
        assert page.evaluate("navigator.clipboard.readText()") == canonical
        assert page.inner_text(".library-share__status") == "Lien copié"
        assert console_errors(visit) == []
    finally:
        page.close()
    without_js = browser.browser.new_context(java_script_enabled=False)
    try:
        page = without_js.new_page()
        page.goto(base_url + faq.url("fr"))
        assert page.is_visible("a.library-share__url") and not page.is_visible("button.library-share__copy")
    finally:
        without_js.close()


def test_every_published_url_still_resolves(shipped_site):
    """The URL registry's check partner on this build: every URL in urls/published.txt is
    a page, a redirect or a file of the site (scripts/urls check, as CI runs it)."""
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "urls"), "--root", str(ROOT), "check", "--site-dir", str(shipped_site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("urls: ok, all ")
