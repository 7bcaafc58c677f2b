"""Books (the FAQ handbook, the case-study catalogue) assembled from cached parts.

A book used to be one WeasyPrint document of ~100 pages per language, so any edit to one
of its entries rendered every book in every language again: most of the cost of a
rebuild. Now each entry is a part of its own (see `print_document.book_plan`), rendered
with the other documents and cached by its content, and an entry shown in English is the
same part in every language's book. Once the parts' page counts are known:

1. the front (cover, contents with page numbers) is rendered, or found in the cache: the
   contents' own length decides where the entries start, so the front is tried with the
   page count it had before (found in the cache), else guessed and rendered again when
   the guess was wrong;
2. the running footer of every page (title, or the "not translated yet" mark on an
   English entry, and "page / pages") is one small overlay document per book;
3. the parts, the overlay and the bookmarks are assembled without WeasyPrint
   (`iplibrary.downloads.pdf_assembly`), also cached by the keys of everything that went in.

Knows nothing of MkDocs; progress goes to the same callback as `iplibrary.downloads.pdf`'s.
"""

import functools
import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from iplibrary.errors import BuildFailed
from iplibrary.downloads.pdf import PdfCache, Progress, RenderedPdf, WorkerPool, cache_key, render_pending_jobs
from iplibrary.downloads.print_document import BookPlan, PrintContext, PrintJob, book_front_job, book_overlay_job
from iplibrary.ui_text import gettext
from iplibrary.versions import installed_version

ASSEMBLY_FORMAT = "1"  # bump to assemble every book again (a change to the assembly code does that by itself)
CONTENTS_LINES_PER_PAGE = 38  # a first guess of the front's length; a wrong guess costs one more render
FRONT_WINDOW = 5  # fronts of guess ± this many pages are looked up in the cache


@dataclass
class BookReport:
    pdfs: list[RenderedPdf]  # one per plan, in order
    rendered: int  # fronts and footers rendered
    assembled: int  # books assembled (the others came from the cache)
    keys: set[str]  # every cache entry the books use


def part_jobs(plans: list[BookPlan]) -> list[PrintJob]:
    """The parts that do not depend on page numbers: every entry and the closing part."""
    return [job for plan in plans for job in (*(entry.job for entry in plan.entries), plan.closing)]


def page_numbers(plan: BookPlan, front_pages: int, part_pages: dict[str, int]) -> dict[str, int]:
    """The 1-based page where every entry, chapter, section and the closing part starts,
    when the front has `front_pages` pages."""
    pages, page = {}, front_pages + 1
    for entry in plan.entries:
        for anchor in (*entry.heads, entry.anchor):
            pages[anchor] = page
        page += part_pages[entry.job.target]
    pages["about"] = page
    return pages


def footers(plan: BookPlan, front_pages: int, part_pages: dict[str, int]) -> list[str]:
    """The footer text of every page: none on the cover, the mark on English entries of
    another language's book, else the book's title."""
    mark = gettext(plan.lang, "Not translated yet: this text is in English.")
    texts = [""] + [plan.title] * (front_pages - 1)
    for entry in plan.entries:
        texts += [mark if entry.fallback else plan.title] * part_pages[entry.job.target]
    return texts + [plan.title] * part_pages[plan.closing.target]


def guess_front_pages(plan: BookPlan) -> int:
    lines = 1 + sum(1 + len(chapter["children"]) + sum(len(s["children"]) for s in chapter["children"])
                    for chapter in plan.toc)
    return 1 + math.ceil(lines / CONTENTS_LINES_PER_PAGE)


def make_books(ctx: PrintContext, plans: list[BookPlan], parts: dict[str, RenderedPdf], cache_dir: Path,
               renderer: str, *, workers: int, progress: Progress | None = None,
               pool: WorkerPool | None = None) -> BookReport:
    """Every book of `plans`, from the rendered `parts` (by job target)."""
    cache = PdfCache(cache_dir)
    part_pages = {target: pdf.pages for target, pdf in parts.items()}
    fronts, rendered = _fronts(ctx, plans, part_pages, cache, renderer, workers, progress, pool)
    overlays: dict[str, tuple[str, int]] = {}
    pending: dict[str, PrintJob] = {}
    for plan in plans:
        job = book_overlay_job(ctx, plan, footers(plan, fronts[plan.target][1], part_pages))
        key = cache_key(job.html, renderer)
        overlays[plan.target] = (key, len(footers(plan, fronts[plan.target][1], part_pages)))
        if cache.lookup(key) is None:
            pending[key] = job
    _render_or_fail(pending, cache, workers, progress, pool)
    rendered += len(pending)

    keys: set[str] = set()
    results: dict[str, RenderedPdf] = {}
    to_assemble: dict[str, tuple[BookPlan, dict]] = {}
    for plan in plans:
        front_key, front_pages = fronts[plan.target]
        overlay_key, total = overlays[plan.target]
        pages = page_numbers(plan, front_pages, part_pages)
        spec = {
            "parts": [{"path": str(cache.pdf_path(front_key)), "lang": plan.lang, "anchor": None}]
            + [{"path": str(parts[e.job.target].path), "lang": e.job.lang, "anchor": e.anchor}
               for e in plan.entries]
            + [{"path": str(parts[plan.closing.target].path), "lang": plan.lang, "anchor": None}],
            "lang": plan.lang, "title": plan.title, "overlay": str(cache.pdf_path(overlay_key)),
            "outline": plan.outline(pages), "pages": total,
            "links": {anchor: gettext(plan.lang, "{title}, page {page}", title=title, page=pages[anchor])
                      for anchor, title in plan.titles().items()},
        }
        key = _assembly_key(spec, [front_key, overlay_key, *(parts[e.job.target].key for e in plan.entries),
                                   parts[plan.closing.target].key])
        keys |= {key, front_key, overlay_key}
        if cache.lookup(key) is None:
            to_assemble[key] = (plan, spec)
        results[plan.target] = RenderedPdf(target=plan.target, source=plan.source, lang=plan.lang, key=key,
                                           path=cache.pdf_path(key), pages=total, size=0)
    _assemble(to_assemble, cache, workers, pool)
    pdfs = [RenderedPdf(**{**result.__dict__, "size": result.path.stat().st_size}) for result in results.values()]
    return BookReport(pdfs=pdfs, rendered=rendered, assembled=len(to_assemble), keys=keys)


