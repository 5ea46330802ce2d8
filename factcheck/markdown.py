"""The Markdown parser used for archived pages and for contributors' comments.

CommonMark without raw HTML (it is shown as text), without images (an image
would make readers' browsers request another host) and without typographic
replacements (they would change the archived words). Only http(s) and mailto
links survive.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt

_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


def safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses, the only links the site keeps."""
    return bool(_SAFE_URL.match(url.strip()))


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


@cache
def _comment_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = safe_url  # type: ignore[method-assign]

    def link_open(self, tokens, idx, options, env):  # outbound links: no referrer credit, no opener
        tokens[idx].attrSet("rel", "nofollow noopener ugc")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


@lru_cache(maxsize=256)  # a comment is shown on its source page's card, then on its claim page just after
def render_markdown(text: str) -> str:
    """Contributor Markdown as safe HTML: no raw HTML, no images, only http(s)/mailto links."""
    return _comment_parser().render(text)


def render_inline(text: str) -> str:
    """One line of contributor Markdown (a takeaway) without the surrounding paragraph."""
    return _comment_parser().renderInline(text)


@lru_cache(maxsize=256)  # a comment gives a claim page its description and its finding
def plain_text(text: str) -> str:
    """Contributor Markdown reduced to its words (for meta descriptions and titles)."""
    tokens = _comment_parser().parseInline(text)
    words = [c.content if c.type in ("text", "code_inline") else " "
             for t in tokens for c in t.children or () if c.type in ("text", "code_inline", "softbreak", "hardbreak")]
    return " ".join("".join(words).split())
