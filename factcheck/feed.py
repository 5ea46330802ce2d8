"""Atom feeds (RFC 4287), written with feedgen: one small writer for every feed the site publishes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from feedgen.feed import FeedGenerator

# Entry ids must never change, even if the site moves to another address: they
# are name-based UUIDs of what the entry is, not addresses.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/factcheck/feeds")


def entry_id(*parts: object) -> str:
    """A stable ``urn:uuid:`` for the thing named by ``parts`` (for example "correction", source id, number)."""
    return uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)).urn


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    link: str  # the HTML page that lists the same entries
    self_link: str  # the feed's own address
    author: str
    updated: str  # YYYY-MM-DD or an ISO date-time


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str  # YYYY-MM-DD or an ISO date-time
    link: str
    content: str  # HTML, escaped by the writer
    category: str | None = None


def _when(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def write_atom(path: Path, feed: Feed, entries: Iterable[FeedEntry]) -> None:
    """Write ``entries``, in the order given, as an Atom feed at ``path``."""
    fg = FeedGenerator()
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.subtitle)
    fg.author({"name": feed.author})
    fg.link(href=feed.link, rel="alternate", type="text/html")
    fg.link(href=feed.self_link, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.updated(_when(feed.updated))
    for item in entries:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.title(item.title)
        fe.updated(_when(item.updated))
        fe.link(href=item.link, rel="alternate", type="text/html")
        fe.content(item.content, type="html")
        if item.category:
            fe.category(term=item.category)
    path.parent.mkdir(parents=True, exist_ok=True)
    fg.atom_file(str(path), pretty=True)