def _fronts(ctx: PrintContext, plans: list[BookPlan], part_pages: dict[str, int], cache: PdfCache, renderer: str,
            workers: int, progress: Progress | None, pool: WorkerPool | None) -> tuple[dict[str, tuple[str, int]], int]:
    """target -> (cache key, pages) of each book's front, whose page count must be the one
    its page numbers assumed."""
    done: dict[str, tuple[str, int]] = {}
    tries: dict[str, int] = {}
    for plan in plans:
        guess = guess_front_pages(plan)
        for pages in sorted(range(max(1, guess - FRONT_WINDOW), guess + FRONT_WINDOW + 1), key=lambda n: (abs(n - guess), n)):
            job = book_front_job(ctx, plan, page_numbers(plan, pages, part_pages))
            key = cache_key(job.html, renderer)
            if cache.lookup(key) == pages:
                done[plan.target] = (key, pages)
                break
        else:
            tries[plan.target] = guess
    rendered = 0
    by_target = {plan.target: plan for plan in plans}
    for _ in range(3):
        if not tries:
            break
        jobs = {target: book_front_job(ctx, by_target[target], page_numbers(by_target[target], pages, part_pages))
                for target, pages in tries.items()}
        keys = {target: cache_key(job.html, renderer) for target, job in jobs.items()}
        pending = {keys[t]: job for t, job in jobs.items() if cache.lookup(keys[t]) is None}
        _render_or_fail(pending, cache, workers, progress, pool)
        rendered += len(pending)
        retry = {}
        for target, pages in tries.items():
            actual = cache.lookup(keys[target])
            if actual == pages:
                done[target] = (keys[target], pages)
            else:
                retry[target] = actual
        tries = retry
    if tries:
        raise BuildFailed("\n".join(f"{target}: the contents' page count does not settle" for target in sorted(tries)))
    return done, rendered


def _render_or_fail(pending: dict[str, PrintJob], cache: PdfCache, workers: int, progress: Progress | None,
                    pool: WorkerPool | None) -> None:
    failures = render_pending_jobs(pending, cache, workers, progress, pool)
    if failures:
        raise BuildFailed("\n".join([f"{len(failures)} PDF part(s) could not be made:", *sorted(failures)]))


@functools.cache
def _assembly_code() -> str:
    """The assembly's own source: a change to it assembles every book again."""
    from iplibrary.downloads import pdf_assembly, pdf_font_union

    digest = hashlib.sha256()
    for module in (pdf_assembly, pdf_font_union):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _assembly_key(spec: dict, input_keys: list[str]) -> str:
    material = {"format": ASSEMBLY_FORMAT, "code": _assembly_code(), "pikepdf": installed_version("pikepdf"), "inputs": input_keys,
                "spec": {k: v for k, v in spec.items() if k not in ("parts", "overlay")},
                "parts": [{k: v for k, v in part.items() if k != "path"} for part in spec["parts"]]}
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _assemble(pending: dict[str, tuple[BookPlan, dict]], cache: PdfCache, workers: int,
              pool: WorkerPool | None) -> None:
    """Assemble the books the cache lacks, in `workers` processes when there are several."""
    if not pending:
        return
    tmp = {key: str(cache.folder / f"{key}.assembling-{os.getpid()}.tmp") for key in pending}
    failures = []
    if (pool.workers if pool else min(workers, len(pending))) == 1:
        outcomes = {key: assemble_one(spec, tmp[key]) for key, (_, spec) in pending.items()}
    else:
        with WorkerPool(min(workers, len(pending))) as own:
            executor = (pool or own).executor()
            futures = {key: executor.submit(assemble_one, spec, tmp[key]) for key, (_, spec) in pending.items()}
            outcomes = {}
            for key, future in futures.items():
                try:
                    outcomes[key] = future.result()
                except Exception as exc:  # a crashed worker: name the book all the same
                    outcomes[key] = {"error": f"assembly crashed: {exc!r}"}
    for key, outcome in outcomes.items():
        plan, _ = pending[key]
        if outcome.get("error"):
            Path(tmp[key]).unlink(missing_ok=True)
            failures.append(f"{plan.target} (from {plan.source}): {outcome['error']}")
        else:
            cache.store(key, Path(tmp[key]), outcome["pages"])
    if failures:
        raise BuildFailed("\n".join([f"{len(failures)} book(s) could not be assembled:", *sorted(failures)]))


def assemble_one(spec: dict, output: str) -> dict:
    """In a worker: assemble one book; only plain values cross the process boundary."""
    from iplibrary.downloads.pdf_assembly import BookPart, OutlineEntry, assemble_book

    try:
        pages = assemble_book([BookPart(Path(p["path"]), p["lang"], p["anchor"]) for p in spec["parts"]], Path(output),
                              lang=spec["lang"], title=spec["title"],
                              outline=[OutlineEntry(title, level, page) for title, level, page in spec["outline"]],
                              overlay=Path(spec["overlay"]), link_descriptions=spec["links"])
        if pages != spec["pages"]:
            return {"error": f"assembled {pages} pages where its footers count {spec['pages']}"}
        return {"pages": pages}
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
