"""Fast tests of the site's pure parts: URLs, pagination, the agenda, i18n, assets helpers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from cartellone import i18n, urls
from cartellone.agenda import Agenda, occurrence_days
from cartellone.model import Occurrence
from cartellone.pages import page_count, pager
from cartellone.theme_assets import AssetsError, check_sources, subset_sprite
from cartellone.views import format_occurrence, google_calendar_url, osm_url
from markupsafe import Markup, escape

ROME = ZoneInfo("Europe/Rome")


def test_urls_are_directory_style_and_stable():
    assert urls.paginated("categorie/teatro/", 1) == "categorie/teatro/"
    assert urls.paginated("categorie/teatro/", 3) == "categorie/teatro/pagina/3/"
    assert urls.localized("eventi/a/b/", "it") == "eventi/a/b/"
    assert urls.localized("eventi/a/b/", "en") == "en/eventi/a/b/"
    assert urls.localized("", "en") == "en/"
    assert urls.relative_root("") == "."
    assert urls.relative_root("eventi/a/b/") == "../../.."
    assert urls.day_url(date(2027, 1, 9)) == "calendario/2027/01/09/"
    assert urls.month_url(2027, 1) == "calendario/2027/01/"
    assert urls.slugify("Doberdò del Lago-Doberdob") == "doberdo-del-lago-doberdob"
    assert urls.site_base_url("", "x.example.org") == "https://x.example.org"
    assert urls.site_base_url("https://c.example.org/", "x") == "https://c.example.org"


def test_pager_shows_first_last_and_neighbours():
    assert pager("calendario/", 1, 1) is None
    p = pager("calendario/", 5, 12)
    numbers = [link.get("number") for link in p["links"]]
    assert numbers == [1, None, 3, 4, 5, 6, 7, None, 12]
    assert p["prev"] == "calendario/pagina/4/" and p["next"] == "calendario/pagina/6/"
    assert pager("calendario/", 2, 2)["prev"] == "calendario/"
    assert page_count(0) == 1 and page_count(20) == 1 and page_count(21) == 2


def test_all_day_spans_are_listed_on_each_day():
    occ = Occurrence("x", datetime(2027, 6, 19, tzinfo=ROME), datetime(2027, 6, 22, tzinfo=ROME), True)
    assert occurrence_days(occ) == [date(2027, 6, 19), date(2027, 6, 20), date(2027, 6, 21)]
    timed = Occurrence("x", datetime(2027, 6, 19, 23, tzinfo=ROME), datetime(2027, 6, 20, 1, tzinfo=ROME))
    assert occurrence_days(timed) == [date(2027, 6, 19)]


def test_weekend_days():
    class Empty:
        events: dict = {}  # noqa: RUF012

    def weekend(day):
        return Agenda(Empty(), day, ROME).weekend()

    assert weekend(date(2026, 12, 2)) == [date(2026, 12, 5), date(2026, 12, 6)]  # a Wednesday
    assert weekend(date(2026, 12, 5)) == [date(2026, 12, 5), date(2026, 12, 6)]  # Saturday
    assert weekend(date(2026, 12, 6)) == [date(2026, 12, 6)]  # Sunday: what is left of it


def test_every_ui_string_has_both_languages():
    for key, pair in i18n.STRINGS.items():
        assert len(pair) == 2 and all(pair), key
    assert i18n.ui("en").today == "Today" and i18n.ui("it")["today"] == "Oggi"
    with pytest.raises(AttributeError):
        _ = i18n.ui("it").no_such_string
    assert i18n.format_day(date(2026, 12, 20), "it") == "domenica 20 dicembre 2026"
    assert i18n.format_day(date(2026, 12, 20), "en") == "Sunday 20 December 2026"
    assert i18n.format_number(12.5, "it") == "12,50" and i18n.format_number(12, "en") == "12"


def test_dates_in_words():
    start = datetime(2026, 12, 20, 20, 45, tzinfo=ROME)
    occ = Occurrence("x", start, start + timedelta(hours=2))
    assert format_occurrence(occ, "it") == "domenica 20 dicembre 2026, ore 20:45–22:45"
    assert format_occurrence(occ, "en") == "Sunday 20 December 2026, 20:45–22:45"
    span = Occurrence("x", datetime(2026, 12, 12, tzinfo=ROME), datetime(2027, 5, 3, tzinfo=ROME), True)
    assert format_occurrence(span, "it") == "da sabato 12 dicembre 2026 a domenica 2 maggio 2027"


def test_links_to_other_sites_are_plain_links():
    assert osm_url(45.9588, 12.6563) == (
        "https://www.openstreetmap.org/?mlat=45.95880&mlon=12.65630#map=18/45.95880/12.65630"
    )
    start = datetime(2026, 12, 20, 20, 45, tzinfo=ROME)
    page = "https://cartellone.example.org/eventi/a/b/"
    url = google_calendar_url(Occurrence("x", start, None), "Concerto", "Città & “voci”", page, "Teatro", "Europe/Rome")
    assert url.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Concerto")
    assert "dates=20261220T204500%2F20261220T224500" in url and "ctz=Europe%2FRome" in url
    query = parse_qs(urlsplit(url).query)
    assert query["details"] == [f"Città & “voci”\n\n{page}"] and query["location"] == ["Teatro"]
    assert f"details={quote(f'Città & “voci”{chr(10) * 2}{page}', safe='')}&" in url


def test_sprite_subset_keeps_only_the_icons_used():
    sprite = '<svg><symbol id="it-a" viewBox="0 0 1 1"><path/></symbol><symbol id="it-b"><path/></symbol></svg>'
    assert (
        subset_sprite(sprite, {"it-b"})
        == '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="it-b"><path/></symbol></svg>\n'
    )


def test_missing_node_modules_say_how_to_fix(tmp_path, monkeypatch):
    import cartellone.theme_assets as assets

    monkeypatch.setattr(assets, "PACKAGE_ROOT", tmp_path / "elsewhere")
    with pytest.raises(AssetsError, match="npm ci"):
        check_sources(tmp_path)


def test_every_vocabulary_label_is_one_italian_and_one_english_text():
    """A comma in an unquoted YAML flow mapping splits a label; the pages would show half of it."""
    from cartellone.vocabulary import load_vocabularies

    for name, entries in load_vocabularies().lists.items():
        for key, labels in entries.items():
            assert set(labels) == {"it", "en"}, (name, key, labels)


def test_sitemap_index_lists_the_parts():
    import xml.etree.ElementTree as ET

    from cartellone.exports import sitemap_index

    root = ET.fromstring(sitemap_index(["https://x.example.org/sitemap-1.xml", "https://x.example.org/sitemap-2.xml"]))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{ns}sitemapindex"
    assert [e.text for e in root.iter(f"{ns}loc")] == [
        "https://x.example.org/sitemap-1.xml",
        "https://x.example.org/sitemap-2.xml",
    ]


def test_constants_written_into_templates_render_exactly_as_expressions(monkeypatch):
    """ConstantLoader writes one language's UI strings, root mark, site URL and language into the
    template source: the page must come out byte for byte as Jinja renders the expressions, escaping
    included, and a string Jinja would read as syntax must stay an expression."""
    from cartellone import site
    from jinja2 import DictLoader

    source = (
        '<html lang="{{ lang }}"><a href="{{ SITEURL }}/x">{{ t.home }}</a> {{ t.odd }} {{ t.tricky }}'
        ' <link href="{{ base_url }}/y"> {{ t.home|upper }} {{t.home}} {{ t.missing }}</html>'
    )
    strings = i18n.Strings({**i18n.ui("it"), "odd": "a < b & \"c\" 'd'", "tricky": "{{ 7*7 }} {% if %}"})
    monkeypatch.setattr(site, "ui", lambda lang: strings)
    base = "https://example.org/a&b"
    constants = site.page_constants("it", base)
    assert "t.tricky" not in constants and constants["t.odd"] == "a &lt; b &amp; &#34;c&#34; &#39;d&#39;"

    def env(loader):
        e = site.ViewEnvironment(loader=loader, autoescape=True)
        e.globals.update(SITEURL=site.MARK, base_url=base)
        return e

    plain = env(DictLoader({"p.html": source})).get_template("p.html")
    written = env(site.ConstantLoader(DictLoader({"p.html": source}), constants)).get_template("p.html")
    values = {"lang": "it", "t": strings}
    assert written.render(**values) == plain.render(**values)
    written_source = site.ConstantLoader(DictLoader({"p.html": source}), constants).get_source(None, "p.html")[0]
    assert "{{ t.home }}" not in written_source and "{{ t.tricky }}" in written_source


def test_output_escaping_writes_what_jinja_autoescape_writes():
    """``{{ ... }}`` in our templates goes through ``site.output_text`` instead of ``markupsafe.escape``:
    every kind of value must come out as Jinja's own environment writes it."""
    from cartellone import site
    from jinja2 import DictLoader, Environment

    class Html:
        def __html__(self):
            return "<b>ok</b>"

    values = [
        "a < b & \"c\" 'd'",
        Markup("<em>kept</em>"),
        3,
        2.5,
        None,
        True,
        Html(),
        ["<x>"],
        Markup(""),
        "",
    ]
    source = (
        "{% for v in values %}[{{ v }}]{% endfor %}{{ missing }}"
        "{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}{{ m('<&>') }}"
        "{% set block %}{{ values[0] }}{% endset %}{{ block }}{{ values[0]|upper }}"
        "{% autoescape false %}{{ values[0] }}{% endautoescape %}"
    )
    for value in values:
        assert site.output_text(value) == str(escape(value))
    ours = site.ViewEnvironment(loader=DictLoader({"p": source}), autoescape=True).get_template("p")
    jinja = Environment(loader=DictLoader({"p": source}), autoescape=True).get_template("p")
    assert ours.render(values=values) == jinja.render(values=values)
    assert "output_text(" in site.ViewEnvironment(autoescape=True).compile("{{ x }}", raw=True)


