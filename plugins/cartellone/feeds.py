"""Calendar feeds (iCalendar, RFC 5545 + RFC 7986): the whole Region, its slices, and one file per event.

Pure functions of the catalogue, the settings, the content history (``history.py``) and "today": no
clock, no randomness, so two builds of the same content write byte-identical files. Every decision
(identity, times, statuses, sizes) is explained in docs/feeds.md; in short:

- ``UID`` is ``Event.uid`` (a UUIDv5 of the identity); each performance of a ``dates:`` event is its
  own VEVENT with the UID of ``<identity>#<local start>``; ``DTSTAMP``/``LAST-MODIFIED``/``CREATED``
  and ``SEQUENCE`` come from the history, never from the build time;
- timed items carry ``TZID`` (and one VTIMEZONE in the yearly-rule form, ``vtimezone.py``); all-day
  and multi-day items are ``VALUE=DATE`` with an exclusive end; a weekly repeat is one ``RRULE``
  (``UNTIL`` in UTC) with ``EXDATE`` for its exceptions and ``RECURRENCE-ID`` overrides for its changed
  dates (a cancelled date is an override with ``STATUS:CANCELLED``); no ``RDATE`` anywhere;
- cancelled items stay, with ``STATUS:CANCELLED`` and "ANNULLATO: " before the title;
- each VEVENT is serialised once and the same bytes go in every feed that lists it and in the event's
  own ``evento.ics``.

``write_feeds`` is the entry point for the site; ``build_feed`` and ``event_components`` are the
building blocks (the benchmark and the tests use them too).
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from icalendar import Timezone, vDuration

from .history import History, Revision, fallback_history
from .i18n import format_date
from .ics import Rule, escape_text, fold, vevent_bytes, vevent_component
from .model import UID_NAMESPACE, Catalogue, Event, Occurrence, effective_status, event_uid
from .outfiles import make_folder, write_bytes
from .schedule import WEEKDAYS
from .settings import Settings
from .urls import event_url, site_base_url, slugify  # the site's URLs and comune slugs: feed and page agree
from .vocabulary import load_vocabularies
from .vtimezone import IrregularZone, vtimezone_bytes

REFRESH = timedelta(hours=12)
_REFRESH = vDuration(REFRESH).to_ical().decode()  # PT12H
END = b"END:VCALENDAR\r\n"

# Summary prefixes and iCalendar STATUS by effective status (docs/feeds.md, "Status").
PREFIX = {"cancelled": "ANNULLATO: ", "postponed": "RINVIATO: ", "sold-out": "ESAURITO: "}
ICAL_STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "sold-out": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
DAY_CODES = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
# Names of the provinces in feed titles; any other abbreviation is shown as it is.
PROVINCE_NAMES = {"GO": "Gorizia", "PN": "Pordenone", "TS": "Trieste", "UD": "Udine"}


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Window:
    """The rolling window of the collection feeds: items that touch ``[start, end)`` are listed."""

    start: datetime
    end: datetime

    @classmethod
    def around(cls, today: date, past_days: int, future_days: int, tz) -> Window:
        first = datetime.combine(today - timedelta(days=past_days), time(0), tzinfo=tz)
        last = datetime.combine(today + timedelta(days=future_days + 1), time(0), tzinfo=tz)
        return cls(first, last)

    def touches(self, start: datetime, last: datetime) -> bool:
        return start < self.end and last >= self.start


@dataclass(frozen=True)
class FeedSpec:
    """One feed to write: where, its name and description, and the events it may list."""

    path: str
    title: str
    description: str
    events: tuple = ()


@dataclass
class FeedReport:
    """What ``write_feeds`` wrote: relative paths, sizes in bytes, and warnings for the build log."""

    paths: list = field(default_factory=list)
    sizes: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    truncated: dict = field(default_factory=dict)  # path -> (items kept, items in the window)


@dataclass(frozen=True, slots=True)
class Block:
    """The VEVENTs of one calendar item: a single date, or a weekly repeat's master with its overrides."""

    uid: str
    start: datetime  # first start
    last: datetime  # last end (or start, for an item without end)
    modified: datetime
    components: tuple  # each VEVENT as its (NAME, value) pairs (ics.py)
    key: tuple = field(init=False, compare=False)  # (first start in UTC, uid): the order in a feed

    def __post_init__(self):
        object.__setattr__(self, "key", (self.start.astimezone(UTC), self.uid))


