"""While `mkdocs serve` runs, a content error shows in the browser at every URL, listed
`path:line: field: reason`, instead of leaving the browser waiting; fixing the file brings
the site back by live reload. `mkdocs build` still fails on it."""

import os
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
import requests

from fixture_library import RESOURCES
from helpers import make_project
from iplibrary.preview_errors import error_page_html, write_error_page

BAD_DATE = ("published: 2026-08-01", "published: 2026-02-30")
ERROR_LINE = "faq/a.md:5: published: '2026-02-30' is not a real date"


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.codes, self._in_code = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_code = tag == "code"

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.codes.append(data)


def test_the_page_lists_every_error_as_text():
    hostile = "faq/a.md:3: title: unknown key '</code><script>alert(1)</script>' & <b>"
    page = Tags(error_page_html([ERROR_LINE, hostile]))
    assert page.codes == [ERROR_LINE, hostile]
    assert page.tags.count("script") == 1 and "b" not in page.tags  # the reload script only
    assert "The library has 2 content errors" in error_page_html([ERROR_LINE, hostile])


def test_it_is_the_site_s_404_page(tmp_path):
    assert write_error_page(tmp_path, [ERROR_LINE]) == tmp_path / "404.html"


def test_a_build_still_fails_on_a_content_error(tmp_path):
    files = dict(RESOURCES)
    files["faq/a.md"] = files["faq/a.md"].replace(*BAD_DATE)
    root = make_project(tmp_path, files)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env={**os.environ, "LIBRARY_ONLY_LANG": "fr"})
    assert result.returncode != 0 and ERROR_LINE in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "404.html").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    """`mkdocs serve` of the fixture library, previewing French; yields (root, base URL)."""
    root = make_project(tmp_path, RESOURCES)
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "LIBRARY_ONLY_LANG": "fr", "LANG": "C.UTF-8", "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "faq/faq-a/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start:\n" + (tmp_path / "serve.log").read_text()[-3000:])
        yield root, base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_browser_shows_the_errors_and_comes_back_when_fixed(preview):
    from playwright.sync_api import expect, sync_playwright
    from quality import CHROMIUM, CHROMIUM_ARGS

    root, base = preview
    faq = root / "faq/a.md"
    good = faq.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "faq/faq-a/")
            expect(page.locator("h1").first).to_have_text("Question A?")
            faq.write_text(good.replace(*BAD_DATE), encoding="utf-8")
            # the open page reloads by itself and shows the error, as every other URL does
            expect(page.locator("ol.content-errors code")).to_have_text([ERROR_LINE], timeout=60_000)
            other = browser.new_page()
            other.goto(base + "factsheets/")
            expect(other.locator("ol.content-errors code")).to_have_text([ERROR_LINE], timeout=10_000)
            expect(other.locator("body")).not_to_contain_text("Traceback")
            faq.write_text(good, encoding="utf-8")
            expect(page.locator("h1").first).to_have_text("Question A?", timeout=60_000)
            expect(other.locator("h1").first).not_to_have_text("The library has 1 content error", timeout=10_000)
        finally:
            browser.close()
