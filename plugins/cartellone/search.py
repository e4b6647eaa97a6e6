"""Site search: a lunr index of the events and a compact store of what a result shows and filters on.

Written once per build to ``cerca/indice.json`` by the side process that writes the feeds and the
open data (``exports.write_side_outputs``), never on the page-rendering path. The search page
(``pages_search``, ``theme/templates/search.html``) loads it with lunr.js and lunr-languages' Italian
support, copied from ``node_modules`` (``theme_assets``), and ``theme/static/js/search.js``.

The index is lunr's, serialised by ``lunrindex.serialized_index`` (what the Python ``lunr`` package's
``Builder`` writes, without its cost; the tests compare the two). The query pipeline is NOT
``lunr(languages="it")``'s: that path downloads NLTK data, which fails offline. Instead the Italian
pipeline is put together here from functions registered with Python lunr under the labels the browser
knows (``lunr.Index.load`` looks each one up):

=========================  ===================================================================
``trimmer-it``             lunr-languages' trimmer, with lunr-languages' word characters
``cartellone-fold``        ours, both sides: accents off (NFD, combining marks U+0300-U+036F
                           dropped), lower case, and a word split at apostrophes
                           (``dell'arte`` -> ``dell``, ``arte``)
``cartellone-stopwords-it`` ours, both sides: lunr-languages' Italian stop words, folded like the
                           tokens; the list travels in the index file, so the browser filters with
                           the very same words
``stemmer-it``             Snowball Italian: ``snowballstemmer`` here, lunr-languages in the
                           browser (same algorithm; ``tests/test_search.py`` compares them in node)
=========================  ===================================================================

The same four steps run on the text indexed and on the words searched, so "citta" finds "Città".
Index fields are few and short (the title boosted, the summary, and one field with the category,
venue, comune and organiser), and no term positions are kept: the file is what a phone downloads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .agenda import last_day
from .gcpause import gc_paused
from .i18n import LANGS
from .lunrindex import serialized_index
from .views import STATUS_CLASS, translated

INDEX_PATH = "cerca/indice.json"
FORMAT = 1  # bumped when the file's layout changes (search.js checks it)

TRIMMER = "trimmer-it"
FOLD = "cartellone-fold"
STOP_WORDS = "cartellone-stopwords-it"
STEMMER = "stemmer-it"
PIPELINE = (TRIMMER, FOLD, STOP_WORDS, STEMMER)

# (field, boost): what a query is matched against. Few fields: each one adds a vector per event and a posting list per term to the file.
# "tags" holds the category, venue, comune and organiser names.
FIELDS = (("title", 10), ("summary", 1), ("tags", 3))

_COMBINING = re.compile("[\u0300-\u036f]")
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc`\u00b4]+")
# From lunr-languages 1.22.0, lunr.it.js (``lunr.it.wordCharacters``, as written there, and the list given
# to ``lunr.it.stopWordFilter``); tests/test_search.py checks them against node_modules.
WORD_CHARACTERS = r"A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1D00-\u1D25\u1D2C-\u1D5C\u1D62-\u1D65\u1D6B-\u1D77\u1D79-\u1DBE\u1E00-\u1EFF\u2071\u207F\u2090-\u209C\u212A\u212B\u2132\u214E\u2160-\u2188\u2C60-\u2C7F\uA722-\uA787\uA78B-\uA7AD\uA7B0-\uA7B7\uA7F7-\uA7FF\uAB30-\uAB5A\uAB5C-\uAB64\uFB00-\uFB06\uFF21-\uFF3A\uFF41-\uFF5A"
LUNR_IT_STOP_WORDS = """
a abbia abbiamo abbiano abbiate ad agl agli ai al all alla alle allo anche avemmo avendo avesse avessero avessi avessimo aveste avesti avete aveva avevamo avevano avevate avevi avevo avrai avranno avrebbe avrebbero avrei avremmo avremo avreste avresti avrete avrà avrò avuta avute avuti avuto c che chi ci coi col come con contro cui da dagl dagli dai dal dall dalla dalle dallo degl degli dei del dell della delle dello di dov dove e ebbe ebbero ebbi ed era erano eravamo eravate eri ero essendo faccia facciamo facciano facciate faccio facemmo facendo facesse facessero facessi facessimo faceste facesti faceva facevamo facevano facevate facevi facevo fai fanno farai faranno farebbe farebbero farei faremmo faremo fareste faresti farete farà farò fece fecero feci fosse fossero fossi fossimo foste fosti fu fui fummo furono gli ha hai hanno ho i il in io l la le lei li lo loro lui ma mi mia mie miei mio ne negl negli nei nel nell nella nelle nello noi non nostra nostre nostri nostro o per perché più quale quanta quante quanti quanto quella quelle quelli quello questa queste questi questo sarai saranno sarebbe sarebbero sarei saremmo saremo sareste saresti sarete sarà sarò se sei si sia siamo siano siate siete sono sta stai stando stanno starai staranno starebbe starebbero starei staremmo staremo stareste staresti starete starà starò stava stavamo stavano stavate stavi stavo stemmo stesse stessero stessi stessimo steste stesti stette stettero stetti stia stiamo stiano stiate sto su sua sue sugl sugli sui sul sull sulla sulle sullo suo suoi ti tra tu tua tue tuo tuoi tutti tutto un una uno vi voi vostra vostre vostri vostro è
"""


# --------------------------------------------------------------------------- the pipeline


def fold(text: str) -> str:
    """Lower case, without accents: 'Città' -> 'citta' (search.js does the same)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.lower()))