def base_url(settings: Settings) -> str:
    """The site's absolute URL; without one (local builds), ``https://<uid_domain>``: links must be absolute."""
    return site_base_url(settings.site_url, settings.uid_domain)


def absolute_event_url(event: Event, settings: Settings) -> str:
    return f"{base_url(settings)}/{event_url(event)}"


def date_uid(event: Event, occ: Occurrence, domain: str) -> str:
    """UID of one performance of a ``dates:`` event: a UUIDv5 of ``<identity>#<local start>``.

    The local start is ``YYYY-MM-DD`` (all-day) or ``YYYY-MM-DDTHH:MM``; the second of a repeated
    autumn hour adds its offset (``2026-10-25T02:30+01:00``) so it differs from the first.
    """
    stamp = occ.start.date().isoformat() if occ.all_day else occ.start.strftime("%Y-%m-%dT%H:%M")
    if not occ.all_day and _moment(occ.start) is not occ.start:
        stamp += occ.start.strftime("%z")[:3] + ":" + occ.start.strftime("%z")[3:]
    return event_uid(f"{event.identity}#{stamp}", domain)


def feed_uid(path: str, domain: str) -> str:
    """The stable UID of a whole calendar (RFC 7986), from its path."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{domain}:feed:{path}"))


# --------------------------------------------------------------------------- texts


def _day(d: date) -> str:
    return format_date(d, "it")


def _price_text(price) -> str:
    if price is None:
        return ""
    if price.free:
        text = "Ingresso gratuito"
    elif price.low is not None and price.high is not None and price.high != price.low:
        text = f"Biglietti da {price.low:g} a {price.high:g} {price.currency}"
    elif price.low is not None or price.high is not None:
        text = f"Biglietto {(price.low if price.low is not None else price.high):g} {price.currency}"
    else:
        text = "A pagamento"
    if price.notes:
        text += f" ({price.notes})"
    if price.tickets:
        text += f": {price.tickets}"
    return text


class _Context:
    """What every VEVENT needs, computed once per build; caches each event's blocks and bytes."""

    def __init__(self, catalogue: Catalogue, settings: Settings, history: History | None):
        self.catalogue = catalogue
        self.settings = settings
        self.history = history if history is not None else fallback_history(settings.feed_fallback_stamp)
        self.tz = settings.tz
        self.base = base_url(settings)
        self.vocab = load_vocabularies()
        self._blocks: dict[str, list] = {}
        self.tz_block = _timezone_bytes(settings.timezone)
        # The lines every calendar head shares (see _head).
        prodid = escape_text(f"-//Cartellone//{settings.feed_name}//IT")
        self.head_start = _lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN"])
        self.head_refresh = _lines([f"REFRESH-INTERVAL;VALUE=DURATION:{_REFRESH}"])
        self.head_end = _lines([f"URL;VALUE=URI:{self.base}/", f"X-PUBLISHED-TTL:{_REFRESH}"])

    # ----- one event -> blocks
    def blocks(self, event: Event) -> list[tuple[Block, bytes]]:
        """The event's blocks, each with its serialised VEVENT(s); cached by identity."""
        cached = self._blocks.get(event.identity)
        if cached is None:
            cached = [(b, b"".join(vevent_bytes(c) for c in b.components)) for b in event_blocks(event, self)]
            self._blocks[event.identity] = cached
        return cached

    def description(self, event: Event, status: str, note: str = "") -> str:
        lines = [event.summary.strip()]
        status_line = {
            "cancelled": "ANNULLATO.",
            "postponed": "Rinviato a data da definire.",
            "sold-out": "Posti esauriti.",
        }.get(status)
        if status_line:
            lines.append(status_line)
        if event.status == "rescheduled" and event.previous_start is not None:
            prev = event.previous_start.astimezone(self.tz)
            lines.append(f"Nuova data (prima era il {_day(prev.date())}, ore {prev.strftime('%H:%M')}).")
        if note:
            lines.append(f"Nota: {note}")
        if event.opening_hours:
            hours = "; ".join(
                f"{', '.join(self.vocab.label('weekdays', d) for d in h.days)} {h.opens}–{h.closes}"
                for h in event.opening_hours
            )
            lines.append(f"Orari: {hours}.")
        if event.closed:
            lines.append("Chiuso: " + ", ".join(_day(d) for d in sorted(event.closed)) + ".")
        venue = self.catalogue.venues.get(event.venue) if event.venue else None
        if venue is not None:
            lines.append(f"Luogo: {venue.full_address}")
        if event.online:
            lines.append(f"Online: {event.online}")
        price = _price_text(event.price)
        if price:
            lines.append(price)
        if event.booking and event.booking != "none":
            booking = self.vocab.label("booking", event.booking)
            how = event.booking_url or event.booking_phone or event.booking_email
            lines.append(f"{booking}: {how}" if how else booking)
        organiser = self.catalogue.organisers.get(event.organiser)
        if organiser is not None:
            lines.append(f"Organizzazione: {organiser.name}")
        if event.regional_support:
            support = f"Con il sostegno della Regione {self.settings.region_name}"
            if event.funding_reference:
                support += f" ({event.funding_reference})"
            lines.append(support)
        lines.append("")
        lines.append(f"Dettagli e aggiornamenti: {absolute_event_url(event, self.settings)}")
        return "\n".join(lines)


