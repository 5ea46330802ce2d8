"""The Atom feed (RFC 4287) of /watch/, behind one function.

``write_atom`` has the signature of the site's shared feed writer (``factcheck/feed.py``, coming with
the corrections feed); once that lands, this module only re-exports it. Until then, a minimal writer
with the standard library: ElementTree escapes every text and attribute.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/factcheck/feeds")
ATOM = "http://www.w3.org/2005/Atom"


def entry_id(*parts: object) -> str:
    """A stable ``urn:uuid:`` for the thing named by ``parts``: ids survive a move of the site."""
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
    updated: str
    link: str
    content: str  # HTML, escaped by the writer
    category: str | None = None


def _when(value: str) -> str:
    moment = dt.datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).isoformat()


def write_atom(path: Path, feed: Feed, entries: Iterable[FeedEntry]) -> None:
    """Write ``entries``, in the order given, as an Atom feed at ``path``."""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        element.text = text
        return element

    add(root, "id", feed.id)
    add(root, "title", feed.title)
    add(root, "subtitle", feed.subtitle)
    add(add(root, "author"), "name", feed.author)
    add(root, "link", href=feed.link, rel="alternate", type="text/html")
    add(root, "link", href=feed.self_link, rel="self", type="application/atom+xml")
    add(root, "updated", _when(feed.updated))
    for item in entries:
        entry = add(root, "entry")
        add(entry, "id", item.id)
        add(entry, "title", item.title)
        add(entry, "updated", _when(item.updated))
        add(entry, "link", href=item.link, rel="alternate", type="text/html")
        add(entry, "content", item.content, type="html")
        if item.category:
            add(entry, "category", term=item.category)
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
