"""Links between resources: the one home of the `id:` link and of plain file links.

Editors link a resource in two ways, both meaning "that resource's page, in the
reader's language":
- by id, `[text](id:trade-marks-guide#fees)` (a former id in `aliases` works too);
- by the relative path of its source file, as MkDocs, VS Code and GitHub expect:
  `[text](../faq/registration/first-to-file.md#why)`, or of one of its translations.

The loader turns both into the canonical form, `id:<current id>`, once
(`normalise_links`), reporting unknown targets as content errors and former ids as
notes; every view then substitutes URLs of its own (`substitute_id_links`): relative
staged files for MkDocs, absolute addresses for PDFs and the e-bulletin. Plain Python:
knows nothing of MkDocs, reads and writes no file.
"""

import posixpath
import re
from urllib.parse import unquote
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from iplibrary.errors import ContentError
from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.urls import path_language

# `[text](id:some-resource#anchor)`: link to a resource by id, not by file path
ID_LINK = re.compile(r'\]\(id:([^)#\s]*)(#[^)\s]*)?(\s+"[^"]*")?\)')
# `[text](../faq/x.md#a "title")`: a relative link to a markdown file (no scheme, not absolute)
PATH_LINK = re.compile(r'\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/#])([^)\s#]*\.md)(#[^)\s]*)?(\s+"[^"]*")?\)')
STATIC_FOLDER = "docs/"  # static pages; generated pages are staged beside them
ID_FORM_HINT = "link a resource by its id: [text](id:<resource-id>)"


@dataclass(frozen=True)
class LinkIndex:
    """What a link may point at: current ids, former ids, and content and page files."""

    current: dict[str, str]  # id or former id -> current id
    files: dict[str, str]  # content file path from the project root ('faq/x.md', 'faq/x.fr.md') -> id
    pages: frozenset[str] = frozenset()  # static pages, from the project root ('docs/training.md')

    @classmethod
    def build(cls, ids_and_aliases: Iterable[tuple[str, Iterable[str]]], files: dict[str, str],
              pages: Iterable[str] = ()) -> "LinkIndex":
        current: dict[str, str] = {}
        for resource_id, aliases in ids_and_aliases:
            for alias in aliases:
                current.setdefault(alias, resource_id)
            current[resource_id] = resource_id
        return cls(current=current, files=files, pages=frozenset(pages))

    def resolve(self, name: str) -> str | None:
        """The current id of a resource named by its id or a former id, or None."""
        return self.current.get(name)


@dataclass(frozen=True)
class Normalised:
    text: str
    errors: list[ContentError]
    notes: list[ContentError]  # former ids still in use: fine, worth updating at leisure


def normalise_links(path: str, text: str, first_line: int, index: LinkIndex, *, field: str = "body") -> Normalised:
    """`text` of the file at `path` (from the project root) with every link to a resource
    in the form `id:<current id>`. A link to a static page stays as written where the file
    is itself a static page (MkDocs checks those)."""
    errors: list[ContentError] = []
    notes: list[ContentError] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "](" not in line:
            continue
        where = first_line + number

        def by_id(match):
            name = match.group(1)
            target = index.resolve(name)
            if target is None:
                errors.append(ContentError(path, where, field, f"link to unknown resource id 'id:{name}'"))
                return match.group(0)
            if target != name:
                notes.append(ContentError(path, where, field, f"'id:{name}' is a former id of '{target}': link id:{target}"))
            return f"](id:{target}{match.group(2) or ''}{match.group(3) or ''})"

        def by_path(match):
            written, anchor, title = match.group(1), match.group(2) or "", match.group(3) or ""
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(written)))
            target = index.files.get(resolved) or index.files.get(_source_of(resolved))
            if target is not None:
                return f"](id:{target}{anchor}{title})"
            if path in index.pages and resolved.startswith(STATIC_FOLDER):
                return match.group(0)  # a static page to another or a generated one: MkDocs resolves and checks it
            if resolved in index.pages:
                errors.append(ContentError(path, where, field, f"link '{written}' points at a static page: "
                                           "a resource text can only link resources (by id)"))
                return match.group(0)
            errors.append(ContentError(path, where, field, f"link '{written}' points at no content file "
                                       f"({resolved} does not exist); {_suggestion(resolved, index)}"))
            return match.group(0)

        line = ID_LINK.sub(by_id, line)
        lines[number] = PATH_LINK.sub(by_path, line)
    return Normalised("\n".join(lines), errors, notes)


def _source_of(path: str) -> str:
    """'faq/a.fr.md' -> 'faq/a.md': a translation file not written yet still names its resource."""
    return path[: -len(f".{path_language(path)}.md")] + ".md" if path_language(path) != DEFAULT_LANGUAGE else path


def _suggestion(resolved: str, index: LinkIndex) -> str:
    """Propose the id of a content file of the same name, else the id form in general."""
    name = posixpath.basename(resolved)
    same_name = sorted({rid for file, rid in index.files.items() if posixpath.basename(file) == name})
    if len(same_name) == 1:
        return f"did you mean [text](id:{same_name[0]})?"
    return ID_FORM_HINT


def substitute_id_links(text: str, url_for: Callable[[str, str], str]) -> str:
    """Each `](id:x#a "title")` becomes `](url "title")`, with url_for(current id, '#a' or '').

    Only for normalised text, whose every id is current (`normalise_links`)."""
    return ID_LINK.sub(lambda match: f"]({url_for(match.group(1), match.group(2) or '')}{match.group(3) or ''})", text)
