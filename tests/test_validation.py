"""Unit tests of content validation: every bad-input case names file, line, field, reason."""

import pytest

from helpers import VALID_FAQ, make_library
from iplibrary import yaml_source
from iplibrary.errors import LibraryInvalid
from iplibrary.frontmatter import FrontMatterError, parse_document
from iplibrary.library import load_library


def errors_of(tmp_path, files) -> list[str]:
    make_library(tmp_path, files)
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    return [str(e) for e in caught.value.errors]


def faq(**changes) -> str:
    """A valid FAQ with some front-matter lines replaced (value None removes the key)."""
    lines = VALID_FAQ.format(id=changes.pop("id", "q1"), title=changes.pop("title", "Question?")).split("\n")
    for key, value in changes.items():
        lines = [line for line in lines if not line.startswith(f"{key}:")]
        if value is not None:
            lines.insert(lines.index("---", 1), f"{key}: {value}")
    return "\n".join(lines)


def test_valid_library_loads(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq(), "faq/q1.fr.md": "---\ntitle: Q ?\nsummary: R.\ntranslated_from: 2026-09-01\n---\nR.\n"})
    library = load_library(tmp_path)
    resource = library.get("q1")
    assert resource.type.name == "faq"
    assert resource.translations["fr"].title == "Q ?"
    assert resource.state("fr") == "translated" and resource.state("de") == "fallback"


def test_malformed_yaml_names_the_line(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": "---\nid: q1\ntitle: [unclosed\nsummary: x\n---\n"}) == [
        "faq/q1.md:4: front matter: malformed YAML: expected ',' or ']', but got ':'"
    ]


def test_missing_front_matter(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": "Just text\n"}) == [
        "faq/q1.md:1: front matter: the file must start with front matter between '---' lines"
    ]


def test_missing_required_field(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(summary=None)}) == ["faq/q1.md:1: summary: required field is missing"]


def test_unknown_key(tmp_path):
    [error] = errors_of(tmp_path, {"faq/q1.md": faq(author="me")})
    assert error.startswith("faq/q1.md:9: author: unknown key (allowed: aliases, changes, id,")


def test_unknown_vocabulary_term(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(regions="[mainland-china, mars]")}) == [
        "faq/q1.md:8: regions: unknown term 'mars' (terms: mainland-china, hong-kong, macao, taiwan)"
    ]


def test_unknown_term_on_its_own_line(tmp_path):
    text = faq(topics=None).replace("---\nThe", "topics:\n  - registration\n  - smuggling\n---\nThe")
    [error] = errors_of(tmp_path, {"faq/q1.md": text})
    assert error.startswith("faq/q1.md:10: topics: unknown term 'smuggling'")


def test_duplicate_id_names_both_files(tmp_path):
    assert errors_of(tmp_path, {"faq/a.md": faq(id="same"), "faq/sub/b.md": faq(id="same")}) == [
        "faq/sub/b.md:2: id: duplicate id 'same', also used by faq/a.md"
    ]


def test_bad_id(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(id="Bad_Id")}) == [
        "faq/q1.md:2: id: must be lowercase letters, digits and single hyphens, e.g. 'trade-mark-basics'"
    ]


@pytest.mark.parametrize("value, reason", [
    ("2026-02-30", "'2026-02-30' is not a real date"),
    ("'1 May 2026'", "must be a date written YYYY-MM-DD"),
    ("2026-9-1", "must be a date written YYYY-MM-DD"),
])
def test_bad_or_impossible_date(tmp_path, value, reason):
    assert errors_of(tmp_path, {"faq/q1.md": faq(published=value)}) == [f"faq/q1.md:8: published: {reason}"]


def test_updated_before_published(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(updated="2026-08-01")}) == [
        "faq/q1.md:9: updated: 2026-08-01 is before published 2026-09-01"
    ]


def test_unknown_related_id(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(related="[q2, nowhere]"), "faq/q2.md": faq(id="q2")}) == [
        "faq/q1.md:9: related: unknown resource id 'nowhere'"
    ]


def test_translation_without_source(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(), "faq/q9.fr.md": "---\ntitle: T\nsummary: S\ntranslated_from: 2026-09-01\n---\n"}) == [
        "faq/q9.fr.md:1: file: translation without a source: faq/q9.md does not exist"
    ]


