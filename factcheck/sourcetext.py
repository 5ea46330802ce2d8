"""The text a reader sees on a rendered ``page.md``, with token offsets.

Each text-bearing token gets ``meta["v"]``: where its characters start in
``SourceText.text``. Anchoring works on that text; rendering walks the same
tokens and wraps ranges of it in ``<mark>``, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from markdown_it.token import Token

from .markdown import parser
from .normalise import Normalised, normalise

TEXT_INLINE = ("text", "code_inline")
BREAKS = ("softbreak", "hardbreak")
TEXT_BLOCKS = ("fence", "code_block")


@dataclass
class SourceText:
    tokens: list[Token]
    text: str  # visible text; blocks separated by a line end

    @cached_property
    def normalised(self) -> Normalised:
        return normalise(self.text)


def parse_source(markdown: str) -> SourceText:
    """Parse ``page.md`` and compute its visible text."""
    tokens = parser().parse(markdown)
    parts: list[str] = []
    length = 0

    def add(token: Token, text: str) -> None:
        nonlocal length
        token.meta["v"] = length
        parts.append(text)
        length += len(text)

    for block in tokens:
        if block.type == "inline" or block.type in TEXT_BLOCKS:
            if length:
                parts.append("\n")
                length += 1
        if block.type == "inline":
            for child in block.children or ():
                if child.type in TEXT_INLINE:
                    add(child, child.content)
                elif child.type in BREAKS:
                    add(child, "\n")
        elif block.type in TEXT_BLOCKS:
            add(block, block.content)
    return SourceText(tokens, "".join(parts))
