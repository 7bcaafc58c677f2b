"""What every resource page shows around its text: dates, languages and the notices
for untranslated (fallback) and outdated translations, in the reader's language.

Returns HTML fragments; knows nothing of MkDocs. The glue adds them to a page after
search has indexed it (hooks/library.py): they repeat from page to page, and a page's
search entries should hold its own text.
"""

from html import escape

from iplibrary.cross_index import Related, terms_of
from iplibrary.facets import FACET_ORDER, FACET_SEGMENTS
from iplibrary.faq_page import faq_share_html
from iplibrary.helpdesk import ask_about_html
from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.listings import collection_title
from iplibrary.model import FALLBACK, OUTDATED, Library, Resource
from iplibrary.term_pages import facet_label
from iplibrary.ui_text import format_day, gettext, language_name
from iplibrary.urls import ENQUIRY_PAGE, link_in_language, relative_root, url_prefix


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
    enquiry = f'<a href="{link_in_language(page_url, url_prefix(lang) + ENQUIRY_PAGE, lang)}">{escape(gettext(lang, "Questions about your case? Ask our free enquiry service."))}</a>'
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
    """Publication, update and review dates and the languages the resource exists in."""
    items = [f'<span>{escape(gettext(lang, "Published"))}: <time datetime="{resource.published.isoformat()}">{escape(format_day(resource.published, lang))}</time></span>']
    if resource.updated:
        items.append(f'<span>{escape(gettext(lang, "Last updated"))}: <time datetime="{resource.updated.isoformat()}">{escape(format_day(resource.updated, lang))}</time></span>')
    if resource.reviewed:
        items.append(f'<span class="library-reviewed">{escape(gettext(lang, "Last reviewed"))}: <time datetime="{resource.reviewed.isoformat()}">{escape(format_day(resource.reviewed, lang))}</time></span>')
    translation = resource.translations.get(lang)
    if translation is not None and translation.translated_by:
        items.append(f'<span>{escape(gettext(lang, "Translated by"))}: {escape(translation.translated_by)}</span>')
    others = language_links(resource, lang, page_url)
    if others and resource.state(lang) != FALLBACK:  # the fallback notice lists them
        items.append(f'<span>{escape(gettext(lang, "Also available in:"))} {others}</span>')
    return f'<p class="library-facts">{" · ".join(items)}</p>'


def breadcrumb_trail(library: Library, resource: Resource, lang: str) -> list[tuple[str, str]]:
    """(site-relative URL, label) of each step above the resource: Home > collection > type.
    Also the BreadcrumbList of its structured data (iplibrary.head)."""
    prefix = url_prefix(lang)
    steps = [(prefix, gettext(lang, "Home")),
             (f"{prefix}{resource.collection}/", collection_title(resource.collection, library, lang))]
    if collection_title(resource.collection, library, lang) != library.vocabulary.label("types", resource.type.name, lang):
        steps.append((f"{prefix}library/types/{resource.type.name}/", library.vocabulary.label("types", resource.type.name, lang)))
    return steps


def breadcrumbs_html(library: Library, resource: Resource, lang: str) -> str:
    """Home > collection > type > this page: where the resource sits in the library."""
    here = resource.url(lang)
    items = "".join(f'<li><a href="{link_in_language(here, url, lang)}">{escape(label)}</a></li>'
                    for url, label in breadcrumb_trail(library, resource, lang))
    return (f'<nav class="library-breadcrumbs" aria-label="{escape(gettext(lang, "Breadcrumb"))}"><ol>{items}'
            f'<li aria-current="page">{escape(resource.title_in(lang))}</li></ol></nav>')


def terms_html(library: Library, resource: Resource, lang: str) -> str:
    """Every term the resource carries, each a link to its term page."""
    root = link_in_language(resource.url(lang), url_prefix(lang), lang)  # the language's root
    groups = []
    for facet in FACET_ORDER:
        terms = terms_of(resource, facet)
        if not terms or facet == "types":
            continue
        links = "".join(f'<li><a class="library-chip" href="{root}library/{FACET_SEGMENTS[facet]}/{term}/">'
                        f'{escape(library.vocabulary.label(facet, term, lang))}</a></li>' for term in terms)
        groups.append(f'<div class="library-terms__group"><span class="library-terms__facet">{escape(facet_label(facet, lang, plural=True))}:</span>'
                      f'<ul class="library-chips">{links}</ul></div>')
    return f'<div class="library-terms">{"".join(groups)}</div>' if groups else ""


