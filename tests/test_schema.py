"""The JSON Schemas, the validator's explanations, and the message catalogue."""

from __future__ import annotations

import re
import string
import textwrap
from pathlib import Path

import pytest
import yaml
from cartellone import schemagen, validate
from cartellone.findings import Severity
from cartellone.messages import MESSAGES
from cartellone.vocabulary import load_vocabularies
from cartellone.yamlsource import parse
from helpers import REPO_ROOT, load, make_repo, write_event, write_file, write_organiser

REL = "events/org-a/x.yaml"
PACKAGE = REPO_ROOT / "plugins" / "cartellone"


def check(text: str, kind: str = "event"):
    """Parse and validate ``text``; the YAML itself must be clean."""
    doc = parse(textwrap.dedent(text).lstrip("\n"), REL)
    assert doc.findings == [], doc.findings
    out = validate.validate(kind, doc, REL)
    for f in out:
        assert f.code in MESSAGES
        it, en = f.message("it"), f.message("en")
        assert it and en and it != en
        assert "{" not in it and "{" not in en, (f.code, it, en)
    return out


def triples(findings):
    return [(f.code, f.line, f.field) for f in findings]


BASE = """\
title: Concerto
summary: Un concerto
category: concerto
venue: teatro-x
start: "2026-12-20 20:45"
"""


# --- the schemas and the vocabularies --------------------------------------------------------------


def test_committed_schemas_match_the_vocabularies():
    built = schemagen.build_all(load_vocabularies())
    committed = sorted(p.name for p in schemagen.SCHEMA_DIR.glob("*.schema.json"))
    assert committed == sorted(f"{name}.schema.json" for name in built), "run `invoke schemas`"
    for name, schema in built.items():
        path = schemagen.SCHEMA_DIR / f"{name}.schema.json"
        assert schemagen.load(name) == schema, f"{path.name} drifted from the vocabularies: run `invoke schemas`"
        assert path.read_text(encoding="utf-8") == schemagen.render(schema), f"{path.name}: run `invoke schemas`"


def _at(schema: dict, *path: str) -> dict:
    node = schema
    for part in path:
        node = node[part]
    return node


# (schema, path to the enum-bearing node, vocabulary list)
ENUMS = [
    ("event", ("properties", "audience", "items"), "audiences"),
    ("event", ("properties", "languages", "items"), "languages"),
    ("event", ("properties", "accessibility", "items"), "accessibility"),
    ("event", ("properties", "status"), "statuses"),
    ("event", ("properties", "booking"), "booking"),
    ("event", ("properties", "dates", "items", "properties", "status"), "date_statuses"),
    ("event", ("properties", "repeat", "properties", "changes", "items", "properties", "status"), "date_statuses"),
    ("event", ("properties", "repeat", "properties", "weekly", "items"), "weekdays"),
    ("event", ("properties", "opening_hours", "items", "properties", "days", "items"), "weekdays"),
    ("event", ("properties", "translations", "propertyNames"), "languages"),
    ("organiser", ("properties", "kind"), "organiser_kinds"),
    ("organiser", ("properties", "translations", "propertyNames"), "languages"),
    ("venue", ("properties", "kind"), "venue_kinds"),
    ("venue", ("properties", "accessibility", "items"), "accessibility"),
    ("venue", ("properties", "translations", "propertyNames"), "languages"),
    ("provider", ("properties", "kind"), "provider_kinds"),
    ("provider", ("properties", "services", "items"), "services"),
    ("provider", ("properties", "languages", "items"), "languages"),
    ("provider", ("properties", "translations", "propertyNames"), "languages"),
    ("guide", ("properties", "topic"), "guide_topics"),
    ("guide", ("properties", "lang"), "languages"),
]


@pytest.mark.parametrize(("schema", "path", "vocab"), ENUMS, ids=[f"{s}:{v}:{p[1]}" for s, p, v in ENUMS])
def test_every_vocabulary_key_is_in_its_enum(schema, path, vocab):
    keys = set(getattr(load_vocabularies(), vocab))
    assert keys, vocab
    enum = _at(schemagen.load(schema), *path)["enum"]
    assert set(enum) == keys
    assert len(enum) == len(keys)


def test_categories_enum_holds_slugs_and_agid_codes():
    v = load_vocabularies()
    enum = schemagen.load("event")["properties"]["category"]["enum"]
    assert set(enum) == set(v.categories) | set(v.agid_codes)
    assert "concerto" in enum and "1.1.5" in enum
    for slug, category in v.categories.items():
        assert category.agid_code in v.agid, slug  # every slug maps onto a real AgID code


def test_every_vocabulary_list_is_used_by_a_schema():
    used = {vocab for _, _, vocab in ENUMS}
    assert set(load_vocabularies().lists) <= used


