"""What a page shows of an event, venue, organiser or provider, in one language: texts already
formatted, links already computed, untranslated texts already marked with their language.

Pure functions of the catalogue, the URL map and the language; the templates only lay the values out.
A text that falls back to Italian on an English page is wrapped in ``lang="it"`` here, once, so no
template has to remember it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from markupsafe import Markup, escape

from . import i18n
from .agenda import Agenda, last_day
from .events import image_path
from .i18n import DEFAULT_LANG, format_day, format_short_day, format_time, text
from .model import Event, Occurrence
from .urls import UrlMap, localized

OSM = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render?"
STATUS_CLASS = {  # Bootstrap Italia colours of the status labels (kept by the CSS pruning: css_classes())
    "cancelled": "badge bg-danger",
    "postponed": "badge bg-warning text-dark",
    "rescheduled": "badge bg-warning text-dark",
    "sold-out": "badge bg-secondary",
}
ALERT_CLASS = {
    "cancelled": "alert alert-danger",
    "postponed": "alert alert-warning",
    "rescheduled": "alert alert-warning",
    "sold-out": "alert alert-info",
}


def css_classes() -> set[str]:
    """The CSS classes this module puts in pages (the CSS pruning must keep them all)."""
    return {c for value in (*STATUS_CLASS.values(), *ALERT_CLASS.values()) for c in value.split()}


STATUS_NOTE = {
    "cancelled": "cancelled_note",
    "postponed": "postponed_note",
    "rescheduled": "rescheduled_note",
    "sold-out": "sold_out_note",
}


class Record(dict):
    """A view's values: ``r["key"]`` in code, ``r.key`` in templates (a direct attribute lookup)."""

    __slots__ = ()

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


@dataclass(frozen=True)
class SiteData:
    """Everything the views read, built once per build."""

    catalogue: object
    agenda: Agenda
    urls: UrlMap
    vocab: object
    settings: object
    base_url: str  # absolute, without the final slash
    history: object | None = None  # history.History, for "last update"


# --------------------------------------------------------------------------- language of texts


def translated(obj, name: str, lang: str) -> tuple[str, str]:
    """A text field of ``obj`` in ``lang`` and the language it really is in (Italian when untranslated)."""
    if lang != DEFAULT_LANG:
        value = ((obj.translations or {}).get(lang) or {}).get(name)
        if value:
            return value, lang
    return getattr(obj, name) or "", DEFAULT_LANG


def in_lang(value: str, value_lang: str, page_lang: str, tag: str = "span") -> Markup:
    """``value`` escaped, wrapped in ``<tag lang=..>`` when its language differs from the page's."""
    if value_lang == page_lang:
        return escape(value)
    return Markup(f'<{tag} lang="{value_lang}">{escape(value)}</{tag}>')


def field(obj, name: str, lang: str) -> Markup:
    value, value_lang = translated(obj, name, lang)
    return in_lang(value, value_lang, lang)


def label(vocab, list_name: str, key: str, lang: str) -> str:
    return vocab.label(list_name, key, lang)


# --------------------------------------------------------------------------- dates


def format_occurrence(occ: Occurrence, lang: str) -> str:
    """'sabato 20 dicembre 2026, ore 20:45–22:30', spans 'dal ... al ...', all-day days alone."""
    if occ.all_day:
        first, last = occ.start.date(), last_day(occ)
        if first == last:
            return format_day(first, lang)
        return text("from_to_days", lang, first=format_day(first, lang), last=format_day(last, lang))
    out = f"{format_day(occ.start.date(), lang)}, {text('time_at', lang, time=format_time(occ.start))}"
    if occ.end is not None:
        if occ.end.date() == occ.start.date():
            out += f"–{format_time(occ.end)}"
        else:
            out += f" – {format_day(occ.end.date(), lang)}, {text('time_at', lang, time=format_time(occ.end))}"
    return out


