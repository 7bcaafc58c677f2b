"""Reading a markdown file into front matter (with the line of each key) and body.

Tolerates a UTF-8 BOM and CRLF line endings. The YAML is read by `iplibrary.yaml_source`:
dates stay strings, and keys written twice are kept in `Document.duplicate_keys` for
validation to report.
"""

from dataclasses import dataclass, field

import yaml

from iplibrary.yaml_source import DuplicateKey, parse_yaml


class FrontMatterError(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


FIRST_YAML_LINE = 2  # line 1 is '---'; YAML line 0 is file line 2


@dataclass
class Document:
    meta: dict
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line of each item
    body_line: int = 1  # line of the file where the body starts
    duplicate_keys: tuple[DuplicateKey, ...] = ()  # lines are YAML lines: add FIRST_YAML_LINE


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
    offset = FIRST_YAML_LINE
    try:
        parsed = parse_yaml(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else 1
        raise FrontMatterError(line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"malformed YAML: {exc}") from None
    node, meta = parsed.node, parsed.value
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
    return Document(meta=meta, body=body, key_lines=key_lines, item_lines=item_lines, body_line=end + 2,
                    duplicate_keys=parsed.duplicate_keys)
