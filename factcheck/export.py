"""Machine-readable exports: ClaimReview (schema.org) and W3C Web Annotations.

A Web Annotation targets the archived visible text, published as plain text
(``pagecontract.text_url``), with a TextQuoteSelector and a TextPositionSelector
that both select the quoted passage there; where the clinic's own address is
known, a second target selects the same quote on it, with a TimeState naming
our archived copy and the day it was captured.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Collection, TextIO
from urllib.parse import urlsplit

from .pagecontract import EXPORT_URL, text_url
from .share import claim_reviewed
from .verdicts import SCALE

CONTEXT_CHARS = 32  # of page text around each quote in a TextQuoteSelector
BEST, WORST = max(v.rating for v in SCALE), min(v.rating for v in SCALE)


def _publisher(source: Any) -> dict[str, str]:
    """The claim's author: the page's publisher, with its site's address when the page's address is known."""
    author = {"@type": "Organization", "name": source.publisher}
    if source.url:
        parts = urlsplit(source.url)
        author["url"] = f"{parts.scheme}://{parts.netloc}/"
    return author


def claim_review(entry: Any, url: str, archive_url: str, site_name: str, site_url: str) -> dict[str, Any]:
    """ClaimReview JSON-LD for one rated claim, with Google's recommended fields where they are known."""
    source, fc, ann, v = entry.source, entry.fc, entry.ann, entry.v
    author = _publisher(source)
    seen = [{"@type": "CreativeWork", "url": u, "headline": source.title, "author": author}
            for u in [source.url, *source.appearances] if u]
    archive = {"@type": "CreativeWork", "url": archive_url, "headline": f"Archived copy: {source.title}",
               "author": author}
    claim: dict[str, Any] = {"@type": "Claim", "author": author, "appearance": [*seen, archive], "text": entry.quote}
    if source.url:
        claim["firstAppearance"] = seen[0]
    if source.published:
        claim["datePublished"] = source.published
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim_reviewed(ann.claim, ann.claim_short),
        "datePublished": fc.published,
        "author": {"@type": "Organization", "name": site_name, **({"url": site_url} if site_url else {})},
        "reviewRating": {"@type": "Rating", "ratingValue": v.rating, "bestRating": BEST, "worstRating": WORST,
                         "alternateName": v.label},
        "itemReviewed": claim,
    }
    if fc.modified:
        review["dateModified"] = fc.modified
    return review


def date_time(day: str, time: str = "00:00:00") -> str:
    """A ``YYYY-MM-DD`` day as the date-time (with a time zone) the Web Annotation model requires."""
    return f"{day}T{time}Z"


def web_annotation(e: Any, absolute: Callable[[str], str]) -> dict[str, Any]:
    """One anchored annotation as a W3C Web Annotation."""
    source = e.source
    text = source.text.text
    start, end = e.anchor.start, e.anchor.end
    archived = absolute(text_url(source.id))
    quote = {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]}
    targets: list[dict[str, Any]] = [{
        "type": "SpecificResource",
        "source": {"id": archived, "type": "Text", "format": "text/plain", "language": source.language},
        "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
    }]
    if source.url:  # the clinic's page, as it read on the day we archived it
        targets.append({"type": "SpecificResource", "source": source.url, "selector": quote,
                        "state": {"type": "TimeState", "cached": archived,
                                  "sourceDateStart": date_time(source.captured),
                                  "sourceDateEnd": date_time(source.captured, "23:59:59")}})
    body = [{"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": e.ann.comment}]
    if e.ann.verdict:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": e.v.label})
    if e.ann.claim:
        body.append({"type": "TextualBody", "purpose": "describing", "value": e.ann.claim})
    body += [{"type": "SpecificResource", "purpose": "linking", "source": c.url} for c in e.ann.citations]
    return {
        "id": absolute(e.claim_url),
        "type": "Annotation",
        "motivation": "assessing" if e.ann.verdict else "commenting",
        "created": date_time(e.fc.published),
        **({"modified": date_time(e.fc.modified)} if e.fc.modified else {}),
        "creator": [{"type": "Person", "nickname": a} for a in e.fc.authors],
        "body": body,
        "target": targets,
    }


def write_web_annotations(out: TextIO, entries: Collection[Any], absolute: Callable[[str], str]) -> None:
    """Every annotation as a W3C Web Annotation, in one AnnotationCollection, written to ``out``.

    Items are encoded one at a time: the whole collection of a large site
    would otherwise be held in memory, twice (objects and text).
    """
    collection = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": absolute(EXPORT_URL),
                  "type": "AnnotationCollection", "label": "Fact-check annotations", "total": len(entries)}
    page = {"type": "AnnotationPage", "id": absolute(EXPORT_URL + "#page1")}
    # The two objects, left open, then the items: {...,"first":{...,"items":[item,item]}}
    out.write(compact_json(collection)[:-1] + ',"first":' + compact_json(page)[:-1] + ',"items":[')
    for i, e in enumerate(entries):
        out.write(("," if i else "") + compact_json(web_annotation(e, absolute)))
    out.write("]}}")


def compact_json(data: Any) -> str:
    """JSON without spaces, non-ASCII text kept as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