def short_when(occ: Occurrence, lang: str) -> str:
    """Compact date for cards: 'sab 20 dic 2026, 20:45' or 'da sab 12 dic 2026 a dom 2 mag 2027'."""
    if occ.all_day:
        first, last = occ.start.date(), last_day(occ)
        if first == last:
            return f"{format_short_day(first, lang)} {first.year}"
        return text(
            "from_to_days",
            lang,
            first=f"{format_short_day(first, lang)} {first.year}",
            last=f"{format_short_day(last, lang)} {last.year}",
        )
    return f"{format_short_day(occ.start.date(), lang)} {occ.start.year}, {format_time(occ.start)}"


def iso(occ_moment: datetime, all_day: bool) -> str:
    return occ_moment.date().isoformat() if all_day else occ_moment.isoformat(timespec="minutes")


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('and', lang)} {items[-1]}"


def _weekdays(vocab, keys, lang: str) -> str:
    return _join([label(vocab, "weekdays", k, lang) for k in keys], lang)


# --------------------------------------------------------------------------- links


def osm_url(lat: float, lon: float) -> str:
    return OSM.format(lat=f"{lat:.5f}", lon=f"{lon:.5f}")


def google_calendar_url(occ: Occurrence, title: str, summary: str, page_url: str, location: str, tz: str) -> str:
    """A Google Calendar "add event" link (a plain link: nothing is requested until the reader follows it).
    Its ``details`` are the summary, a blank line and the page's address."""
    if occ.all_day:
        end = occ.end.date() if occ.end is not None else occ.start.date() + timedelta(days=1)
        dates = f"{occ.start:%Y%m%d}/{end:%Y%m%d}"
    else:
        end = occ.end or occ.start + timedelta(hours=2)
        dates = f"{occ.start:%Y%m%dT%H%M%S}/{end.astimezone(occ.start.tzinfo):%Y%m%dT%H%M%S}"
    details = f"{_quote_shared(summary)}%0A%0A{_quote(page_url)}"  # percent-encoding goes byte by byte
    return (
        f"{GOOGLE_CALENDAR}action=TEMPLATE&text={_quote_shared(title)}&dates={_quote(dates)}&details={details}"
        f"&location={_quote_shared(location)}&ctz={_quote_shared(tz)}"
    )


# Percent-encoding as ``urllib.parse.quote(text, safe="")`` (what ``urlencode`` does), by a table:
# ``quote`` runs a Python loop over every byte, and these links carry a description on every page.
_QUOTED = tuple(
    chr(b) if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~" else f"%{b:02X}"
    for b in range(256)
)


def _quote(text: str) -> str:
    return "".join(map(_QUOTED.__getitem__, text.encode("utf-8")))


# For the texts an event's Italian and English pages, rendered one after the other, mostly share (title,
# summary, place); the page's address and the dates are quoted apart (``_quote``), as each is new.
_quote_shared = lru_cache(maxsize=1024)(_quote)


def edit_url(settings, file: str) -> str | None:
    repo = (settings.repository_url or "").rstrip("/")
    return f"{repo}/edit/main/{file}" if repo else None


# --------------------------------------------------------------------------- events


def event_card(event: Event, data: SiteData, lang: str) -> dict:
    """The few values of a listing card (rendered once per event and language, reused everywhere)."""
    times = data.agenda.times[event.identity]
    occ = times.next
    venue = data.catalogue.venues.get(event.venue) if event.venue else None
    place = ""
    if venue is not None:
        place = Markup(f"{escape(field(venue, 'name', lang))}, {escape(venue.comune.name)}")
    elif event.online:
        place = text("online", lang)
    more = len(event.occurrences) - 1
    status = event.status if event.status != "scheduled" else (occ.status if occ.status != "scheduled" else "")
    return Record(
        {
            "url": localized(data.urls.events[event.identity], lang),
            "title": field(event, "title", lang),
            "summary": field(event, "summary", lang),
            "when": short_when(occ, lang),
            "when_iso": iso(occ.start, occ.all_day),
            "more": more if event.kind in ("dates", "repeat") else 0,
            "place": place,
            "category": event.category.label(lang),
            "status": status,
            "status_label": data.vocab.label("statuses", status, lang) if status else "",
            "status_class": STATUS_CLASS.get(status, "badge bg-secondary") if status else "",
            "free": bool(event.price and event.price.free),
            "regional": event.regional_support,
            "example": event.example,
            "past": times.past,
        }
    )


