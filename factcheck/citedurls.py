"""Every URL the repository cites, with where it is cited (``path:line``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Repository


@dataclass(frozen=True)
class Citing:
    path: str
    line: int
    source_id: str
    annotation_id: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class CitedUrl:
    url: str
    cited_by: list[Citing] = field(default_factory=list)
    archived: str | None = None  # an archive copy given for this address, if any
    quotes: list[tuple[str, Citing]] = field(default_factory=list)  # words quoted from this address, and where


def collect_urls(repo: Repository) -> dict[str, CitedUrl]:
    """All cited URLs in first-seen order: sources first, then annotations."""
    found: dict[str, CitedUrl] = {}

    def add(url: str | None, citing: Citing, archived: str | None = None, quote: str | None = None) -> None:
        if not url:
            return
        entry = found.get(url)
        if entry is None:
            entry = found[url] = CitedUrl(url)
        entry.cited_by.append(citing)
        entry.archived = entry.archived or archived
        if quote and quote.strip():
            entry.quotes.append((quote, citing))

    for sid, source in sorted(repo.sources.items()):
        line = source.at("url")[0]
        add(source.url, Citing(source.path, line, sid))
        for key in ("appearances", "archived"):
            for url in getattr(source, key):
                add(url, Citing(source.path, source.at(key)[0], sid))
    for sid, fc in sorted(repo.factchecks.items()):
        for ann in fc.annotations:
            for cit in ann.citations:
                citing = Citing(fc.path, cit.line, sid, ann.id)
                add(cit.url, citing, cit.archived, cit.quote)
                add(cit.archived, citing)
    return found
