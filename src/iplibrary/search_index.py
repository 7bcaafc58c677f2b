"""Search by Pagefind: what each page offers the index, and the index itself.

Pagefind reads the built site after every language is written (`index_site`, called by
`iplibrary.build.finish_build`) and makes one index per language from each page's
`<html lang>`, in /pagefind/. Only the text inside a `data-pagefind-body` element is
indexed (`search_body_html`): a resource's own text, title and summary, or a static
page's text; never the furniture every resource page repeats (breadcrumbs, chips,
notices, related resources, download box: added outside it) nor the generated lists
(term pages, listings, the finder: they carry no body and so are not indexed at all).

The finder needs the library's resource id of each result: Pagefind names a page by a
hash of its fragment, so after indexing `write_result_ids` writes, per language, the
map fragment name -> resource id (/pagefind/ids.<lang>.json), read once with the first
query instead of one fragment per result.

Knows nothing of MkDocs.
"""

import gzip
import json
import subprocess
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


def run_pagefind(site_dir: Path) -> None:
    """Pagefind's own binary (from the pagefind-bin-extended wheel) over the built site."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", PAGEFIND_DIR,
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


def write_result_ids(site_dir: Path, languages: list[str]) -> dict[str, int]:
    bundle = site_dir / PAGEFIND_DIR
    ids = result_ids(bundle)
    for lang in languages:
        text = json.dumps(ids.get(lang, {}), separators=(",", ":"), sort_keys=True)
        (bundle / IDS_FILE.format(lang=lang)).write_text(text, encoding="utf-8")
    return {lang: len(ids.get(lang, {})) for lang in languages}


def index_site(site_dir: Path, languages: list[str]) -> IndexReport:
    """Index the built site with Pagefind and write the finder's result ids; raises
    SearchIndexError naming the reason."""
    start = time.perf_counter()
    run_pagefind(site_dir)
    pages = write_result_ids(site_dir, languages)
    return IndexReport(seconds=time.perf_counter() - start, pages=pages)
