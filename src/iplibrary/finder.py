"""The finder (/library/ in every language): a text box and the facets on one page.

The page lists every resource and links every term page without JavaScript. With it,
overrides/assets/finder.js filters that list: AND across facets, OR within one, each
value showing how many results it would give if chosen (given the text and the other
facets), Pagefind for the text (iplibrary.search_index), sorting, 20 at a time, and the
whole state in the URL (?q=…&ip_rights=designs&regions=hong-kong&sort=newest).

The facets of every resource travel in the page as compact JSON (`finder_data`): the
counts are computed in the browser from it, intersected with Pagefind's results when
there is a text; no request is needed without one. Also the search boxes that lead to
the finder: the header's on every page, the home page's. Knows nothing of MkDocs.
"""

import json
from collections.abc import Collection
from html import escape

from iplibrary.cross_index import facet_terms, terms_of
from iplibrary.downloads.downloads import Downloads
from iplibrary.facets import FACET_ORDER, FACET_SEGMENTS
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES, one_language
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.search_index import IDS_FILE, PAGEFIND_DIR
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.term_pages import count_text, facet_label, term_label
from iplibrary.ui_text import format_day, gettext, language_name
from iplibrary.urls import link_in_language, relative_link, relative_root, url_prefix

LANGUAGE_FACET = "languages"  # "available in <this language>": a resource with a text of its own in it
PAGE_SIZE = 20  # results shown at a time ("show more" adds as many)
SORTS = ("relevance", "newest", "title")
FINDER_DIR = "library/"


def finder_url(lang: str) -> str:
    return f"{url_prefix(lang)}{FINDER_DIR}"


def facets(lang: str) -> tuple[str, ...]:
    """The finder's facets in `lang`; on English pages every resource is available in
    English, so the language facet would choose nothing."""
    return FACET_ORDER if lang == DEFAULT_LANGUAGE else (*FACET_ORDER, LANGUAGE_FACET)


def resource_facets(resource: Resource, lang: str) -> dict[str, list[str]]:
    """facet -> terms of a resource as the finder in `lang` filters it."""
    found = {facet: list(terms_of(resource, facet)) for facet in FACET_ORDER if terms_of(resource, facet)}
    if lang != DEFAULT_LANGUAGE and resource.state(lang) != FALLBACK:
        found[LANGUAGE_FACET] = [lang]
    return found


def finder_data(library: Library, lang: str) -> dict:
    """What the finder script runs on: the facets, their URL segments (term feeds), and per
    resource its terms and last update (for "newest")."""
    return {"facets": list(facets(lang)),
            "segments": {facet: FACET_SEGMENTS[facet] for facet in FACET_ORDER},
            "resources": {r.id: {**resource_facets(r, lang), "date": r.last_updated.isoformat()}
                          for r in sorted(library.resources.values(), key=lambda r: r.id)}}


def matches(resource_terms: dict[str, list[str]], selected: dict[str, set[str]]) -> bool:
    """AND across facets, OR within a facet; a facet with nothing selected does not filter."""
    return all(not wanted or wanted & set(resource_terms.get(facet, ())) for facet, wanted in selected.items())


def counts_if_chosen(data: dict, selected: dict[str, set[str]], found: set[str] | None = None) -> dict[str, dict[str, int]]:
    """facet -> value -> how many resources the finder would show if the value were chosen,
    given the text's results (`found`, None without a text) and the other facets'
    selections: a value's count ignores its own facet's selection (OR within a facet), as
    in GOV.UK's finders. finder.js computes the same in the browser."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in data["facets"]}
    for rid, terms in data["resources"].items():
        if found is not None and rid not in found:
            continue
        for facet in data["facets"]:
            others = {f: wanted for f, wanted in selected.items() if f != facet}
            if matches(terms, others):
                for value in terms.get(facet, ()):
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    return counts


def facet_values(library: Library, facet: str, lang: str) -> list[tuple[str, str]]:
    """(value, label) of a facet's checkboxes in `lang`."""
    if facet == LANGUAGE_FACET:
        return [(lang, gettext(lang, "Available in this language"))]
    return [(term, term_label(library, facet, term, lang)) for term in facet_terms(library, facet)]


