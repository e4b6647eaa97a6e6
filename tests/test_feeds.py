"""Calendar feeds: identity, times, statuses, calendar properties, slices, window and sizes.

The sample repository is ``tests/feeds_sample.py`` (fixed clock: 2026-12-01); conformance with
independent parsers is in test_feeds_conformance.py, byte-level lint in test_feeds_lint.py, git
history in test_feeds_history.py, golden files in tests/golden/.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from cartellone import feeds
from cartellone.feeds import (
    Window,
    build_feed,
    date_uid,
    event_components,
    feed_slices,
    write_feeds,
)
from cartellone.history import History, Revision
from feeds_sample import EVENTS, SITE_URL, TODAY, load_sample, make_feeds_repo, write_sample_event


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = make_feeds_repo(tmp_path_factory.mktemp("feeds") / "repo")
    settings, catalogue = load_sample(root)
    out = root.parent / "out"
    report = write_feeds(catalogue, settings, out, TODAY)
    return settings, catalogue, out, report


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def vevents(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def blocks_of(data: bytes) -> list[bytes]:
    return re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.S)


# --------------------------------------------------------------------------- identity


def test_uid_is_the_events_stable_uid_and_dates_get_derived_uids(sample):
    settings, catalogue, _out, _ = sample
    concert = catalogue.events["rossetti/concerto-natale"]
    comps = event_components(concert, catalogue, settings)
    assert [str(c["UID"]) for c in comps] == [concert.uid]
    amleto = catalogue.events["rossetti/amleto"]
    uids = [str(c["UID"]) for c in event_components(amleto, catalogue, settings)]
    assert len(set(uids)) == 3 and concert.uid not in uids
    assert uids[0] == date_uid(amleto, amleto.occurrences[0], settings.uid_domain)
    # documented formula: UUIDv5 of "<identity>#<local start>" in the events' namespace
    from cartellone.model import event_uid

    assert uids[0] == event_uid("rossetti/amleto#2027-03-27T20:30", settings.uid_domain)


def test_event_file_carries_the_same_vevent_bytes_as_the_feeds(sample):
    _, _catalogue, out, _ = sample
    region = (out / "feeds" / "cultura.ics").read_bytes()
    for identity in ("rossetti/concerto-natale", "verdi/corso-teatro", "rossetti/amleto"):
        own = (out / "eventi" / identity / "evento.ics").read_bytes()
        for block in blocks_of(own):
            assert block in region, identity


def test_stamps_and_sequence_come_from_the_history(sample):
    settings, catalogue, _, _ = sample
    event = catalogue.events["rossetti/annullato"]
    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    history = History({event.file: Revision(datetime(2026, 9, 1, tzinfo=UTC), when, 3)})
    (comp,) = event_components(event, catalogue, settings, history)
    text = comp.to_ical().decode()
    assert "DTSTAMP:20261120T093000Z" in text and "LAST-MODIFIED:20261120T093000Z" in text
    assert "CREATED:20260901T000000Z" in text and "SEQUENCE:3" in text
    # without history: the fallback stamp of the settings, never the build time
    (comp,) = event_components(event, catalogue, settings)
    assert "DTSTAMP:20260101T000000Z" in comp.to_ical().decode()


# --------------------------------------------------------------------------- time


def test_timed_events_use_tzid_and_one_rrule_form_vtimezone(sample):
    _, _, out, _ = sample
    data = (out / "feeds" / "cultura.ics").read_bytes()
    lines = unfolded(data)
    assert "DTSTART;TZID=Europe/Rome:20261220T204500" in lines
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in lines
    assert not any(line.startswith(("RDATE", "METHOD", "BEGIN:VALARM")) for line in lines)
    # every TZID used has its VTIMEZONE
    used = set(re.findall(r";TZID=([^:;]+)", data.decode()))
    assert used == {"Europe/Rome"}


def test_all_day_items_have_exclusive_date_ends(sample):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "festival-estate" / "evento.ics").read_bytes())
    assert "DTSTART;VALUE=DATE:20270619" in lines and "DTEND;VALUE=DATE:20270622" in lines
    lines = unfolded((out / "eventi" / "verdi" / "mostra-inverno" / "evento.ics").read_bytes())
    assert "DTSTART;VALUE=DATE:20261201" in lines and "DTEND;VALUE=DATE:20270301" in lines
    text = "\n".join(lines)
    assert "Orari: martedì\\, mercoledì\\, giovedì\\, venerdì 10:00–18:00" in text
    assert "Chiuso: 25 dicembre 2026\\, 1 gennaio 2027." in text


def test_weekly_repeat_is_rrule_with_utc_until_exdate_and_overrides(sample):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "corso-teatro" / "evento.ics").read_bytes())
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270408T150000Z;BYDAY=TU,TH" in lines  # 17:00 CEST = 15:00 UTC
    assert "EXDATE;TZID=Europe/Rome:20270323T170000" in lines
    rids = [line for line in lines if line.startswith("RECURRENCE-ID")]
    assert rids == [
        "RECURRENCE-ID;TZID=Europe/Rome:20270325T170000",  # cancelled
        "RECURRENCE-ID;TZID=Europe/Rome:20270330T170000",  # moved to Wednesday 18:00
        "RECURRENCE-ID;TZID=Europe/Rome:20270401T170000",  # sold out
    ]
    assert "DTSTART;TZID=Europe/Rome:20270331T180000" in lines
    assert "SUMMARY:ANNULLATO: Corso di teatro" in lines and "SUMMARY:ESAURITO: Corso di teatro" in lines


def test_repeat_whose_first_date_is_excepted_keeps_it_as_dtstart(sample):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "cineforum" / "evento.ics").read_bytes())
    assert "DTSTART;TZID=Europe/Rome:20261003T203000" in lines
    assert "EXDATE;TZID=Europe/Rome:20261003T203000" in lines


def test_overnight_repeat_gets_an_override_on_the_dst_night(sample):
    """RRULE instances share the exact duration; on 24-25 October 23:30-03:30 lasts five hours."""
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "notte-bianca" / "evento.ics").read_bytes())
    assert [line for line in lines if line.startswith("RECURRENCE-ID")] == [
        "RECURRENCE-ID;TZID=Europe/Rome:20261024T233000"
    ]
    assert "DTEND;TZID=Europe/Rome:20261025T033000" in lines


def test_second_of_a_repeated_hour_is_written_in_utc(sample):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "ora-doppia" / "evento.ics").read_bytes())
    assert "DTSTART:20261025T013000Z" in lines  # 02:30 CET, the second 02:30
    assert "DTEND;TZID=Europe/Rome:20261025T031500" in lines


def test_event_without_end_has_no_dtend(sample):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / "verdi" / "webinar" / "evento.ics").read_bytes())
    assert not any(line.startswith("DTEND") for line in lines)
    assert "LOCATION:Online: https://example.org/diretta" in lines
    assert not any(line.startswith("GEO") for line in lines)


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("identity", "summary", "status"),
    [
        ("rossetti/annullato", "ANNULLATO: Recital annullato", "CANCELLED"),
        ("rossetti/rinviato", "RINVIATO: Balletto rinviato", "TENTATIVE"),
        ("verdi/esaurito", "ESAURITO: Concerto esaurito", "CONFIRMED"),
        ("rossetti/spostato", "Commedia spostata", "CONFIRMED"),
    ],
)
def test_status_summary_prefix_and_ical_status(sample, identity, summary, status):
    _, _, out, _ = sample
    lines = unfolded((out / "eventi" / identity / "evento.ics").read_bytes())
    assert f"SUMMARY:{summary}" in lines and f"STATUS:{status}" in lines


def test_rescheduled_says_the_previous_date(sample):
    _, _, out, _ = sample
    data = (out / "eventi" / "rossetti" / "spostato" / "evento.ics").read_bytes()
    (ev,) = vevents(data)
    assert "prima era il 13 febbraio 2027, ore 20:45" in str(ev["DESCRIPTION"])
    assert ev["DTSTART"].dt == datetime(2027, 2, 20, 20, 45, tzinfo=ev["DTSTART"].dt.tzinfo)


def test_dates_keep_their_own_status(sample):
    _, _, out, _ = sample
    evs = vevents((out / "eventi" / "rossetti" / "amleto" / "evento.ics").read_bytes())
    assert [(str(e["SUMMARY"]), str(e["STATUS"])) for e in evs] == [
        ("Amleto", "CONFIRMED"),
        ("ESAURITO: Amleto", "CONFIRMED"),
        ("ANNULLATO: Amleto", "CANCELLED"),
    ]
    assert "Nota: Ultimi posti in loggione" in str(evs[1]["DESCRIPTION"])


def test_cancelled_events_stay_in_the_feeds(sample):
    _, _, out, _ = sample
    data = (out / "feeds" / "cultura.ics").read_bytes()
    assert b"SUMMARY:ANNULLATO: Recital annullato" in data


# --------------------------------------------------------------------------- properties


def test_calendar_properties(sample):
    settings, _, out, _ = sample
    data = (out / "feeds" / "comune" / "032006-trieste.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    lines = unfolded(data)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cartellone//Cultura FVG//IT"]
    assert "NAME:Cultura FVG – Trieste" in lines and "X-WR-CALNAME:Cultura FVG – Trieste" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert f"X-WR-CALDESC:{description.split(':', 1)[1]}" in lines
    assert str(cal["DESCRIPTION"]).startswith("Eventi culturali a Trieste. Da Cartellone, il calendario")
    assert f"SOURCE;VALUE=URI:{SITE_URL}/feeds/comune/032006-trieste.ics" in lines
    assert f"URL;VALUE=URI:{SITE_URL}/" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines and "X-PUBLISHED-TTL:PT12H" in lines
    assert str(cal["UID"]) == feeds.feed_uid("feeds/comune/032006-trieste.ics", settings.uid_domain)
    assert not any(line.startswith("METHOD") for line in lines)


def test_event_properties(sample):
    _, _, out, _ = sample
    (ev,) = vevents((out / "eventi" / "rossetti" / "concerto-natale" / "evento.ics").read_bytes())
    url = f"{SITE_URL}/eventi/rossetti/concerto-natale/"
    assert str(ev["URL"]) == url and url in str(ev["DESCRIPTION"])
    assert str(ev["LOCATION"]) == "Politeama Rossetti, Viale XX Settembre, 45, 34126 Trieste (TS)"
    assert (ev["GEO"].latitude, ev["GEO"].longitude) == (45.6519, 13.7836)
    assert ev["CATEGORIES"].cats == ["Concerto e musica"]
    assert str(ev["TRANSP"]) == "TRANSPARENT" and str(ev["CLASS"]) == "PUBLIC"
    assert str(ev["SUMMARY"]) == "Concerto di Natale: Bach; Händel, Vivaldi \\ e altri"
    description = str(ev["DESCRIPTION"])
    for part in (
        "Biglietti da 10 a 25 EUR",
        "Prenotazione obbligatoria: https://example.org/prenota",
        "Con il sostegno della Regione Friuli Venezia Giulia (L.R. 16/2014)",
        "Organizzazione: Teatro Stabile Rossetti",
        "\nSeconda riga.",
    ):
        assert part in description
    assert "VALARM" not in ev.to_ical().decode()


def test_links_are_absolute_without_a_site_url(sample, tmp_path):
    settings, catalogue, _, _ = sample
    local = replace(settings, site_url="")
    event = catalogue.events["verdi/esaurito"]
    (comp,) = event_components(event, catalogue, local)
    assert str(comp["URL"]) == f"https://{settings.uid_domain}/eventi/verdi/esaurito/"


# --------------------------------------------------------------------------- slices and window


def test_feed_paths(sample):
    _, catalogue, out, report = sample
    paths = set(report.paths)
    for p in (
        "feeds/cultura.ics",
        "feeds/categoria/concerto.ics",
        "feeds/comune/032006-trieste.ics",
        "feeds/comune/093033-pordenone.ics",
        "feeds/provincia/ts.ics",
        "feeds/provincia/pn.ics",
        "feeds/luogo/teatro-verdi.ics",
        "feeds/organizzatore/rossetti.ics",
        "feeds/pubblico/famiglie.ics",
        "feeds/gratuiti.ics",
        "feeds/sostenuti-regione.ics",
        "eventi/verdi/corso-teatro/evento.ics",
    ):
        assert p in paths, p
        assert (out / p).is_file()
    assert len([p for p in paths if p.startswith("eventi/")]) == len(catalogue.events)
    assert all(size == (out / p).stat().st_size for p, size in report.sizes.items())


def _uids(data: bytes) -> set:
    return {str(e["UID"]) for e in vevents(data)}


def test_slice_membership(sample):
    _settings, catalogue, out, _ = sample
    ev = catalogue.events
    free = _uids((out / "feeds" / "gratuiti.ics").read_bytes())
    assert free == {ev["verdi/corso-teatro"].uid, ev["verdi/cineforum"].uid, ev["verdi/festival-estate"].uid}
    supported = _uids((out / "feeds" / "sostenuti-regione.ics").read_bytes())
    assert supported == {ev["rossetti/concerto-natale"].uid, ev["verdi/festival-estate"].uid}
    trieste = _uids((out / "feeds" / "provincia" / "ts.ics").read_bytes())
    assert ev["rossetti/concerto-natale"].uid in trieste and ev["verdi/esaurito"].uid not in trieste
    operators = _uids((out / "feeds" / "pubblico" / "operatori.ics").read_bytes())
    assert operators == {ev["verdi/webinar"].uid}
    # an online-only event has no comune, province or venue feed
    everything_placed = set()
    for p in (out / "feeds" / "comune").glob("*.ics"):
        everything_placed |= _uids(p.read_bytes())
    assert ev["verdi/webinar"].uid not in everything_placed


def test_co_organisers_get_the_event_in_their_feed(tmp_path):
    root = make_feeds_repo(tmp_path / "repo", events={})
    write_sample_event(root, "verdi/insieme", EVENTS["verdi/esaurito"] + "co_organisers: [rossetti]\n")
    _settings, catalogue = load_sample(root)
    specs = {s.path: s for s in feed_slices(catalogue, TODAY, None)}
    assert [e.identity for e in specs["feeds/organizzatore/rossetti.ics"].events] == ["verdi/insieme"]


def test_rolling_window(tmp_path):
    root = make_feeds_repo(tmp_path / "repo", events={})
    base = EVENTS["verdi/esaurito"].replace('start: "2027-01-09 21:00"', "start: {when}")
    for name, when in (
        ("vecchio", '"2026-09-01 21:00"'),
        ("ieri-recente", '"2026-10-03 21:00"'),
        ("lontano", '"2027-12-03 21:00"'),
        ("vicino", '"2027-11-30 21:00"'),
    ):
        write_sample_event(root, f"verdi/{name}", base.replace("{when}", when))
    settings, catalogue = load_sample(root)
    out = tmp_path / "out"
    write_feeds(catalogue, settings, out, TODAY)
    titles = {str(e["UID"]) for e in vevents((out / "feeds" / "cultura.ics").read_bytes())}
    ev = catalogue.events
    assert titles == {ev["verdi/ieri-recente"].uid, ev["verdi/vicino"].uid}
    # every event keeps its own file, whatever the window
    assert (out / "eventi" / "verdi" / "vecchio" / "evento.ics").is_file()
    window = Window.around(TODAY, settings.feed_past_days, settings.feed_future_days, settings.tz)
    assert (window.start.date(), window.end.date()) == (date(2026, 10, 2), date(2027, 12, 2))


def test_dates_outside_the_window_are_left_out_one_by_one(tmp_path):
    root = make_feeds_repo(tmp_path / "repo", events={})
    write_sample_event(
        root,
        "rossetti/tournee",
        """\
        title: Tournée
        summary: Due anni di repliche.
        category: teatro
        venue: politeama-rossetti
        dates:
          - {start: "2026-01-10 20:30"}
          - {start: "2027-01-10 20:30"}
          - {start: "2028-06-10 20:30"}
        """,
    )
    settings, catalogue = load_sample(root)
    out = tmp_path / "out"
    write_feeds(catalogue, settings, out, TODAY)
    region = vevents((out / "feeds" / "cultura.ics").read_bytes())
    assert [e["DTSTART"].dt.year for e in region] == [2027]
    own = vevents((out / "eventi" / "rossetti" / "tournee" / "evento.ics").read_bytes())
    assert [e["DTSTART"].dt.year for e in own] == [2026, 2027, 2028]


# --------------------------------------------------------------------------- reproducibility, sizes


def test_two_builds_are_byte_identical(sample, tmp_path):
    settings, catalogue, out, report = sample
    again = write_feeds(catalogue, settings, tmp_path / "again", TODAY)
    assert again.paths == report.paths
    for p in report.paths:
        assert (tmp_path / "again" / p).read_bytes() == (out / p).read_bytes(), p


def test_build_feed_matches_write_feeds(sample):
    settings, catalogue, out, _ = sample
    window = Window.around(TODAY, settings.feed_past_days, settings.feed_future_days, settings.tz)
    spec = next(s for s in feed_slices(catalogue, TODAY, window) if s.path == "feeds/luogo/teatro-verdi.ics")
    data = build_feed(
        spec.path, spec.title, spec.events, catalogue, settings, description=spec.description, window=window
    )
    assert data == (out / spec.path).read_bytes()


def test_size_warning_and_cut_keep_the_nearest_items(sample, tmp_path):
    settings, catalogue, out, _ = sample
    full = (out / "feeds" / "cultura.ics").stat().st_size
    warn = replace(settings, feed_warn_bytes=full - 1)
    report = write_feeds(catalogue, warn, tmp_path / "warn", TODAY)
    assert any(w.startswith("feeds/cultura.ics:") for w in report.warnings)
    assert not report.truncated
    small = replace(settings, feed_max_bytes=12_000, feed_warn_bytes=10_000)
    report = write_feeds(catalogue, small, tmp_path / "cut", TODAY)
    data = (tmp_path / "cut" / "feeds" / "cultura.ics").read_bytes()
    assert len(data) <= 12_000
    kept, total = report.truncated["feeds/cultura.ics"]
    assert 0 < kept < total
    assert any("feeds/cultura.ics" in w and f"{kept}" in w for w in report.warnings)
    summaries = {str(e["SUMMARY"]) for e in vevents(data)}
    # what is kept is what comes first from today on: the exhibition opening today, December, January...
    assert {"Mostra d'inverno", "ESAURITO: Concerto esaurito", "ANNULLATO: Recital annullato"} <= summaries
    # ...while the farthest (June) and the past (October) items are the ones left out
    assert "Festival d'estate" not in summaries
    assert not {"Cineforum del sabato", "Notte bianca in teatro"} & summaries


def test_irregular_zone_falls_back_to_icalendars_vtimezone(sample, tmp_path):
    settings, catalogue, _, _ = sample
    other = replace(settings, timezone="Africa/Casablanca")
    ctx = feeds._Context(catalogue, other, None)
    assert b"TZID:Africa/Casablanca" in ctx.tz_block


def test_feed_code_never_reads_the_clock():
    pkg = Path(feeds.__file__).parent
    for name in ("feeds.py", "ics.py", "history.py", "vtimezone.py"):
        source = (pkg / name).read_text(encoding="utf-8")
        for banned in ("datetime.now", "date.today", "time.time(", "utcnow", "uuid4", "import random"):
            assert banned not in source, (name, banned)


def test_the_two_0230_of_the_autumn_night_get_different_uids(tmp_path):
    root = make_feeds_repo(tmp_path / "repo", events={})
    write_sample_event(
        root,
        "verdi/notte",
        """\
        title: Due volte le 02:30
        summary: Due repliche.
        category: concerto
        venue: teatro-verdi
        dates:
          - {start: "2026-10-25 02:30+02:00"}
          - {start: "2026-10-25 02:30+01:00"}
        """,
    )
    settings, catalogue = load_sample(root)
    comps = event_components(catalogue.events["verdi/notte"], catalogue, settings)
    from cartellone.model import event_uid

    assert [str(c["UID"]) for c in comps] == [
        event_uid("verdi/notte#2026-10-25T02:30", settings.uid_domain),
        event_uid("verdi/notte#2026-10-25T02:30+01:00", settings.uid_domain),
    ]
    assert [c["DTSTART"].to_ical() for c in comps] == [b"20261025T023000", b"20261025T013000Z"]


def test_feed_settings_are_validated(tmp_path):
    from cartellone.settings import Settings, SettingsError

    root = make_feeds_repo(tmp_path / "repo", events={})
    with pytest.raises(SettingsError) as info:
        Settings.from_mapping(root, {"CARTELLONE": {"feed_past_days": -1, "feed_fallback_stamp": "ieri"}}, env={})
    assert len(info.value.problems) == 2
    settings = Settings.from_mapping(root, {"CARTELLONE": {"feed_future_days": 180, "feed_name": "Cultura X"}}, env={})
    assert (settings.feed_future_days, settings.feed_name, settings.feed_past_days) == (180, "Cultura X", 60)


def test_worker_processes_write_the_same_bytes(sample, tmp_path):
    settings, catalogue, out, report = sample
    again = write_feeds(catalogue, settings, tmp_path / "parallel", TODAY, workers=2)
    assert again.paths == report.paths
    for p in report.paths:
        assert (tmp_path / "parallel" / p).read_bytes() == (out / p).read_bytes(), p