def test_attribute_reads_written_inline_read_as_the_environment_method_does():
    """``e.title`` is compiled inline (``OutputCodeGenerator.visit_Getattr``): the same values as Jinja's
    code calling ``ViewEnvironment.getattr``, for views, plain dicts, UI strings and other objects."""
    from cartellone import site
    from cartellone.views import Record
    from jinja2 import DictLoader
    from jinja2.compiler import CodeGenerator

    class MethodCalls(site.ViewEnvironment):
        code_generator_class = CodeGenerator

    source = (
        "{{ r.a }}|{{ r.items }}|{{ d.a.b }}|{{ d.keys }}|{{ o.real }}|{{ r.missing }}|{{ s.home }}|"
        "{{ s.nope }}|{{ none.x }}|{% for x in r.list %}{{ x.v }}{% endfor %}|{% if r.a %}{{ r.a }}{% endif %}"
        "{% macro m(v) %}{{ v.a }}{% endmacro %}{{ m(r) }}{{ (r.list|first).v }}"
    )
    values = {
        "r": Record(a=1, items=2, list=[{"v": "<1>"}, Record(v=2)]),
        "d": {"a": {"b": "<x>"}},
        "o": 3,
        "s": i18n.ui("en"),
        "none": None,
    }
    loader = DictLoader({"p": source})
    inline = site.ViewEnvironment(loader=loader, autoescape=True).get_template("p").render(values)
    calls = MethodCalls(loader=loader, autoescape=True).get_template("p").render(values)
    assert inline == calls == "1|2|&lt;x&gt;|" + calls.split("|")[3] + "|3||Home||" + "|&lt;1&gt;2|11&lt;1&gt;"
    assert "_attr_of" in site.ViewEnvironment().compile("{{ e.title }}", raw=True)
