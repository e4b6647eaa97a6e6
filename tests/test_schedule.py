"""Schedules: the four forms, their occurrences, and the daylight-saving decisions of docs/content-model.md."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cartellone.findings import Severity
from cartellone.schedule import read_schedule
from helpers import for_file, load, write_event

ROME = ZoneInfo("Europe/Rome")
REL = "events/org-a/e.yaml"
HEAD = """\
title: Evento
summary: Un evento
category: concerto
venue: teatro-x
"""  # the schedule starts on line 5


def run(repo, schedule: str, **conf):
    """Load an event with ``schedule`` after the four header lines: (event or None, its findings)."""
    write_event(repo, "org-a", "e", HEAD + schedule)
    result = load(repo, **conf)
    findings = for_file(result.findings, REL)
    assert len(findings) == len(result.findings), result.findings  # nothing about other files
    for f in findings:
        assert f.message("it") and f.message("en") and "{" not in f.message("en")
    return result.catalogue.events.get("org-a/e"), findings


def ok(repo, schedule: str, **conf):
    event, findings = run(repo, schedule, **conf)
    assert findings == [], [(f.code, f.line, f.field) for f in findings]
    assert event is not None
    return event


def only(findings, code, line, field):
    assert [(f.code, f.line, f.field) for f in findings] == [(code, line, field)]
    return findings[0]


def rome(*args) -> datetime:
    return datetime(*args, tzinfo=ROME)


def utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def offset(dt: datetime) -> str:
    return dt.isoformat()[-6:]


# --- one date ----------------------------------------------------------------------------------------


def test_one_off_timed_event(repo):
    event = ok(repo, 'start: "2026-12-20 20:45"\nend: "2026-12-20 22:30"\n')
    assert event.kind == "single"
    [occ] = event.occurrences
    assert (occ.start, occ.end, occ.all_day, occ.status) == (
        rome(2026, 12, 20, 20, 45),
        rome(2026, 12, 20, 22, 30),
        False,
        "scheduled",
    )
    assert occ.start.utcoffset() == timedelta(hours=1)
    assert occ.event == "org-a/e"
    assert event.line == 5


def test_no_end_and_t_separator(repo):
    event = ok(repo, 'start: "2026-12-20T20:45"\n')
    [occ] = event.occurrences
    assert occ.start == rome(2026, 12, 20, 20, 45)
    assert occ.end is None


@pytest.mark.parametrize("end", ['"22:30"', '"22.30"', '"2026-12-20 22:30"'])
def test_end_as_time_alone_is_the_same_day(repo, end):
    event = ok(repo, f'start: "2026-12-20 20:45"\nend: {end}\n')
    assert event.occurrences[0].end == rome(2026, 12, 20, 22, 30)


@pytest.mark.parametrize("end", ['"20:00"', '"20:45"', '"2026-12-20 19:00"', '"2026-12-19 23:00"'])
def test_end_before_start_is_an_error(repo, end):
    event, findings = run(repo, f'start: "2026-12-20 20:45"\nend: {end}\n')
    f = only(findings, "end-before-start", 6, "end")
    assert f.severity is Severity.ERROR
    assert "2026-12-20 20:45" in f.message("it") and "2026-12-20 20:45" in f.message("en")
    assert event is None


def test_crossing_midnight_needs_the_full_end_date(repo):
    event = ok(repo, 'start: "2026-12-31 22:00"\nend: "2027-01-01 01:30"\n')
    [occ] = event.occurrences
    assert occ.end == rome(2027, 1, 1, 1, 30)
    assert occ.end - occ.start == timedelta(hours=3, minutes=30)


def test_crossing_midnight_with_a_time_alone_is_refused_with_advice(repo):
    _, findings = run(repo, 'start: "2026-12-31 22:00"\nend: "01:30"\n')
    f = only(findings, "end-before-start", 6, "end")
    assert "mezzanotte" in f.message("it") and "midnight" in f.message("en")


@pytest.mark.parametrize("start", ["2026-12-20", '"2026-12-20"'])
def test_all_day(repo, start):
    event = ok(repo, f"start: {start}\n")
    [occ] = event.occurrences
    assert occ.all_day
    assert (occ.start, occ.end) == (rome(2026, 12, 20), rome(2026, 12, 21))
    assert event.kind == "single"


def test_multi_day_end_is_inclusive_and_the_occurrence_end_exclusive(repo):
    event = ok(repo, "start: 2027-06-19\nend: 2027-06-21\n")
    [occ] = event.occurrences
    assert occ.all_day
    assert occ.start == rome(2027, 6, 19)
    assert occ.end == rome(2027, 6, 22)  # midnight after the last day
    assert offset(occ.start) == "+02:00"
    assert event.kind == "single"


def test_all_day_across_the_spring_change(repo):
    event = ok(repo, "start: 2027-03-27\nend: 2027-03-29\n")
    [occ] = event.occurrences
    assert (offset(occ.start), offset(occ.end)) == ("+01:00", "+02:00")
    assert occ.end.date() == date(2027, 3, 30)


def test_all_day_end_before_start(repo):
    _, findings = run(repo, "start: 2027-06-19\nend: 2027-06-18\n")
    only(findings, "end-before-start", 6, "end")


def test_end_time_on_all_day(repo):
    _, findings = run(repo, 'start: 2027-06-19\nend: "22:00"\n')
    only(findings, "end-time-on-all-day", 6, "end")


def test_end_kind_mismatch(repo):
    _, findings = run(repo, 'start: "2027-06-19 20:00"\nend: 2027-06-21\n')
    only(findings, "end-kind-mismatch", 6, "end")


# --- several performances -----------------------------------------------------------------------------


def test_several_performances(repo):
    event = ok(
        repo,
        """\
