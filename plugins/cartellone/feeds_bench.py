"""Benchmark: time to write every calendar feed for a synthetic repository (default 10 000 events).

    python -m cartellone.feeds_bench [--events 10000] [--seed 1] [--dir DIR] [--history] [--workers N]

The repository is written by ``cartellone.synthetic.generate`` (reused when its manifest matches),
loaded with ``pipeline.run_check`` (the same pipeline as the site), then ``feeds.bench_write_feeds``
renders all feeds (no I/O) and then writes them into a fresh temporary folder, timing both. "Today" is fixed (the synthetic
calendar's first month), so every run writes the same bytes. With ``--history`` the repository is
also committed to a throw-away git repository and ``history.read_history`` is timed, cold (empty
blob cache) and warm.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from .feeds import bench_write_feeds
from .history import read_history
from .pipeline import run_check
from .settings import read_settings

TODAY = date(2027, 2, 1)


def _repository(folder: Path, events: int, seed: int) -> Path:
    from . import synthetic

    if not synthetic.manifest_matches(folder, events, seed):
        if folder.exists():
            shutil.rmtree(folder)
        synthetic.generate(folder, events, seed)
    return folder


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cartellone.feeds_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the synthetic repository")
    parser.add_argument("--history", action="store_true", help="also time read_history on a git repository")
    parser.add_argument(
        "--workers", type=int, default=None, help="processes serialising events (default 1; 0 = automatic)"
    )
    args = parser.parse_args(argv)

    folder = args.dir or Path("cache") / f"bench-feeds-{args.events}-{args.seed}"
    t0 = time.perf_counter()
    root = _repository(folder.resolve(), args.events, args.seed)
    t1 = time.perf_counter()
    settings = read_settings(root, env={"CARTELLONE_TODAY": TODAY.isoformat()})
    result = run_check(settings)
    t2 = time.perf_counter()
    errors = [f for f in result.findings if f.severity.value == "error"]
    print(
        f"repository: {root} ({t1 - t0:.1f} s), load + check: {t2 - t1:.2f} s, {result.stats}, {len(errors)} errors",
        file=sys.stderr,
    )

    history = None
    if args.history:
        with tempfile.TemporaryDirectory(prefix="cartellone-history-") as tmp:
            repo = Path(tmp) / "repo"
            shutil.copytree(root, repo)
            _git(repo, "init", "-q", "-b", "main")
            _git(repo, "add", "-A")
            _git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "bench")
            for label in ("cold", "warm"):
                h0 = time.perf_counter()
                history = read_history(repo, settings.feed_fallback_stamp)
                print(
                    f"read_history ({label}): {time.perf_counter() - h0:.2f} s, {len(history.revisions)} files",
                    file=sys.stderr,
                )

    with tempfile.TemporaryDirectory(prefix="cartellone-feeds-") as out:
        figures = bench_write_feeds(result.catalogue, settings, Path(out), TODAY, history, args.workers)
    largest_path, largest_size = figures["largest"]
    n_events, n_files, n_feeds = figures["events"], figures["files"], figures["collection_feeds"]
    print(
        f"feeds: {n_events} events -> {n_files} files ({n_feeds} collection feeds, {n_files - n_feeds} event "
        f"files), {figures['bytes'] / 1e6:.1f} MB; largest {largest_path} {largest_size / 1000:.0f} kB; "
        f"{figures['truncated']} cut to the size limit, {figures['warnings']} warnings"
    )
    print(f"render (no I/O): {figures['render_seconds']:.2f} s (CPU {figures['render_cpu_seconds']:.2f} s)")
    print(
        f"write_feeds (render + write {n_files} files): {figures['write_seconds']:.2f} s "
        f"(CPU {figures['write_cpu_seconds']:.2f} s) for {n_events} events"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
