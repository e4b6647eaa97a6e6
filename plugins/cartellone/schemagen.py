"""Build the JSON Schemas (draft-07) of the content files from the vocabularies.

The schemas are the one definition of every content field: the checker validates with them, the
site publishes them under ``/schemas/``, editors read them through a yaml-language-server modeline,
and the browser form will build its fields from them. ``invoke schemas`` writes them to
``plugins/cartellone/schemas/``; ``tests/test_schema.py`` fails when the files and this module drift.
"""

from __future__ import annotations

import json
from pathlib import Path

from .vocabulary import Vocabularies

SCHEMA_DIR = Path(__file__).parent / "schemas"
BASE_ID = "https://cartellone.example.org/schemas/"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EVENT_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3])[:.][0-5][0-9]$"
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?([+-][0-9]{2}:[0-9]{2}|Z)?)?$"
)
END_PATTERN = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?([+-][0-9]{2}:[0-9]{2}|Z)?)?"
    r"|([01]?[0-9]|2[0-3])[:.][0-5][0-9])$"
)
URL_PATTERN = r"^https?://[^\s/?#.][^\s]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9 ()./-]{5,25}$"
ISTAT_PATTERN = r"^[0-9]{6}$"
HANDLE_PATTERN = r"^[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$"


def _text(max_length: int | None = None, description: str = "") -> dict:
    out: dict = {"type": "string", "minLength": 1}
    if max_length:
        out["maxLength"] = max_length
    if description:
        out["description"] = description
    return out


def _enum(keys, description: str = "") -> dict:
    out: dict = {"type": "string", "enum": sorted(keys)}
    if description:
        out["description"] = description
    return out


def _enum_list(keys, description: str = "") -> dict:
    return {
        "type": "array",
        "items": _enum(keys),
        "uniqueItems": True,
        "description": description,
    }


def _url(description: str = "") -> dict:
    return {"type": "string", "pattern": URL_PATTERN, "maxLength": 2000, "description": description}


def _translations(fields: dict, languages) -> dict:
    return {
        "type": "object",
        "description": "Traduzioni dei campi di testo, per lingua / Translations of text fields, by language.",
        "propertyNames": {"enum": sorted(languages)},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": fields,
        },
    }


def _document(name: str, title: str, properties: dict, required: list, extra: dict | None = None) -> dict:
    doc = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": BASE_ID + f"{name}.schema.json",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }
    if extra:
        doc.update(extra)
    return doc


def event_schema(v: Vocabularies) -> dict:
    category = {
        "description": "Categoria: slug del calendario o codice AgID public-event-types.",
        "type": "string",
        "enum": sorted(v.categories) + sorted(v.agid_codes),
    }
    end = {"type": "string", "pattern": END_PATTERN, "description": "Fine: data e ora, o solo ora."}
    start = {"type": "string", "pattern": DATETIME_PATTERN, "description": "Inizio, ora locale."}
    date = {"type": "string", "pattern": DATE_PATTERN}
    time = {"type": "string", "pattern": TIME_PATTERN}
    note = _text(300)
    weekdays = {
        "type": "array",
        "items": _enum(v.weekdays),
        "uniqueItems": True,
        "minItems": 1,
    }
    performance = {
        "type": "object",
        "additionalProperties": False,
        "required": ["start"],
        "properties": {
            "start": start,
            "end": end,
            "status": _enum(v.date_statuses),
            "note": note,
        },
    }
    change = {
        "type": "object",
        "additionalProperties": False,
        "required": ["date"],
        "properties": {
            "date": date,
            "start": start,
            "end": end,
            "status": _enum(v.date_statuses),
            "note": note,
        },
    }
    repeat = {
        "type": "object",
        "additionalProperties": False,
        "required": ["weekly", "until"],
        "properties": {
            "weekly": weekdays,
            "until": date,
            "except": {"type": "array", "items": date, "uniqueItems": True},
            "changes": {"type": "array", "items": change},
        },
    }
    opening = {
        "type": "object",
        "additionalProperties": False,
        "required": ["days", "from", "to"],
        "properties": {"days": weekdays, "from": time, "to": time},
    }
    text_fields = {
        "title": _text(120),
        "summary": _text(255),
        "description": _text(20000),
    }
    properties = {
        "id": {
            "type": "string",
            "pattern": EVENT_ID_PATTERN,
            "maxLength": 120,
            "description": "Identità stabile dell'evento (UID dei calendari).",
        },
        "title": _text(120, "Titolo dell'evento."),
        "summary": _text(255, "Descrizione breve, testo semplice."),
        "category": category,
        "venue": {"type": "string", "pattern": ID_PATTERN, "description": "Id di un luogo in venues/."},
        "online": _url("Indirizzo della diretta o dell'evento online."),
        "start": start,
        "end": end,
        "dates": {"type": "array", "items": performance, "minItems": 1, "maxItems": 400},
        "repeat": repeat,
        "opening_hours": {"type": "array", "items": opening, "minItems": 1},
        "closed": {"type": "array", "items": date, "uniqueItems": True},
        "status": _enum(v.statuses),
        "previous_start": start,
        "price": {
            "type": "object",
            "additionalProperties": False,
            "required": ["free"],
            "properties": {
                "free": {"type": "boolean"},
                "from": {"type": "number", "minimum": 0, "maximum": 100000},
                "to": {"type": "number", "minimum": 0, "maximum": 100000},
                "currency": {"type": "string", "enum": ["EUR"]},
                "tickets": _url("Dove comprare i biglietti."),
                "notes": _text(300),
            },
        },
        "booking": _enum(v.booking),
        "booking_url": _url(),
        "booking_phone": {"type": "string", "pattern": PHONE_PATTERN},
        "booking_email": {"type": "string", "pattern": EMAIL_PATTERN},
        "audience": _enum_list(v.audiences, "A chi è rivolto."),
        "age_min": {"type": "integer", "minimum": 0, "maximum": 99},
        "languages": _enum_list(v.languages, "Lingue dell'evento."),
        "accessibility": _enum_list(v.accessibility, "Servizi di accessibilità."),
        "regional_support": {"type": "boolean", "description": "Sostenuto dalla Regione."},
        "funding_reference": _text(200),
        "co_organisers": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}, "uniqueItems": True},
        "patrons": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {"name": _text(200), "url": _url()},
            },
        },
        "contacts": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "email": {"type": "string", "pattern": EMAIL_PATTERN},
                "phone": {"type": "string", "pattern": PHONE_PATTERN},
                "website": _url(),
            },
        },
        "image": {
            "type": "object",
            "additionalProperties": False,
            "required": ["src", "alt"],
            "properties": {
                "src": {"type": "string", "minLength": 1, "maxLength": 2000},
                "alt": _text(300),
                "credit": _text(200),
            },
        },
        "description": _text(20000, "Descrizione in Markdown."),
        "translations": _translations(text_fields, v.languages),
        "acknowledge": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["event", "reason"],
                "properties": {
                    "event": {"type": "string", "pattern": EVENT_ID_PATTERN},
                    "reason": _text(300),
                },
            },
        },
        "example": {"type": "boolean", "description": "Dato di esempio."},
    }
    return _document("event", "Evento / Event", properties, ["title", "summary", "category"])


