"""A markdown resource <-> translation units.

One unit per title, summary, heading, paragraph, list item, table cell, blockquote and
admonition title; admonition bodies (Python-Markdown's `!!! type "Title"` with a body
indented by four spaces) are segmented like the rest. What is not text stays in the
*template*: list markers, indentation, table rules, fenced code, HTML blocks, heading
levels and `{#anchor}` attribute lists. A translation is the template with each unit's
target in place, so it has the source's structure and anchors by construction.

Why not translate-toolkit's markdown converter (md2po/po2md): its CommonMark parser
(mistletoe) reads an admonition's indented body as a code block, so the "Key points" box
that opens every resource would reach the translator as one raw unit with its list
markers, and `!!! abstract "Key points"` as a unit of its own; it keeps emphasis as raw
asterisks; and it offers the whole front matter block as one unit. Its storage classes
do write the kit files (see kit_files).
"""

import re
from dataclasses import dataclass, field

from iplibrary.frontmatter import parse_document
from iplibrary.translation_kit import inline

MARK = "\ue000{}\ue001"  # a unit's place in the template (private-use characters)
_MARK = re.compile("\ue000(\\w+)\ue001")

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+(\{[^{}]*\}))?[ \t]*#*[ \t]*$")
_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)[ \t]+([\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(.*)")?[ \t]*$')
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)(\S.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_HTML_BLOCK = re.compile(r"^\s*</?[A-Za-z][^>]*>")
_QUOTE = re.compile(r"^(\s*>[ \t]?)(.*)$")


@dataclass
class Unit:
    id: str
    kind: str  # title, summary, heading, paragraph, list-item, table-cell, quote, admonition-title
    text: str  # inline markdown
    section: str = ""  # the heading it sits under (plain text), for the translator's context
    indent: str = ""  # prefix of its continuation lines in the template

    @property
    def nodes(self) -> list:
        return inline.parse(self.text)


@dataclass
class Segmented:
    units: list[Unit]
    template: str  # the body with MARK(id) where each body unit goes
    meta: dict = field(default_factory=dict)

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.id == unit_id)

    def render_body(self, targets: dict[str, str]) -> str:
        """The body with each unit's target (markdown) in place; a unit without one keeps its source."""
        by_id = {u.id: u for u in self.units}

        def put(match):
            unit = by_id[match.group(1)]
            text = targets.get(unit.id, unit.text)
            return text.replace("\n", "\n" + unit.indent)

        return _MARK.sub(put, self.template)


def segment_file(raw: str) -> Segmented:
    """A resource (or translation) file: title and summary from front matter, then the body."""
    doc = parse_document(raw)
    units = [Unit("title", "title", str(doc.meta.get("title", ""))),
             Unit("summary", "summary", str(doc.meta.get("summary", "")))]
    body = segment_body(doc.body)
    return Segmented(units + body.units, body.template, doc.meta)


def segment_body(body: str) -> Segmented:
    builder = _Builder()
    lines = _segment(body.split("\n"), builder)
    return Segmented(builder.units, "\n".join(lines))


class _Builder:
    def __init__(self):
        self.units: list[Unit] = []
        self.section = ""

    def unit(self, kind: str, text: str, indent: str = "") -> str:
        """MARK of a new unit, or the text itself when nothing in it is to be translated."""
        if not inline.has_words(inline.parse(text)):
            return text.replace("\n", "\n" + indent)
        unit = Unit(f"u{len(self.units) + 1:03d}", kind, text, self.section, indent)
        self.units.append(unit)
        return MARK.format(unit.id)


def _segment(lines: list[str], b: _Builder) -> list[str]:
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            out.append(line)
            i += 1
        elif fence := _FENCE.match(line):
            end = next((j for j in range(i + 1, n) if lines[j].strip().startswith(fence.group(2))), n - 1)
            out.extend(lines[i:end + 1])
            i = end + 1
        elif heading := _HEADING.match(line):
            level, text, attrs = heading.groups()
            b.section = inline.plain_text(inline.parse(text))
            out.append(f"{level} {b.unit('heading', text)}" + (f" {attrs}" if attrs else ""))
            i += 1
        elif admonition := _ADMONITION.match(line):
            marker, types, title = admonition.groups()
            head = f"{marker} {types}"
            if title is not None:
                head += f' "{b.unit("admonition-title", title)}"'
            out.append(head)
            j = i + 1
            while j < n and (not lines[j].strip() or lines[j].startswith("    ") or lines[j].startswith("\t")):
                j += 1
            while j > i + 1 and not lines[j - 1].strip():
                j -= 1  # trailing blank lines belong to the outer level
            inner = [ln[4:] if ln.startswith("    ") else ln.lstrip("\t") for ln in lines[i + 1:j]]
            first = len(b.units)
            out.extend(("    " + ln) if ln.strip() else ln for ln in _segment(inner, b))
            for unit in b.units[first:]:
                unit.indent = "    " + unit.indent  # continuation lines sit inside the box too
            i = j
        elif line.lstrip().startswith("|") and i + 1 < n and _TABLE_RULE.match(lines[i + 1]):
            j = i
            while j < n and lines[j].lstrip().startswith("|"):
                out.append(lines[j] if j == i + 1 else _table_row(lines[j], b))
                j += 1
            i = j
        elif _RULE.match(line) or _HTML_BLOCK.match(line):
            j = i
            while j < n and lines[j].strip():
                out.append(lines[j])
                j += 1
            i = j
        elif item := _LIST_ITEM.match(line):
            indent, marker, space, text = item.groups()
            prefix = indent + marker + space
            j, texts = i + 1, [text]
            while j < n and lines[j].strip() and not _starts_block(lines[j]):
                texts.append(lines[j].lstrip())  # trailing spaces may be a hard line break
                j += 1
            out.append(prefix + b.unit("list-item", "\n".join(texts), " " * len(prefix)))
            i = j
        elif quote := _QUOTE.match(line):
            prefix = quote.group(1)
            j, texts = i, []
            while j < n and (q := _QUOTE.match(lines[j])):
                texts.append(q.group(2))
                j += 1
            out.append(prefix + b.unit("quote", "\n".join(texts), prefix))
            i = j
        else:
            indent = line[: len(line) - len(line.lstrip())]
            j, texts = i, []
            while j < n and lines[j].strip() and (j == i or not _starts_block(lines[j])):
                texts.append(lines[j].lstrip())  # trailing spaces may be a hard line break
                j += 1
            out.append(indent + b.unit("paragraph", "\n".join(texts), indent))
            i = j
    return out


def _starts_block(line: str) -> bool:
    return bool(_FENCE.match(line) or _HEADING.match(line) or _ADMONITION.match(line) or _LIST_ITEM.match(line)
                or line.lstrip().startswith("|") or _QUOTE.match(line) or _HTML_BLOCK.match(line))


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _table_row(line: str, b: _Builder) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    lead, trail = body.startswith("|"), body.endswith("|") and len(body) > 1
    inner = body[1 if lead else 0: len(body) - (1 if trail else 0)]
    cells = _split_cells(inner)
    rendered = [f" {b.unit('table-cell', c.strip())} " if c.strip() else c for c in cells]
    return indent + ("|" if lead else "") + "|".join(rendered) + ("|" if trail else "")


def _split_cells(inner: str) -> list[str]:
    """Split on pipes outside code spans."""
    cells, current, in_code = [], "", False
    for k, ch in enumerate(inner):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code and (k == 0 or inner[k - 1] != "\\"):
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    return cells
