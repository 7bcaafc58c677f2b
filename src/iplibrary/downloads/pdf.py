"""Rendering print documents to PDF with WeasyPrint: a content-hash cache, worker
processes on every core, and checks before anything is kept.

A PDF's cache key is the hash of its print HTML (made from its source, its translation,
the print template and stylesheet) and of the renderer (WeasyPrint and its font stack's
versions, and the contents of the font files the PDFs are set in). Keys that are in the cache (`.cache/pdf/` under the
project root, outside site/) are not rendered again, so a rebuild with no change renders
nothing. A fresh PDF is written to a temporary name and kept only once it is complete
and every character it shows has a glyph in its embedded fonts, all of them the
project's own (`iplibrary.downloads.print_fonts`); otherwise the build fails naming the file and
the reason. Knows nothing of MkDocs: progress goes to a
callback.
"""

import hashlib
import json
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from iplibrary.errors import BuildFailed
from iplibrary.downloads.print_document import PrintJob
from iplibrary.downloads.print_fonts import PRINT_FONTS, Resolved, print_font_families, check_print_fonts, fonts_fingerprint
from iplibrary.versions import version_pins

PDF_VARIANT = "pdf/ua-1"  # tagged, with /Lang and a structure tree: PDFs fall under the accessibility duty
CACHE_FORMAT = "1"  # bump to drop every cached PDF (e.g. when the checks change)
RENDERER_PACKAGES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2")
PROGRESS_STEP = 0.1  # report progress every tenth of the work
STALE_SECONDS = 3600  # a temporary file this old is a leftover of an interrupted render

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderedPdf:
    target: str  # path in the site
    source: str
    lang: str
    key: str
    path: Path  # the cached file
    pages: int
    size: int


@dataclass(frozen=True)
class RenderReport:
    pdfs: list[RenderedPdf]  # in job order
    rendered: int  # how many were not in the cache
    seconds: float


def renderer_fingerprint(fonts: list[Resolved] | None = None) -> str:
    """What besides the HTML decides a PDF's bytes: versions and the fonts' files. Checks
    the fonts first (BuildFailed, one line, when this machine lacks one)."""
    versions = version_pins(RENDERER_PACKAGES)
    fonts = fonts if fonts is not None else check_print_fonts()
    return "\n".join([f"cache format {CACHE_FORMAT}", PDF_VARIANT, *versions, f"fonts {fonts_fingerprint(fonts)}"])


def cache_key(html: str, renderer: str) -> str:
    return hashlib.sha256(renderer.encode() + b"\0" + html.encode()).hexdigest()


class PdfCache:
    """`<key>.pdf` with `<key>.json` (its page count) beside it; the JSON is written last,
    so an entry without one is incomplete and ignored."""

    def __init__(self, folder: Path):
        self.folder = folder

    def pdf_path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def lookup(self, key: str) -> int | None:
        """The page count of a complete entry, or None."""
        meta, pdf = self.folder / f"{key}.json", self.pdf_path(key)
        if not (meta.is_file() and pdf.is_file()):
            return None
        try:
            return int(json.loads(meta.read_text(encoding="utf-8"))["pages"])
        except (ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, rendered_file: Path, pages: int) -> None:
        rendered_file.replace(self.pdf_path(key))
        meta = self.folder / f"{key}.json"
        tmp = meta.with_name(meta.name + ".tmp")
        tmp.write_text(json.dumps({"pages": pages}), encoding="utf-8")
        tmp.replace(meta)

    def prune(self, keep: set[str]) -> int:
        """Remove entries not in `keep`, and leftovers of interrupted renders (once they
        are an hour old: another build of the same project may be writing them)."""
        removed = 0
        for path in self.folder.glob("*"):
            if not path.is_file():
                continue
            leftover = path.name.endswith(".tmp")
            if (leftover and time.time() - path.stat().st_mtime > STALE_SECONDS) or \
                    (not leftover and path.name.split(".", 1)[0] not in keep):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class ProgressReporter:
    """Calls `progress(done, total)` at the start, about every tenth, and at the end."""

    def __init__(self, total: int, progress: Progress | None):
        self.total, self.progress, self.next_report = total, progress, 0

    def advance(self, done: int) -> None:
        if self.progress and (done >= self.next_report or done == self.total):
            self.progress(done, self.total)
            self.next_report = done + max(1, int(self.total * PROGRESS_STEP))


