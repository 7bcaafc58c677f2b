"""The translation kit (issue 18): segmenting, placeholders, kit files, import refusals,
the round trip on every resource of the shipped library, and outdated translations."""

import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from helpers import REPO, make_library, write

from iplibrary.frontmatter import parse_document
from iplibrary.library import load_library
from iplibrary.translation_kit import exporter, inline, kit_files
from iplibrary.translation_kit.importer import ImportRefused, plan_import
from iplibrary.translation_kit.segments import segment_file

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "toc", "tables", "pymdownx.details", "pymdownx.superfences"]

SOURCE = """\
---
id: fees-guide
title: Fees for *trade marks*
summary: What filing costs.
published: 2026-09-01
updated: 2026-11-02
regions: [mainland-china]
ip_rights: [trade-marks]
---
!!! abstract "Key points"

    - File **early**, before [the fair](id:fees-guide#fees).
    - Write to {{ helpdesk.email }}.

## Official fees {#fees}

A class costs `RMB 270` online.
Paper filing costs more.

| Office | Fee |
|---|---|
| CNIPA | RMB 270 |
| 100 | 200 |

1. Choose classes.
    - Nested point.
2. Pay.

```text
do not translate
```
"""


def render(body: str) -> str:
    return markdown.markdown(body, extensions=EXTENSIONS)


# --- segmenting ---

def test_segments_front_matter_headings_admonitions_lists_and_cells():
    seg = segment_file(SOURCE)
    kinds = [(u.kind, u.text) for u in seg.units]
    assert kinds == [
        ("title", "Fees for *trade marks*"), ("summary", "What filing costs."),
        ("admonition-title", "Key points"),
        ("list-item", "File **early**, before [the fair](id:fees-guide#fees)."),
        ("list-item", "Write to {{ helpdesk.email }}."),
        ("heading", "Official fees"),
        ("paragraph", "A class costs `RMB 270` online.\nPaper filing costs more."),
        ("table-cell", "Office"), ("table-cell", "Fee"), ("table-cell", "CNIPA"), ("table-cell", "RMB 270"),
        ("list-item", "Choose classes."), ("list-item", "Nested point."), ("list-item", "Pay."),
    ]
    assert "## \ue000u004\ue001 {#fees}" in seg.template  # the anchor stays in the template
    assert "| 100 | 200 |" in seg.template  # cells without words are not units
    assert "do not translate" in seg.template
    assert seg.unit("u005").section == "Official fees"


def test_template_with_sources_gives_the_body_back():
    seg = segment_file(SOURCE)
    assert seg.render_body({}) == parse_document(SOURCE).body


def test_multi_line_targets_are_indented_like_their_block():
    seg = segment_file(SOURCE)
    body = seg.render_body({"u002": "Déposez **tôt**,\navant [le salon](id:fees-guide#fees)."})
    assert "    - Déposez **tôt**,\n      avant [le salon](id:fees-guide#fees)." in body


# --- placeholders ---

def test_inline_markup_becomes_numbered_placeholders():
    nodes = inline.parse("See **the [designs guide](id:designs-guide#fees)**, `code` and {{ helpdesk.email }}.")
    assert inline.to_tagged(nodes) == "See <1>the <2>designs guide</2></1>, <3/> and <4/>."
    found = inline.placeholders(nodes)
    assert (found[2].kind, found[2].close) == ("x-link", "](id:designs-guide#fees)")
    assert (found[3].kind, found[4].kind) == ("x-code", "x-variable")
    assert inline.to_markdown(nodes) == "See **the [designs guide](id:designs-guide#fees)**, `code` and {{ helpdesk.email }}."


def test_a_translated_target_takes_its_markup_from_the_source():
    source = inline.parse("Read [the guide](id:x#a) *now*.")
    target = inline.from_tagged("Lisez <2>maintenant</2> <1>le guide</1>.")
    assert inline.check_target(source, target) == []
    assert inline.to_markdown(target, inline.placeholders(source)) == "Lisez *maintenant* [le guide](id:x#a)."


@pytest.mark.parametrize("target, reason", [
    ("Lisez le guide.", "placeholder 1 (x-link […](id:x#a)) is missing"),
    ("Lisez <1>le guide</1> <1>deux</1>.", "placeholder 1 (x-link) appears 2 times"),
    ("Lisez <1>le guide</1> <7/>.", "placeholder 7 is not in the source"),
    ("Lisez <1/>.", "placeholder 1 (x-link) must enclose text"),
])
def test_broken_placeholders_are_named(target, reason):
    problems = inline.check_target(inline.parse("Read [the guide](id:x#a)."), inline.from_tagged(target))
    assert reason in problems


