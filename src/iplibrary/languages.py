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


def url_prefix(lang: str) -> str:
    """The path prefix of a language: '' for English, 'fr/' for French."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
