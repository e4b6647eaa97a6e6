"""The search index (search.py): what it holds, its facets, and that the browser analyses words exactly
as the build does (the same stems, the same folding, the same stop words), checked by running lunr.js,
lunr-languages and theme/static/js/search.js in node (tests/js/search_pipeline.cjs).

Node tests skip when node or node_modules is missing, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys

import pytest
from cartellone import search
from cartellone.agenda import Agenda
from cartellone.lunrindex import serialized_index
from cartellone.pipeline import run_check
from cartellone.settings import read_settings
from cartellone.urls import UrlMap
from cartellone.views import SiteData
from cartellone.vocabulary import load_vocabularies
from helpers import REPO_ROOT

TODAY = "2026-12-01"
NODE_SCRIPT = REPO_ROOT / "tests" / "js" / "search_pipeline.cjs"
LUNR_IT = REPO_ROOT / "node_modules" / "lunr-languages" / "lunr.it.js"
pytestmark = pytest.mark.sample

PREMIO = "comune-pordenone/premio-citta-2027"  # "Premio Città di Pordenone ...", free, for "operatori"

# Italian words the stemmers must agree on: accents, plurals, feminine forms, verbs (infinitive,
# gerund, past, future, with attached pronouns), adverbs, suffixes of every Snowball step.
WORDS = [
    "città",
    "cittadini",
    "cittadinanza",
    "università",
    "perché",
    "più",
    "caffè",
    "virtù",
    "gioventù",
    "felicità",
    "qualità",
    "attività",
    "identità",
    "libertà",
    "comunità",
    "età",
    "metà",
    "così",
    "già",
    "però",
    "perciò",
    "lunedì",
    "martedì",
    "venerdì",
    "giovedì",
    "tournée",
    "matinée",
    "Doberdò",
    "àncora",
    "ancóra",
    "Ávila",
    "Exupéry",
    "concerto",
    "concerti",
    "concertistico",
    "concertistiche",
    "teatro",
    "teatri",
    "teatrale",
    "teatrali",
    "spettacolo",
    "spettacoli",
    "mostra",
    "mostre",
    "esposizione",
    "esposizioni",
    "musica",
    "musiche",
    "musicale",
    "musicali",
    "musicista",
    "musicisti",
    "biblioteca",
    "biblioteche",
    "libro",
    "libri",
    "bambino",
    "bambini",
    "bambina",
    "bambine",
    "famiglia",
    "famiglie",
    "visita",
    "visite",
    "visitare",
    "visitando",
    "visitato",
    "visitata",
    "visitarono",
    "visiteremo",
    "guidata",
    "guidate",
    "guidati",
    "abbandonare",
    "abbandonata",
    "abbandonate",
    "abbandonati",
    "abbandonato",
    "abbandonava",
    "abbandonavano",
    "abbandonerà",
    "abbandonò",
    "cantando",
    "cantare",
    "cantarono",
    "cantavano",
    "canterebbero",
    "mangiarlo",
    "mangiandogliela",
    "parlandone",
    "andarsene",
    "vederla",
    "dimmelo",
    "presentazione",
    "presentazioni",
    "organizzazione",
    "organizzatori",
    "organizzatrice",
    "creatività",
    "creativamente",
    "storicamente",
    "amichevolmente",
    "velocissimo",
    "bellissime",
    "laboratorio",
    "laboratori",
    "rassegna",
    "rassegne",
    "conferenza",
    "conferenze",
    "incontro",
    "incontri",
    "artista",
    "artisti",
    "artistiche",
    "arte",
    "arti",
    "festival",
    "festivale",
    "natale",
    "natalizio",
    "natalizi",
    "quadri",
    "quaderni",
    "acquerello",
    "chiesa",
    "chiese",
    "luogo",
    "luoghi",
    "antico",
    "antichi",
    "antiche",
    "archeologico",
    "archeologiche",
    "giornata",
    "giornate",
    "serata",
    "serate",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def node_problem() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not LUNR_IT.is_file() or not (REPO_ROOT / "node_modules" / "lunr" / "lunr.min.js").is_file():
        return "node_modules/lunr or lunr-languages is missing (run npm ci)"
    return None


def node(request: dict) -> dict:
    """The answer of tests/js/search_pipeline.cjs to ``request``."""
    problem = node_problem()
    if problem:
        if in_ci():
            pytest.fail(f"{problem} (CI=true: the search parity tests must run)", pytrace=False)
        pytest.skip(problem)
    proc = subprocess.run(
        ["node", str(NODE_SCRIPT)], input=json.dumps(request), capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def sample():
    """The sample repository's SiteData, as a build has it (today = 2026-12-01)."""
    settings = read_settings(REPO_ROOT, env={"CARTELLONE_TODAY": TODAY})
    catalogue = run_check(settings).catalogue
    agenda = Agenda(catalogue, settings.today, settings.tz, settings.conflicts.default_duration_minutes)
    return SiteData(catalogue, agenda, UrlMap(catalogue), load_vocabularies(), settings, "https://example.org")


