"""Print documents, PDF cache keys, the renderer's checks and the glyph check: the
plain modules behind the downloads (no MkDocs)."""

import json
import os
import re
from pathlib import Path

import markdown
import pytest

from fixture_library import RESOURCES
from helpers import make_library, write
from iplibrary.errors import BuildFailed
from iplibrary.library import load_library
from iplibrary.downloads.pdf import PdfCache, cache_key, render_pdfs, renderer_fingerprint
from iplibrary.downloads.pdf_fonts import foreign_fonts, missing_glyphs
from iplibrary.downloads.print_fonts import print_font_families
from iplibrary.downloads.book_pdf import footers, page_numbers, part_jobs
from iplibrary.downloads.print_document import (BOOK_LINK_PREFIX, BOOKS, LONG_RESOURCE_HEADINGS, PrintContext, PrintJob,
                                      book_chapters, book_front_job, book_plan, book_plans, markdown_extensions,
                                      print_jobs, resource_job)
from quality import pdf_problems, pdf_text

SITE = "https://helpdesk.example.org/"
FAQ_A_ZH = """\
    ---
    title: 问题A？
    summary: 答案A。
    translated_from: 2026-08-01
    ---
    完整的答案A。
    """


@pytest.fixture()
def library_root(tmp_path):
    root = make_library(tmp_path, {**RESOURCES, "faq/a.zh.md": FAQ_A_ZH})
    write(root, "mkdocs.yml", f"site_url: {SITE}\nextra:\n  helpdesk:\n    name: Test Helpdesk\n    email: ask@example.org\n"
                              "markdown_extensions:\n  - admonition\n  - attr_list\n  - toc:\n      permalink: true\n")
    return root


def jobs_by_target(root: Path) -> dict[str, PrintJob]:
    """Every document rendered on its own: resources, and books' parts."""
    ctx = PrintContext.for_project(root, load_library(root))
    return {job.target: job for job in print_jobs(ctx) + part_jobs(book_plans(ctx))}


def keys(root: Path, renderer: str = "r1") -> dict[str, str]:
    return {target: cache_key(job.html, renderer) for target, job in jobs_by_target(root).items()}


# --- which documents, and their cache keys -------------------------------------------

def test_a_pdf_per_resource_per_language_it_exists_in_and_the_books_in_every_language(library_root):
    ctx = PrintContext.for_project(library_root, load_library(library_root))
    targets = {job.target for job in print_jobs(ctx)}
    resources = {f"downloads/en/{rid}.pdf" for rid in ("macao-basics", "taiwan-basics", "designs-basics", "fair-guide",
                                                       "case-one", "case-two", "faq-a", "faq-b")}
    translations = {"downloads/fr/macao-basics.pdf", "downloads/zh/taiwan-basics.pdf", "downloads/zh/faq-a.pdf"}
    books = {f"downloads/{lang}/{book.name}.{lang}.pdf" for book in BOOKS for lang in ("en", "fr", "de", "it", "es", "pl", "zh")}
    assert targets == resources | translations
    assert {plan.target for plan in book_plans(ctx)} == books


def test_cache_key_depends_on_the_html_and_the_renderer():
    assert cache_key("<p>a</p>", "r1") == cache_key("<p>a</p>", "r1")
    assert cache_key("<p>a</p>", "r1") != cache_key("<p>b</p>", "r1")
    assert cache_key("<p>a</p>", "r1") != cache_key("<p>a</p>", "r2")


def test_keys_are_stable_across_runs(library_root):
    assert keys(library_root) == keys(library_root)


def test_changing_a_translation_changes_only_its_pdf_and_its_language_handbook(library_root):
    before = keys(library_root)
    write(library_root, "faq/a.zh.md", FAQ_A_ZH.replace("完整的答案A。", "新的答案A。"))
    after = keys(library_root)
    assert sorted(t for t in before if before[t] != after[t]) == ["downloads/zh/faq-a.pdf",
                                                                 "downloads/zh/faq-handbook.zh.pdf (faq-a)"]