def _fieldset(library: Library, facet: str, lang: str, counts: dict[str, int]) -> str:
    boxes = []
    for value, label in facet_values(library, facet, lang):
        count = counts.get(value, 0)
        dimmed = " finder-value--none" if not count else ""
        boxes.append(f'<label class="finder-value{dimmed}"><input type="checkbox" name="{facet}" value="{escape(value)}" data-label="{escape(label)}"> '
                     f'{escape(label)} <span class="finder-n">({count})</span></label>')
    legend = gettext(lang, "Language") if facet == LANGUAGE_FACET else facet_label(facet, lang, plural=True)
    return f'<fieldset><legend>{escape(legend)}</legend>{"".join(boxes)}</fieldset>'


def _entry(library: Library, resource: Resource, lang: str, downloads: Downloads | None) -> str:
    root = relative_root(finder_url(lang))  # the site's, where the downloads are
    lang_attr = ' lang="en"' if resource.state(lang) == FALLBACK else ""  # English text here (WCAG 3.1.2)
    languages = ", ".join(language_name(code) for code in resource.available_languages())
    facts = [f'{escape(gettext(lang, "Last updated"))}: <time datetime="{resource.last_updated.isoformat()}">'
             f'{escape(format_day(resource.last_updated, lang))}</time>',
             f'{escape(gettext(lang, "Available in"))}: {escape(languages)}']
    pdf = downloads.resource_pdf(resource, lang) if downloads else None
    if pdf is not None:
        hreflang = f' hreflang="{pdf.lang}"' if pdf.lang != lang else ""
        facts.append(f'<a href="{root}{pdf.path}" type="application/pdf"{hreflang}>PDF</a>')
    return (f'<li data-id="{escape(resource.id)}">'
            f'<a class="finder-title" href="{link_in_language(finder_url(lang), resource.url(lang), lang)}"{lang_attr}>{escape(resource.title_in(lang))}</a> '
            f'<span class="library-type">{escape(library.vocabulary.label("types", resource.type.name, lang))}</span>'
            f'<p class="finder-summary"{lang_attr}>{escape(resource.summary_in(lang))}</p>'
            f'<p class="finder-facts"><small>{" · ".join(facts)}</small></p></li>')


def _strings(lang: str) -> str:
    strings = {"one": gettext(lang, "1 resource"), "other": gettext(lang, "{count} resources"),
               "filters": gettext(lang, "Filters ({count})"), "none": gettext(lang, "No resource matches: remove a filter or change the words."),
               "searching": gettext(lang, "Searching…"), "feed": gettext(lang, "Follow {term} (RSS feed)"),
               "unavailable": gettext(lang, "Search is not available right now: the filters still work.")}
    return escape(json.dumps(strings, ensure_ascii=False))


