"""Property tests (Hypothesis): front matter of any shape either loads into a well-formed
model or is refused with content errors naming file and line, never a traceback; and
hostile text that is accepted renders, in every plain-Python view, as text: no element
the content did not ask for.

Bounded and repeatable in CI (a fixed number of examples, derandomized; ~15 s). A longer,
random run: `FUZZ_EXAMPLES=3000 pytest tests/test_fuzz.py` (3000 front matters, 300 renders).
"""

import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings, strategies as st

from helpers import REPO, make_library
from iplibrary.bulletin.compose import make_bulletin
from iplibrary.bulletin.render import render_html
from iplibrary.cross_index import related_resources
from iplibrary.errors import LibraryInvalid
from iplibrary.feeds import feed_xml, item_description
from iplibrary.head import PageInfo, page_head
from iplibrary.library import load_library
from iplibrary.listings import collection_page
from iplibrary.model import Change, Library
from iplibrary.page_furniture import resource_page_html
from iplibrary.downloads.print_document import PrintContext, resource_job
from iplibrary.redirect_pages import Destination, redirect_page
from iplibrary.yaml_source import UNSHOWABLE

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))  # a longer run also explores beyond the fixed seed
settings.register_profile("editor-proof", derandomize=not EXAMPLES, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                          # a failure is reported as found, not shrunk for minutes: its example is readable as is
                          phases=[Phase.explicit, Phase.generate])
settings.load_profile("editor-proof")

# --- hostile text ---------------------------------------------------------------------

MARKUP = ['<script>alert("t")</script>', "</script>", "</title>", "<b>bold</b>", "<img src=x onerror=y()>",
          "&", "&amp;", "&lt;", "&#x3c;", '"', "'", "<!--", "-->", "]]>", "<![CDATA[", "{{ page.title }}",
          "{% raw %}", "{#", "*em*", "_u_", "**", "[l](javascript:x())", "`code`", "\\", "#", "- ", "1. ",
          "|a|b|", "\u202e", "\u200b", "\u2028", "😀", "👩‍👩‍👧", "مرحبا", "שלום", "知识产权", "\x00", "\x07",
          "\x1b", "\x7f", "\x85", "\ufeff", "\ufffe", "\t", "\n", "\r", " ", "    ", "{: .x}", "{#id}", "<<", "*a",
          "&a", "!!python/object:os.system", "%", "@", "`", "|", ">", "---", "...", "? ", ": ", " #"]
hostile_text = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=12)), min_size=1, max_size=8).map("".join)

# --- front matter of any shape ----------------------------------------------------------

KEYS = ["id", "title", "summary", "published", "updated", "regions", "ip_rights", "sectors", "topics",
        "related", "aliases", "changes", "type", "translated_from", "date", "note"]
ODD_SCALARS = ["2026-02-30", "2026-13-01", "2026-09-01", "2026-9-1", "20260901", "yes", "no", "on", "~", "null",
               ".nan", ".inf", "-.inf", "0x1F", "0o17", "1e3", "1_000", "=", "<<", "mainland-china", "trade-marks",
               "faq", "q2", "q1", "", " "]
ODD_LINES = ["anchor: &a [hong-kong]", "regions: *a", "<<: {title: merged}", "evil: !!python/object:os.system ls",
             "bin: !!binary aGVsbG8=", "tagged: !custom x", "set: !!set {a, b}", "omap: !!omap [{a: 1}]",
             "\ttitle: tab", "title:\tvalue", "? [complex, key]\n: value", "? {a: 1}\n: v", "[1, 2]: list key",
             "1: number key", "null: null key", "true: bool key", "2026-09-01: date key", "title: a: b",
             "- a list", "key: [unclosed", "key: {unclosed", "'unterminated", '"\\q bad escape"', "%YAML 1.1",
             "title: |\n  block\n  text", "summary: >-\n  folded", "changes:\n  - date: 2026-09-01\n    note: n",
             "changes: [{date: 2026-09-01, note: a, note: b}]", "title: once\ntitle: twice", "x: !!str 1",
             "deep: " + "[" * 60 + "]" * 60, "aliases: [q1, Q1, q1]", "related: [q1]", "id: \"\\x00\"",
             "title: \"\\u202e\\x1b[31m\"", "title: \"\\ud800\"", "updated: 2026-08-31", "published: ''"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), hostile_text, st.sampled_from(ODD_SCALARS),
                    st.dates().map(date.isoformat), st.text(min_size=300, max_size=2000))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4), st.integers()), children, max_size=4)),
    max_leaves=12)


