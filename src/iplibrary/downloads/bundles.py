"""Zip bundles of PDFs: per language, one per resource type and one of the whole library,
each with an index file saying what it holds.

A bundle is described by a manifest (its entries and index text) before any zip is
written; the manifest's hash is the bundle's cache key, so a bundle is zipped again only
when one of its files (or its index) changed. Zips are byte-identical for identical
inputs: entries stored (PDFs are compressed already) in a fixed order, with the bundle's
content date as every timestamp and fixed permissions. Knows nothing of MkDocs.
"""

import hashlib
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import ENQUIRY_PAGE, book_pdf_path, bundle_path, downloads_page_url, resource_pdf_path, url_prefix
from iplibrary.model import Library, Resource
from iplibrary.downloads.print_document import BOOKS
from iplibrary.ui_text import format_day, gettext, language_name

ZIP_FORMAT = "1"  # bump when the zip layout changes: every bundle is made again
INDEX_NAME = "index.txt"
LIBRARY_BUNDLE = "library"


@dataclass(frozen=True)
class PdfFile:
    """What a bundle needs to know of a rendered PDF."""
    path: Path
    key: str  # its cache key, i.e. its content
    pages: int


@dataclass(frozen=True)
class BundleEntry:
    name: str  # path inside the zip
    title: str
    lang: str  # the PDF's language (English where a resource is not translated)
    day: date
    pdf: PdfFile


@dataclass(frozen=True)
class Bundle:
    target: str  # path in the site, e.g. downloads/fr/faq.fr.zip
    lang: str
    title: str
    entries: tuple[BundleEntry, ...]
    index: str  # the text of index.txt

    @property
    def day(self) -> date:
        return max(entry.day for entry in self.entries)

    @property
    def key(self) -> str:
        digest = hashlib.sha256(f"zip format {ZIP_FORMAT}\n{self.index}".encode())
        for entry in self.entries:
            digest.update(f"\n{entry.name}\0{entry.pdf.key}".encode())
        return digest.hexdigest()


def pdf_language(resource: Resource, lang: str) -> str:
    """The language of the PDF a reader of `lang` gets: theirs, else English."""
    return lang if lang in resource.available_languages() else DEFAULT_LANGUAGE


def bundle_manifests(library: Library, pdfs: dict[str, PdfFile], site_url: str, helpdesk_name: str) -> list[Bundle]:
    """Every bundle in every language; `pdfs` maps site paths to the rendered PDFs."""
    bundles = []
    for lang in LANGUAGES:
        everything: list[BundleEntry] = []
        for ctype in CONTENT_TYPES:
            entries = []
            for resource in sorted(library.of_type(ctype.name), key=lambda r: r.id):
                pdf_lang = pdf_language(resource, lang)
                entry = BundleEntry(name=f"{resource.id}.pdf", title=resource.title_in(pdf_lang), lang=pdf_lang,
                                    day=resource.last_updated, pdf=pdfs[resource_pdf_path(resource.id, pdf_lang)])
                entries.append(entry)
                everything.append(BundleEntry(f"{ctype.folder}/{entry.name}", entry.title, entry.lang, entry.day, entry.pdf))
            if entries:
                title = library.vocabulary.label("types", ctype.name, lang)
                bundles.append(_bundle(bundle_path(ctype.name, lang), lang, title, entries, site_url, helpdesk_name))
        for book in BOOKS:
            path = book_pdf_path(book, lang)
            if path in pdfs:
                day = max(r.last_updated for r in library.of_type(book.type_name))
                everything.append(BundleEntry(path.rsplit("/", 1)[1], gettext(lang, book.title), lang, day, pdfs[path]))
        if everything:
            bundles.append(_bundle(bundle_path(LIBRARY_BUNDLE, lang), lang, gettext(lang, "Whole library"), everything,
                                   site_url, helpdesk_name))
    return bundles


def _bundle(target: str, lang: str, title: str, entries: list[BundleEntry], site_url: str, helpdesk_name: str) -> Bundle:
    entries = sorted(entries, key=lambda e: e.name)
    return Bundle(target=target, lang=lang, title=title, entries=tuple(entries),
                  index=index_text(lang, title, entries, site_url, helpdesk_name))


def index_text(lang: str, title: str, entries: list[BundleEntry], site_url: str, helpdesk_name: str) -> str:
    """The bundle's index.txt, in the bundle's language."""
    day = max(entry.day for entry in entries)
    lines = [f"{helpdesk_name}: {title}" if helpdesk_name else title,
             f"{gettext(lang, 'Language')}: {language_name(lang)}",
             f"{gettext(lang, 'Last updated')}: {format_day(day, lang)}",
             f"{gettext(lang, 'Online version')}: {site_url.rstrip('/')}/{downloads_page_url(lang)}",
             "", gettext(lang, "Files in this bundle:"), ""]
    for entry in entries:
        lines.append(entry.name)
        lines.append(f"    {entry.title}")
        facts = [language_name(entry.lang), gettext(lang, "{pages} p.", pages=entry.pdf.pages), format_day(entry.day, lang)]
        if entry.lang != lang:
            facts.append(gettext(lang, "not translated yet"))
        lines.append(f"    {' · '.join(facts)}")
    lines += ["", gettext(lang, "This information is first-line advice, not legal advice."),
              f"{gettext(lang, 'Questions about your case? Ask our free enquiry service.')} "
              f"{site_url.rstrip('/')}/{url_prefix(lang)}{ENQUIRY_PAGE}", ""]
    return "\n".join(lines)


def write_zip(bundle: Bundle, output: Path) -> None:
    """Write the bundle to `output` through a temporary file: the index first, then the
    entries in name order, stored, all dated with the bundle's content date."""
    stamp = (bundle.day.year, bundle.day.month, bundle.day.day, 0, 0, 0)
    tmp = output.with_name(output.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(_info(INDEX_NAME, stamp), bundle.index.encode("utf-8"))
        for entry in bundle.entries:
            with archive.open(_info(entry.name, stamp), "w") as target, entry.pdf.path.open("rb") as source:
                shutil.copyfileobj(source, target)
    tmp.replace(output)


def _info(name: str, stamp: tuple) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # Unix, whatever the machine
    info.external_attr = 0o644 << 16
    return info


def build_bundles(bundles: list[Bundle], cache_dir: Path, *, prune: bool = True) -> tuple[dict[str, Path], int]:
    """target -> cached zip of every bundle, zipping only those whose manifest changed;
    returns the paths and how many were zipped."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths, zipped = {}, 0
    for bundle in bundles:
        path = cache_dir / f"{bundle.key}.zip"
        if not path.is_file():
            write_zip(bundle, path)
            zipped += 1
        paths[bundle.target] = path
    if prune:
        keep = {path.name for path in paths.values()}
        for path in cache_dir.glob("*"):
            if path.is_file() and path.name not in keep:
                path.unlink()
    return paths, zipped
