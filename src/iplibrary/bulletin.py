"""The Partner E-bulletin draft of one month: what goes into it, read from the library and
from the editors' small data files, and the command that writes the draft.

In it: the month's new and updated resources grouped by type, the case study of the
month, an optional editor's introduction (`bulletin/<YYYY-MM>/intro.md`, or
`intro.<lang>.md`) and the upcoming events of `bulletin/events.yml`. The drafts are
written OUTSIDE the site, to `bulletins/<YYYY-MM>/` (git-ignored); rendering is in
`iplibrary.bulletin_render`.
"""

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.errors import ContentError, LibraryInvalid
from iplibrary.frontmatter import _StringDateLoader as StringDateLoader  # keeps 2026-13-01 a string to report
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from iplibrary.library import ID_LINK, load_library
from iplibrary.model import Library, Resource
from iplibrary.settings import read_settings, site_names
from iplibrary.whats_new import MonthEntry, entries_in_month, first_of_month, resource_events

BULLETIN_DIR = "bulletin"  # the editors' inputs
EVENTS_FILE = f"{BULLETIN_DIR}/events.yml"
OUTPUT_DIR = "bulletins"  # the drafts; git-ignored
EVENT_MONTHS_AHEAD = 3  # events announced: those of the three months after the bulletin's month
CASE_STUDY_TYPE = "case-study"
EVENT_KEYS = ("date", "title", "place", "link")
OUTPUT_NOTE = "DO NOT EDIT: drafts written by scripts/bulletin from the library and bulletin/.\n"
MARKDOWN_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
RAW_HTML = re.compile(r"<[a-zA-Z!/]")


class BulletinError(Exception):
    """The draft cannot be written; the message is the one-line reason."""


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


# --- the editors' data files --------------------------------------------------

def _text_in_languages(value, where: str, field_name: str, line: int, required: bool) -> tuple[dict[str, str], list[ContentError]]:
    """A text or a {lang: text} mapping with English; -> (lang -> text, errors)."""
    if value is None:
        return {}, [ContentError(where, line, field_name, "required field is missing")] if required else []
    if isinstance(value, str) and value.strip():
        return {DEFAULT_LANGUAGE: value.strip()}, []
    if isinstance(value, dict):
        unknown = [str(k) for k in value if k not in LANGUAGES]
        if unknown:
            return {}, [ContentError(where, line, field_name, f"unknown language {', '.join(unknown)} (languages: {', '.join(LANGUAGES)})")]
        texts = {k: str(v).strip() for k, v in value.items() if str(v or "").strip()}
        if DEFAULT_LANGUAGE not in texts:
            return {}, [ContentError(where, line, field_name, "needs an English text (en: ...)")]
        return texts, []
    return {}, [ContentError(where, line, field_name, "must be a text, or a mapping of languages to texts (en: ..., fr: ...)")]


def _event_errors_and_value(item, index: int, line: int, key_lines: dict[str, int]) -> tuple[Event | None, list[ContentError]]:
    field_prefix = f"events[{index + 1}]"
    if not isinstance(item, dict):
        return None, [ContentError(EVENTS_FILE, line, field_prefix, f"must be a mapping with {', '.join(EVENT_KEYS)}")]
    errors = [ContentError(EVENTS_FILE, key_lines.get(str(k), line), f"{field_prefix}.{k}", f"unknown key (allowed: {', '.join(EVENT_KEYS)})")
              for k in item if k not in EVENT_KEYS]
    day = None
    raw_day = item.get("date")
    if raw_day is None:
        errors.append(ContentError(EVENTS_FILE, line, f"{field_prefix}.date", "required field is missing"))
    else:
        try:
            day = date.fromisoformat(str(raw_day)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(raw_day)) else None
            if day is None:
                errors.append(ContentError(EVENTS_FILE, key_lines.get("date", line), f"{field_prefix}.date", "must be a date written YYYY-MM-DD"))
        except ValueError:
            errors.append(ContentError(EVENTS_FILE, key_lines.get("date", line), f"{field_prefix}.date", f"'{raw_day}' is not a real date"))
    title, title_errors = _text_in_languages(item.get("title"), EVENTS_FILE, f"{field_prefix}.title", key_lines.get("title", line), True)
    place, place_errors = _text_in_languages(item.get("place"), EVENTS_FILE, f"{field_prefix}.place", key_lines.get("place", line), False)
    errors += title_errors + place_errors
    link = item.get("link")
    if link is not None:
        link_line = key_lines.get("link", line)
        if not isinstance(link, str) or not link.strip():
            errors.append(ContentError(EVENTS_FILE, link_line, f"{field_prefix}.link", "must be a page of the site (e.g. training/) or a full https:// address"))
        elif link.startswith("http://"):
            errors.append(ContentError(EVENTS_FILE, link_line, f"{field_prefix}.link", f"'{link}' must use https://"))
        elif not link.startswith("https://") and (":" in link or ".." in link or " " in link):
            errors.append(ContentError(EVENTS_FILE, link_line, f"{field_prefix}.link", f"'{link}' must be a page of the site (e.g. training/) or a full https:// address"))
    if errors:
        return None, errors
    return Event(day=day, title=title, place=place, link=link.strip() if link else None), []


