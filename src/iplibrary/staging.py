"""The staged docs tree that MkDocs builds: static pages, resources named by id, and
generated pages, each language as a `name.<lang>.md` file beside its English one.

Staging is what makes generated pages ordinary files to mkdocs-static-i18n: a virtual
page (`File.generated`) crashes its file handling, or added after it is neither
localised nor given alternates (README: How the build works). The stage lives outside
the source folders; only files whose bytes changed are rewritten, stale ones are removed.
"""

import json
import re
import shutil
from html import escape
from collections.abc import Collection
from pathlib import Path

from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import language_file, path_language, relative_file_link
from iplibrary.id_links import normalise_links, substitute_id_links
from iplibrary.model import Library, Resource
from iplibrary.settings import fill_placeholders

STAGE_NOTE = "DO NOT EDIT: generated from the content folders on every build.\n"
# front matter of a generated index-like page (listings, term pages, the finder...): the page
# gets no search body (hooks/library.py), so Pagefind leaves it out; it only repeats titles and
# summaries of resources, indexed on their own pages
SEARCH_EXCLUDED = {"search": {"exclude": True}}


def resource_src_uri(resource: Resource, lang: str = DEFAULT_LANGUAGE) -> str:
    """Path of a resource's staged file, e.g. 'faq/x.md' or 'faq/x.fr.md'."""
    return language_file(f"{resource.collection}/{resource.id}.md", lang)


def rewrite_id_links(markdown: str, from_uri: str, library: Library) -> str:
    """Turn `(id:x#a)` links into relative links to x's staged file, which MkDocs checks."""
    def staged(resource_id: str, anchor: str) -> str:
        return relative_file_link(resource_src_uri(library.get(resource_id)), from_uri) + anchor

    return substitute_id_links(markdown, staged)


def source_names(library: Library, docs_pages: Collection[str] = ()) -> dict[str, str]:
    """Staged path -> the editor's file it comes from ('faq/x.fr.md' -> 'faq/registration/x.fr.md');
    `docs_pages` are staged paths of docs/ pages."""
    names = {f"{page}": f"docs/{page}" for page in docs_pages}
    for resource in library.resources.values():
        names[resource_src_uri(resource)] = resource.path
        names.update({resource_src_uri(resource, lang): t.path for lang, t in resource.translations.items()})
    return names


STAGED_NAME = re.compile(r"'([^'\s]+\.md)'")


def name_sources(message: str, names: dict[str, str]) -> str:
    """A MkDocs message about staged files, naming the editors' files instead:
    "Doc file 'guides/x.md' contains…" -> "Doc file 'guides/ip/patents.md' contains…"."""
    return STAGED_NAME.sub(lambda match: f"'{names.get(match.group(1), match.group(1))}'", message)


def front_matter(values: dict) -> str:
    """A staged page's front matter. Its `title` is written as HTML, as MkDocs and the theme
    take a page title (from a heading, entities and all) and print it unescaped in
    <title>, the header, the navigation and the search index; any other value is text.
    JSON is valid YAML and quotes every string safely."""
    values = {**values, "title": escape(values["title"], quote=False)} if "title" in values else values
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def resource_files(library: Library, details: dict[str, str] | None = None,
                   languages: Collection[str] = LANGUAGES) -> dict[str, str]:
    """Staged path -> markdown of every resource and its translations into `languages`."""
    files = {}
    for resource in library.resources.values():
        uri = resource_src_uri(resource)
        files[uri] = front_matter({"title": resource.title, "description": resource.summary, "resource": resource.id}) + \
            rewrite_id_links(fill_placeholders(resource.body, details or {}, DEFAULT_LANGUAGE), uri, library)
        for lang, translation in resource.translations.items():
            if lang not in languages:
                continue
            t_uri = resource_src_uri(resource, lang)
            files[t_uri] = front_matter({"title": translation.title, "description": translation.summary, "resource": resource.id}) + \
                rewrite_id_links(fill_placeholders(translation.body, details or {}, lang), t_uri, library)
    return files


def static_files(root: Path, library: Library, details: dict[str, str] | None = None,
                 languages: Collection[str] = LANGUAGES) -> dict[str, bytes | str]:
    """docs/ copied as it is (its pages in `languages`), with `id:` links rewritten in markdown pages."""
    docs = root / "docs"
    files: dict[str, bytes | str] = {}
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if path.is_dir():
            continue
        rel = path.relative_to(docs).as_posix()
        if path_language(rel) not in languages:
            continue
        if path.suffix == ".md":
            text = fill_placeholders(path.read_text(encoding="utf-8-sig"), details or {}, path_language(rel))
            if library.links is not None:  # links by file to resources become id: links (checked by the loader)
                text = normalise_links(f"docs/{rel}", text, 1, library.links).text
            files[rel] = rewrite_id_links(text, rel, library)
        else:
            files[rel] = path.read_bytes()
    return files


def write_stage(stage_dir: Path, files: dict[str, bytes | str]) -> int:
    """Make `stage_dir` hold exactly `files`; return how many files were (re)written."""
    stage_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = stage_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written += 1
    wanted = {stage_dir / rel for rel in files}
    for path in sorted(stage_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and path.name != "README.txt":
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    (stage_dir / "README.txt").write_text(STAGE_NOTE, encoding="utf-8")
    return written


def clear_stage(stage_dir: Path) -> None:
    shutil.rmtree(stage_dir, ignore_errors=True)
