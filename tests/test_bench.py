"""The benchmark's synthetic data (cartellone.synthetic) and the benchmark itself (cartellone.bench).

The generator must write valid, realistic and reproducible repositories, or the benchmark would time
the checker's error paths instead of its normal work.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from cartellone import bench, synthetic
from cartellone.pipeline import run_check
from cartellone.settings import read_settings

N = 300


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (but the generator's manifest, which records the time it took)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != synthetic.MANIFEST
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    stats = synthetic.generate(root, N, seed=3)
    return root, stats


@pytest.fixture(scope="module")
def checked(generated):
    root, _ = generated
    return run_check(read_settings(root, env={"CARTELLONE_TODAY": "2027-01-01"}), workers=1)


def test_every_generated_event_loads_without_errors(generated, checked):
    root, stats = generated
    files = sorted(p.relative_to(root).as_posix() for p in (root / "events").rglob("*.yaml"))
    assert len(files) == N == stats.events
    # Only the rare, deliberate double bookings may be errors: nothing in the files themselves.
    not_conflicts = [f for f in checked.findings if not f.code.startswith("conflict-")]
    assert not_conflicts == [], [(f.file, f.code, f.message()) for f in not_conflicts[:5]]
    assert sorted(e.file for e in checked.catalogue.events.values()) == files
    assert len(checked.catalogue.organisers) == stats.organisers >= 20
    assert len(checked.catalogue.venues) == stats.venues >= 30


def test_the_mix_has_every_schedule_kind(generated, checked):
    _, stats = generated
    kinds = Counter(e.kind for e in checked.catalogue.events.values())
    assert set(kinds) == {"single", "dates", "repeat", "long"}, kinds
    # roughly the mix of docs/content-model.md: mostly one-off events
    assert kinds["single"] > 0.7 * N
    assert all(stats.kinds[k] > 0 for k in synthetic.KINDS), stats.kinds
    events = checked.catalogue.events.values()
    repeats = [e for e in events if e.kind == "repeat"]
    assert any(e.repeat.exceptions or e.repeat.changes for e in repeats)
    assert any(e.opening_hours for e in events if e.kind == "long")
    assert any(len(e.occurrences) >= 2 for e in events if e.kind == "dates")
    timed = [o for e in events if e.kind == "single" for o in e.occurrences if not o.all_day]
    assert timed and all(10 <= o.start.hour <= 21 for o in timed)
    assert {e.category.key for e in events} >= {"concerto", "teatro", "mostra"}


def test_same_venue_double_bookings_are_rare(checked):
    double = {f.file for f in checked.findings if f.code in ("conflict-venue", "conflict-venue-acknowledged")}
    assert len(double) <= 0.05 * N


def test_generation_is_deterministic(generated, tmp_path):
    root, _ = generated
    again = tmp_path / "again"
    synthetic.generate(again, N, seed=3)
    assert tree(again) == tree(root)
    other = tmp_path / "other"
    synthetic.generate(other, N, seed=4)
    assert tree(other) != tree(root)


def test_manifest_says_what_was_generated(generated):
    root, _ = generated
    assert synthetic.manifest_matches(root, N, seed=3)
    assert not synthetic.manifest_matches(root, N, seed=1)
    assert not synthetic.manifest_matches(root, N + 1, seed=3)
    assert not synthetic.manifest_matches(root, N, seed=3, start=date(2028, 1, 1))


def test_the_benchmark_runs_end_to_end(tmp_path, capsys):
    out = tmp_path / "check.json"
    assert bench.main(["--sizes", "200", "--keep", str(tmp_path / "data"), "--out", str(out), "--workers", "1"]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    (run,) = results["runs"]
    assert run["size"] == 200 and run["events_loaded"] == 200
    assert run["check_s"] > 0 and run["peak_self_mb"] > 0
    assert set(run["findings"]) == {"error", "warning", "notice"}
    assert "200" in capsys.readouterr().out
    # a second run reuses the kept repository instead of writing it again
    bench.main(["--sizes", "200", "--keep", str(tmp_path / "data"), "--out", str(out), "--workers", "1"])
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["generate_s"] is None


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS comes from Linux /proc")
def test_tree_memory_counts_a_forked_child_and_shared_pages_once():
    """procmem sums PSS over a process and its children: a child's own 60 MB count, and the memory
    it shares with its parent (fork, copy-on-write) is not counted twice."""
    import subprocess
    import sys

    from cartellone.procmem import PeakTreePss

    code = (
        "import os, time\n"
        "shared = bytearray(80 * 2**20)\n"  # written: 80 MB resident in the parent, shared after fork
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    own = bytearray(60 * 2**20); time.sleep(1.2); os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = PeakTreePss(proc.pid, interval=0.05)
    proc.wait()
    peak = sampler.stop()
    assert 80 + 60 <= peak < 80 * 2 + 60, peak  # both allocations, the shared 80 MB once (twice: 220+)
