"""What changed in the English since each outdated translation was made, for editors:
a page per outdated translation under /editors/translations/ (old and new English side
by side, words that changed marked), and the same as text for `make translations`.

Reads the library, the memory and git history (iplibrary.translation_kit.history);
writes nothing: the build stages what `changes_page_files` returns.
"""

import difflib
from html import escape
from pathlib import Path

from iplibrary.listings import escape_markdown
from iplibrary.model import OUTDATED, Library, Resource
from iplibrary.staging import SEARCH_EXCLUDED, front_matter
from iplibrary.translation_kit import history
from iplibrary.translation_kit.segments import segment_file
from iplibrary.urls import CHANGES_DIR


def outdated_translations(library: Library) -> list[tuple[Resource, str]]:
    return [(r, lang) for r in library.resources.values() for lang in r.translations if r.state(lang) == OUTDATED]


def changes_page_uri(resource: Resource, lang: str) -> str:
    return f"{CHANGES_DIR}/{resource.id}-{lang}.md"


def changes_page_keys(library: Library) -> dict[tuple[str, str], str]:
    """(resource id, language) -> the staged path of its changes page."""
    return {(r.id, lang): changes_page_uri(r, lang) for r, lang in outdated_translations(library)}


def change_report(root: Path, resource: Resource, lang: str) -> tuple[str | None, list]:
    """(where the old English came from, rows) or (None, []) when it cannot be found."""
    found = history.previous_pairs(root, resource, lang)
    if found is None:
        return None, []
    current = segment_file((root / resource.path).read_text(encoding="utf-8"))
    return found[1], history.changed_rows(current, found[0])


def _word_diff(old: str, new: str) -> tuple[str, str]:
    """Both texts as HTML, the words only in one marked <del> / <ins>."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        olds, news = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(olds)
            right.append(news)
        else:
            if olds:
                left.append(f"<del>{olds}</del>")
            if news:
                right.append(f"<ins>{news}</ins>")
    return " ".join(left), " ".join(right)


def changes_html(root: Path, resource: Resource, lang: str) -> str:
    origin, rows = change_report(root, resource, lang)
    translation = resource.translations[lang]
    intro = (f"<p>The {lang} translation (<code>{escape(translation.path)}</code>) was made from the English of "
             f"{translation.translated_from.isoformat()}; the English is now of {resource.last_updated.isoformat()}. "
             f"<code>scripts/translate export --lang {lang} {escape(resource.path)}</code> makes a kit of exactly these "
             "changes for the translator.</p>")
    if origin is None:
        return intro + (f"<p>The English of {translation.translated_from.isoformat()} is neither in the translation "
                        f"memory nor in git history (no commit of <code>{escape(resource.path)}</code> has that date): "
                        "compare the whole text.</p>")
    if not rows:
        return intro + "<p>No paragraph changed: only the date moved. Setting <code>translated_from</code> makes it current.</p>"
    body = []
    for status, old, new in rows:
        left, right = _word_diff(old, new) if old is not None and new is not None else (escape(old or ""), escape(new or ""))
        body.append(f'<tr class="change change--{status}"><th scope="row">{status}</th><td>{left}</td><td>{right}</td></tr>')
    return (intro + f"<p>{len(rows)} paragraph{'s' if len(rows) != 1 else ''} changed (old English from {escape(origin)}).</p>"
            '<table class="translation-changes"><thead><tr><th scope="col">Change</th>'
            f'<th scope="col">English of {translation.translated_from.isoformat()}</th>'
            f'<th scope="col">English now ({resource.last_updated.isoformat()})</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def changes_page_files(root: Path, library: Library) -> dict[str, str]:
    """One English page per outdated translation (the editors' pages are in English)."""
    files = {}
    for resource, lang in outdated_translations(library):
        title = f"What changed: {resource.title} ({lang})"
        files[changes_page_uri(resource, lang)] = (
            front_matter({"title": title, **SEARCH_EXCLUDED})
            + f"# {escape_markdown(title)}\n\n" + changes_html(root, resource, lang) + "\n")
    return files


def changes_text(root: Path, library: Library) -> str:
    """The same for a terminal (`make translations`)."""
    lines = []
    for resource, lang in outdated_translations(library):
        origin, rows = change_report(root, resource, lang)
        translation = resource.translations[lang]
        lines.append(f"{resource.id} ({lang}): translated from {translation.translated_from.isoformat()}, "
                     f"English now {resource.last_updated.isoformat()}")
        if origin is None:
            lines.append("  the old English is neither in the memory nor in git history: compare the whole text")
        for status, old, new in rows:
            if old is not None:
                lines.append(f"  - {status}: {old}")
            if new is not None:
                lines.append(f"  + {status}: {new}")
    return "\n".join(lines) + ("\n" if lines else "")
