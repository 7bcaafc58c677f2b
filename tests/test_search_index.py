"""What Pagefind is given (iplibrary.search_index): each page slimmed to its <html> tag and
its indexed element, one run per language, the bundles merged. Pagefind held the whole
site in memory (1.7 GB at 2,000 resources x 7 languages); the index must come out the
same as one run over the whole pages, which the last test checks with the real Pagefind."""

import json
from pathlib import Path

import pytest

from helpers import compare_sites
from iplibrary.search_index import (ENTRY_FILE, PAGEFIND_DIR, SearchIndexError, _pagefind, merge_bundle, page_language,
                                    run_pagefind, slim_page)

FURNITURE = ('<header><div class="md-header"><form data-pagefind-ignore><input></form></div></header>'
             '<nav><div><a href="/">Home</a></div></nav>')


def page(lang: str, body: str, title: str = "A page") -> str:
    return (f'<!doctype html>\n<html lang="{lang}" class="no-js"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/a.css"></head><body>{FURNITURE}<main><div class="md-content">'
            f'<article>{body}</article></div></main><footer><div>Footer</div></footer></body></html>\n')


BODY = ('<div data-pagefind-body data-pagefind-meta="resource:faq-a"><span data-pagefind-filter="types:faq" hidden></span>'
        '<h1 id="q">Can I register a design?</h1><div class="admonition"><div class="title">Note</div><p>Yes, <b>quickly</b>.</p></div>'
        '<!-- a comment with <div> in it --><script>var s = "<div>";</script><pre><code>&lt;div&gt;</code></pre>'
        '<p hidden data-pagefind-meta="title" data-pagefind-weight="7">Can I register a design?</p></div>')


def test_a_page_is_slimmed_to_its_html_tag_and_its_indexed_element():
    slim = slim_page(page("fr", BODY + "<div>after</div>"))
    assert slim == ('<!DOCTYPE html>\n<html lang="fr" class="no-js"><head><meta charset="utf-8"><title>A page</title>'
                    f'<link rel="stylesheet" href="/a.css"></head><body>{BODY}</body></html>\n')


def test_a_page_without_an_indexed_element_or_with_no_end_to_it_is_not_slimmed():
    assert slim_page(page("fr", "<p>a listing</p>")) is None
    assert slim_page(page("fr", "<div data-pagefind-body><div>never closed</div>").replace("</div></main>", "</main>")) is None


@pytest.mark.parametrize("html, lang", [
    (page("zh", BODY), "zh"), ("<html lang='de'><body></body></html>", "de"), ("<html><body>x</body></html>", ""),
])
def test_the_language_of_a_page_is_its_html_lang(html, lang):
    assert page_language(html) == lang


def test_bundles_merge_their_languages_and_refuse_to_disagree(tmp_path):
    def bundle(name: str, lang: str, script: str) -> Path:
        folder = tmp_path / name
        (folder / "fragment").mkdir(parents=True)
        (folder / "fragment" / f"{lang}_abc.pf_fragment").write_bytes(lang.encode())
        (folder / "pagefind.js").write_text(script, encoding="utf-8")
        (folder / ENTRY_FILE).write_text(json.dumps({"version": "1.5.2", "languages": {lang: {"hash": f"{lang}_1", "page_count": 1}}}))
        return folder

    merged = tmp_path / "merged"
    merge_bundle(bundle("fr", "fr", "same"), merged)
    merge_bundle(bundle("zh", "zh", "same"), merged)
    assert json.loads((merged / ENTRY_FILE).read_text())["languages"].keys() == {"fr", "zh"}
    assert {path.name for path in (merged / "fragment").iterdir()} == {"fr_abc.pf_fragment", "zh_abc.pf_fragment"}
    with pytest.raises(SearchIndexError, match="disagree on pagefind.js"):
        merge_bundle(bundle("de", "de", "another version"), merged)


def test_the_index_is_the_one_pagefind_makes_of_the_whole_pages(tmp_path):
    """The real Pagefind: per-language runs over slimmed pages against one run over the
    whole site, compared as scripts/compare-sites compares two builds."""
    site = tmp_path / "site"
    pages = {
        "faq/a/index.html": page("en", BODY),
        "faq/b/index.html": page("en", '<div data-pagefind-body><h1>Customs recordal</h1><p>Record your trade mark with customs.</p></div>'),
        "library/index.html": page("en", "<p>the finder: not indexed</p>"),
        "fr/faq/a/index.html": page("fr", BODY.replace("Can I register a design?", "Puis-je enregistrer un dessin ?")),
        "fr/faq/b/index.html": page("fr", '<div data-pagefind-body><p>Enregistrez votre marque auprès des douanes.</p></div>'),
        "zh/faq/a/index.html": page("zh", '<div data-pagefind-body><h1>海关备案</h1><p>您可以在海关总署备案您的商标。</p></div>'),
    }
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    whole = tmp_path / "whole"
    (whole / PAGEFIND_DIR).parent.mkdir(parents=True, exist_ok=True)
    _pagefind(site, whole / PAGEFIND_DIR)
    run_pagefind(site)
    assert json.loads((site / PAGEFIND_DIR / ENTRY_FILE).read_text())["languages"].keys() == {"en", "fr", "zh"}
    found, by_bytes, _ = compare_sites().differences(whole, _bundle_only(site, tmp_path / "ours"))
    assert found == [], "\n".join(found)
    assert by_bytes > 10
    assert not list(tmp_path.glob(".site-search-*"))  # the slimmed pages are gone


def _bundle_only(site: Path, folder: Path) -> Path:
    import shutil

    shutil.copytree(site / PAGEFIND_DIR, folder / PAGEFIND_DIR)
    return folder