@pytest.fixture(scope="module")
def built(sample):
    return search.build_index(sample)


@pytest.fixture(scope="module")
def index_file(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "indice.json"
    path.write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
    return path


def doc_of(built, identity: str) -> dict:
    return next(d for d in built["docs"] if d["u"] == identity)


def sample_words(catalogue) -> list[str]:
    """Every distinct word of the sample's titles, summaries and descriptions, lower case."""
    words: set[str] = set()
    for event in catalogue.events.values():
        for text in (event.title, event.summary, event.description or ""):
            for word in re.split(r"[\s\-]+", text.lower()):
                for part in re.split(r"['’]", search.trim(word)):
                    if part:
                        words.add(part)
    return sorted(words)


# --------------------------------------------------------------------------- the index


def test_index_holds_every_sample_event_in_listing_order(sample, built):
    assert built["format"] == search.FORMAT
    assert [d["u"] for d in built["docs"]] == [m.identity for m in sample.agenda.ordered]
    assert len(built["docs"]) == len(sample.catalogue.events) > 100
    index = built["index"]
    assert index["pipeline"] == list(search.PIPELINE)
    assert index["fields"] == [name for name, _ in search.FIELDS]
    refs = {ref.split("/", 1)[1] for ref, _ in index["fieldVectors"]}
    assert refs == {str(n) for n in range(len(built["docs"]))}
    # No metadata (term positions) is kept: every posting is an empty object.
    assert all(
        meta == {}
        for _, posting in index["invertedIndex"]
        for f, docs in posting.items()
        if f != "_index"
        for meta in docs.values()
    )


def test_python_lunr_finds_sample_events_through_the_italian_pipeline(built):
    from lunr.index import Index

    index = Index.load(built["index"])
    docs = built["docs"]

    def found(query: str) -> list[str]:
        return [docs[int(hit["ref"])]["u"] for hit in index.search(query)]

    assert PREMIO in found("Città")
    assert PREMIO in found("citta")  # accent-insensitive
    assert found("citta") == found("CITTÀ")
    exhibitions = found("mostre")  # the plural finds the singular
    assert any("mostra" in doc_of(built, u)["t"].lower() for u in exhibitions)


def test_facet_values_of_a_known_event(sample, built):
    doc = doc_of(built, PREMIO)
    event = sample.catalogue.events[PREMIO]
    venue = sample.catalogue.venues[event.venue]
    assert doc["t"] == event.title
    assert doc["f"] == doc["l"] == "2027-04-17"
    assert doc["n"] == "2027-04-17T18:00+02:00"
    assert doc["k"] == "premiazione"
    assert doc["c"] == venue.comune.istat and built["comuni"][doc["c"]] == "Pordenone"
    assert built["venues"][doc["v"]][0] == venue.name
    assert doc["g"] == 1
    assert doc["p"] == ["operatori"]
    assert doc["L"] == ["it"]
    assert "wheelchair" in doc["x"]
    assert set(venue.accessibility) <= set(doc["x"])  # the venue's features count for its events
    assert built["categories"]["premiazione"] == [event.category.label_it, event.category.label_en]


def test_facet_values_of_every_event_match_the_catalogue(sample, built):
    catalogue = sample.catalogue
    for doc in built["docs"]:
        event = catalogue.events[doc["u"]]
        assert doc.get("g", 0) == (1 if event.price and event.price.free else 0), doc["u"]
        assert doc.get("p", []) == list(event.audience)
        assert doc.get("L", []) == list(event.languages)
        assert set(event.accessibility) <= set(doc.get("x", []))
        assert doc["f"] <= doc["l"]
        if event.status != "scheduled":
            assert len(doc["s"]) == 3
        if event.venue:
            assert doc["c"] == catalogue.venues[event.venue].comune.istat
        else:
            assert "c" not in doc and "v" not in doc


def test_past_and_multi_date_events(sample, built):
    days = [d for d in built["docs"] if "m" in d]
    assert days, "the sample has events with several dates"
    for doc in days:
        assert doc["m"] == len(sample.catalogue.events[doc["u"]].occurrences) - 1
    spans = [d for d in built["docs"] if len(d["n"]) == 10 and d["f"] < d["l"]]
    assert spans, "the sample has exhibitions spanning days"


def test_facet_options_offer_only_values_some_event_has(sample):
    it = search.facet_options(sample, "it")
    en = search.facet_options(sample, "en")
    assert set(it) == {"k", "c", "p", "x", "L"}
    categories = {e.category.key for e in sample.catalogue.events.values()}
    assert {value for value, _ in it["k"]} == categories
    assert dict(it["p"])["operatori"] == "Operatori culturali"
    assert dict(en["p"])["operatori"] == "Cultural professionals"
    assert [v for v, _ in it["p"]] == [k for k in sample.vocab.lists["audiences"] if k in dict(it["p"])]
    assert dict(it["c"])["093033"] == "Pordenone"
    labels = [label for _, label in it["c"]]
    assert labels == sorted(labels, key=str.casefold)


def test_index_file_is_compact_json(sample):
    raw = search.search_index_json(sample)
    assert raw.startswith(b'{"format":1,')
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()
    assert "Città".encode() in raw  # UTF-8, not \\u escapes


def lunr_builder(fields=search.FIELDS):
    """Python lunr's own ``Builder`` for ``fields``, with the query pipeline: the reference for ours."""
    from lunr.builder import Builder

    b = Builder()
    b.search_pipeline.add(*search.register_pipeline())
    for name, boost in fields:
        b.field(name, boost=boost)
    return b


def lunr_builder_index(indexed: list[dict]) -> dict:
    """``search.lunr_index`` as Python lunr's ``Builder`` makes it."""
    b = lunr_builder()
    for doc in indexed:
        b.add({name: search.analyse(value) if name != "id" else value for name, value in doc.items()})
    return b.build().serialize()


def same_json(ours: dict, lunrs: dict) -> bool:
    """Equal as the file holds them: the same keys and values in the same order, the same digits."""
    return json.dumps(ours, ensure_ascii=False) == json.dumps(lunrs, ensure_ascii=False)


def test_own_index_builder_is_lunrs_on_the_sample(sample):
    indexed = search.documents(sample).indexed
    assert same_json(search.lunr_index(indexed), lunr_builder_index(indexed))


def test_own_index_builder_is_lunrs_on_a_synthetic_repository(tmp_path):
    from cartellone.repository import load_repository
    from cartellone.synthetic import generate

    generate(tmp_path / "repo", 3000, seed=7)
    settings = read_settings(tmp_path / "repo", env={"CARTELLONE_TODAY": "2027-03-01"})
    catalogue = load_repository(settings, workers=1).catalogue
    agenda = Agenda(catalogue, settings.today, settings.tz, settings.conflicts.default_duration_minutes)
    data = SiteData(catalogue, agenda, UrlMap(catalogue), load_vocabularies(), settings, "https://example.org")
    indexed = search.documents(data).indexed
    assert len(indexed) == 3000
    assert same_json(search.lunr_index(indexed), lunr_builder_index(indexed))


def test_own_index_builder_is_lunrs_on_awkward_term_lists():
    """Upper case (lower-cased, as lunr's tokenizer does), repeats, empty fields, a term in every field."""
    fields = (("a", 10), ("b", 1), ("c", 3))
    documents = [
        ("x", [["Città", "città", "CITTÀ", ""], [], ["zeta", "alfa", "zeta", "zeta"]]),
        ("7", [["alfa"], ["alfa", "beta", "alfa"], ["alfa"]]),
        ("y/z", [[], [], []]),
        ("0", [["beta"] * 12, ["gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"], ["kappa"]]),
    ]
    b = lunr_builder(fields)
    for ref, terms in documents:
        b.add({"id": ref, **{name: t for (name, _), t in zip(fields, terms, strict=True)}})
    ours = serialized_index(fields, documents, list(search.PIPELINE))
    assert same_json(ours, b.build().serialize())
    terms = [term for term, _ in ours["invertedIndex"]]
    assert "città" in terms and "Città" not in terms


def test_build_needs_no_network_and_no_nltk(sample, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access during the search index build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setitem(sys.modules, "nltk", None)  # importing it now raises ImportError
    search.register_pipeline.cache_clear()
    search.analyse_word.cache_clear()
    search.stem.cache_clear()
    content = search.build_index(sample)
    assert len(content["docs"]) == len(sample.catalogue.events)
    assert search.stem("concerto") == "concert"


# --------------------------------------------------------------------------- the pipeline, in Python


def test_fold_drops_accents_and_splits_elisions():
    assert search.fold("Città") == "citta"
    assert search.fold("PERCHÉ Doberdò") == "perche doberdo"
    assert search.fold_words("Dell'Arte") == ["dell", "arte"]
    assert search.fold_words("l’orchestra") == ["l", "orchestra"]
    assert search.fold_words("'") == []
    assert search.analyse("Città") == search.analyse("citta") == search.analyse("CITTÀ") == ["citt"]
    assert search.analyse("dell'Arte") == search.analyse("arte")
    assert search.analyse("il perche della musica") == search.analyse("musica")  # stop words, accents off


def test_stop_words_and_word_characters_are_lunr_languages_own():
    source = LUNR_IT.read_text(encoding="utf-8") if LUNR_IT.is_file() else None
    if source is None:
        if in_ci():
            pytest.fail("node_modules/lunr-languages is missing", pytrace=False)
        pytest.skip("node_modules/lunr-languages is missing (run npm ci)")
    characters = re.search(r'lunr\.it\.wordCharacters\s*=\s*"([^"]*)"', source).group(1)
    words = re.search(r"lunr\.it\.stopWordFilter\s*=\s*lunr\.generateStopWordFilter\('([^']*)'", source).group(1)
    assert characters == search.WORD_CHARACTERS
    assert words.split(" ") == search.LUNR_IT_STOP_WORDS.split()


def test_the_documents_pipeline_is_the_registered_query_pipeline(sample):
    """The index is fed ``analyse`` (memoised); queries go through the four registered functions."""
    from lunr.tokenizer import Tokenizer

    functions = search.register_pipeline()
    texts = [e.title + " " + e.summary for e in sample.catalogue.events.values()]
    texts += ["«Città» dell'Arte — perché, l’orchestra; Doberdò/Gorizia 2026!"]
    for text in texts:
        tokens = Tokenizer(text, separator=lambda c: (bool(c) and c.isspace()) or c == "-")
        for fn in functions:
            out = []
            for i, token in enumerate(tokens):
                result = fn(token, i, tokens)
                if result:
                    out.extend(result if isinstance(result, list) else [result])
            tokens = out
        assert [str(t) for t in tokens] == search.analyse(text), text


# --------------------------------------------------------------------------- parity with the browser (node)


def test_italian_stems_are_identical_in_node(sample):
    words = sorted({w.lower() for w in WORDS} | set(sample_words(sample.catalogue)))
    words += sorted({search.fold(w) for w in words} - set(words))
    stems = node({"words": words})["stems"]
    different = [(w, js, search.stem(w)) for w, js in zip(words, stems, strict=True) if js != search.stem(w)]
    assert not different, (
        f"{len(different)} of {len(words)} words stem differently (word, node, Python): {different[:20]}"
    )
    assert len(words) > 1000


def test_trimmer_is_identical_in_node():
    tokens = ["«città»", "(concerto)", "...x1", "2026,", "—", "'arte", "l'", "naïve!", "Ωmega", "straße.", "ok"]
    assert node({"trim": tokens})["trimmed"] == [search.trim(t) for t in tokens]


def test_whole_pipeline_is_identical_in_node(sample):
    texts = [f"{e.title} {e.summary}" for e in sample.catalogue.events.values()]
    texts += [
        "«Città» dell'Arte — perché, l’orchestra; Doberdò/Gorizia 2026!",
        "PIÙ CAFFÈ per tutti: un'opera all'aperto, c'è",
        "Koncert – Concerto: canti sloveni del Carso",
    ]
    answer = node({"stopWords": list(search.stop_words()), "pipeline": list(search.PIPELINE), "texts": texts})
    different = [(t, js, search.analyse(t)) for t, js in zip(texts, answer["analysed"], strict=True)]
    different = [d for d in different if d[1] != d[2]]
    assert not different, different[:5]


def test_search_js_finds_events_in_the_built_index(index_file, built):
    queries = [
        "citta",
        "Città",
        "CITTA'",
        "premio citta",
        "concerti",
        "conc",
        "concerto",
        "il concerto",
        "zzzz",
        "perché",
    ]
    results = node({"index": str(index_file), "queries": queries})["results"]
    assert PREMIO in results["citta"]
    assert results["citta"] == results["Città"] == results["CITTA'"]
    assert results["premio citta"][0] == PREMIO  # every word required, the title boosted
    assert set(results["premio citta"]) <= set(results["citta"])
    # Snowball reads "concerti" as "concer-ti" (verb + pronoun: stem "conc"), and "concerto" as "concert":
    # the query takes each term as a word's beginning, so the plural still finds the singular.
    assert set(results["concerto"]) <= set(results["concerti"]) == set(results["conc"])
    assert results["il concerto"] == results["concerto"]  # a stop word in the query changes nothing
    assert results["zzzz"] == []
    assert results["perché"] == []  # only a stop word: no term, no results
