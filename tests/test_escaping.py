"""Contributor and clinic Markdown becomes safe HTML (factcheck.markdown): in-process and fast.

tests/test_xss.py checks the whole built site against a corpus of payloads; these pin each rule down.
"""

from __future__ import annotations

import pytest

from factcheck.markdown import parser, plain_text, render_inline, render_markdown, safe_url


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org", "HTTPS://EXAMPLE.ORG",
                                 "mailto:editor@example.org", "  https://example.org/padded  "])
def test_web_and_mail_addresses_are_kept(url: str) -> None:
    assert safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>",
                                 "vbscript:msgbox", "ftp://example.org", "/relative", "#fragment", "",
                                 "xhttps://example.org", "https:/example.org", "file:///etc/passwd"])
def test_every_other_address_is_refused(url: str) -> None:
    assert not safe_url(url)


def test_comment_links_are_kept_with_rel_and_unsafe_ones_are_dropped() -> None:
    html = render_markdown("See [the trial](https://example.org/t), [mail](mailto:a@example.org) and "
                           "[bad](javascript:alert(1)).")
    assert '<a href="https://example.org/t" rel="nofollow noopener ugc">the trial</a>' in html
    assert '<a href="mailto:a@example.org" rel="nofollow noopener ugc">mail</a>' in html
    assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
    assert "[bad](javascript:alert(1))" in html  # shown as the text it is


def test_raw_html_is_text_not_markup() -> None:
    html = render_markdown('<script>alert(1)</script>\n\nA <b onclick="x()">bold</b> move.')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b onclick=&quot;x()&quot;&gt;" in html


def test_images_request_nothing() -> None:
    html = render_markdown("![a tracking pixel](https://tracker.example/p.gif)")
    assert "<img" not in html  # at most a link, which a reader's browser does not fetch by itself
    assert '<a href="https://tracker.example/p.gif" rel="nofollow noopener ugc">a tracking pixel</a>' in html


def test_inline_markdown_has_no_paragraph_and_the_same_rules() -> None:
    assert render_inline("**Bold** and [x](https://e.org)") == (
        '<strong>Bold</strong> and <a href="https://e.org" rel="nofollow noopener ugc">x</a>')
    assert "<script>" not in render_inline("<script>x</script>")


def test_plain_text_keeps_only_the_words() -> None:
    assert plain_text("**Bold** claim, `code` and [a link](https://e.org)\nnext line") == (
        "Bold claim, code and a link next line")
    assert plain_text("a hard  \nbreak and a soft\nbreak") == "a hard break and a soft break"
    assert plain_text("<script>x</script>") == "<script>x</script>"  # plain text: the theme escapes it


def test_archived_pages_keep_their_characters_and_lose_their_markup() -> None:
    md = parser()
    html = md.render('"Quotes" -- and (c) stay... <img src=x onerror=alert(1)> [go](javascript:x) [ok](https://e.org)')
    assert '&quot;Quotes&quot; -- and (c) stay...' in html  # no typographic replacement of archived words
    assert "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://e.org">ok</a>' in html  # no rel on the clinic's own links: they are not ours
