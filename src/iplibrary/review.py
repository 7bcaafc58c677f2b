"""Which resources are due for a legal review: those whose text was last checked
(`reviewed`, or else `updated`, or else `published`) more than twelve months ago.

Plain functions of the library and a day; reads nothing and writes nothing. The
command line (`iplibrary.commands.cli review-due`, `make review-due`) prints the list.
"""

from dataclasses import dataclass
from datetime import date

from iplibrary.model import Library, Resource

REVIEW_MONTHS = 12  # legal information is checked against the law at least once a year


@dataclass(frozen=True)
class ReviewDue:
    resource: Resource
    checked: date  # the date the review is counted from
    basis: str  # which field gave it: reviewed, updated or published


def review_cutoff(today: date, months: int = REVIEW_MONTHS) -> date:
    """The day `months` before `today` (29 February falls back to the 28th)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_basis(resource: Resource) -> tuple[date, str]:
    """(date, field) a review is counted from: reviewed, else updated, else published."""
    for field in ("reviewed", "updated", "published"):
        value = getattr(resource, field)
        if value is not None:
            return value, field
    raise AssertionError("published is required")


def reviews_due(library: Library, today: date, months: int = REVIEW_MONTHS) -> list[ReviewDue]:
    """Resources last checked before the cutoff, the longest-unchecked first."""
    cutoff = review_cutoff(today, months)
    due = []
    for resource in library.resources.values():
        checked, basis = review_basis(resource)
        if checked < cutoff:
            due.append(ReviewDue(resource, checked, basis))
    return sorted(due, key=lambda d: (d.checked, d.resource.path))


def as_text(due: list[ReviewDue], today: date, months: int = REVIEW_MONTHS) -> str:
    """One line per resource: its date and which field it comes from, its file, its title."""
    cutoff = review_cutoff(today, months)
    if not due:
        return f"no resource is due for review: every one was checked on or after {cutoff.isoformat()}\n"
    lines = [f"{len(due)} resource(s) last checked before {cutoff.isoformat()} ({months} months before {today.isoformat()}):"]
    lines += [f"{d.checked.isoformat()} ({d.basis})  {d.resource.path}  {d.resource.title}" for d in due]
    lines.append("Check each text against the current law, then set `reviewed:` to the day you did.")
    return "\n".join(lines) + "\n"
