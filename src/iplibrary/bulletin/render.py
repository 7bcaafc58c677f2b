"""The Partner E-bulletin draft as e-mail-safe HTML, plain text and markdown.

E-mail clients ignore stylesheets and block remote content, so the HTML is a 600-pixel
table layout with inline styles, system fonts, no images, no scripts and absolute links
only. Takes a `iplibrary.bulletin.Bulletin`; reads no files.
"""

import re
import textwrap
from html import escape

import markdown

from iplibrary.bulletin.compose import Bulletin
from iplibrary.bulletin.inputs import Event
from iplibrary.feeds import feed_path
from iplibrary.freshness import badge_label
from iplibrary.model import FALLBACK, Resource
from iplibrary.urls import ENQUIRY_PAGE
from iplibrary.ui_text import format_day, gettext
from iplibrary.whats_new import WHATS_NEW_DIR, WHATS_NEW_TITLE, MonthEntry, month_name

WIDTH = 600  # pixels: what every e-mail client shows without scrolling
TEXT_WIDTH = 72  # characters a line in the plain-text version
INK, MUTED, ACCENT, ACCENT_DARK, PAPER, TINT = "#1f2937", "#4b5563", "#3f51b5", "#283593", "#ffffff", "#eef0f8"
FONTS = {"zh": "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',Arial,sans-serif"}
LATIN_FONTS = "Arial,Helvetica,sans-serif"
TAG_STYLES = {  # inline styles for the tags markdown produces in the introduction
    "p": f"margin:0 0 12px 0;font-size:16px;line-height:24px;color:{INK};",
    "a": f"color:{ACCENT_DARK};text-decoration:underline;",
    "ul": "margin:0 0 12px 0;padding:0 0 0 24px;",
    "ol": "margin:0 0 12px 0;padding:0 0 0 24px;",
    "li": f"margin:0 0 6px 0;font-size:16px;line-height:24px;color:{INK};",
    "h2": f"margin:16px 0 8px 0;font-size:18px;line-height:24px;color:{INK};",
    "h3": f"margin:16px 0 8px 0;font-size:16px;line-height:22px;color:{INK};",
}


def footer_links_of(bulletin: Bulletin) -> list[tuple[str, str]]:
    """(label, absolute URL) of the links at the foot of every version of the bulletin."""
    lang = bulletin.lang
    return [(gettext(lang, "The resource library"), bulletin.url()),
            (gettext(lang, WHATS_NEW_TITLE), bulletin.url(f"{WHATS_NEW_DIR}/")),
            (gettext(lang, "Ask the enquiry service"), bulletin.url(ENQUIRY_PAGE)),
            (gettext(lang, "RSS feed"), f"{bulletin.site_url}{feed_path(lang)}")]


def subject(bulletin: Bulletin) -> str:
    return f"{gettext(bulletin.lang, 'Partner E-bulletin')} – {month_name(bulletin.month, bulletin.lang)}"


def _english_attr(bulletin: Bulletin, resource: Resource) -> str:
    """lang="en" where a resource shows its English text in another language's bulletin."""
    return ' lang="en"' if resource.state(bulletin.lang) == FALLBACK else ""


def _style_tags(html: str) -> str:
    for tag, style in TAG_STYLES.items():
        html = re.sub(rf"<{tag}(?=[ >])", f'<{tag} style="{style}"', html)
    return html


# --- HTML ---------------------------------------------------------------------

def _row(content: str, padding: str = "0 32px 24px 32px", background: str = PAPER) -> str:
    return f'<tr><td style="padding:{padding};background-color:{background};">{content}</td></tr>\n'


def _heading(text: str, size: int = 20) -> str:
    return (f'<h2 style="margin:0 0 12px 0;font-size:{size}px;line-height:{size + 6}px;color:{INK};'
            f'font-weight:bold;">{escape(text)}</h2>')


def _link(href: str, text: str, extra: str = "") -> str:
    return f'<a href="{escape(href)}" style="color:{ACCENT_DARK};text-decoration:underline;{extra}">{escape(text)}</a>'


