"""Patches of our own around three costs that stock MkDocs, Material and
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

Patch 2 is installed once per process, only on the versions it was written and
tested against (`PATCHED_VERSIONS`); on any other version the stock code runs. MkDocs
glue, beside hooks/: the plain `iplibrary` package never imports it.
"""

import posixpath
from pathlib import Path

import jinja2

from iplibrary.versions import installed_version

PATCHED_VERSIONS = {"mkdocs-static-i18n": "1.3.1"}

_installed: set[str] = set()
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
    page.markdown = ""
    page.content = ""


def install() -> list[str]:
    """Install patch 2 (once per process, on the known version); returns the names of the
    patches active."""
    if "i18n-alternates" not in _installed and _version_is("mkdocs-static-i18n"):
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin

        STOCK["ExtendedPlugin.reconfigure_files_alternates"] = ExtendedPlugin.reconfigure_files_alternates
        ExtendedPlugin.reconfigure_files_alternates = reconfigure_files_alternates
        _installed.add("i18n-alternates")
    return sorted(_installed)
