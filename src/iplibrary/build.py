"""One build's state: the validated library and the staged docs tree it was turned into."""

from dataclasses import dataclass
from pathlib import Path

from iplibrary.library import load_library
from iplibrary.listings import collection_files
from iplibrary.model import FALLBACK, Library
from iplibrary.settings import helpdesk_details
from iplibrary.staging import resource_files, static_files, write_stage

STAGE_DIR = ".cache/stage"  # relative to the project root; git-ignored


@dataclass
class BuildState:
    root: Path
    source_docs_dir: Path
    stage_dir: Path
    library: Library
    written: int

    def canonical_url(self, resource_id: str, lang: str, site_url: str) -> str:
        """A fallback copy is canonically the English page; a translation is itself."""
        resource = self.library.get(resource_id)
        canonical_lang = "en" if resource.state(lang) == FALLBACK else lang
        return site_url.rstrip("/") + "/" + resource.url(canonical_lang)


def stage_files(root: Path, library: Library) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    details = helpdesk_details(root)
    files.update(static_files(root, library, details))
    files.update(resource_files(library, details))
    files.update(collection_files(library))
    return files


def prepare_build(root: Path, source_docs_dir: Path | None = None) -> BuildState:
    """Validate the library under `root` and stage it; raises LibraryInvalid."""
    library = load_library(root)
    stage_dir = root / STAGE_DIR
    written = write_stage(stage_dir, stage_files(root, library))
    return BuildState(root=root, source_docs_dir=source_docs_dir or root / "docs",
                      stage_dir=stage_dir, library=library, written=written)