def finder_page(library: Library, lang: str, downloads: Downloads | None = None, *, preview: bool = False) -> str:
    """The finder in `lang`; a one-language `preview` has no English finder to offer."""
    resources = sorted(library.resources.values(), key=lambda r: r.title_in(lang).casefold())
    title = gettext(lang, "Browse the library")
    data = finder_data(library, lang)
    counts = counts_if_chosen(data, {})
    fieldsets = "".join(_fieldset(library, facet, lang, counts[facet]) for facet in data["facets"])
    root = relative_root(finder_url(lang))
    browse = " · ".join(f'<a href="{FACET_SEGMENTS[facet]}/">{escape(facet_label(facet, lang, plural=True))}</a>' for facet in FACET_ORDER)
    sorts = {"relevance": gettext(lang, "Relevance"), "newest": gettext(lang, "Newest first"), "title": gettext(lang, "Title")}
    options = "".join(f'<option value="{value}">{escape(label)}</option>' for value, label in sorts.items())
    data_json = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    attributes = (f'data-lang="{lang}" data-page-size="{PAGE_SIZE}" data-pagefind="{root}{PAGEFIND_DIR}/pagefind.js" '
                  f'data-ids="{root}{PAGEFIND_DIR}/{IDS_FILE.format(lang=lang)}" data-strings="{_strings(lang)}"')
    return "\n".join([
        front_matter({"title": title, "description": gettext(lang, "Every guide, factsheet, case study and FAQ of the library, with filters."),
                      "hide": ["toc"], **SEARCH_EXCLUDED}),  # no table of contents: the results need the width
        f"# {escape(title)}\n",
        f'<div class="finder" id="finder" {attributes}>',
        f'<form class="finder-search" id="finder-search" role="search" action="./" method="get" hidden>'
        f'<label for="finder-q">{escape(gettext(lang, "Words to find"))}</label> '
        f'<input type="search" id="finder-q" name="q" autocomplete="off"> '
        f'<button type="submit" class="md-button md-button--primary">{escape(gettext(lang, "Search"))}</button></form>',
        f'<p class="library-browse">{escape(gettext(lang, "Browse by"))}: {browse}</p>',
        '<div class="finder-layout">',
        f'<div class="finder-side"><button type="button" class="md-button finder-toggle" id="finder-toggle" aria-expanded="false" '
        f'aria-controls="finder-facets" hidden>{escape(gettext(lang, "Filters ({count})", count=0))}</button>'
        f'<form class="finder-facets" id="finder-facets" hidden aria-label="{escape(gettext(lang, "Filter the library"))}">{fieldsets}'
        f'<p><button type="reset" class="md-button">{escape(gettext(lang, "Clear filters"))}</button></p></form></div>',
        '<div class="finder-main">',
        f'<div class="finder-bar"><p id="finder-count" class="library-count" role="status" aria-live="polite">{escape(count_text(len(resources), lang))}</p>'
        f'<p class="finder-sort" hidden><label for="finder-sort">{escape(gettext(lang, "Sort by"))}</label> '
        f'<select id="finder-sort" name="sort">{options}</select></p></div>',
        '<p class="finder-feed" id="finder-feed" hidden><a href="./"></a></p>',
        ('' if lang == DEFAULT_LANGUAGE or preview else  # fallback copies are found here by title and summary only
        f'<p class="finder-english" id="finder-english" hidden><a href="{relative_link(finder_url(lang), finder_url(DEFAULT_LANGUAGE))}" hreflang="en">'
        f'{escape(gettext(lang, "Search the English texts of the library too"))}</a></p>'),
        f'<ol class="finder-list" id="finder-list">{"".join(_entry(library, r, lang, downloads) for r in resources)}</ol>',
        f'<p><button type="button" class="md-button" id="finder-more" hidden>{escape(gettext(lang, "Show more"))}</button></p>',
        '</div></div>',
        f'<script type="application/json" id="finder-data">{data_json}</script>',
        '</div>\n',
    ])


def finder_files(library: Library, languages: Collection[str] = LANGUAGES, downloads: Downloads | None = None) -> dict[str, str]:
    preview = one_language(languages)
    return {f"library/index{'' if lang == DEFAULT_LANGUAGE else '.' + lang}.md": finder_page(library, lang, downloads, preview=preview)
            for lang in languages}


def search_box_html(lang: str, page_url: str, *, home: bool = False, preview: bool = False) -> str:
    """A search box that opens the finder in `lang` with its words (?q=…): the header's on
    every page, or the home page's bigger one. Works without JavaScript. A one-language
    `preview` sits at the site root, its finder too."""
    action = relative_root(page_url) + (FINDER_DIR if preview else finder_url(lang))
    label = gettext(lang, "Search the library")
    field_id = "library-home-q" if home else "library-site-q"
    css = "library-home-search" if home else "library-site-search"
    return (f'<form class="{css}" role="search" action="{action}" method="get" data-pagefind-ignore>'
            f'<label for="{field_id}" class="{"" if home else "library-visually-hidden"}">{escape(label)}</label>'
            f'<input type="search" id="{field_id}" name="q" placeholder="{escape(gettext(lang, "Words to find"))}">'
            f'<button type="submit" class="md-button{" md-button--primary" if home else ""}">{escape(gettext(lang, "Search"))}</button></form>')
