"""``ics.vevent_bytes``, the feeds' own content-line writer, against icalendar's serialiser, byte for byte.

The same ``(NAME, value)`` pairs are written twice: by ``vevent_bytes`` and by icalendar
(``vevent_component`` -> ``Component.add`` for each pair -> ``to_ical()``, icalendar's own folding).
Every VEVENT of the feeds' sample, of a synthetic repository, and a set of edge cases (escapes,
folding of long multi-byte text, UTC, other zones, fixed offsets, the repeated autumn hour, dates,
naive stamps, weekly rules) must give the same bytes; icalendar also reads them back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from cartellone import feeds
from cartellone.ics import Rule, escape_text, vevent_bytes, vevent_component
from feeds_sample import EVENTS, load_sample, make_feeds_repo

ROME = ZoneInfo("Europe/Rome")
STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
START = datetime(2026, 12, 20, 20, 45, tzinfo=ROME)
BASE = [
    ("UID", "6f45089e-183a-588f-a997-db6da0fe9707"),
    ("DTSTAMP", STAMP),
    ("CREATED", STAMP),
    ("LAST-MODIFIED", STAMP),
    ("SEQUENCE", 0),
    ("SUMMARY", "Concerto"),
    ("DTSTART", START),
]
HEAVY_TEXT = "Città è perché – “virgolette” € àèìòù; ß, ø \\ ñ ünïcödé 🎻🎺🎹 çà et là ÿ " * 4
EDGE_CASES = {
    "escapes": [
        ("SUMMARY", "a\\b; c, d\ne\r\nf\rg \\N h \\n i \\, j"),
        ("DESCRIPTION", "Riga uno;\nRiga due, con virgola\n\nDettagli: https://x.example.org/a,b;c"),
        ("LOCATION", "Teatro, Via Roma, 1; 34100 Trieste (TS)"),
        ("STATUS", "CONFIRMED"),
        ("TRANSP", "TRANSPARENT"),
        ("CLASS", "PUBLIC"),
    ],
    "long multi-byte text, escapes at the fold": [
        ("DESCRIPTION", HEAVY_TEXT),
        ("LOCATION", "x" * 60 + "\\" * 9 + "^" * 5 + "à" * 40),
        ("SUMMARY", "🎻" * 40),
    ],
    "UTC and other zones": [
        ("DTEND", datetime(2026, 12, 20, 23, 0, tzinfo=UTC)),
        ("RECURRENCE-ID", datetime(2027, 3, 28, 3, 30, tzinfo=ZoneInfo("America/New_York"))),
        ("EXDATE", datetime(2027, 1, 5, 20, 45, tzinfo=ZoneInfo("Australia/Sydney"))),
        ("EXDATE", datetime(2027, 1, 12, 20, 45, tzinfo=ZoneInfo("UTC"))),
        ("EXDATE", datetime(2027, 1, 19, 20, 45, tzinfo=ZoneInfo("Etc/UTC"))),
    ],
    "fixed offsets": [
        ("DTEND", datetime(2026, 12, 20, 23, 0, tzinfo=timezone(timedelta(hours=1)))),
        ("RECURRENCE-ID", datetime(2026, 12, 20, 20, 45, tzinfo=timezone(timedelta(hours=-5), "EST"))),
    ],
    "the repeated autumn hour": [
        ("RECURRENCE-ID", datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ROME)),
        ("DTEND", datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ROME).astimezone(UTC)),
    ],
    "dates": [
        ("DTEND", date(2027, 6, 22)),
        ("EXDATE", date(2027, 6, 20)),
        ("RECURRENCE-ID", date(2027, 6, 19)),
    ],
    "stamps: naive, other zone, microseconds": [
        ("DTSTAMP", datetime(2026, 1, 1, 12, 0)),
        ("CREATED", datetime(2026, 7, 1, 12, 0, tzinfo=ROME)),
        ("LAST-MODIFIED", datetime(2026, 7, 1, 12, 0, 59, 999999, tzinfo=UTC)),
    ],
    "numbers, links, categories": [
        ("SEQUENCE", 12),
        ("GEO", (46, 13.5)),
        ("URL", "https://x.example.org/eventi/a,b;c/?d=e&f=g"),
        ("CATEGORIES", ["Musica, classica", "Teatro; prosa", "\\N"]),
    ],
    "weekly rule with exceptions": [
        ("RRULE", Rule("weekly", datetime(2027, 5, 6, 18, 45, tzinfo=UTC), ("TU", "TH"))),
        ("EXDATE", datetime(2027, 3, 11, 20, 45, tzinfo=ROME)),
        ("EXDATE", datetime(2027, 3, 18, 20, 45, tzinfo=ROME)),
        ("DTEND", datetime(2027, 3, 4, 22, 15, tzinfo=ROME)),
    ],
}


def icalendar_bytes(props) -> bytes:
    return vevent_component(props).to_ical()


def _merged(extra: list) -> list:
    """BASE with the pairs of ``extra``: a name given there replaces BASE's (EXDATEs add up)."""
    names = {name for name, _ in extra}
    return [p for p in BASE if p[0] not in names] + extra


