"""Thin Pelican glue: where the calendar hooks into Pelican's lifecycle, in build order.

1. ``initialized`` -> ``check_content``: load, validate and check conflicts before Pelican touches
   the output folder; stop (exit 1, no traceback) on errors, so nothing broken is published and
   nothing already published is silently dropped. Also checks that the theme's npm assets are there.
2. ``get_generators`` -> ``CartelloneGenerator``: its ``generate_output`` writes the pages of events,
   organisers, venues and providers, the feeds and the open data (``site.write_site``).
3. ``finalized`` -> ``finish_build``: self-hosted Bootstrap Italia assets, pruned to what the pages
   use (``theme_assets.finish_assets``, over the PurgeCSS run ``write_site`` started), then the build's
   summary.
"""

from __future__ import annotations

import logging
import subprocess
import time
from datetime import date, datetime
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from .findings import Severity
from .pipeline import run_check
from .report import summary
from .settings import Settings, SettingsError

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
REPORT_KEY = "_CARTELLONE_SITE"
STARTED_KEY = "_CARTELLONE_STARTED"
BUILD_LOG_WARNINGS = 50  # warnings a build prints in full (errors: all of them)


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
    from .site import template_globals
    from .theme_assets import AssetsError, check_sources

    pelican_object.settings[STARTED_KEY] = time.perf_counter()
    root = Path(pelican_object.settings["PATH"]).resolve().parent
    try:
        check_sources(root)
    except AssetsError as exc:
        raise ContentError(str(exc)) from None
    try:
        # The settings of this build (pelicanconf.py, or publishconf.py with the public SITEURL).
        cal_settings = Settings.from_mapping(root, pelican_object.settings)
    except SettingsError as exc:
        for problem in exc.problems:
            log.error("CARTELLONE: %s", problem)
        raise ContentError("impostazioni non valide in pelicanconf.py / invalid settings") from None
    result = run_check(cal_settings)
    log_findings(result.findings)
    if any(f.severity is Severity.ERROR for f in result.findings):
        raise ContentError(
            f"{summary(result.findings)}: correggi gli errori elencati sopra (dettagli: make check) "
            "/ fix the errors above; il sito pubblicato non è stato modificato"
        )
    pelican_object.settings[RESULT_KEY] = (cal_settings, result, build_today(cal_settings, root))
    # Our helpers for every template, Pelican's (guides, pages) included.
    pelican_object.settings["JINJA_GLOBALS"] = {
        **pelican_object.settings.get("JINJA_GLOBALS", {}),
        **template_globals(cal_settings),
    }


def log_findings(findings, most_warnings: int = BUILD_LOG_WARNINGS) -> None:
    """Every error, and the first ``most_warnings`` warnings, then how many more there are: a build log
    with hundreds of date clashes helps nobody (``make check`` and the pull request report list them all)."""
    shown = 0
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    for f in findings:
        if f.severity is Severity.ERROR or (f.severity is Severity.WARNING and shown < most_warnings):
            shown += f.severity is Severity.WARNING
            level = logging.ERROR if f.severity is Severity.ERROR else logging.WARNING
            log.log(level, "%s:%s: %s: %s", f.file, f.line or "", f.code, f.message("it"))
    if warnings > shown:
        more = warnings - shown
        log.warning(
            "CARTELLONE: altri %d avvisi non mostrati, `make check` li elenca tutti / %d more warnings not shown, "
            "`make check` lists them all",
            more,
            more,
        )


class CartelloneGenerator(Generator):
    """Writes the pages of events, organisers, venues and providers from the checked catalogue."""

    def generate_context(self):
        self.cal_settings, result, self.today = self.settings[RESULT_KEY]
        self.catalogue = result.catalogue
        self.findings = result.findings

    def generate_output(self, writer):
        from .site import write_site

        self.settings[REPORT_KEY] = write_site(self, writer, say=console.print)


def finish_build(pelican_object) -> None:
    """``finalized`` hook: finish the theme's assets (``theme_assets``, started by ``write_site``), then log a
    summary."""
    from .theme_assets import finish_assets

    settings = pelican_object.settings
    report = settings.get(REPORT_KEY)
    if report is None:
        return
    output = Path(pelican_object.output_path)
    assets = finish_assets(output, report.assets, theme_dir=Path(settings["THEME"]))
    for warning in report.warnings:
        log.warning("%s", warning)
    elapsed = time.perf_counter() - settings.get(STARTED_KEY, time.perf_counter())
    _, result, _ = settings[RESULT_KEY]
    steps = {"controllo": sum(result.timings.values()), **report.timings, "asset": assets.seconds}
    console.print(
        f"Cartellone: {report.pages} pagine (it+en), {report.feeds} calendari iCal, {len(report.data_files)} file "
        f"di dati, {len(report.warnings)} avvisi, CSS {assets.css_bytes // 1000} kB, {assets.icons} icone; "
        f"{elapsed:.1f} s in tutto (" + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()) + ")"
    )
    if report.missing:
        log.warning("Cartellone: moduli non ancora collegati / not connected yet: %s", ", ".join(report.missing))


def _get_generators(pelican_object):
    return CartelloneGenerator


def register():
    signals.initialized.connect(check_content)
    signals.get_generators.connect(_get_generators)
    signals.finalized.connect(finish_build)
