"""Books assembled from part PDFs (iplibrary.downloads.pdf_assembly), on real WeasyPrint parts: a
French front with contents links, an English, a French and a Chinese entry of several
pages each, and a footer overlay. Checks what a reader and a validator see: pages and
their text, the structure tree, links, named destinations, bookmarks, footers outside
the tree, shared fonts, and the errors."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

from iplibrary.downloads.pdf import render_one
from iplibrary.downloads.pdf_assembly import LINK_PREFIX, BookPart, OutlineEntry, assemble_book
from iplibrary.downloads.pdf_font_union import _Subset
from iplibrary.downloads.pdf_fonts import foreign_fonts, missing_glyphs
from iplibrary.downloads.print_fonts import print_font_families

STYLE = """
@page { size: A6; margin: 10mm 10mm 14mm; }
html { font-family: "Noto Sans", "WenQuanYi Micro Hei"; font-size: 10pt; line-height: 1.4; }
:lang(zh) { font-family: "WenQuanYi Micro Hei", "Noto Sans"; }
th, td { border: 0.4pt solid #999; }
"""
ENGLISH = ("Registering a trade mark in China early is the best protection against squatters: "
           "China follows a first-to-file system, and a <b>registration</b> made by someone else can block your "
           "<i>exports</i> at the border. ")
FRENCH = ("Le dépôt d'une marque en Chine protège l'entreprise contre les dépôts de mauvaise foi ; "
          "il faut déposer tôt, vérifier les classes et conserver les preuves d'usage. Ça coûte peu. ")
CHINESE = "在中国尽早注册商标是防止抢注的最好办法：中国实行申请在先原则，他人抢先注册的商标可能在海关阻止您的出口。"
FOOTER_STYLE = """
@page { size: A6; margin: 10mm 10mm 14mm; @bottom-right { content: "Page " counter(page) " / " counter(pages); } }
html { font-family: "Noto Sans"; font-size: 8pt; }
.sheet { break-after: page; } .sheet:last-child { break-after: auto; }
"""


def document(lang: str, body: str, title: str = "Part", style: str = STYLE) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body>{body}</body></html>")


def render(html: str, path: Path) -> Path:
    outcome = render_one(html, str(path))
    assert "error" not in outcome, outcome
    return path


FRONT = document("fr", f"""
<h1>Manuel des questions</h1>
<nav><h2 id="contents">Sommaire</h2><ol>
<li><a href="{LINK_PREFIX}entry-b">1. Register early</a></li>
<li><a href="{LINK_PREFIX}entry-c--preuves">2. Les preuves</a></li>
<li><a href="{LINK_PREFIX}entry-d">3. 尽早注册</a></li>
</ol></nav>""", title="Manuel")
ENGLISH_PART = document("en", f"""
<h2 id="chapter-1">Trade marks</h2>
<article class="entry"><h4 id="entry-b">1. Why register early?</h4>
{"".join(f"<p>{ENGLISH}</p>" for _ in range(4))}
<p>See <a href="#entry-b--costs">the costs</a> below.</p>
<table><thead><tr><th>Step</th><th>Time</th></tr></thead><tbody><tr><td>Filing</td><td>1 day</td></tr></tbody></table>
{"".join(f"<p>{ENGLISH}</p>" for _ in range(4))}
<h5 id="entry-b--costs">Costs</h5>
{"".join(f"<p>{ENGLISH}</p>" for _ in range(3))}
</article>""")
FRENCH_PART = document("fr", f"""
<article class="entry"><h4 id="entry-c">2. Conserver les preuves</h4>
{"".join(f"<p>{FRENCH}</p>" for _ in range(5))}
<h5 id="entry-c--preuves">Quelles preuves ?</h5>
<ul>{"".join(f"<li>{FRENCH}</li>" for _ in range(4))}</ul>
</article>""")
CHINESE_PART = document("zh", f"""
<article class="entry"><h4 id="entry-d">3. 为什么要尽早注册？</h4>
{"".join(f"<p>{CHINESE * 2}</p>" for _ in range(6))}
<p>参见<a href="#entry-d--fee">费用</a>。English words in Chinese text.</p>
<h5 id="entry-d--fee">费用</h5>
{"".join(f"<p>{CHINESE}</p>" for _ in range(3))}
</article>""")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("assembly")


@pytest.fixture(scope="module")
def parts(folder) -> list[BookPart]:
    return [BookPart(render(FRONT, folder / "front.pdf"), "fr"),
            BookPart(render(ENGLISH_PART, folder / "en.pdf"), "en", "entry-b"),
            BookPart(render(FRENCH_PART, folder / "fr.pdf"), "fr", "entry-c"),
            BookPart(render(CHINESE_PART, folder / "zh.pdf"), "zh", "entry-d")]


@pytest.fixture(scope="module")
def part_pages(parts) -> list[int]:
    return [len(pikepdf.open(part.path).pages) for part in parts]


@pytest.fixture(scope="module")
def first_pages(part_pages) -> list[int]:
    """The 0-based page of the book where each part starts."""
    return [sum(part_pages[:i]) for i in range(len(part_pages))]


@pytest.fixture(scope="module")
def overlay(folder, part_pages) -> Path:
    total = sum(part_pages)
    return render(document("fr", '<div class="sheet"></div>' * total, style=FOOTER_STYLE), folder / "overlay.pdf")


@pytest.fixture(scope="module")
def outline(first_pages) -> list[OutlineEntry]:
    return [OutlineEntry("Sommaire", 1, 0), OutlineEntry("Trade marks", 1, first_pages[1]),
            OutlineEntry("1. Why register early?", 2, first_pages[1]), OutlineEntry("2. Les preuves", 2, first_pages[2]),
            OutlineEntry("3. 尽早注册", 2, first_pages[3]), OutlineEntry("Costs", 3, first_pages[2] - 1)]


@pytest.fixture(scope="module")
def book(folder, parts, overlay, outline) -> Path:
    path = folder / "book.pdf"
    assemble_book(parts, path, lang="fr", title="Manuel des questions", outline=outline, overlay=overlay)
    return path


def page_text(path: Path, page: int) -> str:
    """The text of a 1-based page, whitespace normalised."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def all_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


# --- pages and text -------------------------------------------------------------------

def test_the_parts_are_multi_page_so_that_offsets_are_tested(part_pages):
    assert part_pages[0] >= 1 and all(pages >= 2 for pages in part_pages[1:]), part_pages


def test_pages_and_their_text_in_order_with_the_footers(book, parts, part_pages):
    total = sum(part_pages)
    with pikepdf.open(book) as pdf:
        assert len(pdf.pages) == total
    number = 0
    for part, pages in zip(parts, part_pages):
        for page in range(1, pages + 1):
            number += 1
            shown = page_text(book, number)
            assert page_text(part.path, page) in shown, (part.path.name, page)
            assert f"Page {number} / {total}" in shown
    assert CHINESE[:20] in all_text(book).replace(" ", "")


def test_the_page_count_is_returned(folder, parts, outline):
    assert assemble_book(parts, folder / "plain.pdf", lang="fr", title="T", outline=outline) == sum(
        len(pikepdf.open(part.path).pages) for part in parts)


def test_catalog_entries_of_pdf_ua(book):
    with pikepdf.open(book) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "fr"
        assert root.MarkInfo.Marked is True or bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == "Manuel des questions"
        xmp = root.Metadata.read_bytes().decode()
        assert "pdfuaid:part" in xmp and "Manuel des questions" in xmp and ">Manuel<" not in xmp
        assert "/Outlines" in root and "/StructTreeRoot" in root


# --- structure tree ---------------------------------------------------------------------

def structure_problems(path: Path, *, next_key: bool = True) -> list[str]:
    """What breaks the structure tree: every element reachable from the root with /P to
    its parent, every marked-content reference on a page of the book, every page's MCIDs
    exactly those its ParentTree entry maps to reachable elements, every annotation's
    /StructParent resolving to the element that holds it, ParentTreeNextKey past every key."""
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        reachable: set[tuple[int, int]] = set()
        marked: dict[tuple[int, int], tuple[int, int]] = {}  # (page, mcid) -> element
        owners: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element
        stack = [(kid, root) for kid in as_list(root.K)]
        while stack:
            element, parent = stack.pop()
            if element.P.objgen != parent.objgen:
                problems.append(f"element {element.objgen} has the wrong /P")
            reachable.add(element.objgen)
            page = element.get("/Pg")
            if page is not None and page.objgen not in pages:
                problems.append(f"element {element.objgen}: /Pg is not a page of the book")
            for kid in as_list(element.get("/K")):
                if isinstance(kid, int):
                    if page is None:
                        problems.append(f"element {element.objgen}: MCID without a page")
                    else:
                        marked[(pages.get(page.objgen, -1), kid)] = element.objgen
                elif kid.get("/Type") == Name.MCR:
                    marked[(pages.get((kid.get("/Pg") or page).objgen, -1), int(kid.MCID))] = element.objgen
                elif kid.get("/Type") == Name.OBJR:
                    owners[kid.Obj.objgen] = element.objgen
                    if kid.Pg.objgen not in pages:
                        problems.append(f"OBJR of {element.objgen}: /Pg is not a page of the book")
                else:
                    stack.append((kid, element))
        nums = dict(number_tree(root.ParentTree))
        if next_key and int(root.get("/ParentTreeNextKey", -1)) <= max(nums):
            problems.append(f"ParentTreeNextKey {root.get('/ParentTreeNextKey')} not past {max(nums)}")
        for index, page in enumerate(pdf.pages):
            shown = {int(operands[1].MCID) for operands, _ in pikepdf.parse_content_stream(page, "BDC")
                     if isinstance(operands[1], Dictionary) and "/MCID" in operands[1]}
            tagged = {mcid for (p, mcid) in marked if p == index}
            if shown != tagged:
                problems.append(f"page {index + 1}: content MCIDs {sorted(shown ^ tagged)} not in the tree or not shown")
            if shown:
                entry = nums.get(int(page.obj.get("/StructParents", -1)))
                if not isinstance(entry, Array):
                    problems.append(f"page {index + 1}: /StructParents is no page entry of the ParentTree")
                    continue
                for mcid in shown:
                    element = entry[mcid] if mcid < len(entry) else None
                    if element is None or element.objgen != marked.get((index, mcid)) or element.objgen not in reachable:
                        problems.append(f"page {index + 1}: MCID {mcid} resolves to the wrong element")
            for annotation in page.obj.get("/Annots", ()):
                element = nums.get(int(annotation.get("/StructParent", -1)))
                if element is None or element.objgen not in reachable or owners.get(annotation.objgen) != element.objgen:
                    problems.append(f"page {index + 1}: an annotation's /StructParent does not resolve")
    return problems


def as_list(value) -> list:
    return [] if value is None else list(value) if isinstance(value, Array) else [value]


def number_tree(node):
    nums = node.get("/Nums")
    for i in range(0, len(nums or ()), 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from number_tree(kid)


def test_the_structure_tree_is_whole(book):
    assert structure_problems(book) == []


def test_each_part_is_a_part_element_with_its_language(book, parts):
    with pikepdf.open(book) as pdf:
        [document] = as_list(pdf.Root.StructTreeRoot.K)
        assert document.S == Name.Document
        groups = as_list(document.K)
        assert [group.S for group in groups] == [Name.Part] * len(parts)
        assert [str(group.Lang) for group in groups] == [part.lang for part in parts]
        english = groups[1]
        assert str(pdf.Root.Lang) == "fr" and str(english.Lang) == "en"
        headings = [kid.S for kid in as_list(english.K)]
        assert Name.H2 in headings  # the part's own top-level elements, moved under it


def test_the_parts_are_valid_pdf_too(parts):
    for part in parts:  # the checker above, on WeasyPrint's own output (no ParentTreeNextKey: optional)
        assert structure_problems(part.path, next_key=False) == [], part.path.name


# --- links, named destinations, outline -------------------------------------------------------

def destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    names = pdf.Root.Names.Dests.Names
    return {str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def test_named_destinations_of_every_part_and_the_anchors(book, parts, first_pages):
    with pikepdf.open(book) as pdf:
        found = destinations(pdf)
    expected = {}
    for part, first in zip(parts, first_pages):
        with pikepdf.open(part.path) as source:
            expected.update({name: first + page for name, page in destinations(source).items()})
        if part.anchor:
            expected[part.anchor] = first
    assert found == expected
    assert found["entry-b"] == first_pages[1] and found["entry-d"] == first_pages[3]
    assert found["entry-c--preuves"] > first_pages[2]  # on the French part's second page or later
    assert {"contents", "chapter-1", "entry-b--costs", "entry-d--fee"} <= found.keys()


def test_contents_links_become_internal_and_other_links_stay(book, first_pages):
    with pikepdf.open(book) as pdf:
        found = destinations(pdf)
        links = [a for a in pdf.pages[0].obj.Annots if a.Subtype == Name.Link]
        targets = [str(a.A.D) for a in links]
        assert targets == ["entry-b", "entry-c--preuves", "entry-d"]
        assert all(a.A.S == Name.GoTo and "/StructParent" in a and "/Contents" in a for a in links)
        assert [found[t] for t in targets] == [first_pages[1], found["entry-c--preuves"], first_pages[3]]
        in_part = [a for page in pdf.pages[first_pages[1]:first_pages[2]] for a in page.obj.get("/Annots", ())]
        assert [str(a.Dest) for a in in_part if "/Dest" in a] == ["entry-b--costs"]
        uris = [str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", ()) if "/A" in a and a.A.S == Name.URI]
        assert not any(uri.startswith(LINK_PREFIX) for uri in uris)


def test_the_outline(book, outline):
    with pikepdf.open(book) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        found = []

        def walk(items, level):
            for item in items:
                found.append((item.title, level, pages[item.destination[0].objgen]))
                walk(item.children, level + 1)

        with pdf.open_outline() as tree:
            walk(tree.root, 1)
    assert found == [(entry.title, entry.level, entry.page) for entry in outline]


# --- the footer overlay -------------------------------------------------------------------

def test_footers_are_artifacts_outside_the_structure_tree(book):
    with pikepdf.open(book) as pdf:
        for page in pdf.pages:
            form = page.obj.Resources.XObject["/IplFooter"]
            operators = [(list(operands), str(operator)) for operands, operator in pikepdf.parse_content_stream(form)]
            marks = [(operands, operator) for operands, operator in operators if operator in ("BDC", "BMC", "EMC")]
            assert marks[0][1] == "BDC" and marks[0][0][0] == Name.Artifact and marks[-1][1] == "EMC"
            assert len(marks) == 2  # no MCID of the overlay's own tree left inside
            assert page.obj.Contents[-1].read_bytes().strip().endswith(b"/IplFooter Do Q")
    # the footers' text is shown (checked page by page above) but no structure element holds it
    assert structure_problems(book) == []


def test_an_overlay_with_another_page_count_is_refused(folder, parts, outline):
    target = folder / "refused-overlay.pdf"
    with pytest.raises(ValueError, match=r"overlay .*en\.pdf has \d+ pages, the book \d+"):
        assemble_book(parts, target, lang="fr", title="T", outline=outline, overlay=parts[1].path)
    assert not target.exists()


# --- fonts ----------------------------------------------------------------------------------

def font_programs(path: Path) -> dict[tuple[int, int], tuple[bytes, int]]:
    """objgen -> (program, bytes it takes in the file) of every embedded TrueType program."""
    with pikepdf.open(path) as pdf:
        programs = {}
        for obj in pdf.objects:
            if isinstance(obj, Dictionary) and obj.get("/Type") == Name.FontDescriptor and "/FontFile2" in obj:
                program = obj.FontFile2
                programs[program.objgen] = (program.read_bytes(), len(program.read_raw_bytes()))
        return programs


def test_fonts_are_shared_and_the_book_is_much_smaller_than_its_parts(book, parts, overlay):
    inputs = [part.path for part in parts] + [overlay]
    in_parts = [program for path in inputs for program in font_programs(path).values()]
    in_book = list(font_programs(book).values())
    source_fonts = {_Subset.read(data, 1 << 16).source for data, _ in in_parts}
    # one program per font the parts use (measured: 11 programs of 4 fonts in the parts,
    # 4 in the book taking 0.57 of the parts' bytes; the book 0.70 of its inputs)
    assert len(in_book) == len(source_fonts) < len(in_parts)
    assert sum(size for _, size in in_book) < 0.65 * sum(size for _, size in in_parts)
    assert book.stat().st_size < 0.75 * sum(path.stat().st_size for path in inputs)
    # whatever could be merged was: no two programs of the book come from the same font
    sources = [_Subset.read(data, 1 << 16).source for data, _ in in_book]
    assert len(set(sources)) == len(sources)


def test_the_book_embeds_only_the_named_families(book, parts, overlay):
    """The same fonts on every machine: the families the print stylesheet names, both of
    them (English, French and Chinese parts), and nothing fontconfig found besides."""
    assert foreign_fonts(book, print_font_families()) == {}
    with pikepdf.open(book) as pdf:
        families = {str(obj.FontFamily) for obj in pdf.objects
                    if isinstance(obj, Dictionary) and obj.get("/Type") == Name.FontDescriptor}
    assert families == {"Noto Sans", "WenQuanYi Micro Hei"}


def drawn_glyphs(path: Path) -> dict[tuple[str, int], tuple]:
    """(font name without subset tag, glyph id) -> (outline with components drawn in,
    advance) of every glyph a font's /W lists (WeasyPrint lists every glyph it draws)."""
    glyphs = {}
    with pikepdf.open(path) as pdf:
        fonts = {}
        for page in pdf.pages:
            for resources in [page.obj.Resources, *(x.Resources for _, x in page.obj.Resources.get("/XObject", {}).items())]:
                fonts.update((font.objgen, font) for _, font in resources.get("/Font", {}).items())
        for font in fonts.values():
            cid_font = font.DescendantFonts[0]
            ttfont = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
            glyph_set, order = ttfont.getGlyphSet(), ttfont.getGlyphOrder()
            widths, i, gids = list(cid_font.W), 0, []
            while i < len(widths):
                if isinstance(widths[i + 1], Array):
                    gids, i = gids + list(range(int(widths[i]), int(widths[i]) + len(widths[i + 1]))), i + 2
                else:
                    gids, i = gids + list(range(int(widths[i]), int(widths[i + 1]) + 1)), i + 3
            for gid in gids:
                pen = DecomposingRecordingPen(glyph_set)
                glyph_set[order[gid]].draw(pen)
                glyphs[(str(font.BaseFont).split("+")[-1], gid)] = (tuple(pen.value), ttfont["hmtx"][order[gid]][0])
    return glyphs


def test_merged_fonts_draw_every_glyph_as_the_parts_did(book, parts, overlay):
    """Also the composite glyphs whose components WeasyPrint renumbered, differently in
    each part (WenQuanYi's Chinese characters are made of such components)."""
    in_book = drawn_glyphs(book)
    for path in [part.path for part in parts] + [overlay]:
        in_part = drawn_glyphs(path)
        assert {key: in_book.get(key) for key in in_part} == in_part, path.name


def test_every_character_still_has_its_glyph(book):
    assert missing_glyphs(book) == []


def test_pdffonts_lists_embedded_fonts_only(book):
    lines = subprocess.run(["pdffonts", str(book)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines and all(re.search(r"\byes\s+yes\s+yes\s+\d+\s+\d+$", line) for line in lines), lines


def test_the_text_still_extracts(book):
    text = all_text(book)
    assert "Conserver les preuves" in text and "Ça coûte peu" in text
    assert "Why register early?" in text
    assert "为什么要尽早注册" in text and CHINESE[:30] in text.replace(" ", "")  # line ends between CJK characters


def test_qpdf_finds_no_problem(book):
    with pikepdf.open(book) as pdf:
        assert pdf.check_pdf_syntax() == []


# --- errors, atomic writes, determinism ------------------------------------------------------

def test_a_link_to_an_unknown_name_is_refused(folder, parts):
    broken = render(document("fr", f'<p><a href="{LINK_PREFIX}entry-nowhere">lost</a></p>'), folder / "broken.pdf")
    target = folder / "refused-link.pdf"
    with pytest.raises(ValueError, match=r"entry-nowhere \(page 1\)"):
        assemble_book([BookPart(broken, "fr"), *parts[1:]], target, lang="fr", title="T", outline=[])
    assert not target.exists()


def test_a_name_defined_by_two_parts_is_refused(folder, parts):
    copy = folder / "en-again.pdf"
    shutil.copyfile(parts[1].path, copy)
    target = folder / "refused-names.pdf"
    with pytest.raises(ValueError, match=r"'entry-b--costs' is defined by .*en\.pdf and .*en-again\.pdf"):
        assemble_book([*parts, BookPart(copy, "en")], target, lang="fr", title="T", outline=[])
    assert not target.exists()


def test_an_outline_entry_past_the_end_is_refused(folder, parts):
    target = folder / "refused-outline.pdf"
    with pytest.raises(ValueError, match="'Nowhere' \\(page 999\\)"):
        assemble_book(parts, target, lang="fr", title="T", outline=[OutlineEntry("Nowhere", 1, 999)])
    assert not target.exists()


def test_a_failure_leaves_an_existing_output_and_no_temporary_file(parts, tmp_path):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"the previous book")
    with pytest.raises(ValueError):
        assemble_book(parts, target, lang="fr", title="T", outline=[OutlineEntry("Nowhere", 1, 999)])
    assert target.read_bytes() == b"the previous book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]


def test_the_same_parts_give_the_same_bytes(folder, parts, overlay, outline, book):
    again = folder / "again.pdf"
    assemble_book(parts, again, lang="fr", title="Manuel des questions", outline=outline, overlay=overlay)
    assert again.read_bytes() == book.read_bytes()
