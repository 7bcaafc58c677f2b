"""The benchmark (scripts/bench): its synthetic libraries follow the content contract,
its baseline builds the same pages without our layer, its report states the targets;
and a tiny run of the whole script produces the table, so that it cannot rot."""

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest
import yaml

from fixture_library import RESOURCES
from helpers import REPO, make_project
from iplibrary.bench import report
from iplibrary.bench.cli import parser
from iplibrary.bench.measure import CommandFailed, Run, Sample, run_measured
from iplibrary.bench.projects import baseline_config, nav_pages, static_pages, write_baseline_project, write_our_project
from iplibrary.bench.runner import build_env
from iplibrary.bench.serve import measure_serve
from iplibrary.bench.floors import page_texts
from iplibrary.bench.runner import BASELINE, BIG, ENGLISH, FLOOR_DISTINCT, FLOOR_PER_LANGUAGE, OURS, PDF_CHANGED, PDF_COLD, PDF_NO_CHANGE, PDF_ONE_WORKER, PREVIEW, SCALED, Options, Results
from iplibrary.bench.synthetic import LibrarySpec, synthetic_resources
from iplibrary.content_types import CONTENT_TYPES
from iplibrary.library import load_library
from iplibrary.settings import read_settings
from iplibrary.languages import TRANSLATION_LANGUAGES
from iplibrary.vocabulary import load_vocabulary
from iplibrary.facets import FACETS

TODAY = date(2026, 11, 20)


def vocabulary():
    loaded, _ = load_vocabulary(REPO)
    return {facet: loaded.terms(facet) for facet in FACETS}


@pytest.fixture(scope="module")
def resources():
    return synthetic_resources(LibrarySpec(resources=40, translated_share=0.25, words=400, seed=3), vocabulary(), TODAY)


def test_synthetic_library_passes_validation_with_every_type_and_the_translated_share(tmp_path, resources):
    write_our_project(tmp_path, REPO, resources)
    library = load_library(tmp_path)  # raises LibraryInvalid on any content error
    assert len(library.resources) == 40
    assert {r.type.name for r in library.resources.values()} == {t.name for t in CONTENT_TYPES}
    per_language = Counter(lang for r in library.resources.values() for lang in r.translations)
    assert per_language == {lang: 10 for lang in TRANSLATION_LANGUAGES}
    assert all(len(r.regions) == 1 for r in library.resources.values() if r.type.name == "factsheet")


def test_synthetic_bodies_have_realistic_length_and_markup(resources):
    body = resources[0].body
    words = len(re.findall(r"[A-Za-z][A-Za-z-]*", body))
    assert 400 <= words <= 700
    assert body.startswith('!!! abstract "Key points"')
    assert "\n## Overview\n" in body and "\n- " in body and "|---|---|---|" in body
    assert re.search(r"\]\(id:[a-z0-9-]+#overview\)", body)  # an anchored link by id
    translated = next(r for r in resources if r.translations)
    meta, text = next(iter(translated.translations.values()))
    assert set(meta) == {"title", "summary", "translated_from"}
    assert "{#overview}" in text  # a translation keeps the anchors others link to


def test_synthetic_library_is_the_same_for_the_same_seed(resources):
    again = synthetic_resources(LibrarySpec(resources=40, translated_share=0.25, words=400, seed=3), vocabulary(), TODAY)
    assert [(r.id, r.meta, r.body) for r in again] == [(r.id, r.meta, r.body) for r in resources]


def test_baseline_has_the_same_pages_as_suffix_files_and_no_layer_of_ours(tmp_path, resources):
    root = write_baseline_project(tmp_path, REPO, resources)
    docs = root / "docs"
    for resource in resources:
        page = docs / resource.type.collection / f"{resource.id}.md"
        assert page.is_file()
        assert "id:" not in page.read_text(encoding="utf-8")  # links are plain relative links
        for lang in resource.translations:
            assert (docs / resource.type.collection / f"{resource.id}.{lang}.md").is_file()
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "hooks" not in config and "custom_dir" not in config["theme"]
    assert nav_pages(config["nav"]) == static_pages(REPO)  # resources are not in the nav
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert config["markdown_extensions"] == yaml.load(yaml.safe_dump(ours["markdown_extensions"]), Loader=yaml.BaseLoader)


