"""One full build of the fixture site with a translation made by the kit: exported,
filled in, imported with `scripts/translate`, then built. It shows in the language
switcher, the catalogue, its PDF, with the same anchors and links as the English."""

import json
import re
import subprocess
import sys

import pytest

from fixture_library import RESOURCES
from helpers import REPO, make_project
from quality import pdf_text
from test_build import page, run_cli

from iplibrary.translation_kit import inline, kit_files

GUIDE = """\
---
id: kit-guide
title: Recording evidence
summary: What to keep, and how.
published: 2026-06-10
topics: [trade-fairs]
---
!!! abstract "Key points"

    - Keep **dated** photos.
    - See [the Taiwan offices](id:taiwan-basics#offices).

## What to keep {#keep}

| Item | Why |
|---|---|
| Catalogue | Shows the date |

Ask {{ helpdesk.name }} for help.
"""


def italian(nodes: list) -> list:
    """A stand-in translation: every text run marked, the tags kept."""
    return [("IT " + n if n.strip() else n) if isinstance(n, str) else
            inline.Placeholder(n.id, n.kind, n.open, n.close, italian(n.children)) for n in nodes]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("kit"), {**RESOURCES, "guides/how-to/evidence.md": GUIDE})
    script = [sys.executable, str(REPO / "scripts" / "translate")]
    env = {"LIBRARY_ROOT": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run([*script, "export", "--lang", "it", "kit-guide"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    path = root / "translations/out/it/kit-guide.it.xlf"
    kit = kit_files.read_kit(path.read_bytes(), path.name)
    for unit in kit.units:
        unit.target, unit.state = italian(unit.source), kit_files.FINAL
    path.write_bytes(kit_files.write_kit(kit, "xliff"))
    done = subprocess.run([*script, "import", str(path), "--translated-by", "Camera di commercio"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def test_imported_translation_is_a_translated_page_with_the_english_anchors(built):
    html = page(built, "it/guides/kit-guide")
    assert '<html lang="it"' in html
    assert "IT Recording evidence" in html and "library-notice" not in html
    assert '<h2 id="keep">IT What to keep' in html
    assert 'href="../../factsheets/taiwan-basics/#offices"' in html  # the Italian page of the factsheet
    assert "<td>IT Catalogue</td>" in html
    assert "Tradotto da: Camera di commercio" in html
    english = page(built, "guides/kit-guide")
    assert re.search(r'<a href="[^"]*it/guides/kit-guide/" hreflang="it"[^>]*>Italiano</a>', english)  # "also available in"


def test_imported_translation_is_in_the_catalogue_and_has_its_pdf(built):
    catalogue = json.loads((built / "site" / "library.json").read_text(encoding="utf-8"))
    entry = next(r for r in catalogue["resources"] if r["id"] == "kit-guide")["languages"]["it"]
    assert (entry["state"], entry["title"]) == ("translated", "IT Recording evidence")
    assert entry["pdf_url"].endswith("/downloads/it/kit-guide.pdf")
    text = pdf_text(built / "site" / "downloads" / "it" / "kit-guide.pdf")
    assert "IT Recording evidence" in text and "Camera di commercio" in text and "IT Keep" in text
