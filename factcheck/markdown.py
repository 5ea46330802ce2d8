"""The Markdown parser used for archived pages and for contributors' comments.

CommonMark without raw HTML (it is shown as text), without images (an image
would make readers' browsers request another host) and without typographic
replacements (they would change the archived words). Only http(s) and mailto
links survive.
"""

from __future__ import annotations

import re
from functools import cache

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
