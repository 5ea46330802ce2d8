"""Is each citation's quoted passage still at its address?

Every citation that carries a ``quote`` is looked up on the page at its
address (read by ``pagetext``), with the normalisation used for anchoring.
The answer is one of ``quote found``; ``quote not found`` with the closest
passage; or ``quote not checkable`` with the reason (login or paywall, a
page that needs a script, an unsupported type, too large, not reachable).
Each address is fetched once however many quotes it holds, requests to one
host go one at a time, and results are cached with their own age limits, so
a second run within them sends no request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .anchor import closest_passage
from .citedurls import CitedUrl, Citing
from .linkcache import parse_stamp, stamp
from .normalise import normalise_text
from .pagetext import Limits, PageText, fetch_text

FOUND, NOT_FOUND, NOT_CHECKABLE = "quote found", "quote not found", "quote not checkable"
QUOTE_STATUSES = (FOUND, NOT_FOUND, NOT_CHECKABLE)
DEFAULT_QUOTE_MAX_AGE = {FOUND: "30d", NOT_FOUND: "1d", NOT_CHECKABLE: "7d"}


def quote_key(quote: str) -> str:
    """A short fingerprint of a quote, as normalised for matching."""
    return hashlib.sha256(normalise_text(quote).strip().encode("utf-8")).hexdigest()[:16]


@dataclass
class QuoteResult:
    url: str
    key: str  # quote_key of the quoted words
    status: str
    detail: str = ""  # the closest passage (not found) or the reason (not checkable)
    checked_at: str = ""

    @property
    def seen_on(self) -> str:
        return self.checked_at[:10]

    def to_json(self) -> dict:
        return asdict(self)


def match(quote: str, text: str) -> tuple[str, str]:
    """(status, detail) for ``quote`` on a page whose readable text is ``text``."""
    page, needle = normalise_text(text), normalise_text(quote).strip()
    if needle in page:
        return FOUND, ""
    passage = closest_passage(page, needle)
    if passage is None:
        return NOT_FOUND, "no similar passage on the page"
    start, length = passage
    shown = page[start:start + length].strip()
    return NOT_FOUND, f'closest passage: "{shown if len(shown) <= 200 else shown[:197] + "..."}"'


class QuoteCache:
    """Quote results beside the link statuses (``.cache/quotes.json``), each with an age limit by status."""

    def __init__(self, path: Path, max_age: dict[str, dt.timedelta]):
        self.path, self.max_age = path, max_age
        self.results: dict[tuple[str, str], QuoteResult] = {}

    def load(self) -> "QuoteCache":
        try:
            data = json.loads(self.path.read_text("utf-8"))
            items = data.get("results", []) if isinstance(data, dict) else []
        except (OSError, ValueError):
            items = []  # a missing or damaged cache only means checking again
        for item in items:
            if isinstance(item, dict) and item.get("status") in QUOTE_STATUSES:
                result = QuoteResult(str(item.get("url")), str(item.get("key")), item["status"],
                                     str(item.get("detail", "")), str(item.get("checked_at", "")))
                self.results[(result.url, result.key)] = result
        return self

    def fresh(self, url: str, key: str, now: dt.datetime) -> bool:
        result = self.results.get((url, key))
        checked = parse_stamp(result.checked_at) if result else None
        return checked is not None and now - checked < self.max_age.get(result.status, dt.timedelta(0))

    def save(self, keep: set[tuple[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        items = [r.to_json() for k, r in sorted(self.results.items()) if k in keep]
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".quotes-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": 1, "results": items}, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, self.path)


@dataclass
class QuoteCitation:
    """One quoted citation with its result: what the site and the build report."""

    url: str
    quote: str
    citing: Citing
    result: QuoteResult


def check_quotes(cited: dict[str, CitedUrl], reachable: set[str] | None, cache: QuoteCache, limits: Limits, *,
                 now: dt.datetime, per_host_interval: float = 0.1, threads: int = 4,
                 fetch: Callable[[str, Limits], PageText] = fetch_text) -> list[QuoteCitation]:
    """Check every quoted citation whose result is missing or stale, at the addresses in ``reachable``.

    Addresses that are not reachable now (broken, unverified, no network) are not fetched: they keep
    their last cached result, or get ``quote not checkable``. ``reachable=None`` fetches nothing and
    reports what the cache knows (for builds that do not check links).
    """
    wanted = {url: c.quotes for url, c in cited.items() if c.quotes}
    stale = {url: quotes for url, quotes in wanted.items() if reachable is not None and url in reachable
             and any(not cache.fresh(url, quote_key(q), now) for q, _ in quotes)}
    fresh = _fetch_all(list(stale), limits, per_host_interval, threads, fetch)
    for url, page in fresh.items():
        for quote, _ in stale[url]:
            status, detail = match(quote, page.text) if page.text is not None else (NOT_CHECKABLE, page.reason)
            cache.results[(url, quote_key(quote))] = QuoteResult(url, quote_key(quote), status, detail, stamp(now))
    found = []
    for url, quotes in wanted.items():
        for quote, citing in quotes:
            result = cache.results.get((url, quote_key(quote)))
            if result is None:
                why = "not checked yet" if reachable is None else "the address could not be reached"
                result = QuoteResult(url, quote_key(quote), NOT_CHECKABLE, why)
            found.append(QuoteCitation(url, quote, citing, result))
    if fresh:
        cache.save({(q.url, q.result.key) for q in found})
    return found


def _fetch_all(urls: list[str], limits: Limits, interval: float, threads: int,
               fetch: Callable[[str, Limits], PageText]) -> dict[str, PageText]:
    """Fetch each address once: hosts in parallel, one request at a time to each host."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).netloc.lower()].append(url)

    def host_run(host_urls: list[str]) -> dict[str, PageText]:
        pages = {}
        for i, url in enumerate(host_urls):
            if i:
                time.sleep(interval)
            pages[url] = fetch(url, limits)
        return pages

    results: dict[str, PageText] = {}
    if not by_host:
        return results
    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(by_host)))) as pool:
        for pages in pool.map(host_run, by_host.values()):
            results.update(pages)
    return results


def not_found_messages(quotes: list[QuoteCitation]) -> list[str]:
    """``path:line: quoted words not found at <url>; closest passage: ...`` for each misquote or changed source."""
    return sorted(f"{q.citing}: quoted words not found at {q.url} ({q.result.detail}); either the quote is wrong "
                  "or the source changed" for q in quotes if q.result.status == NOT_FOUND)
