"""Site settings the library needs from mkdocs.yml (read without MkDocs), and the
`{{ helpdesk.key }}` placeholders that put the helpdesk's contact details into pages."""

import re
from pathlib import Path

import yaml

from iplibrary.errors import ContentError

PLACEHOLDER = re.compile(r"\{\{\s*helpdesk\.([a-z_]+)\s*\}\}")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags we do not need."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(root: Path) -> dict:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def helpdesk_details(root: Path) -> dict[str, str]:
    """`extra.helpdesk` of mkdocs.yml: name, email, phone, office hours, address."""
    extra = read_settings(root).get("extra") or {}
    return {str(k): str(v) for k, v in (extra.get("helpdesk") or {}).items()}


def fill_placeholders(text: str, details: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: details.get(m.group(1), m.group(0)), text)


def placeholder_errors(rel: str, text: str, details: dict[str, str], first_line: int = 1) -> list[ContentError]:
    errors = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in details:
                errors.append(ContentError(rel, number, "body", f"unknown placeholder 'helpdesk.{match.group(1)}' "
                                           f"(set in mkdocs.yml extra.helpdesk: {', '.join(details) or 'nothing'})"))
    return errors
