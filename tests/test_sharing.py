"""Links that work where they are shared: the site's address, link previews, ClaimReview, forum snippets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import cmarkgfm
import metadata_parser
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from PIL import Image

from factcheck.preview import PreviewCard, cached_png
from factcheck.share import (CLAIM_REVIEWED_LIMIT, claim_reviewed, first_sentence, forum_snippet, shorten,
                             text_fragment_url)
from factcheck.siteconfig import site_url_problem
from factcheck.verdicts import NOTE, SCALE

from .conftest import PUBLISHED, ROOT, ann, make_project, mkdocs_build

SITE = PUBLISHED
PLACEHOLDER = "factcheck.example"
PAGE = """\
# Results

Since 2011, the improvement rate of patients has reached 96%.

Our stem cell treatment of spinal cord injury is completely safe and effective for every patient.

Each patient receives a minimum of 120 million cells.
"""
LONG_CLAIM = "Stem cell treatment of spinal cord injury is completely safe and effective for every single patient"
ANNOTATIONS = (
    ann("rate", "the improvement rate of patients has reached 96%", verdict="unsupported",
        extra="claim_short: 96% of patients improve")
    + ann("safe", "completely safe and effective", verdict="inaccurate").replace("claim: A claim",
                                                                                 f"claim: {LONG_CLAIM}")
    + ann("cells", "a minimum of 120 million cells", verdict=None)
).replace("comment: A comment.", "comment: 'The page gives no evidence for this. Nothing else is known.'")


def meta(path: Path) -> metadata_parser.ParsedResult:
    """The page's head as a link-preview scraper reads it."""
    return metadata_parser.MetadataParser(html=path.read_text("utf-8"), search_head_only=True).parsed_result


def claim_review(path: Path) -> dict | None:
    script = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one('script[type="application/ld+json"]')
    return json.loads(script.string) if script else None


def project_with_claims(root: Path):
    project = make_project(root)
    project.source("clinic", PAGE, url="https://clinic.example.net/sci", published="2019-05-02")
    project.annotations("clinic", ANNOTATIONS)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sharing")
    project_with_claims(root)
    run = mkdocs_build(root, env={"FACTCHECK_SITE_URL": SITE})
    assert run.returncode == 0, run.stderr
    return root / "site"


# ---- the site's address --------------------------------------------------------------
def test_the_given_address_is_in_every_canonical_og_url_claimreview_permalink_and_export(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        canonical = doc.select_one('link[rel="canonical"]')
        if page.name == "404.html":
            continue
        assert canonical and canonical["href"].startswith(SITE), page
        parsed = meta(page)
        if parsed.get_metadatas("og:url"):
            assert parsed.get_metadatas("og:url")["meta"] == [canonical["href"]], page
        for tag in doc.select('meta[property="og:image"], meta[name="twitter:image"]'):
            assert tag["content"].startswith(SITE), page
        for el in doc.select(".fc-share [data-copy-link]"):
            assert el["data-copy-link"].startswith(SITE) and SITE in el["data-copy"], page
        for field in doc.select(".fc-permalink-url"):
            assert field["value"].startswith(SITE), page
        review = claim_review(page)
        if review:
            assert review["url"] == canonical["href"] and review["author"]["url"] == SITE
    export = json.loads((built / "annotations.jsonld").read_text("utf-8"))
    assert export["id"].startswith(SITE)
    assert all(item["id"].startswith(SITE) and item["target"][0]["source"]["id"].startswith(SITE)
               for item in export["first"]["items"])


def test_the_placeholder_is_nowhere(built: Path) -> None:
    for path in built.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".jsonld", ".txt", ".js"):
            assert PLACEHOLDER not in path.read_text("utf-8", errors="replace"), path
    assert PLACEHOLDER not in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_without_an_address_links_are_relative_and_the_build_says_so_once(tmp_path: Path) -> None:
    project_with_claims(tmp_path)
    run = mkdocs_build(tmp_path, env={"FACTCHECK_SITE_URL": ""})
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("FACTCHECK_SITE_URL is not set") == 1
    page = tmp_path / "site" / "claims" / "clinic" / "rate" / "index.html"
    doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert doc.select_one('link[rel="canonical"]') is None and not meta(page).get_metadatas("og:url")
    assert claim_review(page)["url"] == "../../../claims/clinic/rate/"
    assert doc.select_one('meta[property="og:image"]')["content"] == "../../../claims/clinic/rate/preview.png"
    card = BeautifulSoup((tmp_path / "site" / "sources" / "clinic" / "index.html").read_text("utf-8"), "html.parser")
    assert card.select_one("#rate .fc-permalink-url")["value"] == "../../sources/clinic/#rate"
    assert json.loads((tmp_path / "site" / "annotations.jsonld").read_text("utf-8"))["id"] == "annotations.jsonld"


