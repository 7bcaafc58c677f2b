"""MkDocs 1.6.1 `Page.render`, converting each distinct markdown text once per build
(README: Performance; the reuse rule is `iplibrary.conversions`).

Why the reused HTML is the HTML `Page.render` would make: it builds a fresh
`markdown.Markdown` for every page from `markdown_extensions` and `mdx_configs` (which
the i18n plugin forbids overriding per language) and converts `page.markdown` - the text
after every `on_page_markdown` handler, so whatever a handler fills in per language (the
`{{ library.* }}` blocks, i18n's admonition titles) is part of the key. Of MkDocs' own
steps only `_RelativePathTreeprocessor` reads the page's file and the language's files:
it rewrites each `<a href>` and `<img src>` through `path_to_url`. A kept conversion
records each of those (as written, as rewritten); for another page it is replayed through
that page's own `path_to_url` and reused only if every link comes out the same. That
replay also gives the page its own `links_to_anchors` (anchor validation, per language)
and logs the same link warnings, naming that page. A fallback copy under `fr/` links
other pages as its English source does (each page sits at the same place under each
language prefix); a link to an asset that is not localised (kept at the site root)
differs, so such a page is converted for the other languages once more (a second
variant). A conversion during which anything else logged a record is not kept.

Installed by `speedups.install()` on the MkDocs version it copies (`PATCHED_VERSIONS`).
"""

import logging

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

from iplibrary.conversions import Conversion, ConversionCache, conversion_key, reusable

CONVERSIONS = ConversionCache()  # the process's: kept across `mkdocs serve` rebuilds
_links_log = logging.getLogger(mkdocs_pages.__name__)  # where path_to_url warns


class _RecordingLinks(mkdocs_pages._RelativePathTreeprocessor):
    """MkDocs' link rewriting, noting each link as written and as rewritten."""

    def __init__(self, file, files, config):
        super().__init__(file, files, config)
        self.seen: list[tuple[str, str]] = []

    def path_to_url(self, url: str) -> str:
        rewritten = super().path_to_url(url)
        self.seen.append((url, rewritten))
        return rewritten


class _Held(logging.Filter):
    """Hold the records of a logger back, to pass on or drop afterwards."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record):
        self.records.append(record)
        return False


class _Noticed(logging.Handler):
    """Notices any record that reaches the root logger (Python-Markdown's, an extension's...)
    but the link warnings, which a reuse replays."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.count = 0

    def emit(self, record):
        if record.name != _links_log.name:
            self.count += 1


def _settings(config) -> str:
    return repr((config["markdown_extensions"], config["mdx_configs"]))


def _reuse(page, files, config, key: bytes) -> bool:
    """Give `page` a kept conversion of its text, if its links come out the same."""
    for conversion in CONVERSIONS.candidates(key):
        links = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        held = _Held()
        _links_log.addFilter(held)  # after the loggers' own filters: they have already run
        try:
            same = reusable(conversion, links.path_to_url)
        finally:
            _links_log.removeFilter(held)
        if not same:
            continue
        for record in held.records:  # the warnings this page's links give, as a conversion would log them
            _links_log.callHandlers(record)
        page.content = conversion.html
        page.toc = get_toc(conversion.toc_tokens)
        page._title_from_render = conversion.title
        page.present_anchor_ids = set(conversion.anchors)
        if _links_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links.links_to_anchors
        CONVERSIONS.use(key)
        return True
    return False


def render(self, config, files) -> None:
    """`mkdocs.structure.pages.Page.render` of MkDocs 1.6.1, reusing kept conversions."""
    import markdown

    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    key = conversion_key(self.markdown, _settings(config))
    if _reuse(self, files, config, key):
        return

    md = markdown.Markdown(
        extensions=config['markdown_extensions'],
        extension_configs=config['mdx_configs'] or {},
    )
    raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = _RecordingLinks(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    noticed = _Noticed()
    logging.root.addHandler(noticed)
    try:
        self.content = md.convert(self.markdown)
    finally:
        logging.root.removeHandler(noticed)
    toc_tokens = getattr(md, 'toc_tokens', [])
    self.toc = get_toc(toc_tokens)
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if _links_log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors
    if noticed.count == 0:
        CONVERSIONS.keep(key, Conversion(html=self.content, toc_tokens=toc_tokens, title=self._title_from_render,
                                         anchors=frozenset(self.present_anchor_ids), links=tuple(relative_path_ext.seen)))
