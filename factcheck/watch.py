"""``factcheck watch``: does the clinic still say it? Each quote looked for on the live page.

For every source with a live address (``url``, ``appearances``) the page is
fetched politely (one host at a time per worker, a pause between requests to
one host, a time-out, a size limit, retries with back-off), its readable text
extracted exactly as ``factcheck archive`` extracts it (trafilatura to
Markdown, then the visible text of that Markdown), and each annotation's
quote looked for there with the anchoring rules (``anchor.find``: the same
normalisation, so typography-only changes do not count). Not there exactly:
the closest passage (``anchor.closest_passage``) decides between ``changed``
and ``removed``. A temporary failure (time-out, 5xx, 429, blocked) is
``unreachable``: retried, reported, and never written to the log.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
import hashlib
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from .anchor import closest_passage, find, occurrences
from .archive import MAX_BYTES, MIN_WORDS, Captured, _decode, extract_markdown
from .check import Checked
from .model import Annotation
from .pagetext import Fetched, Limits, _charset, fetch, user_agent
from .sourcetext import SourceText, _cores, parse_source
from .watchhistory import live_addresses
from .watchlog import Observation, WatchLog, append
from .watchstates import CHANGED, PAGE_GONE, REMOVED, SIMILARITY, STILL

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
MIN_PROCESS_PAGES = 20  # fewer pages are read in less time than starting worker processes takes


@dataclass
class WatchConfig:
    limits: Limits = field(default_factory=Limits)
    similarity: float = SIMILARITY
    threads: int = 4  # hosts fetched at once
    delay: float = 1.0  # seconds between two requests to one host
    retries: int = 2
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_wait: float = 30.0  # the longest Retry-After honoured
    network: str = "auto"  # "auto", "on", "off", as for links

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None, site_url: str | None = None) -> "WatchConfig":
        """From ``extra.factcheck.watch`` in mkdocs.yml (every key optional); FACTCHECK_NETWORK wins."""
        data = data or {}
        limits = Limits(max_bytes=MAX_BYTES, timeout=float(data.get("timeout", 15)),
                        deadline=float(data.get("deadline", 30)), allow_private=bool(data.get("allow_private", False)),
                        user_agent=user_agent(site_url))
        return cls(limits=limits, similarity=float(data.get("similarity", SIMILARITY)),
                   threads=int(data.get("threads", 4)), delay=float(data.get("delay", 1.0)),
                   retries=int(data.get("retries", 2)), backoff=float(data.get("backoff", 2.0)),
                   max_wait=float(data.get("max_wait", 30)),
                   network=os.environ.get("FACTCHECK_NETWORK") or str(data.get("network", "auto")))


@dataclass
class Reading:
    """One live address, read: the page's text, or why it counts as gone, or why it could not be read."""

    address: str
    status: int | None = None
    final_url: str = ""
    text: str | None = None  # the extracted Markdown
    gone: str = ""  # why the page counts as gone
    unreachable: str = ""  # why it could not be read this time


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: the ordinary back-off applies


def _is_home(url: str) -> bool:
    path = urlsplit(url).path.strip("/").lower()
    return path in ("", "index.html", "index.htm", "index.php", "home", "en", "default.aspx")


def _same_page(a: str, b: str) -> bool:
    """True for redirects that only change the scheme, a leading www. or a trailing slash."""
    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return ((parts.hostname or "").removeprefix("www."), parts.path.rstrip("/") or "/", parts.query)
    return key(a) == key(b)


def read(got: Fetched, *, fast: bool = False) -> Reading:
    """Sort a fetch into a readable page, a gone page or a temporary failure; extract the text."""
    reading = Reading(got.url, got.code, got.final_url or got.url)
    code, kind = got.code, got.content_type.split(";")[0].strip().lower()
    if got.unknown_host:
        reading.gone = "unknown host"
    elif code in (404, 410):
        reading.gone = "not found" if code == 404 else "gone"
    elif got.body is None:
        reading.unreachable = got.reason or f"HTTP {code}"
    elif not _same_page(got.url, reading.final_url) and _is_home(reading.final_url) and not _is_home(got.url):
        reading.gone = "redirected to the home page"
    elif kind not in HTML_TYPES:
        reading.unreachable = f"not an HTML page ({kind})"
    else:
        html = _decode(Captured(got.url, reading.final_url, got.body, _charset(got.content_type)))
        markdown = extract_markdown(html, fast=fast)
        if len(markdown.split()) < MIN_WORDS:  # a script-built page or a bot wall: nothing can be said
            reading.unreachable = "no readable text (the page may need a script)"
        else:
            reading.text = markdown
    return reading


