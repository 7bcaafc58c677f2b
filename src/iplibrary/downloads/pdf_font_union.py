"""One embedded font program per source font in a PDF assembled from parts.

Each part of a book (`iplibrary.downloads.pdf_assembly`) embeds its own subsets of the same fonts;
a book of 100 Chinese parts would carry 100 subsets of WenQuanYi Micro Hei (4-5 times
the size of one document). WeasyPrint 70 keeps original glyph ids in its subsets, so
they can be merged into one program on raw table bytes. Anything that cannot be merged
safely keeps its own program: bigger, never wrong.
"""

import bisect
import re
import struct
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name

FONT_COMPRESSION = 6  # zlib's default: level 9 saved 0.1% of a Chinese book
MAX_FORM_DEPTH = 8  # forms inside forms, when looking for fonts
MAX_COMPONENT_DEPTH = 8  # composite glyphs made of composite glyphs


def as_list(value) -> list:
    """A PDF value that may be one object or an array of them, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def merge_font_programs(pdf: pikepdf.Pdf) -> int:
    """Share one embedded program per source font among all the parts' subsets.

    WeasyPrint 70 subsets TrueType fonts keeping the original glyph ids of the glyphs it
    shows (up to the highest one shown; components of composite glyphs past it are
    renumbered after it), so the subsets of one font embedded by different parts differ
    only in which glyphs they have: the union of their glyphs serves them all, each font
    dictionary keeping its own /W and /ToUnicode. Subsets are merged on raw table bytes
    (only composite glyphs' component ids are read) when they come from the same font
    (same name table, head dates and revision, and other tables) and agree on every
    glyph they both have; anything else keeps its own program: bigger, never wrong.
    Returns how many programs the PDF no longer embeds."""
    programs: dict[tuple[int, int], pikepdf.Stream] = {}
    descriptors: dict[tuple[int, int], list[Dictionary]] = {}
    shown: dict[tuple[int, int], int | None] = {}  # glyphs 0..n-1 keep their ids; None: not mergeable
    for descriptor, cid_font in _embedded_fonts(pdf):
        program = descriptor.get("/FontFile2")
        if not isinstance(program, pikepdf.Stream):
            continue
        key = program.objgen
        programs[key] = program
        descriptors.setdefault(key, []).append(descriptor)
        limit, before = _glyph_ids_shown(cid_font), shown.get(key, 0)
        shown[key] = None if limit is None or before is None else max(limit, before)
    unions: dict[bytes, list[_FontUnion]] = {}
    for key, program in programs.items():
        subset = _Subset.read(program.read_bytes(), shown[key]) if shown[key] else None
        if subset is None:
            continue
        candidates = unions.setdefault(subset.source, [])
        union = next((union for union in candidates if union.accepts(subset)), None)
        if union is None:
            union = _FontUnion()
            candidates.append(union)
        union.add(subset, key)
    saved = 0
    for union in (union for group in unions.values() for union in group if len(union.members) > 1):
        data = union.build()
        stream = pdf.make_stream(zlib.compress(data, FONT_COMPRESSION), Filter=Name.FlateDecode, Length1=len(data))
        for key in union.members:
            for descriptor in descriptors[key]:
                descriptor.FontFile2 = stream
                if "/CIDSet" in descriptor:  # would list the subset's glyphs only; optional since PDF 1.7
                    del descriptor.CIDSet
        saved += len(union.members) - 1
    return saved


def _embedded_fonts(pdf: pikepdf.Pdf):
    """(font descriptor, CIDFont or None for a simple font) of every font used by a page
    or by a form it draws."""
    seen: set[tuple[int, int]] = set()

    def walk(resources, depth):
        if resources is None or depth > MAX_FORM_DEPTH:
            return
        for _, font in (resources.get("/Font") or Dictionary()).items():
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            descendants = as_list(font.get("/DescendantFonts"))
            for described in descendants or [font]:
                if described.get("/FontDescriptor") is not None:
                    yield described.FontDescriptor, described if descendants else None
        for _, xobject in (resources.get("/XObject") or Dictionary()).items():
            if xobject.get("/Subtype") == Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from walk(xobject.get("/Resources"), depth + 1)

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"), 0)


def _glyph_ids_shown(cid_font) -> int | None:
    """1 + the highest glyph id a CIDFont draws (its CIDs are glyph ids: /Identity), from
    its widths, which WeasyPrint writes for every glyph it draws; None when unknown."""
    if cid_font is None or cid_font.get("/CIDToGIDMap", Name.Identity) != Name.Identity or "/W" not in cid_font:
        return None
    highest = -1  # read from the array's text: much faster than element by element
    for first, listed, last in _WIDTHS.findall(cid_font.W.unparse(resolved=True)):
        highest = max(highest, int(last) if last else int(first) + len(listed.split()) - 1)
    return highest + 1 if highest >= 0 else None


_WIDTHS = re.compile(rb"(\d+)\s*(?:\[([^\]]*)\]|(?<=\d)\s+(\d+)\s+[-+\d.]+)")  # c [w ...] or c_first c_last w


# tables rebuilt for the union, tables left out of it (per-glyph data that no PDF viewer
# reads: vertical metrics, glyph classes, device metrics), and the rest, which must be
# the same in every subset of a union
_REBUILT = {b"glyf", b"loca", b"hmtx", b"hhea", b"maxp", b"head", b"cmap", b"OS/2", b"post"}
_DROPPED = {b"vhea", b"vmtx", b"GDEF", b"hdmx", b"LTSH", b"VDMX"}
_NONZERO_BYTE = re.compile(rb"[^\x00]")
_NO_METRICS = b"\0\0\0\0"


# a glyph: its bytes with the ids of renumbered components zeroed, and (offset, component glyph) of those
Glyph = tuple[bytes, tuple]


class _Subset:
    """One embedded TrueType subset, read from its table bytes: its glyphs (id -> bytes;
    ids from `limit` on are renumbered components) and the glyphs whose metrics count."""

    def __init__(self, tables: dict[bytes, bytes], limit: int):
        self.tables = tables
        head, hhea, glyf, hmtx = tables[b"head"], tables[b"hhea"], tables[b"glyf"], tables[b"hmtx"]
        self.count = struct.unpack_from(">H", tables[b"maxp"], 4)[0]
        self.limit = min(limit, self.count)
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        loca = struct.unpack_from(f">{self.count + 1}{'I' if long_loca else 'H'}", tables[b"loca"])
        scale = 1 if long_loca else 2
        if loca[-1] * scale > len(glyf):
            raise ValueError("glyph offsets past the glyph table")
        self.glyphs: dict[int, bytes] = {}
        start, end = 0, loca[0]
        while start < self.count:  # empty glyphs share an offset: jump over runs of them
            gid = bisect.bisect_right(loca, loca[start], start, self.count + 1) - 1
            if gid >= self.count:
                break
            if loca[gid] != end or loca[gid + 1] < end:  # offsets out of order: bisect cannot be trusted
                raise ValueError("glyph offsets out of order")
            end = loca[gid + 1]
            self.glyphs[gid] = glyf[loca[gid] * scale:end * scale]
            start = gid + 1
        if end != loca[-1]:
            raise ValueError("glyph offsets out of order")
        self.keys: dict[int, Glyph] = {}
        self.component_records: dict[Glyph, bytes] = {}
        self.long_metrics = min(struct.unpack_from(">H", hhea, 34)[0], self.count)
        self.hmtx = hmtx
        # a glyph's metrics come from a subset that has it: with an outline, or with an
        # advance at least (a space); a subset's other glyphs have none
        size = self.long_metrics
        advances = (int.from_bytes(hmtx[0:4 * size:4], "big") | int.from_bytes(hmtx[1:4 * size:4], "big"))
        wanted = {match.start() for match in _NONZERO_BYTE.finditer(advances.to_bytes(size, "big"))}
        wanted.update(self.glyphs)
        self.with_metrics = [gid for gid in wanted if gid < self.limit]
        self.cmap = _read_cmap(tables[b"cmap"]) if b"cmap" in tables else None
        # what must be equal for subsets of the same font
        identity = [head[4:8], head[18:36], tables.get(b"name", b"")]
        identity += [tag + tables[tag] for tag in sorted(tables) if tag not in _REBUILT | _DROPPED | {b"name"}]
        self.source = b"\0".join(identity)
        for gid, data in self.glyphs.items():  # read every composite now: a malformed one raises here
            if gid < self.limit and data[:1] >= b"\x80":
                self.glyph(gid)

    def glyph(self, gid: int, depth: int = 0) -> Glyph:
        """The glyph's bytes, with the components renumbered past the limit (whose ids
        differ from subset to subset) named by their own content instead of their id."""
        found = self.keys.get(gid)
        if found is None:
            data, refs = self.glyphs.get(gid, b""), []
            if data[:1] >= b"\x80" and depth < MAX_COMPONENT_DEPTH:  # numberOfContours < 0: composite
                for at in _component_offsets(data):
                    component = struct.unpack_from(">H", data, at)[0]
                    if component >= self.limit:
                        key = self.keys.get(component)
                        if key is None:
                            key = self.glyph(component, depth + 1)
                            self.component_records[key] = self.record(component)
                        refs.append((at, key))
                        data = data[:at] + b"\0\0" + data[at + 2:]
            found = self.keys[gid] = (data, tuple(refs))
        return found

    def record(self, gid: int) -> bytes:
        """hmtx's advance and left side bearing of a glyph; past the long metrics, the
        last advance with the glyph's own side bearing."""
        if gid < self.long_metrics:
            return self.hmtx[4 * gid:4 * gid + 4]
        at = 4 * self.long_metrics + 2 * (gid - self.long_metrics)
        return self.hmtx[4 * self.long_metrics - 4:4 * self.long_metrics - 2] + self.hmtx[at:at + 2]

    @classmethod
    def read(cls, data: bytes, limit: int) -> "_Subset | None":
        """None for anything but a plain TrueType font (CFF, collections, variable fonts)."""
        try:
            if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return None
            count = struct.unpack_from(">H", data, 4)[0]
            tables = {}
            for i in range(count):
                tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
                tables[tag] = data[offset:offset + length]
            if not {b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp"} <= tables.keys() or b"fvar" in tables:
                return None
            if struct.unpack_from(">I", tables[b"maxp"])[0] != 0x00010000:
                return None
            return cls(tables, limit)
        except (struct.error, ValueError, IndexError):
            return None


def _component_offsets(glyph: bytes) -> list[int]:
    """Where a composite glyph stores the ids of its components (none: a simple glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph)[0] >= 0:
        return []
    offsets, at = [], 10
    while True:
        flags = struct.unpack_from(">H", glyph, at)[0]
        offsets.append(at + 2)
        at += 4 + (4 if flags & 0x0001 else 2)  # arguments: words or bytes
        at += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0  # scale
        if not flags & 0x0020:  # no more components
            return offsets


class _FontUnion:
    """Subsets of one font whose glyphs agree, and the font that has all their glyphs.
    Glyphs below a subset's limit keep their ids; components renumbered past it become
    the union's "extras", known by their content, placed after the highest limit."""

    def __init__(self):
        self.members: list[tuple[int, int]] = []
        self.subsets: list[_Subset] = []
        self.glyphs: dict[int, Glyph] = {}
        self.metrics: dict[int, bytes] = {}
        self.extras: dict[Glyph, tuple[int, bytes]] = {}  # component -> (index, hmtx record)
        self.limit = 0

    def accepts(self, subset: _Subset) -> bool:
        for gid, data in subset.glyphs.items():
            have = self.glyphs.get(gid)
            if have is None or gid >= subset.limit or (have[0] == data and not have[1]):
                continue
            if have != subset.glyph(gid):
                return False
        return True  # same font, same glyphs: the same metrics

    def add(self, subset: _Subset, key: tuple[int, int]) -> None:
        self.members.append(key)
        self.subsets.append(subset)
        self.limit = max(self.limit, subset.limit)
        for gid in subset.glyphs:
            if gid < subset.limit and gid not in self.glyphs:
                self.glyphs[gid] = glyph = subset.glyph(gid)
                self._add_components(glyph, subset)
        for gid in subset.with_metrics:
            if gid not in self.metrics:
                self.metrics[gid] = subset.record(gid)

    def _add_components(self, glyph: Glyph, subset: _Subset) -> None:
        for _, component in glyph[1]:
            if component not in self.extras:
                self.extras[component] = (len(self.extras), subset.component_records[component])
                self._add_components(component, subset)

    def build(self) -> bytes:
        """The union font: glyf/loca and hmtx spliced from the subsets' raw bytes, maxp,
        head, hhea and OS/2 fields set to cover them all, cmap joined, post without names."""
        first = self.subsets[0]
        count = self.limit + len(self.extras)
        glyphs = dict(self.glyphs)
        metrics = bytearray(_NO_METRICS * count)
        for gid, record in self.metrics.items():
            metrics[4 * gid:4 * gid + 4] = record
        for glyph, (index, record) in self.extras.items():
            glyphs[self.limit + index] = glyph
            metrics[4 * (self.limit + index):4 * (self.limit + index) + 4] = record
        glyf, offsets = bytearray(), []
        for gid in sorted(glyphs):
            offsets += [len(glyf)] * (gid + 1 - len(offsets))  # it, and the empty glyphs before it
            data, refs = glyphs[gid]
            if refs:
                data = bytearray(data)
                for at, component in refs:
                    struct.pack_into(">H", data, at, self.limit + self.extras[component][0])
            glyf += data + (b"\0" if len(data) % 2 else b"")
        offsets += [len(glyf)] * (count + 1 - len(offsets))
        long_loca = len(glyf) > 0x1FFFE
        loca = struct.pack(f">{count + 1}{'I' if long_loca else 'H'}",
                           *(offsets if long_loca else [offset // 2 for offset in offsets]))
        long_metrics = count  # trailing glyphs with the last advance keep only their side bearing
        def advance(gid: int) -> bytes:
            return metrics[4 * gid:4 * gid + 2]

        while long_metrics > 1 and advance(long_metrics - 1) == advance(long_metrics - 2):
            long_metrics -= 1
        hmtx = bytes(metrics[:4 * long_metrics]) + b"".join(metrics[4 * gid + 2:4 * gid + 4] for gid in range(long_metrics, count))

        tables = {tag: data for tag, data in first.tables.items() if tag not in _DROPPED}
        tables[b"glyf"], tables[b"loca"], tables[b"hmtx"] = bytes(glyf), loca, hmtx
        maxp = bytearray(first.tables[b"maxp"])
        struct.pack_into(">H", maxp, 4, count)
        for field in range(6, min(len(maxp), 32), 2):  # the maxima (points, contours, depth...) of all
            struct.pack_into(">H", maxp, field, max(struct.unpack_from(">H", s.tables[b"maxp"], field)[0]
                                                     for s in self.subsets if len(s.tables[b"maxp"]) > field))
        tables[b"maxp"] = bytes(maxp)
        heads = [struct.unpack_from(">4h", s.tables[b"head"], 36) for s in self.subsets]
        head = bytearray(first.tables[b"head"])
        struct.pack_into(">4h", head, 36, min(h[0] for h in heads), min(h[1] for h in heads),
                         max(h[2] for h in heads), max(h[3] for h in heads))
        struct.pack_into(">h", head, 50, 1 if long_loca else 0)
        struct.pack_into(">I", head, 8, 0)  # checksum adjustment: set when the file is written
        tables[b"head"] = bytes(head)
        hhea = bytearray(first.tables[b"hhea"])
        struct.pack_into(">H", hhea, 10, max(struct.unpack_from(f">{2 * long_metrics}H", hmtx)[0::2]))
        for field, pick in ((12, min), (14, min), (16, max)):  # side bearings, extent
            struct.pack_into(">h", hhea, field, pick(struct.unpack_from(">h", s.tables[b"hhea"], field)[0] for s in self.subsets))
        struct.pack_into(">H", hhea, 34, long_metrics)
        tables[b"hhea"] = bytes(hhea)
        if all(len(s.tables.get(b"OS/2", b"")) >= 68 for s in self.subsets):
            os2 = bytearray(tables[b"OS/2"])
            for field in range(42, 58, 4):  # Unicode ranges: those of any subset
                struct.pack_into(">I", os2, field, _union_bits(struct.unpack_from(">I", s.tables[b"OS/2"], field)[0]
                                                                for s in self.subsets))
            struct.pack_into(">H", os2, 64, min(struct.unpack_from(">H", s.tables[b"OS/2"], 64)[0] for s in self.subsets))
            struct.pack_into(">H", os2, 66, max(struct.unpack_from(">H", s.tables[b"OS/2"], 66)[0] for s in self.subsets))
            tables[b"OS/2"] = bytes(os2)
        if b"post" in tables:  # glyph names would have to be merged too: version 3 has none
            tables[b"post"] = b"\x00\x03\x00\x00" + tables[b"post"][4:32]
        if all(s.cmap is not None for s in self.subsets):
            mapping = {}
            for s in self.subsets:  # characters mapped to renumbered components: none in practice
                mapping.update((code, gid) for code, gid in s.cmap.items() if gid < s.limit)
            tables[b"cmap"] = _write_cmap(mapping)
        return _write_sfnt(tables)


def _union_bits(values) -> int:
    result = 0
    for value in values:
        result |= value
    return result


def _read_cmap(data: bytes) -> dict[int, int] | None:
    """code point -> glyph of the Unicode subtables (formats 4 and 12); None when the
    table has anything else the union would lose."""
    mapping: dict[int, int] = {}
    count = struct.unpack_from(">H", data, 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        kind = struct.unpack_from(">H", data, offset)[0]
        if kind == 4:
            segments = struct.unpack_from(">H", data, offset + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", data, offset + 14)
            starts = struct.unpack_from(f">{segments}H", data, offset + 16 + 2 * segments)
            deltas = struct.unpack_from(f">{segments}h", data, offset + 16 + 4 * segments)
            range_at = offset + 16 + 6 * segments
            ranges = struct.unpack_from(f">{segments}H", data, range_at)
            for s in range(segments):
                for code in range(starts[s], ends[s] + 1):
                    if code == 0xFFFF:
                        continue
                    if ranges[s]:
                        at = range_at + 2 * s + ranges[s] + 2 * (code - starts[s])
                        gid = struct.unpack_from(">H", data, at)[0]
                        gid = (gid + deltas[s]) & 0xFFFF if gid else 0
                    else:
                        gid = (code + deltas[s]) & 0xFFFF
                    if gid:
                        mapping[code] = gid
        elif kind == 12:
            groups = struct.unpack_from(">I", data, offset + 12)[0]
            for g in range(groups):
                start, end, gid = struct.unpack_from(">III", data, offset + 16 + 12 * g)
                mapping.update(zip(range(start, end + 1), range(gid, gid + end - start + 1)))
        elif kind != 14:  # format 14 (variation sequences) only refines; anything else: keep out
            return None
    return mapping


def _write_cmap(mapping: dict[int, int]) -> bytes:
    """A format 4 subtable (3,1) for the BMP and a format 12 (3,10) for everything."""
    runs: list[list[int]] = []  # [first code, last code, first glyph]
    for code in sorted(mapping):
        gid = mapping[code]
        if runs and code == runs[-1][1] + 1 and gid == runs[-1][2] + code - runs[-1][0]:
            runs[-1][1] = code
        else:
            runs.append([code, code, gid])
    bmp = [(a, min(b, 0xFFFE), g) for a, b, g in runs if a <= 0xFFFE] + [(0xFFFF, 0xFFFF, 0x10000)]  # 0xFFFF -> 0
    segments = len(bmp)
    power = 2 ** (segments.bit_length() - 1)
    format4 = struct.pack(">7H", 4, 16 + 8 * segments, 0, 2 * segments, 2 * power,
                          (segments.bit_length() - 1), 2 * segments - 2 * power)
    format4 += struct.pack(f">{segments}H", *(b for _, b, _ in bmp)) + b"\0\0"
    format4 += struct.pack(f">{segments}H", *(a for a, _, _ in bmp))
    format4 += struct.pack(f">{segments}H", *(((g - a) & 0xFFFF) for a, _, g in bmp))
    format4 += bytes(2 * segments)
    format12 = struct.pack(">HHIII", 12, 0, 16 + 12 * len(runs), 0, len(runs))
    format12 += b"".join(struct.pack(">III", a, b, g) for a, b, g in runs)
    header = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 3, 1, 20) + struct.pack(">HHI", 3, 10, 20 + len(format4))
    return header + format4 + format12


def _write_sfnt(tables: dict[bytes, bytes]) -> bytes:
    """A TrueType file: tables sorted by tag, 4-byte aligned, with their checksums and
    the head table's checksum adjustment."""
    tags = sorted(tables)
    count = len(tags)
    power = 2 ** (count.bit_length() - 1)
    directory = struct.pack(">IHHHH", 0x00010000, count, 16 * power, count.bit_length() - 1, 16 * (count - power))
    body, offset, head_at = bytearray(), 12 + 16 * count, 0
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        if tag == b"head":
            head_at = offset + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(padded), offset + len(body), len(data))
        body += padded
    font = bytearray(directory + body)
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF
