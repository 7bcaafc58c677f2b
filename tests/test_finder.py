"""Unit tests of the plain Python behind the finder and search: the facets data the
finder runs on, the counts "if chosen", the page it writes, the search boxes, what a
page offers Pagefind, and the result ids read back from Pagefind's fragments; and one
build of a one-language preview whose finder links must all lead to built files."""

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest

from fixture_library import RESOURCE_URLS, RESOURCES
from helpers import make_project, run_cli
from iplibrary.downloads.downloads import DownloadFile, Downloads
from iplibrary.finder import (LANGUAGE_FACET, counts_if_chosen, facets, finder_data, finder_files, finder_page, matches,
                              search_box_html)
from iplibrary.library import load_library
from iplibrary.urls import resource_pdf_path, url_prefix
from iplibrary.search_index import FRAGMENT_SIGNATURE, SearchIndexError, encode_result_ids, result_ids, search_body_html


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return load_library(make_project(tmp_path_factory.mktemp("finder"), RESOURCES))


def test_the_language_facet_is_offered_outside_english_and_holds_real_texts_only(library):
    assert LANGUAGE_FACET not in facets("en") and facets("fr")[-1] == LANGUAGE_FACET
    data = finder_data(library, "fr")
    with_french = {rid for rid, terms in data["resources"].items() if terms.get(LANGUAGE_FACET) == ["fr"]}
    assert with_french == {"macao-basics"}  # the only French translation of the fixture
    assert all(LANGUAGE_FACET not in terms for terms in finder_data(library, "en")["resources"].values())
    assert data["resources"]["designs-basics"] == {"types": ["ip-guide"], "ip_rights": ["designs"],
                                                   "topics": ["registration"], "date": "2026-05-01"}
    assert data["segments"]["ip_rights"] == "ip-rights"


def test_and_across_facets_or_within_one():
    terms = {"ip_rights": ["designs"], "regions": ["hong-kong"]}
    assert matches(terms, {"ip_rights": {"designs", "patents"}, "regions": {"hong-kong"}})
    assert not matches(terms, {"ip_rights": {"designs"}, "regions": {"macao"}})
    assert matches(terms, {"ip_rights": set(), "sectors": set()})


def test_counts_if_chosen_follow_the_words_and_the_other_facets():
    data = {"facets": ["types", "ip_rights"], "resources": {
        "a": {"types": ["faq"], "ip_rights": ["designs"]},
        "b": {"types": ["faq"], "ip_rights": ["patents"]},
        "c": {"types": ["case-study"], "ip_rights": ["designs", "patents"]},
        "d": {"types": ["case-study"], "ip_rights": ["copyright"]},
    }}
    assert counts_if_chosen(data, {}) == {"types": {"faq": 2, "case-study": 2},
                                          "ip_rights": {"designs": 2, "patents": 2, "copyright": 1}}
    # designs chosen: the other IP rights keep the counts they would give if chosen too (OR
    # within the facet), while the types count only resources on designs
    chosen = counts_if_chosen(data, {"ip_rights": {"designs"}})
    assert chosen["ip_rights"] == {"designs": 2, "patents": 2, "copyright": 1}
    assert chosen["types"] == {"faq": 1, "case-study": 1}
    # the words' results (found) bound everything; a value with none is absent (0, dimmed)
    assert counts_if_chosen(data, {"types": {"faq"}}, found={"a", "c"}) == {
        "types": {"faq": 1, "case-study": 1}, "ip_rights": {"designs": 1}}


def test_the_page_lists_every_resource_without_javascript(library):
    page = finder_page(library, "fr")
    assert page.count('<li data-id="') == len(library.resources)
    assert re.search(r'<form class="finder-search"[^>]*hidden', page) and re.search(r'<form class="finder-facets"[^>]*hidden', page)
    assert '<a href="ip-rights/">' in page  # the facet index pages, then the term pages
    assert 'data-pagefind="../../pagefind/pagefind.js"' in page and 'data-ids="../../pagefind/ids.fr.json"' in page
    assert '<a class="finder-title" href="../faq/faq-a/" lang="en">Question A?</a>' in page  # English text, marked
    assert '<p class="finder-english" id="finder-english" hidden><a href="../../library/" hreflang="en">' in page
    assert 'name="languages" value="fr" data-label="Disponible en français"> Disponible en français <span class="finder-n">(1)</span>' in page
    assert 'class="finder-value finder-value--none"><input type="checkbox" name="sectors" value="fashion"' in page  # dimmed
    data = json.loads(re.search(r'<script type="application/json" id="finder-data">(.*?)</script>', page).group(1))
    assert data == finder_data(library, "fr")
    assert 'hide: ["toc"]' in page and 'search: {"exclude": true}' in page
    assert set(finder_files(library, ["en", "zh"])) == {"library/index.md", "library/index.zh.md"}