dates:
  - {start: "2026-12-21 20:45", end: "22:30", status: sold-out}
  - {start: "2026-12-20 20:45", note: Prima}
  - {start: "2026-12-22 16:00", status: cancelled}
  - {start: 2026-12-23}
""",
    )
    assert event.kind == "dates"
    occ = event.occurrences
    assert [o.start for o in occ] == [
        rome(2026, 12, 20, 20, 45),
        rome(2026, 12, 21, 20, 45),
        rome(2026, 12, 22, 16),
        rome(2026, 12, 23),
    ]  # sorted
    assert [o.status for o in occ] == ["scheduled", "sold-out", "cancelled", "scheduled"]
    assert occ[0].note == "Prima"
    assert occ[1].end == rome(2026, 12, 21, 22, 30)
    assert occ[3].all_day and occ[3].end == rome(2026, 12, 24)
    assert event.line == 5


def test_duplicate_performance(repo):
    event, findings = run(
        repo,
        """\
dates:
  - start: "2026-12-20 20:45"
  - start: "2026-12-21 20:45"
  - start: "2026-12-20T20:45"
""",
    )
    f = only(findings, "duplicate-date", 8, "dates[2].start")
    assert dict(f.params)["other"] == 1
    assert "1" in f.message("it") and "1" in f.message("en")
    assert event is None


def test_each_bad_performance_is_reported(repo):
    _, findings = run(
        repo,
        """\
dates:
  - start: "2027-03-28 02:30"
  - start: "2026-12-21 20:45"
    end: "20:00"
  - start: "2027-02-30 20:00"
""",
    )
    assert [(f.code, f.line, f.field) for f in findings] == [
        ("dst-gap", 6, "dates[0].start"),
        ("end-before-start", 8, "dates[1].end"),
        ("impossible-date", 9, "dates[2].start"),
    ]


def test_dates_and_start_together_are_ambiguous(repo):
    _, findings = run(repo, 'start: "2026-12-20 20:45"\ndates:\n  - start: "2026-12-21 20:45"\n')
    only(findings, "schedule-ambiguous", 6, "dates")


def test_schedule_missing(repo):
    _, findings = run(repo, "status: scheduled\n")
    only(findings, "schedule-missing", 1, None)


# --- weekly repeats ---------------------------------------------------------------------------------


def test_weekly_repeat_with_except_and_changes(repo):
    event = ok(
        repo,
        """\
