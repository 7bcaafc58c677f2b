"""Full builds of a fixture library in which a resource was renamed (with an alias), one
was removed (redirects.yml) and the URL registry lists every URL of the earlier library:
every registered URL resolves in all seven languages, the catalogue validates and
matches the built pages, pages carry link previews and structured data, and a build
that would lose a published URL fails."""

import json
import re
import subprocess
import sys
from html import unescape
from importlib import resources as package_files
from urllib.parse import urljoin

import jsonschema
import pytest

from fixture_library import LISTING_URLS, RESOURCE_URLS, RESOURCES, STATIC_URLS
from helpers import REPO, make_project, run_cli, write
from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix
from iplibrary.url_registry import REGISTRY_FILE, format_registry, read_registry, resolves

SITE_URL = "https://helpdesk.example.org/"
OLD_ID, NEW_ID = "faq-a", "what-is-question-a"

# the fixture library after an editor renamed faq-a (keeping the old id as an alias),
# translated it into French, and removed case-two in favour of case-one
RENAMED = {**{path: text for path, text in RESOURCES.items() if path != "case_studies/two.md"},
           "faq/a.md": RESOURCES["faq/a.md"].replace(f"id: {OLD_ID}", f"id: {NEW_ID}\n        aliases: [{OLD_ID}]")
                                            .replace("ip_rights: [trade-marks]", "ip_rights: [trade-marks]\n        regions: [hong-kong]"),
           "faq/a.fr.md": "---\ntitle: Question A ?\nsummary: Réponse A.\ntranslated_from: 2026-08-01\n---\nLa réponse A en entier.\n"}
# every URL the earlier library published, in every language
PUBLISHED = sorted({"/" + url_prefix(lang) + url for lang in LANGUAGES
                    for url in [*STATIC_URLS, *LISTING_URLS, *RESOURCE_URLS]} | {"/library.json", f"/downloads/en/{OLD_ID}.pdf"})


