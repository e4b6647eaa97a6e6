"""Every generated feed, expanded by independent parsers, gives the occurrences computed from the YAML.

Parsers (tests/feeds_parsers.py): icalendar + recurring-ical-events, Home Assistant's ``ical``,
``vobject``, and ical.js (node, tests/js/expand.mjs). The sample crosses both DST changes (weekly
repeats and dates over the last Sundays of March 2027 and October 2026, an overnight repeat on the
October night, the second 02:30 of 25 October), and has exceptions, moved, cancelled and sold-out
dates. A synthetic repository (cartellone.synthetic) adds a few hundred ordinary events.

ical.js is skipped when node or node_modules/ical.js is missing, except in CI (``CI=true``), where
that is a failure.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from cartellone.feeds import Window, date_uid, write_feeds
from feeds_parsers import PYTHON_PARSERS, expand_icaljs, expected, in_ci, node_problem
from feeds_sample import TODAY, load_sample, make_feeds_repo


def _uids(data: bytes) -> set:
    return {str(c["UID"]) for c in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def _build(root: Path, out: Path, today: date, settings=None, catalogue=None):
    if settings is None:
        settings, catalogue = load_sample(root)
    report = write_feeds(catalogue, settings, out, today)
    files = {p: out / p for p in report.paths}
    occurrences = expected(catalogue.events.values(), settings)
    return settings, catalogue, files, occurrences


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    base = tmp_path_factory.mktemp("conformance")
    root = make_feeds_repo(base / "repo")
    return _build(root, base / "out", TODAY)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from cartellone.repository import load_repository
    from cartellone.settings import read_settings
    from cartellone.synthetic import generate

    base = tmp_path_factory.mktemp("synthetic")
    generate(base / "repo", 300, seed=11)
    settings = read_settings(base / "repo", env={"CARTELLONE_TODAY": "2027-03-01"})
    result = load_repository(settings, workers=1)
    assert not [f for f in result.findings if f.severity.value == "error"]
    return _build(base / "repo", base / "out", date(2027, 3, 1), settings, result.catalogue)


def _check_python(files, occurrences):
    by_uid: dict = {}
    for occ in occurrences:
        by_uid.setdefault(occ[0], []).append(occ)
    checked = 0
    for path, file in sorted(files.items()):
        data = file.read_bytes()
        uids = _uids(data)
        want = sorted(o for uid in uids for o in by_uid[uid])
        for name, expand in PYTHON_PARSERS.items():
            got = expand(data)
            assert got == want, (name, path, sorted(set(got) ^ set(want))[:6])
        checked += 1
    return checked


def _check_icaljs(files, occurrences):
    problem = node_problem()
    if problem:
        if in_ci():
            pytest.fail(f"ical.js cannot run in CI: {problem}")
        pytest.skip(problem)
    by_uid: dict = {}
    for occ in occurrences:
        by_uid.setdefault(occ[0], []).append(occ)
    results = expand_icaljs(sorted(files.values()))
    for path, file in sorted(files.items()):
        want = sorted(o for uid in _uids(file.read_bytes()) for o in by_uid[uid])
        got = results[str(file)]
        assert got == want, ("ical.js", path, sorted(set(got) ^ set(want))[:6])


def test_sample_with_python_parsers(sample):
    _, _, files, occurrences = sample
    assert _check_python(files, occurrences) == len(files) > 50


def test_sample_with_icaljs(sample):
    _, _, files, occurrences = sample
    _check_icaljs(files, occurrences)


def test_sample_crosses_both_dst_changes(sample):
    """The comparison above covers instants on both sides of both changes, with both UTC offsets."""
    _, _, _, occurrences = sample
    starts = {o[1] for o in occurrences if "T" in o[1]}
    # weekly repeat at 17:00: 16:00Z before 28 March 2027, 15:00Z after
    assert {"2027-03-18T16:00:00Z", "2027-04-06T15:00:00Z"} <= starts
    # weekly repeat at 20:30: 18:30Z until 24 October 2026, 19:30Z from 31 October
    assert {"2026-10-24T18:30:00Z", "2026-10-31T19:30:00Z"} <= starts
    assert "2026-10-25T01:30:00Z" in starts  # the second 02:30


def test_every_event_file_has_all_its_occurrences(sample):
    settings, catalogue, files, occurrences = sample
    for event in catalogue.events.values():
        data = files[f"eventi/{event.identity}/evento.ics"].read_bytes()
        got = PYTHON_PARSERS["icalendar+recurring-ical-events"](data)
        uids = {
            date_uid(event, o, settings.uid_domain) if event.kind == "dates" else event.uid for o in event.occurrences
        }
        assert got == sorted(o for o in occurrences if o[0] in uids), event.identity


def test_region_feed_lists_exactly_what_touches_the_window(sample):
    settings, catalogue, files, _ = sample
    window = Window.around(TODAY, settings.feed_past_days, settings.feed_future_days, settings.tz)
    want = set()
    for event in catalogue.events.values():
        if event.kind == "dates":
            want |= {
                date_uid(event, o, settings.uid_domain)
                for o in event.occurrences
                if o.start < window.end and (o.end or o.start) >= window.start
            }
        else:
            first = min(o.start for o in event.occurrences)
            last = max((o.end or o.start) for o in event.occurrences)
            if first < window.end and last >= window.start:
                want.add(event.uid)
    assert _uids(files["feeds/cultura.ics"].read_bytes()) == want


@pytest.mark.slow
def test_synthetic_with_python_parsers(synthetic):
    _, catalogue, files, occurrences = synthetic
    kinds = {e.kind for e in catalogue.events.values()}
    assert {"single", "dates", "repeat", "long"} <= kinds
    region = {"feeds/cultura.ics": files["feeds/cultura.ics"]}
    assert _check_python(region, occurrences) == 1
    some = dict(sorted((p, f) for p, f in files.items() if p.startswith("eventi/"))[:40])
    _check_python(some, occurrences)


@pytest.mark.slow
def test_synthetic_with_icaljs(synthetic):
    _, _, files, occurrences = synthetic
    _check_icaljs(files, occurrences)
