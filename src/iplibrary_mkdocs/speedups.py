"""Patches of our own around the costs that stock MkDocs, Material and
mkdocs-static-i18n pay in every seven-language build (measured with `scripts/bench`,
README: Performance). Each keeps the output of the code it wraps exactly the same.

1. Templates compiled once per process: MkDocs makes a new Jinja environment for
   every build (`Theme.get_env`) and the i18n plugin runs one build per language, so
   Material's templates were compiled seven times. `share_compiled_templates(env)`
   (from the hook's `on_env`) gives every environment one in-memory bytecode cache;
   a template whose source changed (Jinja checks a checksum) is compiled again.
2. i18n alternates: `reconfigure_files_alternates` made a full `File` for every
   candidate translation of every page until one had the wanted language (about
   3.5 per page and language, in each of the seven builds). The patch reads the
   language from the file name first - the same way `create_i18n_file` does - and
   makes only the one it keeps.
3. Memory: the i18n plugin keeps every language's files (`i18n_files_per_language`),
   and each MkDocs `File` its `Page`, with the page's markdown and HTML: every page of
   every language stays in memory to the end of the build. `release_page_text(page)`
   (from the hook's `on_post_page`, once the page is written) drops those texts; what
   later steps read of a page (its URL, title, dates for the sitemap) stays.
4. Markdown converted once: `Page.render` converted an English fallback copy's text again
   in each of the six other language passes. `convert_once.render` reuses the conversion
   of the same text where every link of it comes out the same for the page at hand
   (why that gives the same HTML: `convert_once`). `mkdocs build` saves the conversions
   it used in `.cache/` and the next process loads them (`save_conversions`,
   `load_conversions`): a preview after an edit converts what changed.
5. Theme files: `Files.add_files_from_theme` walked Material's 14,000 icons in each
   language pass; they are listed once a process (an installed package's folders) or
   once a build (overrides/).
6. Navigation: Material's navigation and tabs are rendered once per set of links for
   the pages outside the navigation (`nav_once`).
7. Generated raw HTML lists (listings, term pages) are set aside during markdown
   conversion and put back after (`iplibrary.raw_blocks`); the anchors MkDocs' own
   collector would find in them are kept.
8. `mkdocs serve` learns of a saved file from the system's file events (inotify...)
   instead of polling every 0.5 s (`watching`).

Patches 2, 4, 5, 6, 7 and 8 are installed once per process, only on the versions they were written
and tested against (`PATCHED_VERSIONS`); on any other version the stock code runs.
`LIBRARY_SPEEDUPS=0` leaves every patch out: stock MkDocs, Material and i18n, to compare
a site built with and without them (tests/test_convert_once.py does). MkDocs
glue, beside hooks/: the plain `iplibrary` package never imports it.
"""

import os
import posixpath
from pathlib import Path

import jinja2

from iplibrary.versions import installed_version

PATCHED_VERSIONS = {"mkdocs-static-i18n": "1.3.1", "mkdocs-material": "9.8.1", "mkdocs": "1.6.1", "markdown": "3.11.3"}
SPEEDUPS_SETTING = "LIBRARY_SPEEDUPS"  # "0": no patch at all, the stock code throughout

_installed: set[str] = set()
_stock_only = False  # LIBRARY_SPEEDUPS=0, read by install()
_theme_files: dict[tuple, list[tuple[str, str]]] = {}  # patch 5: theme folders and static templates -> (file, folder)
STOCK: dict[str, object] = {}  # "Class.function" -> the stock function a patch replaced


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled template code kept in memory, keyed by template and source checksum."""

    def __init__(self):
        self._codes: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._codes.get(bucket.key)
        if found and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._codes.clear()


COMPILED_TEMPLATES = CompiledTemplates()  # the process's


def share_compiled_templates(env: jinja2.Environment) -> jinja2.Environment:
    """Give `env` the process's cache of compiled templates (patch 1)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED_TEMPLATES
    return env


def faster_templates(env: jinja2.Environment) -> jinja2.Environment:
    """Templates compiled once (patch 1); navigation and tabs rendered once per set of links (patch 6)."""
    if _stock_only:
        return env
    share_compiled_templates(env)
    if "nav-once" in _installed:
        from iplibrary_mkdocs.nav_once import remember_nav

        remember_nav(env)
    return env


def _version_is(package: str) -> bool:
    return installed_version(package) == PATCHED_VERSIONS[package]


def file_locale(src_uri: str, default_language: str, all_languages) -> str:
    """The language `mkdocs_static_i18n.suffix.create_i18n_file` gives a file, from its
    name alone (same steps: the name's stem, its last suffix, a known or valid locale)."""
    from mkdocs_static_i18n.config import RE_LOCALE

    stem = posixpath.splitext(posixpath.basename(src_uri))[0]
    name = "index" if stem == "README" else stem
    suffixes = Path(name).suffixes
    if not suffixes:
        return default_language
    locale = suffixes[-1].replace(".", "")
    return locale if locale in all_languages or RE_LOCALE.match(locale) else default_language