def urls_command(root, *args):
    return subprocess.run([sys.executable, str(REPO / "scripts" / "urls"), "--root", str(root), *args],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("renamed"), RENAMED)
    write(root, "redirects.yml", "# removed resources -> their replacement\ncase-two: case-one\n/events/: /news/\n")
    write(root, REGISTRY_FILE, format_registry(PUBLISHED))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def page(built, url: str) -> str:
    return (built / "site" / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def follow_redirect(built, url: str) -> tuple[str, str]:
    """(target URL, target page) of the redirect page at `url`, as a browser resolves it."""
    html = page(built, url)
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
    target = urljoin("http://site" + url, unescape(refresh))[len("http://site"):]
    return target, page(built, target)


def test_every_registered_url_resolves_in_every_language(built):
    registered = read_registry(built)
    assert registered == PUBLISHED and len(registered) == len(LANGUAGES) * 18 + 2
    assert [url for url in registered if not resolves(built / "site", url)] == []
    check = urls_command(built, "check", "--site-dir", str(built / "site"))
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(f"urls: ok, all {len(registered)} registered URLs resolve; ")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_renamed_resource_keeps_its_old_url(built, lang):
    old = f"/{url_prefix(lang)}faq/{OLD_ID}/"
    html = page(built, old)
    assert f'<html lang="{lang}">' in html and '<meta name="robots" content="noindex">' in html
    canonical_lang = lang if lang in ("en", "fr") else "en"  # the French translation is its own canonical
    assert f'<link rel="canonical" href="{SITE_URL}{url_prefix(canonical_lang)}faq/{NEW_ID}/">' in html
    target, target_html = follow_redirect(built, old)
    assert target == f"/{url_prefix(lang)}faq/{NEW_ID}/"
    assert f'<html lang="{lang}"' in target_html
    assert ("La réponse A en entier." if lang == "fr" else "Answer A in full.") in target_html
    assert re.search(rf'<a href="[^"]*faq/{NEW_ID}/"( lang="en")?>Question A ?\?</a>', html)  # the visible link


def test_renamed_resource_keeps_its_old_pdf_urls(built):
    downloads = built / "site" / "downloads"
    if not (downloads / "en" / f"{NEW_ID}.pdf").is_file():
        pytest.skip("this build renders no PDFs")
    for lang in ("en", "fr"):  # the languages it has a text (and so a PDF) in
        assert (downloads / lang / f"{OLD_ID}.pdf").read_bytes() == (downloads / lang / f"{NEW_ID}.pdf").read_bytes()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_removed_resource_redirects_to_its_replacement(built, lang):
    target, html = follow_redirect(built, f"/{url_prefix(lang)}case-studies/case-two/")
    assert target == f"/{url_prefix(lang)}case-studies/case-one/" and "Illustrative." in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_removed_page_leads_to_another_page(built, lang):
    target, html = follow_redirect(built, f"/{url_prefix(lang)}events/")
    assert target == f"/{url_prefix(lang)}news/" and "<h1" in html


def test_redirect_pages_stay_out_of_sitemap_and_search(built):
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"faq/{NEW_ID}/" in sitemap and f"faq/{OLD_ID}/" not in sitemap
    redirect = (built / "site" / "faq" / OLD_ID / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in redirect  # Pagefind indexes only pages that carry a body
    assert "data-pagefind-body" in (built / "site" / "faq" / NEW_ID / "index.html").read_text(encoding="utf-8")


def test_a_lost_url_fails_the_build_and_keeps_the_site(built):
    before = (built / "site" / "index.html").read_bytes()
    registry = (built / REGISTRY_FILE).read_text(encoding="utf-8")
    write(built, REGISTRY_FILE, format_registry([*PUBLISHED, "/de/faq/vanished/", "/guides/gone/"]))
    try:
        result = run_cli(built, "build")
    finally:
        (built / REGISTRY_FILE).write_text(registry, encoding="utf-8")
    assert result.returncode != 0
    assert "urls/published.txt: 2 published URLs are neither produced nor redirected:\n  /de/faq/vanished/\n  /guides/gone/\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert (built / "site" / "index.html").read_bytes() == before


def test_update_builds_afresh_and_only_adds(built, tmp_path):
    root = make_project(tmp_path, RENAMED)
    write(root, "redirects.yml", "case-two: case-one\n")
    write(root, REGISTRY_FILE, format_registry(["/", "/faq/long-gone-but-kept/"]))
    result = urls_command(root, "update")
    assert result.returncode != 0  # the registry already lists a URL the build cannot serve
    assert "/faq/long-gone-but-kept/" in result.stderr and "nothing was changed" in result.stderr
    write(root, REGISTRY_FILE, format_registry(["/", f"/zh/faq/{OLD_ID}/"]))
    result = urls_command(root, "update")
    assert result.returncode == 0, result.stderr[-2000:]
    registered = read_registry(root)
    assert f"/zh/faq/{OLD_ID}/" in registered and f"/zh/faq/{NEW_ID}/" in registered
    assert set(PUBLISHED) <= set(registered)  # the redirects are registered too: they must stay
    assert "/feed.xml" in registered and "/404.html" not in registered
    assert not any(url.startswith(("/assets/", "/search/")) for url in registered)


# --- the catalogue ----------------------------------------------------------------------

def test_catalogue_validates_and_matches_the_built_pages(built):
    catalogue = json.loads((built / "site" / "library.json").read_text(encoding="utf-8"))
    schema = json.loads(package_files.files("iplibrary.schemas").joinpath("catalogue.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(catalogue)
    built_resources = sorted(url.split("/")[-2] for url in RESOURCE_URLS if "case-two" not in url and OLD_ID not in url)
    assert sorted(r["id"] for r in catalogue["resources"]) == sorted([*built_resources, NEW_ID])
    states = {}
    for resource in catalogue["resources"]:
        assert list(resource["languages"]) == list(LANGUAGES)
        for lang, entry in resource["languages"].items():
            assert entry["url"].startswith(SITE_URL)
            html = page(built, entry["url"][len(SITE_URL) - 1:])
            assert f'<html lang="{lang}"' in html
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
            assert unescape(h1) == entry["title"]
            assert unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1)) == entry["summary"]
            notice = {"fallback": "library-notice--fallback", "outdated": "library-notice--outdated"}.get(entry["state"])
            assert (notice in html) if notice else ("library-notice" not in html)
            pdf_lang = "en" if entry["state"] == "fallback" else lang
            assert entry["pdf_url"] == f"{SITE_URL}downloads/{pdf_lang}/{resource['id']}.pdf"
            if (built / "site" / "downloads" / "en").is_dir():  # a build that renders the PDFs
                assert (built / "site" / entry["pdf_url"][len(SITE_URL):]).is_file(), entry["pdf_url"]
            states[(resource["id"], lang)] = entry["state"]
    assert states[("macao-basics", "fr")] == "outdated" and states[("taiwan-basics", "zh")] == "translated"
    assert states[(NEW_ID, "fr")] == "translated" and states[(NEW_ID, "de")] == "fallback"
    renamed = next(r for r in catalogue["resources"] if r["id"] == NEW_ID)
    assert renamed["aliases"] == [OLD_ID] and renamed["terms"]["regions"] == ["hong-kong"]


# --- FAQ pages, previews and structured data ------------------------------------------------

def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def og(html: str, name: str) -> list[str]:
    return [unescape(v) for v in re.findall(rf'<meta property="{re.escape(name)}" content="([^"]*)">', html)]


def test_faq_page_is_complete_on_its_own(built):
    html = page(built, f"/fr/faq/{NEW_ID}/")
    assert "<h1>Question A ?</h1>" in html and "La réponse A en entier." in html
    assert 'href="../../library/ip-rights/trade-marks/"' in html  # the rights and regions it concerns
    assert 'href="../../library/regions/hong-kong/"' in html
    assert 'Dernière vérification : <time datetime="2026-08-01">1 août 2026</time>' in html
    url = f"{SITE_URL}fr/faq/{NEW_ID}/"
    assert f'<a class="library-share__url" href="{url}">{url}</a>' in html  # without JavaScript
    assert re.search(rf'<button type="button" class="md-button library-share__copy" data-copy-url="{re.escape(url)}"[^>]* hidden>Copier le lien</button>', html)
    assert re.search(r'<script src="[./]*assets/copy-link\.js"', html)


def test_faq_page_previews_and_faqpage_json_ld(built):
    html = page(built, f"/fr/faq/{NEW_ID}/")
    assert og(html, "og:title") == ["Question A ?"] and og(html, "og:description") == ["Réponse A."]
    assert og(html, "og:locale") == ["fr_FR"] and og(html, "og:url") == [f"{SITE_URL}fr/faq/{NEW_ID}/"]
    assert og(html, "og:type") == ["article"] and og(html, "og:site_name") == ["Bibliothèque du service d'assistance PI"]
    blocks = json_ld(html)
    assert [b["@type"] for b in blocks] == ["FAQPage", "BreadcrumbList"]
    assert blocks[0]["mainEntity"][0]["acceptedAnswer"]["text"] == "La réponse A en entier."
    assert blocks[1]["itemListElement"][-1]["item"] == f"{SITE_URL}fr/faq/{NEW_ID}/"


def test_other_pages_carry_previews_in_their_language(built):
    guide = page(built, "/zh/factsheets/taiwan-basics/")
    assert [b["@type"] for b in json_ld(guide)] == ["Article", "BreadcrumbList"]
    assert og(guide, "og:title") == ["台湾知识产权基础"] and og(guide, "og:locale") == ["zh_CN"]
    listing = page(built, "/de/faq/")
    assert json_ld(listing) == [] and og(listing, "og:type") == ["website"]
    assert og(listing, "og:description") == ["Kostenlose Erstinformation zum Schutz und zur Durchsetzung geistigen Eigentums in China, für europäische KMU."]
    assert '<meta name="description" content="Kostenlose Erstinformation' in listing
    for lang in LANGUAGES:  # og:url is the canonical URL (English where the page is a fallback copy)
        home = page(built, "/" + url_prefix(lang))
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', home).group(1)
        assert og(home, "og:url") == [canonical] and canonical == SITE_URL + ("fr/" if lang == "fr" else "")
        assert len(og(home, "og:title")) == 1


def test_faq_listing_anchors_are_ids(built):
    for lang in ("en", "zh"):
        assert f'<li id="{NEW_ID}">' in page(built, f"/{url_prefix(lang)}faq/") and '<li id="faq-b">' in page(built, f"/{url_prefix(lang)}faq/")