def test_unclosed_tag_is_an_error():
    with pytest.raises(inline.PlaceholderError, match="never closed"):
        inline.from_tagged("Lisez <1>le guide.")


# --- kit files and import ---

@pytest.fixture
def project(tmp_path):
    root = make_library(tmp_path, {"guides/ip/fees.md": SOURCE})
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # extra.helpdesk fills {{ helpdesk.email }}
    return root


def fill(data: bytes, fmt: str, targets: dict[str, str] | None = None, drop: tuple = (), keep: bool = False) -> bytes:
    """A kit with every target set to its source (or to `targets[id]`, in the kit's tag form);
    `keep`: pre-filled targets stay as they are (a translator who accepts them)."""
    kit = kit_files.read_kit(data, "kit")
    for unit in kit.units:
        if unit.id in drop:
            unit.target = None
        elif keep and unit.target is not None and unit.id not in (targets or {}):
            unit.state = kit_files.FINAL
        else:
            unit.target = inline.from_tagged(targets[unit.id]) if targets and unit.id in targets else unit.source
            unit.state = kit_files.FINAL
    return kit_files.write_kit(kit, fmt)


@pytest.mark.parametrize("fmt", kit_files.FORMATS)
def test_kit_header_and_units(project, fmt):
    library = load_library(project)
    kit = exporter.export_kit(project, library.get("fees-guide"), "fr", fmt)
    text = kit.data.decode()
    assert kit.filename == f"fees-guide.fr.{'xlf' if fmt == 'xliff' else 'po'}"
    back = kit_files.read_kit(kit.data, kit.filename)
    assert back.lang == "fr"
    assert back.header["source-date"] == "2026-11-02"
    assert back.header["source-sha256"] == exporter.source_sha256(SOURCE)
    assert [u.id for u in back.units][:3] == ["title", "summary", "u001"]
    if fmt == "xliff":
        assert 'version="1.2"' in text
        assert '<g id="2" ctype="link">the fair</g>' in text
        assert '<ph id="1" ctype="x-variable">{{ helpdesk.email }}</ph>' in text
        assert 'section "Official fees"' in text
        assert "{#fees}" not in text  # the anchor never reaches the translator
    else:
        assert 'msgid "File <1>early</1>, before <2>the fair</2>."' in text
        assert "#. Tags: <1>…</1> = **…**; <2>…</2> = […](id:fees-guide#fees)" in text


@pytest.mark.parametrize("fmt", kit_files.FORMATS)
def test_import_writes_a_translation_with_the_source_structure(project, fmt):
    library = load_library(project)
    data = exporter.export_kit(project, library.get("fees-guide"), "fr", fmt).data
    filled = fill(data, fmt, {"title": "Taxes pour <1>marques</1>", "u004": "Taxes officielles"})
    plan = plan_import(project, library, kit_files.read_kit(filled, "k"), "k")
    text = plan.files["guides/ip/fees.fr.md"]
    doc = parse_document(text)
    assert doc.meta == {"title": "Taxes pour *marques*", "summary": "What filing costs.", "translated_from": "2026-11-02"}
    assert "## Taxes officielles {#fees}" in doc.body
    assert "translations/memory/fr/fees-guide.json" in plan.files
    for rel, content in plan.files.items():
        write(project, rel, content)
    assert load_library(project).get("fees-guide").state("fr") == "translated"


def test_import_refuses_with_every_reason_and_writes_nothing(project):
    library = load_library(project)
    data = exporter.export_kit(project, library.get("fees-guide"), "fr", "po").data
    filled = fill(data, "po", {"u002": "Déposez <1>tôt</1>.", "u004": "Taxes\nofficielles", "u009": "CNIPA | OMPI"},
                  drop=("u003",))
    with pytest.raises(ImportRefused) as refused:
        plan_import(project, library, kit_files.read_kit(filled, "k.po"), "k.po")
    reasons = refused.value.reasons
    assert "unit u002 (list-item): placeholder 2 (x-link […](id:fees-guide#fees)) is missing" in reasons
    assert "unit u003 (list-item): no translation" in reasons
    assert "unit u004 (heading, 'Official fees'): must be a single line" in reasons
    assert "unit u009 (table-cell, 'Official fees'): a table cell cannot contain '|'" in reasons
    assert not (project / "guides/ip/fees.fr.md").exists()


