"""iCalendar content lines for the fixed set of VEVENT properties the feeds write (RFC 5545).

``feeds.py`` describes each VEVENT as a list of ``(NAME, value)`` pairs, in the order it would call
icalendar's ``Component.add``; this module turns that list into bytes. Two writers, one input:

- ``vevent_bytes``: the feeds' own writer, a few string operations per property. It writes exactly
  what icalendar 7 writes for these properties (tests/test_ics.py compares the two, byte for byte,
  on every event of the sample and of a synthetic repository, and on edge cases);
- ``vevent_component``: the same VEVENT built with icalendar's ``add`` (``feeds.event_components``,
  the tests, and the comparison above).

Why not icalendar alone: building each property with ``add`` and serialising it with
``content_lines`` costs about 0.7 ms per VEVENT (type inference, parameter objects, time-zone id
lookups), most of the feeds' time on a large catalogue; see docs/feeds.md, "Serialisation".

Properties and their values (anything else is a ``KeyError``: add it here and to the test):

- TEXT: ``UID``, ``SUMMARY``, ``DESCRIPTION``, ``LOCATION``, ``STATUS``, ``TRANSP``, ``CLASS`` (str);
- UTC stamps: ``DTSTAMP``, ``CREATED``, ``LAST-MODIFIED`` (datetime, written in UTC);
- ``SEQUENCE`` (int); ``GEO`` ((lat, lon)); ``URL`` (str, written ``;VALUE=URI``);
  ``CATEGORIES`` (list of str);
- times: ``DTSTART``, ``DTEND``, ``RECURRENCE-ID``, ``EXDATE`` (date -> ``;VALUE=DATE``, datetime ->
  ``;TZID=<zone>`` or UTC with ``Z``);
- ``RRULE`` (``Rule``: a weekly rule with ``UNTIL`` and ``BYDAY``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Event as VEvent
from icalendar.parser import Parameters
from icalendar.timezone.tzid import tzid_from_dt

# icalendar's order of a VEVENT's properties: these first, then the others alphabetically.
CANONICAL_ORDER = tuple(VEvent.canonical_order)
_CANONICAL = frozenset(CANONICAL_ORDER)


class Rule(NamedTuple):
    """An ``RRULE`` value: ``FREQ``, ``UNTIL`` (a datetime, UTC in the feeds) and ``BYDAY`` codes."""

    freq: str
    until: datetime
    byday: tuple[str, ...]


def fold(line: str) -> bytes:
    """One content line, folded as icalendar folds it: at most 75 octets per physical line (74 + the
    leading space of a continuation), never inside a UTF-8 character, never right after a backslash
    or caret (an escape stays whole). Works on bytes, so it is fast on long lines."""
    raw = line.encode("utf-8")
    if len(raw) < 75:
        return raw
    parts, start, n = [], 0, len(raw)
    while n - start > 74:
        end = start + 74
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: back to the start of its character
            end -= 1
        if end - start > 1 and raw[end - 1] in b"\\^":
            end -= 1
        parts.append(raw[start:end])
        start = end
    parts.append(raw[start:])
    return b"\r\n ".join(parts)


def escape_text(value: str) -> str:
    r"""A TEXT value escaped as icalendar escapes it (RFC 5545 §3.3.11): ``\`` ``;`` ``,`` and line
    ends; like icalendar, a literal ``\N`` is read as a line end first."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


# --------------------------------------------------------------------------- dates and times

_ZONES: dict = {}  # tzinfo -> (";TZID=..." or "", "Z" or ""), for the zones whose id is fixed


def _zone_of(value: datetime) -> tuple[str, str]:
    """The parameter and the suffix of a datetime, as icalendar decides them (its own time-zone id lookup)."""
    tz = value.tzinfo
    cached = _ZONES.get(tz) if tz is not None else None
    if cached is not None:
        return cached
    tzid = tzid_from_dt(value)
    if tzid == "UTC":
        found = ("", "Z")
    elif tzid is None:
        found = ("", "")  # floating: never in the feeds (every time is aware)
    else:
        found = (";" + Parameters({"TZID": tzid}).to_ical().decode("utf-8"), "")
    if isinstance(tz, ZoneInfo) or tz is UTC:  # the id depends on the zone alone
        _ZONES[tz] = found
    return found


def _stamp(value: datetime) -> str:
    return f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"


def _time(value: date) -> str:
    """``;TZID=Europe/Rome:20261220T204500``, ``:20261025T013000Z`` or ``;VALUE=DATE:20270619``."""
    if isinstance(value, datetime):
        param, suffix = _zone_of(value)
        return f"{param}:{_stamp(value)}{suffix}"
    return f";VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"


@lru_cache(maxsize=4096)  # the stamps of an event's VEVENTs are its history's: the same few values
def _utc(value: datetime) -> str:
    """DTSTAMP, CREATED, LAST-MODIFIED: always UTC (a naive value is taken as UTC, as icalendar does)."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return f":{_stamp(value)}Z"


def _text(value: str) -> str:
    return ":" + escape_text(value)


def _rule(rule: Rule) -> str:
    return f":FREQ={rule.freq.upper()};UNTIL={_stamp(rule.until)}{_zone_of(rule.until)[1]};BYDAY={','.join(rule.byday)}"


# NAME -> the rest of its content line (";PARAMS:value" or ":value")
_WRITERS = {
    "UID": _text,
    "SUMMARY": _text,
    "DESCRIPTION": _text,
    "LOCATION": _text,
    "STATUS": _text,
    "TRANSP": _text,
    "CLASS": _text,
    "DTSTAMP": _utc,
    "CREATED": _utc,
    "LAST-MODIFIED": _utc,
    "SEQUENCE": lambda value: f":{int(value)}",
    "GEO": lambda value: f":{float(value[0])};{float(value[1])}",
    "URL": lambda value: f";VALUE=URI:{value}",
    "CATEGORIES": lambda value: ":" + ",".join(escape_text(c) for c in value),
    "DTSTART": _time,
    "DTEND": _time,
    "RECURRENCE-ID": _time,
    "EXDATE": _time,
    "RRULE": _rule,
}


_ORDERS: dict[tuple, list] = {}  # the names of a VEVENT as added -> as written (a build has a handful)


def vevent_bytes(props) -> bytes:
    """One VEVENT, ``BEGIN`` to ``END``, CRLF lines folded at 75 octets, in icalendar's property order."""
    by_name: dict[str, list] = {}
    for name, value in props:
        by_name.setdefault(name, []).append(value)
    shape = tuple(by_name)
    names = _ORDERS.get(shape)
    if names is None:
        names = [n for n in CANONICAL_ORDER if n in by_name] + sorted(n for n in by_name if n not in _CANONICAL)
        _ORDERS[shape] = names
    lines = [b"BEGIN:VEVENT"]
    for name in names:
        write = _WRITERS[name]
        for value in by_name[name]:
            line = name + write(value)
            raw = line.encode("utf-8")
            lines.append(raw if len(raw) < 75 else fold(line))  # most lines need no folding
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)


def vevent_component(props) -> VEvent:
    """The same VEVENT built with icalendar (``Component.add`` for each pair)."""
    v = VEvent()
    for name, value in props:
        if name not in _WRITERS:
            raise KeyError(name)
        if name == "URL":
            v.add("url", value, parameters={"VALUE": "URI"})
        elif name == "RRULE":
            v.add("rrule", {"freq": value.freq, "until": value.until, "byday": list(value.byday)})
        else:
            v.add(name.lower(), value)
    return v
