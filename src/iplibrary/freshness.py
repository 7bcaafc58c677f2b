"""Which resources are fresh: marked "new" or "updated" in listings for a while after
their date, and the day a build counts from.

Plain functions of a resource and a day; the day is passed in, so tests (and a preview
of a future date) choose it.
"""

import os
from datetime import date
from html import escape

from iplibrary.errors import BuildFailed
from iplibrary.model import Resource
from iplibrary.ui_text import gettext

FRESH_DAYS = 60  # a resource is marked new/updated for about two months: one bulletin cycle and a half
NEW = "new"
UPDATED = "updated"
BUILD_DAY_VARIABLE = "LIBRARY_TODAY"  # YYYY-MM-DD: build as if it were that day (tests, previews)


def freshness_badge(resource: Resource, today: date) -> str | None:
    """'new' if published in the last FRESH_DAYS days, else 'updated' if updated in
    them, else None. A date after `today` (scheduled) counts as fresh."""
    if (today - resource.published).days <= FRESH_DAYS:
        return NEW
    if resource.updated and (today - resource.updated).days <= FRESH_DAYS:
        return UPDATED
    return None


def badge_label(kind: str, lang: str) -> str:
    return gettext(lang, "New") if kind == NEW else gettext(lang, "Updated")


def badge_html(kind: str | None, lang: str) -> str:
    """The badge as inline HTML (usable inside markdown), or '' for None."""
    if kind is None:
        return ""
    return f'<span class="library-badge library-badge--{kind}">{escape(badge_label(kind, lang))}</span>'


def build_day(environ: dict[str, str] | None = None) -> date:
    """Today, unless LIBRARY_TODAY says otherwise."""
    value = (environ if environ is not None else os.environ).get(BUILD_DAY_VARIABLE)
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        # a build failure, reported like any other (no traceback)
        raise BuildFailed(f"{BUILD_DAY_VARIABLE}={value!r} is not a date written YYYY-MM-DD") from None
