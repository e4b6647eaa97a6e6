"""The month view with the keyboard only: skip link, the table's links in order, months by Enter."""

from __future__ import annotations

import pytest
from browser_pages import FOCUSABLE, MONTH_MIDDLE, MONTH_NEXT, visit

pytestmark = [pytest.mark.browser, pytest.mark.sample]

# Number every focusable element in document order; then, after each Tab, describe the focused one.
NUMBER_FOCUSABLES = """(selector) => {
    document.querySelectorAll(selector).forEach((el, i) => { el.dataset.kbd = String(i); });
    return Array.from(document.querySelectorAll('main table ' + 'a[href]')).map(el => Number(el.dataset.kbd));
}"""
DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.dataset.kbd === undefined) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        && s.outlineColor !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(s.outlineColor);
    return {
        index: Number(el.dataset.kbd), href: el.getAttribute('href') || '', text: el.textContent.trim().slice(0, 60),
        inMain: !!el.closest('main'), inTable: !!el.closest('main table'),
        focusVisible: el.matches(':focus-visible'),
        visible: outline || s.boxShadow !== 'none',
        style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`,
        width: r.width, height: r.height, left: r.left, top: r.top,
    };
}"""


def test_month_view_by_keyboard(open_page, site):
    page, recorder = open_page()
    visit(page, site.url(MONTH_MIDDLE))
    table_links = page.evaluate(NUMBER_FOCUSABLES, FOCUSABLE)
    assert len(table_links) > 10, "the month table should have day and event links"

    # 1. The first Tab lands on the skip link, visible while focused.
    page.keyboard.press("Tab")
    first = page.evaluate(DESCRIBE_FOCUS)
    assert first is not None and first["index"] == 0, f"first Tab focused {first}"
    assert first["href"] == "#main", f"the first focusable element is not the skip link: {first}"
    assert first["width"] > 10 and first["height"] > 10 and first["top"] >= 0, f"skip link not shown: {first}"
    assert first["visible"], f"skip link has no visible focus: {first['style']}"

    # 2. Enter on it moves focus to <main>: the next Tab is inside it.
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    on_main = page.evaluate("document.activeElement && document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    after = page.evaluate(DESCRIBE_FOCUS)
    assert after is not None and after["inMain"], f"after the skip link, Tab went to {after}"
    assert on_main or after["index"] > 0

    # 3. Tab through the rest of the page: document order, every table link reached, focus always visible.
    sequence = [after]
    for _ in range(len(table_links) + 200):
        page.keyboard.press("Tab")
        focused = page.evaluate(DESCRIBE_FOCUS)
        if focused is None or focused["index"] <= sequence[-1]["index"]:
            break  # left the page (to the browser's UI) or wrapped around
        sequence.append(focused)
    order = [f["index"] for f in sequence]
    assert order == sorted(order), f"Tab order is not the document order: {order}"
    reached_in_table = [f["index"] for f in sequence if f["inTable"]]
    assert reached_in_table == table_links, (
        f"table links reached by Tab {reached_in_table} differ from the table's links {table_links}"
    )
    not_visible = [f"{f['href']} «{f['text']}»: {f['style']}" for f in [first, *sequence] if not f["visible"]]
    assert not not_visible, "focus not visible on:\n" + "\n".join(not_visible)
    not_focus_visible = [f["href"] for f in sequence if not f["focusVisible"]]
    assert not not_focus_visible, f"keyboard focus does not match :focus-visible on {not_focus_visible}"
    month_links = [f for f in sequence if f["inMain"] and not f["inTable"] and f["href"].endswith(("/12/", "/02/"))]
    assert {f["href"].rstrip("/")[-2:] for f in month_links} >= {"12", "02"}, (
        f"previous/next month links not reachable by Tab: {[f['href'] for f in sequence if f['inMain']][:20]}"
    )
    print(f"\n[keyboard] {MONTH_MIDDLE}: {len(sequence) + 1} Tab stops, {len(reached_in_table)} in the month table")

    # 4. Next and previous month with Enter.
    page.locator(f'main a[href$="{MONTH_NEXT.removeprefix("calendario/")}"]').first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(MONTH_NEXT), wait_until="load")
    page.locator(f'main a[href$="{MONTH_MIDDLE.removeprefix("calendario/")}"]').first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(MONTH_MIDDLE), wait_until="load")

    assert not recorder.problems(), "\n".join(recorder.problems())
