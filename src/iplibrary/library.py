"""Loading the content folders into a validated Library, reporting every error at once.

Reads sources only; writes nothing.
"""

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources as package_files
from pathlib import Path

import jsonschema
from referencing import Registry, Resource as SchemaResource

from iplibrary.content_types import CONTENT_TYPES, SOURCE_FOLDERS, type_for_path
from iplibrary.errors import ContentError, LibraryInvalid
from iplibrary.facets import BY_NAME, FACETS
from iplibrary.frontmatter import FIRST_YAML_LINE, FrontMatterError, parse_document
from iplibrary.id_links import LinkIndex, normalise_links
from iplibrary.languages import DEFAULT_LANGUAGE, TRANSLATION_LANGUAGES
from iplibrary.model import Change, Library, Resource, Translation
from iplibrary.redirects import load_redirects
from iplibrary.helpdesk import config_errors as helpdesk_config_errors
from iplibrary.settings import block_errors, helpdesk_details, helpdesk_settings, placeholder_errors
from iplibrary.vocabulary import Vocabulary, load_vocabulary
from iplibrary.urls import english_path, name_suffix
from iplibrary.yaml_source import duplicate_key_errors

TOP_LEVEL_FOLDERS = tuple(dict.fromkeys(f.split("/")[0] for f in SOURCE_FOLDERS))
TERM_DEFS = {name: BY_NAME[name].schema_def for name in FACETS}  # facet -> its defs.json definition


def load_library(root: Path, today: date | None = None) -> Library:
    """The validated library under `root`; raises LibraryInvalid with all errors.

    `today` (default: the calendar date, not LIBRARY_TODAY) is the latest valid `reviewed`."""
    vocabulary, errors = load_vocabulary(root)
    sources, translations, file_errors = _read_files(root, vocabulary, today or date.today())
    errors += file_errors
    resources: dict[str, Resource] = {}
    first_path: dict[str, str] = {}
    for resource, doc in sources:
        if resource.id in first_path:
            errors.append(ContentError(resource.path, doc.key_lines.get("id", 1), "id",
                                       f"duplicate id '{resource.id}', also used by {first_path[resource.id]}"))
            continue
        first_path[resource.id] = resource.path
        resources[resource.id] = resource
    by_source_path = {r.path: r for r in resources.values()}
    for translation, source_path in translations:
        source = by_source_path.get(source_path)
        if source is None:
            if not any(r.path == source_path for r, _ in sources):
                errors.append(ContentError(translation.path, 1, "file",
                                           f"translation without a source: {source_path} does not exist"))
            continue
        source.translations[translation.lang] = translation
    links = link_index(root, resources)
    notes: list[ContentError] = []
    errors += _resolve_links_between(resources, {r.path: d for r, d in sources}, links, notes)
    errors += check_static_pages(root, links, notes)
    errors += _check_placeholders(root, resources)
    redirects, redirect_errors = load_redirects(root, resources, links, notes)
    errors += redirect_errors
    if errors:
        raise LibraryInvalid(errors)
    return Library(vocabulary=vocabulary, resources=resources, redirects=redirects, links=links, notes=sorted(notes))


def link_index(root: Path, resources: dict[str, Resource]) -> LinkIndex:
    """Every name a link may use: ids, former ids, content files and static pages."""
    files = {r.path: r.id for r in resources.values()}
    files.update({t.path: r.id for r in resources.values() for t in r.translations.values()})
    docs = root / "docs"
    pages = [p.relative_to(root).as_posix() for p in sorted(docs.rglob("*.md"))] if docs.is_dir() else []
    return LinkIndex.build(((r.id, r.aliases) for r in resources.values()), files, pages)


def check_static_pages(root: Path, links: LinkIndex, notes: list[ContentError]) -> list[ContentError]:
    """Links from docs/ pages to resources (by id or by file) must name existing resources."""
    errors = []
    for rel in sorted(links.pages):
        found = normalise_links(rel, (root / rel).read_text(encoding="utf-8-sig"), 1, links)
        errors += found.errors
        notes += found.notes
    return errors


