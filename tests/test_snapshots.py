"""Web archive copies: a fake Wayback availability and save endpoint on 127.0.0.1, the committed file, the site."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import time
from collections import Counter
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from factcheck.snapshots import ArchiveConfig, load, refresh

from .conftest import make_project, mkdocs_build
from .linkserver import link_server, running

TODAY = dt.date(2026, 11, 28)


class FakeWayback(http.server.BaseHTTPRequestHandler):
    """/available?url=... answers by the address's last path word: found, none, error or slow; /save/<url> saves."""

    hits: Counter
    saved: set

    def log_message(self, *args) -> None:
        pass

    def _json(self, code: int, data: object) -> None:
        body = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/available":
            url = parse_qs(parts.query)["url"][0]
            self.hits[("available", url)] += 1
            word = url.rstrip("/").rsplit("/", 1)[-1]
            if word == "error":
                return self._json(500, {"error": "down"})
            if word == "slow":
                time.sleep(3)
            if word in ("found", "slow") or url in self.saved:
                return self._json(200, {"url": url, "archived_snapshots": {"closest": {
                    "available": True, "status": "200", "timestamp": "20250301120000",
                    "url": f"http://archive.test/web/20250301120000/{url}"}}})
            return self._json(200, {"url": url, "archived_snapshots": {}})
        if parts.path.startswith("/save/"):
            url = self.path[len("/save/"):]
            self.hits[("save", url)] += 1
            self.saved.add(url)
            return self._json(200, {"saved": url})
        self._json(404, {})


@contextmanager
def wayback():
    handler = type("Wayback", (FakeWayback,), {"hits": Counter(), "saved": set()})
    with running(handler) as base:
        yield base, handler


@pytest.fixture(scope="module")
def archive_server():
    with wayback() as running:
        yield running


def config(base: str, tmp_path, **extra) -> ArchiveConfig:
    return ArchiveConfig(availability=base + "/available", save=base + "/save/", file=tmp_path / "snapshots.yml",
                         timeout=1, **extra)


def test_closest_snapshot_is_recorded_and_none_error_slow_are_handled(archive_server, tmp_path) -> None:
    base, handler = archive_server
    urls = ["https://a.example/found", "https://a.example/none", "https://a.example/error", "https://a.example/slow"]
    got = refresh(urls, config(base, tmp_path), TODAY)
    assert got["https://a.example/found"].snapshot == "http://archive.test/web/20250301120000/https://a.example/found"
    assert got["https://a.example/found"].taken == "2025-03-01"
    assert got["https://a.example/none"].snapshot is None  # recorded as "none", asked again after a month
    assert "https://a.example/error" not in got and "https://a.example/slow" not in got  # tried next time
    on_disk = yaml.safe_load((tmp_path / "snapshots.yml").read_text("utf-8"))
    assert list(on_disk) == sorted(on_disk)  # sorted by address: a diff shows only what changed
    assert on_disk["https://a.example/none"] == {"snapshot": None, "taken": None, "looked_up": TODAY}


def test_a_second_run_asks_nothing_and_none_is_asked_again_a_month_later(archive_server, tmp_path) -> None:
    base, handler = archive_server
    urls = ["https://b.example/found", "https://b.example/none"]
    refresh(urls, config(base, tmp_path), TODAY)
    before = sum(handler.hits.values())
    text = (tmp_path / "snapshots.yml").read_text("utf-8")
    refresh(urls, config(base, tmp_path), TODAY + dt.timedelta(days=3))
    assert sum(handler.hits.values()) == before
    assert (tmp_path / "snapshots.yml").read_text("utf-8") == text  # not rewritten
    refresh(urls, config(base, tmp_path), TODAY + dt.timedelta(days=31))
    assert handler.hits[("available", "https://b.example/none")] == 2
    assert handler.hits[("available", "https://b.example/found")] == 1


def test_archive_asks_the_save_endpoint_only_for_addresses_without_a_copy(archive_server, tmp_path) -> None:
    base, handler = archive_server
    urls = ["https://c.example/found", "https://c.example/none"]
    refresh(urls, config(base, tmp_path), TODAY)
    got = refresh(urls, config(base, tmp_path), TODAY, archive=True)
    assert handler.hits[("save", "https://c.example/none")] == 1
    assert handler.hits[("save", "https://c.example/found")] == 0
    assert got["https://c.example/none"].snapshot.endswith("/https://c.example/none")