def retryable(got: Fetched) -> bool:
    """A failure that may pass: no answer (time-out, refused), 429 or 5xx."""
    return got.body is None and not got.unknown_host and (got.code is None or got.code == 429 or got.code >= 500)


def _shared_window(page: str, needle: str) -> tuple[int, int] | None:
    """The stretch of ``page`` around the densest cluster of the needle's word pairs, or None if it shares none.

    Only narrows where ``closest_passage`` looks: on a whole page it costs tens of milliseconds a quote, and a
    page where no two consecutive words of the quote remain has nothing at the similarity a rewording keeps.
    """
    words = needle.split(" ")
    hits = sorted({i for pair in zip(words, words[1:]) for i in occurrences(page, " ".join(pair))})
    if not hits:
        return None
    span = len(needle)
    best = max(range(len(hits)), key=lambda k: bisect_left(hits, hits[k] + span) - k)  # most hits in one span
    best = hits[best]
    return max(0, best - span), min(len(page), best + 2 * span)


def claim_state(text: SourceText, ann: Annotation, similarity: float) -> tuple[str, str | None]:
    """(state, the live page's words when changed) for one annotation, by the anchoring rules."""
    needle, starts = find(text, ann.quote)
    if starts:
        return STILL, None
    page = text.normalised.text
    window = _shared_window(page, needle) if needle else None
    passage = closest_passage(page[window[0]:window[1]], needle) if window else None
    if passage is not None:
        start, length = window[0] + passage[0], passage[1]
        if difflib.SequenceMatcher(None, page[start:start + length], needle).ratio() >= similarity:
            begin, end = text.normalised.original_span(start, start + length)
            return CHANGED, " ".join(text.text[begin:end].split())
    return REMOVED, None


def observe(reading: Reading, annotations: list[Annotation], today: str, similarity: float) -> Observation | None:
    """The observation a reading makes, or None when it was a temporary failure."""
    if reading.unreachable:
        return None
    moved = reading.final_url if not _same_page(reading.address, reading.final_url) else None
    obs = Observation(today, reading.address, reading.status, redirected_to=moved)
    if reading.gone:
        obs.reason = reading.gone
        obs.claims = {a.id: PAGE_GONE for a in annotations}
        return obs
    text = parse_source(reading.text or "")
    obs.sha256 = hashlib.sha256((reading.text or "").encode("utf-8")).hexdigest()
    for ann in annotations:
        state, words = claim_state(text, ann, similarity)
        obs.claims[ann.id] = state
        if words:
            obs.now_says[ann.id] = words
    if moved and not any(s in (STILL, CHANGED) for s in obs.claims.values()):
        obs.reason = "redirected to an unrelated page"
        obs.claims = {a.id: PAGE_GONE for a in annotations}
        obs.now_says, obs.sha256 = {}, None
    return obs


def to_append(new: Observation, log: WatchLog | None) -> Observation | None:
    """What to add to the log for ``new``: itself, a short "unchanged since" entry, or nothing."""
    earlier = log.for_address(new.address) if log else []
    if not earlier:
        return new
    last = log.resolved(earlier[-1])
    if not new.same_as(last):
        return new
    if earlier[-1].date == new.date:
        return None  # seen already today
    since = earlier[-1].unchanged_since or earlier[-1].date
    return Observation(new.date, new.address, new.status, sha256=new.sha256, unchanged_since=since)


@dataclass
class WatchReport:
    observations: dict[str, list[Observation]] = field(default_factory=dict)  # source id -> appended
    seen: dict[str, list[Observation]] = field(default_factory=dict)  # source id -> every observation made
    unreachable: list[tuple[str, str, str]] = field(default_factory=list)  # (source id, address, why)
    offline: list[tuple[str, str]] = field(default_factory=list)  # (source id, address) not tried: no network
    no_address: list[str] = field(default_factory=list)  # source ids without a live address


