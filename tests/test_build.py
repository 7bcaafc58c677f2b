"""Full builds of the small fixture library into tmp_path: exact output paths in all
seven languages, notices, canonical links, and a failed build leaving site/ alone."""

import json
import re

import pytest

from fixture_library import GENERATED_URLS, LISTING_URLS, RESOURCE_URLS, RESOURCES, STATIC_URLS
from helpers import REPO, make_project, run_cli, write
from iplibrary.facets import FACET_SEGMENTS
from iplibrary.vocabulary import load_vocabulary
from iplibrary.languages import LANGUAGES
from iplibrary.search_index import read_fragment
from iplibrary.urls import path_language, url_prefix


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("project"), RESOURCES)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def page(built, url):
    return (built / "site" / url / "index.html").read_text(encoding="utf-8")


def library_urls() -> list[str]:
    """The finder, the facet indexes and a page for every term and type (vocabulary.yml)."""
    vocabulary, _ = load_vocabulary(REPO)
    urls = ["library/"]
    for facet, segment in FACET_SEGMENTS.items():
        urls.append(f"library/{segment}/")
        urls += [f"library/{segment}/{term}/" for term in vocabulary.terms(facet)]
    return urls


def test_every_page_exists_in_every_language(built):
    site = built / "site"
    produced = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")}
    produced = {"" if p == "./" else p for p in produced}
    expected = set()
    for lang in LANGUAGES:
        for url in [*STATIC_URLS, *LISTING_URLS, *RESOURCE_URLS, *library_urls(), *GENERATED_URLS]:
            expected.add(url_prefix(lang) + url)
    assert produced == expected


@pytest.mark.parametrize("lang, heading, titles", [
    ("en", "IP right: Designs", ["Designs basics", "Case one"]),
    ("fr", "Droit de PI: Dessins et modèles", ["Designs basics", "Case one"]),
])
def test_term_pages_list_exactly_the_resources_with_the_term(built, lang, heading, titles):
    html = page(built, url_prefix(lang) + "library/ip-rights/designs")
    article = html[html.index("<article"):html.index("</article>")]
    assert heading.replace("'", "&#x27;") in article
    listed = re.findall(r'<li><a href="[^"]+/">(?:<span lang="en">)?([^<]+)(?:</span>)?</a>', article)
    assert listed == titles


