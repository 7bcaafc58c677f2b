"""Kit files: XLIFF 1.2 and PO, written and read with translate-toolkit's storage classes.

A kit holds one resource in one language. Its header records what import checks: the
resource id, the source file, the language, the source's date and the SHA-256 of the
source file's text (XLIFF: attributes in the `iplib:` namespace on `<file>`, plus a
`<header><note>` for people; PO: `X-` header fields). Units carry their id (`resname` /
`msgctxt`), a state (XLIFF `state`, PO `fuzzy`) and notes for the translator.

Inline markup: XLIFF `<g id ctype>` around translatable text (links, emphasis) and
`<ph id ctype>` with the markup inside for what stays as it is (code, `{{ … }}`, HTML):
CAT tools show both as locked tags. PO: `<1>…</1>` and `<2/>`, explained in a comment.
"""

import re
from dataclasses import dataclass, field

from lxml import etree
from translate.storage import po, xliff

from iplibrary.translation_kit import inline

KIT_NS = "urn:iplibrary:translation-kit"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
FORMATS = ("xliff", "po")
EXTENSIONS = {"xliff": ".xlf", "po": ".po"}
FINAL, NEEDS_REVIEW, NEW = "final", "needs-review-translation", "new"
HEADER_FIELDS = ("resource", "source-path", "source-date", "source-sha256", "lang", "kit")


class KitFileError(ValueError):
    """A kit file that cannot be read as one (reason for the user, one line)."""


class _Unit12(xliff.Xliff1Unit):
    namespace = XLIFF_NS


class _File12(xliff.Xliff1File):
    UnitClass = _Unit12
    namespace = XLIFF_NS
    XMLskeleton = (f"<?xml version='1.0' ?><xliff version='1.2' xmlns='{XLIFF_NS}' xmlns:iplib='{KIT_NS}'>"
                   "<file original='NoName' source-language='en' datatype='x-markdown'><body></body></file></xliff>")


@dataclass
class KitUnit:
    id: str
    source: list  # inline tree
    target: list | None = None  # inline tree; None: no target
    state: str = NEW
    notes: list[str] = field(default_factory=list)


@dataclass
class Kit:
    lang: str
    header: dict[str, str]  # HEADER_FIELDS
    units: list[KitUnit]


# --- writing ---

def write_kit(kit: Kit, fmt: str) -> bytes:
    return _write_xliff(kit) if fmt == "xliff" else _write_po(kit)


def _write_xliff(kit: Kit) -> bytes:
    store = _File12(sourcelanguage="en", targetlanguage=kit.lang)
    filenode = next(store.document.getroot().iterchildren(f"{{{XLIFF_NS}}}file"))
    filenode.set("original", kit.header["source-path"])
    filenode.set("target-language", kit.lang)
    filenode.set("datatype", "x-markdown")
    for key in HEADER_FIELDS:
        filenode.set(f"{{{KIT_NS}}}{key}", kit.header[key])
    header = etree.Element(f"{{{XLIFF_NS}}}header")
    note = etree.SubElement(header, f"{{{XLIFF_NS}}}note")
    note.text = (f"Resource {kit.header['resource']} ({kit.header['source-path']}), English of "
                 f"{kit.header['source-date']}, SHA-256 {kit.header['source-sha256']}, into {kit.lang} "
                 f"({kit.header['kit']} kit). Keep the tags: they stand for links, emphasis and code, "
                 "taken from the English on import.")
    filenode.insert(0, header)
    for kit_unit in kit.units:
        unit = store.UnitClass("")
        unit.setid(kit_unit.id)
        unit.xmlelement.set("resname", kit_unit.id)
        _fill(unit.xmlelement.find(f"{{{XLIFF_NS}}}source"), kit_unit.source)
        if kit_unit.target is not None:
            target = etree.SubElement(unit.xmlelement, f"{{{XLIFF_NS}}}target", state=kit_unit.state)
            _fill(target, kit_unit.target)
            if kit_unit.state == FINAL:
                unit.xmlelement.set("approved", "yes")
        for text in kit_unit.notes:
            unit.addnote(text, origin="developer")
        store.addunit(unit)
    return bytes(store)


def _fill(element, nodes: list) -> None:
    """Put an inline tree into an XLIFF element as text, <g> and <ph>."""
    element.text = None
    for child in list(element):
        element.remove(child)
    last = None
    for node in nodes:
        if isinstance(node, str):
            if last is None:
                element.text = (element.text or "") + node
            else:
                last.tail = (last.tail or "") + node
            continue
        if node.paired:
            last = etree.SubElement(element, f"{{{XLIFF_NS}}}g", id=str(node.id), ctype=_ctype(node))
            _fill(last, node.children)
        else:
            last = etree.SubElement(element, f"{{{XLIFF_NS}}}ph", id=str(node.id), ctype=_ctype(node))
            last.text = node.open


def _ctype(node) -> str:
    """XLIFF 1.2 ctype: its own values where it has one (<g>: bold, italic, link), x- otherwise."""
    return "link" if node.kind == "x-link" and node.paired else node.kind


