"""Shared fixtures. The same helpers are plain functions in ``tests/helpers.py``.

- ``make_repo()``: lay out a minimal repository (comuni CSV, organiser ``org-a``, venue
  ``teatro-x``) in a fresh folder under ``tmp_path`` and return its root; ``make_repo(path)`` uses
  ``path`` instead; keyword arguments ``organiser=False`` / ``venue=False`` leave those files out.
- ``repo``: one such repository, already made.
- ``write_event(repo, organiser, name, text)``: write ``events/<organiser>/<name>.yaml`` (dedented).
- ``load(repo)``: ``repository.load_repository(Settings.from_mapping(repo, {}, env={}))``.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import helpers
from helpers import (  # noqa: F401  (re-exported for tests that import from conftest)
    COMUNE,
    EVENT_YAML,
    ORGANISER,
    ORGANISER_YAML,
    REPO_ROOT,
    VENUE,
    VENUE_YAML,
    codes,
    for_file,
    only,
    settings_for,
    write_file,
    write_organiser,
    write_venue,
)


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files (tests/golden/data) instead of comparing with them",
    )


@pytest.fixture
def make_repo(tmp_path):
    """Factory: ``make_repo(root=None, **kw) -> Path``; each call without ``root`` gets a new folder."""
    counter = itertools.count()

    def _make(root: Path | None = None, **kw) -> Path:
        if root is None:
            n = next(counter)
            root = tmp_path / ("repo" if n == 0 else f"repo{n}")
        return helpers.make_repo(root, **kw)

    return _make


@pytest.fixture
def repo(make_repo) -> Path:
    """A minimal repository, ready for ``write_event``."""
    return make_repo()


@pytest.fixture
def write_event():
    return helpers.write_event


@pytest.fixture
def load():
    return helpers.load