def _vevents(catalogue, settings):
    ctx = feeds._Context(catalogue, settings, None)
    for identity in sorted(catalogue.events):
        for block in feeds.event_blocks(catalogue.events[identity], ctx):
            yield from block.components


def _kinds(props) -> set:
    """What a VEVENT exercises: (name, value type, UTC or zone) for the times, names otherwise."""
    out = set()
    for name, value in props:
        if isinstance(value, datetime):
            out.add((name, "utc" if value.utcoffset() == timedelta(0) and value.tzinfo is UTC else "zone"))
        elif isinstance(value, date):
            out.add((name, "date"))
        else:
            out.add(name)
    return out


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_cases_are_written_as_icalendar_writes_them(case):
    props = _merged(EDGE_CASES[case])
    ours = vevent_bytes(props)
    assert ours == icalendar_bytes(props)
    (parsed,) = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + ours + b"END:VCALENDAR\r\n").walk("VEVENT")
    for name, value in props:
        if name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            assert str(parsed[name]) == value.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def test_every_vevent_of_the_feeds_sample(tmp_path):
    heavy = """\
        title: "Città è perché – “virgolette” € àèìòù ÀÈÌÒÙ; ß, ø \\\\ ñ ünïcödé ẞ 🎻🎺🎹 çà et là ÿ"
        summary: "Riga uno; con, punteggiatura.\\nRiga due: €€€ àààààààààààààààààààààààààààààà 🎻🎻🎻🎻🎻🎻🎻"
        category: concerto
        venue: teatro-verdi
        start: "2027-01-20 20:45"
        """
    root = make_feeds_repo(tmp_path / "repo", events={**EVENTS, "verdi/unicode": heavy})
    settings, catalogue = load_sample(root)
    seen, count = set(), 0
    for props in _vevents(catalogue, settings):
        assert vevent_bytes(props) == icalendar_bytes(props), props
        seen |= _kinds(props)
        count += 1
    assert count >= 20
    # the sample exercises every form the feeds write
    for kind in (
        ("DTSTART", "zone"),
        ("DTSTART", "utc"),
        ("DTSTART", "date"),
        ("DTEND", "date"),
        ("RECURRENCE-ID", "zone"),
        ("EXDATE", "zone"),
        "RRULE",
        "GEO",
        "URL",
        "CATEGORIES",
    ):
        assert kind in seen, kind


def test_every_vevent_of_a_synthetic_repository(tmp_path):
    from cartellone.repository import load_repository
    from cartellone.settings import read_settings
    from cartellone.synthetic import generate

    generate(tmp_path / "repo", 200, seed=5)
    settings = read_settings(tmp_path / "repo", env={"CARTELLONE_TODAY": "2027-03-01"})
    catalogue = load_repository(settings, workers=1).catalogue
    count = 0
    for props in _vevents(catalogue, settings):
        assert vevent_bytes(props) == icalendar_bytes(props), props
        count += 1
    assert count >= 200


def test_escape_text_is_icalendars():
    for text in ("", "a", HEAVY_TEXT, "\\N\\n\\\\;,\r\n\n\r", "x\\Ny"):
        assert escape_text(text) == icalendar.vText(text).to_ical().decode("utf-8")


def test_an_unknown_property_is_refused_by_both_writers():
    with pytest.raises(KeyError):
        vevent_bytes([*BASE, ("X-NEW", "value")])
    with pytest.raises(KeyError):
        vevent_component([*BASE, ("X-NEW", "value")])
