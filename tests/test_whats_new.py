"""Unit tests of what's new (month-by-month grouping, pages) and freshness badges."""

from datetime import date

import pytest

from helpers import REPO
from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.errors import BuildFailed
from iplibrary.freshness import FRESH_DAYS, badge_html, build_day, freshness_badge
import markdown

from iplibrary.listings import collection_files
from iplibrary.urls import relative_url
from iplibrary.model import Change, Library, Resource, Translation
from iplibrary.vocabulary import load_vocabulary
from iplibrary.whats_new import (entries_in_month, month_name, months_with_news, resource_events, whats_new_files,
                                 whats_new_page)

VOCABULARY = load_vocabulary(REPO)[0]
D = date.fromisoformat


def make_resource(rid, published, updated=None, changes=(), type_name="faq", title=None, translations=None) -> Resource:
    return Resource(id=rid, type=TYPES_BY_NAME[type_name], path=f"x/{rid}.md", title=title or rid.title(),
                    summary=f"Summary of {rid}.", published=D(published), updated=D(updated) if updated else None,
                    body="Text.", changes=tuple(Change(D(day), note) for day, note in changes),
                    translations=translations or {})


def make_library(*resources) -> Library:
    return Library(vocabulary=VOCABULARY, resources={r.id: r for r in resources})


# --- freshness ---------------------------------------------------------------------

@pytest.mark.parametrize("published, updated, today, expected", [
    ("2026-11-01", None, "2026-11-21", "new"),
    ("2026-11-01", "2026-11-10", "2026-11-21", "new"),  # new wins while both are fresh
    ("2026-01-01", "2026-11-10", "2026-11-21", "updated"),
    ("2026-01-01", None, "2026-11-21", None),
    ("2026-01-01", "2026-02-01", "2026-11-21", None),
    ("2026-09-22", None, "2026-11-21", "new"),  # exactly FRESH_DAYS days
    ("2026-09-21", None, "2026-11-21", None),  # one more
    ("2026-12-01", None, "2026-11-21", "new"),  # scheduled: still new
])
def test_freshness_badge(published, updated, today, expected):
    assert FRESH_DAYS == 60
    assert freshness_badge(make_resource("r", published, updated), D(today)) == expected


def test_badge_html_in_the_reader_language():
    assert badge_html("new", "fr") == '<span class="library-badge library-badge--new">Nouveau</span>'
    assert badge_html("updated", "de") == '<span class="library-badge library-badge--updated">Aktualisiert</span>'
    assert badge_html(None, "en") == ""


def test_build_day_can_be_set_for_tests_and_previews():
    assert build_day({"LIBRARY_TODAY": "2026-12-01"}) == date(2026, 12, 1)
    assert build_day({}) == date.today()
    with pytest.raises(BuildFailed, match="LIBRARY_TODAY='tomorrow' is not a date"):
        build_day({"LIBRARY_TODAY": "tomorrow"})


def test_listings_badge_fresh_resources_only():
    library = make_library(make_resource("fresh", "2026-11-01"), make_resource("old", "2025-01-01"),
                           make_resource("touched", "2025-01-01", "2026-11-15"))
    page = collection_files(library, date(2026, 11, 21))["faq/index.md"]
    assert '<li id="fresh"><a href="fresh/">Fresh</a> <span class="library-badge library-badge--new">New</span><br />\n' in page
    assert '<li id="touched"><a href="touched/">Touched</a> <span class="library-badge library-badge--updated">Updated</span><br />\n' in page
    assert '<li id="old"><a href="old/">Old</a><br />\n' in page
    french = collection_files(library, date(2026, 11, 21))["faq/index.fr.md"]
    assert '<a href="fresh/"><span lang="en">Fresh</span></a> <span class="library-badge library-badge--new">Nouveau</span><br />\n' in french
    assert "library-badge" not in collection_files(library)["faq/index.md"]  # no day, no badges


@pytest.mark.parametrize("target, page, link", [
    ("faq/x/", "faq/", "x/"),
    ("faq/x/", "library/regions/macao/", "../../../faq/x/"),
    ("guides/y/", "whats-new/", "../guides/y/"),
    ("library/regions/macao/", "library/regions/", "macao/"),
    ("", "faq/", "../"),
    ("faq/", "faq/", "./"),
])
def test_relative_url_is_what_mkdocs_writes_for_a_md_link(target, page, link):
    assert relative_url(target, page) == link


def test_listing_is_raw_html_that_markdown_passes_through_escaped():
    library = make_library(make_resource("amp", "2025-01-01", title="Fees & <costs> in \"China\""))
    page = collection_files(library)["faq/index.md"]
    assert '<a href="amp/">Fees &amp; &lt;costs&gt; in "China"</a>' in page
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html"])
    listing = page[page.index("<ul>"):page.index("</ul>") + len("</ul>")]
    assert listing in html  # passed through as it is: no second conversion, nothing lost


def test_generated_index_pages_are_left_out_of_search():
    library = make_library(make_resource("fresh", "2026-11-01"))
    for text in (collection_files(library)["faq/index.de.md"], whats_new_files(library, date(2026, 11, 21))["whats-new/index.md"]):
        front = text.split("---\n")[1]
        assert 'search: {"exclude": true}' in front


# --- grouping ----------------------------------------------------------------------

