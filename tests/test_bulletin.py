"""The Partner E-bulletin: selection (case study of the month, grouping, events), the
editors' data files, the e-mail-safe HTML (structure, links, rendering in Chromium), the
plain-text and markdown versions, and scripts/bulletin on a fixture library."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from fixture_library import RESOURCES
from helpers import REPO, make_project, write
from iplibrary.bulletin.compose import (EVENT_MONTHS_AHEAD, BulletinError, add_months, case_study_of_the_month,
                                grouped_entries, make_bulletin, parse_month, upcoming_events)
from iplibrary.bulletin.inputs import Event, load_events, load_intro
from iplibrary.bulletin.render import TEXT_WIDTH, WIDTH, markdown_to_text, render_html, render_markdown, render_text
from iplibrary.errors import LibraryInvalid
from iplibrary.library import load_library
from test_whats_new import make_library, make_resource

SITE = "https://helpdesk.example.org/"
SCRIPT = REPO / "scripts" / "bulletin"
D = date.fromisoformat

INTRO = """\
Dear partners,

This month: a **new** guide and [the Macao factsheet](id:macao-basics#top), updated.
Register for [our webinar](https://events.example.org/webinar) and tell your members.

- Designs must be *new*.
- Ask [the helpdesk](mailto:enquiries@helpdesk.example.org).
"""

EVENTS = """\
events:
  - date: 2026-11-03
    title: {en: Webinar on trade fairs, fr: Webinaire sur les salons}
    place: Online
    link: training/
  - date: 2026-12-15
    title: IP clinic
    place: {en: Brussels, fr: Bruxelles}
  - date: 2026-10-30
    title: Too early (in the bulletin's own month)
  - date: 2027-02-01
    title: Too late
"""

# October 2026 in the fixture: macao-basics updated (with a note) and a new case study
OCTOBER = {
    "case_studies/three.md": """\
        ---
        id: case-three
        title: Case three & the <fair>
        summary: A case published in October.
        published: 2026-10-12
        ip_rights: [designs]
        ---
        Illustrative.
        """,
    "guides/how-to/recent.md": """\
        ---
        id: how-to-recent
        title: How to file
        summary: The newest guide.
        published: 2026-10-10
        topics: [registration]
        ---
        Steps.
        """,
    "guides/how-to/recent.fr.md": """\
        ---
        title: Déposer
        summary: Le guide le plus récent.
        translated_from: 2026-10-10
        ---
        Étapes.
        """,
}


# --- selection -----------------------------------------------------------------------

def test_parse_month():
    assert parse_month("2026-12") == date(2026, 12, 1)
    for bad in ("2026-13", "2026-1", "December", "2026-12-01"):
        with pytest.raises(BulletinError, match="must be written YYYY-MM"):
            parse_month(bad)
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)


def cases(*specs):
    return make_library(*[make_resource(rid, pub, upd, changes, type_name="case-study") for rid, pub, upd, changes in specs],
                        make_resource("a-guide", "2026-12-20", type_name="ip-guide"))


def test_case_study_of_the_month_is_the_newest_of_the_month():
    library = cases(("old", "2026-01-05", None, ()), ("dec-early", "2026-12-02", None, ()),
                    ("dec-updated", "2025-06-01", "2026-12-09", [("2026-12-09", "Rewrote it.")]),
                    ("jan", "2027-01-03", None, ()))
    study, from_month = case_study_of_the_month(library, date(2026, 12, 1))
    assert (study.id, from_month) == ("dec-updated", True)  # an update counts, and 9 December is the newest


def test_case_study_of_the_month_falls_back_to_the_newest_overall():
    library = cases(("old", "2026-01-05", None, ()), ("newer", "2026-06-01", None, ()),
                    ("after-the-month", "2027-01-03", None, ()))
    study, from_month = case_study_of_the_month(library, date(2026, 12, 1))
    assert (study.id, from_month) == ("newer", False)  # published after the month: not yet news
    assert case_study_of_the_month(library, date(2025, 12, 1)) == (None, False)
    assert case_study_of_the_month(make_library(), date(2026, 12, 1)) == (None, False)


def test_grouped_entries_follow_the_types_order_and_leave_out_the_featured_case():
    library = make_library(make_resource("f", "2026-12-01", type_name="faq"), make_resource("c", "2026-12-02", type_name="case-study"),
                           make_resource("g", "2026-12-03", type_name="ip-guide"), make_resource("s", "2026-12-04", type_name="factsheet"))
    groups = grouped_entries(library, date(2026, 12, 1))
    assert [(name, [e.resource.id for e in entries]) for name, entries in groups] == [
        ("factsheet", ["s"]), ("ip-guide", ["g"]), ("case-study", ["c"]), ("faq", ["f"])]
    without = grouped_entries(library, date(2026, 12, 1), leave_out=library.get("c"))
    assert [name for name, _ in without] == ["factsheet", "ip-guide", "faq"]


def test_upcoming_events_are_those_of_the_months_after():
    events = [Event(D(day), {"en": day}) for day in ("2026-11-30", "2026-12-01", "2027-02-28", "2027-03-01")]
    assert EVENT_MONTHS_AHEAD == 3
    assert [e.title["en"] for e in upcoming_events(events, date(2026, 11, 1))] == ["2026-12-01", "2027-02-28"]


# --- the editors' data files ------------------------------------------------------------

def test_events_file_is_read_and_validated(tmp_path):
    write(tmp_path, "bulletin/events.yml", EVENTS)
    events = load_events(tmp_path)
    assert [e.day.isoformat() for e in events] == ["2026-10-30", "2026-11-03", "2026-12-15", "2027-02-01"]  # soonest first
    webinar = events[1]
    assert webinar.title_in("fr") == "Webinaire sur les salons" and webinar.title_in("de") == "Webinar on trade fairs"
    assert webinar.place_in("fr") == "Online" and webinar.link == "training/"
    assert load_events(tmp_path / "nowhere") == []


def test_events_file_errors_are_all_reported_with_lines(tmp_path):
    write(tmp_path, "bulletin/events.yml", """\
        events:
          - date: 2026-13-01
            title: Bad date
          - title: {fr: Seulement en français}
            link: http://insecure.example.org/
          - date: 2026-12-01
            title: Fine
            colour: red
            link: ../escape
        """)
    with pytest.raises(LibraryInvalid) as caught:
        load_events(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "bulletin/events.yml:2: events[1].date: '2026-13-01' is not a real date",
        "bulletin/events.yml:4: events[2].date: required field is missing",
        "bulletin/events.yml:4: events[2].title: needs an English text (en: ...)",
        "bulletin/events.yml:5: events[2].link: 'http://insecure.example.org/' must use https://",
        "bulletin/events.yml:8: events[3].colour: unknown key (allowed: date, title, place, link)",
        "bulletin/events.yml:9: events[3].link: '../escape' must be a page of the site (e.g. training/) or a full https:// address",
    ]


@pytest.mark.parametrize("text, message", [
    ("events: [unclosed", "bulletin/events.yml:1: events: malformed YAML"),
    ("- date: 2026-12-01\n", "bulletin/events.yml:1: events: the file must hold one key, events:"),
])
def test_malformed_events_file(tmp_path, text, message):
    write(tmp_path, "bulletin/events.yml", text)
    with pytest.raises(LibraryInvalid, match=re.escape(message)):
        load_events(tmp_path)


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("bulletin"), {**RESOURCES, **OCTOBER})
    write(root, "bulletin/2026-10/intro.md", INTRO)
    write(root, "bulletin/events.yml", EVENTS)
    return root


@pytest.fixture(scope="module")
def library(fixture_root):
    return load_library(fixture_root)


def test_intro_links_become_absolute(fixture_root, library):
    intro = load_intro(fixture_root, date(2026, 10, 1), "en", library, SITE)
    assert "[the Macao factsheet](https://helpdesk.example.org/factsheets/macao-basics/#top)" in intro
    assert "[our webinar](https://events.example.org/webinar)" in intro
    assert load_intro(fixture_root, date(2026, 10, 1), "fr", library, SITE) is None  # no intro.fr.md


def test_intro_links_resources_by_file_too(tmp_path, library):
    write(tmp_path, "bulletin/2026-10/intro.md", "Read [question B](../../faq/nested/b.md#why).\n")
    assert load_intro(tmp_path, date(2026, 10, 1), "fr", library, SITE) is None
    assert load_intro(tmp_path, date(2026, 10, 1), "en", library, SITE) == \
        "Read [question B](https://helpdesk.example.org/faq/faq-b/#why)."


def test_intro_refuses_relative_links_images_and_html(tmp_path, library):
    write(tmp_path, "bulletin/2026-10/intro.md", """\
        See [the guide](../guides/x/) and [a gone one](id:nowhere) and [a file](../../faq/x.md).
        ![logo](https://cdn.example.org/logo.png)
        <img src="https://tracker.example.org/p.gif">
        """)
    with pytest.raises(LibraryInvalid) as caught:
        load_intro(tmp_path, date(2026, 10, 1), "en", library, SITE)
    assert [str(e) for e in caught.value.errors] == [
        "bulletin/2026-10/intro.md:1: intro: link '../../faq/x.md' points at no content file (faq/x.md does not exist); "
        "link a resource by its id: [text](id:<resource-id>)",
        "bulletin/2026-10/intro.md:1: intro: link '../guides/x/' must be id:<resource-id> or a full https:// address",
        "bulletin/2026-10/intro.md:1: intro: link to unknown resource id 'id:nowhere'",
        "bulletin/2026-10/intro.md:2: intro: image 'https://cdn.example.org/logo.png': an e-bulletin loads no images",
        "bulletin/2026-10/intro.md:3: intro: raw HTML is not allowed in an e-bulletin: write markdown",
    ]


# --- rendering ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def october(fixture_root, library):
    return make_bulletin(fixture_root, library, date(2026, 10, 1), "en", SITE, "IP Helpdesk Resource Library")


def test_october_bulletin_content(october):
    assert october.case_study.id == "case-three" and october.case_study_from_month
    assert [(label, [e.resource.id for e in entries]) for label, entries in october.groups] == [
        ("Factsheets", ["macao-basics"]), ("How-to guides", ["how-to-recent"])]
    assert [e.title["en"] for e in october.events] == ["Webinar on trade fairs", "IP clinic"]


def test_html_is_email_safe(october):
    html = render_html(october)
    soup = BeautifulSoup(html, "html.parser")
    assert html.startswith("<!DOCTYPE html>")
    assert soup.html["lang"] == "en" and soup.find("meta", charset="utf-8")
    assert soup.title.string == "Partner E-bulletin – October 2026"
    # nothing to load or run: no scripts, images, stylesheets, fonts, frames or forms
    for tag in ("script", "img", "link", "style", "iframe", "object", "embed", "form", "video", "audio", "svg"):
        assert soup.find(tag) is None, tag
    assert not re.search(r"url\(|@import|@font-face|javascript:", html, re.I)
    assert not soup.find(attrs={"class": True}) and not soup.find(attrs={"id": True})  # inline styles only
    assert not soup.find(attrs={"src": True}) and not soup.find(attrs={"background": True})
    # table layout, 600 pixels wide
    outer = soup.body.find("table")
    assert outer["role"] == "presentation" and outer["width"] == "100%"
    content = outer.find("table")
    assert content["width"] == str(WIDTH) == "600" and f"max-width:{WIDTH}px" in content["style"]
    assert soup.find("div") is None  # no layout by divs
    # every link is absolute and points at the site (this bulletin has no outside event)
    hrefs = [a["href"] for a in soup.find_all("a")]
    external = {"https://events.example.org/webinar", "mailto:enquiries@helpdesk.example.org"}  # written by the editor
    assert hrefs and all(h.startswith(SITE) for h in hrefs if h not in external)
    assert set(hrefs) >= {SITE + "factsheets/macao-basics/", SITE + "guides/how-to-recent/", SITE + "case-studies/case-three/",
                          SITE + "factsheets/macao-basics/#top", SITE + "training/", SITE + "whats-new/",
                          SITE + "enquiry/", SITE + "feed.xml", SITE}
    every_tag_styled = [t.name for t in soup.body.find_all(["p", "a", "h1", "h2", "h3", "td", "ul", "li"]) if not t.get("style")]
    assert every_tag_styled == []


def test_html_texts(october):
    html = render_html(october)
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert "Case study of the month Case three & the <fair> A case published in October. Read the case study" in text
    assert "Case three &amp; the &lt;fair&gt;" in html  # escaped
    assert "Macao basics Updated 1 October 2026 How IP works in Macao. Change: Checked the office name." in text
    assert "How to file New 10 October 2026 The newest guide." in text
    assert "Upcoming events 3 November 2026 Webinar on trade fairs · Online 15 December 2026 IP clinic · Brussels" in text
    assert "Too early" not in text and "Too late" not in text
    assert "This month: a <strong>new</strong> guide" in html  # the intro's markdown


def test_french_bulletin(fixture_root, library):
    bulletin = make_bulletin(fixture_root, library, date(2026, 10, 1), "fr", SITE, "Bibliothèque du service d'assistance PI")
    html = render_html(bulletin)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.title.string == "Bulletin électronique des partenaires – octobre 2026"
    hrefs = {a["href"] for a in soup.find_all("a")}
    assert {SITE + "fr/guides/how-to-recent/", SITE + "fr/factsheets/macao-basics/", SITE + "fr/training/",
            SITE + "fr/feed.xml", SITE + "fr/whats-new/"} <= hrefs
    assert all(h.startswith(SITE) for h in hrefs)  # no French intro, so no editor's outside links
    assert "Déposer" in html and "Webinaire sur les salons" in html and "Bruxelles" in html
    # the case study is not translated: English text marked as such
    assert soup.find(string="Case three & the <fair>").parent["lang"] == "en"


def test_empty_month_says_so(fixture_root, library):
    bulletin = make_bulletin(fixture_root, library, date(2026, 9, 1), "en", SITE, "Library")
    assert bulletin.groups == [] and bulletin.case_study.id == "case-two" and not bulletin.case_study_from_month
    assert "No resources were published or updated this month." in render_html(bulletin)
    assert "No resources were published or updated this month." in render_text(bulletin)


def test_plain_text_alternative(october):
    text = render_text(october)
    assert text.startswith("IP Helpdesk Resource Library\nPartner E-bulletin – October 2026\n=================================\n")
    assert "the Macao factsheet (https://helpdesk.example.org/factsheets/macao-basics/#top)" in " ".join(text.split())
    assert "This month: a new guide" in text  # emphasis marks gone
    assert "FACTSHEETS\n* Macao basics [Updated, 1 October 2026]\n  How IP works in Macao.\n  Change: Checked the office name.\n" \
           "  https://helpdesk.example.org/factsheets/macao-basics/" in text
    assert "* 3 November 2026: Webinar on trade fairs, Online\n  https://helpdesk.example.org/training/" in text
    assert "<" not in text.replace("<fair>", "")  # no markup
    assert all(len(line) <= TEXT_WIDTH or "https://" in line for line in text.splitlines())  # URLs are never broken


def test_markdown_version(october):
    md = render_markdown(october)
    assert md.startswith("# Partner E-bulletin – October 2026\n\n*IP Helpdesk Resource Library*\n")
    assert "**[Case three & the \\<fair\\>](https://helpdesk.example.org/case-studies/case-three/)**" in md
    assert "### Factsheets\n\n- **[Macao basics](https://helpdesk.example.org/factsheets/macao-basics/)** (Updated, 1 October 2026)" in md
    assert "- 3 November 2026: [Webinar on trade fairs](https://helpdesk.example.org/training/), Online" in md
    assert not re.search(r"\]\((?!https://|mailto:)", md)  # every link absolute


def test_markdown_to_text():
    assert markdown_to_text("A **b** and *c*, [d](https://x.org/).") == "A b and c, d (https://x.org/)."
    assert markdown_to_text("## Head\nsnake_case_name stays") == "Head\nsnake_case_name stays"


# --- in the real browser -----------------------------------------------------------------

def test_bulletin_renders_in_chromium(october, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from quality import CHROMIUM, CHROMIUM_ARGS, axe_violations, save_screenshot

    path = tmp_path / "bulletin.html"
    path.write_text(render_html(october), encoding="utf-8")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (800, 375):
                page = browser.new_page(viewport={"width": width, "height": 900})
                requests = []
                page.on("request", lambda request: requests.append(request.url))
                page.goto(path.as_uri(), wait_until="load")
                save_screenshot(page, f"bulletin-{width}")
                assert [url for url in requests if not url.startswith("file:")] == []  # loads nothing
                content_width = page.evaluate("document.querySelector('table table').getBoundingClientRect().width")
                assert content_width == (WIDTH if width > WIDTH else pytest.approx(width - 16, abs=1))
                assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
                if width == 800:
                    assert axe_violations(page) == []
                page.close()
        finally:
            browser.close()


# --- the command line ---------------------------------------------------------------------

def run_bulletin(root: Path, *args):
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args], capture_output=True, text=True)


def test_command_writes_three_drafts_outside_the_site(fixture_root):
    result = run_bulletin(fixture_root, "2026-10")
    assert result.returncode == 0, result.stderr
    out = fixture_root / "bulletins/2026-10"
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "bulletin.html", "bulletin.md", "bulletin.txt"]
    assert "2 new or updated resources, case study of the month: case-three, 2 upcoming events" in result.stdout
    assert "DO NOT EDIT" in (out / "README.txt").read_text()
    assert (out / "bulletin.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (fixture_root / "site").exists()

    french = run_bulletin(fixture_root, "2026-10", "--lang", "fr", "--out", str(fixture_root / "elsewhere"))
    assert french.returncode == 0, french.stderr
    assert "note: no introduction (bulletin/2026-10/intro.fr.md does not exist)" in french.stderr
    assert (fixture_root / "elsewhere/bulletin.fr.html").is_file() and (fixture_root / "elsewhere/bulletin.fr.txt").is_file()


@pytest.mark.parametrize("args, message", [
    (["2026-13"], "scripts/bulletin: month '2026-13' must be written YYYY-MM, e.g. 2026-12"),
    (["2026-10", "--site-url", "helpdesk.example.org"], "site_url 'helpdesk.example.org' is not an absolute address"),
])
def test_command_refuses_with_one_line(fixture_root, args, message):
    result = run_bulletin(fixture_root, *args)
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_command_reports_data_file_errors(tmp_path):
    root = make_project(tmp_path, RESOURCES)
    write(root, "bulletin/events.yml", "events:\n  - date: 2026-12-01\n")
    result = run_bulletin(root, "2026-11")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["1 content error:", "bulletin/events.yml:2: events[1].title: required field is missing"]
    assert not (root / "bulletins").exists()


def test_command_help():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "month" in result.stdout and "--lang" in result.stdout and "bulletin/events.yml" in result.stdout


def test_repository_events_file_is_valid():
    assert isinstance(load_events(REPO), list)
