"""The raw HTML lists of generated pages, set aside while their markdown is converted.

Listings, term pages, what's new and the hub write their lists as raw HTML with final
URLs (`listings.html_list`, `hub.hub_page`): Python-Markdown passes a raw HTML block
through as it is, but reads it through an HTML parser to find where it ends, and the site
generator reads it once more for its anchors - 70 % of such a page's conversion time.
`set_aside` puts a one-line comment in place of each block, which Python-Markdown passes
through the same way (a block-level raw HTML block on its own between blank lines);
`put_back` writes the blocks into the converted HTML where their comments came out.

Only blocks of the two shapes the generators write are set aside, each alone between
blank lines: `<ul>` ... `</ul>` on lines of their own, or one line that opens and closes a
`<ul …>` or `<table …>`; never a `markdown` block of md_in_html, and only where the
block's own lists and tables are balanced. Plain Python; knows nothing of MkDocs.
"""

import re

PLACEHOLDER = "<!--library-raw-html:{}-->"
_PLACEHOLDER_START = "<!--library-raw-html:"
_BLOCK = re.compile(
    r"(?:(?<=\n\n)|\A)"  # after a blank line, or at the start
    r"(<ul>\n(?:.*\n)*?</ul>"  # <ul> ... </ul> on lines of their own
    r"|<(ul|table)\b[^\n>]*>[^\n]*</\2>)"  # or one line: <ul …>…</ul>, <table …>…</table>
    r"(?=\n\n|\n?\Z)"  # then a blank line, or the end
)


def _balanced(block: str) -> bool:
    return all(len(re.findall(rf"<{tag}\b", block)) == block.count(f"</{tag}>") for tag in ("ul", "table"))


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """(the markdown with a placeholder for each block set aside, the blocks in order)."""
    if _PLACEHOLDER_START in markdown or "<ul" not in markdown and "<table" not in markdown:
        return markdown, []
    blocks: list[str] = []

    def aside(match: re.Match) -> str:
        block = match.group(1)
        opening = block.split(">", 1)[0]
        if "markdown" in opening or not _balanced(block):
            return block
        blocks.append(block)
        return PLACEHOLDER.format(len(blocks) - 1)

    return _BLOCK.sub(aside, markdown), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The converted HTML with each placeholder replaced by its block."""
    for number, block in enumerate(blocks):
        html = html.replace(PLACEHOLDER.format(number), block, 1)
    return html


def may_hold_anchors(block: str) -> bool:
    """Whether a block may hold an `id` (or `name`) attribute: only those need reading for anchors."""
    lowered = block.lower()
    return "id=" in lowered or "name=" in lowered