start: "2026-12-01 17:00"
end: "18:30"
repeat:
  weekly: [tue, thu]
  until: 2026-12-17
  except: [2026-12-08]
  changes:
    - {date: 2026-12-10, status: cancelled}
    - {date: 2026-12-15, start: "2026-12-16 18:00", end: "19:30", note: Spostato al mercoledì}
""",
    )
    assert event.kind == "repeat"
    by_start = {o.start: o for o in event.occurrences}
    assert sorted(by_start) == [
        rome(2026, 12, 1, 17),
        rome(2026, 12, 3, 17),  # 12-08 is an exception
        rome(2026, 12, 10, 17),
        rome(2026, 12, 16, 18),
        rome(2026, 12, 17, 17),
    ]
    cancelled = by_start[rome(2026, 12, 10, 17)]
    assert cancelled.status == "cancelled"
    assert cancelled.recurrence_id == rome(2026, 12, 10, 17)
    moved = by_start[rome(2026, 12, 16, 18)]
    assert moved.recurrence_id == rome(2026, 12, 15, 17)  # the original start
    assert moved.end == rome(2026, 12, 16, 19, 30)
    assert moved.note == "Spostato al mercoledì"
    plain = by_start[rome(2026, 12, 3, 17)]
    assert (plain.end, plain.recurrence_id, plain.status) == (rome(2026, 12, 3, 18, 30), None, "scheduled")
    assert event.repeat.weekdays == ("tue", "thu")
    assert event.repeat.until == date(2026, 12, 17)
    assert event.repeat.exceptions == (date(2026, 12, 8),)
    assert [c.date for c in event.repeat.changes] == [date(2026, 12, 10), date(2026, 12, 15)]
    assert event.repeat.changes[1].start == rome(2026, 12, 16, 18)


def test_moved_date_keeps_the_duration_without_an_end(repo):
    event = ok(
        repo,
        """\
start: "2026-12-01 17:00"
end: "18:30"
repeat:
  weekly: [tue]
  until: 2026-12-15
  changes:
    - {date: 2026-12-08, start: "2026-12-09 10:00"}
""",
    )
    moved = [o for o in event.occurrences if o.recurrence_id is not None]
    assert [(o.start, o.end) for o in moved] == [(rome(2026, 12, 9, 10), rome(2026, 12, 9, 11, 30))]


@pytest.mark.parametrize(
    ("first", "weekly", "until", "before"),
    [("2027-03-18", "thu", "2027-04-08", 2), ("2027-03-21", "sun", "2027-04-04", 1)],
)
def test_repeat_across_spring_change_keeps_the_wall_clock(repo, first, weekly, until, before):
    event = ok(
        repo,
        f'start: "{first} 17:00"\nend: "18:30"\nrepeat:\n  weekly: [{weekly}]\n  until: {until}\n',
    )
    occ = event.occurrences
    assert all((o.start.hour, o.start.minute, o.end.hour, o.end.minute) == (17, 0, 18, 30) for o in occ)
    assert len(occ) == 4 if weekly == "thu" else len(occ) == 3
    assert [o.start.date() < date(2027, 3, 28) for o in occ].count(True) == before
    for o in occ:
        expected = "+01:00" if o.start.date() < date(2027, 3, 28) else "+02:00"
        assert offset(o.start) == expected == offset(o.end)
    utc_hours = [o.start.astimezone(UTC).hour for o in occ]
    assert utc_hours == [16] * before + [15] * (len(occ) - before)


def test_repeat_across_autumn_change_keeps_the_wall_clock(repo):
    event = ok(repo, 'start: "2026-10-18 17:00"\nend: "18:30"\nrepeat:\n  weekly: [sun]\n  until: 2026-11-01\n')
    assert [(o.start.hour, offset(o.start)) for o in event.occurrences] == [
        (17, "+02:00"),
        (17, "+01:00"),
        (17, "+01:00"),
    ]


def test_repeat_hitting_the_gap_is_an_error(repo):
    _, findings = run(repo, 'start: "2027-03-21 02:30"\nrepeat:\n  weekly: [sun]\n  until: 2027-04-04\n')
    f = only(findings, "dst-gap", 5, "start")
    assert "2027-03-28 03:30" in f.message("en")


def test_repeat_start_day_not_in_the_list(repo):
    _, findings = run(repo, 'start: "2026-12-02 17:00"\nrepeat:\n  weekly: [tue, thu]\n  until: 2026-12-31\n')
    f = only(findings, "repeat-start-day", 5, "start")
    assert dict(f.params) == {"day": "wed", "weekly": "tue, thu"}


def test_change_on_a_date_not_in_the_repeat(repo):
    _, findings = run(
        repo,
        """\
