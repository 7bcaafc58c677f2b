"""The speed-up patches of iplibrary_mkdocs.speedups give exactly what the stock code
gives: the same file languages, the same i18n alternates, the
same rendered templates (README: Performance)."""

import textwrap

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs_static_i18n import suffix
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from iplibrary_mkdocs import speedups as mkdocs_speedups

LANGUAGES = ["en", "fr", "de", "zh"]


def stock(cls, name):
    """The class's own function, unwrapped if a patch of ours is installed."""
    function = cls.__dict__[name]
    return mkdocs_speedups.STOCK.get(f"{cls.__name__}.{name}", function)


@pytest.mark.parametrize("src_uri", [
    "index.md", "README.md", "about.md", "about.fr.md", "faq/x.zh.md", "faq/x.de.md", "a.b.fr.md",
    "assets/logo.png", "assets/logo.fr.png", "x.en.md", "x.xx.md", "v1.2.md", "guide.pt-BR.md",
    "guide.zh_CN.md", "guide.FR.md", "index.fr.md", "README.fr.md", "library/topics/customs.pl.md",
])
def test_file_locale_is_the_locale_i18n_gives_the_file(tmp_path, src_uri):
    config = load_config(config_file=str(_project(tmp_path, {"index.md": "# Home\n"})))
    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    expected = suffix.create_i18n_file(file, "fr", "en", LANGUAGES, config).locale
    assert mkdocs_speedups.file_locale(src_uri, "en", LANGUAGES) == expected


