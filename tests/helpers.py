"""Helpers to make small libraries and fixture projects on disk for the tests."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

VALID_FAQ = """\
---
id: {id}
title: {title}
summary: A short answer.
published: 2026-09-01
regions: [mainland-china]
ip_rights: [trade-marks]
topics: [registration]
---
The answer.
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_library(root: Path, files: dict[str, str]) -> Path:
    """A project root holding the repo's vocabulary and the given content files."""
    shutil.copy(REPO / "vocabulary.yml", root / "vocabulary.yml")
    for rel, text in files.items():
        write(root, rel, text)
    return root


def make_project(root: Path, files: dict[str, str]) -> Path:
    """A buildable project: the repo's config, hooks and theme plus the given content."""
    make_library(root, files)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


def run_cli(root: Path, *args, env: dict | None = None) -> subprocess.CompletedProcess:
    """The editors' command line (`iplibrary.commands.cli`) on the project at `root`."""
    return subprocess.run([sys.executable, "-m", "iplibrary.commands.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def compare_sites():
    """scripts/compare-sites, as a module."""
    import importlib.util
    from importlib.machinery import SourceFileLoader

    loader = SourceFileLoader("compare_sites", str(REPO / "scripts" / "compare-sites"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module