def test_results_link_the_pdf_only_when_the_build_made_it(library, tmp_path):
    assert "application/pdf" not in finder_page(library, "de")
    english = resource_pdf_path("faq-a", "en")
    downloads = Downloads(files={english: DownloadFile(english, "pdf", "en", "Question A?", 1000, 1, date(2026, 8, 1), tmp_path)})
    page = finder_page(library, "de", downloads)
    assert f'<a href="../../{english}" type="application/pdf" hreflang="en">PDF</a>' in page
    assert page.count("application/pdf") == 1


@pytest.mark.parametrize("lang, page_url, action", [
    ("en", "", "./library/"), ("fr", "fr/faq/x/", "../../../fr/library/"), ("zh", "zh/", "../zh/library/"),
])
def test_search_boxes_open_the_finder_of_the_page_language(lang, page_url, action):
    box = search_box_html(lang, page_url)
    assert f'action="{action}" method="get"' in box and 'name="q"' in box and "data-pagefind-ignore" in box
    assert f'action="{action.replace(url_prefix(lang), "")}"' in search_box_html(lang, page_url, preview=True)  # at the root
    home = search_box_html(lang, page_url, home=True)
    assert 'id="library-home-q"' in home and "library-visually-hidden" not in home


def test_a_preview_finder_offers_no_english_finder(library):
    assert 'id="finder-english"' not in finder_page(library, "fr", preview=True)  # the preview has none
    assert 'id="finder-english"' not in finder_files(library, ["en", "fr"])["library/index.fr.md"]
    assert 'id="finder-english"' in finder_files(library)["library/index.fr.md"]


def _leads_to_file(site: Path, page_dir: str, link: str) -> bool:
    """Whether a relative link of the page in `page_dir` opens a built file; not where it
    climbs above the site's root (a browser clamps it there: right only by luck)."""
    path = link.split("?")[0].split("#")[0]
    parts = [part for part in f"{page_dir}/{path}".split("/") if part not in ("", ".")]
    resolved: list[str] = []
    for part in parts:
        if part == "..":
            if not resolved:
                return False
            resolved.pop()
        else:
            resolved.append(part)
    target = site.joinpath(*resolved)
    directory = path.rstrip("/").rpartition("/")[2] in ("", ".", "..") or path.endswith("/")
    return (target / "index.html" if directory else target).is_file()


