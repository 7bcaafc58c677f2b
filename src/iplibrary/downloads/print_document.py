"""The print documents: the HTML that WeasyPrint turns into each downloadable PDF.

One document per resource per language it is translated into, and per language one
book per gathered type (the FAQ handbook, the case-study catalogue). Documents are made
from the validated model - the resource's own markdown, converted with the extensions
of mkdocs.yml - and the templates in `print_template/`, never from the site's pages.
`id:` links become absolute URLs on the site's address, so they work on paper and off
line. Knows nothing of MkDocs or of rendering; the HTML is also the PDF's cache key.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources as package_files
from pathlib import Path

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined

from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.errors import BuildFailed
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import ENQUIRY_PAGE, book_pdf_path, resource_pdf_path, url_prefix
from iplibrary.versions import version_pins
from iplibrary.id_links import substitute_id_links
from iplibrary.model import FALLBACK, OUTDATED, Library, Resource
from iplibrary.helpdesk import localised
from iplibrary.settings import fill_placeholders, helpdesk_settings, read_settings
from iplibrary.ui_text import format_day, gettext, language_name

TEMPLATE_PACKAGE = "print_template"
STYLESHEET = "print.css"
LONG_RESOURCE_HEADINGS = 3  # from three sections on, a reader needs a table of contents
BOOK_BODY_LEVEL = 4  # in a book: chapter h2, topic h3, entry h4, the entry's own headings below
HELPDESK_KEYS = ("name", "email", "phone", "office_hours", "address")  # mkdocs.yml extra.helpdesk, all optional here
# MkDocs always adds these, whatever mkdocs.yml says
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class Book:
    """Every resource of one type in one document, per language."""
    name: str  # file stem, e.g. faq-handbook
    type_name: str
    title: str  # msgid
    summary: str  # msgid


BOOKS: tuple[Book, ...] = (
    Book("faq-handbook", "faq", "FAQ handbook",
         "Every frequently asked question of the library in one document, grouped by IP right and topic."),
    Book("case-study-catalogue", "case-study", "Case-study catalogue",
         "Every case study of the library in one document, grouped by IP right and topic."),
)


@dataclass(frozen=True)
class PrintJob:
    target: str  # path in the site, e.g. downloads/fr/macao-basics.pdf
    source: str  # the file(s) it is made from, named in error messages
    lang: str
    html: str


def template_files() -> dict[str, str]:
    """name -> text of the print template and stylesheet (part of every cache key)."""
    folder = package_files.files("iplibrary.downloads").joinpath(TEMPLATE_PACKAGE)
    return {item.name: item.read_text(encoding="utf-8") for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.name.endswith((".html", ".css"))}


def _extension_versions() -> list[str]:
    """Versions of the markdown packages (Python-Markdown, pymdown-extensions)."""
    return version_pins(("markdown", "pymdown-extensions"))


def markdown_extensions(settings: dict) -> tuple[list[str], dict[str, dict]]:
    """mkdocs.yml's `markdown_extensions` as names and configs, with MkDocs' built-ins;
    no permalink signs on paper."""
    names: list[str] = []
    configs: dict[str, dict] = {}
    for item in [*MKDOCS_BUILTIN_EXTENSIONS, *(settings.get("markdown_extensions") or [])]:
        name, config = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if name not in names:
            names.append(name)
        configs[name] = dict(config or {})
    configs["toc"] = {**configs.get("toc", {}), "permalink": False}
    return names, {name: config for name, config in configs.items() if config}


@dataclass
class PrintContext:
    """What every document needs: the library, the site's settings and the templates."""
    library: Library
    site_url: str
    helpdesk: dict[str, str]
    settings: dict = field(default_factory=dict)

    @classmethod
    def for_project(cls, root: Path, library: Library, site_url: str | None = None) -> "PrintContext":
        settings = read_settings(root)
        url = site_url or settings.get("site_url")
        if not url:
            raise BuildFailed("mkdocs.yml: site_url: PDFs need the site's address for their links and online addresses")
        return cls(library=library, site_url=url.rstrip("/") + "/", helpdesk=helpdesk_settings(root), settings=settings)

    @cached_property
    def templates(self) -> Environment:
        env = Environment(loader=PackageLoader("iplibrary.downloads", TEMPLATE_PACKAGE), autoescape=True,
                          undefined=StrictUndefined, keep_trailing_newline=True)
        return env

    @cached_property
    def css(self) -> str:
        return template_files()[STYLESHEET]

    @cached_property
    def _converters(self) -> dict[int, markdown.Markdown]:
        return {}

    @cached_property
    def _converted(self) -> dict[tuple[str, str, int], tuple[str, list[dict]]]:
        return {}

    def converter(self, baselevel: int = 1) -> markdown.Markdown:
        """One converter per heading level, reset between documents."""
        if baselevel not in self._converters:
            names, configs = markdown_extensions(self.settings)
            configs = {**configs, "toc": {**configs.get("toc", {}), "baselevel": baselevel}}
            self._converters[baselevel] = markdown.Markdown(extensions=names, extension_configs=configs)
        return self._converters[baselevel].reset()

    def url(self, path: str) -> str:
        return self.site_url + path

    def absolute_id_links(self, text: str, lang: str) -> str:
        """`(id:x#a)` -> the absolute URL of x's page in `lang` (every resource has one)."""
        return substitute_id_links(text, lambda resource_id, anchor: self.url(self.library.get(resource_id).url(lang)) + anchor)

    @cached_property
    def _stored(self) -> dict[str, list]:
        return {}

    def body_html(self, text: str, lang: str, baselevel: int = 1) -> tuple[str, list[dict]]:
        """The markdown of a resource as HTML, with its table of contents tokens; each
        text is converted once, though books show it again (English in every language),
        and found in the stored conversions of the last build when it did not change."""
        key = (text, lang, baselevel)
        if key not in self._converted:
            source = self.absolute_id_links(fill_placeholders(text, self.helpdesk, lang), lang)
            digest = hashlib.sha256(f"{baselevel}\0{self._markdown_setup}\0{source}".encode()).hexdigest()
            stored = self._previous.get(digest)
            if stored is None:
                converter = self.converter(baselevel)
                stored = [converter.convert(source), converter.toc_tokens]
            self._stored[digest] = stored
            self._converted[key] = (stored[0], stored[1])
        return self._converted[key]

    @cached_property
    def _markdown_setup(self) -> str:
        """What besides the text decides the HTML: the extensions, their settings and versions."""
        return json.dumps([markdown_extensions(self.settings), _extension_versions()],
                          sort_keys=True, default=str)

    @cached_property
    def _previous(self) -> dict[str, list]:
        return {}

    def load_conversions(self, path: Path) -> None:
        """Conversions stored by the last build (markdown is most of the cost of making
        every document's HTML, which a build does to find what changed)."""
        try:
            self._previous.update(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass

    def store_conversions(self, path: Path) -> None:
        """This build's conversions only: what no document uses any more is dropped."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self._stored, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def common(self, lang: str) -> dict:
        return {
            "lang": lang, "css": self.css, "helpdesk": {**dict.fromkeys(HELPDESK_KEYS, ""), **localised(self.helpdesk, lang)},
            "language_name": language_name(lang),
            "enquiry_url": self.url(url_prefix(lang) + ENQUIRY_PAGE),
            "text": {
                "about": gettext(lang, "About this document"),
                "disclaimer": gettext(lang, "This information is first-line advice, not legal advice."),
                "ask": gettext(lang, "Questions about your case? Ask our free enquiry service."),
                "email": gettext(lang, "Email"), "phone": gettext(lang, "Telephone"),
                "address": gettext(lang, "Address"), "language": gettext(lang, "Language"),
                "published": gettext(lang, "Published"), "updated": gettext(lang, "Last updated"),
                "reviewed": gettext(lang, "Last reviewed"),
                "translated_by": gettext(lang, "Translated by"),
                "online": gettext(lang, "Online version"), "contents": gettext(lang, "Contents"),
                "read_english": gettext(lang, "Read the current English version"),
            },
        }


def resource_job(ctx: PrintContext, resource: Resource, lang: str) -> PrintJob:
    """The PDF of `resource` in `lang`, a language it is translated into (or English)."""
    translation = resource.translations.get(lang)
    if lang != DEFAULT_LANGUAGE and translation is None:
        raise ValueError(f"{resource.id} is not translated into {lang}")
    text = translation.body if translation else resource.body
    body, toc_tokens = ctx.body_html(text, lang)
    toc = _toc_items(toc_tokens) if len(toc_tokens) >= LONG_RESOURCE_HEADINGS else []
    notice = ""
    if resource.state(lang) == OUTDATED:
        notice = gettext(lang, "This translation may be out of date: the English version was updated on {date}.",
                         date=format_day(resource.last_updated, lang))
    html = ctx.templates.get_template("resource.html").render(
        **ctx.common(lang), book=False, body_class="long" if toc else "short",
        title=resource.title_in(lang), summary=resource.summary_in(lang),
        type_label=ctx.library.vocabulary.label("types", resource.type.name, lang),
        published=format_day(resource.published, lang),
        updated=format_day(resource.updated, lang) if resource.updated else "",
        reviewed=format_day(resource.reviewed, lang) if resource.reviewed else "",
        created=resource.published.isoformat(), modified=resource.last_updated.isoformat(),
        online_url=ctx.url(resource.url(lang)), english_url=ctx.url(resource.url(DEFAULT_LANGUAGE)),
        notice=notice, toc=toc, body=body, translated_by=translation.translated_by if translation else "")
    return PrintJob(target=resource_pdf_path(resource.id, lang), source=translation.path if translation else resource.path,
                    lang=lang, html=html)


# --- books -----------------------------------------------------------------------

@dataclass
class BookSection:
    topic: str | None  # None: resources without a topic
    resources: list[Resource] = field(default_factory=list)


@dataclass
class BookChapter:
    ip_right: str | None  # None: resources about several IP rights, or none
    sections: list[BookSection] = field(default_factory=list)


def book_chapters(resources: list[Resource], library: Library) -> list[BookChapter]:
    """Resources grouped into chapters by IP right and sections by topic, in vocabulary
    order. A resource about one IP right goes to its chapter, one about several to the
    closing general chapter; its section is the first topic its author listed."""
    right_order = {term: i for i, term in enumerate(library.vocabulary.terms("ip_rights"))}
    topic_order = {term: i for i, term in enumerate(library.vocabulary.terms("topics"))}
    grouped: dict[str | None, dict[str | None, list[Resource]]] = {}
    for resource in resources:
        right = resource.ip_rights[0] if len(resource.ip_rights) == 1 else None
        topic = resource.topics[0] if resource.topics else None
        grouped.setdefault(right, {}).setdefault(topic, []).append(resource)

    def position(order: dict, term: str | None) -> tuple[int, int]:
        return (1, 0) if term is None else (0, order[term])

    chapters = []
    for right in sorted(grouped, key=lambda t: position(right_order, t)):
        sections = [BookSection(topic, sorted(items, key=lambda r: (r.published, r.id)))
                    for topic, items in sorted(grouped[right].items(), key=lambda kv: position(topic_order, kv[0]))]
        chapters.append(BookChapter(right, sections))
    return chapters


# A book is assembled from parts (iplibrary.downloads.book_pdf): its front (cover and contents with
# page numbers), one part per entry, each starting on a new page, and its closing "about"
# part. Each part is a small document of its own with its own cache key, so an edit
# re-renders only the entries it touches, and an entry shown in English is the same
# document in every language's book: rendered once. What depends on the whole book (page
# numbers, the running footer, the "not translated yet" mark of English entries in
# another language's book) is in the front and in the footer overlay, which are cheap.
BOOK_LINK_PREFIX = "https://book-part.invalid/#"  # contents links, made internal when the book is assembled


@dataclass(frozen=True)
class BookEntry:
    anchor: str  # entry-<id>: its heading's id, a named destination in the book
    number: int
    title: str
    lang: str  # of its text: the book's, or English when not translated yet
    fallback: bool  # English text in another language's book
    heads: tuple[str, ...]  # anchors of the chapter and section headings it opens, if any
    job: PrintJob


@dataclass(frozen=True)
class BookPlan:
    """Everything a book is made of, before any page number is known."""
    book: Book
    lang: str
    target: str
    title: str
    source: str
    entries: list[BookEntry]
    closing: PrintJob
    toc: list[dict]  # chapters > sections > entries: {"id", "name", "lang", "chapter", "children"}
    cover: dict  # the cover's template values

    def titles(self) -> dict[str, str]:
        """anchor -> name of every chapter, section and entry."""
        found: dict[str, str] = {}

        def walk(nodes: list[dict]) -> None:
            for node in nodes:
                found[node["id"]] = node["name"]
                walk(node.get("children") or [])

        walk(self.toc)
        return found

    def outline(self, pages: dict[str, int]) -> list[tuple[str, int, int]]:
        """(title, level, 0-based page) of the bookmarks: contents, chapters, sections,
        entries, about."""
        items = [(self.cover["text"]["contents"], 1, 0)]

        def walk(nodes: list[dict], level: int) -> None:
            for node in nodes:
                items.append((node["name"], level, pages[node["id"]] - 1))
                walk(node.get("children") or [], level + 1)

        walk(self.toc, 1)
        items.append((self.cover["text"]["about"], 1, pages["about"] - 1))
        return items


def book_plan(ctx: PrintContext, book: Book, lang: str) -> BookPlan | None:
    """The parts of `book` in `lang`: translated entries in `lang`, the others in English."""
    resources = ctx.library.of_type(book.type_name)
    if not resources:
        return None
    vocabulary = ctx.library.vocabulary
    target = book_pdf_path(book, lang)
    title = gettext(lang, book.title)
    entries: list[BookEntry] = []
    toc: list[dict] = []
    for c, chapter in enumerate(book_chapters(resources, ctx.library), start=1):
        chapter_name = (vocabulary.label("ip_rights", chapter.ip_right, lang) if chapter.ip_right
                        else gettext(lang, "Several IP rights"))
        chapter_toc = {"id": f"chapter-{c}", "name": chapter_name, "chapter": True, "children": []}
        toc.append(chapter_toc)
        for s, section in enumerate(chapter.sections, start=1):
            section_name = vocabulary.label("topics", section.topic, lang) if section.topic else gettext(lang, "Other topics")
            section_toc = {"id": f"chapter-{c}-{s}", "name": section_name, "children": []}
            chapter_toc["children"].append(section_toc)
            for i, resource in enumerate(section.resources):
                heads = []
                if i == 0:
                    heads = ([{"level": 2, **chapter_toc}] if s == 1 else []) + [{"level": 3, **section_toc}]
                entry = _book_entry(ctx, resource, lang, len(entries) + 1, heads, target)
                entries.append(entry)
                section_toc["children"].append({"id": entry.anchor, "name": f"{entry.number}. {entry.title}",
                                                "lang": entry.lang if entry.lang != lang else None,
                                                "fallback": entry.fallback})
    published = min(r.published for r in resources)
    updated = max(r.last_updated for r in resources)
    ctype = TYPES_BY_NAME[book.type_name]
    cover = dict(
        **ctx.common(lang), book=True, title=title, summary=gettext(lang, book.summary),
        type_label=vocabulary.label("types", book.type_name, lang),
        published=format_day(published, lang), updated=format_day(updated, lang) if updated != published else "",
        reviewed="",  # each entry shows its own review date
        created=published.isoformat(), modified=updated.isoformat(),
        online_url=ctx.url(f"{url_prefix(lang)}{ctype.collection}/"), english_url="", notice="")
    sources = sorted({r.path for r in resources} | {t.path for r in resources for t in r.translations.values() if t.lang == lang})
    source = f"{ctype.folder}/ ({len(sources)} files)"
    closing_html = ctx.templates.get_template("book_closing.html").render(**cover, body_class="book book-part")
    closing = PrintJob(target=f"{target} (about)", source=source, lang=lang, html=closing_html)
    return BookPlan(book=book, lang=lang, target=target, title=title, source=source, entries=entries,
                    closing=closing, toc=toc, cover=cover)


def book_front_job(ctx: PrintContext, plan: BookPlan, pages: dict[str, int]) -> PrintJob:
    """Cover and contents, with the page number of every chapter, section and entry."""
    def numbered(nodes: list[dict]) -> list[dict]:
        return [{**node, "page": pages[node["id"]], "children": numbered(node.get("children") or [])} for node in nodes]

    html = ctx.templates.get_template("book_front.html").render(
        **plan.cover, body_class="book book-part", toc=numbered(plan.toc), link_prefix=BOOK_LINK_PREFIX,
        in_english=gettext(plan.lang, "in English"))
    return PrintJob(target=f"{plan.target} (cover and contents)", source=plan.source, lang=plan.lang, html=html)


def book_overlay_job(ctx: PrintContext, plan: BookPlan, footers: list[str]) -> PrintJob:
    """The running footer of every page of the assembled book ("" on the cover: none):
    the book's title, or the mark of an entry left in English, and "page / pages"."""
    html = ctx.templates.get_template("book_overlay.html").render(
        lang=plan.lang, css=ctx.css, title=plan.title, footers=footers)
    return PrintJob(target=f"{plan.target} (page footers)", source=plan.source, lang=plan.lang, html=html)


def _book_entry(ctx: PrintContext, resource: Resource, lang: str, number: int, heads: list[dict],
                target: str) -> BookEntry:
    state = resource.state(lang)
    fallback = state == FALLBACK
    text_lang = DEFAULT_LANGUAGE if fallback else lang
    translation = resource.translations.get(lang)
    body, _ = ctx.body_html(translation.body if translation else resource.body, text_lang, baselevel=BOOK_BODY_LEVEL)
    anchor = f"entry-{resource.id}"
    note = ""
    if state == OUTDATED:
        note = gettext(lang, "This translation may be out of date: the English version was updated on {date}.",
                       date=format_day(resource.last_updated, lang))
    # an entry in English without headings of the book's language is the same document in every book
    doc_lang = lang if heads else text_lang
    title = resource.title_in(lang)
    reviewed = (f'{gettext(text_lang, "Last reviewed")}: {format_day(resource.reviewed, text_lang)}'
                if resource.reviewed else "")
    by = translation.translated_by if translation and not fallback else None
    credit = f'{gettext(lang, "Translated by")}: {by}' if by else ""
    entry = {"id": anchor, "number": number, "title": title, "lang": text_lang, "note": note, "reviewed": reviewed,
             "translated_by": credit, "url": ctx.url(resource.url(text_lang)), "body": _prefix_ids(body, anchor)}
    html = ctx.templates.get_template("book_entry.html").render(
        **ctx.common(doc_lang), book=True, body_class="book book-part", title=title, summary=resource.summary_in(text_lang),
        created=resource.published.isoformat(), modified=resource.last_updated.isoformat(),
        heads=heads, entry=entry, online=gettext(text_lang, "Online version"))
    job = PrintJob(target=f"{target} ({resource.id})", source=translation.path if translation and not fallback else resource.path,
                   lang=doc_lang, html=html)
    return BookEntry(anchor=anchor, number=number, title=title, lang=text_lang, fallback=fallback,
                     heads=tuple(h["id"] for h in heads), job=job)


_ID_ATTRIBUTE = re.compile(r'(\sid="|\shref="#)([^"]+)"')


def _prefix_ids(html: str, prefix: str) -> str:
    """Keep heading ids unique when many resources share one document."""
    return _ID_ATTRIBUTE.sub(lambda m: f'{m.group(1)}{prefix}--{m.group(2)}"', html)


def _toc_items(tokens: list[dict]) -> list[dict]:
    return [{"id": t["id"], "name": t["name"], "children": _toc_items(t.get("children") or [])} for t in tokens]


def print_jobs(ctx: PrintContext) -> list[PrintJob]:
    """The document of each resource in each language it exists in."""
    return [resource_job(ctx, resource, lang)
            for resource in ctx.library.resources.values() for lang in resource.available_languages()]


def book_plans(ctx: PrintContext) -> list[BookPlan]:
    """The books in every language."""
    return [plan for book in BOOKS for lang in LANGUAGES if (plan := book_plan(ctx, book, lang))]
