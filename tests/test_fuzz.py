"""Property tests: no input, however broken, makes the reader or the loader raise.

Every finding must have a known code, name a file, point at a line that exists, and render its
message in Italian and English with every placeholder filled.
"""

from __future__ import annotations

import copy
import string
from datetime import date, datetime, timedelta

import pytest
import yaml
from cartellone.findings import Finding, Severity
from cartellone.messages import MESSAGES
from cartellone.yamlsource import parse, read_text
from helpers import load, make_repo, write_event, write_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REL = "events/org-a/fuzz.yaml"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_FORMAT = string.Formatter()


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMAT.parse(template) if name}


def check_finding(f: Finding, files: set[str] | None = None, lines: int | None = None) -> None:
    assert isinstance(f, Finding)
    assert f.code in MESSAGES, f.code
    assert isinstance(f.severity, Severity)
    assert f.file and isinstance(f.file, str) and not f.file.startswith("/")
    if files is not None:
        assert f.file in files, (f.file, files)
    if f.line is not None:
        assert isinstance(f.line, int) and f.line >= 1, f
        if lines is not None and f.file == REL:
            assert f.line <= lines, (f.code, f.line, lines)
    params = {k for k, _ in f.params} | ({"field"} if f.field is not None else set())
    for lang in ("it", "en"):
        message = f.message(lang)
        assert isinstance(message, str) and message.strip()
        missing = _placeholders(MESSAGES[f.code][lang]) - params
        assert not missing, (f.code, lang, missing)
    assert f.as_dict("en")["code"] == f.code
    f.sort_key()


# --- (1) the reader: any text, any bytes --------------------------------------------------------------

YAML_CHARS = [
    *":-[]{},#&*!|>'\"%@`?~.\\/+=",
    *["\n", "\n", " ", "  ", "\t", "\r", "\x00", "\x07", "\ufeff", "\u2028", "\x85", "è", "😀"],
    *"abcxyz0129TZ",
    *["<<", "---", "...", "!!python/object/apply:os.system", "&a", "*a", "? ", ": ", "- ", "20:45", "no", "0432"],
    *["2026-12-20", "title", "start", "dates", "repeat"],
]
yamlish_text = st.lists(st.sampled_from(YAML_CHARS), max_size=80).map("".join)
any_text = st.one_of(
    st.text(),
    st.text(st.characters(blacklist_categories=())),  # including lone surrogates
    yamlish_text,
)


@FUZZ
@given(any_text)
def test_parse_never_raises(text):
    doc = parse(text, REL)
    lines = sum(text.count(c) for c in "\n\r\x85\u2028\u2029") + 1
    for f in doc.findings:
        check_finding(f, {REL}, lines)
    if doc.findings == [] or all(f.severity is not Severity.ERROR for f in doc.findings):
        assert doc.value is None or isinstance(doc.value, (dict, list, str, int, float, bool))


@FUZZ
@given(
    st.one_of(
        st.binary(),
        yamlish_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary().map(lambda b: b"\xef\xbb\xbf" + b),
    )
)
def test_read_text_and_parse_never_raise(raw):
    text, findings = read_text(raw, REL)
    lines = raw.count(b"\n") + 1
    for f in findings:
        check_finding(f, {REL}, lines)
    if text is None:
        assert any(f.code == "encoding" for f in findings)
        return
    for f in parse(text, REL).findings:
        check_finding(f, {REL})


# --- (2) whole files through the loader --------------------------------------------------------------------

VALID_EVENTS = [
    """\
title: Concerto di Natale
summary: Il coro e l'orchestra
category: concerto
venue: teatro-x
start: "2026-12-20 20:45"
end: "22:30"
status: rescheduled
previous_start: "2026-12-13 20:45"
price: {free: false, from: 10, to: 25, tickets: "https://example.org/biglietti"}
audience: [famiglie, adulti]
languages: [it]
co_organisers: [org-a]
image: {src: locandina.jpg, alt: Il coro}
acknowledge:
  - {event: org-a/altro, reason: Sale diverse}
translations:
  en: {title: Christmas concert}
""",
    """\
title: Festival
summary: Tre giorni
category: "1.1.1"
online: "https://example.org/diretta"
start: 2027-06-19
end: 2027-06-21
""",
    """\
title: Repliche
summary: Tre sere
category: teatro
venue: teatro-x
dates:
  - {start: "2026-10-24 20:45", end: "22:30"}
  - {start: "2026-10-25 02:30", status: sold-out}
  - {start: "2026-10-25 02:30+01:00", note: Replica notturna}
""",
    """\
title: Corso
summary: Ogni martedì
category: corso
venue: teatro-x
start: "2027-03-16 17:00"
end: "18:30"
repeat:
  weekly: [tue, thu]
  until: 2027-04-30
  except: [2027-03-25]
  changes:
    - {date: 2027-03-30, status: cancelled}
    - {date: 2027-04-01, start: "2027-04-02 17:00", end: "18:30", note: Spostato}
""",
    """\
title: Mostra
summary: Tutto l'inverno
category: mostra
venue: teatro-x
start: 2026-12-01
end: 2027-03-31
opening_hours:
  - {days: [tue, wed, thu, fri], from: "10:00", to: "18:00"}
  - {days: [sat, sun], from: "10:00", to: "20:00"}
closed: [2026-12-25, 2027-01-01]
""",
]
VALID_DOCS = [yaml.safe_load(t) for t in VALID_EVENTS]