def _check_placeholders(root: Path, resources: dict[str, Resource]) -> list[ContentError]:
    details = helpdesk_details(root)
    errors = helpdesk_config_errors(helpdesk_settings(root))
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = path.read_text(encoding="utf-8-sig")
        errors += placeholder_errors(path.relative_to(root).as_posix(), text, details)
        errors += block_errors(path.relative_to(root).as_posix(), text)
    for resource in resources.values():
        errors += placeholder_errors(resource.path, resource.body, details)
        for translation in resource.translations.values():
            errors += placeholder_errors(translation.path, translation.body, details)
    return errors


def _read_files(root: Path, vocabulary: Vocabulary, today: date):
    sources, translations, errors = [], [], []
    validators = {ctype.name: _validator(ctype.name, vocabulary) for ctype in CONTENT_TYPES}
    translation_validator = _validator("translation", vocabulary)
    terms = tuple((facet, tuple(vocabulary.terms(facet))) for facet in FACETS)  # all a schema takes from the vocabulary
    for top in TOP_LEVEL_FOLDERS:
        folder = root / top
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            rel = path.relative_to(root).as_posix()
            ctype = type_for_path(rel)
            if ctype is None:
                errors.append(ContentError(rel, 1, "file", "not inside a type folder (guides/ip, guides/horizontal, guides/how-to or guides/sector)"))
                continue
            lang = name_suffix(path.name)
            if lang is not None and lang not in TRANSLATION_LANGUAGES:
                hint = "English is the source: name it without a suffix" if lang == DEFAULT_LANGUAGE else f"languages: {' '.join(TRANSLATION_LANGUAGES)}"
                errors.append(ContentError(rel, 1, "file", f"unknown language suffix '.{lang}' ({hint})"))
                continue
            try:
                text = path.read_bytes().decode("utf-8")
                doc = parse_document(text)
            except UnicodeDecodeError:
                errors.append(ContentError(rel, 1, "file", "is not valid UTF-8"))
                continue
            except FrontMatterError as exc:
                errors.append(ContentError(rel, exc.line, "front matter", exc.reason))
                continue
            found = duplicate_key_errors(rel, doc.duplicate_keys, FIRST_YAML_LINE)  # the first value would be lost
            if lang is None:
                found += _schema_errors_once(rel, text, doc, validators[ctype.name], (ctype.name, terms))
                found += _semantic_source_errors(rel, doc, today)
                if found:
                    errors += found
                    # keep the id so that `related` and duplicates still get checked
                    if isinstance(doc.meta.get("id"), str):
                        sources.append((_partial_resource(rel, ctype, doc), doc))
                    continue
                sources.append((_build_resource(rel, ctype, doc), doc))
            else:
                found += _schema_errors_once(rel, text, doc, translation_validator, ("translation", terms))
                found += _date_errors(rel, doc, ["translated_from"])
                if found:
                    errors += found
                    continue
                translations.append((Translation(lang=lang, path=rel, title=doc.meta["title"],
                                                 summary=doc.meta["summary"],
                                                 translated_from=date.fromisoformat(doc.meta["translated_from"]),
                                                 body=doc.body, body_line=doc.body_line,
                                                 translated_by=doc.meta.get("translated_by")),
                                     english_path(rel)))
    return sources, translations, errors


def _build_resource(rel, ctype, doc) -> Resource:
    meta = doc.meta
    return Resource(
        id=meta["id"], type=ctype, path=rel, title=meta["title"], summary=meta["summary"],
        published=date.fromisoformat(meta["published"]),
        updated=date.fromisoformat(meta["updated"]) if meta.get("updated") else None,
        reviewed=date.fromisoformat(meta["reviewed"]) if meta.get("reviewed") else None,
        body=doc.body,
        regions=tuple(meta.get("regions") or ()), ip_rights=tuple(meta.get("ip_rights") or ()),
        sectors=tuple(meta.get("sectors") or ()), topics=tuple(meta.get("topics") or ()),
        related=tuple(meta.get("related") or ()), aliases=tuple(meta.get("aliases") or ()),
        changes=tuple(Change(date.fromisoformat(c["date"]), c["note"]) for c in meta.get("changes") or ()),
    )


def _partial_resource(rel, ctype, doc) -> Resource:
    """A stand-in for an invalid source, used only to check ids across files."""
    related = doc.meta.get("related")
    related = tuple(x for x in related if isinstance(x, str)) if isinstance(related, list) else ()
    return Resource(id=doc.meta["id"], type=ctype, path=rel, title="", summary="",
                    published=date.min, updated=None, body=doc.body, related=related)


