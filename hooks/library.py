"""MkDocs glue: load the library once per build, stage it, and dress resource pages.

Only event handlers live here; the meaning is in the `iplibrary` package.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from iplibrary.build import BuildState, prepare_build
from iplibrary.errors import LibraryInvalid
from iplibrary.page_furniture import resource_page_html
from iplibrary.search_index import SearchIndexError, split_search_index

try:
    import jieba  # noqa: F401  (Material segments Chinese for search only if it is importable)
    JIEBA = True
except ImportError:
    JIEBA = False

log = get_plugin_logger(__name__)

BEFORE_I18N = 100  # i18n's on_config runs at -100 and must see the staged docs_dir
AFTER_I18N = -200  # i18n builds the other languages inside its own on_post_build (-100)

_state: BuildState | None = None  # reset at the start of every top-level build


def _i18n(config):
    return config.plugins.get("i18n")


def _top_level(config) -> bool:
    i18n = _i18n(config)
    return i18n is None or not i18n.building


@event_priority(BEFORE_I18N)
def on_config(config):
    global _state
    if not _top_level(config):
        return config
    root = Path(config.config_file_path).parent
    try:
        docs_dir = Path(config.docs_dir)
        if _state is not None and docs_dir == _state.stage_dir:  # config reused by a second build
            docs_dir = _state.source_docs_dir
        _state = prepare_build(root, source_docs_dir=docs_dir)
    except LibraryInvalid as exc:
        raise PluginError(exc.report()) from None
    log.info(f"library: {len(_state.library.resources)} resources, {_state.written} staged files written")
    config.docs_dir = str(_state.stage_dir)
    return config


def on_page_content(html, page, config, files):
    resource_id = page.meta.get("resource")
    if not resource_id or _state is None:
        return html
    lang = _i18n(config).current_language if _i18n(config) else "en"
    return resource_page_html(_state.library.get(resource_id), lang, html)


def on_page_context(context, page, config, nav):
    resource_id = page.meta.get("resource")
    if resource_id and _state is not None and config.site_url:
        lang = _i18n(config).current_language if _i18n(config) else "en"
        page.canonical_url = _state.canonical_url(resource_id, lang, config.site_url)
    return context


@event_priority(AFTER_I18N)
def on_post_build(config):
    if not _top_level(config) or _state is None:
        return
    i18n = _i18n(config)
    languages = i18n.build_languages if i18n else ["en"]
    try:
        split_search_index(Path(config.site_dir), languages, jieba_available=JIEBA)
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    # hand `mkdocs serve` back the real docs/ to watch, not the stage
    config.docs_dir = str(_state.source_docs_dir)
