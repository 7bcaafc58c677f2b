"""The validated content model: resources, their translations and the library.

Built only by `iplibrary.library.load_library`; everything derived (pages, indexes,
feeds, PDFs) reads from here and never from the source files.
"""

from dataclasses import dataclass, field
from datetime import date

from iplibrary.content_types import ContentType
from iplibrary.errors import ContentError
from iplibrary.id_links import LinkIndex
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import url_prefix
from iplibrary.vocabulary import Vocabulary

TRANSLATED = "translated"
OUTDATED = "outdated"
FALLBACK = "fallback"  # shown in English under another language's prefix


@dataclass(frozen=True)
class Change:
    date: date
    note: str


@dataclass
class Translation:
    lang: str
    path: str
    title: str
    summary: str
    translated_from: date
    body: str
    body_line: int = 1  # line of the file where the body starts, for errors
    translated_by: str | None = None  # a partner or agency, credited on the page and in the PDF


@dataclass
class Resource:
    id: str
    type: ContentType
    path: str  # source file, relative to the project root
    title: str
    summary: str
    published: date
    updated: date | None
    body: str
    reviewed: date | None = None  # last checked against the law; distinct from `updated`
    regions: tuple[str, ...] = ()
    ip_rights: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def last_updated(self) -> date:
        return self.updated or self.published

    @property
    def last_checked(self) -> date:
        """The date a review is counted from: `reviewed`, or else `updated`, or else `published`."""
        return self.reviewed or self.updated or self.published

    @property
    def collection(self) -> str:
        return self.type.collection

    def url(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Site-relative URL of the resource page in `lang`, e.g. 'fr/faq/x/'."""
        return f"{url_prefix(lang)}{self.collection}/{self.id}/"

    def canonical_url(self, lang: str, site_url: str) -> str:
        """The absolute URL to index and share: a fallback copy's is the English page."""
        canonical_lang = DEFAULT_LANGUAGE if self.state(lang) == FALLBACK else lang
        return site_url.rstrip("/") + "/" + self.url(canonical_lang)

    def state(self, lang: str) -> str:
        """translated, outdated or fallback; English is always translated."""
        if lang == DEFAULT_LANGUAGE:
            return TRANSLATED
        translation = self.translations.get(lang)
        if translation is None:
            return FALLBACK
        return OUTDATED if translation.translated_from < self.last_updated else TRANSLATED

    def available_languages(self) -> list[str]:
        """Languages with a real text (English first), in the site's order."""
        return [lang for lang in LANGUAGES if lang == DEFAULT_LANGUAGE or lang in self.translations]

    def title_in(self, lang: str) -> str:
        translation = self.translations.get(lang)
        return translation.title if translation else self.title

    def summary_in(self, lang: str) -> str:
        translation = self.translations.get(lang)
        return translation.summary if translation else self.summary

    def terms(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)


@dataclass
class Library:
    vocabulary: Vocabulary
    resources: dict[str, Resource]  # by id, in path order
    redirects: dict[str, str] = field(default_factory=dict)  # redirects.yml: old URL 'faq/x/' -> id
    links: LinkIndex | None = None  # what links may name: ids, former ids, files (None: ids only)
    notes: list[ContentError] = field(default_factory=list)  # worth a look, not errors: former ids in use

    def get(self, resource_id: str) -> Resource:
        return self.resources[resource_id]

    def of_type(self, type_name: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.type.name == type_name]
