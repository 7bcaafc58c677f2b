"""The site's addresses: the one home of how a page, a download and a link between two
pages are written, and of how a file's name carries its language.

Every URL here is site-relative, without a leading slash ('fr/faq/x/'); a page's URL is
a directory URL. Three kinds of name meet in the build:
- a staged file ('faq/x.fr.md'): the English file's name with `.<lang>` before `.md`;
- a page URL ('fr/faq/x/'): the language's prefix, then the English page's URL;
- a download ('downloads/fr/x.pdf').
Plain Python: knows nothing of MkDocs, reads and writes no file.
"""

import posixpath
from functools import lru_cache

from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES

ENQUIRY_PAGE = "enquiry/"  # the enquiry service page, relative to a language root
DOWNLOADS_DIR = "downloads"  # every PDF and zip bundle, by language, and the downloads page
CHANGES_DIR = "editors/translations"  # what changed in outdated translations: transient pages, never registered


# --- the language of a name -------------------------------------------------------------

def url_prefix(lang: str) -> str:
    """The path prefix of a language: '' for English, 'fr/' for French."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def name_suffix(path: str) -> str | None:
    """What stands where a language's code would: 'about.fr.md' -> 'fr', 'about.xx.md' ->
    'xx'; None for 'about.md' and for anything not markdown."""
    if not path.endswith(".md"):
        return None
    stem, _, suffix = path[: -len(".md")].rpartition(".")
    return suffix if stem else None


def _language_suffix(path: str) -> tuple[str, str | None]:
    """('about', 'fr') for 'about.fr.md'; (path, None) where the name carries no language."""
    code = name_suffix(path)
    return (path[: -len(f".{code}.md")], code) if code in LANGUAGES else (path, None)


def path_language(path: str) -> str:
    """The language of a staged or docs/ file by its name: 'about.fr.md' is French,
    'about.md' and anything not markdown English."""
    return _language_suffix(path)[1] or DEFAULT_LANGUAGE


def english_path(path: str) -> str:
    """The English file a language's file stands beside: 'about.fr.md' -> 'about.md'."""
    stem, code = _language_suffix(path)
    return f"{stem}.md" if code else path


def language_file(path: str, lang: str) -> str:
    """The name of `path` in `lang`: 'faq/x.md' -> 'faq/x.fr.md'; English keeps the name."""
    if lang == DEFAULT_LANGUAGE:
        return path
    stem, _, extension = path.rpartition(".")
    return f"{stem}.{lang}.{extension}"


# --- pages and downloads ----------------------------------------------------------------

def page_url(src_uri: str) -> str:
    """Site-relative URL of a staged English page: 'faq/x.md' -> 'faq/x/', 'index.md' -> ''."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def downloads_page_url(lang: str) -> str:
    """The downloads page in `lang`: 'fr/downloads/'."""
    return f"{url_prefix(lang)}{DOWNLOADS_DIR}/"


def resource_pdf_path(resource_id: str, lang: str) -> str:
    return f"{DOWNLOADS_DIR}/{lang}/{resource_id}.pdf"


def bundle_path(name: str, lang: str) -> str:
    """A zip bundle: 'downloads/fr/faq.fr.zip'."""
    return f"{DOWNLOADS_DIR}/{lang}/{name}.{lang}.zip"


def book_pdf_path(book, lang: str) -> str:
    """A handbook's PDF; `book` is a downloads.print_document.Book (its `name`)."""
    # the dot keeps it apart from every resource id (ids are a-z, 0-9 and hyphens)
    return f"{DOWNLOADS_DIR}/{lang}/{book.name}.{lang}.pdf"


# --- links from one page to another -----------------------------------------------------

def relative_root(page_url: str) -> str:
    """'../../' from 'fr/faq/x/' back to the site root."""
    depth = len([part for part in page_url.split("/") if part])
    return "../" * depth if depth else "./"


def link_in_language(from_url: str, to_url: str, lang: str) -> str:
    """Link between two pages of one language, both site-relative with its prefix
    ('fr/faq/x/' to 'fr/library/' is '../../library/'): it climbs to the language's root,
    not the site's, so it also works where the language is served at the root (a
    one-language preview)."""
    prefix = url_prefix(lang)
    return relative_root(from_url.removeprefix(prefix)) + to_url.removeprefix(prefix)


def served_path(url: str, lang: str, *, preview: bool) -> str:
    """Where a file of `lang` at site-relative `url` ('fr/feed.xml') is written into the
    site: there, or at the root in a one-language preview, which serves its language
    there ('feed.xml'), as MkDocs writes its pages."""
    return url.removeprefix(url_prefix(lang)) if preview else url


def published_url(url: str, lang: str, *, preview: bool) -> str:
    """The site-relative URL a page served at `url` has once published: the inverse of
    `served_path` ('faq/' of a French preview is 'fr/faq/')."""
    return url_prefix(lang) + url if preview else url


def relative_link(from_url: str, to_url: str) -> str:
    """Link from the page at site-relative `from_url` to `to_url` ('../../faq/new/')."""
    root = relative_root(from_url)
    return (to_url or root) if root == "./" else root + to_url


@lru_cache(maxsize=None)  # the same links recur in every language
def relative_url(target_url: str, from_url: str) -> str:
    """The link from one page to another, both site-relative directory URLs of the same
    language ('faq/' to 'faq/x/' is 'x/'), as MkDocs writes a resolved `.md` link. Every
    language's copy of a page sits at the same depth under its prefix, so the link
    computed from the English URLs is right in every language."""
    rel = posixpath.relpath(target_url or ".", from_url or ".")
    return "./" if rel == "." else rel + "/"


def relative_file_link(target_uri: str, from_uri: str) -> str:
    """A markdown link from one staged file to another ('../faq/x.md'), which MkDocs
    resolves to the page and checks."""
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")
