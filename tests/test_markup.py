"""Contributors' Markdown is untrusted: every script payload must come out inert (markup.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from cartellone import markup
from cartellone.markup import ALLOWED_TAGS, URL_SCHEMES, plain_text, render_markdown


class _Inspector(HTMLParser):
    """Every tag and attribute a browser would see in the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)

    handle_startendtag = handle_starttag


def inspect(html: str) -> _Inspector:
    parser = _Inspector()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str) -> None:
    """Only allowed tags; only href/title/rel; every href has an allowed scheme."""
    seen = inspect(html)
    assert set(seen.tags) <= ALLOWED_TAGS, seen.tags
    for tag, name, value in seen.attrs:
        assert (tag, name) in {("a", "href"), ("a", "title"), ("a", "rel")}, (tag, name, value)
        if name == "href":
            scheme = value.split(":", 1)[0].lower()
            assert ":" in value and scheme in URL_SCHEMES, value
        if name == "rel":
            assert value == "noopener noreferrer"
    lowered = html.lower()
    for needle in ("<script", "<img", "<iframe", "<svg", "<style", "javascript:", "vbscript:", "data:text"):
        # Escaped text such as "&lt;script&gt;" is fine; a live tag or URL is not. The javascript:
        # check is on hrefs only (above): the word may appear as visible text.
        if needle.startswith("<"):
            assert needle not in lowered, html


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "before <script>alert(1)</script> after",
    "<img src=x onerror=alert(1)>",
    "text <img src=x onerror=alert(1)> inline",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<!-- <script>alert(1)</script> -->",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    "<details open ontoggle=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.gif)",
    '![x](https://a.example/i.png "t" onerror="alert(1)")',
    '[x](https://example.org "title\\" onmouseover=\\"alert(1))',
    '[x](https://example.org "a" onmouseover="alert(1)")',
    "[x](https://example.org 'a\" onmouseover=\"alert(1)')",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "> <img src=x onerror=alert(1)>",
    "- <iframe src=https://evil.example>",
    "[x](https://example.org){: onclick=alert(1) }",
    "# <script>alert(1)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert(payload):
    html = render_markdown(payload)
    assert_inert(html)


@pytest.mark.parametrize(
    "payload",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
    ],
)
def test_dangerous_link_keeps_text_loses_link(payload):
    html = render_markdown(payload)
    assert "href" not in html
    assert "<a" not in html
    assert ">x<" in html


def test_raw_html_is_shown_as_text_not_dropped():
    html = render_markdown("Usate <b>grassetto</b> e <script>alert(1)</script>")
    assert "&lt;b&gt;grassetto&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_entity_trick_in_text_stays_text():
    html = render_markdown("&#106;avascript:alert(1) &#60;script&#62;")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "href" not in html


def test_title_attribute_injection_stays_inside_the_attribute():
    html = render_markdown('[x](https://example.org "a\\" onmouseover=\\"alert(1)")')
    seen = inspect(html)
    names = [name for _, name, _ in seen.attrs]
    assert "onmouseover" not in names
    assert names.count("href") == 1


def test_autolinks():
    html = render_markdown("<https://example.org/pagina> e <info@example.org>")
    seen = inspect(html)
    hrefs = [v for _, n, v in seen.attrs if n == "href"]
    assert hrefs == ["https://example.org/pagina", "mailto:info@example.org"]
    assert_inert(html)


@pytest.mark.parametrize(
    "markdown_link, href",
    [
        ("[sito](https://example.org/a?b=1&c=2)", "https://example.org/a?b=1&c=2"),
        ("[sito](http://example.org/)", "http://example.org/"),
        ("[scrivi](mailto:info@example.org)", "mailto:info@example.org"),
        ("[chiama](tel:+390434000000)", "tel:+390434000000"),
    ],
)
def test_allowed_links_survive_with_rel(markdown_link, href):
    html = render_markdown(markdown_link)
    seen = inspect(html)
    assert ("a", "href", href) in seen.attrs
    assert ("a", "rel", "noopener noreferrer") in seen.attrs
    assert "target" not in html and "nofollow" not in html


def test_link_title_survives():
    html = render_markdown('[sito](https://example.org "Il sito")')
    assert ("a", "title", "Il sito") in inspect(html).attrs


