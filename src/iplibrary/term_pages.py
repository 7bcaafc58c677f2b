"""Term pages (/library/<facet>/<term>/), facet index pages (/library/<facet>/) in every
language, written as markdown for the stage (their lists as raw HTML, see listings).
Every term gets a page, an empty one too."""

from collections.abc import Collection

from iplibrary.cross_index import facet_terms, group_by_type, resources_with_term
from iplibrary.facets import BY_NAME, FACET_ORDER, FACET_SEGMENTS
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.listings import escape_markdown, escape_text, html_list, listing_entry
from iplibrary.urls import language_file, relative_url
from iplibrary.model import Library
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.ui_text import gettext

TERM_FEED = "feed.xml"  # a term page's own feed, beside it (iplibrary.feeds writes it)


def facet_label(facet: str, lang: str, plural: bool = False) -> str:
    return gettext(lang, BY_NAME[facet].plural if plural else BY_NAME[facet].label)


def term_label(library: Library, facet: str, term: str, lang: str) -> str:
    return library.vocabulary.label(facet, term, lang)


def term_uri(facet: str, term: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return language_file(f"library/{FACET_SEGMENTS[facet]}/{term}.md", lang)


def term_url(facet: str, term: str) -> str:
    """Site-relative URL of a term page without the language prefix."""
    return f"library/{FACET_SEGMENTS[facet]}/{term}/"


def facet_url(facet: str) -> str:
    """Site-relative URL of a facet index page without the language prefix."""
    return f"library/{FACET_SEGMENTS[facet]}/"


def count_text(count: int, lang: str) -> str:
    if count == 1:
        return gettext(lang, "1 resource")
    return gettext(lang, "{count} resources", count=count)


def term_page(library: Library, facet: str, term: str, lang: str) -> str:
    label = term_label(library, facet, term, lang)
    resources = resources_with_term(library, facet, term)
    title = f"{facet_label(facet, lang)}: {label}"
    parts = [front_matter({"title": title, "description": gettext(lang, "Everything in the library on {term}.", term=label),
                           "term_feed": TERM_FEED, **SEARCH_EXCLUDED}),
             f"# {escape_markdown(title)}\n",
             f"{count_text(len(resources), lang)} · [{escape_markdown(gettext(lang, '{facet}: all terms', facet=facet_label(facet, lang, plural=True)))}](index.md)"
             f" · [{escape_markdown(gettext(lang, 'Filter the whole library'))}](../index.md)"
             f" · <a href=\"{TERM_FEED}\" type=\"application/rss+xml\">{escape_text(gettext(lang, 'RSS feed'))}</a>\n"]
    if not resources:
        parts.append(gettext(lang, "No resource carries this term yet.") + " "
                     + f"[{escape_markdown(gettext(lang, 'Questions about your case? Ask our free enquiry service.'))}](../../enquiry.md)\n")
    for type_name, group in group_by_type(resources):
        if facet != "types":
            parts.append(f"## {escape_markdown(library.vocabulary.label('types', type_name, lang))}\n")
        parts.append(html_list([listing_entry(r, lang, relative_url(r.url(), term_url(facet, term))) for r in group]))
    return "\n".join(parts)


def facet_index_page(library: Library, facet: str, lang: str) -> str:
    title = facet_label(facet, lang, plural=True)
    items = []
    for term in facet_terms(library, facet):
        count = len(resources_with_term(library, facet, term))
        link = relative_url(term_url(facet, term), facet_url(facet))
        items.append(f'<li><a href="{link}">{escape_text(term_label(library, facet, term, lang))}</a> ({count})</li>')
    return "\n".join([front_matter({"title": title, **SEARCH_EXCLUDED}), f"# {escape_markdown(title)}\n", html_list(items)])


def term_files(library: Library, languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    """Staged path -> markdown of every term page and facet index, in `languages`."""
    files = {}
    for lang in languages:
        for facet in FACET_ORDER:
            files[language_file(f"library/{FACET_SEGMENTS[facet]}/index.md", lang)] = facet_index_page(library, facet, lang)
            for term in facet_terms(library, facet):
                files[term_uri(facet, term, lang)] = term_page(library, facet, term, lang)
    return files
