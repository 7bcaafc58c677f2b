"""The site's languages: the one home of the language list and its order (how a URL or a
file name carries a language is `iplibrary.urls`'s)."""

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


def one_language(languages) -> bool:
    """Whether a build of `languages` is a one-language preview (LIBRARY_ONLY_LANG), which
    serves its language at the site root: its staged languages (`staged_languages`) or
    the ones it builds."""
    return set(languages) != set(LANGUAGES)


def staged_languages(only: str | None = None) -> tuple[str, ...]:
    """The languages a build stages pages in: all of them, or for a one-language preview
    of `only`, that language and English (the text of its fallback pages). A preview
    builds no other language, so writing their pages would be wasted work."""
    if not only:
        return tuple(LANGUAGES)
    return tuple(code for code in LANGUAGES if code in (DEFAULT_LANGUAGE, only))
