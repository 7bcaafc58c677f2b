"""`scripts/urls update | check`: keep every published URL working.

`update` adds the URLs of a fresh build of all languages to `urls/published.txt` (never
removing one), after a release; `check` (CI) fails if a registered URL is neither produced
nor redirected, or the file is malformed. The registry's rules are in
`iplibrary.url_registry`.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from iplibrary.commands.cli import build
from iplibrary.url_registry import (REGISTRY_FILE, add_urls, is_full_build, missing_urls, parse_registry,
                                    site_urls)


def _fresh_build(root: Path, workdir: Path) -> Path:
    site_dir = workdir / "site"
    if build(root, site_dir, strict=True, only_lang=None) != 0:
        raise SystemExit("urls: the build failed (see above); nothing was changed")
    return site_dir


def _with_site(args, action) -> int:
    if args.site_dir:
        return action(args.site_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="urls-") as workdir:
        return action(_fresh_build(args.root, Path(workdir)))


def update(args) -> int:
    def action(site_dir: Path) -> int:
        if not is_full_build(site_dir):
            print(f"urls: {site_dir} is not a build of all languages; nothing was changed", file=sys.stderr)
            return 1
        added, total = add_urls(args.root, site_dir)
        print(f"urls: added {added} URLs to {REGISTRY_FILE} ({total} registered)")
        return 0

    return _with_site(args, action)


def check(args) -> int:
    path = args.root / REGISTRY_FILE
    if not path.is_file():
        print(f"urls: {REGISTRY_FILE} is missing: run scripts/urls update", file=sys.stderr)
        return 1
    registered, problems = parse_registry(path.read_text(encoding="utf-8"))
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1

    def action(site_dir: Path) -> int:
        if not is_full_build(site_dir):
            print(f"urls: {site_dir} is not a build of all languages", file=sys.stderr)
            return 1
        missing = missing_urls(registered, site_dir)
        if missing:
            print(f"urls: {len(missing)} registered URLs are neither produced nor redirected:", file=sys.stderr)
            print("\n".join(f"  {url}" for url in missing), file=sys.stderr)
            return 1
        new = sorted(site_urls(site_dir) - set(registered))
        if new and args.strict:
            print(f"urls: {len(new)} URLs are not registered yet (run scripts/urls update), e.g. {new[0]}", file=sys.stderr)
            return 1
        note = f"; {len(new)} new URLs not registered yet (scripts/urls update after the release)" if new else ""
        print(f"urls: ok, all {len(registered)} registered URLs resolve{note}")
        return 0

    return _with_site(args, action)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/urls", description="Keep every published URL working: "
                                     "the registry in urls/published.txt, updated after a release and checked in CI.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("update", "add the URLs of a fresh build of all languages to the registry (never removes one)"),
                       ("check", "fail if a registered URL is neither produced nor redirected, or the file is malformed")):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--site-dir", type=Path, help="use this already built site instead of building afresh")
        if name == "check":
            sub.add_argument("--strict", action="store_true", help="also fail when the build publishes URLs not registered yet")
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return update(args) if args.command == "update" else check(args)


if __name__ == "__main__":
    sys.exit(main())
