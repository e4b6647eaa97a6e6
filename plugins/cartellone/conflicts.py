"""Date conflicts: "check in advance what is already scheduled".

Three rules, in increasing scope, with severities from the settings (docs/conflicts.md):

1. ``venue``  — same venue, overlapping times: a double booking (error unless acknowledged);
2. ``comune`` — same comune, both on in the evening of the same day, same category family or a
   shared audience (warning);
3. ``nearby`` — same day, same category, comuni within ``nearby_km`` or in the same province (notice).

Nothing compares every pair of events: occurrences are indexed by (venue, day), (comune, day) and
(category, day), and only occurrences in the same bucket are compared. Long-running items
(exhibitions) and cancelled or postponed dates take no part. Each finding lists the other events and
proposes the nearest dates on which the same rule would find nothing.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
from bisect import bisect_left
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from .findings import Finding, Severity, finding
from .gcpause import gc_paused
from .model import Catalogue, Event
from .settings import ConflictRules
from .vocabulary import distance_km

_NOT_TAKING_PART = {"cancelled", "postponed"}


@dataclass(frozen=True, slots=True)
class Slot:
    """An occurrence as the conflict rules see it."""

    event: Event
    start: datetime
    end: datetime
    venue: str
    comune: str
    province: str

    @property
    def identity(self) -> str:
        return self.event.identity


def _days(start: datetime, end: datetime) -> list[date]:
    last = (end - timedelta(microseconds=1)).date()
    day = start.date()
    if day == last:  # most slots: one day
        return [day]
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=1)
    return out


def _has_evening(slot: Slot, day: date, evening_from: time) -> bool:
    evening = datetime.combine(day, evening_from, tzinfo=slot.start.tzinfo)
    night = datetime.combine(day + timedelta(days=1), time(4), tzinfo=slot.start.tzinfo)
    return slot.start < night and slot.end > evening


def _neighbours(comuni: dict, limit: float) -> dict:
    """ISTAT -> the set of comuni within ``limit`` km (itself included); ``limit`` 0 means itself only."""
    if not limit > 0:
        return {c: {c} for c in comuni}
    # A great-circle distance is never shorter than the difference in latitude (R * dphi), so pairs
    # further apart than that in latitude are skipped without the trigonometry (with a margin for
    # rounding; the haversine below still decides every pair that is kept).
    max_dlat = math.degrees(limit / 6371.0088) * (1 + 1e-6) + 1e-9
    items = sorted(comuni.values(), key=lambda c: c.lat)
    lats = [c.lat for c in items]
    out = {}
    for a in comuni.values():
        low = bisect_left(lats, a.lat - max_dlat)
        near = set()
        for b in items[low:]:
            if b.lat > a.lat + max_dlat:
                break
            if distance_km(a.lat, a.lon, b.lat, b.lon) <= limit:
                near.add(b.istat)
        out[a.istat] = near
    return out


_MANY = object()  # a venue mark: slots at more than one venue


def _merge_mark(mark, venue):
    """Venue marks: None (no slot), one venue id, or _MANY."""
    if mark is None or mark == venue:
        return venue
    return _MANY


class _CategoryDay:
    """One (category, day) bucket of the nearby rule, grouped by province and by comune.

    Entries are ``(day, slot)`` pairs (the value kept per clashing event), each group in bucket order.
    ``province_venue`` / ``comune_venue`` hold the group's venue mark (one venue id, or _MANY), which is
    all ``_Index.nearby_blocked`` needs to tell whether a day is free.
    """

    __slots__ = ("_near", "by_province", "comune_venue", "comuni", "near_groups", "province_venue")

    def __init__(self, day: date, bucket: list):
        by_province: dict = {}
        by_comune: dict = {}
        province_venue: dict = {}
        comune_venue: dict = {}
        for slot in bucket:
            entry = (day, slot)
            province, comune, venue = slot.province, slot.comune, slot.venue
            group = by_province.get(province)
            if group is None:
                group = by_province[province] = []
            group.append(entry)
            group = by_comune.get(comune)
            if group is None:
                group = by_comune[comune] = (comune, province, [])
            group[2].append(entry)
            province_venue[province] = _merge_mark(province_venue.get(province), venue)
            comune_venue[comune] = _merge_mark(comune_venue.get(comune), venue)
        self.by_province = by_province
        self.comuni = list(by_comune.values())
        self.province_venue = province_venue
        self.comune_venue = comune_venue
        self._near: dict = {}
        self.near_groups: dict = {}  # (comune, province) -> the groups of comuni that may clash with it

    def near_mark(self, comune: str, neighbours: dict):
        """The venue mark of the slots whose comune has ``comune`` among its neighbours."""
        if comune in self._near:
            return self._near[comune]
        mark = None
        for other, venue_mark in self.comune_venue.items():
            if comune in neighbours.get(other, ()):
                mark = _merge_mark(mark, venue_mark)
                if mark is _MANY:
                    break
        self._near[comune] = mark
        return mark


def _acknowledged(a: Event, b: Event) -> bool:
    return b.identity in a.acknowledged or a.identity in b.acknowledged


def _shared_audience(a: Event, b: Event) -> set:
    return (set(a.audience) & set(b.audience)) - {"tutti"}


class _Index:
    """Occurrences bucketed by (venue, day), (comune, day) and (category, day)."""

    def __init__(self, catalogue: Catalogue, rules: ConflictRules):
        self.rules = rules
        self.evening_from = time.fromisoformat(rules.evening_from)
        self.by_venue: dict = defaultdict(list)
        self.by_comune: dict = defaultdict(list)
        self.by_category: dict = defaultdict(list)
        self._evenings: dict = {}
        self._category_days: dict = {}
        self._crowded: dict = {}
        self._comune_days: dict = {}
        self._comune_marks: dict = {}
        self.labels: dict = {}  # (id(slot), day) -> how the findings name that slot
        self._category_dates: dict | None = None
        self._audiences: dict = {}
        # Every slot of an event carries the event's one venue (Event.venue): the fast paths of the
        # nearby and comune rules rely on it.
        duration = timedelta(minutes=rules.default_duration_minutes)
        venues = catalogue.venues
        for event in catalogue.events.values():
            if event.long_running or event.status in _NOT_TAKING_PART or event.venue not in venues:
                continue
            venue = venues[event.venue]
            for occ in event.occurrences:
                if occ.status in _NOT_TAKING_PART:
                    continue
                # elapsed time, not wall-clock time (which is one hour off on a daylight-saving day)
                end = occ.end or (occ.start.astimezone(UTC) + duration).astimezone(occ.start.tzinfo)
                slot = Slot(event, occ.start, end, venue.id, venue.comune.istat, venue.comune.province)
                for day in _days(occ.start, end):
                    self.by_venue[(slot.venue, day)].append(slot)
                    if self.has_evening(slot, day):
                        self.by_comune[(slot.comune, day)].append(slot)
                    self.by_category[(event.category.key, day)].append(slot)
        self.neighbours = _neighbours(catalogue.comuni, rules.nearby_km)

    def has_evening(self, slot: Slot, day: date) -> bool:
        """``_has_evening(slot, day, self.evening_from)``, with the day's bounds built once per day."""
        return self._evening_between(slot.start, slot.end, day)

    def _evening_between(self, start: datetime, end: datetime, day: date) -> bool:
        key = (day, start.tzinfo)
        bounds = self._evenings.get(key)
        if bounds is None:
            tz = start.tzinfo
            bounds = self._evenings[key] = (
                datetime.combine(day, self.evening_from, tzinfo=tz),
                datetime.combine(day + timedelta(days=1), time(4), tzinfo=tz),
            )
        return start < bounds[1] and end > bounds[0]

    def _audience(self, event: Event) -> frozenset:
        """The event's audiences but "tutti": (A & B) - {tutti} is (A - {tutti}) & (B - {tutti})."""
        audience = self._audiences.get(id(event))
        if audience is None:
            audience = self._audiences[id(event)] = frozenset(event.audience) - {"tutti"}
        return audience

    def crowded_days(self, category: str, province: str) -> set:
        """Days on which the province holds slots of ``category`` at two venues or more: a nearby clash
        for any slot there (one of the two is at another venue, hence of another event)."""
        key = (category, province)
        days = self._crowded.get(key)
        if days is None:
            if self._category_dates is None:
                self._category_dates = {}
                for cat, day in self.by_category:
                    self._category_dates.setdefault(cat, []).append(day)
            days = self._crowded[key] = {
                day
                for day in self._category_dates.get(category, ())
                if self.category_day((category, day)).province_venue.get(province) is _MANY
            }
        return days

    def category_day(self, key: tuple) -> _CategoryDay:
        """The grouped (category, day) bucket, built on first use."""
        grouped = self._category_days.get(key)
        if grouped is None:
            grouped = self._category_days[key] = _CategoryDay(key[1], self.by_category.get(key, ()))
        return grouped

    def nearby_others(self, slot: Slot, grouped: _CategoryDay) -> list:
        """``others("nearby", slot, day)`` as ``(day, other)`` pairs, looking only at the groups that can clash.

        ``nearby_clash`` needs the other slot's comune near this one or (with ``same_province``) the same
        province, so the other provinces' comuni that are not near are never compared. Within those
        groups the predicate is just "another venue", since every slot of an event has the event's one
        venue. Each group keeps bucket order, and the slots of one event all share one venue, hence one
        group: the first pair kept per other event is the one the full scan keeps.
        """
        comune, province = slot.comune, slot.province
        same_province = self.rules.same_province
        neighbours = self.neighbours
        # nearby_clash on a pair of one (category, day) bucket, in the groups that can clash: true
        # exactly when the venues differ (and then so do the events).
        venue = slot.venue
        groups = grouped.near_groups.get((comune, province))
        if groups is None:  # the same for every slot of this comune in the bucket
            groups = grouped.near_groups[(comune, province)] = [
                entries
                for other_comune, other_province, entries in grouped.comuni
                if not (same_province and other_province == province) and comune in neighbours.get(other_comune, ())
            ]
            if same_province and province in grouped.by_province:
                groups.insert(0, grouped.by_province[province])
        out = []
        for entries in groups:
            out += [entry for entry in entries if entry[1].venue != venue]
        return out

    def nearby_blocked(self, slot: Slot, day: date) -> bool:
        """Whether ``slot``, moved to ``day``, would meet a nearby clash.

        The same answer as trying ``nearby_clash`` on every other event's slot of the (category, day)
        bucket: the rule does not look at the time of day, only at another venue near enough (a near
        comune or, with ``same_province``, the same province). Since all the slots of one event share its
        venue, "another event" follows from "another venue", and a group's venue mark says whether it
        holds one.
        """
        key = (slot.event.category.key, day)
        grouped = self._category_days.get(key)
        if grouped is None:
            if key not in self.by_category:
                return False
            grouped = self.category_day(key)
        venue = slot.venue
        if self.rules.same_province:
            mark = grouped.province_venue.get(slot.province)
            if mark is not None and mark != venue:
                return True
        mark = grouped.near_mark(slot.comune, self.neighbours)
        return mark is not None and mark != venue

    # The three rules, as predicates on two slots on one day.
    def venue_clash(self, a: Slot, b: Slot) -> bool:
        # Compare instants: aware datetimes sharing one tzinfo compare by wall clock in Python,
        # which is wrong around daylight-saving changes.
        return (
            a.venue == b.venue and a.start.timestamp() < b.end.timestamp() and b.start.timestamp() < a.end.timestamp()
        )

    def comune_clash(self, a: Slot, b: Slot) -> bool:
        if a.comune != b.comune or a.venue == b.venue:
            return False
        ea, eb = a.event, b.event
        # (the audience sets are _shared_audience(ea, eb), with "tutti" taken out beforehand)
        return ea.category.family == eb.category.family or bool(self._audience(ea) & self._audience(eb))

    def comune_others(self, slot: Slot, day: date) -> list:
        """``others("comune", slot, day)``, with comune_clash read off ``comune_day``: every slot of the
        bucket is in the slot's comune, so it clashes when at another venue with the same family or a
        shared audience."""
        key = (slot.comune, day)
        bucket = self.by_comune.get(key, ())
        identity, venue = slot.identity, slot.venue
        family, audience = slot.event.category.family, self._audience(slot.event)
        return [
            o
            for o, (i, v, f, a) in zip(bucket, self.comune_day(key), strict=True)
            if i != identity and v != venue and (f == family or bool(a & audience))
        ]

    def comune_day(self, key: tuple) -> list:
        """(identity, venue, family, audience) of each slot of one (comune, day) bucket, built once."""
        info = self._comune_days.get(key)
        if info is None:
            info = self._comune_days[key] = [
                (o.event.identity, o.venue, o.event.category.family, self._audience(o.event))
                for o in self.by_comune.get(key, ())
            ]
        return info

    def nearby_clash(self, a: Slot, b: Slot) -> bool:
        if a.venue == b.venue or a.event.category.key != b.event.category.key:
            return False
        if a.comune in self.neighbours.get(b.comune, ()):
            return True
        return self.rules.same_province and a.province == b.province

    def others(self, rule: str, slot: Slot, day: date):
        """Slots of other events that clash with ``slot`` on ``day`` under ``rule``."""
        if rule == "venue":
            bucket, clash = self.by_venue.get((slot.venue, day), ()), self.venue_clash
        elif rule == "comune":
            bucket, clash = self.by_comune.get((slot.comune, day), ()), self.comune_clash
        else:
            bucket, clash = self.by_category.get((slot.event.category.key, day), ()), self.nearby_clash
        return [o for o in bucket if o.identity != slot.identity and clash(slot, o)]

    def moved(self, slot: Slot, days: int) -> Slot:
        delta = timedelta(days=days)
        return Slot(slot.event, slot.start + delta, slot.end + delta, slot.venue, slot.comune, slot.province)

    def free_dates(self, rule: str, slot: Slot, today: date | None) -> list[date]:
        """The nearest days (either side) on which the same slot would meet no clash under ``rule``."""
        found: list[date] = []
        # the days the slot touches, as offsets from its start (one crossing midnight touches two)
        first_day = slot.start.date()  # (slot.start + n days).date() is this + n days: wall-clock arithmetic
        span = [d - first_day for d in _days(slot.start, slot.end)]
        suggest_count = self.rules.suggest_count
        if rule == "nearby":
            # The nearby rule does not look at times: no moved slot to build, and a day on which the
            # slot's province is crowded with its category is taken whatever the venue.
            crowded = self.crowded_days(slot.event.category.key, slot.province) if self.rules.same_province else ()
            blocked = self.nearby_blocked
            if crowded and len(span) == 1:
                # The days of the search, nearest first, skipping the crowded ones; walked only as far as
                # needed (the first free days are usually a few steps away).
                for step in range(1, self.rules.suggest_days + 1):
                    for day in (first_day + timedelta(days=step), first_day - timedelta(days=step)):
                        if day in crowded or (today is not None and day < today) or blocked(slot, day):
                            continue
                        found.append(day)
                        if len(found) >= suggest_count:
                            return sorted(found)
                return sorted(found)
            for step in range(1, self.rules.suggest_days + 1):
                for days in (step, -step):
                    day = first_day + timedelta(days=days)
                    if today is not None and day < today:
                        continue
                    for offset in span:
                        touched = day + offset
                        if touched in crowded or blocked(slot, touched):
                            break
                    else:
                        found.append(day)
                        if len(found) >= suggest_count:
                            return sorted(found)
            return sorted(found)
        if rule == "comune" and slot.start.tzinfo is slot.end.tzinfo:
            return self._comune_free_dates(slot, today, first_day, span)
        identity = slot.identity
        if rule == "venue":
            clash, buckets, bucket_key = self.venue_clash, self.by_venue, slot.venue
        else:
            clash, buckets, bucket_key = self.comune_clash, self.by_comune, slot.comune
            venue, family, audience = slot.venue, slot.event.category.family, self._audience(slot.event)
        for step in range(1, self.rules.suggest_days + 1):
            for days in (step, -step):
                delta = timedelta(days=days)
                start, end = slot.start + delta, slot.end + delta
                day = start.date()
                if today is not None and day < today:
                    continue
                if rule == "comune":
                    # comune_clash does not look at times, only whether the moved slot is on in the evening;
                    # in a (comune, day) bucket it is: another venue, and the same family or audience.
                    if not self._evening_between(start, end, day):
                        continue
                    if not any(
                        i != identity and v != venue and (f == family or bool(a & audience))
                        for offset in span
                        if self._evening_between(start, end, day + offset)
                        for i, v, f, a in self.comune_day((bucket_key, day + offset))
                    ):
                        found.append(day)
                        if len(found) >= suggest_count:
                            return sorted(found)
                    continue
                else:
                    candidate = Slot(slot.event, start, end, slot.venue, slot.comune, slot.province)
                    days_touched = [day + offset for offset in span]
                if not any(
                    o.identity != identity and clash(candidate, o)
                    for d in days_touched
                    for o in buckets.get((bucket_key, d), ())
                ):
                    found.append(day)
                    if len(found) >= suggest_count:
                        return sorted(found)
        return sorted(found)

    def _comune_free_dates(self, slot: Slot, today: date | None, first_day: date, span: list) -> list[date]:
        """``free_dates("comune", ...)`` for a slot whose start and end share one tzinfo.

        Moving a slot by whole days moves its wall clock, and with one tzinfo the evening test compares
        wall clocks: the moved slot is on in the evening of the same days (offsets) as the slot itself,
        so that is worked out once. comune_clash does not look at times; in a (comune, day) bucket it is
        another venue (hence, one venue per event, another event) with the same family or a shared
        audience, which the bucket's venue marks by family and by audience answer.
        """
        found: list[date] = []
        evenings = [offset for offset in span if self._evening_between(slot.start, slot.end, first_day + offset)]
        if not evenings or evenings[0]:  # not on in the evening of its own first day: never free
            return found
        comune, venue = slot.comune, slot.venue
        family, audience = slot.event.category.family, self._audience(slot.event)
        marks = self.comune_marks
        suggest_count = self.rules.suggest_count
        for step in range(1, self.rules.suggest_days + 1):
            for days in (step, -step):
                day = first_day + timedelta(days=days)
                if today is not None and day < today:
                    continue
                for offset in evenings:
                    by_family, by_audience = marks((comune, day + offset))
                    mark = by_family.get(family)
                    if mark is not None and mark != venue:
                        break
                    if any(by_audience.get(a, venue) != venue for a in audience):
                        break
                else:
                    found.append(day)
                    if len(found) >= suggest_count:
                        return sorted(found)
        return sorted(found)

    def comune_marks(self, key: tuple) -> tuple:
        """Venue marks of a (comune, day) bucket by category family and by audience (not "tutti")."""
        marks = self._comune_marks.get(key)
        if marks is None:
            by_family: dict = {}
            by_audience: dict = {}
            for _, v, f, a in self.comune_day(key):
                by_family[f] = _merge_mark(by_family.get(f), v)
                for x in a:
                    by_audience[x] = _merge_mark(by_audience.get(x), v)
            marks = self._comune_marks[key] = (by_family, by_audience)
        return marks

    def _bucket(self, rule, slot, day):
        if rule == "venue":
            return self.by_venue.get((slot.venue, day), ())
        if rule == "comune":
            return self.by_comune.get((slot.comune, day), ())
        return self.by_category.get((slot.event.category.key, day), ())

    def _clash(self, rule, a, b):
        return {"venue": self.venue_clash, "comune": self.comune_clash, "nearby": self.nearby_clash}[rule](a, b)


