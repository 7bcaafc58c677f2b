"""What an FAQ page adds so that it can be shared on its own: the date its answer was
last checked, and a "copy link" control for its canonical URL.

The control is a real button, revealed by overrides/assets/copy-link.js; without
JavaScript the URL stays visible as a link to copy by hand. (The question, the answer,
the terms it concerns and related resources are the ordinary resource page furniture.)
Returns an HTML fragment; knows nothing of MkDocs.
"""

from html import escape

from iplibrary.model import Resource
from iplibrary.ui_text import format_day, gettext


def last_checked_html(resource: Resource, lang: str) -> str:
    checked = resource.last_checked
    return (f'<p class="library-checked">{escape(gettext(lang, "Last checked:"))} '
            f'<time datetime="{checked.isoformat()}">{escape(format_day(checked, lang))}</time></p>')


def copy_link_html(url: str, lang: str) -> str:
    """The URL as a link (the no-JavaScript fallback) and a hidden button the script reveals."""
    url = escape(url)
    return (f'<p class="library-share">'
            f'<span class="library-share__label">{escape(gettext(lang, "Link to this question:"))}</span> '
            f'<a class="library-share__url" href="{url}">{url}</a> '
            f'<button type="button" class="md-button library-share__copy" data-copy-url="{url}" '
            f'data-copied="{escape(gettext(lang, "Link copied"))}" '
            f'data-failed="{escape(gettext(lang, "Copying did not work: select the link and copy it."))}" hidden>'
            f'{escape(gettext(lang, "Copy link"))}</button> '
            f'<span class="library-share__status" role="status"></span></p>')


def faq_share_html(resource: Resource, lang: str, site_url: str) -> str:
    """Last checked date and the copy-link control of an FAQ page ('' for other types)."""
    if resource.type.name != "faq":
        return ""
    share = copy_link_html(resource.canonical_url(lang, site_url), lang) if site_url else ""
    return f'<div class="library-faq-share">{last_checked_html(resource, lang)}{share}</div>'