def test_a_summary_longer_than_the_schema_allows_is_refused(project):
    library = load_library(project)
    data = exporter.export_kit(project, library.get("fees-guide"), "de", "xliff").data
    filled = fill(data, "xliff", {"summary": "Was die Anmeldung kostet. " * 12, "title": "G" * 201})
    with pytest.raises(ImportRefused) as refused:
        plan_import(project, library, kit_files.read_kit(filled, "k"), "k")
    assert refused.value.reasons == ["unit title (title): at most 200 characters (has 201)",
                                     "unit summary (summary): at most 300 characters (has 311)"]
    assert not (project / "guides/ip/fees.de.md").exists()


def test_allow_partial_keeps_english_and_says_so(project):
    library = load_library(project)
    data = fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "xliff").data, "xliff", drop=("u003",))
    plan = plan_import(project, library, kit_files.read_kit(data, "k"), "k", allow_partial=True)
    assert plan.kept_english == ["u003"]
    assert "    - Write to {{ helpdesk.email }}." in plan.files["guides/ip/fees.fr.md"]


def test_kit_from_another_version_of_the_source_is_refused(project):
    library = load_library(project)
    data = fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "xliff").data, "xliff")
    write(project, "guides/ip/fees.md", SOURCE.replace("Paper filing", "Filing on paper"))
    library = load_library(project)
    with pytest.raises(ImportRefused, match="another version of guides/ip/fees.md than the one it claims"):
        plan_import(project, library, kit_files.read_kit(data, "k"), "k")


def test_language_mismatch_and_unknown_resource_are_refused(project):
    library = load_library(project)
    kit = kit_files.read_kit(fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "po").data, "po"), "k")
    with pytest.raises(ImportRefused, match="the kit is for 'fr', not 'de'"):
        plan_import(project, library, kit, "k", lang="de")
    kit.lang = "de"  # a CAT tool's project retargeted the file
    with pytest.raises(ImportRefused, match="made for 'fr' but its target language is now 'de'"):
        plan_import(project, library, kit, "k")
    kit.header["resource"] = "no-such-guide"
    with pytest.raises(ImportRefused, match="unknown resource 'no-such-guide'"):
        plan_import(project, library, kit, "k")


def test_a_tag_left_open_in_a_po_kit_names_its_unit(project):
    library = load_library(project)
    data = exporter.export_kit(project, library.get("fees-guide"), "fr", "po").data
    broken = data.replace(b'msgctxt "u002"\nmsgid "File <1>early</1>, before <2>the fair</2>."\nmsgstr ""',
                          b'msgctxt "u002"\nmsgid "File <1>early</1>, before <2>the fair</2>."\nmsgstr "<1>T\xc3\xb4t"')
    assert broken != data
    with pytest.raises(kit_files.KitFileError, match="unit u002: tag <1> is never closed"):
        kit_files.read_kit(broken, "k.po")


def test_a_file_that_is_not_a_kit_is_named():
    with pytest.raises(kit_files.KitFileError, match="header lacks resource"):
        kit_files.read_kit(b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n', "x.po")


# --- the round trip on every resource of the shipped library ---

def structure(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    return {
        "headings": [(h.name, h.get("id")) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])],
        "links": [a.get("href") for a in soup.find_all("a")],
        "tables": [[len(tr.find_all(["td", "th"])) for tr in t.find_all("tr")] for t in soup.find_all("table")],
        "blocks": [el.name for el in soup.find_all(["p", "li", "ul", "ol", "div", "pre", "blockquote"])],
        "html": html,
    }


SHIPPED = load_library(REPO)


@pytest.mark.parametrize("fmt", kit_files.FORMATS)
@pytest.mark.parametrize("resource_id", sorted(SHIPPED.resources))
def test_round_trip_on_every_shipped_resource(resource_id, fmt):
    resource = SHIPPED.get(resource_id)
    raw = (REPO / resource.path).read_text(encoding="utf-8")
    kit = exporter.export_kit(REPO, resource, "pl", fmt)
    filled = fill(kit.data, fmt)
    plan = plan_import(REPO, SHIPPED, kit_files.read_kit(filled, kit.filename), kit.filename)
    translated = parse_document(plan.files[plan.translation_path])
    source = parse_document(raw)
    assert (translated.meta["title"], translated.meta["summary"]) == (source.meta["title"], source.meta["summary"])
    assert structure(render(translated.body)) == structure(render(source.body))


# --- outdated translations: exactly what changed ---