# --- a complete event -------------------------------------------------------------------------------

# Every field of the event schema (the four schedule forms together: the schema alone allows that;
# the schedule reader refuses it, see test_schedule.py).
FULL_EVENT = """\
# yaml-language-server: $schema=../../plugins/cartellone/schemas/event.schema.json
id: org-a/concerto-natale
title: Concerto di Natale
summary: Il coro e l'orchestra della città
category: concerto
venue: teatro-x
online: https://example.org/diretta
start: "2026-12-20 20:45"
end: "22:30"
dates:
  - {start: "2026-12-21 20:45", end: "22:30", status: sold-out, note: Esaurito}
  - {start: "2026-12-22T18:00+01:00"}
repeat:
  weekly: [tue, thu]
  until: 2027-03-31
  except: [2026-12-24]
  changes:
    - {date: 2027-01-14, status: cancelled}
    - {date: 2027-01-21, start: "2027-01-22 17:00", end: "18:30", note: Spostato al venerdì}
opening_hours:
  - {days: [tue, wed, thu, fri], from: "10:00", to: "18:00"}
  - {days: [sat, sun], from: "10.00", to: "20:00"}
closed: [2026-12-25, 2027-01-01]
status: rescheduled
previous_start: "2026-12-13 20:45"
price: {free: false, from: 10, to: 25.5, currency: EUR, tickets: https://example.org/biglietti, notes: Ridotto under 26}
booking: required
booking_url: https://example.org/prenota
booking_phone: "+39 0434 000000"
booking_email: prenota@example.org
audience: [famiglie, adulti]
age_min: 6
languages: [it, fur]
accessibility: [wheelchair, lis]
regional_support: true
funding_reference: L.R. 16/2014
co_organisers: [org-b]
patrons: [{name: Comune di Pordenone, url: "https://www.comune.pordenone.it"}, {name: Regione}]
contacts: {email: info@example.org, phone: "+39 0434 000000", website: "https://example.org"}
image: {src: locandina.jpg, alt: Il coro sul palco del Teatro Verdi, credit: Foto di Anna}
description: |
  Markdown. Links only http(s), mailto and tel; HTML is removed.
translations:
  en: {title: Christmas concert, summary: The choir and orchestra, description: Markdown.}
  fur: {title: Concert di Nadâl}
acknowledge:
  - {event: org-b/altro-evento, reason: "Stessa sala, orari concordati con il teatro"}
example: true
"""


def _doc_event_keys() -> set[str]:
    """Top-level keys of the event examples in docs/content-model.md ("Event" to "Identity")."""
    text = (REPO_ROOT / "docs" / "content-model.md").read_text(encoding="utf-8")
    section = text[text.index("## Event") : text.index("### Identity")]
    keys = set(re.findall(r"^([a-z_]+):", section, flags=re.M))
    keys |= set(re.findall(r"^\s+([a-z_]+):", section, flags=re.M)) & {"repeat", "opening_hours", "closed"}
    keys |= set(re.findall(r"\(or ([a-z_]+), ([a-z_]+)\)", section)[0])
    keys |= {"dates"} if "`dates`" in section else set()
    return keys


def test_full_event_names_every_field():
    fields = set(yaml.safe_load(FULL_EVENT))
    assert fields == set(schemagen.load("event")["properties"])
    assert _doc_event_keys() <= fields


def test_full_event_is_valid():
    assert check(FULL_EVENT) == []


def test_complete_event_loads_without_any_finding(tmp_path):
    repo = make_repo(tmp_path)
    write_organiser(repo, "org-b")
    write_event(repo, "org-b", "altro-evento", BASE)
    text = FULL_EVENT
    for form in ("dates", "repeat", "opening_hours"):  # the file keeps one schedule form: start/end
        text = re.sub(rf"^{form}:\n(  .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^closed: .*\n", "", text, flags=re.M)
    assert "dates:" not in text and "repeat:" not in text and "start:" in text
    write_event(repo, "org-a", "concerto-natale", text)
    write_file(repo, "events/org-a/locandina.jpg", b"\xff\xd8\xff\xe0 jpeg")
    result = load(repo)
    assert triples(result.findings) == []
    event = result.catalogue.events["org-a/concerto-natale"]
    assert event.title == "Concerto di Natale"
    assert event.attendance == "mixed"
    assert event.price.high == 25.5
    assert event.acknowledged == frozenset({"org-b/altro-evento"})
    assert event.text("title", "en") == "Christmas concert"


def test_agid_code_as_category():
    assert check(BASE.replace("category: concerto", 'category: "1.1.5"')) == []


