"""The one normalisation used for both quotes and page text, with an offset map.

Rules (DESIGN.md, "Anchoring rules"): Unicode NFKC; every run of white space
(including no-break spaces and line ends) becomes one space; typographic
quotes, apostrophes and dashes become their plain forms. Invisible format
characters (zero-width space and joiners, soft hyphen, direction marks, BOM)
are dropped: a reader cannot see them, so a contributor cannot type them.
Case and everything else must match.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_FOLD = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})


@dataclass(frozen=True)
class Normalised:
    """Normalised text; ``starts[i]``/``ends[i]`` give the original span of char ``i``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)`` (end > start)."""
        return self.starts[start], self.ends[end - 1]

    def aligned(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` neither starts nor ends inside one original
        character's expansion (the "..." of an ellipsis), so it can be highlighted."""
        return ((start == 0 or self.starts[start] != self.starts[start - 1])
                and (end == len(self.text) or self.ends[end] != self.ends[end - 1]))


def _clusters(text: str):
    """Yield (start, end) of each base character with its combining marks.

    NFKC is applied per cluster so that composition (e + U+0301 -> é) stays
    inside one cluster and the offset map stays exact.
    """
    start, n = 0, len(text)
    while start < n:
        end = start + 1
        while end < n and unicodedata.combining(text[end]):
            end += 1
        yield start, end
        start = end


def normalise(text: str) -> Normalised:
    """Normalise ``text`` and map every output character back to the input."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    for start, end in _clusters(text):
        piece = text[start:end]
        if piece.isascii() and piece.isalnum():  # fast path for most characters
            folded = piece
        else:
            folded = unicodedata.normalize("NFKC", piece).translate(_FOLD)
        for ch in folded:
            if ch.isspace():
                if in_space:
                    ends[-1] = end  # the one space now covers the whole run
                    continue
                ch, in_space = " ", True
            elif unicodedata.category(ch) == "Cf":
                continue
            else:
                in_space = False
            out.append(ch)
            starts.append(start)
            ends.append(end)
    return Normalised("".join(out), tuple(starts), tuple(ends))


def normalise_text(text: str) -> str:
    """Only the normalised string (for quotes, prefixes and suffixes)."""
    return normalise(text).text
