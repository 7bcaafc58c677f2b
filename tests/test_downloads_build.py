"""Full builds of a small fixture project with its downloads: the PDFs opened and
checked (text in every language, page count, tags and /Lang, glyphs in the embedded
fonts), the zips' exact contents, the download links, and cheap rebuilds - a second
build renders nothing, one changed translation renders its PDF and its handbook entry,
assembles its handbook and re-zips two bundles.
A preview build renders none; a PDF that cannot be made fails the build by name."""

import re
import zipfile

import pytest
from pypdf import PdfReader

from fixture_library import RESOURCES
from helpers import make_project, write
from iplibrary.languages import LANGUAGES
from quality import pdf_problems, pdf_structure_languages, pdf_text
from test_build import run_cli

ANSWERS = {"fr": "Réponse A complète.", "de": "Vollständige Antwort A.", "it": "Risposta A completa.",
           "es": "Respuesta A completa.", "pl": "Pełna odpowiedź A.", "zh": "完整的答案A，关于商标注册。"}
TITLES = {"fr": "Question A ?", "de": "Frage A?", "it": "Domanda A?", "es": "¿Pregunta A?", "pl": "Pytanie A?", "zh": "问题A？"}
TRANSLATIONS = {f"faq/a.{lang}.md": f"---\ntitle: \"{TITLES[lang]}\"\nsummary: S.\ntranslated_from: 2026-08-01\n---\n{ANSWERS[lang]}\n"
                for lang in ANSWERS}
ENGLISH_PDFS = ["case-one", "case-two", "designs-basics", "fair-guide", "faq-a", "faq-b", "macao-basics", "taiwan-basics"]
BUNDLES = ["case-study", "factsheet", "faq", "horizontal", "ip-guide", "library"]


def expected_files() -> set[str]:
    files = {f"en/{rid}.pdf" for rid in ENGLISH_PDFS}
    files |= {f"{lang}/faq-a.pdf" for lang in ANSWERS} | {"fr/macao-basics.pdf", "zh/taiwan-basics.pdf"}
    for lang in LANGUAGES:
        files |= {f"{lang}/faq-handbook.{lang}.pdf", f"{lang}/case-study-catalogue.{lang}.pdf"}
        files |= {f"{lang}/{name}.{lang}.zip" for name in BUNDLES}
    return files


def downloads_report(stderr: str) -> tuple[int, int, int]:
    """(documents rendered, books assembled, bundles zipped) from the build log."""
    match = re.search(r"downloads: \d+ PDFs \((\d+) documents rendered, (\d+) books assembled\), "
                      r"\d+ zip bundles \((\d+) zipped\)", stderr)
    assert match, stderr[-3000:]
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "downloads").rglob("*") if p.is_file()
            and p.suffix in (".pdf", ".zip")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("downloads"), {**RESOURCES})
    for rel, text in TRANSLATIONS.items():
        write(root, rel, text)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return root, result.stderr


def test_cold_build_renders_every_pdf_with_progress(built):
    _, stderr = built
    books = len([f for f in expected_files() if "-handbook." in f or "-catalogue." in f])
    resources = len([f for f in expected_files() if f.endswith(".pdf")]) - books
    rendered, assembled, zipped = downloads_report(stderr)
    # every resource PDF; per book its entries (those in English shared between languages),
    # its front, its closing part and its page footers
    assert assembled == books and zipped == 7 * len(BUNDLES)
    assert rendered > resources + 4 * books
    first = re.search(r"PDFs: 0/(\d+) rendered", stderr)
    assert first and f"PDFs: {first.group(1)}/{first.group(1)} rendered" in stderr


def test_downloads_are_exactly_the_expected_files(built):
    root, _ = built
    folder = root / "site" / "downloads"
    produced = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "index.html"}
    assert produced == expected_files()
    assert not list((root / "site").rglob("*.tmp"))


def test_every_pdf_is_tagged_in_its_language_with_every_glyph(built):
    root, _ = built
    problems = []
    for path in sorted((root / "site" / "downloads").rglob("*.pdf")):
        problems += pdf_problems(path, lang=path.parent.name)
    assert problems == []


@pytest.mark.parametrize("lang", list(ANSWERS))
def test_text_round_trips_in_every_language(built, lang):
    root, _ = built
    text = pdf_text(root / "site" / "downloads" / lang / "faq-a.pdf")
    assert TITLES[lang] in text and ANSWERS[lang] in text
    assert f"https://helpdesk.example.org/{lang}/faq/faq-a/" in text  # the online version, printed


def test_handbook_numbers_translated_and_english_questions(built):
    root, _ = built
    path = root / "site" / "downloads" / "zh" / "faq-handbook.zh.pdf"
    text = pdf_text(path)
    assert "1. 问题A？" in text and "2. Question B?" in text and "尚未翻译：本文为英文。" in text
    assert "完整的答案A，关于商标注册。" in text and "Answer B in full." in text
    assert len(PdfReader(str(path)).pages) >= 3  # cover, contents, questions
    assert ("/Art", "en") in pdf_structure_languages(path)  # the English answer is read as English