# --- explanations ------------------------------------------------------------------------------------


def test_unknown_field_with_did_you_mean():
    out = check(BASE + "titel: Doppio\n")
    assert triples(out) == [("schema-unknown-field", 6, "titel")]
    f = out[0]
    assert '"title"' in f.message("it") and "Forse intendevi" in f.message("it")
    assert '"title"' in f.message("en") and "Did you mean" in f.message("en")


def test_misspelt_required_field_gives_both_findings_on_their_lines():
    out = check("summary: S\ncategory: concerto\ntitel: T\nstart: 2026-12-20\n")
    assert sorted(triples(out)) == [("schema-required", 1, "title"), ("schema-unknown-field", 3, "titel")]


def test_nested_unknown_field():
    out = check(BASE + "price:\n  free: false\n  form: 10\n")
    assert triples(out) == [("schema-unknown-field", 8, "price.form")]
    assert '"from"' in out[0].message("en")


def test_unknown_field_without_a_close_match_has_no_suggestion():
    out = check(BASE + "zzzzzz: 1\n")
    assert triples(out) == [("schema-unknown-field", 6, "zzzzzz")]
    assert "Did you mean" not in out[0].message("en") and "Forse" not in out[0].message("it")


def test_wrong_enum_with_suggestion():
    out = check(BASE.replace("category: concerto", "category: concertto"))
    assert triples(out) == [("schema-enum", 3, "category")]
    f = out[0]
    assert '"concerto"' in f.message("it") and "Forse intendevi" in f.message("it")
    assert '"concerto"' in f.message("en") and "Did you mean" in f.message("en")


def test_wrong_enum_in_a_list():
    out = check(BASE + "languages:\n  - it\n  - eng\n")
    assert triples(out) == [("schema-enum", 8, "languages[1]")]
    assert '"en"' in out[0].message("en")


def test_missing_required_title():
    out = check(BASE.replace("title: Concerto\n", ""))
    assert triples(out) == [("schema-required", 1, "title")]
    assert '"title"' in out[0].message("it") and '"title"' in out[0].message("en")


def test_missing_required_nested():
    out = check(BASE + "image:\n  src: a.jpg\n")
    assert triples(out) == [("schema-required", 6, "image.alt")]


def test_unquoted_float_category_is_a_type_error_only():
    out = check(BASE.replace("category: concerto", "category: 1.1"))
    assert triples(out) == [("schema-type", 3, "category")]
    assert "virgolette" in out[0].message("it") and "quoted" in out[0].message("en")
    assert "text" in out[0].message("en")


@pytest.mark.parametrize(
    ("extra", "line", "field"),
    [
        ('age_min: "6"\n', 6, "age_min"),
        ("example: si\n", 6, "example"),
        ("languages: it\n", 6, "languages"),
        ("price: 10\n", 6, "price"),
        ("co_organisers: [1]\n", 6, "co_organisers[0]"),
        ("dates:\n  - 2026-12-20\n", 7, "dates[0]"),
    ],
)
def test_type_errors(extra, line, field):
    assert triples(check(BASE + extra)) == [("schema-type", line, field)]


UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//example.org/x",
    "https://",
    "https:///etc/passwd",
    "https://exa mple.org",
    " https://example.org",
    "ftp://example.org/x",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
@pytest.mark.parametrize(
    ("template", "line", "field"),
    [
        ("online: {q}\n", 6, "online"),
        ("price:\n  free: false\n  tickets: {q}\n", 8, "price.tickets"),
        ("contacts:\n  website: {q}\n", 7, "contacts.website"),
        ("booking_url: {q}\n", 6, "booking_url"),
        ("patrons:\n  - name: Comune\n    url: {q}\n", 8, "patrons[0].url"),
    ],
)
def test_unsafe_urls(url, template, line, field):
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = check(BASE + template.format(q=quoted))
    assert triples(out) == [("schema-pattern", line, field)]
    assert "https://" in out[0].message("it") and "https://" in out[0].message("en")


@pytest.mark.parametrize("url", ["https://example.org", "http://example.org/a?b=c#d", "https://a.b/%20x"])
def test_safe_urls(url):
    assert check(BASE + f'online: "{url}"\n') == []


def test_title_too_long():
    assert check(BASE.replace("title: Concerto", "title: " + "x" * 120)) == []
    out = check(BASE.replace("title: Concerto", "title: " + "x" * 121))
    assert triples(out) == [("schema-too-long", 1, "title")]
    assert dict(out[0].params) == {"length": 121, "limit": 120}
    assert "121" in out[0].message("it") and "120" in out[0].message("en")


def test_empty_title():
    assert triples(check(BASE.replace("title: Concerto", 'title: ""'))) == [("schema-too-short", 1, "title")]


