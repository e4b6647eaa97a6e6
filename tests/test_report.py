"""The four report formats (text, json, github, markdown) and the two languages."""

from __future__ import annotations

import json
import re

import pytest
from cartellone.cli import main
from cartellone.findings import Severity, finding
from cartellone.report import render, render_github, render_json, render_markdown, render_text
from support_repo import make_repo, write_event

TRICKY = "events/org-a/a,b:c%d.yaml"  # a comma, a colon and a percent sign in a file name


@pytest.fixture
def findings():
    """One finding of each severity, with characters every format has to escape."""
    return [
        finding(
            "yaml-syntax",
            "events/teatro-verdi/rotto.yaml",
            line=7,
            problem="100% sicuro | due: tre, quattro\nseconda riga\r",
        ),
        finding(
            "unknown-venue",
            "events/teatro-verdi/concerto.yaml",
            line=4,
            field="venue",
            value="teatro-verdy",
            suggestion=' Forse intendevi "teatro-verdi"?',
            suggestion_en=' Did you mean "teatro-verdi"?',
        ),
        finding("venue-far-from-comune", "venues/villa.yaml", line=6, field="coordinates", km=31.5, comune="Porcia"),
        finding(
            "conflict-nearby",
            "events/pro-porcia/recital.yaml",
            line=5,
            related=("teatro-verdi/concerto",),
            when="2026-10-03 20:45",
            others="«Concerto» (teatro-verdi/concerto, Teatro Verdi, 20:45)",
            free="2026-10-02",
        ),
        finding("bad-filename", TRICKY, name="a,b:c%d.yaml", suggestion="a-b-c-d"),
    ]


@pytest.fixture
def repo_with_problems(tmp_path, monkeypatch):
    """A repository with an error (unknown venue), a warning and a notice."""
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)
    root = make_repo(tmp_path)
    write_event(root, "teatro-verdi", "concerto", start="2026-10-03 20:45", end="22:30", venue="teatro-verdy")
    write_event(root, "teatro-verdi", "prova", start="2026-10-25 02:30", end="03:30")  # dst-repeat: a warning
    write_event(root, "teatro-verdi", "sera", start="2026-10-10 11:00", end="12:00")
    write_event(root, "pro-porcia", "recital", venue="villa-correr", start="2026-10-10 21:00", end="22:00")
    return root


