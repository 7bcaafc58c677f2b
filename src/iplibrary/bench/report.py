"""The benchmark's report: the machine, a table of medians, and the targets as ratios
(the median of each repetition's ratio: `measure.paired_ratio`).

Plain text that is also markdown (the README shows it as it is). Knows nothing of how
the numbers were measured.
"""

import os
import platform
from dataclasses import dataclass

from iplibrary.bench.measure import paired_ratio
from iplibrary.bench import runner as r
from iplibrary.versions import installed_version

GIB = 2**30
LINEAR_SLACK = 1.08  # the big library may cost this much more per resource than the SCALE*N one
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "weasyprint")


@dataclass(frozen=True)
class Target:
    name: str
    measured: float | None
    limit: float | None  # None: reported, no limit
    at_most: bool  # True: measured <= limit; False: measured >= limit
    shown: str  # the measured value as shown
    limit_shown: str

    @property
    def met(self) -> bool | None:
        if self.measured is None or self.limit is None:
            return None
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    @property
    def verdict(self) -> str:
        if self.limit is None and self.measured is not None:
            return "reported"
        return {True: "met", False: "**missed**", None: "not measured"}[self.met]


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            kib = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal")))
            memory = f", {kib * 1024 / GIB:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    versions = [f"{package} {found}" for package in PACKAGES if (found := installed_version(package)) is not None]
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average {os.getloadavg()[0]:.1f} at the end"
    return (f"{r.cores()} cores ({model or platform.machine()}){memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {', '.join(versions)}{load}")


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _times(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}×"


def results_table(results: r.Results) -> str:
    opts = results.options
    n, big = opts.resources, opts.resources * opts.scale
    share = f"{opts.translated_share:.0%} translated"
    labels = {
        r.BASELINE: f"baseline: plain MkDocs + Material + i18n, {n} resources, 7 languages ({share})",
        r.FLOOR_PER_LANGUAGE: "floor: Python-Markdown alone over the baseline's pages, each once per language "
                              "(fallback copies included)",
        r.FLOOR_DISTINCT: "floor: Python-Markdown alone over the baseline's pages, each distinct source once",
        r.OURS: f"ours, full build, {n} resources, 7 languages ({share}), PDFs off",
        r.ENGLISH: f"ours, English only, {n} resources",
        r.PREVIEW: f"ours, one-language preview ({opts.preview_lang}) after editing one resource",
        r.SCALED: f"ours, full build, {big} resources, 7 languages ({share}), PDFs off",
        r.BIG: f"ours, full build, {opts.big} resources, 7 languages ({share}), PDFs off",
        r.PDF_COLD: f"PDFs: cold render of all ({opts.pdf_resources} resources), {results.cores} workers",
        r.PDF_NO_CHANGE: "PDFs: rebuild, nothing changed",
        r.PDF_CHANGED: f"PDFs: rebuild after {opts.pdf_changed} resources changed",
        r.PDF_ONE_WORKER: "PDFs: cold render of all, 1 worker",
        r.SEARCH_INDEX: f"search: Pagefind indexing the {results.search_site[1]}-resource build alone (included in its full build)",
    }
    lines = ["| measurement | output | wall s | CPU s | peak MiB |", "|---|---:|---:|---:|---:|"]
    for name, label in labels.items():
        sample = results.samples.get(name)
        if sample is None:
            continue
        if name in results.pdf_counts:
            rendered, total = results.pdf_counts[name]
            # documents: PDFs and the parts books are assembled from (iplibrary.downloads.book_pdf)
            output = f"{total} PDFs, {rendered} documents rendered"
        elif name in (r.FLOOR_PER_LANGUAGE, r.FLOOR_DISTINCT):
            output = f"{results.pages.get(name, 0)} conversions"
        else:
            output = f"{results.pages.get(name, 0)} pages"
        lines.append(f"| {label} | {output} | {_seconds(sample.wall)} | {_seconds(sample.cpu)} | "
                     f"{sample.peak_rss / 2**20:.0f} |")
        if name == r.PREVIEW and results.serve and results.serve.edits:
            serve = results.serve
            lines.append(f"| `make serve LANG=en` on the shipped library: a saved edit served "
                         f"(first page after {_seconds(serve.first_ready)} s) | {serve.resources} resources | "
                         f"{_seconds(serve.median)} | – | – |")
    return "\n".join(lines) + "\n"


