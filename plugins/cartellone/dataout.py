"""Open data and machine-readable site files: events as JSON and CSV, the DCAT-AP_IT catalogue, the
sitemap, and an Atom feed of newly added events.

Pure functions: every input is an argument (the catalogue, the settings, dates and times of the
content's history), nothing reads the clock, and the output is bytes, so two builds of the same
content give byte-identical files.

**Alignment with national vocabularies** (brief ``feeds.md``, "Italian open data";
``italy-facts.md`` §5.3): each event carries its AgID/OntoPiA ``public-event-types`` code and
concept URI (``agid_code``, ``agid_uri``, the CPEV-AP_IT classification) next to our calendar slug
and the schema.org type; places carry the ISTAT comune code; statuses, attendance modes and
audiences use the same keys as the schema.org JSON-LD and the iCalendar feeds. The dataset is
described in DCAT-AP_IT (``catalog_jsonld``), licence CC BY 4.0.

**Files and rows** (decided here):

- ``eventi.csv`` (``events_csv``): **one row per event** (per file), the shape most tools expect and
  the one the brief asks for. ``start`` is the first date's start, ``end`` the last date's end and
  ``occurrence_count`` says how many dates there are.
- ``occorrenze.csv`` (``occurrences_csv``): **one row per date** (each performance, each day of a
  weekly repeat, each span), keyed by ``identity`` to join with ``eventi.csv``, for whoever needs
  the calendar itself. Its columns are ``OCCURRENCE_COLUMNS``.
- ``eventi.json`` (``events_json``): one entry per event with the ``COLUMNS`` keys as typed values
  (numbers, booleans, lists, ``null``) plus its dates, plain-text description and translations
  (``JSON_EXTRA``), with the licence, attribution, field descriptions and vocabulary labels at the
  top, so the file documents itself.

Columns are documented in ``COLUMNS`` (in file order) as ``name: (description_it, description_en)``.
Times are ISO 8601 with the offset of that day (``2026-12-20T20:45:00+01:00``); all-day items have
dates alone (``2027-06-19``) and their ``end`` is the **last day, inclusive** (as in the JSON-LD;
the iCalendar feeds use the exclusive end that format requires). Lists are ``|``-separated keys of
the vocabularies (the separator of the AgID CSV); booleans are ``true``/``false``; empty means
"not given". Rows are ordered by ``identity``. The CSV is UTF-8 without BOM, RFC 4180 (comma,
``"`` quoting when needed, CRLF line ends), with a header row. Values are written as they are
(a title starting with ``=`` is not altered): the files are data for programs; spreadsheet users
should import them as text. The Markdown description is not in the CSV (multi-line fields break
many tools); ``summary`` is, and ``eventi.json`` has the description as plain text.

Sample events (``example: true``) are included with ``example`` = ``true`` so consumers can drop
them; they are the same events the site shows with an "esempio" label.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import PurePosixPath

from .i18n import LANGS, format_date
from .jsonld import base_url, iso_end, iso_start, page_url
from .markup import plain_text
from .model import UID_NAMESPACE, Catalogue, Event, Occurrence, effective_status
from .settings import Settings
from .vocabulary import Vocabularies, load_vocabularies

LICENCE_URI = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
AGID_EVENT_TYPES = "https://w3id.org/italia/controlled-vocabulary/public-event-types"
EU_THEME_EDUC = "http://publications.europa.eu/resource/authority/data-theme/EDUC"
EU_LANGUAGE_ITA = "http://publications.europa.eu/resource/authority/language/ITA"
EU_FREQUENCY_DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# Attribution required by the reference data the exports contain (data/*.SOURCE.md).
ATTRIBUTION = (
    "Elaborazione su dati ISTAT (CC-BY 4.0); confini comunali ISTAT via openpolis/geojson-italy (CC-BY 4.0).",
    "Fonte: AgID – OntoPiA, vocabolario controllato Tipi di eventi pubblici (CC-BY 4.0).",
)
LIST_SEPARATOR = "|"
MAX_SITEMAP_URLS = 50_000
ATOM_ENTRIES = 50

COLUMNS: dict[str, tuple[str, str]] = {
    "identity": (
        "Identificativo stabile dell'evento (id o <organizzatore>/<file>)",
        "Stable identifier of the event (id or <organiser>/<file>)",
    ),
    "uid": (
        "UID dell'evento nei calendari (UUID v5 dell'identificativo)",
        "Calendar UID of the event (UUID v5 of the identity)",
    ),
    "url": ("Pagina dell'evento sul sito", "The event's page on the site"),
    "title": ("Nome dell'evento", "Name of the event"),
    "summary": (
        "Descrizione breve (testo semplice, al massimo 255 caratteri)",
        "Short description (plain text, at most 255 characters)",
    ),
    "category": ("Categoria del calendario (slug) o codice AgID", "Calendar category (slug) or AgID code"),
    "category_label": ("Nome della categoria", "Name of the category (Italian)"),
    "agid_code": (
        "Codice del tipo di evento pubblico (vocabolario AgID public-event-types, CPEV-AP_IT)",
        "Public event type code (AgID public-event-types vocabulary, CPEV-AP_IT)",
    ),
    "agid_uri": (
        "URI del concetto nel vocabolario AgID public-event-types",
        "URI of the concept in the AgID public-event-types vocabulary",
    ),
    "schema_type": ("Tipo schema.org dell'evento (es. MusicEvent)", "schema.org type of the event (e.g. MusicEvent)"),
    "status": (
        "Stato: scheduled, cancelled, postponed, rescheduled, sold-out",
        "Status: scheduled, cancelled, postponed, rescheduled, sold-out",
    ),
    "start": (
        "Inizio della prima data: ISO 8601 con fuso orario; solo data per eventi di giornata intera",
        "Start of the first date: ISO 8601 with offset; date only for all-day items",
    ),
    "end": (
        "Fine dell'ultima data (o il suo inizio, se non ha fine): ISO 8601 con fuso orario; per eventi di "
        "giornata intera l'ultimo giorno (incluso)",
        "End of the last date (or its start, if it has no end): ISO 8601 with offset; for all-day items "
        "the last day (inclusive)",
    ),
    "all_day": ("true se tutte le date sono di giornata intera", "true if every date is all-day"),
    "occurrence_count": ("Numero di date (vedi occorrenze.csv)", "Number of dates (see occorrenze.csv)"),
    "attendance": ("Modalità: offline (in presenza), online, mixed (mista)", "Attendance mode: offline, online, mixed"),
    "venue_id": ("Identificativo del luogo", "Venue identifier"),
    "venue_name": ("Nome del luogo", "Venue name"),
    "venue_address": ("Indirizzo (via e numero civico)", "Street address"),
    "postal_code": ("CAP", "Postal code"),
    "comune_istat": ("Codice ISTAT del comune del luogo", "ISTAT code of the venue's comune"),
    "comune_name": ("Nome ufficiale ISTAT del comune", "Official ISTAT name of the comune"),
    "province": ("Sigla della provincia / UTS (UD, GO, TS, PN)", "Province / UTS abbreviation (UD, GO, TS, PN)"),
    "lat": ("Latitudine del luogo (WGS84)", "Venue latitude (WGS84)"),
    "lon": ("Longitudine del luogo (WGS84)", "Venue longitude (WGS84)"),
    "online_url": ("Indirizzo dell'evento online o della diretta", "URL of the online event or stream"),
    "organiser_id": ("Identificativo dell'organizzatore", "Organiser identifier"),
    "organiser_name": ("Nome dell'organizzatore", "Organiser name"),
    "free": ("true se l'ingresso è gratuito; vuoto se non indicato", "true if admission is free; empty if not given"),
    "price_from": ("Prezzo minimo in euro", "Lowest price in euro"),
    "price_to": ("Prezzo massimo in euro", "Highest price in euro"),
    "tickets_url": ("Pagina per acquistare i biglietti", "Page where tickets are sold"),
    "audience": (
        "A chi è rivolto: chiavi del vocabolario audiences, separate da |",
        "Audience: keys of the audiences vocabulary, |-separated",
    ),
    "languages": (
        "Lingue dell'evento (ISO 639-1, o 639-3 come fur, ise), separate da |",
        "Languages of the event (ISO 639-1, or 639-3 such as fur, ise), |-separated",
    ),
    "accessibility": (
        "Servizi di accessibilità: chiavi del vocabolario accessibility, separate da |",
        "Accessibility features: keys of the accessibility vocabulary, |-separated",
    ),
    "regional_support": ("true se l'evento è sostenuto dalla Regione", "true if the event is supported by the Region"),
    "funding_reference": ("Legge o bando del sostegno regionale", "Law or call of the regional support"),
    "example": (
        "true per i dati di esempio (da escludere nelle analisi)",
        "true for sample data (leave out of analyses)",
    ),
    "licence": ("Licenza dei dati", "Licence of the data"),
}

OCCURRENCE_COLUMNS: dict[str, tuple[str, str]] = {
    "identity": ("Identificativo dell'evento (collega a eventi.csv)", "Event identifier (joins eventi.csv)"),
    "uid": ("UID dell'evento nei calendari", "Calendar UID of the event"),
    "start": (
        "Inizio: ISO 8601 con fuso orario; solo data per una data di giornata intera",
        "Start: ISO 8601 with offset; date only for an all-day date",
    ),
    "end": (
        "Fine: ISO 8601 con fuso orario; per giornata intera l'ultimo giorno (incluso)",
        "End: ISO 8601 with offset; for all-day the last day (inclusive)",
    ),
    "all_day": ("true se la data è di giornata intera", "true if the date is all-day"),
    "status": (
        "Stato di questa data (lo stato annullato o rinviato dell'evento prevale)",
        "Status of this date (a cancelled or postponed event wins)",
    ),
    "previous_start": ("Inizio originale di una data spostata", "Original start of a moved date"),
    "note": ("Nota sulla data", "Note about the date"),
    "title": ("Nome dell'evento", "Name of the event"),
    "url": ("Pagina dell'evento sul sito", "The event's page on the site"),
    "venue_id": ("Identificativo del luogo", "Venue identifier"),
    "comune_istat": ("Codice ISTAT del comune del luogo", "ISTAT code of the venue's comune"),
    "province": ("Sigla della provincia / UTS", "Province / UTS abbreviation"),
    "agid_code": ("Codice del tipo di evento pubblico (AgID)", "Public event type code (AgID)"),
}

JSON_EXTRA: dict[str, tuple[str, str]] = {
    "description": ("Descrizione (testo semplice, senza Markdown)", "Description (plain text, no Markdown)"),
    "occurrences": (
        "Le date: start, end, all_day, status, previous_start, note (come in occorrenze.csv)",
        "The dates: start, end, all_day, status, previous_start, note (as in occorrenze.csv)",
    ),
    "translations": (
        "Titolo, descrizione breve e descrizione in altre lingue",
        "Title, summary and description in other languages",
    ),
}

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------- values


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _cell(value) -> str:
    """A CSV cell: '' for None, true/false, numbers without a trailing .0, lists |-separated."""
    if value.__class__ is str:  # most cells
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _sorted_events(catalogue: Catalogue) -> list[Event]:
    return [catalogue.events[k] for k in sorted(catalogue.events)]


def _occurrences(event: Event) -> list[Occurrence]:
    return sorted(event.occurrences, key=lambda o: o.start)


def event_record(event: Event, catalogue: Catalogue, settings: Settings) -> dict:
    """The ``COLUMNS`` of one event as typed values (None when not given)."""
    occs = _occurrences(event)
    venue = catalogue.venues.get(event.venue) if event.venue else None
    organiser = catalogue.organisers.get(event.organiser)
    price = event.price
    last = max(occs, key=lambda o: o.end or o.start) if occs else None
    cat = event.category
    record = {
        "identity": event.identity,
        "uid": event.uid,
        "url": page_url(event, settings),
        "title": event.title,
        "summary": event.summary,
        "category": cat.key,
        "category_label": cat.label_it,
        "agid_code": cat.agid_code,
        "agid_uri": cat.agid_uri,
        "schema_type": cat.schema_type,
        "status": event.status,
        "start": iso_start(occs[0]) if occs else None,
        "end": (iso_end(last) or iso_start(last)) if last else None,
        "all_day": all(o.all_day for o in occs) if occs else None,
        "occurrence_count": len(occs),
        "attendance": event.attendance,
        "venue_id": event.venue,
        "venue_name": venue.name if venue else None,
        "venue_address": venue.address if venue else None,
        "postal_code": venue.postal_code if venue else None,
        "comune_istat": venue.comune.istat if venue else None,
        "comune_name": venue.comune.name if venue else None,
        "province": venue.comune.province if venue else None,
        "lat": venue.lat if venue else None,
        "lon": venue.lon if venue else None,
        "online_url": event.online,
        "organiser_id": event.organiser,
        "organiser_name": organiser.name if organiser else None,
        "free": price.free if price else None,
        "price_from": 0 if price and price.free else _number(price.low) if price else None,
        "price_to": 0 if price and price.free else _number(price.high) if price else None,
        "tickets_url": price.tickets if price else None,
        "audience": list(event.audience),
        "languages": list(event.languages),
        "accessibility": list(event.accessibility),
        "regional_support": event.regional_support,
        "funding_reference": event.funding_reference or None,
        "example": event.example,
        "licence": LICENCE_URI,
    }
    return record


def occurrence_record(event: Event, occ: Occurrence, catalogue: Catalogue, settings: Settings) -> dict:
    """The ``OCCURRENCE_COLUMNS`` of one date of ``event``."""
    venue = catalogue.venues.get(event.venue) if event.venue else None
    status = effective_status(event.status, occ.status)
    previous = None
    if occ.recurrence_id is not None and occ.recurrence_id != occ.start:
        previous = occ.recurrence_id.isoformat()
    elif status == "rescheduled" and event.previous_start is not None:
        previous = event.previous_start.isoformat()
    record = {
        "identity": event.identity,
        "uid": event.uid,
        "start": iso_start(occ),
        "end": iso_end(occ),
        "all_day": occ.all_day,
        "status": status,
        "previous_start": previous,
        "note": occ.note or None,
        "title": event.title,
        "url": page_url(event, settings),
        "venue_id": event.venue,
        "comune_istat": venue.comune.istat if venue else None,
        "province": venue.comune.province if venue else None,
        "agid_code": event.category.agid_code,
    }
    return record


def _csv_bytes(header: Iterable[str], rows: Iterable[dict]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    header = list(header)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v if v.__class__ is str else _cell(v) for v in map(row.__getitem__, header)])
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- JSON and CSV

_JSON_OCCURRENCE_KEYS = ("start", "end", "all_day", "status", "previous_start", "note")


def shared_records(catalogue: Catalogue, settings: Settings) -> list[tuple[Event, dict, list[dict]]]:
    """(event, its ``event_record``, the ``occurrence_record`` of each of its dates) for every event, by identity.

    The three data files share them: pass the list as ``records=`` to ``events_json``,
    ``events_csv`` and ``occurrences_csv`` (the site does) and each record is made once.
    """
    return [
        (
            e,
            event_record(e, catalogue, settings),
            [occurrence_record(e, o, catalogue, settings) for o in _occurrences(e)],
        )
        for e in _sorted_events(catalogue)
    ]


def events_csv(
    catalogue: Catalogue, settings: Settings, vocab: Vocabularies | None = None, *, records: list | None = None
) -> bytes:
    """``eventi.csv``: one row per event, ``COLUMNS`` in order, ordered by identity."""
    records = records if records is not None else shared_records(catalogue, settings)
    return _csv_bytes(COLUMNS, (record for _, record, _ in records))


def occurrences_csv(
    catalogue: Catalogue, settings: Settings, vocab: Vocabularies | None = None, *, records: list | None = None
) -> bytes:
    """``occorrenze.csv``: one row per date, ``OCCURRENCE_COLUMNS`` in order, by identity then start."""
    records = records if records is not None else shared_records(catalogue, settings)
    return _csv_bytes(OCCURRENCE_COLUMNS, (row for _, _, rows in records for row in rows))


def events_json(
    catalogue: Catalogue, settings: Settings, vocab: Vocabularies | None = None, *, records: list | None = None
) -> bytes:
    """``eventi.json``: the events (``COLUMNS`` + ``JSON_EXTRA``) with licence, attribution and labels."""
    vocab = vocab or load_vocabularies()
    events = []
    records = records if records is not None else shared_records(catalogue, settings)
    for event, base, occurrences in records:
        record = dict(base)
        record["description"] = plain_text(event.description) or None
        record["occurrences"] = [{k: row[k] for k in _JSON_OCCURRENCE_KEYS} for row in occurrences]
        translations = {}
        for lang in sorted(event.translations):
            t = event.translations[lang] or {}
            entry = {k: t[k] for k in ("title", "summary") if t.get(k)}
            if t.get("description"):
                entry["description"] = plain_text(t["description"])
            if entry:
                translations[lang] = entry
        record["translations"] = translations
        events.append(record)
    labels = {
        name: {key: {"it": v.get("it"), "en": v.get("en") or v.get("it")} for key, v in vocab.lists[name].items()}
        for name in ("audiences", "languages", "accessibility", "statuses", "date_statuses")
        if name in vocab.lists
    }
    doc = {
        "title": f"Eventi culturali in {settings.region_name}",
        "publisher": settings.region_name,
        "source": f"{base_url(settings)}/",
        "licence": LICENCE_URI,
        "attribution": list(ATTRIBUTION),
        "conformsTo": AGID_EVENT_TYPES,
        "fields": {k: {"it": it, "en": en} for k, (it, en) in (COLUMNS | JSON_EXTRA).items()},
        "vocabularies": labels,
        "count": len(events),
        "events": events,
    }
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- DCAT-AP_IT

_DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FORMATS = {  # extension -> (EU file-type code, media type)
    "json": ("JSON", "application/json"),
    "csv": ("CSV", "text/csv"),
    "jsonld": ("JSON_LD", "application/ld+json"),
    "xml": ("XML", "application/xml"),
}


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _date(value: date) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def catalog_jsonld(
    settings: Settings,
    files: Sequence[str] | Mapping[str, str],
    modified: date,
    *,
    catalog_path: str = "catalog.jsonld",
) -> bytes:
    """A DCAT-AP_IT catalogue (JSON-LD) with one dataset, the events, and a distribution per file.

    ``files``: the published files' paths relative to the site root (``dati/eventi.csv``...), or a
    mapping path -> title; ``modified``: when the data last changed (from the content's history,
    not the build time); ``catalog_path``: where this file is published, for the ``@id``\\ s.
    Publisher, rights holder and spatial coverage are the Region (``settings.region_name``), with its
    IPA code (``settings.publisher_id``) when set; the contact point has ``settings.contact_email`` when
    set. DCAT-AP_IT requires both, so a Region publishing the site sets them.
    """
    base = base_url(settings)
    catalog_id = f"{base}/{catalog_path.lstrip('/')}"
    dataset_id = f"{catalog_id}#eventi"
    publisher_id = f"{catalog_id}#titolare"
    region = settings.region_name
    titles = dict(files) if isinstance(files, Mapping) else {f: "" for f in files}
    distributions = []
    for path in titles:
        name = PurePosixPath(path).name
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        code, media = _FORMATS.get(ext, (None, None))
        url = f"{base}/{path.lstrip('/')}"
        dist = {
            "@id": f"{catalog_id}#distribuzione-{name}",
            "@type": ["dcat:Distribution", "dcatapit:Distribution"],
            "dct:title": titles[path] or f"{name} ({code or ext.upper()})",
            "dcat:accessURL": _ref(url),
            "dcat:downloadURL": _ref(url),
            "dct:license": _ref(LICENCE_URI),
            "dct:modified": _date(modified),
        }
        if code:
            dist["dct:format"] = _ref(EU_FILE_TYPE + code)
            dist["dcat:mediaType"] = media
        distributions.append(dist)
    contact = {"@type": ["vcard:Organization", "dcatapit:Organization"], "vcard:fn": settings.site_name}
    if settings.contact_email:
        contact["vcard:hasEmail"] = _ref(f"mailto:{settings.contact_email}")
    contact["vcard:hasURL"] = _ref(settings.repository_url or f"{base}/")
    publisher = {"@id": publisher_id, "@type": ["foaf:Agent", "dcatapit:Agent"], "foaf:name": region}
    if settings.publisher_id:
        publisher["dct:identifier"] = settings.publisher_id
    graph = [
        {
            "@id": catalog_id,
            "@type": ["dcat:Catalog", "dcatapit:Catalog"],
            "dct:title": f"{settings.site_name} – dati aperti",
            "dct:description": f"Dati aperti del calendario degli eventi culturali in {region}.",
            "dct:publisher": _ref(publisher_id),
            "dct:modified": _date(modified),
            "dct:language": _ref(EU_LANGUAGE_ITA),
            "foaf:homepage": _ref(f"{base}/"),
            "dcat:themeTaxonomy": _ref("http://publications.europa.eu/resource/authority/data-theme"),
            "dcat:dataset": [_ref(dataset_id)],
        },
        {
            "@id": dataset_id,
            "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": f"{settings.uid_domain}:eventi",
            "dct:title": f"Eventi culturali in {region}",
            "dct:description": (
                f"Il calendario pubblico degli eventi culturali in {region}: un record per evento "
                "(e uno per data), con il tipo di evento del vocabolario AgID public-event-types, il "
                "codice ISTAT del comune, luogo, stato, prezzi e accessibilità."
            ),
            "dct:publisher": _ref(publisher_id),
            "dct:rightsHolder": _ref(publisher_id),
            "dct:modified": _date(modified),
            "dct:language": _ref(EU_LANGUAGE_ITA),
            "dct:accrualPeriodicity": _ref(EU_FREQUENCY_DAILY),
            "dcat:theme": _ref(EU_THEME_EDUC),
            "dct:conformsTo": _ref(AGID_EVENT_TYPES),
            "dct:spatial": {"@type": "dct:Location", "locn:geographicalName": region},
            "dcat:keyword": ["eventi", "cultura", "calendario", region],
            "dcat:landingPage": _ref(f"{base}/"),
            "dcat:contactPoint": contact,
            "dct:license": _ref(LICENCE_URI),
            "dcat:distribution": [_ref(d["@id"]) for d in distributions],
        },
        publisher,
        {
            "@id": LICENCE_URI,
            "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
            "dct:type": _ref("http://purl.org/adms/licencetype/Attribution"),
            "foaf:name": LICENCE_NAME,
        },
        *distributions,
    ]
    doc = {"@context": _DCAT_CONTEXT, "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- XML: sitemap and Atom


def _xml_text(value: str) -> str:
    """Text without the characters XML 1.0 cannot hold (ElementTree escapes <&> but not these)."""
    return _INVALID_XML.sub("", value)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _xml_text(text)
    return el


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    )


_SITEMAP_OPEN = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def _xml_cdata(value: str) -> str:
    """Element text as ElementTree writes it: invalid characters dropped, ``& < >`` escaped."""
    return _xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(value: str) -> str:
    """An attribute value as ElementTree writes it: also ``"`` and the white-space characters as references."""
    return _xml_cdata(value).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _xml_leaf(tag: str, text: str) -> str:
    text = _xml_cdata(text)
    return f"<{tag}>{text}</{tag}>" if text else f"<{tag} />"


