"""Benchmark of the whole site build against vanilla Pelican on as many plain Markdown articles.

    python -m cartellone.site_bench [--sizes 1000,10000] [--keep DIR] [--runs N] [--output DIR]

For each size it prepares (or reuses, with ``--keep``) two trees:

- ``site-<n>``: a synthetic repository (``synthetic.generate``, seed 1) with this repository's
  ``pelicanconf.py`` (venue clashes downgraded to warnings: the synthetic data has a few on purpose),
  ``theme/`` and ``content/``;
- ``vanilla-<n>``: ``n`` Markdown articles (title, date, category, three tags, three paragraphs) with
  Pelican's defaults (feeds off, pagination 10), the baseline of the issue's target.

Each build runs ``pelican`` in a fresh process, back to back, writing to ``--output`` (default: a
temporary folder; ``/dev/shm`` keeps disk noise out). Reported per run: wall time, CPU time (user +
system of the process tree) and peak memory (the sum of the tree's proportional set size, PSS, sampled
every 0.2 s: forked workers share most of their memory, so summing RSS would count it twice).
Results go to stdout and ``bench-results/site.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .procmem import PeakTreePss, speed_probe

ROOT = Path(__file__).resolve().parents[2]
SEED = 1
TODAY = "2027-01-15"  # the synthetic calendar starts on 2027-01-01
WORDS = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "teatro",
    "concerto",
    "mostra",
    "museo",
    "friuli",
]
VANILLA_CONF = """SITENAME = "Vanilla"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = False
PLUGINS = []
"""


def prepare_site(base: Path, size: int) -> Path:
    from .synthetic import generate, manifest_matches

    root = base / f"site-{size}"
    if not manifest_matches(root, size, SEED):
        shutil.rmtree(root, ignore_errors=True)
        generate(root, size, seed=SEED)
    for name in ("theme", "content"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(ROOT / name, root / name)
    conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        conf.replace('"venue_severity": "error"', '"venue_severity": "warning"'), encoding="utf-8"
    )
    plugins = root / "plugins"
    if not plugins.exists():
        plugins.symlink_to(ROOT / "plugins", target_is_directory=True)
    return root


def prepare_vanilla(base: Path, size: int) -> Path:
    root = base / f"vanilla-{size}"
    content = root / "content"
    if content.is_dir() and len(list(content.glob("*.md"))) == size:
        return root
    shutil.rmtree(root, ignore_errors=True)
    content.mkdir(parents=True)
    rng = random.Random(SEED)
    names = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"]
    for i in range(size):
        title = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize() + f" {i}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(3))
        tags = ", ".join(f"tag-{t}" for t in rng.sample(names[:200], 3))  # no digits: Pelican's slugs collide
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 22):02d}:00"
        (content / f"a{i:05d}.md").write_text(
            f"Title: {title}\nDate: {day}\nCategory: categoria-{names[i % 20]}\nTags: {tags}\nSummary: {title}\n\n{body}\n",
            encoding="utf-8",
        )
    (root / "pelicanconf.py").write_text(VANILLA_CONF, encoding="utf-8")
    return root


def run_build(root: Path, output: Path) -> dict:
    """One `pelican` build in a fresh process: wall, CPU (tree) and peak PSS of the tree."""
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "CARTELLONE_TODAY": TODAY, "COLUMNS": "1000"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "pelican"), "content", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = PeakTreePss(proc.pid, interval=0.2)
    logs, _ = proc.communicate()
    wall = time.perf_counter() - t0
    peak_mb = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"build failed in {root}:\n{logs[-3000:]}")
    summary = next((line for line in logs.splitlines() if line.startswith("Cartellone: ") and "pagine (" in line), "")
    files = sum(1 for _ in output.rglob("*") if _.is_file())
    shutil.rmtree(output, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_pss_mb": round(peak_mb, 1),
        "files": files,
        "summary": summary,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cartellone.site_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--keep", type=Path, help="folder for the generated trees (reused when present)")
    parser.add_argument("--output", type=Path, help="where builds write (default: a temporary folder)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="cartellone-site-bench-") as tmp:
        base = args.keep or Path(tmp)
        output = args.output or Path(tmp) / "out"
        rows = []
        for size in sizes:
            site, vanilla = prepare_site(base, size), prepare_vanilla(base, size)
            for run in range(args.runs):
                # A cold build, as vanilla Pelican's (no content cache): without the pruned CSS of a
                # previous build (cache/assets/), so PurgeCSS runs every time.
                shutil.rmtree(site / "cache", ignore_errors=True)
                ours, plain = run_build(site, output / "site"), run_build(vanilla, output / "vanilla")
                row = {
                    "events": size,
                    "run": run + 1,
                    "site": ours,
                    "vanilla": plain,
                    "ratio_wall": round(ours["wall_s"] / plain["wall_s"], 2),
                    "ratio_cpu": round(ours["cpu_s"] / plain["cpu_s"], 2),
                    "load": os.getloadavg()[0],
                    "speed_probe_s": speed_probe(),
                }
                rows.append(row)
                print(
                    f"{size:>7} events  site {ours['wall_s']:7.1f} s wall {ours['cpu_s']:7.1f} s CPU "
                    f"{ours['peak_pss_mb']:7.0f} MB  |  vanilla Pelican {plain['wall_s']:7.1f} s wall "
                    f"{plain['cpu_s']:7.1f} s CPU  |  ratio wall {row['ratio_wall']:.2f}, CPU {row['ratio_cpu']:.2f}"
                    f"  (load {row['load']:.1f}, speed probe {row['speed_probe_s']} s)"
                )
                if ours["summary"]:
                    print(f"         {ours['summary']}")
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    (results / "site.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