def _write_po(kit: Kit) -> bytes:
    store = po.pofile()
    store.updateheader(add=True, Language=kit.lang, **{f"X_{k.replace('-', '_')}": v for k, v in kit.header.items()})
    for kit_unit in kit.units:
        unit = store.UnitClass(inline.to_tagged(kit_unit.source))
        unit.setcontext(kit_unit.id)
        for text in kit_unit.notes:
            unit.addnote(text, origin="developer")
        tags = [f"<{p.id}>…</{p.id}> = {inline.describe(p)}" if p.paired else f"<{p.id}/> = {p.open}"
                for p in inline.placeholders(kit_unit.source).values()]
        if tags:
            unit.addnote("Tags: " + "; ".join(tags), origin="developer")
        if kit_unit.target is not None:
            unit.target = inline.to_tagged(kit_unit.target)
            unit.markfuzzy(kit_unit.state != FINAL)
        store.addunit(unit)
    return bytes(store)


# --- reading ---

def read_kit(data: bytes, name: str) -> Kit:
    """A kit file back (XLIFF or PO, by its content); KitFileError if it is not one of ours."""
    return _read_xliff(data) if data.lstrip().startswith(b"<") else _read_po(data)


def _read_xliff(data: bytes) -> Kit:
    try:
        store = _File12.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml and assertion errors alike
        raise KitFileError(f"not a readable XLIFF file ({exc})") from None
    filenode = next(store.document.getroot().iterchildren(store.namespaced("file")), None)
    if filenode is None:
        raise KitFileError("no <file> element")
    header = {key: filenode.get(f"{{{KIT_NS}}}{key}") for key in HEADER_FIELDS}
    if not all(header.values()):  # a tool that rewrote the file without our attributes: the note says it too
        header = _header_from_note(filenode, store.namespace) or header
    _check_header(header)
    units = []
    for unit in store.getunits():
        element = unit.xmlelement
        source = element.find(store.namespaced("source"))
        target = element.find(store.namespaced("target"))
        unit_id = element.get("resname") or element.get("id")
        try:
            units.append(KitUnit(
                id=unit_id, source=_tree(source, store.namespace),
                target=_tree(target, store.namespace) if target is not None else None,
                state=(target.get("state") or NEW) if target is not None else NEW))
        except inline.PlaceholderError as exc:
            raise KitFileError(f"unit {unit_id}: {exc}") from None
    return Kit(filenode.get("target-language") or "", header, units)


_NOTE = re.compile(r"^Resource (?P<resource>\S+) \((?P<path>[^)]+)\), English of (?P<date>[\d-]+), "
                   r"SHA-256 (?P<sha>[0-9a-f]{64}), into (?P<lang>[a-z]+) \((?P<kit>\w+) kit\)")


def _header_from_note(filenode, namespace: str) -> dict | None:
    note = filenode.find(f"{{{namespace}}}header/{{{namespace}}}note")
    match = _NOTE.match(note.text or "") if note is not None else None
    if not match:
        return None
    return {"resource": match["resource"], "source-path": match["path"], "source-date": match["date"],
            "source-sha256": match["sha"], "lang": match["lang"], "kit": match["kit"]}


def _tree(element, namespace: str) -> list:
    """An XLIFF source or target element as an inline tree (ids only; markup comes from the source)."""
    nodes: list = []
    if element.text:
        nodes.append(element.text)
    for child in element:
        tag = etree.QName(child).localname
        try:
            pid = int(child.get("id", ""))
        except ValueError:
            raise inline.PlaceholderError(f"<{tag}> with id '{child.get('id')}' is not one of the kit's tags") from None
        if tag == "g":
            nodes.append(inline.Placeholder(pid, "", "", "", _tree(child, namespace)))
        elif tag in ("ph", "x"):
            nodes.append(inline.Placeholder(pid, "", ""))
        elif tag == "mrk":  # a CAT tool's markers (comments, terms): keep what they enclose
            nodes.extend(_tree(child, namespace))
        else:
            raise inline.PlaceholderError(f"<{tag}> is not one of the kit's tags (g, ph)")
        if child.tail:
            nodes.append(child.tail)
    return nodes


def _read_po(data: bytes) -> Kit:
    try:
        store = po.pofile.parsestring(data)
    except Exception as exc:
        raise KitFileError(f"neither XLIFF nor a readable PO file ({exc})") from None
    fields = store.parseheader()
    lowered = {name.lower(): value for name, value in fields.items()}
    header = {key: lowered.get(f"x-{key}") for key in HEADER_FIELDS}
    _check_header(header)
    units = []
    for unit in store.units:
        if unit.isheader():
            continue
        target = unit.target or ""
        try:
            units.append(KitUnit(id=unit.getcontext(), source=inline.from_tagged(unit.source),
                                 target=inline.from_tagged(target) if target else None,
                                 state=NEEDS_REVIEW if unit.isfuzzy() else (FINAL if target else NEW)))
        except inline.PlaceholderError as exc:
            raise KitFileError(f"unit {unit.getcontext()}: {exc}") from None
    return Kit(fields.get("Language", ""), header, units)


def _check_header(header: dict) -> None:
    missing = [key for key, value in header.items() if not value]
    if missing:
        raise KitFileError(f"not a kit of this library: header lacks {', '.join(missing)}")
