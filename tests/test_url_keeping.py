"""Unit tests of links that never break: redirects.yml validation, aliases, redirect
pages, copies of renamed files, and the registry of published URLs with its command.
No MkDocs: fake site folders in tmp_path."""

import re
import subprocess
import sys

import pytest

from helpers import REPO, VALID_FAQ, make_library, write
from iplibrary.errors import BuildFailed, LibraryInvalid
from iplibrary.languages import LANGUAGES
from iplibrary.urls import relative_link, url_prefix
from iplibrary.library import load_library
from iplibrary.redirect_pages import copy_moved_downloads, redirect_page, resource_destination, write_redirect_pages
from iplibrary.redirects import redirect_sources
from iplibrary.url_registry import (HEADER, REGISTRY_FILE, add_urls, check_registered_urls, format_registry,
                                    is_full_build, is_public, missing_urls, parse_registry, read_registry,
                                    site_urls, url_of)

SITE_URL = "https://helpdesk.example.org/"


def faq(resource_id: str, extra: str = "") -> str:
    text = VALID_FAQ.format(id=resource_id, title=f"Question {resource_id}?")
    return text.replace("---\nThe answer.", f"{extra}---\nThe answer.") if extra else text


GUIDE = """\
---
id: fairs-guide
title: Fairs
summary: Before the fair.
published: 2026-06-01
aliases: [old-fairs]
---
Prepare.
"""


def library_with(tmp_path, files: dict[str, str], redirects: str | None = None):
    tmp_path.mkdir(parents=True, exist_ok=True)
    make_library(tmp_path, files)
    if redirects is not None:
        write(tmp_path, "redirects.yml", redirects)
    return load_library(tmp_path)


def redirect_errors(tmp_path, redirects: str) -> list[str]:
    with pytest.raises(LibraryInvalid) as caught:
        library_with(tmp_path, {"faq/new.md": faq("new-q", "aliases: [old-q]\n"), "guides/horizontal/f.md": GUIDE}, redirects)
    return [str(e) for e in caught.value.errors]


# --- redirects.yml and aliases --------------------------------------------------------

def test_no_redirects_file_means_no_redirects(tmp_path):
    library = library_with(tmp_path, {"faq/a.md": faq("a")})
    assert library.redirects == {} and redirect_sources(library) == {}


def test_redirect_sources_join_aliases_and_the_data_file(tmp_path):
    library = library_with(tmp_path, {"faq/new.md": faq("new-q", "aliases: [old-q, older-q]\n"), "guides/horizontal/f.md": GUIDE},
                           "# removed resources\nremoved-q: new-q\n/case-studies/gone/: fairs-guide\n")
    assert redirect_sources(library) == {
        "faq/old-q/": "new-q", "faq/older-q/": "new-q",  # aliases, in the resource's own collection
        "guides/old-fairs/": "fairs-guide",
        "faq/removed-q/": "new-q",  # an old id: in the replacement's collection
        "case-studies/gone/": "fairs-guide",  # an old URL, any collection
    }


def test_unknown_target_names_file_and_line(tmp_path):
    assert redirect_errors(tmp_path, "# comment\nremoved-q: new-q\nother-q: no-such-id\n") == [
        "redirects.yml:3: other-q: unknown resource id 'no-such-id'"]


