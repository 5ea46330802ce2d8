"""Run LinkChecker as a subprocess and parse its CSV output into one raw result per URL.

LinkChecker is GPL and its Python API is neither stable nor free of global
state, so it runs as its own process: external checking on, robots.txt not
obeyed (otherwise a disallowed URL is reported valid without being fetched),
no recursion, a browser-like user agent, bounded threads and a timeout.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36 factcheck-link-checker")
_CODE = re.compile(r"^(\d{3})\b")
_RETRY_AFTER = re.compile(r"Retry-After: (\d+(?:\.\d+)?)")


@dataclass
class RawResult:
    url: str
    code: int | None  # HTTP status of the final response, if there was one
    final_url: str  # after redirects
    error: str | None  # LinkChecker's result text when there was no HTTP status
    warning: str = ""
    retry_after: float | None = None


@dataclass
class Settings:
    threads: int = 10
    timeout: float = 15.0
    user_agent: str = USER_AGENT
    max_requests_per_second: float = 10.0  # per host; LinkChecker's own politeness limit


def linkchecker_command() -> list[str]:
    """The LinkChecker executable installed beside this Python."""
    local = os.path.join(os.path.dirname(sys.executable), "linkchecker")
    return [local] if os.path.exists(local) else [shutil.which("linkchecker") or "linkchecker"]


def _config(settings: Settings) -> str:
    """A linkcheckerrc for the one option that has no command-line flag."""
    return f"[checking]\nmaxrequestspersecond={settings.max_requests_per_second}\n"


def partition_by_host(urls: list[str], workers: int) -> list[list[str]]:
    """Split ``urls`` into at most ``workers`` groups, each owning whole hosts.

    Within a group the addresses are interleaved host by host, so that
    consecutive requests go to different hosts. Why: LinkChecker waits
    0.1-0.6 s between two requests to one host, and it waits while holding a
    lock shared by all its threads, so one busy host stalls the whole run.
    Several LinkChecker processes with disjoint hosts keep LinkChecker's
    politeness to each host without stalling each other.
    """
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    groups: list[list[list[str]]] = [[] for _ in range(max(1, min(workers, len(by_host))))]
    loads = [0] * len(groups)
    for host_urls in sorted(by_host.values(), key=len, reverse=True):  # biggest hosts first, to the lightest group
        lightest = loads.index(min(loads))
        groups[lightest].append(host_urls)
        loads[lightest] += len(host_urls)
    return [[u for batch in zip_longest(*hosts) for u in batch if u is not None] for hosts in groups if hosts]


def run_linkchecker(urls: list[str], settings: Settings,
                    on_result: Callable[[RawResult], None] | None = None) -> dict[str, RawResult]:
    """Check ``urls`` with LinkChecker, in up to ``settings.threads`` processes that share no host.

    The total number of threads stays ``settings.threads``; results arrive
    through ``on_result`` as they come.
    """
    if not urls:
        return {}
    # Two threads per process: each process interleaves enough hosts that its threads
    # seldom wait, and there are half as many processes to start on a small machine.
    # (Measured with 10 threads over 50 hosts: 1 per process 13.1 s, 2 per process 12.3 s.)
    groups = partition_by_host(urls, max(1, settings.threads // 2))
    if len(groups) == 1:
        return _run_one(groups[0], settings, settings.threads, on_result)
    lock = threading.Lock()

    def report(result: RawResult) -> None:
        if on_result:
            with lock:
                on_result(result)

    results: dict[str, RawResult] = {}
    threads_each = [settings.threads // len(groups) + (i < settings.threads % len(groups)) for i in range(len(groups))]
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        for part in pool.map(lambda job: _run_one(job[0], settings, job[1], report), zip(groups, threads_each)):
            results.update(part)
    return results


def _run_one(urls: list[str], settings: Settings, threads: int,
             on_result: Callable[[RawResult], None] | None) -> dict[str, RawResult]:
    """One LinkChecker process for ``urls`` with ``threads`` threads."""
    with tempfile.TemporaryDirectory(prefix="factcheck-lc-") as tmp:
        rc = os.path.join(tmp, "linkcheckerrc")
        with open(rc, "w", encoding="utf-8") as fh:
            fh.write(_config(settings))
        os.chmod(tmp, 0o755)  # LinkChecker drops privileges to "nobody" when run as root
        os.chmod(rc, 0o644)
        cmd = [*linkchecker_command(), "-f", rc, "--check-extern", "--no-robots", "-r0", "--verbose",
               "--no-status", "-t", str(max(1, threads)), "--timeout", str(int(max(1, settings.timeout))),
               "--user-agent", settings.user_agent, "-o", "csv", *urls]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                encoding="utf-8", errors="replace", env={**os.environ, "LC_ALL": "C.UTF-8"})
        results: dict[str, RawResult] = {}
        wanted = set(urls)
        assert proc.stdout is not None
        for result in parse_csv(proc.stdout):
            results[result.url] = result
            if on_result:
                on_result(result)
            if wanted <= results.keys():
                # Every answer is in: LinkChecker would now spend about a second letting its
                # threads notice the empty queue. The rows are already written, so stop it.
                proc.terminate()
                break
        stderr = proc.stderr.read() if proc.stderr else ""
        proc.wait()
        if wanted <= results.keys():
            return results
    if proc.returncode not in (0, 1) and not results:  # 1 means "some links are invalid"
        raise RuntimeError(f"LinkChecker failed ({proc.returncode}): {stderr.strip()[-500:]}")
    return results


def _rows(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if not line.startswith("#"):
            yield line


def parse_csv(lines: Iterable[str]) -> Iterator[RawResult]:
    """Parse LinkChecker's ``-o csv`` output (``;``-separated, a header row, ``#`` comments)."""
    reader = csv.reader(_rows(lines), delimiter=";", quotechar='"')
    header: list[str] | None = None
    for row in reader:
        if header is None:
            header = row
            continue
        if not row or not row[0]:
            continue
        record = dict(zip(header, row))  # LinkChecker omits empty trailing fields
        yield to_raw(record)


def to_raw(record: dict[str, str]) -> RawResult:
    result = record.get("result", "")
    match = _CODE.match(result)
    warning = record.get("warningstring", "")
    retry = _RETRY_AFTER.search(warning)
    return RawResult(
        url=record.get("urlname", ""),
        code=int(match.group(1)) if match else None,
        final_url=record.get("url") or record.get("urlname", ""),
        error=None if match else result,
        warning=warning,
        retry_after=float(retry.group(1)) if retry else None,
    )
