"""The e-bulletin's drafts on disk: HTML, plain text and markdown of one `Bulletin`,
in `bulletins/<YYYY-MM>/`, outside the site (git-ignored)."""

from pathlib import Path

from iplibrary.bulletin.compose import Bulletin
from iplibrary.bulletin.render import render_html, render_markdown, render_text
from iplibrary.urls import language_file

OUTPUT_DIR = "bulletins"  # the drafts; git-ignored
OUTPUT_NOTE = "DO NOT EDIT: drafts written by scripts/bulletin from the library and bulletin/.\n"


def write_bulletin(bulletin: Bulletin, out_dir: Path) -> list[Path]:
    """Write the HTML, plain-text and markdown drafts; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "README.txt").write_text(OUTPUT_NOTE, encoding="utf-8")
    written = []
    for extension, render in (("html", render_html), ("txt", render_text), ("md", render_markdown)):
        target = out_dir / language_file(f"bulletin.{extension}", bulletin.lang)
        target.write_text(render(bulletin), encoding="utf-8", newline="\n")
        written.append(target)
    return written