RULES = ("venue", "comune", "nearby")


def _severity(rules: ConflictRules, rule: str) -> str:
    return {"venue": rules.venue_severity, "comune": rules.comune_severity, "nearby": rules.nearby_severity}[rule]


def find_conflicts(
    catalogue: Catalogue,
    rules: ConflictRules,
    focus: set | None = None,
    today: date | None = None,
    site_url: str = "",
    workers: int | None = None,
) -> list[Finding]:
    """Findings for every event (or every event in ``focus``) that clashes with another one.

    ``workers``: processes (1 or 2; default: 2 from ``PARALLEL_FROM`` events where fork() exists)."""
    with gc_paused():
        return _find_conflicts(catalogue, rules, focus, today, site_url, workers)


def _find_conflicts(catalogue, rules, focus, today, site_url, workers=None) -> list[Finding]:
    if workers is None:
        workers = 2 if len(catalogue.events) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and _fork_fits() else 1
    index = _Index(catalogue, rules)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [f for _, f in _collect(index, catalogue, rules, focus, today, site_url)]
    # Two processes share the built index (fork: copy-on-write, nothing pickled on the way in). An
    # event has one venue, comune and category, so all its pairs under a rule are in the buckets of
    # one place (venue, comune or category): each process takes whole places, balanced by their
    # number of slots. Each finding comes with its place in the one-process order, so the merged list
    # is the same, in the same order.
    mine, theirs = _split_places(index)
    global _SHARED
    _SHARED = (index, catalogue, rules, focus, today, site_url, theirs)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            other = pool.submit(_collect_shared)
            found = _collect(index, catalogue, rules, focus, today, site_url, mine)
            found += pickle.loads(other.result())
    finally:
        _SHARED = None
    found.sort(key=lambda item: item[0])
    return [f for _, f in found]


