"""The finder and search in the real browser, on the shipped library built in all seven
languages (the build the site checks read, conftest.shipped_served) and served on
127.0.0.1: what a reader sees after typing words and ticking facets, checked against
results and counts computed here from the catalogue (/library.json) and Pagefind's own
answer; the URL, the back button, a phone, the keyboard, axe, Chinese, the term feeds.
Screenshots land in test-artifacts/screenshots/ (finder-*).
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
import requests

from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix
from quality import REPO, Browser, axe_violations, console_errors, save_screenshot, third_party_requests

ROOT = Path(os.environ.get("LIBRARY_ROOT", REPO))
SETTLED = "!document.querySelector('#finder-count').textContent.includes('…')"  # "Searching…" is gone


def location(page) -> str:
    """The page's address as the page itself has it now: Playwright's page.url follows
    history.pushState only when the browser's event about it has arrived, which can be
    after a key press returns."""
    return page.evaluate("location.href")


@pytest.fixture(scope="module")
def served(shipped_served):
    """The site the site checks read too (conftest): built once a run."""
    return shipped_served


@pytest.fixture(scope="module")
def base_url(served):
    return served[1]


@pytest.fixture(scope="module")
def catalogue(served):
    return json.loads((served[0] / "library.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = Browser(playwright, base_url)
        yield instance
        instance.close()


# --- what the page should show, computed here ------------------------------------------

def facet_terms(entry: dict, lang: str) -> dict[str, list[str]]:
    terms = {"types": [entry["type"]], **{facet: values for facet, values in entry["terms"].items() if values}}
    if lang != "en" and entry["languages"][lang]["state"] != "fallback":
        terms["languages"] = [lang]
    return terms


def expected(catalogue: dict, lang: str, found: set[str] | None, selected: dict[str, set[str]]):
    """(ids shown, facet -> value -> count if chosen) for words' results `found` and `selected`."""
    def passes(terms, skip=None):
        return all(not wanted or set(terms.get(facet, ())) & wanted for facet, wanted in selected.items() if facet != skip)

    entries = {e["id"]: facet_terms(e, lang) for e in catalogue["resources"] if found is None or e["id"] in found}
    shown = {rid for rid, terms in entries.items() if passes(terms)}
    counts: dict[str, dict[str, int]] = {}
    for rid, terms in entries.items():
        for facet, values in terms.items():
            if passes(terms, skip=facet):
                for value in values:
                    counts.setdefault(facet, {}).setdefault(value, 0)
                    counts[facet][value] += 1
    return shown, counts


def pagefind_answer(page, words: str) -> set[str]:
    """The resources Pagefind itself finds for `words` in the page's language (each result's
    own fragment names its resource: independent of the finder's id map)."""
    return set(page.evaluate("""async (words) => {
        const pagefind = await import(new URL('/pagefind/pagefind.js', location.href).href);
        const response = await pagefind.search(words);
        const pages = await Promise.all(response.results.map(result => result.data()));
        return pages.map(data => data.meta.resource).filter(Boolean);
    }""", words))


def shown_ids(page) -> set[str]:
    while page.is_visible("#finder-more"):
        page.click("#finder-more")
    return set(page.eval_on_selector_all("#finder-list li:not([hidden])", "items => items.map(li => li.dataset.id)"))


def shown_counts(page) -> dict[str, dict[str, int]]:
    boxes = page.eval_on_selector_all("#finder-facets input[type=checkbox]", """boxes => boxes.map(box =>
        [box.name, box.value, box.parentNode.querySelector('.finder-n').textContent,
         box.parentNode.classList.contains('finder-value--none')])""")
    counts: dict[str, dict[str, int]] = {}
    for facet, value, text, dimmed in boxes:
        count = int(text.strip("()"))
        assert dimmed == (count == 0), (facet, value, text)  # zero: dimmed, not removed
        if count:
            counts.setdefault(facet, {})[value] = count
    return counts


def count_in_status(page) -> int:
    text = page.inner_text("#finder-count")
    digits = re.findall(r"\d+", text)
    return int(digits[0]) if digits else 0


def search_words(page, words: str) -> None:
    page.fill("#finder-q", words)
    page.press("#finder-q", "Enter")
    page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {json.dumps(words)} && {SETTLED}")


# --- the tests -------------------------------------------------------------------------