def _timezone_bytes(zone_name: str) -> bytes:
    try:
        return vtimezone_bytes(zone_name)
    except IrregularZone:
        # A zone without one yearly rule (e.g. Africa/Casablanca): icalendar's own RDATE-based form.
        return Timezone.from_tzid(zone_name).to_ical()


def _moment(value: datetime) -> datetime:
    """A timed value as written in the feed: local with TZID, or UTC for the second of a repeated hour.

    ``DTSTART;TZID=...`` at an ambiguous local time means the first of the two (RFC 5545 §3.3.5);
    the second one (written by a contributor with its offset) can only be said in UTC.
    """
    if value.fold and value.replace(fold=0).utcoffset() != value.utcoffset():
        return value.astimezone(UTC)
    return value


def _vevent(ctx: _Context, event: Event, uid: str, rev: Revision, status: str, note: str = "") -> list:
    """A VEVENT's ``(NAME, value)`` pairs (ics.py), everything except its times."""
    v = [
        ("UID", uid),
        ("DTSTAMP", rev.modified),
        ("CREATED", rev.created),
        ("LAST-MODIFIED", rev.modified),
        ("SEQUENCE", rev.sequence),
        ("SUMMARY", PREFIX.get(status, "") + event.title),
        ("DESCRIPTION", ctx.description(event, status, note)),
    ]
    venue = ctx.catalogue.venues.get(event.venue) if event.venue else None
    if venue is not None:
        v.append(("LOCATION", venue.full_address))
        v.append(("GEO", (venue.lat, venue.lon)))
    elif event.online:
        v.append(("LOCATION", f"Online: {event.online}"))
    v += [
        ("URL", absolute_event_url(event, ctx.settings)),
        ("CATEGORIES", [event.category.label_it]),
        ("STATUS", ICAL_STATUS.get(status, "CONFIRMED")),
        ("TRANSP", "TRANSPARENT"),
        ("CLASS", "PUBLIC"),
    ]
    return v


def _set_times(v: list, occ: Occurrence) -> None:
    if occ.all_day:
        v.append(("DTSTART", occ.start.date()))
        v.append(("DTEND", occ.end.date()))  # exclusive: the day after the last one
        return
    v.append(("DTSTART", _moment(occ.start)))
    if occ.end is not None:
        v.append(("DTEND", _moment(occ.end)))


def _last(occ: Occurrence) -> datetime:
    return occ.end if occ.end is not None else occ.start


def event_blocks(event: Event, ctx: _Context) -> list[Block]:
    """The event's blocks: one per date (single, dates, all-day, long), or one for a weekly repeat."""
    if not event.occurrences:
        return []
    rev = ctx.history.get(event.file)
    domain = ctx.settings.uid_domain
    if event.kind == "repeat" and event.repeat is not None:
        return [_repeat_block(event, ctx, rev)]
    blocks = []
    for occ in event.occurrences:
        uid = date_uid(event, occ, domain) if event.kind == "dates" else event.uid
        status = effective_status(event.status, occ.status)
        v = _vevent(ctx, event, uid, rev, status, occ.note)
        _set_times(v, occ)
        blocks.append(Block(uid, occ.start, _last(occ), rev.modified, (v,)))
    return blocks