PAGE = "# Offer\n\nOur treatment works for everyone.\n"


def test_a_dead_citation_with_an_archived_copy_sends_readers_to_the_copy(tmp_path, archive_server) -> None:
    wayback_base, _ = archive_server
    with link_server() as (base, _hits):
        project = make_project(tmp_path)
        config_file = tmp_path / "mkdocs.yml"
        config_file.write_text(config_file.read_text("utf-8")
                               .replace("https://archive.org/wayback/available", wayback_base + "/available")
                               .replace("https://web.archive.org/save/", wayback_base + "/save/"), "utf-8")
        project.source("s", PAGE)
        dead, dead_too = base + "/missing/found", base + "/gone/none"
        body = ("- id: works\n  quote: Our treatment works\n  claim: It works\n  verdict: inaccurate\n"
                "  comment: It does not.\n  citations:\n"
                f"  - title: A study\n    url: {dead}\n  - title: Another\n    url: {dead_too}\n")
        project.annotations("s", body)
        env = {"FACTCHECK_LINKS": "on", "FACTCHECK_NETWORK": "on"}
        import subprocess
        import sys
        links = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(tmp_path), "links", "--json"],
                               capture_output=True, text=True, env={**__import__("os").environ, **env}, timeout=120)
        records = {r["url"]: r for r in map(json.loads, links.stdout.splitlines())}
        assert records[dead]["archived_copy"].endswith(dead) and records[dead]["archived_on"] == "2025-03-01"
        assert "broken link " + dead_too in links.stderr and "broken link " + dead + " " not in links.stderr
        run = mkdocs_build(tmp_path, env=env)
        assert run.returncode != 0 and f"broken link {dead_too}" in run.stderr  # no copy: still fails
        assert f"broken link {dead} " not in run.stderr.split("ERROR")[-1]
        project.annotations("s", body.replace(f"  - title: Another\n    url: {dead_too}\n", ""))
        run = mkdocs_build(tmp_path, env=env)
        assert run.returncode == 0, run.stderr  # reported, but a copy exists: readers can still read it
        claim = (tmp_path / "site" / "claims" / "s" / "works" / "index.html").read_text("utf-8")
        first_link = claim.split('class="fc-citation">')[1]
        assert first_link.lstrip().startswith(f'<a href="http://archive.test/web/20250301120000/{dead}"')
        assert "no longer works</a> since <time" in claim
        assert load(tmp_path / "snapshots.yml")[dead].taken == "2025-03-01"


def test_an_archive_service_that_cannot_be_reached_is_asked_once_not_once_per_address(tmp_path, monkeypatch) -> None:
    import socket

    import factcheck.snapshots as snapshots

    with socket.socket() as probe:  # a port with nothing listening: every connection is refused
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    asked = []
    original = snapshots._get_json
    monkeypatch.setattr(snapshots, "_get_json", lambda url, config: asked.append(url) or original(url, config))
    urls = [f"https://c.example/{k}" for k in range(5)]
    assert refresh(urls, config(dead, tmp_path), TODAY) == {}
    assert len(asked) == 1
    assert not (tmp_path / "snapshots.yml").exists()


def test_loopback_addresses_are_sent_only_to_an_archive_on_this_machine(archive_server, tmp_path, monkeypatch) -> None:
    import factcheck.snapshots as snapshots

    base, handler = archive_server
    urls = ["http://127.0.0.1:8000/found", "https://d.example/found"]
    assert set(refresh(urls, config(base, tmp_path), TODAY)) == set(urls)  # the fake archive is on 127.0.0.1
    elsewhere = ArchiveConfig(availability="https://archive.invalid/available", save=None,
                              file=tmp_path / "elsewhere.yml", timeout=1)
    asked = []
    monkeypatch.setattr(snapshots, "_get_json", lambda url, config: asked.append(url))
    assert refresh(["http://127.0.0.1:8000/found"], elsewhere, TODAY) == {}
    assert asked == []  # an archive elsewhere cannot reach this machine: nothing to ask
