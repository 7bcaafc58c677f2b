"""Redirects: old URLs that keep working after a resource is renamed or removed.

Two sources, one meaning ("this old URL now lives at that resource"):
- `aliases` in a resource's front matter: its former ids, in its own collection;
- `redirects.yml`: removed resources, `old-id: replacement-id` (the old id's URL in the
  replacement's collection) or `/old/url/: replacement-id` for any other old page; a
  removed static or term page may also lead to a page's URL, `/old/url/: /new/url/`.

Read and checked here, with the rest of the sources (`load_redirects`); each becomes a
static HTML page in every language, written into the built site by
`iplibrary.redirect_pages`. Reads sources only; writes nothing.
"""

import re
from pathlib import Path

import yaml

from iplibrary.errors import ContentError
from iplibrary.id_links import LinkIndex
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.model import Library, Resource
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
