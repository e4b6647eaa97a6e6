"""What goes on which listing: the calendar's order of events, by day, month and entity.

Pure functions of the catalogue and "today" (no Jinja, no files), computed once per build and shared
by every page: each event's next and last occurrence, the events of each day, the upcoming and past
events in display order, and the members of every category, comune, province, venue and organiser.

Order everywhere: upcoming events first (by their next occurrence), then past ones (most recent
first). An event is upcoming while any of its occurrences has not ended before today's midnight, so
today's events stay listed all day; the site's small script hides those already over.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .model import Catalogue, Event, Occurrence

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class EventTimes:
    """An event's place in time, seen from "today"."""

    next: Occurrence  # the first occurrence not over before today (the last one, for past events)
    last_end: datetime  # when the last occurrence ends (start + default duration without an end)
    past: bool


@dataclass(frozen=True, slots=True)
class Listed:
    """One entry of a listing: the event and whether it is upcoming or past."""

    identity: str
    past: bool


def occurrence_end(occ: Occurrence, default: timedelta) -> datetime:
    return occ.end if occ.end is not None else occ.start + default


def last_day(occ: Occurrence) -> date:
    """The last calendar day an occurrence covers: the day before its (exclusive) end for an all-day
    span, else the day it starts."""
    return (occ.end - timedelta(seconds=1)).date() if occ.all_day and occ.end is not None else occ.start.date()


def occurrence_days(occ: Occurrence) -> list[date]:
    """The calendar days an occurrence is listed on: its start day; every day for all-day spans."""
    first = occ.start.date()
    return [first + timedelta(days=i) for i in range((last_day(occ) - first).days + 1)]


def open_on(event: Event, day: date) -> bool:
    """Is a long-running item open on ``day`` (inside its span, not closed, on an opening day)?"""
    occ = event.occurrences[0]
    if not (occ.start.date() <= day < (occ.end.date() if occ.end is not None else day + timedelta(days=1))):
        return False
    if day in event.closed:
        return False
    if event.opening_hours:
        key = WEEKDAY_KEYS[day.weekday()]
        return any(key in hours.days for hours in event.opening_hours)
    return True


class Agenda:
    """The catalogue in calendar order, seen from ``today`` (``None``: everything is upcoming)."""

    def __init__(self, catalogue: Catalogue, today: date | None, tz, default_minutes: int = 120):
        self.catalogue = catalogue
        self.today = today
        default = timedelta(minutes=default_minutes)
        start_of_today = datetime.combine(today, time(0), tzinfo=tz) if today is not None else None
        self.times: dict[str, EventTimes] = {}
        for identity, event in catalogue.events.items():
            occurrences = event.occurrences
            last_end = max(occurrence_end(o, default) for o in occurrences)
            if start_of_today is None:
                nxt, past = occurrences[0], False
            else:
                nxt = next((o for o in occurrences if occurrence_end(o, default) > start_of_today), None)
                past = nxt is None
                if nxt is None:
                    nxt = occurrences[-1]
            self.times[identity] = EventTimes(nxt, last_end, past)
        events = catalogue.events
        self.upcoming = sorted(
            (i for i, t in self.times.items() if not t.past),
            key=lambda i: (self.times[i].next.start, events[i].title, i),
        )
        self.past = sorted(
            (i for i, t in self.times.items() if t.past),
            key=lambda i: (self.times[i].next.start, events[i].title, i),
            reverse=True,
        )
        self.ordered = [Listed(i, False) for i in self.upcoming] + [Listed(i, True) for i in self.past]

        # Days: dated items (not long-running ones, which would fill every cell of their span).
        days: dict[date, list] = defaultdict(list)
        self.long_running: list[str] = []
        self._open_on: dict[date, list[str]] = {}
        for identity, event in events.items():
            if event.long_running:
                self.long_running.append(identity)
                continue
            for occ in event.occurrences:
                for day in occurrence_days(occ):
                    days[day].append((occ, identity))
        for items in days.values():
            items.sort(key=lambda pair: (not pair[0].all_day, pair[0].start, events[pair[1]].title, pair[1]))
        self.days = dict(sorted(days.items()))
        self.long_running.sort(key=lambda i: (events[i].occurrences[0].start, events[i].title, i))
        self.months = self._month_range()

    def _month_range(self) -> list[tuple[int, int]]:
        """Every month from the first occurrence to the last, gaps included (prev/next always resolve)."""
        firsts = [e.occurrences[0].start.date() for e in self.catalogue.events.values()]
        lasts = [last_day(e.occurrences[-1]) for e in self.catalogue.events.values()]
        if not firsts:
            if self.today is None:
                return []
            return [(self.today.year, self.today.month)]
        first, last = min(firsts), max(lasts)
        if self.today is not None:
            first, last = min(first, self.today), max(last, self.today)
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def long_running_in(self, first: date, last: date) -> list[str]:
        """Long-running items whose span touches ``[first, last]``."""
        out = []
        for identity in self.long_running:
            occ = self.catalogue.events[identity].occurrences[0]
            end = (occ.end - timedelta(seconds=1)).date() if occ.end is not None else occ.start.date()
            if occ.start.date() <= last and end >= first:
                out.append(identity)
        return out

    def open_long_running(self, day: date) -> list[str]:
        """The long-running items open on ``day`` (memoised: a day's page asks in each language)."""
        found = self._open_on.get(day)
        if found is None:
            events = self.catalogue.events
            found = self._open_on[day] = [i for i in self.long_running if open_on(events[i], day)]
        return found

    def groups(self) -> dict[str, dict[str, list[Listed]]]:
        """Members of every category, comune, province, venue, organiser (and regional support),
        in display order; every key of the vocabulary or catalogue is present, even when empty."""
        from .vocabulary import load_vocabularies

        catalogue = self.catalogue
        out: dict[str, dict[str, list[Listed]]] = {
            "category": {key: [] for key in load_vocabularies().categories},
            "comune": {},
            "province": {},
            "venue": {vid: [] for vid in catalogue.venues},
            "organiser": {oid: [] for oid in catalogue.organisers},
            "regional": {"": []},
        }
        for comune in [v.comune for v in catalogue.venues.values()] + [o.comune for o in catalogue.organisers.values()]:
            out["comune"].setdefault(comune.istat, [])
            out["province"].setdefault(comune.province, [])
        venues = catalogue.venues
        for item in self.ordered:
            event = catalogue.events[item.identity]
            out["category"].setdefault(event.category.key, []).append(item)
            venue = venues.get(event.venue) if event.venue else None
            if venue is not None:
                out["venue"][venue.id].append(item)
                out["comune"][venue.comune.istat].append(item)
                out["province"][venue.comune.province].append(item)
            for oid in (event.organiser, *event.co_organisers):
                if oid in out["organiser"]:
                    out["organiser"][oid].append(item)
            if event.regional_support:
                out["regional"][""].append(item)
        return out

    def weekend(self) -> list[date]:
        """The days of "this weekend": the coming Saturday and Sunday (only Sunday on a Sunday)."""
        if self.today is None:
            return []
        wd = self.today.weekday()
        if wd == 6:
            return [self.today]
        saturday = self.today + timedelta(days=5 - wd)
        return [saturday, saturday + timedelta(days=1)]