def assess(got: Fetched, annotations: list[Annotation], today: str, similarity: float
           ) -> tuple[Reading, Observation | None]:
    """All the local work for one fetched page: extraction, then every quote looked for (run in a worker).

    The quick extraction is enough when every quote is still there; any other finding is made again on the
    full extraction, as ``factcheck archive`` makes it, so that nothing is called changed or removed because
    the quick one missed part of the page.
    """
    reading = read(got, fast=True)
    obs = observe(reading, annotations, today, similarity)
    if obs is None or any(state != STILL for state in obs.claims.values()):
        reading = read(got)
        obs = observe(reading, annotations, today, similarity)
    reading.text = None  # observed: only the verdicts travel back
    return reading, obs


def _fetch_host(addresses: list[str], config: WatchConfig, sleep: Callable[[float], None],
                fetched: Callable[[str, Fetched], None]) -> None:
    """Fetch one host's addresses in turn, pausing between requests and retrying temporary failures."""
    first = True
    for address in addresses:
        for attempt in range(config.retries + 1):
            if not first:
                sleep(config.delay)
            first = False
            got = fetch(address, config.limits)
            if not retryable(got) or attempt == config.retries:
                break
            sleep(min(config.max_wait, max(config.backoff * 2 ** attempt, _seconds(got.retry_after) or 0)))
        if got.body is None and attempt:
            got.reason += f" (after {attempt} retr{'y' if attempt == 1 else 'ies'})"
        fetched(address, got)


def fetch_all(addresses: list[str], config: WatchConfig, fetched: Callable[[str, Fetched], None],
              sleep: Callable[[float], None] = time.sleep) -> None:
    """Fetch every address: hosts in parallel (``config.threads``), each host's addresses one after another."""
    by_host: dict[str, list[str]] = {}
    for address in addresses:
        by_host.setdefault((urlsplit(address).hostname or "").lower(), []).append(address)
    with ThreadPoolExecutor(max_workers=max(1, min(config.threads, len(by_host) or 1))) as pool:
        list(pool.map(lambda urls: _fetch_host(urls, config, sleep, fetched), by_host.values()))


class _Here:
    """An executor that runs each job at once, in this process (for a few pages, or one core)."""

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def __enter__(self) -> "_Here":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def workers(pages: int) -> "ProcessPoolExecutor | _Here":
    """Processes for the local work when there is enough of it and more than one core.

    Extraction and matching take milliseconds a page, on one core while the fetches wait on the network. The
    processes are started at once, from this thread, before any fetching thread exists (forking a process
    that has other threads running is unsafe).
    """
    cores = _cores()
    if pages < MIN_PROCESS_PAGES or cores < 2:
        return _Here()
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()  # start them now
    return pool


def watch(checked: Checked, logs: dict[str, WatchLog], config: WatchConfig, today: str, *,
          only: set[str] | None = None, sleep: Callable[[float], None] = time.sleep,
          write: bool = True) -> WatchReport:
    """Watch every fact-checked source (or those in ``only``); append what changed to ``watch/``."""
    from .links import _split_offline

    report = WatchReport()
    wanted: dict[str, list[str]] = {}
    for sid, fc in sorted(checked.repo.factchecks.items()):
        source = checked.repo.sources.get(sid)
        if source is None or (only is not None and sid not in only):
            continue
        addresses = live_addresses(source)
        if addresses:
            wanted[sid] = addresses
        else:
            report.no_address.append(sid)
    readers: dict[str, list[str]] = {}  # address -> the sources seen there
    for sid, addresses in wanted.items():
        for address in addresses:
            readers.setdefault(address, []).append(sid)
    jobs: dict[tuple[str, str], Future] = {}
    with workers(len(readers)) as pool:
        to_fetch, offline = _split_offline(list(readers), config.network)

        def fetched(address: str, got: Fetched) -> None:
            for sid in readers[address]:
                jobs[(sid, address)] = pool.submit(assess, got, checked.repo.factchecks[sid].annotations, today,
                                                   config.similarity)

        fetch_all(to_fetch, config, fetched, sleep)
        for sid, addresses in wanted.items():
            added = []
            for address in addresses:
                if address in offline:
                    report.offline.append((sid, address))
                    continue
                reading, obs = jobs[(sid, address)].result()
                if obs is None:
                    report.unreachable.append((sid, address, reading.unreachable))
                    continue
                report.seen.setdefault(sid, []).append(obs)
                entry = to_append(obs, logs.get(sid))
                if entry is not None:
                    added.append(entry)
            if added:
                report.observations[sid] = added
                if write:
                    append(checked.repo.root, sid, added)
    return report
