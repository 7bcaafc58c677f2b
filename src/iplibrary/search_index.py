"""Per-language search indexes.

Material + mkdocs-static-i18n write ONE index of every language at search/search_index.json,
so a reader searching on /fr/ gets Chinese and Polish pages. After all languages are built
we split it: each language gets <lang>/search/search_index.json holding its own pages
(translations and English fallbacks shown under its prefix), with locations relative to
its own root - which is where its pages' search looks (see overrides/main.html).
"""

import json
from pathlib import Path

from iplibrary.errors import BuildFailed
from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.urls import url_prefix

# lunr stemmers that Material ships; others search without a stemmer of their own
LUNR_LANGUAGES = {"en", "fr", "de", "it", "es"}
ZERO_WIDTH_SPACE = "\u200b"


class SearchIndexError(BuildFailed):
    pass


def search_wanted(one_language: bool) -> bool:
    """Whether a build's pages go into the search index. A one-language preview's do not
    (its index is empty): indexing is about a fifth of its time, spent on every save under
    `make serve LANG=xx`, and a preview is for reading an edited page (a non-English
    preview sits at the site root, where its split index found no page anyway)."""
    return not one_language


def split_entries(docs: list[dict], lang: str, languages: list[str]) -> list[dict]:
    """The entries of `lang` from the combined list, with locations made relative to its root."""
    prefix = url_prefix(lang)
    others = tuple(url_prefix(code) for code in languages if code != DEFAULT_LANGUAGE)
    selected = []
    for doc in docs:
        location = doc["location"]
        if lang == DEFAULT_LANGUAGE:
            if location.startswith(others):
                continue
            selected.append(doc)
        elif location.startswith(prefix):
            selected.append({**doc, "location": location[len(prefix):]})
    return selected


def index_config(base_config: dict, lang: str) -> dict:
    return {**base_config, "lang": [lang] if lang in LUNR_LANGUAGES else ["en"]}


def split_search_index(site_dir: Path, languages: list[str], *, jieba_available: bool) -> dict[str, int]:
    """Rewrite the combined index as one index per language; returns entries per language."""
    combined_path = site_dir / "search" / "search_index.json"
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    if "zh" in languages and not jieba_available:
        raise SearchIndexError("Chinese search needs word segmentation, but the 'jieba' package is not "
                               "installed: run `make serve` or `pip install -r requirements.txt`")
    counts = {}
    for lang in languages:
        entries = split_entries(combined["docs"], lang, languages)
        target = site_dir / url_prefix(lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {"config": index_config(combined["config"], lang), "docs": entries}
        target.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(entries)
    return counts
