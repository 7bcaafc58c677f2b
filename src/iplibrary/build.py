"""One build's state: the validated library and the staged docs tree it was turned into."""

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from pathlib import Path

from iplibrary.cross_index import Related, RelatedIndex, inbound_related, related_resources
from iplibrary.downloads.downloads import Downloads, build_downloads, download_link_html, downloads_page_files, publish_downloads
from iplibrary.freshness import build_day
from iplibrary.finder import finder_files
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES, one_language
from iplibrary.library import load_library
from iplibrary.sitemaps import real_languages
from iplibrary.urls import english_path, page_url, path_language
from iplibrary.listings import collection_files
from iplibrary.term_pages import term_files
from iplibrary.translation_kit.changes import changes_page_files, changes_page_keys
from iplibrary.translation_status import status_page_files
from iplibrary.model import Library
from iplibrary.search_index import IndexReport, index_site
from iplibrary.settings import helpdesk_details, helpdesk_settings
from iplibrary.staging import resource_files, source_names, static_files, write_stage
from iplibrary.whats_new import whats_new_files

STAGE_DIR = ".cache/stage"  # relative to the project root; git-ignored


@dataclass
class BuildState:
    root: Path
    source_docs_dir: Path
    stage_dir: Path
    library: Library
    written: int
    related: dict[str, Related]  # resource id -> its related resources, computed once
    staged_paths: list[str]  # every file of the stage, relative to it
    downloads: Downloads | None = None  # PDFs and bundles; None in previews (see downloads.pdfs_wanted)
    helpdesk_email: str = ""  # mkdocs.yml extra.helpdesk.email: "Ask about this" on resource pages

    @cached_property
    def page_languages(self) -> dict[str, list[str]]:
        """English page URL -> languages it has a real text in (from the staged files)."""
        return real_languages(self.staged_paths)

    @cached_property
    def source_names(self) -> dict[str, str]:
        """Staged path -> the editor's file, to name it in MkDocs' messages."""
        pages = self.library.links.pages if self.library.links is not None else ()
        return source_names(self.library, [page.removeprefix("docs/") for page in pages])

    def english_url(self, src_uri: str) -> str | None:
        """The language-free URL of a staged page ('about.fr.md' -> 'about/'), if staged."""
        url = page_url(english_path(src_uri))
        return url if url in self.page_languages else None

    def download_link(self, resource_id: str, lang: str) -> str:
        return download_link_html(self.library.get(resource_id), lang, self.downloads)

    def canonical_url(self, resource_id: str, lang: str, site_url: str) -> str:
        """A fallback copy is canonically the English page; a translation is itself."""
        return self.library.get(resource_id).canonical_url(lang, site_url)


def stage_files(root: Path, library: Library, today: date | None = None,
                downloads: Downloads | None = None, languages: Collection[str] = LANGUAGES) -> dict[str, bytes | str]:
    """Every file MkDocs builds from: docs/, resources, and generated pages in `languages`
    (a preview's: see languages.staged_languages). A generator of pages adds its
    `*_files(library, languages)` mapping here."""
    files: dict[str, bytes | str] = {}
    details = helpdesk_settings(root)  # filled in per language by staging
    files.update(static_files(root, library, details, languages))
    files.update(resource_files(library, details, languages))
    today = today or build_day()  # fresh resources are badged; LIBRARY_TODAY overrides
    files.update(collection_files(library, today, languages))
    files.update(whats_new_files(library, today, languages))
    files.update(term_files(library, languages))
    files.update(finder_files(library, languages, downloads))
    changes = changes_page_files(root, library)  # what changed in the English of outdated translations
    files.update(changes)
    files.update(status_page_files(library, {key: page_url(uri) for key, uri in changes_page_keys(library).items()}))
    files.update(downloads_page_files(library, downloads, languages))
    return preview_files(files, languages)


def preview_files(files: dict[str, bytes | str], languages: Collection[str]) -> dict[str, bytes | str]:
    """In a preview of one language other than English, a page's English file is left out
    where its translation exists. The i18n plugin's build_only_locale makes the previewed
    language the default, so `about.md` counts as that language too, and of `about.fr.md`
    and `about.md` the one listed last (the English one) would win: a French preview
    would show English text."""
    previewed = [lang for lang in languages if lang != DEFAULT_LANGUAGE]
    if len(previewed) != 1 or len(languages) != 2:
        return files
    translated = {english_path(path) for path in files if path_language(path) == previewed[0]}
    return {path: content for path, content in files.items() if path not in translated}


def prepare_build(root: Path, source_docs_dir: Path | None = None, *, site_url: str | None = None,
                  pdfs: bool = False, progress=None, languages: Collection[str] = LANGUAGES) -> BuildState:
    """Validate the library under `root` and stage its pages in `languages`; raises
    LibraryInvalid. With `pdfs`, render the downloads first (BuildFailed on failure): the
    downloads page lists their sizes and page counts, so they exist before MkDocs renders
    any page."""
    library = load_library(root)
    stage_dir = root / STAGE_DIR
    downloads = build_downloads(root, library, site_url, progress=progress) if pdfs else None
    files = stage_files(root, library, downloads=downloads, languages=languages)
    written = write_stage(stage_dir, files)
    inbound = inbound_related(library)
    index = RelatedIndex(library)
    related = {rid: related_resources(library, resource, inbound, index) for rid, resource in library.resources.items()}
    return BuildState(root=root, source_docs_dir=source_docs_dir or root / "docs",
                      stage_dir=stage_dir, library=library, written=written, related=related,
                      staged_paths=sorted(files), downloads=downloads,
                      helpdesk_email=helpdesk_details(root).get("email", ""))


def finish_build(state: BuildState, site_dir: Path, site_url: str, languages: list[str], *,
                 search: bool = True) -> IndexReport | None:
    """Everything written into the site after all languages are built (and so never
    seen by MkDocs): downloads, sitemaps, feeds, redirects, the catalogue, and last the
    search index of every page (`search`; previews make none), which the report tells
    about. Called once per build by the hook; raises on failure."""
    from iplibrary.catalogue import write_catalogue
    from iplibrary.feeds import write_feeds
    from iplibrary.redirect_pages import write_redirects
    from iplibrary.sitemaps import write_sitemaps
    from iplibrary.settings import site_names
    from iplibrary.url_registry import check_registered_urls

    if state.downloads is not None:
        publish_downloads(state.downloads, site_dir)
    preview = one_language(languages)  # its language sits at the site root
    if site_url:
        write_sitemaps(site_dir, site_url, state.staged_paths, languages, preview=preview)
    write_feeds(state.library, site_dir, site_url, languages, site_names(state.root), preview=preview)
    if not preview:
        write_redirects(site_dir, state.library, site_url, languages)
        write_catalogue(site_dir, state.library, site_url, languages)
        # keep last: it checks what everything above wrote (PDFs only if this build rendered them)
        check_registered_urls(state.root, site_dir, unrendered=() if state.downloads is not None else ("/downloads/",))
    return index_site(site_dir, languages) if search else None  # reads every page written above