def test_changing_a_source_changes_its_pdf_and_every_book_that_shows_it_in_english(library_root):
    before = keys(library_root)
    write(library_root, "faq/nested/b.md", RESOURCES["faq/nested/b.md"].replace("Answer B in full.", "Answer B, revised."))
    changed = sorted(t for t in before if before[t] != keys(library_root)[t])
    assert changed == sorted(["downloads/en/faq-b.pdf", *(f"downloads/{lang}/faq-handbook.{lang}.pdf (faq-b)"
                                                          for lang in ["en", "fr", "de", "it", "es", "pl", "zh"])])


def test_an_english_entry_is_the_same_part_in_every_book_that_shows_it_in_english(library_root):
    write(library_root, "faq/e.md", RESOURCES["faq/nested/b.md"].replace("faq-b", "faq-e").replace("B", "E")
          .replace("2026-08-02", "2026-08-05"))
    ctx = PrintContext.for_project(library_root, load_library(library_root))
    parts = {plan.lang: {entry.anchor: entry for entry in plan.entries} for plan in book_plans(ctx)
             if plan.book == BOOKS[0]}
    # faq-b opens the patents chapter (headings in the book's language); faq-e follows it
    assert parts["en"]["entry-faq-b"].heads == ("chapter-2", "chapter-2-1") and parts["en"]["entry-faq-e"].heads == ()
    assert len({parts[lang]["entry-faq-e"].job.html for lang in parts}) == 1
    assert len({parts[lang]["entry-faq-b"].job.html for lang in parts}) == 7
    assert parts["zh"]["entry-faq-e"].fallback and '<html lang="en">' in parts["zh"]["entry-faq-e"].job.html
    assert not parts["zh"]["entry-faq-a"].fallback  # translated


def test_changing_the_stylesheet_or_the_renderer_changes_every_key(library_root, monkeypatch):
    before = keys(library_root)
    assert all(before[t] != k for t, k in keys(library_root, renderer="r2").items())
    monkeypatch.setattr(PrintContext, "css", property(lambda self: "body { color: red }"))
    assert all(before[t] != k for t, k in keys(library_root).items())


def test_renderer_fingerprint_names_weasyprint_and_the_fonts():
    fingerprint = renderer_fingerprint()
    assert "weasyprint==70.0" in fingerprint
    assert re.search(r"^fonts [0-9a-f]{16}$", fingerprint, re.M)


# --- what a document holds -------------------------------------------------------------

def test_resource_document_has_cover_facts_links_and_contact(library_root):
    html = jobs_by_target(library_root)["downloads/en/macao-basics.pdf"].html
    assert '<html lang="en">' in html and '<meta charset="utf-8">' in html
    assert "<h1>Macao basics</h1>" in html and "Factsheets" in html and "Test Helpdesk" in html
    assert "1 March 2026" in html and "1 October 2026" in html  # published, updated
    # an id: link becomes an absolute URL on the site, with its anchor
    assert f'href="{SITE}factsheets/taiwan-basics/#offices"' in html
    assert f'<a href="{SITE}factsheets/macao-basics/">' in html  # the online version
    assert "This information is first-line advice, not legal advice." in html
    assert 'href="mailto:ask@example.org"' in html and f'href="{SITE}enquiry/"' in html
    assert 'class="toc"' not in html  # a short text needs no table of contents
    assert "headerlink" not in html  # no permalink signs on paper


def test_long_resource_gets_a_table_of_contents_with_working_anchors(library_root):
    sections = "\n\n        ".join(f"## Part {n}\n\n        Text {n}." for n in range(1, LONG_RESOURCE_HEADINGS + 1))
    write(library_root, "guides/horizontal/fairs.md", RESOURCES["guides/horizontal/fairs.md"].replace("Prepare.", sections))
    html = jobs_by_target(library_root)["downloads/en/fair-guide.pdf"].html
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    assert [m for m in re.findall(r'href="#([^"]+)"', toc)] == [f"part-{n}" for n in range(1, LONG_RESOURCE_HEADINGS + 1)]
    assert all(f'id="part-{n}"' in html for n in range(1, LONG_RESOURCE_HEADINGS + 1))