def test_relative_and_fragment_links_are_removed():
    html = render_markdown("[a](/pagina) [b](#sezione) [c](pagina.html)")
    assert "href" not in html
    assert "a b c" in html


def test_headings_are_demoted_and_clamped():
    html = render_markdown("# Uno\n\nDue\n===\n\n## Tre\n\n### Quattro\n\n#### Cinque\n\n###### Sei")
    assert re.findall(r"<(h\d)>", html) == ["h2", "h2", "h2", "h3", "h4", "h4"]
    assert "<h1" not in html


def test_images_become_links_never_embedded():
    html = render_markdown("![Locandina](https://example.org/locandina.jpg)")
    assert "<img" not in html
    assert ("a", "href", "https://example.org/locandina.jpg") in inspect(html).attrs
    assert "Locandina" in html


def test_allowed_structure_survives():
    text = (
        "Un **forte**, un *corsivo*, `codice`.\n\n"
        "- uno\n- due\n\n1. primo\n2. secondo\n\n> citazione\n\n---\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx < y\n```\n"
    )
    html = render_markdown(text)
    for tag in (
        "strong",
        "em",
        "code",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "pre",
    ):
        assert f"<{tag}" in html, tag
    assert "x &lt; y" in html
    assert "style=" not in html and "class=" not in html


def test_empty_input():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""
    assert plain_text("") == ""


def test_documents_do_not_leak_into_each_other():
    render_markdown("[ref][r]\n\n[r]: https://example.org/segreto")
    html = render_markdown("[ref][r]")
    assert "segreto" not in html


def test_plain_text():
    text = "# Titolo\n\nUn **testo** con [un link](https://example.org) & <b>tag</b>.\n\n- uno\n- due"
    assert plain_text(text) == "Titolo Un testo con un link & <b>tag</b>. uno due"


class _Text(HTMLParser):
    """The reference for plain_text: html.parser's text, a space for each block tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" " if tag in markup._BLOCKS else "")

    def handle_endtag(self, tag):
        self.parts.append(" " if tag in markup._BLOCKS else "")

    def handle_data(self, data):
        self.parts.append(data)


def _plain_text_by_html_parser(text: str) -> str:
    parser = _Text()
    parser.feed(render_markdown(text))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


TRICKY_MARKDOWN = [
    "",
    "a&b &amp; &lt;b&gt; &nbsp;x&#x27;y&#39; &notin; &not it &amp",
    '[link](https://example.org/a?b=1&c=2 "title with > and \\" quote") and ![img>](https://x.org/i.png "t>")',
    "<p>raw <b>html</b> & <script>alert(1)</script> <!-- comment --></p> <a href='x>y'>z</a>",
    '```\n<tag attr=">">code</tag> & more\n```\n\n    indented <code>\n\nafter',
    "| a | b |\n|---|---|\n| <1> | &2 |\n\n> quote\n> more\n\n1. one\n2. two\n\n---\n\n###### h6",
    "unicode\u00a0spaces\u2003and\u3000more\x1ctabs\tand\nlines  \n\nend",
    "**bold**_under_`code` line  \nbreak <br> <br/> <hr>",
    "[dead link](javascript:alert(1)) and [rel](relative/path) and <https://auto.example.org/?a&b>",
]


@pytest.mark.parametrize("text", TRICKY_MARKDOWN)
def test_plain_text_is_what_html_parser_gives(text):
    assert plain_text(text) == _plain_text_by_html_parser(text)


def test_plain_text_of_synthetic_descriptions_is_what_html_parser_gives(tmp_path):
    from cartellone.repository import load_repository
    from cartellone.settings import read_settings
    from cartellone.synthetic import generate

    generate(tmp_path / "repo", 150, seed=3)
    catalogue = load_repository(read_settings(tmp_path / "repo"), workers=1).catalogue
    holders = [*catalogue.events.values(), *catalogue.venues.values(), *catalogue.organisers.values()]
    texts = [h.description for h in holders if h.description]
    assert len(texts) > 150
    for text in texts:
        assert plain_text(text) == _plain_text_by_html_parser(text)


def test_plain_text_limit():
    text = "parola " * 50
    out = plain_text(text, limit=40)
    assert len(out) <= 40
    assert out.endswith("…")
    assert out.startswith("parola parola")
    assert plain_text("breve", limit=40) == "breve"
