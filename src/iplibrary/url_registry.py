"""The registry of every public URL the site has ever published, in every language.

`urls/published.txt` holds one site-relative URL a line ('/', '/fr/faq/x/',
'/library.json'), sorted. The build fails when a registered URL is neither produced nor
redirected (a link that worked once keeps working); `scripts/urls update` adds the URLs
of a fresh build and never removes one, `scripts/urls check` is its check partner.

Public URLs are the site's pages (as directory URLs) and its published files (PDFs,
feeds, the catalogue…); theme assets, search indexes and the 404 page are not.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from iplibrary.errors import BuildFailed
from iplibrary.languages import LANGUAGES, url_prefix

REGISTRY_FILE = "urls/published.txt"
HEADER = (
    "# Every public URL this site has published, in every language: one a line, sorted.\n"
    "# Never remove a line. `make urls` (scripts/urls update) adds new ones after a release;\n"
    "# the build fails when a URL here is neither produced nor redirected (README: Links that never break).\n"
)
PUBLISHED_SUFFIXES = (".pdf", ".json", ".xml", ".zip", ".csv", ".rss", ".atom", ".ics", ".epub")
PRIVATE_FOLDERS = {"assets", "pagefind"}  # theme files and the search index: they may change freely
PRIVATE_PAGES = {"404.html"}


@dataclass(frozen=True)
class RegistryProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{REGISTRY_FILE}:{self.line}: {self.reason}"


def parse_registry(text: str) -> tuple[list[str], list[RegistryProblem]]:
    """The registered URLs in file order, and every line that breaks the format."""
    urls, problems, seen = [], [], {}
    previous = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("/") or any(ch.isspace() for ch in line) or "//" in line:
            problems.append(RegistryProblem(number, f"'{line}' is not a site-relative URL like /faq/x/"))
            continue
        if line in seen:
            problems.append(RegistryProblem(number, f"{line} is listed twice (first on line {seen[line]})"))
            continue
        if previous is not None and line < previous:
            problems.append(RegistryProblem(number, f"{line} is out of order: keep the file sorted (scripts/urls update does)"))
        seen[line] = number
        previous = line
        urls.append(line)
    return urls, problems


def read_registry(root: Path) -> list[str]:
    """The registered URLs; a missing registry is an empty one. Raises BuildFailed if malformed."""
    path = root / REGISTRY_FILE
    if not path.is_file():
        return []
    urls, problems = parse_registry(path.read_text(encoding="utf-8"))
    if problems:
        raise BuildFailed("\n".join(str(p) for p in problems))
    return urls


def format_registry(urls) -> str:
    return HEADER + "".join(f"{url}\n" for url in sorted(set(urls)))


def is_public(rel: str) -> bool:
    """Whether a file of the built site (path relative to it) is a public URL to keep."""
    parts = rel.split("/")
    if PRIVATE_FOLDERS & set(parts[:-1]):
        return False
    name = parts[-1]
    if name.endswith(".html"):
        return rel not in PRIVATE_PAGES
    return name.endswith(PUBLISHED_SUFFIXES)


def url_of(rel: str) -> str:
    """'fr/faq/x/index.html' -> '/fr/faq/x/'; 'library.json' -> '/library.json'."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def site_urls(site_dir: Path) -> set[str]:
    """Every public URL the built site at `site_dir` serves."""
    return {url_of(path.relative_to(site_dir).as_posix())
            for path in site_dir.rglob("*") if path.is_file() and is_public(path.relative_to(site_dir).as_posix())}


def resolves(site_dir: Path, url: str) -> bool:
    """Whether `url` is served by the built site: a page (or a redirect page) or a file."""
    rel = url.lstrip("/")
    target = site_dir / rel / "index.html" if url.endswith("/") else site_dir / rel
    return target.is_file()


def missing_urls(registered: list[str], site_dir: Path) -> list[str]:
    return [url for url in registered if not resolves(site_dir, url)]


def check_registered_urls(root: Path, site_dir: Path, unrendered: tuple[str, ...] = ()) -> None:
    """Fail the build, listing them, when registered URLs are neither produced nor redirected.

    Files under the `unrendered` prefixes ('/downloads/') are not checked: this build
    chose not to render them (a preview, `mkdocs serve`, LIBRARY_PDFS=0)."""
    registered = [url for url in read_registry(root) if url.endswith("/") or not url.startswith(unrendered)]
    missing = missing_urls(registered, site_dir)
    if missing:
        count = len(missing)
        raise BuildFailed(
            f"{REGISTRY_FILE}: {count} published URL{'s are' if count != 1 else ' is'} neither produced nor redirected:\n"
            + "".join(f"  {url}\n" for url in missing)
            + "Keep each one working: add the old id to `aliases` of the resource that replaces it, "
              "or map it to its replacement in redirects.yml.")


def is_full_build(site_dir: Path) -> bool:
    """Built in all languages (not a one-language preview, whose language sits at the root)."""
    return all((site_dir / url_prefix(lang) / "index.html").is_file() for lang in LANGUAGES)


def add_urls(root: Path, site_dir: Path) -> tuple[int, int]:
    """Add the site's public URLs to the registry (never removing one); returns (added, total)."""
    registered = read_registry(root)
    produced = site_urls(site_dir)
    merged = set(registered) | produced
    path = root / REGISTRY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_registry(merged), encoding="utf-8")
    return len(merged) - len(registered), len(merged)


# --- the command: scripts/urls update | check -------------------------------------

def _fresh_build(root: Path, workdir: Path) -> Path:
    from iplibrary.cli import build

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
