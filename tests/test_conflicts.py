"""Date conflicts (cartellone.conflicts): the venue, comune and nearby rules, their exceptions,
daylight-saving days, suggested free dates, settings and focus, and how the checker scales."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from cartellone import conflicts as conflicts_module
from cartellone.conflicts import find_conflicts
from cartellone.findings import Severity
from cartellone.model import Catalogue, Event, Occurrence, Venue
from cartellone.settings import ConflictRules
from cartellone.vocabulary import load_comuni, load_vocabularies
from support_repo import (
    COMUNI_CSV,
    by_code,
    check,
    load,
    make_repo,
    write_event,
)

TZ = ZoneInfo("Europe/Rome")
A = "events/teatro-verdi/a.yaml"
B = "events/teatro-verdi/b.yaml"


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def run(root, focus=None, **rules):
    """Conflict findings for ``root``, after making sure every event file loaded without errors
    (otherwise a "no conflict" test would pass because an event silently dropped out)."""
    settings, loaded = load(root, **rules)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    assert not errors, [(f.file, f.code, f.message()) for f in errors]
    files = {p.relative_to(root).as_posix() for p in (root / "events").rglob("*.yaml")}
    assert {e.file for e in loaded.catalogue.events.values()} == files
    return find_conflicts(loaded.catalogue, settings.conflicts, focus=focus, today=settings.today)


def of(findings, file, code=None):
    return [f for f in findings if f.file == file and (code is None or f.code == code)]


def free_dates(f) -> list[date]:
    m = re.search(r"(?:Date libere vicine|Nearest free dates): ([0-9, -]+)\.", f.message("it"))
    assert m, f.message("it")
    return [date.fromisoformat(d) for d in m.group(1).split(", ")]


# --------------------------------------------------------------------------- rule 1: same venue


def test_same_venue_overlap_is_an_error_on_both_files(repo):
    write_event(repo, "teatro-verdi", "a", title="Concerto di primavera", start="2026-03-10 20:00", end="22:00")
    write_event(repo, "teatro-verdi", "b", title="Recital serale", start="2026-03-10 21:00", end="23:00")
    found = run(repo)
    fa, fb = of(found, A, "conflict-venue"), of(found, B, "conflict-venue")
    assert len(fa) == len(fb) == 1
    fa, fb = fa[0], fb[0]
    assert fa.severity is fb.severity is Severity.ERROR
    assert fa.related == ("teatro-verdi/b",)
    assert fb.related == ("teatro-verdi/a",)
    assert "Recital serale" in fa.message() and "teatro-verdi/b" in fa.message()
    assert "Concerto di primavera" in fb.message() and "teatro-verdi/a" in fb.message()
    assert "Teatro Verdi" in fa.message() and "2026-03-10 20:00" in fa.message()
    assert fa.field == "venue" and fa.line == 5  # the line of `start` (title, summary, category, venue, start)
    # the whole pipeline reports it too
    assert {f.file for f in by_code(check(repo), "conflict-venue")} == {A, B}


def test_touching_times_are_not_a_conflict(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 18:00", end="20:00")
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 20:00", end="22:00")
    assert run(repo) == []


def test_touching_with_default_duration_is_not_a_conflict(repo):
    # no end: default_duration_minutes (120) -> 18:00-20:00
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 18:00")
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 20:00", end="22:00")
    assert run(repo) == []
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 19:59", end="22:00")
    assert {f.file for f in by_code(run(repo), "conflict-venue")} == {A, B}


@pytest.mark.parametrize("who_acknowledges", ["a", "b"])
def test_acknowledged_overlap_is_a_notice_not_an_error(repo, who_acknowledges):
    other = {"a": "teatro-verdi/b", "b": "teatro-verdi/a"}[who_acknowledges]
    ack = {"acknowledge": [{"event": other, "reason": "Sale diverse, orari concordati"}]}
    write_event(
        repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00", **(ack if who_acknowledges == "a" else {})
    )
    write_event(
        repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00", **(ack if who_acknowledges == "b" else {})
    )
    found = run(repo)
    assert by_code(found, "conflict-venue") == []
    assert not [f for f in found if f.severity is Severity.ERROR]
    notices = by_code(found, "conflict-venue-acknowledged")
    assert {f.file for f in notices} == {A, B}
    assert all(f.severity is Severity.NOTICE for f in notices)
    assert of(notices, A)[0].related == ("teatro-verdi/b",)
    assert of(notices, B)[0].related == ("teatro-verdi/a",)


def test_acknowledging_one_event_does_not_hide_another(repo):
    write_event(
        repo,
        "teatro-verdi",
        "a",
        start="2026-03-10 20:00",
        end="22:00",
        acknowledge=[{"event": "teatro-verdi/b", "reason": "Sale diverse"}],
    )
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    write_event(repo, "teatro-verdi", "c", start="2026-03-10 21:30", end="23:30")
    found = run(repo)
    assert of(found, A, "conflict-venue")[0].related == ("teatro-verdi/c",)
    assert of(found, B, "conflict-venue")[0].related == ("teatro-verdi/c",)


# --------------------------------------------------------------------------- rule 2: same comune


def test_same_comune_same_evening_same_family_is_a_warning(repo):
    # concerto and opera-lirica are both in the "musica" family; two venues in Pordenone
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 21:00",
        end="23:00",
    )
    found = run(repo)
    assert {(f.file, f.code) for f in found} == {(A, "conflict-comune"), (B, "conflict-comune")}
    fa = of(found, A)[0]
    assert fa.severity is Severity.WARNING
    assert fa.related == ("teatro-verdi/b",)
    assert "Pordenone" in fa.message() and "stesso genere" in fa.message()
    assert "same kind" in fa.message("en")


def test_same_comune_evening_different_family_shared_audience_is_a_warning(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00", audience=["famiglie", "tutti"])
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="teatro",
        venue="auditorium-concordia",
        start="2026-03-10 20:30",
        end="22:00",
        audience=["famiglie", "adulti", "tutti"],
    )
    found = run(repo)
    assert {(f.file, f.code) for f in found} == {(A, "conflict-comune"), (B, "conflict-comune")}
    # the shared audience, without "tutti" (everyone) and without the audience only one has
    assert "(stesso pubblico: famiglie)" in of(found, A)[0].message()
    assert "(same audience: famiglie)" in of(found, B)[0].message("en")


@pytest.mark.parametrize(
    "audiences",
    [(["tutti"], ["tutti"]), (["adulti"], ["bambini"]), ([], ["famiglie"])],
    ids=["only-tutti-shared", "disjoint", "none"],
)
def test_same_comune_evening_different_family_no_shared_audience_is_nothing(repo, audiences):
    aud_a, aud_b = audiences
    write_event(
        repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00", **({"audience": aud_a} if aud_a else {})
    )
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="teatro",
        venue="auditorium-concordia",
        start="2026-03-10 20:30",
        end="22:00",
        **({"audience": aud_b} if aud_b else {}),
    )
    assert run(repo) == []


def test_same_comune_both_in_the_morning_is_not_a_comune_conflict(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 10:00", end="12:00")
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 10:30",
        end="12:30",
    )
    assert run(repo) == []
    # ending exactly at evening_from (18:00) is not "in the evening" either
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 16:00", end="18:00")
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 21:00",
        end="23:00",
    )
    assert by_code(run(repo), "conflict-comune") == []


def test_same_comune_morning_same_category_is_only_a_nearby_notice(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 10:00", end="12:00")
    write_event(repo, "teatro-verdi", "b", venue="auditorium-concordia", start="2026-03-10 10:30", end="12:30")
    found = run(repo)
    assert by_code(found, "conflict-comune") == []
    assert {(f.file, f.code) for f in found} == {(A, "conflict-nearby"), (B, "conflict-nearby")}


# --------------------------------------------------------------------------- rule 3: nearby


def test_nearby_comune_same_day_same_category_is_a_notice(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 11:00", end="12:30")
    write_event(repo, "pro-porcia", "c", venue="villa-correr", start="2026-03-10 21:00", end="23:00")
    found = run(repo)
    c = "events/pro-porcia/c.yaml"
    assert {(f.file, f.code) for f in found} == {(A, "conflict-nearby"), (c, "conflict-nearby")}
    assert all(f.severity is Severity.NOTICE for f in found)
    assert of(found, A)[0].related == ("pro-porcia/c",)
    assert "Villa Correr" in of(found, A)[0].message()


def test_nearby_needs_the_same_category(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 11:00", end="12:30")
    write_event(
        repo, "pro-porcia", "c", category="opera-lirica", venue="villa-correr", start="2026-03-10 21:00", end="23:00"
    )
    assert run(repo) == []


def test_nearby_by_distance_alone(repo):
    # Porcia is ~4 km from Pordenone: nearby by distance even without the same-province rule
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 11:00", end="12:30")
    write_event(repo, "pro-porcia", "c", venue="villa-correr", start="2026-03-10 21:00", end="23:00")
    assert len(run(repo, same_province=False)) == 2
    assert run(repo, same_province=False, nearby_km=1) == []


def test_far_comune_in_another_province_is_nothing(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(repo, "rossetti", "d", venue="teatro-rossetti", start="2026-03-10 20:00", end="22:00")
    assert run(repo) == []


# --------------------------------------------------------------------------- what takes no part


def test_long_running_exhibition_does_not_clash_with_a_concert(repo):
    write_event(
        repo,
        "teatro-verdi",
        "mostra",
        category="mostra",
        start="2026-03-01",
        end="2026-04-30",
        opening_hours=[{"days": ["tue", "wed", "thu", "fri", "sat", "sun"], "from": "10:00", "to": "22:00"}],
    )
    write_event(repo, "teatro-verdi", "lunga", category="concerto", start="2026-03-05", end="2026-03-15")  # 11 days
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    assert run(repo) == []


def test_short_all_day_item_does_clash(repo):
    # a 3-day all-day festival is not long-running: it occupies the venue
    write_event(repo, "teatro-verdi", "fest", category="festival", start="2026-03-09", end="2026-03-11")
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    found = run(repo)
    assert {f.file for f in by_code(found, "conflict-venue")} == {A, "events/teatro-verdi/fest.yaml"}


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_cancelled_or_postponed_event_takes_no_part(repo, status):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00", status=status)
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    write_event(
        repo, "teatro-verdi", "c", venue="auditorium-concordia", start="2026-03-10 21:00", end="23:00", status=status
    )
    assert run(repo) == []


def test_cancelled_date_takes_no_part(repo):
    write_event(
        repo,
        "teatro-verdi",
        "a",
        dates=[
            {"start": "2026-03-10 20:00", "end": "22:00", "status": "cancelled"},
            {"start": "2026-03-12 20:00", "end": "22:00"},
        ],
    )
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    assert run(repo) == []
    # the date that still takes place does clash
    write_event(repo, "teatro-verdi", "b", start="2026-03-12 21:00", end="23:00")
    assert {f.file for f in by_code(run(repo), "conflict-venue")} == {A, B}


# --------------------------------------------------------------------------- times


def test_event_crossing_midnight_clashes_next_day(repo):
    write_event(repo, "teatro-verdi", "a", title="Notte bianca", start="2026-03-10 22:00", end="2026-03-11 01:00")
    write_event(repo, "teatro-verdi", "b", title="Dopo mezzanotte", start="2026-03-11 00:30", end="02:00")
    found = run(repo)
    fa, fb = of(found, A, "conflict-venue"), of(found, B, "conflict-venue")
    assert len(fa) == len(fb) == 1
    assert fa[0].related == ("teatro-verdi/b",) and fb[0].related == ("teatro-verdi/a",)
    # each message gives the event's own start (not the next day with the start's time)
    assert "2026-03-10 22:00" in fa[0].message()
    assert "2026-03-11 00:30" in fb[0].message()


def test_event_crossing_midnight_touching_next_day_is_not_a_conflict(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 22:00", end="2026-03-11 01:00")
    write_event(repo, "teatro-verdi", "b", start="2026-03-11 01:00", end="02:00")
    assert run(repo) == []


# Daylight-saving days in Europe/Rome: on 2027-03-28 clocks jump 02:00 -> 03:00 (CET -> CEST); on
# 2026-10-25 they go back 03:00 -> 02:00 (CEST -> CET), so 02:00-02:59 happens twice. Overlaps are
# decided on real instants; times without an end last default_duration_minutes of real time.
DST_CASES = [
    # -- spring forward, 2027-03-28 -----------------------------------------------------------------
    # 01:30 CET-03:30 CEST (00:30-01:30 UTC) vs 03:15-04:00 CEST (01:15-02:00 UTC): overlap
    ("spring-overlap", dict(start="2027-03-28 01:30", end="03:30"), dict(start="2027-03-28 03:15", end="04:00"), True),
    # 01:30-03:10 (ends 01:10 UTC) vs 03:10-04:00: they touch
    ("spring-touch", dict(start="2027-03-28 01:30", end="03:10"), dict(start="2027-03-28 03:10", end="04:00"), False),
    # 01:00 CET + 120 minutes = 04:00 CEST (not 03:00): overlaps an event at 03:30
    ("spring-default-duration", dict(start="2027-03-28 01:00"), dict(start="2027-03-28 03:30", end="05:00"), True),
    (
        "spring-default-duration-touch",
        dict(start="2027-03-28 01:00"),
        dict(start="2027-03-28 04:00", end="05:00"),
        False,
    ),
    # -- fall back, 2026-10-25 ----------------------------------------------------------------------
    # 01:30-02:30 CEST (23:30-00:30 UTC) vs second 02:15 CET-03:00 (01:15-02:00 UTC): no overlap,
    # although the wall-clock times overlap
    (
        "fall-wallclock-only",
        dict(start="2026-10-25 01:30", end="02:30"),
        dict(start="2026-10-25 02:15+01:00", end="2026-10-25 03:00"),
        False,
    ),
    # first 02:30 CEST-second 02:45 CET (00:30-01:45 UTC) vs second 02:10-02:20 CET (01:10-01:20 UTC):
    # overlap, although the wall-clock times do not
    (
        "fall-real-overlap",
        dict(start="2026-10-25 02:30", end="2026-10-25 02:45+01:00"),
        dict(start="2026-10-25 02:10+01:00", end="2026-10-25 02:20+01:00"),
        True,
    ),
    # 01:00 CEST + 120 minutes = second 02:00 CET (01:00 UTC), not 03:00: the second 02:30 is after it
    (
        "fall-default-duration",
        dict(start="2026-10-25 01:00"),
        dict(start="2026-10-25 02:30+01:00", end="2026-10-25 03:30"),
        False,
    ),
    # ... but the first 02:30 (CEST, 00:30 UTC) is inside it
    (
        "fall-default-duration-first",
        dict(start="2026-10-25 01:00"),
        dict(start="2026-10-25 02:30", end="2026-10-25 03:30"),
        True,
    ),
]


@pytest.mark.parametrize("a, b, overlap", [c[1:] for c in DST_CASES], ids=[c[0] for c in DST_CASES])
def test_daylight_saving_days(repo, a, b, overlap):
    write_event(repo, "teatro-verdi", "a", **a)
    write_event(repo, "teatro-verdi", "b", category="teatro", **b)
    found = run(repo)
    files = {f.file for f in by_code(found, "conflict-venue")}
    assert files == ({A, B} if overlap else set())


def test_repeat_conflicting_on_one_date_only(repo):
    # every Tuesday of March 2026 (3, 10, 17, 24, 31); the guest is on the 17th only
    write_event(
        repo,
        "teatro-verdi",
        "a",
        title="Prove aperte",
        start="2026-03-03 20:00",
        end="22:00",
        repeat={"weekly": ["tue"], "until": "2026-03-31"},
    )
    write_event(repo, "teatro-verdi", "b", title="Ospite", start="2026-03-17 21:00", end="23:00")
    found = run(repo)
    fa, fb = of(found, A), of(found, B)
    assert [f.code for f in fa] == ["conflict-venue"] and [f.code for f in fb] == ["conflict-venue"]
    assert "2026-03-17 20:00" in fa[0].message()
    for other_tuesday in ("2026-03-03", "2026-03-10", "2026-03-24", "2026-03-31"):
        assert f"{other_tuesday} 20:00" not in fa[0].message()
    assert "Prove aperte" in fb[0].message()


def test_repeat_with_the_clashing_date_cancelled(repo):
    write_event(
        repo,
        "teatro-verdi",
        "a",
        start="2026-03-03 20:00",
        end="22:00",
        repeat={"weekly": ["tue"], "until": "2026-03-31", "changes": [{"date": "2026-03-17", "status": "cancelled"}]},
    )
    write_event(repo, "teatro-verdi", "b", start="2026-03-17 21:00", end="23:00")
    assert run(repo) == []


# --------------------------------------------------------------------------- suggested free dates


def _moved_clashes(root, slug, **schedule) -> bool:
    """Rewrite event ``slug`` with another schedule and tell whether it still meets a venue conflict."""
    write_event(root, "teatro-verdi", slug, **schedule)
    return bool(of(run(root), f"events/teatro-verdi/{slug}.yaml", "conflict-venue"))


def test_suggested_free_dates_are_free_and_the_nearest(repo):
    write_event(repo, "teatro-verdi", "x", start="2026-03-10 20:00", end="22:00")
    write_event(repo, "teatro-verdi", "y", category="teatro", start="2026-03-10 21:00", end="23:00")
    for day in (9, 11, 12):  # the venue is also taken at that hour on the 9th, 11th and 12th
        write_event(
            repo, "teatro-verdi", f"busy-{day}", category="teatro", start=f"2026-03-{day:02d} 19:00", end="21:00"
        )
    x = of(run(repo), "events/teatro-verdi/x.yaml", "conflict-venue")
    assert len(x) == 1
    suggested = free_dates(x[0])
    assert suggested == [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 13)]
    # each suggestion is really free: moving x there gives no venue conflict ...
    for day in suggested:
        assert not _moved_clashes(repo, "x", start=f"{day} 20:00", end="22:00"), day
    # ... and every nearer date that was not suggested is really taken
    radius = max(abs((d - date(2026, 3, 10)).days) for d in suggested)
    for offset in range(-radius, radius + 1):
        day = date(2026, 3, 10) + timedelta(days=offset)
        if offset and day not in suggested:
            assert _moved_clashes(repo, "x", start=f"{day} 20:00", end="22:00"), day


def test_suggested_free_dates_of_an_event_crossing_midnight(repo):
    write_event(repo, "teatro-verdi", "x", start="2026-03-10 22:00", end="2026-03-11 01:00")
    write_event(repo, "teatro-verdi", "y", category="teatro", start="2026-03-10 22:30", end="23:30")
    # taken early on the 12th: x moved to the 11th (22:00 -> 01:00 on the 12th) would meet it
    write_event(repo, "teatro-verdi", "early", category="teatro", start="2026-03-12 00:30", end="02:00")
    x = of(run(repo), "events/teatro-verdi/x.yaml", "conflict-venue")
    suggested = free_dates(x[0])
    assert date(2026, 3, 11) not in suggested
    assert suggested == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 12)]
    for day in suggested:
        assert not _moved_clashes(repo, "x", start=f"{day} 22:00", end=f"{day + timedelta(days=1)} 01:00"), day


def test_suggested_free_dates_are_not_before_today(tmp_path):
    root = make_repo(tmp_path, today=date(2026, 3, 10))
    write_event(root, "teatro-verdi", "x", start="2026-03-10 20:00", end="22:00")
    write_event(root, "teatro-verdi", "y", start="2026-03-10 21:00", end="23:00")
    x = of(run(root), "events/teatro-verdi/x.yaml", "conflict-venue")
    assert free_dates(x[0]) == [date(2026, 3, 11), date(2026, 3, 12), date(2026, 3, 13)]
    # with "today" one day earlier, the 9th can be suggested
    root = make_repo(tmp_path, today=date(2026, 3, 9))
    x = of(run(root), "events/teatro-verdi/x.yaml", "conflict-venue")
    assert free_dates(x[0]) == [date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 12)]


def test_comune_suggestions_are_free_evenings(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(
        repo,
        "teatro-verdi",
        "b",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 21:00",
        end="23:00",
    )
    write_event(
        repo,
        "teatro-verdi",
        "c",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-11 21:00",
        end="23:00",
    )
    fa = of(run(repo), A, "conflict-comune")
    suggested = free_dates(fa[0])
    assert date(2026, 3, 11) not in suggested
    assert suggested == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 12)]


# --------------------------------------------------------------------------- settings and focus


def test_severities_come_from_the_settings(tmp_path):
    root = make_repo(
        tmp_path, conflicts={"venue_severity": "warning", "comune_severity": "error", "nearby_severity": "off"}
    )
    write_event(root, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(root, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    write_event(
        root,
        "teatro-verdi",
        "c",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 21:00",
        end="23:00",
    )
    write_event(root, "pro-porcia", "p", venue="villa-correr", start="2026-03-10 10:00", end="12:00")
    found = check(root)  # through pelicanconf.py's CARTELLONE["conflicts"]
    assert {f.severity for f in by_code(found, "conflict-venue")} == {Severity.WARNING}
    assert len(by_code(found, "conflict-venue")) == 2
    assert {f.severity for f in by_code(found, "conflict-comune")} == {Severity.ERROR}
    assert by_code(found, "conflict-nearby") == []
    # with the default settings the nearby rule does report the event in Porcia
    defaults = run(root, venue_severity="error", comune_severity="warning", nearby_severity="notice")
    assert of(defaults, "events/pro-porcia/p.yaml", "conflict-nearby")
    assert {f.severity for f in by_code(defaults, "conflict-venue")} == {Severity.ERROR}


def test_a_rule_turned_off_reports_nothing(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    assert run(repo, venue_severity="off") == []


def test_focus_restricts_findings_to_the_focused_events(repo):
    write_event(repo, "teatro-verdi", "a", start="2026-03-10 20:00", end="22:00")
    write_event(repo, "teatro-verdi", "b", start="2026-03-10 21:00", end="23:00")
    write_event(
        repo,
        "teatro-verdi",
        "c",
        category="opera-lirica",
        venue="auditorium-concordia",
        start="2026-03-10 21:00",
        end="23:00",
    )
    write_event(repo, "pro-porcia", "p", venue="villa-correr", start="2026-03-10 10:00", end="12:00")
    everything = run(repo)
    assert {f.file for f in everything} == {A, B, "events/teatro-verdi/c.yaml", "events/pro-porcia/p.yaml"}
    focused = run(repo, focus={"teatro-verdi/a"})
    assert focused and {f.file for f in focused} == {A}
    assert sorted(f.code for f in focused) == sorted(f.code for f in of(everything, A))
    assert run(repo, focus=set()) == []


# --------------------------------------------------------------------------- scale


def _big_catalogue(size: int = 20_000) -> tuple[Catalogue, date]:
    """``size`` events over 180 days in 400 venues, a Catalogue built directly (no files)."""
    rng = random.Random(20260101)
    comuni = load_comuni(COMUNI_CSV)
    vocab = load_vocabularies()
    categories = [vocab.category(k) for k in vocab.categories if k != "mostra"]
    codes = sorted(comuni)
    cities = ["093033", "030129", "032006", "031007"]  # Pordenone, Udine, Trieste, Gorizia: the busiest
    venues = {}
    for i in range(400):
        c = comuni[cities[i % 4]] if i < 120 else comuni[rng.choice(codes)]
        venues[f"v{i}"] = Venue(
            id=f"v{i}",
            file=f"venues/v{i}.yaml",
            name=f"Luogo {i}",
            kind="teatro",
            address="Via Roma, 1",
            postal_code="33100",
            comune=c,
            lat=c.lat,
            lon=c.lon,
        )
    venue_ids = list(venues)
    first_day = date(2026, 9, 1)
    events = {}
    for i in range(size):
        identity = f"org{i % 50}/e{i}"
        n = 1 if i % 10 else rng.randint(2, 4)  # one event in ten has several dates
        occurrences = []
        for day in sorted(rng.sample(range(180), n)):
            start = datetime.combine(
                first_day + timedelta(days=day),
                time(rng.choice([10, 11, 15, 17, 18, 20, 21]), rng.choice([0, 30])),
                tzinfo=TZ,
            )
            end = start + timedelta(minutes=rng.choice([60, 90, 120, 150])) if rng.random() < 0.8 else None
            occurrences.append(Occurrence(identity, start, end))
        events[identity] = Event(
            identity=identity,
            uid=identity,
            file=f"events/{identity}.yaml",
            organiser=identity.split("/")[0],
            title=f"Evento {i}",
            summary="-",
            category=rng.choice(categories),
            kind="single" if n == 1 else "dates",
            occurrences=tuple(occurrences),
            venue=rng.choice(venue_ids),
            audience=(rng.choice(["tutti", "famiglie", "adulti", "bambini", "giovani"]),),
        )
    return Catalogue(organisers={}, venues=venues, providers={}, events=events, comuni=comuni), first_day


@pytest.mark.slow
def test_scales_without_comparing_every_pair(monkeypatch):
    """20,000 events over 180 days in a Catalogue built directly: pair comparisons stay linear."""
    catalogue, first_day = _big_catalogue()
    events = catalogue.events
    occurrences = sum(len(e.occurrences) for e in events.values())

    calls = {"venue": 0, "comune": 0, "nearby": 0}

    def counting(name):
        original = getattr(conflicts_module._Index, f"{name}_clash")

        def wrapper(self, a, b):
            calls[name] += 1
            return original(self, a, b)

        return wrapper

    for name in calls:
        monkeypatch.setattr(conflicts_module._Index, f"{name}_clash", counting(name))

    found = find_conflicts(catalogue, ConflictRules(), today=first_day, workers=1)  # counted in this process

    codes_found = {f.code for f in found}
    assert {"conflict-venue", "conflict-comune", "conflict-nearby"} <= codes_found  # the data exercises every rule
    assert calls["venue"] > 0
    assert calls["venue"] < 50 * occurrences, (calls, occurrences)
    # the other two predicates are bounded the same way (N^2 would be ~5e8)
    assert calls["comune"] + calls["nearby"] < 100 * occurrences, (calls, occurrences)


@pytest.mark.slow
def test_two_processes_find_the_same_findings_in_the_same_order():
    """The conflict work split over two processes (by place) gives exactly the one-process list."""
    catalogue, first_day = _big_catalogue(6_000)
    one = find_conflicts(catalogue, ConflictRules(), today=first_day, workers=1)
    two = find_conflicts(catalogue, ConflictRules(), today=first_day, workers=2)
    assert {f.code for f in one} >= {"conflict-venue", "conflict-comune", "conflict-nearby"}
    assert two == one
    focus = set(list(catalogue.events)[::7])
    assert find_conflicts(catalogue, ConflictRules(), focus=focus, today=first_day, workers=2) == find_conflicts(
        catalogue, ConflictRules(), focus=focus, today=first_day, workers=1
    )


def test_second_process_only_within_the_memory_budget(monkeypatch):
    """The conflict rules fork a second process only while the measured growth (2.45x the loaded
    size) fits the memory budget; without a reading of the process's size, one process."""
    budget = conflicts_module.MEMORY_BUDGET_MB
    growth = conflicts_module.TWO_PROCESS_GROWTH
    monkeypatch.setattr(conflicts_module, "_rss_mb", lambda: budget / growth - 1)
    assert conflicts_module._fork_fits()
    monkeypatch.setattr(conflicts_module, "_rss_mb", lambda: budget / growth + 1)
    assert not conflicts_module._fork_fits()
    monkeypatch.setattr(conflicts_module, "_rss_mb", lambda: None)
    assert not conflicts_module._fork_fits()


def test_resident_size_is_read_from_the_system():
    real = conflicts_module._rss_mb()
    if real is None:
        pytest.skip("no /proc/self/statm on this system (then the rules use one process)")
    assert 5 < real < 4096, real  # this test process: tens of MB
