"""scripts/new: ids from titles, terms sorted into facets, and created files that pass
`iplibrary.commands.cli check` unchanged (round trip on a fixture library in tmp_path)."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from fixture_library import RESOURCES
from helpers import REPO, make_project
from iplibrary.frontmatter import parse_document
from iplibrary.scaffold import (MAX_ID_LENGTH, SECTIONS, NoLatinSlug, ScaffoldError, assign_terms, slug_from_title,
                                yaml_scalar)
from iplibrary.vocabulary import load_vocabulary

SCRIPT = REPO / "scripts" / "new"


# --- ids from titles ---------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("Registering a trade mark in China", "registering-a-trade-mark-in-china"),
    ("What does first-to-file mean in China?", "what-does-first-to-file-mean-in-china"),
    ("Protección de diseños", "proteccion-de-disenos"),
    ("Straße, Œuvre & Łódź", "strasse-oeuvre-lodz"),
    ("Don't copy: the café's 3 rules", "dont-copy-the-cafes-3-rules"),
    ("  --Leading, trailing--  and   double  spaces!! ", "leading-trailing-and-double-spaces"),
    ("Ça coûte combien ? Überblick für KMU", "ca-coute-combien-uberblick-fur-kmu"),
    ("ＩＰ basics (full-width)", "ip-basics-full-width"),
])
def test_slug_from_title(title, expected):
    assert slug_from_title(title) == expected


def test_slug_is_cut_at_a_word_boundary():
    slug = slug_from_title("How to protect " + "very " * 30 + "long titles")
    assert len(slug) <= MAX_ID_LENGTH
    assert not slug.endswith("-") and "--" not in slug
    assert slug.startswith("how-to-protect-very-very")
    assert slug.split("-")[-1] == "very"  # whole words only


@pytest.mark.parametrize("title", ["台湾知识产权基础", "Патенты в Китае", "Trade marks in 中国", "!!! ???"])
def test_a_title_without_a_latin_spelling_needs_an_explicit_id(title):
    with pytest.raises(NoLatinSlug, match="--id"):
        slug_from_title(title)


def test_yaml_scalars_are_quoted_only_when_needed():
    assert yaml_scalar("Plain title") == "Plain title"
    assert yaml_scalar("A: b") == "'A: b'"
    assert yaml_scalar("yes") == "'yes'"
    assert yaml_scalar("台湾") == "台湾"


# --- terms ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def vocabulary():
    vocab, errors = load_vocabulary(REPO)
    assert not errors
    return vocab


def test_terms_are_sorted_into_their_facets(vocabulary):
    assert assign_terms(["registration", "hong-kong", "trade-marks", "fashion", "topics:enforcement", "hong-kong"], vocabulary) == {
        "regions": ["hong-kong"], "ip_rights": ["trade-marks"], "sectors": ["fashion"], "topics": ["registration", "enforcement"]}


def test_an_unknown_term_is_refused_with_the_known_ones(vocabulary):
    with pytest.raises(ScaffoldError, match=r"unknown term 'atlantis' .*regions: mainland-china, hong-kong"):
        assign_terms(["atlantis"], vocabulary)
    with pytest.raises(ScaffoldError, match=r"unknown term 'macao' in topics"):
        assign_terms(["topics:macao"], vocabulary)
    with pytest.raises(ScaffoldError, match=r"unknown facet 'colours'"):
        assign_terms(["colours:red"], vocabulary)


# --- the command line, round trip through check ----------------------------------------

def run_new(root: Path, *args: str, cwd: Path | None = None):
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args],
                          capture_output=True, text=True, cwd=cwd)


def run_check(root: Path):
    return subprocess.run([sys.executable, "-m", "iplibrary.commands.cli", "--root", str(root), "check"],
                          capture_output=True, text=True)


@pytest.fixture
def library_root(tmp_path):
    return make_project(tmp_path, RESOURCES)


@pytest.mark.parametrize("type_name, terms, folder", [
    ("factsheet", ["hong-kong", "trade-marks"], "factsheets"),
    ("ip-guide", ["patents", "registration"], "guides/ip"),
    ("horizontal", ["trade-fairs"], "guides/horizontal"),
    ("how-to", ["customs", "mainland-china"], "guides/how-to"),
    ("sector", ["automotive"], "guides/sector"),
    ("case-study", ["designs", "fashion"], "case_studies"),
    ("faq", ["mainland-china", "trade-marks", "registration"], "faq"),
])
def test_new_resource_of_every_type_passes_check_unchanged(library_root, type_name, terms, folder):
    assert run_check(library_root).returncode == 0  # valid before anything is added
    title = f"A new {type_name}: “quotes”, colons & accents — été"
    result = run_new(library_root, type_name, title, *terms)
    assert result.returncode == 0, result.stderr
    path = library_root / folder / "a-new-" f"{type_name}-quotes-colons-accents-ete.md"
    assert result.stdout.startswith(path.relative_to(library_root).as_posix() + ": resource created")
    doc = parse_document(path.read_text(encoding="utf-8"))
    assert doc.meta["id"] == path.stem
    assert doc.meta["title"] == title
    assert doc.meta["published"] == date.today().isoformat()
    assert '!!! abstract "Key points"' in doc.body
    for heading in SECTIONS[type_name]:
        assert f"\n## {heading}\n" in doc.body
    check = run_check(library_root)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: 9 resources")  # the fixture's eight and the new one


def test_new_resource_with_summary_id_and_subfolder(library_root):
    result = run_new(library_root, "case-study", "专利案例", "patents", "--id", "patent-case-shenzhen",
                     "--summary", "How an SME: enforced its patent.", "--subfolder", "enforcement")
    assert result.returncode == 0, result.stderr
    text = (library_root / "case_studies/enforcement/patent-case-shenzhen.md").read_text(encoding="utf-8")
    assert text.startswith("---\nid: patent-case-shenzhen\ntitle: 专利案例\nsummary: 'How an SME: enforced its patent.'\n")
    assert "ip_rights: [patents]\n---\n" in text
    assert "*This case is a composite" in text
    assert run_check(library_root).returncode == 0


@pytest.mark.parametrize("args, reason", [
    (["faq", "What is first-to-file?", "--id", "faq-a"], "duplicate id 'faq-a': already used by faq/a.md"),
    (["faq", "A question", "atlantis"], "unknown term 'atlantis'"),
    (["factsheet", "Two places", "macao", "taiwan"], "a factsheet has exactly one region"),
    (["factsheet", "No place"], "a factsheet has exactly one region"),
    (["leaflet", "A leaflet"], "unknown type 'leaflet' (types: factsheet, ip-guide"),
    (["faq", "台湾知识产权基础"], "give an id with --id"),
    (["faq", "Bad id", "--id", "Bad_Id"], "id 'Bad_Id' must be lowercase letters"),
    (["faq", "A question", "--summary", "x" * 301], "summary: at most 300 characters"),
])
def test_refusals_give_the_reason_and_write_nothing(library_root, args, reason):
    before = sorted(p for p in library_root.rglob("*") if p.is_file())
    result = run_new(library_root, *args)
    assert result.returncode == 1
    assert reason in result.stderr
    assert result.stderr.startswith("scripts/new: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert sorted(p for p in library_root.rglob("*") if p.is_file()) == before


def test_a_former_id_is_taken_too(library_root):
    (library_root / "faq/old.md").write_text(
        "---\nid: old-faq\ntitle: Old\nsummary: S.\npublished: 2026-01-01\naliases: [question-c]\n---\nText.\n", encoding="utf-8")
    result = run_new(library_root, "faq", "Question C?")
    assert result.returncode == 1
    assert "duplicate id 'question-c': already used by faq/old.md" in result.stderr
    assert not (library_root / "faq/question-c.md").exists()


def test_new_translation_takes_the_source_date_and_passes_check(library_root):
    result = run_new(library_root, "--translation", "factsheets/macao.md", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("factsheets/macao.zh.md: translation created")
    doc = parse_document((library_root / "factsheets/macao.zh.md").read_text(encoding="utf-8"))
    assert doc.meta == {"title": "Macao basics", "summary": "How IP works in Macao.", "translated_from": "2026-10-01"}  # `updated`
    assert "Macao has its own registry" in doc.body
    assert run_check(library_root).returncode == 0
    # without `updated`, the source's `published`; a path relative to the current folder works too
    relative = run_new(library_root, "--translation", "taiwan.md", "--lang", "fr", cwd=library_root / "factsheets")
    assert relative.returncode == 0, relative.stderr
    assert "translated_from: 2026-04-01\n" in (library_root / "factsheets/taiwan.fr.md").read_text(encoding="utf-8")
    assert run_check(library_root).returncode == 0


@pytest.mark.parametrize("args, reason", [
    (["--translation", "factsheets/macao.md", "--lang", "fr"], "factsheets/macao.fr.md already exists"),
    (["--translation", "factsheets/macao.fr.md", "--lang", "de"], "is a translation: give the English source file"),
    (["--translation", "factsheets/nowhere.md", "--lang", "de"], "does not exist"),
    (["--translation", "docs/index.md", "--lang", "de"], "is not a resource"),
    (["--translation", "factsheets/macao.md"], "--translation needs --lang"),
])
def test_translation_refusals(library_root, args, reason):
    result = run_new(library_root, *args)
    assert result.returncode != 0
    assert reason in result.stderr


def test_help_explains_both_uses():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "--translation SOURCE" in result.stdout and "--id" in result.stdout
    text = re.sub(r"-\s+", "-", result.stdout)  # argparse wraps at hyphens
    assert all(name in text for name in ("factsheet", "ip-guide", "horizontal", "how-to", "sector", "case-study", "faq"))


def test_make_new_passes_titles_with_quotes_safely(library_root):
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        (library_root / name).write_bytes((REPO / name).read_bytes())
    (library_root / "scripts").mkdir()
    (library_root / "scripts/new").write_bytes(SCRIPT.read_bytes())
    (library_root / "scripts/new").chmod(0o755)
    (library_root / ".venv").symlink_to(Path(sys.prefix))  # the installed venv; `-o` keeps make from reinstalling
    result = subprocess.run(["make", "-s", "-o", ".venv/.installed", "new", "TYPE=faq", "TITLE=Is \"it\" Bob's (really) café?",
                             "TERMS=trade-marks macao"], cwd=library_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    path = library_root / "faq/is-it-bobs-really-cafe.md"
    assert 'title: Is "it" Bob\'s (really) café?' in path.read_text(encoding="utf-8")
    assert "regions: [macao]\nip_rights: [trade-marks]\n" in path.read_text(encoding="utf-8")