start: "2026-12-01 17:00"
repeat:
  weekly: [tue]
  until: 2026-12-31
  changes:
    - {date: 2026-12-08, status: sold-out}
    - {date: 2026-12-09, status: cancelled}
""",
    )
    f = only(findings, "repeat-change-not-a-date", 11, "repeat.changes[1].date")
    assert "2026-12-09" in f.message("it") and "2026-12-09" in f.message("en")


def test_change_on_an_excepted_date_is_not_a_date(repo):
    _, findings = run(
        repo,
        """\
start: "2026-12-01 17:00"
repeat:
  weekly: [tue]
  until: 2026-12-31
  except: [2026-12-08]
  changes:
    - {date: 2026-12-08, status: cancelled}
""",
    )
    only(findings, "repeat-change-not-a-date", 11, "repeat.changes[0].date")


def test_except_not_a_date_is_a_warning(repo):
    event, findings = run(
        repo, 'start: "2026-12-01 17:00"\nrepeat:\n  weekly: [tue]\n  until: 2026-12-15\n  except: [2026-12-09]\n'
    )
    f = only(findings, "repeat-except-not-a-date", 9, "repeat.except[0]")
    assert f.severity is Severity.WARNING
    assert event is not None and len(event.occurrences) == 3


def test_repeat_needs_a_time(repo):
    _, findings = run(repo, "start: 2026-12-01\nrepeat:\n  weekly: [tue]\n  until: 2026-12-31\n")
    only(findings, "repeat-needs-time", 5, "start")


def test_repeat_until_before_start(repo):
    _, findings = run(repo, 'start: "2026-12-01 17:00"\nrepeat:\n  weekly: [tue]\n  until: 2026-11-30\n')
    only(findings, "repeat-until-before-start", 8, "repeat.until")


def test_repeat_too_long(repo):
    _, findings = run(
        repo, 'start: "2026-12-01 17:00"\nrepeat:\n  weekly: [mon, tue, wed, thu, fri, sat, sun]\n  until: 2030-12-31\n'
    )
    only(findings, "repeat-too-long", 8, "repeat.until")


# --- daylight saving ------------------------------------------------------------------------------------


def test_dst_gap_is_an_error_proposing_an_hour_later(repo):
    event, findings = run(repo, 'start: "2027-03-28 02:30"\n')
    f = only(findings, "dst-gap", 5, "start")
    assert f.severity is Severity.ERROR
    assert dict(f.params) == {"when": "2027-03-28 02:30", "later": "2027-03-28 03:30"}
    assert '"2027-03-28 03:30"' in f.message("it") and '"2027-03-28 03:30"' in f.message("en")
    assert event is None


def test_dst_gap_in_the_end(repo):
    _, findings = run(repo, 'start: "2027-03-28 01:00"\nend: "02:15"\n')
    only(findings, "dst-gap", 6, "end")


def test_the_hour_after_the_gap_is_fine(repo):
    event = ok(repo, 'start: "2027-03-28 01:30"\nend: "03:30"\n')
    [occ] = event.occurrences
    assert utc(occ.end) - utc(occ.start) == timedelta(hours=1)  # 01:30+01:00 to 03:30+02:00
    assert (offset(occ.start), offset(occ.end)) == ("+01:00", "+02:00")


def test_ambiguous_time_is_the_first_with_a_warning(repo):
    event, findings = run(repo, 'start: "2026-10-25 02:30"\n')
    f = only(findings, "dst-repeat", 5, "start")
    assert f.severity is Severity.WARNING
    assert dict(f.params) == {"when": "2026-10-25 02:30", "first": "+02:00", "second": "+01:00"}
    assert "+01:00" in f.message("it") and "+01:00" in f.message("en")
    [occ] = event.occurrences  # a warning: the event is still built
    assert offset(occ.start) == "+02:00"
    assert occ.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_offset_picks_the_second_time(repo):
    event = ok(repo, 'start: "2026-10-25 02:30+01:00"\n')
    [occ] = event.occurrences
    assert offset(occ.start) == "+01:00"
    assert occ.start.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_offset_picks_the_first_time_without_a_warning(repo):
    event = ok(repo, 'start: "2026-10-25 02:30+02:00"\n')
    assert event.occurrences[0].start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_ambiguous_end_counts_the_real_duration(repo):
    event = ok(repo, 'start: "2026-10-25 01:30"\nend: "2026-10-25 02:30+01:00"\n')
    [occ] = event.occurrences
    assert utc(occ.end) - utc(occ.start) == timedelta(hours=2)


def test_end_in_the_repeated_hour_is_compared_as_an_instant(repo):
    # 02:45 summer time (00:45 UTC) to 02:15 winter time (01:15 UTC): half an hour, not "end before start"
    event, findings = run(repo, 'start: "2026-10-25 02:45"\nend: "2026-10-25 02:15+01:00"\n')
    only(findings, "dst-repeat", 5, "start")
    [occ] = event.occurrences
    assert utc(occ.end) - utc(occ.start) == timedelta(minutes=30)
    # and the other way round: 02:30 winter time to 02:45 summer time is really before the start
    _, findings = run(repo, 'start: "2026-10-25 02:30+01:00"\nend: "2026-10-25 02:45+02:00"\n')
    only(findings, "end-before-start", 6, "end")


@pytest.mark.parametrize(
    ("start", "given", "expected"),
    [
        ("2026-12-20 20:45+05:00", "+05:00", "+01:00"),
        ("2026-07-20 20:45+01:00", "+01:00", "+02:00"),
        ("2026-12-20 20:45Z", "+00:00", "+01:00"),
        ("2026-10-25 02:30+03:00", "+03:00", "+02:00"),
    ],
)
def test_offset_mismatch(repo, start, given, expected):
    event, findings = run(repo, f'start: "{start}"\n')
    f = only(findings, "offset-mismatch", 5, "start")
    assert dict(f.params)["offset"] == given
    assert dict(f.params)["expected"] == expected
    assert given in f.message("en") and expected in f.message("it")
    assert event is None


def test_previous_start_in_the_gap(repo):
    _, findings = run(repo, 'start: "2027-04-04 20:00"\nstatus: rescheduled\nprevious_start: "2027-03-28 02:30"\n')
    only(findings, "dst-gap", 7, "previous_start")


# --- impossible dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "line", "field"),
    [
        ("start: 2027-02-30\n", 5, "start"),
        ('start: "2027-02-30 20:00"\n', 5, "start"),
        ('start: "2026-02-29"\n', 5, "start"),
        ('start: "2026-13-01 20:00"\n', 5, "start"),
        ('start: "2026-12-20 20:45"\nend: "2026-12-32 01:00"\n', 6, "end"),
        ('start: "0000-01-01 20:45"\n', 5, "start"),
        ('start: "2026-12-01 17:00"\nrepeat:\n  weekly: [tue]\n  until: 2027-02-30\n', 8, "repeat.until"),
        (
            "start: 2026-12-01\nend: 2027-01-31\nclosed: [2027-02-29]\n"
            'opening_hours:\n  - {days: [tue], from: "10:00", to: "18:00"}\n',
            7,
            "closed[0]",
        ),
    ],
)
def test_impossible_dates(repo, schedule, line, field):
    event, findings = run(repo, schedule)
    f = only(findings, "impossible-date", line, field)
    assert f.severity is Severity.ERROR
    assert event is None


@pytest.mark.parametrize(
    ("data", "code", "path"),
    [
        ({"start": "2026-12-20 25:00"}, "impossible-date", ("start",)),
        ({"start": "2026-12-20 20:60"}, "impossible-date", ("start",)),
        ({"start": "2026-12-20 20:45:61"}, "impossible-date", ("start",)),
        ({"start": "2026-12-20 20:45", "end": "25:00"}, "bad-datetime", ("end",)),
        ({"start": "20/12/2026"}, "bad-datetime", ("start",)),
        ({"start": "2026-12-20 8pm"}, "bad-datetime", ("start",)),
    ],
)
def test_impossible_times_in_the_reader(data, code, path):
    schedule, problems = read_schedule("o/e", data, ROME, 7)
    assert schedule is None
    assert [(p.code, p.path) for p in problems] == [(code, path)]


@pytest.mark.parametrize(
    ("schedule", "line", "field"),
    [('start: "2026-12-20 25:00"\n', 5, "start"), ('start: "2026-12-20 20:45"\nend: "25:00"\n', 6, "end")],
)
def test_impossible_times_are_caught_by_the_schema_first(repo, schedule, line, field):
    _, findings = run(repo, schedule)
    only(findings, "schema-pattern", line, field)


# --- long-running ----------------------------------------------------------------------------------------------


def test_long_running_with_opening_hours(repo):
    event = ok(
        repo,
        """\
