"""Collection listing pages (/factsheets/, /guides/, /case-studies/, /faq/) in every
language, computed from the whole library and written as markdown for the stage.

The lists of resources on generated pages (listings, term pages, what's new) are written
as raw HTML blocks with final URLs: Python-Markdown passes them through instead of
converting hundreds of list items once per language (README: Performance). MkDocs does
not validate links in raw HTML, so they are built here from the pages' URLs, and the
built site's crawl (tests/quality.py) checks them.
"""

from collections.abc import Collection
from datetime import date
from html import escape

from iplibrary.content_types import COLLECTIONS, CONTENT_TYPES
from iplibrary.freshness import badge_html, freshness_badge
from iplibrary.languages import LANGUAGES
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.ui_text import format_day, gettext, language_name
from iplibrary.urls import language_file, relative_url

MARKDOWN_SPECIALS = "\\`*_{}[]()#+!|<>"


_MARKDOWN_ESCAPES = str.maketrans({ch: f"\\{ch}" for ch in MARKDOWN_SPECIALS})


def escape_markdown(text: str) -> str:
    return text.translate(_MARKDOWN_ESCAPES)


def collection_title(collection: str, library: Library, lang: str) -> str:
    types = [t for t in CONTENT_TYPES if t.collection == collection]
    if len(types) == 1:
        return library.vocabulary.label("types", types[0].name, lang)
    return gettext(lang, "Guides")


def escape_text(text: str) -> str:
    """Text for HTML element content, escaped as Python-Markdown escapes text (quotes kept)."""
    return escape(text, quote=False)


def html_list(items: list[str]) -> str:
    """`<li>` items as a raw HTML block ('' for none); the page keeps a blank line around it."""
    return "<ul>\n" + "\n".join(items) + "\n</ul>\n" if items else ""


def english_marked(text_html: str, resource: Resource, lang: str) -> str:
    """`text_html` marked as English where the resource is a fallback in `lang` (WCAG 3.1.2)."""
    return f'<span lang="en">{text_html}</span>' if resource.state(lang) == FALLBACK else text_html


def listing_entry(resource: Resource, lang: str, link: str, today: date | None = None) -> str:
    """One resource as an HTML list item: linked title (with a new/updated badge while
    fresh on `today`), summary, date, languages; an FAQ's item carries its id as a
    stable anchor to share. `link` is the final URL of the resource's page."""
    badge = badge_html(freshness_badge(resource, today), lang) if today else ""
    languages = ", ".join(language_name(code) for code in resource.available_languages())
    meta = (f"{gettext(lang, 'Last updated')}: {format_day(resource.last_updated, lang)} · "
            f"{gettext(lang, 'Available in')}: {languages}")
    title = english_marked(escape_text(resource.title_in(lang)), resource, lang)
    summary = english_marked(escape_text(resource.summary_in(lang)), resource, lang)
    anchor = f' id="{escape(resource.id)}"' if resource.type.name == "faq" else ""
    return (f'<li{anchor}><a href="{escape(link)}">{title}</a>{" " + badge if badge else ""}<br />\n'
            f"  {summary}<br />\n"
            f"  <small>{escape_text(meta)}</small></li>")


# collection -> (sentence, link text) naming the book of the collection on the downloads page
BOOK_NOTES = {
    "faq": ("Every FAQ on this page is also in one printable PDF, the FAQ handbook, arranged by IP right and topic.",
            "Download the FAQ handbook and the other PDFs"),
    "case-studies": ("Every case study is also in one printable PDF, the case study catalogue.",
                     "Download the case study catalogue and the other PDFs"),
}


def collection_page(collection: str, library: Library, lang: str, today: date | None = None) -> str:
    title = collection_title(collection, library, lang)
    parts = [front_matter({"title": title, **SEARCH_EXCLUDED}), f"# {escape_markdown(title)}\n"]
    if collection in BOOK_NOTES:  # where readers look for the handbook, say where it is
        sentence, link = BOOK_NOTES[collection]
        parts.append(f"{escape_markdown(gettext(lang, sentence))} [{escape_markdown(gettext(lang, link))}](../downloads/index.md)\n")
    types = [t for t in CONTENT_TYPES if t.collection == collection]
    for ctype in types:
        resources = sorted(library.of_type(ctype.name), key=lambda r: r.title_in(lang).casefold())
        if len(types) > 1:
            parts.append(f"## {escape_markdown(library.vocabulary.label('types', ctype.name, lang))}\n")
        if not resources:
            parts.append(gettext(lang, "Nothing has been published here yet.") + "\n")
            continue
        parts.append(html_list([listing_entry(r, lang, relative_url(r.url(), f"{collection}/"), today)
                                for r in resources]))
    return "\n".join(parts)


def collection_files(library: Library, today: date | None = None,
                     languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    """Staged path -> markdown of each collection's index page in `languages`;
    with `today`, fresh resources carry a new/updated badge."""
    files = {}
    for collection in COLLECTIONS:
        for lang in languages:
            files[language_file(f"{collection}/index.md", lang)] = collection_page(collection, library, lang, today)
    return files
