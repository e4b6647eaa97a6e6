"""INTEGRATION POINTS: the modules the site calls but does not own, in one place.

Each is imported lazily, so the site builds while a module is still being written, and says in the
log which parts are missing. The table below is the contract the site relies on:

=====================  ==========================================================================
``markup``             ``render_markdown(text) -> str``: sanitised HTML of a Markdown description.
                       Missing: the text is escaped and split into paragraphs.
``jsonld``             ``event_jsonld(event, catalogue, settings, lang, url, today=...) -> str``:
                       JSON-LD, already safe inside ``<script>``. Missing: no JSON-LD.
``history``            ``read_history(root, fallback) -> History``: when each event file changed
                       (``revisions[file].created / .modified``). Missing: no "last update" dates.
``feeds``              ``write_feeds(catalogue, settings, output_dir, today, history) -> report``
                       with ``.paths`` and ``.warnings``. Missing: no iCal files (the feeds page
                       says so).
``dataout``            ``events_json``, ``events_csv``, ``occurrences_csv``, ``catalog_jsonld``,
                       ``sitemap_xml``, ``atom_new_events``: bytes of the open-data files.
                       Missing: those files are not written.
=====================  ==========================================================================
"""

from __future__ import annotations

import importlib
import logging
import re
from datetime import date

from markupsafe import Markup, escape

log = logging.getLogger("cartellone")

_PARAGRAPHS = re.compile(r"\n\s*\n")


def optional_module(name: str):
    """``cartellone.<name>``, or None (logged once) while it does not exist yet."""
    try:
        return importlib.import_module(f"cartellone.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"cartellone.{name}":
            raise  # the module exists but one of its imports is missing: a real error
        log.warning("cartellone.%s non c'è ancora: parte del sito non viene generata / not available yet", name)
        return None


class Integrations:
    """The optional modules, looked up once per build."""

    def __init__(self):
        self.markup = optional_module("markup")
        self.jsonld = optional_module("jsonld")
        self.history = optional_module("history")
        self.feeds = optional_module("feeds")
        self.dataout = optional_module("dataout")
        self._cache: dict[str, str] = {}

    def missing(self) -> list[str]:
        return [n for n in ("markup", "jsonld", "history", "feeds", "dataout") if getattr(self, n) is None]

    def convert_markdown(self, text: str) -> str:
        """Sanitised HTML of a Markdown text (the slow step: a build does it once per distinct text)."""
        if self.markup is not None:
            return self.markup.render_markdown(text)
        return "".join(f"<p>{escape(p.strip())}</p>" for p in _PARAGRAPHS.split(text) if p.strip())

    def convert_with_text(self, text: str) -> tuple[str, str]:
        """``convert_markdown``, and the plain text of the result (for ``markup.plain_text``)."""
        html = self.convert_markdown(text)
        return html, (self.markup.html_text(html) if self.markup is not None else "")

    def use_markdown_cache(self, cache: dict[str, str], plain: dict[str, str] | None = None) -> None:
        """Answer ``markup.render_markdown`` from ``cache`` for this build.

        The pages, the JSON-LD (``jsonld`` -> ``markup.plain_text``) and the open data all render the
        same descriptions; converted once (in parallel, before the processes fork), each later call is
        a lookup. The module's own function is put back by ``drop_markdown_cache``.
        """
        self._cache = cache
        if self.markup is not None and plain:
            self.markup.remember_plain_text(plain)
        if self.markup is None or getattr(self.markup.render_markdown, "cartellone_cache", None) is not None:
            return
        original = self.markup.render_markdown

        def cached(text: str) -> str:
            html = cache.get(text)
            return html if html is not None else original(text)

        cached.cartellone_cache = cache
        cached.original = original
        self.markup.render_markdown = cached

    def drop_markdown_cache(self) -> None:
        self._cache = {}
        current = getattr(self.markup, "render_markdown", None)
        if getattr(current, "cartellone_cache", None) is not None:
            self.markup.render_markdown = current.original

    def render_markdown(self, text: str) -> Markup:
        if not text:
            return Markup("")
        html = self._cache.get(text)
        return Markup(html if html is not None else self.convert_markdown(text))

    def event_jsonld(self, event, catalogue, settings, lang: str, url: str, today: date | None) -> Markup | None:
        if self.jsonld is None:
            return None
        return Markup(self.jsonld.event_jsonld(event, catalogue, settings, lang, url, today=today))

    def read_history(self, settings):
        if self.history is None:
            return None
        return self.history.read_history(settings.root, settings.feed_fallback_stamp)
