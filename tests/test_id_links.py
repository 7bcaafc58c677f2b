"""Links between resources: by id, by former id, by the relative path of a source file,
from resources, translations, static pages, redirects.yml and the e-bulletin."""

import pytest

from helpers import VALID_FAQ, make_library
from iplibrary.errors import LibraryInvalid
from iplibrary.id_links import LinkIndex, normalise_links, substitute_id_links
from iplibrary.library import load_library

INDEX = LinkIndex.build([("faq-a", ["old-a"]), ("guide-b", [])],
                        {"faq/a.md": "faq-a", "faq/a.fr.md": "faq-a", "guides/ip/b.md": "guide-b"},
                        ["docs/index.md", "docs/training.md"])


def normalise(path, text):
    found = normalise_links(path, text, 10, INDEX)
    return found.text, [str(e) for e in found.errors], [str(n) for n in found.notes]


def test_a_relative_link_to_a_source_file_becomes_an_id_link_with_its_anchor_and_title():
    text, errors, notes = normalise("guides/ip/b.md", 'See [A](../../faq/a.md#why "Question A") and [A again](../../faq/a.md).')
    assert text == 'See [A](id:faq-a#why "Question A") and [A again](id:faq-a).'
    assert errors == [] and notes == []


def test_a_link_to_a_translation_file_means_the_resource_in_the_readers_language():
    assert normalise("guides/ip/b.fr.md", "[A](../../faq/a.fr.md)")[0] == "[A](id:faq-a)"


def test_a_former_id_resolves_to_the_current_one_with_a_note():
    text, errors, notes = normalise("guides/ip/b.md", "one\n[A](id:old-a#x)")
    assert text == "one\n[A](id:faq-a#x)"
    assert errors == []
    assert notes == ["guides/ip/b.md:11: body: 'id:old-a' is a former id of 'faq-a': link id:faq-a"]


def test_unknown_targets_are_errors_naming_file_and_line_with_the_id_form_suggested():
    _, errors, _ = normalise("guides/ip/b.md", "[x](id:nope)\n\n[y](../../faq/extra/a.md)\n[z](../../faq/missing.md)")
    assert errors == [
        "guides/ip/b.md:10: body: link to unknown resource id 'id:nope'",
        "guides/ip/b.md:12: body: link '../../faq/extra/a.md' points at no content file "
        "(faq/extra/a.md does not exist); did you mean [text](id:faq-a)?",
        "guides/ip/b.md:13: body: link '../../faq/missing.md' points at no content file "
        "(faq/missing.md does not exist); link a resource by its id: [text](id:<resource-id>)",
    ]


def test_static_pages_link_resources_by_file_and_keep_their_links_to_other_pages():
    text, errors, _ = normalise("docs/index.md", "[A](../faq/a.md) [T](training.md) [F](faq/index.md) [W](https://x.org/a.md)")
    assert text == "[A](id:faq-a) [T](training.md) [F](faq/index.md) [W](https://x.org/a.md)"
    assert errors == []


def test_a_resource_cannot_link_a_static_page_by_file():
    _, errors, _ = normalise("faq/a.md", "[T](../docs/training.md)")
    assert errors == ["faq/a.md:10: body: link '../docs/training.md' points at a static page: "
                      "a resource text can only link resources (by id)"]


def test_substitution_keeps_anchor_and_title():
    assert substitute_id_links('[A](id:faq-a#why "T") [B](id:guide-b)', lambda rid, anchor: f"/{rid}/{anchor}") == \
        '[A](/faq-a/#why "T") [B](/guide-b/)'


# --- through the loader ---------------------------------------------------------------

def faq(rid, body="The answer.", extra=""):
    text = VALID_FAQ.format(id=rid, title="Question?").replace("---\nThe answer.", f"{extra}---\n{body}")
    return text


def translation(body):
    return f"---\ntitle: Q ?\nsummary: R.\ntranslated_from: 2026-09-01\n---\n{body}\n"


def test_unknown_ids_in_translations_are_errors_too(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a"), "faq/a.fr.md": translation("Voir\n[b](id:gone)"),
                            "faq/a.zh.md": translation("[b](../faq/gone.md)")})
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "faq/a.fr.md:7: body: link to unknown resource id 'id:gone'",
        "faq/a.zh.md:6: body: link '../faq/gone.md' points at no content file (faq/gone.md does not exist); "
        "link a resource by its id: [text](id:<resource-id>)",
    ]


def test_a_renamed_resource_keeps_every_reference_working_with_notes(tmp_path):
    """The README's rename: new id, old id in aliases, no other file touched."""
    make_library(tmp_path, {
        "faq/renamed.md": faq("new-id", extra="aliases: [old-id]\n"),
        "faq/other.md": faq("other", body="See\n[it](id:old-id#x).", extra="related: [old-id]\n"),
        "faq/other.de.md": translation("[es](id:old-id)"),
        "docs/index.md": "---\ntitle: Home\n---\n[it](id:old-id) [file](../faq/renamed.md)\n",
        "redirects.yml": "gone-id: old-id\n",
    })
    library = load_library(tmp_path)
    other = library.get("other")
    assert other.related == ("new-id",)
    assert other.body.endswith("[it](id:new-id#x).\n")
    assert other.translations["de"].body == "[es](id:new-id)\n"
    assert library.redirects == {"faq/gone-id/": "new-id"}
    assert [str(n) for n in library.notes] == [
        "docs/index.md:4: body: 'id:old-id' is a former id of 'new-id': link id:new-id",
        "faq/other.de.md:6: body: 'id:old-id' is a former id of 'new-id': link id:new-id",
        "faq/other.md:9: related: 'old-id' is a former id of 'new-id'",
        "faq/other.md:12: body: 'id:old-id' is a former id of 'new-id': link id:new-id",
        "redirects.yml:1: gone-id: 'old-id' is a former id of 'new-id'",
    ]


def test_related_to_itself_through_a_former_id_is_still_refused(tmp_path):
    make_library(tmp_path, {"faq/a.md": faq("a", extra="aliases: [old-a]\nrelated: [old-a]\n")})
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    assert [str(e) for e in caught.value.errors] == ["faq/a.md:10: related: a resource cannot be related to itself"]


def test_a_link_to_a_translation_not_written_yet_names_its_resource():
    assert normalise("guides/ip/b.md", "[B](b.de.md) [A](../../faq/a.pl.md)")[0] == "[B](id:guide-b) [A](id:faq-a)"
