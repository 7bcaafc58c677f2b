"""The YAML reader of the editors' files: escapes that make a text no page can carry are
refused where they are written, with the pure parser's line; a JSON-style escaped emoji is
one character (PyYAML alone leaves two halves that crash the build when a page is written)."""

import pytest

from helpers import VALID_FAQ, make_library
from iplibrary.errors import LibraryInvalid
from iplibrary.library import load_library
from iplibrary.yaml_source import parse_yaml


def test_an_escaped_utf16_pair_is_one_character():
    assert parse_yaml('title: "\\ud83d\\ude00 \\u00e9"').value == {"title": "😀 é"}


@pytest.mark.parametrize("escaped, reason", [
    ("\\ud83d", "a \\u escape is half of a character (a lone UTF-16 surrogate): write the character itself"),
    ("\\x07", "the text holds the control character U+0007, which no page can show: remove it"),
    ("\\0", "the text holds the control character U+0000, which no page can show: remove it"),
])
def test_an_escape_no_page_can_show_is_a_content_error(tmp_path, escaped, reason):
    text = VALID_FAQ.format(id="q1", title=f'"Question {escaped}?"')
    make_library(tmp_path, {"faq/q1.md": text})
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    assert [str(e) for e in caught.value.errors] == [f"faq/q1.md:3: front matter: malformed YAML: {reason}"]


def test_tabs_and_line_breaks_stay():
    assert parse_yaml('note: "a\\tb\\nc"').value == {"note": "a\tb\nc"}