@pytest.mark.parametrize("lang, words, first, second", [
    ("en", "customs", ("regions", "hong-kong"), ("ip_rights", "trade-marks")),
    ("fr", "marque", ("types", "faq"), ("languages", "fr")),
])
def test_words_and_two_facets_give_the_resources_and_counts_of_the_catalogue(browser, catalogue, lang, words, first, second):
    page, visit = browser.open(f"{url_prefix(lang)}library/")
    try:
        found = pagefind_answer(page, words)
        assert found, f"precondition: Pagefind finds {words!r} on /{url_prefix(lang)}"
        search_words(page, words)
        for facet, value in (first, second):
            page.check(f"#finder-facets input[name={facet}][value={value}]")
            page.wait_for_function(SETTLED)
        selected = {first[0]: {first[1]}, second[0]: {second[1]}}
        ids, counts = expected(catalogue, lang, found, selected)
        assert ids, "precondition: the words and both facets leave some resources"
        assert count_in_status(page) == len(ids) and shown_ids(page) == ids
        assert shown_counts(page) == counts
        save_screenshot(page, f"finder-{lang}-words-and-facets", full_page=False)
        query = parse_qs(urlsplit(location(page)).query)
        assert query["q"] == [words] and query[first[0]] == [first[1]] and query[second[0]] == [second[1]]

        shared = location(page)  # the same state in a new page, from the URL alone
        other, _ = browser.open(urlsplit(shared).path.lstrip("/") + "?" + urlsplit(shared).query)
        try:
            other.wait_for_function(SETTLED)
            assert other.input_value("#finder-q") == words
            assert other.is_checked(f"#finder-facets input[name={first[0]}][value={first[1]}]")
            assert shown_ids(other) == ids and shown_counts(other) == counts
        finally:
            other.close()

        page.uncheck(f"#finder-facets input[name={second[0]}][value={second[1]}]")  # unticking restores
        page.wait_for_function(SETTLED)
        ids_one, counts_one = expected(catalogue, lang, found, {first[0]: {first[1]}})
        assert shown_ids(page) == ids_one and shown_counts(page) == counts_one
        page.go_back()  # the back button: both facets again
        page.wait_for_function(f"location.search.includes('{second[0]}=') && {SETTLED}")
        assert page.is_checked(f"#finder-facets input[name={second[0]}][value={second[1]}]")
        assert shown_ids(page) == ids
        page.click("#finder-facets button[type=reset]")
        page.fill("#finder-q", "")
        page.press("#finder-q", "Enter")
        page.wait_for_function(f"!location.search && {SETTLED}")
        all_ids, all_counts = expected(catalogue, lang, None, {})
        assert shown_ids(page) == all_ids and shown_counts(page) == all_counts
        assert third_party_requests(visit, browser.base_url) == [] and console_errors(visit) == []
    finally:
        page.close()


def test_sorting_newest_and_by_title(browser, catalogue):
    page, _ = browser.open("library/?q=trade&sort=newest")
    try:
        page.wait_for_function(SETTLED)
        first = page.eval_on_selector_all("#finder-list li:not([hidden])", "items => items.map(li => li.dataset.id)")
        assert len(first) == 20 and page.is_visible("#finder-more")  # 20 at a time
        dates = {e["id"]: e["last_updated"] for e in catalogue["resources"]}
        assert [dates[i] for i in first] == sorted((dates[i] for i in first), reverse=True)
        page.select_option("#finder-sort", "title")
        assert parse_qs(urlsplit(location(page)).query)["sort"] == ["title"]
        titles = page.eval_on_selector_all("#finder-list li:not([hidden]) .finder-title", "links => links.map(a => a.textContent)")
        assert titles == sorted(titles, key=str.casefold)
    finally:
        page.close()


def zh_texts() -> dict[str, str]:
    """resource id -> the text of its Chinese translation (found beside its source file)."""
    texts = {}
    for path in ROOT.rglob("*.zh.md"):
        if ".cache" in path.parts:
            continue
        source = path.with_name(path.name.removesuffix(".zh.md") + ".md")
        match = re.search(r"^id: *(\S+)", source.read_text(encoding="utf-8"), re.M) if source.is_file() else None
        if match:
            texts[match.group(1)] = path.read_text(encoding="utf-8")
    return texts