KEYS = sorted(
    {k for d in VALID_DOCS for k in d}
    | {
        "id",
        "dates",
        "repeat",
        "opening_hours",
        "closed",
        "status",
        "booking",
        "age_min",
        "example",
        "image",
        "description",
        "contacts",
        "patrons",
        "weekly",
        "until",
        "except",
        "changes",
        "date",
        "from",
        "to",
        "free",
        "days",
        "src",
        "alt",
        "event",
        "reason",
        "note",
        "en",
        "it",
        "xx",
    }
)

INTERESTING = [
    "2026-12-20 20:45",
    "2026-12-20T20:45",
    "2026-12-20",
    "2027-03-28 02:30",
    "2026-10-25 02:30",
    "2026-10-25 02:30+01:00",
    "2026-10-25 02:30+05:00",
    "2026-12-20 20:45Z",
    "2027-02-30",
    "2027-02-29 20:00",
    "9999-12-31",
    "9998-12-31",
    "0001-01-01 00:30",
    "0002-01-01",
    "0000-00-00",
    "2026-12-20 23:59:59",
    "22:30",
    "25:00",
    "24:00",
    "00:00",
    "20.45",
    "1245",
    "tue",
    "mon",
    "sun",
    "xyz",
    "https://example.org",
    "http://a.b",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "../../etc/passwd",
    "/etc/passwd",
    "locandina.jpg",
    "teatro-x",
    "org-a",
    "org-a/altro",
    "org-a/fuzz",
    "concerto",
    "1.1.5",
    "scheduled",
    "cancelled",
    "postponed",
    "rescheduled",
    "sold-out",
    "it",
    "en",
    "fur",
    "none",
    "",
    " ",
    "{value}",
    "{",
    "%s",
    "\u202e",
    "a" * 300,
]


def _moment(d: datetime, form: int) -> str:
    text = d.strftime("%Y-%m-%d") if form == 0 else d.strftime("%Y-%m-%d %H:%M")
    return text + ("+01:00" if form == 2 else "+02:00" if form == 3 else "")


EDGE_MOMENTS = [
    "9999-12-31",
    "9999-12-31 23:30",
    "9998-12-31",
    "0001-01-01",
    "0001-01-01 00:30",
    "0002-01-01 00:30",
    "2027-03-28 02:30",
    "2027-03-28 03:00",
    "2026-10-25 02:30",
    "2026-10-25 02:30+01:00",
    "2026-10-25 03:00",
    "2026-10-25 01:59+02:00",
    "2026-12-31 23:59",
    "2027-01-01 00:00",
]
moments = st.one_of(
    st.sampled_from(EDGE_MOMENTS),
    st.builds(
        _moment, st.datetimes(min_value=datetime(2026, 10, 24), max_value=datetime(2026, 10, 26)), st.integers(0, 3)
    ),
    st.builds(
        _moment, st.datetimes(min_value=datetime(2027, 3, 27), max_value=datetime(2027, 3, 29)), st.integers(0, 3)
    ),
    st.builds(_moment, st.datetimes(), st.integers(0, 3)),
    st.dates().map(date.isoformat),
    st.times().map(lambda t: t.strftime("%H:%M")),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(INTERESTING),
    moments,
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=80)


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("fuzz"))
    write_event(repo, "org-a", "altro", VALID_EVENTS[1])
    write_file(repo, "events/org-a/locandina.jpg", b"\xff\xd8\xff")
    return repo


FILES = {REL, "events/org-a/altro.yaml", "events/org-a/locandina.jpg"}


def load_event(repo, content: str | bytes):
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    write_event(repo, "org-a", "fuzz", content)
    result = load(repo)
    # libyaml (YAML 1.1) also breaks lines at NEL, LS and PS
    lines = sum(content.count(b) for b in (b"\n", b"\r", "\x85".encode(), "\u2028".encode(), "\u2029".encode())) + 1
    for f in result.findings:
        check_finding(f, FILES, lines)
    assert not [f for f in result.findings if f.file == "events/org-a/altro.yaml"]
    return result


