"""Domain objects, built once by the loader and never changed afterwards.

Pure functions around them (conflicts, feeds, pages, exports) read these and nothing else, so the
core can be used and tested without a Pelican run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from .vocabulary import Category, Comune

# Namespace of event UIDs. Changing it would change every published UID: never do.
UID_NAMESPACE = uuid.UUID("6f1c2f52-1c0e-5a37-9a43-3f0f2c6d1e70")


def event_uid(identity: str, domain: str) -> str:
    """The feeds' UID for an event identity: a UUIDv5, stable across builds and renames."""
    return f"{uuid.uuid5(UID_NAMESPACE, domain + ':' + identity)}"


def effective_status(event_status: str, occ_status: str) -> str:
    """The status of one date: a cancelled or postponed event wins over its dates; otherwise a
    cancelled or sold-out date wins over the event's status."""
    if event_status in ("cancelled", "postponed"):
        return event_status
    if occ_status in ("cancelled", "sold-out"):
        return occ_status
    return event_status


@dataclass(frozen=True, slots=True)
class Organiser:
    id: str
    file: str
    name: str
    kind: str
    comune: Comune
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    maintainers: tuple[str, ...] = ()
    description: str = ""
    translations: dict = field(default_factory=dict, compare=False)
    example: bool = False


@dataclass(frozen=True, slots=True)
class Venue:
    id: str
    file: str
    name: str
    kind: str
    address: str
    postal_code: str
    comune: Comune
    lat: float
    lon: float
    capacity: int | None = None
    accessibility: tuple[str, ...] = ()
    accessibility_notes: str = ""
    website: str | None = None
    description: str = ""
    translations: dict = field(default_factory=dict, compare=False)
    example: bool = False

    @property
    def full_address(self) -> str:
        return f"{self.name}, {self.address}, {self.postal_code} {self.comune.name} ({self.comune.province})"


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    file: str
    name: str
    kind: str
    services: tuple[str, ...]
    comune: Comune
    summary: str
    area: tuple[str, ...] = ()
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    languages: tuple[str, ...] = ()
    description: str = ""
    maintainers: tuple[str, ...] = ()
    translations: dict = field(default_factory=dict, compare=False)
    example: bool = False


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated instance of an event: a performance, one day of a repeat, or a whole span."""

    event: str  # the event's identity
    start: datetime  # aware, in the Region's time zone; local midnight for all-day items
    end: datetime | None  # aware; exclusive midnight after the last day for all-day items
    all_day: bool = False
    status: str = "scheduled"  # scheduled | cancelled | sold-out
    note: str = ""
    recurrence_id: datetime | None = None  # for a changed date of a weekly repeat: its original start

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True, slots=True)
class RepeatChange:
    date: date
    start: datetime | None
    end: datetime | None
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class Repeat:
    """A weekly repeat, kept as written so feeds publish it as RRULE + EXDATE + overrides."""

    weekdays: tuple[str, ...]  # mon..sun
    until: date
    exceptions: tuple[date, ...] = ()
    changes: tuple[RepeatChange, ...] = ()
    start: datetime | None = None  # the first date's start and end as written (the RRULE's DTSTART/DTEND)
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True, slots=True)
class Price:
    free: bool
    low: float | None = None
    high: float | None = None
    currency: str = "EUR"
    tickets: str | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One event file, normalised: every time is aware, every reference resolved."""

    identity: str
    uid: str
    file: str
    organiser: str
    title: str
    summary: str
    category: Category
    kind: str  # single | dates | repeat | long
    occurrences: tuple[Occurrence, ...]
    venue: str | None = None
    online: str | None = None
    status: str = "scheduled"
    previous_start: datetime | None = None
    repeat: Repeat | None = None
    opening_hours: tuple[OpeningHours, ...] = ()
    closed: tuple[date, ...] = ()
    price: Price | None = None
    booking: str | None = None
    booking_url: str | None = None
    booking_phone: str | None = None
    booking_email: str | None = None
    audience: tuple[str, ...] = ()
    age_min: int | None = None
    languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    regional_support: bool = False
    funding_reference: str = ""
    co_organisers: tuple[str, ...] = ()
    patrons: tuple[tuple[str, str | None], ...] = ()
    contacts: dict = field(default_factory=dict, compare=False)
    image: dict | None = field(default=None, compare=False)
    description: str = ""
    translations: dict = field(default_factory=dict, compare=False)
    acknowledged: frozenset = frozenset()
    example: bool = False
    line: int = 1  # line of the schedule (start/dates/repeat), for conflict findings

    @property
    def long_running(self) -> bool:
        return self.kind == "long"

    @property
    def attendance(self) -> str:
        """offline | online | mixed (schema.org eventAttendanceMode)."""
        if self.online and self.venue:
            return "mixed"
        return "online" if self.online else "offline"

    def text(self, name: str, lang: str = "it") -> str:
        """A text field in ``lang``, falling back to the original."""
        if lang != "it":
            value = (self.translations.get(lang) or {}).get(name)
            if value:
                return value
        return getattr(self, name)


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from one repository tree."""

    organisers: dict  # id -> Organiser
    venues: dict  # id -> Venue
    providers: dict  # id -> Provider
    events: dict  # identity -> Event
    comuni: dict  # ISTAT -> Comune