def related_html(library: Library, resource: Resource, lang: str, related: Related) -> str:
    here = resource.url(lang)

    def items(resources: list[Resource]) -> str:
        return "".join(
            f'<li><a href="{link_in_language(here, other.url(lang), lang)}">{escape(other.title_in(lang))}</a> '
            f'<small>{escape(library.vocabulary.label("types", other.type.name, lang))}</small></li>' for other in resources)

    parts = []
    if related.main:
        parts.append(f'<h2 id="library-related">{escape(gettext(lang, "Related"))}</h2><ul>{items(related.main)}</ul>')
    if related.faqs:
        parts.append(f'<h3>{escape(gettext(lang, "FAQs on the same IP right"))}</h3><ul>{items(related.faqs)}</ul>')
    if related.case_studies:
        parts.append(f'<h3>{escape(gettext(lang, "Case studies on the same IP right"))}</h3><ul>{items(related.case_studies)}</ul>')
    return f'<section class="library-related">{"".join(parts)}</section>' if parts else ""


def resource_page_html(library: Library, resource: Resource, lang: str, content_html: str, related: Related,
                       site_url: str = "", download_link: str = "", helpdesk_email: str = "") -> str:
    """The page body: where it sits, facts, its PDF download link (iplibrary.downloads.downloads),
    notice, the text (marked English where it is a fallback), its terms, "Ask about this"
    (an e-mail to the helpdesk naming the page), an FAQ's last-checked date and copy-link
    control, related resources and the first-line-advice disclaimer."""
    page_url = resource.url(lang)
    # our own h1 (Material adds one only when the content has none) so that a fallback
    # title can be marked as English along with the text
    if resource.state(lang) == FALLBACK:
        heading = f'<h1 lang="{DEFAULT_LANGUAGE}">{escape(resource.title)}</h1>'
        body = f'<div lang="{DEFAULT_LANGUAGE}">{content_html}</div>'
    else:
        heading = f'<h1>{escape(resource.title_in(lang))}</h1>'
        body = content_html
    enquiry = link_in_language(page_url, url_prefix(lang) + ENQUIRY_PAGE, lang)
    disclaimer = (f'<p class="library-disclaimer"><small>{escape(gettext(lang, "This information is first-line advice, not legal advice."))} '
                  f'<a href="{enquiry}">{escape(gettext(lang, "Questions about your case? Ask our free enquiry service."))}</a></small></p>')
    address = site_url.rstrip("/") + "/" + page_url if site_url else ""
    ask = ask_about_html(helpdesk_email, lang, resource.title_in(lang), address)
    return (breadcrumbs_html(library, resource, lang) + heading + facts_html(resource, lang, page_url) + download_link
            + terms_html(library, resource, lang) + notice_html(resource, lang, page_url) + body + ask
            + faq_share_html(resource, lang, site_url) + related_html(library, resource, lang, related) + disclaimer)


def fallback_page_html(lang: str, page_url: str, real_languages: list[str], content_html: str) -> str:
    """A static or generated page shown in English under another language: say so in the
    reader's language, offer the languages it exists in, and mark the text as English."""
    root = relative_root(url_prefix(lang) + page_url)
    others = ", ".join(f'<a href="{root}{url_prefix(code)}{page_url}" hreflang="{code}" lang="{code}">{escape(language_name(code))}</a>'
                       for code in real_languages if code != lang)
    enquiry = (f'<a href="{link_in_language(url_prefix(lang) + page_url, url_prefix(lang) + ENQUIRY_PAGE, lang)}">'
               f'{escape(gettext(lang, "Questions about your case? Ask our free enquiry service."))}</a>')
    notice = (f'<div class="admonition note library-notice library-notice--fallback" role="note">'
              f'<p>{escape(gettext(lang, "This page has not been translated into {language} yet: you are reading the English version.", language=language_name(lang)))}</p>'
              f'<p>{escape(gettext(lang, "Also available in:"))} {others}</p><p>{enquiry}</p></div>')
    return f'{notice}<div lang="{DEFAULT_LANGUAGE}">{content_html}</div>'