def _badge(kind: str, lang: str) -> str:
    return (f'<span style="display:inline-block;padding:1px 6px;border-radius:3px;background-color:{TINT};'
            f'color:{ACCENT_DARK};font-size:12px;line-height:18px;font-weight:bold;text-transform:uppercase;'
            f'letter-spacing:0.5px;">{escape(badge_label(kind, lang))}</span>')


def _entry_html(bulletin: Bulletin, entry: MonthEntry) -> str:
    resource, lang = entry.resource, bulletin.lang
    english = _english_attr(bulletin, resource)
    notes = "".join(f'<p style="margin:4px 0 0 0;font-size:14px;line-height:20px;color:{MUTED};">'
                    f'{escape(gettext(lang, "Change"))}: <span lang="en">{escape(note)}</span></p>'
                    for note in entry.notes)
    return (f'<tr><td style="padding:0 0 16px 0;">'
            f'<p style="margin:0 0 4px 0;font-size:17px;line-height:24px;font-weight:bold;"{english}>'
            f'{_link(bulletin.resource_url(resource), resource.title_in(lang))}</p>'
            f'<p style="margin:0 0 4px 0;">{_badge(entry.kind, lang)} '
            f'<span style="font-size:14px;line-height:20px;color:{MUTED};">{escape(format_day(entry.day, lang))}</span></p>'
            f'<p style="margin:0;font-size:16px;line-height:24px;color:{INK};"{english}>{escape(resource.summary_in(lang))}</p>'
            f'{notes}</td></tr>')


def _button(href: str, text: str) -> str:
    """A link that looks like a button in every client (a table cell, no image)."""
    return (f'<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>'
            f'<td style="background-color:{ACCENT};border-radius:4px;">'
            f'<a href="{escape(href)}" style="display:inline-block;padding:10px 18px;font-size:15px;'
            f'line-height:20px;color:#ffffff;text-decoration:none;font-weight:bold;">{escape(text)}</a>'
            f'</td></tr></table>')


def _case_study_html(bulletin: Bulletin) -> str:
    study, lang = bulletin.case_study, bulletin.lang
    english = _english_attr(bulletin, study)
    inner = (f'<p style="margin:0 0 8px 0;font-size:13px;line-height:18px;color:{ACCENT_DARK};font-weight:bold;'
             f'text-transform:uppercase;letter-spacing:0.5px;">{escape(gettext(lang, "Case study of the month"))}</p>'
             f'<p style="margin:0 0 8px 0;font-size:19px;line-height:26px;font-weight:bold;color:{INK};"{english}>{escape(study.title_in(lang))}</p>'
             f'<p style="margin:0 0 16px 0;font-size:16px;line-height:24px;color:{INK};"{english}>{escape(study.summary_in(lang))}</p>'
             f'{_button(bulletin.resource_url(study), gettext(lang, "Read the case study"))}')
    box = (f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
           f'<tr><td style="padding:20px 24px;background-color:{TINT};border-left:4px solid {ACCENT};">{inner}</td></tr></table>')
    return _row(box)


def _event_html(bulletin: Bulletin, event: Event) -> str:
    lang = bulletin.lang
    title = escape(event.title_in(lang))
    url = bulletin.event_url(event)
    if url:
        title = _link(url, event.title_in(lang))
    place = f' · {escape(event.place_in(lang))}' if event.place else ""
    title_lang = ' lang="en"' if lang not in event.title else ""
    return (f'<tr><td valign="top" width="150" style="padding:0 12px 12px 0;font-size:15px;line-height:22px;'
            f'color:{MUTED};white-space:nowrap;">{escape(format_day(event.day, lang))}</td>'
            f'<td valign="top" style="padding:0 0 12px 0;font-size:16px;line-height:22px;color:{INK};">'
            f'<span{title_lang}>{title}</span>{place}</td></tr>')