def test_translation_with_forbidden_key(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(), "faq/q1.de.md": "---\ntitle: T\nsummary: S\ntranslated_from: 2026-09-01\nregions: [macao]\n---\n"}) == [
        "faq/q1.de.md:5: regions: not allowed in a translation (only title, summary, translated_from; the rest comes from the source)"
    ]


def test_translation_missing_translated_from(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(), "faq/q1.de.md": "---\ntitle: T\nsummary: S\n---\n"}) == [
        "faq/q1.de.md:1: translated_from: required field is missing"
    ]


@pytest.mark.parametrize("name, hint", [
    ("q1.ru.md", "languages: fr de it es pl zh"),
    ("q1.en.md", "English is the source: name it without a suffix"),
])
def test_unknown_language_suffix(tmp_path, name, hint):
    assert errors_of(tmp_path, {"faq/q1.md": faq(), f"faq/{name}": "---\ntitle: T\n---\n"}) == [
        f"faq/{name}:1: file: unknown language suffix '.{name.split('.')[1]}' ({hint})"
    ]


def test_type_contradicting_folder(tmp_path):
    assert errors_of(tmp_path, {"guides/ip/q1.md": faq(type="faq")}) == [
        "guides/ip/q1.md:9: type: 'faq' contradicts the folder, which holds ip-guide resources"
    ]


def test_type_agreeing_with_folder_is_fine(tmp_path):
    make_library(tmp_path, {"guides/how-to/q1.md": faq(type="how-to")})
    assert load_library(tmp_path).get("q1").type.name == "how-to"


@pytest.mark.parametrize("regions", [None, "[]", "[macao, taiwan]"])
def test_factsheet_needs_exactly_one_region(tmp_path, regions):
    [error] = errors_of(tmp_path, {"factsheets/q1.md": faq(regions=regions)})
    assert error.endswith("regions: a factsheet has exactly one region")
    assert error.startswith("factsheets/q1.md:")


def test_summary_too_long(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq(summary="x" * 301)}) == ["faq/q1.md:8: summary: at most 300 characters (has 301)"]


def test_file_outside_a_type_folder(tmp_path):
    [error] = errors_of(tmp_path, {"guides/loose.md": faq()})
    assert error.startswith("guides/loose.md:1: file: not inside a type folder")


def test_unknown_id_link_in_body(tmp_path):
    assert errors_of(tmp_path, {"faq/q1.md": faq() + "See [this](id:missing-one).\n"}) == [
        "faq/q1.md:11: body: link to unknown resource id 'id:missing-one'"
    ]


def test_changes_must_be_newest_first(tmp_path):
    text = faq(changes="[{date: 2026-09-02, note: a}, {date: 2026-10-01, note: b}]", updated="2026-10-01")
    assert errors_of(tmp_path, {"faq/q1.md": text}) == ["faq/q1.md:9: changes: list the newest change first"]


def test_every_error_is_reported_at_once(tmp_path):
    errors = errors_of(tmp_path, {
        "faq/a.md": faq(id="a", summary=None),
        "faq/b.md": faq(id="b", regions="[atlantis]"),
        "factsheets/c.md": faq(id="c", regions=None, related="[zzz]"),
    })
    assert len(errors) == 4
    assert [e.split(":")[0] for e in errors] == ["factsheets/c.md", "factsheets/c.md", "faq/a.md", "faq/b.md"]


def test_bom_crlf_and_any_script_are_fine(tmp_path):
    text = "\ufeff" + faq(title="知识产权是什么？").replace("\n", "\r\n")
    make_library(tmp_path, {"faq/q1.md": text})
    resource = load_library(tmp_path).get("q1")
    assert resource.title == "知识产权是什么？"
    assert "\r" not in resource.body


def test_subfolders_mean_nothing(tmp_path):
    make_library(tmp_path, {"guides/sector/food/deep/q1.md": faq()})
    assert load_library(tmp_path).get("q1").type.name == "sector"


def test_vocabulary_term_without_a_language(tmp_path):
    make_library(tmp_path, {"faq/q1.md": faq()})
    vocab = tmp_path / "vocabulary.yml"
    vocab.write_text(vocab.read_text().replace("  macao: {en: Macao, fr: Macao,", "  macao: {en: Macao,"))
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    [error] = [str(e) for e in caught.value.errors]
    assert error.startswith("vocabulary.yml:") and error.endswith("regions.macao: label missing for fr")


