"""The corrections log: on the fact-check, on the claims it changed, on /corrections/ and in an Atom feed."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from factcheck.feed import entry_id
from factcheck.pagecontract import CARD_ATTR, LOG_ID, SOURCE_PAGE_IDS, claim_id, passage_id, verdict_id

from .browser import CHROMIUM_ARGS, Watch, chromium_path, serve
from .test_build import soup
from .conftest import PUBLISHED, ROOT, ann, make_project, mkdocs_build

ARTIFACTS = ROOT / "test-artifacts"

PAGE = "# Offer\n\nOur cure works for everyone. Results are permanent. Call us today.\n"
ANNS = (ann("cure", "Our cure works for everyone", verdict="inaccurate") + ann("permanent", "Results are permanent")
        + ann("call", "Call us today", verdict=None))
LOG_A = """
  - date: 2026-11-22
    kind: correction
    annotations: [cure]
    what: The comment said *every* study failed; two small ones found a short-term effect.
    why: A reader pointed to the two studies, and we confirmed them.
  - date: 2026-11-24
    kind: clarification
    annotations: []
    summary: [headline]
    what: The headline now says which claims are rated.
    why: It read as a verdict on the clinic, not on its claims.
  - date: 2026-11-26
    kind: update
    annotations: [cure, permanent]
    what: Added a 2026 review to both checks.
    why: New evidence was published.
"""
LOG_B = """
  - date: 2026-11-23
    kind: correction
    annotations: [permanent]
    what: Fixed a date.
    why: A typo.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corrections")
    project = make_project(root)
    project.source("alpha", PAGE, title="Alpha clinic page")
    project.annotations("alpha", ANNS, corrections=LOG_A, updated="2026-11-26",
                        reviewed="2026-11-27", reviewers="[reviewer]")
    project.source("beta", PAGE, title="Beta clinic page")
    project.annotations("beta", ANNS, corrections=LOG_B, reviewed="2026-11-23",  # no "updated": it follows the log
                        reviewers="[reviewer]")
    project.source("gamma", PAGE, title="Gamma draft page")  # its change is not reviewed yet: a draft
    project.annotations("gamma", ANNS, corrections=LOG_B.replace("11-23", "11-28"), updated="2026-11-28")
    run = mkdocs_build(root, env={"FACTCHECK_SITE_URL": PUBLISHED})
    assert run.returncode == 0, run.stderr
    return root / "site"


def entries(page: BeautifulSoup, selector: str = "#corrections .fc-log-entry") -> list[str]:
    return [" ".join(li.select_one(".fc-log-head").get_text().split()) for li in page.select(selector)]


def test_the_source_page_shows_its_whole_log_oldest_first(site: Path) -> None:
    page = soup(site / "sources/alpha/index.html")
    heads = entries(page)
    assert [h.split(" · ")[:2] for h in heads] == [["2026-11-22", "Correction"], ["2026-11-24", "Clarification"],
                                                   ["2026-11-26", "Update"]]
    first = page.select_one("#corrections .fc-log-entry")
    assert "two small ones found a short-term effect" in first.get_text()
    assert "A reader pointed to the two studies" in first.get_text()
    assert first.select_one("em").get_text() == "every"  # Markdown, rendered safely
    assert first.select_one('a[href="../../claims/alpha/cure/"]')
    assert "changed: headline" in heads[1]
    byline = " ".join(page.select_one(".fc-byline").get_text().split())
    assert "reviewed by reviewer on 2026-11-27; published 2026-11-21, updated 2026-11-26" in byline


def test_a_claim_page_shows_only_the_entries_naming_it(site: Path) -> None:
    assert [h[:10] for h in entries(soup(site / "claims/alpha/cure/index.html"))] == ["2026-11-22", "2026-11-26"]
    assert [h[:10] for h in entries(soup(site / "claims/alpha/permanent/index.html"))] == ["2026-11-26"]
    assert soup(site / "claims/alpha/call/index.html").select_one("#corrections") is None


def test_the_corrections_page_keeps_its_policy_and_lists_every_entry_newest_first(site: Path) -> None:
    page = soup(site / "corrections/index.html")
    text = page.get_text(" ")
    assert "We correct mistakes quickly and in the open." in text  # the hand-written policy is kept
    items = page.select(".fc-corrections-all > li")
    assert [li["id"] for li in items] == ["alpha-3", "alpha-2", "beta-1", "alpha-1"]  # the draft's is left out
    first = items[0]
    assert first.select_one('a[href="../sources/alpha/#corrections"]').get_text() == "“Alpha clinic page”"
    assert " ".join(first.select_one(".fc-log-head").get_text().split()) == (
        "2026-11-26 · Update to our fact-check of “Alpha clinic page”, Example Clinic")
    claims = [a["href"] for a in first.select(".fc-log-claims a")]
    assert claims == ["../claims/alpha/cure/", "../claims/alpha/permanent/"]
    assert "Gamma" not in text
    for link in page.select(".fc-corrections-all a[href]"):  # every link leads to a built page
        target = (site / "corrections" / link["href"].split("#")[0]).resolve() / "index.html"
        assert target.is_file(), link["href"]


