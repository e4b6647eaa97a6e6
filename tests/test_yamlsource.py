"""yamlsource: every class of bad input becomes a finding with its code, line and field; nothing raises."""

from __future__ import annotations

import pathlib
import time

import pytest
from cartellone import yamlsource
from cartellone.findings import Severity
from cartellone.messages import MESSAGES
from cartellone.yamlsource import Document, field_name, load_file, parse, read_text

REL = "events/org-a/x.yaml"


def parsed(text: str) -> Document:
    doc = parse(text, REL)
    for f in doc.findings:  # every finding renders in both languages, with no placeholder left
        assert f.code in MESSAGES
        assert f.file == REL
        for lang in ("it", "en"):
            message = f.message(lang)
            assert message and "{" not in message, (f.code, lang, message)
    return doc


def one(findings, code):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.line, f.field) for f in findings]
    return hits[0]


def assert_only(doc: Document, code: str, line: int | None, field: str | None = None):
    """``doc`` has exactly one finding: ``code`` at ``line`` on ``field``."""
    assert [(f.code, f.line, f.field) for f in doc.findings] == [(code, line, field)]
    return doc.findings[0]


# --- good input, for reference -------------------------------------------------------------------


def test_valid_file_keeps_lines_and_text():
    doc = parsed(
        """\
title: Concerto
start: 2026-12-20
dates:
  - start: "2026-12-20 20:45"
  - {start: "2026-12-21 20:45", end: "22:30"}
price: {free: false, from: 10.5, to: 25}
age_min: 6
example: true
"""
    )
    assert doc.findings == []
    assert doc.value == {
        "title": "Concerto",
        "start": "2026-12-20",  # an unquoted date stays the text written
        "dates": [{"start": "2026-12-20 20:45"}, {"start": "2026-12-21 20:45", "end": "22:30"}],
        "price": {"free": False, "from": 10.5, "to": 25},
        "age_min": 6,
        "example": True,
    }
    assert doc.line(("title",)) == 1
    assert doc.line(("dates", 0, "start")) == 4
    assert doc.line(("dates", 1, "end")) == 5
    assert doc.line(("price", "to")) == 6
    assert doc.line(("dates", 1, "nowhere")) == 5  # nearest ancestor
    assert field_name(("dates", 1, "end")) == "dates[1].end"


def test_small_aliases_are_fine():
    doc = parsed("a: &x foo\nb: *x\n")
    assert doc.findings == []
    assert doc.value == {"a": "foo", "b": "foo"}


# --- syntax ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: Concerto\nsummary: uno: due\ncategory: concerto\n", 2),
        ("title: Concerto\n  summary: rientro sbagliato\ncategory: concerto\n", 2),
        # unclosed at the end of the file: the line where the quote or bracket opens, not past the end
        ('title: Concerto\nsummary: "non chiusa\ncategory: concerto\n', 2),
        ("title: Concerto\nsummary: 'non chiusa\n\ncategory: concerto\n\n\n", 2),
        ("title: Concerto\nprice: {free: true\n\n", 2),
        ("title: [\n", 1),
        ("title: Concerto\nlanguages: [it, en\ncategory: concerto\n", 3),
        ("title: Concerto\n- lista\n", 2),
    ],
)
def test_syntax_error_has_its_line(text, line):
    f = assert_only(parsed(text), "yaml-syntax", line)
    assert f.severity is Severity.ERROR
    assert dict(f.params)["problem"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: Concerto\n\tsummary: con tab\n", 2),
        ("title: Concerto\nlanguages:\n\t- it\n", 3),
    ],
)
def test_tabs(text, line):
    f = assert_only(parsed(text), "yaml-syntax", line)
    assert "tab" in f.message("en") or "character" in f.message("en")


def test_tab_inside_a_value_is_text():
    doc = parsed('title: "a\tb"\n')
    assert doc.findings == []
    assert doc.value == {"title": "a\tb"}


