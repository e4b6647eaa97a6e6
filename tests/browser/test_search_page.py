"""The search page in Chromium, on the built sample site: queries, accents, filters, keyboard, no JS,
axe, and that no other page loads the search scripts or the index."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from urllib.parse import urlsplit

import pytest
from browser_pages import EVENT_TIMED, FOCUSABLE, MONTH_FIRST, ROME, format_violations, page_basics, run_axe, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

PREMIO = "eventi/comune-pordenone/premio-citta-2027/"  # "Premio Città di Pordenone ..."
TRIESTE = "032006"
SEARCH_ASSETS = ("lunr.min.js", "lunr.stemmer.support.min.js", "lunr.it.min.js", "search.js", "indice.json")

# True once search.js has answered for exactly the URL parameters `want` (it writes the form's values
# back into the URL with replaceState when it runs).
SETTLED = """(want) => {
    const status = document.getElementById('search-status').textContent;
    const form = document.getElementById('search-form');
    if (!status || status === form.dataset.msgLoading) return false;
    const got = Array.from(new URLSearchParams(location.search).entries()).sort().join('&');
    return got === Object.entries(want).sort().join('&');
}"""


def settled(page, **params: str) -> str:
    """Wait for the results of ``params`` (URL parameters); return what the live region says."""
    page.wait_for_function(SETTLED, arg=params)
    return page.locator("#search-status").inner_text()


def found(page, site) -> list[str]:
    """The results listed, as site paths."""
    hrefs = page.locator("#search-results a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def count(status: str) -> int:
    match = re.match(r"(\d+)", status)
    return int(match.group(1)) if match else 0


def test_a_query_finds_a_known_event_with_or_without_accents(open_page, site):
    page, recorder = open_page()
    visit(page, site.url("cerca/?q=citta"))
    status = settled(page, q="citta")
    plain = found(page, site)
    assert PREMIO in plain, plain
    assert count(status) == len(plain), status  # fewer than a page of results: all shown
    assert page.locator("#search-q").input_value() == "citta"  # read from ?q=

    page.fill("#search-q", "Città")
    settled(page, q="Città")
    assert found(page, site) == plain
    page.fill("#search-q", "premio città pordenone")
    settled(page, q="premio città pordenone")
    assert found(page, site)[0] == PREMIO

    page.locator(f'#search-results a[href$="/{PREMIO}"]').click()
    page.wait_for_url(site.url(PREMIO))
    assert "Premio Città di Pordenone" in page.locator("h1").inner_text()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_filters_narrow_the_results_and_go_in_the_url(open_page, site):
    page, recorder = open_page()
    visit(page, site.url("cerca/?q=concerto"))
    everywhere = count(settled(page, q="concerto"))
    assert everywhere > 3

    page.select_option("#search-comune", TRIESTE)
    in_trieste = count(settled(page, q="concerto", comune=TRIESTE))
    places = page.locator("#search-results .cal-card-when span").all_inner_texts()
    assert 0 < in_trieste < everywhere
    assert places and all(p.endswith(", Trieste") for p in places), places

    page.check("#search-free")
    free = count(settled(page, q="concerto", comune=TRIESTE, gratuito="1"))
    assert free < in_trieste
    assert all("Ingresso gratuito" in t for t in page.locator("#search-results article").all_inner_texts())

    # Filters alone list events too, in calendar order; dates narrow them.
    page.fill("#search-q", "")
    page.uncheck("#search-free")
    upcoming = count(settled(page, comune=TRIESTE))
    page.fill("#search-from", "2027-01-01")
    page.fill("#search-to", "2027-01-31")
    january = count(settled(page, comune=TRIESTE, da="2027-01-01", a="2027-01-31"))
    assert 0 < january < upcoming
    for when in page.locator("#search-results time").evaluate_all("els => els.map(e => e.dateTime)"):
        assert when[:7] <= "2027-01", when

    # The same filters from the URL, on the English page: English interface, English links.
    visit(page, site.url(f"en/cerca/?q=concerto&comune={TRIESTE}"))
    status = settled(page, q="concerto", comune=TRIESTE)
    assert count(status) == in_trieste and "events found" in status
    assert all(p.startswith("en/eventi/") for p in found(page, site))
    assert page.locator("#search-comune").input_value() == TRIESTE
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_past_events_only_on_request(open_page, site):
    """Seen on 1 March 2027 (the reader's clock), the winter's events are over: listed only with "passati"."""
    page, recorder = open_page(now=dt.datetime(2027, 3, 1, 12, 0, tzinfo=ROME))
    visit(page, site.url(f"cerca/?comune={TRIESTE}"))
    upcoming = count(settled(page, comune=TRIESTE))
    page.check("#search-past")
    with_past = count(settled(page, comune=TRIESTE, passati="1"))
    assert 0 < upcoming < with_past
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_search_by_keyboard_from_the_header_to_an_event(open_page, site):
    page, recorder = open_page()
    visit(page, site.url(MONTH_FIRST))
    for _ in range(10):  # skip link, home link, ... then the header's search field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "cal-header-q":
            break
    else:
        raise AssertionError("the header's search field is not reached by Tab")
    page.keyboard.type("concerto")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cerca/\?q=concerto$"))
    settled(page, q="concerto")

    # Tab from the field goes through the form to the results; every stop shows its focus.
    page.focus("#search-q")
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {id: e.id, tag: e.tagName, href: e.getAttribute('href') || '', inResults: !!e.closest('#search-results'),
                        visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }"""
        )
        stops.append(focused)
        if focused["inResults"]:
            break
    assert stops[-1]["inResults"], [s["id"] or s["href"] for s in stops]
    hidden_focus = [s["id"] or s["href"] for s in stops if not s["visible"]]
    assert not hidden_focus, f"focus not visible on {hidden_focus}"
    assert {"search-from", "search-comune", "search-free", "search-past"} <= {s["id"] for s in stops}

    # A filter with the keyboard: Space on a checkbox.
    page.focus("#search-free")
    page.keyboard.press("Space")
    settled(page, q="concerto", gratuito="1")
    page.focus("#search-free")
    page.keyboard.press("Space")
    settled(page, q="concerto")

    page.locator("#search-results a").first.focus()
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page_basics(page, "it") == []
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_more_results_by_keyboard(open_page, site):
    page, recorder = open_page()
    visit(page, site.url("cerca/?passati=1"))  # every event: more than a page
    total = count(settled(page, passati="1"))
    assert total > 40
    assert page.locator("#search-results li").count() == 20
    page.focus("#search-more")
    page.keyboard.press("Enter")
    assert page.locator("#search-results li").count() == 40
    assert page.evaluate("document.activeElement === document.querySelectorAll('#search-results a')[20]")
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_without_javascript_the_page_says_so_and_links_the_ways_to_browse(open_page, site):
    page, recorder = open_page(js=False)
    visit(page, site.url("cerca/?q=concerto"))
    main = page.locator("main").inner_text()
    assert "JavaScript" in main
    assert page.locator("#search-form").is_hidden()
    links = page.locator("main nav a")
    assert {"Calendario", "Categorie", "Comuni", "Luoghi"} <= set(links.all_inner_texts())
    page.locator("main nav a", has_text="Calendario").click()
    page.wait_for_url(site.url("calendario/"))
    assert page.locator(f"main {FOCUSABLE.split(',')[0]}").count() > 20  # the calendar's links
    visit(page, site.url("en/cerca/"))
    assert "JavaScript" in page.locator("main").inner_text()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_only_the_search_page_loads_lunr_and_the_index(open_page, site):
    page, recorder = open_page()
    for path in ("", EVENT_TIMED, MONTH_FIRST, "categorie/"):
        visit(page, site.url(path))
        page.wait_for_load_state("networkidle")
    loaded = [u for u in recorder.requests if u.rsplit("/", 1)[-1].split("?")[0] in SEARCH_ASSETS]
    assert not loaded, f"pages other than the search page load {loaded}"
    visit(page, site.url("cerca/"))
    settled(page)
    names = {u.rsplit("/", 1)[-1] for u in recorder.requests}
    assert set(SEARCH_ASSETS) <= names
    sizes = {}
    for name in SEARCH_ASSETS:
        body = next((site.root / "theme" / "js").glob(name), None) or site.root / "cerca" / name
        sizes[name] = len(gzip.compress(body.read_bytes(), 6))
    print(f"\n[search] gzipped: {sizes} (total {sum(sizes.values()) / 1024:.1f} KB)")
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("cerca/?q=concerto", {"q": "concerto"}),
        ("en/cerca/?q=concert&gratuito=1", {"q": "concert", "gratuito": "1"}),
        ("cerca/?q=zzzz", {"q": "zzzz"}),
    ],
    ids=["it-results", "en-results-filtered", "it-none"],
)
def test_axe_on_the_search_page_with_its_results(open_page, site, path, params):
    page, recorder = open_page()
    visit(page, site.url(path))
    settled(page, **params)
    violations, incomplete = run_axe(page)
    if incomplete:
        print(f"\n[axe] {path}: needs review (not violations): {', '.join(incomplete)}")
    assert not violations, format_violations(page.url, violations)
    assert page_basics(page, "en" if path.startswith("en/") else "it") == []
    assert not recorder.problems(), "\n".join(recorder.problems())
