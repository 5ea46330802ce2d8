"""factcheck watch against a real HTTP server on 127.0.0.1 serving successive versions of a clinic page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from factcheck.check import check
from factcheck.cli import main
from factcheck.pagetext import Fetched
from factcheck.watch import MIN_PROCESS_PAGES, WatchConfig, assess, watch, workers
from factcheck.watchhistory import changes, claim_watch
from factcheck.watchlog import Observation, log_path
from factcheck.watchstates import CHANGED, PAGE_GONE, RECORDED, REMOVED, STILL

from .conftest import ROOT, RepoBuilder, ann
from .watchserver import clinic_html, watch_server

RATE = "The improvement rate of our patients with spinal cord injury has reached 96% after two courses of treatment."
SAFE = ("Stem cell therapy is completely \"safe\" and has no side-effects, even for young children with "
        "cerebral palsy.")
WHO = "Our treatment protocol is registered with the World Health Organization and approved by the ministry."
FILLER = ("Patients travel to our clinic from more than forty countries every year, and our international "
          "department arranges visas, interpreters and accommodation for the whole family.")
PAGE_MD = f"# Stem cell therapy for spinal cord injury\n\n{RATE}\n\n{SAFE}\n\n{WHO}\n\n{FILLER}\n"


def make_repo(repo: RepoBuilder, url: str, sid: str = "clinic-sci") -> None:
    repo.source(sid, PAGE_MD, url=url)
    repo.annotations(sid, ann("rate", RATE) + ann("safe", SAFE) + ann("who", WHO))


def run(root: Path, today: str, retries: int = 0):
    checked = check(root)
    assert checked.ok, checked.problems
    config = WatchConfig(retries=retries, delay=0, backoff=0, network="on")
    config.limits.allow_private = True
    config.limits.timeout = 5
    return watch(checked, checked.watch, config, today, sleep=lambda s: None)


def entries(root: Path, sid: str = "clinic-sci") -> list[dict]:
    return yaml.safe_load(log_path(root, sid).read_text("utf-8"))["observations"]


@pytest.fixture
def server():
    with watch_server() as s:
        yield s


@pytest.fixture
def site(repo: RepoBuilder, server):
    make_repo(repo, server.base + "/sci")
    return repo.root


def test_an_unchanged_page_is_still_published(site: Path, server) -> None:
    server.script("/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    report = run(site, "2026-11-28")
    [entry] = entries(site)
    assert entry["claims"] == {"rate": STILL, "safe": STILL, "who": STILL}
    assert entry["status"] == 200 and entry["address"] == server.base + "/sci" and len(entry["sha256"]) == 64
    assert str(entry["date"]) == "2026-11-28"
    assert not report.unreachable


def test_typography_only_changes_count_as_unchanged(site: Path, server) -> None:
    retyped = [RATE.replace(" ", "\u00a0", 3), SAFE.replace('"safe"', "\u201csafe\u201d").replace("-", "\u2011"),
               WHO.replace("World Health", "World\u202fHealth")]
    server.script("/sci", (200, clinic_html(*retyped, FILLER)))
    run(site, "2026-11-28")
    assert entries(site)[0]["claims"] == {"rate": STILL, "safe": STILL, "who": STILL}


def test_a_reworded_passage_is_changed_with_the_new_words(site: Path, server) -> None:
    reworded = RATE.replace("96%", "94%").replace("two courses", "three courses")
    server.script("/sci", (200, clinic_html(reworded, SAFE, WHO, FILLER)))
    run(site, "2026-11-28")
    [entry] = entries(site)
    assert entry["claims"] == {"rate": CHANGED, "safe": STILL, "who": STILL}
    assert entry["now says"] == {"rate": reworded}


def test_a_deleted_passage_is_removed(site: Path, server) -> None:
    server.script("/sci", (200, clinic_html(RATE, WHO, FILLER)))
    run(site, "2026-11-28")
    assert entries(site)[0]["claims"] == {"rate": STILL, "safe": REMOVED, "who": STILL}
    assert "now says" not in entries(site)[0]


def test_a_missing_page_is_gone(site: Path, server) -> None:
    server.script("/sci", (404, "<p>Not found</p>"))
    run(site, "2026-11-28")
    [entry] = entries(site)
    assert entry["status"] == 404 and entry["reason"] == "not found"
    assert set(entry["claims"].values()) == {PAGE_GONE}


def test_a_redirect_to_the_home_page_is_gone(site: Path, server) -> None:
    server.script("/sci", (301, "", {"Location": "/"}))
    server.script("/", (200, clinic_html(FILLER, "Welcome to the clinic, where families find hope and care.")))
    run(site, "2026-11-28")
    [entry] = entries(site)
    assert entry["reason"] == "redirected to the home page" and entry["redirected to"] == server.base + "/"
    assert set(entry["claims"].values()) == {PAGE_GONE}


def test_a_redirect_to_an_unrelated_page_is_gone_but_a_moved_page_is_read(site: Path, server) -> None:
    server.script("/sci", (302, "", {"Location": "/blog/new-year-offer"}))
    server.script("/blog/new-year-offer", (200, clinic_html(FILLER, "Book now for our new year discount on "
                                                                     "every consultation and every treatment.")))
    run(site, "2026-11-28")
    assert entries(site)[0]["reason"] == "redirected to an unrelated page"
    server.script("/sci", (301, "", {"Location": "/treatments/sci"}))
    server.script("/treatments/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    run(site, "2026-12-05")
    last = entries(site)[-1]
    assert last["claims"] == {"rate": STILL, "safe": STILL, "who": STILL} and "reason" not in last
    assert last["redirected to"] == server.base + "/treatments/sci"


def test_a_503_then_a_200_is_unreachable_then_still_published_with_no_change_recorded(site: Path, server) -> None:
    server.script("/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    run(site, "2026-11-21")
    before = log_path(site, "clinic-sci").read_text("utf-8")
    server.script("/sci", (503, "<p>Service unavailable</p>"), (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    report = run(site, "2026-11-28")
    unreachable = [(a, why) for _, a, why in report.unreachable]
    assert unreachable == [(server.base + "/sci", "address not reachable (HTTP 503)")]
    assert log_path(site, "clinic-sci").read_text("utf-8") == before  # nothing recorded
    report = run(site, "2026-11-28")
    assert not report.unreachable and report.seen["clinic-sci"][0].claims["rate"] == STILL
    checked = check(site)
    assert [c for c in changes(checked.watch["clinic-sci"], "2026-11-21")] == []


def test_a_temporary_failure_is_retried_within_a_run(site: Path, server) -> None:
    server.script("/sci", (503, "busy"), (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    report = run(site, "2026-11-28", retries=2)
    assert not report.unreachable and server.requests == ["/sci", "/sci"]
    assert entries(site)[0]["claims"]["rate"] == STILL


def test_the_log_is_append_only_and_a_repeated_run_adds_at_most_a_seen_again_date(site: Path, server) -> None:
    server.script("/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    run(site, "2026-11-21")
    first = log_path(site, "clinic-sci").read_text("utf-8")
    run(site, "2026-11-21")
    assert log_path(site, "clinic-sci").read_text("utf-8") == first  # same day, nothing new: nothing added
    run(site, "2026-11-28")
    second = log_path(site, "clinic-sci").read_text("utf-8")
    assert second.startswith(first)
    assert second[len(first):] == (f"  - date: 2026-11-28\n    address: {server.base}/sci\n    status: 200\n"
                                   f"    sha256: {entries(site)[0]['sha256']}\n    unchanged since: 2026-11-21\n")
    server.script("/sci", (200, clinic_html(RATE, WHO, FILLER)))
    run(site, "2026-12-05")
    third = log_path(site, "clinic-sci").read_text("utf-8")
    assert third.startswith(second) and entries(site)[-1]["claims"]["safe"] == REMOVED
    run(site, "2026-12-12")
    run(site, "2026-12-19")  # seen again after a "seen again": still points at the full observation
    assert [str(e.get("unchanged since")) for e in entries(site)[-2:]] == ["2026-12-05", "2026-12-05"]
    assert check(site).ok
    watched = claim_watch(check(site).repo.sources["clinic-sci"], check(site).watch["clinic-sci"], "safe",
                          [server.base + "/sci"])
    assert (watched.state, watched.before, watched.since, watched.as_of) == (REMOVED, "2026-11-28", "2026-12-05",
                                                                             "2026-12-19")
    assert watched.sentence == "Removed from the clinic's page between 28 November and 5 December 2026. " \
                               "Still absent on 19 December 2026."


def test_hostile_live_words_are_kept_as_text_in_the_log(site: Path, server) -> None:
    hostile = RATE.replace("96%", "96% \"]]: #z {a: b} <script>alert(1)</script>")
    server.script("/sci", (200, clinic_html(hostile.replace("<", "&lt;"), SAFE, WHO, FILLER)))
    run(site, "2026-11-28")
    assert entries(site)[0]["claims"]["rate"] == CHANGED
    assert "<script>alert(1)</script>" in entries(site)[0]["now says"]["rate"]
    assert check(site).ok


def test_sources_without_a_live_address_are_reported_not_fetched(repo: RepoBuilder, server) -> None:
    make_repo(repo, "null")
    report = run(repo.root, "2026-11-28")
    assert report.no_address == ["clinic-sci"] and not log_path(repo.root, "clinic-sci").exists()
    assert server.requests == []


def test_offline_nothing_is_fetched_or_written(repo: RepoBuilder, server, monkeypatch) -> None:
    make_repo(repo, "https://clinic.invalid/sci")
    checked = check(repo.root)
    report = watch(checked, checked.watch, WatchConfig(network="off"), "2026-11-28")
    assert report.offline == [("clinic-sci", "https://clinic.invalid/sci")]
    assert not log_path(repo.root, "clinic-sci").exists()


def test_private_addresses_are_refused_unless_allowed(site: Path, server) -> None:
    server.script("/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    checked = check(site)
    report = watch(checked, checked.watch, WatchConfig(network="on", retries=0), "2026-11-28")
    assert report.unreachable[0][2] == "private or loopback address refused" and server.requests == []


def test_the_schema_knows_exactly_the_recorded_states() -> None:
    schema = json.loads((ROOT / "factcheck" / "schemas" / "watch.schema.json").read_text("utf-8"))
    assert schema["$defs"]["state"]["enum"] == list(RECORDED)


BAD_LOGS = {
    "unknown key": ("  - date: 2026-11-28\n    adress: https://a.example/\n", "unknown key 'adress'; did you mean"),
    "bad state": ("  - date: 2026-11-28\n    address: https://a.example/\n    status: 200\n    claims:\n"
                  "      rate: gone\n", "unknown state 'gone'"),
    "out of order": ("  - date: 2026-11-28\n    address: https://a.example/\n    status: 200\n    claims: {}\n"
                     "  - date: 2026-11-21\n    address: https://a.example/\n    status: 200\n    claims: {}\n",
                     "comes after one of 2026-11-28"),
    "dangling": ("  - date: 2026-11-28\n    address: https://a.example/\n    status: 200\n"
                 "    unchanged since: 2026-11-21\n", "names no earlier full observation"),
    "no claims": ("  - date: 2026-11-28\n    address: https://a.example/\n    status: 200\n", "needs 'claims'"),
}


@pytest.mark.parametrize("case", sorted(BAD_LOGS))
def test_check_reports_bad_logs_with_their_line(repo: RepoBuilder, case: str, capsys) -> None:
    make_repo(repo, "https://a.example/")
    body, message = BAD_LOGS[case]
    repo.raw("watch/clinic-sci.yml", "source: clinic-sci\nobservations:\n" + body)
    assert main(["--root", str(repo.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    line = next(l for l in out.splitlines() if message in l)
    assert line.startswith("watch/clinic-sci.yml:") and int(line.split(":")[1]) >= 3, out


def test_check_reports_a_log_for_an_unknown_source(repo: RepoBuilder, capsys) -> None:
    make_repo(repo, "https://a.example/")
    repo.raw("watch/clinic-cp.yml", "source: clinic-cp\nobservations: []\n")
    assert main(["--root", str(repo.root), "check"]) == 1
    assert "watch/clinic-cp.yml:1:1: unknown source 'clinic-cp'" in capsys.readouterr().out


def test_the_command_records_and_reports(site: Path, server, capsys) -> None:
    (site / "mkdocs.yml").write_text("extra:\n  factcheck:\n    watch:\n      allow_private: true\n      delay: 0\n",
                                     "utf-8")
    server.script("/sci", (200, clinic_html(RATE, WHO, FILLER)))
    assert main(["--root", str(site), "watch", "--date", "2026-11-28"]) == 0
    captured = capsys.readouterr()
    assert f"clinic-sci: {server.base}/sci: HTTP 200: 2 still published, 1 removed" in captured.out
    assert "watch/clinic-sci.yml: added 1 observation(s)" in captured.err
    assert main(["--root", str(site), "watch", "--date", "2026-11-28"]) == 0
    assert "nothing new to record" in capsys.readouterr().err


def test_observations_write_one_line_per_value() -> None:
    obs = Observation("2026-11-28", "https://a.example/x?y=1", 200, {"rate": CHANGED}, {"rate": 'Now: "94%" #1'},
                      "0" * 64)
    text = obs.to_yaml()
    assert text.count("\n") == 8 and "'2026" not in text
    assert yaml.safe_load("x:\n" + text)["x"][0]["now says"]["rate"] == 'Now: "94%" #1'


def test_an_unknown_host_is_gone(repo: RepoBuilder) -> None:
    make_repo(repo, "https://clinic-that-closed.invalid/sci")
    checked = check(repo.root)
    report = watch(checked, checked.watch, WatchConfig(network="on", retries=0), "2026-11-28")
    assert not report.unreachable
    [entry] = entries(repo.root)
    assert entry["status"] is None and entry["reason"] == "unknown host"
    assert set(entry["claims"].values()) == {PAGE_GONE}


def test_many_pages_are_read_in_worker_processes_with_the_same_result(repo: RepoBuilder) -> None:
    make_repo(repo, "https://clinic.example/sci")
    annotations = check(repo.root).repo.factchecks["clinic-sci"].annotations
    body = clinic_html(RATE.replace("96%", "94%"), WHO, FILLER).encode("utf-8")
    got = Fetched("https://clinic.example/sci", 200, "https://clinic.example/sci", body, "text/html")
    here = assess(got, annotations, "2026-11-28", 0.75)[1]
    assert here.claims == {"rate": CHANGED, "safe": REMOVED, "who": STILL}
    with workers(MIN_PROCESS_PAGES) as pool:
        results = [pool.submit(assess, got, annotations, "2026-11-28", 0.75) for _ in range(3)]
        assert [r.result()[1] for r in results] == [here] * 3


def test_a_claim_is_as_present_as_its_most_present_copy() -> None:
    from factcheck.watchlog import WatchLog

    log = WatchLog("clinic-sci", "watch/clinic-sci.yml", [
        Observation("2026-11-28", "https://a.example/", 200, {"rate": REMOVED}, sha256="a" * 64),
        Observation("2026-11-28", "https://b.example/", 200, {"rate": STILL}, sha256="b" * 64),
        Observation("2026-11-28", "https://c.example/", 404, {"rate": PAGE_GONE}, reason="not found"),
    ])
    source = type("S", (), {"captured": "2026-11-21"})()
    both = claim_watch(source, log, "rate", ["https://a.example/", "https://b.example/", "https://c.example/"])
    assert (both.state, both.address) == (STILL, "https://b.example/")
    assert claim_watch(source, log, "rate", ["https://a.example/", "https://c.example/"]).state == REMOVED


def test_the_command_offline_says_so_and_writes_nothing(repo: RepoBuilder, capsys, monkeypatch) -> None:
    make_repo(repo, "https://clinic.invalid/sci")
    monkeypatch.setenv("FACTCHECK_NETWORK", "off")
    assert main(["--root", str(repo.root), "watch"]) == 0
    err = capsys.readouterr().err
    assert "no network: 1 address(es) not watched" in err and "nothing new to record" in err
    assert not (repo.root / "watch").exists()


def test_the_command_refuses_a_repository_with_problems(repo: RepoBuilder, capsys) -> None:
    make_repo(repo, "https://clinic.invalid/sci")
    repo.raw("watch/clinic-sci.yml", "source: clinic-sci\nobservations: [{date: 2026-11-28}]\n")
    assert main(["--root", str(repo.root), "watch"]) == 1
    captured = capsys.readouterr()
    assert "watch/clinic-sci.yml:2:" in captured.out and "fix them before watching" in captured.err


def test_check_of_one_watch_file_checks_that_log(repo: RepoBuilder, capsys) -> None:
    make_repo(repo, "https://a.example/")
    path = repo.raw("watch/clinic-sci.yml", "source: clinic-sci\nobservations:\n" + BAD_LOGS["bad state"][0])
    assert main(["--root", str(repo.root), "check", str(path)]) == 1
    assert "watch/clinic-sci.yml:7:7: unknown state 'gone'; did you mean 'page gone'?" in capsys.readouterr().out


def test_check_refuses_a_watch_log_changed_anywhere_but_its_end(site: Path, server, capsys) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=site, check=True,
                       capture_output=True)

    server.script("/sci", (200, clinic_html(RATE, SAFE, WHO, FILLER)))
    run(site, "2026-11-21")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    server.script("/sci", (200, clinic_html(RATE, WHO, FILLER)))
    run(site, "2026-11-28")
    assert main(["--root", str(site), "check", "--appended-since", "HEAD"]) == 0  # appended: fine
    log = log_path(site, "clinic-sci")
    log.write_text(log.read_text("utf-8").replace("safe: still published", "safe: removed", 1), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(site), "check", "--appended-since", "HEAD"]) == 1
    assert "watch/clinic-sci.yml:12:1: earlier observations changed since HEAD" in capsys.readouterr().out
    log.unlink()
    assert main(["--root", str(site), "check", "--appended-since", "HEAD"]) == 1
    assert "watch log deleted since HEAD" in capsys.readouterr().out


def test_only_the_full_extraction_can_call_a_claim_changed_or_removed(repo: RepoBuilder, monkeypatch) -> None:
    """The quick extraction settles a page where every quote is found; anything else is looked at in full."""
    import factcheck.watch as watch_module

    make_repo(repo, "https://clinic.example/sci")
    annotations = check(repo.root).repo.factchecks["clinic-sci"].annotations
    calls = []

    def extract(html: str, *, fast: bool = False) -> str:  # the quick pass misses one paragraph
        calls.append(fast)
        return PAGE_MD.replace(SAFE, "") if fast else PAGE_MD

    monkeypatch.setattr(watch_module, "extract_markdown", extract)
    got = Fetched("https://clinic.example/sci", 200, "https://clinic.example/sci", b"<html></html>", "text/html")
    assert assess(got, annotations, "2026-11-28", 0.75)[1].claims == {"rate": STILL, "safe": STILL, "who": STILL}
    assert calls == [True, False]
    calls.clear()
    monkeypatch.setattr(watch_module, "extract_markdown", lambda html, *, fast=False: calls.append(fast) or PAGE_MD)
    assert set(assess(got, annotations, "2026-11-28", 0.75)[1].claims.values()) == {STILL}
    assert calls == [True]
