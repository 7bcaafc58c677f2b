"""The helpdesk's details per language, the e-mail enquiry form and "Ask about this"
(iplibrary.helpdesk), the staged pages that show them, and the shipped site's helpdesk
pages: no dead ends."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers import REPO, VALID_FAQ, make_library, write
from iplibrary.errors import LibraryInvalid
from iplibrary.helpdesk import (ENQUIRY_HEADINGS, ask_about_html, config_errors, enquiry_body, enquiry_form_html,
                                enquiry_mailto, localised, mailto_url)
from iplibrary.languages import LANGUAGES
from iplibrary.id_links import ID_LINK
from iplibrary.library import load_library
from iplibrary.settings import fill_placeholders, helpdesk_settings
from iplibrary.staging import static_files
from iplibrary.ui_text import catalogue

SETTINGS = {"name": {"en": "IP Helpdesk", "fr": "Service d'assistance PI", "de": "IP-Helpdesk", "it": "Helpdesk PI",
                     "es": "Servicio de asistencia de PI", "pl": "Helpdesk", "zh": "知识产权服务台"},
            "email": "ask@example.org", "newsletter_email": "news@example.org"}


def decoded(url: str) -> tuple[str, dict[str, str]]:
    """(address, {subject, body}) of a mailto: URL, decoded as a mail client does (no '+' rule)."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and "+" not in parts.query and " " not in url
    query = {k: unquote(v) for k, v in (pair.split("=", 1) for pair in parts.query.split("&"))}
    return unquote(parts.path), query


# --- per-language values --------------------------------------------------------------

def test_a_per_language_value_is_given_in_the_readers_language():
    assert localised(SETTINGS, "fr")["name"] == "Service d'assistance PI"
    assert localised(SETTINGS, "zh")["name"] == "知识产权服务台"
    assert localised(SETTINGS, "de")["email"] == "ask@example.org"


def test_placeholders_are_filled_per_language():
    assert fill_placeholders("Ask {{ helpdesk.name }}.", SETTINGS, "fr") == "Ask Service d'assistance PI."
    assert fill_placeholders("{{helpdesk.name}}", SETTINGS) == "IP Helpdesk"


def test_a_per_language_value_must_give_every_language():
    errors = [str(e) for e in config_errors({"name": {"en": "IP Helpdesk", "fr": "Assistance", "xx": "?"},
                                              "phone": ["1", "2"], "enquiry_form": "x"})]
    assert errors == [
        "mkdocs.yml:1: extra.helpdesk.name: missing languages: de, it, es, pl, zh",
        "mkdocs.yml:1: extra.helpdesk.name: unknown languages: xx (languages: en fr de it es pl zh)",
        "mkdocs.yml:1: extra.helpdesk.phone: must be a text, or a mapping from each language to a text",
        "mkdocs.yml:1: extra.helpdesk.enquiry_form: is made from the other settings: remove it",
    ]


def test_config_errors_are_content_errors(tmp_path):
    make_library(tmp_path, {"faq/q1.md": VALID_FAQ.format(id="q1", title="Q?")})
    write(tmp_path, "mkdocs.yml", "extra:\n  helpdesk:\n    name: {en: IP Helpdesk}\n")
    with pytest.raises(LibraryInvalid) as caught:
        load_library(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "mkdocs.yml:1: extra.helpdesk.name: missing languages: fr, de, it, es, pl, zh"]


def test_shipped_config_gives_every_channel_in_every_language():
    settings = helpdesk_settings(REPO)
    assert config_errors(settings) == []
    for key in ("name", "email", "phone", "office_hours", "address", "chat_hours", "chat_url",
                "training_europe_contact", "training_europe_email", "training_china_contact", "training_china_email",
                "blog_url", "blog_feed", "newsletter_email", "bulletin_email"):
        assert key in settings, key
    for key in ("name", "office_hours", "chat_hours", "training_europe_contact", "training_china_contact"):
        assert isinstance(settings[key], dict) and set(settings[key]) == set(LANGUAGES), key
        assert len(set(settings[key].values())) > 1, f"{key}: the same text in every language"


# --- the e-mail form ------------------------------------------------------------------------

def test_mailto_encodes_every_reserved_character_and_crlf_line_breaks():
    url = mailto_url("ask@example.org", "Q & A: 50% (today)?", "line one\nline two = ok #1")
    assert url == ("mailto:ask@example.org?subject=Q%20%26%20A%3A%2050%25%20%28today%29%3F"
                   "&body=line%20one%0D%0Aline%20two%20%3D%20ok%20%231")


def test_enquiry_message_has_a_heading_for_each_thing_the_helpdesk_needs():
    address, query = decoded(enquiry_mailto("ask@example.org", "en"))
    assert address == "ask@example.org" and query["subject"] == "Enquiry to the helpdesk"
    body = query["body"].split("\r\n")
    for heading in ENQUIRY_HEADINGS:
        assert heading + ":" in body
    assert "Your question:" in body


def test_enquiry_message_is_in_the_readers_language():
    _, query = decoded(enquiry_mailto("ask@example.org", "zh"))
    assert query["subject"] == "向服务台咨询"
    assert "您的问题：" in query["body"] and "Your question" not in query["body"]


def test_every_heading_of_the_message_is_translated():
    for lang in [code for code in LANGUAGES if code != "en"]:
        missing = [h for h in ENQUIRY_HEADINGS if h not in catalogue(lang)]
        assert missing == [], lang


