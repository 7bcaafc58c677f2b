"""What every resource page shows around its text: dates, languages and the notices
for untranslated (fallback) and outdated translations, in the reader's language.

Returns HTML fragments; knows nothing of MkDocs.
"""

from html import escape

from iplibrary.languages import DEFAULT_LANGUAGE, url_prefix
from iplibrary.model import FALLBACK, OUTDATED, Resource
from iplibrary.ui_text import format_day, gettext, language_name

ENQUIRY_PAGE = "enquiry/"  # the enquiry service page, relative to a language root


def relative_root(page_url: str) -> str:
    """'../../' from 'fr/faq/x/' back to the site root."""
    depth = len([part for part in page_url.split("/") if part])
    return "../" * depth if depth else "./"


def language_links(resource: Resource, lang: str, page_url: str) -> str:
    root = relative_root(page_url)
    links = []
    for code in resource.available_languages():
        if code == lang:
            continue
        links.append(f'<a href="{root}{resource.url(code)}" hreflang="{code}" lang="{code}">{escape(language_name(code))}</a>')
    return ", ".join(links)


def notice_html(resource: Resource, lang: str, page_url: str) -> str:
    """The fallback or outdated notice for `resource` read in `lang`, or ''."""
    state = resource.state(lang)
    root = relative_root(page_url)
    enquiry = f'<a href="{root}{url_prefix(lang)}{ENQUIRY_PAGE}">{escape(gettext(lang, "Questions about your case? Ask our free enquiry service."))}</a>'
    if state == FALLBACK:
        others = language_links(resource, lang, page_url)
        return (f'<div class="admonition note library-notice library-notice--fallback" role="note">'
                f'<p>{escape(gettext(lang, "This page has not been translated into {language} yet: you are reading the English version.", language=language_name(lang)))}</p>'
                f'<p>{escape(gettext(lang, "Also available in:"))} {others}</p>'
                f'<p>{enquiry}</p></div>')
    if state == OUTDATED:
        english = f'<a href="{root}{resource.url(DEFAULT_LANGUAGE)}" hreflang="en">{escape(gettext(lang, "Read the current English version"))}</a>'
        updated = format_day(resource.last_updated, lang)
        return (f'<div class="admonition warning library-notice library-notice--outdated" role="note">'
                f'<p>{escape(gettext(lang, "This translation may be out of date: the English version was updated on {date}.", date=updated))} {english}</p></div>')
    return ""


def facts_html(resource: Resource, lang: str, page_url: str) -> str:
    """Publication and update dates and the languages the resource exists in."""
    items = [f'<span>{escape(gettext(lang, "Published"))}: <time datetime="{resource.published.isoformat()}">{escape(format_day(resource.published, lang))}</time></span>']
    if resource.updated:
        items.append(f'<span>{escape(gettext(lang, "Last updated"))}: <time datetime="{resource.updated.isoformat()}">{escape(format_day(resource.updated, lang))}</time></span>')
    others = language_links(resource, lang, page_url)
    if others and resource.state(lang) != FALLBACK:  # the fallback notice lists them
        items.append(f'<span>{escape(gettext(lang, "Also available in:"))} {others}</span>')
    return f'<p class="library-facts">{" · ".join(items)}</p>'


def resource_page_html(resource: Resource, lang: str, content_html: str) -> str:
    """The page body: facts, notice, then the text (marked English where it is a fallback)."""
    page_url = resource.url(lang)
    # our own h1 (Material adds one only when the content has none) so that a fallback
    # title can be marked as English along with the text
    if resource.state(lang) == FALLBACK:
        heading = f'<h1 lang="{DEFAULT_LANGUAGE}">{escape(resource.title)}</h1>'
        body = f'<div lang="{DEFAULT_LANGUAGE}">{content_html}</div>'
    else:
        heading = f'<h1>{escape(resource.title_in(lang))}</h1>'
        body = content_html
    disclaimer = f'<p class="library-disclaimer"><small>{escape(gettext(lang, "This information is first-line advice, not legal advice."))}</small></p>'
    return heading + facts_html(resource, lang, page_url) + notice_html(resource, lang, page_url) + body + disclaimer
