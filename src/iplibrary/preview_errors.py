"""What a preview (`mkdocs serve`) shows while the content has errors: one page listing
them, `path:line: field: reason`, at every URL, which reloads itself once a file changes.

Without it a failed rebuild leaves `mkdocs serve` holding every request until the next
good build: the browser waits, showing nothing (it logs that the server will appear
stuck until the build succeeds). Instead the
preview builds an empty stage and this page is written as the site's 404 page, which
`mkdocs serve` returns for any URL the site lacks. Plain HTML; knows nothing of MkDocs
beyond the URL of its live-reload poll.
"""

from html import escape
from pathlib import Path

ERROR_STAGE_DIR = ".cache/error-stage"  # relative to the project root; stays empty
NOT_FOUND_PAGE = "404.html"  # what `mkdocs serve` answers for a URL the site lacks

# mkdocs serve answers /livereload/<epoch>/<id> with the epoch of the latest build, at once if
# it is newer than <epoch>, otherwise when one finishes (or after a minute): ask for the
# current epoch, then wait for a newer one and reload. (Its own script is injected only into
# pages it finds, not into the 404 page.)
RELOAD_SCRIPT = """\
(function () {
  function poll(epoch) {
    fetch("/livereload/" + epoch + "/" + Date.now(), {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var latest = parseFloat(text);
        if (epoch > 0 && latest > epoch) { location.reload(); } else { poll(latest || epoch); }
      })
      .catch(function () { setTimeout(function () { poll(epoch); }, 1000); });
  }
  poll(0);
})();"""

STYLE = """\
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; color: #a30000; }
ol { padding-left: 1.5rem; }
li { margin: .4rem 0; }
code { font: 15px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }"""


def count_errors(errors: list[str]) -> str:
    return f"{len(errors)} content error{'s' if len(errors) != 1 else ''}"


def terminal_report(errors: list[str]) -> str:
    """The same list for the terminal that runs the preview."""
    return "\n".join([f"{count_errors(errors)} (every page of the preview shows them until they are fixed):", *errors])


def error_page_html(errors: list[str]) -> str:
    """The page listing `errors` (one line each, already worded for editors), escaped."""
    heading = f"The library has {count_errors(errors)}"
    items = "\n".join(f"<li><code>{escape(line)}</code></li>" for line in errors)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(heading)} – preview</title>\n"
        f"<style>\n{STYLE}\n</style>\n"
        "</head>\n<body>\n<main>\n"
        f'<h1 id="content-errors">{escape(heading)}</h1>\n'
        "<p>The preview shows the site again once they are fixed: "
        "correct the files and save, and this page reloads by itself.</p>\n"
        f'<ol class="content-errors">\n{items}\n</ol>\n'
        "</main>\n"
        f"<script>\n{RELOAD_SCRIPT}\n</script>\n"
        "</body>\n</html>\n"
    )


def empty_error_stage(root: Path) -> Path:
    """An empty folder to build instead of the stage: the preview then has no page but the errors."""
    stage = root / ERROR_STAGE_DIR
    stage.mkdir(parents=True, exist_ok=True)
    for path in stage.iterdir():  # nothing was ever meant to be here
        if path.is_file():
            path.unlink()
    return stage


def write_error_page(site_dir: Path, errors: list[str]) -> Path:
    """Write the page as the site's 404 page; returns its path."""
    path = site_dir / NOT_FOUND_PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(error_page_html(errors), encoding="utf-8")
    return path
