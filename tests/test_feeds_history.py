"""Stable identity across rebuilds and renames, and SEQUENCE/DTSTAMP from a real temporary git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from cartellone import history as history_mod
from cartellone.feeds import write_feeds
from cartellone.history import fallback_history, read_history
from feeds_sample import EVENTS, TODAY, load_sample, make_feeds_repo, write_sample_event

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return out.stdout


def commit(root: Path, when: datetime, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


def init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "commit.gpgsign", "false")
    (root / ".gitignore").write_text("cache/\n", encoding="utf-8")


def at(hour: int) -> datetime:
    return T0.replace(hour=hour)


CONCERT = "rossetti/concerto-natale"


@pytest.fixture
def repo(tmp_path):
    root = make_feeds_repo(
        tmp_path / "repo", events={CONCERT: EVENTS[CONCERT], "verdi/esaurito": EVENTS["verdi/esaurito"]}
    )
    init(root)
    commit(root, at(9), "first")
    return root


def feed(root: Path, out: Path) -> dict:
    """Build the feeds with the history; return {identity: (uid, sequence, dtstamp)} from the region feed."""
    settings, catalogue = load_sample(root)
    write_feeds(catalogue, settings, out, TODAY, read_history(root, settings.feed_fallback_stamp))
    by_uid = {e.uid: e.identity for e in catalogue.events.values()}
    result = {}
    for ev in icalendar.Calendar.from_ical((out / "feeds" / "cultura.ics").read_bytes()).walk("VEVENT"):
        uid = str(ev["UID"])
        result[by_uid[uid]] = (uid, int(ev["SEQUENCE"]), ev["DTSTAMP"].dt, ev["LAST-MODIFIED"].dt)
    return result


def test_first_commit_gives_sequence_zero_and_the_commit_time(repo, tmp_path):
    got = feed(repo, tmp_path / "a")
    assert got[CONCERT][1:] == (0, at(9), at(9))


def test_rebuilds_are_byte_identical(repo, tmp_path):
    feed(repo, tmp_path / "a")
    feed(repo, tmp_path / "b")
    for path in (tmp_path / "a").rglob("*.ics"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes(), path


def test_changing_the_start_raises_sequence_and_moves_dtstamp(repo, tmp_path):
    before = feed(repo, tmp_path / "a")
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text().replace("20:45", "21:00"), encoding="utf-8")
    commit(repo, at(11), "later start")
    after = feed(repo, tmp_path / "b")
    assert after[CONCERT][0] == before[CONCERT][0]  # same UID
    assert after[CONCERT][1:] == (1, at(11), at(11))
    assert after["verdi/esaurito"] == before["verdi/esaurito"]  # the other event did not change


def test_a_non_significant_change_moves_dtstamp_but_not_sequence(repo, tmp_path):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text().replace("Coro e orchestra", "Il coro e l'orchestra"), encoding="utf-8")
    commit(repo, at(12), "summary")
    assert feed(repo, tmp_path / "a")[CONCERT][1:] == (0, at(12), at(12))


def test_status_and_venue_changes_count(repo, tmp_path):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text() + "status: cancelled\n", encoding="utf-8")
    commit(repo, at(12), "cancel")
    path.write_text(path.read_text().replace("venue: politeama-rossetti", "venue: teatro-verdi"), encoding="utf-8")
    commit(repo, at(13), "venue")
    assert feed(repo, tmp_path / "a")[CONCERT][1:] == (2, at(13), at(13))


def test_renaming_a_file_with_its_id_keeps_uid_sequence_and_stamp(repo, tmp_path):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(f"id: {CONCERT}\n" + path.read_text().replace("20:45", "21:00"), encoding="utf-8")
    commit(repo, at(10), "add id, later start")
    before = feed(repo, tmp_path / "a")
    assert before[CONCERT][1] == 1
    # uncommitted rename (plain mv): followed by content
    new = repo / "events" / "rossetti" / "concerto-di-natale.yaml"
    path.rename(new)
    assert feed(repo, tmp_path / "b")[CONCERT] == before[CONCERT]
    # committed rename: followed by git
    commit(repo, at(14), "rename")
    assert feed(repo, tmp_path / "c")[CONCERT] == before[CONCERT]


def test_rename_with_an_edit_is_followed_once_committed(repo, tmp_path):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(f"id: {CONCERT}\n" + path.read_text(), encoding="utf-8")
    commit(repo, at(10), "add id")
    new = repo / "events" / "rossetti" / "concerto-di-natale.yaml"
    git(repo, "mv", str(path), str(new))
    new.write_text(new.read_text().replace("20:45", "21:00"), encoding="utf-8")
    commit(repo, at(15), "rename and move")
    assert feed(repo, tmp_path / "a")[CONCERT][1:] == (1, at(15), at(15))


def test_uncommitted_changes_count_with_the_head_time(repo, tmp_path):
    git(repo, "commit", "-q", "--allow-empty", "-m", "later", when=at(16))
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text().replace("20:45", "21:00"), encoding="utf-8")
    write_sample_event(repo, "verdi/nuovo", EVENTS["verdi/esaurito"].replace("Concerto esaurito", "Nuovo"))
    got = feed(repo, tmp_path / "a")
    assert got[CONCERT][1:] == (1, at(16), at(16))
    assert got["verdi/nuovo"][1:] == (0, at(16), at(16))
    assert got["verdi/esaurito"][1:] == (0, at(9), at(9))


def test_a_merged_branch_counts_once_on_the_first_parent(repo, tmp_path):
    git(repo, "checkout", "-q", "-b", "feature")
    path = repo / "events" / f"{CONCERT}.yaml"
    for n, new in enumerate(("21:00", "21:15")):
        path.write_text(
            path.read_text().replace(path.read_text().split('"2026-12-20 ')[1][:5], new, 1), encoding="utf-8"
        )
        commit(repo, at(10 + n), f"try {new}")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "feature", when=at(13))
    assert feed(repo, tmp_path / "a")[CONCERT][1:] == (1, at(13), at(13))


def test_blob_cache_makes_rebuilds_read_no_blobs(repo, tmp_path, monkeypatch):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text().replace("20:45", "21:00"), encoding="utf-8")
    commit(repo, at(11))
    first = read_history(repo)
    cache = json.loads((repo / "cache" / "history.json").read_text())
    assert len(cache["fingerprints"]) == 3  # two versions of the concert, one of the other event

    def no_blobs(root, ids):
        assert not ids, ids
        return {}

    monkeypatch.setattr(history_mod, "_read_blobs", no_blobs)
    assert read_history(repo).revisions == first.revisions


def test_outside_git_every_event_gets_the_fallback_stamp(tmp_path):
    root = make_feeds_repo(tmp_path / "plain", events={CONCERT: EVENTS[CONCERT]})
    settings, _ = load_sample(root, feed_fallback_stamp="2026-06-01T12:00:00Z")
    hist = read_history(root, settings.feed_fallback_stamp)
    assert hist.source == "fallback"
    rev = hist.get(f"events/{CONCERT}.yaml")
    assert (rev.modified, rev.created, rev.sequence) == (datetime(2026, 6, 1, 12, tzinfo=UTC),) * 2 + (0,)
    assert fallback_history().fallback.modified == datetime(2026, 1, 1, tzinfo=UTC)


def test_a_shallow_clone_is_reported(repo, tmp_path):
    path = repo / "events" / f"{CONCERT}.yaml"
    path.write_text(path.read_text().replace("20:45", "21:00"), encoding="utf-8")
    commit(repo, at(11))
    assert read_history(repo).warnings == []
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    shallow = read_history(clone)
    assert shallow.warnings and "fetch-depth: 0" in shallow.warnings[0]
    assert shallow.get(f"events/{CONCERT}.yaml").sequence == 0  # what the warning is about
