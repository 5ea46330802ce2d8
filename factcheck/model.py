"""The data contributors write, as typed objects that remember their file positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .sourcetext import SourceText

Pos = tuple[int, int]
Span = tuple[int, int]  # [start, end) of a scalar in its file's text


@dataclass
class Citation:
    title: str
    url: str
    publisher: str | None = None
    date: str | None = None
    quote: str | None = None
    archived: str | None = None
    line: int = 1


@dataclass
class Annotation:
    id: str
    quote: str
    comment: str
    prefix: str | None = None
    suffix: str | None = None
    claim: str | None = None
    claim_short: str | None = None  # at most 75 characters, for ClaimReview
    finding: str | None = None  # our one-line finding; without it, the comment's first sentence
    verdict: str | None = None
    citations: list[Citation] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pos: dict[str, Pos] = field(default_factory=dict)  # key -> where it is written
    spans: dict[str, Span] = field(default_factory=dict)  # key -> its value in FactCheck.text

    def at(self, key: str) -> Pos:
        return self.pos.get(key, self.pos.get("", (1, 1)))


@dataclass
class Correction:
    """One dated entry of a fact-check's corrections log."""

    date: str
    kind: str  # "correction", "clarification" or "update"
    annotations: list[str]
    what: str
    why: str
    summary: list[str] = field(default_factory=list)  # page-level fields changed: verdict, headline, takeaways
    pos: dict[str, Pos] = field(default_factory=dict)

    def at(self, key: str) -> Pos:
        return self.pos.get(key, self.pos.get("", (1, 1)))


@dataclass
class FactCheck:
    source: str
    verdict: str
    headline: str
    takeaways: list[str]
    authors: list[str]
    published: str
    annotations: list[Annotation]
    path: str  # as shown in messages, relative to the repository
    reviewers: list[str] = field(default_factory=list)
    reviewed: str | None = None
    updated: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    pos: dict[str, Pos] = field(default_factory=dict)
    valid: bool = True  # False when the file has schema errors (they are reported)
    text: str = field(default="", repr=False)  # the file's YAML, for positions inside values
    spans: dict[tuple, Span] = field(default_factory=dict, repr=False)  # ("headline",), ("takeaways", i)

    def at(self, key: str) -> Pos:
        return self.pos.get(key, (1, 1))

    @property
    def last_changed(self) -> str:
        """The date of the newest change: the newest log entry, else publication."""
        return max([self.published, *(c.date for c in self.corrections)])

    @property
    def modified(self) -> str | None:
        """``updated`` as published (ClaimReview ``dateModified``): the newest log entry when there is one."""
        return self.last_changed if self.corrections else self.updated

    @property
    def review_pos(self) -> Pos:
        """Where the review record is (or belongs): for messages about drafts."""
        for key in ("reviewers", "reviewed", "authors"):
            if key in self.pos:
                return self.pos[key]
        return (1, 1)

    @property
    def draft_reason(self) -> str | None:
        """Why this fact-check is a draft (not yet reviewed), or None when it may be published."""
        if not self.reviewers or not self.reviewed:
            return "not yet reviewed: a reviewer who is not an author must check it, then add 'reviewers' and 'reviewed'"
        if self.corrections and self.reviewed < self.last_changed:
            return (f"changed on {self.last_changed} after its review on {self.reviewed}: the change needs a review "
                    "(then set 'reviewed')")
        return None

    @property
    def draft(self) -> bool:
        return self.draft_reason is not None


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    url: str | None
    captured: str
    sha256: str
    path: str  # the source.yml path as shown in messages
    page_path: Path
    appearances: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    language: str = "en"
    topics: list[str] = field(default_factory=list)
    note: str | None = None
    published: str | None = None  # when the publisher put the text online, if the page says
    pos: dict[str, Pos] = field(default_factory=dict)
    _text: SourceText | None = field(default=None, repr=False)

    @property
    def text(self) -> SourceText:
        """The page's visible text (and, on demand, its Markdown tokens)."""
        if self._text is None:
            self._text = SourceText(self.page_path.read_text("utf-8"))
        return self._text

    def at(self, key: str) -> Pos:
        return self.pos.get(key, (1, 1))


@dataclass
class Repository:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    factchecks: dict[str, FactCheck] = field(default_factory=dict)