@pytest.mark.parametrize("address", ["https://factcheck.example/", "https://www.example.org/checks/",
                                     "http://site.test/"])
def test_a_placeholder_address_is_refused(tmp_path: Path, address: str) -> None:
    project_with_claims(tmp_path)
    run = mkdocs_build(tmp_path, env={"FACTCHECK_SITE_URL": address})
    assert run.returncode != 0
    assert f"site_url {address} is a placeholder" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "site" / "claims").exists()


def test_publishing_needs_an_address(tmp_path: Path) -> None:
    project_with_claims(tmp_path)
    run = mkdocs_build(tmp_path, env={"FACTCHECK_SITE_URL": "", "FACTCHECK_PUBLISH": "1"})
    assert run.returncode != 0 and "publishing needs the site's address" in run.stderr
    assert site_url_problem(SITE, publishing=True) is None


@pytest.mark.parametrize("workflow", ["publish.yml", "weekly-links.yml"])
def test_the_pages_workflows_pass_the_pages_address_to_the_build(workflow: str) -> None:
    import yaml

    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text("utf-8"))["jobs"]
    steps = jobs[jobs["deploy"]["needs"]]["steps"]
    pages = next(i for i, s in enumerate(steps) if "configure-pages" in s.get("uses", ""))
    build = next(i for i, s in enumerate(steps) if "mkdocs build --strict" in s.get("run", ""))
    assert pages < build
    env = steps[build]["env"]
    assert env["FACTCHECK_SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % steps[pages]["id"]
    assert env["FACTCHECK_PUBLISH"] == "1"
    cache = [s for s in steps[:build] if "actions/cache" in s.get("uses", "")]
    assert cache and cache[0]["with"]["path"] == ".cache/previews"  # an unchanged claim is not drawn again


# ---- link previews -------------------------------------------------------------------
@pytest.mark.parametrize("aid, lead", [("rate", "Unsupported"), ("safe", "Inaccurate"), ("cells", "Context note")])
def test_claim_previews_lead_with_the_verdict(built: Path, aid: str, lead: str) -> None:
    parsed = meta(built / "claims" / "clinic" / aid / "index.html")
    og, twitter = parsed.metadata["og"], parsed.metadata["twitter"]
    assert og["title"].startswith(lead + ": ") and og["description"].startswith(lead + ". ")
    assert twitter["card"] == "summary_large_image" and twitter["title"] == og["title"]
    assert og["image"] == SITE + f"claims/clinic/{aid}/preview.png" == twitter["image"]
    assert (og["image:width"], og["image:height"], og["image:type"]) == ("1200", "630", "image/png")
    assert og["image:alt"].startswith(lead + ". The clinic says: “") and og["image:alt"] == twitter["image:alt"]
    if lead == "Context note":  # a note is never called a verdict
        assert "verdict" not in (og["title"] + og["description"] + og["image:alt"]).lower()


def test_source_pages_have_their_own_preview(built: Path) -> None:
    og = meta(built / "sources" / "clinic" / "index.html").metadata["og"]
    assert og["image"] == SITE + "sources/clinic/preview.png"
    assert og["description"].startswith("Misleading. ")
    with Image.open(built / "sources" / "clinic" / "preview.png") as image:
        assert image.size == (1200, 630) and image.format == "PNG"


def test_long_descriptions_end_at_a_word_with_an_ellipsis() -> None:
    text = "Stem cells are not approved for this use anywhere, and no trial has shown a benefit " * 5
    short = shorten(text, 195)
    assert len(short) <= 195 and short.endswith("…")
    kept = short[:-1].split()
    assert kept == text.split()[:len(kept)]  # whole words only, never a word cut short
    assert shorten("Short enough.", 200) == "Short enough."


def test_claim_reviewed_keeps_within_75_characters(built: Path) -> None:
    assert claim_review(built / "claims" / "clinic" / "rate" / "index.html")["claimReviewed"] == "96% of patients improve"
    cut = claim_review(built / "claims" / "clinic" / "safe" / "index.html")["claimReviewed"]
    assert len(cut) <= CLAIM_REVIEWED_LIMIT and cut.endswith("…") and LONG_CLAIM.startswith(cut[:-1])
    assert len(claim_reviewed(LONG_CLAIM, None)) <= CLAIM_REVIEWED_LIMIT


def test_claimreview_has_googles_recommended_fields_where_known(built: Path) -> None:
    claim = claim_review(built / "claims" / "clinic" / "rate" / "index.html")["itemReviewed"]
    assert claim["datePublished"] == "2019-05-02"
    assert claim["firstAppearance"]["url"] == "https://clinic.example.net/sci"
    assert claim["author"]["url"] == "https://clinic.example.net/"
    assert claim_review(built / "claims" / "clinic" / "cells" / "index.html") is None  # a note rates nothing


def test_a_claim_short_form_longer_than_75_characters_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("x", "reached 96%", extra="claim_short: " + "x" * 76))
    run = mkdocs_build(tmp_path)
    assert run.returncode != 0 and "annotations/s.yml:" in run.stderr and "claim_short" in run.stderr


