"""The benchmark's plan: which builds run, in which projects, how often, in what order.

Every build is a fresh `python -m mkdocs build` process (see `measure`). Repetitions are
interleaved (baseline, the two markdown floors, ours, English only, preview, 4N, Pagefind
again over 4N's site alone, the big library; then again) so that a change in the
machine's load spreads over all of them instead of skewing one. The floors (`floors`)
time Python-Markdown alone over the baseline's pages, in a fresh process each. Full
builds start without a stage (`.cache/`), as on a fresh clone; the preview keeps the
stage of the build before it, as an editor's does.
"""

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from iplibrary.bench.measure import CommandFailed, Run, Sample, run_measured
from iplibrary.bench.pdf_step import pdf_support
from iplibrary.bench.projects import edit_resource, write_baseline_project, write_our_project
from iplibrary.bench.serve import ServeResult, measure_serve
from iplibrary.bench.synthetic import LibrarySpec, SyntheticResource, synthetic_resources
from iplibrary.vocabulary import load_vocabulary
from iplibrary.facets import FACETS

DEFAULT_PDF_SETTING = "LIBRARY_PDFS"  # iplibrary.downloads.downloads.PDFS_SETTING, if this checkout lacks it
CACHE_DIR = ".cache"  # the build's stage and PDF cache, under a project root

# measurement names, also the rows of the table
BASELINE = "baseline"
OURS = "ours"
ENGLISH = "ours-en"
PREVIEW = "preview"
SCALED = "ours-scaled"
BIG = "ours-big"
FLOOR_PER_LANGUAGE = "floor-per-language"  # Python-Markdown alone, once per page per language
FLOOR_DISTINCT = "floor-distinct"  # Python-Markdown alone, once per distinct source
BIG_RESOURCES = 2000  # --big: the library of the scale target (linear from SCALE*N, at most 1 GiB)
PDF_COLD = "pdf-cold"
PDF_NO_CHANGE = "pdf-no-change"
PDF_CHANGED = "pdf-changed"
PDF_ONE_WORKER = "pdf-one-worker"
SEARCH_INDEX = "search-index"  # Pagefind over the largest full build, alone
SEARCH_WORD = {"fr": "marque"}  # the one-word query of the bytes measurement (a common word of the synthetic texts)


@dataclass(frozen=True)
class Options:
    resources: int = 150
    scale: int = 4
    translated_share: float = 0.2
    words: int = 1500
    repeat: int = 3
    seed: int = 1
    preview_lang: str = "en"
    pdfs: bool = True
    pdf_resources: int = 150
    pdf_changed: int = 10
    pdf_repeat: int = 1
    serve: bool = True
    search: bool = True  # indexing time and the bytes of a query on the largest build
    search_lang: str = "fr"
    scaling: bool = True  # build the SCALE*N library too
    big: int = 0  # resources of the big library (--big: BIG_RESOURCES); 0: not built
    workdir: Path | None = None


@dataclass
class Results:
    options: Options
    samples: dict[str, Sample] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # measurement -> HTML pages built (floors: conversions)
    pdf_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # measurement -> (documents rendered, PDFs)
    pdf_unavailable: str = ""  # why there is no PDF section
    serve: ServeResult | None = None
    search_bytes: dict | None = None  # iplibrary.bench.search_step's result
    search_site: tuple[str, int] = ("", 0)  # (measurement, resources) the search was measured on
    search_unavailable: str = ""
    cores: int = 1


