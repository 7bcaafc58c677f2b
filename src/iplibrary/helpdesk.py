"""The helpdesk's contact details (mkdocs.yml `extra.helpdesk`) in the reader's language,
and the e-mail "forms" built from them: a prefilled enquiry, a subscription request.

A value is either one text for every language (an address, a phone number) or a
mapping with all seven languages (a name, office hours). A static site has no server,
so the enquiry form is a `mailto:` link whose subject and body are prefilled with the
headings of what the helpdesk needs to know: the reader's own e-mail programme sends it,
and no third-party form service sees it. Plain functions; knows nothing of MkDocs.
"""

from html import escape
from urllib.parse import quote

from iplibrary.errors import ContentError
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.ui_text import gettext

CONFIG_FILE = "mkdocs.yml"
# What the enquiry page asks readers to include, in this order: the headings of the
# prefilled message (and of the copyable form for readers without an e-mail programme)
ENQUIRY_HEADINGS = (
    "Your name, organisation and country",
    "Company concerned (if you ask for a company you support): sector and size",
    "Where: Mainland China, Hong Kong, Macao or Taiwan",
    "Which right: trade mark, patent, design, copyright, trade secret, domain name, not sure",
    "Registrations or applications you already have (numbers and dates, in China or elsewhere)",
    "What happened, in date order (links, names, where you found it)",
    "What you want to achieve",
    "Any deadline",
)
# placeholders made from the settings, per language, besides the settings' own keys
DERIVED_KEYS = ("enquiry_mailto", "enquiry_form", "newsletter_subscribe", "bulletin_subscribe")


def localised(details: dict, lang: str) -> dict[str, str]:
    """Every setting as a text in `lang` (a mapping without it gives its English text),
    plus the derived placeholders when an e-mail address is set."""
    values = {}
    for key, value in details.items():
        if isinstance(value, dict):
            value = value.get(lang) or value.get(DEFAULT_LANGUAGE) or ""
        values[key] = str(value)
    email = values.get("email", "")
    if email:
        values["enquiry_mailto"] = enquiry_mailto(email, lang)
        values["enquiry_form"] = enquiry_form_html(email, lang)
    for key, setting, msgid in (("newsletter_subscribe", "newsletter_email", "Subscribe to the newsletter"),
                                ("bulletin_subscribe", "bulletin_email", "Subscribe to the Partner E-bulletin")):
        if values.get(setting):
            values[key] = subscribe_mailto(values[setting], lang, msgid)
    return values


def config_errors(details: dict) -> list[ContentError]:
    """A per-language value must give every language; anything else must be a text."""
    errors = []
    for key, value in details.items():
        field = f"extra.helpdesk.{key}"
        if isinstance(value, dict):
            missing = [lang for lang in LANGUAGES if not value.get(lang)]
            unknown = [str(lang) for lang in value if lang not in LANGUAGES]
            if missing:
                errors.append(ContentError(CONFIG_FILE, 1, field, f"missing languages: {', '.join(missing)}"))
            if unknown:
                errors.append(ContentError(CONFIG_FILE, 1, field, f"unknown languages: {', '.join(unknown)} (languages: {' '.join(LANGUAGES)})"))
        elif isinstance(value, (list, bool)) or value is None:
            errors.append(ContentError(CONFIG_FILE, 1, field, "must be a text, or a mapping from each language to a text"))
    for key in DERIVED_KEYS:
        if key in details:
            errors.append(ContentError(CONFIG_FILE, 1, f"extra.helpdesk.{key}", "is made from the other settings: remove it"))
    return errors


def mailto_url(address: str, subject: str, body: str = "") -> str:
    """A mailto: URL (RFC 6068): every reserved character percent-encoded, line breaks as %0D%0A."""
    url = f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"
    if body:
        url += "&body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    return url


def enquiry_subject(lang: str, about: str = "") -> str:
    if about:
        return gettext(lang, "Enquiry about: {title}", title=about)
    return gettext(lang, "Enquiry to the helpdesk")


def enquiry_body(lang: str, about: str = "", about_url: str = "") -> str:
    """The structured message: one heading per thing the helpdesk needs, a blank line under each."""
    lines = [gettext(lang, "Please fill in what you can under each heading; leave out what does not apply."), ""]
    if about:
        lines += [gettext(lang, "My question is about: {title}", title=about)]
        if about_url:
            lines += [about_url]
        lines += [""]
    for heading in ENQUIRY_HEADINGS:
        lines += [gettext(lang, heading) + ":", "", ""]
    lines += [gettext(lang, "Your question:"), "", ""]
    return "\n".join(lines)


def enquiry_mailto(email: str, lang: str, about: str = "", about_url: str = "") -> str:
    return mailto_url(email, enquiry_subject(lang, about), enquiry_body(lang, about, about_url))


def subscribe_mailto(address: str, lang: str, msgid: str) -> str:
    body = gettext(lang, "Please add this address to the mailing list. Organisation and country:") + "\n\n"
    return mailto_url(address, gettext(lang, msgid), body)


def enquiry_form_html(email: str, lang: str) -> str:
    """The enquiry 'form' for a static page, on one line (an HTML block in markdown): a
    button that opens the prefilled message, and the same form to copy for readers
    without an e-mail programme on this device."""
    template = escape(enquiry_body(lang)).replace("\n", "&#10;")
    subject = escape(enquiry_subject(lang))
    address = escape(email)
    link = f'<a href="mailto:{address}">{address}</a>'
    send_to = escape(gettext(lang, "Send it from any e-mail account to {address} with the subject “{subject}”.")).format(
        address=link, subject=subject)
    return (f'<div class="library-enquiry-form">'
            f'<p>{escape(gettext(lang, "The button opens your e-mail programme with a message to the helpdesk that has a heading for each thing we need to know. Fill in what you can and send it."))}</p>'
            f'<p><a class="md-button md-button--primary" href="{escape(enquiry_mailto(email, lang))}">{escape(gettext(lang, "Write your enquiry"))}</a></p>'
            f'<details><summary>{escape(gettext(lang, "No e-mail programme on this device? Copy the form"))}</summary>'
            f'<p>{send_to}</p>'
            f'<pre class="library-enquiry-template">{template}</pre></details></div>')


def ask_about_html(email: str, lang: str, title: str, page_url: str) -> str:
    """'Ask about this': the enquiry message, prefilled with the resource's title and address."""
    if not email:
        return ""
    href = escape(enquiry_mailto(email, lang, about=title, about_url=page_url))
    return (f'<p class="library-ask-about"><a class="md-button" href="{href}">{escape(gettext(lang, "Ask about this"))}</a> '
            f'<small>{escape(gettext(lang, "Opens your e-mail programme with a message to the helpdesk that names this page."))}</small></p>')
