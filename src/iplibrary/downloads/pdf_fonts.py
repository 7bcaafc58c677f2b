"""Do a PDF's embedded fonts really draw its text? Checked on the fonts, not the text.

Text extraction returns the right characters even when the page shows empty boxes
(the ToUnicode map survives), so the proof is in the embedded font programs: every
character the PDF shows must map to a real glyph with an outline - not glyph 0
(.notdef, which WeasyPrint substitutes when no installed font covers a character) and
not an empty one. And every font it embeds must be one the project names
(`iplibrary.downloads.print_fonts`): a character outside them would otherwise be drawn by whatever
font fontconfig finds on the machine. Used by the build on every fresh PDF and by the
test harness.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pikepdf
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


@dataclass(frozen=True, order=True)
class MissingGlyph:
    char: str
    font: str
    reason: str  # 'notdef', 'outside the font' or 'empty glyph'

    def __str__(self) -> str:
        return f"{self.char!r} (U+{ord(self.char[0]):04X}) in {self.font}: {self.reason}"


def missing_glyphs(pdf: Path | bytes) -> list[MissingGlyph]:
    """Every character the PDF shows without a real glyph in the embedded font (each
    code a composite font maps to text is a glyph WeasyPrint drew). Read with pikepdf
    (qpdf), several times faster than pypdf on the object streams WeasyPrint writes."""
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        problems: set[MissingGlyph] = set()
        for font in _fonts_used(document):
            embedded = EmbeddedFont.read(font)
            problems.update(p for p in map(embedded.problem, embedded.to_unicode) if p)
    return sorted(problems)


def foreign_fonts(pdf: Path | bytes, families: set[str]) -> dict[str, str]:
    """Family of an embedded font -> the characters it draws, for every font of the PDF
    whose family (the font's own, as its descriptor names it) is not in `families`."""
    foreign: dict[str, str] = {}
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        for font in _fonts_used(document, composite_only=False):
            family = _family(font)
            if family not in families:
                drawn = "".join(_to_unicode(font).values())
                foreign[family] = "".join(dict.fromkeys(foreign.get(family, "") + drawn))
    return foreign


def _family(font) -> str:
    """The /FontFamily of a font's descriptor (WeasyPrint writes the family of the font it
    used), else its /BaseFont without subset tag."""
    descriptor = None
    if font.get("/Subtype") == "/Type0":
        descriptor = _resolved(font["/DescendantFonts"][0]).get("/FontDescriptor")
    else:
        descriptor = font.get("/FontDescriptor")
    family = _resolved(descriptor).get("/FontFamily") if descriptor is not None else None
    return str(family) if family is not None else str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]


def _fonts_used(document: pikepdf.Pdf, composite_only: bool = True):
    """Each composite font (or every font) used on any page or in any form inside one, once."""
    seen: set = set()

    def walk(resources, depth=0):
        if resources is None or depth > 8:
            return
        fonts = resources.get("/Font")
        for name in (fonts.keys() if fonts is not None else ()):
            font = fonts[name]
            key = font.objgen if font.is_indirect else id(font)
            if key not in seen and (font.get("/Subtype") == "/Type0" or not composite_only):
                seen.add(key)
                yield font
        xobjects = resources.get("/XObject")
        for name in (xobjects.keys() if xobjects is not None else ()):
            xobject = xobjects[name]
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"), depth + 1)

    for page in document.pages:
        yield from walk(page.obj.get("/Resources"))


def _resolved(obj):
    """pypdf's indirect references need resolving; pikepdf's objects are resolved."""
    if isinstance(obj, pikepdf.Object):
        return obj
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _stream_data(obj) -> bytes | None:
    """The decoded data of a stream (pypdf or pikepdf), None when `obj` is no stream."""
    obj = _resolved(obj)
    if isinstance(obj, pikepdf.Object):
        return obj.read_bytes() if isinstance(obj, pikepdf.Stream) else None
    return obj.get_data() if hasattr(obj, "get_data") else None


