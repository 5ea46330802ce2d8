"""The browse pages /verdicts/, /topics/ and /links/, in pages that stay small as the site grows.

Each is an overview with a few items per section (a verdict, a condition, a
kind of claim, a link status), and each section lists all its items on pages
of its own, ``PER_PAGE`` at a time. At 10,000 claims a single /verdicts/ page
would be about 4 MB; readers are often on phones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pagecontract import section_url

PER_PAGE = 200  # items on a section page: under 500 KB of HTML even with long titles
PREVIEW = 10  # items of each section shown on the overview
TOPIC_PREVIEW = 5  # /topics/ has a section per condition and per kind of claim: fewer each
MAX_CITED_BY = 20  # claims named in one row of /links/; the rest are counted


@dataclass
class Section:
    """One section of an overview, and the numbered pages that list all its items."""

    index: str  # the overview's address, e.g. "verdicts/"
    overview: str  # the overview's title
    key: str  # e.g. "misleading", "condition/spinal-cord-injury", "broken"
    anchor: str  # its id on the overview
    label: str  # its heading
    noun: str  # what its items are, after a number: "claims rated Misleading"
    kind: str  # what it lists: "claims", "sources" or "links"
    items: list[Any] = field(default_factory=list)
    intro: str = ""
    badge: Any = None  # a Verdict shown beside the label, if any
    preview_size: int = PREVIEW

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.items) // PER_PAGE))

    @property
    def preview(self) -> list[Any]:
        return self.items[:self.preview_size]

    def url(self, number: int = 1) -> str:
        return section_url(self.index, self.key, number)

    def page(self, number: int) -> list[Any]:
        return self.items[(number - 1) * PER_PAGE:number * PER_PAGE]

    def page_of(self, position: int) -> int:
        """The page number that lists item ``position`` (0-based)."""
        return position // PER_PAGE + 1
