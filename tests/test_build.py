"""Real Pelican builds into temporary folders, asserted on the files written."""

from __future__ import annotations

import logging

import pytest
from helpers import REPO_ROOT as ROOT
from helpers import build, copy_repo, pelican
from pelican import Pelican
from pelican.settings import read_settings


def test_sample_site_builds_in_process(tmp_path, monkeypatch):
    monkeypatch.setenv("CARTELLONE_TODAY", "2026-12-01")
    monkeypatch.chdir(ROOT)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(tmp_path / "out")})
    Pelican(settings).run()
    out = tmp_path / "out"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="it">' in index
    event_pages = sorted(out.glob("eventi/*/*/index.html"))
    n_event_files = len(list((ROOT / "events").glob("*/*.yaml")))
    assert n_event_files >= 120
    assert len(event_pages) == n_event_files
    # Every upcoming event of the index links to a page that exists.
    for href in __import__("re").findall(r'href="(?:\.\./)*\.?/?(eventi/[^"]+)"', index):
        assert (out / href / "index.html").is_file(), href
    # Guides and pages from content/ are built too.
    assert list(out.glob("guide/*/index.html"))
    assert (out / "chi-siamo" / "index.html").is_file()


def test_pages_written_by_two_processes_are_the_pages_one_process_writes(tmp_path, monkeypatch):
    """At 10k events the pages are shared out among processes as each is ready (``site.JobCounter``):
    which process writes which page varies, the site must not (the pruned CSS included)."""
    from cartellone import site

    monkeypatch.setenv("CARTELLONE_TODAY", "2026-12-01")
    monkeypatch.chdir(ROOT)
    outputs = {}
    for workers, parallel_from in ((1, 10**9), (2, 1)):
        monkeypatch.setenv("CARTELLONE_WORKERS", str(workers))
        monkeypatch.setattr(site, "PARALLEL_FROM", parallel_from)
        out = outputs[workers] = tmp_path / f"out{workers}"
        Pelican(read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(out)})).run()
    one, two = outputs[1], outputs[2]
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) > 1000
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_two_builds_are_identical(tmp_path):
    root = copy_repo(tmp_path / "repo")
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(root, first).returncode == 0
    assert build(root, second).returncode == 0
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_content_error_stops_the_build_cleanly_and_keeps_published_site(tmp_path):
    root = copy_repo(tmp_path / "repo")
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    organiser = sorted(p for p in (root / "events").iterdir() if p.is_dir())[0]
    (organiser / "rotto.yaml").write_text(
        "title: Evento rotto\nsummary: prova\ncategory: concertto\nstart: 20:45\n", encoding="utf-8"
    )
    result = build(root, out)
    logs = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in logs
    assert "rotto.yaml" in logs and "yaml-sexagesimal" in logs and "schema-enum" in logs
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_publish_settings_delete_nothing_on_error(tmp_path):
    """publishconf.py deletes the output folder before writing: a content error must stop before that."""
    root = copy_repo(tmp_path / "repo")
    out = tmp_path / "out"
    out.mkdir()
    (out / "published.html").write_text("online", encoding="utf-8")
    organiser = sorted(p for p in (root / "events").iterdir() if p.is_dir())[0]
    (organiser / "rotto.yaml").write_text("title: [\n", encoding="utf-8")
    result = pelican(root, out, "publishconf.py")
    assert result.returncode == 1
    assert (out / "published.html").read_text(encoding="utf-8") == "online"


@pytest.mark.parametrize("bad", ['CARTELLONE = {"conflicts": {"venue_severity": "loud"}, "tiemzone": 1}'])
def test_bad_settings_stop_the_build_with_every_problem(tmp_path, bad):
    root = copy_repo(tmp_path / "repo")
    conf = root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\n" + bad + "\n", encoding="utf-8")
    result = build(root, tmp_path / "out")
    logs = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in logs
    assert "venue_severity" in logs and "tiemzone" in logs


def test_the_build_log_shows_every_error_and_the_first_warnings(caplog):
    from cartellone.findings import Severity, finding
    from cartellone.pelican_glue import log_findings

    params = {"comune": "Udine", "when": "2027-01-01", "others": "x", "why": "y", "why_en": "y", "free": "-"}
    findings = [finding("conflict-comune", f"events/w{i}.yaml", 3, **params) for i in range(5)]
    findings += [finding("yaml-syntax", f"events/e{i}.yaml", 1, problem="p") for i in range(3)]
    findings.append(finding("conflict-comune", "events/n.yaml", 3, severity=Severity.NOTICE, **params))
    with caplog.at_level(logging.WARNING, logger="cartellone"):
        log_findings(findings, most_warnings=2)
    lines = [r.getMessage() for r in caplog.records]
    assert sum("yaml-syntax" in line for line in lines) == 3  # every error
    assert [line.split(":")[0] for line in lines if "conflict-comune" in line] == ["events/w0.yaml", "events/w1.yaml"]
    assert "altri 3 avvisi non mostrati" in lines[-1] and "3 more warnings not shown" in lines[-1]
    assert not any("events/n.yaml" in line for line in lines)  # notices stay out of the log