start: 2026-12-01
end: 2027-01-31
opening_hours:
  - {days: [tue, wed, thu, fri], from: "10:00", to: "18:00"}
  - {days: [sat, sun], from: "10:00", to: "20:00"}
closed: [2026-12-25, 2027-01-01]
""",
    )
    assert event.kind == "long" and event.long_running
    [occ] = event.occurrences
    assert (occ.start, occ.end, occ.all_day) == (rome(2026, 12, 1), rome(2027, 2, 1), True)
    assert [(h.days, h.opens, h.closes) for h in event.opening_hours] == [
        (("tue", "wed", "thu", "fri"), "10:00", "18:00"),
        (("sat", "sun"), "10:00", "20:00"),
    ]
    assert event.closed == (date(2026, 12, 25), date(2027, 1, 1))


def test_short_span_with_opening_hours_is_still_long(repo):
    event = ok(
        repo, 'start: 2026-12-01\nend: 2026-12-02\nopening_hours:\n  - {days: [tue], from: "10:00", to: "12:00"}\n'
    )
    assert event.kind == "long"


def test_opening_hours_need_dates(repo):
    _, findings = run(
        repo, 'start: "2026-12-01 10:00"\nopening_hours:\n  - {days: [tue], from: "10:00", to: "18:00"}\n'
    )
    only(findings, "opening-hours-need-dates", 6, "opening_hours")


def test_opening_hours_order(repo):
    _, findings = run(
        repo,
        'start: 2026-12-01\nend: 2026-12-31\nopening_hours:\n  - {days: [tue], from: "10:00", to: "18:00"}\n'
        '  - {days: [sat], from: "20:00", to: "10:00"}\n',
    )
    f = only(findings, "opening-hours-order", 9, "opening_hours[1].to")
    assert "20:00" in f.message("en") and "10:00" in f.message("it")


@pytest.mark.parametrize(("end", "kind"), [("2026-12-06", "single"), ("2026-12-07", "long"), ("2027-03-01", "long")])
def test_all_day_span_of_long_running_days_is_long(repo, end, kind):
    event = ok(repo, f"start: 2026-12-01\nend: {end}\n")
    assert event.kind == kind


def test_long_running_days_is_a_setting(repo):
    assert ok(repo, "start: 2026-12-01\nend: 2026-12-03\n", conflicts={"long_running_days": 3}).kind == "long"
    assert ok(repo, "start: 2026-12-01\nend: 2026-12-02\n", conflicts={"long_running_days": 3}).kind == "single"


def test_timed_multi_day_is_not_long(repo):
    assert ok(repo, 'start: "2026-12-01 10:00"\nend: "2026-12-20 18:00"\n').kind == "single"


@pytest.mark.parametrize(
    ("schedule", "line", "field"),
    [
        ("start: 9999-12-31\n", 5, "start"),
        ("start: 2026-12-31\nend: 9999-12-31\n", 6, "end"),
        ('start: "0001-01-01 00:30"\n', 5, "start"),
        ('start: "2026-12-25 10:00"\nrepeat:\n  weekly: [fri]\n  until: 9999-12-31\n', 8, "repeat.until"),
        ("start: 0999-12-31\n", 5, "start"),
        ("start: 5000-01-01\n", 5, "start"),
        (
            "start: 2026-12-01\nend: 2026-12-31\nclosed: [0001-01-01]\n"
            'opening_hours:\n  - {days: [tue], from: "10:00", to: "18:00"}\n',
            7,
            "closed[0]",
        ),
    ],
)
def test_years_at_the_edge_of_the_calendar_do_not_crash(repo, schedule, line, field):
    # 9999-12-31 has no next midnight and 0001-01-01 00:30 no UTC time: refused, never an OverflowError
    _, findings = run(repo, schedule)
    assert [(f.code, f.line, f.field) for f in findings] == [("impossible-date", line, field)]


@pytest.mark.parametrize("start", ["1000-01-01", "4999-12-31", '"4999-12-31 23:30"'])
def test_years_inside_the_range_are_fine(repo, start):
    assert ok(repo, f"start: {start}\n").occurrences


def test_a_moved_date_plus_a_very_long_duration_does_not_overflow(repo):
    # found by test_fuzz: a repeat lasting millennia, one date moved to the far future
    event, findings = run(
        repo,
        'start: "2026-12-20 20:45"\nend: "4999-01-01 00:00"\nrepeat:\n  weekly: [sun]\n  until: 2027-01-19\n'
        '  changes:\n    - {date: 2026-12-27, start: "4999-12-31 00:00"}\n',
    )
    assert all(f.severity is not Severity.ERROR for f in findings)
    assert max(o.end for o in event.occurrences).year > 4999


def test_both_autumn_half_past_two_are_different_performances(repo):
    # the second one listed first: sorted by instant, and not a duplicate of each other
    event, findings = run(repo, 'dates:\n  - start: "2026-10-25 02:30+01:00"\n  - start: "2026-10-25 02:30"\n')
    only(findings, "dst-repeat", 7, "dates[1].start")
    assert [offset(o.start) for o in event.occurrences] == ["+02:00", "+01:00"]
    assert utc(event.occurrences[1].start) - utc(event.occurrences[0].start) == timedelta(hours=1)


def test_repeat_without_start_is_schedule_missing(repo):
    _, findings = run(repo, "repeat:\n  weekly: [tue]\n  until: 2026-12-31\n")
    only(findings, "schedule-missing", 1, None)
    _, findings = run(repo, 'opening_hours:\n  - {days: [tue], from: "10:00", to: "18:00"}\n')
    only(findings, "schedule-missing", 1, None)
