"""The ``cartellone`` command: exit codes (0 clean, 1 errors, 2 usage or settings) and no tracebacks,
both in-process (``cartellone.cli.main``) and as the installed script in a subprocess."""

from __future__ import annotations

import subprocess

import pytest
from cartellone.cli import main
from support_repo import MAIN, clean_env, make_repo, write_conf, write_event

SCRIPT = MAIN / ".venv" / "bin" / "cartellone"


@pytest.fixture(autouse=True)
def _no_today_from_the_environment(monkeypatch):
    monkeypatch.delenv("CARTELLONE_TODAY", raising=False)


def run_main(capsys, *args):
    """(exit code, stdout, stderr) of ``cartellone.cli.main``; argparse's own exits count too."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def run_script(*args, cwd=None):
    proc = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=clean_env(), cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def both(capsys, *args):
    """Run the same command line both ways; they must agree on the exit code and the output."""
    code, out, err = run_main(capsys, *args)
    s_code, s_out, s_err = run_script(*args)
    assert (code, out) == (s_code, s_out), (err, s_err)
    for text in (err, s_err):
        assert "Traceback" not in text, text
    return code, out, s_err


@pytest.fixture
def clean_repo(tmp_path):
    root = make_repo(tmp_path / "repo")
    write_event(root, "teatro-verdi", "concerto", start="2026-10-03 20:45", end="22:30")
    write_event(root, "pro-porcia", "recital", category="teatro", venue="villa-correr", start="2026-10-04 18:00")
    return root


def test_the_script_is_installed():
    assert SCRIPT.is_file(), f"{SCRIPT} missing: install the package in .venv (pip install -e .)"


def test_clean_repository_exits_0(clean_repo, capsys):
    code, out, _ = both(capsys, "check", "--root", str(clean_repo))
    assert code == 0
    assert out.startswith("Risultato: 0 errori, 0 avvisi, 0 note (2 eventi")


def test_clean_repository_from_its_own_folder(clean_repo):
    code, out, err = run_script("check", cwd=clean_repo)  # --root defaults to "."
    assert code == 0, err
    assert "2 eventi" in out


def test_errors_exit_1(clean_repo, capsys):
    write_event(clean_repo, "teatro-verdi", "rotto", start="2026-10-05 20:45", venue="teatro-verdy")
    code, out, _ = both(capsys, "check", "--root", str(clean_repo))
    assert code == 1
    assert "events/teatro-verdi/rotto.yaml:4: errore unknown-venue [venue]" in out


def test_warnings_and_notices_alone_exit_0(clean_repo, capsys):
    write_event(clean_repo, "teatro-verdi", "notte", start="2026-10-25 02:30", end="03:30")  # dst-repeat warning
    code, out, _ = both(capsys, "check", "--root", str(clean_repo), "--format", "json")
    assert code == 0
    assert '"code": "dst-repeat"' in out


def test_conflict_errors_exit_1(clean_repo, capsys):
    write_event(clean_repo, "teatro-verdi", "ospite", start="2026-10-03 21:00", end="23:00")
    code, out, _ = both(capsys, "check", "--root", str(clean_repo), "--lang", "en")
    assert code == 1
    assert "error conflict-venue" in out


def test_missing_root_exits_2(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    code, out, err = both(capsys, "check", "--root", str(missing))
    assert code == 2 and out == ""
    assert str(missing) in err


def test_root_that_is_a_file_exits_2(tmp_path, capsys):
    (tmp_path / "file.txt").write_text("x")
    code, out, _ = both(capsys, "check", "--root", str(tmp_path / "file.txt"))
    assert code == 2 and out == ""


def test_usage_errors_exit_2(clean_repo, capsys):
    for args in (
        ["check", "--root", str(clean_repo), "--format", "xml"],
        ["check", "--lang", "fr"],
        ["frobnicate"],
        [],
    ):
        code, _, err = both(capsys, *args)
        assert code == 2, args
        assert "usage:" in err


def test_invalid_settings_list_every_problem_and_exit_2(clean_repo, capsys):
    write_conf(clean_repo, {"conflicts": {"venue_severity": "loud"}, "tiemzone": "x"})
    code, out, err = both(capsys, "check", "--root", str(clean_repo))
    assert code == 2 and out == ""
    assert "venue_severity" in err and "'loud'" in err
    assert "tiemzone" in err
    problems = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(problems) == 2, err


@pytest.mark.parametrize(
    "conf",
    [
        {"conflicts": {"evening_from": "25:00"}},
        {"conflicts": {"evening_from": 18}},
        {"conflicts": {"nearby_km": -1}},
        {"conflicts": {"same_province": "yes"}},
        {"timezone": "Europe/Pordenone"},
        {"today": "domani"},
    ],
    ids=["evening-from-hour", "evening-from-number", "negative-km", "bool", "timezone", "today"],
)
def test_one_invalid_setting_exits_2(clean_repo, capsys, conf):
    write_conf(clean_repo, conf)
    code, out, err = both(capsys, "check", "--root", str(clean_repo))
    assert code == 2 and out == ""
    assert "invalid settings" in err


@pytest.mark.parametrize(
    "text",
    [
        'CARTELLONE = {"conflicts": {\n',
        'CARTELLONE = ["x"]\n',
        'CARTELLONE = {"conflicts": ["x"]}\n',
        "raise RuntimeError('boom')\n",
    ],
    ids=["syntax-error", "not-a-dict", "conflicts-not-a-dict", "raises"],
)
def test_a_broken_pelicanconf_exits_2_without_traceback(clean_repo, capsys, text):
    (clean_repo / "pelicanconf.py").write_text(text)
    code, out, err = both(capsys, "check", "--root", str(clean_repo))
    assert code == 2 and out == ""
    assert "pelicanconf.py" in err


# --------------------------------------------------------------------------- never a traceback


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"title: \x00\x01\x02\n",
        b"\xef\xbb\xbf\xff\xfe",
        b"\x07\x1b[31m title: x",
    ],
    ids=["all-bytes", "png", "nul", "bom-then-garbage", "control-chars"],
)
def test_a_binary_file_as_event(clean_repo, capsys, content):
    (clean_repo / "events" / "teatro-verdi" / "binario.yaml").write_bytes(content)
    for fmt in ("text", "json", "github", "markdown"):
        code, out, _ = both(capsys, "check", "--root", str(clean_repo), "--format", fmt)
        assert code == 1
        assert "binario.yaml" in out


def test_a_binary_file_with_another_name(clean_repo, capsys):
    (clean_repo / "events" / "teatro-verdi" / "dati.bin").write_bytes(bytes(range(256)))
    (clean_repo / "events" / "teatro-verdi" / "locandina.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    code, out, _ = both(capsys, "check", "--root", str(clean_repo))
    assert code == 1
    assert "bad-filename" in out and "locandina.jpg" not in out


def test_an_empty_events_folder(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    assert list((root / "events").iterdir()) == []
    code, out, _ = both(capsys, "check", "--root", str(root))
    assert code == 0
    assert "0 eventi" in out


def test_no_events_folder_at_all(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    (root / "events").rmdir()
    code, _, _ = both(capsys, "check", "--root", str(root))
    assert code == 0


def test_an_empty_event_file(clean_repo, capsys):
    (clean_repo / "events" / "teatro-verdi" / "vuoto.yaml").write_text("")
    code, out, _ = both(capsys, "check", "--root", str(clean_repo))
    assert code == 1 and "empty-file" in out


def test_a_root_without_pelicanconf(tmp_path, capsys):
    root = make_repo(tmp_path / "repo", conf=False)
    write_event(root, "teatro-verdi", "concerto", start="2026-10-03 20:45", end="22:30")
    assert not (root / "pelicanconf.py").exists()
    code, out, _ = both(capsys, "check", "--root", str(root))
    assert code == 0 and "1 eventi" in out


def test_a_bare_folder(tmp_path, capsys):
    # no pelicanconf.py and no data/comuni-fvg.csv: a settings problem, said plainly
    code, out, err = both(capsys, "check", "--root", str(tmp_path))
    assert code == 2 and out == ""
    assert "comuni_file" in err


# --------------------------------------------------------------------------- the real sample data


@pytest.mark.sample
def test_the_sample_data_is_clean():
    events = list((MAIN / "events").rglob("*.yaml"))
    assert len(events) >= 100, (
        f"sample data missing: {len(events)} event files in {MAIN / 'events'} (needs >= 100); "
        "run without it with -m 'not sample'"
    )
    code, out, err = run_script("check", "--root", str(MAIN))
    assert "Traceback" not in err
    assert code == 0, out[-3000:] + err