def load_events(root: Path) -> list[Event]:
    """Every event of bulletin/events.yml (none if the file is absent); raises
    LibraryInvalid with every problem at once."""
    path = root / EVENTS_FILE
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    try:
        node = yaml.compose(text, Loader=StringDateLoader)
        data = yaml.load(text, Loader=StringDateLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LibraryInvalid([ContentError(EVENTS_FILE, mark.line + 1 if mark else 1, "events", f"malformed YAML: {getattr(exc, 'problem', exc)}")]) from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list) or set(data) - {"events"}:
        raise LibraryInvalid([ContentError(EVENTS_FILE, 1, "events", "the file must hold one key, events:, with a list of events")])
    item_nodes = []
    for key_node, value_node in node.value:
        if key_node.value == "events" and isinstance(value_node, yaml.SequenceNode):
            item_nodes = value_node.value
    events, errors = [], []
    for index, item in enumerate(data.get("events") or []):
        item_node = item_nodes[index] if index < len(item_nodes) else None
        line = item_node.start_mark.line + 1 if item_node is not None else 1
        key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in item_node.value} if isinstance(item_node, yaml.MappingNode) else {}
        event, found = _event_errors_and_value(item, index, line, key_lines)
        errors += found
        if event:
            events.append(event)
    if errors:
        raise LibraryInvalid(errors)
    return sorted(events, key=lambda e: e.day)


def upcoming_events(events: list[Event], month: date) -> list[Event]:
    """Events of the EVENT_MONTHS_AHEAD months after the bulletin's month, soonest first."""
    start = add_months(first_of_month(month), 1)
    end = add_months(start, EVENT_MONTHS_AHEAD)
    return [e for e in events if start <= e.day < end]


def intro_path(root: Path, month: date, lang: str) -> Path:
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    return root / BULLETIN_DIR / f"{month:%Y-%m}" / f"intro{suffix}.md"


def load_intro(root: Path, month: date, lang: str, library: Library, site_url: str) -> str | None:
    """The editor's introduction in `lang` as markdown with absolute links, or None.

    Links are `id:` links to resources or full https:// addresses; images and raw HTML
    are refused (an e-mail must not load anything). Raises LibraryInvalid."""
    path = intro_path(root, month, lang)
    if not path.is_file():
        return None
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").strip()
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        if RAW_HTML.search(line):
            errors.append(ContentError(rel, number, "intro", "raw HTML is not allowed in an e-bulletin: write markdown"))
        for match in MARKDOWN_LINK.finditer(line):
            image, target = match.group(1), match.group(3)
            if image:
                errors.append(ContentError(rel, number, "intro", f"image '{target}': an e-bulletin loads no images"))
            elif target.startswith("id:"):
                resource_id = target[3:].split("#")[0]
                if resource_id not in library.resources:
                    errors.append(ContentError(rel, number, "intro", f"link to unknown resource id '{target}'"))
            elif not target.startswith(("https://", "mailto:")):
                errors.append(ContentError(rel, number, "intro", f"link '{target}' must be id:<resource-id> or a full https:// address"))
    if errors:
        raise LibraryInvalid(errors)

    def absolute(match):
        return f"]({site_url}{library.resources[match.group(1)].url(lang)}{match.group(2) or ''})"

    return ID_LINK.sub(absolute, text) or None