def fold_words(text: str) -> list[str]:
    """``fold`` and split at apostrophes (Italian elision): "Dell'Arte" -> ['dell', 'arte']."""
    return [part for part in _APOSTROPHES.split(fold(text)) if part]


@lru_cache(maxsize=1)
def stop_words() -> tuple[str, ...]:
    """lunr-languages' Italian stop words, folded and without repeats, in their order."""
    return tuple(dict.fromkeys(w for word in LUNR_IT_STOP_WORDS.split() for w in fold_words(word)))


@lru_cache(maxsize=1)
def _stop_word_set() -> frozenset[str]:
    return frozenset(stop_words())


@lru_cache(maxsize=1)
def _trim_patterns() -> tuple[re.Pattern, re.Pattern]:
    allowed = WORD_CHARACTERS + "0-9"  # as lunr.trimmerSupport.generateTrimmer; re reads the \x and \u escapes
    return re.compile(f"^[^{allowed}]+"), re.compile(f"[^{allowed}]+$")


def trim(word: str) -> str:
    """lunr-languages' Italian trimmer: characters other than letters and digits off both ends."""
    start, end = _trim_patterns()
    return end.sub("", start.sub("", word))


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # pure Python, offline

    return snowballstemmer.stemmer("italian")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball Italian, as lunr-languages' ``lunr.it.stemmer``."""
    return _stemmer().stemWord(word)


_SEPARATOR = re.compile(r"[\s\-]+")  # lunr.tokenizer.separator


@lru_cache(maxsize=131072)
def analyse_word(word: str) -> tuple[str, ...]:
    """The pipeline on one word of the tokenizer: the terms it leaves (none for a stop word)."""
    word = trim(word)
    stops = _stop_word_set()
    return tuple(stem(part) for part in fold_words(word) if part not in stops) if word else ()


def analyse(text: str) -> list[str]:
    """The terms the index holds for ``text``: lunr's tokenizer (lower case, split at spaces and
    hyphens), then the pipeline, word by word and memoised (the build's hot loop)."""
    return [term for word in _SEPARATOR.split(text.lower()) if word for term in analyse_word(word)]


@lru_cache(maxsize=1)
def register_pipeline():
    """The four pipeline functions, registered (once) with Python lunr under the browser's labels."""
    from lunr.pipeline import Pipeline
    from lunr.token import Token

    stops = _stop_word_set()

    def trimmer_it(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: trim(s))

    def cartellone_fold(token, i=None, tokens=None):
        parts = fold_words(str(token))
        if len(parts) == 1:
            return token.update(lambda s, metadata=None: parts[0])
        return [Token(part, dict(token.metadata)) for part in parts]

    def stop_word_filter(token, i=None, tokens=None):
        word = str(token)
        return token if word and word not in stops else None

    def stemmer_it(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: stem(s))

    functions = (trimmer_it, cartellone_fold, stop_word_filter, stemmer_it)
    for fn, label in zip(functions, PIPELINE, strict=True):
        Pipeline.register_function(fn, label)
    return functions


# --------------------------------------------------------------------------- documents and facets

# Facets: key in the documents -> name of its parameter in the search page's URL (and form).
FACETS = {"k": "categoria", "c": "comune", "g": "gratuito", "p": "pubblico", "x": "accessibilita", "L": "lingua"}


def _english(obj, name: str) -> str:
    """``obj``'s English ``name``, when it has one that differs from the Italian text."""
    value, value_lang = translated(obj, name, "en")
    return value if value_lang == "en" and value != getattr(obj, name) else ""


def event_facets(event, venue) -> dict:
    """One event's facet values: category, comune, free (1/0), audiences, accessibility, languages.

    Accessibility is the event's and its venue's together: a reader who needs step-free access asks
    it of the place as much as of the event."""
    accessibility = list(event.accessibility)
    if venue is not None:
        accessibility += [k for k in venue.accessibility if k not in accessibility]
    return {
        "k": event.category.key,
        "c": venue.comune.istat if venue is not None else "",
        "g": 1 if event.price is not None and event.price.free else 0,
        "p": list(event.audience),
        "x": accessibility,
        "L": list(event.languages),
    }


@dataclass
class Documents:
    """What lunr indexes (``indexed``) and what a result shows and filters on (``shown``), one of each per
    event in listing order (the position is the lunr ref); the venues and comuni ``shown`` points to."""

    indexed: list[dict]
    shown: list[dict]
    venues: list[list[str]]  # [name, English name or ""]
    comuni: dict[str, str]  # ISTAT code -> name
    categories: dict[str, list[str]]  # key -> [Italian label, English label]