def test_the_valid_events_are_valid(fuzz_repo):
    for text in VALID_EVENTS:
        result = load_event(fuzz_repo, text)
        assert [(f.code, f.line) for f in result.findings if f.severity is Severity.ERROR] == []
        assert "org-a/fuzz" in result.catalogue.events


@FUZZ
@given(st.one_of(values, st.dictionaries(keys, values, max_size=12)))
def test_any_yaml_structure_loads_without_raising(fuzz_repo, value):
    load_event(fuzz_repo, _dump(value))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _mutate(data, doc):
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        path = data.draw(st.sampled_from(list(_paths(doc))), label="path")
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        op = data.draw(st.sampled_from(["replace", "delete", "add", "scalar"]), label="op")
        if not path:  # the whole document
            if op == "replace":
                doc = data.draw(values, label="doc")
            elif op == "add" and isinstance(doc, dict):
                doc[data.draw(keys, label="key")] = data.draw(values, label="value")
            continue
        last = path[-1]
        if op == "delete":
            del parent[last]
        elif op == "add":
            target = parent[last]
            if isinstance(target, dict):
                target[data.draw(keys, label="key")] = data.draw(values, label="value")
            elif isinstance(target, list):
                target.append(data.draw(values, label="value"))
            else:
                parent[last] = data.draw(scalars, label="value")
        elif op == "scalar":
            parent[last] = data.draw(st.one_of(st.sampled_from(INTERESTING), moments), label="value")
        else:
            parent[last] = data.draw(values, label="value")
    return doc


@FUZZ
@given(st.data())
def test_mutated_valid_events_load_without_raising(fuzz_repo, data):
    base = data.draw(st.sampled_from(VALID_DOCS), label="base")
    load_event(fuzz_repo, _dump(_mutate(data, base)))


@FUZZ
@given(st.data())
def test_text_mutations_of_valid_files_load_without_raising(fuzz_repo, data):
    lines = data.draw(st.sampled_from(VALID_EVENTS), label="base").splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "char", "truncate"]))
        i = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
        if not lines:
            lines = ["\n"]
            i = 0
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, data.draw(st.one_of(yamlish_text, st.text(max_size=20))) + "\n")
        elif op == "indent":
            lines[i] = data.draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + lines[i].lstrip(" ")
        elif op == "char":
            line = lines[i]
            k = data.draw(st.integers(0, len(line)))
            lines[i] = line[:k] + data.draw(st.sampled_from(YAML_CHARS)) + line[k + 1 :]
        else:
            cut = data.draw(st.integers(0, len(lines[i])))
            lines = [*lines[:i], lines[i][:cut]]
    load_event(fuzz_repo, "".join(lines))


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_as_an_event_file(fuzz_repo, raw):
    load_event(fuzz_repo, raw)


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(["start", "end"]), moments), min_size=1, max_size=3),
    st.sampled_from([None, "dates", "repeat", "opening_hours"]),
)
def test_schedules_of_any_date_load_without_raising(fuzz_repo, pairs, form):
    doc = copy.deepcopy(VALID_DOCS[0])
    for k in ("start", "end", "status", "previous_start"):
        doc.pop(k, None)
    moment = dict(pairs)
    if form == "dates":
        doc["dates"] = [
            {"start": m, **({"end": moment["end"]} if "end" in moment else {})}
            for m in (moment.get("start", "2026-12-20 20:45"), moment.get("end", "2026-12-21"))
        ]
    else:
        doc.update(moment)
        doc.setdefault("start", "2026-12-20 20:45")
        if form == "repeat":
            start = str(doc["start"])[:10]
            try:
                first = date.fromisoformat(start)
            except ValueError:
                first = date(2026, 12, 20)
            doc["repeat"] = {
                "weekly": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][first.weekday() :][:1] or ["mon"],
                "until": (first + timedelta(days=30)).isoformat() if first.year < 9998 else "9999-12-31",
                "changes": [
                    {
                        "date": (first + timedelta(days=7)).isoformat() if first.year < 9998 else first.isoformat(),
                        "start": moment.get("end", "2026-12-20 20:45"),
                    }
                ],
            }
        elif form == "opening_hours":
            doc["opening_hours"] = [{"days": ["tue"], "from": "10:00", "to": "18:00"}]
            doc["closed"] = [moment.get("end", "2026-12-25")[:10]]
    load_event(fuzz_repo, _dump(doc))