@pytest.fixture
def library():
    return make_library(
        make_resource("guide", "2026-03-10", "2026-11-02", type_name="ip-guide",
                      changes=[("2026-11-02", "Updated the fees."), ("2026-10-05", "Added Macao.")]),
        make_resource("faq-new", "2026-11-15", changes=[("2026-11-20", "Fixed a typo.")]),
        make_resource("faq-silent", "2026-08-01", "2026-10-20"),  # updated without a change note
        make_resource("case", "2026-10-01", type_name="case-study"),
    )


def test_resource_events_cover_publication_notes_and_updated():
    events = resource_events(make_resource("r", "2026-01-01", "2026-05-01", changes=[("2026-03-01", "Note.")]))
    assert sorted(events) == [(D("2026-01-01"), "new", None), (D("2026-03-01"), "updated", "Note."),
                              (D("2026-05-01"), "updated", None)]


def test_entries_in_month_newest_first_with_their_notes(library):
    november = entries_in_month(library, date(2026, 11, 1))
    assert [(e.resource.id, e.kind, e.day.isoformat(), e.notes) for e in november] == [
        ("faq-new", "new", "2026-11-15", ("Fixed a typo.",)),  # published this month: new, even if changed since
        ("guide", "updated", "2026-11-02", ("Updated the fees.",)),
    ]
    october = entries_in_month(library, date(2026, 10, 17))  # any day of the month will do
    assert [(e.resource.id, e.kind, e.notes) for e in october] == [
        ("faq-silent", "updated", ()), ("guide", "updated", ("Added Macao.",)), ("case", "new", ())]
    assert entries_in_month(library, date(2026, 9, 1)) == []


def test_months_with_news_newest_first_and_capped(library):
    months = months_with_news(library)
    assert [m.isoformat() for m, _ in months] == ["2026-11-01", "2026-10-01", "2026-08-01", "2026-03-01"]
    assert [m.isoformat() for m, _ in months_with_news(library, limit=2)] == ["2026-11-01", "2026-10-01"]


@pytest.mark.parametrize("lang, expected", [("en", "November 2026"), ("fr", "novembre 2026"),
                                            ("pl", "listopad 2026"), ("zh", "2026年11月")])
def test_month_names_are_localised(lang, expected):
    assert month_name(date(2026, 11, 1), lang) == expected


def test_whats_new_page_in_english(library):
    page = whats_new_page(library, "en", today=date(2026, 11, 21))
    assert page.startswith('---\ntitle: "What\'s new"\nsearch: {"exclude": true}\n---\n\n# What\'s new\n')
    assert '<a href="../feed.xml" type="application/rss+xml">Subscribe to the RSS feed</a>' in page
    assert page.index("## November 2026") < page.index("## October 2026") < page.index("## August 2026")
    november = page[page.index("## November 2026"):page.index("## October 2026")]
    assert ('<li><a href="../faq/faq-new/">Faq-New</a> <span class="library-badge library-badge--new">New</span><br />\n'
            "  Summary of faq-new.<br />\n  <small>Published: 15 November 2026</small><br />\n"
            "  <small>Change: <span>Fixed a typo.</span></small></li>") in november
    assert '<a href="../guides/guide/">Guide</a> <span class="library-badge library-badge--updated">Updated</span>' in november
    october = page[page.index("## October 2026"):page.index("## August 2026")]
    # older news of the same resource carries no badge; its note is there
    assert '<li><a href="../guides/guide/">Guide</a><br />\n' in october and "Added Macao." in october
    assert '<a href="../case-studies/case/">Case</a> <span class="library-badge library-badge--new">New</span>' in october


def test_whats_new_page_in_french_uses_translations_and_marks_english_notes(library):
    library.resources["guide"].translations["fr"] = Translation("fr", "x/guide.fr.md", "Le guide", "Résumé.", D("2026-11-02"), "Texte.")
    page = whats_new_page(library, "fr", today=date(2026, 11, 21))
    assert "# Nouveautés" in page and "## novembre 2026" in page and "## octobre 2026" in page
    assert '<li><a href="../guides/guide/">Le guide</a> <span class="library-badge library-badge--updated">Mis à jour</span><br />\n  Résumé.' in page
    assert '<small>Modification : <span lang="en">Updated the fees.</span></small>' in page or \
        '<small>Modification: <span lang="en">Updated the fees.</span></small>' in page
    assert "<small>Mis à jour: 2 novembre 2026</small>" in page
    # not translated: the English title and summary, marked as English
    assert '<li><a href="../faq/faq-new/"><span lang="en">Faq-New</span></a> <span class="library-badge library-badge--new">Nouveau</span><br />\n' \
        '  <span lang="en">Summary of faq-new.</span>' in page


def test_whats_new_files_in_every_language(library):
    files = whats_new_files(library, date(2026, 11, 21))
    assert sorted(files) == sorted(["whats-new/index.md"] + [f"whats-new/index.{l}.md" for l in ("fr", "de", "it", "es", "pl", "zh")])
    assert "## 2026年11月" in files["whats-new/index.zh.md"]


def test_empty_library_says_so():
    assert "Nothing has been published here yet." in whats_new_page(make_library(), "en", date(2026, 11, 21))


def test_home_pages_link_to_whats_new():
    homes = sorted((REPO / "docs").glob("index*.md"))
    assert {p.name for p in homes} >= {"index.md", "index.fr.md", "index.zh.md"}
    assert [p.name for p in homes if "](whats-new/index.md)" not in p.read_text(encoding="utf-8")] == []
