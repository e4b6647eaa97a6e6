"""Synthetic repositories for the benchmark and the tests: realistic, valid and deterministic.

``generate(root, n_events)`` writes a complete repository tree (comuni CSV, ``pelicanconf.py``,
organisers, venues and ``n_events`` event files) with the mix of docs/content-model.md:

- ~80% one-off timed events (``start: "YYYY-MM-DD HH:MM"``, ``end: "HH:MM"``), starting 10:00-21:00;
- ~8% several performances (``dates``, 2-5 of them);
- ~5% weekly repeats (4-12 weeks, with ``except`` and ``changes``);
- ~4% all-day or multi-day items (1-3 days);
- ~3% long-running items with ``opening_hours`` and ``closed``.

About max(20, n/200) organisers and max(30, n/100) venues: a quarter of the venues in the towns
(several per town), the rest going round all the comuni of the CSV, near the comune's coordinates.
Organisers get uneven shares of the events, as in life.

Venues are booked like a real calendar: each day of a venue has five time slots (10:00, 12:30, 15:00,
17:30, 20:30); an event starts at most 30 minutes into its slot and ends before the next one begins,
so events in different slots never overlap. Only about 1% of the events are deliberately put in a slot
already taken (half of those acknowledge the clash), so the venue rule has a little to report.

Everything comes from ``random.Random(seed)`` and plain string formatting: the same seed writes the
same bytes, and 100 000 files take seconds, not minutes.
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import json
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 2
MANIFEST = ".synthetic.json"

PACKAGE_DIR = Path(__file__).parent
COMUNI_CSV = Path(__file__).parents[2] / "data" / "comuni-fvg.csv"
CATEGORIES_CSV = PACKAGE_DIR / "vocab" / "categories.csv"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOTS = (600, 750, 900, 1050, 1230)  # minutes after midnight: 10:00, 12:30, 15:00, 17:30, 20:30
SLOT_WEIGHTS = (2, 1, 2, 2, 3)
SLOT_CW = list(itertools.accumulate(SLOT_WEIGHTS))
JITTERS = (0, 15, 30)
DURATIONS = (60, 75, 90, 105, 120)  # jitter + duration <= 150, the distance between slots
DOUBLE_BOOK_SHARE = 0.01
ATTEMPTS = 40

KINDS = ("single", "dates", "repeat", "allday", "long")
KIND_WEIGHTS = (80, 8, 5, 4, 3)

# Categories each schedule form favours (any other category of categories.csv may still appear).
KIND_CATEGORIES = {
    "single": (
        "concerto",
        "teatro",
        "incontro",
        "libro",
        "lettura",
        "cinema",
        "danza",
        "opera-lirica",
        "laboratorio",
        "visita-guidata",
        "dibattito",
        "seminario",
        "premiazione",
        "open-day",
        "commemorazione",
        "networking",
        "concorso",
    ),
    "dates": ("teatro", "concerto", "opera-lirica", "danza", "cinema", "visita-guidata"),
    "repeat": ("corso", "laboratorio", "cinema", "visita-guidata", "lettura", "seminario"),
    "allday": ("festival", "sagra", "fiera", "mercatino", "festa-patronale", "rievocazione", "carnevale"),
    "long": ("mostra", "apertura", "visita-guidata"),
}

TITLE_NOUNS = {
    "mostra": "Mostra",
    "concerto": "Concerto",
    "opera-lirica": "Opera",
    "teatro": "Spettacolo",
    "danza": "Danza",
    "cinema": "Rassegna di cinema",
    "festival": "Festival",
    "visita-guidata": "Visita guidata",
    "apertura": "Apertura straordinaria",
    "lettura": "Letture",
    "libro": "Presentazione del libro",
    "incontro": "Incontro",
    "laboratorio": "Laboratorio",
    "corso": "Corso",
    "seminario": "Seminario",
    "open-day": "Giornata aperta",
    "rievocazione": "Rievocazione storica",
    "sagra": "Sagra",
    "festa-patronale": "Festa patronale",
    "carnevale": "Carnevale",
    "mercatino": "Mercatino",
    "commemorazione": "Commemorazione",
    "premiazione": "Premio",
    "concorso": "Concorso",
    "dibattito": "Dibattito",
    "networking": "Incontro per operatori",
    "fiera": "Fiera",
}

THEMES = (
    "di primavera",
    "per pianoforte e voce",
    "sulle colline",
    "in villa",
    "al castello",
    "tra le vigne",
    "sul Carso",
    "in riva al Tagliamento",
    "della Bassa friulana",
    "delle Valli del Natisone",
    "in musica",
    "per famiglie",
    "d'autore",
    "a lume di candela",
    "sotto le stelle",
    "in lingua friulana",
    "dal Barocco al Novecento",
    "sul confine",
    "delle Dolomiti friulane",
    "in laguna",
    "nella città vecchia",
    "del Cinquecento",
    "jazz",
    "in piazza",
    "dei ragazzi",
    "sulla Grande Guerra",
    "dei mosaici",
    "del Collio",
    "in biblioteca",
    "della memoria",
    "al chiaro di luna",
    "dell'Isonzo",
    "dei borghi",
    "di fine stagione",
    "d'organo",
    "per archi",
    "dei cori",
    "delle storie",
    "del fiume",
    "dei mestieri",
)

SENTENCES = (
    "Un appuntamento pensato per chi vuole scoprire il territorio attraverso la musica e le parole.",
    "Il programma alterna pagine celebri e brani meno noti, presentati dagli interpreti stessi.",
    "L'ingresso è consentito fino a esaurimento dei posti; si consiglia di arrivare con un po' di anticipo.",
    "La serata è realizzata con le associazioni del paese e con il sostegno dei volontari.",
    "Al termine è previsto un momento di incontro con gli artisti e un piccolo rinfresco.",
    "Il percorso è adatto anche ai più piccoli, accompagnati da un adulto.",
    "Gli spazi sono accessibili; per esigenze particolari scrivete agli organizzatori.",
    "La proposta fa parte della stagione che da anni anima la vita culturale della zona.",
    "Una compagnia giovane porta in scena un testo contemporaneo, tra ironia e memoria.",
    "Le letture sono accompagnate da musiche dal vivo e da immagini d'archivio.",
    "Durante l'incontro si parlerà di storia locale, di lingue e di tradizioni del Friuli.",
    "In caso di maltempo l'evento si svolge al coperto, nella sala accanto.",
    "Il laboratorio è a numero chiuso: i materiali sono forniti dagli organizzatori.",
    "Curatori ed esperti guidano il pubblico tra le opere, con tempo per le domande.",
    "La rassegna propone titoli d'autore in versione originale con sottotitoli.",
    "Un'occasione per conoscere da vicino il lavoro di chi custodisce il patrimonio.",
)

SUMMARY_TAILS = (
    "un appuntamento per tutta la comunità",
    "musica, parole e immagini in una sera",
    "un percorso tra storia e tradizioni",
    "ospiti, letture e incontri con il pubblico",
    "una proposta per grandi e piccoli",
    "la stagione continua con un nuovo titolo",
)

EN_TITLES = (
    "Spring concert",
    "An evening of theatre",
    "Guided tour",
    "Open day",
    "Book presentation",
    "Workshop for families",
    "Film series",
    "Local festival",
)

AUDIENCES = (
    (("tutti",), 30),
    (("famiglie", "bambini"), 12),
    (("adulti",), 15),
    (("giovani", "adulti"), 8),
    (("ragazzi",), 5),
    (("anziani",), 4),
    (("scuole",), 3),
    (("operatori",), 3),
    (("famiglie",), 10),
    (("adulti", "anziani"), 10),
)
LANGUAGES = (
    (("it",), 70),
    (("it", "fur"), 10),
    (("it", "sl"), 6),
    (("it", "en"), 8),
    (("fur",), 2),
    (("sl",), 2),
    (("de", "it"), 2),
)
EVENT_ACCESSIBILITY = (
    (("wheelchair",), 40),
    ((), 40),
    (("wheelchair", "lis"), 8),
    (("wheelchair", "subtitles"), 6),
    (("wheelchair", "audio_description", "relaxed"), 6),
)
VENUE_KINDS = (
    "teatro",
    "auditorium",
    "museo",
    "galleria",
    "biblioteca",
    "cinema",
    "castello",
    "chiesa",
    "piazza",
    "centro-culturale",
    "sito-archeologico",
    "altro",
)
VENUE_NAMES = {
    "teatro": "Teatro comunale",
    "auditorium": "Auditorium",
    "museo": "Museo civico",
    "galleria": "Galleria d'arte",
    "biblioteca": "Biblioteca civica",
    "cinema": "Cinema",
    "castello": "Castello",
    "chiesa": "Chiesa di San Giorgio",
    "piazza": "Piazza della Libertà",
    "centro-culturale": "Centro culturale",
    "sito-archeologico": "Area archeologica",
    "altro": "Sala polifunzionale",
}
ORGANISER_KINDS = (
    "associazione",
    "comune",
    "pro-loco",
    "teatro",
    "museo",
    "biblioteca",
    "fondazione",
    "festival",
    "scuola",
    "impresa",
    "ente-pubblico",
)
ORGANISER_NAMES = {
    "associazione": "Associazione culturale",
    "comune": "Comune",
    "pro-loco": "Pro Loco",
    "teatro": "Teatro",
    "museo": "Museo",
    "biblioteca": "Biblioteca",
    "fondazione": "Fondazione",
    "festival": "Festival",
    "scuola": "Istituto comprensivo",
    "impresa": "Cooperativa culturale",
    "ente-pubblico": "Ecomuseo",
}
STREETS = (
    "Via Roma",
    "Piazza Libertà",
    "Via Garibaldi",
    "Via Mazzini",
    "Viale Venezia",
    "Via della Chiesa",
    "Piazza Unità",
    "Via Cavour",
    "Borgo San Pietro",
    "Via dei Mille",
)
# Udine, Trieste, Pordenone, Gorizia, Monfalcone, Cividale, Codroipo, Sacile, Spilimbergo, Tolmezzo,
# Gemona, Palmanova, Grado, Aquileia, Lignano Sabbiadoro.
TOWNS = (
    "030129",
    "032006",
    "093033",
    "031007",
    "031012",
    "030026",
    "030027",
    "093037",
    "093044",
    "030121",
    "030043",
    "030070",
    "031009",
    "030004",
    "030049",
)
TOWN_SHARE = 0.25
POSTAL = {"UD": "331", "PN": "331", "GO": "341", "TS": "341"}
AREA_CODES = {"UD": "0432", "PN": "0434", "GO": "0481", "TS": "040"}

EVENT_HEADER = "# yaml-language-server: $schema=../../plugins/cartellone/schemas/event.schema.json\n"
ORGANISER_HEADER = "# yaml-language-server: $schema=../plugins/cartellone/schemas/organiser.schema.json\n"
VENUE_HEADER = "# yaml-language-server: $schema=../plugins/cartellone/schemas/venue.schema.json\n"

PELICANCONF = '''"""Settings of a synthetic repository written by cartellone.synthetic (benchmark data)."""

TIMEZONE = "Europe/Rome"
SITENAME = "Cartellone (dati sintetici)"
CARTELLONE = {
    "region_name": "Friuli Venezia Giulia",
    "timezone": TIMEZONE,
    "comuni_file": "data/comuni-fvg.csv",
    "uid_domain": "bench.cartellone.example.org",
    "conflicts": {
        "venue_severity": "error",
        "comune_severity": "warning",
        "evening_from": "18:00",
        "nearby_severity": "notice",
        "nearby_km": 15,
        "same_province": True,
        "long_running_days": 7,
        "default_duration_minutes": 120,
        "suggest_days": 21,
        "suggest_count": 3,
    },
}
'''


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in ascii_text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items) -> str:
    return "[" + ", ".join(items) + "]"


def _pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def _cumulative(pairs):
    values, weights = zip(*pairs, strict=True)
    return values, list(itertools.accumulate(weights))


def _wpick(rng: random.Random, values, cum_weights):
    return values[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


@functools.cache
def _noun_slug(noun: str) -> str:
    return slugify(noun)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class _Venue:
    id: str
    name: str
    comune: dict


@dataclass
class _Organiser:
    id: str
    name: str
    comune: dict
    venues: list = field(default_factory=list)
    slugs: set = field(default_factory=set)


@dataclass
class Stats:
    """What ``generate`` wrote."""

    events: int = 0
    organisers: int = 0
    venues: int = 0
    kinds: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    double_booked: int = 0  # deliberately put in a taken slot
    acknowledged: int = 0  # of those, the ones that acknowledge the clash
    forced: int = 0  # no free slot found in ATTEMPTS tries (a crowded venue)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "events": self.events,
            "organisers": self.organisers,
            "venues": self.venues,
            "kinds": dict(self.kinds),
            "double_booked": self.double_booked,
            "acknowledged": self.acknowledged,
            "forced": self.forced,
        }


def _read_comuni(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "istat": r["istat_code"],
                "name": r["name"],
                "province": r["province_abbr"],
                "lat": float(r["latitude"]),
                "lon": float(r["longitude"]),
                "slug": slugify(r["name"]),
            }
            for r in csv.DictReader(fh)
        ]


def _read_categories() -> list[str]:
    with CATEGORIES_CSV.open(encoding="utf-8", newline="") as fh:
        return [r["slug"] for r in csv.DictReader(fh)]


class _Generator:
    def __init__(self, root: Path, n_events: int, seed: int, start: date, days: int):
        self.root = root
        self.n = n_events
        self.rng = random.Random(seed)
        self.start = start
        self.days = days
        self.comuni = _read_comuni(COMUNI_CSV)
        self.categories = _read_categories()
        known = set(self.categories)
        self.kind_categories = {k: [c for c in v if c in known] or self.categories for k, v in KIND_CATEGORIES.items()}
        self.taken: dict = {}  # (venue index, day number, slot) -> identity
        self.placed: list = []  # (venue index, day number, slot, identity) of one-off timed events
        self.stats = Stats()
        self.theme_slugs = [slugify(t) for t in THEMES]
        self.audiences, self.audience_cw = _cumulative(AUDIENCES)
        self.languages, self.languages_cw = _cumulative(LANGUAGES)
        self.access, self.access_cw = _cumulative(EVENT_ACCESSIBILITY)
        self.iso = [(start + timedelta(days=d)).isoformat() for d in range(days + 120)]
        self.events_dir = str(root / "events")

    # ---- reference files -------------------------------------------------------------------
    def write_reference(self):
        rng, root = self.rng, self.root
        (root / "data").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(COMUNI_CSV, root / "data" / "comuni-fvg.csv")
        (root / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
        for d in ("events", "organisers", "venues", "providers"):
            (root / d).mkdir(exist_ok=True)
        n_venues = max(30, self.n // 100)
        n_orgs = max(20, self.n // 200)
        order = list(self.comuni)
        rng.shuffle(order)
        towns = [c for c in self.comuni if c["istat"] in TOWNS]
        self.venues = []
        spread = 0
        for i in range(n_venues):
            # A quarter of the venues are in the towns (several per town, as in life), the rest go
            # round every comune of the Region in turn.
            if towns and rng.random() < TOWN_SHARE:
                comune = _pick(rng, towns)
            else:
                comune = order[spread % len(order)]
                spread += 1
            kind = VENUE_KINDS[rng.randrange(len(VENUE_KINDS))]
            vid = f"{kind}-{comune['slug']}-{i + 1}"
            name = f"{VENUE_NAMES[kind]} {comune['name']} {i + 1}"
            lat = comune["lat"] + rng.uniform(-0.02, 0.02)
            lon = comune["lon"] + rng.uniform(-0.02, 0.02)
            access = ("wheelchair", "accessible_toilet") if rng.random() < 0.7 else ("wheelchair",)
            text = (
                f"{VENUE_HEADER}name: {q(name)}\nkind: {kind}\n"
                f"address: {q(f'{STREETS[rng.randrange(len(STREETS))]}, {rng.randint(1, 120)}')}\n"
                f'postal_code: "{POSTAL[comune["province"]]}{rng.randint(0, 99):02d}"\n'
                f'comune: "{comune["istat"]}"\n'
                f"coordinates: {{lat: {lat:.5f}, lon: {lon:.5f}}}\n"
                f"capacity: {rng.choice((40, 80, 120, 200, 350, 600, 1200))}\n"
                f"accessibility: {_flow(access)}\n"
                f"website: https://www.{vid}.example.org\n"
            )
            (root / "venues" / f"{vid}.yaml").write_text(text, encoding="utf-8")
            self.venues.append(_Venue(vid, name, comune))
        self.organisers = []
        for j in range(n_orgs):
            kind = ORGANISER_KINDS[rng.randrange(len(ORGANISER_KINDS))]
            own = [v for v in range(j, n_venues, n_orgs)] or [rng.randrange(n_venues)]
            own.append(rng.randrange(n_venues))
            comune = self.venues[own[0]].comune
            oid = f"{kind}-{comune['slug']}-{j + 1}"
            name = f"{ORGANISER_NAMES[kind]} {comune['name']}" + (f" {j + 1}" if kind != "comune" else "")
            about = f"{name}: eventi e attività culturali a {comune['name']}."
            text = (
                f'{ORGANISER_HEADER}name: {q(name)}\nkind: {kind}\ncomune: "{comune["istat"]}"\n'
                f"website: https://www.{oid}.example.org\nemail: info@{oid}.example.org\n"
                f'phone: "+39 {AREA_CODES[comune["province"]]} {rng.randint(100000, 999999)}"\n'
                f"maintainers: [redazione-{j + 1}]\n"
                f"description: {q(about)}\n"
            )
            (root / "organisers" / f"{oid}.yaml").write_text(text, encoding="utf-8")
            (root / "events" / oid).mkdir(exist_ok=True)
            self.organisers.append(_Organiser(oid, name, comune, own))
        self.stats.venues, self.stats.organisers = n_venues, n_orgs

    # ---- booking ---------------------------------------------------------------------------
    def _day(self, n: int) -> date:
        return self.start + timedelta(days=n)

    def _slot(self) -> int:
        return _wpick(self.rng, range(len(SLOTS)), SLOT_CW)

    def _book(self, org: _Organiser, identity: str, cells_for):
        """Pick (venue, day, slot) whose cells are all free; ``cells_for(day, slot)`` lists (day, slot) cells.

        Returns (venue index, day, slot, cells, clashing identity or None).
        """
        rng = self.rng
        if self.placed and rng.random() < DOUBLE_BOOK_SHARE:
            v, day, slot, other = _pick(rng, self.placed)
            cells = cells_for(day, slot)
            if cells is not None:
                self.stats.double_booked += 1
                self._take(v, cells, identity)
                return v, day, slot, cells, other
        for attempt in range(ATTEMPTS):
            v = _pick(rng, org.venues) if attempt < ATTEMPTS // 2 else rng.randrange(len(self.venues))
            day = int(rng.random() * self.days)
            slot = self._slot()
            cells = cells_for(day, slot)
            if cells is None:
                continue
            if all((v, d, s) not in self.taken for d, s in cells):
                self._take(v, cells, identity)
                return v, day, slot, cells, None
        self.stats.forced += 1
        cells = None
        while cells is None:
            day, slot = int(rng.random() * self.days), self._slot()
            cells = cells_for(day, slot)
        self._take(v, cells, identity)
        return v, day, slot, cells, None

    def _take(self, v, cells, identity):
        for d, s in cells:
            self.taken.setdefault((v, d, s), identity)

    # ---- events ----------------------------------------------------------------------------
    def write_events(self):
        rng = self.rng
        kinds = rng.choices(KINDS, KIND_WEIGHTS, k=self.n)
        # Organisers get uneven shares, as in life: a few busy ones, many small ones (weight 1/(rank+10)).
        orgs = rng.choices(self.organisers, [1 / (k + 10) for k in range(len(self.organisers))], k=self.n)
        for i in range(self.n):
            self._event(i, kinds[i], orgs[i])
        self.stats.events = self.n

    def _event(self, i: int, kind: str, org: _Organiser):
        rng = self.rng
        cats = self.kind_categories[kind] if rng.random() < 0.9 else self.categories
        category = _pick(rng, cats)
        t = int(rng.random() * len(THEMES))
        noun = TITLE_NOUNS.get(category, category.capitalize())
        title = f"{noun} {THEMES[t]}"
        slug = f"{_noun_slug(noun)}-{self.theme_slugs[t]}"
        if slug in org.slugs:
            slug = f"{slug}-{i + 1}"
        org.slugs.add(slug)
        identity = f"{org.id}/{slug}"
        jitter = _pick(rng, JITTERS)
        duration = min(_pick(rng, DURATIONS), 150 - jitter)
        lines: list[str] = []
        other = None
        status = ""
        if kind == "single":
            v, day, slot, _, other = self._book(org, identity, lambda d, s: [(d, s)])
            begin = SLOTS[slot] + jitter
            when = self._day(day)
            lines.append(f'start: "{when.isoformat()} {_hm(begin)}"\nend: "{_hm(begin + duration)}"\n')
            if other is None:
                self.placed.append((v, day, slot, identity))
            r = rng.random()
            if r < 0.03:
                status = "sold-out"
            elif r < 0.04:
                status = "cancelled"
            elif r < 0.045:
                status = "postponed"
            elif r < 0.05 and day >= 7:
                status = "rescheduled"
                lines.append(f'previous_start: "{self.iso[day - 7]} {_hm(begin)}"\n')
        elif kind == "dates":
            count = rng.randint(2, 5)
            step = _pick(rng, (1, 1, 7))

            def cells_for(d, s, count=count, step=step):
                last = d + step * (count - 1)
                return [(d + k * step, s) for k in range(count)] if last < self.days else None

            v, day, slot, cells, other = self._book(org, identity, cells_for)
            begin = SLOTS[slot] + jitter
            lines.append("dates:\n")
            for k, (d, _) in enumerate(cells):
                extra = ", status: sold-out" if k == 0 and rng.random() < 0.15 else ""
                lines.append(f'  - {{start: "{self.iso[d]} {_hm(begin)}", end: "{_hm(begin + duration)}"{extra}}}\n')
        elif kind == "repeat":
            weeks = rng.randint(4, 12)
            second = rng.random() < 0.35
            gap = _pick(rng, (2, 3))

            def cells_for(d, s, weeks=weeks, second=second, gap=gap):
                days = []
                for w in range(weeks):
                    days.append(d + 7 * w)
                    if second and d + 7 * w + gap <= d + 7 * (weeks - 1):
                        days.append(d + 7 * w + gap)
                return [(x, s) for x in days] if days[-1] < self.days - 1 else None

            v, day, slot, cells, other = self._book(org, identity, cells_for)
            begin = SLOTS[slot] + jitter
            first = self._day(day)
            weekly = [WEEKDAYS[first.weekday()]]
            if second:
                weekly.append(WEEKDAYS[(first.weekday() + gap) % 7])
            dates = [c[0] for c in cells]
            until = self._day(dates[-1] + rng.randrange(0, 3 if not second else 1))
            lines.append(f'start: "{first.isoformat()} {_hm(begin)}"\nend: "{_hm(begin + duration)}"\n')
            lines.append(f"repeat:\n  weekly: {_flow(weekly)}\n  until: {until.isoformat()}\n")
            later = dates[1:]
            picks = rng.sample(later, min(len(later), 3))
            if rng.random() < 0.5 and picks:
                lines.append(f"  except: [{self.iso[picks.pop()]}]\n")
            changes = []
            if picks and rng.random() < 0.6:
                changes.append(f"    - {{date: {self.iso[picks.pop()]}, status: cancelled}}\n")
            if picks and rng.random() < 0.4:
                d = picks.pop()
                # Moved within its own slot (another start, a shorter evening), so it stays clear of others.
                moved = SLOTS[slot] + (30 if jitter == 0 else 0)
                changes.append(
                    f'    - {{date: {self.iso[d]}, start: "{self.iso[d]} '
                    f'{_hm(moved)}", end: "{_hm(moved + min(duration, 120))}", '
                    'note: "Orario spostato"}\n'
                )
            if changes:
                lines.append("  changes:\n")
                lines.extend(changes)
        elif kind == "allday":
            length = _pick(rng, (1, 1, 2, 3))

            def cells_for(d, s, length=length):
                if d + length > self.days:
                    return None
                return [(d + k, x) for k in range(length) for x in range(len(SLOTS))]

            v, day, slot, cells, other = self._book(org, identity, cells_for)
            lines.append(f"start: {self.iso[day]}\n")
            if length > 1:
                lines.append(f"end: {self.iso[day + length - 1]}\n")
        else:  # long-running: takes no part in conflicts, no slot needed
            v = _pick(rng, org.venues)
            day = rng.randrange(max(1, self.days - 30))
            span = rng.randint(20, 90)
            first, last = self._day(day), self._day(day + span)
            closed = sorted({self.iso[day + rng.randrange(1, span)] for _ in range(rng.randint(0, 2))})
            lines.append(
                f"start: {first.isoformat()}\nend: {last.isoformat()}\nopening_hours:\n"
                '  - {days: [tue, wed, thu, fri], from: "10:00", to: "18:00"}\n'
                '  - {days: [sat, sun], from: "10:00", to: "20:00"}\n'
            )
            if closed:
                lines.append(f"closed: {_flow(closed)}\n")
        self.stats.kinds[kind] += 1
        self._write(i, org, slug, title, category, self.venues[v], lines, status, other, kind)

    def _write(self, i, org, slug, title, category, venue, schedule_lines, status, other, kind):
        rng = self.rng
        comune = venue.comune["name"]
        tail = _pick(rng, SUMMARY_TAILS)
        s1, s2, s3 = rng.sample(SENTENCES, 3)
        url = f"https://www.{org.id}.example.org/eventi/{slug}"
        parts = [
            EVENT_HEADER,
            f"title: {q(title)}\n",
            f"summary: {q(f'{title} a {comune}: {tail}.')}\n",
            f"category: {category}\n",
            f"venue: {venue.id}\n",
        ]
        if rng.random() < 0.03:
            parts.append(f"online: https://stream.example.org/{org.id}/{slug}\n")
        parts.extend(schedule_lines)
        if status:
            parts.append(f"status: {status}\n")
        if rng.random() < 0.45:
            parts.append("price: {free: true}\n")
        else:
            low = _pick(rng, (5, 8, 10, 12, 15, 20))
            parts.append(
                f"price: {{free: false, from: {low}, to: {low + _pick(rng, (0, 5, 10, 15))}, "
                f"tickets: {url}/biglietti}}\n"
            )
        parts.append(f"booking: {_pick(rng, ('none', 'recommended', 'recommended', 'required'))}\n")
        audience = _wpick(rng, self.audiences, self.audience_cw)
        parts.append(f"audience: {_flow(audience)}\n")
        if "bambini" in audience and rng.random() < 0.5:
            parts.append(f"age_min: {_pick(rng, (3, 4, 6, 8))}\n")
        parts.append(f"languages: {_flow(_wpick(rng, self.languages, self.languages_cw))}\n")
        access = _wpick(rng, self.access, self.access_cw)
        if access:
            parts.append(f"accessibility: {_flow(access)}\n")
        if rng.random() < 0.2:
            parts.append("regional_support: true\nfunding_reference: L.R. 16/2014\n")
        parts.append(f"contacts: {{email: info@{org.id}.example.org, website: {url}}}\n")
        parts.append(
            f"description: |\n  {s1} {s2}\n\n"
            f"  - **Dove**: {venue.name}, {comune}\n"
            f"  - **Organizza**: {org.name}\n\n"
            f"  {s3} Programma completo sul [sito degli organizzatori]({url}).\n"
        )
        if rng.random() < 0.25:
            en = _pick(rng, EN_TITLES)
            parts.append(f"translations:\n  en: {{title: {q(en)}, summary: {q(f'{en} in {comune}.')}}}\n")
        if other is not None and other != f"{org.id}/{slug}" and rng.random() < 0.5:
            self.stats.acknowledged += 1
            parts.append(
                f'acknowledge:\n  - {{event: {other}, reason: "Stessa sala, orari concordati con il gestore"}}\n'
            )
        path = f"{self.events_dir}/{org.id}/{slug}.yaml"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(parts))


def generate(root: Path, n_events: int, seed: int = 1, start: date = date(2027, 1, 1), days: int = 180) -> Stats:
    """Write a synthetic repository with ``n_events`` events into ``root``; the same seed writes the same files."""
    import time

    t0 = time.perf_counter()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    gen = _Generator(root, n_events, seed, start, days)
    gen.write_reference()
    gen.write_events()
    gen.stats.seconds = time.perf_counter() - t0
    manifest = {
        "version": GENERATOR_VERSION,
        "n_events": n_events,
        "seed": seed,
        "start": start.isoformat(),
        "days": days,
        "stats": gen.stats.as_dict(),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return gen.stats


def manifest_matches(root: Path, n_events: int, seed: int = 1, start: date = date(2027, 1, 1), days: int = 180) -> bool:
    """True when ``root`` holds a complete repository written by ``generate`` with these arguments."""
    try:
        data = json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        data.get("version") == GENERATOR_VERSION
        and data.get("n_events") == n_events
        and data.get("seed") == seed
        and data.get("start") == start.isoformat()
        and data.get("days") == days
    )


if __name__ == "__main__":  # pragma: no cover - python -m cartellone.synthetic DIR N
    import sys

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    print(generate(target, count).as_dict(), file=sys.stderr)
