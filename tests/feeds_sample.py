"""A small repository whose events cover every case the calendar feeds must handle.

Used by the feed tests (tests/test_feeds*.py, tests/golden/). ``make_feeds_repo(root)`` lays it out;
``load_sample(root)`` returns ``(settings, catalogue)``. The fixed clock is ``TODAY`` (2026-12-01), so
the rolling window (60 days back, 365 ahead) runs from 2026-10-02 to 2027-12-01.

Events (``events/<organiser>/<name>.yaml``) and what each exercises:

=================================  =============================================================
rossetti/concerto-natale           single timed; text with , ; \\ and accents; price, booking,
                                   audience, regional support
rossetti/amleto                    ``dates``: three performances across the March 2027 DST change,
                                   one cancelled, one sold out with a note
verdi/corso-teatro                 weekly repeat (tue, thu) across March 2027 DST; except,
                                   changes: cancelled, moved (with note), sold out
verdi/cineforum                    weekly repeat (sat) across October 2026 DST, first date excepted
verdi/notte-bianca                 weekly repeat ending after midnight: the DST night's end differs
verdi/festival-estate              all-day, three days (exclusive DATE end)
verdi/mostra-inverno               long-running, opening hours and closed days
rossetti/annullato                 status cancelled
rossetti/spostato                  status rescheduled, previous_start
rossetti/rinviato                  status postponed
verdi/esaurito                     status sold-out
verdi/webinar                      online only, no end
verdi/ora-doppia                   the second 02:30 of 25 October 2026 (offset written): UTC
=================================  =============================================================
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from cartellone.repository import load_repository
from cartellone.settings import Settings

MAIN = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 1)
SITE_URL = "https://cultura.example.org"
CONF = {"site_url": SITE_URL, "uid_domain": "cultura.example.org", "today": TODAY.isoformat()}

ORGANISERS = {
    "rossetti": {"name": "Teatro Stabile Rossetti", "kind": "teatro", "comune": "032006"},
    "verdi": {"name": "Teatro Verdi Pordenone", "kind": "teatro", "comune": "093033"},
}
VENUES = {
    "politeama-rossetti": {
        "name": "Politeama Rossetti",
        "kind": "teatro",
        "address": "Viale XX Settembre, 45",
        "postal_code": "34126",
        "comune": "032006",
        "coordinates": {"lat": 45.6519, "lon": 13.7836},
    },
    "teatro-verdi": {
        "name": "Teatro Verdi",
        "kind": "teatro",
        "address": "Viale Franco Martelli, 2",
        "postal_code": "33170",
        "comune": "093033",
        "coordinates": {"lat": 45.9596, "lon": 12.6563},
    },
}

EVENTS = {
    "rossetti/concerto-natale": """\
        title: 'Concerto di Natale: Bach; Händel, Vivaldi \\ e altri'
        summary: "Coro e orchestra; musiche di Bach, Händel e Vivaldi.\\nSeconda riga."
        category: concerto
        venue: politeama-rossetti
        start: "2026-12-20 20:45"
        end: "22:30"
        price: {free: false, from: 10, to: 25, tickets: "https://example.org/biglietti"}
        booking: required
        booking_url: https://example.org/prenota
        audience: [famiglie, adulti]
        regional_support: true
        funding_reference: L.R. 16/2014
        """,
    "rossetti/amleto": """\
        title: Amleto
        summary: La tragedia di Shakespeare in tre serate.
        category: teatro
        venue: politeama-rossetti
        dates:
          - {start: "2027-03-27 20:30", end: "23:00"}
          - {start: "2027-03-28 20:30", end: "23:00", status: sold-out, note: Ultimi posti in loggione}
          - {start: "2027-03-29 20:30", end: "23:00", status: cancelled}
        audience: [adulti]
        """,
    "verdi/corso-teatro": """\
        title: Corso di teatro
        summary: Dieci incontri per principianti.
        category: corso
        venue: teatro-verdi
        start: "2027-03-16 17:00"
        end: "18:30"
        repeat:
          weekly: [tue, thu]
          until: 2027-04-08
          except: [2027-03-23]
          changes:
            - {date: 2027-03-25, status: cancelled}
            - {date: 2027-03-30, start: "2027-03-31 18:00", end: "19:30", note: Spostato al mercoledì}
            - {date: 2027-04-01, status: sold-out}
        price: {free: true}
        audience: [giovani, adulti]
        """,
    "verdi/cineforum": """\
        title: Cineforum del sabato
        summary: Un film d'autore ogni sabato.
        category: cinema
        venue: teatro-verdi
        start: "2026-10-03 20:30"
        end: "22:30"
        repeat:
          weekly: [sat]
          until: 2026-11-07
          except: [2026-10-03]
        price: {free: true}
        """,
    "verdi/notte-bianca": """\
        title: Notte bianca in teatro
        summary: Dalle 23:30 all'alba.
        category: festival
        venue: teatro-verdi
        start: "2026-10-10 23:30"
        end: "2026-10-11 03:30"
        repeat:
          weekly: [sat]
          until: 2026-10-31
        """,
    "verdi/festival-estate": """\
        title: Festival d'estate
        summary: Tre giorni di musica all'aperto.
        category: festival
        venue: teatro-verdi
        start: 2027-06-19
        end: 2027-06-21
        price: {free: true}
        regional_support: true
        """,
    "verdi/mostra-inverno": """\
        title: Mostra d'inverno
        summary: Opere dalle collezioni civiche.
        category: mostra
        venue: teatro-verdi
        start: 2026-12-01
        end: 2027-02-28
        opening_hours:
          - {days: [tue, wed, thu, fri], from: "10:00", to: "18:00"}
          - {days: [sat, sun], from: "10:00", to: "20:00"}
        closed: [2026-12-25, 2027-01-01]
        """,
    "rossetti/annullato": """\
        title: Recital annullato
        summary: Il recital non si terrà.
        category: concerto
        venue: politeama-rossetti
        start: "2027-01-15 21:00"
        end: "22:30"
        status: cancelled
        """,
    "rossetti/spostato": """\
        title: Commedia spostata
        summary: Nuova data per la commedia.
        category: teatro
        venue: politeama-rossetti
        start: "2027-02-20 20:45"
        end: "22:45"
        status: rescheduled
        previous_start: "2027-02-13 20:45"
        """,
    "rossetti/rinviato": """\
        title: Balletto rinviato
        summary: Data da definire.
        category: danza
        venue: politeama-rossetti
        start: "2027-01-30 20:00"
        end: "22:00"
        status: postponed
        """,
    "verdi/esaurito": """\
        title: Concerto esaurito
        summary: Tutto esaurito.
        category: concerto
        venue: teatro-verdi
        start: "2027-01-09 21:00"
        end: "23:00"
        status: sold-out
        """,
    "verdi/webinar": """\
        title: Webinar sui bandi
        summary: Come partecipare ai bandi regionali.
        category: seminario
        online: https://example.org/diretta
        start: "2027-02-03 18:00"
        audience: [operatori]
        """,
    "verdi/ora-doppia": """\
        title: Concerto nell'ora doppia
        summary: Alle 02:30, la seconda volta.
        category: concerto
        venue: teatro-verdi
        start: "2026-10-25 02:30+01:00"
        end: "2026-10-25 03:15"
        """,
}


def _dump(data: dict) -> str:
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def make_feeds_repo(root: Path, events: dict | None = None) -> Path:
    """Lay out the sample repository in ``root`` and return it."""
    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MAIN / "data" / "comuni-fvg.csv", root / "data" / "comuni-fvg.csv")
    for folder in ("organisers", "venues", "events"):
        (root / folder).mkdir(exist_ok=True)
    for ident, data in ORGANISERS.items():
        (root / "organisers" / f"{ident}.yaml").write_text(_dump(data), encoding="utf-8")
    for ident, data in VENUES.items():
        (root / "venues" / f"{ident}.yaml").write_text(_dump(data), encoding="utf-8")
    for identity, text in (EVENTS if events is None else events).items():
        write_sample_event(root, identity, text)
    return root


def write_sample_event(root: Path, identity: str, text: str) -> Path:
    path = Path(root) / "events" / f"{identity}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dedent(text), encoding="utf-8")
    return path


def sample_settings(root: Path, **conf) -> Settings:
    return Settings.from_mapping(Path(root), {"CARTELLONE": {**CONF, **conf}}, env={})


def load_sample(root: Path, **conf):
    """``(settings, catalogue)``; fails on any error finding, so a broken sample is noticed."""
    settings = sample_settings(root, **conf)
    result = load_repository(settings, workers=1)
    errors = [(f.file, f.line, f.code) for f in result.findings if f.severity.value == "error"]
    assert not errors, errors
    return settings, result.catalogue
