"""The site's languages: the one home of the language list and its order."""

DEFAULT_LANGUAGE = "en"

# code -> name of the language in that language (what the switcher shows)
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
    "es": "Español",
    "pl": "Polski",
    "zh": "中文",
}

TRANSLATION_LANGUAGES: tuple[str, ...] = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)


def staged_languages(only: str | None = None) -> tuple[str, ...]:
    """The languages a build stages pages in: all of them, or for a one-language preview
    of `only`, that language and English (the text of its fallback pages). A preview
    builds no other language, so writing their pages would be wasted work."""
    if not only:
        return tuple(LANGUAGES)
    return tuple(code for code in LANGUAGES if code in (DEFAULT_LANGUAGE, only))


def path_language(path: str) -> str:
    """The language of a staged or docs/ file by its name: 'about.fr.md' is French,
    'about.md' and anything not markdown English."""
    if not path.endswith(".md"):
        return DEFAULT_LANGUAGE
    stem, _, code = path[: -len(".md")].rpartition(".")
    return code if stem and code in LANGUAGES else DEFAULT_LANGUAGE


def url_prefix(lang: str) -> str:
    """The path prefix of a language: '' for English, 'fr/' for French."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