def _price(event: Event, lang: str) -> dict | None:
    price = event.price
    if price is None:
        return None
    fmt = i18n.format_number
    if price.free:
        amount = text("free", lang)
    elif price.low is not None and price.high is not None and price.low != price.high:
        amount = text("price_from_to", lang, low=fmt(price.low, lang), high=fmt(price.high, lang))
    elif price.low is not None or price.high is not None:
        value = price.low if price.low is not None else price.high
        amount = text("price_single", lang, low=fmt(value, lang))
    else:
        amount = text("price_unknown", lang)
    return Record(
        {
            "amount": amount,
            "tickets": price.tickets,
            "notes": in_lang(price.notes, DEFAULT_LANG, lang) if price.notes else "",
        }
    )


def _schedule(event: Event, data: SiteData, lang: str) -> dict:
    """'Date e orari': every performance, or the repeat rule with its exceptions and changes, or the span
    with its opening hours."""
    vocab = data.vocab
    tz = data.settings.tz
    dates = []
    for occ in event.occurrences:
        item = Record(
            {
                "text": format_occurrence(occ, lang),
                "iso": iso(occ.start, occ.all_day),
                "status": occ.status if occ.status != "scheduled" else "",
                "status_label": vocab.label("date_statuses", occ.status, lang) if occ.status != "scheduled" else "",
                "status_class": STATUS_CLASS.get(occ.status, ""),
                "note": in_lang(occ.note, DEFAULT_LANG, lang) if occ.note else "",
                "moved_from": "",
            }
        )
        if occ.recurrence_id is not None and occ.recurrence_id != occ.start:
            item["moved_from"] = text("moved_from", lang, day=format_day(occ.recurrence_id.astimezone(tz).date(), lang))
        dates.append(item)
    out = Record(dates=dates, rule="", exceptions="", changes=[], hours=[], closed="")
    if event.repeat is not None:
        rep = event.repeat
        first = rep.start or event.occurrences[0].start
        when = text("time_at", lang, time=format_time(first))
        if rep.end is not None:
            when += f"–{format_time(rep.end)}"
        out["rule"] = (
            text(
                "repeat_every",
                lang,
                days=_weekdays(vocab, rep.weekdays, lang),
                first=format_day(first.date(), lang),
                until=format_day(rep.until, lang),
            )
            + f", {when}"
        )
        if rep.exceptions:
            out["exceptions"] = text(
                "repeat_except", lang, days=_join([format_day(d, lang) for d in rep.exceptions], lang)
            )
        out["changes"] = [d for d in dates if d["status"] or d["moved_from"] or d["note"]]
    if event.opening_hours:
        out["hours"] = [
            Record({"days": _weekdays(vocab, h.days, lang), "from": h.opens, "to": h.closes})
            for h in event.opening_hours
        ]
    if event.closed:
        out["closed"] = text("closed_on", lang, days=_join([format_day(d, lang) for d in event.closed], lang))
    return out


def _venue_block(venue, data: SiteData, lang: str) -> dict:
    return Record(
        {
            "name": field(venue, "name", lang),
            "url": localized(data.urls.venues[venue.id], lang),
            "address": f"{venue.address}, {venue.postal_code} {venue.comune.name} ({venue.comune.province})",
            "comune": venue.comune.name,
            "comune_url": localized(data.urls.comuni[venue.comune.istat], lang),
            "map": osm_url(venue.lat, venue.lon),
            "accessibility": [label(data.vocab, "accessibility", k, lang) for k in venue.accessibility],
            "accessibility_notes": field(venue, "accessibility_notes", lang) if venue.accessibility_notes else "",
        }
    )


def _organiser_link(oid: str, data: SiteData, lang: str) -> dict | None:
    org = data.catalogue.organisers.get(oid)
    if org is None:
        return None
    return Record(name=field(org, "name", lang), url=localized(data.urls.organisers[oid], lang))


def last_update(data: SiteData, file: str) -> date | None:
    """When the file last changed, from git history; None when there is no real history for it."""
    history = data.history
    if history is None or file not in getattr(history, "revisions", {}):
        return None
    return history.revisions[file].modified.astimezone(data.settings.tz).date()


