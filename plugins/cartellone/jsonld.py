"""schema.org ``Event`` JSON-LD for an event page (Google event rich results), as text for a ``<script>``.

What each event becomes (brief ``feeds.md``, "schema.org Event JSON-LD"; ``italy-facts.md`` §5.3):

- ``@type`` is the category's schema.org type (``MusicEvent``, ``ExhibitionEvent``...), and
  ``additionalType`` the AgID/OntoPiA concept URI of ``public-event-types``, so the national
  classification travels with the page.
- ``startDate``/``endDate``: ISO 8601 **with the offset** of that day (``+01:00`` in winter,
  ``+02:00`` in summer) for timed dates; a date alone for all-day items, with ``endDate`` the
  **last day, inclusive** (the model keeps iCalendar's exclusive end, schema.org reads dates
  inclusively).
- ``eventStatus``: scheduled → ``EventScheduled``; cancelled → ``EventCancelled`` with the original
  date kept; postponed → ``EventPostponed``; rescheduled → ``EventRescheduled`` with
  ``previousStartDate`` (also for one moved date of a weekly repeat, whose original start is its
  ``recurrence_id``); sold out → ``EventScheduled`` with ``offers.availability = SoldOut``. A
  cancelled or postponed event wins over its dates' own status (as in the iCalendar feeds).
- ``location``: a ``Place`` with a ``PostalAddress`` (``addressRegion`` is the province
  abbreviation, ``addressCountry`` ``IT``) and ``GeoCoordinates``; a ``VirtualLocation`` with the
  stream's ``url`` for online events; both, as a list, for hybrid ones (``eventAttendanceMode``
  says which).
- ``offers``: ``price`` 0 when free; one amount → ``Offer.price``; a range →
  ``AggregateOffer`` with ``lowPrice``/``highPrice``; ``priceCurrency`` EUR; ``availability``
  ``InStock`` or ``SoldOut`` (left out for a cancelled or postponed date: there is nothing to buy);
  ``url`` the ticket page (or the booking page). ``validFrom`` is never invented.
- ``image`` is absolute (``image_url`` argument, or the file next to the page); ``url`` is the
  page; ``inLanguage`` the languages the event is held in; ``audience`` one ``Audience`` per
  audience, labelled in the page's language; ``typicalAgeRange`` from ``age_min``.

**Several dates.** An event with more than one date (a run of performances, a weekly repeat) gives
a JSON **list** with one ``Event`` per date, sharing everything but the dates and status, because
rich results show one date per ``Event`` and a series has no schema.org form Google reads. The
list holds at most ``MAX_OCCURRENCES`` (50): the dates not yet over on ``today``
(``settings.today``), or, for an event entirely in the past (an archive page), its last 50. A single
date gives one object, not a list.

**Escaping.** The text goes inside ``<script type="application/ld+json">``. The HTML parser ends
that element at the first ``</script``, whatever JSON thinks, so ``<``, ``>`` and ``&`` are written as
``\\u003c``, ``\\u003e`` and ``\\u0026`` (same JSON value, no ``</`` possible) and the two line
separators U+2028/U+2029 as escapes too. Other text is kept as UTF-8 (``ensure_ascii=False``).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from urllib.parse import urljoin

from .markup import plain_text
from .model import Catalogue, Event, Occurrence, effective_status
from .settings import Settings
from .urls import event_url, localized, site_base_url
from .vocabulary import Vocabularies, load_vocabularies

SCHEMA = "https://schema.org/"
MAX_OCCURRENCES = 50
DESCRIPTION_LIMIT = 1000

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "sold-out": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
}
ATTENDANCE = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def base_url(settings: Settings) -> str:
    """The site's absolute URL without the final slash; ``https://<uid_domain>`` when not set."""
    return site_base_url(settings.site_url, settings.uid_domain)


def page_url(event: Event, settings: Settings, lang: str = "it") -> str:
    """The absolute URL of the event's page in ``lang`` (``urls.py``: Italian at the root)."""
    return f"{base_url(settings)}/{localized(event_url(event), lang)}"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per call


