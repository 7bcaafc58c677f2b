"""Markdown converted once per distinct text (iplibrary.conversions, and its MkDocs glue
iplibrary_mkdocs.convert_once): a reused conversion gives a page exactly what MkDocs'
own `Page.render` gives it, and a whole site is the same, byte for byte, with and
without the cache (README: Performance)."""

import logging
import textwrap
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from fixture_library import RESOURCES
from helpers import REPO, compare_sites, make_project, run_cli
from iplibrary.conversions import AGES, Conversion, ConversionCache, conversion_key, reusable
from iplibrary_mkdocs import convert_once
from iplibrary_mkdocs import speedups as mkdocs_speedups

# the rendering MkDocs 1.6.1 ships, whether or not our patch is installed in this process
STOCK_RENDER = mkdocs_speedups.STOCK.get("Page.render", Page.__dict__["render"])


# --- the plain rule ---------------------------------------------------------------------

def _conversion(links=(), html="<p>x</p>") -> Conversion:
    return Conversion(html=html, toc_tokens=[], title=None, anchors=frozenset(), links=tuple(links))


def test_the_key_is_the_text_and_the_settings():
    assert conversion_key("# A\n", "toc") == conversion_key("# A\n", "toc")
    assert conversion_key("# A\n", "toc") != conversion_key("# A \n", "toc")
    assert conversion_key("# A\n", "toc") != conversion_key("# A\n", "toc, tables")


def test_a_conversion_is_reusable_only_if_every_link_comes_out_the_same():
    conversion = _conversion([("b.md", "../b/"), ("img.png", "../img.png")])
    assert reusable(conversion, {"b.md": "../b/", "img.png": "../img.png"}.get)
    assert not reusable(conversion, {"b.md": "../b/", "img.png": "../../img.png"}.get)
    assert reusable(_conversion(), lambda url: pytest.fail("no link to rewrite"))


def test_the_cache_keeps_a_few_variants_and_forgets_what_a_build_did_not_use():
    cache = ConversionCache(variants=2)
    cache.start_build()
    for html in ("1", "2", "3"):
        cache.keep(b"a", _conversion(html=html))
    assert [c.html for c in cache.candidates(b"a")] == ["2", "3"]
    cache.keep(b"b", _conversion())
    cache.start_build()  # a rebuild (mkdocs serve) that uses only b
    cache.use(b"b")
    assert (cache.reused, cache.converted) == (1, 0)
    cache.start_build()
    assert list(cache.candidates(b"a")) == [] and len(list(cache.candidates(b"b"))) == 1


# --- MkDocs' page, rendered by the patch and by MkDocs ---------------------------------

PAGES = {
    "index.md": "# Home\n\nSee [the guide](guide/a.md#second) and [B](b.md).\n",
    "b.md": "# B\n\n![logo](img/logo.png)\n",
    "guide/a.md": "# A\n\n## Second\n\nBack [home](../index.md), [B](../b.md#nowhere), [self](#second).\n",
    "guide/copy.md": "# A\n\n## Second\n\nBack [home](../index.md), [B](../b.md#nowhere), [self](#second).\n",
    "deeper/x/copy.md": "# A\n\n## Second\n\nBack [home](../index.md), [B](../b.md#nowhere), [self](#second).\n",
}


