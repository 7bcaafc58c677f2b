"""The site's own strings in seven languages (gettext PO files in `locales/`), and
locale-aware dates (Babel's CLDR data).

English text is the message id; `locales/<lang>.po` holds each translation and
`locales/messages.pot` the template translators start from.
"""

from datetime import date
from functools import lru_cache
from importlib import resources as package_files

from babel.dates import format_date
from babel.messages.pofile import read_po

from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES

BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE", "it": "it_IT", "es": "es_ES", "pl": "pl_PL", "zh": "zh_Hans_CN"}


def _locale_file(name: str):
    return package_files.files("iplibrary.locales").joinpath(name)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr for `lang`; untranslated and fuzzy entries are left out."""
    name = "messages.pot" if lang == DEFAULT_LANGUAGE else f"{lang}.po"
    with _locale_file(name).open("rb") as handle:
        cat = read_po(handle, locale=None if lang == DEFAULT_LANGUAGE else lang)
    result = {}
    for message in cat:
        if not message.id:
            continue
        if lang == DEFAULT_LANGUAGE:
            result[message.id] = message.id
        elif message.string and not message.fuzzy:
            result[message.id] = message.string
    return result


def gettext(lang: str, msgid: str, **values) -> str:
    """The translation of `msgid` in `lang`, with `{placeholders}` filled in.

    A missing translation is a bug the catalogue tests catch; at run time it falls back
    to English rather than failing the build.
    """
    text = catalogue(lang).get(msgid) or msgid
    return text.format(**values) if values else text


def language_name(lang: str) -> str:
    """The language's own name for itself (as in the language switcher)."""
    return LANGUAGES[lang]


@lru_cache(maxsize=4096)  # ~13,000 calls a build over a few hundred distinct dates
def format_day(day: date, lang: str) -> str:
    """A date as a reader of `lang` writes it: '21 novembre 2026', '2026年11月21日'."""
    return format_date(day, format="long", locale=BABEL_LOCALES[lang])


def missing_translations() -> dict[str, list[str]]:
    """lang -> msgids of the template that lack a translation (empty when complete)."""
    template = catalogue(DEFAULT_LANGUAGE)
    return {lang: [m for m in template if m not in catalogue(lang)] for lang in LANGUAGES if lang != DEFAULT_LANGUAGE}
