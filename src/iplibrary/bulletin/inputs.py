"""The e-bulletin's two small data files, read and checked: `bulletin/events.yml` (upcoming
events) and `bulletin/<YYYY-MM>/intro[.<lang>].md` (the editor's introduction).

Problems are reported like content errors, `path:line: field: reason`, all at once
(LibraryInvalid). Reads only; the selection and the drafts are in `iplibrary.bulletin.compose`.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from iplibrary.errors import ContentError, LibraryInvalid
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.id_links import LinkIndex, normalise_links, substitute_id_links
from iplibrary.model import Library
from iplibrary.urls import language_file
from iplibrary.yaml_source import duplicate_key_errors, parse_yaml, yaml_error_line, yaml_error_reason

BULLETIN_DIR = "bulletin"  # the editors' inputs
EVENTS_FILE = f"{BULLETIN_DIR}/events.yml"
EVENT_KEYS = ("date", "title", "place", "link")
SITE_PAGE_HINT = "must be a page of the site (e.g. training/) or a full https:// address"
MARKDOWN_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
RAW_HTML = re.compile(r"<[a-zA-Z!/]")


@dataclass(frozen=True)
class Event:
    day: date
    title: dict[str, str]  # lang -> text; English always present
    place: dict[str, str] = field(default_factory=dict)
    link: str | None = None  # a path on the site ('training/') or a full https:// URL

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title[DEFAULT_LANGUAGE]

    def place_in(self, lang: str) -> str:
        return self.place.get(lang) or self.place.get(DEFAULT_LANGUAGE, "")


class _Item:
    """One event of the file: its values, the line of each key, and its errors."""

    def __init__(self, index: int, line: int, key_lines: dict[str, int]):
        self.name = f"events[{index + 1}]"
        self.line = line
        self.key_lines = key_lines
        self.errors: list[ContentError] = []

    def error(self, key: str, reason: str) -> None:
        self.errors.append(ContentError(EVENTS_FILE, self.key_lines.get(key, self.line), f"{self.name}.{key}", reason))


def _day(item: _Item, value) -> date | None:
    if value is None:
        item.error("date", "required field is missing")
    elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        item.error("date", "must be a date written YYYY-MM-DD")
    else:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            item.error("date", f"'{value}' is not a real date")
    return None


def _texts(item: _Item, key: str, value, required: bool) -> dict[str, str]:
    """A text, or a {lang: text} mapping that has English."""
    if value is None:
        if required:
            item.error(key, "required field is missing")
        return {}
    if isinstance(value, str) and value.strip():
        return {DEFAULT_LANGUAGE: value.strip()}
    if not isinstance(value, dict):
        item.error(key, "must be a text, or a mapping of languages to texts (en: ..., fr: ...)")
        return {}
    unknown = [str(k) for k in value if k not in LANGUAGES]
    if unknown:
        item.error(key, f"unknown language {', '.join(unknown)} (languages: {', '.join(LANGUAGES)})")
        return {}
    texts = {k: str(v).strip() for k, v in value.items() if str(v or "").strip()}
    if DEFAULT_LANGUAGE not in texts:
        item.error(key, "needs an English text (en: ...)")
        return {}
    return texts


def _link(item: _Item, value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        item.error("link", SITE_PAGE_HINT)
    elif value.startswith("http://"):
        item.error("link", f"'{value}' must use https://")
    elif not value.startswith("https://") and (":" in value or ".." in value or " " in value):
        item.error("link", f"'{value}' {SITE_PAGE_HINT}")
    else:
        return value.strip()
    return None


def _event(item: _Item, values) -> Event | None:
    if not isinstance(values, dict):
        item.errors.append(ContentError(EVENTS_FILE, item.line, item.name, f"must be a mapping with {', '.join(EVENT_KEYS)}"))
        return None
    for key in values:
        if key not in EVENT_KEYS:
            item.error(str(key), f"unknown key (allowed: {', '.join(EVENT_KEYS)})")
    day = _day(item, values.get("date"))
    title = _texts(item, "title", values.get("title"), required=True)
    place = _texts(item, "place", values.get("place"), required=False)
    link = _link(item, values.get("link"))
    return None if item.errors else Event(day=day, title=title, place=place, link=link)


def load_events(root: Path) -> list[Event]:
    """Every event of bulletin/events.yml, soonest first (none if the file is absent);
    raises LibraryInvalid with every problem at once."""
    path = root / EVENTS_FILE
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    try:
        parsed = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise LibraryInvalid([ContentError(EVENTS_FILE, yaml_error_line(exc) + 1, "events", yaml_error_reason(exc))]) from None
    node, data = parsed.node, parsed.value
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"events"} or not isinstance(data.get("events", []), (list, type(None))):
        raise LibraryInvalid([ContentError(EVENTS_FILE, 1, "events", "the file must hold one key, events:, with a list of events")])
    item_nodes = next((v.value for k, v in node.value if k.value == "events" and isinstance(v, yaml.SequenceNode)), [])
    events, errors = [], duplicate_key_errors(EVENTS_FILE, parsed.duplicate_keys)
    for index, (values, item_node) in enumerate(zip(data.get("events") or [], item_nodes)):
        key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in item_node.value} \
            if isinstance(item_node, yaml.MappingNode) else {}
        item = _Item(index, item_node.start_mark.line + 1, key_lines)
        event = _event(item, values)
        errors += item.errors
        if event:
            events.append(event)
    if errors:
        raise LibraryInvalid(errors)
    return sorted(events, key=lambda e: e.day)


def intro_path(root: Path, month: date, lang: str) -> Path:
    return root / BULLETIN_DIR / f"{month:%Y-%m}" / language_file("intro.md", lang)


def load_intro(root: Path, month: date, lang: str, library: Library, site_url: str) -> str | None:
    """The editor's introduction in `lang` as markdown with absolute links, or None.

    Links are `id:` links to resources (or relative links to their files) or full https://
    (or mailto:) addresses; images and raw HTML are refused: an e-mail must load nothing.
    Raises LibraryInvalid."""
    path = intro_path(root, month, lang)
    if not path.is_file():
        return None
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        if RAW_HTML.search(line):
            errors.append(ContentError(rel, number, "intro", "raw HTML is not allowed in an e-bulletin: write markdown"))
        for image, _, target in MARKDOWN_LINK.findall(line):
            if image:
                errors.append(ContentError(rel, number, "intro", f"image '{target}': an e-bulletin loads no images"))
            elif not target.startswith(("id:", "https://", "mailto:")) and not target.split("#")[0].endswith(".md"):
                errors.append(ContentError(rel, number, "intro", f"link '{target}' must be id:<resource-id> or a full https:// address"))
    links = library.links or LinkIndex.build(((r.id, r.aliases) for r in library.resources.values()), {})
    found = normalise_links(rel, text, 1, links, field="intro")
    errors += found.errors
    if errors:
        raise LibraryInvalid(errors)
    absolute = substitute_id_links(found.text, lambda resource_id, anchor: site_url + library.get(resource_id).url(lang) + anchor)
    return absolute.strip() or None
