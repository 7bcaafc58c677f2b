"""Blocks that static pages place with `{{ library.browse }}`, `{{ library.latest }}` and
`{{ library.ask }}`: entry points with counts, the newest resources, and the route to
the enquiry service. Rendered as markdown for the language being built, so a page shown
as an English fallback still gets them in the reader's language."""

from iplibrary.cross_index import facet_terms, latest, resources_with_term
from iplibrary.facets import BROWSE_ORDER, BY_NAME
from iplibrary.listings import escape_markdown
from iplibrary.model import Library
from iplibrary.settings import BLOCK_NAMES, LIBRARY_BLOCK
from iplibrary.term_pages import term_label
from iplibrary.ui_text import format_day, gettext
from iplibrary.urls import relative_file_link

LATEST_COUNT = 6


def browse_block(library: Library, lang: str, from_uri: str) -> str:
    parts = []
    for facet in BROWSE_ORDER:
        heading = BY_NAME[facet].browse_heading
        parts.append(f"### {escape_markdown(gettext(lang, heading))}\n")
        items = []
        for term in facet_terms(library, facet):
            count = len(resources_with_term(library, facet, term))
            if count:
                target = relative_file_link("library/index.md", from_uri) + f"?{facet}={term}"  # the finder's view of the term
                items.append(f"- [{escape_markdown(term_label(library, facet, term, lang))} ({count})]({target})")
        parts.append('<div class="library-entry-points" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n")
    finder = relative_file_link("library/index.md", from_uri)
    parts.append(f"[{escape_markdown(gettext(lang, 'Filter the whole library'))}]({finder}){{ .md-button }}\n")
    return "\n".join(parts)


def latest_block(library: Library, lang: str, from_uri: str) -> str:
    lines = []
    for resource in latest(library, LATEST_COUNT):
        state = gettext(lang, "Updated") if resource.updated else gettext(lang, "New")
        target = relative_file_link(f"{resource.collection}/{resource.id}.md", from_uri)
        type_label = library.vocabulary.label("types", resource.type.name, lang)
        lines.append(f"- [{escape_markdown(resource.title_in(lang))}]({target})  \n"
                     f"  <small>{escape_markdown(type_label)} · {state}: {format_day(resource.last_updated, lang)}</small>")
    return "\n".join(lines) + "\n"


def ask_block(library: Library, lang: str, from_uri: str) -> str:
    enquiry = relative_file_link("enquiry.md", from_uri)
    return (f'!!! question "{gettext(lang, "Cannot find your answer?")}"\n\n'
            f"    {escape_markdown(gettext(lang, 'Ask our free and confidential enquiry service: you get an answer within three business days.'))}\n\n"
            f"    [{escape_markdown(gettext(lang, 'Ask a question'))}]({enquiry}){{ .md-button .md-button--primary }}\n")


BLOCKS = {"browse": browse_block, "latest": latest_block, "ask": ask_block}
assert set(BLOCKS) == set(BLOCK_NAMES)


def render_blocks(markdown: str, library: Library, lang: str, from_uri: str) -> str:
    return LIBRARY_BLOCK.sub(lambda m: BLOCKS[m.group(1)](library, lang, from_uri), markdown)