def pdf_setting() -> str:
    try:
        from iplibrary.downloads.downloads import PDFS_SETTING
    except ImportError:
        return DEFAULT_PDF_SETTING
    return PDFS_SETTING


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def build_env(only_lang: str | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIBRARY_")}
    env.update({"NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8", pdf_setting(): "0"})
    if only_lang:
        env["LIBRARY_ONLY_LANG"] = only_lang
    return env


def mkdocs_command(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "--strict", "--quiet",
            "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


class Bench:
    def __init__(self, repo: Path, options: Options, progress=lambda message: None):
        self.repo, self.options, self.progress = repo, options, progress
        self.work = options.workdir
        self.results = Results(options=options, cores=cores())
        vocabulary, _ = load_vocabulary(repo)
        self.vocabulary = {facet: vocabulary.terms(facet) for facet in FACETS}

    def library(self, count: int) -> list[SyntheticResource]:
        spec = LibrarySpec(resources=count, translated_share=self.options.translated_share,
                           words=self.options.words, seed=self.options.seed)
        return synthetic_resources(spec, self.vocabulary, date.today())

    def build(self, name: str, project: Path, rep: int, only_lang: str | None = None, cold: bool = True) -> Run:
        site = self.work / "sites" / name
        shutil.rmtree(site, ignore_errors=True)
        if cold:
            shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
        run = run_measured(mkdocs_command(project, site), build_env(only_lang), self.work / "logs" / f"{name}-{rep}.log")
        self.results.samples.setdefault(name, Sample(name)).runs.append(run)
        self.results.pages.setdefault(name, count_pages(site))
        self.progress(f"{name} #{rep + 1}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.peak_rss / 2**20:.0f} MiB")
        return run

    def floor(self, name: str, baseline: Path, rep: int) -> Run:
        """Python-Markdown alone over the baseline's pages (`floors`), timed by itself."""
        mode = "per-language" if name == FLOOR_PER_LANGUAGE else "distinct"
        result = self.work / "logs" / f"{name}-{rep}.json"
        command = [sys.executable, "-m", "iplibrary.bench.floors", str(baseline), mode, str(result)]
        process = run_measured(command, build_env(), self.work / "logs" / f"{name}-{rep}.log")
        found = json.loads(result.read_text(encoding="utf-8"))
        run = Run(wall=found["seconds"], cpu=found["cpu"], peak_rss=process.peak_rss, returncode=0)
        self.results.samples.setdefault(name, Sample(name)).runs.append(run)
        self.results.pages.setdefault(name, found["conversions"])
        self.progress(f"{name} #{rep + 1}: {found['conversions']} conversions, {run.wall:.1f} s wall, {run.cpu:.1f} s CPU")
        return run

    def run_builds(self) -> None:
        opts = self.options
        small, large = opts.resources, opts.resources * opts.scale
        sizes = [small] + ([large] if opts.scaling else []) + ([opts.big] if opts.big else [])
        self.progress(f"writing the projects ({', '.join(map(str, sizes))} resources) into {self.work}")
        library = self.library(small)
        ours = write_our_project(self.work / f"ours-{small}", self.repo, library)
        baseline = write_baseline_project(self.work / f"baseline-{small}", self.repo, library)
        scaled = write_our_project(self.work / f"ours-{large}", self.repo, self.library(large)) if opts.scaling else None
        big = write_our_project(self.work / f"ours-{opts.big}", self.repo, self.library(opts.big)) if opts.big else None
        edited = library[len(library) // 2]
        for rep in range(opts.repeat):
            self.build(BASELINE, baseline, rep)
            self.floor(FLOOR_PER_LANGUAGE, baseline, rep)
            self.floor(FLOOR_DISTINCT, baseline, rep)
            self.build(OURS, ours, rep)
            self.build(ENGLISH, ours, rep, only_lang="en")
            edit_resource(ours, edited, f"repetition {rep + 1}")
            self.build(PREVIEW, ours, rep, only_lang=opts.preview_lang, cold=False)
            if scaled:
                self.build(SCALED, scaled, rep)
            if opts.search:  # Pagefind again over the largest full build just made, alone: paired with it
                self.index_search(SCALED if scaled else OURS, rep)
            if big:
                self.build(BIG, big, rep)

    def pdf_step(self, name: str, project: Path, cache: Path, workers: int, rep: int) -> None:
        result = self.work / "logs" / f"{name}-{rep}.json"
        command = [sys.executable, "-m", "iplibrary.bench.pdf_step", str(project), str(cache), str(workers), str(result)]
        run = run_measured(command, build_env(), self.work / "logs" / f"{name}-{rep}.log")
        counts = json.loads(result.read_text(encoding="utf-8"))
        self.results.samples.setdefault(name, Sample(name)).runs.append(run)
        self.results.pdf_counts[name] = (counts["rendered"], counts["pdfs"])
        self.progress(f"{name} #{rep + 1}: {counts['pdfs']} PDFs, {counts['rendered']} documents rendered, "
                      f"{run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.peak_rss / 2**20:.0f} MiB")

    def run_pdfs(self) -> None:
        opts = self.options
        available, reason = pdf_support()
        if not available:
            self.results.pdf_unavailable = f"not available: {reason}"
            return
        library = self.library(opts.pdf_resources)
        project = write_our_project(self.work / f"pdfs-{opts.pdf_resources}", self.repo, library)
        every_core = self.results.cores
        step = max(1, len(library) // opts.pdf_changed)
        for rep in range(opts.pdf_repeat):
            cache = self.work / "pdf-cache"
            shutil.rmtree(cache, ignore_errors=True)
            self.pdf_step(PDF_COLD, project, cache, every_core, rep)
            self.pdf_step(PDF_NO_CHANGE, project, cache, every_core, rep)
            for resource in library[::step][: opts.pdf_changed]:
                edit_resource(project, resource, f"PDF repetition {rep + 1}")
            self.pdf_step(PDF_CHANGED, project, cache, every_core, rep)
            shutil.rmtree(cache, ignore_errors=True)
            self.pdf_step(PDF_ONE_WORKER, project, cache, 1, rep)

    def index_search(self, name: str, rep: int) -> None:
        """Index the full build `name` of this repetition again, alone: its share of that build."""
        site = self.work / "sites" / name
        self.results.search_site = (name, self.options.resources * (self.options.scale if name == SCALED else 1))
        self.results.pages[SEARCH_INDEX] = self.results.pages.get(name, 0)
        command = [sys.executable, "-m", "iplibrary.bench.search_step", "index", str(site)]
        run = run_measured(command, build_env(), self.work / "logs" / f"{SEARCH_INDEX}-{rep}.log")
        self.results.samples.setdefault(SEARCH_INDEX, Sample(SEARCH_INDEX)).runs.append(run)
        self.progress(f"{SEARCH_INDEX} #{rep + 1}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU")

    def run_search(self) -> None:
        """The bytes of a one-word query on the finder of the largest full build (indexed
        in each repetition: `index_search`), in the real browser."""
        name, _ = self.results.search_site
        site = self.work / "sites" / name
        lang = self.options.search_lang
        out = self.work / "logs" / "search-bytes.json"
        command = [sys.executable, "-m", "iplibrary.bench.search_step", "bytes", str(site), lang,
                   SEARCH_WORD.get(lang, "marque"), str(out)]
        try:
            run_measured(command, build_env(), self.work / "logs" / "search-bytes.log")
        except CommandFailed as exc:  # no playwright or chromium here: say so, measure the rest
            self.results.search_unavailable = str(exc).splitlines()[-1][:300]
            return
        self.results.search_bytes = json.loads(out.read_text(encoding="utf-8"))
        self.progress(f"search bytes: {self.results.search_bytes['bytes']} B, {self.results.search_bytes['results']}")

    def run_serve(self) -> None:
        self.progress("serve: a one-language preview of the shipped library, edited")
        self.results.serve = measure_serve(self.repo, self.work, build_env(), self.options.repeat, self.progress)

    def run(self) -> Results:
        self.run_builds()
        if self.options.search:
            self.run_search()
        if self.options.serve:
            self.run_serve()
        if self.options.pdfs:
            self.run_pdfs()
        else:
            self.results.pdf_unavailable = "not measured in this run (--no-pdfs)"
        return self.results
