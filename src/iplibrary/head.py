"""What a page tells link previews and search engines, in the page's language: Open Graph
tags, and schema.org JSON-LD (FAQPage on FAQ pages, Article on other resource pages,
BreadcrumbList on both).

Returns an HTML fragment for the page's <head> (the theme prints it in `extrahead`;
Material itself prints the meta description and canonical link). Knows nothing of MkDocs.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

from babel import Locale

from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.urls import url_prefix
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.page_furniture import breadcrumb_trail
from iplibrary.ui_text import BABEL_LOCALES
from iplibrary.facets import FACETS

SCHEMA_ORG = "https://schema.org"
HEADLINE_MAX = 110  # schema.org Article headlines longer than this are cut by search engines


@dataclass(frozen=True)
class PageInfo:
    """A built page as the head sees it."""
    lang: str  # the page's language (its URL prefix and <html lang>)
    title: str
    description: str
    canonical_url: str  # absolute; '' when the site has no site_url
    site_name: str  # in the page's language
    site_url: str
    is_home: bool = False


@lru_cache(maxsize=None)
def og_locale(lang: str) -> str:
    """Open Graph writes locales language_TERRITORY: 'fr_FR', 'zh_CN'."""
    locale = Locale.parse(BABEL_LOCALES[lang])
    return f"{locale.language}_{locale.territory}"


def text_language(resource: Resource | None, lang: str) -> str:
    """The language the page's text is written in: English on a fallback copy."""
    return DEFAULT_LANGUAGE if resource is not None and resource.state(lang) == FALLBACK else lang


def open_graph_tags(page: PageInfo, resource: Resource | None = None) -> str:
    locale = text_language(resource, page.lang)
    tags = [
        ("og:type", "article" if resource else "website"),
        ("og:site_name", page.site_name),
        ("og:title", page.site_name if page.is_home else page.title),
        ("og:description", page.description),
        ("og:locale", og_locale(locale)),
    ]
    if page.canonical_url:
        tags.append(("og:url", page.canonical_url))
    if resource is not None:
        tags += [("og:locale:alternate", og_locale(code)) for code in resource.available_languages() if code != locale]
        tags += [("article:published_time", resource.published.isoformat()),
                 ("article:modified_time", resource.last_updated.isoformat())]
    return "\n".join(f'<meta property="{name}" content="{escape(value)}">' for name, value in tags)


def json_ld_script(data: dict) -> str:
    """A JSON-LD <script>; <, > and & are escaped so that no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


def _publisher(page: PageInfo) -> dict:
    return {"@type": "Organization", "name": page.site_name, "url": _absolute(page.site_url, url_prefix(page.lang))}


def _keywords(resource: Resource, library: Library, lang: str) -> list[str]:
    return [library.vocabulary.label(facet, term, lang) for facet in FACETS for term in resource.terms(facet)]


def faq_page_json_ld(resource: Resource, page: PageInfo, answer_text: str) -> dict:
    """schema.org FAQPage: the question and its full answer, as plain text."""
    lang = text_language(resource, page.lang)
    url = page.canonical_url or None
    data = {
        "@context": SCHEMA_ORG,
        "@type": "FAQPage",
        "inLanguage": lang,
        "name": resource.title_in(page.lang),
        "datePublished": resource.published.isoformat(),
        "dateModified": resource.last_updated.isoformat(),
        "mainEntity": [{
            "@type": "Question",
            "name": resource.title_in(page.lang),
            "acceptedAnswer": {"@type": "Answer", "text": answer_text or resource.summary_in(page.lang)},
        }],
    }
    if url:
        data["url"] = url
        data["mainEntity"][0]["acceptedAnswer"]["url"] = url
    return data


def article_json_ld(resource: Resource, library: Library, page: PageInfo) -> dict:
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Article",
        "headline": _shorten(resource.title_in(page.lang), HEADLINE_MAX),
        "description": resource.summary_in(page.lang),
        "inLanguage": text_language(resource, page.lang),
        "datePublished": resource.published.isoformat(),
        "dateModified": resource.last_updated.isoformat(),
        "isAccessibleForFree": True,
        "keywords": _keywords(resource, library, page.lang),
    }
    if page.site_url:
        data["author"] = data["publisher"] = _publisher(page)
    if page.canonical_url:
        data["url"] = data["mainEntityOfPage"] = page.canonical_url
    return data


def breadcrumb_json_ld(resource: Resource, library: Library, page: PageInfo) -> dict:
    """The visible breadcrumbs (Home > collection > type) and the resource, in the page's language."""
    crumbs = [(label, url) for url, label in breadcrumb_trail(library, resource, page.lang)]
    crumbs.append((resource.title_in(page.lang), None))
    items = []
    for position, (name, url) in enumerate(crumbs, start=1):
        item = {"@type": "ListItem", "position": position, "name": name}
        target = page.canonical_url if url is None else (_absolute(page.site_url, url) if page.site_url else "")
        if target:
            item["item"] = target
        items.append(item)
    return {"@context": SCHEMA_ORG, "@type": "BreadcrumbList", "itemListElement": items}


def page_head(page: PageInfo, library: Library | None = None, resource_id: str | None = None, text_html: str = "") -> str:
    """Everything the library adds to a page's <head>. `text_html` is the resource's
    rendered text alone (an FAQ's answer), without the page furniture."""
    resource = library.get(resource_id) if library is not None and resource_id else None
    parts = [open_graph_tags(page, resource)]
    if resource is not None:
        if resource.type.name == "faq":
            parts.append(json_ld_script(faq_page_json_ld(resource, page, plain_text(text_html))))
        else:
            parts.append(json_ld_script(article_json_ld(resource, library, page)))
        parts.append(json_ld_script(breadcrumb_json_ld(resource, library, page)))
    return "\n".join(parts)


HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)  # the ¶ after headings
BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|div|details|summary|table|tr|td|th|dl|dt|dd|blockquote|pre|br|hr)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """The visible text of a rendered markdown fragment (blocks separated by a space).
    Regular expressions, not a parser: ten times faster, and the input is Python-Markdown's own output."""
    text = ANY_TAG.sub("", BLOCK_TAG.sub(" ", HEADERLINK.sub("", html)))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
