"""The Region's settings: read from ``pelicanconf.py``, validated all at once, frozen.

``CARTELLONE`` in ``pelicanconf.py`` is a plain dict; ``Settings.from_mapping`` checks every key and
returns every problem together (like MkDocs' config validation), so a typo in the conflict rules is a
clear message, not a surprise at build time.
"""

from __future__ import annotations

import os
import re
import runpy
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SEVERITIES = ("error", "warning", "notice", "off")


class SettingsError(Exception):
    """Raised with every settings problem listed, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ConflictRules:
    venue_severity: str = "error"
    comune_severity: str = "warning"
    evening_from: str = "18:00"
    nearby_severity: str = "notice"
    nearby_km: float = 15.0
    same_province: bool = True
    long_running_days: int = 7
    default_duration_minutes: int = 120
    suggest_days: int = 21
    suggest_count: int = 3
    max_related: int = 5


@dataclass(frozen=True)
class Settings:
    root: Path
    region_name: str = "Friuli Venezia Giulia"
    site_name: str = "Cartellone"
    site_url: str = ""
    timezone: str = "Europe/Rome"
    languages: tuple[str, ...] = ("it", "en")
    comuni_file: str = "data/comuni-fvg.csv"
    repository_url: str = ""
    uid_domain: str = "cartellone.example.org"
    # DCAT-AP_IT (dati/catalogo.jsonld): the publishing administration's code in the IPA index (the
    # publisher's and rights holder's dct:identifier) and the e-mail of the data's contact point.
    publisher_id: str = ""
    contact_email: str = ""
    today: date | None = None
    max_file_bytes: int = 256 * 1024
    # Calendar feeds (docs/feeds.md): name prefix, rolling window, size limits, stamp outside git.
    feed_name: str = "Cultura FVG"
    feed_past_days: int = 60
    feed_future_days: int = 365
    feed_warn_bytes: int = 800_000
    feed_max_bytes: int = 1_000_000
    feed_fallback_stamp: str = "2026-01-01T00:00:00Z"
    conflicts: ConflictRules = field(default_factory=ConflictRules)

    @cached_property
    def tz(self) -> ZoneInfo:
        """The zone (read once: pages and feeds ask for it per event)."""
        return ZoneInfo(self.timezone)

    @property
    def comuni_path(self) -> Path:
        return self.root / self.comuni_file

    @classmethod
    def from_mapping(cls, root: Path, values: dict, env: dict | None = None) -> Settings:
        """Build settings from ``CARTELLONE`` plus Pelican's own keys; list every problem at once."""
        env = os.environ if env is None else env
        problems: list[str] = []
        known = {f.name for f in fields(cls)} - {"root", "conflicts"}
        conf = dict(values.get("CARTELLONE") or {})
        kwargs: dict = {}
        for key, value in conf.items():
            if key == "conflicts":
                continue
            if key not in known:
                problems.append(f"CARTELLONE[{key!r}]: unknown setting; known: {', '.join(sorted(known))}")
                continue
            kwargs[key] = value
        if "SITEURL" in values and "site_url" not in kwargs:
            kwargs["site_url"] = values["SITEURL"]
        if "SITENAME" in values and "site_name" not in kwargs:
            kwargs["site_name"] = values["SITENAME"]
        if "TIMEZONE" in values and "timezone" not in kwargs:
            kwargs["timezone"] = values["TIMEZONE"]
        if "languages" in kwargs:
            kwargs["languages"] = tuple(kwargs["languages"])
        today = env.get("CARTELLONE_TODAY") or kwargs.get("today")
        if today is not None and not isinstance(today, date):
            try:
                today = date.fromisoformat(str(today))
            except ValueError:
                problems.append(f"today / CARTELLONE_TODAY: {today!r} is not a date (YYYY-MM-DD)")
                today = None
        kwargs["today"] = today
        for key in ("feed_past_days", "feed_future_days", "feed_warn_bytes", "feed_max_bytes"):
            value = kwargs.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                problems.append(f"{key}: {value!r} must be a non-negative whole number")
        email = kwargs.get("contact_email")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(email)):
            problems.append(f"contact_email: {email!r} is not an e-mail address such as opendata@example.it")
        stamp = kwargs.get("feed_fallback_stamp")
        if stamp is not None:
            try:
                datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
            except ValueError:
                problems.append(f"feed_fallback_stamp: {stamp!r} is not a date-time such as 2026-01-01T00:00:00Z")
        try:
            ZoneInfo(str(kwargs.get("timezone", cls.timezone)))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"timezone: {kwargs.get('timezone')!r} is not an IANA time zone such as Europe/Rome")
        rules = ConflictRules()
        rule_names = {f.name: f for f in fields(ConflictRules)}
        for key, value in (conf.get("conflicts") or {}).items():
            if key not in rule_names:
                problems.append(
                    f"CARTELLONE['conflicts'][{key!r}]: unknown rule setting; known: {', '.join(sorted(rule_names))}"
                )
                continue
            default = getattr(rules, key)
            if key.endswith("_severity") and value not in SEVERITIES:
                problems.append(f"conflicts.{key}: {value!r} must be one of {', '.join(SEVERITIES)}")
                continue
            if key == "evening_from" and not (
                isinstance(value, str) and re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value)
            ):
                problems.append(f'conflicts.{key}: {value!r} must be a time HH:MM such as "18:00"')
                continue
            if isinstance(default, bool) and not isinstance(value, bool):
                problems.append(f"conflicts.{key}: {value!r} must be true or false")
                continue
            if (
                isinstance(default, (int, float))
                and not isinstance(default, bool)
                and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0)
            ):
                problems.append(f"conflicts.{key}: {value!r} must be a non-negative number")
                continue
            rules = replace(rules, **{key: value})
        settings = cls(root=Path(root), conflicts=rules, **kwargs)
        if not settings.comuni_path.is_file():
            problems.append(f"comuni_file: {settings.comuni_path} does not exist")
        if problems:
            raise SettingsError(problems)
        return settings


def read_settings(root: Path, env: dict | None = None) -> Settings:
    """Settings of the repository at ``root``, from its ``pelicanconf.py`` (defaults if absent)."""
    root = Path(root).resolve()
    conf_path = root / "pelicanconf.py"
    values: dict = {}
    if conf_path.is_file():
        values = {k: v for k, v in runpy.run_path(str(conf_path)).items() if k.isupper()}
    return Settings.from_mapping(root, values, env)
