"""The site's URL scheme, decided once: directory-style paths derived from identities only.

A path never depends on a title or a date, so a page never moves: an event stays at
``eventi/<identity>/`` after its date has passed (it becomes an archive page). The English mirror of
every page is the same path under ``en/``. Listings are paginated as ``<base>pagina/<n>/``.

Paths here are relative to the site root and end with ``/``; the page's file is ``<path>index.html``.
``UrlMap`` computes every entity's path once per build (style.md: no URL recomputed on each access).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .i18n import DEFAULT_LANG

HOME = ""
CALENDAR = "calendario/"  # the list view of upcoming events
CATEGORIES = "categorie/"
COMUNI = "comuni/"
PROVINCES = "province/"
VENUES = "luoghi/"
ORGANISERS = "organizzatori/"
PROVIDERS = "fornitori/"
SERVICES = "fornitori/servizi/"
REGIONAL = "sostenuti-regione/"
FEEDS_PAGE = "calendari/"
GUIDES = "guide/"
CONTRIBUTE = "contribuisci/"
SEARCH = "cerca/"  # the search page; its index is search.INDEX_PATH
PAGE_SEGMENT = "pagina"
# The site root inside rendered HTML. Pages and reused fragments (cards) are rendered with it and it
# is replaced when each file is written: by the way back to the root, or by SITEURL when absolute.
# Eight bytes ending in a NUL, which HTML never has: the search for it skips eight bytes at a time
# (five times faster than with a two-byte mark, on every page written).
ROOT_MARK = "\x00@root@\x00"


def slugify(text: str) -> str:
    """ASCII, lower case, hyphens: 'Doberdò del Lago-Doberdob' -> 'doberdo-del-lago-doberdob'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def event_url(event) -> str:
    return f"eventi/{event.identity}/"


def venue_url(venue_id: str) -> str:
    return f"{VENUES}{venue_id}/"


def organiser_url(organiser_id: str) -> str:
    return f"{ORGANISERS}{organiser_id}/"


def category_url(key: str) -> str:
    return f"{CATEGORIES}{key}/"


def province_url(abbr: str) -> str:
    return f"{PROVINCES}{abbr.lower()}/"


def provider_url(provider_id: str) -> str:
    return f"{PROVIDERS}{provider_id}/"


def service_url(key: str) -> str:
    return f"{SERVICES}{key}/"


def month_url(year: int, month: int) -> str:
    return f"{CALENDAR}{year:04d}/{month:02d}/"


def day_url(day: date) -> str:
    return f"{CALENDAR}{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def paginated(base: str, number: int) -> str:
    """Page ``number`` (1-based) of a listing at ``base``: the first page is the base itself."""
    return base if number == 1 else f"{base}{PAGE_SEGMENT}/{number}/"


def localized(path: str, lang: str) -> str:
    """The same page in ``lang``: Italian at the root, other languages under ``<lang>/``."""
    return path if lang == DEFAULT_LANG else f"{lang}/{path}"


def site_base_url(site_url: str, uid_domain: str) -> str:
    """The site's absolute URL, for canonical links, hreflang and OpenGraph; without one
    (local builds), ``https://<uid_domain>``, as the feeds do."""
    url = (site_url or "").rstrip("/")
    if url.startswith(("https://", "http://")):
        return url
    return f"https://{uid_domain}"


def relative_root(path: str) -> str:
    """From the page at ``path`` (a folder path such as 'eventi/a/b/'), the way back to the root."""
    depth = path.count("/")
    return "/".join([".."] * depth) if depth else "."


class UrlMap:
    """Every entity's path, computed once: events by identity, comuni by ISTAT code, and so on."""

    def __init__(self, catalogue):
        self.events = {identity: event_url(e) for identity, e in catalogue.events.items()}
        self.venues = {vid: venue_url(vid) for vid in catalogue.venues}
        self.organisers = {oid: organiser_url(oid) for oid in catalogue.organisers}
        self.providers = {pid: provider_url(pid) for pid in catalogue.providers}
        comuni = {v.comune.istat: v.comune for v in catalogue.venues.values()}
        comuni.update({o.comune.istat: o.comune for o in catalogue.organisers.values()})
        self.comuni = {}
        taken: dict[str, str] = {}
        for istat in sorted(comuni):
            slug = slugify(comuni[istat].name)
            if slug in taken:  # two comuni with one slug: keep both pages, tell them apart by code
                slug = f"{slug}-{istat}"
            taken[slug] = istat
            self.comuni[istat] = f"{COMUNI}{slug}/"
        self.provinces = {c.province: province_url(c.province) for c in comuni.values()}

    def category(self, key: str) -> str:
        return category_url(key)
