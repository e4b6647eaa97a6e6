"""Build one ``Event`` from one parsed, schema-valid event file.

Pure and self-contained (no other files are read), so it runs in worker processes. Checks that need
other files (does the venue exist?) happen in ``repository.py`` once everything is loaded.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .findings import Finding, finding
from .model import Event, Price, event_uid
from .schedule import parse_moment, read_schedule
from .settings import Settings
from .vocabulary import Vocabularies
from .yamlsource import Document, field_name

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def identity_of(data: dict | None, organiser: str, stem: str) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return data["id"]
    return f"{organiser}/{stem}"


def check_image_src(src: str) -> bool:
    """An image is a plain file name in the event's folder: no scheme, no folders, no '..'."""
    return bool(_SAFE_NAME.match(src)) and ".." not in src and not _REMOTE.match(src)


def build_event(
    doc: Document, rel: str, organiser: str, stem: str, settings: Settings, vocab: Vocabularies
) -> tuple[Event | None, list[Finding]]:
    """The Event for a schema-valid document, or None with the findings that stop it."""
    data = doc.value
    findings: list[Finding] = []
    identity = identity_of(data, organiser, stem)
    schedule, problems = read_schedule(identity, data, settings.tz, settings.conflicts.long_running_days)
    for p in problems:
        findings.append(
            finding(
                p.code,
                rel,
                line=doc.line(p.path),
                field=field_name(p.path) or None,
                severity=p.severity,
                **dict(p.params),
            )
        )
    if "venue" not in data and "online" not in data:
        findings.append(finding("no-place", rel, line=1))
    status = data.get("status", "scheduled")
    previous_start = None
    if status == "rescheduled" and "previous_start" not in data:
        findings.append(finding("rescheduled-needs-previous", rel, line=doc.line(("status",)), field="status"))
    if "previous_start" in data:
        if status != "rescheduled":
            findings.append(
                finding("previous-start-unused", rel, line=doc.line(("previous_start",)), field="previous_start")
            )
        problems = []
        previous_start = parse_moment(data["previous_start"], settings.tz, ("previous_start",), problems)
        for p in problems:
            findings.append(finding(p.code, rel, line=doc.line(p.path), field=field_name(p.path), **dict(p.params)))
    price = None
    if "price" in data:
        raw = data["price"]
        low, high = raw.get("from"), raw.get("to")
        if raw["free"] and (low or high):
            findings.append(finding("price-free-with-amount", rel, line=doc.line(("price",)), field="price"))
        if low is not None and high is not None and low > high:
            findings.append(
                finding("price-range", rel, line=doc.line(("price", "to")), field="price.to", low=low, high=high)
            )
        price = Price(raw["free"], low, high, raw.get("currency", "EUR"), raw.get("tickets"), raw.get("notes", ""))
    image = data.get("image")
    if image is not None and not check_image_src(image["src"]):
        findings.append(
            finding("unsafe-path", rel, line=doc.line(("image", "src")), field="image.src", value=image["src"][:200])
        )
        image = None
    category = vocab.category(data["category"])
    if schedule is None or any(f.severity.value == "error" for f in findings):
        return None, findings
    first = next((k for k in ("start", "dates", "repeat") if k in data), "start")
    event = Event(
        identity=identity,
        uid=event_uid(identity, settings.uid_domain),
        file=rel,
        organiser=organiser,
        title=data["title"],
        summary=data["summary"],
        category=category,
        kind=schedule.kind,
        occurrences=schedule.occurrences,
        venue=data.get("venue"),
        online=data.get("online"),
        status=status,
        previous_start=previous_start,
        repeat=schedule.repeat,
        opening_hours=schedule.opening_hours,
        closed=schedule.closed,
        price=price,
        booking=data.get("booking"),
        booking_url=data.get("booking_url"),
        booking_phone=data.get("booking_phone"),
        booking_email=data.get("booking_email"),
        audience=tuple(data.get("audience", ())),
        age_min=data.get("age_min"),
        languages=tuple(data.get("languages", ())),
        accessibility=tuple(data.get("accessibility", ())),
        regional_support=bool(data.get("regional_support", False)),
        funding_reference=data.get("funding_reference", ""),
        co_organisers=tuple(data.get("co_organisers", ())),
        patrons=tuple((p["name"], p.get("url")) for p in data.get("patrons", ())),
        contacts=dict(data.get("contacts", {})),
        image=image,
        description=data.get("description", ""),
        translations=dict(data.get("translations", {})),
        acknowledged=frozenset(a["event"] for a in data.get("acknowledge", ())),
        example=bool(data.get("example", False)),
        line=doc.line((first,)) or 1,
    )
    return event, findings


def image_path(event_file: str, src: str) -> PurePosixPath:
    return PurePosixPath(event_file).parent / src