def test_chinese_finds_a_word_in_the_middle_of_a_sentence(browser):
    word = "海关"
    mid_sentence = {rid for rid, text in zh_texts().items() if re.search(f"[\u4e00-\u9fff]{word}[\u4e00-\u9fff]", text)}
    assert mid_sentence, f"precondition: {word} in the middle of a Chinese sentence"
    page, visit = browser.open("zh/library/")
    try:
        search_words(page, word)
        assert mid_sentence <= shown_ids(page)
        assert page.locator("#finder-list mark").first.inner_text() == word  # the excerpt highlights it
        save_screenshot(page, "finder-zh-words", full_page=False)
        assert console_errors(visit) == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_phone_opens_the_filters_behind_a_button(browser, lang):
    page, visit = browser.open(f"{url_prefix(lang)}library/?regions=hong-kong", width=412)
    try:
        toggle = page.locator("#finder-toggle")
        assert toggle.is_visible() and not page.is_visible("#finder-facets")
        assert re.search(r"1", toggle.inner_text()) and toggle.get_attribute("aria-expanded") == "false"
        save_screenshot(page, f"finder-{lang}-phone-closed", full_page=False)
        toggle.focus()
        page.keyboard.press("Enter")
        assert page.is_visible("#finder-facets") and toggle.get_attribute("aria-expanded") == "true"
        save_screenshot(page, f"finder-{lang}-phone-open", full_page=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page scrolls sideways"
        assert axe_violations(page) == []
        assert console_errors(visit) == []
    finally:
        page.close()


def test_every_control_works_by_keyboard(browser):
    page, _ = browser.open("library/")
    try:
        page.focus("#finder-q")
        page.keyboard.type("design")
        page.keyboard.press("Enter")
        page.wait_for_function(SETTLED)
        page.focus("#finder-facets input[name=types][value=faq]")
        page.keyboard.press("Space")
        assert "types=faq" in location(page)
        assert page.get_attribute("#finder-count", "aria-live") == "polite" and page.get_attribute("#finder-count", "role") == "status"
        page.focus("#finder-facets input[name=types][value=faq]")
        page.keyboard.press("Space")
        if page.is_visible("#finder-more"):
            page.focus("#finder-more")
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.closest('#finder-list li') !== null")  # on the first new result
    finally:
        page.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_finder_is_accessible_and_private_in_every_language(browser, lang):
    page, visit = browser.open(f"{url_prefix(lang)}library/?ip_rights=designs&sectors=fashion",
                               screenshot=f"finder-{lang}-desktop", full_page=False)
    try:
        assert axe_violations(page) == []
        search_words(page, {"zh": "商标"}.get(lang, "design"))
        assert axe_violations(page) == []
        assert third_party_requests(visit, browser.base_url) == [] and console_errors(visit) == []
    finally:
        page.close()


def test_the_header_search_box_opens_the_finder_in_the_page_language(browser, catalogue):
    resource = next(e for e in catalogue["resources"] if e["type"] == "faq")
    page, visit = browser.open(urlsplit(resource["languages"]["fr"]["url"]).path.lstrip("/"))
    try:
        page.fill("#library-site-q", "marque")
        page.press("#library-site-q", "Enter")
        page.wait_for_url(re.compile(r"/fr/library/\?q=marque$"))
        page.wait_for_function(SETTLED)
        assert count_in_status(page) > 0 and page.input_value("#finder-q") == "marque"
        assert third_party_requests(visit, browser.base_url) == []
    finally:
        page.close()


def test_the_home_page_searches_and_browses_into_finder_views(browser, served):
    html = (served[0] / "index.html").read_text(encoding="utf-8")
    assert 'href="library/?regions=hong-kong"' in html and 'href="library/?ip_rights=designs"' in html
    page, _ = browser.open("", screenshot="finder-home-en", full_page=False)
    try:
        page.fill("#library-home-q", "customs")
        page.press("#library-home-q", "Enter")
        page.wait_for_url(re.compile(r"/library/\?q=customs$"))
        page.wait_for_function(SETTLED)
        assert count_in_status(page) > 0
    finally:
        page.close()


def test_a_single_term_view_links_the_term_feed(browser, base_url, catalogue):
    page, _ = browser.open("it/library/?sectors=fashion")
    try:
        link = page.locator("#finder-feed a")
        assert link.is_visible() and "Moda" in link.inner_text()
        href = link.evaluate("a => a.href")
        assert href == base_url + "it/library/sectors/fashion/feed.xml"
        page.check("#finder-facets input[name=regions][value=hong-kong]")
        assert not page.is_visible("#finder-feed a")  # two terms: no single feed
    finally:
        page.close()
    feed = feedparser.parse(requests.get(href, timeout=10).content)
    assert not feed.bozo and feed.feed.language == "it"
    fashion = [e for e in catalogue["resources"] if "fashion" in e["terms"]["sectors"]]
    assert fashion and {entry.link for entry in feed.entries} == {e["languages"]["it"]["url"] for e in fashion}


def test_every_term_page_announces_its_feed(served, catalogue):
    site, base_url = served
    for lang in ("en", "pl", "zh"):
        for facet, terms in catalogue["vocabulary"].items():
            segment = {"types": "types", "ip_rights": "ip-rights"}.get(facet, facet)
            for term in terms:
                html = (site / url_prefix(lang) / "library" / segment / term / "index.html").read_text(encoding="utf-8")
                href = f"{base_url}{url_prefix(lang)}library/{segment}/{term}/feed.xml"
                assert f'type="application/rss+xml"' in html and f'href="{href}"' in html, (lang, facet, term)
                assert not feedparser.parse((site / url_prefix(lang) / "library" / segment / term / "feed.xml").read_bytes()).bozo
