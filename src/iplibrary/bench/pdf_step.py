"""The PDF step of a build on its own, in a fresh process, for the benchmark.

`python -m iplibrary.bench.pdf_step ROOT CACHE_DIR WORKERS RESULT_JSON` loads the library
under ROOT and makes its downloads (every PDF and bundle) with the project's own code
(`iplibrary.downloads.downloads.build_downloads`, which renders only what CACHE_DIR lacks), then
writes {"pdfs", "rendered", "seconds"} to RESULT_JSON. `pdf_support()` tells, without
rendering anything, whether this checkout has that code.
"""

import inspect
import json
import sys
from pathlib import Path

NEEDED_PARAMETERS = {"workers", "cache_dir"}


def _build_downloads():
    from iplibrary.downloads.downloads import build_downloads

    return build_downloads


def pdf_support() -> tuple[bool, str]:
    """(available, reason when not)."""
    try:
        build_downloads = _build_downloads()
    except ImportError as exc:
        return False, f"no PDF rendering in this checkout ({exc})"
    missing = NEEDED_PARAMETERS - set(inspect.signature(build_downloads).parameters)
    if missing:
        return False, f"iplibrary.downloads.downloads.build_downloads takes no {', '.join(sorted(missing))}"
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return False, "WeasyPrint is not installed"
    return True, ""


def main(argv: list[str]) -> int:
    root, cache_dir, workers, result = Path(argv[0]), Path(argv[1]), int(argv[2]), Path(argv[3])
    from iplibrary.library import load_library

    library = load_library(root)
    downloads = _build_downloads()(root, library, workers=workers, cache_dir=cache_dir)
    pdfs = sum(1 for file in downloads.files.values() if file.kind == "pdf")
    result.write_text(json.dumps({"pdfs": pdfs, "rendered": downloads.rendered, "seconds": downloads.seconds}),
                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
