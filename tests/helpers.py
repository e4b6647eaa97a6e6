"""Plain helpers shared by the tests: build a minimal content repository in a temporary folder, or
copy this repository and build it with the real ``pelican`` command (``copy_repo``, ``pelican``,
``build``).

Everything here is an ordinary function, importable as ``from helpers import make_repo, write_event,
load`` (pytest puts ``tests/`` on ``sys.path``); ``conftest.py`` exposes the same names as fixtures.

The repository laid out by ``make_repo``::

    <root>/data/comuni-fvg.csv          copied from the real repository
    <root>/organisers/org-a.yaml        an organiser in Pordenone ("093033")
    <root>/venues/teatro-x.yaml         a theatre in Pordenone (45.9626, 12.6563)
    <root>/events/                      empty: tests write events with ``write_event``

No ``pelicanconf.py``: ``load`` builds the settings from defaults (``Settings.from_mapping(root, {},
env={})``), so the result does not depend on the environment (``CARTELLONE_TODAY`` is ignored).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from cartellone import repository
from cartellone.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
COMUNI_CSV = REPO_ROOT / "data" / "comuni-fvg.csv"

ORGANISER = "org-a"
VENUE = "teatro-x"
COMUNE = "093033"  # Pordenone

ORGANISER_YAML = """\
name: Organizzatore A
kind: associazione
comune: "093033"
"""

VENUE_YAML = """\
name: Teatro X
kind: teatro
address: Viale Franco Martelli, 2
postal_code: "33170"
comune: "093033"
coordinates: {lat: 45.9626, lon: 12.6563}
"""

# A minimal valid event at the fixture venue (a one-off timed event).
EVENT_YAML = """\
title: Concerto
summary: Un concerto
category: concerto
venue: teatro-x
start: "2026-12-20 20:45"
end: "22:30"
"""


# What a copy of this repository needs to build (``plugins`` is linked, not copied).
COPIED = ("pelicanconf.py", "publishconf.py", "theme", "data", "content", "events", "organisers", "venues", "providers")


def copy_repo(dest: Path) -> Path:
    """Copy this repository's content, settings and theme into ``dest`` (plugins linked); return it."""
    dest.mkdir(parents=True)
    for name in COPIED:
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    (dest / "plugins").symlink_to(REPO_ROOT / "plugins", target_is_directory=True)
    return dest


def pelican(root: Path, output: Path, settings: str = "pelicanconf.py", **env: str) -> subprocess.CompletedProcess:
    """Run the real ``pelican`` command in ``root``, as ``make html`` does, with a clean environment:
    ``PATH``, ``COLUMNS`` and the variables given (e.g. ``CARTELLONE_TODAY``)."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "pelican"), "content", "-s", settings, "-o", str(output)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", **env},
        timeout=300,
    )


def build(root: Path, output: Path, today: str = "2026-12-01") -> subprocess.CompletedProcess:
    """Build with ``pelicanconf.py`` on a fixed day."""
    return pelican(root, output, CARTELLONE_TODAY=today)


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write_file(repo: Path, rel: str, text: str | bytes, *, dedent: bool = True) -> Path:
    """Write ``text`` (dedented) or raw bytes at ``repo/rel``, creating folders; returns the path."""
    path = Path(repo) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(_dedent(text) if dedent else text, encoding="utf-8")
    return path


def write_organiser(repo: Path, ident: str, text: str = ORGANISER_YAML) -> Path:
    """Write ``organisers/<ident>.yaml``."""
    return write_file(repo, f"organisers/{ident}.yaml", text)


def write_venue(repo: Path, ident: str, text: str = VENUE_YAML) -> Path:
    """Write ``venues/<ident>.yaml``."""
    return write_file(repo, f"venues/{ident}.yaml", text)


def write_event(repo: Path, organiser: str, name: str, text: str | bytes, *, dedent: bool = True) -> Path:
    """Write ``events/<organiser>/<name>.yaml``; ``.yaml`` is added when ``name`` has no suffix."""
    if not Path(name).suffix:
        name += ".yaml"
    return write_file(repo, f"events/{organiser}/{name}", text, dedent=dedent)


def make_repo(root: Path, *, organiser: bool = True, venue: bool = True) -> Path:
    """Lay out a minimal repository in ``root`` (created if missing) and return ``root``."""
    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(COMUNI_CSV, root / "data" / "comuni-fvg.csv")
    for folder in ("events", "organisers", "venues"):
        (root / folder).mkdir(exist_ok=True)
    if organiser:
        write_organiser(root, ORGANISER)
    if venue:
        write_venue(root, VENUE)
    return root


def settings_for(repo: Path, **conf) -> Settings:
    """Default settings for ``repo``; keyword arguments become ``CARTELLONE`` entries."""
    values = {"CARTELLONE": conf} if conf else {}
    return Settings.from_mapping(Path(repo), values, env={})


def load(repo: Path, **conf) -> repository.LoadResult:
    """Load the whole repository with default settings (``repository.load_repository``)."""
    return repository.load_repository(settings_for(repo, **conf))


def codes(findings) -> list[str]:
    """The codes of ``findings``, in order."""
    return [f.code for f in findings]


def only(findings, code: str):
    """The one finding with ``code``; fails with the full list when there is not exactly one."""
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, f"expected one {code!r}, got {[(f.code, f.file, f.line, f.field) for f in findings]}"
    return hits[0]


def for_file(findings, rel: str) -> list:
    """Findings about the file ``rel`` (a path relative to the repository root)."""
    return [f for f in findings if f.file == rel]
