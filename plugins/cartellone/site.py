"""The calendar's pages. A first, minimal site: home with what is coming up, and one page per event.

URLs are directory-style and derived from the event's identity only (``eventi/<identity>/``), so a
page never moves when a title or date changes, and stays (as an archive page) after its date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")
WEEKDAYS_IT = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def event_url(event) -> str:
    return f"eventi/{event.identity}/"


def format_day(day: date) -> str:
    return f"{WEEKDAYS_IT[day.weekday()]} {day.day} {MONTHS_IT[day.month - 1]} {day.year}"


def format_occurrence(occ) -> str:
    if occ.all_day:
        last = (occ.end.date().toordinal() - 1)
        last_day = date.fromordinal(last)
        if last_day == occ.start.date():
            return format_day(occ.start.date())
        return f"dal {format_day(occ.start.date())} al {format_day(last_day)}"
    text = f"{format_day(occ.start.date())}, ore {occ.start.strftime('%H:%M')}"
    if occ.end is not None:
        text += f"–{occ.end.strftime('%H:%M')}"
    return text


def write_site(generator, writer) -> None:
    catalogue, today = generator.catalogue, generator.today
    vocab_labels = {
        "status": {"scheduled": "In programma", "cancelled": "Annullato", "postponed": "Rinviato",
                   "rescheduled": "Spostato", "sold-out": "Esaurito"},
    }
    common = dict(generator.context)
    common.update(
        catalogue=catalogue,
        today=today,
        event_url=event_url,
        format_day=format_day,
        format_occurrence=format_occurrence,
        labels=vocab_labels,
    )
    upcoming = defaultdict(list)
    for event in catalogue.events.values():
        last = event.occurrences[-1]
        end_day = (last.end or last.start).date()
        if today is not None and end_day < today:
            continue
        first = next((o for o in event.occurrences if today is None or (o.end or o.start).date() >= today),
                     event.occurrences[0])
        upcoming[(first.start.year, first.start.month)].append((first.start, event))
    months = [
        (f"{MONTHS_IT[m - 1]} {y}", [e for _, e in sorted(items, key=lambda x: (x[0], x[1].title))])
        for (y, m), items in sorted(upcoming.items())
    ]
    writer.write_file("index.html", generator.get_template("cal_index"), dict(common, months=months),
                      relative_urls=generator.settings["RELATIVE_URLS"], url="")
    template = generator.get_template("cal_event")
    for event in catalogue.events.values():
        url = event_url(event)
        writer.write_file(
            url + "index.html", template,
            dict(common, event=event, venue=catalogue.venues.get(event.venue),
                 organiser=catalogue.organisers.get(event.organiser)),
            relative_urls=generator.settings["RELATIVE_URLS"], url=url,
        )
