"""schema.org Event JSON-LD (jsonld.py): parses, cannot break out of <script>, maps every field."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from cartellone.jsonld import MAX_OCCURRENCES, event_jsonld
from helpers import load, settings_for, write_event, write_file

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_with(payload: str) -> str:
    return f'<html><head><script type="application/ld+json">{payload}</script></head><body></body></html>'


def extract(html: str):
    """What a crawler does: take the script element's text (up to the first </script>) and parse it."""
    found = SCRIPT.findall(html)
    assert len(found) == 1
    return json.loads(found[0])


def build(repo, text: str, name: str = "evento", **kw):
    """Write one event, load the repository, return (event, catalogue, settings)."""
    write_event(repo, "org-a", name, text)
    result = load(repo)
    errors = [(f.code, f.file) for f in result.findings if f.severity.value == "error"]
    assert not errors, errors
    settings = settings_for(repo, **kw)
    return result.catalogue.events[f"org-a/{name}"], result.catalogue, settings


def jsonld(repo, text: str, lang: str = "it", **kw):
    event, catalogue, settings = build(repo, text)
    return json.loads(event_jsonld(event, catalogue, settings, lang, **kw))


BASE = """\
title: Concerto
summary: Un concerto
category: concerto
venue: teatro-x
start: "2026-12-20 20:45"
end: "22:30"
"""


def test_parses_inside_a_page(repo):
    event, catalogue, settings = build(repo, BASE)
    text = event_jsonld(event, catalogue, settings)
    data = extract(page_with(text))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MusicEvent"
    assert data["additionalType"] == "https://w3id.org/italia/controlled-vocabulary/public-event-types/115"
    assert data["name"] == "Concerto"
    assert data["url"] == "https://cartellone.example.org/eventi/org-a/evento/"


@pytest.mark.parametrize(
    "title",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT ><img src=x onerror=alert(1)>",
        "<!-- <script> & --> a&b",
    ],
)
def test_title_cannot_close_the_script(repo, title):
    text = BASE.replace("title: Concerto", f"title: {json.dumps(title)}")
    event, catalogue, settings = build(repo, text)
    out = event_jsonld(event, catalogue, settings)
    assert "</" not in out
    assert "<" not in out and ">" not in out and "&" not in out
    assert extract(page_with(out))["name"] == title


def test_text_stays_utf8(repo):
    data_text = BASE.replace("title: Concerto", "title: Già più – «Števerjan»")
    event, catalogue, settings = build(repo, data_text)
    out = event_jsonld(event, catalogue, settings)
    assert "Già più – «Števerjan»" in out


@pytest.mark.parametrize(
    "status, expected",
    [
        ("scheduled", "EventScheduled"),
        ("cancelled", "EventCancelled"),
        ("postponed", "EventPostponed"),
        ("sold-out", "EventScheduled"),
    ],
)
def test_status_mapping(repo, status, expected):
    data = jsonld(repo, BASE + f"status: {status}\n")
    assert data["eventStatus"] == "https://schema.org/" + expected
    assert data["startDate"] == "2026-12-20T20:45:00+01:00"  # a cancelled event keeps its date
    assert "previousStartDate" not in data


def test_rescheduled_has_previous_start(repo):
    data = jsonld(repo, BASE + 'status: rescheduled\nprevious_start: "2026-12-13 20:45"\n')
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2026-12-13T20:45:00+01:00"
    assert data["startDate"] == "2026-12-20T20:45:00+01:00"


def test_sold_out_offer(repo):
    data = jsonld(repo, BASE + "status: sold-out\nprice: {free: false, from: 15, tickets: https://example.org/t}\n")
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["offers"]["price"] == 15
    assert data["offers"]["url"] == "https://example.org/t"


def test_sold_out_without_price_still_says_sold_out(repo):
    data = jsonld(repo, BASE + "status: sold-out\n")
    assert data["offers"] == {"@type": "Offer", "availability": "https://schema.org/SoldOut"}


def test_free_offer(repo):
    data = jsonld(repo, BASE + "price: {free: true}\n")
    assert data["offers"] == {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    }
    assert data["isAccessibleForFree"] is True