def test_the_corrections_page_links_its_feed(site: Path) -> None:
    page = soup(site / "corrections/index.html")
    alternate = page.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert alternate is not None and (site / "corrections" / alternate["href"]).resolve() == site / "corrections.xml"
    visible = page.select_one('.fc-feed a[type="application/atom+xml"]')
    assert (site / "corrections" / visible["href"]).resolve() == site / "corrections.xml"


def test_the_feed_is_atom_with_every_entry_newest_first_and_stable_ids(site: Path) -> None:
    feed = feedparser.parse((site / "corrections.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Corrections")
    assert feed.feed.link == f"{PUBLISHED}corrections/"
    assert [e.title for e in feed.entries] == [f"{kind} to our fact-check of “{title} clinic page”" for kind, title in (
        ("Update", "Alpha"), ("Clarification", "Alpha"), ("Correction", "Beta"), ("Correction", "Alpha"))]
    assert [e.updated[:10] for e in feed.entries] == ["2026-11-26", "2026-11-24", "2026-11-23", "2026-11-22"]
    assert feed.feed.updated.startswith("2026-11-26")
    newest = feed.entries[0]
    assert newest.id == entry_id("correction", "alpha", 3, "2026-11-26")
    assert len({e.id for e in feed.entries}) == 4
    assert newest.link == f"{PUBLISHED}sources/alpha/#corrections"
    assert "Added a 2026 review to both checks." in newest.content[0].value
    assert f"{PUBLISHED}claims/alpha/cure/" in newest.content[0].value
    assert newest.tags[0].term == "update"


def test_feed_ids_do_not_depend_on_the_site_address(site: Path, tmp_path: Path) -> None:
    moved = "https://moved.stemcell-checks.org/"
    assert mkdocs_build(site.parent, "-d", str(tmp_path / "moved"), env={"FACTCHECK_SITE_URL": moved}).returncode == 0
    before = [e.id for e in feedparser.parse((site / "corrections.xml").read_bytes()).entries]
    after = feedparser.parse((tmp_path / "moved" / "corrections.xml").read_bytes())
    assert [e.id for e in after.entries] == before
    assert after.entries[0].link.startswith(moved)


def test_updated_and_date_modified_follow_the_newest_entry(site: Path) -> None:
    page = soup(site / "claims/alpha/cure/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["datePublished"] == "2026-11-21" and data["dateModified"] == "2026-11-26"
    export = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    modified = {i["id"]: i.get("modified") for i in export["first"]["items"]}
    assert modified[f"{PUBLISHED}claims/alpha/cure/"] == "2026-11-26T00:00:00Z"  # W3C dates are date-times
    assert modified[f"{PUBLISHED}claims/beta/cure/"] == "2026-11-23T00:00:00Z"
    home = soup(site / "index.html")
    assert [a.get_text() for a in home.select(".fc-newest-head a")] == ["Alpha clinic page", "Beta clinic page"]



def test_the_log_uses_only_ids_the_page_contract_declares(site: Path) -> None:
    page = soup(site / "sources/alpha/index.html")
    aids = [card[CARD_ATTR] for card in page.select(f"[{CARD_ATTR}]")]
    declared = {*SOURCE_PAGE_IDS, *aids, *map(claim_id, aids), *map(passage_id, aids), *map(verdict_id, aids)}
    assert {el["id"] for el in page.select(".fc-source-page [id]")} == declared
    assert page.select_one(f"#{LOG_ID}").name == "details"


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (./dev test installs it)")
def test_corrections_and_a_draft_in_chromium(site: Path) -> None:
    """No console error (Material fetches "sitemap.xml" beside a feed link), no request elsewhere, no sideways
    scrolling on a phone; the folded log opens; screenshots for a human to look at."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            watch = Watch(page)
            for path in ("corrections/", "sources/gamma/", "sources/alpha/", "claims/alpha/cure/"):
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path
                page.screenshot(path=str(ARTIFACTS / f"corrections-{path.strip('/').replace('/', '-')}-{width}.png"),
                                full_page=True)
            page.goto(base + "sources/alpha/")
            log = page.locator(f"#{LOG_ID}")
            assert not log.locator(".fc-log-entry").first.is_visible()  # folded on the source page
            log.locator("summary").click()
            assert log.locator(".fc-log-entry").first.is_visible()
            assert watch.errors == [] and watch.dialogs == [] and watch.foreign == [], (watch.errors, watch.foreign)
            page.close()
        browser.close()
