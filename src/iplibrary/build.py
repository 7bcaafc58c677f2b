"""One build's state: the validated library and the staged docs tree it was turned into."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iplibrary.cross_index import Related, inbound_related, related_resources
from iplibrary.freshness import build_day
from iplibrary.hub import hub_files
from iplibrary.library import load_library
from iplibrary.listings import collection_files
from iplibrary.term_pages import term_files
from iplibrary.model import Library
from iplibrary.settings import helpdesk_details
from iplibrary.staging import resource_files, static_files, write_stage
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

    def canonical_url(self, resource_id: str, lang: str, site_url: str) -> str:
        """A fallback copy is canonically the English page; a translation is itself."""
        return self.library.get(resource_id).canonical_url(lang, site_url)


def stage_files(root: Path, library: Library, today: date | None = None) -> dict[str, bytes | str]:
    """Every file MkDocs builds from: docs/, resources, and generated pages in every
    language. A generator of pages adds its `*_files(library)` mapping here."""
    files: dict[str, bytes | str] = {}
    details = helpdesk_details(root)
    files.update(static_files(root, library, details))
    files.update(resource_files(library, details))
    today = today or build_day()  # fresh resources are badged; LIBRARY_TODAY overrides
    files.update(collection_files(library, today))
    files.update(whats_new_files(library, today))
    files.update(term_files(library))
    files.update(hub_files(library))
    return files


def prepare_build(root: Path, source_docs_dir: Path | None = None) -> BuildState:
    """Validate the library under `root` and stage it; raises LibraryInvalid."""
    library = load_library(root)
    stage_dir = root / STAGE_DIR
    files = stage_files(root, library)
    written = write_stage(stage_dir, files)
    inbound = inbound_related(library)
    related = {rid: related_resources(library, resource, inbound) for rid, resource in library.resources.items()}
    return BuildState(root=root, source_docs_dir=source_docs_dir or root / "docs",
                      stage_dir=stage_dir, library=library, written=written, related=related,
                      staged_paths=sorted(files))


def finish_build(state: BuildState, site_dir: Path, site_url: str, languages: list[str]) -> None:
    """Everything written into the site after all languages are built (and so never
    seen by MkDocs): per-language search indexes, and later feeds, downloads, redirects,
    the catalogue. Called once per build by the hook; raises on failure."""
    from iplibrary.feeds import write_feeds
    from iplibrary.search_index import split_search_index
    from iplibrary.sitemaps import write_sitemaps
    from iplibrary.settings import site_names

    split_search_index(site_dir, languages, jieba_available=_jieba_available())
    if site_url:
        write_sitemaps(site_dir, site_url, state.staged_paths, languages)
    write_feeds(state.library, site_dir, site_url, languages, site_names(state.root))


def _jieba_available() -> bool:
    try:
        import jieba  # noqa: F401
    except ImportError:
        return False
    return True