def test_unquoted_comma_in_a_change_note(tmp_path):
    text = faq(updated="2026-10-01", changes="\n  - {date: 2026-10-01, note: Fees, and dates}")
    assert errors_of(tmp_path, {"faq/q1.md": text}) == [
        "faq/q1.md:11: changes: unknown key 'and dates' in item 1 (allowed: date, note); a note that contains a comma must be in quotes"
    ]


FRONT_MATTER = ("---\nid: x\ntitle: 'A: b'\npublished: 2026-02-30\nregions:\n  - hong-kong\n  - macao\n"
                "topics: [registration, customs]\nid: y\n---\nBody\n")


def test_c_and_pure_yaml_loaders_read_front_matter_alike(monkeypatch):
    fast = parse_document(FRONT_MATTER)
    monkeypatch.setattr(yaml_source, "CStringDateLoader", None)  # PyYAML without libyaml
    assert parse_document(FRONT_MATTER) == fast
    assert fast.meta == {"id": "y", "title": "A: b", "published": "2026-02-30",  # dates stay strings
                         "regions": ["hong-kong", "macao"], "topics": ["registration", "customs"]}
    assert fast.key_lines == {"id": 9, "title": 3, "published": 4, "regions": 5, "topics": 8}  # a repeated key: its last line
    assert fast.item_lines == {"regions": [6, 7], "topics": [8, 8]}
    assert fast.body == "Body\n" and fast.body_line == 11
    assert [(d.key, d.line, d.first_line) for d in fast.duplicate_keys] == [("id", 7, 0)]  # YAML lines


@pytest.mark.parametrize("raw", ["---\nregions: [a, b\nx: 1\n---\n", "---\na: b: c\n---\n", "---\nk: \"\x07\"\n---\n"])
def test_malformed_front_matter_is_reported_in_the_pure_parser_words(monkeypatch, raw):
    with pytest.raises(FrontMatterError) as fast:
        parse_document(raw)
    monkeypatch.setattr(yaml_source, "CStringDateLoader", None)
    with pytest.raises(FrontMatterError) as pure:
        parse_document(raw)
    assert (fast.value.line, fast.value.reason) == (pure.value.line, pure.value.reason)


def test_a_reload_checks_against_the_schema_only_what_changed(tmp_path, monkeypatch):
    """mkdocs serve reloads the library on every save: files whose text, name and
    vocabulary are unchanged keep their schema result, errors included."""
    from iplibrary import library

    checked = []
    original = library._schema_errors
    monkeypatch.setattr(library, "_schema_errors", lambda rel, doc, validator: checked.append(rel) or original(rel, doc, validator))
    monkeypatch.setattr(library, "_SCHEMA_ERRORS", {})
    bad = faq(id="q2", regions="[mainland-china, mars]")
    make_library(tmp_path, {"faq/q1.md": faq(), "faq/q2.md": bad})
    for _ in range(2):
        with pytest.raises(LibraryInvalid) as caught:
            load_library(tmp_path)
        assert [e.field for e in caught.value.errors] == ["regions"]  # reported again from the kept result
    assert sorted(checked) == ["faq/q1.md", "faq/q2.md"]
    (tmp_path / "faq" / "q2.md").write_text(faq(id="q2"), encoding="utf-8")
    load_library(tmp_path)
    assert sorted(checked) == ["faq/q1.md", "faq/q2.md", "faq/q2.md"]
    vocabulary = (tmp_path / "vocabulary.yml").read_text(encoding="utf-8")
    mars = "  mars: {en: Mars, fr: Mars, de: Mars, it: Marte, es: Marte, pl: Mars, zh: 火星}\n"
    (tmp_path / "vocabulary.yml").write_text(vocabulary.replace("regions:\n", "regions:\n" + mars, 1), encoding="utf-8")
    (tmp_path / "faq" / "q2.md").write_text(bad, encoding="utf-8")
    load_library(tmp_path)  # Mars is a region now: the kept error must not come back
    assert len(checked) == 5  # another vocabulary: every file checked again