def reconfigure_files_alternates(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file):
    """mkdocs_static_i18n 1.3.1 `ExtendedPlugin.reconfigure_files_alternates`, making
    only the alternate it keeps (patch 2; same branches, same results)."""
    default, languages = self.default_language, self.all_languages
    locales: dict[str, str] = {}

    def locale_of(file) -> str:
        if file.src_uri not in locales:
            locales[file.src_uri] = file_locale(file.src_uri, default, languages)
        return locales[file.src_uri]

    for build_lang in sorted(self.build_languages):
        for i18n_src_uri, i18n_file in i18n_src_uris.items():
            if build_lang in i18n_file.alternates:
                continue
            candidates = i18n_alternate_src_uris.get(i18n_src_uri, [])
            own = next((f for f in candidates if locale_of(f) == build_lang), None)
            if own is not None:
                i18n_file.alternates[build_lang] = create_i18n_file(own, build_lang, default, languages, mkdocs_config)
            elif self.config.fallback_to_default is True:
                english = next((f for f in candidates if locale_of(f) == default), None)
                if english is not None:
                    i18n_file.alternates[build_lang] = create_i18n_file(english, build_lang, default, languages, mkdocs_config)
                else:
                    alternate = create_i18n_file(i18n_file, build_lang, default, languages, mkdocs_config)
                    if alternate.locale == default:
                        i18n_file.alternates[build_lang] = alternate


def release_page_text(page) -> None:
    """Drop a written page's markdown and HTML (patch 3).
    Empty strings, not None: MkDocs reads a page without markdown as not yet read
    (`Page.title` is then None)."""
    if _stock_only:
        return
    page.markdown = ""
    page.content = ""


def add_files_from_theme(self, env, config) -> None:
    """MkDocs 1.6.1 `Files.add_files_from_theme`, listing the theme folders once a build
    (patch 5). The i18n plugin puts its sitemap folder before the theme's in every pass:
    a folder listed twice changes neither the names found nor the first folder holding one."""
    from mkdocs.structure.files import File

    dirs = tuple(dict.fromkeys(config.theme.dirs))
    key = (dirs, tuple(config.theme.static_templates))
    if key not in _theme_files:
        _theme_files[key] = _listed_theme_files(env, config, dirs)
    for path, folder in _theme_files[key]:
        # Theme files do not override docs_dir files
        if self.get_file_from_path(path) is None:
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def _listed_theme_files(env, config, dirs: tuple[str, ...]) -> list[tuple[str, str]]:
    """What stock `add_files_from_theme` lists: each static theme file and the first folder holding it."""
    import fnmatch

    from mkdocs import utils

    def keep(name):
        # '.*' filters dot files/dirs at root level whereas '*/.*' filters nested levels
        patterns = ['.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml']
        patterns.append("locales/*")  # translation files
        patterns.extend(f'*{x}' for x in utils.markdown_extensions)
        patterns.extend(config.theme.static_templates)
        return not any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns)

    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader) and not loader.followlinks:
        # Environment.list_templates(filter_func=keep): the kept names of all folders, sorted
        found: set[str] = set()
        for folder in loader.searchpath:
            found.update(_folder_templates(folder, keep, tuple(config.theme.static_templates)))
        names = sorted(found)
    else:
        names = env.list_templates(filter_func=keep)
    listed = []
    for path in names:
        folder = next((d for d in dirs if os.path.isfile(os.path.join(d, path))), None)
        if folder is not None:
            listed.append((path, folder))
    return listed


_installed_folders: dict[tuple, list[str]] = {}  # (an installed theme's folder, static templates) -> kept files


def _folder_templates(folder: str, keep, static_templates: tuple) -> list[str]:
    """The files under `folder` that `keep` keeps, named as jinja2's FileSystemLoader.list_templates
    names them. A folder of an installed package (Material's, with its 14,000 icons) is
    listed once a process: only a reinstall changes it, and `mkdocs serve` is restarted
    for that; any other (overrides/) is listed every build."""
    folder = str(folder)
    installed = _is_installed_package(folder)
    if installed and (folder, static_templates) in _installed_folders:
        return _installed_folders[folder, static_templates]
    names = []
    for dirpath, _, filenames in os.walk(folder, followlinks=False):
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
            name = name[2:] if name[:2] == "./" else name
            if keep(name):
                names.append(name)
    if installed:
        _installed_folders[folder, static_templates] = names
    return names


