"""Small, self-contained helpers that lay out a temporary Cartellone repository.

Used by test_conflicts, test_since, test_report and test_cli (independent of conftest.py/helpers.py).

The layout: data/comuni-fvg.csv (copied from the real repository), a pelicanconf.py with a fixed
``today``, three organisers and four venues:

============================  ==========  =========================================
venue id                      comune      note
============================  ==========  =========================================
``teatro-verdi``              093033      Pordenone
``auditorium-concordia``      093033      Pordenone (other venue, same comune)
``villa-correr``              093032      Porcia (nearby: ~4 km from Pordenone)
``teatro-rossetti``           032006      Trieste (far, other province)
============================  ==========  =========================================

Event files are written as YAML whose values are JSON scalars/flows (JSON is valid YAML), so every
time and code is quoted and each top-level key is on its own line, in the order given.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

MAIN = Path(__file__).resolve().parent.parent
COMUNI_CSV = MAIN / "data" / "comuni-fvg.csv"
TODAY = date(2026, 1, 1)

PORDENONE, PORCIA, TRIESTE = "093033", "093032", "032006"

ORGANISERS = {
    "teatro-verdi": {"name": "Teatro Verdi Pordenone", "kind": "teatro", "comune": PORDENONE},
    "pro-porcia": {"name": "Pro Loco Porcia", "kind": "pro-loco", "comune": PORCIA},
    "rossetti": {"name": "Teatro Stabile Rossetti", "kind": "teatro", "comune": TRIESTE},
}

VENUES = {
    "teatro-verdi": {
        "name": "Teatro Verdi",
        "kind": "teatro",
        "address": "Viale Franco Martelli, 2",
        "postal_code": "33170",
        "comune": PORDENONE,
        "coordinates": {"lat": 45.9596, "lon": 12.6563},
    },
    "auditorium-concordia": {
        "name": "Auditorium Concordia",
        "kind": "auditorium",
        "address": "Via Interna, 2",
        "postal_code": "33170",
        "comune": PORDENONE,
        "coordinates": {"lat": 45.9560, "lon": 12.6610},
    },
    "villa-correr": {
        "name": "Villa Correr",
        "kind": "castello",
        "address": "Via Correr, 1",
        "postal_code": "33080",
        "comune": PORCIA,
        "coordinates": {"lat": 45.9630, "lon": 12.6163},
    },
    "teatro-rossetti": {
        "name": "Politeama Rossetti",
        "kind": "teatro",
        "address": "Viale XX Settembre, 45",
        "postal_code": "34126",
        "comune": TRIESTE,
        "coordinates": {"lat": 45.6519, "lon": 13.7836},
    },
}

DEFAULT_CONF = {"today": TODAY.isoformat(), "timezone": "Europe/Rome"}


def dump(data: dict) -> str:
    """YAML text for a flat mapping: one ``key: <json>`` line per key (line n = n-th key)."""
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


def write_conf(root: Path, cartellone: dict | None = None, extra: str = "") -> None:
    conf = dict(DEFAULT_CONF) if cartellone is None else cartellone
    (root / "pelicanconf.py").write_text(
        f'TIMEZONE = "Europe/Rome"\nSITENAME = "Test"\nCARTELLONE = {conf!r}\n{extra}', encoding="utf-8"
    )


def make_repo(base: Path, conflicts: dict | None = None, conf: bool = True, today: date = TODAY) -> Path:
    """A minimal repository under ``base`` (returned), with organisers, venues and no events."""
    root = Path(base)
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(COMUNI_CSV, root / "data" / "comuni-fvg.csv")
    for folder in ("events", "organisers", "venues", "providers"):
        (root / folder).mkdir(exist_ok=True)
    for ident, data in ORGANISERS.items():
        (root / "organisers" / f"{ident}.yaml").write_text(dump(data), encoding="utf-8")
    for ident, data in VENUES.items():
        (root / "venues" / f"{ident}.yaml").write_text(dump(data), encoding="utf-8")
    if conf:
        cartellone = dict(DEFAULT_CONF, today=today.isoformat())
        if conflicts:
            cartellone["conflicts"] = dict(conflicts)
        write_conf(root, cartellone)
    return root


def event_data(title: str = "Evento", category: str = "concerto", venue: str | None = "teatro-verdi", **fields) -> dict:
    """A valid event mapping; ``fields`` are added in order after the required ones."""
    data: dict = {"title": title, "summary": f"{title}: descrizione breve.", "category": category}
    if venue is not None:
        data["venue"] = venue
    data.update(fields)
    return data


def write_event(root: Path, organiser: str, slug: str, title: str | None = None, **fields) -> Path:
    """Write ``events/<organiser>/<slug>.yaml`` and return its path."""
    path = root / "events" / organiser / f"{slug}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(event_data(title or slug.replace("-", " ").title(), **fields)), encoding="utf-8")
    return path


def settings_for(root: Path, **conflicts):
    """The repository's settings (``today`` from its pelicanconf.py, never from the environment)."""
    from cartellone.settings import read_settings

    settings = read_settings(root, env={})
    if conflicts:
        from dataclasses import replace

        settings = replace(settings, conflicts=replace(settings.conflicts, **conflicts))
    return settings


def load(root: Path, **conflicts):
    """(settings, LoadResult) for the repository at ``root``."""
    from cartellone.repository import load_repository

    settings = settings_for(root, **conflicts)
    return settings, load_repository(settings, workers=1)


def check(root: Path, since: str | None = None, **conflicts):
    """The pipeline's findings for the repository at ``root``."""
    from cartellone.pipeline import run_check

    return run_check(settings_for(root, **conflicts), since=since, workers=1).findings


def clean_env(**extra) -> dict:
    """os.environ without CARTELLONE_TODAY (tests fix "today" in pelicanconf.py), plus ``extra``."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "CARTELLONE_TODAY"}
    env.update(extra)
    return env


def by_code(findings, code: str) -> list:
    return [f for f in findings if f.code == code]


def codes_for(findings, file: str) -> list[str]:
    """The codes of the findings about ``file`` (a path relative to the root)."""
    return sorted(f.code for f in findings if f.file == file)


def git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return out.stdout


def git_init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "commit.gpgsign", "false")


def commit_all(root: Path, message: str = "commit") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()
