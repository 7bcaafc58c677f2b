"""Zip bundle manifests and zips, the downloads page and the download link on resource
pages, and when a build makes downloads at all (no MkDocs, no rendering)."""

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from fixture_library import RESOURCES
from helpers import REPO, make_library
from iplibrary.downloads.bundles import INDEX_NAME, PdfFile, build_bundles, bundle_manifests, write_zip
from iplibrary.downloads.downloads import DownloadFile, Downloads, download_link_html, downloads_page, format_size, pdfs_wanted
from iplibrary.languages import LANGUAGES
from iplibrary.library import load_library
from iplibrary.downloads.print_document import BOOKS
from iplibrary.urls import book_pdf_path, resource_pdf_path

SITE = "https://helpdesk.example.org/"
DISCLAIMER_FR = "Ces informations constituent un premier conseil, et non un avis juridique."


@pytest.fixture()
def library(tmp_path):
    (tmp_path / "project").mkdir()
    root = make_library(tmp_path / "project", RESOURCES)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # the helpdesk's details
    return load_library(root)


@pytest.fixture()
def pdfs(library, tmp_path) -> dict[str, PdfFile]:
    """A fake rendered PDF for every document the library has."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    targets = [resource_pdf_path(r.id, lang) for r in library.resources.values() for lang in r.available_languages()]
    targets += [book_pdf_path(book, lang) for book in BOOKS for lang in LANGUAGES]
    result = {}
    for number, target in enumerate(sorted(targets)):
        path = folder / target.replace("/", "_")
        path.write_bytes(f"%PDF {target}".encode())
        result[target] = PdfFile(path=path, key=f"key-{number}", pages=number % 3 + 1)
    return result


def manifests(library, pdfs):
    return {b.target: b for b in bundle_manifests(library, pdfs, SITE, "Test Helpdesk")}


def test_a_bundle_per_type_and_one_whole_library_per_language(library, pdfs):
    targets = set(manifests(library, pdfs))
    types = ["factsheet", "ip-guide", "horizontal", "case-study", "faq"]  # the fixture has no how-to or sector guide
    assert targets == {f"downloads/{lang}/{name}.{lang}.zip" for lang in LANGUAGES for name in [*types, "library"]}


def test_type_bundle_holds_each_resource_in_the_language_else_in_english(library, pdfs):
    bundle = manifests(library, pdfs)["downloads/fr/factsheet.fr.zip"]
    assert [(e.name, e.lang, e.pdf.path) for e in bundle.entries] == [
        ("macao-basics.pdf", "fr", pdfs["downloads/fr/macao-basics.pdf"].path),
        ("taiwan-basics.pdf", "en", pdfs["downloads/en/taiwan-basics.pdf"].path),
    ]
    assert bundle.title == "Fiches pratiques" and bundle.day == date(2026, 10, 1)
    index = bundle.index.splitlines()
    assert index[0] == "Test Helpdesk: Fiches pratiques"
    assert f"Version en ligne: {SITE}fr/downloads/" in index
    taiwan = index.index("taiwan-basics.pdf")
    assert index[taiwan + 1] == "    Taiwan basics"
    assert "pas encore traduit" in index[taiwan + 2] and "English" in index[taiwan + 2]
    assert DISCLAIMER_FR in index and index[-1].endswith(f"{SITE}fr/enquiry/")


def test_library_bundle_holds_every_resource_in_type_folders_and_the_books(library, pdfs):
    bundle = manifests(library, pdfs)["downloads/zh/library.zh.zip"]
    assert [e.name for e in bundle.entries] == [
        "case-study-catalogue.zh.pdf", "case_studies/case-one.pdf", "case_studies/case-two.pdf",
        "factsheets/macao-basics.pdf", "factsheets/taiwan-basics.pdf", "faq-handbook.zh.pdf",
        "faq/faq-a.pdf", "faq/faq-b.pdf", "guides/horizontal/fair-guide.pdf", "guides/ip/designs-basics.pdf"]
    assert next(e for e in bundle.entries if e.name == "factsheets/taiwan-basics.pdf").lang == "zh"


def test_bundle_key_changes_only_when_one_of_its_files_changes(library, pdfs):
    before = {t: b.key for t, b in manifests(library, pdfs).items()}
    assert before == {t: b.key for t, b in manifests(library, pdfs).items()}
    changed_pdf = "downloads/fr/macao-basics.pdf"
    pdfs = {**pdfs, changed_pdf: PdfFile(pdfs[changed_pdf].path, "new-key", 1)}
    after = {t: b.key for t, b in manifests(library, pdfs).items()}
    assert sorted(t for t in before if before[t] != after[t]) == ["downloads/fr/factsheet.fr.zip", "downloads/fr/library.fr.zip"]


def test_zip_is_stored_ordered_dated_and_byte_identical(library, pdfs, tmp_path):
    bundle = manifests(library, pdfs)["downloads/fr/factsheet.fr.zip"]
    write_zip(bundle, tmp_path / "a.zip")
    write_zip(bundle, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [INDEX_NAME, "macao-basics.pdf", "taiwan-basics.pdf"]
        assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
        assert {i.date_time for i in infos} == {(2026, 10, 1, 0, 0, 0)}
        assert archive.read("taiwan-basics.pdf") == pdfs["downloads/en/taiwan-basics.pdf"].path.read_bytes()
        assert archive.read(INDEX_NAME).decode("utf-8") == bundle.index
    assert not list(tmp_path.glob("*.tmp"))


def test_bundles_are_zipped_again_only_when_their_manifest_changed(library, pdfs, tmp_path):
    bundles = list(manifests(library, pdfs).values())
    paths, zipped = build_bundles(bundles, tmp_path / "zips")
    assert zipped == len(bundles) == len(paths)
    _, zipped = build_bundles(bundles, tmp_path / "zips")
    assert zipped == 0
    changed_pdf = "downloads/zh/taiwan-basics.pdf"
    pdfs = {**pdfs, changed_pdf: PdfFile(pdfs[changed_pdf].path, "new-key", 1)}
    _, zipped = build_bundles(list(manifests(library, pdfs).values()), tmp_path / "zips")
    assert zipped == 2  # the Chinese factsheet bundle and the Chinese library
    assert len(list((tmp_path / "zips").iterdir())) == len(bundles)  # the replaced two were pruned


# --- when downloads are made, and how they are offered ----------------------------------

@pytest.mark.parametrize("setting, one_language, serving, wanted", [
    (None, False, False, True),  # a full build
    (None, True, False, False),  # a one-language preview
    (None, False, True, False),  # mkdocs serve
    ("1", True, True, True),
    ("0", False, False, False),
    ("auto", False, False, True),
])
def test_pdfs_are_made_by_full_builds_unless_told_otherwise(setting, one_language, serving, wanted):
    assert pdfs_wanted(setting, one_language, serving) is wanted


def test_sizes_are_written_as_the_reader_writes_numbers():
    assert format_size(120_400, "en") == "120 kB"
    assert format_size(1_450_000, "en") == "1.4 MB"
    assert format_size(1_450_000, "fr") == "1,4 MB"
    assert format_size(12, "de") == "1 kB"


def fake_downloads(library) -> Downloads:
    files = {}
    for resource in library.resources.values():
        for lang in resource.available_languages():
            path = resource_pdf_path(resource.id, lang)
            files[path] = DownloadFile(path, "pdf", lang, resource.title_in(lang), 45_000, 3, resource.last_updated, Path("/x"))
    book = book_pdf_path(BOOKS[0], "de")
    files[book] = DownloadFile(book, "pdf", "de", "FAQ-Handbuch", 2_300_000, 12, date(2026, 8, 2), Path("/x"))
    zip_path = "downloads/de/library.de.zip"
    files[zip_path] = DownloadFile(zip_path, "zip", "de", "Gesamte Bibliothek", 3_100_000, 10, date(2026, 10, 1), Path("/x"))
    return Downloads(files=files, books={"de": [book]}, bundles={"de": [zip_path]})


def test_downloads_page_lists_every_file_with_size_pages_and_date(library):
    page = downloads_page(library, fake_downloads(library), "de")
    assert page.startswith("---\ntitle: \"Downloads\"")
    assert '<a href="../../downloads/de/faq-handbook.de.pdf" type="application/pdf">FAQ-Handbuch</a>' in page
    assert "<td>PDF, 2,3 MB</td><td>12 S.</td>" in page
    assert '<a href="../../downloads/de/library.de.zip" type="application/zip">Gesamte Bibliothek</a>' in page
    assert "<td>Dateien: 10</td>" in page
    # nothing is translated into German: every resource is offered as its English PDF, marked
    assert '<a href="../../downloads/en/macao-basics.pdf" type="application/pdf" hreflang="en" lang="en">Macao basics</a>' in page
    assert '<time datetime="2026-10-01">1. Oktober 2026</time>' in page
    assert page.count('type="application/pdf"') == 8 + 1


def test_preview_downloads_page_says_the_files_were_skipped(library):
    page = downloads_page(library, None, "fr")
    assert "cet aperçu les a omis" in page and ".pdf" not in page


def test_resource_page_offers_its_own_pdf_or_the_english_one(library):
    downloads = fake_downloads(library)
    own = download_link_html(library.get("macao-basics"), "fr", downloads)
    assert own.startswith('<p class="library-download"><a href="../../../downloads/fr/macao-basics.pdf" type="application/pdf">'
                          "Télécharger en PDF</a>")
    assert "(PDF, 45 kB, 3 p.)" in own
    fallback = download_link_html(library.get("macao-basics"), "de", downloads)
    assert 'href="../../../downloads/en/macao-basics.pdf" type="application/pdf" hreflang="en">Englische Fassung als PDF herunterladen</a>' in fallback
    english = download_link_html(library.get("faq-a"), "en", downloads)
    assert 'href="../../downloads/en/faq-a.pdf"' in english
    assert download_link_html(library.get("faq-a"), "en", None) == ""
