"""The catalogue at /library.json: every resource, machine-readable, for partners who
build their own lists from it.

Each resource with its id, type, vocabulary terms and dates and, per language, its
title, summary, page URL, PDF URL and translation state; the vocabulary's labels in
every language; a `schema_version`. Its contract is `schemas/catalogue.json` (JSON
Schema, checked in the tests): change the shape only with a new schema_version.
Written into the site by `iplibrary.build.finish_build`; knows nothing of MkDocs.
"""

import json
from pathlib import Path

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.model import FALLBACK, Library, Resource
from iplibrary.urls import resource_pdf_path
from iplibrary.settings import absolute_base as settings_absolute_base
from iplibrary.facets import FACETS, TYPE_FACET

CATALOGUE_FILE = "library.json"
SCHEMA_VERSION = 2  # 2: `reviewed` added (every object is closed, so a new key is a new shape)
SCHEMA_FILE = "catalogue.json"  # in iplibrary/schemas/


def absolute_base(site_url: str) -> str:
    return settings_absolute_base(site_url, CATALOGUE_FILE, "the catalogue lists absolute links")


def pdf_url(resource: Resource, lang: str, base: str) -> str:
    """The PDF of the language's text: a fallback language gets the English one."""
    pdf_lang = DEFAULT_LANGUAGE if resource.state(lang) == FALLBACK else lang
    return base + resource_pdf_path(resource.id, pdf_lang)


def resource_entry(resource: Resource, base: str, languages: list[str]) -> dict:
    translations = {}
    for lang in languages:
        state = resource.state(lang)
        translations[lang] = {
            "state": state,
            "text_language": DEFAULT_LANGUAGE if state == FALLBACK else lang,
            "title": resource.title_in(lang),
            "summary": resource.summary_in(lang),
            "url": base + resource.url(lang),
            "pdf_url": pdf_url(resource, lang, base),
        }
    return {
        "id": resource.id,
        "type": resource.type.name,
        "terms": {facet: list(resource.terms(facet)) for facet in FACETS},
        "published": resource.published.isoformat(),
        "updated": resource.updated.isoformat() if resource.updated else None,
        "last_updated": resource.last_updated.isoformat(),
        "reviewed": resource.reviewed.isoformat() if resource.reviewed else None,
        "related": list(resource.related),
        "aliases": list(resource.aliases),
        "languages": translations,
    }


def vocabulary_entry(library: Library, languages: list[str]) -> dict:
    """facet -> term -> lang -> label, for the facets and the types."""
    facets = {TYPE_FACET: [t.name for t in CONTENT_TYPES], **{facet: library.vocabulary.terms(facet) for facet in FACETS}}
    return {facet: {term: {lang: library.vocabulary.label(facet, term, lang) for lang in languages} for term in terms}
            for facet, terms in facets.items()}


def build_catalogue(library: Library, site_url: str, languages: list[str] | None = None) -> dict:
    languages = [lang for lang in LANGUAGES if lang in (languages or LANGUAGES)]
    base = absolute_base(site_url)
    resources = sorted(library.resources.values(), key=lambda r: r.id)
    return {
        "schema_version": SCHEMA_VERSION,
        "site_url": base,
        "languages": languages,
        "default_language": DEFAULT_LANGUAGE,
        "vocabulary": vocabulary_entry(library, languages),
        "resources": [resource_entry(r, base, languages) for r in resources],
    }


def write_catalogue(site_dir: Path, library: Library, site_url: str, languages: list[str]) -> Path:
    path = site_dir / CATALOGUE_FILE
    text = json.dumps(build_catalogue(library, site_url, languages), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path