def test_outdated_translation_says_so_and_links_the_english_page(library_root):
    html = jobs_by_target(library_root)["downloads/fr/macao-basics.pdf"].html
    assert '<html lang="fr">' in html and "Macao, l&#39;essentiel" in html
    assert "Cette traduction n’est peut-être plus à jour" in html
    assert f'href="{SITE}factsheets/macao-basics/" hreflang="en"' in html


def test_no_pdf_for_a_language_the_resource_is_not_translated_into(library_root):
    ctx = PrintContext.for_project(library_root, load_library(library_root))
    with pytest.raises(ValueError):
        resource_job(ctx, ctx.library.get("faq-b"), "de")


def test_markdown_extensions_follow_mkdocs_yml_without_permalinks():
    names, configs = markdown_extensions({"markdown_extensions": ["admonition", {"toc": {"permalink": True}}, "pymdownx.details"]})
    assert names == ["toc", "tables", "fenced_code", "admonition", "pymdownx.details"]
    assert configs["toc"]["permalink"] is False


def test_books_group_by_ip_right_then_topic_with_several_rights_last(library_root):
    write(library_root, "faq/c.md", """\
        ---
        id: faq-c
        title: Question C?
        summary: Answer C.
        published: 2026-08-03
        ip_rights: [trade-marks, patents]
        topics: [enforcement, registration]
        ---
        Answer C.
        """)
    write(library_root, "faq/d.md", RESOURCES["faq/a.md"].replace("faq-a", "faq-d").replace("Question A?", "Question D?")
          .replace("ip_rights: [trade-marks]", "ip_rights: [trade-marks]\n        topics: [registration]"))
    library = load_library(library_root)
    chapters = book_chapters(library.of_type("faq"), library)
    shape = [(c.ip_right, [(s.topic, [r.id for r in s.resources]) for s in c.sections]) for c in chapters]
    assert shape == [("trade-marks", [("registration", ["faq-d"]), (None, ["faq-a"])]),
                     ("patents", [(None, ["faq-b"])]),
                     (None, [("enforcement", ["faq-c"])])]


def test_handbook_numbers_questions_and_marks_english_ones(library_root):
    ctx = PrintContext.for_project(library_root, load_library(library_root))
    plan = book_plan(ctx, BOOKS[0], "zh")
    first, second = plan.entries
    assert '<html lang="zh">' in first.job.html  # it opens chapter 1, in Chinese
    assert '<h2 id="chapter-1" class="book-head book-head--2">商标</h2>' in first.job.html
    assert '<span class="entry__number">1.</span> 问题A？' in first.job.html and not first.fallback
    english = second.job.html[second.job.html.index('<article class="entry" lang="en">'):]
    assert '<span class="entry__number">2.</span> Question B?' in english and second.fallback
    assert f'href="{SITE}faq/faq-b/"' in english  # the English page, which exists
    ids = re.findall(r'\sid="([^"]+)"', first.job.html + second.job.html)
    assert len(ids) == len(set(ids))  # entries' own anchors are prefixed, never clash
    # page numbers: the front has 2 pages, each entry 1, the closing part 1
    part_pages = {entry.job.target: 1 for entry in plan.entries} | {plan.closing.target: 1}
    pages = page_numbers(plan, 2, part_pages)
    assert pages == {"chapter-1": 3, "chapter-1-1": 3, "entry-faq-a": 3, "chapter-2": 4, "chapter-2-1": 4,
                     "entry-faq-b": 4, "about": 5}
    front = book_front_job(ctx, plan, pages).html
    toc = front[front.index('<nav class="toc'):front.index("</nav>")]
    assert f'<a href="{BOOK_LINK_PREFIX}entry-faq-a" data-page="3">1. 问题A？</a>' in toc
    assert (f'<a href="{BOOK_LINK_PREFIX}entry-faq-b" data-page="4"><span lang="en">2. Question B?</span> '
            '<span class="toc__mark">(英文)</span></a>') in toc
    # the footer marks the English entry's pages in the reader's language; none on the cover
    assert footers(plan, 2, part_pages) == ["", "常见问题手册", "常见问题手册", "尚未翻译：本文为英文。", "常见问题手册"]
    assert [(title, level, page) for title, level, page in plan.outline(pages)] == [
        ("目录", 1, 0), ("商标", 1, 2), ("其他主题", 2, 2), ("1. 问题A？", 3, 2), ("专利和实用新型", 1, 3), ("其他主题", 2, 3),
        ("2. Question B?", 3, 3), ("关于本文件", 1, 4)]