def script_safe_json(value) -> str:
    """``json.dumps`` for embedding in ``<script>``: no ``<``, ``>``, ``&`` (so no ``</``), UTF-8 text.

    (A ``replace`` per character, only where it occurs: five times faster than ``str.translate``,
    which decodes and re-encodes the whole text, on every event page.)"""
    out = _ENCODER.encode(value)
    for char, escaped in _SCRIPT_SAFE:
        if char in out:
            out = out.replace(char, escaped)
    return out


def iso_start(occ: Occurrence) -> str:
    return occ.start.date().isoformat() if occ.all_day else occ.start.isoformat()


def iso_end(occ: Occurrence) -> str | None:
    """ISO end: the last day (inclusive) for all-day items, the moment with its offset otherwise."""
    if occ.end is None:
        return None
    if occ.all_day:
        return max(occ.start.date(), occ.end.date() - timedelta(days=1)).isoformat()
    return occ.end.isoformat()


def _moment(value: date | datetime) -> str:
    return value.isoformat()


def chosen_occurrences(event: Event, today: date | None, limit: int = MAX_OCCURRENCES) -> tuple[Occurrence, ...]:
    """The dates a page describes: those not over on ``today`` (all when unknown), else the last ones."""
    occs = tuple(sorted(event.occurrences, key=lambda o: o.start))
    if today is None:
        return occs[:limit]

    def last_day(o: Occurrence) -> date:
        if o.end is None:
            return o.start.date()
        return (o.end - timedelta(days=1)).date() if o.all_day else o.end.date()

    coming = tuple(o for o in occs if last_day(o) >= today)
    return coming[:limit] if coming else occs[-limit:]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _location(event: Event, catalogue: Catalogue, lang: str):
    places = []
    venue = catalogue.venues.get(event.venue) if event.venue else None
    if venue is not None:
        name = (venue.translations.get(lang) or {}).get("name") if lang != "it" else None
        place = {
            "@type": "Place",
            "name": name or venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "postalCode": venue.postal_code,
                "addressLocality": venue.comune.name,
                "addressRegion": venue.comune.province,
                "addressCountry": "IT",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon},
        }
        if venue.website:
            place["url"] = venue.website
        places.append(place)
    if event.online:
        places.append({"@type": "VirtualLocation", "url": event.online})
    if not places:
        return None
    return places[0] if len(places) == 1 else places


def _organizer(event: Event, catalogue: Catalogue, lang: str):
    out = []
    for ident in (event.organiser, *event.co_organisers):
        org = catalogue.organisers.get(ident)
        if org is None:
            continue
        name = (org.translations.get(lang) or {}).get("name") if lang != "it" else None
        item = {"@type": "Organization", "name": name or org.name}
        if org.website:
            item["url"] = org.website
        out.append(item)
    if not out:
        return None
    return out[0] if len(out) == 1 else out


def _offers(event: Event, status: str):
    price = event.price
    url = (price.tickets if price else None) or event.booking_url
    if price is None and status != "sold-out":
        return None
    offer: dict = {"@type": "Offer"}
    if price is not None:
        if price.free:
            offer["price"] = 0
        elif price.low is not None and price.high is not None and price.low != price.high:
            offer = {"@type": "AggregateOffer", "lowPrice": _number(price.low), "highPrice": _number(price.high)}
        elif price.low is not None or price.high is not None:
            offer["price"] = _number(price.low if price.low is not None else price.high)
        offer["priceCurrency"] = price.currency or "EUR"
    if status == "sold-out":
        offer["availability"] = SCHEMA + "SoldOut"
    elif status not in ("cancelled", "postponed"):
        offer["availability"] = SCHEMA + "InStock"
    if url:
        offer["url"] = url
    return offer


def _image(event: Event, url: str, image_url: str | None, settings: Settings):
    if not event.image:
        return None
    if image_url:
        return image_url if "://" in image_url else f"{base_url(settings)}/{image_url.lstrip('/')}"
    return urljoin(url, event.image["src"])


