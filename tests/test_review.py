"""The `reviewed` date end to end: contract (schema, validation), model, page furniture,
PDF cover, catalogue, scaffolding and `review-due`."""

import json
import subprocess
import sys
from datetime import date
from importlib import resources as package_files

import jsonschema
import pytest

from helpers import REPO, VALID_FAQ, make_library, write
from iplibrary.catalogue import SCHEMA_VERSION, build_catalogue
from iplibrary.content_types import CONTENT_TYPES
from iplibrary.errors import LibraryInvalid
from iplibrary.frontmatter import parse_document
from iplibrary.library import _validator, load_library
from iplibrary.page_furniture import facts_html
from iplibrary.downloads.print_document import PrintContext, resource_job
from iplibrary.review import review_basis, review_cutoff, reviews_due, as_text
from iplibrary.scaffold import NewResource, create_resource
from iplibrary.vocabulary import load_vocabulary

TODAY = date(2026, 12, 6)
SITE = "https://helpdesk.example.org/"


def faq(resource_id="q1", **lines) -> str:
    """A valid FAQ published 2026-09-01 with extra front-matter lines."""
    text = VALID_FAQ.format(id=resource_id, title="Question?")
    extra = "".join(f"{key}: {value}\n" for key, value in lines.items())
    return text.replace("topics: [registration]\n", "topics: [registration]\n" + extra, 1)


def errors_of(tmp_path, files, today=TODAY) -> list[str]:
    make_library(tmp_path, files)
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path, today=today)
    return [str(e) for e in caught.value.errors]


# --- the contract ---------------------------------------------------------------------

def test_reviewed_is_read_into_the_model(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq(updated="2026-10-01", reviewed="2026-11-20")})
    resource = load_library(tmp_path, today=TODAY).get("q1")
    assert resource.reviewed == date(2026, 11, 20)
    assert resource.last_updated == date(2026, 10, 1)  # What's new still follows `updated`
    assert resource.last_checked == date(2026, 11, 20)


def test_reviewed_is_optional(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq()})
    resource = load_library(tmp_path, today=TODAY).get("q1")
    assert resource.reviewed is None and resource.last_checked == date(2026, 9, 1)


def test_reviewed_before_published_is_an_error(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(reviewed="2026-08-31")}) == [
        "faq/q1.md:9: reviewed: 2026-08-31 is before published 2026-09-01"]


def test_reviewed_in_the_future_is_an_error(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(reviewed="2026-12-07")}) == [
        "faq/q1.md:9: reviewed: 2026-12-07 is in the future: write the day the text was checked"]


def test_reviewed_today_is_fine(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq(reviewed=TODAY.isoformat())})
    assert load_library(tmp_path, today=TODAY).get("q1").reviewed == TODAY


@pytest.mark.parametrize("value, reason", [
    ("2026-02-30", "'2026-02-30' is not a real date"),
    ("30/11/2026", "must be a date written YYYY-MM-DD"),
])
def test_reviewed_must_be_a_real_date(tmp_path, value, reason):
    assert errors_of(tmp_path, {"faq/q1.md": faq(reviewed=value)}) == [f"faq/q1.md:9: reviewed: {reason}"]


def test_reviewed_is_not_allowed_in_a_translation(tmp_path):
    errors = errors_of(tmp_path, {"faq/q1.md": faq(),
                                  "faq/q1.fr.md": "---\ntitle: Q ?\nsummary: R.\ntranslated_from: 2026-09-01\nreviewed: 2026-10-01\n---\nR.\n"})
    assert errors == ["faq/q1.fr.md:5: reviewed: not allowed in a translation (only title, summary, translated_from; the rest comes from the source)"]


@pytest.mark.parametrize("ctype", CONTENT_TYPES, ids=lambda t: t.name)
def test_every_type_schema_accepts_reviewed(ctype):
    validator = _validator(ctype.name, load_vocabulary(REPO)[0])
    meta = {"id": "x", "title": "T", "summary": "S.", "published": "2026-01-01", "reviewed": "2026-02-01",
            "regions": ["hong-kong"]}
    assert list(validator.iter_errors(meta)) == []
    assert [e.message for e in validator.iter_errors({**meta, "reviewed": "soon"})]


def test_defs_schema_describes_reviewed():
    defs = json.loads(package_files.files("iplibrary.schemas").joinpath("defs.json").read_text(encoding="utf-8"))
    reviewed = defs["$defs"]["source"]["properties"]["reviewed"]
    assert reviewed["$ref"] == "#/$defs/date" and "Last reviewed" in reviewed["description"]
    assert "reviewed" not in defs["$defs"]["source"]["required"]


# --- shown on the page, in the PDF and in the catalogue ---------------------------------

@pytest.fixture()
def reviewed_root(tmp_path):
    root = make_library(tmp_path, {"faq/q1.md": faq(updated="2026-10-01", reviewed="2026-11-20"),
                                   "faq/q1.zh.md": "---\ntitle: 问题？\nsummary: 答案。\ntranslated_from: 2026-10-01\n---\n答案。\n",
                                   "faq/q2.md": faq("q2")})
    write(root, "mkdocs.yml", f"site_url: {SITE}\nextra:\n  helpdesk:\n    name: Test Helpdesk\n    email: ask@example.org\n")
    return root


def test_page_facts_show_last_reviewed_in_the_readers_language(reviewed_root):
    library = load_library(reviewed_root, today=TODAY)
    resource = library.get("q1")
    english = facts_html(resource, "en", resource.url("en"))
    assert 'Last reviewed: <time datetime="2026-11-20">20 November 2026</time>' in english
    assert 'Last updated: <time datetime="2026-10-01">' in english
    chinese = facts_html(resource, "zh", resource.url("zh"))
    assert '最近审核日期: <time datetime="2026-11-20">2026年11月20日</time>' in chinese
    assert "Last reviewed" not in facts_html(library.get("q2"), "en", "faq/q2/")