def _previous_start(event: Event, lang: str) -> str:
    """The date a rescheduled event was first announced for."""
    previous = event.previous_start
    if previous is None:
        return ""
    if isinstance(previous, datetime):
        return format_occurrence(Occurrence(event.identity, previous, None, False), lang)
    return format_day(previous, lang)


def event_view(event: Event, data: SiteData, lang: str, description_html: Markup) -> dict:
    """Everything the event page shows, in ``lang``; ``description_html`` is already sanitised."""
    vocab, settings = data.vocab, data.settings
    times = data.agenda.times[event.identity]
    venue = data.catalogue.venues.get(event.venue) if event.venue else None
    title, title_lang = translated(event, "title", lang)
    summary, summary_lang = translated(event, "summary", lang)
    path = data.urls.events[event.identity]
    status = event.status
    status_view = None
    if status != "scheduled":
        status_view = Record(
            {
                "key": status,
                "label": vocab.label("statuses", status, lang),
                "class": ALERT_CLASS.get(status, "alert alert-info"),
                "badge": STATUS_CLASS.get(status, "badge bg-secondary"),
                "note": text(STATUS_NOTE[status], lang) if status in STATUS_NOTE else "",
                "previous": _previous_start(event, lang) if status == "rescheduled" else "",
            }
        )
    location = ""
    if venue is not None:
        location = f"{venue.name}, {venue.address}, {venue.postal_code} {venue.comune.name}"
    elif event.online:
        location = event.online
    occ = times.next
    image = None
    if event.image:
        image = Record(
            {
                "src": f"{path}{event.image['src']}",
                "alt": event.image.get("alt", ""),
                "credit": event.image.get("credit", ""),
            }
        )
    contacts = event.contacts or {}
    updated = last_update(data, event.file)
    return Record(
        {
            "path": path,
            "title": in_lang(title, title_lang, lang),
            "title_text": title,
            "summary": in_lang(summary, summary_lang, lang),
            "summary_text": summary,
            "description": description_html,
            "status": status_view,
            "past": times.past,
            "example": event.example,
            "category": Record(
                label=event.category.label(lang), url=localized(data.urls.category(event.category.key), lang)
            ),
            "audience": [label(vocab, "audiences", k, lang) for k in event.audience],
            "age_min": text("age_min", lang, n=event.age_min) if event.age_min else "",
            "languages": [label(vocab, "languages", k, lang) for k in event.languages],
            "accessibility": [label(vocab, "accessibility", k, lang) for k in event.accessibility],
            "venue": _venue_block(venue, data, lang) if venue is not None else None,
            "online": event.online,
            "schedule": _schedule(event, data, lang),
            "kind": event.kind,
            "price": _price(event, lang),
            "booking": Record(
                {
                    "label": label(vocab, "booking", event.booking, lang) if event.booking else "",
                    "url": event.booking_url,
                    "phone": event.booking_phone,
                    "email": event.booking_email,
                }
            ),
            "contacts": Record(
                email=contacts.get("email"), phone=contacts.get("phone"), website=contacts.get("website")
            ),
            "organiser": _organiser_link(event.organiser, data, lang),
            "co_organisers": [o for o in (_organiser_link(c, data, lang) for c in event.co_organisers) if o],
            "patrons": [Record(name=in_lang(name, DEFAULT_LANG, lang), url=url) for name, url in event.patrons],
            "regional_support": event.regional_support,
            "funding": text("funding", lang, ref=event.funding_reference) if event.funding_reference else "",
            "image": image,
            "ics": f"{path}evento.ics",
            "google": google_calendar_url(
                occ, title, summary, f"{data.base_url}/{localized(path, lang)}", location, settings.timezone
            ),
            "edit": edit_url(settings, event.file),
            "updated": format_day(updated, lang) if updated else "",
            "updated_iso": updated.isoformat() if updated else "",
        }
    )


def event_image_source(event: Event) -> str | None:
    """The image file in the repository (relative path), to copy next to the page."""
    if not event.image:
        return None
    return str(image_path(event.file, event.image["src"]))
