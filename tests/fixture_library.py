"""A small fixture library, two resources per collection, used by the build tests."""

RESOURCES = {
    "factsheets/macao.md": """\
        ---
        id: macao-basics
        title: Macao basics
        summary: How IP works in Macao.
        published: 2026-03-01
        updated: 2026-10-01
        regions: [macao]
        ip_rights: [trade-marks]
        changes:
          - {date: 2026-10-01, note: Checked the office name.}
        ---
        Macao has its own registry. See [Taiwan](id:taiwan-basics#offices).
        """,
    "factsheets/macao.fr.md": """\
        ---
        title: Macao, l'essentiel
        summary: La PI à Macao.
        translated_from: 2026-03-01
        ---
        Macao a son propre registre.
        """,
    "factsheets/taiwan.md": """\
        ---
        id: taiwan-basics
        title: Taiwan basics
        summary: How IP works in Taiwan.
        published: 2026-04-01
        regions: [taiwan]
        ip_rights: [patents]
        ---
        ## Offices

        Taiwan has its own office.
        """,
    "factsheets/taiwan.zh.md": """\
        ---
        title: 台湾知识产权基础
        summary: 台湾的知识产权制度。
        translated_from: 2026-04-01
        ---
        ## 机构 {#offices}

        台湾设有自己的知识产权机构，负责专利和商标的审查。
        """,
    "guides/ip/designs.md": """\
        ---
        id: designs-basics
        title: Designs basics
        summary: Register designs before you show them.
        published: 2026-05-01
        ip_rights: [designs]
        topics: [registration]
        related: [fair-guide]
        ---
        Designs need novelty.
        """,
    "guides/horizontal/fairs.md": """\
        ---
        id: fair-guide
        title: Fairs
        summary: Before the fair.
        published: 2026-06-01
        topics: [trade-fairs]
        ---
        Prepare.
        """,
    "case_studies/one.md": """\
        ---
        id: case-one
        title: Case one
        summary: An illustrative case.
        published: 2026-07-01
        ip_rights: [designs]
        ---
        Illustrative.
        """,
    "case_studies/two.md": """\
        ---
        id: case-two
        title: Case two
        summary: Another illustrative case.
        published: 2026-07-02
        ip_rights: [copyright]
        ---
        Illustrative.
        """,
    "faq/a.md": """\
        ---
        id: faq-a
        title: Question A?
        summary: Answer A.
        published: 2026-08-01
        ip_rights: [trade-marks]
        ---
        Answer A in full.
        """,
    "faq/nested/b.md": """\
        ---
        id: faq-b
        title: Question B?
        summary: Answer B.
        published: 2026-08-02
        ip_rights: [patents]
        ---
        Answer B in full.
        """,
    "docs/index.md": """\
        ---
        title: Home
        ---
        # Fixture library

        [FAQs](faq/index.md) · [Ask us](enquiry.md) · [A factsheet](id:macao-basics)
        """,
    "docs/index.fr.md": """\
        ---
        title: Accueil
        ---
        # Bibliothèque d'essai

        [FAQ](faq/index.md) · [Nous écrire](enquiry.md)
        """,
    "docs/enquiry.md": """\
        ---
        title: Ask us
        ---
        # Ask us

        Write to {{ helpdesk.email }}.
        """,
}

# the other pages the navigation names
for _name in ("about", "training", "e-learning", "news"):
    RESOURCES[f"docs/{_name}.md"] = f"---\ntitle: {_name.title()}\n---\n# {_name.title()}\n\nText.\n"
STATIC_URLS = ["", "enquiry/", "about/", "training/", "e-learning/", "news/"]

RESOURCE_URLS = [
    "factsheets/macao-basics/", "factsheets/taiwan-basics/", "guides/designs-basics/",
    "guides/fair-guide/", "case-studies/case-one/", "case-studies/case-two/",
    "faq/faq-a/", "faq/faq-b/",
]
LISTING_URLS = ["factsheets/", "guides/", "case-studies/", "faq/"]

# other generated pages, in every language (the library pages are computed in the tests)
GENERATED_URLS: list[str] = ["whats-new/", "downloads/", "editors/translations/",
                             "editors/translations/macao-basics-fr/"]  # what changed since the outdated French translation
