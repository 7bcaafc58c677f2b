"""Timing one command in a fresh process: wall time, CPU time and peak memory.

`os.wait4` gives the rusage of exactly that child (with the descendants it waited for,
e.g. PDF workers): CPU is user + system time of all of them, peak memory the largest
resident set of any one of them. On a machine shared with others, CPU time is the
steadier figure; wall time is what a person waits for.
"""

import os
import statistics
import subprocess
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


def run_measured(command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> Run:
    """Run `command` to completion, its output into `log`; raise CommandFailed on failure."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
    run = Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_rss=usage.ru_maxrss * 1024,
              returncode=process.returncode)
    if run.returncode != 0:
        raise CommandFailed(command, run.returncode, log)
    return run


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None
