"""Unit tests of the cross-index: term listings, related resources, finder filtering,
term pages and sitemaps, on a small library built in memory."""

from datetime import date

import pytest

from helpers import REPO
from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.cross_index import (MAX_RELATED, inbound_related, related_resources, relatedness,
                                   resources_with_term, term_counts)
from iplibrary.finder import finder_data, finder_page, matches
from iplibrary.model import Library, Resource, Translation
from iplibrary.sitemaps import real_languages, sitemap_xml
from iplibrary.urls import page_url
from iplibrary.term_pages import term_files, term_page
from iplibrary.vocabulary import load_vocabulary


def resource(rid, type_name="ip-guide", day=1, **terms) -> Resource:
    return Resource(id=rid, type=TYPES_BY_NAME[type_name], path=f"x/{rid}.md", title=rid.title(), summary=f"About {rid}.",
                    published=date(2026, 1, day), updated=None, body="Text.", **{k: tuple(v) for k, v in terms.items()})


@pytest.fixture
def library() -> Library:
    vocabulary, errors = load_vocabulary(REPO)
    assert errors == []
    items = [
        resource("designs", ip_rights=["designs"], regions=["hong-kong"], topics=["registration"], related=["fairs"]),
        resource("fairs", "horizontal", day=2, ip_rights=["designs", "trade-marks"], regions=["hong-kong"], topics=["trade-fairs"]),
        resource("marks", day=3, ip_rights=["trade-marks"], regions=["mainland-china"], topics=["registration"]),
        resource("hk", "factsheet", day=4, regions=["hong-kong"]),
        resource("faq-designs", "faq", day=5, ip_rights=["designs"]),
        resource("faq-marks", "faq", day=6, ip_rights=["trade-marks"]),
        resource("case-chair", "case-study", day=7, ip_rights=["designs"], regions=["hong-kong"]),
        resource("lonely", "sector", day=8, sectors=["automotive"]),
    ]
    items[0].translations["fr"] = Translation("fr", "x/designs.fr.md", "Dessins", "Sur les dessins.", date(2026, 1, 1), "Texte.")
    return Library(vocabulary=vocabulary, resources={r.id: r for r in items})


def ids(resources) -> list[str]:
    return [r.id for r in resources]


def test_resources_with_a_term_newest_first(library):
    assert ids(resources_with_term(library, "ip_rights", "designs")) == ["case-chair", "faq-designs", "fairs", "designs"]
    assert ids(resources_with_term(library, "types", "faq")) == ["faq-marks", "faq-designs"]
    assert resources_with_term(library, "regions", "macao") == []


def test_term_counts_cover_every_term_of_the_vocabulary(library):
    counts = term_counts(library)
    assert counts[("regions", "hong-kong")] == 4
    assert counts[("regions", "macao")] == 0
    assert counts[("types", "sector")] == 1
    assert len([key for key in counts if key[0] == "topics"]) == len(library.vocabulary.terms("topics"))


def test_an_ip_right_or_region_weighs_more_than_a_topic(library):
    get = library.get
    assert relatedness(get("designs"), get("fairs")) == 3 + 3  # designs + hong-kong
    assert relatedness(get("designs"), get("marks")) == 1  # registration only


def test_related_lists_explicit_first_then_computed_never_itself(library):
    related = related_resources(library, library.get("designs"))
    assert ids(related.main)[0] == "fairs"
    assert "designs" not in ids(related.all())
    assert ids(related.main) == ["fairs", "hk", "marks"]
    assert len(related.main) <= MAX_RELATED


def test_related_is_symmetric(library):
    inbound = inbound_related(library)
    assert "designs" in ids(related_resources(library, library.get("fairs"), inbound).main)
    for one in library.resources.values():
        for other in related_resources(library, one, inbound).main:
            if other.id in one.related:
                assert one.id in ids(related_resources(library, other, inbound).main)


def test_faqs_and_case_studies_on_the_same_ip_right_get_their_own_lists(library):
    related = related_resources(library, library.get("designs"))
    assert ids(related.faqs) == ["faq-designs"]
    assert ids(related.case_studies) == ["case-chair"]
    assert "faq-marks" not in ids(related.all())


def test_a_resource_sharing_nothing_has_no_computed_relations(library):
    assert related_resources(library, library.get("lonely")).all() == []


@pytest.mark.parametrize("selected, expected", [
    ({}, 8),
    ({"ip_rights": {"designs"}}, 4),
    ({"ip_rights": {"designs", "trade-marks"}}, 6),  # OR within a facet
    ({"ip_rights": {"designs"}, "regions": {"hong-kong"}}, 3),  # AND across facets
    ({"ip_rights": {"designs"}, "types": {"faq"}}, 1),
    ({"regions": {"macao"}}, 0),
])
def test_finder_filters_and_across_facets_or_within(library, selected, expected):
    index = finder_data(library, "en")["resources"]
    assert sum(matches(terms, selected) for terms in index.values()) == expected


