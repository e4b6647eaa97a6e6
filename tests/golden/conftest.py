"""Golden-file tests of the calendar feeds; ``--regen-golden`` rewrites the files in ``data/``.

pytest reads ``pytest_addoption`` only from conftest files it loads before parsing the command line:
``tests/conftest.py`` and ``tests/test*/conftest.py`` for ``pytest tests``, this file for
``pytest tests/golden``. So:

    pytest tests/golden --regen-golden          # always works
    CARTELLONE_REGEN_GOLDEN=1 pytest tests      # works from anywhere (same effect)

If ``tests/conftest.py`` defines ``--regen-golden`` too, the option is shared (defined once).
"""

from __future__ import annotations

import contextlib
import os

import pytest


def pytest_addoption(parser):
    with contextlib.suppress(ValueError):  # already defined (tests/conftest.py)
        parser.addoption(
            "--regen-golden",
            action="store_true",
            default=False,
            help="rewrite the golden files of the tests instead of comparing with them",
        )


@pytest.fixture
def regen_golden(request) -> bool:
    """True when the golden files are to be rewritten (option or CARTELLONE_REGEN_GOLDEN=1)."""
    try:
        option = bool(request.config.getoption("--regen-golden"))
    except ValueError:
        option = False
    return option or os.environ.get("CARTELLONE_REGEN_GOLDEN", "") not in ("", "0")
