"""Search by Pagefind: what each page offers the index, and the index itself.

Pagefind reads the built site after every language is written (`index_site`, called by
`iplibrary.build.finish_build`) and makes one index per language from each page's
`<html lang>`, in /pagefind/. Only the text inside a `data-pagefind-body` element is
indexed (`search_body_html`): a resource's own text, title and summary, or a static
page's text; never the furniture every resource page repeats (breadcrumbs, chips,
notices, related resources, download box: added outside it) nor the generated lists
(term pages, listings, the finder: they carry no body and so are not indexed at all).

The finder needs the library's resource id of each result: Pagefind names a page by a
hash of its fragment, so after indexing `write_result_ids` writes, per language, each
resource's fragment hash in the order of the resource ids (/pagefind/ids.<lang>.json,
`encode_result_ids`), read once with the first query instead of one fragment per
result. The finder page lists the same ids in the same order: a string of hashes is
2.8 KB gzipped at 600 resources, where a map from hash to id was 5.3 KB.

Knows nothing of MkDocs.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import sys
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from iplibrary.cross_index import terms_of
from iplibrary.errors import BuildFailed
from iplibrary.facets import FACET_ORDER
from iplibrary.model import FALLBACK, Resource

PAGEFIND_DIR = "pagefind"  # the bundle's folder in the site
IDS_FILE = "ids.{lang}.json"  # in PAGEFIND_DIR: fragment name -> resource id, one per language
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # what a decompressed fragment starts with (Pagefind 1.x)
TITLE_WEIGHT = 7  # a word of the title counts more than one of the text (Pagefind: 0-10, text 1)
SUMMARY_WEIGHT = 3
NOT_TEXT = ".headerlink"  # the ¶ anchors MkDocs adds to headings (toc: permalink)
# An English fallback copy of a resource (/fr/faq/x/ shown in English) is found in the
# language it is shown in by its title and summary; its text is indexed once, in English.
# Measured at 600 resources x 7 languages (README: Search and the finder): indexing the
# copies' text too took 1.7x the CPU and 2.2x the memory (1.2 GB), searching the English
# index as well (mergeIndex) cost every first query 199 KB instead of 148 KB
FALLBACK_TEXT_INDEXED = False


class SearchIndexError(BuildFailed):
    pass


def search_wanted(one_language: bool) -> bool:
    """Whether a build indexes its pages for search. A one-language preview does not:
    indexing is spent on every save under `make serve LANG=xx`, and a preview is for
    reading an edited page."""
    return not one_language


def search_body_html(text_html: str, resource: Resource | None = None, lang: str = "en") -> str:
    """The page's own text, marked as what Pagefind indexes; for a resource with its title
    and summary (weighted), its id, type, terms and dates as meta, filters and sorts. An
    English fallback copy offers its title and summary only (FALLBACK_TEXT_INDEXED)."""
    if resource is None:
        return f"<div data-pagefind-body>{text_html}</div>"
    if resource.state(lang) == FALLBACK and not FALLBACK_TEXT_INDEXED:
        return _resource_body("", resource, lang) + text_html
    return _resource_body(text_html, resource, lang)


def _resource_body(text_html: str, resource: Resource, lang: str) -> str:
    markers = [f'<span data-pagefind-filter="{facet}:{escape(term)}" hidden></span>'
               for facet in FACET_ORDER for term in terms_of(resource, facet)]
    markers.append(f'<span data-pagefind-filter="languages:{lang}" hidden></span>'
                   if resource.state(lang) != FALLBACK else "")
    last = resource.last_updated.isoformat()
    # one attribute, one meta: Pagefind reads "a:1, b:2" as the single value of a
    return (f'<div data-pagefind-body data-pagefind-meta="resource:{escape(resource.id)}" data-pagefind-sort="date:{last}">'
            f'<span data-pagefind-meta="date:{last}" hidden></span>'
            f'{"".join(markers)}{text_html}'
            # after the text: an excerpt then comes from the text where it holds the words
            f'<p hidden data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">{escape(resource.title_in(lang))}</p>'
            f'<p hidden data-pagefind-weight="{SUMMARY_WEIGHT}">{escape(resource.summary_in(lang))}</p></div>')


@dataclass
class IndexReport:
    seconds: float
    pages: dict[str, int]  # language -> resource pages indexed

    def summary(self) -> str:
        total = sum(self.pages.values())
        return f"{total} resource pages in {len(self.pages)} languages indexed in {self.seconds:.1f} s"


# Pagefind holds every page it reads, and the index it makes of them, in memory until it
# writes the bundle (Pagefind #842): over the whole site of 2,000 resources x 7
# languages it peaked at 1.7 GB. It is given instead, one language at a time (it makes
# one index per language anyway), what it reads of each page (`slim_page`), and the
# seven bundles are merged into one (`merge_bundle`): the same files as one run over the
# whole site (tests/test_search_index.py compares them with the real Pagefind), with a
# peak of 625 MB there, the largest language's.
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG = re.compile(r"""\blang\s*=\s*["']?([^"'\s>]*)""", re.I)
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.S | re.I)
_BODY_START = re.compile(r"<div\s+data-pagefind-body\b")
# in a body: its divs, and what may hold a "<div" that is not one
_DIV_OR_OPAQUE = re.compile(r"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>|<(/?)div\b[^>]*>", re.S | re.I)
ENTRY_FILE = "pagefind-entry.json"


