"""Run a command and write its resource usage as JSON: `python -S launch.py RESULT CMD...`.

The benchmark starts every measured command through this small process (`measure`):
Linux counts in a child's peak resident set (ru_maxrss) the memory it had before
`exec`, a view of its parent's, so a command started straight from the benchmark,
which holds the synthetic libraries, seemed to take at least what the benchmark holds.
Started from here, the floor is this launcher's few MiB. Standard library only, and no
site packages (`-S`): it starts in milliseconds.
"""

import json
import os
import sys


def main(argv: list[str]) -> int:
    result, command = argv[0], argv[1:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(result, "w", encoding="utf-8") as out:
        json.dump({"cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss}, out)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
