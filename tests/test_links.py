"""Cited links against a real HTTP server on 127.0.0.1: statuses, retries, cache, build, CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from factcheck.check import check
from factcheck.cli import main
from factcheck.links import LinkConfig, broken_messages, check_links

from .conftest import make_project, mkdocs_build
from .linkserver import free_port, link_server

PAGE = "# Offer\n\nOur treatment works.\n"
CASES = {  # path -> (status, code)
    "/ok": ("ok", 200),
    "/moved": ("redirected", 200),
    "/moved-to-missing": ("broken", 404),  # where a redirect ends decides, not that it moved
    "/moved-to-gone": ("broken", 410),
    "/moved-to-error": ("unverified", 500),
    "/loop-a": ("broken", None),
    "/missing": ("broken", 404),
    "/gone": ("broken", 410),
    "/rate-limited-once": ("ok", 200),
    "/rate-limited": ("unverified", 429),
    "/bot-wall": ("unverified", 403),
    "/no-head": ("ok", 200),
    "/error-once": ("ok", 200),
    "/unavailable": ("unverified", 503),
    "/slow": ("unverified", None),
    "/robots-disallowed": ("ok", 200),
}


def citing(urls: list[str]) -> str:
    """One annotation citing ``urls``; citation ``i`` is on line ``cite_line(i)`` of the file."""
    cites = "".join(f"    - title: Source {i}\n      url: {u}\n" for i, u in enumerate(urls))
    return ("- id: works\n  quote: Our treatment works\n  claim: It works\n  verdict: inaccurate\n"
            "  comment: It does not.\n  citations:\n" + cites.replace("    -", "  -").replace("      url", "    url"))


def cite_line(index: int) -> int:
    return 16 + 2 * index  # 9 header lines, then id, quote, claim, verdict, comment, citations:


def config(root: Path, **ages: str) -> LinkConfig:
    data = {"cache": ".cache/links.json", "timeout": 1, "retries": 2, "backoff": 0.1, "max_wait": 2,
            "network": "on", "threads": 8}
    if ages:
        data["max_age"] = ages
    return LinkConfig.from_mapping(data, root)


@pytest.fixture(scope="module")
def server():
    with link_server() as running:
        yield running


def test_every_kind_of_answer_gets_its_status(repo, server) -> None:
    base, hits = server
    refused, unknown = f"http://127.0.0.1:{free_port()}/", "http://no-such-host.invalid/page"
    urls = [base + p for p in CASES] + [refused, unknown]
    repo.source("s", PAGE)
    repo.annotations("s", citing(urls))
    checked = check(repo.root)
    assert checked.ok, checked.problems
    slept: list[float] = []
    report = check_links(checked.repo, config(repo.root), sleep=slept.append)
    got = {u.removeprefix(base): (r.status, r.code) for u, r in report.results.items()}
    for path, expected in CASES.items():
        assert got[path] == expected, (path, report.results[base + path])
    assert report.results[base + "/moved"].final_url == base + "/ok"
    assert report.results[refused].status == "broken" and report.results[refused].detail == "connection refused"
    assert report.results[unknown].status == "broken" and report.results[unknown].detail == "unknown host"
    assert report.results[base + "/loop-a"].detail == "redirect loop"
    # retries: once for the passing ones, twice more (the bound) for the ones that keep failing
    assert hits[("GET", "/rate-limited-once")] == 2 and hits[("GET", "/error-once")] == 2
    assert hits[("GET", "/rate-limited")] == 3 and hits[("GET", "/unavailable")] == 3
    assert slept and max(slept) == 1.0  # Retry-After: 1 honoured (above the 0.1 s backoff)
    # LinkChecker sends GET, so a server that rejects HEAD is no problem; robots.txt is not obeyed
    assert hits[("GET", "/no-head")] == 1
    assert hits[("GET", "/robots-disallowed")] == 1
    # a broken link names every place that cites it
    lines = broken_messages(report)
    line = cite_line(list(CASES).index("/missing"))
    assert f"annotations/s.yml:{line}: broken link {base}/missing (404) (annotation 'works')" in lines


def test_a_second_run_with_a_fresh_cache_sends_nothing(repo, server) -> None:
    base, hits = server
    urls = [base + "/ok", base + "/moved", base + "/bot-wall", base + "/missing"]
    repo.source("s", PAGE)
    repo.annotations("s", citing(urls))
    repo_ = check(repo.root).repo
    week = {"ok": "7d", "redirected": "7d", "unverified": "1d", "broken": "1d"}
    first = check_links(repo_, config(repo.root, **week), sleep=lambda s: None)
    before = sum(hits.values())
    second = check_links(repo_, config(repo.root, **week), sleep=lambda s: None)
    assert sum(hits.values()) == before  # not one request
    assert second.checked == 0
    assert {u: r.status for u, r in second.results.items()} == {u: r.status for u, r in first.results.items()}
    cache = json.loads((repo.root / ".cache" / "links.json").read_text("utf-8"))
    assert set(cache["results"]) == set(urls)
    assert all(item["checked_at"].endswith("Z") for item in cache["results"].values())


def test_only_stale_addresses_are_checked_again(repo, server) -> None:
    base, hits = server
    urls = [base + "/ok", base + "/missing", base + "/bot-wall"]
    repo.source("s", PAGE)
    repo.annotations("s", citing(urls))
    repo_ = check(repo.root).repo
    start = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
    check_links(repo_, config(repo.root), now=start, sleep=lambda s: None)
    counts = {p: hits[("GET", p)] for p in ("/ok", "/missing", "/bot-wall")}
    # two days later, with the defaults: ok is a week fresh, unverified a day, broken always rechecked
    later = check_links(repo_, config(repo.root), now=start + dt.timedelta(days=2), sleep=lambda s: None)
    assert later.checked == 2
    assert hits[("GET", "/ok")] == counts["/ok"]
    assert hits[("GET", "/missing")] == counts["/missing"] + 1
    assert hits[("GET", "/bot-wall")] == counts["/bot-wall"] + 1


def test_no_network_says_so_and_marks_unverified(repo) -> None:
    repo.source("s", PAGE)
    repo.annotations("s", citing(["https://example.org/a", "https://example.org/b"]))
    cfg = config(repo.root)
    cfg.network = "off"
    report = check_links(check(repo.root).repo, cfg)
    assert report.offline == 2 and report.checked == 0
    assert {r.status for r in report.results.values()} == {"unverified"}
    assert not (repo.root / ".cache" / "links.json").exists()  # nothing cached: checked next time


def test_links_command_prints_json_lines(repo, server, capsys) -> None:
    base, _ = server
    repo.source("s", PAGE)
    repo.annotations("s", citing([base + "/ok", base + "/gone"]))
    repo.raw("mkdocs.yml", "extra:\n  factcheck:\n    links:\n      network: 'on'\n      timeout: 2\n")
    assert main(["--root", str(repo.root), "links", "--json"]) == 1  # one is broken
    out = capsys.readouterr()
    records = [json.loads(line) for line in out.out.splitlines()]
    assert [(r["url"], r["status"], r["code"]) for r in records] == [
        (base + "/ok", "ok", 200), (base + "/gone", "broken", 410)]
    assert set(records[0]) == {"url", "status", "code", "final_url", "checked_at", "cited_by", "quotes",
                               "archived_copy", "archived_on"}
    assert records[1]["cited_by"] == [f"annotations/s.yml:{cite_line(1)}"]
    assert "broken link" in out.err
    assert main(["--root", str(repo.root), "links"]) == 1
    table = capsys.readouterr().out
    assert "2 cited link(s): 1 checked now, 1 from the cache" in table and "broken  410" in table


def test_strict_build_fails_on_a_broken_citation_and_passes_with_links_off(tmp_path: Path, server) -> None:
    base, _ = server
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", citing([base + "/ok", base + "/missing"]))
    run = mkdocs_build(tmp_path, env={"FACTCHECK_LINKS": "on", "FACTCHECK_NETWORK": "on"})
    assert run.returncode != 0
    assert f"annotations/s.yml:{cite_line(1)}: broken link {base}/missing (404)" in run.stderr
    assert mkdocs_build(tmp_path, env={"FACTCHECK_LINKS": "off"}).returncode == 0
    links = (tmp_path / "site" / "links" / "index.html").read_text("utf-8")
    assert f"{base}/missing" in links and "broken" in links  # the cache's statuses are still shown
    card = (tmp_path / "site" / "sources" / "s" / "index.html").read_text("utf-8")
    assert "fc-ls-broken" in card  # the citation carries a marker


def git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


def test_changed_since_checks_only_what_a_pull_request_adds(repo, server, capsys) -> None:
    base, hits = server
    repo.source("s", PAGE)
    repo.annotations("s", citing([base + "/page/before"]))
    repo.raw("mkdocs.yml", "extra:\n  factcheck:\n    links:\n      network: 'on'\n      timeout: 2\n")
    git(repo.root, "init", "-q")
    git(repo.root, "add", ".")
    git(repo.root, "commit", "-q", "-m", "base")
    repo.annotations("s", citing([base + "/page/before", base + "/missing?added"]))  # the pull request adds one
    assert main(["--root", str(repo.root), "links", "--json", "--changed-since", "HEAD"]) == 1  # it is broken
    out = capsys.readouterr()
    assert [json.loads(line)["url"] for line in out.out.splitlines()] == [base + "/missing?added"]
    assert "1 address(es) added or changed since HEAD" in out.err
    assert hits[("GET", "/page/before")] == 0 and hits[("GET", "/missing?added")] == 1
