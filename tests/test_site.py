"""The published site: a real Pelican build of the sample repository, asserted on the files written.

One build (module fixture, ``CARTELLONE_TODAY=2026-12-01``) serves most tests; a second one, later
in the year, shows that past events keep their pages. The link checker walks every HTML file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from cartellone import site as site_module
from cartellone import theme_assets
from cartellone.agenda import Agenda
from cartellone.pipeline import run_check
from cartellone.settings import read_settings
from cartellone.urls import localized, paginated, site_base_url
from cartellone.views import css_classes
from cartellone.vocabulary import load_vocabularies
from helpers import build, copy_repo, pelican
from pelican import Pelican
from pelican.settings import read_settings as pelican_settings

pytestmark = pytest.mark.sample

TODAY = "2026-12-01"
LATER = "2027-10-01"


class Page(HTMLParser):
    """The parts of a page the tests look at: every tag with its attributes, and the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._chunks: list[str] = []
        self.feed(text)
        self.text = " ".join(" ".join(self._chunks).split())

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = attrs

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, ""))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None
        else:
            self._chunks.append(data)

    def all(self, tag: str, **wanted) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and "href" in a]


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(root, output, catalogue) of the sample site built with the real `pelican` command."""
    base = tmp_path_factory.mktemp("site")
    root = copy_repo(base / "repo")
    out = base / "out"
    result = build(root, out, today=TODAY)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    catalogue = run_check(read_settings(root, env={"CARTELLONE_TODAY": TODAY})).catalogue
    return root, out, catalogue, result.stdout + result.stderr


@pytest.fixture(scope="module")
def pages(built):
    """Every HTML file of the output, parsed once: relative path -> Page."""
    _, out, _, _ = built
    return {str(p.relative_to(out)): parse(p) for p in sorted(out.rglob("*.html"))}


def page_of(out: Path, path: str) -> Path:
    return out / path / "index.html"


def listing_links(out: Path, base: str) -> set[str]:
    """Every href of a paginated listing (all its pages), resolved to site paths."""
    found, number = set(), 1
    while (page_of(out, paginated(base, number))).is_file():
        here = paginated(base, number)
        for href in parse(page_of(out, here)).hrefs():
            found.add(resolve(here, href))
        number += 1
    assert number > 1, f"no listing at {base}"
    return found


def resolve(page_path: str, href: str) -> str:
    """A relative href seen on the page at ``page_path`` (a folder path) as a path from the site root."""
    parts = [p for p in page_path.split("/") if p]
    target = urlsplit(href).path
    for piece in target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            parts = parts[:-1]
        else:
            parts.append(unquote(piece))
    out = "/".join(parts)
    return out + "/" if target.endswith("/") and out else out


# --------------------------------------------------------------------------- events


def test_every_event_has_a_page_in_italian_and_english(built):
    root, out, catalogue, _ = built
    files = sorted((root / "events").glob("*/*.yaml"))
    assert len(catalogue.events) == len(files) >= 120
    for identity, event in catalogue.events.items():
        it_page, en_page = page_of(out, f"eventi/{identity}/"), page_of(out, f"en/eventi/{identity}/")
        assert it_page.is_file() and en_page.is_file(), identity
        assert '<html lang="it">' in it_page.read_text(encoding="utf-8")
        en_text = en_page.read_text(encoding="utf-8")
        assert '<html lang="en">' in en_text
        if "en" not in event.translations:  # untranslated title: Italian, marked as such
            assert '<h1><span lang="it">' in en_text, identity


def test_event_page_has_the_evento_sections_and_links(built):
    _, out, catalogue, _ = built
    event = catalogue.events["comune-udine/mostra-novecento-cavazzini"]
    page = parse(page_of(out, f"eventi/{event.identity}/"))
    for section in (
        "cos-e",
        "a-chi-e-rivolto",
        "luogo",
        "date-e-orari",
        "costi",
        "contatti",
        "organizzato-da",
        "patrocinato-da",
        "ulteriori-informazioni",
        "ultimo-aggiornamento",
    ):
        assert page.all("section", id=section), section
    text = page.text
    for heading in (
        "Cos'è",
        "A chi è rivolto",
        "Luogo",
        "Date e orari",
        "Costi",
        "Contatti",
        "Organizzato da",
        "Patrocinato da",
        "Ultimo aggiornamento",
        "Orari di apertura",
    ):
        assert heading in text, heading
    assert "Friulano" in text and "Inglese" in text  # the event's own languages
    hrefs = page.hrefs()
    venue = catalogue.venues[event.venue]
    assert (
        f"https://www.openstreetmap.org/?mlat={venue.lat:.5f}&mlon={venue.lon:.5f}#map=18/{venue.lat:.5f}/{venue.lon:.5f}"
        in hrefs
    )
    assert any(h.endswith(f"eventi/{event.identity}/evento.ics") for h in hrefs)
    assert any(h.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE") for h in hrefs)
    assert any(h.endswith(f"luoghi/{venue.id}/") for h in hrefs)
    assert not page.all("iframe")  # a link to the map, no embedded map


def test_edit_on_github_link(built):
    root, out, catalogue, _ = built
    repo_url = read_settings(root).repository_url.rstrip("/")
    assert repo_url.startswith("https://github.com/")
    for identity, event in catalogue.events.items():
        page = parse(page_of(out, f"eventi/{identity}/"))
        assert f"{repo_url}/edit/main/{event.file}" in page.hrefs(), identity
        assert event.file.startswith("events/") and event.file.endswith(".yaml")


@pytest.mark.parametrize(
    ("status", "it_label", "en_label"),
    [
        ("cancelled", "Annullato", "Cancelled"),
        ("postponed", "Rinviato a data da definire", "Postponed"),
        ("rescheduled", "Spostato a nuova data", "Rescheduled"),
        ("sold-out", "Esaurito", "Sold out"),
    ],
)
def test_status_is_shown_on_the_page_and_in_listings(built, status, it_label, en_label):
    _, out, catalogue, _ = built
    events = [e for e in catalogue.events.values() if e.status == status]
    assert events, f"the sample has no {status} event"
    for event in events:
        page = parse(page_of(out, f"eventi/{event.identity}/"))
        assert page.all("div", role="note"), event.identity
        assert it_label in page.text
        assert en_label in parse(page_of(out, f"en/eventi/{event.identity}/")).text
        if status == "rescheduled":
            assert "Data precedente:" in page.text
        # The organiser's listing shows the label next to the event.
        organiser_page = (page_of(out, f"organizzatori/{event.organiser}/")).read_text(encoding="utf-8")
        assert it_label in organiser_page


def test_repeat_shows_changed_and_cancelled_dates(built):
    _, out, _, _ = built
    page = parse(page_of(out, "eventi/comune-gorizia/visite-castello-gorizia/"))
    assert "Date cambiate" in page.text and "Annullato" in page.text
    assert "Non si tiene: sabato 27 marzo 2027" in page.text
    assert "Chiusura straordinaria per manutenzione" in page.text


# --------------------------------------------------------------------------- listings


def test_pages_per_category_comune_province_venue_organiser_link_their_events(built):
    _, out, catalogue, _ = built
    expected: dict[str, set] = defaultdict(set)
    urls = site_module.UrlMap(catalogue)
    for identity, event in catalogue.events.items():
        link = f"eventi/{identity}/"
        expected[f"categorie/{event.category.key}/"].add(link)
        for oid in (event.organiser, *event.co_organisers):
            expected[f"organizzatori/{oid}/"].add(link)
        if event.venue:
            venue = catalogue.venues[event.venue]
            expected[f"luoghi/{venue.id}/"].add(link)
            expected[urls.comuni[venue.comune.istat]].add(link)
            expected[urls.provinces[venue.comune.province]].add(link)
        if event.regional_support:
            expected["sostenuti-regione/"].add(link)
    for vid in catalogue.venues:
        assert page_of(out, f"luoghi/{vid}/").is_file()
    for oid in catalogue.organisers:
        assert page_of(out, f"organizzatori/{oid}/").is_file()
    kinds = {path.split("/")[0] for path in expected}
    assert kinds == {"categorie", "organizzatori", "luoghi", "comuni", "province", "sostenuti-regione"}
    for base, links in expected.items():
        found = listing_links(out, base)
        assert links <= found, (base, sorted(links - found)[:5])
        en_found = listing_links(out, localized(base, "en"))
        assert {localized(link, "en") for link in links} <= en_found, base


def test_indexes_link_every_entity(built):
    _, out, catalogue, _ = built
    venues = listing_links(out, "luoghi/")
    assert {f"luoghi/{v}/" for v in catalogue.venues} <= venues
    organisers = listing_links(out, "organizzatori/")
    assert {f"organizzatori/{o}/" for o in catalogue.organisers} <= organisers
    categories = listing_links(out, "categorie/")
    assert {f"categorie/{k}/" for k in load_vocabularies().categories} <= categories
    provinces = listing_links(out, "province/")
    assert {"province/ud/", "province/pn/", "province/go/", "province/ts/"} <= provinces


def test_providers_directory_with_a_page_per_provider_and_per_service(built):
    _, out, catalogue, _ = built
    assert catalogue.providers
    directory = listing_links(out, "fornitori/")
    vocab = load_vocabularies()
    for pid, provider in catalogue.providers.items():
        assert f"fornitori/{pid}/" in directory
        assert page_of(out, f"en/fornitori/{pid}/").is_file()
        for service in provider.services:
            assert f"fornitori/servizi/{service}/" in directory
            assert f"fornitori/{pid}/" in listing_links(out, f"fornitori/servizi/{service}/")
    for service in vocab.lists["services"]:  # every service has its page, even when empty (stable URLs)
        assert page_of(out, f"fornitori/servizi/{service}/").is_file()
    assert not (out / "theme" / "js" / "filters.js").exists()  # filtering is links, no script


def test_pagination_links(built):
    _, out, catalogue, _ = built
    upcoming = parse(page_of(out, "calendario/"))
    assert any(h.endswith("calendario/pagina/2/") for h in upcoming.hrefs())
    assert upcoming.all("a", rel="next")
    second = parse(page_of(out, "calendario/pagina/2/"))
    assert second.all("a", rel="prev") and "Pagina 2" in second.text
    assert page_of(out, "en/calendario/pagina/2/").is_file()
    pages = len(list((out / "calendario" / "pagina").iterdir())) + 1
    agenda = Agenda(catalogue, date.fromisoformat(TODAY), ZoneInfo("Europe/Rome"))
    assert pages == site_module.page_count(len(agenda.upcoming))


def test_month_view_is_an_accessible_table(built):
    _, out, _, _ = built
    page_path = "calendario/2027/01/"
    text = page_of(out, page_path).read_text(encoding="utf-8")
    page = Page(text)
    assert "<caption>Eventi di gennaio 2027</caption>" in text
    headers = page.all("th", scope="col")
    assert len(headers) == 7
    assert page.all("abbr", title="lunedì")
    links = [resolve(page_path, h) for h in page.hrefs()]
    assert "calendario/2026/12/" in links and "calendario/2027/02/" in links  # previous and next month
    assert any(link.startswith("eventi/") for link in links)  # each day lists its events, with links
    assert "calendario/2027/01/09/" in links  # and links to the day's page
    day = parse(page_of(out, "calendario/2027/01/09/"))
    assert "Eventi di sabato 9 gennaio 2027" in day.text
    assert "<caption>Events in January 2027</caption>" in page_of(out, "en/" + page_path).read_text(encoding="utf-8")


def test_home_has_today_weekend_coming_up_and_featured(built):
    _, out, catalogue, _ = built
    page = parse(out / "index.html")
    for heading in ("Oggi", "Questo fine settimana", "Prossimamente", "In evidenza: sostenuti dalla Regione"):
        assert heading in page.text
    assert "Calendario aggiornato: martedì 1 dicembre 2026." in page.text
    featured = [e for e in catalogue.events.values() if e.regional_support]
    assert any(f"eventi/{e.identity}/" in h for e in featured for h in page.hrefs())
    en = parse(out / "en" / "index.html")
    assert "Coming up" in en.text and "This weekend" in en.text
    # Upcoming items carry their end, for the script that hides what has ended since the build.
    assert any("data-end" in a for t, a in page.tags if t == "li")


def test_guides_index_groups_guides_by_topic_and_pages_exist(built):
    root, out, _, _ = built
    guides = sorted((root / "content" / "guide").glob("*.md"))
    index = page_of(out, "guide/")
    links = {resolve("guide/", h) for h in parse(index).hrefs()}
    topics = load_vocabularies().lists["guide_topics"]
    for guide in guides:
        meta = dict(line.split(": ", 1) for line in guide.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines())
        assert f"guide/{meta['Slug']}/" in links
        assert page_of(out, f"guide/{meta['Slug']}/").is_file()
        en = page_of(out, f"en/guide/{meta['Slug']}/").read_text(encoding="utf-8")
        assert '<html lang="en">' in en and 'lang="it"' in en  # English UI, Italian text marked
        assert topics[meta["Topic"]]["it"] in parse(index).text
    for slug in ("chi-siamo", "contribuisci", "accessibilita", "privacy", "dati-aperti", "calendari"):
        assert page_of(out, f"{slug}/").is_file() and page_of(out, f"en/{slug}/").is_file(), slug


def test_contribute_page_links_contributing_on_github(built):
    root, out, _, _ = built
    repo_url = read_settings(root).repository_url.rstrip("/")
    page = parse(page_of(out, "contribuisci/"))
    assert f"{repo_url}/blob/main/CONTRIBUTING.md" in page.hrefs()
    assert any(resolve("contribuisci/", h) == "guide/pubblicare-eventi-sul-calendario/" for h in page.hrefs())


def test_feeds_page_lists_the_feeds_written(built):
    _, out, _, _ = built
    page = parse(page_of(out, "calendari/"))
    ics = {resolve("calendari/", h) for h in page.hrefs() if h.endswith(".ics") and "://" not in h}
    written = {str(p.relative_to(out)) for p in (out / "feeds").rglob("*.ics")}
    assert written and ics == written
    assert "Tutta la regione" in page.text and "Per categoria" in page.text
    assert "The whole region" in parse(page_of(out, "en/calendari/")).text


# --------------------------------------------------------------------------- every page


def test_every_page_has_canonical_hreflang_and_opengraph(built, pages):
    root, _, _, _ = built
    settings = read_settings(root)
    base = site_base_url(settings.site_url, settings.uid_domain)
    assert pages
    for rel, page in pages.items():
        path = rel.removesuffix("index.html")
        html_lang = next(a.get("lang") for t, a in page.tags if t == "html")
        canonical = page.all("link", rel="canonical")
        assert len(canonical) == 1 and canonical[0]["href"] == f"{base}/{path}", rel
        alternates = {a["hreflang"]: a["href"] for a in page.all("link", rel="alternate") if "hreflang" in a}
        italian = path.removeprefix("en/")
        assert alternates == {
            "it": f"{base}/{italian}",
            "en": f"{base}/en/{italian}",
            "x-default": f"{base}/{italian}",
        }, rel
        assert html_lang == ("en" if path.startswith("en/") else "it"), rel
        og = {a["property"]: a["content"] for a in page.all("meta") if a.get("property", "").startswith("og:")}
        assert {"og:title", "og:type", "og:url", "og:description", "og:site_name", "og:locale"} <= set(og), rel
        assert og["og:url"] == f"{base}/{path}"
        # The language switch points at the other language's version, marked with its language.
        other = "it" if html_lang == "en" else "en"
        assert [a for t, a in page.tags if t == "a" and a.get("hreflang") == other and a.get("lang") == other], rel


def test_no_request_to_another_host_and_only_deferred_own_scripts(built, pages):
    root, out, _, _ = built
    settings = read_settings(root)
    host = urlsplit(site_base_url(settings.site_url, settings.uid_domain)).netloc
    for rel, page in pages.items():
        for tag, attrs in page.tags:
            for name in ("src", "href", "srcset", "data"):
                value = attrs.get(name, "")
                if tag == "a" or not value:
                    continue
                if value.startswith(("http://", "https://", "//")):
                    assert urlsplit(value).netloc == host, (rel, tag, value)
        for attrs, body in page.scripts:
            if attrs.get("type") == "application/ld+json":
                assert "</" not in body
                continue
            assert "src" in attrs and "defer" in attrs and not body.strip(), (rel, attrs)
        for tag, attrs in page.tags:
            assert not any(k.startswith("on") for k in attrs), (rel, tag)  # no inline handlers
            assert "style" not in attrs or tag == "svg", (rel, tag)
    script = out / "theme" / "js" / "cartellone.js"
    assert script.stat().st_size < 2048
    css = (out / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert ":root{" in css and "@font-face" in css and "https://" not in re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert len(css) < 150_000  # pruned: the full Bootstrap Italia is about 600 kB
    for name in sorted(css_classes()):  # classes that code puts in pages survive the pruning
        assert f".{name}" in css, name
    sprite = (out / "theme" / "svg" / "sprites.svg").read_text(encoding="utf-8")
    assert 5 < sprite.count("<symbol") < 40


def test_all_internal_links_resolve(built, pages):
    _, out, _, _ = built
    broken = []
    for rel, page in pages.items():
        here = rel.removesuffix("index.html") if rel.endswith("index.html") else rel.rsplit("/", 1)[0] + "/"
        for tag, attrs in page.tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if not value or (
                    tag == "link" and attrs.get("rel") in ("canonical", "alternate") and value.startswith("https://")
                ):
                    continue
                if value.startswith(("mailto:", "tel:", "#", "http://", "https://", "data:", "webcal://")):
                    continue
                target = resolve(here, value)
                path = out / target
                if value.split("#")[0].split("?")[0].endswith("/") or path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    broken.append((rel, value))
    assert not broken, broken[:20]
    assert len(pages) > 800


def test_untranslated_texts_are_marked_italian_on_english_pages(built):
    _, out, catalogue, _ = built
    translated = catalogue.events["fondazione-musica-adriatico/concerto-inaugurale-2027"]
    page = page_of(out, f"en/eventi/{translated.identity}/").read_text(encoding="utf-8")
    assert "<h1>Opening concert of the 2027 season</h1>" in page
    untranslated = next(e for e in catalogue.events.values() if not e.translations)
    page = page_of(out, f"en/eventi/{untranslated.identity}/").read_text(encoding="utf-8")
    assert '<div lang="it">' in page  # the description
    assert "Last update" in page and "Ultimo aggiornamento" not in page


def test_build_prints_a_summary(built):
    *_, logs = built
    assert re.search(r"Cartellone: \d+ pagine \(it\+en\), \d+ calendari iCal", logs)


# --------------------------------------------------------------------------- past events


def test_past_events_keep_their_pages(tmp_path):
    root = copy_repo(tmp_path / "repo")
    out = tmp_path / "out"
    result = build(root, out, today=LATER)
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = run_check(read_settings(root, env={"CARTELLONE_TODAY": LATER})).catalogue
    past = [e for e in catalogue.events.values() if e.occurrences[-1].start.date().isoformat() < "2027-09-01"]
    assert len(past) > 50
    for event in past:
        text = page_of(out, f"eventi/{event.identity}/").read_text(encoding="utf-8")
        assert "Evento passato" in text, event.identity
        assert "Past event" in page_of(out, f"en/eventi/{event.identity}/").read_text(encoding="utf-8")
    # Past events stay listed (under "Eventi passati") on their venue's page, and in the month views.
    event = next(e for e in past if e.venue)
    venue_links = listing_links(out, f"luoghi/{event.venue}/")
    assert f"eventi/{event.identity}/" in venue_links
    assert "Eventi passati" in page_of(out, f"luoghi/{event.venue}/").read_text(encoding="utf-8")
    first = event.occurrences[0].start
    assert page_of(out, f"calendario/{first.year:04d}/{first.month:02d}/").is_file()


# --------------------------------------------------------------------------- publishing and failures


def test_publish_build_uses_absolute_links_to_the_public_site(tmp_path):
    """publishconf.py (RELATIVE_URLS = False): every internal link is absolute, on the public host."""
    root = copy_repo(tmp_path / "repo")
    out = tmp_path / "out"
    result = pelican(
        root, out, "publishconf.py", CARTELLONE_TODAY=TODAY, CARTELLONE_SITEURL="https://cultura.example.org"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = parse(page_of(out, "eventi/comune-gorizia/visite-castello-gorizia/"))
    assert page.all("link", rel="stylesheet", href="https://cultura.example.org/theme/css/site.css")
    assert page.all(
        "link", rel="canonical", href="https://cultura.example.org/eventi/comune-gorizia/visite-castello-gorizia/"
    )
    assert "https://cultura.example.org/luoghi/castello-di-gorizia/" in page.hrefs()
    assert "\x00" not in page_of(out, "").read_text(encoding="utf-8")


def test_missing_npm_packages_stop_the_build_with_the_fix(tmp_path, monkeypatch, caplog):
    root = copy_repo(tmp_path / "repo")
    monkeypatch.setattr(theme_assets, "PACKAGE_ROOT", tmp_path / "no-packages-here")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CARTELLONE_TODAY", TODAY)
    out = tmp_path / "out"
    settings = pelican_settings(str(root / "pelicanconf.py"), override={"OUTPUT_PATH": str(out)})
    with pytest.raises(SystemExit) as stopped:
        Pelican(settings).run()
    assert stopped.value.code == 1
    assert "npm ci" in caplog.text
    assert not out.exists()


def test_venue_and_organiser_pages_show_their_details(built):
    _, out, catalogue, _ = built
    venue = catalogue.venues["teatro-verdi-pordenone"]
    page = parse(page_of(out, f"luoghi/{venue.id}/"))
    assert venue.address in page.text and "Capienza" in page.text
    assert any(h.startswith("https://www.openstreetmap.org/?mlat=") for h in page.hrefs())
    assert any(resolve(f"luoghi/{venue.id}/", h) == "comuni/pordenone/" for h in page.hrefs())
    en = page_of(out, f"en/luoghi/{venue.id}/").read_text(encoding="utf-8")
    assert "<h1>Giuseppe Verdi Municipal Theatre" in en  # the venue's own translation
    organiser = parse(page_of(out, "organizzatori/comune-udine/"))
    assert "https://www.comune.udine.it" in organiser.hrefs() and "Udine" in organiser.text


def test_venue_organiser_and_event_descriptions_are_translated_or_marked_italian(built):
    _, out, _, _ = built
    it = page_of(out, "luoghi/villa-manin-codroipo/").read_text(encoding="utf-8")
    en = page_of(out, "en/luoghi/villa-manin-codroipo/").read_text(encoding="utf-8")
    assert "ultimo doge di Venezia" in it and "last doge of Venice" not in it
    assert "last doge of Venice" in en and "ultimo doge di Venezia" not in en
    # Translated: the English text, no Italian mark. Untranslated: the Italian text, marked lang="it".
    gorizia = page_of(out, "en/organizzatori/comune-gorizia/").read_text(encoding="utf-8")
    assert "Sample organiser: demonstration data." in gorizia and '<div lang="it">' not in gorizia
    udine = page_of(out, "en/organizzatori/comune-udine/").read_text(encoding="utf-8")
    assert '<div lang="it"><p>Organizzatore di esempio: dati dimostrativi.</p>' in udine


def test_the_list_view_links_every_month(built):
    _, out, _, _ = built
    links = {resolve("calendario/", h) for h in parse(page_of(out, "calendario/")).hrefs()}
    months = {f"calendario/{p.parent.name}/{p.name}/" for p in (out / "calendario").glob("[0-9]*/[0-9]*")}
    assert months and months <= links


@pytest.mark.parametrize(("lang_prefix", "google_note"), [("", "12–24 ore"), ("en/", "12–24 hours")])
def test_feeds_page_lists_every_feed_with_https_webcal_and_google_links(built, lang_prefix, google_note):
    _, out, _, _ = built
    html = page_of(out, lang_prefix + "calendari/").read_text(encoding="utf-8")
    written = sorted(p.relative_to(out).as_posix() for p in (out / "feeds").rglob("*.ics"))
    assert written, "no feeds were written"
    assert google_note in html
    for path in written:
        https = f"https://cartellone.example.org/{path}"
        webcal = "webcal://cartellone.example.org/" + path
        google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
        assert f'<code class="cal-feed-url">{https}</code>' in html, path
        assert f'href="{webcal}"' in html, path
        assert f'href="{google}"' in html, path


def test_search_page_index_and_scripts_are_written(built, pages):
    """/cerca/ and /en/cerca/, the index (by the side process) and lunr's scripts; only the search page loads them."""
    _, out, catalogue, _ = built
    index = json.loads((out / "cerca" / "indice.json").read_text(encoding="utf-8"))
    assert len(index["docs"]) == len(catalogue.events)
    for name in ("lunr.min.js", "lunr.stemmer.support.min.js", "lunr.it.min.js", "search.js"):
        assert (out / "theme" / "js" / name).is_file(), name
    assert (out / "theme" / "css" / "search-nojs.css").is_file()
    for prefix, lang in (("", "it"), ("en/", "en")):
        page = pages[f"{prefix}cerca/index.html"]
        scripts = [a["src"].rsplit("/", 1)[-1] for a, _ in page.scripts if "src" in a]
        assert scripts == ["cartellone.js", "lunr.min.js", "lunr.stemmer.support.min.js", "lunr.it.min.js", "search.js"]
        form = page.all("form", id="search-form")[0]
        assert resolve(f"{prefix}cerca/", form["data-index"]) == "cerca/indice.json"
        assert form["data-lang"] == lang
        assert json.loads(form["data-facets"])["c"] == "comune"
        assert page.all("input", id="search-q", name="q")
        assert len(page.all("fieldset")) >= 4
        browse = {resolve(f"{prefix}cerca/", h) for h in page.hrefs()}
        for path in ("calendario/", "categorie/", "comuni/", "luoghi/"):
            assert prefix + path in browse, path
    for rel, page in pages.items():
        header_forms = page.all("form", role="search", method="get")
        if rel.startswith(("cerca/", "en/cerca/")):
            continue
        assert not [a for a, _ in page.scripts if "lunr" in a.get("src", "") or "search" in a.get("src", "")], rel
        lang_prefix = "en/" if rel.startswith("en/") else ""
        here = rel.removesuffix("index.html")
        actions = {resolve(here, f["action"]) for f in header_forms}
        assert actions == {lang_prefix + "cerca/"}, rel
