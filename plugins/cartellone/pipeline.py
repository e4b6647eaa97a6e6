"""The checker's pipeline, top to bottom: settings -> load -> (since) -> conflicts -> findings.

Used by the CLI, by the Pelican glue and by the benchmark, so all three run the same rules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .conflicts import find_conflicts
from .findings import Finding
from .model import Catalogue
from .repository import load_repository
from .settings import Settings
from .since import compare, restrict


@dataclass
class CheckResult:
    catalogue: Catalogue
    findings: list[Finding]
    timings: dict = field(default_factory=dict)

    @property
    def stats(self) -> str:
        c = self.catalogue
        return (
            f"{len(c.events)} eventi, {len(c.organisers)} organizzatori, {len(c.venues)} luoghi, "
            f"{len(c.providers)} fornitori"
        )


def run_check(settings: Settings, since: str | None = None, workers: int | None = None) -> CheckResult:
    """Load, validate and check conflicts; with ``since``, report only what the change touches."""
    t0 = time.perf_counter()
    loaded = load_repository(settings, workers=workers)
    t1 = time.perf_counter()
    findings = list(loaded.findings)
    focus = None
    if since:
        change = compare(settings.root, since, set(loaded.catalogue.events))
        findings = restrict(findings, change.touched) + change.findings
        focus = {e.identity for e in loaded.catalogue.events.values() if e.file in change.touched}
    findings += find_conflicts(loaded.catalogue, settings.conflicts, focus=focus, today=settings.today)
    t2 = time.perf_counter()
    return CheckResult(loaded.catalogue, findings, {"load": t1 - t0, "conflicts": t2 - t1})