def test_finder_lists_everything_without_javascript_and_links_every_facet(library):
    page = finder_page(library, "fr")
    assert page.count('<li data-id="') == 8
    assert '<a class="finder-title" href="../faq/faq-designs/" lang="en">' in page  # within French; untranslated: marked English
    assert "Dessins" in page  # the translated title
    for segment in ("types", "ip-rights", "regions", "sectors", "topics"):
        assert f'<a href="{segment}/">' in page
    assert '<form class="finder-facets" id="finder-facets" hidden' in page
    assert '"designs":{"types":["ip-guide"],"ip_rights":["designs"],"regions":["hong-kong"],"topics":["registration"],' in page


def test_term_page_groups_by_type_in_the_reader_language(library):
    page = term_page(library, "regions", "hong-kong", "de")
    assert "# Region: Hongkong" in page
    assert page.index("## Merkblätter") < page.index("## Leitfäden nach Schutzrecht") < page.index("## Fallstudien")
    # final URLs in a raw HTML list (Python-Markdown passes it through), the same in every language
    assert '<li><a href="../../../factsheets/hk/">' in page and '<li><a href="../../../guides/designs/">' in page
    assert "search:" in page and '{"exclude": true}' in page  # resources are indexed on their own pages


def test_empty_term_gets_a_page_that_says_so(library):
    page = term_page(library, "regions", "macao", "fr")
    assert "Aucune ressource ne porte encore ce terme." in page
    assert "](../../enquiry.md)" in page


def test_every_term_and_type_has_a_page_in_every_language(library):
    files = term_files(library)
    assert "library/regions/macao.md" in files and "library/regions/macao.zh.md" in files
    assert "library/types/case-study.pl.md" in files
    assert "library/ip-rights/index.it.md" in files
    terms = sum(len(library.vocabulary.terms(f)) for f in ("regions", "ip_rights", "sectors", "topics")) + 7
    assert len(files) == 7 * (terms + 5)


def test_sitemap_alternates_list_only_real_translations():
    staged = ["index.md", "index.fr.md", "faq/x.md", "faq/x.zh.md", "faq/y.md", "library/regions/index.md"]
    pages = real_languages(staged)
    assert pages == {"": ["en", "fr"], "faq/x/": ["en", "zh"], "faq/y/": ["en"], "library/regions/": ["en"]}
    xml = sitemap_xml("https://h.example/", {"faq/x/": ["en", "zh"]}, ["en", "de"])
    assert '<loc>https://h.example/de/faq/x/</loc>' in xml
    assert xml.count('hreflang="zh"') == 2 and 'hreflang="de"' not in xml
    assert xml.count('hreflang="x-default" href="https://h.example/faq/x/"') == 2


def test_page_url_of_staged_paths():
    assert page_url("index.md") == ""
    assert page_url("faq/index.md") == "faq/"
    assert page_url("library/regions/hong-kong.md") == "library/regions/hong-kong/"


def _related_by_comparing_with_every_resource(library, resource, inbound):
    """The related lists as they were computed before RelatedIndex: every other resource
    scored and sorted (the reference the index must give exactly)."""
    from iplibrary.cross_index import MAX_SIDE_LIST, SIDE_TYPES, Related

    chosen = []
    for rid in [*resource.related, *inbound.get(resource.id, [])]:
        if rid != resource.id and rid not in chosen:
            chosen.append(rid)
    candidates = sorted((r for r in library.resources.values() if r.id != resource.id and r.id not in chosen),
                        key=lambda r: (-relatedness(resource, r), -r.last_updated.toordinal(), r.id))
    computed_main = [r for r in candidates if r.type.name not in SIDE_TYPES and relatedness(resource, r) > 0]
    main = [library.get(rid) for rid in chosen] + computed_main[: max(0, MAX_RELATED - len(chosen))]
    shown = {r.id for r in main}
    rights = set(resource.ip_rights)

    def side(type_name):
        return [r for r in candidates if r.type.name == type_name and r.id not in shown and rights & set(r.ip_rights)][:MAX_SIDE_LIST]

    return Related(main=main, faqs=side("faq"), case_studies=side("case-study"))


@pytest.mark.parametrize("count, seed", [(40, 1), (150, 2), (300, 3)])
def test_related_lists_from_the_index_are_those_of_comparing_every_resource(tmp_path, count, seed):
    from datetime import date

    from helpers import REPO
    from iplibrary.bench.projects import write_our_project
    from iplibrary.bench.synthetic import LibrarySpec, synthetic_resources
    from iplibrary.cross_index import RelatedIndex
    from iplibrary.facets import FACETS
    from iplibrary.library import load_library
    from iplibrary.vocabulary import load_vocabulary

    vocabulary, _ = load_vocabulary(REPO)
    resources = synthetic_resources(LibrarySpec(resources=count, translated_share=0.0, words=60, seed=seed),
                                    {facet: vocabulary.terms(facet) for facet in FACETS}, date(2026, 11, 20))
    synthetic = load_library(write_our_project(tmp_path, REPO, resources))
    inbound, index = inbound_related(synthetic), RelatedIndex(synthetic)
    for resource in synthetic.resources.values():
        expected = _related_by_comparing_with_every_resource(synthetic, resource, inbound)
        assert related_resources(synthetic, resource, inbound, index) == expected, resource.id