def sitemap_xml(urls: Sequence[tuple[str, date | None, Mapping[str, str]]]) -> bytes:
    """A sitemap (sitemaps.org 0.9) with ``xhtml:link`` hreflang alternates, in the order given.

    Each item: (absolute URL, last modification date or None, {language: URL of that language's
    version}), the alternates including the page itself as Google asks; languages are written in
    sorted order. More than 50,000 URLs is an error (the protocol's limit): split the sitemap.

    Written as text (a site has tens of thousands of URLs), in exactly the form ElementTree gives
    with ``ET.indent(root, space=" ")`` (tests/test_dataout.py compares the two).
    """
    if len(urls) > MAX_SITEMAP_URLS:
        raise ValueError(f"{len(urls)} URLs: a sitemap holds at most {MAX_SITEMAP_URLS}")
    if not urls:
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{_SITEMAP_OPEN} />\n'.encode()
    parts = [_SITEMAP_OPEN, ">"]
    links_of: dict[int, str] = {}  # id(alternates) -> their lines: a page's URLs in each language share one mapping
    for loc, lastmod, alternates in urls:
        parts += ["\n <url>\n  ", _xml_leaf("loc", loc)]
        if lastmod is not None:
            day = lastmod.date() if isinstance(lastmod, datetime) else lastmod
            parts += ["\n  ", _xml_leaf("lastmod", day.isoformat())]
        links = links_of.get(id(alternates))
        if links is None:
            links = links_of[id(alternates)] = "".join(
                f'\n  <xhtml:link rel="alternate" hreflang="{_xml_attr(lang)}" href="{_xml_attr(alternates[lang])}" />'
                for lang in sorted(alternates or {})
            )
        parts += [links, "\n </url>"]
    parts.append("\n</urlset>\n")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(parts).encode("utf-8", "xmlcharrefreplace")


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r}: Atom times need a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ATOM_TEXT = {
    "it": ("{site} – nuovi eventi", "Gli ultimi eventi aggiunti al calendario culturale di {region}."),
    "en": ("{site} – new events", "The latest events added to the cultural calendar of {region}."),
}


