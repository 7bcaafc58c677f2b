"""`scripts/bulletin YYYY-MM [--lang fr]`: write the draft of a month's Partner E-bulletin."""

import argparse
import sys
from pathlib import Path

from iplibrary.bulletin.compose import BulletinError, make_bulletin, parse_month
from iplibrary.bulletin.drafts import OUTPUT_DIR, write_bulletin
from iplibrary.bulletin.inputs import BULLETIN_DIR, EVENTS_FILE, intro_path
from iplibrary.errors import LibraryInvalid
from iplibrary.languages import DEFAULT_LANGUAGE, LANGUAGES
from iplibrary.library import load_library
from iplibrary.settings import read_settings, site_names


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bulletin", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the draft of a month's Partner E-bulletin: e-mail-safe HTML, a plain-text "
                    "alternative and a markdown version, outside the site.",
        epilog=f"""inputs (optional):
  {BULLETIN_DIR}/YYYY-MM/intro.md      the editor's introduction (intro.fr.md for French…);
                                  links are id:<resource-id> or https:// addresses
  {EVENTS_FILE}             upcoming events (see the comments in that file)

example:
  scripts/bulletin 2026-12 --lang fr   ->  {OUTPUT_DIR}/2026-12/bulletin.fr.html, .txt, .md""")
    parser.add_argument("month", help="the month, YYYY-MM: its new and updated resources are listed")
    parser.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE, help="language of the bulletin (default: en)")
    parser.add_argument("--out", type=Path, help=f"output folder (default: {OUTPUT_DIR}/YYYY-MM under the project)")
    parser.add_argument("--site-url", help="the site's address for links (default: site_url of mkdocs.yml)")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="project root (default: %(default)s)")
    args = parser.parse_args(argv)
    project = args.root.resolve()
    try:
        month = parse_month(args.month)
        site_url = args.site_url or str(read_settings(project).get("site_url") or "")
        if not site_url.startswith(("https://", "http://")):
            raise BulletinError(f"site_url {site_url!r} is not an absolute address: set it in mkdocs.yml or give --site-url")
        library = load_library(project)
        names = site_names(project)
        bulletin = make_bulletin(project, library, month, args.lang, site_url, names.get(args.lang) or names["en"])
        written = write_bulletin(bulletin, args.out or project / OUTPUT_DIR / f"{month:%Y-%m}")
    except LibraryInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BulletinError as exc:
        print(f"scripts/bulletin: {exc}", file=sys.stderr)
        return 1
    featured = bulletin.case_study.id if bulletin.case_study else "none"
    if bulletin.intro is None:
        missing = intro_path(project, month, args.lang).relative_to(project).as_posix()
        print(f"note: no introduction ({missing} does not exist)", file=sys.stderr)
    print(f"{bulletin.entry_count} new or updated resources, case study of the month: {featured}, "
          f"{len(bulletin.events)} upcoming events")
    for path in written:
        print(f"  {path}")
    return 0