def test_the_methodology_maps_verdicts_to_rating_values(built: Path) -> None:
    doc = BeautifulSoup((built / "methodology" / "index.html").read_text("utf-8"), "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in doc.select("table.fc-ratings tbody tr")]
    assert rows == [[f"{v.icon} {v.label}", str(v.rating)] for v in SCALE]


# ---- the claim page and its sharing tools -----------------------------------------------
def test_claim_page_labels_the_clinics_claim_and_gives_our_finding(built: Path) -> None:
    doc = BeautifulSoup((built / "claims" / "clinic" / "safe" / "index.html").read_text("utf-8"), "html.parser")
    head = doc.select_one(".fc-claim-head")
    assert head.select_one(".fc-verdict-line").get_text(" ", strip=True) == "Our verdict ✗ Inaccurate"
    assert head.h1.get_text(" ", strip=True) == f"Our verdict ✗ Inaccurate What the clinic claims: {LONG_CLAIM}"
    assert head.select_one(".fc-finding").get_text(" ", strip=True) == "Our finding: The page gives no evidence for this."
    note = BeautifulSoup((built / "claims" / "clinic" / "cells" / "index.html").read_text("utf-8"), "html.parser")
    words = note.select_one(".fc-claim-head").get_text(" ", strip=True)
    assert "Our verdict" not in words and "not a verdict" in words


def test_sharing_tools_name_their_claim(built: Path) -> None:
    doc = BeautifulSoup((built / "sources" / "clinic" / "index.html").read_text("utf-8"), "html.parser")
    buttons = doc.select("#safe .fc-share button")
    assert [b.get_text() for b in buttons] == ["Copy link", "Copy for a forum"]
    for b in buttons:  # the visible words start the accessible name, which names the claim
        assert b["aria-label"].startswith(b.get_text()) and LONG_CLAIM[:40] in b["aria-label"]


def test_the_clinics_live_page_link_finds_the_quote() -> None:
    url = text_fragment_url("https://clinic.example.net/sci#top", "the improvement rate, co-operative & fast")
    assert url == "https://clinic.example.net/sci#:~:text=the%20improvement%20rate%2C%20co%2Doperative%20%26%20fast"
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    start, end = url_parts(text_fragment_url("https://c.net/p", long))
    assert (start, end) == ("one two three four five", "nine ten eleven twelve thirteen")


def url_parts(url: str) -> list[str]:
    return [unquote(p) for p in url.split("#:~:text=")[1].split(",")]


def test_the_live_page_link_is_on_cards_and_claim_pages(built: Path) -> None:
    for page in (built / "sources" / "clinic" / "index.html", built / "claims" / "clinic" / "rate" / "index.html"):
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        link = doc.select_one(".fc-live") if "claims" in str(page) else doc.select_one("#rate .fc-live")
        assert link["href"].startswith("https://clinic.example.net/sci#:~:text=")
        assert "noreferrer" in link["rel"] and "nofollow" in link["rel"]
        assert url_parts(link["href"]) == ["the improvement rate of patients has reached 96%"]


HOSTILE = "*Cured* <script>alert(1)</script> [click](javascript:alert(1)) ~~100%~~ 2^10 | # _all_ `code`"


def commonmark(text: str) -> str:
    return MarkdownIt("commonmark").render(text)  # the parser Discourse is built on


def github_flavoured(text: str) -> str:
    # CommonMark with tables, strikethrough and autolinks, as Reddit's Markdown has them
    return cmarkgfm.github_flavored_markdown_to_html(text)


@pytest.mark.parametrize("render", [commonmark, github_flavoured], ids=["commonmark", "gfm"])
@pytest.mark.parametrize("quote", ["the improvement rate of patients has reached 96%", HOSTILE, "1. Results are permanent",
                                   "- no risk", "> 90% walk again", "Cured | Safe | Proven"])
def test_the_forum_snippet_renders_as_meant(quote: str, render) -> None:
    snippet = forum_snippet(quote=quote, publisher="Clinic [Beijing]", verdict_label="Inaccurate",
                            finding_text="No trial supports *this*.", link=SITE + "claims/c/x/")
    doc = BeautifulSoup(render(snippet), "html.parser")
    assert doc.blockquote.get_text(strip=True) == quote  # the clinic's words, as a quote, literally
    assert not doc.blockquote.find(["a", "em", "strong", "code", "script", "ol", "ul", "h1", "del", "blockquote",
                                    "table", "sup"])
    assert doc.strong.get_text() == "Our verdict: Inaccurate."
    assert "Clinic [Beijing]" in doc.get_text() and "No trial supports *this*." in doc.get_text()
    assert [a["href"] for a in doc.select("a")] == [SITE + "claims/c/x/"]
    assert len(snippet) < 700


def test_first_sentence_is_our_finding() -> None:
    assert first_sentence("Correct. But see below.") == "Correct."
    assert first_sentence("Trials (e.g. Dr. Lee's) found none. More.") == "Trials (e.g. Dr. Lee's) found none."


# ---- preview images ---------------------------------------------------------------------
def test_verdict_colours_are_the_sites_colours() -> None:
    css = (ROOT / "docs" / "assets" / "factcheck.css").read_text("utf-8")
    for v in (*SCALE, NOTE):
        assert re.search(rf"--fc-{v.id}:\s*{v.colour};", css), v.id


def card(**changes) -> PreviewCard:
    fields = dict(verdict_label="Inaccurate", verdict_id="inaccurate", colour="#a8231b",
                  clinic_label="The clinic says", clinic_words="Completely safe and effective.",
                  finding_label="Our finding", finding="Serious harms have been reported.", site_name="Checks")
    return PreviewCard(**{**fields, **changes})


def test_preview_images_are_cached_by_what_they_show(tmp_path: Path) -> None:
    first = cached_png(card(), tmp_path)
    stamp = first.stat().st_mtime_ns
    assert cached_png(card(), tmp_path) == first and first.stat().st_mtime_ns == stamp  # not drawn again
    assert cached_png(card(finding="Another finding."), tmp_path) != first
    assert len(list(tmp_path.glob("*.png"))) == 2 and not list(tmp_path.glob("*.tmp"))


def test_an_unchanged_site_draws_no_image_on_the_next_build(tmp_path: Path) -> None:
    project_with_claims(tmp_path)
    assert mkdocs_build(tmp_path).returncode == 0
    cache = tmp_path / ".cache" / "previews"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")}
    assert len(before) == 4  # three claims, one source
    assert mkdocs_build(tmp_path).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")} == before


def test_a_findings_own_line_leads_the_claim_page_and_the_preview_instead_of_the_first_sentence(
        tmp_path: Path, repo) -> None:
    from .conftest import render_site

    repo.source("clinic", PAGE)
    repo.annotations("clinic", ann("rate", "the improvement rate of patients has reached 96%", verdict="misleading",
                                   extra="finding: No study shows that 96% improve.").replace(
        "comment: A comment.", "comment: 'To its credit, the page gives a date. But no study is named.'"))
    renderer = render_site(repo.root, tmp_path / "site")
    html = (tmp_path / "site" / "claims" / "clinic" / "rate" / "index.html").read_text("utf-8")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.select_one(".fc-finding").get_text(" ", strip=True) == "Our finding: No study shows that 96% improve."
    description = doc.select_one('meta[property="og:description"]')["content"]
    assert description == "Misleading. No study shows that 96% improve."
    [entry] = renderer.entries.values()
    assert entry.finding == "No study shows that 96% improve."