def atom_new_events(
    events_with_added: Iterable[tuple[Event, datetime]],
    settings: Settings,
    feed_url: str,
    lang: str = "it",
    *,
    catalogue: Catalogue | None = None,
    url_for=None,
) -> bytes:
    """Atom 1.0 feed of the ``ATOM_ENTRIES`` (50) most recently **added** events.

    ``events_with_added``: (event, when it was added, aware) pairs, from the content's history.
    Entries are newest first (ties by identity); the feed's ``updated`` is the newest added time
    (``settings.feed_fallback_stamp`` when there is none), never the build time; an entry's ``id``
    is ``urn:uuid:<event.uid>``, so it survives renames of the page. ``catalogue`` (optional) adds
    the place to each entry's summary; ``url_for(event)`` gives the page URL (default: the page in
    ``lang``, as ``urls.localized`` places it).
    """
    texts = _ATOM_TEXT.get(lang, _ATOM_TEXT["it"])
    url_for = url_for or (lambda e: page_url(e, settings, lang))
    chosen = sorted(events_with_added, key=lambda pair: (-pair[1].timestamp(), pair[0].identity))[:ATOM_ENTRIES]
    if chosen:
        updated = _rfc3339(chosen[0][1])
    else:
        updated = _rfc3339(datetime.fromisoformat(settings.feed_fallback_stamp.replace("Z", "+00:00")))
    feed_id = uuid.uuid5(UID_NAMESPACE, f"{settings.uid_domain}:atom:new-events:{lang}")
    root = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": lang})
    _el(root, "id", f"urn:uuid:{feed_id}")
    _el(root, "title", texts[0].format(site=settings.site_name, region=settings.region_name))
    _el(root, "subtitle", texts[1].format(site=settings.site_name, region=settings.region_name))
    _el(root, "updated", updated)
    _el(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    _el(root, "link", rel="alternate", type="text/html", href=f"{base_url(settings)}/")
    author = _el(root, "author")
    _el(author, "name", settings.site_name)
    _el(author, "uri", f"{base_url(settings)}/")
    _el(root, "rights", f"CC BY 4.0 – {LICENCE_URI}")
    for event, added in chosen:
        entry = _el(root, "entry")
        stamp = _rfc3339(added)
        _el(entry, "id", f"urn:uuid:{event.uid}")
        _el(entry, "title", event.text("title", lang), type="text")
        _el(entry, "link", rel="alternate", type="text/html", href=url_for(event))
        _el(entry, "published", stamp)
        _el(entry, "updated", stamp)
        _el(entry, "category", term=event.category.key, label=event.category.label(lang))
        _el(entry, "summary", _entry_summary(event, catalogue, lang), type="text")
    return _xml_bytes(root)


def _when(occ: Occurrence, lang: str) -> str:
    """The first date in words: "20 dicembre 2026, 20:45" (a date alone for all-day items)."""
    text = format_date(occ.start.date(), lang if lang in LANGS else "it")
    return text if occ.all_day else f"{text}, {occ.start:%H:%M}"


def _entry_summary(event: Event, catalogue: Catalogue | None, lang: str) -> str:
    """When (the first date, and how many there are), where, and the event's summary, as text."""
    occs = _occurrences(event)
    parts = []
    if occs:
        when = _when(occs[0], lang)
        if len(occs) > 1:
            when += f" (+{len(occs) - 1})"
        parts.append(when)
    venue = catalogue.venues.get(event.venue) if catalogue and event.venue else None
    if venue is not None:
        parts.append(f"{venue.name}, {venue.comune.name} ({venue.comune.province})")
    elif event.online:
        parts.append("online")
    summary = event.text("summary", lang)
    return f"{' · '.join(parts)}. {summary}" if parts else summary
