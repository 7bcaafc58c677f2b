"""Reading a markdown file into front matter (with the line of each key) and body.

Tolerates a UTF-8 BOM and CRLF line endings. Dates stay strings so that an
impossible date is reported by validation, not thrown by the YAML parser. The YAML is
parsed once, by libyaml's C parser where PyYAML has it (a build reads every file); input
it rejects is parsed again by the pure-Python parser, whose error messages editors see.
"""

from dataclasses import dataclass, field

import yaml


class FrontMatterError(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2026-02-30` stays a string."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


if yaml.__with_libyaml__:
    class _CStringDateLoader(yaml.CSafeLoader):
        """The same loader on libyaml's C parser: the same nodes, lines and values, faster."""

    _CStringDateLoader.yaml_implicit_resolvers = _StringDateLoader.yaml_implicit_resolvers
else:  # PyYAML built without libyaml
    _CStringDateLoader = None


def _compose_and_construct(yaml_text: str, loader_class) -> tuple[yaml.Node | None, object]:
    """The document's node (for key lines) and its value, from a single parse."""
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_front_matter(yaml_text: str) -> tuple[yaml.Node | None, object]:
    """Parse with the C loader if there is one; on any error, or on characters the pure
    reader refuses (libyaml accepts some of them), parse again with the pure loader, so
    that every error message is the pure loader's (line numbers, wording)."""
    if _CStringDateLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(yaml_text):
        try:
            return _compose_and_construct(yaml_text, _CStringDateLoader)
        except yaml.YAMLError:
            pass  # reported below, in the pure parser's words
    return _compose_and_construct(yaml_text, _StringDateLoader)


@dataclass
class Document:
    meta: dict
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line of each item
    body_line: int = 1  # line of the file where the body starts


def normalise_text(raw: str) -> str:
    return raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_document(raw: str) -> Document:
    """Split `raw` into front matter and body; raise FrontMatterError on malformed input."""
    text = normalise_text(raw)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with front matter between '---' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(1, "the front matter is not closed by a '---' line") from None
    yaml_text = "\n".join(lines[1:end])
    offset = 2  # line 1 is '---'; YAML line 0 is file line 2
    try:
        node, meta = load_front_matter(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else 1
        raise FrontMatterError(line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"malformed YAML: {exc}") from None
    if meta is None:
        meta, node = {}, None
    if not isinstance(meta, dict):
        raise FrontMatterError(offset, "the front matter must be a mapping of keys to values")
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_lines[key] = key_node.start_mark.line + offset
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = [item.start_mark.line + offset for item in value_node.value]
    body = "\n".join(lines[end + 1 :])
    return Document(meta=meta, body=body, key_lines=key_lines, item_lines=item_lines, body_line=end + 2)
