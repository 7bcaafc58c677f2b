"""The quality harness: serve a built site on 127.0.0.1 and check it with the tools the
field trusts - Chromium (via playwright), axe-core, the Nu HTML validator, linkchecker.

Plain helpers, used by tests/test_site_quality.py on the shipped library and by
tests/test_quality_harness.py on a deliberately broken fixture. Later checks (PDFs,
feeds, catalogue) add their own helpers here.
"""

import contextlib
import csv
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import requests

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The one known false positive of stock Material: autocomplete="off" on its checkboxes.
VNU_KNOWN_FALSE_POSITIVE = re.compile(
    r"^Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    r"“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    r"“tel”, “text”, “time”, “url”, or “week”\.$")
# Material's language selector fetches <lang>/sitemap.xml; a 404 there is not a page error.
CONSOLE_ALLOWED = re.compile(r"^Failed to load resource: the server responded with a status of 404 .*$")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class LocalServer:
    """A static server on 127.0.0.1 at an ephemeral port. The port is known before the
    site is built, so the site can be built for the address it is served at (site_url),
    as it is in production - canonical links, feeds and Material's sitemap lookups then
    stay on the server instead of pointing at the placeholder public host."""

    def __init__(self, site_dir: Path):
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> str:
        self.thread.start()
        return self.url

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` on 127.0.0.1 at an ephemeral port; yields the base URL."""
    server = LocalServer(site_dir)
    try:
        yield server.start()
    finally:
        server.stop()


@dataclass
class Visit:
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


class Browser:
    """One Chromium for a test session; records requests and console errors per visit."""

    def __init__(self, playwright, base_url: str):
        self.base_url = base_url
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})

    def close(self):
        self.context.close()
        self.browser.close()

    def open(self, path: str, *, width: int | None = None, screenshot: str | None = None, full_page: bool = True):
        """Open `path` on the local server; returns (page, Visit). Close the page after use."""
        page = self.context.new_page()
        if width:
            page.set_viewport_size({"width": width, "height": 900})
        visit = Visit(url=self.base_url + path)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("requestfailed", lambda request: visit.failed_requests.append(request.url))
        page.on("pageerror", lambda error: visit.console_errors.append(f"pageerror: {error}"))
        page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
        page.goto(visit.url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if screenshot:
            save_screenshot(page, screenshot, full_page=full_page)
        return page, visit


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^a-zA-Z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def third_party_requests(visit: Visit, base_url: str) -> list[str]:
    """Requests to any host other than the local server (data: and blob: are local)."""
    local = urlsplit(base_url).netloc
    return [url for url in visit.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != local]


def console_errors(visit: Visit) -> list[str]:
    return [error for error in visit.console_errors if not _is_sitemap_404(error, visit)]


def _is_sitemap_404(error: str, visit: Visit) -> bool:
    # Chromium reports the 404 without the URL; accept it only if the failing request was a sitemap
    if not CONSOLE_ALLOWED.match(error):
        return False
    return all(url.endswith("/sitemap.xml") for url in visit.failed_requests) and any(
        url.endswith("sitemap.xml") for url in visit.requests)


def axe_violations(page) -> list[str]:
    """WCAG 2.0/2.1 A and AA violations on the open page, one line each."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']}: {node['target']} {node.get('failureSummary', '').splitlines()[-1:]}")
    return lines


def vnu_errors(paths: list[Path]) -> list[str]:
    """Nu validator errors in the given HTML files or folders, less the known false positive."""
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json",
                             *map(str, paths)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages
            if not VNU_KNOWN_FALSE_POSITIVE.match(m["message"])]


class _LinkParser(HTMLParser):
    """Collects the ids of a page and the URLs it links to or loads."""

    LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        target = attributes.get(self.LINK_ATTRIBUTES.get(tag, ""))
        if target and not (tag == "link" and attributes.get("rel") in ("canonical", "alternate")):
            self.links.append(target)


def crawl_links(start_url: str, *, workers: int = 8) -> list[str]:
    """Crawl every page reachable from `start_url` on the same server and return every
    broken internal link (status other than 200) and missing anchor, one line each.

    Equivalent to linkchecker with AnchorCheck, and fast enough for every page of every
    language: linkchecker costs ~0.15 s a URL, which is many minutes for the whole site.
    """
    origin = urlsplit(start_url).netloc
    pages: dict[str, tuple[int, str, set[str], list[str]]] = {}  # url -> (status, type, ids, links)
    session = requests.Session()

    def fetch(url: str):
        response = session.get(url, timeout=20)
        content_type = response.headers.get("Content-Type", "")
        if response.status_code == 200 and "text/html" in content_type:
            parser = _LinkParser()
            parser.feed(response.text)
            return url, (200, "html", parser.ids, [urljoin(url, link) for link in parser.links])
        return url, (response.status_code, content_type, set(), [])

    frontier = {start_url}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while frontier:
            for url, result in pool.map(fetch, sorted(frontier)):
                pages[url] = result
            frontier = set()
            for status, kind, _, links in pages.values():
                for link in links:
                    parts = urlsplit(link)
                    target = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
                    if parts.scheme in ("http", "https") and parts.netloc == origin and target not in pages:
                        frontier.add(target)
    problems = []
    for url, (status, kind, _, links) in sorted(pages.items()):
        for link in links:
            parts = urlsplit(link)
            if parts.netloc != origin or parts.scheme not in ("http", "https"):
                continue
            target = pages[urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))]
            if target[0] != 200:
                problems.append(f"{link} (on {url}): status {target[0]}")
            elif parts.fragment and target[1] == "html" and unquote(parts.fragment) not in target[2]:
                problems.append(f"{link} (on {url}): no anchor #{unquote(parts.fragment)}")
    return sorted(set(problems))


# linkchecker's command, less one step: run as root, it switches to the user `nobody` after
# reading its options, and then cannot list its own plugin folder inside a private checkout
# (a fresh clone in a `mktemp -d` folder): AnchorCheck would be off without a word
LINKCHECKER = ("import sys, linkcheck.command.linkchecker as command; "
               "command.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(command.linkchecker())")


def broken_links(start_url: str, recursion_level: int = -1) -> list[str]:
    """Broken internal links and missing anchors found by linkchecker (settings in
    tests/linkcheckerrc: internal only, AnchorCheck on). Crawls everything reachable from
    `start_url`, so give it a small site or a `recursion_level`."""
    result = subprocess.run([sys.executable, "-c", LINKCHECKER, "-f", str(REPO / "tests" / "linkcheckerrc"), "--no-status",
                             f"--recursion-level={recursion_level}", "-o", "csv", start_url], capture_output=True, text=True, timeout=1200)
    problems = []
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter=";"):
        if row["valid"] != "True" or "anchor" in row["warningstring"].lower():
            problems.append(f"{row['urlname']} (on {row['parentname']}): {row['result']} {row['warningstring']}".strip())
    if result.returncode not in (0, 1):
        problems.append(f"linkchecker failed ({result.returncode}): {result.stderr[-500:]}")
    return problems


# --- PDFs ------------------------------------------------------------------------------

def pdf_problems(path: Path, lang: str) -> list[str]:
    """What keeps a downloadable PDF from being accessible and readable, one line each:
    not tagged (no structure tree, not marked), no or the wrong /Lang, no title, or a
    character shown without a real glyph in its embedded font."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    catalog = reader.trailer["/Root"]
    problems = []
    if str(catalog.get("/Lang", "")) != lang:
        problems.append(f"{path.name}: /Lang is {catalog.get('/Lang')!r}, expected {lang!r}")
    if "/StructTreeRoot" not in catalog or not (catalog.get("/MarkInfo") or {}).get("/Marked"):
        problems.append(f"{path.name}: not tagged (no structure tree or /MarkInfo /Marked false)")
    if not (reader.metadata and reader.metadata.title):
        problems.append(f"{path.name}: no document title")
    problems += [f"{path.name}: {glyph}" for glyph in unrendered_characters(path)]
    return problems


# text operators in a content stream: set font, show hex string(s), draw a form
_PDF_TEXT_OPS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*(?:Tj|'|\")|/([^\s/\[\]<>()]+)\s+Do\b")
_PDF_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def unrendered_characters(path: Path) -> list[str]:
    """Characters the pages' content streams draw with no real glyph (.notdef, a glyph
    the embedded font lacks, or an empty one). Text extraction cannot tell: it reads the
    ToUnicode map, which survives even when the page shows empty boxes. Reads the hex
    strings WeasyPrint writes (a regular expression: pypdf's parser takes seconds a book)."""
    from pypdf import PdfReader

    from iplibrary.downloads.pdf_fonts import EmbeddedFont

    reader = PdfReader(str(path))
    fonts: dict[int, EmbeddedFont | None] = {}
    problems: set[str] = set()

    def font_of(ref):
        key = getattr(ref, "idnum", id(ref))
        if key not in fonts:
            font = ref.get_object()
            fonts[key] = EmbeddedFont.read(font) if font.get("/Subtype") == "/Type0" else None
        return fonts[key]

    def shown(current, hex_text: bytes):
        raw = bytes.fromhex(re.sub(rb"\s", b"", hex_text).decode())
        for i in range(0, len(raw) - 1, 2):
            problem = current.problem(int.from_bytes(raw[i:i + 2], "big"))
            if problem:
                problems.add(str(problem))

    def walk(data: bytes, resources, depth=0):
        resources = resources.get_object() if resources is not None else {}
        font_refs = resources.get("/Font") or {}
        current = None
        for match in _PDF_TEXT_OPS.finditer(data):
            font_name, array, single, form_name = match.groups()
            if font_name is not None:
                ref = font_refs.get("/" + font_name.decode())
                current = font_of(ref) if ref is not None else None
            elif current is not None and (array is not None or single is not None):
                for hex_text in (_PDF_HEX_STRING.findall(array) if array is not None else [single]):
                    shown(current, hex_text)
            elif form_name is not None and depth < 8:
                xobject = (resources.get("/XObject") or {}).get("/" + form_name.decode())
                if xobject is not None and xobject.get_object().get("/Subtype") == "/Form":
                    form = xobject.get_object()
                    walk(form.get_data(), form.get("/Resources"), depth + 1)

    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            walk(contents.get_data(), page.get("/Resources"))
    return sorted(problems)


def pdf_text(path: Path) -> str:
    """The text of a PDF as poppler's pdftotext extracts it (layout off)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def pdf_structure_languages(path: Path) -> set[tuple[str, str]]:
    """(structure type, language) of every tagged element that declares its own /Lang,
    e.g. ('/Art', 'en') for an English answer inside a Chinese handbook."""
    from pypdf import PdfReader

    found: set[tuple[str, str]] = set()
    stack = [PdfReader(str(path)).trailer["/Root"].get("/StructTreeRoot")]
    while stack:
        node = stack.pop()
        node = node.get_object() if node is not None and hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/Lang" in node:
                found.add((str(node.get("/S")), str(node["/Lang"])))
            stack.append(node.get("/K"))
    return found
