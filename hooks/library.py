"""MkDocs glue: load the library once per build, stage it, and dress resource pages.

Only event handlers live here; the meaning is in the `iplibrary` package.
"""

import logging
import os
from html import escape, unescape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from iplibrary.build import BuildState, finish_build, prepare_build
from iplibrary.downloads.downloads import PDFS_SETTING, pdfs_wanted
from iplibrary.errors import BuildFailed, LibraryInvalid
from iplibrary.home_blocks import render_blocks
from iplibrary_mkdocs import speedups
from iplibrary_mkdocs.html_fixes import fix_material_html
from iplibrary.head import PageInfo, page_head
from iplibrary.languages import staged_languages
from iplibrary.page_furniture import fallback_page_html, resource_page_html
from iplibrary.feeds import feed_link_html
from iplibrary.finder import search_box_html
from iplibrary.preview_errors import empty_error_stage, terminal_report, write_error_page
from iplibrary.search_index import search_body_html, search_wanted
from iplibrary.staging import name_sources
from iplibrary.urls import published_url


log = get_plugin_logger(__name__)

BEFORE_I18N = 100  # i18n's on_config runs at -100 and must see the staged docs_dir
AFTER_I18N = -200  # i18n builds the other languages inside its own on_post_build (-100)
# the furniture every resource page repeats (breadcrumbs, chips, notices, related...) is added
# around the page's own text, after the other plugins' on_page_context (0) saw the text alone;
# only the text is marked for the search index (README: Search)
AFTER_TEXT = -50
BEFORE_OTHERS = 100  # the page's HTML is whole again before any other handler reads it

_state: BuildState | None = None  # reset at the start of every top-level build
_preview_errors: tuple[list[str], Path] | None = None  # a preview's content errors and its docs/; reset likewise
_command = "build"  # the mkdocs command of this process (on_startup)


class _SourceNames(logging.Filter):
    """MkDocs' link warnings name staged files ('guides/x.md'); editors know their own."""

    def filter(self, record):
        if _state is not None:
            record.msg, record.args = name_sources(record.getMessage(), _state.source_names), ()
        return True


logging.getLogger("mkdocs.structure.pages").addFilter(_SourceNames())


def _i18n(config):
    return config.plugins.get("i18n")


def _top_level(config) -> bool:
    i18n = _i18n(config)
    return i18n is None or not i18n.building


def on_startup(command, dirty):
    global _command
    _command = command
    speedups.install()  # markdown converted once, faster i18n alternates, same output (README: Performance)


def on_env(env, config, files):
    return speedups.faster_templates(env)  # compile the theme once, not once per language; the navigation once per set of links


def _preview_language(config) -> str | None:
    """The one language of a preview (LIBRARY_ONLY_LANG), or None in a full build."""
    i18n = _i18n(config)
    return (i18n.config.build_only_locale or None) if i18n else None


def _wants_pdfs(config) -> bool:
    one_language = _preview_language(config) is not None
    return pdfs_wanted(os.environ.get(PDFS_SETTING), one_language, serving=_command == "serve")


def _wants_search(config) -> bool:
    return search_wanted(one_language=_preview_language(config) is not None)


@event_priority(BEFORE_I18N)
def on_config(config):
    global _state, _preview_errors
    if not _top_level(config):
        return config
    speedups.start_build()
    root = Path(config.config_file_path).parent
    _preview_errors = None
    docs_dir = Path(config.docs_dir)
    if _state is not None and docs_dir == _state.stage_dir:  # config reused by a second build
        docs_dir = _state.source_docs_dir
    try:
        _state = prepare_build(root, source_docs_dir=docs_dir, site_url=config.site_url, pdfs=_wants_pdfs(config),
                               progress=lambda done, total: log.info(f"PDFs: {done}/{total} rendered"),
                               languages=staged_languages(_preview_language(config)))
    except (LibraryInvalid, BuildFailed) as exc:
        report = exc.report() if isinstance(exc, LibraryInvalid) else str(exc)
        if _command != "serve":
            raise PluginError(report) from None
        errors = [str(e) for e in exc.errors] if isinstance(exc, LibraryInvalid) else [str(exc)]
        return _show_errors_in_preview(config, root, errors, docs_dir)
    log.info(f"library: {len(_state.library.resources)} resources, {_state.written} staged files written")
    loaded = speedups.load_conversions(root)  # the last build's markdown conversions (README: Performance)
    if loaded:
        log.info(f"markdown: {loaded} conversions of the last build loaded from {speedups.CONVERSIONS_FILE}")
    for note in _state.library.notes:
        log.info(f"note: {note}")  # not a warning: --strict would fail the build on it
    log.info(f"downloads: {_state.downloads.summary()}" if _state.downloads else
             f"downloads: skipped (a preview, or {PDFS_SETTING}=0; {PDFS_SETTING}=1 makes them)")
    if not _wants_search(config):
        log.info("search: skipped (a preview): no search index")
    config.docs_dir = str(_state.stage_dir)
    return config


def _show_errors_in_preview(config, root: Path, errors: list[str], source_docs_dir: Path):
    """mkdocs serve would hold every request until a good build: build nothing instead, and
    answer every URL with the errors (on_post_build writes the page)."""
    global _state, _preview_errors
    _state = None
    _preview_errors = (errors, source_docs_dir)
    config.docs_dir = str(empty_error_stage(root))
    config.nav = []
    return config


