"""Quoted words checked at their address, against a real server on 127.0.0.1 serving pages as they come."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from factcheck.pagetext import LOGIN, PRIVATE, SCRIPT, TOO_LARGE, TOO_SLOW, UNSUPPORTED, Limits, fetch_text
from factcheck.quotecheck import FOUND, NOT_CHECKABLE, NOT_FOUND, QuoteCache, check_quotes, match
from factcheck.citedurls import CitedUrl, Citing
from factcheck.cli import main

from .conftest import make_project, mkdocs_build
from .quoteserver import QUOTE, quote_server

LIMITS = Limits(max_bytes=1_000_000, timeout=2, deadline=3, allow_private=True)
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def server():
    with quote_server() as running:
        yield running


def status_at(base: str, path: str, quote: str = QUOTE, limits: Limits = LIMITS) -> tuple[str, str]:
    page = fetch_text(base + path, limits)
    return match(quote, page.text) if page.text is not None else (NOT_CHECKABLE, page.reason)


def test_quote_is_found_through_other_typography_and_markup(server) -> None:
    assert status_at(server[0], "/typeset") == (FOUND, "")


def test_quote_is_found_after_a_redirect(server) -> None:
    assert status_at(server[0], "/moved") == (FOUND, "")


def test_quote_is_found_in_a_pdf_text_layer(server) -> None:
    assert status_at(server[0], "/paper.pdf") == (FOUND, "")


def test_a_changed_page_gives_the_closest_passage(server) -> None:
    status, detail = status_at(server[0], "/changed")
    assert status == NOT_FOUND
    assert detail.startswith('closest passage: "') and "ten patients improved after treatment" in detail


@pytest.mark.parametrize("path, reason", [("/scripted", SCRIPT), ("/login", LOGIN), ("/image", UNSUPPORTED),
                                          ("/huge", TOO_LARGE), ("/bomb", TOO_LARGE), ("/slow", TOO_SLOW)])
def test_pages_that_cannot_be_read_say_why(server, path: str, reason: str) -> None:
    started = time.monotonic()
    status, detail = status_at(server[0], path)
    assert (status, detail.split(" (")[0]) == (NOT_CHECKABLE, reason)
    assert time.monotonic() - started < LIMITS.deadline + 2  # bounded: neither the trickle nor the bomb holds us


def test_private_and_loopback_addresses_are_refused_unless_allowed(server) -> None:
    base, hits = server
    before = hits[("GET", "/moved")]
    page = fetch_text(base + "/moved", Limits(allow_private=False))
    assert (page.text, page.reason) == (None, PRIVATE)
    assert hits[("GET", "/moved")] == before  # refused before any request


def test_each_address_is_fetched_once_and_a_fresh_cache_sends_no_request(server, tmp_path) -> None:
    base, hits = server
    url = base + "/typeset"
    cited = {url: CitedUrl(url, quotes=[(QUOTE, Citing("annotations/s.yml", 20, "s", "a")),
                                        ("a 70% rate", Citing("annotations/s.yml", 31, "s", "b"))])}
    before = hits[("GET", "/typeset")]
    cache = QuoteCache(tmp_path / "quotes.json", {FOUND: dt.timedelta(days=30)}).load()
    first = check_quotes(cited, {url}, cache, LIMITS, now=NOW)
    assert [q.result.status for q in first] == [FOUND, FOUND]
    assert hits[("GET", "/typeset")] == before + 1
    again = check_quotes(cited, {url}, QuoteCache(tmp_path / "quotes.json", {FOUND: dt.timedelta(days=30)}).load(),
                         LIMITS, now=NOW + dt.timedelta(days=1))
    assert [q.result.checked_at for q in again] == ["2026-11-28T09:00:00Z"] * 2
    assert hits[("GET", "/typeset")] == before + 1


def test_unreachable_addresses_are_not_fetched(server, tmp_path) -> None:
    base, hits = server
    url = base + "/changed"
    cited = {url: CitedUrl(url, quotes=[(QUOTE, Citing("annotations/s.yml", 20, "s", "a"))])}
    before = hits[("GET", "/changed")]
    result = check_quotes(cited, set(), QuoteCache(tmp_path / "q.json", {}).load(), LIMITS, now=NOW)
    assert result[0].result.status == NOT_CHECKABLE
    assert hits[("GET", "/changed")] == before


PAGE = "# Offer\n\nOur treatment works for everyone.\n"


def quoting(citations: list[tuple[str, str]]) -> str:
    """One annotation whose citations quote ``(url, words)``; citation ``i`` starts on line 16 + 3 * i."""
    cites = "".join(f"  - title: Source {i}\n    url: {u}\n    quote: {json.dumps(q)}\n"
                    for i, (u, q) in enumerate(citations))
    return ("- id: works\n  quote: Our treatment works\n  claim: It works\n  verdict: inaccurate\n"
            "  comment: It does not.\n  citations:\n" + cites)


def allow_loopback(root) -> None:
    """The test server is on 127.0.0.1, which a real build refuses to read."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      max_wait: 30", "      max_wait: 30\n      allow_private: true\n      timeout: 3"),
                      "utf-8")


def test_links_json_says_for_each_quoted_citation_whether_its_words_are_there(repo, server, capsys) -> None:
    base, _ = server
    repo.source("s", PAGE)
    repo.annotations("s", quoting([(base + "/typeset", QUOTE), (base + "/changed", QUOTE)]))
    repo.raw("mkdocs.yml", "extra:\n  factcheck:\n    links:\n      network: 'on'\n      timeout: 2\n"
                           "      allow_private: true\n")
    assert main(["--root", str(repo.root), "links", "--json"]) == 1  # a quote is not at its address
    out = capsys.readouterr()
    records = {r["url"].removeprefix(base): r for r in map(json.loads, out.out.splitlines())}
    assert [q["status"] for q in records["/typeset"]["quotes"]] == ["quote found"]
    changed = records["/changed"]["quotes"][0]
    assert changed["status"] == "quote not found" and changed["cited_by"] == "annotations/s.yml:19"
    assert "closest passage" in changed["detail"]
    assert f"annotations/s.yml:19: quoted words not found at {base}/changed" in out.err


def test_a_strict_build_fails_on_a_quote_missing_from_a_page_that_answers(tmp_path, server) -> None:
    base, _ = server
    project = make_project(tmp_path)
    allow_loopback(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", quoting([(base + "/typeset", QUOTE), (base + "/changed", QUOTE)]))
    env = {"FACTCHECK_LINKS": "on", "FACTCHECK_NETWORK": "on"}
    run = mkdocs_build(tmp_path, env=env)
    assert run.returncode != 0
    assert f"annotations/s.yml:19: quoted words not found at {base}/changed" in run.stderr
    project.annotations("s", quoting([(base + "/typeset", QUOTE), (base + "/paper.pdf", QUOTE)]))
    run = mkdocs_build(tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    claim = (tmp_path / "site" / "claims" / "s" / "works" / "index.html").read_text("utf-8")
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert claim.count(f"Quoted words seen at this address on <time") == 2 and today in claim
    links = (tmp_path / "site" / "links" / "index.html").read_text("utf-8")
    assert "Quoted words seen at this address" in links


def test_our_fetches_name_the_project_and_its_address() -> None:
    from factcheck.links import LinkConfig

    config = LinkConfig.from_mapping({}, Path("."), "https://checks.example.org/")
    assert config.page_limits.user_agent.startswith("factcheck (")
    assert "+https://checks.example.org/" in config.page_limits.user_agent