@pytest.fixture
def site(tmp_path):
    docs = tmp_path / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / "img").mkdir()
    (docs / "img" / "logo.png").write_bytes(b"png")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Test
        theme: mkdocs
        markdown_extensions: [attr_list, md_in_html, {toc: {permalink: true}}, tables]
        validation: {anchors: warn}
        """), encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    files = Files([File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)
                   for rel in [*PAGES, "img/logo.png"]])
    return config, files


def _rendered(render, config, files, src_uri: str, caplog) -> dict:
    file = files.get_file_from_path(src_uri)
    page = Page(None, file, config)
    page.read_source(config)
    caplog.clear()
    render(page, config, files)
    return {"html": page.content, "toc": str(page.toc), "title": page.title, "anchors": page.present_anchor_ids,
            "links_to_anchors": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
            "log": [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "mkdocs.structure.pages"]}


def _saved(html: str) -> Conversion:
    return Conversion(html=html, toc_tokens=[{"level": 1, "id": "a", "name": "A", "children": []}], title="A",
                      anchors=frozenset({"a"}), links=(("b.md", "../b/"),))


def test_the_conversions_of_a_build_are_saved_for_the_next_process(tmp_path):
    path = tmp_path / ".cache" / "conversions.pickle"
    first = ConversionCache()
    first.start_build()
    first.keep(b"k1", _saved("<h1>A</h1>"))
    assert first.save(path, "salt") == 1 and not list(tmp_path.glob(".cache/*.partial"))
    second = ConversionCache()
    second.start_build()
    assert second.load(path, "salt") == 1
    assert list(second.candidates(b"k1")) == [_saved("<h1>A</h1>")]
    assert ConversionCache().load(path, "another converter") == 0  # other versions or code: not used
    path.write_bytes(b"not a pickle")
    assert ConversionCache().load(path, "salt") == 0
    assert ConversionCache().load(tmp_path / "missing", "salt") == 0


def test_saved_conversions_no_build_uses_are_dropped_after_a_few_builds(tmp_path):
    """A preview of one language keeps the other languages' conversions, for a while."""
    path = tmp_path / "conversions.pickle"
    cache = ConversionCache()
    cache.start_build()
    cache.keep(b"used", _saved("1"))
    cache.keep(b"unused", _saved("2"))
    cache.save(path, "salt")
    for build in range(AGES):
        cache = ConversionCache()
        cache.start_build()
        cache.load(path, "salt")
        cache.use(b"used")
        saved = cache.save(path, "salt")
        assert saved == (2 if build < AGES - 1 else 1), build



@pytest.mark.parametrize("src_uri", list(PAGES))
def test_the_patch_renders_a_page_as_mkdocs_does_first_time_and_reused(site, monkeypatch, caplog, src_uri):
    config, files = site
    monkeypatch.setattr(convert_once, "CONVERSIONS", ConversionCache())
    expected = _rendered(STOCK_RENDER, config, files, src_uri, caplog)
    assert _rendered(convert_once.render, config, files, src_uri, caplog) == expected
    assert convert_once.CONVERSIONS.converted == 1
    assert _rendered(convert_once.render, config, files, src_uri, caplog) == expected
    assert convert_once.CONVERSIONS.reused == 1


def test_a_copy_at_the_same_depth_reuses_the_conversion_and_keeps_its_own_links_and_warnings(site, monkeypatch, caplog):
    config, files = site
    monkeypatch.setattr(convert_once, "CONVERSIONS", ConversionCache())
    caplog.set_level(logging.INFO)
    _rendered(convert_once.render, config, files, "guide/a.md", caplog)
    copy = _rendered(convert_once.render, config, files, "guide/copy.md", caplog)
    assert convert_once.CONVERSIONS.reused == 1
    assert copy == _rendered(STOCK_RENDER, config, files, "guide/copy.md", caplog)
    assert copy["links_to_anchors"] == {"b.md": {"nowhere": "../b.md#nowhere"}, "guide/copy.md": {"a": "#a", "second": "#second"}}  # headings' permalinks too


def test_a_copy_whose_links_come_out_otherwise_is_converted_again(site, monkeypatch, caplog):
    config, files = site
    monkeypatch.setattr(convert_once, "CONVERSIONS", ConversionCache())
    first = _rendered(convert_once.render, config, files, "guide/a.md", caplog)
    # deeper/x/copy.md: '../index.md' and '../b.md' point elsewhere (and are not found)
    deeper = _rendered(convert_once.render, config, files, "deeper/x/copy.md", caplog)
    assert (convert_once.CONVERSIONS.converted, convert_once.CONVERSIONS.reused) == (2, 0)
    assert deeper == _rendered(STOCK_RENDER, config, files, "deeper/x/copy.md", caplog)
    assert deeper["log"] and not first["log"]  # its own warnings, logged once
    assert len(deeper["log"]) == len(set(deeper["log"]))