def page_language(html: str) -> str:
    """The language of a built page as Pagefind reads it: its <html lang> ('' if none)."""
    tag = _HTML_TAG.search(html)
    found = _LANG.search(tag.group(0)) if tag else None
    return found.group(1) if found else ""


def slim_page(html: str) -> str | None:
    """The page as Pagefind needs it: the <html> tag (the language), the <head> (the title,
    where the body has no heading) and the `data-pagefind-body` element, nothing else. None where the page has no such element
    (Pagefind then leaves it out: other pages have one) or where its end is not found
    (the page is then given whole)."""
    start = _BODY_START.search(html)
    if start is None:
        return None
    html_tag = _HTML_TAG.search(html, 0, start.start())
    head = _HEAD.search(html, 0, start.start())
    depth = 0
    for tag in _DIV_OR_OPAQUE.finditer(html, start.start()):
        if tag.group(2) is None:
            continue  # a comment, script, style or textarea
        depth += -1 if tag.group(2) else 1
        if depth == 0:
            return (f'<!DOCTYPE html>\n{html_tag.group(0) if html_tag else "<html>"}{head.group(0) if head else ""}'
                    f'<body>{html[start.start():tag.end()]}</body></html>\n')
    return None


def write_slim_pages(site_dir: Path, folder: Path) -> dict[str, Path]:
    """Each built page that has something to index, slimmed (`slim_page`) or whole where it
    cannot be, at its path in the site under one folder of `folder` per language; the
    language -> that folder."""
    folders: dict[str, Path] = {}
    for path in sorted(site_dir.rglob("*.html")):
        if path.is_relative_to(site_dir / PAGEFIND_DIR):
            continue
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        lang = page_language(html)
        pages = folders.setdefault(lang, folder / f"pages-{len(folders)}")
        target = pages / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(slim_page(html) or html, encoding="utf-8")
    return folders


