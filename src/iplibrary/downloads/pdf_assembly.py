"""Books assembled from part PDFs without WeasyPrint: pages, structure tree, links,
named destinations, bookmarks, running footers and shared fonts.

Each entry of a book is rendered (and cached) as a small tagged PDF of its own, so that
an edit re-renders only what it touches; this room puts a book together from those parts
in a fraction of a second. What a single WeasyPrint document would have had must
survive the assembly: one structure tree (PDF/UA) in which every part is a /Part with
its own /Lang, links between parts, a named destination per HTML id, bookmarks, and
fonts that are not embedded once per part (a phone download would be 3-5 times bigger).
Works on files only: knows nothing of the library, of MkDocs or of rendering.

Parts carry no running footer (margin boxes): WeasyPrint tags margin-box text with
structure elements outside its tree, and page numbers depend on the whole book anyway;
footers come from the overlay, drawn as artifacts.
"""

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from iplibrary.downloads.pdf_font_union import as_list, merge_font_programs

LINK_PREFIX = "https://book-part.invalid/#"  # a part's link to a name anywhere in its book
GROUPING_ROLE = Name.Part  # the structure element holding one part: a standard PDF/UA type that takes /Lang
FOOTER_XOBJECT = "/IplFooter"  # the overlay page, drawn as a form on the book's page
PUBLIC_FILE = 0o644  # a download, not a secret (mkstemp makes its files private)


@dataclass(frozen=True)
class BookPart:
    path: Path  # a tagged PDF written by WeasyPrint (iplibrary.downloads.pdf.render_one)
    lang: str  # the language of its text; its /Part structure element gets this /Lang
    anchor: str | None = None  # a named destination to create at its first page


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    level: int  # 1 = top
    page: int  # 0-based page index in the assembled book


def assemble_book(parts: list[BookPart], output: Path, *, lang: str, title: str,
                  outline: list[OutlineEntry], overlay: Path | None = None,
                  link_prefix: str = LINK_PREFIX, link_descriptions: dict[str, str] | None = None) -> int:
    """Write the book made of `parts` (in order) to `output` and return its page count.

    `link_descriptions` (name -> text) replaces the /Contents of a link made internal,
    which WeasyPrint sets to the placeholder address, e.g. "3. Question? (page 7)".

    The first part is the base: its catalog's PDF/UA entries (marking, metadata, display
    of the title) become the book's, with `lang` and `title`. Written to a temporary file
    renamed at the end: `output` is complete or untouched. Raises ValueError naming the
    cause when a link has no target, two parts define the same name, the overlay's page
    count differs or an outline entry points past the end."""
    if not parts:
        raise ValueError("a book needs at least one part")
    output = Path(output)
    sources = [pikepdf.open(part.path) for part in parts]  # open until saved: qpdf copies stream data lazily
    overlay_pdf = pikepdf.open(overlay) if overlay is not None else None
    try:
        book = pikepdf.new()
        structure = _StructureMerger(book)
        destinations = _Destinations()
        for index, (part, source) in enumerate(zip(parts, sources)):
            first = len(book.pages)
            book.pages.extend(source.pages)
            pages = [book.pages[i].obj for i in range(first, len(book.pages))]
            offset = structure.add_part(source, part)
            _renumber_struct_parents(pages, offset)
            destinations.add_part(source, part, index, pages)
        page_count = len(book.pages)
        destinations.check()
        structure.finish()
        _make_links_internal(book, destinations.names, link_prefix, link_descriptions or {})
        book.Root.Names = Dictionary(Dests=Dictionary(Names=destinations.name_tree()))
        _write_outline(book, outline, page_count)
        if overlay_pdf is not None:
            _draw_overlay(book, overlay_pdf, overlay)
        _copy_document_entries(book, sources[0], lang=lang, title=title)
        merge_font_programs(book)
        _save_atomically(book, output, min_version=sources[0].pdf_version)
        return page_count
    finally:
        for pdf in sources:
            pdf.close()
        if overlay_pdf is not None:
            overlay_pdf.close()