def _project(root, pages: dict[str, str], fallback: bool = True):
    docs = root / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    languages = "\n".join(f"        - {{locale: {lang}, name: {lang}, build: true{', default: true' if lang == 'en' else ''}}}"
                          for lang in LANGUAGES)
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Test
        site_url: https://example.org/
        theme: mkdocs
        plugins:
          - i18n:
              docs_structure: suffix
              fallback_to_default: {str(fallback).lower()}
              languages:
        """) + languages + "\n", encoding="utf-8")
    return root / "mkdocs.yml"


PAGES = {
    "index.md": "# Home\n", "index.fr.md": "# Accueil\n", "index.zh.md": "# 首页\n",
    "about.md": "# About\n", "about.de.md": "# Über\n",
    "faq/a.md": "# A\n", "faq/a.fr.md": "# A fr\n", "faq/a.de.md": "# A de\n", "faq/a.zh.md": "# A zh\n",
    "faq/b.md": "# B\n",
    "faq/only-french.fr.md": "# Seulement en français\n",
    "assets/logo.png": "png", "assets/logo.fr.png": "png fr",
}


def _alternates(files) -> dict:
    """norm_src_uri -> language -> (src_uri, url, dest_path, locale) of each alternate."""
    return {file.src_uri: {lang: (alt.src_uri, alt.url, alt.dest_path, alt.locale)
                           for lang, alt in sorted(file.alternates.items())}
            for file in files if hasattr(file, "alternates")}


@pytest.mark.parametrize("fallback", [True, False])
@pytest.mark.parametrize("building", ["en", "fr", "zh"])
def test_patched_alternates_equal_stock_alternates(tmp_path, monkeypatch, fallback, building):
    config = load_config(config_file=str(_project(tmp_path, PAGES, fallback)))
    config = config.plugins.on_config(config)
    plugin = config.plugins["i18n"]
    plugin.current_language = building
    results = {}
    for variant, function in [("stock", stock(ExtendedPlugin, "reconfigure_files_alternates")),
                              ("patched", mkdocs_speedups.reconfigure_files_alternates)]:
        monkeypatch.setattr(ExtendedPlugin, "reconfigure_files_alternates", function)
        results[variant] = _alternates(plugin.reconfigure_files(get_files(config), config))
    assert results["patched"] == results["stock"]
    assert results["stock"]["faq/a.md" if building == "en" else f"faq/a.{building}.md"]  # the test saw alternates


def test_compiled_templates_are_shared_between_environments_and_follow_changes(tmp_path, monkeypatch):
    cache = mkdocs_speedups.CompiledTemplates()
    monkeypatch.setattr(mkdocs_speedups, "COMPILED_TEMPLATES", cache)
    (tmp_path / "page.html").write_text("Hello {{ name }}", encoding="utf-8")

    def environment():
        return mkdocs_speedups.share_compiled_templates(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))))

    first = environment()
    assert first.get_template("page.html").render(name="en") == "Hello en"
    second = environment()
    monkeypatch.setattr(second, "compile", lambda *args, **kwargs: pytest.fail("compiled a second time"))
    assert second.get_template("page.html").render(name="fr") == "Hello fr"
    (tmp_path / "page.html").write_text("Bonjour {{ name }}", encoding="utf-8")  # edited during `mkdocs serve`
    monkeypatch.undo()
    monkeypatch.setattr(mkdocs_speedups, "COMPILED_TEMPLATES", cache)
    assert environment().get_template("page.html").render(name="de") == "Bonjour de"


def test_install_patches_only_the_versions_it_knows(monkeypatch):
    monkeypatch.setattr(mkdocs_speedups, "_installed", set())
    monkeypatch.setattr(mkdocs_speedups, "PATCHED_VERSIONS", {"mkdocs-static-i18n": "0.0", "mkdocs-material": "0.0", "mkdocs": "0.0", "markdown": "0.0"})
    def patched_places():
        return (ExtendedPlugin.__dict__["reconfigure_files_alternates"], Page.__dict__["render"], Files.__dict__["add_files_from_theme"])

    before = patched_places()
    assert mkdocs_speedups.install() == []
    assert patched_places() == before


@pytest.mark.parametrize("src_uri, text, title", [
    ("index.md", "Welcome.\n", "Home"),
    ("from-meta.md", "---\ntitle: From meta\n---\n# Heading\n", "From meta"),
    ("from-heading.md", "# The heading\n\nText.\n", "The heading"),
    ("no-heading.md", "Only text.\n", "No heading"),
])
def test_a_released_page_keeps_its_title_and_url_and_loses_its_texts(tmp_path, src_uri, text, title):
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / src_uri).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme: mkdocs\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    files = Files([File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)])
    get_navigation(files, config)
    page = files.documentation_pages()[0].page or Page(None, files.documentation_pages()[0], config)
    page.read_source(config)
    page.render(config, files)
    before = (page.title, page.url, page.is_homepage)
    assert page.content and page.markdown
    mkdocs_speedups.release_page_text(page)
    assert (page.title, page.url, page.is_homepage) == before
    assert before[0] == title
    assert page.content == "" and page.markdown == ""


def test_theme_files_listed_once_a_build_are_the_files_mkdocs_adds(tmp_path, monkeypatch):
    config = load_config(config_file=str(_project(tmp_path, {"index.md": "# Home\n", "assets/stylesheets/x.css": "docs"})))
    config.theme.dirs.insert(0, config.theme.dirs[0])  # as the i18n plugin's sitemap folder, once per language

    def added(function) -> list:
        files = get_files(config)
        function(files, config.theme.get_env(), config)
        return [(f.src_uri, f.abs_src_path, f.dest_uri) for f in files]

    monkeypatch.setattr(mkdocs_speedups, "_theme_files", {})
    expected = added(stock(Files, "add_files_from_theme"))
    assert any(uri.endswith(".js") for uri, _, _ in expected) and ("assets/stylesheets/x.css", str(tmp_path / "docs" / "assets/stylesheets/x.css"), "assets/stylesheets/x.css") in expected
    assert added(mkdocs_speedups.add_files_from_theme) == expected
    monkeypatch.setattr(config.theme.get_env().loader.__class__, "list_templates", lambda *a, **k: pytest.fail("listed again"))
    assert added(mkdocs_speedups.add_files_from_theme) == expected  # the second language pass
    monkeypatch.undo()
    mkdocs_speedups.start_build()
    assert mkdocs_speedups._theme_files == {}
    walked = []
    real_walk = mkdocs_speedups.os.walk
    monkeypatch.setattr(mkdocs_speedups.os, "walk", lambda folder, **kw: walked.append(folder) or real_walk(folder, **kw))
    assert added(mkdocs_speedups.add_files_from_theme) == expected  # the next build (mkdocs serve)
    assert walked and not any(mkdocs_speedups._is_installed_package(folder) for folder in walked)  # the theme's own: once a process
