"""Every page template: no console error, no failed request, no request to another host, zero axe violations."""

from __future__ import annotations

import pytest
from browser_pages import BUILD_NOON, TEMPLATE_PAGES, Recorder, format_violations, page_basics, run_axe, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

PAGES = list(TEMPLATE_PAGES.items())


def test_no_console_errors_failed_or_foreign_requests(open_page, site):
    """All templates in one context (cache warm after the first page, as for a reader), every request recorded."""
    page, recorder = open_page()
    basics: list[str] = []
    for _label, path in PAGES:
        visit(page, site.url(path))
        basics.extend(page_basics(page, "en" if path.startswith("en/") else "it"))
    # And a first visit with an empty cache (a fresh context), where every asset is fetched.
    cold_page, cold = open_page()
    visit(cold_page, site.url(TEMPLATE_PAGES["event-with-image"]))
    hosts = sorted({url.split("/")[2] for url in recorder.requests + cold.requests if "://" in url})
    print(f"\n[network] {len(PAGES)} pages, {len(recorder.requests) + len(cold.requests)} requests, hosts: {hosts}")
    problems = recorder.problems() + cold.problems()
    assert not problems, "\n".join(problems)
    assert not basics, "\n".join(basics)


@pytest.fixture(scope="module")
def axe_page(browser, site):
    """One page for all the axe tests of a worker (assets cached after the first page: faster)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT", timezone_id="Europe/Rome")
    recorder = Recorder(site.netloc)
    recorder.attach(context)
    context.clock.set_fixed_time(BUILD_NOON)
    page = context.new_page()
    yield page, recorder
    context.close()


@pytest.mark.parametrize(("label", "path"), PAGES, ids=[label for label, _ in PAGES])
def test_axe_wcag21_aa(axe_page, site, label, path):
    page, recorder = axe_page
    recorder.reset()
    visit(page, site.url(path))
    violations, incomplete = run_axe(page)
    if incomplete:
        print(f"\n[axe] {label}: needs review (not violations): {', '.join(incomplete)}")
    assert not violations, format_violations(page.url, violations)
    assert not recorder.problems(), "\n".join(recorder.problems())