# --- encoding --------------------------------------------------------------------------------------


def test_latin1_bytes_are_an_encoding_error_on_their_line():
    raw = "title: Concerto\nsummary: Il coro\ncategory: caffè\n".encode("latin-1")
    text, findings = read_text(raw, REL)
    assert text is None
    f = one(findings, "encoding")
    assert (f.line, f.field) == (3, None)
    assert dict(f.params)["byte"] == "0xe8"
    assert "0xe8" in f.message("it") and "0xe8" in f.message("en")


def test_latin1_through_load_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("title: città\n".encode("latin-1"))
    doc = load_file(path, REL)
    assert doc.value is None
    assert [(f.code, f.line) for f in doc.findings] == [("encoding", 1)]


def test_nul_byte_is_an_encoding_error():
    text, findings = read_text(b"title: a\nsummary: b\x00c\n", REL)
    assert text is None
    f = one(findings, "encoding")
    assert f.line == 2
    assert dict(f.params)["byte"] == "0x00"


def test_lone_surrogate_in_text_does_not_raise():
    doc = parsed("title: a\nsummary: \ud800\n")
    assert_only(doc, "encoding", 2)


def test_bom_is_a_notice_and_the_file_is_still_parsed(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Concerto\nsummary: Coro\n")
    doc = load_file(path, REL)
    f = assert_only(doc, "yaml-bom", 1)
    assert f.severity is Severity.NOTICE
    assert doc.value == {"title": "Concerto", "summary": "Coro"}
    assert doc.line(("summary",)) == 2


# --- empty -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "   \n\t\n", "# solo un commento\n", "# uno\n   # due\n\n# tre", "---\n", "---\n...\n"],
)
def test_empty_and_comment_only_files(text):
    doc = parsed(text)
    assert doc.value is None
    assert_only(doc, "empty-file", 1)


def test_empty_bytes_through_load_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"")
    assert [(f.code, f.line) for f in load_file(path, REL).findings] == [("empty-file", 1)]


# --- structure ------------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines():
    doc = parsed("title: Primo\nsummary: S\ntitle: Secondo\n")
    f = assert_only(doc, "yaml-duplicate-key", 3, "title")
    assert dict(f.params)["first"] == 1
    assert doc.value["title"] == "Primo"  # the first one is kept, the second refused
    for lang in ("it", "en"):
        assert "title" in f.message(lang) and "1" in f.message(lang)


def test_nested_duplicate_key():
    doc = parsed("title: T\nprice:\n  free: true\n  free: false\n")
    f = assert_only(doc, "yaml-duplicate-key", 4, "price.free")
    assert dict(f.params)["first"] == 3
    assert '"price.free"' in f.message("it") and '"price.free"' in f.message("en")


def test_python_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "executed"
    text = f'title: T\nsummary: !!python/object/apply:os.system ["touch {marker}"]\n'
    doc = parsed(text)
    f = assert_only(doc, "yaml-tag", 2, "summary")
    assert "python/object/apply:os.system" in dict(f.params)["tag"]
    assert not marker.exists()
    # and the same through the file loader
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert [(f.code, f.line) for f in load_file(path, REL).findings] == [("yaml-tag", 2)]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "line", "field", "tag"),
    [
        ("title: !custom Concerto\n", 1, "title", "!custom"),
        ("title: T\nsummary: !!python/name:os.system ''\n", 2, "summary", "python/name:os.system"),
        ("title: T\nimage: !!python/object:os.stat_result {src: a}\n", 2, "image", "python/object:os.stat_result"),
        ("title: T\nlanguages: !!set {it: null}\n", 2, "languages", "set"),
        ("title: T\ndates:\n  - !!binary aGVsbG8=\n", 3, "dates[0]", "binary"),
        ("title: T\naudience: !!omap [a: 1]\n", 2, "audience", "omap"),
        ("title: T\nprice:\n  !!python/name:os.system free: true\n", 3, "price", "python/name:os.system"),
    ],
)
def test_unknown_tags(text, line, field, tag):
    f = assert_only(parsed(text), "yaml-tag", line, field)
    assert tag in dict(f.params)["tag"]