GUIDE = """\
---
id: short-guide
title: A short guide
summary: Three paragraphs.
published: 2026-09-01
regions: [mainland-china]
---
## First

Paragraph one stays.

Paragraph two will change.

## Second

Paragraph three stays.

- Item one will change.
- Item two stays.
"""

GUIDE_FR = """\
---
title: Un petit guide
summary: Trois paragraphes.
translated_from: 2026-09-01
---
## Premier

Le paragraphe un reste.

Le paragraphe deux va changer.

## Deuxième

Le paragraphe trois reste.

- L'élément un va changer.
- L'élément deux reste.
"""

CHANGED_GUIDE = (GUIDE.replace("published: 2026-09-01", "published: 2026-09-01\nupdated: 2026-11-20")
                 .replace("Paragraph two will change.", "Paragraph two has changed.")
                 .replace("Item one will change.", "Item one has changed.")
                 + "\nA new closing paragraph.\n")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def outdated_kit(root: Path):
    library = load_library(root)
    assert library.get("short-guide").state("fr") == "outdated"
    kit = exporter.export_kit(root, library.get("short-guide"), "fr", "xliff")
    return kit, {u.id: u for u in kit_files.read_kit(kit.data, kit.filename).units}


def check_exactly_two_changed(kit, units):
    assert kit.counts == {"unchanged": 7, "changed": 2, "to-review": 0, "new": 1}
    changed = {uid for uid, u in units.items() if u.state == kit_files.NEEDS_REVIEW}
    assert changed == {"u003", "u006"}
    assert inline.plain_text(units["u003"].target) == "Le paragraphe deux va changer."  # the old translation, to review
    assert units["u008"].target is None and units["u008"].state == kit_files.NEW
    assert {units[i].state for i in units if i not in changed | {"u008"}} == {kit_files.FINAL}
    text = kit.data.decode()
    assert "the English was: Paragraph two will change." in text
    assert "the English was: Item one will change." in text


def test_outdated_kit_from_git_history_marks_exactly_the_changed_units(tmp_path):
    root = make_library(tmp_path, {"guides/ip/short.md": GUIDE, "guides/ip/short.fr.md": GUIDE_FR})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "guide and its translation")
    write(root, "guides/ip/short.md", CHANGED_GUIDE)
    git(root, "commit", "-qam", "two paragraphs changed, one added")
    kit, units = outdated_kit(root)
    assert kit.history_from.startswith("git ")
    check_exactly_two_changed(kit, units)
    assert inline.plain_text(units["u005"].target) == "Le paragraphe trois reste."


def test_outdated_kit_from_the_memory_of_an_import(tmp_path):
    root = make_library(tmp_path, {"guides/ip/short.md": GUIDE})  # no git at all
    library = load_library(root)
    kit = exporter.export_kit(root, library.get("short-guide"), "fr", "po")
    targets = {u.id: inline.to_tagged(inline.parse(t.text)) for u, t in
               zip(segment_file(GUIDE).units, segment_file(GUIDE_FR).units)}
    plan = plan_import(root, library, kit_files.read_kit(fill(kit.data, "po", targets), "k"), "k")
    for rel, content in plan.files.items():
        write(root, rel, content)
    fixed = (root / "guides/ip/short.fr.md").read_text().replace("trois reste", "trois demeure")
    write(root, "guides/ip/short.fr.md", fixed)  # an editor's correction after the import
    write(root, "guides/ip/short.md", CHANGED_GUIDE)
    kit, units = outdated_kit(root)
    assert kit.history_from == "memory"
    check_exactly_two_changed(kit, units)
    assert inline.plain_text(units["u005"].target) == "Le paragraphe trois demeure."  # the translation as it is now
    # after the import of the updated kit the translation is current again
    filled = fill(kit.data, "xliff", {"u003": "Le paragraphe deux a changé.", "u006": "L'élément un a changé.",
                                      "u008": "Un nouveau paragraphe final."}, keep=True)
    plan = plan_import(root, load_library(root), kit_files.read_kit(filled, "k"), "k")
    for rel, content in plan.files.items():
        write(root, rel, content)
    assert load_library(root).get("short-guide").state("fr") == "translated"
    assert "Le paragraphe deux a changé.\n\n## Deuxième" in (root / "guides/ip/short.fr.md").read_text()


