"""The sped-up Markdown of markup.py gives, byte for byte, what the plain configured Python-Markdown gives.

``markup._PrecheckedInline`` skips the inline patterns a text cannot match; these tests convert the
same texts with it and with Python-Markdown's own inline processor (``markup._configured_markdown``)
and compare the HTML before and after the sanitiser.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from cartellone import markup
from helpers import REPO_ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_PLAIN = markup._configured_markdown()


def _plain_markdown(text: str) -> str:
    _PLAIN.reset()
    return _PLAIN.convert(text)


def _sped_up_markdown(text: str) -> str:
    with markup._LOCK:
        markup._MD.reset()
        return markup._MD.convert(text)


def _plain_render(text: str) -> str:
    """``render_markdown`` written the straightforward way, on the plain Markdown."""
    if not text.strip():
        return ""
    return markup._DEAD_LINK.sub(r"\1", markup.sanitise(_plain_markdown(text))).strip()


def assert_same(text: str) -> None:
    assert _sped_up_markdown(text) == _plain_markdown(text), text
    assert markup.render_markdown(text) == _plain_render(text), text


def _descriptions(node) -> list[str]:
    """Every ``description`` string in a YAML document, translations included."""
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k == "description" and isinstance(v, str)]
        return own + [t for v in node.values() for t in _descriptions(v)]
    if isinstance(node, list):
        return [t for v in node for t in _descriptions(v)]
    return []


def _sample_descriptions() -> list[str]:
    texts = []
    for folder in ("events", "organisers", "venues", "providers"):
        for path in sorted((REPO_ROOT / folder).rglob("*.yaml")):
            texts += _descriptions(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def test_sample_descriptions():
    texts = _sample_descriptions()
    assert len(texts) > 100
    for text in texts:
        assert_same(text)


def _strings_of_the_markup_tests() -> list[str]:
    """Every string literal in the tests of markup.py: their payloads, tricky inputs and examples."""
    tree = ast.parse((Path(__file__).parent / "test_markup.py").read_text(encoding="utf-8"))
    return sorted({n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)})


def test_inputs_of_the_markup_tests():
    texts = _strings_of_the_markup_tests()
    assert "<script>alert(1)</script>" in texts
    for text in texts:
        assert_same(text)


TRICKY = [
    "***strong em*** and **strong *em* strong** and *em **strong** em* and ***a** b*",
    "_under_ __strong__ ___both___ snake_case_word a_b_c __a_b__ _a*b_ *a_b*",
    "**unclosed *em and **open** *",
    "* not a list but * stars * here",
    "[link](https://example.org \"Title\") [single](https://example.org 't') [paren](https://example.org (t))",
    "[nested [brackets]](https://example.org/a_(b)) [empty]() [x](<https://example.org/a b>)",
    '[ref][r] [r] [r][] ![img][r] ![r]\n\n[r]: https://example.org/ref "Ref title"',
    "<https://example.org/?a=1&b=2> <ftp://example.org> <info@example.org> <mailto:a@b.c> <not a link>",
    "mail info@example.org and https://example.org without brackets",
    "&amp; &copy; &#169; &#xA9; &bogus; & alone &#; &#x; AT&T",
    r"\*not em\* \_not\_ \[not link\] \`not code\` \\ backslash \# \+ \- \. \! \< \& \q",
    "`code *with* stars` ``code ` tick`` `unclosed *em* and `` double",
    r"\`escaped tick` and \\`code after escaped backslash`",
    '![alt *text*](https://example.org/i.png "t") ![](https://example.org/empty.png) ![a](x.png)',
    "| a | *b* |\n|:--|--:|\n| `|` | [l](https://example.org) |\n| &amp; | <x> |",
    "```python\n*not em* <b>\n  indented\n```\n\n~~~\ntilde fence\n~~~",
    "line one  \nline two   \nline three\\\nfour  \n",
    "trailing spaces at the end  ",
    "<b>bold</b> <i>x</i> <!-- c --> <?php x ?> <![CDATA[y]]> </p> <br/> <a href='javascript:x'>y</a>",
    "<script>alert(1)</script>\n\n<div>\n*block*\n</div>",
    "# H1 *em*\n## H2 [l](https://example.org)\n###### H6\n\nSetext\n------",
    "> quote *em*\n> > nested **strong**\n\n- a\n    - b `c`\n1. one\n2. two\n\n* star\n+ plus",
    "    indented code *not em*\n\n---\n***\n___",
    "è à ù *città* **perché** _così_ «virgolette» — trattino… “curve”",
    "a\tb\t*c*\t\n\tindented by tab",
    "",
    "   ",
    "\x02klzzwxh:0000\x03 and \x02wzxhzdk:0\x03 placeholders typed by hand",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_cases(text):
    assert_same(text)


_PIECES = [
    *"*_[]()<>!&\\`#-+.:|~ \n",
    *"ab1èé",
    *["**", "__", "  \n", "\n\n", "```", "    ", "- ", "1. ", "> ", "| a |", "|---|"],
    *["[a](", "https://example.org", '"t"', "<https://x.org>", "<a@b.it>", "&amp;", "&#38;", "@"],
]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text(text):
    assert_same(text)


def test_every_inline_pattern_is_prechecked():
    """Each of the configured inline patterns has an entry: a new or changed one shows here, not as slowness."""
    for pattern in _PLAIN.inlinePatterns:
        assert pattern.getCompiledRegExp() in markup._INLINE_NEEDS, pattern


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_a_pattern_matches_only_texts_holding_what_it_needs(text):
    for expression, needs in markup._INLINE_NEEDS.items():
        if expression.search(text):
            assert any(needle in text for needle in needs), (expression.pattern, text)
