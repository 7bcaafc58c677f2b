"""A key written twice (a merge or copy-paste slip) is a content error naming both lines,
in front matter, vocabulary.yml, redirects.yml and bulletin/events.yml: YAML parsers keep
the second value and drop the first without a word."""

import pytest

from helpers import VALID_FAQ, make_library, write
from iplibrary import yaml_source
from iplibrary.bulletin.inputs import load_events
from iplibrary.errors import LibraryInvalid
from iplibrary.library import load_library
from iplibrary.yaml_source import parse_yaml

FAQ = VALID_FAQ.format(id="q1", title="Question?")


def errors_of(tmp_path, files) -> list[str]:
    make_library(tmp_path, files)
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    return [str(e) for e in caught.value.errors]


def test_a_repeated_front_matter_key_names_both_lines(tmp_path):
    text = FAQ.replace("summary: A short answer.\n", "summary: A short answer.\ntitle: The other question?\n")
    assert errors_of(tmp_path, {"faq/q1.md": text}) == [
        "faq/q1.md:5: title: duplicate key 'title' (also on line 3): keep one"]


def test_every_repeat_is_reported_with_the_other_errors_of_the_file(tmp_path):
    text = FAQ.replace("published: 2026-09-01\n",
                       "published: 2026-09-31\nsummary: again\nchanges:\n  - {date: 2026-09-01, note: a, note: b}\n"
                       "\"summary\": and again\n")
    assert errors_of(tmp_path, {"faq/q1.md": text}) == [
        "faq/q1.md:5: published: '2026-09-31' is not a real date",
        "faq/q1.md:6: summary: duplicate key 'summary' (also on line 4): keep one",
        "faq/q1.md:8: note: duplicate key 'note' (also on line 8): keep one",
        "faq/q1.md:9: summary: duplicate key 'summary' (also on line 4): keep one",
    ]


def test_a_repeated_key_in_a_translation(tmp_path):
    translation = "---\ntitle: Q ?\nsummary: R.\ntitle: Q encore ?\ntranslated_from: 2026-09-01\n---\nR.\n"
    assert errors_of(tmp_path, {"faq/q1.md": FAQ, "faq/q1.fr.md": translation}) == [
        "faq/q1.fr.md:4: title: duplicate key 'title' (also on line 2): keep one"]


def test_keys_that_read_as_the_same_value_are_the_same_key():
    parsed = parse_yaml("1: a\n01: b\n'x': c\nx: d\n")
    assert [(d.key, d.line, d.first_line) for d in parsed.duplicate_keys] == [("1", 1, 0), ("x", 3, 2)]


def test_merge_keys_may_repeat_what_they_merge():
    parsed = parse_yaml("base: &b {title: a, note: n}\nitem:\n  <<: *b\n  title: b\n")
    assert parsed.value["item"] == {"title": "b", "note": "n"} and parsed.duplicate_keys == ()


def test_c_and_pure_loaders_find_the_same_repeats(monkeypatch):
    text = "a: 1\nb: {c: 1, c: 2}\na: 3\nlist:\n  - {x: 1, x: 1}\n"
    fast = parse_yaml(text)
    monkeypatch.setattr(yaml_source, "CStringDateLoader", None)
    assert parse_yaml(text).duplicate_keys == fast.duplicate_keys and len(fast.duplicate_keys) == 3


def test_a_repeated_vocabulary_label_and_term(tmp_path):
    make_library(tmp_path, {"faq/q1.md": FAQ})
    vocab = tmp_path / "vocabulary.yml"
    lines = vocab.read_text(encoding="utf-8").split("\n")
    macao = next(i for i, line in enumerate(lines) if line.startswith("  macao:"))
    lines[macao] = lines[macao].replace("{en: Macao,", "{en: Macao, en: Macau,")
    lines.insert(macao + 1, lines[macao])
    vocab.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    line = macao + 1
    assert [str(e) for e in caught.value.errors] == [
        f"vocabulary.yml:{line}: en: duplicate key 'en' (also on line {line}): keep one",
        f"vocabulary.yml:{line + 1}: en: duplicate key 'en' (also on line {line + 1}): keep one",
        f"vocabulary.yml:{line + 1}: macao: duplicate key 'macao' (also on line {line}): keep one",
    ]


def test_a_repeated_old_id_in_redirects(tmp_path):
    write(tmp_path, "redirects.yml", "old-one: q1\nold-two: q1\nold-one: q1\n")
    assert errors_of(tmp_path, {"faq/q1.md": FAQ}) == [
        "redirects.yml:3: old-one: duplicate key 'old-one' (also on line 1): keep one"]


def test_a_repeated_key_in_an_event(tmp_path):
    write(tmp_path, "bulletin/events.yml", """\
        events:
          - date: 2026-12-01
            title: Webinar
            title: Seminar
        """)
    with pytest.raises(LibraryInvalid) as caught:
        load_events(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "bulletin/events.yml:4: title: duplicate key 'title' (also on line 3): keep one"]
