"""Thin Pelican glue: a generator that runs the checker's pipeline and writes the calendar's pages.

The build stops (exit 1, no traceback) when the content has errors, so nothing broken is published
and nothing already published is silently dropped. Pages come from ``site.py``; this module only
connects them to Pelican's lifecycle.
"""

from __future__ import annotations

import logging
import subprocess
from datetime import date, datetime
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .findings import Severity
from .pipeline import run_check
from .report import summary
from .settings import SettingsError, read_settings

log = logging.getLogger("cartellone")


class ContentError(SystemExit):
    """The content has errors, already listed in the log.

    A SystemExit, because Pelican logs any other exception with its traceback; contributors need the
    list of findings, not a traceback. Raised before Pelican cleans the output folder, so a failed build
    leaves the published site as it was.
    """

    def __init__(self, message: str):
        log.critical(message)
        super().__init__(1)


RESULT_KEY = "_CARTELLONE_CHECK"


def build_today(settings, root: Path) -> date | None:
    """'Today' for the build: the setting/env, else the last commit's date (reproducible), else None."""
    if settings.today is not None:
        return settings.today
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cI"], capture_output=True, text=True, timeout=20
        )
        if out.returncode == 0 and out.stdout.strip():
            return datetime.fromisoformat(out.stdout.strip()).astimezone(settings.tz).date()
    except (OSError, subprocess.TimeoutExpired, ValueError):
        pass
    return None


def check_content(pelican_object) -> None:
    """``initialized`` hook: run the checker before Pelican touches the output folder."""
    root = Path(pelican_object.settings["PATH"]).resolve().parent
    try:
        cal_settings = read_settings(root)
    except SettingsError as exc:
        for problem in exc.problems:
            log.error("CARTELLONE: %s", problem)
        raise ContentError("impostazioni non valide in pelicanconf.py / invalid settings") from None
    result = run_check(cal_settings)
    for f in result.findings:
        if f.severity is not Severity.NOTICE:
            level = logging.ERROR if f.severity is Severity.ERROR else logging.WARNING
            log.log(level, "%s:%s: %s: %s", f.file, f.line or "", f.code, f.message("it"))
    if any(f.severity is Severity.ERROR for f in result.findings):
        raise ContentError(
            f"{summary(result.findings)}: correggi gli errori elencati sopra (dettagli: make check) "
            "/ fix the errors above; il sito pubblicato non è stato modificato"
        )
    pelican_object.settings[RESULT_KEY] = (cal_settings, result, build_today(cal_settings, root))


class CartelloneGenerator(Generator):
    """Writes the pages of events, organisers, venues and providers from the checked catalogue."""

    def generate_context(self):
        self.cal_settings, result, self.today = self.settings[RESULT_KEY]
        self.catalogue = result.catalogue
        self.findings = result.findings

    def generate_output(self, writer):
        from .site import write_site

        write_site(self, writer)


def _get_generators(pelican_object):
    return CartelloneGenerator


def register():
    signals.initialized.connect(check_content)
    signals.get_generators.connect(_get_generators)