def test_translated_by_is_recorded_and_kept_by_an_update(project):
    library = load_library(project)
    data = fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "xliff").data, "xliff")
    plan = plan_import(project, library, kit_files.read_kit(data, "k"), "k", translated_by="Chambre de commerce de Lyon")
    for rel, content in plan.files.items():
        write(project, rel, content)
    library = load_library(project)
    assert library.get("fees-guide").translations["fr"].translated_by == "Chambre de commerce de Lyon"
    again = plan_import(project, library, kit_files.read_kit(data, "k"), "k")
    assert 'translated_by: "Chambre de commerce de Lyon"' in again.files["guides/ip/fees.fr.md"]


def test_command_line_export_and_import(project):
    script = [str(REPO / ".venv/bin/python"), str(REPO / "scripts/translate")]
    env = {"LIBRARY_ROOT": str(project), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run([*script, "export", "--lang", "fr", "--missing", "--format", "po"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    kit = project / "translations/out/fr/fees-guide.fr.po"
    assert "fees-guide.fr.po: 14 new" in done.stdout
    refused = subprocess.run([*script, "import", str(kit)], env=env, capture_output=True, text=True)
    assert refused.returncode == 1
    assert refused.stderr.startswith("nothing imported:\n")
    assert f"{kit}: unit title (title): no translation" in refused.stderr
    assert not (project / "guides/ip/fees.fr.md").exists()
    kit.write_bytes(fill(kit.read_bytes(), "po"))
    done = subprocess.run([*script, "import", str(kit), "--translated-by", "Partner"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote guides/ip/fees.fr.md\n"
    # paths and --missing combine: of the paths named, those not translated yet
    named = subprocess.run([*script, "export", "--lang", "fr", "--missing", "guides/ip/fees.md"], env=env, capture_output=True, text=True)
    assert named.returncode == 0 and named.stdout.endswith("0 kits written to " + str(project / "translations/out/fr") + "\n")
    named = subprocess.run([*script, "export", "--lang", "de", "--missing", "fees-guide"], env=env, capture_output=True, text=True)
    assert named.returncode == 0 and named.stdout.endswith("1 kit written to " + str(project / "translations/out/de") + "\n")
    twice = subprocess.run([*script, "import", str(kit), str(kit)], env=env, capture_output=True, text=True)
    assert twice.returncode == 1 and f"{kit}: guides/ip/fees.fr.md is also written by {kit}" in twice.stderr
    bad = subprocess.run([*script, "export", "--lang", "xx"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid choice: 'xx'" in bad.stderr


def test_editors_see_the_changed_paragraphs_side_by_side(tmp_path):
    from iplibrary.translation_kit.changes import changes_html, changes_page_files, changes_text
    root = make_library(tmp_path, {"guides/ip/short.md": GUIDE, "guides/ip/short.fr.md": GUIDE_FR})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "guide and its translation")
    write(root, "guides/ip/short.md", CHANGED_GUIDE.replace("Paragraph three stays.\n\n", ""))
    library = load_library(root)
    html = changes_html(root, library.get("short-guide"), "fr")
    assert "4 paragraphs changed" in html
    assert "<td>Item one <del>will change.</del></td><td>Item one <ins>has changed.</ins></td>" in html
    assert "<td>Paragraph two <del>will change.</del></td><td>Paragraph two <ins>has changed.</ins></td>" in html
    assert '<tr class="change change--removed"><th scope="row">removed</th><td>Paragraph three stays.</td><td></td></tr>' in html
    assert '<th scope="row">new</th><td></td><td>A new closing paragraph.</td>' in html
    assert list(changes_page_files(root, library)) == ["editors/translations/short-guide-fr.md"]
    text = changes_text(root, library)
    assert text.startswith("short-guide (fr): translated from 2026-09-01, English now 2026-11-20\n")
    assert "  - changed: Item one will change.\n  + changed: Item one has changed.\n" in text


def test_changes_pages_are_never_registered_as_published_urls():
    from iplibrary.url_registry import is_public
    assert not is_public("editors/translations/trade-fairs-guide-de/index.html")
    assert not is_public("fr/editors/translations/trade-fairs-guide-de/index.html")
    assert is_public("editors/translations/index.html") and is_public("fr/editors/translations/index.html")


def test_autolinks_and_hard_line_breaks_survive():
    seg = segment_file("---\ntitle: T\nsummary: S\n---\nWrite to <mailto:a@example.org>  \nor call us.\n")
    unit = seg.unit("u001")
    assert inline.to_tagged(unit.nodes) == "Write to <1/>  \nor call us."
    assert seg.render_body({}) == "Write to <mailto:a@example.org>  \nor call us.\n"


def test_emphasis_may_be_dropped_but_not_a_link_or_code():
    source = inline.parse("Use **bold**, *italics*, [a link](id:x) and `code`.")
    assert inline.check_target(source, inline.from_tagged("用粗体、斜体、<3>链接</3>和<4/>。")) == []
    assert inline.check_target(source, inline.from_tagged("用<3>链接</3>。")) == ["placeholder 4 (x-code `code`) is missing"]


def test_a_repeated_markup_is_retagged_in_order():
    kit_unit = exporter._prefill("Le **premier** et le **second**.", inline.parse("The **first** and the **second**."))
    assert inline.to_tagged(kit_unit) == "Le <1>premier</1> et le <2>second</2>."


SHIPPED_TRANSLATIONS = sorted((r.id, lang) for r in SHIPPED.resources.values() for lang in r.translations)


def test_every_shipped_translation_goes_through_a_kit_unchanged():
    """Export an existing translation (pre-filled: unchanged, or to review where its English
    is lost), accept every target, import: the text is the translation as it was. Only
    translations with their source's structure are expected to (all of them today)."""
    checked = 0
    for resource_id, lang in SHIPPED_TRANSLATIONS:
        resource = SHIPPED.get(resource_id)
        translation = resource.translations[lang]
        before = (REPO / translation.path).read_text(encoding="utf-8")
        source_units = segment_file((REPO / resource.path).read_text(encoding="utf-8")).units
        if [u.kind for u in segment_file(before).units] != [u.kind for u in source_units]:
            continue
        kit = exporter.export_kit(REPO, resource, lang, "xliff")
        data = kit_files.read_kit(kit.data, kit.filename)
        for unit in data.units:
            unit.state = kit_files.FINAL
        plan = plan_import(REPO, SHIPPED, data, kit.filename)
        after = parse_document(plan.files[translation.path])
        assert (after.meta["title"], after.body.strip()) == (translation.title, translation.body.strip()), translation.path
        checked += 1
    assert checked >= 100


def test_a_tool_that_drops_the_kit_attributes_is_read_from_the_header_note(project):
    library = load_library(project)
    data = fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "xliff").data, "xliff")
    stripped = re.sub(rb' iplib:[a-z0-9-]+="[^"]*"', b"", data)
    assert b"iplib:source-sha256" not in stripped
    kit = kit_files.read_kit(stripped, "k")
    assert kit.header == kit_files.read_kit(data, "k").header
    assert "guides/ip/fees.fr.md" in plan_import(project, library, kit, "k").files


def test_a_kit_made_before_the_english_changed_is_imported_as_outdated(tmp_path):
    root = make_library(tmp_path, {"guides/ip/short.md": GUIDE})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the guide")
    library = load_library(root)
    sent = exporter.export_kit(root, library.get("short-guide"), "fr", "xliff").data  # to the partner
    write(root, "guides/ip/short.md", CHANGED_GUIDE)
    git(root, "commit", "-qam", "the English moves on while the partner translates")
    targets = {u.id: inline.to_tagged(inline.parse(t.text)) for u, t in
               zip(segment_file(GUIDE).units, segment_file(GUIDE_FR).units)}
    plan = plan_import(root, load_library(root), kit_files.read_kit(fill(sent, "xliff", targets), "k"), "k")
    assert plan.outdated
    assert parse_document(plan.files["guides/ip/short.fr.md"]).body == parse_document(GUIDE_FR).body
    for rel, content in plan.files.items():
        write(root, rel, content)
    kit, units = outdated_kit(root)
    assert kit.history_from == "memory"
    check_exactly_two_changed(kit, units)


def test_a_kit_whose_english_is_not_in_history_is_refused(project):
    library = load_library(project)
    data = fill(exporter.export_kit(project, library.get("fees-guide"), "fr", "xliff").data, "xliff")
    write(project, "guides/ip/fees.md", SOURCE.replace("updated: 2026-11-02", "updated: 2026-11-30"))
    with pytest.raises(ImportRefused, match="made from the English of 2026-11-02, which git history does not have"):
        plan_import(project, load_library(project), kit_files.read_kit(data, "k"), "k")


def test_translated_by_must_not_be_empty(project):
    from iplibrary.errors import LibraryInvalid
    write(project, "guides/ip/fees.fr.md", '---\ntitle: T\nsummary: S\ntranslated_from: 2026-11-02\ntranslated_by: ""\n---\nTexte.\n')
    with pytest.raises(LibraryInvalid) as invalid:
        load_library(project)
    assert [(e.path, e.field) for e in invalid.value.errors] == [("guides/ip/fees.fr.md", "translated_by")]
