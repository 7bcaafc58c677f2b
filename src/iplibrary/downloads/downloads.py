"""The downloads: every PDF and zip bundle of the library, the downloads page that lists
them in each language, and copying them into the built site.

`build_downloads` runs before MkDocs renders any page (the page needs each file's size
and page count), from the validated model; the content-hash caches under `.cache/pdf/`
make it cheap when little changed. `publish_downloads` copies the files into the site
after all languages are built. One-language previews and `mkdocs serve` skip all of it
(`pdfs_wanted`); their downloads page says so. Knows nothing of MkDocs.
"""

import shutil
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from babel.numbers import format_decimal

from iplibrary.downloads.book_pdf import make_books, part_jobs
from iplibrary.downloads.bundles import PdfFile, build_bundles, bundle_manifests, pdf_language
from iplibrary.content_types import CONTENT_TYPES
from iplibrary.languages import LANGUAGES
from iplibrary.urls import (DOWNLOADS_DIR, book_pdf_path, downloads_page_url, language_file, relative_root,
                            resource_pdf_path)
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.downloads.pdf import PdfCache, Progress, WorkerPool, default_workers, render_pdfs, renderer_fingerprint
from iplibrary.downloads.print_document import BOOKS, PrintContext, book_plans, print_jobs
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.ui_text import BABEL_LOCALES, format_day, gettext, language_name

PDF_CACHE_DIR = ".cache/pdf"  # relative to the project root; survives builds, git-ignored
BUNDLE_CACHE_SUBDIR = "bundles"
CONVERSIONS_FILE = "markdown/conversions.json"  # the print documents' markdown, converted (PrintContext)
PDFS_SETTING = "LIBRARY_PDFS"  # environment: 1 forces PDFs, 0 skips them, unset = auto
PAGE_NAME = f"{DOWNLOADS_DIR}/index"
PDF, ZIP = "pdf", "zip"
INTRO = ("Every resource of the library as a PDF to print or read offline, in each language it is translated into, "
         "and zip bundles of whole collections. Resources not translated yet are offered in English.")


@dataclass(frozen=True)
class DownloadFile:
    path: str  # in the site, e.g. downloads/fr/macao-basics.pdf
    kind: str  # pdf or zip
    lang: str  # the language of the file's text
    title: str  # in that language
    size: int  # bytes
    count: int  # pages of a PDF, files of a zip
    day: date  # date of the newest content it holds
    cached: Path  # where the build keeps it


@dataclass
class Downloads:
    files: dict[str, DownloadFile]  # by path in the site
    bundles: dict[str, list[str]] = field(default_factory=dict)  # language -> bundle paths
    books: dict[str, list[str]] = field(default_factory=dict)  # language -> book paths
    rendered: int = 0  # documents (PDFs, parts of books) not found in the cache
    assembled: int = 0  # books assembled from their parts again
    zipped: int = 0  # bundles made again
    seconds: float = 0.0

    def resource_pdf(self, resource: Resource, lang: str) -> DownloadFile | None:
        """The PDF offered on `resource`'s page in `lang`: its own, else the English one."""
        return self.files.get(resource_pdf_path(resource.id, pdf_language(resource, lang)))

    def summary(self) -> str:
        pdfs = sum(1 for f in self.files.values() if f.kind == PDF)
        zips = len(self.files) - pdfs
        return (f"{pdfs} PDFs ({self.rendered} documents rendered, {self.assembled} books assembled), "
                f"{zips} zip bundles ({self.zipped} zipped) in {self.seconds:.1f} s")


def pdfs_wanted(setting: str | None, one_language: bool, serving: bool) -> bool:
    """LIBRARY_PDFS=1 renders the downloads in any build, 0 in none; unset, full builds
    render them and previews (one language, `mkdocs serve`) stay fast without them."""
    value = (setting or "").strip().lower()
    if value in ("1", "on", "yes", "true"):
        return True
    if value in ("0", "off", "no", "false"):
        return False
    return not (one_language or serving)


def build_downloads(root: Path, library: Library, site_url: str | None = None, *, workers: int | None = None,
                    progress: Progress | None = None, cache_dir: Path | None = None) -> Downloads:
    """Render every PDF and zip every bundle of the library (what the cache lacks)."""
    started = time.perf_counter()
    renderer = renderer_fingerprint()  # first: a machine without the PDFs' fonts stops here (BuildFailed)
    ctx = PrintContext.for_project(root, library, site_url)
    cache_dir = cache_dir or root / PDF_CACHE_DIR
    ctx.load_conversions(cache_dir / CONVERSIONS_FILE)
    plans = book_plans(ctx)
    workers = workers or default_workers()
    jobs = print_jobs(ctx) + part_jobs(plans)
    ctx.store_conversions(cache_dir / CONVERSIONS_FILE)
    with WorkerPool(workers) as pool:
        report = render_pdfs(jobs, cache_dir, workers=workers, progress=progress, prune=False, renderer=renderer,
                             pool=pool)
        parts = {pdf.target: pdf for pdf in report.pdfs}
        books = make_books(ctx, plans, parts, cache_dir, renderer, workers=workers, progress=progress, pool=pool)
    PdfCache(cache_dir).prune({pdf.key for pdf in report.pdfs} | books.keys)
    pdfs = parts | {pdf.target: pdf for pdf in books.pdfs}
    bundles = bundle_manifests(library, {t: PdfFile(p.path, p.key, p.pages) for t, p in pdfs.items()},
                               ctx.site_url, ctx.helpdesk.get("name", ""))
    zips, zipped = build_bundles(bundles, cache_dir / BUNDLE_CACHE_SUBDIR)
    files = {}
    for resource in library.resources.values():
        for lang in resource.available_languages():
            pdf = pdfs[resource_pdf_path(resource.id, lang)]
            files[pdf.target] = DownloadFile(pdf.target, PDF, lang, resource.title_in(lang), pdf.size, pdf.pages,
                                             resource.last_updated, pdf.path)
    downloads = Downloads(files=files, rendered=report.rendered + books.rendered, assembled=books.assembled, zipped=zipped)
    for book in BOOKS:
        for lang in LANGUAGES:
            pdf = pdfs.get(book_pdf_path(book, lang))
            if pdf:
                day = max(r.last_updated for r in library.of_type(book.type_name))
                files[pdf.target] = DownloadFile(pdf.target, PDF, lang, gettext(lang, book.title), pdf.size, pdf.pages, day, pdf.path)
                downloads.books.setdefault(lang, []).append(pdf.target)
    for bundle in bundles:
        path = zips[bundle.target]
        files[bundle.target] = DownloadFile(bundle.target, ZIP, bundle.lang, bundle.title, path.stat().st_size,
                                            len(bundle.entries), bundle.day, path)
        downloads.bundles.setdefault(bundle.lang, []).append(bundle.target)
    downloads.seconds = time.perf_counter() - started
    return downloads


