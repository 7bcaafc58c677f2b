"""Site settings the library needs from mkdocs.yml (read without MkDocs), and the
`{{ helpdesk.key }}` placeholders that put the helpdesk's contact details into pages."""

import copy
import os
import re
from pathlib import Path

import yaml

from iplibrary.errors import ContentError
from iplibrary.helpdesk import localised

PLACEHOLDER = re.compile(r"\{\{\s*helpdesk\.([a-z_]+)\s*\}\}")
# generated blocks a static page may place (rendered by iplibrary.home_blocks)
LIBRARY_BLOCK = re.compile(r"\{\{\s*library\.([a-z_]+)\s*\}\}")
BLOCK_NAMES = ("browse", "latest", "ask")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: resolves `!ENV` as MkDocs does, ignores other tags we do not need."""


def _env(loader, node):
    """`!ENV VAR` or `!ENV [VAR, OTHER_VAR, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    return next((os.environ[name] for name in names if name in os.environ), default)


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


_parsed: dict[tuple, dict] = {}  # (text, environment) -> settings: a build reads mkdocs.yml several times


def read_settings(root: Path) -> dict:
    """mkdocs.yml as a dict (a fresh copy: callers may change it); parsed once per text
    and environment (`!ENV`), so a build or a `mkdocs serve` rebuild rarely parses it."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    key = (text, frozenset(os.environ.items()))
    if key not in _parsed:
        if len(_parsed) > 8:
            _parsed.clear()
        _parsed[key] = yaml.load(text, Loader=_TolerantLoader) or {}
    return copy.deepcopy(_parsed[key])


def helpdesk_settings(root: Path) -> dict:
    """`extra.helpdesk` of mkdocs.yml as written: each value a text, or language -> text
    (see iplibrary.helpdesk; its config_errors says what is wrong with it)."""
    extra = read_settings(root).get("extra") or {}
    helpdesk = extra.get("helpdesk") or {}
    if not isinstance(helpdesk, dict):
        return {}
    return {str(k): ({str(lang): str(text) for lang, text in v.items()} if isinstance(v, dict)
                     else v if v is None or isinstance(v, (list, bool)) else str(v))
            for k, v in helpdesk.items()}


def helpdesk_details(root: Path, lang: str = "en") -> dict[str, str]:
    """The helpdesk's details in `lang`: name, email, phone, office hours, address…, and
    the placeholders made from them (the prefilled enquiry message…)."""
    return localised(helpdesk_settings(root), lang)


def fill_placeholders(text: str, details: dict, lang: str = "en") -> str:
    """`{{ helpdesk.key }}` replaced by the setting in `lang` (`details`: helpdesk_settings)."""
    values = localised(details, lang)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def placeholder_errors(rel: str, text: str, details: dict[str, str], first_line: int = 1) -> list[ContentError]:
    errors = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in details:
                errors.append(ContentError(rel, number, "body", f"unknown placeholder 'helpdesk.{match.group(1)}' "
                                           f"(set in mkdocs.yml extra.helpdesk: {', '.join(details) or 'nothing'})"))
    return errors


def block_errors(rel: str, text: str) -> list[ContentError]:
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in LIBRARY_BLOCK.finditer(line):
            if match.group(1) not in BLOCK_NAMES:
                errors.append(ContentError(rel, number, "body", f"unknown block 'library.{match.group(1)}' "
                                           f"(blocks: {', '.join('library.' + name for name in BLOCK_NAMES)})"))
    return errors


def site_names(root: Path) -> dict[str, str]:
    """lang -> the site's name in it: `site_name`, or the i18n plugin's per-language one."""
    settings = read_settings(root)
    names = {"en": str(settings.get("site_name") or "")}
    for plugin in settings.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            for language in plugin["i18n"].get("languages") or []:
                locale = language.get("locale") if isinstance(language, dict) else None
                if locale:
                    names[locale] = str(language.get("site_name") or names["en"])
    return names


def site_url(root: Path) -> str:
    """The public address of the site, ending in '/' (LIBRARY_SITE_URL overrides it)."""
    return str(read_settings(root).get("site_url") or "").rstrip("/") + "/"


def absolute_base(site_url: str, output: str, why: str) -> str:
    """site_url with one trailing slash, for an `output` that needs absolute links;
    BuildFailed naming the output unless it is an absolute http(s) URL."""
    from urllib.parse import urlsplit

    from iplibrary.errors import BuildFailed

    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BuildFailed(f"{output}: site_url in mkdocs.yml must be an absolute http(s) URL ({why}), not {site_url!r}")
    return site_url.rstrip("/") + "/"
