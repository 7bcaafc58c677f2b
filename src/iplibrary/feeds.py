"""RSS 2.0 feeds of new and updated resources: one per language (/feed.xml, /fr/feed.xml…)
and one per term page in every language (/fr/library/sectors/fashion/feed.xml), so that
an intermediary can follow one subject.

Items are resources, newest news first, with their title and summary in the feed's
language (English where a resource is not translated, but always linking to the page
under the language's prefix), their change notes, absolute URLs built from site_url
and RFC 822 dates. Written into the site after the build by `iplibrary.build.finish_build`.
"""

from datetime import datetime, time, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from xml.etree import ElementTree as ET

from iplibrary.cross_index import facet_terms, resources_with_term
from iplibrary.facets import FACET_ORDER
from iplibrary.freshness import NEW, UPDATED, badge_label
from iplibrary.urls import served_path, url_prefix
from iplibrary.model import Library, Resource
from iplibrary.term_pages import facet_label, term_label, term_url
from iplibrary.ui_text import format_day, gettext
from iplibrary.whats_new import WHATS_NEW_DIR, WHATS_NEW_TITLE
from iplibrary.settings import absolute_base as settings_absolute_base

FEED_FILE = "feed.xml"
FEED_ITEMS = 30  # about three months of news at the library's pace; readers keep older items
FEED_NOTES = 3  # change notes shown per item, newest first
ATOM = "http://www.w3.org/2005/Atom"
# RSS 2.0 takes the language codes of RFC 1766 / the W3C list; Chinese needs its region
RSS_LANGUAGE_CODES = {"zh": "zh-cn"}

ET.register_namespace("atom", ATOM)


def feed_path(lang: str) -> str:
    """Site-relative path of a language's feed: 'feed.xml', 'fr/feed.xml'."""
    return f"{url_prefix(lang)}{FEED_FILE}"


def term_feed_path(facet: str, term: str, lang: str) -> str:
    """Site-relative path of a term page's feed: 'fr/library/sectors/fashion/feed.xml'."""
    return f"{url_prefix(lang)}{term_url(facet, term)}{FEED_FILE}"


def feed_link_html(title: str, href: str) -> str:
    """The <link> that announces a feed in a page's head."""
    return f'<link rel="alternate" type="application/rss+xml" title="{escape(title)}" href="{escape(href)}">'


def absolute_base(site_url: str) -> str:
    """site_url with one trailing slash; BuildFailed unless it is an absolute http(s) URL."""
    return settings_absolute_base(site_url, FEED_FILE, "feeds need absolute links")


def feed_resources(library: Library, limit: int = FEED_ITEMS) -> list[Resource]:
    """The newest news first: by last update, then publication, then id."""
    ordered = sorted(library.resources.values(),
                     key=lambda r: (r.last_updated, r.published, r.id), reverse=True)
    return ordered[:limit]


def rfc822(day) -> str:
    """A date as RSS wants it: 'Mon, 02 Nov 2026 00:00:00 +0000'."""
    return format_datetime(datetime.combine(day, time(0, 0), tzinfo=timezone.utc))


def item_description(resource: Resource, lang: str) -> str:
    """HTML (escaped by the XML writer): the news, the summary, the latest change notes."""
    if resource.updated and resource.updated != resource.published:
        news = f"{badge_label(UPDATED, lang)}: {format_day(resource.updated, lang)}"
    else:
        news = f"{badge_label(NEW, lang)}: {format_day(resource.published, lang)}"
    parts = [f"<p><strong>{escape(news)}</strong></p>", f"<p>{escape(resource.summary_in(lang))}</p>"]
    notes = resource.changes[:FEED_NOTES]
    if notes:
        items = "".join(f"<li>{escape(format_day(c.date, lang))}: {escape(c.note)}</li>" for c in notes)
        parts.append(f"<p>{escape(gettext(lang, 'Changes'))}:</p><ul>{items}</ul>")
    return "".join(parts)


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def feed_xml(library: Library, lang: str, site_url: str, site_name: str) -> bytes:
    """The RSS 2.0 document of `lang`'s news, encoded as the UTF-8 it declares."""
    base = absolute_base(site_url)
    return _feed(library, feed_resources(library), lang, base, f"{site_name}: {gettext(lang, WHATS_NEW_TITLE)}",
                 f"{base}{url_prefix(lang)}{WHATS_NEW_DIR}/", gettext(lang, "New and updated resources of the library, newest first."),
                 f"{base}{feed_path(lang)}")


def term_feed_xml(library: Library, facet: str, term: str, lang: str, site_url: str, site_name: str) -> bytes:
    """The RSS 2.0 document of the resources carrying `term`, in `lang`, newest news first."""
    base = absolute_base(site_url)
    label = term_label(library, facet, term, lang)
    resources = sorted(resources_with_term(library, facet, term),
                       key=lambda r: (r.last_updated, r.published, r.id), reverse=True)[:FEED_ITEMS]
    return _feed(library, resources, lang, base, f"{site_name}: {facet_label(facet, lang)}: {label}",
                 f"{base}{url_prefix(lang)}{term_url(facet, term)}",
                 gettext(lang, "New and updated resources of the library on {term}, newest first.", term=label),
                 f"{base}{term_feed_path(facet, term, lang)}")


def _feed(library: Library, resources: list[Resource], lang: str, base: str, title: str, link: str,
          description: str, self_href: str) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", title)
    _text(channel, "link", link)
    _text(channel, "description", description)
    _text(channel, "language", RSS_LANGUAGE_CODES.get(lang, lang))
    if resources:
        newest = max(r.last_updated for r in resources)
        _text(channel, "pubDate", rfc822(newest))
        _text(channel, "lastBuildDate", rfc822(newest))  # the content's date: rebuilding changes nothing
    _text(channel, "docs", "https://www.rssboard.org/rss-specification")
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": self_href, "rel": "self", "type": "application/rss+xml"})
    for resource in resources:
        item = ET.SubElement(channel, "item")
        link = f"{base}{resource.url(lang)}"
        _text(item, "title", resource.title_in(lang))
        _text(item, "link", link)
        _text(item, "description", item_description(resource, lang))
        _text(item, "category", library.vocabulary.label("types", resource.type.name, lang))
        _text(item, "pubDate", rfc822(resource.last_updated))
        # a new guid for each update, so that readers show an updated resource again
        _text(item, "guid", f"{link}#{resource.last_updated.isoformat()}", isPermaLink="false")
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode").encode("utf-8") + b"\n"


def write_feeds(library: Library, site_dir: Path, site_url: str, languages: list[str],
                site_names: dict[str, str], *, preview: bool = False) -> list[Path]:
    """Write each built language's feed and its term pages' feeds into the site (a
    one-language `preview`'s at the root, beside its pages); return the files written."""
    written = []
    for lang in languages:
        site_name = site_names.get(lang) or site_names.get("en", "")
        documents = {feed_path(lang): feed_xml(library, lang, site_url, site_name)}
        for facet in FACET_ORDER:
            for term in facet_terms(library, facet):
                documents[term_feed_path(facet, term, lang)] = term_feed_xml(library, facet, term, lang, site_url, site_name)
        for path, document in documents.items():
            target = site_dir / served_path(path, lang, preview=preview)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document)
            written.append(target)
    return written
