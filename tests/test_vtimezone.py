"""The VTIMEZONE in the yearly-rule form, generated from zoneinfo and checked against it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cartellone.vtimezone import IrregularZone, transitions, vtimezone_bytes, yearly_rules
from dateutil import tz as dateutil_tz

ROME_LINES = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Rome",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def test_europe_rome_is_the_eu_yearly_rule():
    data = vtimezone_bytes("Europe/Rome")
    assert data == ("\r\n".join(ROME_LINES) + "\r\n").encode()
    assert b"RDATE" not in data and b"COMMENT" not in data


def _parsed(zone_name: str):
    """The VTIMEZONE read back by dateutil's own VTIMEZONE parser (not our code, not icalendar)."""
    text = "BEGIN:VCALENDAR\r\n" + vtimezone_bytes(zone_name).decode() + "END:VCALENDAR\r\n"
    return dateutil_tz.tzical(io.StringIO(text)).get(zone_name)


@pytest.mark.parametrize("zone_name", ["Europe/Rome", "Europe/London", "America/New_York", "Australia/Sydney"])
def test_every_transition_2020_2035_matches_zoneinfo(zone_name):
    zone, ours = ZoneInfo(zone_name), _parsed(zone_name)
    count = 0
    for year in range(2020, 2036):
        for tr in transitions(zone, year):
            count += 1
            for delta in (timedelta(seconds=-1), timedelta(0), timedelta(hours=-1), timedelta(hours=1)):
                instant = tr.at + delta
                expected = instant.astimezone(zone).utcoffset()
                assert instant.astimezone(ours).utcoffset() == expected, (zone_name, instant)
        # and every day of the year, far from the changes too
        t = datetime(year, 1, 1, tzinfo=UTC)
        while t.year == year:
            assert t.astimezone(ours).utcoffset() == t.astimezone(zone).utcoffset(), (zone_name, t)
            t += timedelta(hours=23)
    assert count == 32  # two changes a year


def test_rome_transitions_are_last_sundays_at_one_utc():
    for year in range(2020, 2036):
        march, october = transitions(ZoneInfo("Europe/Rome"), year)
        for tr, month in ((march, 3), (october, 10)):
            assert tr.at.month == month and tr.at.weekday() == 6 and tr.at.day + 7 > 31
            assert (tr.at.hour, tr.at.minute) == (1, 0)


def test_zone_without_dst_has_one_standard_component():
    data = vtimezone_bytes("Asia/Tokyo").decode()
    assert data.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in data and "RRULE" not in data
    assert "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900" in data


def test_us_rule_uses_the_second_and_first_sunday():
    data = vtimezone_bytes("America/New_York").decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in data
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in data


def test_irregular_zone_is_refused():
    with pytest.raises(IrregularZone):
        yearly_rules("Africa/Casablanca")