def merge_bundle(part: Path, bundle: Path) -> None:
    """Move the files of one language's Pagefind bundle into `bundle`, adding its language
    to the bundle's entry file. A file both hold must be the same (Pagefind's scripts)."""
    entry_path = bundle / ENTRY_FILE
    entry = json.loads(entry_path.read_text(encoding="utf-8")) if entry_path.exists() else None
    for path in sorted(part.rglob("*")):
        rel = path.relative_to(part)
        if path.is_dir() or rel.as_posix() == ENTRY_FILE:
            continue
        target = bundle / rel
        if target.exists():
            if target.read_bytes() != path.read_bytes():
                raise SearchIndexError(f"search: Pagefind's runs for each language disagree on {rel.as_posix()}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    added = json.loads((part / ENTRY_FILE).read_text(encoding="utf-8"))
    if entry is None:
        entry = added
    elif {key: value for key, value in entry.items() if key != "languages"} != \
            {key: value for key, value in added.items() if key != "languages"}:
        raise SearchIndexError(f"search: Pagefind's runs for each language disagree on {ENTRY_FILE}")
    else:
        entry["languages"].update(added["languages"])
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def run_pagefind(site_dir: Path) -> None:
    """Pagefind's own binary (from the pagefind-bin-extended wheel) over the built site: one
    run per language over its slimmed pages (`write_slim_pages`, in a folder beside the
    site), their bundles merged into the site's."""
    folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-search-", dir=site_dir.parent))
    bundle = site_dir / PAGEFIND_DIR
    try:
        languages = write_slim_pages(site_dir, folder)
        if not languages:  # no page marks its text: Pagefind indexes whole pages
            _pagefind(site_dir, bundle)
            return
        shutil.rmtree(bundle, ignore_errors=True)
        for number, pages in enumerate(languages.values()):
            part = folder / f"bundle-{number}"
            _pagefind(pages, part, site_dir)
            merge_bundle(part, bundle)
            shutil.rmtree(pages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pagefind(source: Path, bundle: Path, site_dir: Path | None = None) -> None:
    site_dir = site_dir or source
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", os.path.abspath(bundle),
               "--exclude-selectors", NOT_TEXT, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise SearchIndexError(f"search: could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        if "No module named pagefind" in result.stderr:
            detail = ["the 'pagefind[extended]' package is not installed: run `make serve` or `pip install -r requirements.txt`"]
        raise SearchIndexError(f"search: Pagefind failed on {site_dir}: {' '.join(detail)}")


def read_fragment(path: Path) -> dict:
    """A Pagefind fragment: gzip, then a signature, then JSON (url, meta, filters, content…)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(FRAGMENT_SIGNATURE):
        raise SearchIndexError(f"search: {path} is not a Pagefind 1.x fragment (an unexpected Pagefind version?)")
    return json.loads(data[len(FRAGMENT_SIGNATURE):])


def result_ids(bundle: Path) -> dict[str, dict[str, str]]:
    """language -> fragment name -> resource id, for every indexed resource page."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        name = path.name[: -len(".pf_fragment")]
        lang = name.split("_", 1)[0]
        resource_id = read_fragment(path).get("meta", {}).get("resource")
        if resource_id:
            found.setdefault(lang, {})[name] = resource_id
    return found


def encode_result_ids(ids: dict[str, str]) -> str:
    """fragment name -> resource id, as the JSON string of the fragments' hashes (their
    names without the 'fr_' language prefix) in the order of the sorted resource ids, which
    the finder sorts too (the ids of its page's `resources`) to map them back."""
    by_resource = {resource: name.split("_", 1)[1] for name, resource in ids.items()}
    if len(by_resource) != len(ids):
        raise SearchIndexError("search: a resource has two pages in one language's index")
    return json.dumps(" ".join(by_resource[resource] for resource in sorted(by_resource)))


def write_result_ids(site_dir: Path, languages: list[str]) -> dict[str, int]:
    bundle = site_dir / PAGEFIND_DIR
    ids = result_ids(bundle)
    for lang in languages:
        (bundle / IDS_FILE.format(lang=lang)).write_text(encode_result_ids(ids.get(lang, {})), encoding="utf-8")
    return {lang: len(ids.get(lang, {})) for lang in languages}


def index_site(site_dir: Path, languages: list[str]) -> IndexReport:
    """Index the built site with Pagefind and write the finder's result ids; raises
    SearchIndexError naming the reason."""
    start = time.perf_counter()
    run_pagefind(site_dir)
    pages = write_result_ids(site_dir, languages)
    return IndexReport(seconds=time.perf_counter() - start, pages=pages)