def _is_installed_package(folder: str) -> bool:
    import sysconfig

    packages = {os.path.realpath(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}
    real = os.path.realpath(folder)
    return any(real == p or real.startswith(p + os.sep) for p in packages)


def set_aside_raw_html(page, markdown: str) -> str:
    """The page's markdown with its generated raw HTML lists set aside (patch 7)."""
    if "raw-html" not in _installed:
        return markdown
    from iplibrary.raw_blocks import set_aside

    markdown, page.library_raw_html = set_aside(markdown)
    return markdown


def put_back_raw_html(page, html: str) -> str:
    """The converted HTML with the page's raw HTML lists back in place, their anchors
    added to the page's as MkDocs' collector would have found them (patch 7)."""
    blocks = getattr(page, "library_raw_html", None)
    if not blocks:
        return html
    from mkdocs.structure.pages import _HTMLHandler

    from iplibrary.raw_blocks import may_hold_anchors, put_back

    for block in blocks:
        if may_hold_anchors(block):
            collector = _HTMLHandler()
            collector.feed(block)
            collector.close()
            page.present_anchor_ids = (page.present_anchor_ids or set()) | collector.present_anchor_ids
    page.library_raw_html = None
    return put_back(html, blocks)


def start_build() -> None:
    """A new top-level build (all its languages): the markdown cache forgets what the
    build before did not use (patch 4), the theme files are listed again (patch 5)."""
    _theme_files.clear()
    if "convert-once" in _installed:
        from iplibrary_mkdocs.convert_once import CONVERSIONS

        CONVERSIONS.start_build()


CONVERSIONS_FILE = ".cache/conversions.pickle"  # under the project root (patch 4)
_CONVERTER_CODE = ("iplibrary.conversions", "iplibrary_mkdocs.convert_once", "iplibrary.raw_blocks")


def conversions_salt() -> str:
    """What a saved conversion was made by: Python, the converting packages' versions and
    the code of the cache and its glue. A file with another salt is not used."""
    import hashlib
    import importlib
    import sys

    packages = [(name, installed_version(name)) for name in ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material")]
    code = hashlib.sha256()
    for module in _CONVERTER_CODE:
        code.update(Path(importlib.import_module(module).__file__).read_bytes())
    return repr((sys.version_info[:3], packages, code.hexdigest()))


def load_conversions(root: Path) -> int:
    """The conversions the last `mkdocs build` of this project saved, into a process that
    has none yet (patch 4); how many texts were added."""
    if "convert-once" not in _installed:
        return 0
    from iplibrary_mkdocs.convert_once import CONVERSIONS

    return CONVERSIONS.load(root / CONVERSIONS_FILE, conversions_salt()) if len(CONVERSIONS) == 0 else 0


def save_conversions(root: Path) -> int:
    """Save the conversions of this build for the next process (patch 4)."""
    if "convert-once" not in _installed:
        return 0
    from iplibrary_mkdocs.convert_once import CONVERSIONS

    return CONVERSIONS.save(root / CONVERSIONS_FILE, conversions_salt())


def faster_watching(server):
    """`mkdocs serve` told of a save by the system's file events, not by polling every
    0.5 s (patch 8, `watching`; MkDocs 1.6.1 only, LIBRARY_WATCH=poll keeps the polling)."""
    if _stock_only or not _version_is("mkdocs"):
        return server
    from iplibrary_mkdocs.watching import watch_by_events

    return watch_by_events(server)


def conversions_summary() -> str:
    """How many texts the build converted and how many conversions it reused (patch 4)."""
    if "convert-once" not in _installed:
        return "markdown: every page converted (no conversions reused)"
    from iplibrary_mkdocs.convert_once import CONVERSIONS

    return f"markdown: {CONVERSIONS.converted} conversions, {CONVERSIONS.reused} pages reused one"


def speedups_wanted(setting: str | None) -> bool:
    return setting != "0"


def install() -> list[str]:
    """Install patches 2, 4, 5, 6 and 7 (once per process, on the known versions); returns the
    names of the patches active."""
    global _stock_only
    _stock_only = not speedups_wanted(os.environ.get(SPEEDUPS_SETTING))
    if _stock_only:
        return sorted(_installed)  # none, unless an earlier build of this process installed some
    if "i18n-alternates" not in _installed and _version_is("mkdocs-static-i18n"):
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin

        STOCK["ExtendedPlugin.reconfigure_files_alternates"] = ExtendedPlugin.reconfigure_files_alternates
        ExtendedPlugin.reconfigure_files_alternates = reconfigure_files_alternates
        _installed.add("i18n-alternates")
    if "convert-once" not in _installed and _version_is("mkdocs"):
        from mkdocs.structure.pages import Page

        from iplibrary_mkdocs import convert_once

        STOCK["Page.render"] = Page.render
        Page.render = convert_once.render
        _installed.add("convert-once")
    if "theme-files" not in _installed and _version_is("mkdocs"):
        from mkdocs.structure.files import Files

        STOCK["Files.add_files_from_theme"] = Files.add_files_from_theme
        Files.add_files_from_theme = add_files_from_theme
        _installed.add("theme-files")
    if "nav-once" not in _installed and _version_is("mkdocs") and _version_is("mkdocs-material"):
        _installed.add("nav-once")  # used by faster_templates
    if "raw-html" not in _installed and _version_is("mkdocs") and _version_is("markdown"):
        _installed.add("raw-html")  # used by set_aside_raw_html
    return sorted(_installed)
