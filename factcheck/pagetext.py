"""Fetch one cited page, within bounds, and read it as text: HTML as a reader sees it, PDF as its text layer.

Used to check that a citation's quoted words are still at its address. A
cited page is untrusted: the body is read with a size limit (after
decompression, so a compressed bomb stops at the limit), an overall deadline
(a page that trickles in slowly is abandoned), no script is ever run, and
private or loopback addresses are refused unless the configuration allows
them (tests do), on the first request and on every redirect.
"""

from __future__ import annotations

import io
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "factcheck (a fact-checking site checking that the words it quotes are still at their address)"


def user_agent(site_url: str | None) -> str:
    """The User-Agent of our own fetches: the project, and its address when it is known."""
    return f"{USER_AGENT[:-1]}; +{site_url})" if site_url else USER_AGENT

# Not checkable: why a page's text could not be read (shown to readers and contributors as is).
LOGIN = "login or paywall"
SCRIPT = "the page needs a script to show its text"
UNSUPPORTED = "unsupported type"
TOO_LARGE = "too large"
TOO_SLOW = "too slow to read"
UNREACHABLE = "address not reachable"
PRIVATE = "private or loopback address refused"

_BLOCKS = frozenset("""address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul""".split())
_HIDDEN = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_MIN_VISIBLE = 200  # characters: less than this beside a script is a page that writes its text with the script


@dataclass
class Limits:
    max_bytes: int = 5_000_000
    timeout: float = 15.0  # seconds for each connection and read
    deadline: float = 30.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass
class PageText:
    """What a fetch gave: the readable text, or why there is none."""

    url: str
    text: str | None
    reason: str = ""  # set when text is None
    code: int | None = None
    final_url: str = ""


def _private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unknown hosts fail later, with their own reason
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            return True
    return False


@dataclass
class Fetched:
    """What a bounded GET gave: the body within the limits, or why there is none."""

    url: str
    code: int | None = None
    final_url: str = ""
    body: bytes | None = None
    content_type: str = ""  # the Content-Type header as sent
    reason: str = ""  # set when body is None
    unknown_host: bool = False  # the name does not resolve: the address is gone, not just unreachable
    retry_after: str | None = None  # the Retry-After header of a 429 or 503


_UNKNOWN_HOST = re.compile(r"NameResolution|Failed to resolve|Name or service not known|nodename nor servname|"
                           r"getaddrinfo failed|No address associated", re.I)


def fetch(url: str, limits: Limits) -> Fetched:
    """GET ``url`` within ``limits``, following redirects one by one (each checked); never raises for the network."""
    import requests

    started = time.monotonic()
    current = url
    with requests.Session() as session:
        for _ in range(limits.max_redirects + 1):
            host = urlsplit(current).hostname or ""
            if not limits.allow_private and _private(host):
                return Fetched(url, reason=PRIVATE)
            try:
                response = session.get(current, stream=True, allow_redirects=False, timeout=limits.timeout,
                                       headers={"User-Agent": limits.user_agent, "Accept-Encoding": "gzip, deflate"})
            except requests.RequestException as err:
                return Fetched(url, reason=f"{UNREACHABLE} ({type(err).__name__})",
                               unknown_host=bool(_UNKNOWN_HOST.search(str(err))))
            with response:
                if response.is_redirect and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                got = Fetched(url, response.status_code, current, content_type=response.headers.get("Content-Type", ""),
                              retry_after=response.headers.get("Retry-After"))
                if response.status_code in (401, 402, 403, 407):
                    got.reason = f"{LOGIN} (HTTP {response.status_code})"
                elif response.status_code >= 400:
                    got.reason = f"{UNREACHABLE} (HTTP {response.status_code})"
                else:
                    got.body, got.reason = _read(response, limits, started)
                return got
        return Fetched(url, reason=f"{UNREACHABLE} (too many redirects)")


def fetch_text(url: str, limits: Limits) -> PageText:
    """Fetch ``url`` (following redirects) and return its visible text, or the reason it cannot be read."""
    got = fetch(url, limits)
    if got.body is None:
        return PageText(url, None, got.reason, got.code, got.final_url)
    text, reason = readable_text(got.body, got.content_type)
    return PageText(url, text, reason, got.code, got.final_url)


def _read(response, limits: Limits, started: float) -> tuple[bytes | None, str]:
    """(the decoded body, ""), or (None, why) once it passes the size limit or the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return None, TOO_LARGE
    chunks, size = [], 0
    raw = response.raw
    while True:
        if time.monotonic() - started > limits.deadline:
            return None, TOO_SLOW
        try:
            chunk = raw.read1(65536, decode_content=True)  # returns what has arrived: a trickle cannot stall us
        except Exception as err:  # noqa: BLE001 - a broken or undecodable stream is not checkable
            return None, f"{UNREACHABLE} ({type(err).__name__})"
        if not chunk:
            return b"".join(chunks), ""
        size += len(chunk)
        if size > limits.max_bytes:  # counted after decompression: a gzip bomb stops here
            return None, TOO_LARGE
        chunks.append(chunk)


def readable_text(body: bytes, content_type: str) -> tuple[str | None, str]:
    """(text, "") for a readable page, else (None, reason)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or body.startswith(b"%PDF-"):
        return _pdf_text(body)
    if kind in ("text/html", "application/xhtml+xml", "") or body.lstrip()[:1] == b"<":
        return _html_text(body, _charset(content_type) or _html_charset(body))
    if kind.startswith("text/"):
        charset = _charset(content_type) or "utf-8"
        return body.decode(charset if _known(charset) else "utf-8", "replace"), ""
    return None, f"{UNSUPPORTED} ({kind})"


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type, re.I)
    return match.group(1) if match else None


def _html_charset(body: bytes) -> str:
    """The charset a page declares in a <meta> tag, else UTF-8 when it decodes as such, else Windows-1252."""
    match = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", body[:4096], re.I)
    if match:
        return match.group(1).decode("ascii")
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "windows-1252"


def _html_text(body: bytes, charset: str) -> tuple[str | None, str]:
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding=charset if _known(charset) else "utf-8", remove_comments=True)
        root = lxml.html.document_fromstring(body, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None, "unreadable HTML"
    scripts = len(root.findall(".//script"))
    password = root.xpath(".//input[@type='password']")
    for element in root.iter(*_HIDDEN):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    visible = len(" ".join(text.split()))
    if password and visible < 2000:
        return None, LOGIN
    if scripts and visible < _MIN_VISIBLE:
        return None, SCRIPT
    return text, ""


def _known(charset: str) -> bool:
    import codecs

    try:
        codecs.lookup(charset)
        return True
    except LookupError:
        return False


def _pdf_text(body: bytes) -> tuple[str | None, str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return None, "unreadable PDF"
    if not text.strip():
        return None, "PDF without a text layer (a scan)"
    return text, ""
