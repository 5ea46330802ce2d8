"""What the site says about each claim's live page: a real MkDocs build of a fixture project with watch logs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factcheck.watchstates import CHANGED

from .conftest import ann, make_project, mkdocs_build
from .test_watch import PAGE_MD, RATE, SAFE, WHO
from .xss_payloads import TEXT

HOSTILE = 'The rate is now 94% <script>alert(1)</script><img src=x onerror=alert(2)> "quoted"'
SHA = "a" * 64
LOG = f"""\
source: clinic-sci
observations:
  - date: 2026-11-21
    address: https://clinic.example/sci
    status: 200
    sha256: {SHA}
    claims:
      rate: still published
      safe: still published
      who: still published
  - date: 2026-11-28
    address: https://clinic.example/sci
    status: 200
    sha256: {"b" * 64}
    claims:
      rate: changed
      safe: removed
      who: still published
    now says:
      rate: {HOSTILE!r}
  - date: 2026-12-05
    address: https://clinic.example/sci
    status: 200
    sha256: {"b" * 64}
    unchanged since: 2026-11-28
"""
GONE_LOG = """\
source: clinic-gone
observations:
  - date: 2026-11-21
    address: https://gone.example/sci
    status: 200
    sha256: %s
    claims:
      rate: still published
  - date: 2026-12-05
    address: https://gone.example/sci
    status: 404
    reason: not found
    claims:
      rate: page gone
""" % SHA


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("watched"))
    project.source("clinic-sci", PAGE_MD, url="https://clinic.example/sci", title="Spinal cord injury")
    project.annotations("clinic-sci", ann("rate", RATE) + ann("safe", SAFE) + ann("who", WHO))
    project.source("clinic-gone", PAGE_MD, url="https://gone.example/sci", title="Cerebral palsy")
    project.annotations("clinic-gone", ann("rate", RATE))
    project.source("clinic-none", PAGE_MD, url="null", title="No address")
    project.annotations("clinic-none", ann("rate", RATE))
    project.source("clinic-new", PAGE_MD, url="https://new.example/sci", title="Not yet watched")
    project.annotations("clinic-new", ann("rate", RATE))
    project.raw("watch/clinic-sci.yml", LOG)
    project.raw("watch/clinic-gone.yml", GONE_LOG)
    run = mkdocs_build(project.root)
    assert run.returncode == 0, run.stderr
    return project.root / "site"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def status(page: BeautifulSoup, card: str | None = None) -> str:
    scope = page.find(attrs={"data-annotation-card": card}) if card else page
    return " ".join(scope.select_one(".fc-watch").get_text(" ").split())


@pytest.mark.parametrize("sid, aid, words", [
    ("clinic-sci", "who", "Still on the clinic's page as of 5 December 2026."),
    ("clinic-sci", "safe", "Removed from the clinic's page between 21 and 28 November 2026. "
                           "Still absent on 5 December 2026."),
    ("clinic-sci", "rate", "Changed between 21 and 28 November 2026; as of 5 December 2026 the clinic's page says: "
                           "The clinic's words, not ours: " + HOSTILE),
    ("clinic-gone", "rate", "The clinic's page went away between 21 November and 5 December 2026 (not found)."),
    ("clinic-none", "rate", "No live address known: we cannot tell whether the clinic still says this."),
    ("clinic-new", "rate", "Not yet compared with the clinic's live page."),
])
def test_each_card_and_claim_page_says_what_became_of_the_claim(site: Path, sid: str, aid: str, words: str) -> None:
    assert status(soup(site, f"sources/{sid}/"), aid) == "Live page " + words
    assert status(soup(site, f"claims/{sid}/{aid}/")) == "Live page " + words


def test_the_clinics_new_words_are_labelled_and_escaped(site: Path) -> None:
    page = soup(site, "claims/clinic-sci/rate/")
    quote = page.select_one(".fc-now-says blockquote")
    assert quote.get_text() == HOSTILE and quote["cite"] == "https://clinic.example/sci"
    assert quote.find_previous_sibling("figcaption").get_text() == "The clinic's words, not ours:"
    assert not page.select(".fc-now-says script, .fc-now-says img")


def test_the_source_page_says_when_the_live_page_was_last_seen(site: Path) -> None:
    def live(sid: str) -> str:
        dt = next(d for d in soup(site, f"sources/{sid}/").select("#provenance dt") if d.get_text() == "Live page")
        return " ".join(dt.find_next_sibling("dd").get_text(" ").split())
    assert live("clinic-sci") == "Online: last seen 5 December 2026."
    assert live("clinic-gone") == "Gone as of 5 December 2026 (not found); last seen online 21 November 2026."
    assert live("clinic-none") == "No live address known."
    assert live("clinic-new") == "Not yet compared with the live page."


def test_the_watch_page_lists_the_changes_newest_first(site: Path) -> None:
    page = soup(site, "watch/")
    days = [h.get_text() for h in page.select(".fc-watch-day h2")]
    assert days == ["5 December 2026", "28 November 2026"]
    items = [" ".join(li.get_text(" ").split()) for li in page.select(".fc-watch-changes > li")]
    assert len(items) == 3  # rate changed, safe removed, the other page gone; "who" never changed
    assert all("Still on" not in item for item in items)
    assert "4 live pages watched" not in page.get_text() and "2 live pages watched" in page.get_text()
    assert page.select_one('a[href$="watch/feed.xml"]')


def test_the_feed_has_one_entry_per_change_with_escaped_words(site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "watch" / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert sorted(e.find("a:category", ns).get("term") for e in entries) == ["changed", "page gone", "removed"]
    assert len({e.find("a:id", ns).text for e in entries}) == 3
    changed = next(e for e in entries if e.find("a:category", ns).get("term") == "changed")
    # built without the site's address: links are relative to the feed, at watch/feed.xml
    assert changed.find("a:link", ns).get("href") == "../claims/clinic-sci/rate/"
    content = BeautifulSoup(changed.find("a:content", ns).text, "html.parser")
    assert content.select_one("blockquote").get_text() == HOSTILE and not content.select("script, img")


@pytest.mark.parametrize("payload", TEXT)
def test_whatever_the_live_page_says_is_shown_as_text(payload: str) -> None:
    from factcheck.render import _env
    from factcheck.watchhistory import ClaimWatch, PageWatch

    macros = _env().get_template("watch.html").module
    shown = BeautifulSoup(str(macros.claim_status(ClaimWatch(CHANGED, "2026-11-28", "2026-11-28", "2026-11-21",
                                                             payload, payload, "https://a.example/"), payload)),
                          "html.parser")
    assert shown.select_one("blockquote").get_text() == payload
    assert [t.name for t in shown.find_all(True)] == ["div", "p", "span", "figure", "figcaption", "blockquote"]
    assert all(not k.startswith("on") for t in shown.find_all(True) for k in t.attrs)
    row = PageWatch("https://a.example/", "2026-11-28", 404, payload, "2026-11-21")
    page = BeautifulSoup(str(macros.page_status([row], ["https://a.example/", "https://b.example/"])), "html.parser")
    assert payload in page.get_text() and [t.name for t in page.find_all(True)] == ["dt", "dd", "ul", "li", "span"]
