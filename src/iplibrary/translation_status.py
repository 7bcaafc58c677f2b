"""Translation status for editors: every resource x language - translated, outdated or
missing - with totals per language; as text, JSON, a standalone HTML grid, and the
page of the built site (/editors/translations/).

A translation is outdated when its `translated_from` is older than the source's current
`updated` date (iplibrary.model.Resource.state); a missing one is shown as a fallback.
"""

import json
from html import escape

from iplibrary.languages import TRANSLATION_LANGUAGES
from iplibrary.model import FALLBACK, OUTDATED, TRANSLATED, Library
from iplibrary.staging import front_matter

MISSING = "missing"
STATES = (TRANSLATED, OUTDATED, MISSING)
COLOURS = {TRANSLATED: "#1b5e20", OUTDATED: "#8a4b00", MISSING: "#b71c1c"}  # text colours, >= 4.5:1 on their backgrounds
BACKGROUNDS = {TRANSLATED: "#e8f5e9", OUTDATED: "#fff3e0", MISSING: "#ffebee"}
SYMBOLS = {TRANSLATED: "✓", OUTDATED: "!", MISSING: "–"}


def status_matrix(library: Library) -> dict[str, dict[str, str]]:
    """resource id -> language -> translated | outdated | missing (English left out)."""
    return {rid: {lang: (MISSING if r.state(lang) == FALLBACK else r.state(lang)) for lang in TRANSLATION_LANGUAGES}
            for rid, r in sorted(library.resources.items())}


def totals(matrix: dict[str, dict[str, str]]) -> dict[str, dict[str, int]]:
    return {lang: {state: sum(1 for row in matrix.values() if row[lang] == state) for state in STATES}
            for lang in TRANSLATION_LANGUAGES}


def outdated(matrix: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    return [(rid, lang) for rid, row in matrix.items() for lang, state in row.items() if state == OUTDATED]


def as_json(library: Library) -> str:
    matrix = status_matrix(library)
    return json.dumps({"languages": list(TRANSLATION_LANGUAGES), "resources": matrix, "totals": totals(matrix)},
                      indent=2, ensure_ascii=False) + "\n"


def as_text(library: Library) -> str:
    matrix = status_matrix(library)
    width = max([len(rid) for rid in matrix] + [8])
    lines = [f"{'resource':<{width}}  " + "  ".join(f"{lang:>2}" for lang in TRANSLATION_LANGUAGES)]
    for rid, row in matrix.items():
        lines.append(f"{rid:<{width}}  " + "  ".join(f"{SYMBOLS[row[lang]]:>2}" for lang in TRANSLATION_LANGUAGES))
    lines.append("")
    for lang, counts in totals(matrix).items():
        lines.append(f"{lang}: {counts[TRANSLATED]} translated, {counts[OUTDATED]} outdated, {counts[MISSING]} missing")
    lines.append(f"legend: {SYMBOLS[TRANSLATED]} translated, {SYMBOLS[OUTDATED]} outdated, {SYMBOLS[MISSING]} missing")
    return "\n".join(lines) + "\n"


def grid_html(library: Library, link_prefix: str = "", detail_urls: dict[tuple[str, str], str] | None = None) -> str:
    """The coloured grid as an HTML table (a fragment); `link_prefix` leads to the site root;
    `detail_urls` (resource id, language) -> site-relative URL of a cell's detail page."""
    detail_urls = detail_urls or {}
    matrix = status_matrix(library)
    head = "".join(f'<th scope="col">{lang}</th>' for lang in TRANSLATION_LANGUAGES)
    rows = []
    for rid, row in matrix.items():
        resource = library.get(rid)
        cells = "".join(
            f'<td class="status status--{row[lang]}" style="background:{BACKGROUNDS[row[lang]]};color:{COLOURS[row[lang]]}">'
            f'<span aria-hidden="true">{SYMBOLS[row[lang]]}</span> {_cell_text(row[lang], detail_urls.get((rid, lang)), link_prefix)}</td>'
            for lang in TRANSLATION_LANGUAGES)
        rows.append(f'<tr><th scope="row"><a href="{link_prefix}{resource.url()}">{escape(resource.title)}</a> '
                    f'<small>{escape(resource.type.name)}</small></th>{cells}</tr>')
    total_cells = "".join(f"<td>{c[TRANSLATED]} / {c[OUTDATED]} / {c[MISSING]}</td>" for c in totals(matrix).values())
    return (f'<table class="translation-status"><thead><tr><th scope="col">Resource</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody><tfoot><tr><th scope="row">Translated / outdated / missing</th>{total_cells}</tr></tfoot></table>')


def _cell_text(state: str, detail_url: str | None, link_prefix: str) -> str:
    return f'<a href="{link_prefix}{detail_url}">{state}: what changed</a>' if detail_url else state


def standalone_html(library: Library) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Translation status</title>"
            "<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;"
            "padding:.2rem .5rem;text-align:left;font-size:.85rem}</style></head><body><h1>Translation status</h1>"
            + grid_html(library) + "</body></html>\n")


def status_page_files(library: Library, detail_urls: dict[tuple[str, str], str] | None = None) -> dict[str, str]:
    """The editors' page of the built site, in English (it is for the editorial team);
    `detail_urls`: the pages showing what changed in the English of outdated translations."""
    body = (front_matter({"title": "Translation status", "description": "Which resources are translated, outdated or missing in each language."})
            + "# Translation status\n\nEvery resource in every language: ✓ translated, ! outdated (the English "
            "was updated after the translation), – missing (readers see the English text with a notice). "
            "The same grid comes from `make translations`.\n\n"
            + grid_html(library, link_prefix="../../", detail_urls=detail_urls) + "\n")
    return {"editors/translations.md": body}


