"""Check every cited link: cache, LinkChecker, retries with backoff, and one status per URL.

Only new or stale addresses are handed to LinkChecker; a run with a fresh
cache sends no request at all. LinkChecker does not retry, so 429, 5xx and
time-outs are retried here with exponential backoff, honouring
``Retry-After`` up to a bound. With no network at all the run says so once
and marks the unreachable addresses ``unverified`` (without caching them).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from .citedurls import CitedUrl, collect_urls
from .linkcache import DEFAULT_MAX_AGE, LinkCache, now_utc, parse_age, stamp
from .linkchecker import RawResult, Settings, run_linkchecker
from .linkstatus import BROKEN, OK, REDIRECTED, UNVERIFIED, LinkResult, classify
from .model import Repository
from .pagetext import Limits, user_agent
from .quotecheck import DEFAULT_QUOTE_MAX_AGE, QuoteCache, QuoteCitation, check_quotes


@dataclass
class LinkConfig:
    cache: Path
    max_age: dict[str, dt.timedelta]
    settings: Settings = field(default_factory=Settings)
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = 30.0  # the most a Retry-After is honoured
    network: str = "auto"  # "auto", "on" (always try), "off" (treat as offline)
    quote_cache: Path | None = None  # where quote results are kept (beside the link cache)
    quote_max_age: dict[str, dt.timedelta] = field(default_factory=dict)
    page_limits: Limits = field(default_factory=Limits)  # for reading cited pages

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None, root: Path, site_url: str | None = None) -> "LinkConfig":
        """From ``extra.factcheck.links`` in mkdocs.yml (every key optional)."""
        data = data or {}
        ages = {**DEFAULT_MAX_AGE, **(data.get("max_age") or {})}
        settings = Settings(threads=int(data.get("threads", 10)), timeout=float(data.get("timeout", 15)),
                            max_requests_per_second=float(data.get("max_requests_per_second", 10)))
        if data.get("user_agent"):
            settings.user_agent = str(data["user_agent"])
        network = os.environ.get("FACTCHECK_NETWORK") or str(data.get("network", "auto"))
        cache = root / str(data.get("cache", ".cache/links.json"))
        quote_ages = {**DEFAULT_QUOTE_MAX_AGE, **(data.get("quote_max_age") or {})}
        limits = Limits(max_bytes=int(data.get("max_page_bytes", Limits.max_bytes)), timeout=settings.timeout,
                        deadline=float(data.get("page_deadline", Limits.deadline)),
                        allow_private=bool(data.get("allow_private", False)), user_agent=user_agent(site_url))
        return cls(cache=cache, max_age={k: parse_age(v) for k, v in ages.items()}, settings=settings,
                   retries=int(data.get("retries", 2)), backoff=float(data.get("backoff", 1.0)),
                   max_wait=float(data.get("max_wait", 30)), network=network,
                   quote_cache=cache.with_name("quotes.json"),
                   quote_max_age={k: parse_age(v) for k, v in quote_ages.items()}, page_limits=limits)


@dataclass
class LinkReport:
    results: dict[str, LinkResult]  # every cited URL
    cited: dict[str, CitedUrl]
    checked: int = 0  # how many were sent to LinkChecker in this run
    offline: int = 0  # how many could not be checked for lack of network
    quotes: list[QuoteCitation] = field(default_factory=list)  # every quoted citation and its quote check

    def by_status(self, status: str) -> list[LinkResult]:
        return [r for r in self.results.values() if r.status == status]


Progress = Callable[[int, int, str], None]


@lru_cache(maxsize=4096)
def is_local(host: str | None) -> bool:
    """A loopback host (localhost, 127.0.0.0/8, ::1): reachable without a network, unknown to the world."""
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _resolvable(hosts: set[str], timeout: float = 5.0) -> bool:
    """True if any of ``hosts`` resolves (the machine can reach a name server)."""
    if not hosts:
        return True
    pool = ThreadPoolExecutor(max_workers=min(8, len(hosts)))
    futures = [pool.submit(socket.getaddrinfo, h, None) for h in list(hosts)[:8]]
    done, _ = wait(futures, timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    return any(f.exception() is None for f in done)


def _split_offline(urls: list[str], network: str) -> tuple[list[str], list[str]]:
    """(to check, cannot be checked for lack of network)."""
    remote = [u for u in urls if not is_local(urlsplit(u).hostname)]
    if network == "on" or not remote:
        return urls, []
    if network == "off" or not _resolvable({urlsplit(u).hostname or "" for u in remote}):
        unreachable = set(remote)  # built once: a set per address made this quadratic (2 s at 20,000 addresses)
        return [u for u in urls if u not in unreachable], remote
    return urls, []


def _check_with_retries(urls: list[str], config: LinkConfig, progress: Progress | None,
                        sleep: Callable[[float], None]) -> dict[str, LinkResult]:
    final: dict[str, LinkResult] = {}
    pending, attempt, done = list(urls), 0, 0
    total = len(urls)

    def seen(raw: RawResult) -> None:
        nonlocal done
        if attempt == 0:
            done += 1
            if progress:
                progress(done, total, raw.url)

    while pending:
        raws = run_linkchecker(pending, config.settings, seen)
        retry, waits = [], [config.backoff * 2 ** attempt]
        for url in pending:
            raw = raws.get(url)
            result = classify(raw) if raw else LinkResult(url, UNVERIFIED, detail="no result from LinkChecker",
                                                          retryable=True)
            final[url] = result
            if result.retryable:
                retry.append(url)
                if raw and raw.retry_after is not None:
                    waits.append(raw.retry_after)
        if not retry or attempt >= config.retries:
            break
        sleep(min(config.max_wait, max(waits)))
        pending, attempt = retry, attempt + 1
    for url, result in final.items():
        if result.retryable and attempt:
            result.detail = f"{result.detail} (after {attempt} retr{'y' if attempt == 1 else 'ies'})"
    return final


def check_links(repo: Repository, config: LinkConfig, *, progress: Progress | None = None,
                now: dt.datetime | None = None, sleep: Callable[[float], None] = time.sleep,
                only: set[str] | None = None) -> LinkReport:
    """Check every cited URL (or those in ``only``) that is new or stale; the rest come from the cache."""
    now = now or now_utc()
    cited = collect_urls(repo)
    if only is not None:
        cited = {url: c for url, c in cited.items() if url in only}
    cache = LinkCache(config.cache, config.max_age).load()
    stale = [url for url in cited if not cache.fresh(url, now)]
    to_check, offline = _split_offline(stale, config.network)
    fresh = _check_with_retries(to_check, config, progress, sleep) if to_check else {}
    for result in fresh.values():
        result.checked_at = stamp(now)
        before = cache.results.get(result.url)
        if result.status == BROKEN:  # keep the day it first failed: readers are told "fails since ..."
            result.since = (before.since or before.checked_at) if before and before.status == BROKEN else stamp(now)
        cache.results[result.url] = result
    results = {url: cache.results[url] for url in cited if url in cache.results}
    for url in offline:  # reported, never cached: the next run with a network checks them
        results[url] = LinkResult(url, UNVERIFIED, detail="not checked: no network")
    if fresh:
        cache.save(set(cited))
    reachable = {url for url, r in results.items() if r.status in (OK, REDIRECTED) and url not in offline}
    quotes = check_quotes(cited, reachable, _quote_cache(config), config.page_limits, now=now,
                          per_host_interval=1 / max(config.settings.max_requests_per_second, 0.1),
                          threads=config.settings.threads)  # as many hosts at once as the link check, one request each
    return LinkReport(results=results, cited=cited, checked=len(to_check), offline=len(offline), quotes=quotes)


def _quote_cache(config: LinkConfig) -> QuoteCache:
    path = config.quote_cache or config.cache.with_name("quotes.json")
    return QuoteCache(path, config.quote_max_age or {}).load()


def cached_report(repo: Repository, config: LinkConfig, now: dt.datetime | None = None) -> LinkReport:
    """What the caches know, without checking anything (for FACTCHECK_LINKS=off)."""
    cited = collect_urls(repo)
    cache = LinkCache(config.cache, config.max_age).load()
    results = {u: cache.results[u] for u in cited if u in cache.results}
    quotes = check_quotes(cited, None, _quote_cache(config), config.page_limits, now=now or now_utc())
    return LinkReport(results, cited, quotes=quotes)


def broken_messages(report: LinkReport, copies: set[str] | None = None) -> list[str]:
    """``path:line: broken link <url> (404)`` for every place a broken link is cited.

    Addresses in ``copies`` (those with an archived copy) are left out: readers are sent to the copy.
    """
    lines = []
    for result in report.by_status(BROKEN):
        if copies and result.url in copies:
            continue
        why = str(result.code) if result.code else result.detail
        for citing in report.cited[result.url].cited_by:
            who = f" (annotation '{citing.annotation_id}')" if citing.annotation_id else ""
            lines.append(f"{citing}: broken link {result.url} ({why}){who}")
    return sorted(lines)


def urls_at_revision(root: Path, revision: str) -> set[str]:
    """Every address cited in ``sources/`` and ``annotations/`` at a git revision.

    Used to check only the links a pull request adds or changes.
    """
    import subprocess

    import yaml

    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", revision, "--", "sources", "annotations"],
                             cwd=root, capture_output=True, text=True)
    if listing.returncode != 0:
        raise ValueError(f"cannot read git revision {revision!r}: {listing.stderr.strip()}")
    found: set[str] = set()
    for name in listing.stdout.splitlines():
        if not name.endswith((".yml", ".yaml")):
            continue
        shown = subprocess.run(["git", "show", f"{revision}:{name}"], cwd=root, capture_output=True, text=True)
        try:
            data = yaml.safe_load(shown.stdout)
        except yaml.YAMLError:
            continue
        _walk_urls(data, found)
    return found


def _walk_urls(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "archived", "appearances"):
                for url in item if isinstance(item, list) else [item]:
                    if isinstance(url, str):
                        found.add(url)
            else:
                _walk_urls(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk_urls(item, found)
