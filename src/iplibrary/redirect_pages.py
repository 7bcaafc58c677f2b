"""Redirect pages: an old URL (a former id, an entry of redirects.yml) keeps working.

Each old URL (`redirects.redirect_sources`) becomes a static HTML page in every language
(meta refresh, canonical link, a visible link, noindex), written into the built site after
all languages are built: no server configuration, and no MkDocs plugin (mkdocs-redirects
is broken with i18n). Files named after a renamed resource's id (its PDFs) are copied
under the old name. Reads the validated model; knows nothing of MkDocs.
"""

import re
import shutil
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from iplibrary.errors import BuildFailed
from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.urls import relative_link, url_prefix
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.redirects import REDIRECTS_FILE, redirect_sources
from iplibrary.ui_text import gettext
from iplibrary.url_registry import site_urls


@dataclass(frozen=True)
class Destination:
    url: str  # site-relative, with the language's prefix: 'fr/faq/new/'
    title: str
    title_lang: str = ""  # 'en' where the reader's language shows the English text
    canonical: str = ""  # absolute; '' without a site_url


def resource_destination(target: Resource, lang: str, site_url: str) -> Destination:
    return Destination(url=target.url(lang), title=target.title_in(lang),
                       title_lang=DEFAULT_LANGUAGE if target.state(lang) == FALLBACK else "",
                       canonical=target.canonical_url(lang, site_url) if site_url else "")


def page_destination(site_dir: Path, target: str, lang: str) -> Destination | None:
    """A built page as a destination (its <title> and canonical link), or None if there is none."""
    url = url_prefix(lang) + target.lstrip("/")
    path = site_dir / url / "index.html"
    if not path.is_file():
        return None
    html = path.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    return Destination(url=url, title=unescape(title.group(1)).strip() if title else "/" + url,
                       canonical=unescape(canonical.group(1)) if canonical else "")


def redirect_page(old_url: str, lang: str, to: Destination) -> str:
    """The HTML page left at `old_url` (in `lang`, with its prefix) pointing to `to`."""
    link = escape(relative_link(url_prefix(lang) + old_url, to.url))
    title_lang = f' lang="{to.title_lang}"' if to.title_lang else ""
    canonical = f'<link rel="canonical" href="{escape(to.canonical)}">\n' if to.canonical else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(gettext(lang, 'This page has moved'))}</title>\n"
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"{canonical}"
        f'<meta http-equiv="refresh" content="0; url={link}">\n'
        "</head>\n<body>\n"
        f"<p>{escape(gettext(lang, 'This page has moved to:'))} <a href=\"{link}\"{title_lang}>{escape(to.title)}</a></p>\n"
        "</body>\n</html>\n"
    )


def write_redirect_pages(site_dir: Path, library: Library, site_url: str, languages: list[str]) -> int:
    """Write every redirect page in every built language; returns how many were written.

    Raises BuildFailed if a redirect would replace a page the site produces, or leads
    to a page it does not produce."""
    written = 0
    for old_url, target in sorted(redirect_sources(library).items()):
        source = REDIRECTS_FILE if old_url in library.redirects else library.get(target).path
        for lang in languages:
            path = site_dir / url_prefix(lang) / old_url / "index.html"
            if path.exists():
                raise BuildFailed(f"{source}: the redirect from /{url_prefix(lang)}{old_url} would replace a page the site produces")
            if target.startswith("/"):
                to = page_destination(site_dir, target, lang)
                if to is None:
                    raise BuildFailed(f"{source}: /{old_url} leads to /{url_prefix(lang)}{target.lstrip('/')}, "
                                      f"which the site does not produce")
            else:
                to = resource_destination(library.get(target), lang, site_url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(redirect_page(old_url, lang, to), encoding="utf-8")
            written += 1
    return written


def write_redirects(site_dir: Path, library: Library, site_url: str, languages: list[str]) -> int:
    """Redirect pages for every old URL, and copies of renamed resources' files; returns
    how many files were written."""
    documents = sorted(url for url in site_urls(site_dir) if not url.endswith("/"))
    return write_redirect_pages(site_dir, library, site_url, languages) + copy_moved_downloads(site_dir, library, documents)


def copy_moved_downloads(site_dir: Path, library: Library, documents: list[str]) -> int:
    """Files named after a resource's id (a PDF, say) cannot redirect: leave a copy under
    each alias's name beside them. `documents` are the site's non-page URLs ('/downloads/fr/x.pdf')."""
    copied = 0
    for resource in library.resources.values():
        for url in documents:
            folder, _, name = url.rpartition("/")
            stem, dot, suffix = name.partition(".")
            if stem != resource.id or not dot:
                continue
            for alias in resource.aliases:
                copy = site_dir / f"{folder}/{alias}.{suffix}".lstrip("/")
                if not copy.exists():
                    shutil.copyfile(site_dir / url.lstrip("/"), copy)
                    copied += 1
    return copied

