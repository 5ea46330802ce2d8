"""Fetch a clinic's live page, within bounds, and say what the answer was.

A live page is untrusted: the body is read with a size limit (counted after
decompression), an overall deadline, no script is run, and private or
loopback addresses are refused (on every redirect) unless the configuration
allows them, as tests do. Redirects are followed here, one at a time, so that
every hop is checked and the final address is known.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .linkchecker import USER_AGENT  # the one factcheck archive uses: the live page is read as it was archived

_UNKNOWN_HOST = re.compile(r"NameResolution|Failed to resolve|Name or service not known|nodename nor servname|"
                           r"getaddrinfo failed|No address associated", re.I)


@dataclass
class Limits:
    max_bytes: int = 10_000_000  # as factcheck archive
    timeout: float = 15.0  # seconds for each connection and read
    deadline: float = 30.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass
class Answer:
    """What one address gave: an HTTP answer with its body, or an error without one."""

    url: str
    status: int | None = None
    final_url: str = ""
    body: bytes | None = None
    content_type: str = ""
    charset: str | None = None
    error: str = ""  # set when there is no usable body
    unknown_host: bool = False
    retry_after: float | None = None


def _private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # an unknown host fails on the request, with its own reason
    return any(_is_private(info[4][0]) for info in infos)


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast


def fetch(url: str, limits: Limits) -> Answer:
    """GET ``url``, following redirects; never raises for network trouble."""
    import requests

    started, current = time.monotonic(), url
    with requests.Session() as session:
        for _ in range(limits.max_redirects + 1):
            host = urlsplit(current).hostname or ""
            if not re.match(r"^https?://", current, re.I):
                return Answer(url, final_url=current, error="redirected to an address that is not http(s)")
            if not limits.allow_private and _private(host):
                return Answer(url, final_url=current, error="private or loopback address refused")
            try:
                response = session.get(current, stream=True, allow_redirects=False, timeout=limits.timeout,
                                       headers={"User-Agent": limits.user_agent,
                                                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
            except requests.RequestException as err:
                unknown = bool(_UNKNOWN_HOST.search(str(err)))
                return Answer(url, final_url=current, error="unknown host" if unknown else type(err).__name__,
                              unknown_host=unknown)
            with response:
                if response.is_redirect and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                answer = Answer(url, response.status_code, current, content_type=_content_type(response),
                                charset=response.encoding if "charset" in response.headers.get("Content-Type", "")
                                else None, retry_after=_retry_after(response.headers.get("Retry-After")))
                if 200 <= response.status_code < 300:
                    answer.body, answer.error = _read(response, limits, started)
                return answer
    return Answer(url, final_url=current, error="too many redirects")


def _content_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: the ordinary back-off applies


def _read(response, limits: Limits, started: float) -> tuple[bytes | None, str]:
    """(body, "") or (None, why) once it passes the size limit or the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return None, f"larger than {limits.max_bytes:,} bytes"
    chunks, size = [], 0
    while True:
        if time.monotonic() - started > limits.deadline:
            return None, f"not read within {limits.deadline:.0f} seconds"
        try:
            chunk = response.raw.read1(65536, decode_content=True)  # what has arrived: a trickle cannot stall us
        except Exception as err:  # noqa: BLE001 - a broken or undecodable stream is a failed fetch, not a crash
            return None, type(err).__name__
        if not chunk:
            return b"".join(chunks), ""
        size += len(chunk)
        if size > limits.max_bytes:  # counted after decompression: a compressed bomb stops here
            return None, f"larger than {limits.max_bytes:,} bytes"
        chunks.append(chunk)