def test_every_link_of_a_preview_finder_leads_to_a_built_file(tmp_path):
    """make serve LANG=fr serves French at the site root: the finder's result links once
    pointed at /fr/faq/x/, which a preview does not have, and the term feeds it links
    were written under fr/."""
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", RESOURCES)
    site = tmp_path / "preview"
    result = run_cli(root, "build", "--site-dir", str(site), env={"LIBRARY_ONLY_LANG": "fr", "LIBRARY_PDFS": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    html = (site / "library" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    finder = html[html.index('<div class="finder" id="finder"'):html.index('<script type="application/json" id="finder-data">')]
    links = {("href", href) for href in re.findall(r'<a [^>]*href="([^"#]*)"', finder)}
    titles = re.findall(r'<a class="finder-title" href="([^"]+)"', finder)
    assert len(titles) == len(RESOURCE_URLS)
    data = json.loads(re.search(r'<script type="application/json" id="finder-data">(.*?)</script>', html).group(1))
    feeds = {f"{data['segments'][facet]}/{term}/feed.xml"  # what finder.js links for a view of one term
             for terms in data["resources"].values() for facet, values in terms.items() if facet in data["segments"]
             for term in values}
    assert "regions/macao/feed.xml" in feeds
    links |= {("feed", feed) for feed in feeds}
    # the search boxes: the header's of the finder and of the home page, the home page's own
    home = (site / "index.html").read_text(encoding="utf-8")
    home_actions = re.findall(r'<form class="library-(?:site|home)-search"[^>]*action="([^"]*)"', home)
    boxes = {("home", action) for action in home_actions}
    boxes |= {("finder", action) for action in re.findall(r'<form class="library-site-search"[^>]*action="([^"]*)"', html)}
    assert len(home_actions) == 2 and boxes == {("home", "./library/"), ("finder", "../library/")}
    broken = sorted(f"{kind}: {link}" for kind, link in links if not _leads_to_file(site, "library", link))
    broken += sorted(f"{page} search box: {action}" for page, action in boxes
                     if not _leads_to_file(site, "library" if page == "finder" else "", action))
    assert broken == []
    assert "../factsheets/macao-basics/" in titles  # within the language, not via /fr/
    assert 'id="finder-english"' not in finder  # no English finder in a French preview


def test_a_resource_offers_its_text_title_terms_and_dates_to_the_index(library):
    resource = library.get("macao-basics")
    html = search_body_html("<p>Macao a son propre registre.</p>", resource, "fr")
    assert html.startswith('<div data-pagefind-body data-pagefind-meta="resource:macao-basics" data-pagefind-sort="date:2026-10-01">')
    for marker in ('data-pagefind-filter="types:factsheet"', 'data-pagefind-filter="regions:macao"',
                   'data-pagefind-filter="ip_rights:trade-marks"', 'data-pagefind-filter="languages:fr"',
                   'data-pagefind-meta="date:2026-10-01"', ">Macao, l&#x27;essentiel</p>", ">La PI à Macao.</p>"):
        assert marker in html
    assert 'languages:de' not in search_body_html("<p>x</p>", resource, "de")  # shown in English there
    assert search_body_html("<h1>About</h1>") == "<div data-pagefind-body><h1>About</h1></div>"


def test_an_english_fallback_copy_offers_its_title_and_summary_not_its_text(library, monkeypatch):
    from iplibrary import search_index

    html = search_body_html("<p>Answer A in full.</p>", library.get("faq-a"), "fr")  # not translated into French
    body = html[:html.index("</div>") + len("</div>")]
    assert "Answer A in full." not in body and ">Question A?</p>" in body and ">Answer A.</p>" in body
    assert html.endswith("</div><p>Answer A in full.</p>")  # the text is still on the page, after the body
    assert "Answer A in full." in search_body_html("<p>Answer A in full.</p>", library.get("faq-a"), "en")
    monkeypatch.setattr(search_index, "FALLBACK_TEXT_INDEXED", True)
    assert "Answer A in full.</p><p hidden" in search_body_html("<p>Answer A in full.</p>", library.get("faq-a"), "fr")


def fragment(path: Path, payload: dict, signature: bytes = FRAGMENT_SIGNATURE) -> None:
    path.write_bytes(gzip.compress(signature + json.dumps(payload).encode()))


def test_result_ids_are_read_from_pagefind_fragments(tmp_path):
    (tmp_path / "fragment").mkdir()
    fragment(tmp_path / "fragment" / "fr_1a2b3c4.pf_fragment", {"url": "/fr/faq/a/", "meta": {"resource": "faq-a"}})
    fragment(tmp_path / "fragment" / "fr_5d6e7f8.pf_fragment", {"url": "/fr/about/", "meta": {"title": "À propos"}})
    fragment(tmp_path / "fragment" / "zh_9a8b7c6.pf_fragment", {"url": "/zh/faq/a/", "meta": {"resource": "faq-a"}})
    assert result_ids(tmp_path) == {"fr": {"fr_1a2b3c4": "faq-a"}, "zh": {"zh_9a8b7c6": "faq-a"}}
    fragment(tmp_path / "fragment" / "en_0000000.pf_fragment", {"meta": {}}, signature=b"pagefind_xyz")
    with pytest.raises(SearchIndexError, match="en_0000000.pf_fragment is not a Pagefind 1.x fragment"):
        result_ids(tmp_path)


def test_result_ids_are_written_as_hashes_in_the_order_of_the_resource_ids():
    ids = {"fr_5d6e7f8": "faq-b", "fr_1a2b3c4": "faq-a", "fr_9a8b7c6": "2024-rules"}
    assert json.loads(encode_result_ids(ids)) == "9a8b7c6 1a2b3c4 5d6e7f8"  # 2024-rules, faq-a, faq-b
    assert json.loads(encode_result_ids({})) == ""
    with pytest.raises(SearchIndexError, match="two pages"):
        encode_result_ids({"fr_1a2b3c4": "faq-a", "fr_0000000": "faq-a"})
