"""What's new: resources published or updated, month by month, with their change notes.

Computed from the whole library: the events of each resource (its publication, each
dated change note, its `updated` date), grouped by month, newest first. Feeds the
/whats-new/ page in every language and the monthly e-bulletin; writes nothing.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from html import escape

from babel.dates import format_skeleton

from iplibrary.freshness import NEW, UPDATED, badge_html, freshness_badge
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.listings import english_marked, escape_markdown, escape_text, html_list
from iplibrary.urls import language_file, relative_url
from iplibrary.model import Library, Resource
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.ui_text import BABEL_LOCALES, format_day, gettext

WHATS_NEW_DIR = "whats-new"
WHATS_NEW_TITLE = "What's new"  # the msgid of the page's title
WHATS_NEW_MONTHS = 12  # the page lists the twelve most recent months with any news


@dataclass(frozen=True)
class MonthEntry:
    """One resource's news in one month: new (published that month) or updated."""
    resource: Resource
    kind: str  # NEW or UPDATED
    day: date  # the date shown: its publication if new, else its latest update in the month
    notes: tuple[str, ...]  # change notes dated in the month, newest first


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def resource_events(resource: Resource) -> list[tuple[date, str, str | None]]:
    """(day, kind, note) of every dated event: publication, change notes, `updated`."""
    events: list[tuple[date, str, str | None]] = [(resource.published, NEW, None)]
    events += [(change.date, UPDATED, change.note) for change in resource.changes]
    if resource.updated and resource.updated != resource.published and \
            resource.updated not in {change.date for change in resource.changes}:
        events.append((resource.updated, UPDATED, None))
    return events


def entries_in_month(library: Library, month: date) -> list[MonthEntry]:
    """The month's news, newest first; a resource appears once (as new if it was
    published that month, even if also changed)."""
    month = first_of_month(month)
    entries = []
    for resource in library.resources.values():
        events = [e for e in resource_events(resource) if first_of_month(e[0]) == month]
        if not events:
            continue
        kind = NEW if any(kind == NEW for _, kind, _ in events) else UPDATED
        notes = tuple(note for _, _, note in sorted(events, key=lambda e: e[0], reverse=True) if note)
        day = resource.published if kind == NEW else max(day for day, _, _ in events)
        entries.append(MonthEntry(resource, kind, day, notes))
    return sorted(entries, key=lambda e: (-e.day.toordinal(), e.resource.title.casefold()))


def months_with_news(library: Library, limit: int = WHATS_NEW_MONTHS) -> list[tuple[date, list[MonthEntry]]]:
    """(first day of month, entries) for the `limit` most recent months with news."""
    months = sorted({first_of_month(day) for r in library.resources.values() for day, _, _ in resource_events(r)},
                    reverse=True)
    return [(month, entries_in_month(library, month)) for month in months[:limit]]


def month_name(month: date, lang: str) -> str:
    """'November 2026', 'listopad 2026', '2026年11月'."""
    return format_skeleton("yMMMM", month, locale=BABEL_LOCALES[lang])


def entry_html(entry: MonthEntry, lang: str, link: str, today: date) -> str:
    """One month's news of a resource as an HTML list item; `link` is the final URL of its page."""
    resource = entry.resource
    latest = max(day for day, _, _ in resource_events(resource))
    # the badge goes on the resource's latest news only, while it is fresh
    badge = badge_html(freshness_badge(resource, today), lang) if first_of_month(entry.day) == first_of_month(latest) else ""
    label = gettext(lang, "Published") if entry.kind == NEW else gettext(lang, "Updated")
    english = ' lang="en"' if lang != DEFAULT_LANGUAGE else ""  # change notes are written in English
    title = english_marked(escape_text(resource.title_in(lang)), resource, lang)
    summary = english_marked(escape_text(resource.summary_in(lang)), resource, lang)
    lines = [f'<a href="{escape(link)}">{title}</a> {badge}'.rstrip(), summary,
             f"<small>{escape_text(label)}: {escape_text(format_day(entry.day, lang))}</small>"]
    lines += [f"<small>{escape_text(gettext(lang, 'Change'))}: <span{english}>{escape_text(note)}</span></small>"
              for note in entry.notes]
    return "<li>" + "<br />\n  ".join(lines) + "</li>"


def whats_new_page(library: Library, lang: str, today: date) -> str:
    title = gettext(lang, WHATS_NEW_TITLE)
    feed = gettext(lang, "Subscribe to the RSS feed")
    parts = [front_matter({"title": title, **SEARCH_EXCLUDED}), f"# {escape_markdown(title)}\n",
             gettext(lang, "Resources published or updated, month by month, newest first.")
             + f' <a href="../feed.xml" type="application/rss+xml">{escape_markdown(feed)}</a>\n']
    months = months_with_news(library)
    if not months:
        parts.append(gettext(lang, "Nothing has been published here yet.") + "\n")
    for month, entries in months:
        parts.append(f"## {escape_markdown(month_name(month, lang))}\n")
        parts.append(html_list([entry_html(e, lang, relative_url(e.resource.url(), f"{WHATS_NEW_DIR}/"), today)
                                for e in entries]))
    return "\n".join(parts)


def whats_new_files(library: Library, today: date, languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    """Staged path -> markdown of the what's-new page in `languages`."""
    files = {}
    for lang in languages:
        files[language_file(f"{WHATS_NEW_DIR}/index.md", lang)] = whats_new_page(library, lang, today)
    return files