def test_explicit_str_tag_is_allowed():
    doc = parsed("end: !!str 20:45\n")
    assert doc.findings == []
    assert doc.value == {"end": "20:45"}


def test_merge_key():
    doc = parsed("base: &b {free: true}\nprice:\n  <<: *b\n  notes: x\n")
    assert_only(doc, "yaml-merge-key", 3, "price")
    assert doc.value["price"] == {"notes": "x"}  # nothing merged in silently


def test_merge_key_at_top_level():
    assert_only(parsed("title: T\n<<: {summary: S}\n"), "yaml-merge-key", 2, None)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("title: T\n? [a, b]\n: c\n", 2, None),
        ("title: T\n{x: 1}: c\n", 2, None),
        ("title: T\nprice:\n  ? {free: true}\n  : 1\n", 3, "price"),
    ],
)
def test_complex_keys(text, line, field):
    assert_only(parsed(text), "yaml-complex-key", line, field)


def test_number_and_date_keys_are_kept_as_text():
    doc = parsed("1: a\n2026-12-20: b\ntrue: c\n")
    assert doc.findings == []
    assert doc.value == {"1": "a", "2026-12-20": "b", "true": "c"}


def test_many_documents():
    doc = parsed("title: Uno\nsummary: S\n---\ntitle: Due\n")
    assert doc.value is None
    assert_only(doc, "yaml-many-documents", 4)


def test_empty_second_document_is_fine():
    doc = parsed("title: Uno\n---\n")
    assert doc.findings == []
    assert doc.value == {"title": "Uno"}


def test_alias_bomb_stops_fast():
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(levels) + "\n"  # 9**9 (387 million) strings when expanded
    started = time.perf_counter()
    doc = parsed(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 2, elapsed
    assert doc.value is None
    f = assert_only(doc, "yaml-alias-bomb", 1)
    assert dict(f.params)["limit"] == yamlsource.MAX_NODES


def test_many_plain_values_under_the_limit_are_fine():
    text = "dates:\n" + "".join(f'  - start: "2027-01-{d % 28 + 1:02d} 20:00"\n' for d in range(400))
    doc = parsed(text)
    assert doc.findings == []
    assert len(doc.value["dates"]) == 400


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: " + "[" * 600 + "]" * 600 + "\n", 1),  # deep enough for the Python builder to give up
        ("a: " + "{x: " * 600 + "1" + "}" * 600 + "\n", 1),
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),  # libyaml's own limit
        ("".join("  " * i + "k:\n" for i in range(700)) + "  " * 700 + "v\n", 1),
    ],
    ids=["flow-list-600", "flow-map-600", "flow-list-100000", "block-700"],
)
def test_very_deep_nesting(text, line):
    doc = parsed(text)
    assert doc.value is None
    assert_only(doc, "yaml-too-deep", line)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x80", "\x0b", "\ufffe"])
def test_control_characters(char):
    # multi-byte text before the bad character: the line must still be right
    text = "title: Caffè è così\nsummary: Perché\ncategory: x" + char + "y\nvenue: a\nstart: b\n"
    f = assert_only(parsed(text), "yaml-syntax", 3)
    assert f"U+{ord(char):04X}" in f.message("it")
    assert f"U+{ord(char):04X}" in f.message("en")


def test_control_character_far_down_a_long_file():
    text = "title: " + "è" * 500 + "\n" + "x: y\n" * 50 + "z: \x01\n" + "w: v\n" * 100
    assert_only(parsed(text), "yaml-syntax", 52)


