"""Findings: what the checker says about the content, in Italian and English.

A finding names the file, line and field, has a severity and a stable code, and renders its message
from the catalogue in ``messages.py``. Findings are values: the loader, validator and conflict
checker return them, nothing raises on bad content.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .messages import MESSAGES


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the checker has to say, about one place in one file."""

    code: str
    file: str
    line: int | None = None
    field: str | None = None
    params: tuple[tuple[str, object], ...] = ()
    severity: Severity = Severity.ERROR
    related: tuple[str, ...] = ()

    def message(self, lang: str = "it") -> str:
        """The message in ``lang`` (Italian unless English is asked for)."""
        entry = MESSAGES[self.code]
        template = entry.get(lang) or entry["it"]
        params = dict(self.params)
        if self.field is not None:  # templates may name the finding's field, e.g. yaml-duplicate-key
            params.setdefault("field", self.field)
        return template.format_map(_Params(params))

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.severity.rank, self.code, self.field or "")

    def as_dict(self, lang: str = "it") -> dict:
        return {
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message(lang),
            "related": list(self.related),
        }


class _Params(dict):
    """Format mapping that leaves unknown placeholders visible instead of raising."""

    def __init__(self, pairs):
        super().__init__(pairs)

    def __missing__(self, key):
        return "{" + key + "}"


def finding(
    code: str,
    file: str,
    line: int | None = None,
    field: str | None = None,
    severity: Severity | None = None,
    related: tuple[str, ...] = (),
    **params,
) -> Finding:
    """Build a finding with the catalogue's default severity unless one is given."""
    if code not in MESSAGES:
        raise KeyError(f"unknown finding code {code!r}")
    severity = Severity(severity if severity is not None else MESSAGES[code]["severity"])
    return Finding(
        code=code,
        file=file,
        line=line,
        field=field,
        params=tuple(sorted(params.items())),
        severity=severity,
        related=tuple(related),
    )


def has_errors(findings) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