def _semantic_source_errors(rel, doc, today: date) -> list[ContentError]:
    """What JSON Schema cannot say: real dates, their order, no review in the future, newest-first changes."""
    meta = doc.meta
    errors = _date_errors(rel, doc, ["published", "updated", "reviewed"])
    if not errors and _is_date(meta.get("published")):
        for key in ("updated", "reviewed"):
            if _is_date(meta.get(key)) and meta[key] < meta["published"]:
                errors.append(ContentError(rel, doc.key_lines[key], key,
                                           f"{meta[key]} is before published {meta['published']}"))
        reviewed = meta.get("reviewed")
        if _is_date(reviewed) and reviewed > today.isoformat():
            errors.append(ContentError(rel, doc.key_lines["reviewed"], "reviewed",
                                       f"{reviewed} is in the future: write the day the text was checked"))
    changes = meta.get("changes")
    if isinstance(changes, list):
        dates = []
        for i, change in enumerate(changes):
            line = _item_line(doc, "changes", i)
            if isinstance(change, dict) and isinstance(change.get("date"), str):
                try:
                    dates.append(date.fromisoformat(change["date"]))
                except ValueError:
                    errors.append(ContentError(rel, line, "changes", f"'{change['date']}' is not a real date"))
        if dates != sorted(dates, reverse=True):
            errors.append(ContentError(rel, doc.key_lines["changes"], "changes", "list the newest change first"))
    return errors


def _is_date(value) -> bool:
    """Written YYYY-MM-DD (whether the day exists is _date_errors' business)."""
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _date_errors(rel, doc, keys) -> list[ContentError]:
    errors = []
    for key in keys:
        value = doc.meta.get(key)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                date.fromisoformat(value)
            except ValueError:
                errors.append(ContentError(rel, doc.key_lines.get(key, 1), key, f"'{value}' is not a real date"))
    return errors


def _resolve_links_between(resources: dict[str, Resource], docs: dict, links: LinkIndex,
                           notes: list[ContentError]) -> list[ContentError]:
    """Check `related`, `aliases` and the links of every text, and put them in their
    canonical form (current ids) in the model; former ids still in use become notes."""
    errors = []
    alias_owner: dict[str, str] = {}
    for resource in resources.values():
        doc = docs[resource.path]
        for i, alias in enumerate(resource.aliases):
            line = _item_line(doc, "aliases", i)
            if alias in resources:
                errors.append(ContentError(resource.path, line, "aliases", f"'{alias}' is the id of {resources[alias].path}"))
            elif alias in alias_owner:
                errors.append(ContentError(resource.path, line, "aliases", f"'{alias}' is also an alias in {alias_owner[alias]}"))
            else:
                alias_owner[alias] = resource.path
    for resource in resources.values():
        doc = docs[resource.path]
        related = []
        for i, other in enumerate(resource.related):
            line = _item_line(doc, "related", i)
            current = links.resolve(other)
            if current == resource.id:
                errors.append(ContentError(resource.path, line, "related", "a resource cannot be related to itself"))
            elif current is None:
                errors.append(ContentError(resource.path, line, "related", f"unknown resource id '{other}'"))
            else:
                if current != other:
                    notes.append(ContentError(resource.path, line, "related", f"'{other}' is a former id of '{current}'"))
                related.append(current)
        resource.related = tuple(dict.fromkeys(related))
        found = normalise_links(resource.path, resource.body, doc.body_line, links)
        resource.body = found.text
        errors += found.errors
        notes += found.notes
        for translation in resource.translations.values():
            found = normalise_links(translation.path, translation.body, translation.body_line, links)
            translation.body = found.text
            errors += found.errors
            notes += found.notes
    return errors


def _item_line(doc, key: str, index: int) -> int:
    lines = doc.item_lines.get(key) or []
    return lines[index] if index < len(lines) else doc.key_lines.get(key, 1)


# --- JSON Schema -------------------------------------------------------------

@lru_cache(maxsize=None)
def schema_text(name: str) -> str:
    return package_files.files("iplibrary.schemas").joinpath(f"{name}.json").read_text(encoding="utf-8")