def cli(root, capsys, *args):
    code = main(["check", "--root", str(root), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


# --------------------------------------------------------------------------- text


def test_text_lines_have_place_severity_code_and_message(findings):
    out = render_text(findings)
    lines = out.splitlines()
    heads = [line for line in lines if re.match(r"^[^ ]+: (errore|avviso|nota) [a-z-]+( \[[a-z_.\[\]0-9]+\])?: ", line)]
    assert len(heads) == len(findings)
    assert (
        'events/teatro-verdi/concerto.yaml:4: errore unknown-venue [venue]: Il luogo "teatro-verdy" non esiste' in out
    )
    assert "venues/villa.yaml:6: avviso venue-far-from-comune [coordinates]:" in out
    assert "events/pro-porcia/recital.yaml:5: nota conflict-nearby:" in out
    assert f"{TRICKY}: errore bad-filename:" in out  # no line: no ":<line>"
    assert lines[-1].startswith("Risultato: 3 errori, 1 avviso, 1 nota")


def test_text_keeps_each_finding_on_one_line(findings):
    out = render(findings, "text").splitlines()
    assert len(out) == len(findings) + 1  # one line per finding, plus the summary
    [line] = [line for line in out if "rotto.yaml" in line]
    assert "100% sicuro | due: tre, quattro seconda riga" in line


def test_text_in_english(findings):
    out = render_text(findings, lang="en")
    assert (
        'events/teatro-verdi/concerto.yaml:4: error unknown-venue [venue]: The venue "teatro-verdy" does not exist'
        in out
    )
    assert "venues/villa.yaml:6: warning venue-far-from-comune" in out
    assert "recital.yaml:5: notice conflict-nearby" in out
    assert out.splitlines()[-1].startswith("Result: 3 errors, 1 warning, 1 notice")


def test_text_via_the_cli(repo_with_problems, capsys):
    code, out = cli(repo_with_problems, capsys)
    assert code == 1
    assert re.search(r"^events/teatro-verdi/concerto\.yaml:4: errore unknown-venue \[venue\]: ", out, re.M)
    assert re.search(r"^events/teatro-verdi/prova\.yaml:\d+: avviso dst-repeat", out, re.M)
    assert re.search(r"^events/pro-porcia/recital\.yaml:5: nota conflict-nearby: ", out, re.M)
    code, out = cli(repo_with_problems, capsys, "--lang", "en")
    assert re.search(r"^events/teatro-verdi/concerto\.yaml:4: error unknown-venue \[venue\]: The venue ", out, re.M)
    assert "Result: 1 error, 1 warning, 2 notices" in out
    assert "errore" not in out and "Risultato" not in out


# --------------------------------------------------------------------------- json


def test_json_is_one_object_with_findings_and_counts(findings):
    doc = json.loads(render_json(findings))
    assert set(doc) == {"findings", "counts"}
    assert doc["counts"] == {"error": 3, "warning": 1, "notice": 1}
    assert len(doc["findings"]) == len(findings)
    for item in doc["findings"]:
        assert set(item) == {"severity", "file", "line", "field", "code", "message", "related"}
        assert item["severity"] in ("error", "warning", "notice")
        assert isinstance(item["related"], list)
    venue = next(i for i in doc["findings"] if i["code"] == "unknown-venue")
    assert venue == {
        "severity": "error",
        "file": "events/teatro-verdi/concerto.yaml",
        "line": 4,
        "field": "venue",
        "code": "unknown-venue",
        "message": venue["message"],
        "related": [],
    }
    nearby = next(i for i in doc["findings"] if i["code"] == "conflict-nearby")
    assert nearby["related"] == ["teatro-verdi/concerto"] and nearby["field"] is None
    syntax = next(i for i in doc["findings"] if i["code"] == "yaml-syntax")
    assert "100% sicuro | due: tre, quattro\nseconda riga" in syntax["message"]  # raw text, JSON-escaped


def test_json_via_the_cli(repo_with_problems, capsys):
    code, out = cli(repo_with_problems, capsys, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["counts"] == {"error": 1, "warning": 1, "notice": 2}
    assert {(f["file"], f["code"]) for f in doc["findings"]} == {
        ("events/teatro-verdi/concerto.yaml", "unknown-venue"),
        ("events/teatro-verdi/prova.yaml", "dst-repeat"),
        ("events/teatro-verdi/sera.yaml", "conflict-nearby"),
        ("events/pro-porcia/recital.yaml", "conflict-nearby"),
    }
    code, out = cli(repo_with_problems, capsys, "--format", "json", "--lang", "en")
    venue = next(f for f in json.loads(out)["findings"] if f["code"] == "unknown-venue")
    assert venue["message"].startswith('The venue "teatro-verdy" does not exist')


def test_json_of_a_clean_repository(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)
    code, out = cli(make_repo(tmp_path), capsys, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"findings": [], "counts": {"error": 0, "warning": 0, "notice": 0}}


# --------------------------------------------------------------------------- github

# ::<command> file=<prop>[,line=<n>],title=<prop>::<data>; a property cannot hold a raw ',' ':' '\r' '\n'
# (escaped as %2C %3A %0D %0A) and '%' is %25 everywhere; the data cannot hold a raw '\r' or '\n'.
COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:\r\n]*)(?:,line=(\d+))?,title=([^,:\r\n]*)::([^\r\n]*)$")


def _unescape_data(text):
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_prop(text):
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def test_github_lines_are_valid_workflow_commands(findings):
    out = render_github(findings)
    lines = out.splitlines()
    assert len(lines) == len(findings) + 1
    commands = [COMMAND.match(line) for line in lines[:-1]]
    assert all(commands), [line for line, m in zip(lines, commands, strict=False) if not m]
    assert not lines[-1].startswith("::")  # the summary is a plain log line
    by_file = {_unescape_prop(m.group(2)): m for m in commands}
    assert set(by_file) == {f.file for f in findings}
    for f in findings:
        m = by_file[f.file]
        assert m.group(1) == f.severity.value
        assert m.group(3) == (str(f.line) if f.line else None)
        assert _unescape_prop(m.group(4)) == f.code + (f" ({f.field})" if f.field else "")
        assert _unescape_data(m.group(5)) == f.message("it")


def test_github_escaping_exactly(findings):
    out = render_github(findings)
    assert (
        "::error file=events/teatro-verdi/rotto.yaml,line=7,title=yaml-syntax::Errore di sintassi YAML: "
        "100%25 sicuro | due: tre, quattro%0Aseconda riga%0D."
    ) in out
    assert "::error file=events/org-a/a%2Cb%3Ac%25d.yaml,title=bad-filename::" in out
    assert "::warning file=venues/villa.yaml,line=6,title=venue-far-from-comune (coordinates)::" in out
    assert "::notice file=events/pro-porcia/recital.yaml,line=5,title=conflict-nearby::" in out


def test_github_via_the_cli(repo_with_problems, capsys):
    code, out = cli(repo_with_problems, capsys, "--format", "github", "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert all(COMMAND.match(line) for line in lines[:-1])
    assert "::error file=events/teatro-verdi/concerto.yaml,line=4,title=unknown-venue (venue)::The venue" in out
    assert lines[-1] == "1 error, 1 warning, 2 notices"


# --------------------------------------------------------------------------- markdown

ROW_SPLIT = re.compile(r"(?<!\\)\|")  # a cell separator is a '|' not escaped by a backslash


def test_markdown_has_marker_one_table_per_severity_and_escapes_pipes(findings):
    out = render_markdown(findings)
    assert out.startswith("<!-- cartellone-report -->\n")
    header = "| File | Riga | Campo | Messaggio |"
    assert out.count(header) == 3  # errors, warnings, notices
    headings = re.findall(r"^#### .*$", out, re.M)
    assert headings == [
        "#### ❌ Errori da correggere (3)",
        "#### ⚠️ Avvisi (1)",
        "#### ℹ️ Note (calendario della zona) (1)",
    ]
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert len(rows) == len(findings)
    for row in rows:
        assert len(ROW_SPLIT.split(row)) == 6, row  # exactly four cells
    syntax = next(r for r in rows if "rotto.yaml" in r)
    assert "100% sicuro \\| due: tre, quattro seconda riga" in syntax
    assert "<sub>`yaml-syntax`</sub>" in syntax
    # each table holds only its severity
    sections = re.split(r"^#### ", out, flags=re.M)[1:]
    assert "unknown-venue" in sections[0] and "bad-filename" in sections[0] and "yaml-syntax" in sections[0]
    assert "venue-far-from-comune" in sections[1] and "unknown-venue" not in sections[1]
    assert "conflict-nearby" in sections[2] and "venue-far" not in sections[2]


def test_markdown_only_the_tables_it_needs_and_english(findings):
    errors_only = [f for f in findings if f.severity is Severity.ERROR]
    out = render_markdown(errors_only, lang="en")
    assert out.startswith("<!-- cartellone-report -->\n### Calendar check\n")
    assert out.count("| File | Line | Field | Message |") == 1
    assert "#### ❌ Errors to fix (3)" in out
    assert "Warnings" not in out and "Notices" not in out


def test_markdown_with_no_findings():
    out = render_markdown([])
    assert out.startswith("<!-- cartellone-report -->\n")
    assert "Nessun problema trovato" in out and "|" not in out
    assert "No problems found" in render_markdown([], lang="en")


def test_markdown_via_the_cli(repo_with_problems, capsys):
    code, out = cli(repo_with_problems, capsys, "--format", "markdown", "--lang", "en")
    assert code == 1
    assert out.startswith("<!-- cartellone-report -->")
    assert "#### ❌ Errors to fix (1)" in out and "#### ⚠️ Warnings (1)" in out
    assert "#### ℹ️ Notices (what else is on nearby) (2)" in out
    assert "| `events/teatro-verdi/concerto.yaml` | 4 | venue | The venue" in out


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_every_format_renders_every_finding_in_both_languages(findings, fmt):
    for lang in ("it", "en"):
        out = render(findings, fmt, lang)
        for f in findings:
            assert f.code in out
        assert not re.search(r"\{[a-z_]+\}", out)  # no unfilled placeholder