def test_a_translated_entry_credits_its_translator_and_an_english_one_does_not(library_root):
    write(library_root, "faq/a.zh.md", FAQ_A_ZH.replace("translated_from:", "translated_by: 里昂 <商会> & Co\n    translated_from:"))
    ctx = PrintContext.for_project(library_root, load_library(library_root))
    first, second = book_plan(ctx, BOOKS[0], "zh").entries
    assert '<p class="entry__credit">译者: 里昂 &lt;商会&gt; &amp; Co</p>' in first.job.html
    assert 'class="entry__credit"' not in second.job.html  # an English fallback entry: nobody translated it
    assert 'class="entry__credit"' not in book_plan(ctx, BOOKS[0], "fr").entries[0].job.html


def test_markdown_conversions_are_stored_and_only_changed_texts_converted_again(library_root, tmp_path, monkeypatch):
    stored = tmp_path / "conversions.json"
    first = PrintContext.for_project(library_root, load_library(library_root))
    first.load_conversions(stored)  # none yet
    before = {job.target: job.html for job in print_jobs(first) + part_jobs(book_plans(first))}
    first.store_conversions(stored)
    write(library_root, "faq/a.zh.md", FAQ_A_ZH.replace("完整的答案A。", "新的答案A。"))
    second = PrintContext.for_project(library_root, load_library(library_root))
    second.load_conversions(stored)
    converted = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: converted.append(text) or convert(self, text))
    after = {job.target: job.html for job in print_jobs(second) + part_jobs(book_plans(second))}
    assert converted == ["新的答案A。\n", "新的答案A。\n"]  # once for its PDF, once at a book's heading level
    assert sorted(t for t in before if before[t] != after[t]) == ["downloads/zh/faq-a.pdf",
                                                                 "downloads/zh/faq-handbook.zh.pdf (faq-a)"]
    second.store_conversions(stored)
    assert not any("完整的答案A" in html for html, _ in json.loads(stored.read_text(encoding="utf-8")).values())


# --- rendering, the cache and the checks -----------------------------------------------

def test_render_caches_by_key_and_a_second_run_renders_nothing(library_root, tmp_path):
    jobs = [job for job in jobs_by_target(library_root).values() if job.target in
            ("downloads/en/faq-a.pdf", "downloads/zh/faq-a.pdf")]
    cache_dir = tmp_path / "cache"
    progress = []
    first = render_pdfs(jobs, cache_dir, workers=1, progress=lambda done, total: progress.append((done, total)))
    assert first.rendered == 2 and progress[0] == (0, 2) and progress[-1] == (2, 2)
    second = render_pdfs(jobs, cache_dir, workers=1)
    assert second.rendered == 0
    assert [p.path for p in second.pdfs] == [p.path for p in first.pdfs]
    zh = next(p for p in second.pdfs if p.lang == "zh")
    assert zh.pages == 1 and "完整的答案A。" in pdf_text(zh.path)
    assert pdf_problems(zh.path, "zh") == []
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(f"{p.key}.{ext}" for p in first.pdfs for ext in ("pdf", "json"))


