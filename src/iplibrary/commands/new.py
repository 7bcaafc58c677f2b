"""`scripts/new`: create a new resource, or a translation of one, as a file that passes
`make check` as it is (the work is `iplibrary.scaffold`'s)."""

import argparse
import sys
from datetime import date
from pathlib import Path

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.languages import TRANSLATION_LANGUAGES
from iplibrary.scaffold import NewResource, ScaffoldError, create_resource, create_translation

USAGE_EXAMPLES = """examples:
  scripts/new faq "Can I register a slogan as a trade mark?" mainland-china trade-marks registration
  scripts/new factsheet "Macao IP basics" macao --summary "How IP is protected in Macao."
  scripts/new case-study "专利案例" patents --id patent-case-shenzhen
  scripts/new --translation guides/ip/trade-marks.md --lang fr

Terms are sorted into their facets (regions, ip_rights, sectors, topics) by the
vocabulary; write facet:term where a term belongs to several facets.
"""


def main(argv: list[str] | None = None, root: Path | None = None, today: date | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/new", epilog=USAGE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Create a new resource (front matter, today's date as published and reviewed, an id from the title and a "
                    "skeleton of its text), or a translation of one. The file passes `make check` as it is.")
    parser.add_argument("type", nargs="?", help=f"resource type: {', '.join(t.name for t in CONTENT_TYPES)}")
    parser.add_argument("title", nargs="?", help="the title (for an FAQ, the question), in quotes")
    parser.add_argument("terms", nargs="*", help="vocabulary terms, e.g. hong-kong trade-marks registration")
    parser.add_argument("--summary", help="one or two sentences, at most 300 characters (default: a placeholder to replace)")
    parser.add_argument("--id", dest="resource_id", help="the id, when the title does not give a good one (required for a non-Latin title)")
    parser.add_argument("--subfolder", help="a folder inside the type's folder to put the file in, e.g. registration for faq/registration/")
    parser.add_argument("--translation", type=Path, metavar="SOURCE", help="create a translation of this English source file instead")
    parser.add_argument("--lang", choices=TRANSLATION_LANGUAGES, help="the language of the translation (with --translation)")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="project root (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.translation:
            if args.type or args.terms or args.summary or args.resource_id:
                parser.error("--translation takes only --lang (title and summary come from the source)")
            if not args.lang:
                parser.error("--translation needs --lang")
            source = args.translation
            here = Path.cwd().resolve()
            if not source.is_absolute() and here.is_relative_to(args.root.resolve()) and (here / source).is_file():
                source = here / source  # relative to the folder the editor is in, inside the project
            path = create_translation(args.root, source, args.lang)
            what = "translation created; translate its title, summary and text"
        else:
            if not args.type or not args.title:
                parser.error("give a type and a title (or --translation SOURCE --lang LANG)")
            if args.lang:
                parser.error("--lang is only for --translation")
            request = NewResource(args.type, args.title, args.terms, args.summary, args.resource_id, args.subfolder)
            path = create_resource(args.root, request, today or date.today())
            what = "resource created" + ("; replace the placeholder summary" if not args.summary else "")
    except ScaffoldError as exc:
        print(f"scripts/new: {exc}", file=sys.stderr)
        return 1
    print(f"{path.relative_to(args.root.resolve()).as_posix()}: {what}")
    return 0
