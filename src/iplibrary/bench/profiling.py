"""Where a build's time goes: one build under cProfile, and a summary of the profile.

`profile_build` runs `python -m cProfile -o NAME.prof -m mkdocs build ...` in a fresh
process and writes NAME.txt beside it: the functions by cumulative time and by own time.
Open the .prof file with `python -m pstats` or snakeviz for more.
"""

import io
import pstats
import shutil
import sys
from pathlib import Path

from iplibrary.bench.measure import run_measured
from iplibrary.bench.runner import CACHE_DIR, build_env, mkdocs_command

TOP = 40


def summary(profile: Path, top: int = TOP) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        out.write(f"\n=== by {order} ===\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def profile_build(name: str, project: Path, out_dir: Path, only_lang: str | None = None) -> Path:
    """Profile one cold build of `project`; returns the summary's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    site = out_dir / f"{name}-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    profile = out_dir / f"{name}.prof"
    command = mkdocs_command(project, site)
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:]]
    run_measured(command, build_env(only_lang), out_dir / f"{name}.log")
    shutil.rmtree(site, ignore_errors=True)
    text = out_dir / f"{name}.txt"
    text.write_text(summary(profile), encoding="utf-8")
    return text
