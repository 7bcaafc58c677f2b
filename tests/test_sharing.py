"""Unit tests of what intermediaries share and reuse: link previews (Open Graph), JSON-LD
(parsed strictly), an FAQ's last-checked date and copy-link control, stable anchors on
listings, and the catalogue with its JSON Schema. On a small library built in memory."""

import json
import re
from datetime import date
from importlib import resources as package_files

import jsonschema
import markdown
import pytest

from helpers import REPO
from iplibrary.catalogue import SCHEMA_VERSION, build_catalogue, pdf_url, write_catalogue
from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.errors import BuildFailed
from iplibrary.faq_page import faq_share_html
from iplibrary.head import PageInfo, json_ld_script, og_locale, page_head, plain_text
from iplibrary.languages import LANGUAGES
from iplibrary.listings import collection_page
from iplibrary.model import Library, Resource, Translation
from iplibrary.vocabulary import load_vocabulary

SITE_URL = "https://helpdesk.example.org/"


def resource(rid, type_name="faq", **fields) -> Resource:
    values = dict(id=rid, type=TYPES_BY_NAME[type_name], path=f"x/{rid}.md", title=f"Title of {rid}?",
                  summary=f"About {rid}.", published=date(2026, 3, 1), updated=None, body="Text.")
    values.update(fields)
    return Resource(**values)


@pytest.fixture
def library() -> Library:
    vocabulary, errors = load_vocabulary(REPO)
    assert errors == []
    items = [
        resource("first-to-file", ip_rights=("trade-marks",), regions=("mainland-china", "hong-kong"), topics=("registration",),
                 updated=date(2026, 10, 2), aliases=("old-first",)),
        resource("fair-guide", "horizontal", topics=("trade-fairs",), related=("first-to-file",)),
        resource("tricky", title='Is <script> & "this" safe?', summary="A </script> summary & more."),
    ]
    items[0].translations["fr"] = Translation("fr", "x/f.fr.md", "Premier déposant ?", "Le premier à déposer.", date(2026, 10, 2), "Texte.")
    items[0].translations["zh"] = Translation("zh", "x/f.zh.md", "先申请？", "先申请原则。", date(2026, 3, 1), "文本。")
    return Library(vocabulary=vocabulary, resources={r.id: r for r in items})


def page(lang="en", **changes) -> PageInfo:
    values = dict(lang=lang, title="Title", description="Description", canonical_url=SITE_URL + "faq/first-to-file/",
                  site_name="IP Helpdesk Resource Library", site_url=SITE_URL)
    values.update(changes)
    return PageInfo(**values)


