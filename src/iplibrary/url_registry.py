"""The registry of every public URL the site has ever published, in every language.

`urls/published.txt` holds one site-relative URL a line ('/', '/fr/faq/x/',
'/library.json'), sorted. The build fails when a registered URL is neither produced nor
redirected (a link that worked once keeps working); `scripts/urls update` adds the URLs
of a fresh build and never removes one, `scripts/urls check` is its check partner (the
command is `iplibrary.commands.urls`).

Public URLs are the site's pages (as directory URLs) and its published files (PDFs,
feeds, the catalogue…); theme assets, search indexes and the 404 page are not.
"""

from dataclasses import dataclass
from pathlib import Path

from iplibrary.errors import BuildFailed
from iplibrary.languages import LANGUAGES
from iplibrary.urls import CHANGES_DIR, url_prefix

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
    if f"/{CHANGES_DIR}/" in f"/{rel}" and not rel.endswith(f"{CHANGES_DIR}/index.html"):
        return False  # an outdated translation's changes page: gone once it is updated
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
