"""Scaffolding for editors: a new resource or translation as a valid markdown file.

Derives an id from a title, checks terms against the vocabulary and the id against the
library, and writes ONE new file into a content folder, on an editor's command only
(never during a build). A created file passes `make check` unchanged; if it would not,
it is removed again and the reason reported. The command is `iplibrary.commands.new`.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from iplibrary.content_types import CONTENT_TYPES, TYPES_BY_NAME, ContentType, type_for_path
from iplibrary.errors import LibraryInvalid
from iplibrary.frontmatter import FrontMatterError, parse_document
from iplibrary.languages import TRANSLATION_LANGUAGES
from iplibrary.library import TOP_LEVEL_FOLDERS, load_library
from iplibrary.urls import language_file, path_language
from iplibrary.vocabulary import Vocabulary, load_vocabulary
from iplibrary.facets import FACETS

MAX_ID_LENGTH = 60  # ids become URLs; long titles are cut at a word boundary

# letters NFKD does not decompose into ASCII
TRANSLITERATIONS = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ŋ": "ng", "ſ": "s",
}
APOSTROPHES = "'’ʼ`´"

SUMMARY_PLACEHOLDER = "Replace this with one or two sentences for listings, feeds and link previews."

KEY_POINTS = '!!! abstract "Key points"\n\n    - The first thing a reader must know.\n    - The second.\n'

# the ## sections each type's text usually has (see the existing library)
SECTIONS: dict[str, tuple[str, ...]] = {
    "factsheet": ("The office and the legal system", "How registration works, in outline",
                  "Enforcement routes", "Practical tips"),
    "ip-guide": ("Why it matters", "How to register", "Enforcement", "Practical tips"),
    "horizontal": ("The risks", "What to do", "Practical tips"),
    "how-to": ("Before you start", "Step by step", "A short checklist"),
    "sector": ("The risks in this sector", "What to do", "Practical tips"),
    "case-study": ("The situation", "What the company did", "The outcome", "Lessons"),
    "faq": ("In more detail", "What to do"),
}
CASE_STUDY_NOTE = "*This case is a composite based on situations the helpdesk commonly sees; names and details are illustrative.*\n"


class ScaffoldError(Exception):
    """The file cannot be created; the message is the one-line reason."""


class NoLatinSlug(ScaffoldError):
    pass


def slug_from_title(title: str, max_length: int = MAX_ID_LENGTH) -> str:
    """An id from a title: lowercase ASCII letters and digits joined by single hyphens,
    accents transliterated ('Protección de marcas' -> 'proteccion-de-marcas').

    Raises NoLatinSlug when a letter has no Latin transliteration (a Chinese title,
    say): such a title needs an explicit id.
    """
    text = "".join(TRANSLITERATIONS.get(ch, ch) for ch in title.casefold())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch for ch in text if ch not in APOSTROPHES)  # "don't" -> "dont"
    foreign = sorted({ch for ch in text if ch.isalnum() and not ch.isascii()})
    if foreign:
        raise NoLatinSlug(f"the title has letters without a Latin spelling ({''.join(foreign[:5])}): give an id with --id")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if not slug:
        raise NoLatinSlug("the title has no letters or digits to make an id from: give an id with --id")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug


def is_valid_id(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None


def assign_terms(terms: list[str], vocabulary: Vocabulary) -> dict[str, list[str]]:
    """Sort terms into their facets: 'hong-kong' -> regions. 'topics:x' names the facet
    where a term exists in several. Raises ScaffoldError naming an unknown term."""
    by_facet: dict[str, list[str]] = {facet: [] for facet in FACETS}
    for raw in terms:
        facet, _, term = raw.rpartition(":")
        if facet:
            if facet not in FACETS:
                raise ScaffoldError(f"unknown facet '{facet}' in '{raw}' (facets: {', '.join(FACETS)})")
            if term not in vocabulary.terms(facet):
                raise ScaffoldError(f"unknown term '{term}' in {facet} (terms: {', '.join(vocabulary.terms(facet))})")
            found = [facet]
        else:
            found = [f for f in FACETS if term in vocabulary.terms(f)]
        if not found:
            known = "; ".join(f"{f}: {', '.join(vocabulary.terms(f))}" for f in FACETS)
            raise ScaffoldError(f"unknown term '{term}' (add it to vocabulary.yml, or use one of {known})")
        if len(found) > 1:
            raise ScaffoldError(f"'{term}' is a term of {' and '.join(found)}: write it as {found[0]}:{term}")
        if term not in by_facet[found[0]]:
            by_facet[found[0]].append(term)
    return {facet: values for facet, values in by_facet.items() if values}


def taken_ids(root: Path) -> dict[str, str]:
    """id or alias -> the file that uses it, read from every source file that parses
    (even when the library as a whole is invalid)."""
    taken: dict[str, str] = {}
    for top in TOP_LEVEL_FOLDERS:
        folder = root / top
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            try:
                meta = parse_document(path.read_bytes().decode("utf-8")).meta
            except (UnicodeDecodeError, FrontMatterError):
                continue
            rel = path.relative_to(root).as_posix()
            for value in [meta.get("id"), *(meta.get("aliases") or [])]:
                if isinstance(value, str):
                    taken.setdefault(value, rel)
    return taken


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar, quoted only where YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def resource_text(ctype: ContentType, resource_id: str, title: str, summary: str,
                  terms: dict[str, list[str]], today: date) -> str:
    """The markdown of a new resource: front matter and a skeleton of its text."""
    lines = ["---", f"id: {resource_id}", f"title: {yaml_scalar(title)}", f"summary: {yaml_scalar(summary)}",
             f"published: {today.isoformat()}", f"reviewed: {today.isoformat()}"]
    lines += [f"{facet}: [{', '.join(values)}]" for facet, values in terms.items()]
    lines.append("---")
    body = [KEY_POINTS]
    if ctype.name == "case-study":
        body.append(CASE_STUDY_NOTE)
    body += [f"## {heading}\n\nText.\n" for heading in SECTIONS[ctype.name]]
    return "\n".join(lines) + "\n" + "\n".join(body)


def translation_text(title: str, summary: str, translated_from: date, body: str) -> str:
    """A translation file to translate in place: the source's title, summary and text."""
    head = ["---", f"title: {yaml_scalar(title)}", f"summary: {yaml_scalar(summary)}",
            f"translated_from: {translated_from.isoformat()}", "---"]
    return "\n".join(head) + "\n" + body


