"""Controlled vocabularies and reference data, loaded once.

National vocabularies ship with the package (``vocab/``): the AgID public-event-types scheme, our
calendar categories mapped onto it, and the small lists in ``vocabularies.yaml``. The Region's comuni
are region data (a setting names the CSV), so another region needs no code change.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

VOCAB_DIR = Path(__file__).parent / "vocab"


@dataclass(frozen=True, slots=True)
class Category:
    key: str  # calendar slug, or the AgID code when the event names a code directly
    label_it: str
    label_en: str
    agid_code: str
    agid_uri: str
    schema_type: str
    family: str

    def label(self, lang: str = "it") -> str:
        return self.label_en if lang == "en" else self.label_it


@dataclass(frozen=True, slots=True)
class Comune:
    istat: str
    name: str
    province: str  # abbreviation, e.g. UD
    lat: float
    lon: float


@dataclass(frozen=True)
class Vocabularies:
    """Every controlled list, keyed by the value content files use."""

    lists: dict  # name -> {key: {it, en}}
    categories: dict  # slug -> Category
    agid: dict  # code -> row dict

    def __getattr__(self, name):  # audiences, languages, ... straight from vocabularies.yaml
        lists = self.__dict__.get("lists", {})
        if name in lists:
            return lists[name]
        raise AttributeError(name)

    @property
    def agid_codes(self) -> list[str]:
        return list(self.agid)

    def label(self, list_name: str, key: str, lang: str = "it") -> str:
        entry = self.lists[list_name].get(key)
        if entry is None:
            return key
        return entry.get(lang) or entry["it"]

    @cached_property
    def _agid_categories(self) -> dict:
        out = {}
        by_code = {}
        for c in self.categories.values():
            by_code.setdefault(c.agid_code, c)
        for code, row in self.agid.items():
            ours = by_code.get(code)
            family = ours.family if ours else (row["parent_code"] or code)
            schema_type = row["schema_org"].split("|")[-1] if row["schema_org"] else "Event"
            if code == "1.1.5":
                schema_type = "MusicEvent"  # the source also lists DanceEvent by mistake (SOURCE.md)
            if code == "1.1.8":
                schema_type = "ScreeningEvent"
            out[code] = Category(
                key=code,
                label_it=row["label_it"],
                label_en=row["label_en"],
                agid_code=code,
                agid_uri=row["uri"],
                schema_type=schema_type,
                family=family,
            )
        return out

    def category(self, key: str) -> Category | None:
        """The category for a slug or an AgID code, or None."""
        return self.categories.get(key) or self._agid_categories.get(key)


@lru_cache(maxsize=1)
def load_vocabularies(folder: Path = VOCAB_DIR) -> Vocabularies:
    lists = yaml.load((folder / "vocabularies.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    with (folder / "public-event-types.csv").open(encoding="utf-8", newline="") as fh:
        agid = {row["code"]: row for row in csv.DictReader(fh)}
    categories = {}
    with (folder / "categories.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["agid_code"]
            categories[row["slug"]] = Category(
                key=row["slug"],
                label_it=row["label_it"],
                label_en=row["label_en"],
                agid_code=code,
                agid_uri=agid[code]["uri"],
                schema_type=row["schema_type"],
                family=row["family"],
            )
    return Vocabularies(lists=lists, categories=categories, agid=agid)


@lru_cache(maxsize=8)
def load_comuni(path: Path) -> dict[str, Comune]:
    """ISTAT code -> Comune, from a CSV with istat_code, name, province_abbr, latitude, longitude."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {
            row["istat_code"]: Comune(
                istat=row["istat_code"],
                name=row["name"],
                province=row["province_abbr"],
                lat=float(row["latitude"]),
                lon=float(row["longitude"]),
            )
            for row in csv.DictReader(fh)
        }


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance (haversine), good to a few metres at regional scale."""
    r = 6371.0088
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