def _shared(
    event: Event,
    catalogue: Catalogue,
    settings: Settings,
    lang: str,
    url: str,
    image_url: str | None,
    vocab: Vocabularies,
) -> dict:
    cat = event.category
    data: dict = {
        "@context": "https://schema.org",
        "@type": cat.schema_type or "Event",
        "additionalType": cat.agid_uri,
        "name": event.text("title", lang),
    }
    description = plain_text(event.text("description", lang), DESCRIPTION_LIMIT) or event.text("summary", lang)
    if description:
        data["description"] = description
    data["eventAttendanceMode"] = SCHEMA + ATTENDANCE[event.attendance]
    location = _location(event, catalogue, lang)
    if location is not None:
        data["location"] = location
    organizer = _organizer(event, catalogue, lang)
    if organizer is not None:
        data["organizer"] = organizer
    image = _image(event, url, image_url, settings)
    if image:
        data["image"] = image
    languages = [code for code in event.languages if code != "none"]
    if languages:
        data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    if event.audience:
        data["audience"] = [
            {"@type": "Audience", "audienceType": vocab.label("audiences", key, lang)} for key in event.audience
        ]
    if event.age_min is not None:
        data["typicalAgeRange"] = f"{event.age_min}-"
    if event.price is not None:
        data["isAccessibleForFree"] = bool(event.price.free)
    data["url"] = url
    return data


def event_objects(
    event: Event,
    catalogue: Catalogue,
    settings: Settings,
    lang: str = "it",
    url: str | None = None,
    *,
    image_url: str | None = None,
    today: date | None = None,
    vocab: Vocabularies | None = None,
) -> list[dict]:
    """The schema.org ``Event`` dicts of ``event``, one per date shown (see the module docstring)."""
    vocab = vocab or load_vocabularies()
    url = url or page_url(event, settings, lang)
    today = today if today is not None else settings.today
    shared = _shared(event, catalogue, settings, lang, url, image_url, vocab)
    out = []
    for occ in chosen_occurrences(event, today):
        status = effective_status(event.status, occ.status)
        obj = dict(shared)
        obj["startDate"] = iso_start(occ)
        end = iso_end(occ)
        if end is not None:
            obj["endDate"] = end
        obj["eventStatus"] = SCHEMA + EVENT_STATUS.get(status, "EventScheduled")
        previous = None
        if status == "rescheduled" and event.previous_start is not None:
            previous = event.previous_start
        elif occ.recurrence_id is not None and occ.recurrence_id != occ.start and status != "cancelled":
            obj["eventStatus"] = SCHEMA + "EventRescheduled"
            previous = occ.recurrence_id
        if previous is not None:
            obj["previousStartDate"] = _moment(previous)
        offers = _offers(event, status)
        if offers is not None:
            obj["offers"] = offers
        out.append(_ordered(obj))
    return out


_ORDER = (
    "@context",
    "@type",
    "additionalType",
    "name",
    "description",
    "startDate",
    "endDate",
    "eventStatus",
    "previousStartDate",
    "eventAttendanceMode",
    "location",
    "organizer",
    "offers",
    "image",
    "inLanguage",
    "audience",
    "typicalAgeRange",
    "isAccessibleForFree",
    "url",
)


def _ordered(obj: dict) -> dict:
    """Keys in a fixed, readable order (the dict is built in pieces)."""
    return {k: obj[k] for k in _ORDER if k in obj} | {k: v for k, v in obj.items() if k not in _ORDER}


def event_jsonld(
    event: Event,
    catalogue: Catalogue,
    settings: Settings,
    lang: str = "it",
    url: str | None = None,
    *,
    image_url: str | None = None,
    today: date | None = None,
    vocab: Vocabularies | None = None,
) -> str:
    """JSON-LD text for ``<script type="application/ld+json">`` on ``event``'s page.

    ``url``: the page's absolute URL (default: the page in ``lang``, ``<site>/[en/]eventi/<identity>/``);
    ``image_url``: where the site publishes the event's image, absolute or relative to the site root
    (default: the image file next to the page); ``today``: defaults to ``settings.today``.
    One object for one date, a list of up to 50 objects for several dates (``[]`` for none).
    """
    objects = event_objects(event, catalogue, settings, lang, url, image_url=image_url, today=today, vocab=vocab)
    return script_safe_json(objects[0] if len(objects) == 1 else objects)