def publish_downloads(downloads: Downloads, site_dir: Path) -> None:
    """Copy every file into the site, each through a temporary name."""
    for file in downloads.files.values():
        target = site_dir / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(file.cached, tmp)
        tmp.replace(target)


# --- the downloads page ----------------------------------------------------------------

def format_size(size: int, lang: str) -> str:
    """'120 kB', '1.4 MB' as `lang` writes numbers."""
    locale = BABEL_LOCALES[lang]
    if size < 1_000_000:
        return f"{format_decimal(max(1, round(size / 1000)), locale=locale)} kB"
    return f"{format_decimal(round(size / 1_000_000, 1), format='#,##0.0', locale=locale)} MB"


def _count(file: DownloadFile, lang: str) -> str:
    return (gettext(lang, "{pages} p.", pages=file.count) if file.kind == PDF
            else gettext(lang, "Files: {count}", count=file.count))


def download_link_html(resource: Resource, lang: str, downloads: "Downloads | None") -> str:
    """The download link on `resource`'s page in `lang` (the English PDF on a page shown
    in English for want of a translation), or '' when the build made no PDFs."""
    file = downloads.resource_pdf(resource, lang) if downloads else None
    if file is None:
        return ""
    root = relative_root(resource.url(lang))
    label = gettext(lang, "Download the English version as PDF" if resource.state(lang) == FALLBACK else "Download as PDF")
    hreflang = f' hreflang="{file.lang}"' if file.lang != lang else ""
    facts = f"PDF, {format_size(file.size, lang)}, {_count(file, lang)}"
    return (f'<p class="library-download"><a href="{root}{file.path}" type="application/pdf"{hreflang}>'
            f"{escape(label)}</a> ({escape(facts)})</p>")


def _link(file: DownloadFile, lang: str, root: str) -> str:
    marks = f' hreflang="{file.lang}" lang="{file.lang}"' if file.lang != lang else ""
    kind = "application/pdf" if file.kind == PDF else "application/zip"
    return f'<a href="{root}{file.path}" type="{kind}"{marks}>{escape(file.title)}</a>'


def _table(files: list[DownloadFile], lang: str) -> str:
    root = relative_root(downloads_page_url(lang))
    head = "".join(f'<th scope="col">{escape(gettext(lang, h))}</th>' for h in ("Document", "Language", "Size", "Pages / files", "Date"))
    rows = []
    for file in files:
        rows.append(f"<tr><td>{_link(file, lang, root)}</td><td>{escape(language_name(file.lang))}</td>"
                    f"<td>{escape(file.kind.upper())}, {escape(format_size(file.size, lang))}</td><td>{escape(_count(file, lang))}</td>"
                    f'<td><time datetime="{file.day.isoformat()}">{escape(format_day(file.day, lang))}</time></td></tr>')
    return (f'<table>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n")


def downloads_page(library: Library, downloads: Downloads | None, lang: str) -> str:
    title = gettext(lang, "Downloads")
    parts = [front_matter({"title": title, "description": gettext(lang, "Every resource of the library as a PDF, and zip bundles."),
                           **SEARCH_EXCLUDED}),
             f"# {title}\n",
             gettext(lang, INTRO) + "\n"]
    if downloads is None:
        parts.append(f'<p class="library-notice">{gettext(lang, "PDFs and bundles are made by full builds only: this preview skipped them.")}</p>\n')
        return "\n".join(parts)
    books = [downloads.files[p] for p in downloads.books.get(lang, [])]
    bundles = [downloads.files[p] for p in downloads.bundles.get(lang, [])]
    if books:
        heading = gettext(lang, "Handbooks")
        parts += [f"## {heading}\n", _table(books, lang)]
    if bundles:
        heading = gettext(lang, "Zip bundles")
        parts += [f"## {heading}\n", _table(bundles, lang)]
    for ctype in CONTENT_TYPES:
        resources = sorted(library.of_type(ctype.name), key=lambda r: r.title_in(lang).casefold())
        files = [f for f in (downloads.resource_pdf(r, lang) for r in resources) if f]
        if files:
            heading = library.vocabulary.label("types", ctype.name, lang)
            parts += [f"## {heading}\n", _table(files, lang)]
    return "\n".join(parts)


def downloads_page_files(library: Library, downloads: Downloads | None,
                         languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    """Staged path -> markdown of the downloads page in `languages`."""
    return {language_file(f"{PAGE_NAME}.md", lang): downloads_page(library, downloads, lang)
            for lang in languages}
