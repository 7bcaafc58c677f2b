"""The benchmark's search measurements, each run in its own process by the runner:

  python -m iplibrary.bench.search_step index SITE
      index a built site again, as the build does (iplibrary.search_index.index_site): its
      time against the full build's is the indexing share;
  python -m iplibrary.bench.search_step bytes SITE LANG WORD RESULT.json
      serve SITE on 127.0.0.1 as a static host does (text files gzipped, Pagefind's own
      files already compressed), open /LANG/library/ in Chromium, type WORD, and sum the
      bytes of every response from the query to the results with their excerpts (body
      as transferred plus headers). Writes {"bytes", "gzip_off_bytes", "responses", "results"}.

Needs playwright and /usr/bin/chromium for `bytes` (the test tools: make test-deps).
"""

import functools
import io
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

from iplibrary.languages import LANGUAGES
from iplibrary.urls import url_prefix

COMPRESSED_TYPES = (".html", ".js", ".json", ".css", ".xml", ".svg")  # what GitHub Pages and CDNs gzip
CHROMIUM = "/usr/bin/chromium"
SETTLED = "!document.querySelector('#finder-count').textContent.includes('…') && location.search.includes('q=')"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text files when the browser accepts it (if `gzip_text`)."""
    gzip_text = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_text and wants and path.suffix in COMPRESSED_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, gzip_text: bool):
    handler = functools.partial(type("Host", (StaticHost,), {"gzip_text": gzip_text}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def query_bytes(site: Path, lang: str, word: str, gzip_text: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve(site, gzip_text)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 412, "height": 900})  # a phone
            page.goto(f"{base}{url_prefix(lang)}library/", wait_until="load")
            page.wait_for_load_state("networkidle")
            responses: list[tuple[str, int]] = []
            page.on("requestfinished", lambda request: responses.append(
                (request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
            page.fill("#finder-q", word)
            page.press("#finder-q", "Enter")
            page.wait_for_function(SETTLED)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # the excerpts of the first results
            results = page.inner_text("#finder-count")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"bytes": sum(size for _, size in responses), "responses": [[url.replace(base, "/"), size] for url, size in responses],
            "results": results}


def main(argv: list[str]) -> int:
    if argv[:1] == ["index"] and len(argv) == 2:
        from iplibrary.search_index import index_site

        print(index_site(Path(argv[1]), list(LANGUAGES)).summary())
        return 0
    if argv[:1] == ["bytes"] and len(argv) == 5:
        site, lang, word, out = Path(argv[1]), argv[2], argv[3], Path(argv[4])
        result = query_bytes(site, lang, word)
        result["gzip_off_bytes"] = query_bytes(site, lang, word, gzip_text=False)["bytes"]
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
