"""Redirects: old URLs that keep working after a resource is renamed or removed.

Two sources, one meaning ("this old URL now lives at that resource"):
- `aliases` in a resource's front matter: its former ids, in its own collection;
- `redirects.yml`: removed resources, `old-id: replacement-id` (the old id's URL in the
  replacement's collection) or `/old/url/: replacement-id` for any other old page; a
  removed static or term page may also lead to a page's URL, `/old/url/: /new/url/`.

Each becomes a static HTML page in every language (meta refresh, canonical link, a
visible link, noindex), written into the built site after all languages are built:
no server configuration, and no MkDocs plugin (mkdocs-redirects is broken with i18n).
Reads the validated model; knows nothing of MkDocs.
"""

import re
import shutil
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

import yaml

from iplibrary.errors import BuildFailed, ContentError
from iplibrary.id_links import LinkIndex
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.ui_text import gettext
from iplibrary.yaml_source import duplicate_key_errors, parse_yaml, yaml_error_line, yaml_error_reason

REDIRECTS_FILE = "redirects.yml"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
OLD_URL = re.compile(r"/([a-z0-9][a-z0-9._-]*/)+")  # site-relative, English form, e.g. /faq/old-id/


def load_redirects(root: Path, resources: dict[str, Resource], links: LinkIndex | None = None,
                   notes: list[ContentError] | None = None) -> tuple[dict[str, str], list[ContentError]]:
    """redirects.yml as {old site-relative URL ('faq/x/'): replacement id or '/new/url/'},
    with every problem found. A replacement named by a former id leads to its resource
    (and is added to `notes`).

    A missing file means no redirects."""
    path = root / REDIRECTS_FILE
    if not path.is_file():
        return {}, []
    text = path.read_text(encoding="utf-8-sig")
    try:
        parsed = parse_yaml(text)
    except yaml.YAMLError as exc:
        return {}, [ContentError(REDIRECTS_FILE, yaml_error_line(exc) + 1, "redirects", yaml_error_reason(exc))]
    node = parsed.node
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, [ContentError(REDIRECTS_FILE, node.start_mark.line + 1, "redirects",
                                 "must map old ids or old URLs to the id (or URL) of the replacement")]
    redirects: dict[str, str] = {}
    errors: list[ContentError] = duplicate_key_errors(REDIRECTS_FILE, parsed.duplicate_keys)
    repeated = {(d.key, d.line + 1) for d in parsed.duplicate_keys}
    seen: dict[str, int] = {}
    alias_owner = {alias: r for r in resources.values() for alias in r.aliases}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key, target = str(key_node.value), value_node.value
        if (key, line) in repeated:  # reported above
            continue
        if not isinstance(value_node, yaml.ScalarNode) or not isinstance(target, str) or not target:
            errors.append(ContentError(REDIRECTS_FILE, line, key, "the replacement must be one resource id or one URL"))
            continue
        current = links.resolve(target) if links is not None else None
        if current is not None and current != target:
            if notes is not None:
                notes.append(ContentError(REDIRECTS_FILE, value_node.start_mark.line + 1, key,
                                          f"'{target}' is a former id of '{current}'"))
            target = current
        problem = _target_problem(key, target, resources)
        if problem:
            errors.append(ContentError(REDIRECTS_FILE, line, key, problem))
            continue
        old_url, problem = _old_url(key, resources.get(target), resources, alias_owner)
        if problem:
            errors.append(ContentError(REDIRECTS_FILE, line, key, problem))
            continue
        if old_url in seen:
            errors.append(ContentError(REDIRECTS_FILE, line, key, f"/{old_url} is already redirected on line {seen[old_url]}"))
            continue
        seen[old_url] = line
        redirects[old_url] = target
    aliased = {f"{r.collection}/{alias}/" for alias, r in alias_owner.items()}
    for old_url, target in redirects.items():
        if target.startswith("/") and (target[1:] in redirects or target[1:] in aliased):
            errors.append(ContentError(REDIRECTS_FILE, seen[old_url], f"/{old_url}",
                                       f"{target} is itself redirected: lead straight to where it goes"))
    return redirects, errors


def _target_problem(key: str, target: str, resources: dict[str, Resource]) -> str:
    """Why `target` cannot be where `key` leads, or ''."""
    if target.startswith("/"):
        if not key.startswith("/"):
            return "an old id needs the id of the resource that replaces it; to lead elsewhere, write the old URL"
        if target != "/" and not OLD_URL.fullmatch(target):
            return f"'{target}': a URL is written like /library/ip-rights/ (a leading and a trailing slash)"
        if _language_of(target):
            return f"'{target}': write the English URL without /{_language_of(target)}/: the redirect is made in every language"
        return "a URL cannot lead to itself" if target == key else ""
    return "" if target in resources else f"unknown resource id '{target}'"


def _language_of(url: str) -> str:
    first = url.split("/")[1]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else ""


def _old_url(key: str, target: Resource | None, resources: dict[str, Resource], alias_owner: dict[str, Resource]) -> tuple[str, str]:
    """The old site-relative URL a key names, or a reason it cannot be redirected."""
    if key.startswith("/"):
        if not OLD_URL.fullmatch(key):
            return "", "an old URL is written like /faq/old-id/ (a leading and a trailing slash)"
        if _language_of(key):
            return "", f"write the English URL without /{_language_of(key)}/: the redirect is made in every language"
        current = {r.url(): r for r in resources.values()}
        if key[1:] in current:
            return "", f"{key} is the page of {current[key[1:]].path}; a redirect would hide it"
        aliased = {f"{r.collection}/{alias}/": r for alias, r in alias_owner.items()}
        if key[1:] in aliased:
            return "", f"{key} is already an alias in {aliased[key[1:]].path}"
        return key[1:], ""
    if not SLUG.fullmatch(key):
        return "", "must be an old id (lowercase letters, digits, hyphens) or an old URL like /faq/old-id/"
    if key in resources:
        return "", f"'{key}' is the id of {resources[key].path}; a redirect would hide its page"
    if key in alias_owner:
        return "", f"'{key}' is already an alias in {alias_owner[key].path}"
    return f"{target.collection}/{key}/", ""


def redirect_sources(library: Library) -> dict[str, str]:
    """Every old URL (English form, 'faq/old-id/') -> the id of the resource it leads to,
    or the English URL of a page ('/library/ip-rights/')."""
    moved = {f"{r.collection}/{alias}/": r.id for r in library.resources.values() for alias in r.aliases}
    moved.update(library.redirects)
    return moved


def relative_link(from_url: str, to_url: str) -> str:
    """Link from the page at site-relative `from_url` to `to_url` ('../../faq/new/')."""
    depth = len([part for part in from_url.split("/") if part])
    return "../" * depth + to_url if depth else to_url or "./"


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
    from iplibrary.url_registry import site_urls

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

