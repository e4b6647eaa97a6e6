"""Files for machines, written by a side process while the pages render: the iCal feeds
(``feeds.write_feeds``), the search index (``search``) and the open data, sitemap and Atom of new
events (``dataout``). This module
only decides where each file goes; their content belongs to those modules (see integrations.py).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import date

from .i18n import LANGS, text
from .search import INDEX_PATH, search_index_json
from .urls import localized

# Open-data files: path -> UI string naming it (the feeds page, the open-data page, the DCAT catalogue).
DATA_FILES = {
    "dati/eventi.json": "data_events_json",
    "dati/eventi.csv": "data_events_csv",
    "dati/occorrenze.csv": "data_occurrences_csv",
    "dati/catalogo.jsonld": "data_catalogue",
    "novita.atom": "data_atom",
}


def write_side_outputs(site, page_paths: list[str]) -> dict:
    """iCal feeds, the search index and open-data files: run in their own process while the pages are rendered."""
    out = {"feeds": [], "warnings": [], "data_files": [], "timings": {}}
    integ, settings, catalogue, output = site.integrations, site.cal_settings, site.catalogue, site.output
    history = site.data.history
    started = time.perf_counter()
    (output / INDEX_PATH).parent.mkdir(parents=True, exist_ok=True)
    (output / INDEX_PATH).write_bytes(search_index_json(site.data))
    out["timings"]["indice di ricerca"] = time.perf_counter() - started
    if integ.feeds is not None:
        report = integ.feeds.write_feeds(catalogue, settings, output, site.today, history)
        out["feeds"] = list(report.paths)
        out["warnings"] += list(report.warnings)
    dataout = integ.dataout
    if dataout is None:
        return out

    def put(rel: str, data: bytes):
        target = output / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        out["data_files"].append(rel)

    records = dataout.shared_records(catalogue, settings)  # each event's and date's record made once
    put("dati/eventi.json", dataout.events_json(catalogue, settings, records=records))
    put("dati/eventi.csv", dataout.events_csv(catalogue, settings, records=records))
    put("dati/occorrenze.csv", dataout.occurrences_csv(catalogue, settings, records=records))
    revisions = getattr(history, "revisions", {}) if history is not None else {}
    modified = max((r.modified for r in revisions.values()), default=None)
    modified_day = modified.astimezone(settings.tz).date() if modified else (site.today or date(1970, 1, 1))
    files = {
        path: text(DATA_FILES[path], "it") for path in ("dati/eventi.json", "dati/eventi.csv", "dati/occorrenze.csv")
    }
    put(
        "dati/catalogo.jsonld",
        dataout.catalog_jsonld(settings, files, modified_day, catalog_path="dati/catalogo.jsonld"),
    )
    base = site.base_url
    event_paths = {site.urls.events[i]: e for i, e in catalogue.events.items()}
    entries = []
    for path in page_paths:
        event = event_paths.get(path)
        lastmod = None
        if event is not None and event.file in revisions:
            lastmod = revisions[event.file].modified.astimezone(settings.tz).date()
        alternates = {lang: f"{base}/{localized(path, lang)}" for lang in LANGS}
        alternates["x-default"] = f"{base}/{path}"
        entries += [(alternates[lang], lastmod, alternates) for lang in LANGS]
    limit = dataout.MAX_SITEMAP_URLS
    if len(entries) <= limit:
        put("sitemap.xml", dataout.sitemap_xml(entries))
    else:  # the protocol's limit: several sitemaps and an index of them
        parts = [f"sitemap-{n + 1}.xml" for n in range(-(-len(entries) // limit))]
        for n, name in enumerate(parts):
            put(name, dataout.sitemap_xml(entries[n * limit : (n + 1) * limit]))
        put("sitemap.xml", sitemap_index([f"{base}/{name}" for name in parts]))
    fallback = history.fallback.created if history is not None else None
    added = [(e, revisions[e.file].created if e.file in revisions else fallback) for e in catalogue.events.values()]
    added = [(e, when) for e, when in added if when is not None]
    for lang in LANGS:
        rel = localized("novita.atom", lang)
        put(
            rel,
            dataout.atom_new_events(
                added,
                settings,
                f"{base}/{rel}",
                lang,
                catalogue=catalogue,
                url_for=lambda e, lang=lang: f"{base}/{localized(site.urls.events[e.identity], lang)}",
            ),
        )
    return out


def sitemap_index(urls: list[str]) -> bytes:
    """A sitemap index (sitemaps.org 0.9) listing ``urls``."""
    root = ET.Element("sitemapindex", {"xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    for url in urls:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = url
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
