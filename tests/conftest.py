import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests' own helpers module


@pytest.fixture(scope="session")
def shipped_served(tmp_path_factory):
    """(site folder, base URL): the shipped library (or LIBRARY_ROOT's) built in full, PDFs
    included, for and served at 127.0.0.1, as in production. Built once for the whole run:
    the site checks and the finder's browser tests read it, neither changes it."""
    from helpers import run_cli
    from quality import REPO, LocalServer

    root = Path(os.environ.get("LIBRARY_ROOT", REPO))
    site = tmp_path_factory.mktemp("shipped") / "site"
    server = LocalServer(site)
    result = run_cli(root, "build", "--site-dir", str(site), env={"LIBRARY_SITE_URL": server.url})
    assert result.returncode == 0, result.stderr[-4000:]
    yield site, server.start()
    server.stop()