# --- structure tree ------------------------------------------------------------------

class _StructureMerger:
    """One /StructTreeRoot for the book: a /Document element holding a /Part per part,
    which holds that part's top-level elements; the parts' ParentTree entries, each
    part's keys shifted by an offset so that they stay unique."""

    def __init__(self, book: pikepdf.Pdf):
        self.book = book
        self.root = book.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array()))
        self.entries: list[tuple[int, object]] = []  # ParentTree (key, value), keys ascending
        self.next_key = 0
        self.role_map: dict[str, tuple[object, str]] = {}
        self.class_map: dict[str, tuple[object, str]] = {}

    def add_part(self, source: pikepdf.Pdf, part: BookPart) -> int:
        """Move the part's tree under a /Part of its language; return the offset its
        /StructParents and /StructParent keys need."""
        offset = self.next_key
        tree = source.Root.get("/StructTreeRoot")
        group = self.book.make_indirect(Dictionary(Type=Name.StructElem, S=GROUPING_ROLE, P=self.document,
                                                   Lang=String(part.lang), K=Array()))
        self.document.K.append(group)
        if tree is None:  # an untagged part: its pages are still shown, its group stays empty
            return offset
        # copied after its pages, so that /Pg and /Obj references reach the book's copies
        tree = self.book.copy_foreign(tree if tree.is_indirect else source.make_indirect(tree))
        for kid in _top_level_elements(tree):
            if isinstance(kid, Dictionary) and kid.get("/Type", Name.StructElem) == Name.StructElem:
                kid.P = group
            group.K.append(kid)
        highest = -1
        for key, value in _number_tree(tree.get("/ParentTree")):
            self.entries.append((key + offset, value))
            highest = max(highest, key)
        self.next_key = offset + max(highest + 1, int(tree.get("/ParentTreeNextKey", 0)))
        self._merge_map(self.role_map, tree.get("/RoleMap"), "/RoleMap", part)
        self._merge_map(self.class_map, tree.get("/ClassMap"), "/ClassMap", part)
        return offset

    @staticmethod
    def _merge_map(merged: dict, entries, what: str, part: BookPart) -> None:
        """Role and class maps are document-wide: the same key must mean the same thing."""
        for key, value in (entries.items() if entries is not None else ()):
            if key in merged and repr(merged[key][0]) != repr(value):
                raise ValueError(f"{what} {key} differs in {merged[key][1]} and {part.path}")
            merged.setdefault(key, (value, str(part.path)))

    def finish(self) -> None:
        pairs = sorted(self.entries, key=lambda pair: pair[0])  # a number tree's keys are in order
        self.root.K = Array([self.document])
        self.root.ParentTree = self.book.make_indirect(Dictionary(Nums=Array([x for pair in pairs for x in pair])))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = Dictionary({k: v for k, (v, _) in self.role_map.items()})
        if self.class_map:
            self.root.ClassMap = Dictionary({k: v for k, (v, _) in self.class_map.items()})
        self.book.Root.StructTreeRoot = self.root
        self.book.Root.MarkInfo = Dictionary(Marked=True)


def _top_level_elements(tree: Dictionary) -> list:
    """The children of the part's /Document element (WeasyPrint wraps everything in one),
    else the children of its root."""
    kids = as_list(tree.get("/K"))
    if len(kids) == 1 and isinstance(kids[0], Dictionary) and kids[0].get("/S") == Name.Document:
        return as_list(kids[0].get("/K"))
    return kids



