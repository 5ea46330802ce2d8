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
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

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
    """A linkcheckerrc for options that have no command-line flag."""
    return (
        "[checking]\n"
        f"threads={settings.threads}\n"
        f"timeout={int(max(1, settings.timeout))}\n"
        f"maxrequestspersecond={settings.max_requests_per_second}\n"
        "robotstxt=0\n"
        f"useragent={settings.user_agent}\n"
        "[output]\n"
        "status=0\n"
    )


def run_linkchecker(urls: list[str], settings: Settings,
                    on_result: Callable[[RawResult], None] | None = None) -> dict[str, RawResult]:
    """Check ``urls`` in one LinkChecker run; results arrive through ``on_result`` as they come."""
    if not urls:
        return {}
    with tempfile.TemporaryDirectory(prefix="factcheck-lc-") as tmp:
        rc = os.path.join(tmp, "linkcheckerrc")
        with open(rc, "w", encoding="utf-8") as fh:
            fh.write(_config(settings))
        os.chmod(tmp, 0o755)  # LinkChecker drops privileges to "nobody" when run as root
        os.chmod(rc, 0o644)
        cmd = [*linkchecker_command(), "-f", rc, "--check-extern", "--no-robots", "-r0", "--verbose",
               "--no-status", "-t", str(settings.threads), "--timeout", str(int(max(1, settings.timeout))),
               "--user-agent", settings.user_agent, "-o", "csv", *urls]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                encoding="utf-8", errors="replace", env={**os.environ, "LC_ALL": "C.UTF-8"})
        results: dict[str, RawResult] = {}
        assert proc.stdout is not None
        for result in parse_csv(proc.stdout):
            results[result.url] = result
            if on_result:
                on_result(result)
        stderr = proc.stderr.read() if proc.stderr else ""
        proc.wait()
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