class WorkerPool:
    """Worker processes shared by every step of one build's downloads (documents, book
    fronts, footers, assembly): each spawned process imports WeasyPrint once, not once a
    step. Started when first needed; a context manager that shuts them down."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")  # no fork of a process that may run threads (mkdocs serve)
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._executor

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def render_pdfs(jobs: list[PrintJob], cache_dir: Path, *, workers: int | None = None,
                progress: Progress | None = None, prune: bool = True, renderer: str | None = None,
                pool: WorkerPool | None = None) -> RenderReport:
    """Every job's PDF, from the cache or freshly rendered in `workers` processes
    (default: every core); jobs with the same HTML are rendered once. Raises BuildFailed
    listing every PDF that failed."""
    started = time.perf_counter()
    cache = PdfCache(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    renderer = renderer or renderer_fingerprint()
    keys = {job.target: cache_key(job.html, renderer) for job in jobs}
    pages: dict[str, int] = {}
    pending: dict[str, PrintJob] = {}
    for job in jobs:
        key = keys[job.target]
        found = cache.lookup(key)
        if found is not None:
            pages[key] = found
        elif key not in pending:
            pending[key] = job
    failures = _render_pending(pending, cache, workers or default_workers(), progress, pages, pool)
    if failures:
        count = len(failures)
        raise BuildFailed("\n".join([f"{count} PDF{'s' if count != 1 else ''} could not be made:", *sorted(failures)]))
    if prune:
        cache.prune(set(keys.values()))
    pdfs = [RenderedPdf(target=job.target, source=job.source, lang=job.lang, key=keys[job.target],
                        path=cache.pdf_path(keys[job.target]), pages=pages[keys[job.target]],
                        size=cache.pdf_path(keys[job.target]).stat().st_size) for job in jobs]
    return RenderReport(pdfs=pdfs, rendered=len(pending), seconds=time.perf_counter() - started)


def render_pending_jobs(pending: dict[str, PrintJob], cache: PdfCache, workers: int,
                        progress: Progress | None, pool: WorkerPool | None = None) -> list[str]:
    """Render the jobs (by cache key) into the cache; return the failures."""
    return _render_pending(pending, cache, workers, progress, {}, pool)


def _render_pending(pending: dict[str, PrintJob], cache: PdfCache, workers: int, progress: Progress | None,
                    pages: dict[str, int], pool: WorkerPool | None = None) -> list[str]:
    """Render the jobs not in the cache, biggest first (the books) so that no worker is
    left with a long one at the end; store each good PDF; return the failures."""
    order = sorted(pending.items(), key=lambda item: (-len(item[1].html), item[1].target))
    reporter = ProgressReporter(len(order), progress)
    failures: list[str] = []
    if not order:
        return failures
    reporter.advance(0)

    def finish(key: str, job: PrintJob, outcome: dict, done: int) -> None:
        tmp = Path(outcome["path"])
        if outcome.get("error"):
            tmp.unlink(missing_ok=True)
            failures.append(f"{job.target} (from {job.source}): {outcome['error']}")
        else:
            cache.store(key, tmp, outcome["pages"])
            pages[key] = outcome["pages"]
        reporter.advance(done)

    tmp_names = {key: str(cache.folder / f"{key}.rendering-{os.getpid()}.tmp") for key in pending}
    workers = pool.workers if pool else min(workers, len(order))
    if workers == 1:  # in this process: no worker to start
        for done, (key, job) in enumerate(order, start=1):
            finish(key, job, render_one(job.html, tmp_names[key]), done)
        return failures
    with WorkerPool(workers) as own:
        executor = (pool or own).executor()
        futures = {executor.submit(render_one, job.html, tmp_names[key]): (key, job) for key, job in order}
        for done, future in enumerate(as_completed(futures), start=1):
            key, job = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a crashed worker: name the file all the same
                outcome = {"path": tmp_names[key], "error": f"renderer crashed: {exc!r}"}
            finish(key, job, outcome, done)
    return failures


# --- in the worker process -----------------------------------------------------------

def render_one(html: str, output: str) -> dict:
    """Render one document to `output`; return {'path', 'pages'} or {'path', 'error'}.
    Runs in a worker process: only plain values cross the process boundary."""
    from weasyprint import HTML

    from iplibrary.downloads.pdf_fonts import foreign_fonts, missing_glyphs

    _subset_with_fonttools_when_harfbuzz_fails()
    _mark_language_changes()
    refused: list[str] = []
    # its warnings (a subsetting fallback, a missing glyph) would only clutter the build
    # log: what matters is checked on the result below
    logger = logging.getLogger("weasyprint")
    propagate, logger.propagate = logger.propagate, False
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    try:
        document = HTML(string=html, url_fetcher=_local_only_fetcher(refused)).render()
        document.write_pdf(output, pdf_variant=PDF_VARIANT)
        if refused:
            return {"path": output, "error": f"refers to {', '.join(sorted(set(refused)))}: PDFs embed nothing from the network"}
        missing = missing_glyphs(Path(output))
        foreign = foreign_fonts(Path(output), print_font_families())
        if missing or foreign:
            chars = "".join(dict.fromkeys([m.char for m in missing] + [c for drawn in foreign.values() for c in drawn]))
            return {"path": output, "error": _not_in_our_fonts(chars, sorted(foreign))}
        return {"path": output, "pages": len(document.pages)}
    except Exception as exc:
        return {"path": output, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        logger.propagate = propagate


def _not_in_our_fonts(chars: str, foreign: list[str]) -> str:
    shown = f"{chars!r} ({', '.join(f'U+{ord(c[0]):04X}' for c in chars[:8])})" if chars else "some text"
    drawn = f"; this machine drew it with {', '.join(foreign)}" if foreign else ""
    return (f"the PDFs' fonts ({', '.join(font.family for font in PRINT_FONTS)}) have no glyphs for {shown}{drawn}: "
            "write it otherwise, or give the PDFs a font that has it (iplibrary.downloads.print_fonts)")


def _local_only_fetcher(refused: list[str]):
    """Nothing may be requested from a third party: only data: URLs are loaded, and the
    files of the project's own fonts (print.css's @font-face rules name them by local())."""
    from weasyprint import URLFetcher

    font_files = {name for font in PRINT_FONTS for name in font.files.values()}

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (url.startswith("file:///") and url.rsplit("/", 1)[-1] in font_files):
                return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"not fetched: {url}")

    return LocalOnly(allowed_protocols=["data", "file"])


def _subset_with_fonttools_when_harfbuzz_fails() -> None:
    """WeasyPrint 70 embeds a whole font when HarfBuzz cannot subset it, which happens
    with WenQuanYi Micro Hei on long Chinese texts (3 MB instead of 0.7 MB a PDF); fall
    back to fontTools, WeasyPrint's own subsetter when HarfBuzz-subset is missing."""
    from weasyprint.pdf import fonts

    font_class = fonts.Font
    if getattr(font_class, "_iplibrary_fallback", False) or not hasattr(font_class, "_fonttools_subset"):
        return
    harfbuzz_subset = font_class._harfbuzz_subset

    def subset(self, to_unicode, hinting):
        before = self.file_content
        harfbuzz_subset(self, to_unicode, hinting)
        if self.file_content is before:
            self._fonttools_subset(to_unicode, hinting)

    font_class._harfbuzz_subset = subset
    font_class._iplibrary_fallback = True


def _mark_language_changes() -> None:
    """WeasyPrint 70 sets the document's /Lang but no structure element's, so an English
    answer in the Chinese handbook would be read out with a Chinese voice. PDF/UA wants
    changes of language declared: give /Lang to the element of every HTML element with
    a `lang` attribute."""
    import pydyf
    from weasyprint.pdf import tags

    if getattr(tags, "_iplibrary_lang", False) or not hasattr(tags, "_build_box_tree"):
        return
    build_box_tree = tags._build_box_tree

    def with_language(box, parent, *args):
        source = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
        element = getattr(source, "element", None)
        lang = None
        if element is not None and getattr(source, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build_box_tree(box, parent, *args):
            if lang and "Lang" not in struct and struct.get("P") == parent.reference:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    tags._build_box_tree = with_language  # its recursive calls find it by this name too
    tags._iplibrary_lang = True
