"""Byte-level lint of every generated .ics: CRLF, 75-octet folding on UTF-8 boundaries, escaping, no BOM."""

from __future__ import annotations

import re

import icalendar
import pytest
from cartellone.feeds import write_feeds
from feeds_sample import EVENTS, TODAY, load_sample, make_feeds_repo

# Long, multi-byte text: folding must never cut a character in two.
HEAVY = """\
    title: "Città è perché – “virgolette” € àèìòù ÀÈÌÒÙ; ß, ø \\\\ ñ ünïcödé ẞ 🎻🎺🎹 çà et là ÿ"
    summary: "Riga uno; con, punteggiatura.\\nRiga due: €€€ àààààààààààààààààààààààààààààààààààà 🎻🎻🎻🎻🎻🎻🎻🎻🎻🎻🎻🎻🎻"
    category: concerto
    venue: teatro-verdi
    start: "2027-01-20 20:45"
    """

TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    base = tmp_path_factory.mktemp("lint")
    root = make_feeds_repo(base / "repo", events={**EVENTS, "verdi/unicode": HEAVY})
    settings, catalogue = load_sample(root)
    report = write_feeds(catalogue, settings, base / "out", TODAY)
    return {p: (base / "out" / p).read_bytes() for p in report.paths}


def test_there_is_something_to_lint(files):
    assert len(files) > 50
    assert b"\xf0\x9f\x8e\xbb" in files["eventi/verdi/unicode/evento.ics"]  # the violin, 4 octets


def test_no_bom_and_crlf_line_ends_only(files):
    for path, data in files.items():
        assert not data.startswith(b"\xef\xbb\xbf"), path
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n"), path
        assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r"), path


def test_lines_are_folded_at_75_octets_without_splitting_utf8(files):
    folded = 0
    for path, data in files.items():
        for line in data.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # raises if a fold cut a multi-byte character
            assert line, (path, "empty line")
            if line.startswith(b" "):
                folded += 1
    assert folded > 100


def test_heavy_unicode_round_trips(files):
    data = files["eventi/verdi/unicode/evento.ics"]
    (ev,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(ev["SUMMARY"]).startswith("Città è perché – “virgolette” € àèìòù")
    assert "🎻🎺🎹" in str(ev["SUMMARY"]) and "\\ ñ" in str(ev["SUMMARY"])
    assert "Riga uno; con, punteggiatura.\nRiga due" in str(ev["DESCRIPTION"])


_ESCAPES = re.compile(r"\\[\\,;nN]")


def _content_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_text_values_escape_backslash_comma_semicolon_and_newline(files):
    checked = 0
    for path, data in files.items():
        for line in _content_lines(data):
            name = re.split(r"[;:]", line, maxsplit=1)[0]
            if name not in TEXT_PROPERTIES:
                continue
            value = line.split(":", 1)[1]
            rest = _ESCAPES.sub("", value)
            assert not re.search(r"[\\,;\n\r]", rest), (path, line)
            checked += 1
    assert checked > 200


def test_known_escapes_are_written(files):
    lines = _content_lines(files["eventi/rossetti/concerto-natale/evento.ics"])
    assert "SUMMARY:Concerto di Natale: Bach\\; Händel\\, Vivaldi \\\\ e altri" in lines
    description = [line for line in lines if line.startswith("DESCRIPTION:")][1]  # the VEVENT's
    assert "Bach\\, Händel e Vivaldi.\\nSeconda riga." in description
    assert "\\n\\nDettagli e aggiornamenti: https://" in description


def test_fast_folding_matches_icalendars_own():
    """feeds.fold (bytes-based, for speed) folds exactly like icalendar's serialiser."""
    import random

    folding = pytest.importorskip("icalendar.parser.string")
    from cartellone.feeds import fold

    rng = random.Random(5)
    alphabet = "ab\\^,;:é€🎻 xyz\\"
    for _ in range(5000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        assert fold(line) == folding._foldline(line).encode(), line
