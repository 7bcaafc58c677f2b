"""Layer 2: the hook's branches, through `mkdocs.config.load_config` and its events called
by hand, without building a site: a one-language preview, `mkdocs serve`, PDFs off, a
content error while previewing or building, and a config reused by a second build."""

import logging
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from fixture_library import RESOURCES
from helpers import make_project, write
from iplibrary.urls import path_language

HOOK = "hooks/library.py"


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("LIBRARY_ONLY_LANG", "LIBRARY_PDFS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "project"
    root.mkdir()
    return make_project(root, RESOURCES)


def configured(root, command="build"):
    """The project's config as MkDocs loads it, and the hook module it loaded."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    hook = config.hooks[HOOK]
    hook.on_startup(command=command, dirty=False)
    return config, hook


def staged_languages(root) -> set[str]:
    stage = root / ".cache" / "stage"
    return {path_language(path.relative_to(stage).as_posix()) for path in stage.rglob("*.md")}


def page(src_uri: str, locale: str, **meta):
    return SimpleNamespace(meta=dict(meta), file=SimpleNamespace(src_uri=src_uri, locale=locale))


def test_a_full_build_stages_every_language_and_builds_from_the_stage(project):
    config, hook = configured(project)
    assert hook._preview_language(config) is None
    assert hook._wants_pdfs(config) and hook._wants_search(config)  # a full build makes PDFs, unless told not to
    config = hook.on_config(config)
    assert config.docs_dir == str(project / ".cache" / "stage")
    assert staged_languages(project) == {"en", "fr", "de", "it", "es", "pl", "zh"}
    markdown = hook.on_page_markdown("# Home\n", page("index.md", "en"), config, None)
    assert markdown == "# Home\n"


def test_pdfs_off_builds_no_downloads(project, monkeypatch, caplog):
    monkeypatch.setenv("LIBRARY_PDFS", "0")
    config, hook = configured(project)
    assert not hook._wants_pdfs(config)
    with caplog.at_level(logging.INFO):
        hook.on_config(config)
    assert hook._state.downloads is None
    assert "downloads: skipped (a preview, or LIBRARY_PDFS=0; LIBRARY_PDFS=1 makes them)" in caplog.text


def test_a_one_language_preview_stages_its_language_and_english_without_pdfs_or_search(project, monkeypatch):
    monkeypatch.setenv("LIBRARY_ONLY_LANG", "fr")
    config, hook = configured(project)
    assert hook._preview_language(config) == "fr"
    assert not hook._wants_pdfs(config) and not hook._wants_search(config)
    hook.on_config(config)
    assert staged_languages(project) == {"en", "fr"}
    assert hook._state.downloads is None
    stage = project / ".cache" / "stage"
    # the French text is what the preview shows: its English file is left out
    assert (stage / "factsheets" / "macao-basics.fr.md").exists() and not (stage / "factsheets" / "macao-basics.md").exists()
    seen = page("faq/faq-a.md", "fr")
    assert hook._searchable("<p>text</p>", seen, config) == "<p>text</p>"  # a preview builds no search index
    monkeypatch.setenv("LIBRARY_PDFS", "1")
    assert hook._wants_pdfs(config)  # LIBRARY_PDFS=1 makes them in a preview too


def test_mkdocs_serve_makes_no_pdfs(project):
    config, hook = configured(project, command="serve")
    assert hook._preview_language(config) is None and not hook._wants_pdfs(config)


def test_a_content_error_fails_a_build_in_one_message(project):
    write(project, "faq/c.md", "---\nid: faq-c\ntitle: C\n---\nNo summary.\n")
    config, hook = configured(project)
    with pytest.raises(PluginError, match=r"faq/c.md:1: summary: required field is missing"):
        hook.on_config(config)


def test_a_content_error_in_mkdocs_serve_is_shown_at_every_url(project, tmp_path):
    write(project, "faq/c.md", "---\nid: faq-c\ntitle: C\n---\nNo summary.\n")
    config, hook = configured(project, command="serve")
    config = hook.on_config(config)
    assert hook._state is None and config.nav == []
    assert config.docs_dir != str(project / "docs")  # the empty stage: nothing to build
    config.site_dir = str(tmp_path / "site")
    hook.on_post_build(config)
    assert "faq/c.md:1: summary: required field is missing" in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert config.docs_dir == str(project / "docs")  # serve watches the real docs/ again


def test_a_config_reused_by_a_second_build_stages_from_the_sources_again(project):
    config, hook = configured(project)
    config.docs_dir = str(project / "docs")
    hook.on_config(config)
    first = hook._state
    assert config.docs_dir == str(first.stage_dir)
    write(project, "docs/training.md", "# Training\n")
    hook.on_config(config)  # the same config object: its docs_dir is now the stage
    second = hook._state
    assert second is not first and second.source_docs_dir == project / "docs"
    assert (second.stage_dir / "training.md").read_text(encoding="utf-8").startswith("# Training")
    assert config.docs_dir == str(second.stage_dir)


def test_a_fallback_copy_is_decided_once_and_points_to_the_english_page(project):
    config, hook = configured(project)
    hook.on_config(config)
    fallback = page("enquiry.md", "en")  # docs/enquiry.md has no German text: built in German from English
    config.plugins["i18n"].current_language = "de"  # as while the i18n plugin builds German
    assert hook._fallback_of(fallback, config) == "enquiry/"
    assert hook._fallback_of(page("index.md", "de"), config) is None  # a real translation
    assert hook._fallback_of(page("factsheets/macao-basics.md", "en", resource="macao-basics"), config) is None
    html = hook._dressed("<p>text</p>", fallback, config, hook._fallback_of(fallback, config))
    assert "<p>text</p>" in html and 'hreflang="en"' in html


def test_mkdocs_serve_watches_by_file_events(tmp_path, monkeypatch):
    from mkdocs.livereload import LiveReloadServer

    from iplibrary_mkdocs.watching import EventsOrPolling

    monkeypatch.delenv("LIBRARY_WATCH", raising=False)
    root = make_project(tmp_path, RESOURCES)
    config, hook = configured(root, command="serve")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(root / "docs"))
    served = config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert isinstance(served.observer, EventsOrPolling) and str(root / "docs") in served._watched_paths
