"""`make serve` as an editor uses it: how long after saving a resource its page shows
the change, in a one-language preview of the shipped library.

Copies the project (configuration, theme, docs/ and the content folders) into the work
folder, starts `mkdocs serve` there on a free local port, and times each edit from the
write to the first response of the page that contains the new text. Nothing is written
into the repository.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from iplibrary.content_types import SOURCE_FOLDERS

PROJECT_PARTS = ("mkdocs.yml", "vocabulary.yml", "redirects.yml", "hooks", "overrides", "docs", "urls",
                 *dict.fromkeys(folder.split("/")[0] for folder in SOURCE_FOLDERS))
START_TIMEOUT = 180.0  # seconds for the first build of the preview
EDIT_TIMEOUT = 60.0
POLL = 0.05


@dataclass
class ServeResult:
    resources: int = 0
    first_ready: float = 0.0  # seconds from start to the first page served
    edits: list[float] = field(default_factory=list)  # seconds from each save to its page served
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.edits)


def copy_project(repo: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = repo / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, target / part)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        page = _get(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(POLL)
    return None


def measure_serve(repo: Path, work: Path, env: dict[str, str], repeat: int, progress=lambda message: None) -> ServeResult:
    from iplibrary.errors import LibraryInvalid
    from iplibrary.library import load_library
    from iplibrary.languages import DEFAULT_LANGUAGE

    root = copy_project(repo, work / "shipped")
    try:
        library = load_library(root)
    except LibraryInvalid as exc:
        return ServeResult(error=f"the shipped library does not validate: {exc.report().splitlines()[0]}")
    if not library.resources:
        return ServeResult(error="the shipped library has no resource to edit")
    resource = sorted(library.resources.values(), key=lambda r: (r.type.name != "faq", r.path))[0]
    result = ServeResult(resources=len(library.resources))
    port = free_port()
    page_url = f"http://127.0.0.1:{port}/{resource.url(DEFAULT_LANGUAGE)}"
    log = (work / "logs" / "serve.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**env, "LIBRARY_ONLY_LANG": DEFAULT_LANGUAGE}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                                   "-a", f"127.0.0.1:{port}"], env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            ready = _wait_for(page_url, "</html>", START_TIMEOUT)
            if ready is None:
                result.error = f"mkdocs serve did not serve {page_url} within {START_TIMEOUT:.0f} s (see {log})"
                return result
            result.first_ready = ready
            source = root / resource.path
            original = source.read_text(encoding="utf-8")
            for number in range(repeat):
                time.sleep(1.0)  # let the watcher settle, as between an editor's saves
                marker = f"benchmarkedit{number}{os.getpid()}"
                source.write_text(original + f"\n{marker}\n", encoding="utf-8")
                seconds = _wait_for(page_url, marker, EDIT_TIMEOUT)
                if seconds is None:
                    result.error = f"an edit of {resource.path} was not served within {EDIT_TIMEOUT:.0f} s (see {log})"
                    return result
                result.edits.append(seconds)
                progress(f"serve: edit {number + 1} of {resource.path} served after {seconds:.2f} s")
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return result
