"""Sitemaps whose hreflang alternates list only real translations, plus x-default.

mkdocs-static-i18n lists fallback copies as translations and has no x-default. We write
/sitemap.xml (every page in every language, each with its honest alternates) and
/<lang>/sitemap.xml (that language's pages, which Material's language selector reads).
The pages and their real languages come from the staged files: `name.md` is English,
`name.<lang>.md` a real translation; every other language shows the English fallback.
"""

from pathlib import Path
from xml.sax.saxutils import escape

from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.urls import english_path, page_url, path_language, url_prefix

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def real_languages(staged_paths: list[str]) -> dict[str, list[str]]:
    """Page URL -> languages with a real (not fallback) text, in the site's order."""
    pages: dict[str, set[str]] = {}
    for path in staged_paths:
        if path.endswith(".md"):
            pages.setdefault(page_url(english_path(path)), set()).add(path_language(path))
    return {url: [code for code in LANGUAGES if code in langs] for url, langs in sorted(pages.items())}


def _entry(site_url: str, url: str, lang: str, real: list[str]) -> str:
    links = [f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(site_url + url_prefix(code) + url)}"/>'
             for code in real]
    links.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{escape(site_url + url)}"/>')
    return f"<url><loc>{escape(site_url + url_prefix(lang) + url)}</loc>{''.join(links)}</url>"


def sitemap_xml(site_url: str, pages: dict[str, list[str]], languages: list[str]) -> str:
    """A sitemap of `pages` in `languages`; a fallback copy is listed but is nobody's alternate."""
    entries = [_entry(site_url, url, lang, real) for url, real in pages.items() for lang in languages]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
            + "\n".join(entries) + "\n</urlset>\n")


def write_sitemaps(site_dir: Path, site_url: str, staged_paths: list[str], languages: list[str], *,
                   preview: bool = False) -> None:
    """/sitemap.xml with the published URLs of every page; /<lang>/sitemap.xml per language,
    except in a one-language preview (`preview`), which serves its language at the root."""
    site_url = site_url.rstrip("/") + "/"
    pages = real_languages(staged_paths)
    (site_dir / "sitemap.xml").write_text(sitemap_xml(site_url, pages, languages), encoding="utf-8")
    for lang in ([] if preview else languages):
        if lang != DEFAULT_LANGUAGE:
            target = site_dir / url_prefix(lang) / "sitemap.xml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(sitemap_xml(site_url, pages, [lang]), encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.exists():  # MkDocs' gzipped copy of its own sitemap would now disagree
        gz.unlink()