def indexed_pages(site, lang: str) -> dict[str, dict]:
    """Site-relative URL -> Pagefind's fragment (url, meta, filters, content) of `lang`'s index."""
    fragments = [read_fragment(path) for path in (site / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment")]
    return {fragment["url"].lstrip("/"): fragment for fragment in fragments}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_search_indexes_resources_and_static_pages_not_generated_lists(built, lang):
    indexed = indexed_pages(built / "site", lang)
    prefix = url_prefix(lang)
    pages = {url.removeprefix(prefix) for url in indexed}
    assert {"", "about/", "guides/designs-basics/", "faq/faq-a/"} <= pages  # home, a static page, resources
    # term pages, facet indexes, the finder, listings, what's new, downloads: titles indexed elsewhere
    assert not [page for page in pages if page.startswith("library/")]
    assert not pages & {"faq/", "guides/", "factsheets/", "case-studies/", "whats-new/", "downloads/"}
    # a resource's entry holds its own text, title and summary, not the furniture every resource page repeats
    designs = indexed[f"{prefix}guides/designs-basics/"]
    text = designs["content"]
    assert "Designs basics" in text and "Register designs before you show them." in text  # title, summary
    # its text in English only: the French page is a fallback copy, found by title and summary
    assert ("Designs need novelty." in text) == (lang == "en")
    assert "Fairs" not in text and "Case one" not in text  # related resources
    assert "Registration" not in text and "Enregistrement" not in text  # term chips
    assert designs["meta"]["resource"] == "designs-basics" and designs["meta"]["title"] == "Designs basics"
    assert designs["filters"]["types"] == ["ip-guide"] and "designs" in designs["filters"]["ip_rights"]
    ids = json.loads((built / "site" / "pagefind" / f"ids.{lang}.json").read_text(encoding="utf-8"))
    resources = sorted(fragment["meta"]["resource"] for fragment in indexed.values() if "resource" in fragment["meta"])
    hashes = ids.split(" ")  # each resource's fragment, in the order of the sorted resource ids
    assert len(hashes) == len(resources) and [read_fragment(built / "site" / "pagefind" / "fragment" / f"{lang}_{h}.pf_fragment")
                                               ["meta"]["resource"] for h in hashes] == resources
    assert len(hashes) == len(RESOURCE_URLS)


def test_a_preview_stages_its_language_and_english_only_and_indexes_nothing(tmp_path):
    root = make_project(tmp_path, RESOURCES)
    result = run_cli(root, "build", "--lang", "fr", "--site-dir", str(tmp_path / "preview"))
    assert result.returncode == 0, result.stderr[-3000:]
    stage = root / ".cache" / "stage"
    assert {path_language(p.relative_to(stage).as_posix()) for p in stage.rglob("*.md")} == {"en", "fr"}
    assert "search: skipped (a preview)" in result.stderr
    assert not (tmp_path / "preview" / "pagefind").exists()
    macao = (tmp_path / "preview" / "factsheets/macao-basics/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in macao
    # the translation, not the English text the i18n plugin would pick in a preview
    assert "Macao, l&#x27;essentiel" in macao or "Macao, l'essentiel" in macao
    assert "Macao basics</h1>" not in macao
    assert not (stage / "factsheets" / "macao-basics.md").exists() and (stage / "factsheets" / "macao-basics.fr.md").exists()
    # the furniture's links lead to pages of the preview, served at the root (breadcrumbs,
    # term chips, related resources, the enquiry service), not to /fr/, which it has not
    furniture = re.findall(r'<nav class="library-breadcrumbs".*?</nav>|<div class="library-terms">.*?</div></div>'
                           r'|<section class="library-related">.*?</section>|<p class="library-disclaimer">.*?</p>', macao, re.S)
    hrefs = {href for block in furniture for href in re.findall(r'href="([^"#]+)"', block)}
    assert len(hrefs) >= 5 and not [h for h in hrefs if "fr/" in h]
    page_dir = tmp_path / "preview" / "factsheets/macao-basics"
    assert [h for h in hrefs if not (page_dir / h / "index.html").resolve().is_file()] == []
    # served at the root, but its head names the published URLs, and nothing is written under fr/
    assert '<link rel="canonical" href="https://helpdesk.example.org/fr/factsheets/macao-basics/">' in macao
    library = (tmp_path / "preview" / "library" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://helpdesk.example.org/fr/library/">' in library
    assert "<loc>https://helpdesk.example.org/fr/library/</loc>" in (tmp_path / "preview" / "sitemap.xml").read_text()
    assert not (tmp_path / "preview" / "fr").exists()


def test_empty_term_page_says_so(built):
    assert "Żaden zasób nie ma jeszcze tego pojęcia." in page(built, "pl/library/sectors/automotive")


def test_resource_page_shows_its_terms_breadcrumbs_and_related(built):
    html = page(built, "guides/designs-basics")
    assert '<a class="library-chip" href="../../library/ip-rights/designs/">Designs</a>' in html
    assert '<nav class="library-breadcrumbs"' in html
    assert '<a href="../../guides/fair-guide/">Fairs</a>' in html  # explicit related
    assert '<a href="../../case-studies/case-one/">Case one</a>' in html  # case study on the same right
    assert '<a href="../../guides/designs-basics/">Designs basics</a>' in page(built, "guides/fair-guide")  # symmetric


def test_sitemaps_list_only_real_translations(built):
    root = (built / "site" / "sitemap.xml").read_text()
    entry = re.search(r"<url><loc>https://helpdesk.example.org/de/factsheets/taiwan-basics/</loc>.*?</url>", root).group(0)
    assert 'hreflang="zh"' in entry and 'hreflang="en"' in entry and 'hreflang="de"' not in entry
    assert 'hreflang="x-default" href="https://helpdesk.example.org/factsheets/taiwan-basics/"' in entry
    assert "<loc>https://helpdesk.example.org/pl/library/</loc>" in (built / "site" / "pl" / "sitemap.xml").read_text()


def test_translation_is_served_in_its_language(built):
    html = page(built, "fr/factsheets/macao-basics")
    assert '<html lang="fr"' in html
    assert "<h1>Macao, l&#x27;essentiel</h1>" in html or "<h1>Macao, l'essentiel</h1>" in html
    assert "Macao a son propre registre." in html


def test_fallback_page_says_so_in_the_reader_language(built):
    html = page(built, "de/faq/faq-a")
    assert "Diese Seite wurde noch nicht ins Deutsche übersetzt" in html
    # the English text, marked as English (inside it, what the search index reads of the page)
    assert re.search(r'<div lang="en"><div data-pagefind-body[^>]*>(<span[^>]*></span>|<p hidden[^>]*>[^<]*</p>)*</div><p>Answer A in full.</p>', html)
    assert '<h1 lang="en">Question A?</h1>' in html
    # offers the languages it exists in, and the enquiry service
    notice = html[html.index("library-notice--fallback"):]
    notice = notice[: notice.index("</div>")]
    assert 'href="../../../faq/faq-a/" hreflang="en"' in notice
    assert 'href="../../enquiry/"' in notice


def test_fallback_canonical_points_to_english(built):
    html = page(built, "zh/factsheets/macao-basics")
    assert '<link rel="canonical" href="https://helpdesk.example.org/factsheets/macao-basics/">' in html
    translated = page(built, "zh/factsheets/taiwan-basics")
    assert '<link rel="canonical" href="https://helpdesk.example.org/zh/factsheets/taiwan-basics/">' in translated
    assert "library-notice" not in translated


def test_outdated_translation_carries_a_notice(built):
    html = page(built, "fr/factsheets/macao-basics")
    assert "Cette traduction n’est peut-être plus à jour" in html
    assert "1 octobre 2026" in html
    assert 'href="../../../factsheets/macao-basics/" hreflang="en"' in html


def test_id_links_resolve_per_language(built):
    assert 'href="../taiwan-basics/#offices"' in page(built, "fr/factsheets/macao-basics") or \
        'href="../taiwan-basics/#offices"' in page(built, "factsheets/macao-basics")
    assert 'href="factsheets/macao-basics/"' in page(built, "")


def test_placeholders_are_filled_from_config(built):
    assert "enquiries@helpdesk.example.org" in page(built, "enquiry")


def test_listing_pages_list_each_resource_in_the_language(built):
    html = page(built, "zh/factsheets")
    assert "台湾知识产权基础" in html and "Macao basics" in html
    assert "2026年4月1日" in html


def test_no_google_fonts_or_third_party_urls(built):
    html = page(built, "fr/faq/faq-b")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_date_formats_follow_the_locale(built):
    assert "1. Oktober 2026" in page(built, "de/factsheets/macao-basics")


def test_failed_build_leaves_the_previous_site(built, tmp_path):
    before = {p.relative_to(built / "site"): p.read_bytes() for p in (built / "site").rglob("*.html")}
    write(built, "faq/broken.md", "---\nid: faq-a\ntitle: Dup\nsummary: s\npublished: 2026-13-01\n---\n")
    try:
        result = run_cli(built, "build")
    finally:
        (built / "faq/broken.md").unlink()
    assert result.returncode != 0
    assert "faq/broken.md:2: id: duplicate id 'faq-a', also used by faq/a.md" in result.stderr
    assert "faq/broken.md:5: published: must be a date written YYYY-MM-DD" not in result.stderr  # month 13 matches the pattern
    assert "faq/broken.md:5: published: '2026-13-01' is not a real date" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p.relative_to(built / "site"): p.read_bytes() for p in (built / "site").rglob("*.html")}
    assert after == before
    assert not (built / "site.new").exists()


def test_broken_link_fails_strict_build_and_keeps_site(built):
    before = (built / "site" / "index.html").read_bytes()
    about = (built / "docs/about.md").read_text()
    write(built, "docs/about.md", "---\ntitle: About\n---\n# About\n\n[gone](nowhere.md)\n")
    try:
        result = run_cli(built, "build")
    finally:
        (built / "docs/about.md").write_text(about)
    assert result.returncode != 0
    assert re.search(r"about\.md.*nowhere\.md", result.stderr)
    assert (built / "site" / "index.html").read_bytes() == before


def test_a_bad_build_day_fails_the_build_with_a_message_not_a_traceback(built):
    before = (built / "site" / "index.html").read_bytes()
    result = run_cli(built, "build", env={"LIBRARY_TODAY": "21/11/2026"})
    assert result.returncode != 0
    assert "LIBRARY_TODAY='21/11/2026' is not a date written YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert (built / "site" / "index.html").read_bytes() == before


def test_check_command_line(built, tmp_path):
    ok = run_cli(built, "check")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: 8 resources, 2 translations")
    make_project(tmp_path, {**RESOURCES, "faq/a.md": RESOURCES["faq/a.md"].replace("ip_rights: [trade-marks]", "ip_rights: [trade-marks]\n        sectors: [spaceflight]"),
                            "faq/c.fr.md": "---\ntitle: T\nsummary: S\ntranslated_from: 2026-01-01\n---\n"})
    bad = run_cli(tmp_path, "check")
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "2 content errors:",
        "faq/a.md:7: sectors: unknown term 'spaceflight' (terms: food-and-beverage, fashion, creative-industries, automotive, ict, engineering)",
        "faq/c.fr.md:1: file: translation without a source: faq/c.md does not exist",
    ]


def test_nothing_is_written_into_source_folders(built):
    sources = [p for p in built.rglob("*") if p.is_file() and not any(part in {"site", ".cache", "hooks", "__pycache__"} for part in p.relative_to(built).parts)]
    expected = {built / rel for rel in RESOURCES} | {built / "vocabulary.yml", built / "mkdocs.yml"}
    assert set(sources) - {p for p in sources if "overrides" in p.parts} == expected


def test_static_page_fallback_says_so_and_marks_english(built):
    html = page(built, "it/enquiry")
    assert "Questa pagina non è ancora stata tradotta in italiano" in html
    assert '<div lang="en">' in html
    assert "library-notice" not in page(built, "fr")  # the French home page is a real translation


def test_outdated_translation_links_what_changed_from_the_status_grid(built):
    grid = page(built, "editors/translations")
    assert '<a href="../../editors/translations/macao-basics-fr/">outdated: what changed</a>' in grid
    changes = page(built, "editors/translations/macao-basics-fr")
    assert "The fr translation (<code>factsheets/macao.fr.md</code>) was made from the English of 2026-03-01" in changes
    assert "neither in the translation memory nor in git history" in changes  # the fixture is not a git repository
