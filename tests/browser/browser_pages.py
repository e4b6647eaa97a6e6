"""What the browser tests visit, and the helpers they share (plain functions, no fixtures).

The pages are the sample site's (``events/``, ``venues/``...), built with ``CARTELLONE_TODAY=2026-12-01``:
one page of every template, and of every kind of event page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

BUILD_TODAY = "2026-12-01"
ROME = dt.timezone(dt.timedelta(hours=1))  # CET: every date used here is in winter
# The pages' clock: noon of the build day (never the machine's clock), so the enhancement script
# hides nothing, as for a reader opening the site the day it was built.
BUILD_NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=ROME)

EVENT_TIMED = "eventi/fondazione-musica-adriatico/concerto-avvento-san-giusto/"
EVENT_CANCELLED = "eventi/fondazione-musica-adriatico/recital-chopin-debussy/"
EVENT_DATE_CANCELLED = "eventi/biblioteca-esempio-collinare/codici-miniati-guarneriana/"  # one date cancelled
EVENT_REPEAT = "eventi/rete-musei-esempio-trieste/trieste-in-un-ora/"  # weekly, with an exception
EVENT_EXHIBITION = "eventi/rete-musei-esempio-trieste/mostra-revoltella-2026/"
EVENT_ONLINE = "eventi/compagnia-teatrale-castello/dietro-le-quinte-diretta/"
EVENT_HYBRID = "eventi/comune-pordenone/dibattito-patrimonio-pordenone/"
EVENT_WITH_IMAGE = "eventi/collettivo-danza-esempio/nuove-coreografie-trieste/"
MONTH_FIRST = "calendario/2026/12/"  # the first month: no "previous month" link
MONTH_MIDDLE = "calendario/2027/01/"
MONTH_NEXT = "calendario/2027/02/"

# One page of every template (label -> path).
TEMPLATE_PAGES: dict[str, str] = {
    "home": "",
    "calendar-list": "calendario/",
    "calendar-list-page-2": "calendario/pagina/2/",
    "month": MONTH_FIRST,
    "month-middle": MONTH_MIDDLE,
    "day": "calendario/2026/12/12/",
    "event-timed": EVENT_TIMED,
    "event-cancelled": EVENT_CANCELLED,
    "event-date-cancelled": EVENT_DATE_CANCELLED,
    "event-repeat": EVENT_REPEAT,
    "event-exhibition": EVENT_EXHIBITION,
    "event-online": EVENT_ONLINE,
    "event-hybrid": EVENT_HYBRID,
    "event-with-image": EVENT_WITH_IMAGE,
    "categories": "categorie/",
    "category": "categorie/concerto/",
    "comuni": "comuni/",
    "comune": "comuni/trieste/",
    "provinces": "province/",
    "province": "province/ts/",
    "venues": "luoghi/",
    "venue": "luoghi/castello-di-gorizia/",
    "organisers": "organizzatori/",
    "organiser": "organizzatori/comune-udine/",
    "supported": "sostenuti-regione/",
    "providers": "fornitori/",
    "provider": "fornitori/avv-giulia-esempio/",
    "service": "fornitori/servizi/grafica/",
    "guides": "guide/",
    "guide": "guide/art-bonus/",
    "static-page": "chi-siamo/",
    "feeds-page": "calendari/",
    "search": "cerca/?q=concerto",  # with results (search.js, lunr, the index); more in test_search_page.py
    "en-search": "en/cerca/",
    "en-home": "en/",
    "en-event": "en/" + EVENT_REPEAT,  # with an English translation
    "en-event-untranslated": "en/" + EVENT_HYBRID,  # Italian texts in an English page
    "en-month": "en/" + MONTH_MIDDLE,
    "en-guide": "en/guide/art-bonus/",
}

FOCUSABLE = 'a[href], area[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'


@dataclass
class Recorder:
    """Everything a context's pages did that a test may object to."""

    netloc: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        context.on("response", self._response)
        context.on("page", self._page)

    def reset(self) -> None:
        for recorded in (self.requests, self.console_errors, self.page_errors, self.failed):
            recorded.clear()

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"HTTP {response.status} {response.url}")

    def _page(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _console(self, page, message) -> None:
        if message.type in ("error", "assert"):
            where = message.location.get("url") if message.location else ""
            self.console_errors.append(f"{page.url}: {message.text} [{where}]")

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the local server (data: URLs are not requests to a host)."""
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme == "data" or url == "about:blank":
                continue
            if parts.scheme not in ("http", "https") or parts.netloc != self.netloc:
                bad.append(url)
        return bad

    def problems(self) -> list[str]:
        return (
            [f"console error: {e}" for e in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"failed request: {e}" for e in self.failed]
            + [f"request to another host: {u}" for u in self.foreign_requests()]
        )


def visit(page, url: str) -> None:
    """Open ``url`` and wait until it is loaded, fonts included."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    settle(page)


def settle(page) -> None:
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")  # works without JavaScript too (Playwright's own)


def follow(page, scope: str, pattern: str) -> str:
    """Click the first link inside ``scope`` (CSS) whose resolved href matches ``pattern`` (regex)."""
    links = page.locator(f"{scope} a[href]")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    for index, href in enumerate(hrefs):
        if re.search(pattern, href):
            links.nth(index).click()
            page.wait_for_url(href.split("#", 1)[0], wait_until="load")
            settle(page)
            return href
    raise AssertionError(f"{page.url}: no link matching {pattern!r} in {scope!r}; links: {hrefs[:40]}")


def page_basics(page, lang: str) -> list[str]:
    """Problems with the page's skeleton: exactly one <h1>, a non-empty <title>, ``lang`` on <html>."""
    problems = []
    n_h1 = page.locator("h1").count()
    if n_h1 != 1:
        problems.append(f"{n_h1} <h1> elements (want exactly 1)")
    title = page.title().strip()
    if not title:
        problems.append("empty or missing <title>")
    html_lang = page.evaluate("document.documentElement.getAttribute('lang')")
    if html_lang != lang:
        problems.append(f"<html lang={html_lang!r}> (want {lang!r})")
    return [f"{page.url}: {p}" for p in problems]


def run_axe(page) -> tuple[list[dict], list[str]]:
    """axe-core on the whole document, WCAG 2.1 A/AA rules only: (violations, ids needing review)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return {
                violations: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                              summary: n.failureSummary}))
                })),
                incomplete: r.incomplete.map(v => v.id + ' (' + v.nodes.length + ')'),
            };
        }""",
        AXE_TAGS,
    )
    return result["violations"], result["incomplete"]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['url']})")
        for node in v["nodes"][:10]:
            summary = " ".join((node["summary"] or "").split())[:300]
            lines.append(f"    {node['target']}: {node['html']}\n      -> {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)
