"""Sort a link check into the four statuses of DESIGN.md ("Cited links")."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .linkchecker import RawResult
from .pagecontract import link_anchor

OK, REDIRECTED, UNVERIFIED, BROKEN = "ok", "redirected", "unverified", "broken"
STATUSES = (OK, REDIRECTED, UNVERIFIED, BROKEN)
LABELS = {OK: "works", REDIRECTED: "moved", UNVERIFIED: "unverified", BROKEN: "broken"}
EXPLAIN = {
    OK: "The address answered normally at the last check.",
    REDIRECTED: "The address now leads elsewhere; the new address is recorded.",
    UNVERIFIED: "The address could not be confirmed (blocked, rate-limited, timed out, server error or no "
                "network); use the archived copy where there is one.",
    BROKEN: "The address is gone (not found, unknown host, refused connection or redirect loop).",
}

_LOOP = re.compile(r"TooManyRedirects|redirect loop", re.I)
_REFUSED = re.compile(r"Connection refused|Errno 111|ECONNREFUSED", re.I)
_UNKNOWN_HOST = re.compile(r"NameResolutionError|Failed to resolve|Name or service not known|nodename nor servname|"
                           r"getaddrinfo failed|No address associated", re.I)
_TIMEOUT = re.compile(r"Timeout|timed out", re.I)


@dataclass
class LinkResult:
    url: str
    status: str
    code: int | None = None
    final_url: str | None = None
    detail: str = ""
    checked_at: str = ""  # ISO 8601, UTC
    since: str = ""  # when a broken address was first found broken (ISO 8601, UTC)
    retryable: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def explain(self) -> str:
        return f"{EXPLAIN[self.status]} {self.detail}".strip()

    @property
    def anchor(self) -> str:
        return link_anchor(self.url)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("retryable")
        return data


def classify(raw: RawResult) -> LinkResult:
    """One status for a LinkChecker result; ``retryable`` marks 429, 5xx and time-outs."""
    url, code = raw.url, raw.code
    if code is None:
        error = raw.error or ""
        if _LOOP.search(error):
            return LinkResult(url, BROKEN, detail="redirect loop")
        if _REFUSED.search(error):
            return LinkResult(url, BROKEN, detail="connection refused")
        if _UNKNOWN_HOST.search(error):
            return LinkResult(url, BROKEN, detail="unknown host")
        if _TIMEOUT.search(error):
            return LinkResult(url, UNVERIFIED, detail="timed out", retryable=True)
        return LinkResult(url, UNVERIFIED, detail=_short(error) or "no answer", retryable=True)
    if 200 <= code < 300:
        if raw.final_url and raw.final_url != url:
            return LinkResult(url, REDIRECTED, code, final_url=raw.final_url, detail=f"now at {raw.final_url}")
        return LinkResult(url, OK, code)
    if code in (404, 410):
        return LinkResult(url, BROKEN, code, detail="not found" if code == 404 else "gone")
    if code == 429:
        return LinkResult(url, UNVERIFIED, code, detail="rate-limited", retryable=True)
    if code in (401, 403):
        return LinkResult(url, UNVERIFIED, code, detail="access denied or bot wall")
    if code >= 500:
        return LinkResult(url, UNVERIFIED, code, detail="server error", retryable=True)
    return LinkResult(url, UNVERIFIED, code, detail=f"unexpected answer {code}")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) < 120 else text[:117] + "..."