def organiser_schema(v: Vocabularies) -> dict:
    properties = {
        "name": _text(200),
        "kind": _enum(v.organiser_kinds),
        "comune": {"type": "string", "pattern": ISTAT_PATTERN},
        "website": _url(),
        "email": {"type": "string", "pattern": EMAIL_PATTERN},
        "phone": {"type": "string", "pattern": PHONE_PATTERN},
        "maintainers": {"type": "array", "items": {"type": "string", "pattern": HANDLE_PATTERN}, "uniqueItems": True},
        "description": _text(20000),
        "translations": _translations({"name": _text(200), "description": _text(20000)}, v.languages),
        "example": {"type": "boolean"},
    }
    return _document("organiser", "Organizzatore / Organiser", properties, ["name", "kind", "comune"])


def venue_schema(v: Vocabularies) -> dict:
    properties = {
        "name": _text(200),
        "kind": _enum(v.venue_kinds),
        "address": _text(200),
        "postal_code": {"type": "string", "pattern": r"^[0-9]{5}$"},
        "comune": {"type": "string", "pattern": ISTAT_PATTERN},
        "coordinates": {
            "type": "object",
            "additionalProperties": False,
            "required": ["lat", "lon"],
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
            },
        },
        "capacity": {"type": "integer", "minimum": 1, "maximum": 200000},
        "accessibility": _enum_list(v.accessibility),
        "accessibility_notes": _text(1000),
        "website": _url(),
        "description": _text(20000),
        "translations": _translations(
            {"name": _text(200), "accessibility_notes": _text(1000), "description": _text(20000)}, v.languages
        ),
        "example": {"type": "boolean"},
    }
    return _document(
        "venue", "Luogo / Venue", properties, ["name", "kind", "address", "postal_code", "comune", "coordinates"]
    )


def provider_schema(v: Vocabularies) -> dict:
    properties = {
        "name": _text(200),
        "kind": _enum(v.provider_kinds),
        "services": {**_enum_list(v.services), "minItems": 1},
        "comune": {"type": "string", "pattern": ISTAT_PATTERN},
        "area": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Z]{2}$"}, "uniqueItems": True},
        "website": _url(),
        "email": {"type": "string", "pattern": EMAIL_PATTERN},
        "phone": {"type": "string", "pattern": PHONE_PATTERN},
        "languages": _enum_list(v.languages),
        "summary": _text(255),
        "description": _text(20000),
        "maintainers": {"type": "array", "items": {"type": "string", "pattern": HANDLE_PATTERN}, "uniqueItems": True},
        "translations": _translations(
            {"name": _text(200), "summary": _text(255), "description": _text(20000)}, v.languages
        ),
        "example": {"type": "boolean"},
    }
    return _document("provider", "Fornitore / Provider", properties, ["name", "kind", "services", "comune", "summary"])


def guide_schema(v: Vocabularies) -> dict:
    properties = {
        "title": _text(200),
        "slug": {"type": "string", "pattern": ID_PATTERN},
        "topic": _enum(v.guide_topics),
        "summary": _text(255),
        "date": {"type": "string", "pattern": DATE_PATTERN},
        "reviewed": {"type": "string", "pattern": DATE_PATTERN},
        "modified": {"type": "string", "pattern": DATE_PATTERN},
        "lang": _enum(v.languages),
        "translation": {"type": "string"},
    }
    return _document(
        "guide", "Guida / Guide (front matter)", properties, ["title", "slug", "topic", "summary", "date", "reviewed"]
    )


BUILDERS = {
    "event": event_schema,
    "organiser": organiser_schema,
    "venue": venue_schema,
    "provider": provider_schema,
    "guide": guide_schema,
}


def build_all(v: Vocabularies) -> dict[str, dict]:
    return {name: build(v) for name, build in BUILDERS.items()}


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_all(v: Vocabularies, folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build_all(v).items():
        path = folder / f"{name}.schema.json"
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def load(name: str, folder: Path = SCHEMA_DIR) -> dict:
    return json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
