"""Taking a kit back: checks everything first, then gives the files to write.

Refused, with every reason at once and nothing to write: a resource the library does not
have, a language that is not the kit's or not a translation language, a kit made from
another version of the source than the one it claims (date and SHA-256 of the source
text are checked), a unit missing or with an empty target (unless partial imports are
allowed: those units keep the English, and the result says which), a broken placeholder,
a title or summary longer than the schema allows (the check would refuse the file).
The translation is the source's template with the targets in place: same structure,
same anchors, only the keys a translation may have.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from iplibrary.frontmatter import parse_document
from iplibrary.languages import TRANSLATION_LANGUAGES
from iplibrary.library import schema_text
from iplibrary.model import Library
from iplibrary.translation_kit import history, inline
from iplibrary.translation_kit.exporter import source_sha256
from iplibrary.translation_kit.kit_files import Kit
from iplibrary.translation_kit.segments import segment_file
from iplibrary.urls import language_file

SINGLE_LINE_KINDS = ("title", "heading", "table-cell", "admonition-title")
# the front matter's limits, from the schema the check validates translations with
MAX_LENGTH = {key: json.loads(schema_text("defs"))["$defs"][key]["maxLength"] for key in ("title", "summary")}


class ImportRefused(Exception):
    def __init__(self, name: str, reasons: list[str]):
        self.name = name
        self.reasons = reasons
        super().__init__("\n".join(f"{name}: {r}" for r in reasons))


@dataclass
class ImportPlan:
    files: dict[str, str]  # path relative to the root -> text
    kept_english: list[str] = field(default_factory=list)  # unit ids left in English (partial)
    translation_path: str = ""
    outdated: bool = False  # made from an older English (found in git history): outdated at once


def _front_matter(meta: dict) -> str:
    """Strings JSON-quoted (valid YAML, safe for any text), the date plain as editors write it."""
    lines = [f"{key}: {value}" if key == "translated_from" else f"{key}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _older_source(root: Path, path: str, header: dict) -> str | None:
    """The older English a kit was made from, if git history has it with the date it claims."""
    raw = history.source_with_sha256(root, path, header["source-sha256"])
    if raw is None:
        return None
    meta = parse_document(raw).meta
    return raw if str(meta.get("updated") or meta.get("published")) == header["source-date"] else None


def plan_import(root: Path, library: Library, kit: Kit, name: str, allow_partial: bool = False,
                lang: str | None = None, translated_by: str | None = None) -> ImportPlan:
    """What importing `kit` writes (the translation and its memory), or ImportRefused."""
    reasons: list[str] = []
    header = kit.header
    if kit.lang not in TRANSLATION_LANGUAGES:
        reasons.append(f"language '{kit.lang}' is not one of {' '.join(TRANSLATION_LANGUAGES)}")
    if header["lang"] != kit.lang:
        reasons.append(f"made for '{header['lang']}' but its target language is now '{kit.lang}'")
    if lang and lang != kit.lang:
        reasons.append(f"the kit is for '{kit.lang}', not '{lang}'")
    resource = library.resources.get(header["resource"])
    if resource is None:
        reasons.append(f"unknown resource '{header['resource']}'")
        raise ImportRefused(name, reasons)
    raw = (root / resource.path).read_text(encoding="utf-8")
    current_date, current_hash = resource.last_updated.isoformat(), source_sha256(raw)
    outdated_on_arrival = False
    if header["source-sha256"] != current_hash:
        older = _older_source(root, resource.path, header) if header["source-date"] != current_date else None
        if older is not None:
            # the English moved on while the translator worked: the translation follows the
            # English it was made from, and is outdated; `export --outdated` gives the changes
            raw, outdated_on_arrival = older, True
        elif header["source-date"] == current_date:
            reasons.append(f"made from another version of {resource.path} than the one it claims: dated "
                           f"{current_date} like the source, but the English text differs (SHA-256 "
                           f"{header['source-sha256'][:12]}… in the kit, {current_hash[:12]}… now)")
        else:
            reasons.append(f"made from the English of {header['source-date']}, which git history does not have "
                           f"with the kit's SHA-256 {header['source-sha256'][:12]}… ({resource.path} is now of "
                           f"{current_date}): export a new kit (your CAT tool's memory keeps your work)")
        if reasons:
            raise ImportRefused(name, reasons)
    segmented = segment_file(raw)
    by_id = {u.id: u for u in kit.units}
    targets, kept = {}, []
    for unit in segmented.units:
        kit_unit = by_id.pop(unit.id, None)
        label = f"unit {unit.id} ({unit.kind}{', ' + repr(unit.section) if unit.section else ''})"
        source_nodes = unit.nodes
        if kit_unit is None or kit_unit.target is None or not inline.plain_text(kit_unit.target).strip():
            if allow_partial:
                kept.append(unit.id)
                continue
            reasons.append(f"{label}: {'not in the kit' if kit_unit is None else 'no translation'}")
            continue
        problems = inline.check_target(source_nodes, kit_unit.target)
        markup = inline.placeholders(source_nodes)
        text = inline.to_markdown(kit_unit.target, markup).strip()
        if unit.kind in SINGLE_LINE_KINDS and "\n" in text:
            problems.append("must be a single line")
        if unit.kind == "table-cell" and "|" in inline.to_markdown([n for n in kit_unit.target if isinstance(n, str)]):
            problems.append("a table cell cannot contain '|'")
        if unit.id in MAX_LENGTH and len(text) > MAX_LENGTH[unit.id]:
            problems.append(f"at most {MAX_LENGTH[unit.id]} characters (has {len(text)})")
        reasons += [f"{label}: {p}" for p in problems]
        targets[unit.id] = text
    reasons += [f"unit {uid}: not in the source" for uid in by_id]
    if reasons:
        raise ImportRefused(name, reasons)

    translation_path = language_file(resource.path, kit.lang)
    meta = {"title": targets.get("title", resource.title), "summary": targets.get("summary", resource.summary),
            "translated_from": header["source-date"]}
    existing = root / translation_path
    if not translated_by and existing.exists():  # an update keeps the credit
        translated_by = parse_document(existing.read_text(encoding="utf-8")).meta.get("translated_by")
    if translated_by:
        meta["translated_by"] = translated_by
    text = _front_matter(meta) + segmented.render_body(targets)
    pairs = [history.Pair(u.id, u.kind, u.text, targets.get(u.id)) for u in segmented.units]
    memory = history.memory_path(root, kit.lang, resource.id).relative_to(root).as_posix()
    return ImportPlan({translation_path: text,
                       memory: history.memory_json(resource, kit.lang, header["source-date"], header["source-sha256"], pairs)},
                      kept, translation_path, outdated_on_arrival)