def _repeat_block(event: Event, ctx: _Context, rev: Revision) -> Block:
    """RRULE master (DTSTART = the first date as written) + EXDATEs + RECURRENCE-ID overrides."""
    rep = event.repeat
    tz = ctx.tz
    start = rep.start or min((o.recurrence_id or o.start) for o in event.occurrences)
    end = rep.end
    if rep.end is None and rep.start is None:
        first = min(event.occurrences, key=lambda o: o.recurrence_id or o.start)
        end = first.end
    exact = (end.astimezone(UTC) - start.astimezone(UTC)) if end is not None else None
    wall = start.time()
    wanted = {WEEKDAYS.index(d) for d in rep.weekdays}
    days = []
    day = start.date()
    while day <= rep.until:
        if day.weekday() in wanted:
            days.append(day)
        day += timedelta(days=1)
    original = {d: datetime.combine(d, wall, tzinfo=tz) for d in days}

    master = _vevent(ctx, event, event.uid, rev, effective_status(event.status, "scheduled"))
    master.append(("DTSTART", start))
    if end is not None:
        master.append(("DTEND", (start.astimezone(UTC) + exact).astimezone(tz)))
    byday = tuple(DAY_CODES[d] for d in WEEKDAYS if d in rep.weekdays)
    master.append(("RRULE", Rule("weekly", original[days[-1]].astimezone(UTC), byday)))
    for d in sorted(set(rep.exceptions)):
        if d in original:
            master.append(("EXDATE", original[d]))

    overrides = []
    for occ in event.occurrences:
        rid = occ.recurrence_id or occ.start
        expected_end = (rid.astimezone(UTC) + exact) if exact is not None else None
        actual_end = occ.end.astimezone(UTC) if occ.end is not None else None
        if occ.recurrence_id is None and actual_end == expected_end:
            continue  # generated by the RRULE as it is
        status = effective_status(event.status, occ.status)
        v = _vevent(ctx, event, event.uid, rev, status, occ.note)
        v.append(("RECURRENCE-ID", rid))
        _set_times(v, occ)
        overrides.append((rid.astimezone(UTC), v))
    overrides.sort(key=lambda item: item[0])
    first = min(o.start.astimezone(UTC) for o in event.occurrences).astimezone(tz)
    last = max(_last(o).astimezone(UTC) for o in event.occurrences).astimezone(tz)
    return Block(event.uid, first, last, rev.modified, (master, *(v for _, v in overrides)))


def event_components(event: Event, catalogue: Catalogue, settings: Settings, history: History | None = None) -> list:
    """The VEVENTs of one event as icalendar components, in feed order (masters before their overrides).

    Built with icalendar's own ``add`` from the same ``(NAME, value)`` pairs the feeds write with
    ``ics.vevent_bytes`` (tests/test_ics.py checks that the two agree byte for byte)."""
    ctx = _Context(catalogue, settings, history)
    return [vevent_component(c) for b in event_blocks(event, ctx) for c in b.components]


# --------------------------------------------------------------------------- feeds


def _lines(lines: list[str]) -> bytes:
    return b"".join(fold(line) + b"\r\n" for line in lines)


def _head(ctx: _Context, path: str, title: str, description: str, modified: datetime | None) -> bytes:
    """The calendar's properties, in icalendar's canonical order (VERSION, PRODID, ... then A-Z).

    Written line by line because a build writes one head per event file (the lines every head shares
    are made once, in ``_Context``); values are escaped as icalendar's ``vText`` escapes them
    (``ics.escape_text``), and tests/golden pins the bytes.
    """
    title_text, description_text = escape_text(title), escape_text(description)
    lines = [
        f"DESCRIPTION:{description_text}",
        f"X-WR-CALDESC:{description_text}",
        f"NAME:{title_text}",
        f"X-WR-CALNAME:{title_text}",
    ]
    if modified is not None:
        lines.append(f"LAST-MODIFIED:{modified.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}")
    own = [f"SOURCE;VALUE=URI:{ctx.base}/{path}", f"UID:{feed_uid(path, ctx.settings.uid_domain)}"]
    return ctx.head_start + _lines(lines) + ctx.head_refresh + _lines(own) + ctx.head_end


def _by_key(item: tuple) -> tuple:
    return item[0].key