def test_paid_range_offer(repo):
    data = jsonld(repo, BASE + "price: {free: false, from: 10, to: 25.5, tickets: https://example.org/b}\n")
    offer = data["offers"]
    assert offer["@type"] == "AggregateOffer"
    assert (offer["lowPrice"], offer["highPrice"]) == (10, 25.5)
    assert offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == "https://example.org/b"
    assert "validFrom" not in offer
    assert data["isAccessibleForFree"] is False


def test_no_price_no_offers(repo):
    data = jsonld(repo, BASE)
    assert "offers" not in data
    assert "isAccessibleForFree" not in data


def test_cancelled_offer_has_no_availability(repo):
    data = jsonld(repo, BASE + "status: cancelled\nprice: {free: false, from: 10}\n")
    assert "availability" not in data["offers"]


def test_winter_and_summer_offsets(repo):
    winter = jsonld(repo, BASE)
    assert winter["startDate"] == "2026-12-20T20:45:00+01:00"
    assert winter["endDate"] == "2026-12-20T22:30:00+01:00"
    summer = jsonld(repo, BASE.replace("2026-12-20", "2027-07-12"))
    assert summer["startDate"] == "2027-07-12T20:45:00+02:00"
    assert summer["endDate"] == "2027-07-12T22:30:00+02:00"


def test_all_day_dates_end_inclusive(repo):
    text = BASE.replace('start: "2026-12-20 20:45"\nend: "22:30"\n', "start: 2027-06-19\nend: 2027-06-21\n")
    data = jsonld(repo, text)
    assert data["startDate"] == "2027-06-19"
    assert data["endDate"] == "2027-06-21"


def test_single_all_day(repo):
    text = BASE.replace('start: "2026-12-20 20:45"\nend: "22:30"\n', "start: 2027-06-19\n")
    data = jsonld(repo, text)
    assert data["startDate"] == "2027-06-19"
    assert data.get("endDate", "2027-06-19") == "2027-06-19"


def test_place_with_postal_address(repo):
    data = jsonld(repo, BASE)
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "Teatro X"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Viale Franco Martelli, 2",
        "postalCode": "33170",
        "addressLocality": "Pordenone",
        "addressRegion": "PN",
        "addressCountry": "IT",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 45.9626, "longitude": 12.6563}


def test_online_virtual_location(repo):
    text = BASE.replace("venue: teatro-x", "online: https://example.org/diretta")
    data = jsonld(repo, text)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/diretta"}


def test_hybrid_has_both(repo):
    data = jsonld(repo, BASE + "online: https://example.org/diretta\n")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://example.org/diretta"


def test_organizer(repo):
    write_file(
        repo,
        "organisers/org-b.yaml",
        'name: Comune B\nkind: comune\ncomune: "093033"\nwebsite: https://comune.example.org\n',
    )
    data = jsonld(repo, BASE + "co_organisers: [org-b]\n")
    assert data["organizer"] == [
        {"@type": "Organization", "name": "Organizzatore A"},
        {"@type": "Organization", "name": "Comune B", "url": "https://comune.example.org"},
    ]


def test_image_is_absolute(repo):
    write_file(repo, "events/org-a/locandina.jpg", b"\xff\xd8")
    event, catalogue, settings = build(repo, BASE + "image: {src: locandina.jpg, alt: Il coro}\n")
    data = json.loads(event_jsonld(event, catalogue, settings))
    assert data["image"] == "https://cartellone.example.org/eventi/org-a/evento/locandina.jpg"
    data = json.loads(event_jsonld(event, catalogue, settings, image_url="immagini/x.jpg"))
    assert data["image"] == "https://cartellone.example.org/immagini/x.jpg"


def test_site_url_from_settings(repo):
    event, catalogue, settings = build(repo, BASE, site_url="https://cultura.example.it/")
    data = json.loads(event_jsonld(event, catalogue, settings))
    assert data["url"] == "https://cultura.example.it/eventi/org-a/evento/"
    data = json.loads(event_jsonld(event, catalogue, settings, url="https://cultura.example.it/en/x/"))
    assert data["url"] == "https://cultura.example.it/en/x/"


def test_description_is_plain_text(repo):
    text = BASE + "description: |\n  # Titolo\n\n  Testo **forte** con <script>alert(1)</script>.\n"
    data = jsonld(repo, text)
    assert data["description"] == "Titolo Testo forte con <script>alert(1)</script>."


