"""The library hub (/library/ in every language): every resource, with filters that
combine (AND across facets, OR within one) and a live count.

The page lists everything and links to every term page without JavaScript; with it,
overrides/assets/library-filter.js filters the list from the compact JSON index embedded
in the page, and keeps the filter state in the URL query (?ip_rights=designs&regions=hong-kong).
"""

import json
from collections.abc import Collection
from html import escape

from iplibrary.cross_index import facet_terms, resources_with_term, terms_of
from iplibrary.facets import FACET_ORDER, FACET_SEGMENTS
from iplibrary.languages import LANGUAGES
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.term_pages import count_text, facet_label, term_label
from iplibrary.ui_text import format_day, gettext, language_name
from iplibrary.urls import language_file


def filter_index(library: Library) -> dict:
    """The compact index the filters run on: resource id -> facet -> terms."""
    return {"facets": list(FACET_ORDER),
            "resources": {r.id: {facet: list(terms_of(r, facet)) for facet in FACET_ORDER if terms_of(r, facet)}
                          for r in library.resources.values()}}


def matches(resource_terms: dict[str, list[str]], selected: dict[str, set[str]]) -> bool:
    """AND across facets, OR within a facet; a facet with nothing selected does not filter."""
    return all(not wanted or wanted & set(resource_terms.get(facet, ())) for facet, wanted in selected.items())


def _entry(library: Library, resource: Resource, lang: str) -> str:
    link = f"../{resource.collection}/{resource.id}/"
    type_label = escape(resource.type.name)
    languages = ", ".join(language_name(code) for code in resource.available_languages())
    lang_attr = ' lang="en"' if resource.state(lang) == FALLBACK else ""  # English text here (WCAG 3.1.2)
    return (f'<li data-id="{escape(resource.id)}">'
            f'<a href="{link}"{lang_attr}>{escape(resource.title_in(lang))}</a> '
            f'<span class="library-type" data-type="{type_label}">{escape(library.vocabulary.label("types", resource.type.name, lang))}</span><br>'
            f'<span{lang_attr}>{escape(resource.summary_in(lang))}</span><br>'
            f'<small>{escape(gettext(lang, "Last updated"))}: {escape(format_day(resource.last_updated, lang))} · '
            f'{escape(gettext(lang, "Available in"))}: {escape(languages)}</small></li>')


def hub_page(library: Library, lang: str) -> str:
    resources = sorted(library.resources.values(), key=lambda r: r.title_in(lang).casefold())
    title = gettext(lang, "Browse the library")
    fieldsets = []
    for facet in FACET_ORDER:
        boxes = []
        for term in facet_terms(library, facet):
            count = len(resources_with_term(library, facet, term))
            boxes.append(f'<label><input type="checkbox" name="{facet}" value="{escape(term)}"> '
                         f'{escape(term_label(library, facet, term, lang))} <span class="library-filter__n">({count})</span></label>')
        fieldsets.append(f'<fieldset><legend>{escape(facet_label(facet, lang, plural=True))}</legend>{"".join(boxes)}</fieldset>')
    browse = " · ".join(f'<a href="{FACET_SEGMENTS[facet]}/">{escape(facet_label(facet, lang, plural=True))}</a>' for facet in FACET_ORDER)
    index_json = json.dumps(filter_index(library), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    count_templates = escape(json.dumps({"one": gettext(lang, "1 resource"), "other": gettext(lang, "{count} resources")}, ensure_ascii=False))
    return "\n".join([
        front_matter({"title": title, "description": gettext(lang, "Every guide, factsheet, case study and FAQ of the library, with filters."),
                      **SEARCH_EXCLUDED}),
        f"# {escape(title)}\n",
        f'<p class="library-browse">{escape(gettext(lang, "Browse by"))}: {browse}</p>\n',
        f'<form class="library-filter" id="library-filter" hidden aria-label="{escape(gettext(lang, "Filter the library"))}" data-counts="{count_templates}">'
        f'{"".join(fieldsets)}'
        f'<p><button type="reset" class="md-button">{escape(gettext(lang, "Clear filters"))}</button></p></form>\n',
        f'<p id="library-count" class="library-count" role="status" aria-live="polite">{escape(count_text(len(resources), lang))}</p>\n',
        f'<ul class="library-list" id="library-list">{"".join(_entry(library, r, lang) for r in resources)}</ul>\n',
        f'<script type="application/json" id="library-index">{index_json}</script>\n',
    ])


def hub_files(library: Library, languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    return {language_file("library/index.md", lang): hub_page(library, lang) for lang in languages}