def _order(block: Block, today_start: datetime | None) -> tuple:
    """Keep-first order when a feed must be cut: running and coming items by start, then past ones, newest first."""
    if today_start is not None and block.last < today_start:
        return (1, -block.last.timestamp())
    return (0, block.start.timestamp())


def _assemble(
    ctx: _Context,
    spec: FeedSpec,
    window: Window | None,
    max_bytes: int | None,
    today_start: datetime | None = None,
) -> tuple[bytes, int, int]:
    """The feed's bytes, the number of items written and the number in its window."""
    items = []  # (block, bytes)
    for event in spec.events:
        for item in ctx.blocks(event):
            block = item[0]
            if window is None or window.touches(block.start, block.last):
                items.append(item)
    items.sort(key=_by_key)
    total = len(items)
    modified = max((i[0].modified for i in items), default=None)
    head = _head(ctx, spec.path, spec.title, spec.description, modified)
    fixed = len(head) + len(ctx.tz_block) + len(END)  # a later LAST-MODIFIED has the same length
    if max_bytes is not None and fixed + sum(len(i[1]) for i in items) > max_bytes:
        kept, size = [], fixed
        for item in sorted(items, key=lambda i: (_order(i[0], today_start), i[0].uid)):
            if size + len(item[1]) > max_bytes:
                break
            kept.append(item)
            size += len(item[1])
        items = sorted(kept, key=_by_key)
        modified = max((i[0].modified for i in items), default=None)
        head = _head(ctx, spec.path, spec.title, spec.description, modified)
    body = b"".join(i[1] for i in items)
    return head + ctx.tz_block + body + END, len(items), total