def test_downloads_page_states_the_real_page_count_and_size(built):
    root, _ = built
    html = (root / "site" / "zh" / "downloads" / "index.html").read_text(encoding="utf-8")
    path = root / "site" / "downloads" / "zh" / "faq-handbook.zh.pdf"
    row = re.search(r'href="../../downloads/zh/faq-handbook.zh.pdf"[^>]*>[^<]*</a></td><td>[^<]*</td><td>PDF, ([^<]+)</td><td>(\d+) 页</td>', html)
    assert row, html[:3000]
    assert int(row.group(2)) == len(PdfReader(str(path)).pages)
    assert row.group(1) == f"{max(1, round(path.stat().st_size / 1000))} kB"


def test_zips_hold_exactly_the_expected_files(built):
    root, _ = built
    folder = root / "site" / "downloads"
    with zipfile.ZipFile(folder / "de" / "faq.de.zip") as archive:
        assert archive.namelist() == ["index.txt", "faq-a.pdf", "faq-b.pdf"]
        assert archive.read("faq-a.pdf") == (folder / "de" / "faq-a.pdf").read_bytes()
        assert archive.read("faq-b.pdf") == (folder / "en" / "faq-b.pdf").read_bytes()  # not translated: English
        index = archive.read("index.txt").decode("utf-8")
        assert "Frage A?" in index and "Question B?" in index and "noch nicht übersetzt" in index
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    with zipfile.ZipFile(folder / "fr" / "library.fr.zip") as archive:
        assert archive.namelist() == [
            "index.txt", "case-study-catalogue.fr.pdf", "case_studies/case-one.pdf", "case_studies/case-two.pdf",
            "factsheets/macao-basics.pdf", "factsheets/taiwan-basics.pdf", "faq-handbook.fr.pdf", "faq/faq-a.pdf",
            "faq/faq-b.pdf", "guides/horizontal/fair-guide.pdf", "guides/ip/designs-basics.pdf"]


def test_resource_pages_link_their_pdf_and_fallbacks_the_english_one(built):
    root, _ = built
    translated = (root / "site" / "de" / "faq" / "faq-a" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../../downloads/de/faq-a.pdf" type="application/pdf">Als PDF herunterladen</a>' in translated
    fallback = (root / "site" / "de" / "faq" / "faq-b" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="../../../downloads/en/faq-b.pdf" type="application/pdf" hreflang="en">'
            "Englische Fassung als PDF herunterladen</a>") in fallback


# --- rebuilds (these change the project: keep them last) ---------------------------------

def test_second_build_renders_nothing_and_publishes_identical_bytes(built):
    root, _ = built
    before = snapshot(root / "site")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert downloads_report(result.stderr) == (0, 0, 0)
    assert "PDFs: 0/" not in result.stderr
    assert snapshot(root / "site") == before


def test_one_changed_translation_renders_its_pdf_and_its_handbook_only(built):
    root, _ = built
    before = snapshot(root / "site")
    write(root, "faq/a.de.md", TRANSLATIONS["faq/a.de.md"].replace("Vollständige Antwort A.", "Neue Antwort A."))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    # faq-a's PDF and its entry in the handbook; the handbook assembled again; the faq and library bundles
    assert downloads_report(result.stderr) == (2, 1, 2)
    after = snapshot(root / "site")
    assert sorted(path for path in after if after[path] != before[path]) == [
        "downloads/de/faq-a.pdf", "downloads/de/faq-handbook.de.pdf", "downloads/de/faq.de.zip", "downloads/de/library.de.zip"]
    assert "Neue Antwort A." in pdf_text(root / "site" / "downloads" / "de" / "faq-a.pdf")


def test_a_pdf_that_cannot_be_made_fails_the_build_by_name(built):
    root, _ = built
    before = snapshot(root / "site")
    write(root, "faq/a.zh.md", TRANSLATIONS["faq/a.zh.md"].replace("关于商标注册", "关于𠀀"))
    try:
        result = run_cli(root, "build")
    finally:
        write(root, "faq/a.zh.md", TRANSLATIONS["faq/a.zh.md"])
    assert result.returncode != 0
    assert ("downloads/zh/faq-a.pdf (from faq/a.zh.md): the PDFs' fonts (Noto Sans, WenQuanYi Micro Hei) "
            "have no glyphs for '𠀀'") in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == before  # the published site is untouched


def test_a_one_language_preview_renders_no_pdf(built, tmp_path):
    root, _ = built
    result = run_cli(root, "build", "--lang", "fr", "--site-dir", str(tmp_path / "preview"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "downloads: skipped (a preview" in result.stderr and "PDFs:" not in result.stderr
    assert not list((tmp_path / "preview").rglob("*.pdf")) and not list((tmp_path / "preview").rglob("*.zip"))
    page = next((tmp_path / "preview").rglob("downloads/index.html")).read_text(encoding="utf-8")
    assert "cet aperçu les a omis" in page
