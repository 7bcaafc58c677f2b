"""Timing one command in a fresh process: wall time, CPU time and peak memory.

The command runs under a small launcher (`launch`), which reports the rusage `os.wait4`
gives of exactly that child (with the descendants it waited for, e.g. PDF workers): CPU
is user + system time of all of them, peak memory the largest resident set of any one
of them (measured from the launcher, not from this process: see `launch`). On a machine shared with others, CPU time is the
steadier figure; wall time is what a person waits for.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and its waited-for descendants
    peak_rss: int  # bytes, the largest process
    returncode: int


@dataclass
class Sample:
    """The repetitions of one measurement."""
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""  # e.g. how many pages or PDFs

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_rss(self) -> int:
        return max(run.peak_rss for run in self.runs)


class CommandFailed(Exception):
    def __init__(self, command: list[str], returncode: int, log: Path):
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.is_file() else ""
        super().__init__(f"{' '.join(command)} exited with {returncode}; the end of its log ({log}):\n{tail}")


LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launch.py")


def run_measured(command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> Run:
    """Run `command` to completion, its output into `log`; raise CommandFailed on failure."""
    log.parent.mkdir(parents=True, exist_ok=True)
    usage_file = log.with_name(log.name + ".usage.json")
    usage_file.unlink(missing_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        returncode = subprocess.run([sys.executable, "-S", LAUNCHER, str(usage_file), *command],
                                    env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
        wall = time.perf_counter() - started
    if not usage_file.is_file():
        raise CommandFailed(command, returncode, log)
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    run = Run(wall=wall, cpu=usage["cpu"], peak_rss=usage["maxrss_kib"] * 1024, returncode=returncode)
    if run.returncode != 0:
        raise CommandFailed(command, run.returncode, log)
    return run


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def paired_ratio(top: Sample, bottom: Sample, measure: str = "wall") -> float | None:
    """`top` as a multiple of `bottom`: the median of the repetitions' own ratios when both
    ran in every repetition, each pair minutes apart at most, so that a drift of the
    machine's speed over a run cancels out (on a shared VM the same markdown floor took 43 %
    longer at the end of a run than at its start); else the ratio of the medians."""
    if top.runs and len(top.runs) == len(bottom.runs):
        ratios = [ratio(getattr(a, measure), getattr(b, measure)) for a, b in zip(top.runs, bottom.runs)]
        if None not in ratios:
            return statistics.median(ratios)
    return ratio(getattr(top, measure), getattr(bottom, measure))
