"""The one normalisation used for both quotes and page text, with an offset map.

Rules (DESIGN.md, "Anchoring rules"): Unicode NFKC; every run of white space
(including no-break spaces and line ends) becomes one space; typographic
quotes, apostrophes and dashes become their plain forms. Invisible format
characters (zero-width space and joiners, soft hyphen, direction marks, BOM)
are dropped: a reader cannot see them, so a contributor cannot type them.
Case and everything else must match.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_FOLD = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})


class Normalised:
    """Normalised text and where each of its characters came from.

    The map is stored as runs: an *identity* run copies ``length`` original
    characters one for one; a *span* run gives all its ``length`` characters
    the same original span (a collapsed run of white space, or the several
    characters NFKC makes of one). Most of a page is a few identity runs, so
    the map stays small; positions are looked up by bisection.
    """

    __slots__ = ("text", "_norm", "_orig", "_orig_end", "_identity")

    def __init__(self, text: str, norm: list[int], orig: list[int], orig_end: list[int], identity: list[bool]):
        self.text = text
        self._norm, self._orig, self._orig_end, self._identity = norm, orig, orig_end, identity

    def _span(self, i: int) -> tuple[int, int]:
        k = bisect_right(self._norm, i) - 1
        if self._identity[k]:
            start = self._orig[k] + (i - self._norm[k])
            return start, start + 1
        return self._orig[k], self._orig_end[k]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)`` (end > start)."""
        return self._span(start)[0], self._span(end - 1)[1]

    def aligned(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` neither starts nor ends inside one original
        character's expansion (the "..." of an ellipsis), so it can be highlighted."""
        return ((start == 0 or self._span(start)[0] != self._span(start - 1)[0])
                and (end == len(self.text) or self._span(end)[1] != self._span(end - 1)[1]))


_PLAIN = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")  # ASCII words and single spaces: already normal
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> Normalised:
    """Normalise ``text`` and map every output character back to the input.

    Runs of ASCII words with single spaces, and runs of white space, are
    handled in bulk (most of any page); every other character goes through
    NFKC and the folding one cluster (a base character with its combining
    marks) at a time, so that composition stays inside the cluster.
    """
    out: list[str] = []
    norm: list[int] = []  # where each run starts in the output
    orig: list[int] = []
    orig_end: list[int] = []
    identity: list[bool] = []
    length = 0  # of the output so far
    in_space = False
    pos, n = 0, len(text)
    while pos < n:
        match = _PLAIN.match(text, pos)
        if match:
            end = match.end()
            if end < n and unicodedata.combining(text[end]):
                end -= 1  # the last letter belongs with the accent that follows it
            if end > pos:
                out.append(text[pos:end])
                norm.append(length), orig.append(pos), orig_end.append(end), identity.append(True)
                length += end - pos
                in_space, pos = False, end
                continue
        match = _SPACE.match(text, pos)
        if match:
            if in_space:
                orig_end[-1] = match.end()  # the one space now covers the whole run
            else:
                out.append(" ")
                norm.append(length), orig.append(pos), orig_end.append(match.end()), identity.append(False)
                length += 1
                in_space = True
            pos = match.end()
            continue
        end = pos + 1
        while end < n and unicodedata.combining(text[end]):
            end += 1
        for ch in unicodedata.normalize("NFKC", text[pos:end]).translate(_FOLD):
            if ch.isspace():
                if in_space:
                    orig_end[-1] = end
                    continue
                ch, in_space = " ", True
            elif unicodedata.category(ch) == "Cf":
                continue
            else:
                in_space = False
            out.append(ch)
            norm.append(length), orig.append(pos), orig_end.append(end), identity.append(False)
            length += 1
        pos = end
    return Normalised("".join(out), norm, orig, orig_end, identity)


def normalise_text(text: str) -> str:
    """Only the normalised string (for quotes, prefixes and suffixes)."""
    return normalise(text).text