def render_html(bulletin: Bulletin) -> str:
    lang = bulletin.lang
    fonts = FONTS.get(lang, LATIN_FONTS)
    rows = [_row(f'<p style="margin:0;font-size:14px;line-height:20px;color:#ffffff;">{escape(bulletin.site_name)}</p>'
                 f'<h1 style="margin:4px 0 0 0;font-size:26px;line-height:32px;color:#ffffff;font-weight:bold;">'
                 f'{escape(gettext(lang, "Partner E-bulletin"))}</h1>'
                 f'<p style="margin:4px 0 0 0;font-size:16px;line-height:22px;color:#ffffff;">{escape(month_name(bulletin.month, lang))}</p>',
                 padding="24px 32px", background=ACCENT),
            _row("", padding="24px 0 0 0")]
    if bulletin.intro:
        rows.append(_row(_style_tags(markdown.markdown(bulletin.intro))))
    if bulletin.case_study:
        rows.append(_case_study_html(bulletin))
    news = [_heading(gettext(lang, "New and updated resources"))]
    if not bulletin.groups:
        news.append(f'<p style="margin:0;font-size:16px;line-height:24px;color:{INK};">'
                    f'{escape(gettext(lang, "No resources were published or updated this month."))}</p>')
    for label, entries in bulletin.groups:
        news.append(f'<h3 style="margin:8px 0 12px 0;font-size:16px;line-height:22px;color:{ACCENT_DARK};'
                    f'border-bottom:1px solid {TINT};padding-bottom:4px;">{escape(label)}</h3>')
        news.append('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
                    + "".join(_entry_html(bulletin, e) for e in entries) + "</table>")
    rows.append(_row("".join(news)))
    if bulletin.events:
        events = ('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
                  + "".join(_event_html(bulletin, e) for e in bulletin.events) + "</table>")
        rows.append(_row(_heading(gettext(lang, "Upcoming events")) + events))
    footer_links = " · ".join(_link(url, label, "color:#ffffff;") for label, url in footer_links_of(bulletin))
    rows.append(_row(f'<p style="margin:0 0 8px 0;font-size:14px;line-height:22px;color:#ffffff;">{footer_links}</p>'
                     f'<p style="margin:0;font-size:13px;line-height:19px;color:#ffffff;">'
                     f'{escape(gettext(lang, "This information is first-line advice, not legal advice."))}</p>',
                     padding="20px 32px", background=ACCENT_DARK))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(subject(bulletin))}</title>
