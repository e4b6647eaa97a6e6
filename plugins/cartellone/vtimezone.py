"""A VTIMEZONE in the yearly-rule form, generated from an IANA zone (``zoneinfo``).

Calendar clients handle best the classic definition with one ``STANDARD`` and one ``DAYLIGHT``
sub-component, each with a yearly ``RRULE`` (for Europe/Rome: last Sunday of October 03:00 -> CET,
last Sunday of March 02:00 -> CEST). icalendar's ``add_missing_timezones()`` writes instead a list of
``RDATE``s plus a ``COMMENT``, which libical's checker rejects and Outlook has been reported to
mishandle (docs/feeds.md).

The rule is read from the zone itself, not hard-coded: the transitions of a reference year give the
month, the weekday, which one of the month (``-1SU`` = last Sunday, ``2SU`` = second Sunday) and the
local time; the rule is then checked against zoneinfo for every year of a range, and a zone whose
transitions do not follow one yearly rule (or that changed its rules in that range) is refused with
``IrregularZone``. A zone without daylight-saving time gets a single ``STANDARD`` component.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CHECK_YEARS = (2020, 2035)  # inclusive range in which the rule must match zoneinfo exactly


class IrregularZone(ValueError):
    """The zone's transitions do not follow one yearly rule in the checked years."""


@dataclass(frozen=True, slots=True)
class Transition:
    at: datetime  # UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    name: str  # abbreviation after the change (CET, CEST)
    dst: bool  # daylight-saving time after the change

    @property
    def local(self) -> datetime:
        """Wall-clock time of the change, in the offset before it (the RFC 5545 convention)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class YearlyRule:
    month: int
    weekday: int  # 0 = Monday
    nth: int  # 1..4, or -1 for the last one of the month
    time: tuple[int, int, int]  # local wall-clock time before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool

    @property
    def byday(self) -> str:
        return f"{self.nth}{DAY_CODES[self.weekday]}"

    def day_in(self, year: int) -> date:
        days = calendar.monthrange(year, self.month)[1]
        if self.nth == -1:
            last = date(year, self.month, days)
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))

    def local_in(self, year: int) -> datetime:
        return datetime.combine(self.day_in(year), datetime.min.time()).replace(
            hour=self.time[0], minute=self.time[1], second=self.time[2]
        )


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every offset change of ``zone`` during ``year`` (UTC), found to the second."""
    out = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)
    t = start
    before = t.astimezone(zone).utcoffset()
    while t < end:
        nxt = min(t + step, end)
        after = nxt.astimezone(zone).utcoffset()
        if after != before:
            lo, hi = t, nxt  # offset(lo) == before, offset(hi) != before
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid.astimezone(zone).utcoffset() == before:
                    lo = mid
                else:
                    hi = mid
            moment = hi.astimezone(zone)
            out.append(Transition(hi, before, moment.utcoffset(), moment.tzname() or "", bool(moment.dst())))
            before = after
        t = nxt
    return out


def _rule_for(tr: Transition) -> YearlyRule:
    local = tr.local
    days = calendar.monthrange(local.year, local.month)[1]
    nth = -1 if local.day + 7 > days else (local.day - 1) // 7 + 1
    return YearlyRule(
        local.month,
        local.weekday(),
        nth,
        (local.hour, local.minute, local.second),
        tr.offset_from,
        tr.offset_to,
        tr.name,
        tr.dst,
    )


@lru_cache(maxsize=16)
def yearly_rules(zone_name: str, years: tuple[int, int] = CHECK_YEARS) -> tuple[YearlyRule, ...]:
    """The zone's yearly rules (none for a zone without DST), checked against zoneinfo for ``years``."""
    zone = ZoneInfo(zone_name)
    first, last = years
    found = transitions(zone, first)
    if len(found) not in (0, 2):
        raise IrregularZone(f"{zone_name}: {len(found)} offset changes in {first}, not a yearly DST rule")
    rules = tuple(_rule_for(t) for t in found)
    for year in range(first, last + 1):
        actual = transitions(zone, year)
        expected = sorted(
            ((r.local_in(year) - r.offset_from).replace(tzinfo=UTC), r.offset_from, r.offset_to) for r in rules
        )
        got = [(t.at, t.offset_from, t.offset_to) for t in actual]
        if got != expected:
            raise IrregularZone(f"{zone_name}: the changes of {year} do not follow the rules of {first}")
    return rules


def _offset_at(zone: ZoneInfo, year: int) -> tuple[timedelta, str]:
    moment = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    return moment.utcoffset(), moment.tzname() or ""


@lru_cache(maxsize=16)
def vtimezone(zone_name: str, years: tuple[int, int] = CHECK_YEARS) -> Timezone:
    """The VTIMEZONE component for ``zone_name``: STANDARD first, then DAYLIGHT, each with a yearly RRULE.

    DTSTART is the rule's first date in 1970 (the usual anchor: Outlook, libical and Apple write the same).
    Raises ``IrregularZone`` for a zone that does not follow one yearly rule in ``years``.
    """
    rules = yearly_rules(zone_name, years)
    tz = Timezone()
    tz.add("tzid", zone_name)
    if not rules:
        offset, name = _offset_at(ZoneInfo(zone_name), years[0])
        std = TimezoneStandard()
        std.add("dtstart", datetime(1970, 1, 1))
        std.add("tzoffsetfrom", offset)
        std.add("tzoffsetto", offset)
        if name:
            std.add("tzname", name)
        tz.add_component(std)
        return tz
    for rule in sorted(rules, key=lambda r: r.dst):  # STANDARD, then DAYLIGHT
        sub = TimezoneDaylight() if rule.dst else TimezoneStandard()
        sub.add("dtstart", rule.local_in(1970))
        sub.add("rrule", {"freq": "yearly", "bymonth": rule.month, "byday": rule.byday})
        sub.add("tzoffsetfrom", rule.offset_from)
        sub.add("tzoffsetto", rule.offset_to)
        if rule.name:
            sub.add("tzname", rule.name)
        tz.add_component(sub)
    return tz


@lru_cache(maxsize=16)
def vtimezone_bytes(zone_name: str) -> bytes:
    """The serialised VTIMEZONE (CRLF lines, folded), ready to splice into a calendar."""
    return vtimezone(zone_name).to_ical()  # small and cached: icalendar's own serialiser
