"""A full build where editors link resources the MkDocs way (relative paths to source
files) and by a former id after a rename: the right link in every language, the old
URL redirected in every language, notes instead of a failure."""

import pytest

import helpers

from fixture_library import RESOURCES
from helpers import make_project
from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix

LINKED = {
    **RESOURCES,
    # a guide linking an FAQ by its file (with an anchor), and one by a former id
    "guides/horizontal/fairs.md": RESOURCES["guides/horizontal/fairs.md"].replace(
        "topics: [trade-fairs]", "topics: [trade-fairs]\n        related: [old-faq-name]").replace(
        "Prepare.", "Prepare. Read [question B](../../faq/nested/b.md#details) and [the renamed one](id:old-faq-name)."),
    "guides/horizontal/fairs.fr.md": """\
        ---
        title: Salons
        summary: Avant le salon.
        translated_from: 2026-06-01
        ---
        Préparez-vous. Lisez [la question A](../../faq/a.fr.md).
        """,
    "faq/nested/b.md": RESOURCES["faq/nested/b.md"].replace("Answer B in full.", "## Details\n\n        Answer B in full."),
    # renamed: the old id kept in aliases, no other file touched
    "faq/renamed.md": """\
        ---
        id: new-faq-name
        aliases: [old-faq-name]
        title: Renamed question?
        summary: Renamed answer.
        published: 2026-08-03
        ip_rights: [trade-marks]
        ---
        Renamed.
        """,
    "docs/about.md": "---\ntitle: About\n---\n# About\n\nStart with [question A](../faq/a.md).\n",
}


def run_cli(root, *args):
    return helpers.run_cli(root, *args, env={"LIBRARY_PDFS": "0"})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("linked"), LINKED)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def page(root, url):
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_link_by_file_leads_to_the_resource_in_the_readers_language(built, lang):
    html = page(built, f"{url_prefix(lang)}guides/fair-guide")
    if lang == "fr":  # the French text links question A by its French file
        assert 'href="../../faq/faq-a/"' in html
    else:
        assert 'href="../../faq/faq-b/#details"' in html
        assert 'href="../../faq/new-faq-name/"' in html
    assert (built / "site" / url_prefix(lang) / "faq/faq-a/index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_static_page_links_a_resource_by_file(built, lang):
    assert 'href="../faq/faq-a/"' in page(built, f"{url_prefix(lang)}about")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_renamed_resources_old_url_redirects_in_every_language(built, lang):
    prefix = url_prefix(lang)
    html = page(built, f"{prefix}faq/old-faq-name")
    assert f'http-equiv="refresh" content="0; url={"../" * (2 + bool(prefix))}{prefix}faq/new-faq-name/"' in html


def test_check_notes_where_the_former_id_is_still_used_without_failing(built):
    result = run_cli(built, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "2 notes (not errors; worth updating at leisure):",
        "guides/horizontal/fairs.md:7: related: 'old-faq-name' is a former id of 'new-faq-name'",
        "guides/horizontal/fairs.md:9: body: 'id:old-faq-name' is a former id of 'new-faq-name': link id:new-faq-name",
    ]


def test_a_link_to_a_file_that_does_not_exist_is_one_line_naming_the_source_file(built, tmp_path):
    broken = {**LINKED, "faq/a.md": LINKED["faq/a.md"].replace("Answer A in full.", "See [B](../faq/b.md).")}
    result = run_cli(make_project(tmp_path, broken), "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "1 content error:",
        "faq/a.md:8: body: link '../faq/b.md' points at no content file (faq/b.md does not exist); "
        "did you mean [text](id:faq-b)?",
    ]


def test_a_missing_anchor_is_reported_with_the_editors_file_names(built, tmp_path):
    broken = {**LINKED, "faq/a.md": LINKED["faq/a.md"].replace("Answer A in full.", "See [B](../faq/nested/b.md#nowhere).")}
    result = run_cli(make_project(tmp_path, broken), "build")
    assert result.returncode != 0
    assert "Doc file 'faq/a.md' contains a link 'faq-b.md#nowhere', " \
           "but the doc 'faq/nested/b.md' does not contain an anchor '#nowhere'." in result.stderr