def documents(data) -> Documents:
    catalogue, agenda, vocab = data.catalogue, data.agenda, data.vocab
    indexed, shown, comuni, categories = [], [], {}, {}
    venue_number: dict[str, int] = {}
    for n, listed in enumerate(agenda.ordered):
        event = catalogue.events[listed.identity]
        venue = catalogue.venues.get(event.venue) if event.venue else None
        organiser = catalogue.organisers.get(event.organiser)
        title_en = _english(event, "title")
        category = event.category
        categories[category.key] = [category.label_it, category.label_en]
        tags = [category.label_it, category.label_en if category.label_en != category.label_it else ""]
        if venue is not None:
            tags += [venue.name, _english(venue, "name"), venue.comune.name]
        if organiser is not None:
            tags.append(organiser.name)
        indexed.append(
            {
                "id": str(n),
                "title": f"{event.title} {title_en}",
                "summary": f"{event.summary} {_english(event, 'summary')}",
                "tags": " ".join(tags),
            }
        )
        occ = agenda.times[event.identity].next
        doc = {
            "u": event.identity,
            "t": event.title,
            "n": occ.start.date().isoformat() if occ.all_day else occ.start.isoformat(timespec="minutes"),
            "f": event.occurrences[0].start.date().isoformat(),
            "l": last_day(event.occurrences[-1]).isoformat(),
        }
        if title_en:
            doc["te"] = title_en
        if event.kind in ("dates", "repeat") and len(event.occurrences) > 1:
            doc["m"] = len(event.occurrences) - 1
        if venue is not None:
            comuni[venue.comune.istat] = venue.comune.name
            doc["v"] = venue_number.setdefault(venue.id, len(venue_number))
        elif event.online:
            doc["o"] = 1
        if event.status != "scheduled":  # [Italian label, English label, CSS classes of the badge]
            labels = [vocab.label("statuses", event.status, lang) for lang in LANGS]
            doc["s"] = [*labels, STATUS_CLASS.get(event.status, "badge bg-secondary")]
        doc.update({k: v for k, v in event_facets(event, venue).items() if v})
        shown.append(doc)
    venues = [[catalogue.venues[vid].name, _english(catalogue.venues[vid], "name")] for vid in venue_number]
    return Documents(indexed, shown, venues, dict(sorted(comuni.items())), dict(sorted(categories.items())))


def facet_options(data, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Each facet's choices that some event has, as (value, label), for the search page's form:
    audiences and accessibility in the vocabulary's order, the others by label."""
    catalogue, vocab = data.catalogue, data.vocab
    seen: dict[str, dict[str, str]] = {"k": {}, "c": {}, "p": {}, "x": {}, "L": {}}
    lists = {"p": "audiences", "x": "accessibility", "L": "languages"}
    for event in catalogue.events.values():
        venue = catalogue.venues.get(event.venue) if event.venue else None
        facets = event_facets(event, venue)
        seen["k"][facets["k"]] = event.category.label(lang)
        if venue is not None:
            seen["c"][facets["c"]] = venue.comune.name
        for facet, list_name in lists.items():
            for key in facets[facet]:
                seen[facet][key] = vocab.label(list_name, key, lang)
    out = {}
    for facet, choices in seen.items():
        if facet in ("p", "x"):
            order = list(vocab.lists[lists[facet]])
            out[facet] = sorted(
                choices.items(), key=lambda kv, order=order: order.index(kv[0]) if kv[0] in order else 99
            )
        else:
            out[facet] = sorted(choices.items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    return out


# --------------------------------------------------------------------------- the file


def lunr_index(indexed: list[dict]) -> dict:
    """The serialised lunr index of the ``indexed`` documents: ``FIELDS`` analysed by ``analyse`` (the
    pipeline's four steps, memoised per word), the Italian pipeline named for queries."""
    pipeline = [fn.label for fn in register_pipeline()]
    terms: dict[str, list[str]] = {}  # texts repeat: a venue's tags, the titles of a series

    def analysed(text: str) -> list[str]:
        found = terms.get(text)
        if found is None:
            found = terms[text] = analyse(text)
        return found

    documents = ((doc["id"], [analysed(doc[name]) for name, _ in FIELDS]) for doc in indexed)
    return serialized_index(FIELDS, documents, pipeline)


def build_index(data) -> dict:
    """The search file: its format, the stop words, the lunr index, the documents, and the venues, comuni
    and categories they refer to."""
    docs = documents(data)
    return {
        "format": FORMAT,
        "stopWords": list(stop_words()),
        "index": lunr_index(docs.indexed),
        "docs": docs.shown,
        "venues": docs.venues,
        "comuni": docs.comuni,
        "categories": docs.categories,
    }


def search_index_json(data) -> bytes:
    """``build_index`` as compact UTF-8 JSON, for ``INDEX_PATH``. The index's many small dicts and lists
    make no reference cycles: the cyclic collector is paused meanwhile (about a fifth of the time)."""
    with gc_paused():
        return json.dumps(build_index(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