def targets(results: r.Results) -> list[Target]:
    s, opts = results.samples, results.options
    found = []

    def time_ratio(name: str, top: str, bottom: str, limit: float | None, at_most: bool = True, percent: bool = False) -> None:
        if top not in s or bottom not in s:
            return
        wall, cpu = paired_ratio(s[top], s[bottom]), paired_ratio(s[top], s[bottom], "cpu")
        if percent:
            shown = f"{wall:.1%} (CPU {cpu:.1%})" if wall is not None and cpu is not None else "–"
            limit_shown = f"{'≤' if at_most else '≥'} {limit:.0%}"
        else:
            shown = f"{_times(wall)} (CPU {_times(cpu)})"
            limit_shown = "–" if limit is None else f"{'≤' if at_most else '≥'} {limit}×"
        found.append(Target(name, wall, limit, at_most, shown, limit_shown))

    time_ratio("our full build / baseline", r.OURS, r.BASELINE, 0.9)
    # the floors convert the baseline's pages: our generated pages are extra work of ours
    time_ratio("our full build / markdown floor, each page once per language", r.OURS, r.FLOOR_PER_LANGUAGE, 3.0)
    time_ratio("our full build / markdown floor, each distinct source once", r.OURS, r.FLOOR_DISTINCT, None)
    time_ratio("baseline / markdown floor, each page once per language", r.BASELINE, r.FLOOR_PER_LANGUAGE, None)
    time_ratio(f"{opts.scale}× the resources / {opts.resources} resources", r.SCALED, r.OURS, 4.4)
    if opts.big and opts.scaling:
        large = opts.resources * opts.scale
        limit = round(LINEAR_SLACK * opts.big / large, 1)
        time_ratio(f"{opts.big} resources / {large} resources (linear)", r.BIG, r.SCALED, limit)
    time_ratio(f"7 languages ({opts.translated_share:.0%} translated) / English only", r.OURS, r.ENGLISH, 7.5)
    time_ratio("one-language preview after one edit / full build", r.PREVIEW, r.OURS, 0.20, percent=True)
    if results.serve and results.serve.edits:
        seconds = results.serve.median
        found.append(Target("`make serve`: an edit served, shipped library", seconds, 1.0, True, f"{seconds:.2f} s", "< 1 s"))
    if r.PDF_NO_CHANGE in results.pdf_counts:
        rendered, _ = results.pdf_counts[r.PDF_NO_CHANGE]
        found.append(Target("documents rendered by a rebuild with no change", rendered, 0, True, str(rendered), "0"))
    time_ratio(f"PDF rebuild after {opts.pdf_changed} changes / cold render", r.PDF_CHANGED, r.PDF_COLD, 0.10, percent=True)
    time_ratio(f"PDF cold render: 1 worker / {results.cores} workers", r.PDF_ONE_WORKER, r.PDF_COLD, 1.6, at_most=False)
    site, resources = results.search_site
    if r.SEARCH_INDEX in s and site in s:
        time_ratio(f"search indexing / full build, {resources} resources × 7 languages", r.SEARCH_INDEX, site, 0.15, percent=True)
    if results.search_bytes:
        kb = results.search_bytes["bytes"] / 1000
        found.append(Target(f"bytes for the first results of a one-word query on /{opts.search_lang}/library/, "
                            f"{resources} resources × 7 languages", kb, 150, True,
                            f"{kb:.0f} KB ({results.search_bytes['gzip_off_bytes'] / 1000:.0f} KB without gzip)", "≤ 150 KB"))
    if r.SCALED in s:
        peak = s[r.SCALED].peak_rss
        found.append(Target(f"peak memory, {opts.resources * opts.scale} resources × 7 languages", peak / GIB, 1.0, True,
                            f"{peak / 2**20:.0f} MiB", "≤ 1024 MiB"))
    if r.BIG in s:
        peak = s[r.BIG].peak_rss
        found.append(Target(f"peak memory, {opts.big} resources × 7 languages", peak / GIB, 1.0, True,
                            f"{peak / 2**20:.0f} MiB", "≤ 1024 MiB"))
    return found


def targets_table(results: r.Results) -> str:
    lines = ["| target | measured (wall; CPU) | limit | |", "|---|---:|---:|---|"]
    for target in targets(results):
        lines.append(f"| {target.name} | {target.shown} | {target.limit_shown} | {target.verdict} |")
    return "\n".join(lines) + "\n"


def report(results: r.Results) -> str:
    opts = results.options
    counts = [opts.resources] + ([opts.resources * opts.scale] if opts.scaling else []) + ([opts.big] if opts.big else [])
    sizes = ", ".join(map(str, counts[:-1])) + (" and " if len(counts) > 1 else "") + str(counts[-1])
    header = (f"Synthetic library: {sizes} resources over all seven types, "
              f"~{opts.words}-word bodies, {opts.translated_share:.0%} of them translated into each of the six other "
              f"languages; medians of {opts.repeat} repetition{'s' if opts.repeat != 1 else ''} "
              f"(PDFs: {opts.pdf_repeat}), each build in a fresh process.\n\n"
              f"Machine: {machine()}.\n")
    parts = [header, results_table(results), targets_table(results)]
    if results.serve and results.serve.error:
        parts.append(f"Serve: not measured: {results.serve.error}.\n")
    if results.search_unavailable:
        parts.append(f"Search bytes: not measured: {results.search_unavailable}.\n")
    if results.pdf_unavailable:
        parts.append(f"PDFs: {results.pdf_unavailable}.\n")
    return "\n".join(parts)