def test_ask_about_names_the_resource_and_its_address_and_is_escaped():
    html = ask_about_html("ask@example.org", "en", 'Designs & "sets" <2021>', "https://h.example.org/guides/designs-guide/")
    href = unescape(re.search(r'href="([^"]+)"', html).group(1))
    assert "<2021>" not in html and '"sets"' not in html.replace('href="', "")
    _, query = decoded(href)
    assert query["subject"] == 'Enquiry about: Designs & "sets" <2021>'
    assert 'My question is about: Designs & "sets" <2021>\r\nhttps://h.example.org/guides/designs-guide/' in query["body"]
    assert ">Ask about this</a>" in html
    assert ask_about_html("", "en", "T", "u") == ""


def test_enquiry_form_works_without_javascript_and_can_be_copied():
    html = enquiry_form_html("ask@example.org", "fr")
    assert "<script" not in html and "\n" not in html  # one line: an HTML block in markdown
    assert 'class="md-button md-button--primary" href="mailto:ask@example.org?subject=' in html
    assert "Rédiger votre demande" in html
    assert '<pre class="library-enquiry-template">' in html and "&#10;" in html
    assert '<a href="mailto:ask@example.org">ask@example.org</a>' in html
    assert "« Demande au service d'assistance »" in unescape(html)


def test_enquiry_body_about_a_page():
    body = enquiry_body("de", about="Marken", about_url="https://x.example/de/guides/m/")
    assert body.splitlines()[2:4] == ["Meine Frage betrifft: Marken", "https://x.example/de/guides/m/"]


# --- the shipped pages -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def staged_docs():
    library = load_library(REPO)
    return static_files(REPO, library, helpdesk_settings(REPO))


@pytest.mark.parametrize("page", ["enquiry.md", "enquiry.fr.md", "enquiry.zh.md"])
def test_enquiry_pages_show_every_channel(staged_docs, page):
    text = staged_docs[page]
    assert "{{" not in text
    assert 'class="library-enquiry-form"' in text and "mailto:enquiries@helpdesk.example.org?subject=" in text
    settings = helpdesk_settings(REPO)
    lang = page.split(".")[1] if page.count(".") == 2 else "en"
    for key in ("phone", "address", "chat_url"):
        assert settings[key] in text, key
    for key in ("office_hours", "chat_hours"):
        assert settings[key][lang] in text, key


def test_french_and_chinese_enquiry_pages_name_the_helpdesk_in_their_language(staged_docs):
    assert "Service d'assistance PI" in staged_docs["enquiry.fr.md"] and "IP Helpdesk" not in staged_docs["enquiry.fr.md"]
    assert "知识产权服务台" in staged_docs["enquiry.zh.md"] and "IP Helpdesk" not in staged_docs["enquiry.zh.md"]


def test_training_page_and_faq_agree_on_nine_planning_steps_and_name_both_contacts(staged_docs):
    training = staged_docs["training.md"]
    faq = (REPO / "faq/enforcement/what-is-joint-training-with-intermediaries.md").read_text(encoding="utf-8")

    def steps(text: str) -> list[str]:
        section = text.split("## Planning an event, step by step" if "Planning an event" in text else "## How to plan an event")[1]
        return re.findall(r"^(\d+)\. ", section.split("\n## ")[0], flags=re.M)

    assert steps(training) == steps(faq) == [str(n) for n in range(1, 10)]
    for lang in ("fr", "zh"):
        translated = (REPO / f"faq/enforcement/what-is-joint-training-with-intermediaries.{lang}.md").read_text(encoding="utf-8")
        assert len(re.findall(r"^\d+\. ", translated, flags=re.M)) == 9
    assert "events-europe@helpdesk.example.org" in training and "events-china@helpdesk.example.org" in training


def test_news_page_gives_a_way_in_to_each_channel(staged_docs):
    news = staged_docs["news.md"]
    assert "https://blog.helpdesk.example.org/" in news and "https://blog.helpdesk.example.org/feed.xml" in news
    assert "mailto:newsletter@helpdesk.example.org?subject=Subscribe%20to%20the%20newsletter" in news
    assert "mailto:partners@helpdesk.example.org?subject=" in news
    assert 'href="../feed.xml"' in news


def test_e_learning_modules_each_link_to_guides(staged_docs):
    source = (REPO / "docs/e-learning.md").read_text(encoding="utf-8")
    rows = [line for line in source.split("## The modules")[1].split("\n## ")[0].splitlines() if line.startswith("| ") and "id:" in line]
    assert len(rows) >= 8
    assert all(ID_LINK.search(row) for row in rows)
    assert "20 minutes" in source


@pytest.mark.parametrize("page", ["index.md", "about.md"] + [f"index.{lang}.md" for lang in LANGUAGES if lang != "en"])
def test_home_and_about_name_the_handbook_and_the_downloads_page(staged_docs, page):
    assert "downloads/index.md" in staged_docs[page]


def test_every_resource_is_linked_from_some_other_text():
    library = load_library(REPO)
    inbound = {rid: set() for rid in library.resources}
    texts = [(r.id, t) for r in library.resources.values() for t in [r.body, *(x.body for x in r.translations.values())]]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in (REPO / "docs").glob("*.md")]
    for source, text in texts:
        for match in ID_LINK.finditer(text):
            if match.group(1) != source:
                inbound[match.group(1)].add(source)
    assert [rid for rid, sources in inbound.items() if not sources] == []


def test_service_faqs_are_tagged_as_helpdesk_services_not_ip_rights():
    library = load_library(REPO)
    for rid in ("how-fast-does-the-helpdesk-answer", "who-can-use-the-free-enquiry-service",
                "is-the-helpdesk-answer-legal-advice", "what-is-joint-training-with-intermediaries"):
        resource = library.get(rid)
        assert resource.topics == ("helpdesk-services",) and resource.ip_rights == () and resource.sectors == ()
