"""Every kind of page, as builders: ``pages_<kind>(key)`` yields ``(Italian path, build)`` pairs, and
``build(lang)`` renders that page in ``lang`` (the same path under ``en/`` for English).

``Pages`` is mixed into ``site.Site``, which gives it the data (agenda, URL map, cards rendered once) and
``render``/``write``. Listing pages only join pre-rendered cards, so they stay light; paths come from
``urls.py`` and texts from ``i18n.py`` and ``views.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from markupsafe import Markup, escape

from . import urls as U
from .agenda import occurrence_end
from .i18n import LANGS, WEEKDAYS, WEEKDAYS_SHORT, format_day, format_time, month_title, text, ui
from .search import FACETS, INDEX_PATH, facet_options
from .urls import ROOT_MARK as MARK
from .urls import localized, paginated
from .views import edit_url, event_view, label, osm_url, translated
from .views import field as text_field

PER_PAGE = 20  # events (or providers) per listing page
# Where the search page sends readers without JavaScript: (UI string, Italian path).
SEARCH_BROWSE = (
    ("calendar", U.CALENDAR),
    ("categories", U.CATEGORIES),
    ("comuni", U.COMUNI),
    ("venues", U.VENUES),
    ("organisers", U.ORGANISERS),
)
MONTH_CELL_MAX = 4  # events listed in a month-view cell; the rest are on the day's page
HOME_MAX = 6  # events per home section


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an event list: the card, when it ends (for the script that hides ended events;
    None for past events), the time shown before it on a day's list, and the entry's ``<li>``
    (``Pages.item``: made once per distinct entry, as the same event is listed alike on its
    category, comune, province, venue and organiser pages)."""

    card: Markup
    end: str | None = None
    time: str = ""
    time_iso: str = ""
    html: str = ""  # (a Markup when set by Pages.item)


def entries_html(items) -> Markup:
    """The ``<li>`` of each entry (``Item.html``), one per line: the inside of ``m.event_list``."""
    return Markup("\n".join([item.html for item in items]) + "\n" if items else "")


# --------------------------------------------------------------------------- pagination


def pager(base_path: str, number: int, total: int) -> dict | None:
    """Links of a paginated listing: first, last, and two pages either side of the current one."""
    if total <= 1:
        return None
    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    links, previous = [], 0
    for n in shown:
        if n - previous > 1:
            links.append({"gap": True})
        links.append({"number": n, "url": paginated(base_path, n), "current": n == number})
        previous = n
    return {
        "number": number,
        "total": total,
        "links": links,
        "prev": paginated(base_path, number - 1) if number > 1 else None,
        "next": paginated(base_path, number + 1) if number < total else None,
    }


