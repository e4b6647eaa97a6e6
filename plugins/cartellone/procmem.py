"""Measuring aids for the benchmarks: the memory of a process and everything it forked (Linux
``/proc``; elsewhere 0), and a probe of how fast the machine runs Python right now.

Forked workers share most of their memory with their parent (copy-on-write), so adding up their
resident sizes (RSS) counts the shared pages several times. The proportional set size (PSS) splits
each shared page between the processes that map it, so the sum over a process tree is the memory the
tree really holds.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        todo.extend(int(c) for c in children)
    return out


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakTreePss:
    """Samples the summed PSS of a process tree every ``interval`` seconds until ``stop()``;
    ``peak_mb`` is the largest sum seen."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in tree(self.pid)))
            time.sleep(self.interval)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_mb

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


def speed_probe(rounds: int = 3) -> float:
    """CPU seconds of a fixed pure-Python loop (best of ``rounds``): the same work every time, so it
    tells a slower hour of a shared machine from a slower program. About 0.27 s in this machine's
    quicker hours."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.process_time() - start)
    return round(best, 3)