def test_a_character_outside_the_pdf_fonts_fails_naming_file_and_fonts(library_root, tmp_path):
    write(library_root, "faq/a.zh.md", FAQ_A_ZH.replace("完整的答案A。", "完整的答案A：𠀀。"))
    job = jobs_by_target(library_root)["downloads/zh/faq-a.pdf"]
    with pytest.raises(BuildFailed) as failure:
        render_pdfs([job], tmp_path / "cache", workers=1)
    message = str(failure.value)
    assert ("downloads/zh/faq-a.pdf (from faq/a.zh.md): the PDFs' fonts (Noto Sans, WenQuanYi Micro Hei) "
            "have no glyphs for '𠀀' (U+20000)") in message
    assert "write it otherwise, or give the PDFs a font that has it (iplibrary.downloads.print_fonts)" in message
    assert list((tmp_path / "cache").iterdir()) == []  # nothing half-made is kept


def test_documents_never_fetch_from_the_network(library_root, tmp_path):
    write(library_root, "faq/a.md", RESOURCES["faq/a.md"].replace("Answer A in full.", "![logo](https://tracker.example.com/a.png)"))
    job = jobs_by_target(library_root)["downloads/en/faq-a.pdf"]
    with pytest.raises(BuildFailed, match=r"faq-a.pdf \(from faq/a.md\): refers to https://tracker.example.com/a.png"):
        render_pdfs([job], tmp_path / "cache", workers=1)


def test_glyph_check_reads_the_embedded_fonts(tmp_path):
    from iplibrary.downloads.pdf import render_one

    html = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head><body><p>知识产权 𠀀</p></body></html>'
    outcome = render_one(html, str(tmp_path / "t.pdf"))
    assert "𠀀" in outcome["error"]
    missing = missing_glyphs(tmp_path / "t.pdf")
    assert [(m.char, m.reason) for m in missing] == [("𠀀", "notdef")]
    assert "知识产权" in pdf_text(tmp_path / "t.pdf")  # extraction alone would have said all is well
    assert any("U+20000" in line and "notdef" in line for line in pdf_problems(tmp_path / "t.pdf", "zh"))


def test_the_pdfs_embed_only_the_named_families(tmp_path):
    from iplibrary.downloads.pdf import render_one

    css = (Path(__file__).parents[1] / "src" / "iplibrary" / "downloads" / "print_template" / "print.css").read_text(encoding="utf-8")
    html = (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title><style>{css}</style></head>'
            '<body><h1>知识产权 Title</h1><p>中文，“引号” <b>粗体</b> <i>斜体</i> <code>code 代码</code></p>'
            '<p lang="pl">Zażółć gęślą jaźń, <b>Ελληνικά</b>, <i>кириллица</i>.</p></body></html>')
    assert render_one(html, str(tmp_path / "t.pdf")) == {"path": str(tmp_path / "t.pdf"), "pages": 1}
    assert foreign_fonts(tmp_path / "t.pdf", print_font_families()) == {}
    # the check sees a family that is not the project's, and what it drew
    assert foreign_fonts(tmp_path / "t.pdf", {"Noto Sans"}) == {
        "WenQuanYi Micro Hei": foreign_fonts(tmp_path / "t.pdf", {"Noto Sans", "WenQuanYi Micro Hei Mono"})["WenQuanYi Micro Hei"],
        "WenQuanYi Micro Hei Mono": "code 代码"}


def test_cache_ignores_an_entry_without_its_page_count(tmp_path):
    cache = PdfCache(tmp_path)
    (tmp_path / "abc.pdf").write_bytes(b"%PDF-half")
    assert cache.lookup("abc") is None
    (tmp_path / "abc.json").write_text('{"pages": 3}')
    assert cache.lookup("abc") == 3
    (tmp_path / "old.pdf").write_bytes(b"x")
    (tmp_path / "abc.rendering-1.tmp").write_bytes(b"x")  # another build may be writing it
    (tmp_path / "abc.rendering-2.tmp").write_bytes(b"x")
    os.utime(tmp_path / "abc.rendering-2.tmp", (0, 0))  # a leftover of an interrupted render
    cache.prune({"abc"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abc.json", "abc.pdf", "abc.rendering-1.tmp"]