# --- YAML 1.1 traps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "field", "kept"),
    [
        ("title: T\nend: 20:45\n", 2, "end", "20:45"),
        ('title: T\ndates:\n  - {start: "2026-12-20 20:45", end: 22:30}\n', 3, "dates[0].end", "22:30"),
        ('opening_hours:\n  - days: [tue]\n    from: 10:00\n    to: "18:00"\n', 3, "opening_hours[0].from", "10:00"),
        ("title: T\nend: 1:20:30\n", 2, "end", "1:20:30"),
        ("title: T\nend: 20:45.5\n", 2, "end", "20:45.5"),
    ],
)
def test_unquoted_time_is_sexagesimal(text, line, field, kept):
    doc = parsed(text)
    f = assert_only(doc, "yaml-sexagesimal", line, field)
    assert dict(f.params)["text"] == kept
    value = doc.value
    for part in field.replace("[0]", ".0").split("."):
        value = value[int(part)] if part.isdigit() else value[part]
    assert value == kept  # the text, never the number 1245


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "On", "OFF"])
def test_yaml11_boolean_words(word):
    doc = parsed(f"title: T\nsummary: {word}\n")
    f = assert_only(doc, "yaml-ambiguous-bool", 2, "summary")
    assert dict(f.params)["text"] == word
    assert doc.value["summary"] == word


def test_norwegian_problem_in_a_list():
    doc = parsed("title: T\nlanguages: [it, no]\n")
    assert_only(doc, "yaml-ambiguous-bool", 2, "languages[1]")
    assert doc.value["languages"] == ["it", "no"]


@pytest.mark.parametrize(("word", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_real_booleans_are_fine(word, value):
    doc = parsed(f"example: {word}\n")
    assert doc.findings == []
    assert doc.value == {"example": value}


@pytest.mark.parametrize("text", ["0432", "00", "-0432", "0_432", "033170"])
def test_leading_zero(text):
    doc = parsed(f"title: T\nbooking_phone: {text}\n")
    f = assert_only(doc, "yaml-leading-zero", 2, "booking_phone")
    assert dict(f.params)["text"] == text
    assert doc.value["booking_phone"] == text  # not 282


def test_leading_zero_nested():
    doc = parsed("title: T\ncontacts:\n  phone: 0432 123456\n  email: a@b.it\nage_min: 06\n")
    assert_only(doc, "yaml-leading-zero", 5, "age_min")
    assert doc.value["contacts"]["phone"] == "0432 123456"


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("10", 10), ("-3", -3), ("0x1F", 31), ("1_000", 1000)])
def test_plain_integers(text, value):
    doc = parsed(f"age_min: {text}\n")
    assert doc.findings == []
    assert doc.value == {"age_min": value}


def test_unquoted_float_is_a_number():
    doc = parsed("category: 1.1\n")
    assert doc.findings == []
    assert doc.value == {"category": 1.1}  # the schema says it is the wrong type (test_schema)


# --- size and reading --------------------------------------------------------------------------------


def test_file_too_large_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # 10 GB, sparse: only its size is ever looked at
        fh.truncate(10 * 1024**3)

    def refuse(*args, **kwargs):
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    started = time.perf_counter()
    doc = load_file(path, REL)
    assert time.perf_counter() - started < 1
    assert doc.value is None
    f = assert_only(doc, "file-too-large", None)
    assert dict(f.params) == {"size": 10 * 1024**3, "limit": yamlsource.MAX_BYTES}
    assert str(10 * 1024**3) in f.message("it") and str(10 * 1024**3) in f.message("en")


def test_max_file_bytes_is_a_parameter(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("title: " + "a" * 200 + "\n", encoding="utf-8")
    size = path.stat().st_size
    assert [f.code for f in load_file(path, REL, max_bytes=size).findings] == []
    f = assert_only(load_file(path, REL, max_bytes=size - 1), "file-too-large", None)
    assert dict(f.params) == {"size": size, "limit": size - 1}


def test_missing_or_unreadable_file(tmp_path):
    assert_only(load_file(tmp_path / "nope.yaml", REL), "unreadable", None)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert_only(load_file(folder, REL), "unreadable", None)
