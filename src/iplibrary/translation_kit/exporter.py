"""Making a kit: a resource's units, with what is known of an existing translation.

A resource without a translation gives every unit as new. One with a translation gives
each unit as unchanged (its translation, final), changed (the old translation to review,
the old English in a note) or new, from iplibrary.translation_kit.history.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from iplibrary.frontmatter import normalise_text
from iplibrary.model import OUTDATED, Library, Resource
from iplibrary.translation_kit import history, inline
from iplibrary.translation_kit.kit_files import EXTENSIONS, FINAL, NEEDS_REVIEW, NEW, Kit, KitUnit, write_kit
from iplibrary.translation_kit.segments import segment_file

ALL, MISSING_ONLY, OUTDATED_ONLY = "all", "missing", "outdated"


@dataclass
class ExportedKit:
    resource: Resource
    filename: str
    data: bytes
    counts: dict[str, int]  # unchanged / changed / new
    history_from: str | None  # 'memory', 'git <commit>' or None


def source_sha256(raw: str) -> str:
    return hashlib.sha256(normalise_text(raw).encode("utf-8")).hexdigest()


def select(library: Library, lang: str, which: str) -> list[Resource]:
    resources = list(library.resources.values())
    if which == MISSING_ONLY:
        return [r for r in resources if lang not in r.translations]
    if which == OUTDATED_ONLY:
        return [r for r in resources if r.state(lang) == OUTDATED]
    return resources


def export_kit(root: Path, resource: Resource, lang: str, fmt: str) -> ExportedKit:
    raw = (root / resource.path).read_text(encoding="utf-8")
    segmented = segment_file(raw)
    found = history.previous_pairs(root, resource, lang)
    statuses = history.compare(segmented, found[0]) if found else {}
    if found is None and lang in resource.translations:
        statuses = {p.id: history.UnitHistory(history.UNKNOWN, None, p.target)
                    for p in history.unaligned_pairs(root, resource, lang) if p.target}
        found = ([], "unknown (neither in the memory nor in git history): every unit is to review")
    kit = Kit(lang, {"resource": resource.id, "source-path": resource.path,
                     "source-date": resource.last_updated.isoformat(), "source-sha256": source_sha256(raw),
                     "lang": lang, "kit": "update" if found else "new"}, [])
    counts = {history.UNCHANGED: 0, history.CHANGED: 0, history.UNKNOWN: 0, history.NEW: 0}
    for unit in segmented.units:
        nodes = unit.nodes
        known = statuses.get(unit.id, history.UnitHistory(history.NEW))
        counts[known.status] += 1
        notes = [_context(resource, unit)]
        target, state = None, NEW
        if known.status == history.UNCHANGED:
            target, state = _prefill(known.old_target, nodes), FINAL
        elif known.status == history.CHANGED:
            notes.append(f"CHANGED since the translation: the English was: {known.old_source}")
            if known.old_target:
                target, state = _prefill(known.old_target, nodes), NEEDS_REVIEW
        elif known.status == history.UNKNOWN:
            notes.append("TO REVIEW: the current translation, but the English it was made from is not known")
            target, state = _prefill(known.old_target, nodes), NEEDS_REVIEW
        kit.units.append(KitUnit(unit.id, nodes, target, state, notes))
    return ExportedKit(resource, f"{resource.id}.{lang}{EXTENSIONS[fmt]}", write_kit(kit, fmt), counts,
                       found[1] if found else None)


def _context(resource: Resource, unit) -> str:
    where = f", section \"{unit.section}\"" if unit.section and unit.kind != "heading" else ""
    return (f"{resource.id} ({resource.type.name}): {unit.kind}{where}. "
            f"English of {resource.last_updated.isoformat()}.")


def _prefill(old_target: str, source_nodes: list) -> list:
    """An old translation as a target tree, its markup turned into the source's tags where
    they match by markup (same link target, same code); otherwise as plain text to review."""
    old_nodes = inline.parse(old_target)
    by_markup: dict[tuple, list[int]] = {}  # the same markup (two bold runs) is taken in order
    for node in sorted(inline.placeholders(source_nodes).values(), key=lambda n: n.id):
        by_markup.setdefault((node.open, node.close), []).append(node.id)

    def retag(nodes):
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
                continue
            ids = by_markup.get((node.open, node.close))
            pid = ids.pop(0) if ids else None
            if pid is None:
                out.append(inline.to_markdown([node]))
            else:
                out.append(inline.Placeholder(pid, node.kind, node.open, node.close,
                                              retag(node.children) if node.paired else []))
        return out

    return retag(old_nodes)
