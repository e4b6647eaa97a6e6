"""``cartellone check --since REF``: what a change touches and what it would lose, on real git repositories."""

from __future__ import annotations

import json
import shutil

import pytest
from cartellone.cli import main
from cartellone.since import compare
from support_repo import by_code, check, commit_all, git, git_init, make_repo, write_event

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")

CONCERTO = "events/teatro-verdi/concerto.yaml"
GALA = "events/teatro-verdi/gala.yaml"
RECITAL = "events/pro-porcia/recital.yaml"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with a first commit holding three valid, non-clashing events."""
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)
    root = make_repo(tmp_path / "repo")
    write_event(root, "teatro-verdi", "concerto", title="Concerto d'autunno", start="2026-10-03 20:45", end="22:30")
    write_event(
        root, "teatro-verdi", "gala", title="Gala", start="2026-11-14 21:00", end="23:00", id="teatro-verdi/gala"
    )
    write_event(
        root, "pro-porcia", "recital", category="teatro", venue="villa-correr", start="2026-10-10 18:00", end="19:30"
    )
    git_init(root)
    commit_all(root, "base")
    assert [f for f in check(root) if f.severity.value == "error"] == []
    return root


def cli_json(root, *args, capsys):
    """Run ``cartellone check --format json`` in-process; (exit code, parsed report, stderr)."""
    code = main(["check", "--root", str(root), "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def codes(report) -> list[str]:
    return sorted(f["code"] for f in report["findings"])


def test_nothing_changed_is_clean(repo, capsys):
    code, report, err = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 0 and report["findings"] == [] and err == ""


def test_deleting_a_published_event(repo, capsys):
    (repo / CONCERTO).unlink()
    code, report, err = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert f["code"] == "published-event-deleted" and f["severity"] == "error"
    assert f["file"] == CONCERTO
    assert "teatro-verdi/concerto" in f["message"] and CONCERTO in f["message"]
    assert "{" not in f["message"]  # every placeholder filled
    assert "status: cancelled" in f["message"]
    assert "Traceback" not in err


def test_deleting_a_committed_deletion_is_still_reported(repo, capsys):
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "rm", "-q", CONCERTO)
    commit_all(repo, "remove the concert")
    code, report, _ = cli_json(repo, "--since", base, capsys=capsys)
    assert code == 1 and codes(report) == ["published-event-deleted"]


def test_cancelling_instead_of_deleting_is_fine(repo, capsys):
    write_event(
        repo,
        "teatro-verdi",
        "concerto",
        title="Concerto d'autunno",
        start="2026-10-03 20:45",
        end="22:30",
        status="cancelled",
    )
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 0 and report["findings"] == []


def test_renaming_without_id(repo, capsys):
    git(repo, "mv", CONCERTO, "events/teatro-verdi/concerto-autunno.yaml")
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert f["code"] == "published-event-renamed"
    assert f["file"] == "events/teatro-verdi/concerto-autunno.yaml"
    assert "id: teatro-verdi/concerto" in f["message"]
    assert CONCERTO in f["message"]  # the old file is named
    assert by_code(check(repo, since="HEAD"), "published-event-deleted") == []


def test_renaming_with_the_old_identity_as_id(repo, capsys):
    new = "events/teatro-verdi/concerto-autunno.yaml"
    git(repo, "mv", CONCERTO, new)
    write_event(
        repo,
        "teatro-verdi",
        "concerto-autunno",
        title="Concerto d'autunno",
        start="2026-10-03 20:45",
        end="22:30",
        id="teatro-verdi/concerto",
    )
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 0, report
    assert report["findings"] == []


def test_moving_without_git_mv_is_a_deletion_unless_the_id_is_kept(repo):
    text = (repo / CONCERTO).read_text()
    (repo / CONCERTO).unlink()
    (repo / "events/teatro-verdi/concerto-2026.yaml").write_text(text)  # untracked copy, new identity
    assert [f.code for f in check(repo, since="HEAD")] == ["published-event-deleted"]
    (repo / "events/teatro-verdi/concerto-2026.yaml").write_text(text + 'id: "teatro-verdi/concerto"\n')
    assert check(repo, since="HEAD") == []


def test_changing_the_id(repo, capsys):
    write_event(
        repo, "teatro-verdi", "gala", title="Gala", start="2026-11-14 21:00", end="23:00", id="teatro-verdi/gala-2026"
    )
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert f["code"] == "published-identity-changed"
    assert f["file"] == GALA and f["field"] == "id"
    assert "teatro-verdi/gala-2026" in f["message"] and "id: teatro-verdi/gala" in f["message"]


def test_adding_an_id_different_from_the_default_identity(repo):
    write_event(
        repo,
        "teatro-verdi",
        "concerto",
        title="Concerto d'autunno",
        start="2026-10-03 20:45",
        end="22:30",
        id="teatro-verdi/concerto-autunno",
    )
    [f] = check(repo, since="HEAD")
    assert f.code == "published-identity-changed" and f.file == CONCERTO
    assert dict(f.params)["old"] == "teatro-verdi/concerto"


def test_only_the_new_events_errors_are_reported(repo, capsys):
    # an old event with an error, committed in the base ...
    write_event(repo, "teatro-verdi", "vecchio", start="2026-10-20 20:00", venue="teatro-verdy")
    base = commit_all(repo, "old event with a typo")
    # ... and a new one with an error in the change
    write_event(repo, "teatro-verdi", "nuovo", start="2026-10-21 20:00", venue="teatro-rosetti")
    everything = check(repo)
    assert {f.file for f in by_code(everything, "unknown-venue")} == {
        "events/teatro-verdi/vecchio.yaml",
        "events/teatro-verdi/nuovo.yaml",
    }
    code, report, _ = cli_json(repo, "--since", base, capsys=capsys)
    assert code == 1
    assert [(f["file"], f["code"]) for f in report["findings"]] == [("events/teatro-verdi/nuovo.yaml", "unknown-venue")]


def test_an_untouched_old_error_alone_passes(repo, capsys):
    write_event(repo, "teatro-verdi", "vecchio", start="2026-10-20 20:00", venue="teatro-verdy")
    commit_all(repo, "old event with a typo")
    write_event(repo, "teatro-verdi", "nuovo", start="2026-10-21 20:00")
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 0 and report["findings"] == []


def test_a_conflict_between_a_new_and_an_old_event_is_reported_on_the_new_one(repo, capsys):
    write_event(repo, "teatro-verdi", "nuovo", title="Nuovo concerto", start="2026-10-03 21:00", end="23:00")
    code, report, _ = cli_json(repo, "--since", "HEAD", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert (f["file"], f["code"]) == ("events/teatro-verdi/nuovo.yaml", "conflict-venue")
    assert f["related"] == ["teatro-verdi/concerto"]
    assert "Concerto d'autunno" in f["message"]
    # without --since both sides are reported
    assert {f.file for f in by_code(check(repo), "conflict-venue")} == {CONCERTO, "events/teatro-verdi/nuovo.yaml"}


def test_a_modified_event_that_now_clashes_is_reported(repo):
    write_event(
        repo, "pro-porcia", "recital", category="teatro", venue="teatro-verdi", start="2026-10-03 21:00", end="22:00"
    )
    found = check(repo, since="HEAD")
    assert [(f.file, f.code) for f in found] == [(RECITAL, "conflict-venue")]


def test_a_bad_ref_is_a_finding_not_a_traceback(repo, capsys):
    code, report, err = cli_json(repo, "--since", "no-such-branch", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert f["code"] == "git-error" and "no-such-branch" in f["message"]
    assert "Traceback" not in err


def test_not_a_git_repository(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)
    root = make_repo(tmp_path / "plain")
    write_event(root, "teatro-verdi", "concerto", start="2026-10-03 20:45")
    code, report, err = cli_json(root, "--since", "HEAD", capsys=capsys)
    assert code == 1 and codes(report) == ["git-error"]
    assert "Traceback" not in err


@pytest.mark.parametrize("ref", ["--output=pwned.txt", "-p", "--all", "-"])
def test_a_ref_starting_with_a_dash_is_refused(repo, capsys, ref):
    change = compare(repo, ref, set())
    assert [f.code for f in change.findings] == ["git-error"]
    assert change.touched == set()
    code, report, err = cli_json(repo, f"--since={ref}", capsys=capsys)
    assert code == 1
    [f] = report["findings"]
    assert f["code"] == "git-error" and ref in f["message"]
    assert not (repo / "pwned.txt").exists()
    assert "Traceback" not in err


def test_root_in_a_subfolder_of_the_git_repository(tmp_path, monkeypatch, capsys):
    """--root may be a folder inside a larger repository: paths stay relative to --root."""
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)
    top = tmp_path / "monorepo"
    root = make_repo(top / "calendar")
    write_event(root, "teatro-verdi", "concerto", title="Concerto d'autunno", start="2026-10-03 20:45", end="22:30")
    write_event(
        root, "pro-porcia", "recital", category="teatro", venue="villa-correr", start="2026-10-10 18:00", end="19:30"
    )
    (top / "README.md").write_text("other project\n")
    git_init(top)
    commit_all(top, "base")
    git(top, "mv", "calendar/" + CONCERTO, "calendar/events/teatro-verdi/concerto-autunno.yaml")
    (root / RECITAL).unlink()
    code, report, err = cli_json(root, "--since", "HEAD", capsys=capsys)
    assert code == 1 and "Traceback" not in err
    found = {(f["code"], f["file"]) for f in report["findings"]}
    assert found == {
        ("published-event-renamed", "events/teatro-verdi/concerto-autunno.yaml"),
        ("published-event-deleted", RECITAL),
    }