def make_bulletin(root: Path, library: Library, month: date, lang: str, site_url: str, site_name: str) -> Bulletin:
    case_study, from_month = case_study_of_the_month(library, month)
    return Bulletin(
        month=first_of_month(month), lang=lang, site_url=site_url.rstrip("/") + "/", site_name=site_name,
        groups=[(library.vocabulary.label("types", name, lang), entries)
                for name, entries in grouped_entries(library, month, leave_out=case_study)],
        case_study=case_study,
        case_study_from_month=from_month, intro=load_intro(root, month, lang, library, site_url.rstrip("/") + "/"),
        events=upcoming_events(load_events(root), month))


def write_bulletin(bulletin: Bulletin, out_dir: Path) -> list[Path]:
    """Write the HTML, plain-text and markdown drafts; return their paths."""
    from iplibrary.bulletin_render import render_html, render_markdown, render_text

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "README.txt").write_text(OUTPUT_NOTE, encoding="utf-8")
    suffix = "" if bulletin.lang == DEFAULT_LANGUAGE else f".{bulletin.lang}"
    written = []
    for extension, render in (("html", render_html), ("txt", render_text), ("md", render_markdown)):
        target = out_dir / f"bulletin{suffix}.{extension}"
        target.write_text(render(bulletin), encoding="utf-8", newline="\n")
        written.append(target)
    return written


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bulletin", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the draft of a month's Partner E-bulletin: e-mail-safe HTML, a plain-text "
                    "alternative and a markdown version, outside the site.",
        epilog=f"""inputs (optional):
  {BULLETIN_DIR}/YYYY-MM/intro.md      the editor's introduction (intro.fr.md for French…);
                                  links are id:<resource-id> or https:// addresses
  {EVENTS_FILE}             upcoming events (see the comments in that file)

example:
  scripts/bulletin 2026-12 --lang fr   ->  {OUTPUT_DIR}/2026-12/bulletin.fr.html, .txt, .md""")
    parser.add_argument("month", help="the month, YYYY-MM: its new and updated resources are listed")
    parser.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE, help="language of the bulletin (default: en)")
    parser.add_argument("--out", type=Path, help=f"output folder (default: {OUTPUT_DIR}/YYYY-MM under the project)")
    parser.add_argument("--site-url", help="the site's address for links (default: site_url of mkdocs.yml)")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="project root (default: %(default)s)")
    args = parser.parse_args(argv)
    project = args.root.resolve()
    try:
        month = parse_month(args.month)
        site_url = args.site_url or str(read_settings(project).get("site_url") or "")
        if not site_url.startswith(("https://", "http://")):
            raise BulletinError(f"site_url {site_url!r} is not an absolute address: set it in mkdocs.yml or give --site-url")
        library = load_library(project)
        names = site_names(project)
        bulletin = make_bulletin(project, library, month, args.lang, site_url, names.get(args.lang) or names["en"])
        written = write_bulletin(bulletin, args.out or project / OUTPUT_DIR / f"{month:%Y-%m}")
    except LibraryInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BulletinError as exc:
        print(f"scripts/bulletin: {exc}", file=sys.stderr)
        return 1
    featured = bulletin.case_study.id if bulletin.case_study else "none"
    if bulletin.intro is None:
        print(f"note: no introduction ({intro_path(project, month, args.lang).relative_to(project).as_posix()} does not exist)", file=sys.stderr)
    print(f"{bulletin.entry_count} new or updated resources, case study of the month: {featured}, "
          f"{len(bulletin.events)} upcoming events")
    for path in written:
        print(f"  {path}")
    return 0