iso_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)
PLAUSIBLE = {  # values of the right shape for each key, often valid: examples that get accepted
    "title": hostile_text, "summary": hostile_text, "published": iso_dates, "updated": iso_dates,
    "translated_from": iso_dates, "id": st.sampled_from(["q1", "q-2", "Q1", "q--1", "é"]),
    "regions": st.lists(st.sampled_from(["mainland-china", "hong-kong", "macao", "mars"]), max_size=2),
    "ip_rights": st.lists(st.sampled_from(["trade-marks", "patents", "designs"]), max_size=2),
    "topics": st.lists(st.sampled_from(["registration", "customs"]), max_size=2),
    "related": st.lists(st.sampled_from(["q1", "q2"]), max_size=2),
    "aliases": st.lists(st.sampled_from(["old-q", "q1", "Old"]), max_size=2),
    "changes": st.lists(st.fixed_dictionaries({"date": iso_dates, "note": hostile_text}), max_size=3),
    "type": st.sampled_from(["faq", "factsheet"]),
}


def yaml_line(key, value, style: int) -> str:
    """`key: value` in one of several YAML styles (all valid for the value)."""
    if style == 0:
        return f"{key}: {json.dumps(value, ensure_ascii=bool(style))}"
    dumped = yaml.safe_dump({key: value}, allow_unicode=style == 1, default_flow_style=style == 2, width=60)
    return dumped.rstrip("\n")


VALID_SOURCE = {"id": "q1", "title": "Question?", "summary": "A short answer.", "published": "2026-09-01",
                "regions": ["mainland-china"], "ip_rights": ["trade-marks"], "topics": ["registration"]}
VALID_TRANSLATION = {"title": "Question ?", "summary": "Réponse.", "translated_from": "2026-09-01"}


@st.composite
def front_matter_texts(draw, valid: dict) -> str:
    """Either a valid front matter with a few values of the right shape (often accepted), or a
    wild one: keys left out, values of any shape, odd YAML lines, CRLF line endings."""
    fields = dict(valid)
    if draw(st.booleans()):
        keys = [k for k in PLAUSIBLE if k in valid] if "translated_from" in valid else [k for k in PLAUSIBLE if k != "translated_from"]
        for key in draw(st.lists(st.sampled_from(keys), max_size=3)):
            fields[key] = draw(PLAUSIBLE[key])
        lines = [yaml_line(key, value, draw(st.integers(0, 3))) for key, value in fields.items()]
        return "\n".join(["---", *lines, "---", "Body."])
    for key in draw(st.lists(st.sampled_from(list(fields)), max_size=3)):
        fields.pop(key, None)  # a required key left out
    fields.update(draw(st.dictionaries(st.sampled_from(KEYS), values, max_size=4)))
    lines = [yaml_line(key, value, draw(st.integers(0, 3))) for key, value in fields.items()]
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(ODD_LINES)))
    line_ending = draw(st.sampled_from(["\n", "\r\n"]))
    return line_ending.join(["---", *lines, "---", draw(st.sampled_from(["Body.", "[x](id:q1)", "[x](id:nope)", ""]))])


@pytest.fixture(scope="module")
def fuzz_root():
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    make_library(root, {})
    yield root
    shutil.rmtree(root, ignore_errors=True)


def assert_well_formed(library: Library) -> None:
    for resource in library.resources.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", resource.id)
        assert isinstance(resource.title, str) and resource.title.strip()
        assert isinstance(resource.summary, str) and resource.summary.strip()
        assert isinstance(resource.published, date) and isinstance(resource.updated, (date, type(None)))
        for facet in ("regions", "ip_rights", "sectors", "topics", "related", "aliases"):
            assert all(isinstance(term, str) for term in getattr(resource, facet)), facet
        assert all(isinstance(c, Change) and isinstance(c.date, date) and isinstance(c.note, str) for c in resource.changes)
        for translation in resource.translations.values():
            assert isinstance(translation.title, str) and isinstance(translation.summary, str)
            assert isinstance(translation.translated_from, date)


def assert_reported_with_file_and_line(caught: LibraryInvalid, files: dict[str, str]) -> None:
    assert caught.errors
    for error in caught.errors:
        assert error.path in files, str(error)
        assert isinstance(error.line, int) and 1 <= error.line <= files[error.path].count("\n") + 2, str(error)
        assert error.field and error.reason and "Traceback" not in error.reason, str(error)


@settings(max_examples=EXAMPLES or 300)
@given(source=front_matter_texts(VALID_SOURCE), translation=front_matter_texts(VALID_TRANSLATION),
       with_translation=st.booleans())
def test_any_front_matter_loads_or_is_reported_with_file_and_line(fuzz_root, source, translation, with_translation):
    files = {"faq/q1.md": source, **({"faq/q1.fr.md": translation} if with_translation else {})}
    for folder in ("faq",):
        shutil.rmtree(fuzz_root / folder, ignore_errors=True)
    for rel, text in files.items():
        path = fuzz_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        library = load_library(fuzz_root)
    except LibraryInvalid as caught:
        event("refused")
        assert_reported_with_file_and_line(caught, {rel: text.replace("\r\n", "\n") for rel, text in files.items()})
    else:
        event("accepted")
        assert_well_formed(library)


# --- accepted hostile text, rendered ---------------------------------------------------------

