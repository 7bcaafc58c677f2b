"""The Partner E-bulletin of one month: what goes into it (a `Bulletin`).

In it: the month's new and updated resources grouped by type, the case study of the
month, the editor's introduction and the upcoming events (read by
`iplibrary.bulletin.inputs`). The drafts are written OUTSIDE the site, to
`bulletins/<YYYY-MM>/` (git-ignored) by `iplibrary.bulletin.drafts`;
`iplibrary.bulletin.render` renders them. Reads the inputs; writes nothing.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iplibrary.bulletin.inputs import Event, load_events, load_intro
from iplibrary.content_types import CONTENT_TYPES
from iplibrary.urls import url_prefix
from iplibrary.model import Library, Resource
from iplibrary.whats_new import MonthEntry, entries_in_month, first_of_month, resource_events

EVENT_MONTHS_AHEAD = 3  # events announced: those of the three months after the bulletin's month
CASE_STUDY_TYPE = "case-study"


class BulletinError(Exception):
    """The draft cannot be written; the message is the one-line reason."""


@dataclass
class Bulletin:
    month: date  # its first day
    lang: str
    site_url: str  # with a trailing slash
    site_name: str
    groups: list[tuple[str, list[MonthEntry]]]  # (type label, entries), in the types' order
    case_study: Resource | None
    case_study_from_month: bool  # published or updated this month, rather than the newest overall
    intro: str | None  # markdown, every link absolute
    events: list[Event]

    def url(self, path: str = "") -> str:
        """Absolute URL of a page of the bulletin's language: url('enquiry/')."""
        return f"{self.site_url}{url_prefix(self.lang)}{path}"

    def resource_url(self, resource: Resource) -> str:
        return f"{self.site_url}{resource.url(self.lang)}"

    def event_url(self, event: Event) -> str | None:
        if event.link is None:
            return None
        return event.link if event.link.startswith("https://") else self.url(event.link.lstrip("/"))

    @property
    def entry_count(self) -> int:
        return sum(len(entries) for _, entries in self.groups)


def parse_month(text: str) -> date:
    """'2026-12' -> date(2026, 12, 1)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BulletinError(f"month '{text}' must be written YYYY-MM, e.g. 2026-12")
    return date(int(match.group(1)), int(match.group(2)), 1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def case_study_of_the_month(library: Library, month: date) -> tuple[Resource | None, bool]:
    """The newest case study published or updated in `month`; else the newest one
    published by the month's end. Returns (case study or None, whether it is the month's)."""
    month = first_of_month(month)
    studies = library.of_type(CASE_STUDY_TYPE)
    in_month = []
    for study in studies:
        days = [day for day, _, _ in resource_events(study) if first_of_month(day) == month]
        if days:
            in_month.append((max(days), study.published, study.id, study))
    if in_month:
        return max(in_month, key=lambda t: t[:3])[3], True
    before_end = [s for s in studies if s.published < add_months(month, 1)]
    if not before_end:
        return None, False
    return max(before_end, key=lambda s: (s.published, s.last_updated, s.id)), False


def grouped_entries(library: Library, month: date, leave_out: Resource | None = None) -> list[tuple[str, list[MonthEntry]]]:
    """The month's news by type, in the types' order; the featured case study is left out."""
    entries = [e for e in entries_in_month(library, month) if e.resource is not leave_out]
    groups = []
    for ctype in CONTENT_TYPES:
        of_type = [e for e in entries if e.resource.type.name == ctype.name]
        if of_type:
            groups.append((ctype.name, of_type))
    return groups


def upcoming_events(events: list[Event], month: date) -> list[Event]:
    """Events of the EVENT_MONTHS_AHEAD months after the bulletin's month, soonest first."""
    start = add_months(first_of_month(month), 1)
    end = add_months(start, EVENT_MONTHS_AHEAD)
    return [e for e in events if start <= e.day < end]


def make_bulletin(root: Path, library: Library, month: date, lang: str, site_url: str, site_name: str) -> Bulletin:
    """Everything the month's bulletin in `lang` holds; raises LibraryInvalid on a bad data file."""
    month = first_of_month(month)
    site_url = site_url.rstrip("/") + "/"
    case_study, from_month = case_study_of_the_month(library, month)
    groups = [(library.vocabulary.label("types", name, lang), entries)
              for name, entries in grouped_entries(library, month, leave_out=case_study)]
    return Bulletin(month=month, lang=lang, site_url=site_url, site_name=site_name, groups=groups,
                    case_study=case_study, case_study_from_month=from_month,
                    intro=load_intro(root, month, lang, library, site_url),
                    events=upcoming_events(load_events(root), month))