def _lang(config) -> str:
    i18n = _i18n(config)
    return i18n.current_language if i18n else "en"


def on_page_markdown(markdown, page, config, files):
    if _state is None:
        return markdown
    markdown = render_blocks(markdown, _state.library, _lang(config), page.file.src_uri)
    return speedups.set_aside_raw_html(page, markdown)  # generated lists skip the markdown parsers (README: Performance)


@event_priority(BEFORE_OTHERS)
def on_page_content(html, page, config, files):
    return speedups.put_back_raw_html(page, html)


def _fallback_of(page, config) -> str | None:
    """The English URL of a page (not a resource's) that the i18n plugin built in the
    reader's language from its English text; None for any other page."""
    if page.meta.get("resource") or getattr(page.file, "locale", "en") == _lang(config):
        return None
    return _state.english_url(page.file.src_uri)


def _searchable(html: str, page, config) -> str:
    """The page's own text, marked for the search index unless it is a generated list
    (front matter `search: exclude`) or the build makes no index (a preview)."""
    if not _wants_search(config) or (page.meta.get("search") or {}).get("exclude"):
        return html
    resource_id = page.meta.get("resource")
    return search_body_html(html, _state.library.get(resource_id) if resource_id else None, _lang(config))


def _dressed(html: str, page, config, fallback_of: str | None) -> str:
    """The page's HTML with its furniture: a resource's, or a fallback copy's notice."""
    resource_id = page.meta.get("resource")
    if not resource_id:
        if fallback_of is not None:
            return fallback_page_html(_lang(config), fallback_of, _state.page_languages[fallback_of], html)
        return html
    return resource_page_html(_state.library, _state.library.get(resource_id), _lang(config), html, _state.related[resource_id],
                              site_url=config.site_url or "", download_link=_state.download_link(resource_id, _lang(config)),
                              helpdesk_email=_state.helpdesk_email)


@event_priority(AFTER_TEXT)
def on_page_context(context, page, config, nav):
    resource_id = page.meta.get("resource")
    text_html = page.content  # the text alone, for its structured data
    fallback_of = _fallback_of(page, config) if _state is not None else None
    preview = _preview_language(config) is not None
    context["library_search_box"] = search_box_html(_lang(config), page.url, preview=preview)  # overrides/partials/header.html
    if _state is not None:
        page.content = _dressed(_searchable(text_html, page, config), page, config, fallback_of)
        if page.is_homepage:
            page.content = page.content.replace("</h1>", "</h1>" + search_box_html(_lang(config), page.url, home=True, preview=preview), 1)
    if _state is not None and config.site_url:
        if resource_id:
            page.canonical_url = _state.canonical_url(resource_id, _lang(config), config.site_url)
        elif fallback_of is not None:
            page.canonical_url = config.site_url.rstrip("/") + "/" + fallback_of  # a fallback copy is the English page
        elif preview:  # served at the root while previewing: canonically at its published URL
            page.canonical_url = config.site_url.rstrip("/") + "/" + published_url(page.url, _lang(config), preview=True)
    # a page title is HTML (staging.front_matter): the head wants its text
    info = PageInfo(lang=_lang(config), title=unescape(page.title or "") or config.site_name, site_name=config.site_name,
                    description=page.meta.get("description") or config.site_description or "",
                    canonical_url=page.canonical_url or "", site_url=config.site_url or "", is_home=page.is_homepage)
    page.meta["description"] = escape(info.description)  # Material prints it into an attribute unescaped
    context["library_head"] = page_head(info, _state.library if _state else None, resource_id, text_html if resource_id else "")
    if page.meta.get("term_feed") and config.site_url:  # a term page's own feed (iplibrary.feeds)
        context["library_head"] += feed_link_html(unescape(page.title or ""), config.site_url.rstrip("/") + "/" + page.url + page.meta["term_feed"])
    return context


def on_serve(server, config, builder):
    return speedups.faster_watching(server)  # a save seen at once, not at the next 0.5 s poll (README: Performance)


def on_post_page(output, page, config):
    speedups.release_page_text(page)  # written: i18n would keep its texts to the end (README: Performance)
    return fix_material_html(output)


@event_priority(AFTER_I18N)
def on_post_build(config):
    if not _top_level(config):
        return
    if _preview_errors is not None:
        errors, source_docs_dir = _preview_errors
        write_error_page(Path(config.site_dir), errors)
        # logged last, below the empty build's own messages, where the terminal shows it
        log.error(terminal_report(errors))
        config.docs_dir = str(source_docs_dir)  # watch the real docs/, not the empty stage
        return
    if _state is None:
        return
    log.info(speedups.conversions_summary())
    if _command != "serve":  # a server keeps them in memory
        speedups.save_conversions(_state.root)
    i18n = _i18n(config)
    languages = i18n.build_languages if i18n else ["en"]
    try:
        report = finish_build(_state, Path(config.site_dir), config.site_url or "", languages, search=_wants_search(config))
    except BuildFailed as exc:
        raise PluginError(str(exc)) from None
    if report is not None:
        log.info(f"search: {report.summary()}")
    # hand `mkdocs serve` back the real docs/ to watch, not the stage
    config.docs_dir = str(_state.source_docs_dir)