</head>
<body style="margin:0;padding:0;background-color:#e5e7eb;font-family:{fonts};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#e5e7eb;">
<tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="{WIDTH}" cellpadding="0" cellspacing="0" border="0"
 style="width:100%;max-width:{WIDTH}px;background-color:{PAPER};font-family:{fonts};">
{"".join(rows)}</table>
</td></tr>
</table>
</body>
</html>
"""


# --- plain text ---------------------------------------------------------------

def markdown_to_text(text: str) -> str:
    """The introduction's markdown as plain text: 'words (https://…)', no emphasis marks."""
    text = re.sub(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"\1", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return text


def wrap(text: str, indent: str = "") -> str:
    """Paragraphs and list items wrapped to TEXT_WIDTH; long URLs are never broken."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        items = re.split(r"\n(?=\s*(?:[-*]|\d+\.)\s)", block)
        for item in items:
            match = re.match(r"\s*((?:[-*]|\d+\.)\s+)", item)
            lead = match.group(1) if match else ""
            body = " ".join(item[len(match.group(0)):].split()) if match else " ".join(item.split())
            blocks.append(textwrap.fill(body, TEXT_WIDTH, initial_indent=indent + lead,
                                        subsequent_indent=indent + " " * len(lead),
                                        break_long_words=False, break_on_hyphens=False))
        blocks.append("")
    return "\n".join(blocks).rstrip("\n")


def _bullet(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), TEXT_WIDTH, initial_indent="* ", subsequent_indent="  ",
                         break_long_words=False, break_on_hyphens=False)


def _underline(text: str, char: str) -> str:
    # CJK characters take two columns in a monospaced font
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return f"{text}\n{char * width}"


def render_text(bulletin: Bulletin) -> str:
    lang = bulletin.lang
    parts = [bulletin.site_name + "\n" + _underline(subject(bulletin), "=")]
    if bulletin.intro:
        parts.append(wrap(markdown_to_text(bulletin.intro)))
    if bulletin.case_study:
        study = bulletin.case_study
        parts.append(_underline(gettext(lang, "Case study of the month"), "-") + "\n" +
                     wrap(study.title_in(lang)) + "\n" + wrap(study.summary_in(lang)) + "\n" + bulletin.resource_url(study))
    parts.append(_underline(gettext(lang, "New and updated resources"), "-"))
    if not bulletin.groups:
        parts.append(wrap(gettext(lang, "No resources were published or updated this month.")))
    for label, entries in bulletin.groups:
        lines = [label.upper()]
        for entry in entries:
            resource = entry.resource
            lines.append(_bullet(f"{resource.title_in(lang)} [{badge_label(entry.kind, lang)}, {format_day(entry.day, lang)}]"))
            lines.append(wrap(resource.summary_in(lang), "  "))
            lines += [wrap(f"{gettext(lang, 'Change')}: {note}", "  ") for note in entry.notes]
            lines.append(f"  {bulletin.resource_url(resource)}")
        parts.append("\n".join(lines))
    if bulletin.events:
        lines = [_underline(gettext(lang, "Upcoming events"), "-")]
        for event in bulletin.events:
            place = f", {event.place_in(lang)}" if event.place else ""
            lines.append(_bullet(f"{format_day(event.day, lang)}: {event.title_in(lang)}{place}"))
            if bulletin.event_url(event):
                lines.append(f"  {bulletin.event_url(event)}")
        parts.append("\n".join(lines))
    parts.append("-- \n" + "\n".join([*(f"{label}: {url}" for label, url in footer_links_of(bulletin)),
                                       wrap(gettext(lang, "This information is first-line advice, not legal advice."))]))
    return "\n\n".join(parts) + "\n"


# --- markdown -------------------------------------------------------------------

def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def render_markdown(bulletin: Bulletin) -> str:
    """For pasting into a newsletter tool or a web page: the same content in markdown."""
    lang = bulletin.lang
    parts = [f"# {_md_escape(subject(bulletin))}", f"*{_md_escape(bulletin.site_name)}*"]
    if bulletin.intro:
        parts.append(bulletin.intro)
    if bulletin.case_study:
        study = bulletin.case_study
        parts.append(f"## {_md_escape(gettext(lang, 'Case study of the month'))}\n\n"
                     f"**[{_md_escape(study.title_in(lang))}]({bulletin.resource_url(study)})**  \n"
                     f"{_md_escape(study.summary_in(lang))}")
    parts.append(f"## {_md_escape(gettext(lang, 'New and updated resources'))}")
    if not bulletin.groups:
        parts.append(_md_escape(gettext(lang, "No resources were published or updated this month.")))
    for label, entries in bulletin.groups:
        items = [f"### {_md_escape(label)}", ""]
        for entry in entries:
            resource = entry.resource
            lines = [f"- **[{_md_escape(resource.title_in(lang))}]({bulletin.resource_url(resource)})** "
                     f"({_md_escape(badge_label(entry.kind, lang))}, {format_day(entry.day, lang)})",
                     _md_escape(resource.summary_in(lang))]
            lines += [f"*{_md_escape(gettext(lang, 'Change'))}:* {_md_escape(note)}" for note in entry.notes]
            items.append("  \n  ".join(lines))
        parts.append("\n".join(items))
    if bulletin.events:
        items = [f"## {_md_escape(gettext(lang, 'Upcoming events'))}", ""]
        for event in bulletin.events:
            title = _md_escape(event.title_in(lang))
            url = bulletin.event_url(event)
            title = f"[{title}]({url})" if url else title
            place = f", {_md_escape(event.place_in(lang))}" if event.place else ""
            items.append(f"- {format_day(event.day, lang)}: {title}{place}")
        parts.append("\n".join(items))
    parts.append("---\n\n" + " · ".join(f"[{_md_escape(label)}]({url})" for label, url in footer_links_of(bulletin))
                 + "\n\n" + _md_escape(gettext(lang, "This information is first-line advice, not legal advice.")))
    return "\n\n".join(parts) + "\n"