@dataclass
class NewResource:
    type_name: str
    title: str
    terms: list[str]
    summary: str | None = None
    resource_id: str | None = None
    subfolder: str | None = None  # inside the type's folder; means nothing


def create_resource(root: Path, request: NewResource, today: date) -> Path:
    """Write a new resource file; return its path. Raises ScaffoldError with the reason."""
    root = root.resolve()
    ctype = TYPES_BY_NAME.get(request.type_name)
    if ctype is None:
        raise ScaffoldError(f"unknown type '{request.type_name}' (types: {', '.join(t.name for t in CONTENT_TYPES)})")
    if not request.title.strip():
        raise ScaffoldError("the title is empty")
    vocabulary, errors = load_vocabulary(root)
    if errors:
        raise ScaffoldError(f"{errors[0]} (run make check)")
    terms = assign_terms(request.terms, vocabulary)
    if ctype.name == "factsheet" and len(terms.get("regions", [])) != 1:
        raise ScaffoldError(f"a factsheet has exactly one region (regions: {', '.join(vocabulary.terms('regions'))})")
    resource_id = request.resource_id or slug_from_title(request.title)
    if not is_valid_id(resource_id):
        raise ScaffoldError(f"id '{resource_id}' must be lowercase letters, digits and single hyphens")
    taken = taken_ids(root)
    if resource_id in taken:
        raise ScaffoldError(f"duplicate id '{resource_id}': already used by {taken[resource_id]} (choose another with --id)")
    summary = (request.summary or SUMMARY_PLACEHOLDER).strip()
    folder = root / ctype.folder / (request.subfolder or "")
    if request.subfolder and (Path(request.subfolder).is_absolute() or ".." in Path(request.subfolder).parts):
        raise ScaffoldError(f"subfolder '{request.subfolder}' must be a plain folder inside {ctype.folder}")
    path = folder / f"{resource_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists")
    text = resource_text(ctype, resource_id, request.title.strip(), summary, terms, today)
    return _write_checked(root, path, text, today)


def create_translation(root: Path, source: Path, lang: str) -> Path:
    """Write `name.<lang>.md` beside the English source, its `translated_from` set to
    the source's current date. Raises ScaffoldError with the reason."""
    root = root.resolve()
    source = (source if source.is_absolute() else root / source).resolve()
    if lang not in TRANSLATION_LANGUAGES:
        raise ScaffoldError(f"unknown language '{lang}' (languages: {', '.join(TRANSLATION_LANGUAGES)})")
    if not source.is_file():
        raise ScaffoldError(f"{source} does not exist")
    try:
        rel = source.relative_to(root).as_posix()
    except ValueError:
        raise ScaffoldError(f"{source} is not inside the project {root}") from None
    if type_for_path(rel) is None or not rel.endswith(".md"):
        raise ScaffoldError(f"{rel} is not a resource (it must be a .md file inside a content folder)")
    if path_language(source.name) in TRANSLATION_LANGUAGES:
        raise ScaffoldError(f"{rel} is a translation: give the English source file")
    try:
        doc = parse_document(source.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, FrontMatterError) as exc:
        raise ScaffoldError(f"{rel} cannot be read ({exc}): run make check") from None
    meta = doc.meta
    current = meta.get("updated") or meta.get("published")
    try:
        translated_from = date.fromisoformat(str(current))
    except ValueError:
        raise ScaffoldError(f"{rel} has no valid published or updated date: run make check") from None
    if not isinstance(meta.get("title"), str) or not isinstance(meta.get("summary"), str):
        raise ScaffoldError(f"{rel} lacks a title or summary: run make check")
    target = source.with_name(language_file(source.name, lang))
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists")
    return _write_checked(root, target, translation_text(meta["title"], meta["summary"], translated_from, doc.body))


def _write_checked(root: Path, path: Path, text: str, today: date | None = None) -> Path:
    """Write `path`, then validate the library; a file with errors of its own is
    removed again (errors elsewhere in the library are not ours to report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    rel = path.relative_to(root).as_posix()
    try:
        load_library(root, today=today)
    except LibraryInvalid as exc:
        own = [str(e) for e in exc.errors if e.path == rel]
        if own:
            path.unlink()
            raise ScaffoldError("; ".join(own)) from None
    return path