def test_a_changed_text_is_converted_again(site, monkeypatch, caplog):
    config, files = site
    monkeypatch.setattr(convert_once, "CONVERSIONS", ConversionCache())
    file = files.get_file_from_path("b.md")
    for text in ("# B\n\nOne.\n", "# B\n\nTwo.\n"):
        page = Page(None, file, config)
        page.markdown = text
        convert_once.render(page, config, files)
        assert text.split()[-1].rstrip(".") in page.content
    assert convert_once.CONVERSIONS.converted == 2


def test_install_patches_render_only_on_the_mkdocs_version_it_copies(monkeypatch):
    monkeypatch.setattr(mkdocs_speedups, "_installed", set())
    monkeypatch.setattr(mkdocs_speedups, "PATCHED_VERSIONS", {**mkdocs_speedups.PATCHED_VERSIONS, "mkdocs": "0.0"})
    before = Page.__dict__["render"]
    mkdocs_speedups.install()
    assert Page.__dict__["render"] is before


# --- a whole site ------------------------------------------------------------------------

def test_the_fixture_site_is_the_same_byte_for_byte_with_and_without_the_speedups(tmp_path):
    """Every patch of iplibrary_mkdocs.speedups (the markdown cache, the navigation rendered
    once...) against the stock code (LIBRARY_SPEEDUPS=0)."""
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", RESOURCES)
    env = {"LIBRARY_TODAY": "2026-11-15", "LIBRARY_PDFS": "0"}
    sites = {}
    for name, setting in (("without", "0"), ("with", "1"), ("warm", "1")):  # warm: the conversions saved by "with"
        result = run_cli(root, "build", env={**env, mkdocs_speedups.SPEEDUPS_SETTING: setting})
        assert result.returncode == 0, result.stderr[-3000:]
        sites[name] = tmp_path / f"site-{name}"
        (root / "site").rename(sites[name])
        assert ("pages reused one" in result.stderr) == (setting == "1")
        assert ("conversions of the last build loaded" in result.stderr) == (name == "warm")
    for name in ("with", "warm"):
        found, by_bytes, _ = compare_sites().differences(sites["without"], sites[name])
        assert found == [], name
        assert by_bytes > 300


def _pagefind_site(root: Path, filter_hash: str, filter_text: bytes, fragment: bytes) -> Path:
    import gzip

    (root / "pagefind" / "filter").mkdir(parents=True)
    (root / "pagefind" / "fragment").mkdir()
    (root / "pagefind" / "filter" / f"en_{filter_hash}.pf_filter").write_bytes(gzip.compress(filter_text))
    (root / "pagefind" / f"pagefind.en_{filter_hash}.pf_meta").write_bytes(gzip.compress(b"meta"))
    (root / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(fragment)
    (root / "pagefind" / "pagefind-entry.json").write_text(
        '{"version": "1.5.2", "languages": {"en": {"hash": "en_%s", "wasm": "en", "page_count": 1}}}' % filter_hash)
    return root


def test_compare_sites_reads_pagefinds_unstable_indexes_by_what_they_are_made_of(tmp_path):
    differences = compare_sites().differences
    one = _pagefind_site(tmp_path / "one", "aaa1", b"filters", b"text")
    assert differences(one, _pagefind_site(tmp_path / "renamed", "bbb2", b"sretlif", b"text"))[0] == []  # hash-map order
    assert differences(one, _pagefind_site(tmp_path / "text", "aaa1", b"filters", b"other"))[0] == [
        "bytes differ: pagefind/fragment/en_1.pf_fragment"]
    assert differences(one, _pagefind_site(tmp_path / "more", "ccc3", b"more filters", b"text"))[0] == [
        "Pagefind's filter or metadata indexes differ (in number, unpacked size or entry)"]
