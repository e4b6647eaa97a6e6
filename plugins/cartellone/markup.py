"""Contributors' Markdown, made safe to put in a page: ``render_markdown`` and ``plain_text``.

Why this module exists: event, organiser, venue and provider descriptions are written by anyone who
can open a pull request, and the site publishes them on a public-administration domain. They are
**untrusted input**. A ``<script>``, an ``onerror=`` or a ``javascript:`` link in a description must
never run in a visitor's browser, and a description must not load anything from a third party
(the site makes no third-party requests: images come only from the event's ``image`` field).

Two layers, so one mistake is not enough:

1. **Markdown without raw HTML.** One module-level ``markdown.Markdown`` instance (building one per
   document costs more than converting it), ``reset()`` before each document so nothing (reference
   links, stashed HTML) leaks from one description into the next. Its raw-HTML handling is switched
   off: the ``html_block`` preprocessor and the ``html`` inline pattern are removed, so ``<b>`` or
   ``<script>`` written in a description is *escaped* and shown as text (``&lt;script&gt;``), not
   interpreted. Of Markdown Extra we keep what survives the allow-list below: ``tables`` and
   ``fenced_code`` (plus ``sane_lists``). ``md_in_html`` needs raw HTML; ``attr_list`` would let
   authors write arbitrary attributes (``{: onclick=... }``); ``footnotes``, ``abbr`` and
   ``def_list`` produce tags and fragment links that the allow-list removes. SmartyPants is off:
   the text stays as written (Italian quotes and apostrophes are typed by the authors).
   A tree processor adjusts the Markdown tree before serialising: ``# Heading`` becomes ``<h2>``
   (the page already has its ``<h1>``, the event title), ``#####``/``######`` become ``<h4>``, and a
   Markdown image ``![alt](url)`` becomes a plain link to ``url`` with ``alt`` as its text (the
   site never embeds remote images).
   For speed, the inline processor is Python-Markdown's with one change (``_PrecheckedInline``): it
   tries an inline pattern on a text only if the text holds what the pattern's expression needs
   (a `` ` ``, ``[``, ``*``...; ``_INLINE_NEEDS``). Upstream tries every pattern on every text, and
   a try without a match changes nothing, so the HTML is the same for every input;
   ``tests/test_markup_identity.py`` compares with the plain configuration (``_configured_markdown``).

2. **nh3 (ammonia) on the output, an allow-list.** Whatever Markdown produced is parsed again by an
   HTML5 parser and only these survive: ``p br strong em b i ul ol li a blockquote code pre h2 h3 h4
   table thead tbody tr th td hr``; attributes only ``href`` and ``title`` on ``a``; URLs only with
   the schemes ``http``, ``https``, ``mailto`` and ``tel`` (checked on the *decoded* value, so
   ``&#106;avascript:`` and ``JaVaScRiPt:`` are caught); relative and fragment-only URLs are
   removed (a relative link in a description would point somewhere different in each feed and
   page that shows it; the content model says links are http(s), mailto and tel); a link whose
   URL is removed keeps its text, without ``<a>``. Every link gets ``rel="noopener noreferrer"``
   and nothing else (no ``target``: opening a new window is the visitor's choice). Everything else
   goes: ``style``, ``on*``, ``class``, ``id``, ``img``, ``iframe``, ``svg``... and the *content*
   of ``script``, ``style`` and similar containers.

``plain_text`` gives the text of a description without any markup, for meta descriptions, JSON-LD,
open data and feeds. Its result is **text, not HTML**: escape it where it is embedded (Jinja2's
autoescape, ElementTree, the JSON encoder do).

The shared instance is not thread-safe, so conversions take a lock (the build is single-threaded;
the lock only makes a future parallel caller correct rather than subtly wrong).
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from html import unescape

import markdown
import nh3
from markdown import inlinepatterns, util
from markdown.treeprocessors import InlineProcessor, Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "a",
        "blockquote",
        "code",
        "pre",
        "h2",
        "h3",
        "h4",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed together with their content (not just the tag), should they ever reach the sanitiser.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "select",
        "title",
        "frame",
        "frameset",
        "noembed",
        "noframes",
        "xmp",
    }
)
LINK_REL = "noopener noreferrer"

# Block elements: plain_text puts a space where one ends, so "<p>a</p><p>b</p>" is "a b".
_BLOCKS = frozenset(
    {
        "p",
        "br",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
    }
)
# A link whose URL the sanitiser removed: keep its text, drop the dead <a> (links cannot nest, so the
# first </a> after it is its own). nh3 writes attributes in a fixed form, so this match is exact.
_DEAD_LINK = re.compile(r'<a(?: title="[^"]*")? rel="noopener noreferrer">(.*?)</a>', re.S)


class _Adjust(Treeprocessor):
    """Headings into h2..h4; images into links (the site shows no remote images)."""

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            tag = el.tag
            if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                el.tag = f"h{min(max(int(tag[1]), 2), 4)}"
            elif tag == "img":
                src = el.get("src") or ""
                text = el.get("alt") or src
                title = el.get("title")
                el.tag = "a"
                el.attrib.clear()
                el.set("href", src)
                if title:
                    el.set("title", title)
                el.text = text


# What a text must contain for an inline pattern to match in it, by the pattern's compiled expression
# (expression and flags, as the inline processor searches with it): every match of the expression,
# or for the backtick its lookahead, has one of these strings. A pattern not listed is always tried.
_INLINE_NEEDS = {
    re.compile(expression, re.DOTALL | re.UNICODE): needs
    for expression, needs in (
        (inlinepatterns.BACKTICK_RE, ("`",)),
        (inlinepatterns.ESCAPE_RE, ("\\",)),
        (inlinepatterns.LINK_RE, ("[",)),  # and the references, whose expression is the same
        (inlinepatterns.IMAGE_LINK_RE, ("![",)),  # and the image references
        (inlinepatterns.AUTOLINK_RE, ("<",)),
        (inlinepatterns.AUTOMAIL_RE, ("<",)),
        (inlinepatterns.LINE_BREAK_RE, ("  \n",)),
        (inlinepatterns.ENTITY_RE, ("&",)),
        (r"\*|_", ("*", "_")),  # emphasis: the delimiter processor's tokens
    )
}


class _PrecheckedInline(InlineProcessor):
    """Python-Markdown's inline processor, trying a pattern on a text only if the text can match it.

    Upstream, every pattern is tried on every text (a dozen regular expression searches, each behind
    a registry lookup and a method call), though most texts hold none of the characters the patterns
    need. A pattern skipped here is one whose expression has no match in the text: upstream, that try
    changes nothing and moves on to the next pattern with the start index back at 0, which is what
    the skip does. So the tree is the same for every input; tests/test_markup_identity.py compares.
    """

    def run(self, tree: ET.Element, ancestors: list[str] | None = None) -> ET.Element:
        # Once per document rather than once per pattern and text: the patterns in order, each with
        # what it needs.
        self._patterns = [(p, _INLINE_NEEDS.get(p.getCompiledRegExp())) for p in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Upstream's ``__handleInline`` (the loop over the patterns) with the check."""
        if isinstance(data, util.AtomicString):
            return data
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, needs = patterns[patternIndex]
            if needs is not None:
                for needle in needs:
                    if needle in data:
                        break
                else:  # no match possible: what upstream's try would return
                    patternIndex += 1
                    start = 0
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _configured_markdown() -> markdown.Markdown:
    """The Markdown of the module docstring, with Python-Markdown's own inline processor."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    # Raw HTML off: written HTML is escaped as text instead of passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Adjust(md), "cartellone_adjust", 5)
    return md


def _build() -> markdown.Markdown:
    md = _configured_markdown()
    md.treeprocessors.register(_PrecheckedInline(md), "inline", 20)
    return md


_MD = _build()
_LOCK = threading.Lock()


# The allow-list, configured once (half the cost of passing it to nh3.clean on every call).
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """The allow-list pass alone (for HTML from any source): see the module docstring."""
    return _CLEANER.clean(html)


def render_markdown(text: str) -> str:
    """Safe HTML for contributor Markdown ``text`` (empty string for empty or missing text)."""
    if not text or not text.strip():
        return ""
    with _LOCK:
        _MD.reset()
        html = _MD.convert(text)
        _MD.reset()
    return _DEAD_LINK.sub(r"\1", sanitise(html)).strip()


# A start or end tag of the sanitiser's output (a quoted attribute value may hold ">"): first those of
# the block elements, which become a space, then any other, which goes.
_TAG_REST = r"""(?:[^'">]+|"[^"]*"|'[^']*')*>"""
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCKS)) + r")(?=[\s/>])" + _TAG_REST, re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^\s/>]*" + _TAG_REST)


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with "…" when something was removed."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return "…"
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= (limit - 1) // 2:  # do not throw away more than half to end on a whole word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def html_text(html: str) -> str:
    """The text of (sanitised) HTML on one line, block elements turned into spaces."""
    if not html:
        return ""
    # The sanitiser's HTML is regular: no comments, scripts or stray "<" (text has &lt;), and every "&"
    # starts a whole reference. So tags can go by a regular expression, then references are
    # resolved and white space collapsed: what html.parser gives, at a fraction of its cost (the
    # open data and the JSON-LD take the text of every description; tests/test_markup.py compares).
    out = _TAG.sub("", _BLOCK_TAG.sub(" ", html))
    if "&" in out:
        out = unescape(out)
    return " ".join(out.split())


# Markdown text -> its plain text, in this process: the same description is asked for by its page in
# each language and by the open data.
_PLAIN: dict[str, str] = {}
_PLAIN_LIMIT = 200_000


def remember_plain_text(pairs: dict[str, str]) -> None:
    """Plain texts computed elsewhere (the build's parallel Markdown pass), for ``plain_text``."""
    if len(_PLAIN) + len(pairs) <= _PLAIN_LIMIT:
        _PLAIN.update(pairs)


def plain_text(text: str, limit: int | None = None) -> str:
    """The text of Markdown ``text`` on one line, without markup; at most ``limit`` characters.

    The result is plain text (``<`` stays ``<``): escape it where it is embedded.
    """
    out = _PLAIN.get(text)
    if out is None:
        out = html_text(render_markdown(text))
        if len(_PLAIN) < _PLAIN_LIMIT:
            _PLAIN[text] = out
    return out if limit is None else _shorten(out, limit)