class Structure(HTMLParser):
    """The elements of an HTML text (name and attribute names), and its JSON-LD."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.json_ld: list[str] = []
        self._in_json_ld = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self._in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)


def renders(root: Path, library: Library) -> dict[str, str]:
    """Every plain-Python view of the library's strings, as HTML, by name."""
    views: dict[str, str] = {}
    ctx = PrintContext.for_project(root, library, "https://example.org/")
    for lang in ("en", "fr", "zh"):
        for resource in library.resources.values():
            related = related_resources(library, resource)
            views[f"page {resource.id} {lang}"] = resource_page_html(
                library, resource, lang, "<p>Text.</p>", related, site_url="https://example.org/", download_link="")
            info = PageInfo(lang=lang, title=resource.title_in(lang), description=resource.summary_in(lang),
                            canonical_url="https://example.org/" + resource.url(lang), site_name="Library",
                            site_url="https://example.org/")
            views[f"head {resource.id} {lang}"] = page_head(info, library, resource.id, "<p>Text.</p>")
            views[f"feed item {resource.id} {lang}"] = item_description(resource, lang)
            views[f"redirect {resource.id} {lang}"] = redirect_page("faq/old/", lang, Destination(
                url=resource.url(lang), title=resource.title_in(lang)))
            if lang in resource.available_languages():
                views[f"pdf {resource.id} {lang}"] = resource_job(ctx, resource, lang).html
        for collection in ("faq", "factsheets"):
            page = collection_page(collection, library, lang, date(2026, 9, 10))
            views[f"listing {collection} {lang}"] = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html"])
            views[f"listing title {collection} {lang}"] = "<title>" + json.loads(page.split("\n")[1][len("title: "):]) + "</title>"
        rss = ET.fromstring(feed_xml(library, lang, "https://example.org/", "Library"))
        views[f"feed {lang}"] = "".join(f"<p>{item.findtext('description')}</p>" for item in rss.iter("item"))
        views[f"bulletin {lang}"] = render_html(make_bulletin(root, library, date(2026, 9, 1), lang, "https://example.org/", "Library"))
    return views


# the loader refuses control characters (yaml_source.UNSHOWABLE): leave them out, so that most examples get rendered
showable_text = hostile_text.map(lambda text: UNSHOWABLE.sub("", text)).filter(lambda text: text.strip())
HOSTILE_FIELDS = ("source_title", "source_summary", "note", "fr_title", "fr_summary", "label")


def render_library(root: Path, texts: dict[str, str]) -> Library:
    """The small library with `texts` in its strings (JSON-quoted, as any string can be in YAML)."""
    q = json.dumps
    (root / "faq").mkdir(parents=True, exist_ok=True)
    (root / "factsheets").mkdir(parents=True, exist_ok=True)
    (root / "faq/q1.md").write_text(
        f"---\nid: q1\ntitle: {q(texts['source_title'])}\nsummary: {q(texts['source_summary'])}\n"
        "published: 2026-09-01\nupdated: 2026-09-05\nregions: [mainland-china]\nip_rights: [trade-marks]\n"
        f"changes:\n  - {{date: 2026-09-05, note: {q(texts['note'])}}}\n---\nAnswer.\n", encoding="utf-8")
    (root / "faq/q1.fr.md").write_text(
        f"---\ntitle: {q(texts['fr_title'])}\nsummary: {q(texts['fr_summary'])}\ntranslated_from: 2026-09-01\n---\nRéponse.\n",
        encoding="utf-8")
    (root / "factsheets/macao.md").write_text(
        "---\nid: macao\ntitle: Macao\nsummary: Macao.\npublished: 2026-09-02\nregions: [macao]\nrelated: [q1]\n---\nText.\n",
        encoding="utf-8")
    vocabulary = (REPO / "vocabulary.yml").read_text(encoding="utf-8")
    (root / "vocabulary.yml").write_text(
        re.sub(r"(\n  macao: \{en: )[^,]*,", lambda m: m.group(1) + q(texts["label"]) + ",", vocabulary), encoding="utf-8")
    return load_library(root)


@pytest.fixture(scope="module")
def render_root():
    root = Path(tempfile.mkdtemp(prefix="fuzz-render-"))
    make_library(root, {})
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def baseline(render_root):
    """The same library with plain words: the elements every view has without hostile text."""
    return {name: Structure(html).elements for name, html in
            renders(render_root, render_library(render_root, dict.fromkeys(HOSTILE_FIELDS, "Plain words"))).items()}


@settings(max_examples=(EXAMPLES // 10) or 60)
@given(texts=st.fixed_dictionaries({name: showable_text for name in HOSTILE_FIELDS}))
def test_accepted_hostile_text_renders_as_text_in_every_view(render_root, baseline, texts):
    try:
        library = render_library(render_root, texts)
    except LibraryInvalid as caught:  # refused (empty, too long...): reported, and nothing to render
        event("refused")
        assert all(error.line >= 1 for error in caught.errors)
        return
    event("rendered")
    for name, html in renders(render_root, library).items():
        page = Structure(html)
        assert page.elements == baseline[name], f"{name}: {page.elements - baseline[name]} {baseline[name] - page.elements}"
        for text in page.json_ld:
            json.loads(text)  # one JSON document: nothing closed the script element
