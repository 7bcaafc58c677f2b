"""Unit tests of the seven-language machinery: the strings catalogue, locale dates,
freshness of translations and the translation status."""

import re
from datetime import date

import pytest

from helpers import REPO
from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.languages import LANGUAGES, staged_languages
from iplibrary.urls import path_language
from iplibrary.model import Library, Resource, Translation
from iplibrary.translation_status import as_json, as_text, outdated, status_matrix, totals
from iplibrary.ui_text import catalogue, format_day, gettext, missing_translations
from iplibrary.vocabulary import load_vocabulary

SOURCES = [*(REPO / "src" / "iplibrary").rglob("*.py"), *(REPO / "hooks").glob("*.py")]
MSGID_IN_CODE = re.compile(r"""gettext\(\s*\w+\s*,\s*(["'])((?:(?!\1).)+)\1""")


def test_every_string_is_translated_in_every_language():
    assert missing_translations() == {lang: [] for lang in LANGUAGES if lang != "en"}


def test_every_string_the_code_uses_is_in_the_catalogue():
    used = {match.group(2) for path in SOURCES for match in MSGID_IN_CODE.finditer(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no gettext call: the test would prove nothing"
    assert sorted(used - set(catalogue("en"))) == []


def test_placeholders_survive_translation():
    for lang in LANGUAGES:
        for msgid, text in catalogue(lang).items():
            assert set(re.findall(r"\{(\w+)\}", msgid)) >= set(re.findall(r"\{(\w+)\}", text)), (lang, msgid)


@pytest.mark.parametrize("lang, expected", [
    ("en", "21 November 2026"), ("fr", "21 novembre 2026"), ("de", "21. November 2026"),
    ("it", "21 novembre 2026"), ("es", "21 de noviembre de 2026"), ("pl", "21 listopada 2026"), ("zh", "2026年11月21日"),
])
def test_dates_follow_the_locale(lang, expected):
    assert format_day(date(2026, 11, 21), lang) == expected


def test_gettext_fills_placeholders():
    assert gettext("fr", "{count} resources", count=3) == "3 ressources"


def make_library() -> Library:
    vocabulary, _ = load_vocabulary(REPO)

    def res(rid, updated=None):
        return Resource(id=rid, type=TYPES_BY_NAME["faq"], path=f"faq/{rid}.md", title=rid, summary="s",
                        published=date(2026, 3, 1), updated=updated, body="b")

    current, stale, untranslated = res("current", date(2026, 5, 1)), res("stale", date(2026, 9, 1)), res("alone")
    current.translations["fr"] = Translation("fr", "faq/current.fr.md", "t", "s", date(2026, 5, 1), "b")
    stale.translations["fr"] = Translation("fr", "faq/stale.fr.md", "t", "s", date(2026, 5, 1), "b")
    stale.translations["zh"] = Translation("zh", "faq/stale.zh.md", "t", "s", date(2026, 9, 1), "b")
    return Library(vocabulary=vocabulary, resources={r.id: r for r in (current, stale, untranslated)})


def test_a_translation_older_than_the_source_update_is_outdated():
    library = make_library()
    assert library.get("current").state("fr") == "translated"
    assert library.get("stale").state("fr") == "outdated"
    assert library.get("stale").state("zh") == "translated"
    assert library.get("alone").state("fr") == "fallback"
    assert library.get("alone").state("en") == "translated"


def test_status_matrix_totals_and_outdated_list():
    library = make_library()
    matrix = status_matrix(library)
    assert matrix["stale"]["fr"] == "outdated" and matrix["alone"]["de"] == "missing"
    assert totals(matrix)["fr"] == {"translated": 1, "outdated": 1, "missing": 1}
    assert totals(matrix)["de"] == {"translated": 0, "outdated": 0, "missing": 3}
    assert outdated(matrix) == [("stale", "fr")]
    assert '"stale": {\n      "fr": "outdated"' in as_json(library)
    assert "fr: 1 translated, 1 outdated, 1 missing" in as_text(library)


def test_a_preview_stages_its_language_and_english_a_full_build_all():
    assert staged_languages(None) == tuple(LANGUAGES)
    assert staged_languages("fr") == ("en", "fr")
    assert staged_languages("en") == ("en",)


@pytest.mark.parametrize("path, lang", [("about.fr.md", "fr"), ("faq/x.zh.md", "zh"), ("about.md", "en"),
                                        ("library/index.md", "en"), ("notes.v2.md", "en"), ("logo.fr.png", "en")])
def test_path_language_reads_the_suffix(path, lang):
    assert path_language(path) == lang
