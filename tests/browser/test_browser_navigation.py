"""A reader finds every kind of page from the home page by following links, never by typing a URL."""

from __future__ import annotations

import pytest
from browser_pages import follow, page_basics, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

MAIN_NAV = "header nav"  # the site's main navigation (breadcrumbs are in <main>)
ANY = r"[^/#?]+"


def test_main_navigation_reaches_every_kind_of_page(open_page, site):
    page, recorder = open_page()
    problems: list[str] = []
    seen: list[str] = []

    def check(lang: str = "it") -> None:
        seen.append(page.url.removeprefix(site.base) or "/")
        problems.extend(page_basics(page, lang))

    def from_home(nav_pattern: str) -> None:
        visit(page, site.base)
        check()
        follow(page, MAIN_NAV, nav_pattern)
        check()

    # Calendar -> a month view -> an event -> the same event in English (language switch).
    from_home(r"/calendario/$")
    follow(page, "main", r"/calendario/\d{4}/\d{2}/$")
    check()
    follow(page, "main table", rf"/eventi/{ANY}/{ANY}/$")
    check()
    event_path = page.url.removeprefix(site.base)
    follow(page, "body", r"/en/eventi/")  # the switch is the only link from an Italian page to /en/eventi/
    check("en")
    assert page.url == site.url("en/" + event_path), f"language switch of {event_path} went to {page.url}"
    assert page.locator(f'a[hreflang="it"][href$="{event_path}"]').count() >= 1, "no way back to Italian"

    for index_pattern, item_pattern in (
        (r"/categorie/$", rf"/categorie/{ANY}/$"),
        (r"/comuni/$", rf"/comuni/{ANY}/$"),
        (r"/luoghi/$", rf"/luoghi/{ANY}/$"),
        (r"/organizzatori/$", rf"/organizzatori/{ANY}/$"),
        (r"/fornitori/$", rf"/fornitori/(?!servizi/){ANY}/$"),  # the directory, then a provider
        (r"/guide/$", rf"/guide/{ANY}/$"),
    ):
        from_home(index_pattern)
        follow(page, "main", item_pattern)
        check()
    from_home(r"/calendari/$")  # the feeds page

    print("\n[navigation] visited: " + " -> ".join(seen))
    assert not problems, "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())
