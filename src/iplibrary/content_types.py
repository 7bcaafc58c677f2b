"""Resource types: which folder holds them and which URL collection they live under.

The folder gives a resource its type; the collection is the first segment of its URL.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentType:
    name: str  # the value of `type` in front matter and in the catalogue
    folder: str  # source folder, relative to the project root
    collection: str  # first URL segment


CONTENT_TYPES: tuple[ContentType, ...] = (
    ContentType("factsheet", "factsheets", "factsheets"),
    ContentType("ip-guide", "guides/ip", "guides"),
    ContentType("horizontal", "guides/horizontal", "guides"),
    ContentType("how-to", "guides/how-to", "guides"),
    ContentType("sector", "guides/sector", "guides"),
    ContentType("case-study", "case_studies", "case-studies"),
    ContentType("faq", "faq", "faq"),
)

TYPES_BY_NAME: dict[str, ContentType] = {t.name: t for t in CONTENT_TYPES}
COLLECTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.collection for t in CONTENT_TYPES))
SOURCE_FOLDERS: tuple[str, ...] = tuple(t.folder for t in CONTENT_TYPES)


def type_for_path(rel_path: str) -> ContentType | None:
    """The type of a source file from its path relative to the project root.

    The longest matching folder wins, so `guides/ip/x.md` is an ip-guide; subfolders
    inside a collection folder mean nothing.
    """
    parts = rel_path.replace("\\", "/").split("/")
    best = None
    for ctype in CONTENT_TYPES:
        folder_parts = ctype.folder.split("/")
        if parts[: len(folder_parts)] == folder_parts and len(parts) > len(folder_parts):
            if best is None or len(folder_parts) > len(best.folder.split("/")):
                best = ctype
    return best
