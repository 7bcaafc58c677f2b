"""Each quality check can fail: a small fixture site with a clean page and a page broken
on purpose (a bad link and anchor, an image without alt text, an external font request,
a script error, invalid HTML). The checks pass on the clean page and fail on the broken one."""

import pytest

from fixture_library import RESOURCES
from helpers import make_project
from quality import Browser, LocalServer, axe_violations, broken_links, console_errors, crawl_links, third_party_requests, vnu_errors
from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix
from test_build import run_cli

BROKEN_PAGE = """\
---
title: Broken on purpose
---
# Broken on purpose

<p><a href="../nowhere/">A link to a page that does not exist</a> and
<a href="../enquiry/#no-such-anchor">one to a missing anchor</a>.</p>

<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="></p>

<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">

<script>throw new Error("broken on purpose");</script>

<span><div>A block inside an inline element is invalid HTML.</div></span>
"""


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("broken"), {**RESOURCES, "docs/broken.md": BROKEN_PAGE})
    server = LocalServer(root / "site")  # built for the address it is served at, as in production
    result = run_cli(root, "build", env={"LIBRARY_SITE_URL": server.url, "LIBRARY_PDFS": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    yield root / "site", server.start()
    server.stop()


@pytest.fixture(scope="module")
def browser(broken_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = Browser(playwright, broken_site[1])
        yield instance
        instance.close()


def test_clean_page_passes_every_browser_check(browser, broken_site):
    page, visit = browser.open("faq/faq-a/")
    try:
        assert axe_violations(page) == []
        assert third_party_requests(visit, broken_site[1]) == []
        assert console_errors(visit) == []
    finally:
        page.close()


def test_broken_page_fails_every_browser_check(browser, broken_site):
    page, visit = browser.open("broken/")
    try:
        violations = axe_violations(page)
        assert any(v.startswith("image-alt:") for v in violations), violations
        assert set(third_party_requests(visit, broken_site[1])) == {"https://fonts.googleapis.com/css?family=Roboto"}
        assert any("broken on purpose" in error for error in console_errors(visit))
    finally:
        page.close()


def test_nu_validator_flags_only_the_broken_page(broken_site):
    site = broken_site[0]
    assert vnu_errors([site / "faq" / "faq-a" / "index.html"]) == []
    errors = vnu_errors([site / "broken" / "index.html"])
    assert any("An “img” element must have an “alt” attribute" in e for e in errors), errors
    assert any("No “p” element in scope but a “p” end tag seen" in e for e in errors), errors


def test_linkchecker_finds_the_bad_link_and_anchor(broken_site):
    problems = broken_links(broken_site[1] + "broken/", recursion_level=1)
    assert any("nowhere/" in p and "404" in p for p in problems), problems
    assert any("no-such-anchor" in p for p in problems), problems
    assert broken_links(broken_site[1] + "faq/faq-a/", recursion_level=1) == []


def test_crawler_finds_the_bad_link_and_anchor_and_nothing_else(broken_site):
    base = broken_site[1]
    expected = []
    for lang in LANGUAGES:  # the broken page exists in every language (as a fallback)
        at = base + url_prefix(lang)
        expected += [f"{at}enquiry/#no-such-anchor (on {at}broken/): no anchor #no-such-anchor",
                     f"{at}nowhere/ (on {at}broken/): status 404"]
    assert crawl_links(base + "broken/") == sorted(expected)
    assert crawl_links(base) == []  # the rest of the fixture site, every language