def _pdf_tree(node, leaves: str, key, depth: int = 0):
    """(key, value) pairs of a PDF number tree (leaves "/Nums") or name tree ("/Names"):
    WeasyPrint writes a flat array, other writers /Kids."""
    if node is None or depth > 32:
        return
    pairs = node.get(leaves)
    if pairs is not None:
        for i in range(0, len(pairs) - 1, 2):
            yield key(pairs[i]), pairs[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _pdf_tree(kid, leaves, key, depth + 1)


def _number_tree(node):
    return _pdf_tree(node, "/Nums", int)


def _renumber_struct_parents(pages: list[Dictionary], offset: int) -> None:
    """A page's /StructParents and an annotation's /StructParent are keys into the
    ParentTree: shifted by the part's offset, like its entries."""
    if not offset:
        return
    for page in pages:
        if "/StructParents" in page:
            page.StructParents = int(page.StructParents) + offset
        for annotation in page.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


# --- named destinations and links ------------------------------------------------------

class _Destinations:
    """Every part's named destinations (one per HTML id) and its anchor at its first
    page, pointing at the book's pages. A name defined by two parts is an error: a link
    to it could not say which one it means."""

    def __init__(self):
        self.names: dict[str, Array] = {}
        self.owner: dict[str, int] = {}
        self.paths: list[Path] = []
        self.collisions: list[str] = []

    def add_part(self, source: pikepdf.Pdf, part: BookPart, index: int, pages: list[Dictionary]) -> None:
        self.paths.append(part.path)
        page_index = {page.objgen: i for i, page in enumerate(source.pages)}  # the part's page -> its position
        for name, destination in _part_destinations(source):
            if isinstance(destination, Dictionary):
                destination = destination.get("/D")
            if not isinstance(destination, Array) or len(destination) == 0:
                continue
            target = destination[0]
            position = int(target) if isinstance(target, int) else page_index.get(target.objgen)
            if position is None:
                continue
            self._define(name, Array([pages[position], *list(destination)[1:]]), index)
        if part.anchor:
            box = pages[0].MediaBox  # the top left corner of its first page, even if the part has the name too
            self._define(part.anchor, Array([pages[0], Name.XYZ, box[0], box[3], 0]), index)

    def _define(self, name: str, destination: Array, index: int) -> None:
        """A part may define a name again (its anchor); another part may not."""
        if name in self.owner and self.owner[name] != index:
            self.collisions.append(f"'{name}' is defined by {self.paths[self.owner[name]]} and {self.paths[index]}")
            return
        self.owner[name] = index
        self.names[name] = destination

    def check(self) -> None:
        if self.collisions:
            raise ValueError("named destinations defined twice: " + "; ".join(self.collisions))

    def name_tree(self) -> Array:
        """A flat name tree: keys sorted as bytes, as the PDF reference requires."""
        ordered = sorted(self.names.items(), key=lambda item: item[0].encode("utf-8"))
        return Array([x for name, destination in ordered for x in (String(name), destination)])


def _part_destinations(source: pikepdf.Pdf):
    """(name, destination) of the /Names /Dests tree and of an old-style /Dests dictionary."""
    names = source.Root.get("/Names")
    if names is not None and "/Dests" in names:
        yield from _name_tree(names.Dests)
    for name, destination in (source.Root.get("/Dests") or Dictionary()).items():
        yield name[1:], destination


def _name_tree(node):
    return _pdf_tree(node, "/Names", str)


def _make_links_internal(book: pikepdf.Pdf, names: dict[str, Array], link_prefix: str,
                         descriptions: dict[str, str]) -> None:
    """A part links to another part (its contents to the entries) with an address made of
    `link_prefix` and a name: it becomes a GoTo to that named destination of the book.
    The annotation keeps its /StructParent (its place in the structure tree) and
    /Contents (its description for assistive technology)."""
    missing = []
    for number, page in enumerate(book.pages, start=1):
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != Name.Link or action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(link_prefix):
                continue
            name = uri[len(link_prefix):]
            if name not in names:
                missing.append(f"{uri} (page {number})")
                continue
            annotation.A = Dictionary(S=Name.GoTo, D=String(name))
            if name in descriptions:
                annotation.Contents = String(descriptions[name])
    if missing:
        raise ValueError("links to names no part defines: " + ", ".join(dict.fromkeys(missing)))


# --- outline, overlay, document entries, saving ------------------------------------------

def _write_outline(book: pikepdf.Pdf, outline: list[OutlineEntry], page_count: int) -> None:
    """The given bookmarks, nested by level; a level deeper than the one before hangs
    under the last item."""
    wrong = [f"'{entry.title}' (page {entry.page})" for entry in outline if not 0 <= entry.page < page_count]
    if wrong:
        raise ValueError(f"outline entries point past the book's {page_count} pages: {', '.join(wrong)}")
    with book.open_outline() as tree:
        tree.root.clear()
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for entry in outline:
            item = pikepdf.OutlineItem(entry.title, entry.page)
            while stack and stack[-1][0] >= entry.level:
                stack.pop()
            (stack[-1][1].children if stack else tree.root).append(item)
            stack.append((entry.level, item))


def _draw_overlay(book: pikepdf.Pdf, overlay: pikepdf.Pdf, path: Path) -> None:
    """Page i of the overlay (the running footers) is drawn over page i of the book as a
    form. WeasyPrint tags margin-box text with MCIDs of elements outside its tree; here
    that marking is removed and the whole form marked as a pagination artifact, so
    footers stay out of the book's structure tree. The overlay's own tree is ignored."""
    if len(overlay.pages) != len(book.pages):
        raise ValueError(f"the overlay {path} has {len(overlay.pages)} pages, the book {len(book.pages)}")
    save_state = book.make_stream(b"q\n")
    restore_and_draw = book.make_stream(f"Q\nq {FOOTER_XOBJECT} Do Q\n".encode())
    for page, sheet in zip(book.pages, overlay.pages):
        content = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n" + _without_marked_content(sheet) + b"\nEMC\n"
        form = book.make_stream(content)
        form.Type, form.Subtype = Name.XObject, Name.Form
        form.BBox = Array(sheet.mediabox)
        form.Resources = book.copy_foreign(overlay.make_indirect(sheet.obj.get("/Resources", Dictionary())))
        resources = Dictionary(page.obj.get("/Resources", Dictionary()))  # a copy: parts' pages may share theirs
        resources.XObject = Dictionary(resources.get("/XObject", Dictionary()))
        resources.XObject[FOOTER_XOBJECT] = form
        page.obj.Resources = resources
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
        # WeasyPrint's page content leaves its coordinate flip in force: restore the state first
        page.obj.Contents = Array([save_state, *streams, restore_and_draw])


def _without_marked_content(page: pikepdf.Page) -> bytes:
    """The page's content with its marked-content operators (BMC/BDC ... EMC) removed."""
    kept = [instruction for instruction in pikepdf.parse_content_stream(page)
            if str(instruction.operator) not in ("BDC", "BMC", "EMC")]
    return pikepdf.unparse_content_stream(kept)


def _copy_document_entries(book: pikepdf.Pdf, base: pikepdf.Pdf, *, lang: str, title: str) -> None:
    """The base part's catalog entries PDF/UA needs, with the book's language and title
    (in /Info and in the XMP metadata, where a PDF/UA reader looks for it)."""
    root = book.Root
    root.Lang = String(lang)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    metadata = base.Root.get("/Metadata")
    if metadata is not None:
        xmp = metadata.read_bytes().decode("utf-8")
        xmp = re.sub(r"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>).*?(</rdf:li>)",
                     lambda m: m.group(1) + escape(title) + m.group(2), xmp, count=1, flags=re.S)
        root.Metadata = book.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    info = base.trailer.get("/Info")
    for key, value in (info.items() if info is not None else ()):
        if isinstance(value, String):
            book.docinfo[key] = String(str(value))
    book.docinfo.Title = String(title)


def _save_atomically(book: pikepdf.Pdf, output: Path, *, min_version: str) -> None:
    """Object streams and compressed streams (size matters on phones); an /ID made from
    the content, so that the same parts give the same bytes; a temporary name renamed
    once complete, so that `output` is never half-written."""
    handle, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(handle)
    os.chmod(tmp, PUBLIC_FILE)
    try:
        book.save(tmp, min_version=min_version, compress_streams=True, fix_metadata_version=False,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