def test_pdf_cover_shows_last_reviewed(reviewed_root):
    library = load_library(reviewed_root, today=TODAY)
    ctx = PrintContext.for_project(reviewed_root, library)
    html = resource_job(ctx, library.get("q1"), "en").html
    assert "<dt>Last reviewed</dt><dd>20 November 2026</dd>" in html
    assert "<dt>最近审核日期</dt><dd>2026年11月20日</dd>" in resource_job(ctx, library.get("q1"), "zh").html
    assert "Last reviewed" not in resource_job(ctx, library.get("q2"), "en").html


def test_catalogue_carries_reviewed_under_a_new_schema_version(reviewed_root):
    library = load_library(reviewed_root, today=TODAY)
    catalogue = build_catalogue(library, SITE)
    schema = json.loads(package_files.files("iplibrary.schemas").joinpath("catalogue.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(catalogue)
    entries = {r["id"]: r for r in catalogue["resources"]}
    assert entries["q1"]["reviewed"] == "2026-11-20" and entries["q2"]["reviewed"] is None
    assert catalogue["schema_version"] == SCHEMA_VERSION == 2
    # a version-1 document (no `reviewed`) no longer fits: the shape changed, hence the version
    del entries["q2"]["reviewed"]
    assert not jsonschema.Draft202012Validator(schema).is_valid(catalogue)


# --- scaffolding ----------------------------------------------------------------------------

def test_scaffold_sets_reviewed_to_today(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq()})
    path = create_resource(tmp_path, NewResource(type_name="faq", title="Can I register a slogan?",
                                                 terms=["trade-marks"]), TODAY)
    meta = parse_document(path.read_text(encoding="utf-8")).meta
    assert meta["published"] == meta["reviewed"] == "2026-12-06"


# --- review-due ---------------------------------------------------------------------------

@pytest.mark.parametrize("today, cutoff", [
    (date(2026, 12, 6), date(2025, 12, 6)),
    (date(2028, 2, 29), date(2027, 2, 28)),
    (date(2027, 1, 31), date(2026, 1, 31)),
])
def test_review_cutoff_is_twelve_months_back(today, cutoff):
    assert review_cutoff(today) == cutoff


def test_review_basis_prefers_reviewed_then_updated_then_published(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a", updated="2026-10-01", reviewed="2026-09-15"),
                            "faq/b.md": faq("b", updated="2026-10-01"), "faq/c.md": faq("c")})
    library = load_library(tmp_path, today=TODAY)
    assert review_basis(library.get("a")) == (date(2026, 9, 15), "reviewed")
    assert review_basis(library.get("b")) == (date(2026, 10, 1), "updated")
    assert review_basis(library.get("c")) == (date(2026, 9, 1), "published")


def test_reviews_due_lists_only_texts_checked_more_than_twelve_months_ago(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a", reviewed="2026-09-15"),
                            "faq/b.md": faq("b", updated="2026-10-01"), "faq/c.md": faq("c")})
    library = load_library(tmp_path, today=TODAY)
    due = reviews_due(library, date(2027, 9, 20))
    assert [(d.resource.id, d.basis) for d in due] == [("c", "published"), ("a", "reviewed")]
    assert reviews_due(library, date(2027, 9, 1)) == []  # exactly twelve months is not overdue
    text = as_text(due, date(2027, 9, 20))
    assert text.splitlines()[1] == "2026-09-01 (published)  faq/c.md  Question?"


def test_review_due_command_lists_and_exits_zero(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a", reviewed="2026-09-15"), "faq/c.md": faq("c")})
    command = [sys.executable, "-m", "iplibrary.commands.cli", "--root", str(tmp_path), "review-due"]
    due = subprocess.run(command + ["--today", "2027-12-01"], capture_output=True, text=True)
    assert due.returncode == 0, due.stderr
    assert due.stdout.startswith("2 resource(s) last checked before 2026-12-01")
    none = subprocess.run(command + ["--today", "2026-12-06"], capture_output=True, text=True)
    assert none.returncode == 0
    assert none.stdout == "no resource is due for review: every one was checked on or after 2025-12-06\n"


def test_shipped_library_has_no_in_text_review_stamps():
    """The date a text was checked lives in `reviewed`, not in the text."""
    import re
    stamp = re.compile(r"checked (in )?(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d"
                       r"|vérifiée?s? (pour la dernière fois )?en \w+ 20\d\d|Stand: \w+ 20\d\d|verificat[oa] a \w+ 20\d\d"
                       r"|comprobado en \w+ de 20\d\d|sprawdzono w \w+ 20\d\d|20\d\d年\d{1,2}月核实|核实于20\d\d年", re.I)
    found = [f"{path.relative_to(REPO)}: {m.group(0)}"
             for folder in ("factsheets", "guides", "case_studies", "faq", "docs")
             for path in sorted((REPO / folder).rglob("*.md"))
             for m in stamp.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_handbook_entry_shows_its_review_date(reviewed_root):
    from iplibrary.downloads.print_document import book_plans
    library = load_library(reviewed_root, today=TODAY)
    ctx = PrintContext.for_project(reviewed_root, library)
    plan = next(p for p in book_plans(ctx) if p.lang == "en" and p.book.type_name == "faq")
    entries = {e.anchor: e.job.html for e in plan.entries}
    assert '<p class="entry__reviewed">Last reviewed: 20 November 2026</p>' in entries["entry-q1"]
    assert "entry__reviewed" not in entries["entry-q2"]