def test_every_bad_redirect_is_reported_at_once(tmp_path):
    errors = redirect_errors(tmp_path, "\n".join([
        "new-q: fairs-guide",  # a current id
        "old-q: fairs-guide",  # already an alias
        "/faq/old-q/: fairs-guide",  # the same, as a URL
        "/fr/faq/x/: new-q",  # a language prefix
        "/faq/new-q/: fairs-guide",  # a page the site produces
        "faq/x: new-q",  # neither an id nor a URL
        "/faq/x: new-q",  # no trailing slash
        "gone: [new-q, fairs-guide]",  # not one id
        "gone-too: new-q",
        "/faq/gone-too/: fairs-guide",  # the same old URL twice
        "gone-three: /library/",  # an old id leads to a resource only
        "/news/: /fr/whats-new/",  # a language prefix in the target
        "/events/: /faq/old-q/",  # to a URL that is itself redirected
        "/training/: training",  # neither an id nor a URL
    ]) + "\n")
    assert errors == [
        "redirects.yml:1: new-q: 'new-q' is the id of faq/new.md; a redirect would hide its page",
        "redirects.yml:2: old-q: 'old-q' is already an alias in faq/new.md",
        "redirects.yml:3: /faq/old-q/: /faq/old-q/ is already an alias in faq/new.md",
        "redirects.yml:4: /fr/faq/x/: write the English URL without /fr/: the redirect is made in every language",
        "redirects.yml:5: /faq/new-q/: /faq/new-q/ is the page of faq/new.md; a redirect would hide it",
        "redirects.yml:6: faq/x: must be an old id (lowercase letters, digits, hyphens) or an old URL like /faq/old-id/",
        "redirects.yml:7: /faq/x: an old URL is written like /faq/old-id/ (a leading and a trailing slash)",
        "redirects.yml:8: gone: the replacement must be one resource id or one URL",
        "redirects.yml:10: /faq/gone-too/: /faq/gone-too/ is already redirected on line 9",
        "redirects.yml:11: gone-three: an old id needs the id of the resource that replaces it; to lead elsewhere, write the old URL",
        "redirects.yml:12: /news/: '/fr/whats-new/': write the English URL without /fr/: the redirect is made in every language",
        "redirects.yml:13: /events/: /faq/old-q/ is itself redirected: lead straight to where it goes",
        "redirects.yml:14: /training/: unknown resource id 'training'",
    ]


def test_malformed_redirects_file(tmp_path):
    assert redirect_errors(tmp_path, "a: b\n  c: [d\n")[0].startswith("redirects.yml:2: redirects: malformed YAML")
    assert redirect_errors(tmp_path, "- a\n- b\n") == [
        "redirects.yml:1: redirects: must map old ids or old URLs to the id (or URL) of the replacement"]


