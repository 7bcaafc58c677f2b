"""Inline markdown <-> text with protected placeholders.

A unit's source is inline markdown. Its markup becomes placeholders a CAT tool protects:
links, images and emphasis are *pairs* around translatable text (XLIFF `<g>`, PO
`<1>…</1>`), code spans, `{{ helpdesk.* }}` and inline HTML are *standalone* (XLIFF
`<ph>`, PO `<2/>`). The markup itself (an `id:` target, the asterisks) never reaches the
translator: it is taken from the source again on import, by placeholder id.
"""

import re
from dataclasses import dataclass, field


OPTIONAL_KINDS = ("bold", "italic")  # a language may drop emphasis (Chinese rarely uses italics); never a link or code


class PlaceholderError(ValueError):
    """A target whose placeholders do not match its source's."""


@dataclass
class Placeholder:
    id: int
    kind: str  # x-link, x-image, bold, italic (pairs); x-code, x-variable, x-html, x-link of an autolink (standalone)
    open: str  # the markup before the content, or the whole markup of a standalone one
    close: str | None = None  # None: standalone
    children: list = field(default_factory=list)  # str | Placeholder

    @property
    def paired(self) -> bool:
        return self.close is not None


_TOKEN = re.compile(
    r"(?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<var>\{\{.*?\}\})"
    r"|(?P<autolink><(?:https?|mailto):[^<>\s]+>)"
    r"|(?P<link>(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?)\))"
    r"|(?P<strong>(?P<s>\*\*|__)(?=\S)(?P<stext>.+?)(?<=\S)(?P=s))"
    r"|(?P<em>(?<![\w*])\*(?=[^\s*])(?P<etext>.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=\S)(?P<utext>.+?)(?<=\S)_(?!\w))"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)",
    re.S,
)


def parse(markdown: str, counter: list[int] | None = None) -> list:
    """Inline markdown -> list of str and Placeholder (ids numbered from 1 in order)."""
    counter = counter if counter is not None else [0]
    out: list = []
    pos = 0
    for match in _TOKEN.finditer(markdown):
        if match.start() > pos:
            out.append(markdown[pos:match.start()])
        pos = match.end()
        counter[0] += 1
        pid = counter[0]
        if match.group("code"):
            out.append(Placeholder(pid, "x-code", match.group(0)))
        elif match.group("var"):
            out.append(Placeholder(pid, "x-variable", match.group(0)))
        elif match.group("autolink"):
            out.append(Placeholder(pid, "x-link", match.group(0)))
        elif match.group("html"):
            out.append(Placeholder(pid, "x-html", match.group(0)))
        elif match.group("link"):
            bang = match.group("bang")
            out.append(Placeholder(pid, "x-image" if bang else "x-link", bang + "[",
                                   "](" + match.group("target") + ")", parse(match.group("text"), counter)))
        elif match.group("strong"):
            mark = match.group("s")
            out.append(Placeholder(pid, "bold", mark, mark, parse(match.group("stext"), counter)))
        else:
            mark = "*" if match.group("etext") is not None else "_"
            inner = match.group("etext") if mark == "*" else match.group("utext")
            out.append(Placeholder(pid, "italic", mark, mark, parse(inner, counter)))
    if pos < len(markdown):
        out.append(markdown[pos:])
    return out


def placeholders(nodes: list) -> dict[int, Placeholder]:
    """Every placeholder of a tree, by id."""
    found: dict[int, Placeholder] = {}
    for node in nodes:
        if isinstance(node, Placeholder):
            found[node.id] = node
            found.update(placeholders(node.children))
    return found


def to_markdown(nodes: list, markup: dict[int, Placeholder] | None = None) -> str:
    """Render a tree; `markup` (the source's placeholders) supplies the markup by id."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
            continue
        source = (markup or {}).get(node.id, node)
        if source.paired:
            parts.append(source.open + to_markdown(node.children, markup) + source.close)
        else:
            parts.append(source.open)
    return "".join(parts)


def plain_text(nodes: list) -> str:
    """The words only (for notes and headings in context)."""
    return "".join(n if isinstance(n, str) else (plain_text(n.children) if n.paired else "")
                   for n in nodes)


def has_words(nodes: list) -> bool:
    """Whether anything is left to translate: a letter outside standalone placeholders."""
    return any(ch.isalpha() for ch in plain_text(nodes))


# --- the PO text form: <1>…</1> around text, <2/> standalone ---

def to_tagged(nodes: list) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.paired:
            parts.append(f"<{node.id}>{to_tagged(node.children)}</{node.id}>")
        else:
            parts.append(f"<{node.id}/>")
    return "".join(parts)


_TAG = re.compile(r"<(/?)(\d+)(/?)>")


def from_tagged(text: str) -> list:
    """The PO text form back into a tree (the markup is filled in from the source)."""
    root: list = []
    stack: list[tuple[int, list]] = []
    current = root
    pos = 0
    for match in _TAG.finditer(text):
        if match.start() > pos:
            current.append(text[pos:match.start()])
        pos = match.end()
        closing, pid, selfclosing = match.group(1), int(match.group(2)), match.group(3)
        if selfclosing:
            current.append(Placeholder(pid, "", ""))
        elif not closing:
            node = Placeholder(pid, "", "", "", [])
            current.append(node)
            stack.append((pid, current))
            current = node.children
        else:
            if not stack or stack[-1][0] != pid:
                raise PlaceholderError(f"closing tag </{pid}> does not close the last opened tag")
            _, current = stack.pop()
    if stack:
        raise PlaceholderError(f"tag <{stack[-1][0]}> is never closed")
    if pos < len(text):
        current.append(text[pos:])
    return root


def check_target(source: list, target: list) -> list[str]:
    """Reasons why the target's placeholders do not match the source's (empty: fine)."""
    problems = []
    expected = placeholders(source)
    seen: dict[int, int] = {}

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Placeholder):
                seen[node.id] = seen.get(node.id, 0) + 1
                if node.id in expected and expected[node.id].paired != node.paired:
                    problems.append(f"placeholder {node.id} ({expected[node.id].kind}) must "
                                    + ("enclose text" if expected[node.id].paired else "stand alone"))
                walk(node.children)

    walk(target)
    for pid in sorted(seen):
        if pid not in expected:
            problems.append(f"placeholder {pid} is not in the source")
        elif seen[pid] > 1:
            problems.append(f"placeholder {pid} ({expected[pid].kind}) appears {seen[pid]} times")
    for pid, node in sorted(expected.items()):
        if pid not in seen and node.kind not in OPTIONAL_KINDS:
            problems.append(f"placeholder {pid} ({node.kind} {describe(node)}) is missing")
    return problems


def describe(node: Placeholder) -> str:
    """The markup a placeholder stands for, for notes and error messages."""
    return node.open if not node.paired else f"{node.open}…{node.close}"
