"""RSS 2.0 feeds of new and updated resources, one per language (/feed.xml, /fr/feed.xml…).

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

from iplibrary.freshness import NEW, UPDATED, badge_label
from iplibrary.urls import url_prefix
from iplibrary.model import Library, Resource
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
    """The RSS 2.0 document of `lang`, encoded as the UTF-8 it declares."""
    base = absolute_base(site_url)
    resources = feed_resources(library)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", f"{site_name}: {gettext(lang, WHATS_NEW_TITLE)}")
    _text(channel, "link", f"{base}{url_prefix(lang)}{WHATS_NEW_DIR}/")
    _text(channel, "description", gettext(lang, "New and updated resources of the library, newest first."))
    _text(channel, "language", RSS_LANGUAGE_CODES.get(lang, lang))
    if resources:
        newest = max(r.last_updated for r in resources)
        _text(channel, "pubDate", rfc822(newest))
        _text(channel, "lastBuildDate", rfc822(newest))  # the content's date: rebuilding changes nothing
    _text(channel, "docs", "https://www.rssboard.org/rss-specification")
    ET.SubElement(channel, f"{{{ATOM}}}link",
                  {"href": f"{base}{feed_path(lang)}", "rel": "self", "type": "application/rss+xml"})
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
                site_names: dict[str, str]) -> list[Path]:
    """Write each built language's feed into the site; return the files written."""
    written = []
    for lang in languages:
        target = site_dir / feed_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed_xml(library, lang, site_url, site_names.get(lang) or site_names.get("en", "")))
        written.append(target)
    return written