def page_count(n_items: int) -> int:
    return max(1, -(-n_items // PER_PAGE))


# --------------------------------------------------------------------------- page builders


class Pages:
    """The page builders of ``site.Site`` (see the module docstring)."""

    # ---- listings

    def item(self, card: Markup, end: str | None = None, time: str = "", time_iso: str = "") -> Item:
        """A list entry with its ``<li>``, made once per distinct entry. (Written here rather than by a
        template: tens of thousands of entries at 10k events, and a template render costs more than
        the entry itself; the card inside it comes from ``_card.html``.)"""
        key = (card, end, time, time_iso)
        entry = self.items.get(key)
        if entry is None:
            html = f'<li data-end="{escape(end)}">' if end else "<li>"
            if time:
                html += f'<p class="cal-time"><time datetime="{escape(time_iso)}">{escape(time)}</time></p>'
            entry = self.items[key] = Item(card, end, time, time_iso, Markup(f"{html}{card}</li>"))
        return entry

    def listing_items(self, members, lang: str) -> list[dict]:
        cards, ends, times = self.cards[lang], self.ends, self.agenda.times
        out = []
        for m in members:
            end = ends.get(m.identity, False)  # (False: not worked out yet; None: past, no end)
            if end is False:
                end = ends[m.identity] = None if m.past else times[m.identity].last_end.isoformat()
            out.append(self.item(cards[m.identity], end))
        return out

    def grouped(self, members, lang: str) -> list[dict]:
        """Split one page's members into "upcoming" and "past" sections."""
        t = ui(lang)
        upcoming = [m for m in members if not m.past]
        past = [m for m in members if m.past]
        out = []
        if upcoming:
            out.append({"heading": t["upcoming_events"], "entries": self.listing_items(upcoming, lang)})
        if past:
            out.append({"heading": t["past_events"], "entries": self.listing_items(past, lang)})
        return out

    def paginated_listing(self, base: str, members: list, template: str = "listing.html", **context):
        """One (path, builder) per page of ``members`` at ``base``; context values may be callables of lang."""
        total = page_count(len(members))
        for number in range(1, total + 1):
            path = paginated(base, number)
            chunk = members[(number - 1) * PER_PAGE : number * PER_PAGE]

            def build(lang, path=path, chunk=chunk, number=number):
                values = {k: (v(lang) if callable(v) else v) for k, v in context.items()}
                return self.render(
                    path,
                    template,
                    lang,
                    groups=self.grouped(chunk, lang),
                    pager=pager(localized(base, lang), number, total),
                    **values,
                )

            yield path, build

    def crumbs(self, *items):
        """Breadcrumb builder: items are (label_or_callable, italian_path_or_empty)."""

        def build(lang):
            out = []
            for label_, path in items:
                value = label_(lang) if callable(label_) else label_
                out.append((value, localized(path, lang) if path is not None else ""))
            return out

        return build

    def pages_calendar(self, _key):
        members = [m for m in self.agenda.ordered if not m.past]

        def links(lang):
            return [
                {"label": month_title(y, m, lang), "url": localized(U.month_url(y, m), lang)}
                for y, m in self.agenda.months
            ]

        yield from self.paginated_listing(
            U.CALENDAR,
            members,
            page_title=lambda lang: text("list_title", lang),
            heading=lambda lang: text("list_title", lang),
            crumbs=self.crumbs((lambda lang: text("calendar", lang), None)),
            month_links=links,
            feed="feeds/cultura.ics",
        )

    def pages_regional(self, _key):
        yield from self.paginated_listing(
            U.REGIONAL,
            self.groups["regional"][""],
            page_title=lambda lang: text("regional_title", lang),
            heading=lambda lang: text("regional_title", lang),
            crumbs=self.crumbs((lambda lang: text("regional_title", lang), None)),
            feed="feeds/sostenuti-regione.ics",
        )

    def pages_category(self, key):
        category = self.vocab.category(key)
        name = (lambda lang: category.label(lang)) if category else (lambda lang: key)
        yield from self.paginated_listing(
            U.category_url(key),
            self.groups["category"][key],
            page_title=lambda lang: text("events_category", lang, name=name(lang)),
            heading=name,
            crumbs=self.crumbs((lambda lang: text("categories", lang), U.CATEGORIES), (name, None)),
            feed=f"feeds/categoria/{key}.ics",
        )

    def pages_comune(self, istat):
        comune = self.comuni[istat]
        feed = f"feeds/comune/{istat}-{U.slugify(comune.name)}.ics"
        yield from self.paginated_listing(
            self.urls.comuni[istat],
            self.groups["comune"][istat],
            page_title=lambda lang: text("events_in", lang, name=comune.name),
            heading=lambda lang: text("events_in", lang, name=comune.name),
            crumbs=self.crumbs((lambda lang: text("comuni", lang), U.COMUNI), (comune.name, None)),
            intro=lambda lang: text("province_of", lang, name=self.province_name(comune.province)),
            feed=feed,
        )

    def province_name(self, abbr: str) -> str:
        return self.province_names.get(abbr, abbr)

    def pages_province(self, abbr):
        name = self.province_name(abbr)
        yield from self.paginated_listing(
            self.urls.provinces[abbr],
            self.groups["province"][abbr],
            page_title=lambda lang: text("events_in_province", lang, name=name),
            heading=lambda lang: text("events_in_province", lang, name=name),
            crumbs=self.crumbs((lambda lang: text("provinces", lang), U.PROVINCES), (name, None)),
            feed=f"feeds/provincia/{abbr.lower()}.ics",
        )

    def pages_venue(self, vid):
        venue = self.catalogue.venues[vid]
        name = lambda lang: text_field(venue, "name", lang)  # noqa: E731

        def entity(lang):
            return {
                "kind": label(self.vocab, "venue_kinds", venue.kind, lang),
                "address": f"{venue.address}, {venue.postal_code} {venue.comune.name} ({venue.comune.province})",
                "map": osm_url(venue.lat, venue.lon),
                "comune": venue.comune.name,
                "comune_url": localized(self.urls.comuni[venue.comune.istat], lang),
                "capacity": venue.capacity,
                "accessibility": [label(self.vocab, "accessibility", k, lang) for k in venue.accessibility],
                "accessibility_notes": text_field(venue, "accessibility_notes", lang)
                if venue.accessibility_notes
                else "",
                "website": venue.website,
                "description": self.description_html(venue, lang),
                "example": venue.example,
                "edit": self.edit_url(venue.file),
            }

        yield from self.paginated_listing(
            self.urls.venues[vid],
            self.groups["venue"][vid],
            template="entity.html",
            page_title=lambda lang: translated_text(venue, "name", lang),
            heading=name,
            entity=entity,
            crumbs=self.crumbs(
                (lambda lang: text("venues", lang), U.VENUES), (lambda lang: translated_text(venue, "name", lang), None)
            ),
            feed=f"feeds/luogo/{vid}.ics",
        )

    def edit_url(self, file):
        return edit_url(self.cal_settings, file)

    def description_html(self, holder, lang: str) -> Markup:
        """``holder``'s description in ``lang`` (or in Italian, marked ``lang="it"``, when untranslated),
        as sanitised HTML; empty when it has none."""
        source, source_lang = translated(holder, "description", lang)
        html = self.integrations.render_markdown(source)
        if source and source_lang != lang:
            return Markup('<div lang="{}">{}</div>').format(source_lang, html)
        return html

    def pages_organiser(self, oid):
        org = self.catalogue.organisers[oid]

        def entity(lang):
            return {
                "kind": label(self.vocab, "organiser_kinds", org.kind, lang),
                "comune": org.comune.name,
                "comune_url": localized(self.urls.comuni[org.comune.istat], lang),
                "website": org.website,
                "email": org.email,
                "phone": org.phone,
                "description": self.description_html(org, lang),
                "example": org.example,
                "edit": self.edit_url(org.file),
            }

        yield from self.paginated_listing(
            self.urls.organisers[oid],
            self.groups["organiser"][oid],
            template="entity.html",
            page_title=lambda lang: translated_text(org, "name", lang),
            heading=lambda lang: text_field(org, "name", lang),
            entity=entity,
            crumbs=self.crumbs(
                (lambda lang: text("organisers", lang), U.ORGANISERS),
                (lambda lang: translated_text(org, "name", lang), None),
            ),
            feed=f"feeds/organizzatore/{oid}.ics",
        )

    # ---- indexes

    def upcoming_count(self, members) -> int:
        return sum(1 for m in members if not m.past)

    def index_page(self, path, heading_key, sections, intro_key=None):
        def build(lang):
            return self.render(
                path,
                "index.html",
                lang,
                page_title=text(heading_key, lang),
                heading=text(heading_key, lang),
                intro=text(intro_key, lang) if intro_key else "",
                crumbs=[(text(heading_key, lang), "")],
                sections=sections(lang),
            )

        yield path, build

    def pages_category_index(self, _key):
        def sections(lang):
            links = [
                {
                    "label": (self.vocab.category(k).label(lang) if self.vocab.category(k) else k),
                    "url": localized(U.category_url(k), lang),
                    "count": self.upcoming_count(members),
                }
                for k, members in self.groups["category"].items()
            ]
            return [{"links": sorted(links, key=lambda link: link["label"].lower())}]

        yield from self.index_page(U.CATEGORIES, "categories", sections)

    def comuni_by_province(self):
        out: dict[str, list] = {}
        for c in self.comuni.values():
            out.setdefault(c.province, []).append(c)
        return {p: sorted(cs, key=lambda c: c.name) for p, cs in sorted(out.items())}

    def pages_comune_index(self, _key):
        def sections(lang):
            return [
                {
                    "heading": text("province_of", lang, name=self.province_name(prov)),
                    "links": [
                        {
                            "label": c.name,
                            "url": localized(self.urls.comuni[c.istat], lang),
                            "count": self.upcoming_count(self.groups["comune"][c.istat]),
                        }
                        for c in comuni
                    ],
                }
                for prov, comuni in self.comuni_by_province().items()
            ]

        yield from self.index_page(U.COMUNI, "comuni", sections)

    def pages_province_index(self, _key):
        def sections(lang):
            return [
                {
                    "links": [
                        {
                            "label": text("province_of", lang, name=self.province_name(p)),
                            "url": localized(self.urls.provinces[p], lang),
                            "count": self.upcoming_count(members),
                        }
                        for p, members in sorted(self.groups["province"].items())
                    ]
                }
            ]

        yield from self.index_page(U.PROVINCES, "provinces", sections)

    def pages_venue_index(self, _key):
        def sections(lang):
            by_comune: dict[str, list] = {}
            for venue in self.catalogue.venues.values():
                by_comune.setdefault(venue.comune.name, []).append(venue)
            return [
                {
                    "heading": text("venues_in", lang, name=name),
                    "links": [
                        {
                            "label": text_field(v, "name", lang),
                            "url": localized(self.urls.venues[v.id], lang),
                            "count": self.upcoming_count(self.groups["venue"][v.id]),
                        }
                        for v in sorted(venues, key=lambda v: v.name)
                    ],
                }
                for name, venues in sorted(by_comune.items())
            ]

        yield from self.index_page(U.VENUES, "venues", sections)

    def pages_organiser_index(self, _key):
        def sections(lang):
            orgs = sorted(self.catalogue.organisers.values(), key=lambda o: o.name.lower())
            return [
                {
                    "links": [
                        {
                            "label": text_field(o, "name", lang),
                            "url": localized(self.urls.organisers[o.id], lang),
                            "count": self.upcoming_count(self.groups["organiser"][o.id]),
                            "note": o.comune.name,
                        }
                        for o in orgs
                    ]
                }
            ]

        yield from self.index_page(U.ORGANISERS, "organisers", sections)

    # ---- calendar views

    def day_items(self, day: date, lang: str, pairs, with_day: bool = False) -> list[dict]:
        """Entries of a day's list, with their times (preceded by the day itself with ``with_day``)."""
        t = ui(lang)
        cards = self.day_cards[lang]
        default = timedelta(minutes=self.cal_settings.conflicts.default_duration_minutes)
        items = []
        for occ, identity in pairs:
            if occ.all_day:
                when, when_iso = t["all_day"], day.isoformat()
            else:
                when = format_time(occ.start) + (f"–{format_time(occ.end)}" if occ.end else "")
                when_iso = occ.start.isoformat(timespec="minutes")
            if with_day:
                when = f"{format_day(day, lang)}, {when}"
            items.append(self.item(cards[identity], occurrence_end(occ, default).isoformat(), when, when_iso))
        return items

    def pages_day(self, day: date):
        pairs = self.agenda.days[day]
        base = U.day_url(day)
        total = page_count(len(pairs))
        y, m = day.year, day.month
        for number in range(1, total + 1):
            path = paginated(base, number)
            chunk = pairs[(number - 1) * PER_PAGE : number * PER_PAGE]

            def build(lang, path=path, chunk=chunk, number=number):
                t = ui(lang)
                title = text("day_title", lang, day=format_day(day, lang))
                groups = [{"heading": t["events"], "entries": self.day_items(day, lang, chunk)}]
                if number == 1:
                    ongoing = self.agenda.open_long_running(day)
                    if ongoing:
                        groups.append(
                            {
                                "heading": t["ongoing_long"],
                                "entries": [self.item(self.cards[lang][i]) for i in ongoing],
                            }
                        )
                return self.render(
                    path,
                    "listing.html",
                    lang,
                    page_title=title,
                    heading=title,
                    groups=groups,
                    pager=pager(localized(base, lang), number, total),
                    crumbs=[
                        (t["calendar"], localized(U.CALENDAR, lang)),
                        (month_title(y, m, lang), localized(U.month_url(y, m), lang)),
                        (format_day(day, lang), ""),
                    ],
                )

            yield path, build

    def pages_month(self, ym):
        year, month = ym
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        months = self.agenda.months
        index = months.index(ym)
        days = self.agenda.days
        path = U.month_url(year, month)
        long_ids = self.agenda.long_running_in(first, last)

        def build(lang):
            t = ui(lang)
            links = self.links[lang]
            weeks, week = [], [None] * first.weekday()
            day = first
            while day <= last:
                pairs = days.get(day, ())
                items = []
                for occ, identity in pairs[:MONTH_CELL_MAX]:
                    items.append(
                        {
                            "time": "" if occ.all_day else format_time(occ.start),
                            "time_iso": occ.start.isoformat(timespec="minutes"),
                            "link": links[identity],
                        }
                    )
                week.append(
                    {
                        "day": day.day,
                        "weekday": WEEKDAYS[lang][day.weekday()],
                        "url": localized(U.day_url(day), lang) if pairs else "",
                        "entries": items,
                        "more": max(0, len(pairs) - MONTH_CELL_MAX),
                        "today": day == self.today,
                    }
                )
                if len(week) == 7:
                    weeks.append(week)
                    week = []
                day += timedelta(days=1)
            if week:
                weeks.append(week + [None] * (7 - len(week)))
            title = month_title(year, month, lang)
            neighbour = lambda y_m: {"url": localized(U.month_url(*y_m), lang), "label": month_title(*y_m, lang)}  # noqa: E731
            return self.render(
                path,
                "month.html",
                lang,
                page_title=text("month_caption", lang, month=title),
                heading=title.capitalize(),
                caption=text("month_caption", lang, month=title),
                weekdays=list(zip(WEEKDAYS_SHORT[lang], WEEKDAYS[lang], strict=True)),
                weeks=weeks,
                prev=neighbour(months[index - 1]) if index > 0 else None,
                next=neighbour(months[index + 1]) if index + 1 < len(months) else None,
                long_running=[self.item(self.cards[lang][i]) for i in long_ids],
                crumbs=[(t["calendar"], localized(U.CALENDAR, lang)), (title, "")],
            )

        yield path, build

    # ---- home

    def pages_home(self, _key):
        agenda, today = self.agenda, self.today

        def build(lang):
            t = ui(lang)
            sections = []
            if today is not None:
                todays = agenda.days.get(today, [])
                sections.append(
                    {
                        "id": "oggi",
                        "heading": t["today"],
                        "empty": t["nothing_today"],
                        "entries": self.day_items(today, lang, todays[:HOME_MAX]),
                        "more": localized(U.day_url(today), lang) if len(todays) > HOME_MAX else "",
                        "more_label": t["all_of_day"],
                    }
                )
                weekend_days = agenda.weekend()
                pairs, seen = [], set()
                for d in weekend_days:
                    for occ, identity in agenda.days.get(d, []):
                        if identity not in seen:
                            seen.add(identity)
                            pairs.append((d, occ, identity))
                items = []
                for d, occ, identity in pairs[:HOME_MAX]:
                    items += self.day_items(d, lang, [(occ, identity)], with_day=True)
                first_weekend_day = weekend_days[0] if weekend_days else today
                sections.append(
                    {
                        "id": "weekend",
                        "heading": t["this_weekend"],
                        "empty": t["nothing_weekend"],
                        "entries": items,
                        "more": localized(U.day_url(first_weekend_day), lang)
                        if len(pairs) > HOME_MAX and first_weekend_day in agenda.days
                        else "",
                        "more_label": t["all_of_day"],
                    }
                )
            later = [
                m
                for m in agenda.ordered
                if not m.past and (today is None or agenda.times[m.identity].next.start.date() > today)
            ]
            sections.append(
                {
                    "id": "prossimamente",
                    "heading": t["coming_up"],
                    "empty": t["nothing_upcoming"],
                    "entries": self.listing_items(later[:HOME_MAX], lang),
                    "more": localized(U.CALENDAR, lang),
                    "more_label": t["all_upcoming"],
                }
            )
            featured = [m for m in self.groups["regional"][""] if not m.past]
            sections.append(
                {
                    "id": "in-evidenza",
                    "heading": t["featured"],
                    "empty": t["nothing_upcoming"],
                    "entries": self.listing_items(featured[:HOME_MAX], lang),
                    "more": localized(U.REGIONAL, lang),
                    "more_label": t["all_featured"],
                }
            )
            month = (today.year, today.month) if today else (agenda.months[0] if agenda.months else None)
            heading = text("home_title", lang, region=self.cal_settings.region_name)
            return self.render(
                U.HOME,
                "home.html",
                lang,
                page_title=self.env.globals["SITENAME"],
                page_description=t["home_intro"],
                heading=heading,
                sections=sections,
                updated=text("updated_on", lang, day=format_day(today, lang)) if today else "",
                links={
                    "calendar": localized(U.CALENDAR, lang),
                    "month": localized(U.month_url(*month), lang) if month else localized(U.CALENDAR, lang),
                },
            )

        yield U.HOME, build

    # ---- events

    def pages_event(self, identity):
        event = self.catalogue.events[identity]
        path = self.urls.events[identity]

        def build(lang):
            t = ui(lang)
            e = event_view(event, self.data, lang, self.description_html(event, lang))
            url = f"{self.base_url}/{localized(path, lang)}"
            return self.render(
                path,
                "event.html",
                lang,
                e=e,
                page_title=e["title_text"],
                page_description=e["summary_text"],
                og_type="article",
                og_image=f"{self.base_url}/{e['image']['src']}" if e["image"] else None,
                jsonld=self.integrations.event_jsonld(event, self.catalogue, self.cal_settings, lang, url, self.today),
                crumbs=[
                    (t["calendar"], localized(U.CALENDAR, lang)),
                    (e["category"]["label"], e["category"]["url"]),
                    (e["title_text"], ""),
                ],
            )

        yield path, build

    # ---- providers

    def provider_card(self, provider, lang):
        return {
            "name": text_field(provider, "name", lang),
            "url": localized(self.urls.providers[provider.id], lang),
            "kind": label(self.vocab, "provider_kinds", provider.kind, lang),
            "services": [label(self.vocab, "services", s, lang) for s in provider.services],
            "comune": provider.comune.name,
            "summary": text_field(provider, "summary", lang),
            "example": provider.example,
        }

    def provider_listing(self, base, providers, current_service):
        total = max(1, -(-len(providers) // PER_PAGE))
        services = self.vocab.lists["services"]
        counts = Counter(s for p in self.catalogue.providers.values() for s in p.services)
        for number in range(1, total + 1):
            path = paginated(base, number)
            chunk = providers[(number - 1) * PER_PAGE : number * PER_PAGE]

            def build(lang, path=path, chunk=chunk, number=number):
                t = ui(lang)
                heading = (
                    text("providers_for", lang, service=label(self.vocab, "services", current_service, lang))
                    if current_service
                    else t["providers"]
                )
                crumbs = [(t["providers"], localized(U.PROVIDERS, lang) if current_service else "")]
                if current_service:
                    crumbs.append((label(self.vocab, "services", current_service, lang), ""))
                return self.render(
                    path,
                    "providers.html",
                    lang,
                    page_title=heading,
                    heading=heading,
                    crumbs=crumbs,
                    providers=[self.provider_card(p, lang) for p in chunk],
                    services=[
                        {
                            "key": k,
                            "label": label(self.vocab, "services", k, lang),
                            "url": localized(U.service_url(k), lang),
                            "count": counts.get(k, 0),
                        }
                        for k in services
                    ],
                    current_service=current_service,
                    all_url=localized(U.PROVIDERS, lang),
                    pager=pager(localized(base, lang), number, total),
                )

            yield path, build

    def sorted_providers(self):
        return sorted(self.catalogue.providers.values(), key=lambda p: p.name.lower())

    def pages_providers(self, _key):
        yield from self.provider_listing(U.PROVIDERS, self.sorted_providers(), None)

    def pages_service(self, key):
        yield from self.provider_listing(
            U.service_url(key), [p for p in self.sorted_providers() if key in p.services], key
        )

    def pages_provider(self, pid):
        provider = self.catalogue.providers[pid]
        path = self.urls.providers[pid]

        def build(lang):
            t = ui(lang)
            card = self.provider_card(provider, lang)
            card.update(
                service_links=[
                    {"label": label(self.vocab, "services", s, lang), "url": localized(U.service_url(s), lang)}
                    for s in provider.services
                ],
                area=[self.province_name(a) for a in provider.area],
                languages=[label(self.vocab, "languages", k, lang) for k in provider.languages],
                website=provider.website,
                email=provider.email,
                phone=provider.phone,
                description=self.description_html(provider, lang),
                edit=self.edit_url(provider.file),
            )
            return self.render(
                path,
                "provider.html",
                lang,
                p=card,
                page_title=translated_text(provider, "name", lang),
                page_description=translated_text(provider, "summary", lang),
                crumbs=[(t["providers"], localized(U.PROVIDERS, lang)), (card["name"], "")],
            )

        yield path, build

    # ---- search (the index itself is written by the side process: exports.py, search.py)

    def pages_search(self, _key):
        def build(lang):
            t = ui(lang)
            browse = [(t[key], localized(path, lang)) for key, path in SEARCH_BROWSE]
            return self.render(
                U.SEARCH,
                "search.html",
                lang,
                page_title=t["search_title"],
                heading=t["search_title"],
                page_description=t["search_intro"],
                crumbs=[(t["search"], "")],
                facets=facet_options(self.data, lang),
                names=FACETS,
                index_path=INDEX_PATH,
                browse=browse,
            )

        yield U.SEARCH, build

    # ---- guides and Markdown pages (Pelican's), and their English mirror

    def pages_guides(self, _key):
        articles = [a for a in self.pelican_context.get("articles", []) if a.url.startswith(U.GUIDES)]
        order = list(self.vocab.lists.get("guide_topics", {}))

        def build(lang):
            t = ui(lang)
            topics: dict[str, list] = {}
            for a in articles:
                topics.setdefault(getattr(a, "topic", "") or "", []).append(a)
            out = []
            for key in sorted(topics, key=lambda k: (order.index(k) if k in order else len(order), k)):
                guides = sorted(topics[key], key=lambda a: a.title.lower())
                out.append(
                    {
                        "key": key or "altro",
                        "label": label(self.vocab, "guide_topics", key, lang) if key else t["other_topics"],
                        "guides": [
                            {
                                "title": Markup(a.title),
                                "url": localized(a.url, lang)
                                if lang == "it" or not self.has_translation(a, lang)
                                else self.translation_of(a, lang).url,
                                "summary": Markup(a.metadata.get("summary", "")).striptags(),
                                "reviewed": text("reviewed", lang, day=self.env.globals["long_date"](a.reviewed, lang))
                                if getattr(a, "reviewed", None)
                                else "",
                            }
                            for a in guides
                        ],
                    }
                )
            return self.render(
                U.GUIDES,
                "guides.html",
                lang,
                page_title=t["guides"],
                heading=t["guides"],
                page_description=t["guides_intro"],
                topics=out,
                crumbs=[(t["guides"], "")],
            )

        yield U.GUIDES, build

    @staticmethod
    def has_translation(content, lang) -> bool:
        return any(tr.lang == lang for tr in getattr(content, "translations", []))

    @staticmethod
    def translation_of(content, lang):
        return next(tr for tr in content.translations if tr.lang == lang)

    def pages_mirror(self, _key):
        """English pages of guides and static pages that have no English translation of their own."""
        contents = [("article.html", "article", a) for a in self.pelican_context.get("articles", [])]
        contents += [("page.html", "page", p) for p in self.pelican_context.get("pages", [])]
        for template, name, content in contents:
            if self.has_translation(content, "en"):
                continue

            def build(lang, template=template, name=name, content=content):
                html = self.template(template, lang).render(
                    lang=lang,
                    content_html=Markup(content.get_content(MARK)),
                    chrome=self.chrome[lang],
                    **{name: content},
                )
                return localized(content.url, lang), html

            yield content.url, build

    def run_mirror(self) -> int:
        written = 0
        for _path, build in self.pages_mirror(None):
            out_path, html = build("en")
            self.write(out_path, html)
            self.mirror_paths.append(out_path)  # every guide is a CSS sample: its Markdown may use any tag
            written += 1
        return written

    # ---- 6. the feeds page

    def write_feeds_page(self, feed_paths: list[str], data_files: list[str]) -> int:
        written = 0
        for lang in LANGS:
            t = ui(lang)
            groups = feed_groups(feed_paths, self, lang)
            for group in groups:
                for feed in group["feeds"]:
                    feed.update(subscribe_links(self.base_url, feed["url"]))
            files = [{"label": f, "url": f} for f in data_files]
            _, html = self.render(
                U.FEEDS_PAGE,
                "feeds.html",
                lang,
                page_title=t["feeds"],
                heading=t["feeds"],
                page_description=t["feeds_intro"],
                groups=groups,
                data_files=files,
                crumbs=[(t["feeds"], "")],
            )
            self.write(localized(U.FEEDS_PAGE, lang), html)
            written += 1
        return written


def subscribe_links(base_url: str, path: str) -> dict:
    """The three ways to subscribe to a feed: its https:// address (Google "From URL", ICSx5, Thunderbird),
    webcal:// (Apple Calendar, Outlook desktop open it as a subscription) and Google Calendar's add link."""
    https = f"{base_url}/{path}"
    webcal = "webcal://" + https.split("://", 1)[-1]
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
    return {"https": https, "webcal": webcal, "google": google}


def translated_text(obj, name, lang) -> str:
    return translated(obj, name, lang)[0]


FEED_FOLDERS = (  # feeds/<folder>/<key>.ics -> (group heading, label of key)
    ("categoria", "feeds_by_category"),
    ("comune", "feeds_by_comune"),
    ("provincia", "feeds_by_province"),
    ("luogo", "feeds_by_venue"),
    ("organizzatore", "feeds_by_organiser"),
    ("pubblico", "feeds_by_audience"),
)


def feed_groups(paths: list[str], site, lang: str) -> list[dict]:
    """The feeds page's sections, from the paths feeds.py wrote (event files excluded)."""
    t = ui(lang)
    vocab, catalogue = site.vocab, site.catalogue
    comuni = site.comuni
    whole, other = [], []
    by_folder: dict[str, list] = {folder: [] for folder, _ in FEED_FOLDERS}
    for path in sorted(p for p in paths if p.startswith("feeds/")):
        parts = path.split("/")
        stem = parts[-1].removesuffix(".ics")
        if len(parts) == 2:
            if stem == "cultura":
                whole.append({"label": t["feeds_whole_region"], "url": path})
            elif stem == "gratuiti":
                other.append({"label": t["feeds_free"], "url": path})
            elif stem == "sostenuti-regione":
                other.append({"label": t["feeds_regional"], "url": path})
            else:
                other.append({"label": stem, "url": path})
            continue
        folder = parts[1]
        if folder == "categoria":
            category = vocab.category(stem)
            name = category.label(lang) if category else stem
        elif folder == "comune":
            comune = comuni.get(stem.split("-", 1)[0])
            name = comune.name if comune else stem
        elif folder == "provincia":
            name = site.province_name(stem.upper())
        elif folder == "luogo":
            venue = catalogue.venues.get(stem)
            name = translated_text(venue, "name", lang) if venue else stem
        elif folder == "organizzatore":
            org = catalogue.organisers.get(stem)
            name = translated_text(org, "name", lang) if org else stem
        elif folder == "pubblico":
            name = vocab.label("audiences", stem, lang)
        else:
            name = stem
        by_folder.setdefault(folder, []).append({"label": name, "url": path})
    headings = dict(FEED_FOLDERS)
    out = []
    if whole:
        out.append({"heading": t["feeds_whole_region"], "feeds": whole})
    for folder, items in by_folder.items():
        if items:
            out.append(
                {
                    "heading": t[headings.get(folder, "feeds_other")],
                    "feeds": sorted(items, key=lambda f: f["label"].lower()),
                }
            )
    if other:
        out.append({"heading": t["feeds_other"], "feeds": other})
    return out