def test_check_command_reports_redirect_errors(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a")})
    write(tmp_path, "redirects.yml", "old: missing\n")
    result = subprocess.run([sys.executable, "-m", "iplibrary.commands.cli", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "redirects.yml:1: old: unknown resource id 'missing'" in result.stderr.splitlines()


# --- redirect pages -------------------------------------------------------------------

@pytest.fixture
def renamed(tmp_path):
    """A library whose FAQ 'new-q' was 'old-q', translated into French only."""
    library = library_with(tmp_path / "lib", {
        "faq/new.md": faq("new-q", "aliases: [old-q]\n"),
        "faq/new.fr.md": "---\ntitle: Question « nouvelle » ?\nsummary: R.\ntranslated_from: 2026-09-01\n---\nR.\n",
    }, "removed-q: new-q\n")
    return library


def test_relative_link():
    assert relative_link("fr/faq/old-q/", "fr/faq/new-q/") == "../../../fr/faq/new-q/"
    assert relative_link("faq/old-q/", "faq/new-q/") == "../../faq/new-q/"


def test_redirect_page_in_a_translated_language(renamed):
    html = redirect_page("faq/old-q/", "fr", resource_destination(renamed.get("new-q"), "fr", SITE_URL))
    assert html.startswith("<!doctype html>\n<html lang=\"fr\">")
    assert '<meta http-equiv="refresh" content="0; url=../../../fr/faq/new-q/">' in html
    assert '<link rel="canonical" href="https://helpdesk.example.org/fr/faq/new-q/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<title>Cette page a été déplacée</title>" in html
    assert 'Cette page se trouve désormais ici : <a href="../../../fr/faq/new-q/">Question « nouvelle » ?</a>' in html


def test_redirect_page_in_a_fallback_language_points_to_its_copy_canonically_english(renamed):
    html = redirect_page("faq/old-q/", "de", resource_destination(renamed.get("new-q"), "de", SITE_URL))
    assert '<meta http-equiv="refresh" content="0; url=../../../de/faq/new-q/">' in html
    assert '<link rel="canonical" href="https://helpdesk.example.org/faq/new-q/">' in html
    assert '<a href="../../../de/faq/new-q/" lang="en">Question new-q?</a>' in html
    assert "Diese Seite ist umgezogen" in html


def test_redirect_page_escapes_titles(tmp_path):
    library = library_with(tmp_path, {"faq/a.md": faq("a", "aliases: [b]\n").replace("title: Question a?", 'title: "Is <b> & \\"c\\" ok?"')})
    html = redirect_page("faq/b/", "en", resource_destination(library.get("a"), "en", SITE_URL))
    assert ">Is &lt;b&gt; &amp; &quot;c&quot; ok?</a>" in html


def test_write_redirect_pages_in_every_language(renamed, tmp_path):
    site = tmp_path / "site"
    assert write_redirect_pages(site, renamed, SITE_URL, list(LANGUAGES)) == 2 * len(LANGUAGES)
    for lang in LANGUAGES:
        for old in ("old-q", "removed-q"):
            html = (site / url_prefix(lang) / "faq" / old / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html
            assert f"url=../../../{url_prefix(lang)}faq/new-q/" in html if lang != "en" else "url=../../faq/new-q/" in html


def test_a_redirect_never_replaces_a_page(renamed, tmp_path):
    write(tmp_path, "site/de/faq/removed-q/index.html", "a real page")
    with pytest.raises(BuildFailed, match=r"^redirects.yml: the redirect from /de/faq/removed-q/ would replace a page the site produces$"):
        write_redirect_pages(tmp_path / "site", renamed, SITE_URL, list(LANGUAGES))
    write(tmp_path, "site2/faq/old-q/index.html", "a real page")
    with pytest.raises(BuildFailed, match=r"^faq/new.md: the redirect from /faq/old-q/"):
        write_redirect_pages(tmp_path / "site2", renamed, SITE_URL, list(LANGUAGES))


def test_a_removed_page_can_lead_to_another_page(tmp_path):
    library = library_with(tmp_path / "lib", {"faq/a.md": faq("a")}, "/news/: /whats-new/\n/library/topics/old-topic/: /library/topics/\n")
    assert redirect_sources(library) == {"news/": "/whats-new/", "library/topics/old-topic/": "/library/topics/"}
    site = tmp_path / "site"
    for lang in LANGUAGES:
        write(site, f"{url_prefix(lang)}whats-new/index.html",
              f'<title>What&#x27;s new ({lang}) - Site</title><link rel="canonical" href="{SITE_URL}{url_prefix(lang)}whats-new/">')
    with pytest.raises(BuildFailed, match=r"^redirects.yml: /library/topics/old-topic/ leads to /library/topics/, which the site does not produce$"):
        write_redirect_pages(site, library, SITE_URL, list(LANGUAGES))
    write(site, "library/topics/index.html", "<title>Topics</title>")
    write_redirect_pages(site, library, SITE_URL, ["en"])
    html = (site / "news/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../whats-new/">' in html
    assert f'<link rel="canonical" href="{SITE_URL}whats-new/">' in html
    assert "<a href=\"../whats-new/\">What&#x27;s new (en) - Site</a>" in html
    assert "<a href=\"../../../library/topics/\">Topics</a>" in (site / "library/topics/old-topic/index.html").read_text()


def test_files_named_after_a_renamed_id_are_copied(renamed, tmp_path):
    site = tmp_path / "site"
    write(site, "downloads/fr/new-q.pdf", "%PDF fr")
    write(site, "downloads/en/new-q.pdf", "%PDF en")
    write(site, "downloads/en/new-qx.pdf", "%PDF other")
    copied = copy_moved_downloads(site, renamed, ["/downloads/en/new-q.pdf", "/downloads/en/new-qx.pdf", "/downloads/fr/new-q.pdf"])
    assert copied == 2
    assert (site / "downloads/fr/old-q.pdf").read_text() == "%PDF fr"
    assert (site / "downloads/en/old-q.pdf").read_text() == "%PDF en"
    assert not (site / "downloads/en/old-qx.pdf").exists()


# --- the registry -----------------------------------------------------------------------

def fake_site(root, pages, files=()):
    for url in pages:
        write(root, url.lstrip("/") + "index.html", "<p>page</p>")
    for url in files:
        write(root, url.lstrip("/"), "data")
    return root


def full_site(root, urls=("faq/a/",), files=()):
    pages = ["/" + url_prefix(lang) + url for lang in LANGUAGES for url in ("", *urls)]
    return fake_site(root, pages, files)


def test_public_urls_are_pages_and_published_files():
    assert url_of("index.html") == "/" and url_of("fr/faq/x/index.html") == "/fr/faq/x/"
    assert url_of("library.json") == "/library.json" and url_of("fr/feed.xml") == "/fr/feed.xml"
    assert is_public("fr/faq/x/index.html") and is_public("downloads/fr/x.pdf") and is_public("library.json")
    assert not is_public("404.html") and not is_public("assets/javascripts/bundle.js")
    assert not is_public("assets/images/x.json") and not is_public("pagefind/fragment/fr_1a2b3c.pf_fragment")
    assert not is_public("README.txt") and not is_public("sitemap.xml.gz") and not is_public("assets/library.css")


def test_site_urls_of_a_built_site(tmp_path):
    site = fake_site(tmp_path, ["/", "/fr/", "/fr/faq/a/"], ["library.json", "pagefind/pagefind.js", "404.html", "assets/x.js"])
    assert site_urls(site) == {"/", "/fr/", "/fr/faq/a/", "/library.json"}


def test_parse_registry_reports_every_bad_line():
    urls, problems = parse_registry("# header\n/\n/faq/a/\n\n/faq/a/\nfaq/b/\n/b c/\n/a/\n")
    assert urls == ["/", "/faq/a/", "/a/"]
    assert [str(p) for p in problems] == [
        f"{REGISTRY_FILE}:5: /faq/a/ is listed twice (first on line 3)",
        f"{REGISTRY_FILE}:6: 'faq/b/' is not a site-relative URL like /faq/x/",
        f"{REGISTRY_FILE}:7: '/b c/' is not a site-relative URL like /faq/x/",
        f"{REGISTRY_FILE}:8: /a/ is out of order: keep the file sorted (scripts/urls update does)",
    ]


def test_format_is_sorted_unique_with_header():
    text = format_registry(["/fr/", "/", "/fr/"])
    assert text == HEADER + "/\n/fr/\n"
    assert parse_registry(text) == (["/", "/fr/"], [])


def test_missing_registry_is_empty_and_malformed_fails_the_build(tmp_path):
    assert read_registry(tmp_path) == []
    write(tmp_path, REGISTRY_FILE, "/b/\n/a/\n")
    with pytest.raises(BuildFailed, match="urls/published.txt:2: /a/ is out of order"):
        read_registry(tmp_path)


def test_update_adds_and_never_removes(tmp_path):
    write(tmp_path, REGISTRY_FILE, format_registry(["/faq/gone/", "/"]))
    site = fake_site(tmp_path / "site", ["/", "/faq/new/"], ["library.json"])
    assert add_urls(tmp_path, site) == (2, 4)
    assert read_registry(tmp_path) == ["/", "/faq/gone/", "/faq/new/", "/library.json"]
    assert add_urls(tmp_path, site) == (0, 4)


def test_a_missing_registered_url_fails_the_build_with_the_list(tmp_path):
    write(tmp_path, REGISTRY_FILE, format_registry(["/", "/faq/a/", "/fr/faq/a/", "/library.json", "/faq/moved/"]))
    site = fake_site(tmp_path / "site", ["/", "/faq/a/", "/faq/b/"])
    assert missing_urls(read_registry(tmp_path), site) == ["/faq/moved/", "/fr/faq/a/", "/library.json"]
    with pytest.raises(BuildFailed) as caught:
        check_registered_urls(tmp_path, site)
    assert str(caught.value).splitlines() == [
        "urls/published.txt: 3 published URLs are neither produced nor redirected:",
        "  /faq/moved/", "  /fr/faq/a/", "  /library.json",
        "Keep each one working: add the old id to `aliases` of the resource that replaces it, "
        "or map it to its replacement in redirects.yml."]
    # new, unregistered URLs (/faq/b/) are not a problem: other work adds pages all the time
    write(tmp_path, REGISTRY_FILE, format_registry(["/", "/faq/a/"]))
    check_registered_urls(tmp_path, site)


def test_a_build_without_downloads_does_not_check_them(tmp_path):
    write(tmp_path, REGISTRY_FILE, format_registry(["/", "/downloads/", "/downloads/fr/a.pdf", "/fr/downloads/"]))
    site = fake_site(tmp_path / "site", ["/", "/fr/downloads/"])
    with pytest.raises(BuildFailed, match=r"2 published URLs .*\n  /downloads/\n  /downloads/fr/a.pdf\n"):
        check_registered_urls(tmp_path, site)
    with pytest.raises(BuildFailed, match=r"1 published URL is .*\n  /downloads/\n"):  # the page is still checked
        check_registered_urls(tmp_path, site, unrendered=("/downloads/",))


def test_full_build_means_every_language_root(tmp_path):
    assert is_full_build(full_site(tmp_path / "full"))
    assert not is_full_build(fake_site(tmp_path / "preview", ["/", "/faq/a/"]))


def urls_command(root, *args):
    return subprocess.run([sys.executable, str(REPO / "scripts" / "urls"), "--root", str(root), *args],
                          capture_output=True, text=True)


def test_command_update_then_check_on_a_built_site(tmp_path):
    site = full_site(tmp_path / "site", files=["library.json"])
    assert urls_command(tmp_path, "check", "--site-dir", str(site)).returncode == 1  # no registry yet
    update = urls_command(tmp_path, "update", "--site-dir", str(site))
    assert update.returncode == 0, update.stderr
    assert update.stdout.strip() == f"urls: added 15 URLs to {REGISTRY_FILE} (15 registered)"
    check = urls_command(tmp_path, "check", "--site-dir", str(site))
    assert check.returncode == 0 and check.stdout.strip() == "urls: ok, all 15 registered URLs resolve"
    # a new page: still fine, but --strict says the registry is behind
    fake_site(site, ["/faq/b/"])
    assert urls_command(tmp_path, "check", "--site-dir", str(site)).stdout.strip() == (
        "urls: ok, all 15 registered URLs resolve; 1 new URLs not registered yet (scripts/urls update after the release)")
    assert urls_command(tmp_path, "check", "--strict", "--site-dir", str(site)).returncode == 1
    # a page gone without a redirect
    (site / "fr/faq/a/index.html").unlink()
    gone = urls_command(tmp_path, "check", "--site-dir", str(site))
    assert gone.returncode == 1
    assert gone.stderr.splitlines() == ["urls: 1 registered URLs are neither produced nor redirected:", "  /fr/faq/a/"]


def test_command_refuses_a_preview_build(tmp_path):
    site = fake_site(tmp_path / "site", ["/", "/faq/a/"])
    result = urls_command(tmp_path, "update", "--site-dir", str(site))
    assert result.returncode == 1 and "is not a build of all languages" in result.stderr
    assert not (tmp_path / REGISTRY_FILE).exists()


def test_command_help():
    result = urls_command(REPO, "--help")
    assert result.returncode == 0 and "update" in result.stdout and "check" in result.stdout


def test_shipped_registry_is_well_formed():
    text = (REPO / REGISTRY_FILE).read_text(encoding="utf-8")
    urls, problems = parse_registry(text)
    assert problems == []
    assert text == format_registry(urls)
    for lang in LANGUAGES:  # generated from a full build: every language's home and FAQs
        assert "/" + url_prefix(lang) in urls
        assert any(re.fullmatch(rf"/{url_prefix(lang)}faq/[a-z0-9-]+/", url) for url in urls)
    assert "/library.json" in urls