def schema_with_vocabulary(name: str, vocabulary: Vocabulary) -> dict:
    """The schema `name`, with vocabulary terms filled in as enums (defs.json for 'defs')."""
    schema = json.loads(schema_text(name))
    if name == "defs":
        for facet, definition in TERM_DEFS.items():
            terms = vocabulary.terms(facet)
            schema["$defs"][definition]["enum"] = terms
    return schema


def _validator(name: str, vocabulary: Vocabulary):
    defs = schema_with_vocabulary("defs", vocabulary)
    registry = Registry().with_resource("defs.json", SchemaResource.from_contents(defs))
    schema = schema_with_vocabulary(name, vocabulary)
    return jsonschema.Draft202012Validator(schema, registry=registry)


# A file's schema errors follow from its name, its text and the schema alone (which
# takes only the vocabulary's terms): kept for the process, so that a `mkdocs serve`
# rebuild checks against the schema only the files that changed (README: Performance)
_SCHEMA_ERRORS: dict[tuple, tuple[ContentError, ...]] = {}
SCHEMA_ERRORS_KEPT = 20_000  # files' results; then the memo starts again


def _schema_errors_once(rel: str, text: str, doc, validator, schema: tuple) -> list[ContentError]:
    key = (schema, rel, text)
    found = _SCHEMA_ERRORS.get(key)
    if found is None:
        if len(_SCHEMA_ERRORS) >= SCHEMA_ERRORS_KEPT:
            _SCHEMA_ERRORS.clear()
        found = _SCHEMA_ERRORS[key] = tuple(_schema_errors(rel, doc, validator))
    return list(found)


def _schema_errors(rel: str, doc, validator) -> list[ContentError]:
    errors = []
    for error in validator.iter_errors(doc.meta):
        errors += _describe(rel, doc, error, validator)
    # one line per field and reason, even when the schema reports it twice
    return list(dict.fromkeys(errors))


def _describe(rel, doc, error, validator) -> list[ContentError]:
    path = list(error.absolute_path)
    field = str(path[0]) if path else ""
    line = doc.key_lines.get(field, 1)
    if len(path) > 1 and isinstance(path[1], int):
        line = _item_line(doc, field, path[1])
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        prop_schema = _property_schema(validator.schema, missing)
        reason = prop_schema.get("x-message") if prop_schema and "x-message" in prop_schema and missing == "regions" else "required field is missing"
        return [ContentError(rel, 1, missing, reason)]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        if len(path) > 1:  # inside a list item, e.g. a change note
            hint = "; a note that contains a comma must be in quotes" if field == "changes" else ""
            return [ContentError(rel, line, field, f"unknown key '{k}' in item {path[1] + 1} (allowed: {', '.join(allowed)}){hint}")
                    for k in extra]
        if rel.rsplit(".", 2)[-2] in TRANSLATION_LANGUAGES:
            reason = "not allowed in a translation (only title, summary, translated_from; the rest comes from the source)"
        else:
            reason = f"unknown key (allowed: {', '.join(allowed)})"
        return [ContentError(rel, doc.key_lines.get(k, 1), str(k), reason) for k in extra]
    if kind == "enum" and field in TERM_DEFS:
        facet_terms = ", ".join(error.validator_value)
        return [ContentError(rel, line, field, f"unknown term '{error.instance}' (terms: {facet_terms})")]
    if kind == "const":
        return [ContentError(rel, line, field, f"'{error.instance}' {custom}" if custom else error.message)]
    if custom:
        return [ContentError(rel, line, field, custom)]
    if kind == "maxLength":
        return [ContentError(rel, line, field, f"at most {error.validator_value} characters (has {len(error.instance)})")]
    if kind == "minLength":
        return [ContentError(rel, line, field, "must not be empty")]
    if kind == "type":
        return [ContentError(rel, line, field, f"must be {_a(error.validator_value)}, not {type(error.instance).__name__}")]
    if kind == "uniqueItems":
        return [ContentError(rel, line, field, "lists the same value twice")]
    return [ContentError(rel, line, field or "front matter", error.message)]


def _property_schema(schema: dict, prop: str) -> dict | None:
    return schema.get("properties", {}).get(prop)


def _a(kind) -> str:
    names = {"array": "a list", "string": "text", "object": "a mapping", "integer": "a number"}
    return names.get(kind, str(kind))