def meta(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta property="([^"]+)" content="([^"]*)">', html):
        found.setdefault(name, []).append(content)
    return found


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD block, parsed strictly (no NaN, no trailing commas, no duplicates)."""
    def strict_pairs(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys {keys}"
        return dict(pairs)

    def no_constants(name):
        raise ValueError(f"not JSON: {name}")

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block, object_pairs_hook=strict_pairs, parse_constant=no_constants) for block in blocks]


# --- Open Graph -----------------------------------------------------------------------

def test_og_locales():
    assert [og_locale(lang) for lang in LANGUAGES] == ["en_GB", "fr_FR", "de_DE", "it_IT", "es_ES", "pl_PL", "zh_CN"]


def test_open_graph_of_a_translated_resource(library):
    html = page_head(page("fr", title="Premier déposant ?", description="Le premier à déposer.",
                          canonical_url=SITE_URL + "fr/faq/first-to-file/", site_name="Bibliothèque"), library, "first-to-file")
    tags = meta(html)
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Premier déposant ?"] and tags["og:description"] == ["Le premier à déposer."]
    assert tags["og:locale"] == ["fr_FR"] and tags["og:locale:alternate"] == ["en_GB", "zh_CN"]
    assert tags["og:url"] == [SITE_URL + "fr/faq/first-to-file/"] and tags["og:site_name"] == ["Bibliothèque"]
    assert tags["article:modified_time"] == ["2026-10-02"]


def test_open_graph_of_a_fallback_copy_is_english_like_its_text(library):
    tags = meta(page_head(page("de"), library, "first-to-file"))
    assert tags["og:locale"] == ["en_GB"] and "en_GB" not in tags["og:locale:alternate"]


def test_open_graph_of_other_pages(library):
    home = meta(page_head(page("zh", title="首页", is_home=True, site_name="知识产权服务台资源库", canonical_url=SITE_URL + "zh/")))
    assert home["og:type"] == ["website"] and home["og:title"] == ["知识产权服务台资源库"] and home["og:locale"] == ["zh_CN"]
    assert "og:locale:alternate" not in home
    assert "og:url" not in meta(page_head(page(canonical_url="")))


def test_open_graph_escapes_attributes(library):
    html = page_head(page(title='A "quoted" <title> & more'))
    assert '<meta property="og:title" content="A &quot;quoted&quot; &lt;title&gt; &amp; more">' in html


# --- JSON-LD ----------------------------------------------------------------------------

def test_faq_page_json_ld(library):
    answer = '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">&para;</a></h2><p>File <em>early</em>.<br>Really.</p>'
    blocks = json_ld(page_head(page("fr", canonical_url=SITE_URL + "fr/faq/first-to-file/"), library, "first-to-file", answer))
    assert [b["@type"] for b in blocks] == ["FAQPage", "BreadcrumbList"]
    faq = blocks[0]
    assert faq["@context"] == "https://schema.org" and faq["inLanguage"] == "fr"
    question = faq["mainEntity"][0]
    assert question["@type"] == "Question" and question["name"] == "Premier déposant ?"
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert question["acceptedAnswer"]["text"] == "Why File early. Really."
    assert faq["url"] == SITE_URL + "fr/faq/first-to-file/" and faq["dateModified"] == "2026-10-02"


def test_breadcrumbs_follow_the_visible_trail(library):
    crumbs = json_ld(page_head(page("fr", canonical_url=SITE_URL + "fr/faq/first-to-file/"), library, "first-to-file"))[1]
    items = crumbs["itemListElement"]
    assert [i["@type"] for i in items] == ["ListItem"] * 3
    assert [i["position"] for i in items] == [1, 2, 3]
    assert [i["item"] for i in items] == [SITE_URL + "fr/", SITE_URL + "fr/faq/", SITE_URL + "fr/faq/first-to-file/"]
    assert items[2]["name"] == "Premier déposant ?"
    guide = json_ld(page_head(page("en", canonical_url=SITE_URL + "guides/fair-guide/"), library, "fair-guide"))[1]
    assert [i["item"] for i in guide["itemListElement"]] == [
        SITE_URL, SITE_URL + "guides/", SITE_URL + "library/types/horizontal/", SITE_URL + "guides/fair-guide/"]


def test_article_json_ld_on_other_resources(library):
    blocks = json_ld(page_head(page("en", canonical_url=SITE_URL + "guides/fair-guide/"), library, "fair-guide"))
    assert [b["@type"] for b in blocks] == ["Article", "BreadcrumbList"]
    article = blocks[0]
    assert article["headline"] == "Title of fair-guide?" and article["description"] == "About fair-guide."
    assert article["datePublished"] == "2026-03-01" and article["dateModified"] == "2026-03-01"
    assert article["publisher"]["@type"] == "Organization" and article["mainEntityOfPage"] == SITE_URL + "guides/fair-guide/"
    assert article["keywords"] == ["Trade fairs"]


def test_no_json_ld_on_non_resource_pages(library):
    assert json_ld(page_head(page(), library, None)) == []


def test_json_ld_cannot_break_out_of_its_script(library):
    html = page_head(page(), library, "tricky", "<p>Ends with &lt;/script&gt; here.</p>")
    assert html.count("</script>") == 2
    faq = json_ld(html)[0]
    assert faq["name"] == 'Is <script> & "this" safe?'
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Ends with </script> here."
    assert json_ld_script({"a": "</script><!--"}) == '<script type="application/ld+json">{"a":"\\u003c/script\\u003e\\u003c!--"}</script>'


def test_plain_text_of_rendered_markdown():
    html = markdown.markdown('!!! abstract "Key points"\n\n    - One\n    - Two\n\n## Next {#next}\n\nA | B\n--|--\n1 | 2\n',
                             extensions=["admonition", "attr_list", "tables"])
    assert plain_text(html) == "Key points One Two Next A B 1 2"


# --- FAQ pages ---------------------------------------------------------------------------

def test_faq_share_block(library):
    html = faq_share_html(library.get("first-to-file"), "fr", SITE_URL)
    assert 'Dernière vérification : <time datetime="2026-10-02">2 octobre 2026</time>' in html
    assert f'<a class="library-share__url" href="{SITE_URL}fr/faq/first-to-file/">{SITE_URL}fr/faq/first-to-file/</a>' in html
    button = re.search(r"<button[^>]*>[^<]*</button>", html).group(0)
    assert 'type="button"' in button and " hidden>" in button and ">Copier le lien</button>" in button
    assert f'data-copy-url="{SITE_URL}fr/faq/first-to-file/"' in button and 'data-copied="Lien copié"' in button
    assert 'role="status"' in html


def test_faq_share_block_copies_the_canonical_url(library):
    # a fallback copy's canonical URL is the English page
    assert f'data-copy-url="{SITE_URL}faq/first-to-file/"' in faq_share_html(library.get("first-to-file"), "de", SITE_URL)
    assert "Zuletzt geprüft:" in faq_share_html(library.get("first-to-file"), "de", SITE_URL)
    # never an unescaped URL or a share block for other types
    assert faq_share_html(library.get("fair-guide"), "en", SITE_URL) == ""
    assert "<button" not in faq_share_html(library.get("first-to-file"), "en", "")


def test_copy_link_script_is_small_and_local():
    script = (REPO / "overrides/assets/copy-link.js").read_text(encoding="utf-8")
    assert len(script) < 4000
    assert "://" not in script  # no third party
    assert "navigator.clipboard.writeText" in script and "data-copy-url" in script
    assert "assets/copy-link.js" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_faq_listing_gives_each_question_an_anchor_named_after_its_id(library):
    for lang in ("en", "zh"):
        html = markdown.markdown(collection_page("faq", library, lang), extensions=["attr_list", "md_in_html", "meta"])
        assert '<li id="first-to-file">' in html and '<li id="tricky">' in html
        assert "{#" not in html
    guides = markdown.markdown(collection_page("guides", library, "en"), extensions=["attr_list", "md_in_html", "meta"])
    assert 'id="fair-guide"' not in guides


# --- the catalogue ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalogue_schema() -> dict:
    schema = json.loads(package_files.files("iplibrary.schemas").joinpath("catalogue.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_catalogue_validates_against_its_schema(library, catalogue_schema):
    catalogue = build_catalogue(library, SITE_URL)
    jsonschema.Draft202012Validator(catalogue_schema, format_checker=jsonschema.FormatChecker()).validate(catalogue)
    assert catalogue["schema_version"] == SCHEMA_VERSION == catalogue_schema["properties"]["schema_version"]["const"]


def test_catalogue_entry_of_a_resource(library):
    entry = next(r for r in build_catalogue(library, SITE_URL)["resources"] if r["id"] == "first-to-file")
    assert entry["type"] == "faq" and entry["aliases"] == ["old-first"]
    assert entry["terms"] == {"regions": ["mainland-china", "hong-kong"], "ip_rights": ["trade-marks"], "sectors": [], "topics": ["registration"]}
    assert (entry["published"], entry["updated"], entry["last_updated"]) == ("2026-03-01", "2026-10-02", "2026-10-02")
    assert list(entry["languages"]) == list(LANGUAGES)
    assert entry["languages"]["fr"] == {
        "state": "translated", "text_language": "fr", "title": "Premier déposant ?", "summary": "Le premier à déposer.",
        "url": SITE_URL + "fr/faq/first-to-file/", "pdf_url": SITE_URL + "downloads/fr/first-to-file.pdf"}
    assert entry["languages"]["zh"]["state"] == "outdated"
    assert entry["languages"]["zh"]["pdf_url"] == SITE_URL + "downloads/zh/first-to-file.pdf"
    assert entry["languages"]["de"] == {
        "state": "fallback", "text_language": "en", "title": "Title of first-to-file?", "summary": "About first-to-file.",
        "url": SITE_URL + "de/faq/first-to-file/", "pdf_url": SITE_URL + "downloads/en/first-to-file.pdf"}


def test_catalogue_vocabulary_and_order(library):
    catalogue = build_catalogue(library, "https://partner.example/site")
    assert catalogue["site_url"] == "https://partner.example/site/"
    assert [r["id"] for r in catalogue["resources"]] == ["fair-guide", "first-to-file", "tricky"]
    assert catalogue["vocabulary"]["ip_rights"]["trade-marks"] == {
        "en": "Trade marks", "fr": "Marques", "de": "Marken", "it": "Marchi", "es": "Marcas", "pl": "Znaki towarowe", "zh": "商标"}
    assert set(catalogue["vocabulary"]["types"]) == set(TYPES_BY_NAME)


def test_catalogue_needs_an_absolute_site_url(library):
    with pytest.raises(BuildFailed, match=r"^library.json: site_url in mkdocs.yml must be an absolute http\(s\) URL"):
        build_catalogue(library, "")


def test_schema_rejects_what_partners_must_not_get(library, catalogue_schema):
    validator = jsonschema.Draft202012Validator(catalogue_schema)
    catalogue = build_catalogue(library, SITE_URL)
    catalogue["resources"][0]["languages"]["fr"]["state"] = "machine-translated"
    catalogue["resources"][1]["surprise"] = True
    catalogue["resources"][2]["languages"]["de"]["pdf_url"] = "/downloads/de/x.pdf"
    problems = sorted(e.message for e in validator.iter_errors(catalogue))
    assert len(problems) == 3
    assert any("surprise" in p for p in problems) and any("machine-translated" in p for p in problems)


def test_write_catalogue(library, tmp_path):
    path = write_catalogue(tmp_path, library, SITE_URL, list(LANGUAGES))
    assert path == tmp_path / "library.json"
    assert json.loads(path.read_text(encoding="utf-8")) == build_catalogue(library, SITE_URL)


def test_pdf_url_of_each_state(library):
    first = library.get("first-to-file")
    assert [pdf_url(first, lang, SITE_URL) for lang in ("en", "fr", "zh", "pl")] == [
        SITE_URL + "downloads/en/first-to-file.pdf", SITE_URL + "downloads/fr/first-to-file.pdf",
        SITE_URL + "downloads/zh/first-to-file.pdf", SITE_URL + "downloads/en/first-to-file.pdf"]
