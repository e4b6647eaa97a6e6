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

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from .findings import Finding, Severity, finding
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
    out, day = [], start.date()
    while day <= last:
        out.append(day)
        day += timedelta(days=1)
    return out


def _has_evening(slot: Slot, day: date, evening_from: time) -> bool:
    evening = datetime.combine(day, evening_from, tzinfo=slot.start.tzinfo)
    night = datetime.combine(day + timedelta(days=1), time(4), tzinfo=slot.start.tzinfo)
    return slot.start < night and slot.end > evening


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
                end = occ.end or (occ.start.astimezone(timezone.utc) + duration).astimezone(occ.start.tzinfo)
                slot = Slot(event, occ.start, end, venue.id, venue.comune.istat, venue.comune.province)
                for day in _days(occ.start, end):
                    self.by_venue[(slot.venue, day)].append(slot)
                    if _has_evening(slot, day, self.evening_from):
                        self.by_comune[(slot.comune, day)].append(slot)
                    self.by_category[(event.category.key, day)].append(slot)
        comuni = catalogue.comuni
        limit = rules.nearby_km
        self.neighbours = {
            a.istat: {b.istat for b in comuni.values() if distance_km(a.lat, a.lon, b.lat, b.lon) <= limit}
            for a in comuni.values()
        } if limit > 0 else {c: {c} for c in comuni}

    # The three rules, as predicates on two slots on one day.
    def venue_clash(self, a: Slot, b: Slot) -> bool:
        # Compare instants: aware datetimes sharing one tzinfo compare by wall clock in Python,
        # which is wrong around daylight-saving changes.
        return (
            a.venue == b.venue
            and a.start.timestamp() < b.end.timestamp()
            and b.start.timestamp() < a.end.timestamp()
        )

    def comune_clash(self, a: Slot, b: Slot) -> bool:
        return (
            a.comune == b.comune
            and a.venue != b.venue
            and (a.event.category.family == b.event.category.family or bool(_shared_audience(a.event, b.event)))
        )

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
        span = [d - slot.start.date() for d in _days(slot.start, slot.end)]
        for step in range(1, self.rules.suggest_days + 1):
            for days in (step, -step):
                candidate = self.moved(slot, days)
                day = candidate.start.date()
                if today is not None and day < today:
                    continue
                if rule == "comune" and not _has_evening(candidate, day, self.evening_from):
                    continue
                days_touched = [
                    day + offset for offset in span
                    if rule != "comune" or _has_evening(candidate, day + offset, self.evening_from)
                ]
                if not any(
                    o.identity != slot.identity and self._clash(rule, candidate, o)
                    for d in days_touched
                    for o in self._bucket(rule, candidate, d)
                ):
                    found.append(day)
                    if len(found) >= self.rules.suggest_count:
                        return sorted(found)
        return sorted(found)

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
) -> list[Finding]:
    """Findings for every event (or every event in ``focus``) that clashes with another one."""
    index = _Index(catalogue, rules)
    venues = catalogue.venues
    findings: list[Finding] = []
    for rule in RULES:
        severity = _severity(rules, rule)
        if severity == "off":
            continue
        # (event identity) -> {other identity: first day}, first clashing slot
        hits: dict[str, dict] = {}
        first_slot: dict[str, tuple[Slot, date]] = {}
        acknowledged: dict[str, dict] = {}
        bucket_map = {"venue": index.by_venue, "comune": index.by_comune, "nearby": index.by_category}[rule]
        for (_, day), bucket in bucket_map.items():
            if len(bucket) < 2:
                continue
            for slot in bucket:
                if focus is not None and slot.identity not in focus:
                    continue
                for other in index.others(rule, slot, day):
                    if _acknowledged(slot.event, other.event):
                        if rule == "venue":
                            acknowledged.setdefault(slot.identity, {}).setdefault(other.identity, (day, other))
                        continue
                    if rule != "venue" and index.venue_clash(slot, other):
                        continue  # already reported by the stronger rule
                    if rule == "nearby" and index.comune_clash(slot, other) and _has_evening(
                        slot, day, index.evening_from
                    ) and _has_evening(other, day, index.evening_from):
                        continue
                    per_event = hits.setdefault(slot.identity, {})
                    if other.identity not in per_event:
                        per_event[other.identity] = (day, other)
                    if slot.identity not in first_slot or day < first_slot[slot.identity][1]:
                        first_slot[slot.identity] = (slot, day)
        for identity, others in hits.items():
            slot, day = first_slot[identity]
            findings.append(
                _finding(rule, severity, slot, day, others, index, rules, venues, catalogue, today, site_url)
            )
        for identity, others in acknowledged.items():
            if identity in hits:
                continue
            day, other = min(others.values(), key=lambda x: x[0])
            event = catalogue.events[identity]
            findings.append(
                finding(
                    "conflict-venue-acknowledged", event.file, line=event.line, field=None,
                    severity=Severity.NOTICE, venue=venues[event.venue].name, when=day.isoformat(),
                    others=_names(others, catalogue, rules.max_related),
                    related=tuple(sorted(others)),
                )
            )
    return findings


def _names(others: dict, catalogue: Catalogue, limit: int) -> str:
    items = sorted(others.items(), key=lambda kv: (kv[1][0], kv[0]))
    parts = []
    for identity, (day, slot) in items[:limit]:
        e = slot.event
        when = slot.start.strftime("%H:%M") if not _is_all_day(slot) else day.isoformat()
        venue = catalogue.venues[slot.venue].name
        parts.append(f"«{e.title}» ({identity}, {venue}, {when})")
    if len(items) > limit:
        parts.append(f"+{len(items) - limit}")
    return "; ".join(parts)


def _is_all_day(slot: Slot) -> bool:
    return slot.start.time() == time(0) and slot.end - slot.start >= timedelta(days=1)


def _finding(rule, severity, slot, day, others, index, rules, venues, catalogue, today, site_url) -> Finding:
    event = slot.event
    free = index.free_dates(rule, slot, today)
    free_text = ", ".join(d.isoformat() for d in free) or "—"
    # the slot's own start (a slot crossing midnight may clash on the day after it starts)
    when = day.isoformat() if _is_all_day(slot) else slot.start.strftime("%Y-%m-%d %H:%M")
    common = {
        "when": when,
        "others": _names(others, catalogue, rules.max_related),
        "free": free_text,
    }
    related = tuple(sorted(others))
    if rule == "venue":
        return finding("conflict-venue", event.file, line=event.line, field="venue", severity=severity,
                       related=related, venue=venues[slot.venue].name, **common)
    if rule == "comune":
        why_it, why_en = _why(event, [o[1].event for o in others.values()])
        return finding("conflict-comune", event.file, line=event.line, severity=severity, related=related,
                       comune=catalogue.comuni[slot.comune].name, why=why_it, why_en=why_en, **common)
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