def test_baseline_config_keeps_the_i18n_languages():
    i18n = next(p["i18n"] for p in baseline_config(REPO)["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert [language["locale"] for language in i18n["languages"]] == ["en", "fr", "de", "it", "es", "pl", "zh"]


def _results(options: Options | None = None, **walls) -> Results:
    results = Results(options=options or Options(resources=10, scale=4), cores=2)
    for name, wall in walls.items():
        results.samples[name] = Sample(name, [Run(wall=wall, cpu=wall, peak_rss=300 * 2**20, returncode=0)])
    return results


def test_targets_are_ratios_of_medians_with_a_verdict():
    results = _results(**{BASELINE: 10.0, OURS: 8.0, ENGLISH: 1.6, PREVIEW: 2.0, SCALED: 32.0,
                          FLOOR_PER_LANGUAGE: 2.5, FLOOR_DISTINCT: 1.0,
                          PDF_COLD: 20.0, PDF_NO_CHANGE: 1.0, PDF_CHANGED: 4.0, PDF_ONE_WORKER: 30.0})
    results.pdf_counts = {PDF_COLD: (100, 100), PDF_NO_CHANGE: (0, 100), PDF_CHANGED: (12, 100), PDF_ONE_WORKER: (100, 100)}
    found = {t.name: t for t in report.targets(results)}
    assert found["our full build / baseline"].measured == pytest.approx(0.8)
    assert found["our full build / baseline"].met is True  # ≤ 0.9×
    assert found["our full build / markdown floor, each page once per language"].measured == pytest.approx(3.2)
    assert found["our full build / markdown floor, each page once per language"].met is False  # ≤ 3×
    assert found["our full build / markdown floor, each distinct source once"].verdict == "reported"
    assert found["baseline / markdown floor, each page once per language"].measured == pytest.approx(4.0)
    assert found["4× the resources / 10 resources"].measured == pytest.approx(4.0)
    assert found["7 languages (20% translated) / English only"].met is True  # 5×
    assert found["one-language preview after one edit / full build"].met is False  # 25 %
    assert found["documents rendered by a rebuild with no change"].met is True
    assert found["PDF rebuild after 10 changes / cold render"].met is False  # 20 %
    assert found["PDF cold render: 1 worker / 2 workers"].met is False  # 1.5×
    assert "**missed**" in report.targets_table(results)


def _runs(*walls: float) -> list[Run]:
    return [Run(wall=wall, cpu=wall / 2, peak_rss=0, returncode=0) for wall in walls]


def test_a_ratio_is_the_median_of_each_repetitions_so_a_drifting_machine_cancels_out():
    results = _results()
    # the machine slowed down in the second repetition: each pair is 0.8, the medians' ratio 2.0
    results.samples[BASELINE] = Sample(BASELINE, _runs(10.0, 12.0, 30.0))
    results.samples[OURS] = Sample(OURS, _runs(8.0, 30.0, 24.0))
    found = {t.name: t for t in report.targets(results)}["our full build / baseline"]
    assert found.measured == pytest.approx(0.8) and found.shown == "0.80× (CPU 0.80×)"
    results.samples[OURS] = Sample(OURS, _runs(8.0, 30.0))  # not measured in every repetition: the medians
    assert {t.name: t for t in report.targets(results)}["our full build / baseline"].measured == pytest.approx(19.0 / 12.0)


def test_the_big_library_is_linear_from_the_scaled_one_and_within_a_gibibyte():
    options = Options(resources=150, scale=4, big=2000)
    results = _results(options, **{BASELINE: 10.0, OURS: 8.0, SCALED: 32.0, BIG: 115.0})
    found = {t.name: t for t in report.targets(results)}
    linear = found["2000 resources / 600 resources (linear)"]
    assert (linear.limit, linear.limit_shown, linear.met) == (3.6, "≤ 3.6×", True)  # 3.59×
    assert found["peak memory, 2000 resources × 7 languages"].met is True  # 300 MiB
    text = report.report(results)
    assert text.startswith("Synthetic library: 150, 600 and 2000 resources")
    assert "| ours, full build, 2000 resources, 7 languages (20% translated), PDFs off | 0 pages | 115.0 |" in text
    assert parser().parse_args(["--big"]).big and not parser().parse_args([]).big


def test_the_floors_convert_each_page_once_per_language_or_each_source_once(tmp_path):
    docs = tmp_path / "docs"
    pages = {"index.md": "# Home\n", "index.fr.md": "# Accueil\n", "faq/a.md": "---\ntitle: A\n---\n# A\n",
             "faq/a.zh.md": "# A zh\n", "faq/b.md": "# B\n"}
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    languages = ["en", "fr", "zh"]
    per_language = page_texts(docs, languages, "per-language")
    assert sorted(per_language) == sorted(["# A\n", "# A\n", "# A zh\n", "# B\n", "# B\n", "# B\n",
                                           "# Home\n", "# Accueil\n", "# Home\n"])  # front matter removed
    assert sorted(page_texts(docs, languages, "distinct")) == sorted(["# Home\n", "# Accueil\n", "# A\n", "# A zh\n", "# B\n"])


def test_report_says_when_pdfs_are_not_available():
    results = _results(**{BASELINE: 10.0, OURS: 12.0})
    results.pdf_unavailable = "not available: no PDF rendering in this checkout"
    text = report.report(results)
    assert "PDFs: not available: no PDF rendering in this checkout." in text
    assert "PDF rebuild" not in text


def test_without_scaling_the_report_names_one_library_and_no_scaling_target():
    results = _results(Options(resources=10, scale=4, scaling=False), **{BASELINE: 10.0, OURS: 12.0, ENGLISH: 2.0, PREVIEW: 1.5})
    text = report.report(results)
    assert text.startswith("Synthetic library: 10 resources over all seven types")
    assert "4× the resources" not in text and "peak memory" not in text
    assert "one-language preview after one edit / full build | 12.5%" in text
    assert parser().parse_args(["--no-scaling"]).no_scaling and not parser().parse_args([]).no_scaling


def test_a_tiny_benchmark_run_prints_and_writes_the_table(tmp_path):
    out = tmp_path / "bench.md"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench"), "-n", "7", "--scale", "2", "-r", "1",
                             "--words", "150", "--no-pdfs", "--no-serve", "--markdown", str(out), "-q"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert text.strip() == result.stdout.strip()
    rows = {re.sub(r"\s+", " ", line.split("|")[1]).strip(): line for line in text.splitlines() if line.startswith("| ")}
    for label in ("baseline: plain MkDocs + Material + i18n, 7 resources, 7 languages (20% translated)",
                  "ours, full build, 7 resources, 7 languages (20% translated), PDFs off",
                  "ours, English only, 7 resources",
                  "ours, one-language preview (en) after editing one resource",
                  "ours, full build, 14 resources, 7 languages (20% translated), PDFs off",
                  "our full build / baseline", "2× the resources / 7 resources",
                  "7 languages (20% translated) / English only",
                  "one-language preview after one edit / full build", "peak memory, 14 resources × 7 languages",
                  "our full build / markdown floor, each page once per language",
                  "our full build / markdown floor, each distinct source once",
                  "search: Pagefind indexing the 14-resource build alone (included in its full build)",
                  "search indexing / full build, 14 resources × 7 languages",
                  "bytes for the first results of a one-word query on /fr/library/, 14 resources × 7 languages"):
        assert label in rows, label
    kilobytes = float(re.search(r"\| (\d+) KB \(", rows["bytes for the first results of a one-word query on /fr/library/, "
                                                       "14 resources × 7 languages"]).group(1))
    assert 50 < kilobytes < 150  # Pagefind's script and WebAssembly at least, and the first results
    baseline_pages = int(re.search(r"\| (\d+) pages \|", rows["baseline: plain MkDocs + Material + i18n, 7 resources, "
                                                             "7 languages (20% translated)"]).group(1))
    assert baseline_pages == 7 * (7 + len(static_pages(REPO)))  # every resource and static page in 7 languages
    floors = {mode: int(re.search(r"\| (\d+) conversions \|", line).group(1))
              for label, line in rows.items() if label.startswith("floor:") for mode in ["distinct" if "distinct" in label else "per-language"]}
    assert floors["per-language"] == baseline_pages  # a conversion for each page the baseline shows
    assert len(static_pages(REPO)) + 7 <= floors["distinct"] < baseline_pages
    assert "PDFs: not measured in this run (--no-pdfs)." in text
    assert "cores" in text and "Machine:" in text


def test_serve_measurement_times_an_edit_until_its_page_shows_it(tmp_path):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", RESOURCES)
    result = measure_serve(project, tmp_path / "work", build_env(), repeat=1)
    assert result.error == ""
    assert result.resources == sum(1 for path in RESOURCES if not path.startswith("docs/") and path.count(".") == 1)
    assert len(result.edits) == 1 and 0 < result.edits[0] < 60
    assert (tmp_path / "work" / "shipped" / "mkdocs.yml").is_file()
    assert not any("benchmarkedit" in (project / path).read_text(encoding="utf-8") for path in RESOURCES)  # the copy was edited


def test_the_floors_use_the_extensions_and_front_matter_rule_mkdocs_uses(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    from iplibrary.bench.floors import body, markdown_settings

    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    assert markdown_settings(REPO) == (list(config["markdown_extensions"]), dict(config["mdx_configs"]))
    for text in ("---\ntitle: A\n---\n\n# A\n", "# No front matter\n", "---\ntitle: B\n...\nText\n", "----\nx\n"):
        assert body(text) == get_data(text)[0]


def test_the_baseline_searches_with_materials_plugin_as_a_stock_site_does():
    plugins = baseline_config(REPO)["plugins"]
    assert plugins[0] == {"search": {"separator": "[\\s\\u200b\\-]"}}  # ours has none: Pagefind indexes the site
    assert not any(p == "search" or (isinstance(p, dict) and "search" in p) for p in read_settings(REPO)["plugins"])


def test_a_commands_peak_memory_is_its_own_not_the_benchmarks(tmp_path):
    """Linux counts in a child's ru_maxrss what it held before exec: a copy of its parent.
    The benchmark holds its synthetic libraries; a small command must not seem to."""
    held = b"x" * (300 * 2**20)  # this process now holds 300 MiB
    run = run_measured([sys.executable, "-c", "print(len(b'y' * (20 * 2**20)))"], dict(os.environ), tmp_path / "small.log")
    assert len(held) and 20 * 2**20 < run.peak_rss < 150 * 2**20
    assert run.cpu > 0 and (tmp_path / "small.log").read_text().strip() == str(20 * 2**20)
    with pytest.raises(CommandFailed, match="exited with 3"):
        run_measured([sys.executable, "-c", "import sys; sys.exit(3)"], dict(os.environ), tmp_path / "failing.log")
    with pytest.raises(CommandFailed, match="exited with 127"):
        run_measured(["/nonexistent/command"], dict(os.environ), tmp_path / "missing.log")