def build_feed(
    path: str,
    title: str,
    events,
    catalogue: Catalogue,
    settings: Settings,
    history: History | None = None,
    *,
    description: str = "",
    window: Window | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """One calendar with ``events`` (those touching ``window``, if given), as bytes ready to write."""
    ctx = _Context(catalogue, settings, history)
    data, _, _ = _assemble(ctx, FeedSpec(path, title, description or title, tuple(events)), window, max_bytes)
    return data


def feed_slices(
    catalogue: Catalogue,
    today: date | None,
    window: Window | None,
    *,
    name: str = "Cultura FVG",
    region: str = "Friuli Venezia Giulia",
) -> list[FeedSpec]:
    """Every collection feed: the Region, and each category, comune, province, venue, organiser,
    audience, free events, regionally supported events.

    Feeds exist for every venue, organiser, category and audience of the vocabulary, and every
    comune and province with a venue or an organiser (the site has a page for each, linking its feed),
    even when empty for now: a subscribed URL never disappears.
    Events are those with an occurrence touching ``window`` (all of them without a window).
    """
    vocab = load_vocabularies()
    events = sorted(catalogue.events.values(), key=lambda e: e.identity)
    if window is not None:
        events = [e for e in events if any(window.touches(o.start, _last(o)) for o in e.occurrences)]
    venues = catalogue.venues
    tail = f"Eventi culturali in {region}"
    note = "Da Cartellone, il calendario pubblico della cultura. Ogni evento ha un link alla sua pagina."

    # One pass over the events: which slices each belongs to.
    groups: dict[tuple, list] = defaultdict(list)
    for e in events:
        keys = [("categoria", e.category.key), ("organizzatore", e.organiser)]
        keys += [("organizzatore", o) for o in e.co_organisers if o != e.organiser]
        venue = venues.get(e.venue) if e.venue else None
        if venue is not None:
            keys += [("luogo", venue.id), ("comune", venue.comune.istat), ("provincia", venue.comune.province)]
        keys += [("pubblico", a) for a in dict.fromkeys(e.audience)]
        if e.price is not None and e.price.free:
            keys.append(("gratuiti", ""))
        if e.regional_support:
            keys.append(("sostenuti", ""))
        for k in keys:
            groups[k].append(e)

    def spec(path, title, description, key):
        return FeedSpec(path, f"{name} – {title}", f"{description}. {note}", tuple(groups.get(key, ())))

    out = [FeedSpec("feeds/cultura.ics", name, f"{tail}. {note}", tuple(events))]
    categories = {c.key: c for c in vocab.categories.values()}
    categories.update({e.category.key: e.category for e in events})
    for key in sorted(categories):
        label = categories[key].label_it
        out.append(spec(f"feeds/categoria/{key}.ics", label, f"{tail}: {label}", ("categoria", key)))
    # The comuni (and provinces) with a page on the site: those of a venue or of an organiser.
    comuni = {v.comune.istat: v.comune for v in venues.values()}
    comuni.update({o.comune.istat: o.comune for o in catalogue.organisers.values()})
    for istat in sorted(comuni):
        c = comuni[istat]
        out.append(
            spec(
                f"feeds/comune/{istat}-{slugify(c.name)}.ics", c.name, f"Eventi culturali a {c.name}", ("comune", istat)
            )
        )
    for prov in sorted({c.province for c in comuni.values()}):
        label = PROVINCE_NAMES.get(prov, prov)
        out.append(
            spec(
                f"feeds/provincia/{prov.lower()}.ics",
                f"provincia di {label}",
                f"Eventi culturali in provincia di {label}",
                ("provincia", prov),
            )
        )
    for vid in sorted(venues):
        v = venues[vid]
        out.append(
            spec(f"feeds/luogo/{vid}.ics", f"{v.name} ({v.comune.name})", f"Eventi a {v.full_address}", ("luogo", vid))
        )
    for oid in sorted(catalogue.organisers):
        o = catalogue.organisers[oid]
        out.append(
            spec(f"feeds/organizzatore/{oid}.ics", o.name, f"Eventi organizzati da {o.name}", ("organizzatore", oid))
        )
    audiences = vocab.lists.get("audiences", {})
    for key in sorted(audiences):
        label = audiences[key]["it"]
        out.append(
            spec(
                f"feeds/pubblico/{key}.ics",
                f"pubblico: {label}",
                f"{tail}, per il pubblico: {label}",
                ("pubblico", key),
            )
        )
    out.append(spec("feeds/gratuiti.ics", "eventi gratuiti", f"{tail} a ingresso gratuito", ("gratuiti", "")))
    out.append(
        spec(
            "feeds/sostenuti-regione.ics",
            "sostenuti dalla Regione",
            f"{tail} sostenuti dalla Regione {region}",
            ("sostenuti", ""),
        )
    )
    return out


def event_feed_path(event: Event) -> str:
    """The event's own calendar file, next to its page (``eventi/<identity>/``)."""
    return f"{event_url(event)}evento.ics"


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return not rel.startswith("/") and all(p and p not in (".", "..") for p in parts)


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    path: str
    data: bytes
    kept: int  # items written
    total: int  # items in the window (more than ``kept`` when the size limit cut the feed)


PARALLEL_FROM = 3000  # below this many events, worker start-up costs more than it saves
_WORKER_CTX: _Context | None = None


def _render_chunk(identities: list[str]) -> list:
    ctx = _WORKER_CTX
    return [
        (ident, [(replace(b, components=()), data) for b, data in ctx.blocks(ctx.catalogue.events[ident])])
        for ident in identities
    ]


def _prerender(ctx: _Context, workers: int | None) -> None:
    """Serialise every event's VEVENTs in ``workers`` processes (fork); same bytes as serially.

    Off by default (``None`` or 1): the site already writes the feeds in a process of their own,
    next to the page-rendering ones. ``workers=0`` means up to 4 from ``PARALLEL_FROM`` events on.
    """
    global _WORKER_CTX
    identities = sorted(ctx.catalogue.events)
    if workers == 0:
        workers = min(os.cpu_count() or 1, 4) if len(identities) >= PARALLEL_FROM else 1
    if workers is None or workers <= 1 or "fork" not in get_all_start_methods():
        return
    size = max(200, len(identities) // (workers * 4))
    chunks = [identities[i : i + size] for i in range(0, len(identities), size)]
    _WORKER_CTX = ctx
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            for chunk in pool.map(_render_chunk, chunks):
                ctx._blocks.update(chunk)
    finally:
        _WORKER_CTX = None


def render_feeds(
    catalogue: Catalogue,
    settings: Settings,
    today: date | None,
    history: History | None = None,
    workers: int | None = None,
) -> Iterator[RenderedFeed]:
    """Every collection feed, then every event's ``evento.ics``, as bytes (no files written).

    ``today`` sets the rolling window of the collection feeds (``feed_past_days`` before it to
    ``feed_future_days`` after it); ``None`` lists everything. Unsafe paths are skipped.
    """
    ctx = _Context(catalogue, settings, history)
    _prerender(ctx, workers)
    window = today_start = None
    if today is not None:
        window = Window.around(today, settings.feed_past_days, settings.feed_future_days, ctx.tz)
        today_start = datetime.combine(today, time(0), tzinfo=ctx.tz)
    jobs = [
        (spec, window)
        for spec in feed_slices(catalogue, today, window, name=settings.feed_name, region=settings.region_name)
    ]
    for event in sorted(catalogue.events.values(), key=lambda e: e.identity):
        jobs.append(
            (FeedSpec(event_feed_path(event), f"{settings.feed_name} – {event.title}", event.summary, (event,)), None)
        )
    for spec, win in jobs:
        if _safe(spec.path):
            data, kept, total = _assemble(ctx, spec, win, settings.feed_max_bytes or None, today_start)
            yield RenderedFeed(spec.path, data, kept, total)


def write_feeds(
    catalogue: Catalogue,
    settings: Settings,
    output_dir: Path,
    today: date | None,
    history: History | None = None,
    workers: int | None = None,
) -> FeedReport:
    """Write every collection feed and every event's ``evento.ics`` under ``output_dir``.

    ``history`` comes from ``history.read_history``; ``None`` gives every event the fallback stamp
    of the settings. Feeds over ``feed_max_bytes`` keep the items nearest to ``today`` and drop the
    rest (a warning says so); feeds over ``feed_warn_bytes`` get a warning. ``workers``: processes
    that serialise the events (default 1; 0 = automatic, up to 4 from 3000 events on).
    """
    root = os.fspath(output_dir)
    report = FeedReport()
    limit_kb = settings.feed_max_bytes // 1000
    made: set[str] = set()  # folders made so far (outfiles.make_folder)
    for feed in render_feeds(catalogue, settings, today, history, workers):
        make_folder(os.path.join(root, feed.path.rpartition("/")[0]), made)
        write_bytes(os.path.join(root, feed.path), feed.data)
        report.paths.append(feed.path)
        report.sizes[feed.path] = len(feed.data)
        if feed.kept < feed.total:
            report.truncated[feed.path] = (feed.kept, feed.total)
            report.warnings.append(
                f"{feed.path}: oltre {limit_kb} kB, scritti {feed.kept} elementi su {feed.total} (i più vicini "
                f"a oggi) / over the {limit_kb} kB limit, kept the {feed.kept} nearest of {feed.total} items"
            )
        elif settings.feed_warn_bytes and len(feed.data) > settings.feed_warn_bytes:
            report.warnings.append(
                f"{feed.path}: {len(feed.data) // 1000} kB, vicino al limite di {limit_kb} kB (Google smette di "
                f"leggere oltre ~1 MB) / {len(feed.data) // 1000} kB, close to the {limit_kb} kB limit"
            )
    return report


def bench_write_feeds(
    catalogue: Catalogue,
    settings: Settings,
    output_dir: Path,
    today: date | None,
    history: History | None = None,
    workers: int | None = None,
) -> dict:
    """Measure the feeds of a catalogue (for benchmarks): rendering alone, then rendering plus writing.

    Returns wall-clock seconds (``render_seconds``, ``write_seconds`` = the full ``write_feeds``) and
    this process's CPU seconds (``*_cpu_seconds``: steadier on a busy machine), the number of files,
    bytes, the largest feed, how many were cut, how many warnings. The timers only measure.
    """
    from time import perf_counter, process_time

    t0, c0 = perf_counter(), process_time()
    rendered = sum(len(f.data) for f in render_feeds(catalogue, settings, today, history, workers))
    t1, c1 = perf_counter(), process_time()
    report = write_feeds(catalogue, settings, output_dir, today, history, workers)
    t2, c2 = perf_counter(), process_time()
    assert rendered == sum(report.sizes.values())
    largest = max(report.sizes.items(), key=lambda item: item[1], default=("", 0))
    return {
        "render_seconds": t1 - t0,
        "write_seconds": t2 - t1,
        "render_cpu_seconds": c1 - c0,  # this process only (workers' CPU not included)
        "write_cpu_seconds": c2 - c1,
        "events": len(catalogue.events),
        "files": len(report.paths),
        "collection_feeds": sum(1 for p in report.paths if p.startswith("feeds/")),
        "bytes": sum(report.sizes.values()),
        "largest": largest,
        "truncated": len(report.truncated),
        "warnings": len(report.warnings),
        "report": report,
    }
