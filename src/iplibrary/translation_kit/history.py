"""The English a translation was made from, and what changed in it since.

Two sources, in this order:
1. the translation memory the import keeps, `translations/memory/<lang>/<id>.json`
   (committed): the exact source and target segments of the last import, used when its
   `source_date` is the translation's `translated_from`. Exact, and independent of how
   the history was rewritten or squashed.
2. git history, for translations written by hand (no memory): the source file at the
   newest commit whose front matter had `updated` (or `published`) equal to
   `translated_from`, segmented, and aligned unit by unit with the current translation
   (a translation has its source's structure: same units, same kinds, same order).

Then old and current English units are matched with difflib: equal runs are unchanged,
replaced runs are changed (paired in order), inserted ones are new.
"""

import difflib
import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from iplibrary.frontmatter import FrontMatterError, normalise_text, parse_document
from iplibrary.model import Resource
from iplibrary.translation_kit.segments import Segmented, segment_file

MEMORY_DIR = "translations/memory"
UNCHANGED, CHANGED, NEW = "unchanged", "changed", "new"
UNKNOWN = "to-review"  # the old English is lost: the translation is offered as it stands, to check


@dataclass
class Pair:
    """One unit of the English a translation was made from, and its translation."""
    id: str
    kind: str
    source: str
    target: str | None


@dataclass
class UnitHistory:
    status: str  # unchanged, changed, new
    old_source: str | None = None
    old_target: str | None = None


def memory_path(root: Path, lang: str, resource_id: str) -> Path:
    return root / MEMORY_DIR / lang / f"{resource_id}.json"


def memory_json(resource: Resource, lang: str, source_date: str, source_sha256: str, pairs: list[Pair]) -> str:
    return json.dumps({"resource": resource.id, "lang": lang, "source_date": source_date,
                       "source_sha256": source_sha256,
                       "units": [{"id": p.id, "kind": p.kind, "source": p.source, "target": p.target} for p in pairs]},
                      ensure_ascii=False, indent=1) + "\n"


def previous_pairs(root: Path, resource: Resource, lang: str) -> tuple[list[Pair], str] | None:
    """The pairs (old English, translation) of `resource`'s translation into `lang`, and
    where they came from ('memory' or 'git <commit>'); None if there is no translation or
    its English cannot be found."""
    translation = resource.translations.get(lang)
    if translation is None:
        return None
    made_from = translation.translated_from.isoformat()
    current = segment_file((root / translation.path).read_text(encoding="utf-8"))
    memory = memory_path(root, lang, resource.id)
    if memory.exists():
        data = json.loads(memory.read_text(encoding="utf-8"))
        if data.get("source_date") == made_from:
            pairs = [Pair(u["id"], u["kind"], u["source"], u["target"]) for u in data["units"]]
            return _current_targets(pairs, current), "memory"
    found = source_at_date(root, resource.path, made_from)
    if found is None:
        return None
    old_raw, commit = found
    return align(segment_file(old_raw), current), f"git {commit[:10]}"


def unaligned_pairs(root: Path, resource: Resource, lang: str) -> list[Pair]:
    """When the old English is lost: the current translation aligned with the current
    English by structure, so the translator at least starts from the old translation."""
    translation = resource.translations[lang]
    source = segment_file((root / resource.path).read_text(encoding="utf-8"))
    return align(source, segment_file((root / translation.path).read_text(encoding="utf-8")))


def source_at_date(root: Path, path: str, source_date: str) -> tuple[str, str] | None:
    """The text of `path` at the newest commit whose front matter date is `source_date`."""
    for raw, commit in _versions(root, path):
        try:
            meta = parse_document(raw).meta
        except FrontMatterError:
            continue
        if str(meta.get("updated") or meta.get("published")) == source_date:
            return raw, commit
    return None


def source_with_sha256(root: Path, path: str, sha256: str) -> str | None:
    """The text of `path` at a commit where its text had this SHA-256 (a kit's source)."""
    return next((raw for raw, _ in _versions(root, path)
                 if hashlib.sha256(normalise_text(raw).encode("utf-8")).hexdigest() == sha256), None)


def _versions(root: Path, path: str):
    """(text, commit) of `path` in every commit that changed it, newest first, across renames."""
    try:
        log = subprocess.run(["git", "-C", str(root), "log", "--follow", "--format=%x00%H", "--name-only", "--", path],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return
    for entry in log.split("\x00")[1:]:
        lines = [ln for ln in entry.split("\n") if ln.strip()]
        if len(lines) < 2:
            continue
        commit, old_path = lines[0], lines[-1]
        shown = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{old_path}"], capture_output=True)
        if shown.returncode == 0:
            try:
                yield shown.stdout.decode("utf-8"), commit
            except UnicodeDecodeError:
                continue


def align(old_source: Segmented, translation: Segmented) -> list[Pair]:
    """Old English units paired with the translation's units by structure (kind and order)."""
    return _current_targets([Pair(u.id, u.kind, u.text, None) for u in old_source.units], translation)


def _current_targets(pairs: list[Pair], translation: Segmented) -> list[Pair]:
    """The pairs with their targets taken from the translation file as it is now (an editor
    may have corrected it since the import), matched by structure; others keep theirs."""
    new = translation.units
    matcher = difflib.SequenceMatcher(None, [p.kind for p in pairs], [u.kind for u in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                pairs[i1 + k].target = new[j1 + k].text
    return pairs


SIMILAR = 0.4  # difflib ratio from which an edited unit counts as the same unit changed


def _matches(old: list[Pair], new: list) -> list[tuple[int | None, int | None]]:
    """Old and current units aligned in order: equal runs by text, and within the runs in
    between, each current unit paired with the most similar old unit of the same kind
    after the last one paired (otherwise new); old units left over were removed."""
    result: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, [p.source for p in old], [u.text for u in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        next_old = i1
        for j in range(j1, j2):
            scored = [(difflib.SequenceMatcher(None, old[i].source, new[j].text, autojunk=False).ratio(), i)
                      for i in range(next_old, i2) if old[i].kind == new[j].kind]
            best = max(scored, default=(0.0, None))
            if best[1] is None or best[0] < SIMILAR:
                result.append((None, j))
                continue
            result += [(i, None) for i in range(next_old, best[1])]
            result.append((best[1], j))
            next_old = best[1] + 1
        result += [(i, None) for i in range(next_old, i2)]
    return result


def compare(current: Segmented, pairs: list[Pair]) -> dict[str, UnitHistory]:
    """Each current unit: unchanged, changed (with its old English and translation) or new."""
    result = {u.id: UnitHistory(NEW) for u in current.units}
    for i, j in _matches(pairs, current.units):
        if i is None or j is None:
            continue
        pair, unit = pairs[i], current.units[j]
        if pair.source == unit.text:
            result[unit.id] = UnitHistory(UNCHANGED if pair.target else NEW, pair.source, pair.target)
        else:
            result[unit.id] = UnitHistory(CHANGED, pair.source, pair.target)
    return result


REMOVED = "removed"


def changed_rows(current: Segmented, pairs: list[Pair]) -> list[tuple[str, str | None, str | None]]:
    """(status, old English, current English) for every unit that is not unchanged:
    changed, new, or removed from the English since the translation was made."""
    rows = []
    for i, j in _matches(pairs, current.units):
        old = pairs[i].source if i is not None else None
        new = current.units[j].text if j is not None else None
        if old != new:
            rows.append((CHANGED if old is not None and new is not None else NEW if old is None else REMOVED, old, new))
    return rows
