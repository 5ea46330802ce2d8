"""What a claim looks like where it is shared: short texts, forum snippets, links to the clinic's page."""

from __future__ import annotations

import re
from urllib.parse import quote as percent

CLAIM_REVIEWED_LIMIT = 75  # Google asks for claimReviewed within 75 characters
FINDING_LIMIT = 160
DESCRIPTION_LIMIT = 200
FRAGMENT_WORDS = 5  # words at each end of a long quote in a #:~:text= directive

_SENTENCE = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[A-Z0-9“\"‘(])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|Prof|vs|al|No|St)\.$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^])")  # inline syntax in CommonMark, Discourse or Reddit
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")  # would start a list or a heading underline


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


def first_sentence(text: str) -> str:
    """The first sentence of plain ``text`` (abbreviations such as "e.g." do not end it)."""
    text = " ".join(text.split())
    start = 0
    for match in _SENTENCE.finditer(text):
        if not _ABBREVIATION.search(text[start:match.start()]):
            return text[: match.start()].strip()
    return text


def finding(comment_text: str) -> str:
    """Our one-line finding: the first sentence of the comment, shortened at a word."""
    return shorten(first_sentence(comment_text), FINDING_LIMIT)


def claim_reviewed(claim: str, short: str | None) -> str:
    """The claim for ClaimReview: the annotation's short form, or the claim shortened at a word."""
    return short or shorten(claim, CLAIM_REVIEWED_LIMIT)


def text_fragment_url(page_url: str, quote: str) -> str:
    """``page_url`` with a ``#:~:text=`` directive that finds ``quote`` (its first and last words when long)."""
    words = quote.split()
    if len(words) > 2 * FRAGMENT_WORDS + 2:
        directive = (_fragment_part(" ".join(words[:FRAGMENT_WORDS])) + ","
                     + _fragment_part(" ".join(words[-FRAGMENT_WORDS:])))
    else:
        directive = _fragment_part(" ".join(words))
    return page_url.split("#", 1)[0] + "#:~:text=" + directive


def _fragment_part(text: str) -> str:
    # '-', ',' and '&' are syntax inside a text directive, so they are escaped too
    return percent(text, safe="").replace("-", "%2D")


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown text (CommonMark, Discourse and Reddit)."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def forum_snippet(*, quote: str, publisher: str, verdict_label: str | None, finding_text: str, link: str) -> str:
    """A short Markdown post: the clinic's words (as a quote, attributed), our verdict, our finding, the link."""
    lead = f"**Our verdict: {verdict_label}.**" if verdict_label else "**Our context note:**"
    return (f"The clinic's words ({markdown_escape(publisher)}):\n\n"
            f"> {markdown_escape(shorten(quote, 280))}\n\n"
            f"{lead} {markdown_escape(finding_text)}\n\n"
            f"Full fact-check: <{link}>\n")