def test_range_and_unique_and_min_items():
    out = check(BASE + "age_min: 120\naudience: [famiglie, famiglie]\nopening_hours: []\n")
    assert sorted(triples(out)) == [
        ("schema-min-items", 8, "opening_hours"),
        ("schema-range", 6, "age_min"),
        ("schema-unique", 7, "audience"),
    ]


def test_pattern_hints_are_specific():
    out = check(BASE.replace('start: "2026-12-20 20:45"', 'start: "20/12/2026"') + "venue_x: 1\n")
    pattern = [f for f in out if f.code == "schema-pattern"]
    assert triples(pattern) == [("schema-pattern", 5, "start")]
    assert "AAAA-MM-GG" in pattern[0].message("it") and "YYYY-MM-DD" in pattern[0].message("en")


def test_translations_language_not_in_vocabulary_points_at_the_key():
    out = check(BASE + "translations:\n  en: {title: X}\n  enn: {title: Y}\n")
    assert triples(out) == [("schema-enum", 8, "translations.enn")]
    assert '"en"' in out[0].message("en")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("organiser", "name: A\nkind: teatro\ncomune: 93033\n", [("schema-type", 3, "comune")]),
        ("organiser", 'name: A\nkind: teatr\ncomune: "093033"\n', [("schema-enum", 2, "kind")]),
        (
            "venue",
            'name: V\nkind: teatro\naddress: Via\npostal_code: "33170"\ncomune: "093033"\n'
            "coordinates: {lat: 95, lon: 12}\n",
            [("schema-range", 6, "coordinates.lat")],
        ),
        (
            "provider",
            'name: P\nkind: freelance\nservices: []\ncomune: "093033"\nsummary: S\n',
            [("schema-min-items", 3, "services")],
        ),
    ],
)
def test_other_kinds(kind, text, expected):
    assert triples(check(text, kind)) == expected


# --- the message catalogue --------------------------------------------------------------------------

_FORMAT = string.Formatter()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMAT.parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_catalogue_entry(code):
    entry = MESSAGES[code]
    assert set(entry) == {"severity", "it", "en"}
    assert entry["severity"] in {s.value for s in Severity}
    it, en = entry["it"], entry["en"]
    assert isinstance(it, str) and isinstance(en, str)
    assert it.strip() and en.strip()
    assert it != en
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
    p_it, p_en = placeholders(it), placeholders(en)
    for name in p_it:  # each Italian placeholder is in the English text, or has its *_en twin there
        assert name in p_en or f"{name}_en" in p_en, (code, name)
    for name in p_en:  # and the other way round
        assert name in p_it or (name.endswith("_en") and name[:-3] in p_it), (code, name)
    for name in p_it | p_en:
        assert re.fullmatch(r"[a-z_]+", name), (code, name)


def _codes_in_source() -> dict[str, str]:
    """Every finding code written as a literal in the package (``finding("x"``, ``_p("x"``)."""
    found = {}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name == "messages.py":
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'\b(?:finding|_p|_finding)\(\s*"([a-z0-9-]+)"', text):
            found.setdefault(m.group(1), path.name)
    return found


def test_every_code_used_in_the_package_is_in_the_catalogue():
    used = _codes_in_source()
    assert len(used) > 40
    missing = {code: where for code, where in used.items() if code not in MESSAGES}
    assert missing == {}


def test_messages_render_in_both_languages_with_their_parameters(tmp_path):
    repo = make_repo(tmp_path)
    write_event(repo, "org-a", "a", BASE.replace("category: concerto", "category: concertto") + "titel: x\n")
    write_event(repo, "org-a", "b", BASE.replace("teatro-x", "teatro-y"))
    write_event(repo, "org-a", "c", BASE.replace('"2026-12-20 20:45"', '"2027-03-28 02:30"'))
    findings = load(repo).findings
    assert {f.code for f in findings} >= {"schema-enum", "schema-unknown-field", "unknown-venue", "dst-gap"}
    for f in findings:
        it, en = f.message("it"), f.message("en")
        assert it and en and it != en
        assert "{" not in it and "{" not in en, (f.code, it, en)
        assert f.as_dict("en")["message"] == en
        assert f.message("xx") == it  # unknown language: Italian


def test_schema_files_are_documented_in_modelines():
    # the modeline in docs/content-model.md points at files that exist
    text = (REPO_ROOT / "docs" / "content-model.md").read_text(encoding="utf-8")
    for rel in re.findall(r"\$schema=((?:\.\./)+plugins/cartellone/schemas/[a-z]+\.schema\.json)", text):
        assert (REPO_ROOT / Path(rel.replace("../", ""))).is_file(), rel