def test_description_falls_back_to_summary(repo):
    assert jsonld(repo, BASE)["description"] == "Un concerto"


def test_language_audience_and_translation(repo):
    text = BASE + (
        "languages: [it, fur]\naudience: [famiglie, bambini]\nage_min: 6\n"
        "translations: {en: {title: Concert, summary: A concert}}\n"
    )
    it = jsonld(repo, text)
    assert it["inLanguage"] == ["it", "fur"]
    assert it["audience"] == [
        {"@type": "Audience", "audienceType": "Famiglie"},
        {"@type": "Audience", "audienceType": "Bambini"},
    ]
    assert it["typicalAgeRange"] == "6-"
    event, catalogue, settings = build(repo, text)
    en = json.loads(event_jsonld(event, catalogue, settings, "en"))
    assert en["name"] == "Concert"
    assert en["description"] == "A concert"
    assert en["audience"][1]["audienceType"] == "Children"
    assert en["url"] == "https://cartellone.example.org/en/eventi/org-a/evento/"


DATES = """\
title: Repliche
summary: Tre sere
category: teatro
venue: teatro-x
dates:
  - {start: "2027-03-20 20:45", end: "22:00"}
  - {start: "2027-04-10 20:45", end: "22:00", status: sold-out}
  - {start: "2027-05-10 20:45", status: cancelled}
"""


def test_several_dates_give_a_list(repo):
    data = jsonld(repo, DATES)
    assert isinstance(data, list) and len(data) == 3
    assert [d["startDate"] for d in data] == [
        "2027-03-20T20:45:00+01:00",
        "2027-04-10T20:45:00+02:00",
        "2027-05-10T20:45:00+02:00",
    ]
    assert [d["eventStatus"].rsplit("/", 1)[1] for d in data] == ["EventScheduled", "EventScheduled", "EventCancelled"]
    assert data[1]["offers"]["availability"] == "https://schema.org/SoldOut"
    assert {d["name"] for d in data} == {"Repliche"}
    assert {json.dumps(d["location"]) for d in data} == {json.dumps(data[0]["location"])}


def test_cancelled_event_wins_over_its_dates(repo):
    data = jsonld(repo, DATES + "status: cancelled\n")
    assert {d["eventStatus"] for d in data} == {"https://schema.org/EventCancelled"}


def test_today_keeps_coming_dates(repo):
    event, catalogue, settings = build(repo, DATES)
    data = json.loads(event_jsonld(event, catalogue, settings, today=date(2027, 4, 1)))
    assert [d["startDate"][:10] for d in data] == ["2027-04-10", "2027-05-10"]
    only = json.loads(event_jsonld(event, catalogue, settings, today=date(2027, 5, 1)))
    assert isinstance(only, dict) and only["startDate"].startswith("2027-05-10")
    past = json.loads(event_jsonld(event, catalogue, settings, today=date(2028, 1, 1)))
    assert len(past) == 3  # an archive page describes its dates


REPEAT = """\
title: Corso
summary: Ogni martedì
category: corso
venue: teatro-x
start: "2026-10-06 17:00"
end: "18:30"
repeat:
  weekly: [tue]
  until: 2027-12-28
  changes:
    - {date: 2026-10-20, start: "2026-10-22 17:00", end: "18:30", note: Spostato al giovedì}
"""


def test_moved_date_of_a_repeat_is_rescheduled(repo):
    data = jsonld(repo, REPEAT)
    assert len(data) == MAX_OCCURRENCES
    moved = [d for d in data if d["startDate"].startswith("2026-10-22")]
    assert len(moved) == 1
    assert moved[0]["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved[0]["previousStartDate"] == "2026-10-20T17:00:00+02:00"
    # Wall-clock time kept across the DST change, with the right offset on each side.
    assert data[0]["startDate"] == "2026-10-06T17:00:00+02:00"
    assert any(d["startDate"] == "2026-11-03T17:00:00+01:00" for d in data)


def test_deterministic(repo):
    event, catalogue, settings = build(repo, DATES)
    assert event_jsonld(event, catalogue, settings) == event_jsonld(event, catalogue, settings)
