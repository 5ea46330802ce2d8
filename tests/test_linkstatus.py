"""One status per LinkChecker result (DESIGN.md, "Cited links"): every branch, in-process and fast.

tests/test_links.py checks the same against a real server; these run in milliseconds, for mutation testing.
"""

from __future__ import annotations

import pytest

from factcheck.linkchecker import RawResult
from factcheck.linkstatus import LABELS, STATUSES, LinkResult, classify

URL = "https://clinic.example/page"


def raw(code: int | None, final_url: str | None = URL, error: str | None = None) -> RawResult:
    return RawResult(URL, code, final_url, error)


@pytest.mark.parametrize("code, final_url, status, detail, retryable", [
    (200, URL, "ok", "", False),
    (200, None, "ok", "", False),
    (204, URL, "ok", "", False),
    (299, URL, "ok", "", False),
    (200, "https://clinic.example/new", "redirected", "now at https://clinic.example/new", False),
    (404, "https://clinic.example/new", "broken", "not found", False),  # a redirect that ends in a 404
    (410, "https://clinic.example/new", "broken", "gone", False),
    (404, URL, "broken", "not found", False),
    (410, None, "broken", "gone", False),
    (429, URL, "unverified", "rate-limited", True),
    (401, URL, "unverified", "access denied or bot wall", False),
    (403, URL, "unverified", "access denied or bot wall", False),
    (500, URL, "unverified", "server error", True),
    (503, "https://clinic.example/new", "unverified", "server error", True),
    (599, URL, "unverified", "server error", True),
    (300, URL, "unverified", "unexpected answer 300", False),
    (400, URL, "unverified", "unexpected answer 400", False),
    (418, URL, "unverified", "unexpected answer 418", False),
    (499, URL, "unverified", "unexpected answer 499", False),
])
def test_an_http_answer_gets_its_status(code, final_url, status, detail, retryable) -> None:
    result = classify(raw(code, final_url))
    assert (result.url, result.status, result.code, result.detail, result.retryable) == (
        URL, status, code, detail, retryable)
    assert result.final_url == (final_url if status == "redirected" else None)


@pytest.mark.parametrize("error, status, detail, retryable", [
    ("requests.exceptions.TooManyRedirects: Exceeded 30 redirects.", "broken", "redirect loop", False),
    ("found a Redirect Loop", "broken", "redirect loop", False),
    ("ConnectionError: [Errno 111] Connection refused", "broken", "connection refused", False),
    ("ECONNREFUSED", "broken", "connection refused", False),
    ("NameResolutionError: Failed to resolve 'no-such-host.invalid'", "broken", "unknown host", False),
    ("[Errno -2] Name or service not known", "broken", "unknown host", False),
    ("getaddrinfo failed", "broken", "unknown host", False),
    ("ReadTimeout: read timed out. (read timeout=15)", "unverified", "timed out", True),
    ("ConnectTimeout", "unverified", "timed out", True),
    ("SSLError: certificate verify failed", "unverified", "SSLError: certificate verify failed", True),
    ("", "unverified", "no answer", True),
    (None, "unverified", "no answer", True),
])
def test_no_http_answer_gets_its_status(error, status, detail, retryable) -> None:
    result = classify(raw(None, None, error))
    assert (result.url, result.status, result.code, result.detail, result.retryable) == (
        URL, status, None, detail, retryable)  # the cache files each result under its url


def test_a_long_error_is_shortened_to_one_line() -> None:
    error = "Some\n  error   " + "x" * 200
    detail = classify(raw(None, None, error)).detail
    assert detail.startswith("Some error xxx") and detail.endswith("...") and len(detail) == 120
    assert classify(raw(None, None, "a" * 119)).detail == "a" * 119
    assert classify(raw(None, None, "a" * 120)).detail == "a" * 117 + "..."


def test_every_status_has_a_label_and_an_explanation() -> None:
    assert STATUSES == ("ok", "redirected", "unverified", "broken")
    for status in STATUSES:
        result = LinkResult(URL, status, detail="Detail.")
        assert result.label == LABELS[status] and result.explain.endswith(" Detail.") and len(result.explain) > 20
    assert LinkResult(URL, "ok").explain == "The address answered normally at the last check."
    record = LinkResult(URL, "broken", 404, detail="not found").to_json()
    assert {k: record[k] for k in ("url", "status", "code", "final_url", "detail", "checked_at")} == {
        "url": URL, "status": "broken", "code": 404, "final_url": None, "detail": "not found", "checked_at": ""}
    assert "retryable" not in record  # only for this run's retries, never cached