@dataclass
class EmbeddedFont:
    """A composite (Type0) font of a PDF: which glyph each code draws, and whether the
    embedded program has that glyph with an outline."""
    name: str
    to_unicode: dict[int, str]
    code_to_gid: Callable[[int], int]
    glyph_count: int  # 0 when the font is not embedded
    has_outline: Callable[[int], bool]

    @classmethod
    def read(cls, font) -> "EmbeddedFont":
        """From a pypdf or pikepdf font dictionary."""
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        descendant = _resolved(font["/DescendantFonts"][0])
        descriptor = _resolved(descendant["/FontDescriptor"])
        program = descriptor.get("/FontFile2")
        program = program if program is not None else descriptor.get("/FontFile3")
        code_to_cid, cid_to_gid = _encoding(font), _cid_to_gid(descendant)
        if program is None:
            return cls(name, _to_unicode(font), lambda code: cid_to_gid(code_to_cid(code)), 0, lambda gid: False)
        ttfont = TTFont(io.BytesIO(_stream_data(program)), lazy=True)
        return cls(name, _to_unicode(font), lambda code: cid_to_gid(code_to_cid(code)),
                   ttfont["maxp"].numGlyphs, _outline_test(ttfont))

    def problem(self, code: int) -> MissingGlyph | None:
        """Why the glyph drawn for `code` shows nothing, or None when it is a real glyph."""
        text = self.to_unicode.get(code, "")
        if text and all(_needs_no_ink(ch) for ch in text):
            return None
        char = text or f"<code {code:04x}>"
        if self.glyph_count == 0:
            return MissingGlyph(char, self.name, "font not embedded")
        gid = self.code_to_gid(code)
        if gid == 0:
            return MissingGlyph(char, self.name, "notdef")
        if gid >= self.glyph_count:
            return MissingGlyph(char, self.name, "outside the font")
        if not self.has_outline(gid):
            return MissingGlyph(char, self.name, "empty glyph")
        return None


def _outline_test(ttfont: TTFont):
    """gid -> does the glyph draw anything?"""
    if "loca" in ttfont:
        # TrueType: an empty glyph has no data; reading the offsets avoids decompiling
        # every glyph of a subset that keeps its original (tens of thousands of) ids
        loca = ttfont["loca"]
        return lambda gid: loca[gid + 1] > loca[gid]
    glyph_set, glyph_order = ttfont.getGlyphSet(), ttfont.getGlyphOrder()

    def drawn(gid: int) -> bool:
        pen = BoundsPen(glyph_set)
        glyph_set[glyph_order[gid]].draw(pen)
        return pen.bounds is not None
    return drawn


def _needs_no_ink(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn")


def _to_unicode(font) -> dict[int, str]:
    """code -> text from the font's ToUnicode CMap (bfchar and bfrange)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    mapping: dict[int, str] = {}
    text = _stream_data(stream).decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[0::2], pairs[1::2]):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            low, high = int(parts[0], 16), int(parts[1], 16)
            if "[" in line:
                for offset, dst in enumerate(parts[2:]):
                    mapping[low + offset] = _utf16(dst)
            else:
                start = _utf16(parts[2])
                for offset in range(high - low + 1):
                    mapping[low + offset] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    return mapping


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _encoding(font):
    """code -> CID: Identity-H, or an embedded CMap (WeasyPrint maps missing glyphs to 0)."""
    encoding = font.get("/Encoding")
    data = _stream_data(encoding) if encoding is not None else None
    if data is None:
        return lambda code: code
    text = data.decode("latin-1")
    table: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for src, cid in re.findall(r"<([0-9A-Fa-f]+)>\s+(\d+)", block):
            table[int(src, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for low, high, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s+(\d+)", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                table[int(low, 16) + offset] = int(cid) + offset
    return lambda code: table.get(code, 0)


def _cid_to_gid(descendant):
    mapping = descendant.get("/CIDToGIDMap")
    data = _stream_data(mapping) if mapping is not None else None
    if data is None:
        return lambda cid: cid
    return lambda cid: int.from_bytes(data[2 * cid: 2 * cid + 2], "big") if 2 * cid + 2 <= len(data) else 0
