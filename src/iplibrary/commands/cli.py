"""Command line for editors and CI: `check` validates content, `build` writes site/,
`translations` and `review-due` report on the library.

`build` renders into a fresh folder and swaps it in only on success, so a failed
build leaves the previous good site/ untouched.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from iplibrary.errors import LibraryInvalid
from iplibrary.library import load_library
from iplibrary.languages import LANGUAGES


def check(root: Path) -> int:
    started = time.perf_counter()
    try:
        library = load_library(root)
    except LibraryInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    translations = sum(len(r.translations) for r in library.resources.values())
    if library.notes:
        count = len(library.notes)
        print(f"{count} note{'s' if count != 1 else ''} (not errors; worth updating at leisure):")
        for note in library.notes:
            print(f"{note}")
    print(f"ok: {len(library.resources)} resources, {translations} translations "
          f"checked in {time.perf_counter() - started:.2f} s")
    return 0


def translations(root: Path, json_path: Path | None, html_path: Path | None, fail_on_outdated: bool) -> int:
    from iplibrary import translation_status
    from iplibrary.translation_kit.changes import changes_text

    try:
        library = load_library(root)
    except LibraryInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(translation_status.as_text(library), end="")
    details = changes_text(root, library)
    if details:
        print("\nWhat changed in the English of outdated translations:\n" + details, end="")
    if json_path:
        json_path.write_text(translation_status.as_json(library), encoding="utf-8")
    if html_path:
        html_path.write_text(translation_status.standalone_html(library), encoding="utf-8")
    stale = translation_status.outdated(translation_status.status_matrix(library))
    if fail_on_outdated and stale:
        print(f"{len(stale)} outdated translation(s): " + ", ".join(f"{rid} ({lang})" for rid, lang in stale), file=sys.stderr)
        return 1
    return 0


def review_due(root: Path, today: date | None, months: int) -> int:
    """Print the resources due for a legal review; exit 0 either way (a reminder, not a gate)."""
    from iplibrary import review

    try:
        library = load_library(root)
    except LibraryInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    today = today or date.today()
    print(review.as_text(review.reviews_due(library, today, months), today, months), end="")
    return 0


def build(root: Path, site_dir: Path, strict: bool, only_lang: str | None) -> int:
    """Build into a sibling folder, then replace site_dir with it in one rename."""
    site_dir = site_dir.resolve()
    fresh = site_dir.with_name(site_dir.name + ".new")
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(root / "mkdocs.yml"), "-d", str(fresh)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if only_lang:
        env["LIBRARY_ONLY_LANG"] = only_lang
    result = subprocess.run(command, env=env)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
        return result.returncode
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    fresh.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site written to {site_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="iplibrary", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every content file without building; exit 1 on errors")
    build_parser = commands.add_parser("build", help="build the site into site/ (left untouched on failure)")
    build_parser.add_argument("--site-dir", type=Path, default=None, help="output folder (default: ROOT/site)")
    build_parser.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    build_parser.add_argument("--lang", choices=list(LANGUAGES), help="build one language only (a preview)")
    status_parser = commands.add_parser("translations", help="print the translation status: resource x language")
    status_parser.add_argument("--json", type=Path, help="also write the matrix as JSON to this file")
    status_parser.add_argument("--html", type=Path, help="also write the coloured grid as an HTML page to this file")
    status_parser.add_argument("--fail-on-outdated", action="store_true", help="exit 1 if any translation is outdated")
    review_parser = commands.add_parser("review-due", help="list resources last checked (reviewed, else updated, else published) more than 12 months ago; exits 0")
    review_parser.add_argument("--today", type=date.fromisoformat, default=None, help="count from this day, YYYY-MM-DD (default: today)")
    review_parser.add_argument("--months", type=int, default=12, help="how old a check may be (default: 12)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "review-due":
        return review_due(root, args.today, args.months)
    if args.command == "translations":
        return translations(root, args.json, args.html, args.fail_on_outdated)
    return build(root, args.site_dir or root / "site", strict=not args.no_strict, only_lang=args.lang)


if __name__ == "__main__":
    sys.exit(main())