PARALLEL_FROM = 5000  # events; below this, forking costs more than the second process saves
_SHARED = None  # what the forked process works on: set just before the fork

# The second process shares the loaded catalogue copy-on-write, but Python writes a reference count
# into every object it reads, so it ends up copying most of the pages it touches. Measured at 100,000
# events: 480 MB after loading, 770 MB at the end in one process, 1,180 MB for both processes together
# (summed PSS), i.e. about 2.45 times the size after loading. The second process is used only while
# that estimate stays within the memory budget; above it, one process (slower, within the budget).
MEMORY_BUDGET_MB = 1024
TWO_PROCESS_GROWTH = 2.45


def _fork_fits() -> bool:
    rss = _rss_mb()
    return rss is not None and rss * TWO_PROCESS_GROWTH <= MEMORY_BUDGET_MB


def _rss_mb() -> float | None:
    """This process's resident size now (Linux), else None (then one process)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _split_places(index) -> tuple[dict, dict]:
    """Two shares of the places of each rule (rule -> set of venue/comune/category keys), balanced by
    their slots (largest first, each to the lighter share)."""
    shares: tuple[dict, dict] = ({}, {})
    for rule in RULES:
        sizes: dict = defaultdict(int)
        for key, bucket in _buckets(index, rule).items():
            if len(bucket) > 1:
                sizes[key[0]] += len(bucket)
        loads, parts = [0, 0], (set(), set())
        for place, size in sorted(sizes.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            lighter = 0 if loads[0] <= loads[1] else 1
            loads[lighter] += size
            parts[lighter].add(place)
        shares[0][rule], shares[1][rule] = parts
    return shares


def _buckets(index, rule: str) -> dict:
    return {"venue": index.by_venue, "comune": index.by_comune, "nearby": index.by_category}[rule]


def _collect_shared() -> bytes:
    from .repository import dumps_compact

    with gc_paused():
        return dumps_compact(_collect(*_SHARED))


class _RuleHits:
    """What one rule found, per event: the other events (the first pair with each), the first clashing
    slot, the place in the one-process order where the event was first met, and (venue rule) the
    acknowledged pairs."""

    __slots__ = ("acknowledged", "first_slot", "hits", "place")

    def __init__(self):
        self.hits: dict[str, dict] = {}  # identity -> {other identity: (day, other slot)}
        self.first_slot: dict[str, tuple[Slot, date]] = {}
        self.place: dict = {}  # identity (or ("ack", identity)) -> (bucket number, position)
        self.acknowledged: dict[str, dict] = {}

    def add(self, identity: str, kept: list, where: tuple, slot: Slot, day: date) -> None:
        per_event = self.hits.get(identity)
        if per_event is None:
            per_event = self.hits[identity] = {}
            self.place[identity] = where
        for other_identity, pair in kept:
            if other_identity not in per_event:
                per_event[other_identity] = pair
        first = self.first_slot.get(identity)
        if first is None or day < first[1]:
            self.first_slot[identity] = (slot, day)

    def acknowledge(self, identity: str, other_identity: str, pair: tuple, where: tuple) -> None:
        per_event = self.acknowledged.get(identity)
        if per_event is None:
            per_event = self.acknowledged[identity] = {}
            self.place[("ack", identity)] = where
        per_event.setdefault(other_identity, pair)


def _collect(index, catalogue, rules, focus, today, site_url, places=None) -> list[tuple[tuple, Finding]]:
    """The findings for the events in ``focus`` (all when None) whose place under each rule is in
    ``places`` (all when None), each with its place in the full order: (rule, hit or acknowledged,
    bucket number, position in the bucket) of its first pair."""
    venues = catalogue.venues
    findings: list[tuple[tuple, Finding]] = []
    for rule_number, rule in enumerate(RULES):
        severity = _severity(rules, rule)
        if severity == "off":
            continue
        found = _RuleHits()
        share = places[rule] if places is not None else None
        for bucket_number, (key, bucket) in enumerate(_buckets(index, rule).items()):
            if len(bucket) < 2 or (share is not None and key[0] not in share):
                continue
            day = key[1]
            grouped = index.category_day(key) if rule == "nearby" else None
            evening = {id(s): index.has_evening(s, day) for s in bucket} if rule == "nearby" else None
            for position, slot in enumerate(bucket):
                event = slot.event
                identity = event.identity
                if focus is not None and identity not in focus:
                    continue
                if grouped is not None:
                    # The rule with by far the most pairs: nearby pairs are never at one venue
                    # (nearby_clash), so only an acknowledgement or the comune rule can drop one.
                    acks, comune, slot_evening = event.acknowledged, slot.comune, evening[id(slot)]
                    kept = []
                    for pair in index.nearby_others(slot, grouped):
                        other = pair[1]
                        other_event = other.event
                        other_identity = other_event.identity
                        if (acks or other_event.acknowledged) and (
                            other_identity in acks or identity in other_event.acknowledged
                        ):
                            continue
                        if (
                            other.comune == comune
                            and slot_evening
                            and evening[id(other)]
                            and index.comune_clash(slot, other)
                        ):
                            continue
                        kept.append((other_identity, pair))
                    if kept:
                        found.add(identity, kept, (bucket_number, position), slot, day)
                    continue
                others = index.comune_others(slot, day) if rule == "comune" else index.others(rule, slot, day)
                kept = []
                for other in others:
                    other_event = other.event
                    other_identity = other_event.identity
                    pair = (day, other)
                    if other_identity in event.acknowledged or identity in other_event.acknowledged:
                        if rule == "venue":
                            found.acknowledge(identity, other_identity, pair, (bucket_number, position))
                        continue
                    if rule != "venue" and slot.venue == other.venue and index.venue_clash(slot, other):
                        continue  # already reported by the stronger rule
                    kept.append((other_identity, pair))
                if kept:
                    found.add(identity, kept, (bucket_number, position), slot, day)
        hits, first_slot, place = found.hits, found.first_slot, found.place
        for identity, others in hits.items():
            slot, day = first_slot[identity]
            findings.append(
                (
                    (rule_number, 0, *place[identity]),
                    _finding(rule, severity, slot, day, others, index, rules, venues, catalogue, today, site_url),
                )
            )
        for identity, others in found.acknowledged.items():
            if identity in hits:
                continue
            day, other = min(others.values(), key=lambda x: x[0])
            event = catalogue.events[identity]
            ack = finding(
                "conflict-venue-acknowledged",
                event.file,
                line=event.line,
                field=None,
                severity=Severity.NOTICE,
                venue=venues[event.venue].name,
                when=day.isoformat(),
                others=_names(others, catalogue, rules.max_related),
                related=tuple(sorted(others)),
            )
            findings.append(((rule_number, 1, *place[("ack", identity)]), ack))
    return findings


def _names(others: dict, catalogue: Catalogue, limit: int, labels: dict | None = None) -> str:
    # by (day, identity), as sorted(others.items(), key=...) would (identities are unique, so the third
    # item is never compared)
    parts = []
    for day, identity, (_, slot) in sorted([(v[0], k, v) for k, v in others.items()])[:limit]:
        label = labels.get((id(slot), day)) if labels is not None else None
        if label is None:
            e = slot.event
            start = slot.start
            when = f"{start.hour:02d}:{start.minute:02d}" if not _is_all_day(slot) else day.isoformat()
            venue = catalogue.venues[slot.venue].name
            label = f"«{e.title}» ({identity}, {venue}, {when})"
            if labels is not None:  # the same slot is named in many findings: format it once
                labels[(id(slot), day)] = label
        parts.append(label)
    if len(others) > limit:
        parts.append(f"+{len(others) - limit}")
    return "; ".join(parts)


def _is_all_day(slot: Slot) -> bool:
    return slot.start.time() == time(0) and slot.end - slot.start >= timedelta(days=1)


def _finding(rule, severity, slot, day, others, index, rules, venues, catalogue, today, site_url) -> Finding:
    event = slot.event
    free = index.free_dates(rule, slot, today)
    free_text = ", ".join(d.isoformat() for d in free) or "—"
    # the slot's own start (a slot crossing midnight may clash on the day after it starts)
    # (isoformat, not strftime: the same text, "2027-01-10 20:30", at a fraction of the cost)
    when = day.isoformat() if _is_all_day(slot) else slot.start.replace(tzinfo=None).isoformat(" ", "minutes")
    common = {
        "when": when,
        "others": _names(others, catalogue, rules.max_related, index.labels),
        "free": free_text,
    }
    related = tuple(sorted(others))
    if rule == "venue":
        return finding(
            "conflict-venue",
            event.file,
            line=event.line,
            field="venue",
            severity=severity,
            related=related,
            venue=venues[slot.venue].name,
            **common,
        )
    if rule == "comune":
        why_it, why_en = _why(event, [o[1].event for o in others.values()])
        return finding(
            "conflict-comune",
            event.file,
            line=event.line,
            severity=severity,
            related=related,
            comune=catalogue.comuni[slot.comune].name,
            why=why_it,
            why_en=why_en,
            **common,
        )
    return finding("conflict-nearby", event.file, line=event.line, severity=severity, related=related, **common)


def _why(event: Event, others: list[Event]) -> tuple[str, str]:
    same_family = any(o.category.family == event.category.family for o in others)
    audiences = set()
    for o in others:
        audiences |= _shared_audience(event, o)
    if same_family:
        return f"stesso genere: {event.category.label_it}", f"same kind: {event.category.label_en}"
    return f"stesso pubblico: {', '.join(sorted(audiences))}", f"same audience: {', '.join(sorted(audiences))}"


def day_load(catalogue: Catalogue, rules: ConflictRules) -> dict:
    """(comune ISTAT, day) -> number of events on that day, for the planner view."""
    index = _Index(catalogue, rules)
    load: dict = defaultdict(set)
    for (_, day), bucket in index.by_venue.items():
        for slot in bucket:
            load[(slot.comune, day)].add(slot.identity)
    return {k: len(v) for k, v in load.items()}
