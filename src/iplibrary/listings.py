"""Collection listing pages (/factsheets/, /guides/, /case-studies/, /faq/) in every
language, computed from the whole library and written as markdown for the stage."""

from datetime import date

from iplibrary.content_types import COLLECTIONS, CONTENT_TYPES
from iplibrary.freshness import badge_html, freshness_badge
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.staging import front_matter
from iplibrary.ui_text import format_day, gettext, language_name

MARKDOWN_SPECIALS = "\\`*_{}[]()#+!|<>"


_MARKDOWN_ESCAPES = str.maketrans({ch: f"\\{ch}" for ch in MARKDOWN_SPECIALS})


def escape_markdown(text: str) -> str:
    return text.translate(_MARKDOWN_ESCAPES)


def collection_title(collection: str, library: Library, lang: str) -> str:
    types = [t for t in CONTENT_TYPES if t.collection == collection]
    if len(types) == 1:
        return library.vocabulary.label("types", types[0].name, lang)
    return gettext(lang, "Guides")


def listing_entry(resource: Resource, lang: str, link: str, today: date | None = None) -> str:
    """One resource as a markdown list item: linked title (with a new/updated badge
    while fresh on `today`), summary, date, languages."""
    badge = badge_html(freshness_badge(resource, today), lang) if today else ""
    languages = ", ".join(language_name(code) for code in resource.available_languages())
    meta = (f"{gettext(lang, 'Last updated')}: {format_day(resource.last_updated, lang)} · "
            f"{gettext(lang, 'Available in')}: {languages}")
    title, summary = escape_markdown(resource.title_in(lang)), escape_markdown(resource.summary_in(lang))
    if resource.state(lang) == FALLBACK:  # English text on another language's page (WCAG 3.1.2)
        title, summary = f'<span lang="en">{title}</span>', f'<span lang="en">{summary}</span>'
    return (f"- [{title}]({link}){' ' + badge if badge else ''}  \n"
            f"  {summary}  \n"
            f"  <small>{meta}</small>"
            + (f"\n  {{#{resource.id}}}" if resource.type.name == "faq" else ""))  # a stable anchor to share


def collection_page(collection: str, library: Library, lang: str, today: date | None = None) -> str:
    title = collection_title(collection, library, lang)
    parts = [front_matter({"title": title}), f"# {escape_markdown(title)}\n"]
    types = [t for t in CONTENT_TYPES if t.collection == collection]
    for ctype in types:
        resources = sorted(library.of_type(ctype.name), key=lambda r: r.title_in(lang).casefold())
        if len(types) > 1:
            parts.append(f"## {escape_markdown(library.vocabulary.label('types', ctype.name, lang))}\n")
        if not resources:
            parts.append(gettext(lang, "Nothing has been published here yet.") + "\n")
            continue
        parts.append("\n".join(listing_entry(r, lang, f"{r.id}.md", today) for r in resources) + "\n")
    return "\n".join(parts)


def collection_files(library: Library, today: date | None = None) -> dict[str, str]:
    """Staged path -> markdown of each collection's index page in every language;
    with `today`, fresh resources carry a new/updated badge."""
    files = {}
    for collection in COLLECTIONS:
        for lang in LANGUAGES:
            suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
            files[f"{collection}/index{suffix}.md"] = collection_page(collection, library, lang, today)
    return files
