"""Without JavaScript the site is the same site: reachable by links, same main content."""

from __future__ import annotations

import pytest
from browser_pages import EVENT_REPEAT, MONTH_FIRST, follow, page_basics, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

MAIN_TEXT = "document.querySelector('main').innerText"


def test_without_javascript_an_event_is_reached_by_links_with_the_same_content(open_page, site):
    nojs, nojs_recorder = open_page(js=False)
    withjs, js_recorder = open_page(js=True)

    visit(nojs, site.base)
    assert nojs.evaluate("document.querySelectorAll('li[hidden]').length") == 0
    visit(withjs, site.base)
    assert nojs.evaluate(MAIN_TEXT) == withjs.evaluate(MAIN_TEXT), "home page: main content differs without JS"

    # Home -> (first event listed) -> its page, then home -> month view -> an event of the month table.
    event_url = follow(nojs, "main", r"/eventi/[^/]+/[^/]+/$")
    problems = page_basics(nojs, "it")
    visit(withjs, event_url)
    assert nojs.evaluate(MAIN_TEXT) == withjs.evaluate(MAIN_TEXT), f"{event_url}: main content differs without JS"
    assert nojs.locator("main h1").inner_text() == withjs.locator("main h1").inner_text()

    visit(nojs, site.base)
    follow(nojs, "main", rf"/{MONTH_FIRST}$")
    follow(nojs, "main table", r"/eventi/[^/]+/[^/]+/$")
    problems += page_basics(nojs, "it")

    # And the English page of an event, by the language switch.
    visit(nojs, site.url(EVENT_REPEAT))
    follow(nojs, "body", r"/en/eventi/")
    problems += page_basics(nojs, "en")
    visit(withjs, nojs.url)
    assert nojs.evaluate(MAIN_TEXT) == withjs.evaluate(MAIN_TEXT), f"{nojs.url}: main content differs without JS"

    assert not problems, "\n".join(problems)
    recorded = nojs_recorder.problems() + js_recorder.problems()
    assert not recorded, "\n".join(recorded)
