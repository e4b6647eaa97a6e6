"""Transfer budgets, measured on what Chromium actually asks the (static, caching) server for.

Size of a response = its body gzipped at level 6, as a static host serves text (or the body as it is,
when gzip does not make it smaller: woff2, images). Headers are not counted; a 304 counts 0.
Event images are excluded (they are the organisers', not the site's weight).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_pages import EVENT_WITH_IMAGE, MONTH_FIRST, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

FIRST_VISIT_BUDGET = 150 * 1024
LATER_PAGE_BUDGET = 30 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")
# Later pages: another event, then a listing, each reached by a link from the previous page.
LATER_EVENT = "eventi/fondazione-musica-adriatico/concerto-avvento-san-giusto/"


def _file(root: Path, request_path: str) -> Path:
    path = unquote(urlsplit(request_path).path)
    target = root / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def _measure(site) -> tuple[int, list[str], list[str]]:
    """(bytes counted, table rows, excluded rows) for the requests logged since the last clear."""
    total, rows, excluded = 0, [], []
    for request_path, status in site.log:
        path = urlsplit(request_path).path
        if status == 304:
            rows.append(f"{'304':>8} {'0':>8}  {path}")
            continue
        file = _file(site.root, request_path)
        body = file.read_bytes() if status == 200 and file.is_file() else b""
        size = min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0))) if body else 0
        line = f"{len(body):>8} {size:>8}  {path} ({status})"
        if path.lower().endswith(IMAGE_SUFFIXES) and not path.startswith("/theme/"):
            excluded.append(line)
            continue
        total += size
        rows.append(line)
    return total, rows, excluded


def _report(title: str, total: int, rows: list[str], excluded: list[str], budget: int) -> str:
    lines = [f"\n[budget] {title}: {total / 1024:.1f} KB compressed (budget {budget / 1024:.0f} KB)"]
    lines.append(f"{'raw B':>8} {'gzip B':>8}  path")
    lines += rows
    lines += [f"(excluded, event image) {row}" for row in excluded]
    return "\n".join(lines)


def test_transfer_budgets(open_page, site):
    page, recorder = open_page()

    site.clear_log()
    visit(page, site.url(EVENT_WITH_IMAGE))
    page.wait_for_load_state("networkidle")
    first, rows, excluded = _measure(site)
    first_report = _report(f"first visit, empty cache: /{EVENT_WITH_IMAGE}", first, rows, excluded, FIRST_VISIT_BUDGET)
    print(first_report)
    assert excluded, "the event's image should have been requested (and excluded)"

    later_reports, later_totals = [], []
    for scope, target in (("main", LATER_EVENT), ("body", MONTH_FIRST)):
        site.clear_log()
        link = page.locator(f'{scope} a[href$="/{target}"]').first
        if link.count():
            link.click()
            page.wait_for_url(site.url(target), wait_until="load")
        else:  # not linked from here: a later navigation all the same, same context, warm cache
            page.goto(site.url(target), wait_until="load")
        page.wait_for_load_state("networkidle")
        total, rows, excluded = _measure(site)
        later_totals.append((target, total))
        later_reports.append(_report(f"later page, warm cache: /{target}", total, rows, excluded, LATER_PAGE_BUDGET))
        print(later_reports[-1])

    assert first <= FIRST_VISIT_BUDGET, first_report
    for (_target, total), report in zip(later_totals, later_reports, strict=True):
        assert total <= LATER_PAGE_BUDGET, report
    assert not recorder.problems(), "\n".join(recorder.problems())
