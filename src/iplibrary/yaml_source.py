"""Reading the YAML editors write: front matter, vocabulary.yml, redirects.yml,
bulletin/events.yml.

Three differences from `yaml.safe_load`, all so that a mistake is reported rather than
published: dates stay strings (an impossible date is reported by validation, not thrown
by the parser); a key written twice in one mapping is recorded with both lines (YAML
parsers keep the last value and drop the first without a word); and a text is refused if
an escape made it hold what no page, feed or PDF can carry (a control character, half of
a UTF-16 pair - `"\ud83d\ude00"` is joined into one emoji). The text is parsed
once, by libyaml's C parser where PyYAML has it (a build reads every file); input it
rejects is parsed again by the pure-Python parser, whose error messages editors see.
Reads text; knows nothing of files or of the content model.
"""

from dataclasses import dataclass

import re

import yaml

from iplibrary.errors import ContentError

MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
SURROGATE = re.compile("[\ud800-\udfff]")
# what XML 1.0 (feeds) refuses and HTML treats as an error; tab, line feed, return are fine
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # either of the two: one search a text


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int  # 0-based line of the YAML text where the key is repeated
    first_line: int  # 0-based line where it was first written


@dataclass(frozen=True)
class ParsedYaml:
    node: yaml.Node | None  # the document's node, for the line of each key
    value: object
    duplicate_keys: tuple[DuplicateKey, ...] = ()


class _DuplicateKeyCheck:
    """Constructor mixin: notes every key written twice in one mapping.

    Checked in `flatten_mapping`, which SafeConstructor calls on each mapping before
    building it, while the mapping still holds only the keys written in it (merge keys,
    `<<: *anchor`, are then spliced in, and may legitimately repeat a key)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys: list[DuplicateKey] = []
        self._checked_mappings: set[int] = set()

    def flatten_mapping(self, node):
        if id(node) not in self._checked_mappings:
            self._checked_mappings.add(id(node))
            self._note_duplicates(node)
        super().flatten_mapping(node)

    def _note_duplicates(self, node) -> None:
        first_line: dict = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                continue
            # `title` and "title" are one key, and so are `1` and `01`: compare values, not spellings
            key = key_node.value if key_node.tag == STR_TAG and not SUSPECT.search(key_node.value) \
                else self.construct_object(key_node)
            try:
                seen = first_line.get(key)
            except TypeError:  # unhashable: the constructor reports it
                continue
            if seen is None:
                first_line[key] = key_node.start_mark.line
            else:
                self.duplicate_keys.append(DuplicateKey(str(key), key_node.start_mark.line, seen))


def construct_text(loader, node) -> str:
    """A YAML text, with escaped UTF-16 pairs joined; ConstructorError on what no page can carry."""
    value = loader.construct_scalar(node)
    if not SUSPECT.search(value):
        return value
    if SURROGATE.search(value):
        try:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a \\u escape is half of a character (a lone UTF-16 surrogate): write the character itself",
                node.start_mark) from None
    bad = UNSHOWABLE.search(value)
    if bad:
        raise yaml.constructor.ConstructorError(
            None, None, f"the text holds the control character U+{ord(bad.group()):04X}, which no page can show: remove it",
            node.start_mark)
    return value


class StringDateLoader(_DuplicateKeyCheck, yaml.SafeLoader):
    """SafeLoader without the timestamp resolver (`2026-02-30` stays a string), noting duplicate keys."""


StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


StringDateLoader.add_constructor(STR_TAG, construct_text)


if yaml.__with_libyaml__:
    class CStringDateLoader(_DuplicateKeyCheck, yaml.CSafeLoader):
        """The same loader on libyaml's C parser: the same nodes, lines and values, faster."""

    CStringDateLoader.yaml_implicit_resolvers = StringDateLoader.yaml_implicit_resolvers
    CStringDateLoader.add_constructor(STR_TAG, construct_text)
else:  # PyYAML built without libyaml
    CStringDateLoader = None


def _parse(text: str, loader_class) -> ParsedYaml:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
        return ParsedYaml(node, value, tuple(loader.duplicate_keys))
    finally:
        loader.dispose()


def parse_yaml(text: str) -> ParsedYaml:
    """Parse with the C loader if there is one; on any error, or on characters the pure
    reader refuses (libyaml accepts some of them), parse again with the pure loader, so
    that every error message is the pure loader's (line numbers, wording).
    Raises yaml.YAMLError."""
    if CStringDateLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _parse(text, CStringDateLoader)
        except (yaml.YAMLError, RecursionError):
            pass  # reported below, in the pure parser's words
    try:
        return _parse(text, StringDateLoader)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


def duplicate_key_errors(path: str, duplicates, first_line: int = 1) -> list[ContentError]:
    """One error per repeated key, on the repeat's line; `first_line` is the file line of
    YAML line 0 (2 for front matter, after its opening '---')."""
    return [ContentError(path, d.line + first_line, d.key,
                         f"duplicate key '{d.key}' (also on line {d.first_line + first_line}): keep one")
            for d in duplicates]


def yaml_error_line(exc: yaml.YAMLError) -> int:
    """0-based line of a parser error, or 0 if it has none."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line if mark else 0


def yaml_error_reason(exc: yaml.YAMLError) -> str:
    return f"malformed YAML: {getattr(exc, 'problem', None) or getattr(exc, 'context', None) or exc}"
